//! Counts behind the themes dashboard: analysed answers and theme mentions of a survey or a
//! whole workspace over a period, split by week-long bucket (calendar weeks for trends, the two
//! weeks of seven dates of the pain points), sentiment and the band of the score answered beside
//! them; and example answers of a theme.
//!
//! Everything is counted per open answer. Periods are `[from, to)` in epoch milliseconds; the
//! week-long buckets are seven local days of the workspace's zone (168 hours, or one more or
//! less across a change of clocks).

use opencx_domain::zone::Zone;
use sqlx::Row;

use crate::batch::local_ms_sql;
use crate::responses::{Bind, bind_all, next_param, text_contains};
use crate::{Store, StoreResult};

/// Milliseconds in seven 24-hour days (a week of local time).
pub const WEEK_MS: i64 = 7 * 86_400_000;

/// Whose answers are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextScope {
    /// One survey's.
    Survey(i64),
    /// Every survey's of a workspace.
    Workspace(i64),
}

impl TextScope {
    /// The condition on a table (named by `alias`, e.g. `t.`, or `""`) with `survey_id`,
    /// `workspace_id` and `submitted_at` columns: this scope and the period.
    fn condition(self, alias: &str, from: i64, to: i64, values: &mut Vec<Bind>) -> String {
        let (column, id) = match self {
            TextScope::Survey(id) => ("survey_id", id),
            TextScope::Workspace(id) => ("workspace_id", id),
        };
        let id = next_param(values, Bind::Int(id));
        let from = next_param(values, Bind::Int(from));
        let to = next_param(values, Bind::Int(to));
        format!(
            "{alias}{column} = {id} AND {alias}submitted_at >= {from} AND {alias}submitted_at < {to}"
        )
    }
}

/// How many answers (or theme mentions) of a week-long bucket have a sentiment and a score
/// band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextCount {
    /// The theme, for mentions; empty for answers.
    pub theme_id: String,
    /// Start of the bucket, epoch ms: the instant whose local time is `origin`'s plus k weeks.
    pub bucket: i64,
    pub sentiment: String,
    /// nps, csat5, csat7, ces5 or ces7, when a score was answered beside the text.
    pub score_kind: Option<String>,
    pub score_band: Option<i64>,
    pub count: i64,
}

/// An answer mentioning a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeExample {
    pub response_id: i64,
    pub survey_id: i64,
    pub question_id: String,
    pub submitted_at: i64,
    pub sentiment: String,
    pub text: String,
}

/// Where a page of a theme's answers goes on from: after this answer, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerKey {
    pub submitted_at: i64,
    pub response_id: i64,
    pub question_id: String,
}

impl AnswerKey {
    /// Where the page after `answer` starts.
    pub fn after(answer: &ThemeExample) -> Self {
        AnswerKey {
            submitted_at: answer.submitted_at,
            response_id: answer.response_id,
            question_id: answer.question_id.clone(),
        }
    }

    /// Reads a position written by its `Display` (`submitted_at.response_id.question_id`);
    /// `None` when it cannot be read.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '.');
        let submitted_at = parts.next()?.parse().ok()?;
        let response_id = parts.next()?.parse().ok()?;
        let question_id = parts.next().filter(|q| !q.is_empty())?.to_owned();
        Some(AnswerKey {
            submitted_at,
            response_id,
            question_id,
        })
    }
}

/// `submitted_at.response_id.question_id`: everything after the second '.' is the question's,
/// so a question id with dots reads back whole.
impl std::fmt::Display for AnswerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{}.{}",
            self.submitted_at, self.response_id, self.question_id
        )
    }
}

/// An answer mentioning a theme, with its language and stored analysis (to mark its words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeAnswer {
    /// The answer; its `sentiment` is that of its mention of the theme.
    pub answer: ThemeExample,
    /// The answer's sentiment as a whole.
    pub answer_sentiment: String,
    pub language: String,
    /// The analysis details (JSON), as stored.
    pub details: String,
}

/// Which answers mentioning a theme to list or count.
#[derive(Debug, Clone, Copy)]
pub struct ThemeAnswerFilter<'a> {
    pub scope: TextScope,
    pub theme_id: &'a str,
    /// `[from, to)`, epoch ms.
    pub period: (i64, i64),
    /// Of what the answer says about the theme: positive, neutral or negative.
    pub sentiment: Option<&'a str>,
    /// The language the analysis found in the answer (en, pl, he, fa).
    pub language: Option<&'a str>,
    /// Text the answer contains, ignoring case and the Arabic or Persian yeh and kaf.
    pub text: Option<&'a str>,
}

