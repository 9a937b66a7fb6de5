//! SQLite's own batch writer: one connection of its own, driven synchronously through SQLite's C
//! API, with one prepared statement per table reused row after row.
//!
//! Through sqlx every statement is a round trip to the connection's worker thread, and a batch is
//! about ten of them; under load each hop waits for a core the HTTP tasks share, and the writer —
//! the one serial part of intake — spent most of its time waiting (see docs/BENCHMARKS.md). Here
//! the whole batch, from `BEGIN IMMEDIATE` to the commit, runs on one blocking thread without a
//! hop. What is written is decided by the same [`plan_batch`] as on PostgreSQL.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use opencx_domain::zone::Zone;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::plan::{SurveyState, plan_batch};
use crate::ids::IdGenerator;
use crate::responses::{BatchOutcome, KeyedResponse, NewResponse};
use crate::{StoreError, StoreResult};

/// The connection the SQLite batch writer owns.
pub(crate) struct SqliteWriter {
    connection: Mutex<Connection>,
}

impl SqliteWriter {
    /// Opens the database file (already created and migrated by the pool) with the same
    /// settings as the pool's connections: WAL, a full fsync at each commit, foreign keys.
    /// One difference: this connection checkpoints the WAL only past 10,000 pages (the pool's
    /// connections at SQLite's default 1,000), so that the checkpoints, which run inside the
    /// commit that crosses the threshold, mostly fall to the text analyser's commits instead of
    /// intake's; on a server with no other writes the WAL still stops at about 40 MB (measured
    /// 44 MB during 60 s of intake at 10 k/s). Commit p90 went from 2.4 to 1.8 ms.
    pub(crate) fn open(path: &Path) -> StoreResult<Self> {
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_handler(Some(wait_for_the_write_lock))?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384; \
             PRAGMA wal_autocheckpoint = 10000",
        )?;
        connection.set_prepared_statement_cache_capacity(32);
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// [`crate::Store::insert_batch`] on SQLite. Blocks: call it from a blocking thread.
    pub(crate) fn insert_batch(
        &self,
        items: &[NewResponse],
        now_ms: i64,
        ids: &IdGenerator,
    ) -> StoreResult<Vec<BatchOutcome>> {
        // A panic inside the transaction rolls it back as the stack unwinds, so a poisoned lock
        // still guards a consistent connection.
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // The write lock first: the reads below decide what is written.
        // Phase times, logged at debug level: where a batch's time goes (docs/BENCHMARKS.md).
        let started = Instant::now();
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let locked_us = started.elapsed().as_micros();

        let mut survey_ids: Vec<i64> = items.iter().map(|i| i.survey_id).collect();
        survey_ids.sort_unstable();
        survey_ids.dedup();
        let mut surveys: HashMap<i64, SurveyState> = HashMap::new();
        {
            // The workspace's zone in the same read: no query per response or per survey more.
            let mut read = tx.prepare_cached(
                "SELECT s.status, s.response_count, s.response_quota, w.time_zone FROM surveys s \
                 JOIN workspaces w ON w.id = s.workspace_id WHERE s.id = ?1",
            )?;
            for id in survey_ids {
                let state = read
                    .query_row([id], |row| {
                        Ok(SurveyState {
                            status: row.get(0)?,
                            count: row.get(1)?,
                            quota: row.get(2)?,
                            zone: Zone::from_stored(&row.get::<_, String>(3)?),
                        })
                    })
                    .optional()?;
                if let Some(state) = state {
                    surveys.insert(id, state);
                }
            }
        }

        let mut known: HashMap<(i64, String), KeyedResponse> = HashMap::new();
        {
            let mut read = tx.prepare_cached(
                "SELECT id, payload_fingerprint FROM responses WHERE survey_id = ?1 AND idempotency_key = ?2",
            )?;
            for item in items {
                let stored = read
                    .query_row(params![item.survey_id, item.idempotency_key], |row| {
                        Ok(KeyedResponse {
                            id: row.get(0)?,
                            fingerprint: row.get(1)?,
                        })
                    })
                    .optional()?;
                if let Some(stored) = stored {
                    known.insert((item.survey_id, item.idempotency_key.clone()), stored);
                }
            }
        }

        let read_us = started.elapsed().as_micros();
        let plan = plan_batch(items, &surveys, known, || ids.next(now_ms));
        let planned_us = started.elapsed().as_micros();
        for table in plan.tables() {
            let placeholders = (1..=table.width)
                .map(|n| format!("?{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO {} VALUES ({placeholders}) {}",
                table.head, table.tail
            ))?;
            for row in table.values.chunks(table.width) {
                insert.execute(rusqlite::params_from_iter(row))?;
            }
        }
        for update in &plan.survey_updates {
            if let Some(total) = update.new_count {
                tx.prepare_cached("UPDATE surveys SET response_count = ?1 WHERE id = ?2")?
                    .execute(params![total, update.survey_id])?;
            }
            if update.close {
                tx.prepare_cached(
                    "UPDATE surveys SET status = 'closed', closed_at = ?1, closed_reason = 'quota', \
                     updated_at = ?1 WHERE id = ?2",
                )?
                .execute(params![now_ms, update.survey_id])?;
            }
        }
        let written_us = started.elapsed().as_micros();
        tx.commit()?;
        tracing::debug!(
            size = items.len(),
            locked_us,
            read_us,
            planned_us,
            written_us,
            committed_us = started.elapsed().as_micros(),
            "SQLite batch committed (times since the start of the batch)"
        );
        Ok(plan.outcomes)
    }
}

/// Pause between two attempts at the write lock while another connection holds it.
const LOCK_RETRY: Duration = Duration::from_micros(100);
/// Attempts before giving up on the write lock (about ten seconds, the pool's busy timeout).
const LOCK_ATTEMPTS: i32 = 100_000;

/// The writer's busy handler. SQLite's own (`busy_timeout`) sleeps 1, 2, 5, 10, … up to 100 ms
/// between attempts, so a batch that finds the lock taken by a short transaction of the text
/// analyser slept on for milliseconds after it was free (measured: 7% of batches waited over
/// 1 ms, up to 54 ms, 27% of the writer's time). Intake retries every 100 µs instead.
fn wait_for_the_write_lock(attempt: i32) -> bool {
    if attempt >= LOCK_ATTEMPTS {
        return false;
    }
    std::thread::sleep(LOCK_RETRY);
    true
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Sqlite(error.to_string())
    }
}
