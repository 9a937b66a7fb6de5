//! The batch writer over sqlx, for PostgreSQL (and SQLite when its own writer is off): multi-row
//! statements of a few fixed sizes, so each batch is a handful of round trips.

use std::collections::HashMap;

use opencx_domain::zone::Zone;
use sqlx::Row;

use super::plan::{SurveyState, plan_batch};
use super::tables::write_tables;
use crate::responses::{BatchOutcome, KeyedResponse, NewResponse};
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

        // Keys already stored, with their fingerprints: one statement per survey, its keys
        // as one JSON array, each looked up in the unique (survey, key) index. An `IN` list of
        // parameters was planned once per connection as a generic plan; before the table's
        // statistics caught up with a growing survey that plan scanned every response of the
        // survey and compared each with every key of the batch (3.8 s for 2,048 keys among
        // 35,000 responses), so intake slowed as a survey grew. A plain join was hashed over
        // the survey's responses in the same way (16 ms for 64 keys among 27,000); the
        // `LIMIT 1` (a key is unique in its survey) keeps the lateral subquery from being
        // flattened into such a join, so each key is one probe of the unique index (0.8 ms).
        // SQLite's `CROSS JOIN` fixes the same order (it would otherwise scan the survey's
        // responses and the keys inside).
        let mut known: HashMap<(i64, String), KeyedResponse> = HashMap::new();
        let lookup = match self.backend() {
            Backend::Postgres => {
                "SELECT r.idempotency_key, r.id, r.payload_fingerprint \
                 FROM json_array_elements_text($2::json) AS k(value) \
                 CROSS JOIN LATERAL (SELECT idempotency_key, id, payload_fingerprint FROM responses \
                 WHERE survey_id = $1 AND idempotency_key = k.value LIMIT 1) AS r"
            }
            Backend::Sqlite => {
                "SELECT r.idempotency_key, r.id, r.payload_fingerprint \
                 FROM json_each(?2) AS k CROSS JOIN responses AS r \
                 WHERE r.survey_id = ?1 AND r.idempotency_key = k.value"
            }
        };
        for survey_id in &survey_ids {
            let keys: Vec<&str> = items
                .iter()
                .filter(|i| i.survey_id == *survey_id)
                .map(|i| i.idempotency_key.as_str())
                .collect();
            let keys = serde_json::Value::from(keys).to_string();
            for row in sqlx::query(lookup)
                .bind(*survey_id)
                .bind(keys)
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

#[cfg(test)]
mod tests {
    use crate::responses::{BatchOutcome, NewAnswer, NewResponse};
    use crate::{DefinitionToStore, Store, StoreOptions};

    fn response(survey_id: i64, key: &str, nps: i64) -> NewResponse {
        NewResponse {
            workspace_id: 0,
            survey_id,
            survey_version: 1,
            idempotency_key: key.to_owned(),
            submitted_at: 1_800_000_000_000,
            language: "en".into(),
            channel: "link".into(),
            dimensions: Vec::new(),
            answers: vec![NewAnswer {
                question_id: "nps".into(),
                number: Some(nps),
                text: None,
                buckets: vec![nps.to_string()],
                analyse: false,
            }],
            counts_start: true,
        }
    }

    /// The portable writer's key lookup in its SQLite spelling (PostgreSQL's is exercised by
    /// the integration tests, where it is the only writer): a retry is found as a duplicate,
    /// a reused key with another payload as reused, among keys of another survey.
    #[tokio::test]
    async fn the_portable_writer_finds_keys_already_stored_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("p.db").display());
        let now = 1_800_000_000_000;
        let store = Store::open(&url, StoreOptions::default(), now)
            .await
            .unwrap();
        let workspace = store.create_workspace("w", "W", now).await.unwrap();
        let mut surveys = Vec::new();
        for slug in ["a", "b"] {
            let definition = DefinitionToStore {
                title: slug,
                json: "{}",
                response_quota: None,
            };
            let row = store
                .insert_survey(workspace.id, slug, &definition, now)
                .await
                .unwrap();
            store
                .publish_survey(workspace.id, row.id, now)
                .await
                .unwrap();
            surveys.push(row.id);
        }
        let with_workspace = |mut r: NewResponse| {
            r.workspace_id = workspace.id;
            r
        };
        let first: Vec<NewResponse> = (0..40)
            .map(|i| with_workspace(response(surveys[i % 2], &format!("k{i}"), 9)))
            .collect();
        let stored = store.insert_batch_portable(&first, now).await.unwrap();
        assert!(
            stored
                .iter()
                .all(|o| matches!(o, BatchOutcome::Inserted { .. }))
        );
        let again = vec![
            // The same response again, one with the key of another payload, a new one, and a
            // key of survey a sent to survey b (a different key there).
            first[3].clone(),
            with_workspace(response(surveys[0], "k4", 2)),
            with_workspace(response(surveys[0], "k40", 7)),
            with_workspace(response(surveys[1], "k0", 9)),
        ];
        let outcomes = store.insert_batch_portable(&again, now).await.unwrap();
        let id = |o: &BatchOutcome| match o {
            BatchOutcome::Inserted { id } => *id,
            other => panic!("{other:?}"),
        };
        assert_eq!(outcomes[0], BatchOutcome::Duplicate { id: id(&stored[3]) });
        assert_eq!(outcomes[1], BatchOutcome::KeyReused { id: id(&stored[4]) });
        assert!(matches!(outcomes[2], BatchOutcome::Inserted { .. }));
        assert!(
            matches!(outcomes[3], BatchOutcome::Inserted { .. }),
            "{outcomes:?}"
        );
        store.close().await;
    }
}
