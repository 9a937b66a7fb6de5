//! Reading the per-day rollups that every dashboard figure is computed from. Each read folds
//! the rollup journal first, so it counts every response committed before it began.

use sqlx::{AssertSqlSafe, Row};

use crate::responses::{Bind, bind_all, next_param};
use crate::{Store, StoreResult};

/// Which part of a survey's rollups to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollupFilter {
    pub survey_id: i64,
    /// First day number included (a local date of the workspace's zone).
    pub from_day: Option<i64>,
    /// Last day number included.
    pub to_day: Option<i64>,
    pub channel: Option<String>,
    pub language: Option<String>,
    /// Keep days apart (for trends); otherwise days are summed in the database and rows carry
    /// day 0, which keeps the result to a few rows per question.
    pub by_day: bool,
}

/// Summed answer counts for one question, day and bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRollupRow {
    pub question_id: String,
    pub day: i64,
    pub bucket: String,
    pub count: i64,
}

/// Summed started and completed responses for one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRollupRow {
    pub day: i64,
    pub started: i64,
    pub completed: i64,
}

fn conditions(filter: &RollupFilter) -> (String, Vec<Bind>) {
    let mut sql = String::from(" WHERE survey_id = $1");
    let mut values = vec![Bind::Int(filter.survey_id)];
    let mut add = |sql: &mut String, column: &str, op: &str, value: Bind| {
        let param = next_param(&mut values, value);
        sql.push_str(&format!(" AND {column} {op} {param}"));
    };
    if let Some(from) = filter.from_day {
        add(&mut sql, "day", ">=", Bind::Int(from));
    }
    if let Some(to) = filter.to_day {
        add(&mut sql, "day", "<=", Bind::Int(to));
    }
    if let Some(channel) = &filter.channel {
        add(&mut sql, "channel", "=", Bind::Text(channel.clone()));
    }
    if let Some(language) = &filter.language {
        add(&mut sql, "language", "=", Bind::Text(language.clone()));
    }
    (sql, values)
}

impl Store {
    /// Answer counts per question, day and bucket, summed over the other dimensions.
    /// Unfiltered reads use the day rollups; filtered ones the segment rollups.
    pub async fn answer_rollups(&self, filter: &RollupFilter) -> StoreResult<Vec<AnswerRollupRow>> {
        self.settle_journal().await;
        let (conditions, values) = conditions(filter);
        let table = if filter.channel.is_none() && filter.language.is_none() {
            "answer_day_rollups"
        } else {
            "answer_segment_rollups"
        };
        // SUM of BIGINT is NUMERIC on PostgreSQL; the cast keeps it an i64 on both backends.
        let (day, day_group) = if filter.by_day {
            ("day", ", day")
        } else {
            ("CAST(0 AS BIGINT)", "")
        };
        let sql = format!(
            "SELECT question_id, {day} AS day, bucket, CAST(SUM(count) AS BIGINT) AS n FROM {table}{conditions} \
             GROUP BY question_id{day_group}, bucket"
        );
        let rows = bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(AnswerRollupRow {
                    question_id: row.try_get("question_id")?,
                    day: row.try_get("day")?,
                    bucket: row.try_get("bucket")?,
                    count: row.try_get("n")?,
                })
            })
            .collect()
    }

    /// Started and completed counts per day.
    pub async fn response_rollups(
        &self,
        filter: &RollupFilter,
    ) -> StoreResult<Vec<ResponseRollupRow>> {
        self.settle_journal().await;
        let (conditions, values) = conditions(filter);
        let sql = format!(
            "SELECT day, CAST(SUM(started) AS BIGINT) AS started, CAST(SUM(completed) AS BIGINT) AS completed \
             FROM response_rollups{conditions} GROUP BY day"
        );
        let rows = bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(ResponseRollupRow {
                    day: row.try_get("day")?,
                    started: row.try_get("started")?,
                    completed: row.try_get("completed")?,
                })
            })
            .collect()
    }
}

/// Summed counts of one link-parameter value, question and bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionRollupRow {
    pub value: String,
    pub question_id: String,
    pub bucket: String,
    pub count: i64,
}

impl Store {
    /// The link-parameter keys a survey's numeric answers were counted under, in alphabetical
    /// order (at most `limit`). A skip scan: one index seek per key, however many rows.
    pub async fn dimension_keys(&self, survey_id: i64, limit: i64) -> StoreResult<Vec<String>> {
        self.settle_journal().await;
        let rows = sqlx::query(
            "WITH RECURSIVE k(dim_key) AS ( \
               SELECT MIN(dim_key) FROM answer_dimension_rollups WHERE survey_id = $1 \
               UNION ALL \
               SELECT (SELECT MIN(d.dim_key) FROM answer_dimension_rollups d \
                       WHERE d.survey_id = $1 AND d.dim_key > k.dim_key) \
               FROM k WHERE k.dim_key IS NOT NULL) \
             SELECT dim_key FROM k WHERE dim_key IS NOT NULL LIMIT $2",
        )
        .bind(survey_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|row| Ok(row.try_get("dim_key")?)).collect()
    }

    /// Counts per value of one link parameter and bucket of one question over a period.
    pub async fn dimension_rollups(
        &self,
        survey_id: i64,
        key: &str,
        question_id: &str,
        from_day: Option<i64>,
        to_day: Option<i64>,
    ) -> StoreResult<Vec<DimensionRollupRow>> {
        self.settle_journal().await;
        let rows = sqlx::query(
            "SELECT dim_value, question_id, bucket, CAST(SUM(count) AS BIGINT) AS n FROM answer_dimension_rollups \
             WHERE survey_id = $1 AND dim_key = $2 AND question_id = $3 AND day >= $4 AND day <= $5 \
             GROUP BY dim_value, question_id, bucket",
        )
        .bind(survey_id)
        .bind(key)
        .bind(question_id)
        .bind(from_day.unwrap_or(i64::MIN / 2))
        .bind(to_day.unwrap_or(i64::MAX / 2))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DimensionRollupRow {
                    value: row.try_get("dim_value")?,
                    question_id: row.try_get("question_id")?,
                    bucket: row.try_get("bucket")?,
                    count: row.try_get("n")?,
                })
            })
            .collect()
    }
}

/// Summed counts of one channel and language, question and bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRollupRow {
    pub channel: String,
    pub language: String,
    pub question_id: String,
    pub bucket: String,
    pub count: i64,
}

impl Store {
    /// Answer counts per channel, language, question and bucket over the filter's period (and
    /// channel or language when given): both breakdowns of a dashboard from one ordered pass.
    pub async fn segment_rollups(
        &self,
        filter: &RollupFilter,
    ) -> StoreResult<Vec<SegmentRollupRow>> {
        self.settle_journal().await;
        let (conditions, values) = conditions(filter);
        let sql = format!(
            "SELECT channel, language, question_id, bucket, CAST(SUM(count) AS BIGINT) AS n \
             FROM answer_segment_rollups{conditions} GROUP BY channel, language, question_id, bucket"
        );
        let rows = bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(SegmentRollupRow {
                    channel: row.try_get("channel")?,
                    language: row.try_get("language")?,
                    question_id: row.try_get("question_id")?,
                    bucket: row.try_get("bucket")?,
                    count: row.try_get("n")?,
                })
            })
            .collect()
    }
}
