//! Moving a workspace's stored responses to their days in its new time zone, a chunk at a time
//! (decision record 0026).
//!
//! The rollups are derived data: every count is the number of stored answers (or responses) of
//! a survey, day and bucket, where a response's day is the one stored with it
//! (`responses.day`). [`Store::set_time_zone`] changes the zone at once — responses stored from
//! then on are counted on their days in the new zone — and records a recount (`zone_recounts`).
//! [`Store::recount_step`] then walks the workspace's responses, survey by survey in id order, a
//! chunk per transaction, and moves each whose stored day is not its day in the zone now in
//! force: its contribution is taken off the rollups of the old day and added to those of the new
//! one, and its stored day is changed, in the same transaction. So at every commit the rollups
//! are the sum over the stored responses by their stored day, and a response is never counted
//! twice or in no day. The walk's position is stored with each chunk, so a restarted server
//! goes on from there; a second change of zone starts the walk again towards the newest zone
//! (the responses already moved are moved again where their day differs).
//!
//! **Locks.** A chunk locks the recount's row, then the one survey it walks (as intake locks its
//! surveys, in id order), then touches that survey's rollup rows; a change of zone locks the
//! recount's row and then every survey of the workspace. So on PostgreSQL a batch of intake
//! either commits before the change (and its responses are walked) or waits and reads the new
//! zone, and no two of them wait for each other in a circle. On SQLite the one write lock orders
//! everything; a chunk holds it for a few milliseconds (measured in the decision record).
//!
//! **Starts.** A response sent through the API counted its start when it was stored, so its
//! start moves with it. A start on the respondent page was counted when the first screen was
//! saved, and only its day was kept (the partial response it came from is deleted after 30
//! days): those starts keep their date (day number).

use std::collections::HashMap;

use opencx_domain::survey::{Question, parse_definition};
use opencx_domain::zone::Zone;
use serde::Serialize;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use super::journal::fold_into_rollups;
use super::moves::{Moves, RollupTable, StoredAnswerRow, StoredResponse};
use super::tables::TableRows;
use super::zone_sql::{floor_day_sql, local_ms_sql};
use crate::responses::{Bind, bind_all, insert_rows, statement_rows};
use crate::text::in_list;
use crate::{Store, StoreError, StoreResult};

/// Responses looked at per transaction of a recount, by default: the write lock is held for a
/// few milliseconds per chunk (see decision record 0026).
pub const RECOUNT_CHUNK: i64 = 2_000;

/// Responses moved per transaction at most, per response looked at: moving one costs about as
/// much as looking at a hundred, so a chunk in which most responses move (a zone many hours
/// away) ends early instead of holding the write lock ten times longer.
const MOVES_PER_CHUNK: i64 = 8;

/// Ids bound per statement when reading answers and changing the stored day of moved responses.
const IDS_PER_STATEMENT: usize = 500;

/// What a chunk did.
struct Chunk {
    /// Responses looked at.
    walked: u64,
    /// The last one's id (where the next chunk starts).
    last: i64,
    /// Responses moved to another day.
    moved: u64,
    /// Whether the survey has no response left after `last`.
    survey_done: bool,
}

/// Where a workspace's recount has got to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecountProgress {
    /// Responses looked at so far (may pass `total` by the responses stored meanwhile).
    pub done: u64,
    /// The workspace's responses when the zone was changed.
    pub total: u64,
    /// Responses moved to another day so far.
    pub moved: u64,
}

impl RecountProgress {
    /// Responses looked at, at most `total` (for saying "N of M").
    pub fn shown_done(&self) -> u64 {
        self.done.min(self.total)
    }
}

/// What one step of a recount did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecountStep {
    /// A chunk was walked; the recount goes on.
    Walked(RecountProgress),
    /// The recount is over (or there was none).
    Finished,
}

