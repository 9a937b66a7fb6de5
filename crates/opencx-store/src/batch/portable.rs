//! The batch writer over sqlx, for PostgreSQL (and SQLite when its own writer is off): multi-row
//! statements of a few fixed sizes, so each batch is a handful of round trips.

use std::collections::HashMap;

use opencx_domain::zone::Zone;
use sqlx::{AssertSqlSafe, Row};

use super::plan::{SurveyState, plan_batch};
use super::tables::write_tables;
use crate::responses::{BatchOutcome, Bind, KeyedResponse, NewResponse, bind_all, statement_rows};
use crate::{Backend, Store, StoreResult};

impl Store {
    /// [`Store::insert_batch`] through sqlx.
    pub(super) async fn insert_batch_portable(
        &self,
        items: &[NewResponse],
        now_ms: i64,
    ) -> StoreResult<Vec<BatchOutcome>> {
        let mut tx = self.begin_write().await?;

        // Lock the surveys of the batch (in id order, so concurrent batches cannot deadlock) and
        // read their state. A no-op UPDATE is the portable way to take a row lock.
        let mut survey_ids: Vec<i64> = items.iter().map(|i| i.survey_id).collect();
        survey_ids.sort_unstable();
        survey_ids.dedup();
        let mut surveys: HashMap<i64, SurveyState> = HashMap::new();
        for id in &survey_ids {
            if let Some(row) = sqlx::query(
                "UPDATE surveys SET response_count = response_count WHERE id = $1 RETURNING status, response_count, response_quota",
            )
            .bind(*id)
            .fetch_optional(&mut *tx)
            .await?
            {
                // Read after the lock is held, by a statement of its own: on PostgreSQL it then
                // sees a zone changed by a rebuild that held the lock before (which a subquery
                // of the locking statement, with that statement's older snapshot, would not).
                let zone: String = sqlx::query(
                    "SELECT w.time_zone FROM surveys s JOIN workspaces w ON w.id = s.workspace_id WHERE s.id = $1",
                )
                .bind(*id)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                surveys.insert(
                    *id,
                    SurveyState {
                        status: row.try_get("status")?,
                        count: row.try_get("response_count")?,
                        quota: row.try_get("response_quota")?,
                        zone: Zone::from_stored(&zone),
                    },
                );
            }
        }

        // Keys already stored, with their fingerprints.
        let mut known: HashMap<(i64, String), KeyedResponse> = HashMap::new();
        for survey_id in &survey_ids {
            let keys: Vec<&str> = items
                .iter()
                .filter(|i| i.survey_id == *survey_id)
                .map(|i| i.idempotency_key.as_str())
                .collect();
            let mut rest = keys.as_slice();
            while !rest.is_empty() {
                let (chunk, tail) = rest.split_at(statement_rows(rest.len(), 1));
                rest = tail;
                let sql = format!(
                    "SELECT idempotency_key, id, payload_fingerprint FROM responses WHERE survey_id = {} AND idempotency_key IN {}",
                    if self.backend() == Backend::Sqlite {
                        "?"
                    } else {
                        "$1"
                    },
                    self.backend().row_placeholders(1, chunk.len())
                );
                let mut values = vec![Bind::Int(*survey_id)];
                values.extend(chunk.iter().map(|k| Bind::Text((*k).to_owned())));
                for row in bind_all(sqlx::query(AssertSqlSafe(sql)), values)
                    .fetch_all(&mut *tx)
                    .await?
                {
                    known.insert(
                        (*survey_id, row.try_get("idempotency_key")?),
                        KeyedResponse {
                            id: row.try_get("id")?,
                            fingerprint: row.try_get("payload_fingerprint")?,
                        },
                    );
                }
            }
        }

        let plan = plan_batch(items, &surveys, known, || self.next_id(now_ms));
        write_tables(self.backend(), &mut tx, plan.tables()).await?;
        for update in &plan.survey_updates {
            if let Some(total) = update.new_count {
                sqlx::query("UPDATE surveys SET response_count = $1 WHERE id = $2")
                    .bind(total)
                    .bind(update.survey_id)
                    .execute(&mut *tx)
                    .await?;
            }
            if update.close {
                sqlx::query(
                    "UPDATE surveys SET status = 'closed', closed_at = $1, closed_reason = 'quota', updated_at = $1 WHERE id = $2",
                )
                .bind(now_ms)
                .bind(update.survey_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(plan.outcomes)
    }
}
