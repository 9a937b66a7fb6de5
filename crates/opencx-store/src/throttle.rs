//! Sign-in attempts counted per key (an email or a client address) in fixed windows, in the
//! `sign_in_attempts` table: the count survives restarts and is shared by every server over the
//! same database. The same SQL serves SQLite and PostgreSQL (`INSERT … ON CONFLICT … RETURNING`).

use sqlx::Row;

use crate::{Store, StoreResult};

/// Counts one attempt in a key's window, starting a new window when the current one is older
/// than the cut-off (`$3`); answers the window's start and its count. The `CASE`s read the row
/// as it was before the update, on both backends.
const COUNT_ATTEMPT: &str = "INSERT INTO sign_in_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
     ON CONFLICT (key) DO UPDATE SET \
     attempts = CASE WHEN sign_in_attempts.window_start <= $3 THEN 1 ELSE sign_in_attempts.attempts + 1 END, \
     window_start = CASE WHEN sign_in_attempts.window_start <= $3 THEN $2 ELSE sign_in_attempts.window_start END \
     RETURNING window_start, attempts";

impl Store {
    /// Counts an attempt for each `(key, limit)`, all or nothing: when a key's window already
    /// holds `limit` attempts, nothing is counted and the answer is `Ok(Err(ms))`, the time until
    /// that window ends. One transaction: attempts made at the same moment, on any server, are
    /// counted one after the other (the row is locked until commit), so none slips through.
    pub async fn count_attempts(
        &self,
        keys: &[(&str, u32)],
        now_ms: i64,
        window_ms: i64,
    ) -> StoreResult<Result<(), i64>> {
        let mut tx = self.pool().begin().await?;
        let mut wait: Option<i64> = None;
        for (key, limit) in keys {
            let row = sqlx::query(COUNT_ATTEMPT)
                .bind(*key)
                .bind(now_ms)
                .bind(now_ms - window_ms)
                .fetch_one(&mut *tx)
                .await?;
            let start: i64 = row.try_get("window_start")?;
            let attempts: i64 = row.try_get("attempts")?;
            if attempts > i64::from(*limit) {
                let left = start + window_ms - now_ms;
                wait = Some(wait.map_or(left, |w| w.max(left)));
            }
        }
        match wait {
            Some(wait) => {
                // A refused attempt is not counted: the window ends when it would have.
                tx.rollback().await?;
                Ok(Err(wait))
            }
            None => {
                tx.commit().await?;
                Ok(Ok(()))
            }
        }
    }

    /// Forgets a key's attempts (a successful sign-in starts its email afresh).
    pub async fn forget_attempts(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_in_attempts WHERE key = $1")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Gives one attempt back to a key (a successful sign-in from a client address).
    pub async fn give_back_attempt(&self, key: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0",
        )
        .bind(key)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Deletes counts whose window started at or before `before_ms`; returns how many.
    pub async fn delete_old_attempts(&self, before_ms: i64) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sign_in_attempts WHERE window_start <= $1")
            .bind(before_ms)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
