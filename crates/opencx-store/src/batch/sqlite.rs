//! SQLite's own batch writer: one connection of its own, driven synchronously through SQLite's C
//! API, with one prepared statement per table reused row after row.
//!
//! Through sqlx every statement is a round trip to the connection's worker thread, and a batch is
//! about ten of them; under load each hop waits for a core the HTTP tasks share, and the writer —
//! the one serial part of intake — spent most of its time waiting (see docs/BENCHMARKS.md). Here
//! the whole batch, from `BEGIN IMMEDIATE` to the commit, runs on one blocking thread without a
//! hop. What is written is decided by the same [`plan_batch`] as on PostgreSQL.

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use opencx_domain::zone::Zone;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::journal::JournalSums;
use super::plan::{SurveyState, plan_batch};
use super::tables::TableRows;
use crate::ids::IdGenerator;
use crate::responses::{BatchOutcome, KeyedResponse, NewResponse};
use crate::{StoreError, StoreResult};

/// The connection the SQLite batch writer owns.
pub(crate) struct SqliteWriter {
    connection: Mutex<Connection>,
    /// Makes committed batches durable, apart from the write lock (see [`WalSync`]).
    wal: WalSync,
}

impl SqliteWriter {
    /// Opens the database file (already created and migrated by the pool) with the same
    /// settings as the pool's connections: WAL, a full fsync at each commit, foreign keys.
    /// One difference: this connection checkpoints the WAL only past 10,000 pages (the pool's
    /// connections at SQLite's default 1,000), so that the checkpoints, which run inside the
    /// commit that crosses the threshold, fall to other connections instead of intake's: the
    /// server's journal folder checkpoints after every fold that found rows
    /// (`Store::checkpoint_log`), and the text analyser's commits cross the lower threshold. On
    /// a server with no other writes the WAL still stops at about 40 MB (measured 44 MB during
    /// 60 s of intake at 10 k/s). Commit p90 went from 2.4 to 1.8 ms.
    ///
    /// And one more: its commits do not wait for the disk (`synchronous = NORMAL`); the batch
    /// is made durable afterwards by [`SqliteWriter::sync`], outside the write lock, before any
    /// response of it is acknowledged (decision record 0023).
    pub(crate) fn open(path: &Path) -> StoreResult<Self> {
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_handler(Some(wait_for_the_write_lock))?;
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384; \
             PRAGMA wal_autocheckpoint = 10000",
        )?;
        connection.set_prepared_statement_cache_capacity(32);
        Ok(Self {
            connection: Mutex::new(connection),
            wal: WalSync::new(wal_path(path)),
        })
    }

    /// Returns once the batch that [`SqliteWriter::insert_batch`] numbered `commit` is on
    /// disk. Blocks: call it from a blocking thread.
    pub(crate) fn sync(&self, commit: u64) -> StoreResult<()> {
        self.wal.sync(commit).map_err(|error| {
            StoreError::Sqlite(format!(
                "the write-ahead log could not be flushed to disk: {error}"
            ))
        })
    }

    /// [`crate::Store::write_batch`] on SQLite: commits the batch and returns what happened to
    /// each response with the number to pass to [`SqliteWriter::sync`], which must return
    /// before any of them is acknowledged. Blocks: call it from a blocking thread.
    pub(crate) fn insert_batch(
        &self,
        items: &[NewResponse],
        now_ms: i64,
        ids: &IdGenerator,
    ) -> StoreResult<(Vec<BatchOutcome>, u64)> {
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
        insert_tables(&tx, plan.tables())?;
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
        // Numbered while the connection is still held: a number is only handed out once its
        // batch is in the log, so a flush that starts after reading it covers that batch.
        let commit = self.wal.committed();
        drop(connection);
        tracing::debug!(
            size = items.len(),
            locked_us,
            read_us,
            planned_us,
            written_us,
            committed_us = started.elapsed().as_micros(),
            "SQLite batch committed (times since the start of the batch)"
        );
        Ok((plan.outcomes, commit))
    }
}

impl SqliteWriter {
    /// [`crate::Store::fold_journal`] on SQLite: takes every journal row and adds it to the
    /// rollup tables and `response_dimensions`, in one transaction on this connection. Returns
    /// the rows folded. Blocks: call it from a blocking thread.
    ///
    /// Through sqlx the fold was a round trip to the pool's worker thread per statement, each
    /// waiting for a core the HTTP tasks share, all while it held the write lock: a fold of 50 ms
    /// of intake held it 5–10 ms, and intake's batches waited behind it for a fifth of the
    /// writer's time (docs/BENCHMARKS.md). Here it runs without a hop, and intake's batches
    /// queue for this connection instead of polling for the lock.
    ///
    /// The commit does not wait for the disk (`synchronous = NORMAL`, like every commit here):
    /// the rollups are derived from rows already durable, and the log is flushed in order, so
    /// the first batch flushed after this fold makes it durable too; a power loss before that
    /// undoes the fold and keeps its journal rows.
    pub(crate) fn fold_journal(&self) -> StoreResult<u64> {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // A read first, without the write lock: most calls (every read of figures) find nothing.
        let pending = connection
            .prepare_cached("SELECT 1 FROM rollup_pending LIMIT 1")?
            .query_row([], |_| Ok(()))
            .optional()?;
        if pending.is_none() {
            return Ok(0);
        }
        let started = Instant::now();
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut sums = JournalSums::default();
        {
            let mut take =
                tx.prepare_cached("DELETE FROM rollup_pending RETURNING survey_id, increments")?;
            let mut rows = take.query([])?;
            while let Some(row) = rows.next()? {
                let increments: String = row.get(1)?;
                sums.add(row.get(0)?, &increments)?;
            }
        }
        for plan in sums.plans() {
            insert_tables(&tx, plan.folded_tables())?;
        }
        let folded = sums.rows();
        tx.commit()?;
        tracing::debug!(
            rows = folded,
            micros = started.elapsed().as_micros() as u64,
            "SQLite rollup journal folded"
        );
        Ok(folded)
    }
}

