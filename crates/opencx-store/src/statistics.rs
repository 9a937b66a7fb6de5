//! PostgreSQL's planner statistics of the server's tables, gathered by the server itself when
//! they have fallen behind the rows.
//!
//! PostgreSQL plans from statistics that `ANALYZE` gathers; autovacuum runs it once a table's
//! rows have changed by 50 + 10% since the last time. Where autovacuum is off, or has not come
//! round yet after a large import, a table of 600,000 responses is planned as if it held a few
//! hundred: a page of a survey's responses was then read by scanning all of the survey's
//! 100,000 and sorting them (70–150 ms) instead of walking its index (under 1 ms). Decision 0035
//! made the statements that run per batch independent of statistics; this keeps the statistics
//! current for the others (decision 0040). SQLite plans without gathered statistics, so there
//! nothing is done.

use std::time::Duration;

use sqlx::Row;

use crate::{Backend, Store, StoreResult};

/// How often the server looks for tables whose statistics have fallen behind.
pub const STATISTICS_EVERY: Duration = Duration::from_secs(60);

impl Store {
    /// On PostgreSQL, runs `ANALYZE` on each table of the current schema whose rows changed
    /// by more than autovacuum's default threshold (50 rows and 10% of the rows it last
    /// counted) since its statistics were last gathered, by autovacuum or by anyone, unless that
    /// was in the last two minutes (autovacuum may be on its way). Returns the tables analysed,
    /// none on SQLite.
    pub async fn refresh_statistics(&self) -> StoreResult<Vec<String>> {
        if self.backend != Backend::Postgres {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT s.relname::text FROM pg_stat_user_tables s \
             JOIN pg_class c ON c.oid = s.relid \
             WHERE s.schemaname = current_schema() \
             AND s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0) \
             AND COALESCE(GREATEST(s.last_analyze, s.last_autoanalyze), 'epoch') \
                 < now() - interval '2 minutes' \
             ORDER BY s.relname",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut analysed = Vec::with_capacity(rows.len());
        for row in rows {
            let table: String = row.try_get(0)?;
            // The name comes from the catalogue; quoted all the same.
            let quoted = format!("\"{}\"", table.replace('"', "\"\""));
            sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {quoted}")))
                .execute(&self.pool)
                .await?;
            analysed.push(table);
        }
        Ok(analysed)
    }

    /// On PostgreSQL, runs [`Store::refresh_statistics`] now and every [`STATISTICS_EVERY`] in
    /// a background task, until the store is closed. Nothing on SQLite.
    pub fn spawn_statistics_refresh(&self) {
        if self.backend != Backend::Postgres {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(STATISTICS_EVERY);
            loop {
                tick.tick().await;
                if store.pool.is_closed() {
                    return;
                }
                match store.refresh_statistics().await {
                    Ok(tables) if tables.is_empty() => {}
                    Ok(tables) => tracing::debug!(?tables, "gathered planner statistics"),
                    Err(error) => {
                        // A database user that does not own the tables may not analyse them:
                        // say so once, and leave it to autovacuum.
                        tracing::warn!(
                            %error,
                            "could not gather planner statistics; leaving it to autovacuum"
                        );
                        return;
                    }
                }
            }
        });
    }
}