impl<'a> ThemeAnswerFilter<'a> {
    /// Every answer of `scope` and `period` that mentions `theme_id`.
    pub fn new(scope: TextScope, theme_id: &'a str, period: (i64, i64)) -> Self {
        ThemeAnswerFilter {
            scope,
            theme_id,
            period,
            sentiment: None,
            language: None,
            text: None,
        }
    }

    /// The joins and condition on `text_answer_themes t` (with `text_analyses x` and `answers
    /// a` joined when `joined` or when a filter needs them) for these mentions.
    fn tables_and_condition(&self, joined: bool, values: &mut Vec<Bind>) -> String {
        let (from, to) = self.period;
        let mut condition = self.scope.condition("t.", from, to, values);
        let theme = next_param(values, Bind::Text(self.theme_id.to_owned()));
        condition.push_str(&format!(" AND t.theme_id = {theme}"));
        if let Some(sentiment) = self.sentiment {
            let sentiment = next_param(values, Bind::Text(sentiment.to_owned()));
            condition.push_str(&format!(" AND t.sentiment = {sentiment}"));
        }
        let mut joins = String::from("text_answer_themes t");
        if joined || self.language.is_some() {
            joins.push_str(
                " JOIN text_analyses x ON x.response_id = t.response_id \
                 AND x.question_id = t.question_id",
            );
        }
        if let Some(language) = self.language {
            let language = next_param(values, Bind::Text(language.to_owned()));
            condition.push_str(&format!(" AND x.language = {language}"));
        }
        let text = self.text.filter(|t| !t.is_empty());
        if joined || text.is_some() {
            joins.push_str(
                " JOIN answers a ON a.response_id = t.response_id AND a.question_id = t.question_id",
            );
        }
        if let Some(text) = text {
            let contains = text_contains("a.text_value", text, values);
            condition.push_str(&format!(" AND a.text_value IS NOT NULL AND {contains}"));
        }
        format!("{joins} WHERE {condition}")
    }
}

impl Store {
    /// Analysed answers of `[from, to)` by week-long bucket of `zone` (from the local time
    /// `origin`, at most `from`'s), sentiment and score band.
    pub async fn answer_counts(
        &self,
        scope: TextScope,
        (from, to): (i64, i64),
        (origin, zone): (i64, Zone),
    ) -> StoreResult<Vec<TextCount>> {
        self.text_counts("text_analyses", None, scope, (from, to), (origin, zone))
            .await
    }

    /// Theme mentions of `[from, to)` by theme, week-long bucket of `zone` (from the local time
    /// `origin`, at most `from`'s), sentiment and score band.
    pub async fn theme_counts(
        &self,
        scope: TextScope,
        (from, to): (i64, i64),
        (origin, zone): (i64, Zone),
    ) -> StoreResult<Vec<TextCount>> {
        self.text_counts(
            "text_answer_themes",
            Some("theme_id"),
            scope,
            (from, to),
            (origin, zone),
        )
        .await
    }