/// Inserts the rows of `tables` inside `tx`, one prepared statement per table reused row after
/// row.
fn insert_tables(tx: &rusqlite::Transaction<'_>, tables: Vec<TableRows<'_>>) -> StoreResult<()> {
    for table in tables {
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
    Ok(())
}

/// The write-ahead log file of the database at `path`.
fn wal_path(path: &Path) -> PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

/// Group flush of the write-ahead log, apart from the write lock.
///
/// With `synchronous = FULL` SQLite calls `fdatasync` on the log inside every commit, while the
/// write lock is held: the next batch could not start before the disk answered, and that wait
/// was about a third of the writer's time (docs/BENCHMARKS.md). The writer now commits with
/// `synchronous = NORMAL` — the log is written, not flushed — and each batch is flushed here
/// before its responses are acknowledged, while the next batch is already being written. One
/// flush covers every batch committed before it started, so batches that wait together share
/// one. The log is the only file a commit writes in WAL mode; checkpoints, which write the
/// database file, still flush both files themselves at `NORMAL`.
struct WalSync {
    path: PathBuf,
    /// Batches committed so far (the last one's number).
    committed: AtomicU64,
    /// The log file (opened at the first flush, reopened if SQLite made a new one) and the
    /// number of the last batch known to be on disk. Held during a flush, so that waiting
    /// batches then find themselves covered.
    state: Mutex<(Option<File>, u64)>,
}

impl WalSync {
    fn new(path: PathBuf) -> Self {
        Self {
            path,
            committed: AtomicU64::new(0),
            state: Mutex::new((None, 0)),
        }
    }

    /// Numbers a batch just committed.
    fn committed(&self) -> u64 {
        self.committed.fetch_add(1, Ordering::AcqRel) + 1
    }

    fn sync(&self, commit: u64) -> std::io::Result<()> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (file, synced) = &mut *state;
        if *synced >= commit {
            return Ok(());
        }
        // Every batch numbered up to here is in the log: this flush covers them all.
        let covered = self.committed.load(Ordering::Acquire);
        // SQLite keeps the log file while a connection is open (this writer's always is), but
        // should it ever have made a new one, flush that one: compare the open file with the
        // file at the path.
        let current = std::fs::metadata(&self.path)?;
        let reopen = match file {
            Some(open) => {
                let open = open.metadata()?;
                (open.dev(), open.ino()) != (current.dev(), current.ino())
            }
            None => true,
        };
        if reopen {
            *file = Some(File::open(&self.path)?);
        }
        if let Some(open) = file {
            open.sync_data()?;
        }
        *synced = covered;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own under the system's temporary folder, removed afterwards.
    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str) -> Self {
            let path = std::env::temp_dir().join(format!("opencx-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn inode(file: &File) -> u64 {
        file.metadata().unwrap().ino()
    }

    #[test]
    fn a_flush_covers_every_batch_committed_before_it() {
        let folder = Folder::new("wal-sync-covers");
        let log = folder.0.join("db-wal");
        std::fs::write(&log, b"frames").unwrap();
        let wal = WalSync::new(log);
        let (first, second) = (wal.committed(), wal.committed());
        assert_eq!((first, second), (1, 2));
        wal.sync(first).unwrap();
        // Both were in the log when the flush started: the second needs no flush of its own.
        assert_eq!(wal.state.lock().unwrap().1, 2);
        let third = wal.committed();
        wal.sync(third).unwrap();
        assert_eq!(wal.state.lock().unwrap().1, 3);
    }

    #[test]
    fn a_new_log_file_is_the_one_flushed() {
        let folder = Folder::new("wal-sync-reopens");
        let log = folder.0.join("db-wal");
        std::fs::write(&log, b"frames").unwrap();
        let wal = WalSync::new(log.clone());
        wal.sync(wal.committed()).unwrap();
        let before = inode(wal.state.lock().unwrap().0.as_ref().unwrap());
        // SQLite deletes the log when its last connection closes and makes a new one later.
        std::fs::rename(&log, folder.0.join("old-wal")).unwrap();
        std::fs::write(&log, b"new frames").unwrap();
        wal.sync(wal.committed()).unwrap();
        let after = inode(wal.state.lock().unwrap().0.as_ref().unwrap());
        assert_ne!(before, after);
        assert_eq!(after, std::fs::metadata(&log).unwrap().ino());
    }

    #[test]
    fn a_missing_log_is_an_error_not_an_acknowledgement() {
        let folder = Folder::new("wal-sync-missing");
        let wal = WalSync::new(folder.0.join("db-wal"));
        assert!(wal.sync(wal.committed()).is_err());
    }
}
