//! The group-committed batch insert of responses ([`Store::insert_batch`]).
//!
//! [`plan`] decides what a batch writes and [`tables`] spells it as rows of each table; two
//! writers carry it out: [`portable`] through sqlx (PostgreSQL), and on SQLite [`sqlite`], a
//! connection of its own driven without the round trips sqlx's SQLite driver makes per
//! statement (decision record 0019).

mod plan;
mod portable;
mod rebuild;
mod sqlite;
mod tables;

use std::sync::Arc;

pub use rebuild::RebuildSummary;
pub(crate) use rebuild::local_ms_sql;
pub(crate) use sqlite::SqliteWriter;

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
        let items: Arc<[NewResponse]> = items.into();
        match &self.sqlite_writer {
            Some(writer) => {
                let (writer, ids) = (writer.clone(), self.ids.clone());
                tokio::task::spawn_blocking(move || writer.insert_batch(&items, now_ms, &ids))
                    .await
                    .map_err(|error| {
                        StoreError::Sqlite(format!("the batch writer failed: {error}"))
                    })?
            }
            None => self.insert_batch_portable(&items, now_ms).await,
        }
    }
}
