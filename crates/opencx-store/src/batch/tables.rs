//! The tables a batch writes, each with its insert statement and its rows as values: written once
//! here, carried out by both writers (multi-row statements over sqlx, one prepared statement per
//! table on SQLite), so the two can never write different columns or conflict rules.

use sqlx::{Any, Transaction};

use super::plan::BatchPlan;
use crate::responses::{Bind, insert_rows};
use crate::{Backend, StoreResult};

/// A value of a row, borrowed from the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    Int(i64),
    OptInt(Option<i64>),
    Text(&'a str),
    OptText(Option<&'a str>),
}

impl Value<'_> {
    /// The value for a statement built over sqlx.
    pub(crate) fn to_bind(self) -> Bind {
        match self {
            Value::Int(v) => Bind::Int(v),
            Value::OptInt(v) => Bind::OptInt(v),
            Value::Text(v) => Bind::Text(v.to_owned()),
            Value::OptText(v) => Bind::OptText(v.map(str::to_owned)),
        }
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Value::Int(v) => v.to_sql(),
            Value::OptInt(v) => v.to_sql(),
            Value::Text(v) => v.to_sql(),
            Value::OptText(v) => v.to_sql(),
        }
    }
}

/// One table's rows of a batch.
pub(crate) struct TableRows<'a> {
    /// `table (columns)` after `INSERT INTO`.
    pub head: &'static str,
    /// What follows the values (`ON CONFLICT ...` for rollups, else empty).
    pub tail: &'static str,
    /// Values per row.
    pub width: usize,
    /// The rows' values, one row after the other.
    pub values: Vec<Value<'a>>,
}

/// The rows of a table of `WIDTH` columns, each made by `row`.
fn table<'a, T, const WIDTH: usize>(
    head: &'static str,
    tail: &'static str,
    rows: &'a [T],
    row: impl Fn(&'a T) -> [Value<'a>; WIDTH],
) -> TableRows<'a> {
    TableRows {
        head,
        tail,
        width: WIDTH,
        values: rows.iter().flat_map(row).collect(),
    }
}

/// Inserts the rows of `tables` inside `tx` through sqlx (multi-row statements).
pub(crate) async fn write_tables(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
    tables: Vec<TableRows<'_>>,
) -> StoreResult<()> {
    for table in tables {
        let rows = table
            .values
            .chunks(table.width)
            .map(|row| row.iter().map(|value| value.to_bind()).collect())
            .collect();
        insert_rows(backend, tx, table.head, table.tail, table.width, rows).await?;
    }
    Ok(())
}

impl<'a> BatchPlan<'a> {
    /// Every table a batch of responses inserts into, in the order they are written (responses
    /// before the rows that refer to them): its rollup increments and link-parameter rows go to
    /// the journal.
    pub(crate) fn tables(&self) -> Vec<TableRows<'_>> {
        use Value::{Int, OptInt, OptText, Text};
        vec![
            table(
                "responses (id, workspace_id, survey_id, survey_version, idempotency_key, \
                 submitted_at, day, language, channel, dimensions, payload_fingerprint)",
                "",
                &self.responses,
                |r| {
                    [
                        Int(r.id),
                        Int(r.item.workspace_id),
                        Int(r.item.survey_id),
                        Int(r.item.survey_version),
                        Text(&r.item.idempotency_key),
                        Int(r.item.submitted_at),
                        Int(r.day),
                        Text(&r.item.language),
                        Text(&r.item.channel),
                        Text(&r.dimensions),
                        Text(&r.fingerprint),
                    ]
                },
            ),
            table(
                "answers (response_id, question_id, survey_id, num_value, text_value)",
                "",
                &self.answers,
                |r| {
                    [
                        Int(r.response_id),
                        Text(&r.answer.question_id),
                        Int(r.survey_id),
                        OptInt(r.answer.number),
                        OptText(r.answer.text.as_deref()),
                    ]
                },
            ),
            table(
                "text_queue (response_id, question_id)",
                "",
                &self.text_queue,
                |(response, question)| [Int(*response), Text(question)],
            ),
            table(
                "rollup_pending (survey_id, increments)",
                "",
                &self.journal,
                |(survey, increments)| [Int(*survey), Text(increments)],
            ),
        ]
    }

    /// What a fold of the journal writes: the link-parameter rows of the responses, then the
    /// rollup increments. A row already there is left as it is (a fold never meets one: its
    /// journal row goes in the same transaction).
    pub(crate) fn folded_tables(&self) -> Vec<TableRows<'_>> {
        use Value::{Int, Text};
        let mut tables = vec![table(
            "response_dimensions (response_id, survey_id, key, value)",
            "ON CONFLICT (response_id, key) DO NOTHING",
            &self.dimensions,
            |r| {
                [
                    Int(r.response_id),
                    Int(r.survey_id),
                    Text(r.key),
                    Text(r.value),
                ]
            },
        )];
        tables.extend(self.rollup_tables());
        tables
    }

    /// The rollup tables the plan's increments are added to (by a fold of the journal, or a
    /// recount).
    pub(crate) fn rollup_tables(&self) -> Vec<TableRows<'_>> {
        use Value::{Int, Text};
        vec![
            table(
                "answer_day_rollups (survey_id, question_id, day, bucket, count)",
                "ON CONFLICT (survey_id, question_id, day, bucket) \
                 DO UPDATE SET count = answer_day_rollups.count + excluded.count",
                &self.day_rollups,
                |((survey, question, day, bucket), count)| {
                    [
                        Int(*survey),
                        Text(question),
                        Int(*day),
                        Text(bucket),
                        Int(*count),
                    ]
                },
            ),
            table(
                "answer_segment_rollups \
                 (survey_id, channel, language, question_id, day, bucket, count)",
                "ON CONFLICT (survey_id, channel, language, question_id, day, bucket) \
                 DO UPDATE SET count = answer_segment_rollups.count + excluded.count",
                &self.segment_rollups,
                |((survey, question, day, channel, language, bucket), count)| {
                    [
                        Int(*survey),
                        Text(channel),
                        Text(language),
                        Text(question),
                        Int(*day),
                        Text(bucket),
                        Int(*count),
                    ]
                },
            ),
            table(
                "response_rollups (survey_id, day, channel, language, started, completed)",
                "ON CONFLICT (survey_id, day, channel, language) DO UPDATE SET \
                 started = response_rollups.started + excluded.started, \
                 completed = response_rollups.completed + excluded.completed",
                &self.response_rollups,
                |((survey, day, channel, language), (started, completed))| {
                    [
                        Int(*survey),
                        Int(*day),
                        Text(channel),
                        Text(language),
                        Int(*started),
                        Int(*completed),
                    ]
                },
            ),
            table(
                "answer_dimension_rollups \
                 (survey_id, dim_key, dim_value, question_id, day, bucket, count)",
                "ON CONFLICT (survey_id, dim_key, question_id, dim_value, bucket, day) \
                 DO UPDATE SET count = answer_dimension_rollups.count + excluded.count",
                &self.dimension_rollups,
                |((survey, key, value, question, day, bucket), count)| {
                    [
                        Int(*survey),
                        Text(key),
                        Text(value),
                        Text(question),
                        Int(*day),
                        Text(bucket),
                        Int(*count),
                    ]
                },
            ),
        ]
    }
}
