//! The batch writer over sqlx, for PostgreSQL (and SQLite when its own writer is off): multi-row
//! statements of a few fixed sizes, so each batch is a handful of round trips.

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, Row};

use super::plan::{SurveyState, plan_batch};
use crate::responses::{
    BatchOutcome, Bind, KeyedResponse, NewResponse, bind_all, insert_rows, statement_rows,
};
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
                surveys.insert(
                    *id,
                    SurveyState {
                        status: row.try_get("status")?,
                        count: row.try_get("response_count")?,
                        quota: row.try_get("response_quota")?,
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
        let backend = self.backend();
        let rows = plan.responses.iter().map(|row| {
            vec![
                Bind::Int(row.id),
                Bind::Int(row.item.workspace_id),
                Bind::Int(row.item.survey_id),
                Bind::Int(row.item.survey_version),
                Bind::Text(row.item.idempotency_key.clone()),
                Bind::Int(row.item.submitted_at),
                Bind::Int(row.day),
                Bind::Text(row.item.language.clone()),
                Bind::Text(row.item.channel.clone()),
                Bind::Text(row.dimensions.clone()),
                Bind::Text(row.fingerprint.clone()),
            ]
        });
        insert_rows(
            backend,
            &mut tx,
            "responses (id, workspace_id, survey_id, survey_version, idempotency_key, submitted_at, day, language, channel, dimensions, payload_fingerprint)",
            "",
            11,
            rows.collect(),
        )
        .await?;
        let rows = plan.answers.iter().map(|row| {
            vec![
                Bind::Int(row.response_id),
                Bind::Text(row.answer.question_id.clone()),
                Bind::Int(row.survey_id),
                Bind::OptInt(row.answer.number),
                Bind::OptText(row.answer.text.clone()),
            ]
        });
        insert_rows(
            backend,
            &mut tx,
            "answers (response_id, question_id, survey_id, num_value, text_value)",
            "",
            5,
            rows.collect(),
        )
        .await?;
        let rows = plan.dimensions.iter().map(|row| {
            vec![
                Bind::Int(row.response_id),
                Bind::Int(row.survey_id),
                Bind::Text(row.key.to_owned()),
                Bind::Text(row.value.to_owned()),
            ]
        });
        insert_rows(
            backend,
            &mut tx,
            "response_dimensions (response_id, survey_id, key, value)",
            "",
            4,
            rows.collect(),
        )
        .await?;
        let rows = plan
            .text_queue
            .iter()
            .map(|(response, question)| vec![Bind::Int(*response), Bind::Text((*question).into())]);
        insert_rows(
            backend,
            &mut tx,
            "text_queue (response_id, question_id)",
            "",
            2,
            rows.collect(),
        )
        .await?;
        let rows = plan
            .day_rollups
            .iter()
            .map(|((survey, question, day, bucket), count)| {
                vec![
                    Bind::Int(*survey),
                    Bind::Text((*question).to_owned()),
                    Bind::Int(*day),
                    Bind::Text((*bucket).to_owned()),
                    Bind::Int(*count),
                ]
            });
        insert_rows(
            backend,
            &mut tx,
            "answer_day_rollups (survey_id, question_id, day, bucket, count)",
            "ON CONFLICT (survey_id, question_id, day, bucket) DO UPDATE SET count = answer_day_rollups.count + excluded.count",
            5,
            rows.collect(),
        )
        .await?;
        let rows = plan.segment_rollups.iter().map(
            |((survey, question, day, channel, language, bucket), count)| {
                vec![
                    Bind::Int(*survey),
                    Bind::Text((*channel).to_owned()),
                    Bind::Text((*language).to_owned()),
                    Bind::Text((*question).to_owned()),
                    Bind::Int(*day),
                    Bind::Text((*bucket).to_owned()),
                    Bind::Int(*count),
                ]
            },
        );
        insert_rows(
            backend,
            &mut tx,
            "answer_segment_rollups (survey_id, channel, language, question_id, day, bucket, count)",
            "ON CONFLICT (survey_id, channel, language, question_id, day, bucket) \
             DO UPDATE SET count = answer_segment_rollups.count + excluded.count",
            7,
            rows.collect(),
        )
        .await?;
        let rows = plan.response_rollups.iter().map(
            |((survey, day, channel, language), (started, completed))| {
                vec![
                    Bind::Int(*survey),
                    Bind::Int(*day),
                    Bind::Text((*channel).to_owned()),
                    Bind::Text((*language).to_owned()),
                    Bind::Int(*started),
                    Bind::Int(*completed),
                ]
            },
        );
        insert_rows(
            backend,
            &mut tx,
            "response_rollups (survey_id, day, channel, language, started, completed)",
            "ON CONFLICT (survey_id, day, channel, language) DO UPDATE SET started = response_rollups.started + excluded.started, \
             completed = response_rollups.completed + excluded.completed",
            6,
            rows.collect(),
        )
        .await?;
        let rows = plan.dimension_rollups.iter().map(
            |((survey, key, value, question, day, bucket), count)| {
                vec![
                    Bind::Int(*survey),
                    Bind::Text((*key).to_owned()),
                    Bind::Text((*value).to_owned()),
                    Bind::Text((*question).to_owned()),
                    Bind::Int(*day),
                    Bind::Text(bucket.clone()),
                    Bind::Int(*count),
                ]
            },
        );
        insert_rows(
            backend,
            &mut tx,
            "answer_dimension_rollups (survey_id, dim_key, dim_value, question_id, day, bucket, count)",
            "ON CONFLICT (survey_id, dim_key, question_id, dim_value, bucket, day) \
             DO UPDATE SET count = answer_dimension_rollups.count + excluded.count",
            7,
            rows.collect(),
        )
        .await?;
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