    /// Counts of `table` grouped by bucket, sentiment and score band, and by `theme` (a
    /// column) if given (PostgreSQL refuses a constant in GROUP BY, so none is grouped by then).
    async fn text_counts(
        &self,
        table: &str,
        theme: Option<&str>,
        scope: TextScope,
        (from, to): (i64, i64),
        (origin, zone): (i64, Zone),
    ) -> StoreResult<Vec<TextCount>> {
        // `origin` is a local time (ms since 1970-01-01 00:00 local), never after `from`'s.
        let origin_local = origin.min(zone.local_ms(from));
        let mut values = Vec::new();
        let condition = scope.condition("", from, to, &mut values);
        let (select, group) = match theme {
            Some(column) => (format!("{column} AS theme_id, "), format!("{column}, ")),
            None => (String::new(), String::new()),
        };
        // Weeks of local time: the local time of each answer (its UTC time plus the offset in
        // force then, a CASE over the few changes of clocks in the period) from `origin`.
        // Integer division on both backends: the column is BIGINT and never before `origin`.
        let local = local_ms_sql("submitted_at", &zone.offsets(from, to.max(from + 1)));
        let bucket = format!("({local} - ({origin_local})) / {WEEK_MS}");
        let sql = format!(
            "SELECT {select}{bucket} AS bucket, sentiment, score_kind, score_band, COUNT(*) AS n \
             FROM {table} WHERE {condition} \
             GROUP BY {group}{bucket}, sentiment, score_kind, score_band"
        );
        bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok(TextCount {
                    theme_id: match theme {
                        Some(_) => row.try_get("theme_id")?,
                        None => String::new(),
                    },
                    bucket: zone.instant_of_local(
                        origin_local + row.try_get::<i64, _>("bucket")? * WEEK_MS,
                    ),
                    sentiment: row.try_get("sentiment")?,
                    score_kind: row.try_get("score_kind")?,
                    score_band: row.try_get("score_band")?,
                    count: row.try_get("n")?,
                })
            })
            .collect()
    }

    /// The newest answers of the period mentioning `theme_id` (with that sentiment, if given).
    pub async fn theme_examples(
        &self,
        scope: TextScope,
        theme_id: &str,
        sentiment: Option<&str>,
        period: (i64, i64),
        limit: i64,
    ) -> StoreResult<Vec<ThemeExample>> {
        let filter = ThemeAnswerFilter {
            sentiment,
            ..ThemeAnswerFilter::new(scope, theme_id, period)
        };
        let answers = self.theme_answers(&filter, None, limit).await?;
        Ok(answers.into_iter().map(|a| a.answer).collect())
    }

    /// A page of the answers that `filter` matches, newest first, after `after`; at most
    /// `limit`.
    pub async fn theme_answers(
        &self,
        filter: &ThemeAnswerFilter<'_>,
        after: Option<&AnswerKey>,
        limit: i64,
    ) -> StoreResult<Vec<ThemeAnswer>> {
        let mut values = Vec::new();
        let from_where = filter.tables_and_condition(true, &mut values);
        let mut sql = format!(
            "SELECT t.response_id, t.survey_id, t.question_id, t.submitted_at, t.sentiment, \
             x.sentiment AS answer_sentiment, x.language, x.details, a.text_value \
             FROM {from_where}"
        );
        if let Some(key) = after {
            let at = next_param(&mut values, Bind::Int(key.submitted_at));
            let response = next_param(&mut values, Bind::Int(key.response_id));
            let question = next_param(&mut values, Bind::Text(key.question_id.clone()));
            // A row comparison, which both backends read as a start in the index (a nested
            // OR made PostgreSQL walk every newer mention again on each page).
            sql.push_str(&format!(
                " AND (t.submitted_at, t.response_id, t.question_id) < ({at}, {response}, {question})"
            ));
        }
        let limit = next_param(&mut values, Bind::Int(limit));
        sql.push_str(&format!(
            " ORDER BY t.submitted_at DESC, t.response_id DESC, t.question_id DESC LIMIT {limit}"
        ));
        bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok(ThemeAnswer {
                    answer: ThemeExample {
                        response_id: row.try_get("response_id")?,
                        survey_id: row.try_get("survey_id")?,
                        question_id: row.try_get("question_id")?,
                        submitted_at: row.try_get("submitted_at")?,
                        sentiment: row.try_get("sentiment")?,
                        text: row
                            .try_get::<Option<String>, _>("text_value")?
                            .unwrap_or_default(),
                    },
                    answer_sentiment: row.try_get("answer_sentiment")?,
                    language: row.try_get("language")?,
                    details: row.try_get("details")?,
                })
            })
            .collect()
    }

    /// How many answers `filter` matches, counted up to `cap`: `(count, false)`, or `(cap,
    /// true)` when there are more.
    pub async fn theme_answer_count(
        &self,
        filter: &ThemeAnswerFilter<'_>,
        cap: i64,
    ) -> StoreResult<(i64, bool)> {
        let mut values = Vec::new();
        let from_where = filter.tables_and_condition(false, &mut values);
        let limit = next_param(&mut values, Bind::Int(cap + 1));
        let sql =
            format!("SELECT COUNT(*) FROM (SELECT 1 FROM {from_where} LIMIT {limit}) mentions");
        let count: i64 = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .fetch_one(self.pool())
            .await?
            .try_get(0)?;
        Ok(if count > cap {
            (cap, true)
        } else {
            (count, false)
        })
    }

    /// Theme mentions of `[from, to)` by survey and theme: (survey id, theme id, mentions), for
    /// a workspace's themes to say in which surveys they are found.
    pub async fn theme_mentions_by_survey(
        &self,
        workspace_id: i64,
        (from, to): (i64, i64),
    ) -> StoreResult<Vec<(i64, String, i64)>> {
        let mut values = Vec::new();
        let condition = TextScope::Workspace(workspace_id).condition("", from, to, &mut values);
        let sql = format!(
            "SELECT survey_id, theme_id, COUNT(*) AS mentions FROM text_answer_themes \
             WHERE {condition} GROUP BY survey_id, theme_id"
        );
        bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get("survey_id")?,
                    row.try_get("theme_id")?,
                    row.try_get("mentions")?,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_positions_read_back_and_bad_ones_are_refused() {
        let key = AnswerKey {
            submitted_at: 1_790_000_000_000,
            response_id: 7_123_456_789,
            question_id: "why.more".into(),
        };
        assert_eq!(AnswerKey::parse(&key.to_string()), Some(key));
        for bad in ["", "1.2", "1.2.", "x.2.why", "1.y.why", "1", "-.2.q"] {
            assert_eq!(AnswerKey::parse(bad), None, "{bad}");
        }
    }
}