impl Store {
    /// Sets a workspace's time zone and records a recount of its rollups under it, in one short
    /// transaction; [`Store::recount_step`] does the recount. A recount still under way starts
    /// again towards the new zone. `NotFound` when the workspace does not exist.
    pub async fn set_time_zone(
        &self,
        workspace_id: i64,
        zone: Zone,
        now_ms: i64,
    ) -> StoreResult<RecountProgress> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query("UPDATE workspaces SET time_zone = $1 WHERE id = $2")
            .bind(zone.name())
            .bind(workspace_id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        // The recount's row before the surveys, in the order a chunk takes them.
        sqlx::query(
            "INSERT INTO zone_recounts (workspace_id, survey_id, after_id, done, total, moved, started_at) \
             VALUES ($1, $2, $3, 0, 0, 0, $4) ON CONFLICT (workspace_id) DO UPDATE SET \
             survey_id = excluded.survey_id, after_id = excluded.after_id, done = 0, total = 0, \
             moved = 0, started_at = excluded.started_at",
        )
        .bind(workspace_id)
        .bind(i64::MIN)
        .bind(i64::MIN)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        // Lock the surveys in id order, as intake does: a batch either commits before (and is
        // walked) or waits and reads the new zone.
        let survey_ids: Vec<i64> =
            sqlx::query("SELECT id FROM surveys WHERE workspace_id = $1 ORDER BY id")
                .bind(workspace_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get(0))
                .collect::<Result<_, _>>()?;
        let mut total = 0i64;
        for id in &survey_ids {
            let count: i64 = sqlx::query(
                "UPDATE surveys SET response_count = response_count WHERE id = $1 RETURNING response_count",
            )
            .bind(*id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            total += count;
        }
        sqlx::query("UPDATE zone_recounts SET total = $1 WHERE workspace_id = $2")
            .bind(total)
            .bind(workspace_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(RecountProgress {
            done: 0,
            total: total.max(0) as u64,
            moved: 0,
        })
    }

    /// Where the recount of a workspace's rollups has got to; `None` when none is under way.
    pub async fn recount_progress(
        &self,
        workspace_id: i64,
    ) -> StoreResult<Option<RecountProgress>> {
        let row =
            sqlx::query("SELECT done, total, moved FROM zone_recounts WHERE workspace_id = $1")
                .bind(workspace_id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|row| progress_of(&row)).transpose()
    }

    /// The workspaces whose recount is under way (after a restart: to go on with).
    pub async fn pending_recounts(&self) -> StoreResult<Vec<i64>> {
        sqlx::query("SELECT workspace_id FROM zone_recounts ORDER BY workspace_id")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| row.try_get(0).map_err(StoreError::from))
            .collect()
    }

    /// Walks the next `chunk` responses of a workspace's recount in one transaction (or ends
    /// it when every survey has been walked). The moves are derived from durable data and
    /// written with the position, so the commit need not wait for the disk.
    pub async fn recount_step(&self, workspace_id: i64, chunk: i64) -> StoreResult<RecountStep> {
        let chunk = chunk.max(1);
        let mut tx = self.begin_derived_write().await?;
        // Locks the recount's row (a portable row lock, as intake takes its surveys').
        let Some(position) = sqlx::query(
            "UPDATE zone_recounts SET done = done WHERE workspace_id = $1 \
             RETURNING survey_id, after_id, done, total, moved",
        )
        .bind(workspace_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            tx.rollback().await?;
            return Ok(RecountStep::Finished);
        };
        let mut progress = progress_of(&position)?;
        let (at_survey, after): (i64, i64) = (
            position.try_get("survey_id")?,
            position.try_get("after_id")?,
        );
        let zone: String = sqlx::query("SELECT time_zone FROM workspaces WHERE id = $1")
            .bind(workspace_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let zone = Zone::from_stored(&zone);
        let survey: Option<i64> = sqlx::query(
            "SELECT id FROM surveys WHERE workspace_id = $1 AND id >= $2 ORDER BY id LIMIT 1",
        )
        .bind(workspace_id)
        .bind(at_survey)
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
        let Some(survey_id) = survey else {
            sqlx::query("DELETE FROM zone_recounts WHERE workspace_id = $1")
                .bind(workspace_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(RecountStep::Finished);
        };
        let after = if survey_id == at_survey {
            after
        } else {
            i64::MIN
        };
        sqlx::query("UPDATE surveys SET response_count = response_count WHERE id = $1")
            .bind(survey_id)
            .execute(&mut *tx)
            .await?;
        let Chunk {
            walked,
            last,
            moved,
            survey_done,
        } = self
            .move_chunk(&mut tx, survey_id, zone, (after, chunk))
            .await?;
        // The next step starts after `last`, or on the next survey.
        let (next_survey, next_after) = if survey_done {
            (survey_id.saturating_add(1), i64::MIN)
        } else {
            (survey_id, last)
        };
        sqlx::query(
            "UPDATE zone_recounts SET survey_id = $1, after_id = $2, done = done + $3, \
             moved = moved + $4 WHERE workspace_id = $5",
        )
        .bind(next_survey)
        .bind(next_after)
        .bind(walked as i64)
        .bind(moved as i64)
        .bind(workspace_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        progress.done += walked;
        progress.moved += moved;
        Ok(RecountStep::Walked(progress))
    }

    /// Recounts a workspace to the end, chunk after chunk without a pause (for a workspace
    /// nobody else writes to yet, such as the demo, and for tests and benchmarks).
    pub async fn recount_to_end(
        &self,
        workspace_id: i64,
        chunk: i64,
    ) -> StoreResult<RecountProgress> {
        let mut last = RecountProgress::default();
        while let RecountStep::Walked(progress) = self.recount_step(workspace_id, chunk).await? {
            last = progress;
        }
        Ok(last)
    }

    /// Moves the responses of `survey_id` after id `after` (at most `chunk`, of which at most
    /// `chunk / MOVES_PER_CHUNK` move) whose stored day is not their day in `zone`.
    async fn move_chunk(
        &self,
        tx: &mut Transaction<'static, Any>,
        survey_id: i64,
        zone: Zone,
        (after, chunk): (i64, i64),
    ) -> StoreResult<Chunk> {
        // The chunk's extent, counted inside the database: only the responses to move are
        // read back (a row read through the driver costs far more than one looked at in SQL,
        // and most responses keep their day).
        let extent = sqlx::query(
            "SELECT COUNT(*) AS walked, MAX(id) AS last, MIN(submitted_at) AS first_at, \
             MAX(submitted_at) AS last_at FROM (SELECT id, submitted_at FROM responses \
             WHERE survey_id = $1 AND id > $2 ORDER BY id LIMIT $3) chunk",
        )
        .bind(survey_id)
        .bind(after)
        .bind(chunk)
        .fetch_one(&mut **tx)
        .await?;
        let mut walked = extent.try_get::<i64, _>("walked")?.max(0) as u64;
        let (Some(mut last), Some(first_at), Some(last_at)) = (
            extent.try_get::<Option<i64>, _>("last")?,
            extent.try_get::<Option<i64>, _>("first_at")?,
            extent.try_get::<Option<i64>, _>("last_at")?,
        ) else {
            return Ok(Chunk {
                walked: 0,
                last: after,
                moved: 0,
                survey_done: true,
            });
        };
        let mut survey_done = walked < chunk as u64;
        // Each response's day in the zone, in SQL: its local time is its UTC time plus a CASE
        // over the zone's offsets in the chunk's span (only integers in the statement).
        let new_day = floor_day_sql(&local_ms_sql(
            "submitted_at",
            &zone.offsets(first_at, last_at + 1),
        ));
        let most = (chunk / MOVES_PER_CHUNK).max(1);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT id, submitted_at, day, channel, language, idempotency_key, dimensions \
             FROM responses WHERE survey_id = $1 AND id > $2 AND id <= $3 AND day <> {new_day} \
             ORDER BY id LIMIT $4"
        )))
        .bind(survey_id)
        .bind(after)
        .bind(last)
        .bind(most)
        .fetch_all(&mut **tx)
        .await?;
        if rows.len() as i64 == most
            && let Some(row) = rows.last()
        {
            // As many to move as a chunk takes: it ends at the last of them.
            let cut: i64 = row.try_get("id")?;
            if cut < last {
                last = cut;
                survey_done = false;
                walked = sqlx::query(
                    "SELECT COUNT(*) FROM responses WHERE survey_id = $1 AND id > $2 AND id <= $3",
                )
                .bind(survey_id)
                .bind(after)
                .bind(last)
                .fetch_one(&mut **tx)
                .await?
                .try_get::<i64, _>(0)?
                .max(0) as u64;
            }
        }
        let mut to_move: Vec<(StoredResponse, i64)> = Vec::new();
        for row in &rows {
            let (day, submitted_at): (i64, i64) =
                (row.try_get("day")?, row.try_get("submitted_at")?);
            // The SQL and the zone agree (the rollups tests check it); the zone decides.
            let new_day = zone.day_of(submitted_at);
            if new_day == day {
                continue;
            }
            let dimensions: String = row.try_get("dimensions")?;
            let key: String = row.try_get("idempotency_key")?;
            to_move.push((
                StoredResponse {
                    id: row.try_get("id")?,
                    day,
                    channel: row.try_get("channel")?,
                    language: row.try_get("language")?,
                    counted_its_start: !key.starts_with("page:"),
                    dimensions: serde_json::from_str(&dimensions)
                        .map_err(|e| StoreError::Corrupt(format!("response dimensions: {e}")))?,
                },
                new_day,
            ));
        }
        let done = |moved: usize| Chunk {
            walked,
            last,
            moved: moved as u64,
            survey_done,
        };
        if to_move.is_empty() {
            return Ok(done(0));
        }
        let ids: Vec<i64> = to_move.iter().map(|(r, _)| r.id).collect();

        let questions = questions_of(tx, survey_id).await?;
        let mut answers: HashMap<i64, Vec<StoredAnswerRow>> = HashMap::new();
        for ids in ids.chunks(IDS_PER_STATEMENT) {
            let mut values = vec![Bind::Int(survey_id)];
            let list = in_list(&mut values, ids.iter().map(|id| Bind::Int(*id)));
            for row in bind_all(
                sqlx::query(AssertSqlSafe(format!(
                    "SELECT response_id, question_id, num_value, text_value FROM answers \
                     WHERE survey_id = $1 AND response_id IN ({list})"
                ))),
                values,
            )
            .fetch_all(&mut **tx)
            .await?
            {
                answers
                    .entry(row.try_get("response_id")?)
                    .or_default()
                    .push((
                        row.try_get("question_id")?,
                        row.try_get("num_value")?,
                        row.try_get("text_value")?,
                    ));
            }
        }
        let mut moves = Moves::default();
        for (response, new_day) in &to_move {
            let its_answers = answers.get(&response.id).map_or(&[][..], Vec::as_slice);
            moves.move_response(response, *new_day, its_answers, &questions);
        }

        // The survey's journal first: its counts are taken off below, and must be there.
        fold_into_rollups(self.backend(), tx, Some(survey_id)).await?;
        let plan = moves.plan(survey_id);
        for table in plan.rollup_tables() {
            // Every rollup table is in `ROLLUP_TABLES`: skipping one would leave its counts on
            // the old days without a word.
            let rollup = RollupTable::of(table.head).ok_or_else(|| {
                StoreError::Corrupt(format!("no key columns known for {}", table.head))
            })?;
            let (mut gains, mut losses) = (Vec::new(), Vec::new());
            for row in table.values.chunks(table.width) {
                let binds: Vec<Bind> = row.iter().map(|value| value.to_bind()).collect();
                if rollup.loses(row) {
                    losses.push(binds);
                } else {
                    gains.push(binds);
                }
            }
            insert_rows(
                self.backend(),
                tx,
                table.head,
                table.tail,
                table.width,
                gains,
            )
            .await?;
            // Rows the old days lost everything of go, as if never counted there.
            let emptied = self.take_off(tx, &table, rollup, losses).await?;
            delete_rows(tx, rollup, emptied).await?;
        }
        // Their new days, by the expression that chose them (the same as the zone's).
        for ids in ids.chunks(IDS_PER_STATEMENT) {
            let mut values = Vec::new();
            let list = in_list(&mut values, ids.iter().map(|id| Bind::Int(*id)));
            bind_all(
                sqlx::query(AssertSqlSafe(format!(
                    "UPDATE responses SET day = {new_day} WHERE id IN ({list})"
                ))),
                values,
            )
            .execute(&mut **tx)
            .await?;
        }
        Ok(done(to_move.len()))
    }
}

impl Store {
    /// Adds the (negative) increments `rows` to `table`'s rollups, with intake's statement,
    /// and returns the keys (their values one after the other) of the rows left at zero.
    async fn take_off(
        &self,
        tx: &mut Transaction<'static, Any>,
        table: &TableRows<'_>,
        rollup: &RollupTable,
        rows: Vec<Vec<Bind>>,
    ) -> StoreResult<Vec<Bind>> {
        let keys: Vec<&str> = rollup.keys.iter().map(|(name, _)| *name).collect();
        let returning = format!("{}, {}", keys.join(", "), rollup.counts.join(", "));
        let mut emptied = Vec::new();
        let mut rows = rows.into_iter();
        let mut left = rows.len();
        while left > 0 {
            let size = statement_rows(left, table.width);
            left -= size;
            let mut values = Vec::with_capacity(size * table.width);
            let mut tuples = Vec::with_capacity(size);
            for (i, row) in rows.by_ref().take(size).enumerate() {
                tuples.push(
                    self.backend()
                        .row_placeholders(i * table.width, table.width),
                );
                values.extend(row);
            }
            let sql = format!(
                "INSERT INTO {} VALUES {} {} RETURNING {returning}",
                table.head,
                tuples.join(", "),
                table.tail
            );
            for row in bind_all(sqlx::query(AssertSqlSafe(sql)), values)
                .fetch_all(&mut **tx)
                .await?
            {
                let mut empty = true;
                for count in rollup.counts {
                    empty &= row.try_get::<i64, _>(*count)? == 0;
                }
                if !empty {
                    continue;
                }
                for (name, integer) in rollup.keys {
                    emptied.push(if *integer {
                        Bind::Int(row.try_get(*name)?)
                    } else {
                        Bind::Text(row.try_get(*name)?)
                    });
                }
            }
        }
        Ok(emptied)
    }
}

/// Deletes the rows of `rollup` whose keys are `keys` (their values one after the other) and
/// whose counts are all zero.
async fn delete_rows(
    tx: &mut Transaction<'static, Any>,
    rollup: &RollupTable,
    keys: Vec<Bind>,
) -> StoreResult<()> {
    let width = rollup.keys.len();
    let columns: Vec<&str> = rollup.keys.iter().map(|(name, _)| *name).collect();
    let empty: Vec<String> = rollup.counts.iter().map(|c| format!("{c} = 0")).collect();
    for keys in keys.chunks(256 * width) {
        let tuples: Vec<String> = (0..keys.len() / width)
            .map(|i| crate::placeholders(i * width, width))
            .collect();
        let sql = format!(
            "DELETE FROM {} WHERE ({}) IN (VALUES {}) AND {}",
            rollup.name,
            columns.join(", "),
            tuples.join(", "),
            empty.join(" AND ")
        );
        bind_all(sqlx::query(AssertSqlSafe(sql)), keys.to_vec())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A recount's figures from a row with `done, total, moved`.
fn progress_of(row: &sqlx::any::AnyRow) -> StoreResult<RecountProgress> {
    let get = |column| -> StoreResult<u64> { Ok(row.try_get::<i64, _>(column)?.max(0) as u64) };
    Ok(RecountProgress {
        done: get("done")?,
        total: get("total")?,
        moved: get("moved")?,
    })
}

/// Every question a survey's versions asked, by id (the newest version's wins: a question keeps
/// its kind and scale across versions, decision record 0004).
async fn questions_of(
    tx: &mut Transaction<'static, Any>,
    survey_id: i64,
) -> StoreResult<HashMap<String, Question>> {
    let mut questions = HashMap::new();
    for row in sqlx::query(
        "SELECT version, definition FROM survey_versions WHERE survey_id = $1 ORDER BY version",
    )
    .bind(survey_id)
    .fetch_all(&mut **tx)
    .await?
    {
        let text: String = row.try_get("definition")?;
        let document: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt(format!("survey {survey_id} definition: {e}")))?;
        let definition = parse_definition(&document)
            .map_err(|e| StoreError::Corrupt(format!("survey {survey_id} definition: {e}")))?;
        for question in definition.questions {
            questions.insert(question.id.clone(), question);
        }
    }
    Ok(questions)
}
