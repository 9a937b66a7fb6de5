//! The group-committed batch insert of responses ([`Store::insert_batch`]).
//!
//! [`plan`] decides what a batch writes and [`tables`] spells it as rows of each table; its rollup
//! increments wait in the [`journal`] until they are folded into the rollup tables. Two
//! writers carry it out: [`portable`] through sqlx (PostgreSQL), and on SQLite [`sqlite`], a
//! connection of its own driven without the round trips sqlx's SQLite driver makes per
//! statement (decision record 0019).

mod journal;
mod moves;
mod plan;
mod portable;
mod recount;
mod sqlite;
mod tables;
mod zone_sql;

use std::sync::Arc;

pub use recount::{RECOUNT_CHUNK, RecountProgress, RecountStep};
pub(crate) use sqlite::SqliteWriter;
pub(crate) use zone_sql::local_ms_sql;

use crate::responses::{BatchOutcome, NewResponse};
use crate::{Store, StoreError, StoreResult};

impl Store {
    /// Stores a batch of responses in one transaction and says, for each, what happened.
    /// Nothing of the batch is visible before the commit; when this returns `Ok`, every
    /// `Inserted` response is durable. Accepts an owned batch (`Vec`, moved without copying)
    /// or a slice (copied).
    pub async fn insert_batch(
        &self,
        items: impl Into<Arc<[NewResponse]>>,
        now_ms: i64,
    ) -> StoreResult<Vec<BatchOutcome>> {
        self.write_batch(items, now_ms).await?.durable().await
    }

    /// Commits a batch like [`Store::insert_batch`], but may return before the commit is on
    /// disk: [`WrittenBatch::durable`] waits for that. Group commit calls this to write the
    /// next batch while the previous one is being flushed (on SQLite; on PostgreSQL the
    /// commit is durable when this returns). Until then the batch is visible to readers but
    /// must not be acknowledged.
    pub async fn write_batch(
        &self,
        items: impl Into<Arc<[NewResponse]>>,
        now_ms: i64,
    ) -> StoreResult<WrittenBatch> {
        let items: Arc<[NewResponse]> = items.into();
        match self.blocking_writer() {
            Some(writer) => tokio::task::spawn_blocking(move || writer.write_batch(&items, now_ms))
                .await
                .map_err(|error| StoreError::Sqlite(format!("the batch writer failed: {error}")))?,
            None => Ok(WrittenBatch {
                outcomes: self.insert_batch_portable(&items, now_ms).await?,
                flush: None,
            }),
        }
    }
}

impl Store {
    /// SQLite's batch writer, to be driven from a thread of the caller's own; `None` on
    /// PostgreSQL, whose writes are asynchronous.
    ///
    /// Through [`Store::write_batch`] a batch makes two hops through the async runtime: to a
    /// blocking thread and back, and the same again for its flush. Under load each hop waited
    /// in the runtime's queues behind the HTTP tasks, and the batch writer — intake's one serial
    /// part — spent about half of every batch waiting to run (docs/BENCHMARKS.md).
    pub fn blocking_writer(&self) -> Option<BlockingWriter> {
        self.sqlite_writer.as_ref().map(|writer| BlockingWriter {
            writer: writer.clone(),
            ids: self.ids.clone(),
        })
    }
}

/// SQLite's batch writer, for a thread of the caller's own (see [`Store::blocking_writer`]).
/// Every method blocks: never call one from an async task.
#[derive(Clone)]
pub struct BlockingWriter {
    writer: Arc<SqliteWriter>,
    ids: crate::IdGenerator,
}

impl BlockingWriter {
    /// [`Store::write_batch`], on the calling thread.
    pub fn write_batch(&self, items: &[NewResponse], now_ms: i64) -> StoreResult<WrittenBatch> {
        let (outcomes, commit) = self.writer.insert_batch(items, now_ms, &self.ids)?;
        Ok(WrittenBatch {
            outcomes,
            flush: Some((self.writer.clone(), commit)),
        })
    }
}

/// A committed batch (see [`Store::write_batch`]).
#[must_use = "a written batch is not durable before `durable` returns"]
pub struct WrittenBatch {
    outcomes: Vec<BatchOutcome>,
    /// On SQLite, the writer and the commit's number, still to be flushed.
    flush: Option<(Arc<SqliteWriter>, u64)>,
}

impl WrittenBatch {
    /// Waits until the batch is on disk and returns what happened to each response. An error
    /// means the disk did not confirm: the batch may or may not survive a power loss, so it
    /// must not be acknowledged (a retry with the same idempotency key finds it if it did).
    pub async fn durable(self) -> StoreResult<Vec<BatchOutcome>> {
        if let Some((writer, commit)) = self.flush {
            tokio::task::spawn_blocking(move || writer.sync(commit))
                .await
                .map_err(|error| StoreError::Sqlite(format!("the log flush failed: {error}")))??;
        }
        Ok(self.outcomes)
    }

    /// [`WrittenBatch::durable`], blocking the calling thread: never call it from an async
    /// task. Batches waiting together share one flush: call this in commit order, and each
    /// batch already covered by an earlier call's flush returns at once.
    pub fn wait_durable(self) -> StoreResult<Vec<BatchOutcome>> {
        if let Some((writer, commit)) = self.flush {
            writer.sync(commit)?;
        }
        Ok(self.outcomes)
    }
}
