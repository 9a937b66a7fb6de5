//! Responses: the group-committed batch insert, and reading responses back.
//!
//! [`Store::insert_batch`] writes many responses in one transaction — the response rows, their
//! answers and dimensions with one multi-row statement each, and the rollup increments
//! pre-aggregated per key — so that durability (one fsync per commit) is shared by the whole
//! batch. Idempotency keys make a retried submission return the original response; a key reused
//! for a different payload (see [`NewResponse::fingerprint`]) is reported, never merged.

use std::collections::{BTreeMap, HashMap};

use opencx_domain::zone::Zone;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use crate::{Backend, Store, StoreError, StoreResult};

/// One answer of a response to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnswer {
    pub question_id: String,
    /// Score, or 1/0 for yes/no.
    pub number: Option<i64>,
    /// Option id(s), open text, or contact details as JSON.
    pub text: Option<String>,
    /// Rollup buckets the answer counts in (scores, option ids, yes/no).
    pub buckets: Vec<String>,
    /// Open text to analyse (language, sentiment, themes): queued with the response.
    pub analyse: bool,
}

/// A validated response ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResponse {
    pub workspace_id: i64,
    pub survey_id: i64,
    pub survey_version: i64,
    /// The client's token for this submission; a repeat with the same token is a retry.
    pub idempotency_key: String,
    pub submitted_at: i64,
    pub language: String,
    pub channel: String,
    /// Link parameters and other dimensions, e.g. `store=warsaw-3`.
    pub dimensions: Vec<(String, String)>,
    pub answers: Vec<NewAnswer>,
    /// Whether this response also counts as a start (false when the respondent page already
    /// counted the start when the first answer was saved).
    pub counts_start: bool,
}

/// Version tag at the start of the canonical encoding, so that a future change of what the
/// fingerprint covers can never make two different payloads compare equal.
const FINGERPRINT_FORMAT: &str = "opencx-response-payload-1";

impl NewResponse {
    /// The fingerprint of this response's payload: the lowercase hex SHA-256 of a canonical
    /// encoding of the survey version, language, channel, dimensions (sorted by key) and answers
    /// (sorted by question id, as stored: number and text). It leaves out what a retry may
    /// legitimately change or what the server picks per attempt: the submission time, the
    /// idempotency key itself and whether the response counts a start.
    pub fn fingerprint(&self) -> String {
        let mut dimensions: Vec<(&str, &str)> = self
            .dimensions
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        dimensions.sort_unstable();
        let mut answers: Vec<(&str, Option<i64>, Option<&str>)> = self
            .answers
            .iter()
            .map(|a| (a.question_id.as_str(), a.number, a.text.as_deref()))
            .collect();
        answers.sort_unstable();
        // JSON arrays only (no objects), so the encoding has exactly one spelling. Written
        // straight into the hash: this runs once per stored response, on intake's serial path.
        let mut hasher = Sha256::new();
        serde_json::to_writer(
            &mut hasher,
            &(
                FINGERPRINT_FORMAT,
                self.survey_version,
                &self.language,
                &self.channel,
                dimensions,
                answers,
            ),
        )
        .expect("writing JSON into a hash cannot fail");
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = String::with_capacity(64);
        for byte in hasher.finalize() {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 15)]));
        }
        hex
    }
}

/// A response found by its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedResponse {
    pub id: i64,
    /// The payload fingerprint stored with it; `None` for responses stored before fingerprints.
    pub fingerprint: Option<String>,
}

impl KeyedResponse {
    /// Whether a submission with this fingerprint is a retry of this response. Responses stored
    /// before fingerprints existed match every retry (there is nothing to compare with).
    pub fn matches(&self, fingerprint: &str) -> bool {
        self.fingerprint.as_deref().is_none_or(|f| f == fingerprint)
    }
}

/// What happened to one response of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchOutcome {
    /// Stored now, with this id.
    Inserted { id: i64 },
    /// Stored earlier under the same idempotency key with the same payload, with this id.
    Duplicate { id: i64 },
    /// The idempotency key was used earlier for a different payload (response `id`); nothing
    /// was stored.
    KeyReused { id: i64 },
    /// The survey is not live, or its quota is full.
    Closed,
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub question_id: String,
    pub number: Option<i64>,
    pub text: Option<String>,
}

/// A stored response with its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub id: i64,
    pub workspace_id: i64,
    pub survey_id: i64,
    pub survey_version: i64,
    pub submitted_at: i64,
    pub language: String,
    pub channel: String,
    pub dimensions: BTreeMap<String, String>,
    pub answers: Vec<StoredAnswer>,
}

/// Which responses to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseFilter {
    pub workspace_id: i64,
    pub survey_id: i64,
    /// Submitted at or after (Unix ms).
    pub from_ms: Option<i64>,
    /// Submitted before (Unix ms).
    pub to_ms: Option<i64>,
    pub channel: Option<String>,
    pub language: Option<String>,
    /// Every pair must match (`store=warsaw-3`).
    pub dimensions: Vec<(String, String)>,
    /// Only responses whose answer to `question` has a number in `min..=max`.
    pub score: Option<(String, i64, i64)>,
    /// Only responses with an open answer containing this text, ignoring case (on SQLite,
    /// non-ASCII letters match in lower case, capitalised or in capitals) and the Arabic or
    /// Persian spelling of yeh and kaf.
    pub text: Option<String>,
    /// Only responses with an open answer of this sentiment (positive, neutral, negative); with
    /// a theme, whose mention of the theme has this sentiment.
    pub sentiment: Option<String>,
    /// Only responses with an open answer that mentions this theme.
    pub theme: Option<String>,
    /// Keyset paging: only responses after this one in the listing's order (newest submission
    /// first, then highest id): the last response of the page before. It must be a response of
    /// the survey (the listing is `NotFound` otherwise).
    pub before_id: Option<i64>,
    /// Page size.
    pub limit: i64,
}

/// A page of responses, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsePage {
    pub responses: Vec<StoredResponse>,
    /// Pass as `before_id` for the next page; `None` on the last page.
    pub next_before_id: Option<i64>,
}

/// A value to bind to a dynamically built statement.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

pub(crate) fn bind_all(mut query: AnyQuery<'_>, values: Vec<Bind>) -> AnyQuery<'_> {
    for value in values {
        query = match value {
            Bind::Int(v) => query.bind(v),
            Bind::OptInt(v) => query.bind(v),
            Bind::Text(v) => query.bind(v),
            Bind::OptText(v) => query.bind(v),
        };
    }
    query
}

/// Runs `INSERT INTO {head} VALUES (...), (...) {tail}` for rows of equal width, in chunks that
/// stay under the parameter limit.
pub(crate) async fn insert_rows(
    backend: Backend,
    tx: &mut Transaction<'_, Any>,
    head: &str,
    tail: &str,
    width: usize,
    rows: Vec<Vec<Bind>>,
) -> StoreResult<()> {
    let mut rows = rows.into_iter();
    let mut left = rows.len();
    while left > 0 {
        let size = statement_rows(left, width);
        left -= size;
        let mut sql = format!("INSERT INTO {head} VALUES ");
        let mut values = Vec::with_capacity(size * width);
        for (i, row) in rows.by_ref().take(size).enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&backend.row_placeholders(i * width, width));
            values.extend(row);
        }
        sql.push(' ');
        sql.push_str(tail);
        bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Row counts a multi-row statement is built for. Batches vary in size; cutting each into
/// statements of these sizes keeps the number of distinct statements small, so they stay in the
/// connection's prepared-statement cache instead of being parsed again for every batch
/// (measured: parsing was 7% of the server's time under intake load).
const STATEMENT_ROWS: [usize; 5] = [256, 64, 16, 4, 1];

/// The largest statement size that fits `left` rows of `width` values.
pub(crate) fn statement_rows(left: usize, width: usize) -> usize {
    let most = (Backend::MAX_PARAMS / width).max(1);
    STATEMENT_ROWS
        .iter()
        .copied()
        .find(|&size| size <= left && size <= most)
        .unwrap_or(1)
}

/// Binds `value` after `values` and returns its numbered placeholder (`$N`): the one way
/// statements built from parts number their parameters.
pub(crate) fn next_param(values: &mut Vec<Bind>, value: Bind) -> String {
    values.push(value);
    format!("${}", values.len())
}

/// Adds a filter's period, channel and language to a query over `responses r`.
fn period_and_segment(filter: &ResponseFilter, sql: &mut String, values: &mut Vec<Bind>) {
    if let Some(from) = filter.from_ms {
        let p = next_param(values, Bind::Int(from));
        sql.push_str(&format!(" AND r.submitted_at >= {p}"));
    }
    if let Some(to) = filter.to_ms {
        let p = next_param(values, Bind::Int(to));
        sql.push_str(&format!(" AND r.submitted_at < {p}"));
    }
    if let Some(channel) = &filter.channel {
        let p = next_param(values, Bind::Text(channel.clone()));
        sql.push_str(&format!(" AND r.channel = {p}"));
    }
    if let Some(language) = &filter.language {
        let p = next_param(values, Bind::Text(language.clone()));
        sql.push_str(&format!(" AND r.language = {p}"));
    }
}

impl Store {
    /// The newest non-empty answers to the given (open-text) questions of a survey, newest first,
    /// within the filter's period, channel and language (its other fields are not used):
    /// (response id, submitted at, language, question id, text). Walks the survey's responses
    /// newest first (by submission time) and stops after `limit` matches.
    pub async fn newest_texts(
        &self,
        filter: &ResponseFilter,
        question_ids: &[String],
        limit: i64,
    ) -> StoreResult<Vec<(i64, i64, String, String, String)>> {
        if question_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut values = vec![Bind::Int(filter.survey_id)];
        let list: Vec<String> = question_ids
            .iter()
            .map(|q| next_param(&mut values, Bind::Text(q.clone())))
            .collect();
        let mut sql = format!(
            "SELECT r.id, r.submitted_at, r.language, a.question_id, a.text_value FROM responses r \
             JOIN answers a ON a.response_id = r.id \
             WHERE r.survey_id = $1 AND a.question_id IN ({}) AND a.text_value IS NOT NULL AND a.text_value <> ''",
            list.join(", ")
        );
        period_and_segment(filter, &mut sql, &mut values);
        let p = next_param(&mut values, Bind::Int(limit));
        sql.push_str(&format!(
            " ORDER BY r.submitted_at DESC, r.id DESC LIMIT {p}"
        ));
        bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get(0)?,
                    row.try_get(1)?,
                    row.try_get(2)?,
                    row.try_get(3)?,
                    row.try_get(4)?,
                ))
            })
            .collect()
    }

    /// Counts a respondent starting a survey on the page (the first saved answer) at `at_ms`, on
    /// that moment's day in the survey's workspace zone.
    pub async fn count_start(
        &self,
        survey_id: i64,
        at_ms: i64,
        channel: &str,
        language: &str,
    ) -> StoreResult<()> {
        let day = self.survey_zone(survey_id).await?.day_of(at_ms);
        sqlx::query(
            "INSERT INTO response_rollups (survey_id, day, channel, language, started, completed) VALUES ($1, $2, $3, $4, 1, 0) \
             ON CONFLICT (survey_id, day, channel, language) DO UPDATE SET started = response_rollups.started + 1",
        )
        .bind(survey_id)
        .bind(day)
        .bind(channel)
        .bind(language)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The time zone of a survey's workspace.
    pub async fn survey_zone(&self, survey_id: i64) -> StoreResult<Zone> {
        let row = sqlx::query(
            "SELECT w.time_zone FROM surveys s JOIN workspaces w ON w.id = s.workspace_id WHERE s.id = $1",
        )
        .bind(survey_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(Zone::from_stored(&row.try_get::<String, _>(0)?))
    }

    /// A page of a survey's responses, newest first, with their answers.
    pub async fn list_responses(&self, filter: &ResponseFilter) -> StoreResult<ResponsePage> {
        self.settle_for(filter).await;
        self.list_settled(filter).await
    }

    /// [`Store::list_responses`], and how many responses match `filter` (its page aside),
    /// counted up to `cap`: `(count, false)`, or `(cap, true)` when there are more. The cap
    /// bounds the work on a survey with millions of responses; the journal is settled once for
    /// both.
    pub async fn list_responses_counted(
        &self,
        filter: &ResponseFilter,
        cap: i64,
    ) -> StoreResult<(ResponsePage, (i64, bool))> {
        self.settle_for(filter).await;
        let page = self.list_settled(filter).await?;
        let (inner, mut values) = matching(filter, "1");
        let p = next_param(&mut values, Bind::Int(cap + 1));
        let sql = format!("SELECT COUNT(*) FROM ({inner} LIMIT {p}) matching");
        let row = bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .fetch_one(self.pool())
            .await?;
        let count: i64 = row.try_get(0)?;
        Ok((
            page,
            if count > cap {
                (cap, true)
            } else {
                (count, false)
            },
        ))
    }

    /// Folds the rollup journal when `filter` reads link parameters, whose rows come from it
    /// (see `batch::journal`).
    async fn settle_for(&self, filter: &ResponseFilter) {
        if !filter.dimensions.is_empty() {
            self.settle_journal().await;
        }
    }

    /// The page of responses matching `filter`, the journal settled already.
    async fn list_settled(&self, filter: &ResponseFilter) -> StoreResult<ResponsePage> {
        let (mut sql, mut values) = matching(
            filter,
            "r.id, r.workspace_id, r.survey_id, r.survey_version, r.submitted_at, r.language, r.channel, r.dimensions",
        );
        // Newest submission first: a response imported with an earlier `submitted_at` is listed
        // by that time, not by when it was stored. The cursor stays a response id (the API's
        // `before`); its time is read first for the row comparison, which walks the survey's
        // (survey_id, submitted_at, id) index from where the page before ended. A cursor that
        // is no response of the survey is `NotFound`, not an empty page.
        if let Some(before) = filter.before_id {
            let row =
                sqlx::query("SELECT submitted_at FROM responses WHERE id = $1 AND survey_id = $2")
                    .bind(before)
                    .bind(filter.survey_id)
                    .fetch_optional(self.pool())
                    .await?
                    .ok_or(StoreError::NotFound)?;
            let at: i64 = row.try_get(0)?;
            let t = next_param(&mut values, Bind::Int(at));
            let p = next_param(&mut values, Bind::Int(before));
            sql.push_str(&format!(" AND (r.submitted_at, r.id) < ({t}, {p})"));
        }
        let limit = filter.limit.clamp(1, 1000);
        let p = next_param(&mut values, Bind::Int(limit + 1));
        sql.push_str(&format!(
            " ORDER BY r.submitted_at DESC, r.id DESC LIMIT {p}"
        ));
        let rows = bind_all(sqlx::query(AssertSqlSafe(sql)), values)
            .fetch_all(self.pool())
            .await?;
        let mut responses: Vec<StoredResponse> =
            rows.iter().map(response).collect::<StoreResult<_>>()?;
        let next_before_id = if responses.len() as i64 > limit {
            responses.truncate(limit as usize);
            responses.last().map(|r| r.id)
        } else {
            None
        };
        self.attach_answers(&mut responses).await?;
        Ok(ResponsePage {
            responses,
            next_before_id,
        })
    }

    /// One response of a workspace, with its answers.
    pub async fn get_response(&self, workspace_id: i64, id: i64) -> StoreResult<StoredResponse> {
        let row = sqlx::query(
            "SELECT id, workspace_id, survey_id, survey_version, submitted_at, language, channel, dimensions \
             FROM responses WHERE id = $1 AND workspace_id = $2",
        )
        .bind(id)
        .bind(workspace_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut responses = vec![response(&row)?];
        self.attach_answers(&mut responses).await?;
        Ok(responses.remove(0))
    }

    /// The response stored under an idempotency key, if any, with its payload fingerprint.
    pub async fn find_response_by_key(
        &self,
        survey_id: i64,
        key: &str,
    ) -> StoreResult<Option<KeyedResponse>> {
        let row = sqlx::query(
            "SELECT id, payload_fingerprint FROM responses WHERE survey_id = $1 AND idempotency_key = $2",
        )
        .bind(survey_id)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(row) => Some(KeyedResponse {
                id: row.try_get("id")?,
                fingerprint: row.try_get("payload_fingerprint")?,
            }),
            None => None,
        })
    }

    /// Number of stored responses of a survey (counted from the rows, for checks and tests).
    pub async fn count_responses(&self, survey_id: i64) -> StoreResult<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM responses WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn attach_answers(&self, responses: &mut [StoredResponse]) -> StoreResult<()> {
        if responses.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT response_id, question_id, num_value, text_value FROM answers WHERE response_id IN {}",
            self.backend().row_placeholders(0, responses.len())
        );
        let values = responses.iter().map(|r| Bind::Int(r.id)).collect();
        let rows = bind_all(sqlx::query(AssertSqlSafe(sql)).persistent(false), values)
            .fetch_all(self.pool())
            .await?;
        let mut by_response: HashMap<i64, Vec<StoredAnswer>> = HashMap::new();
        for row in rows {
            by_response
                .entry(row.try_get("response_id")?)
                .or_default()
                .push(StoredAnswer {
                    question_id: row.try_get("question_id")?,
                    number: row.try_get("num_value")?,
                    text: row.try_get("text_value")?,
                });
        }
        for r in responses.iter_mut() {
            r.answers = by_response.remove(&r.id).unwrap_or_default();
        }
        Ok(())
    }
}

/// The condition that the text in `column` contains `text`, ignoring case (on SQLite, non-ASCII
/// letters match in lower case, capitalised or in capitals) and the Arabic or Persian spelling
/// of yeh and kaf; the same on both backends. `text` must not be empty.
pub(crate) fn text_contains(column: &str, text: &str, values: &mut Vec<Bind>) -> String {
    // Case-insensitive search, the same on both backends: LOWER(text) against the
    // lower-cased term. SQLite's LOWER folds ASCII only, so for letters like Ł the text
    // is also matched against the term capitalised and in capitals, which finds the
    // usual spellings (a word starting a sentence, a word in capitals).
    let lower = text.to_lowercase();
    let mut capitalised: String = lower.chars().take(1).flat_map(char::to_uppercase).collect();
    capitalised.extend(lower.chars().skip(1));
    let mut variants = vec![lower.clone()];
    for variant in [capitalised, text.to_uppercase()] {
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    // LIKE wildcards in the search are matched literally.
    let pattern = |term: &str| {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    };
    let mut tests = Vec::new();
    for (i, variant) in variants.iter().enumerate() {
        let p = next_param(values, Bind::Text(pattern(variant)));
        let subject = if i == 0 {
            format!("LOWER({column})")
        } else {
            column.to_owned()
        };
        tests.push(format!("{subject} LIKE {p} ESCAPE '\\'"));
    }
    // Persian is written with Persian or Arabic yeh and kaf, depending on the keyboard, and
    // both in one text, and with or without the zero-width non-joiner inside words
    // ("می‌کنم", "میکنم"): a term in Arabic script is looked for in the text with both read
    // as Persian and without joiners, as the text analysis reads them.
    let persian = |c: char| match c {
        'ي' | 'ى' => Some('ی'),
        'ك' => Some('ک'),
        '\u{200C}' => None,
        c => Some(c),
    };
    if lower
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c) || c == '\u{200C}')
    {
        let term: String = lower.chars().filter_map(persian).collect();
        let p = next_param(values, Bind::Text(pattern(&term)));
        tests.push(format!(
            "REPLACE(REPLACE(REPLACE(REPLACE({column}, 'ي', 'ی'), 'ى', 'ی'), 'ك', 'ک'), \
             '\u{200C}', '') LIKE {p} ESCAPE '\\'"
        ));
    }
    format!("({})", tests.join(" OR "))
}

/// The statement selecting `columns` of the responses that match `filter` (everything but its
/// page: `before_id` and `limit`), and its values.
fn matching(filter: &ResponseFilter, columns: &str) -> (String, Vec<Bind>) {
    let mut sql =
        format!("SELECT {columns} FROM responses r WHERE r.workspace_id = $1 AND r.survey_id = $2");
    let mut values = vec![Bind::Int(filter.workspace_id), Bind::Int(filter.survey_id)];
    period_and_segment(filter, &mut sql, &mut values);
    for (key, value) in &filter.dimensions {
        let s = next_param(&mut values, Bind::Int(filter.survey_id));
        let k = next_param(&mut values, Bind::Text(key.clone()));
        let v = next_param(&mut values, Bind::Text(value.clone()));
        sql.push_str(&format!(
                " AND r.id IN (SELECT response_id FROM response_dimensions WHERE survey_id = {s} AND key = {k} AND value = {v})"
            ));
    }
    if let Some((question, min, max)) = &filter.score {
        let q = next_param(&mut values, Bind::Text(question.clone()));
        let lo = next_param(&mut values, Bind::Int(*min));
        let hi = next_param(&mut values, Bind::Int(*max));
        sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND a.question_id = {q} \
                 AND a.num_value >= {lo} AND a.num_value <= {hi})"
            ));
    }
    if let Some(text) = filter.text.as_deref().filter(|t| !t.is_empty()) {
        let contains = text_contains("a.text_value", text, &mut values);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id \
             AND a.text_value IS NOT NULL AND {contains})"
        ));
    }
    match (&filter.theme, &filter.sentiment) {
        // With a theme, the sentiment is that of the theme's mention: "negative about
        // prices", not "negative, and about prices somewhere".
        (Some(theme), Some(sentiment)) => {
            let t = next_param(&mut values, Bind::Text(theme.clone()));
            let p = next_param(&mut values, Bind::Text(sentiment.clone()));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM text_answer_themes t WHERE t.response_id = r.id \
                     AND t.theme_id = {t} AND t.sentiment = {p})"
            ));
        }
        (Some(theme), None) => {
            let p = next_param(&mut values, Bind::Text(theme.clone()));
            sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM text_answer_themes t WHERE t.response_id = r.id AND t.theme_id = {p})"
                ));
        }
        (None, Some(sentiment)) => {
            let p = next_param(&mut values, Bind::Text(sentiment.clone()));
            sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM text_analyses t WHERE t.response_id = r.id AND t.sentiment = {p})"
                ));
        }
        (None, None) => {}
    }
    (sql, values)
}

fn response(row: &AnyRow) -> StoreResult<StoredResponse> {
    let dimensions: String = row.try_get("dimensions")?;
    Ok(StoredResponse {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        survey_id: row.try_get("survey_id")?,
        survey_version: row.try_get("survey_version")?,
        submitted_at: row.try_get("submitted_at")?,
        language: row.try_get("language")?,
        channel: row.try_get("channel")?,
        dimensions: serde_json::from_str(&dimensions)
            .map_err(|e| StoreError::Corrupt(format!("response dimensions: {e}")))?,
        answers: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response() -> NewResponse {
        NewResponse {
            workspace_id: 1,
            survey_id: 2,
            survey_version: 3,
            idempotency_key: "k".into(),
            submitted_at: 1_800_000_000_000,
            language: "en".into(),
            channel: "link".into(),
            dimensions: vec![("store".into(), "a".into()), ("city".into(), "b".into())],
            answers: vec![
                NewAnswer {
                    question_id: "nps".into(),
                    number: Some(9),
                    text: None,
                    buckets: vec!["9".into()],
                    analyse: false,
                },
                NewAnswer {
                    question_id: "why".into(),
                    number: None,
                    text: Some("fast".into()),
                    buckets: Vec::new(),
                    analyse: true,
                },
            ],
            counts_start: true,
        }
    }

    #[test]
    fn fingerprint_covers_the_payload_and_nothing_else() {
        let base = response();
        let fingerprint = base.fingerprint();
        // Stored fingerprints are compared with every later retry: the encoding never changes.
        // (The SHA-256 of `["opencx-response-payload-1",3,"en","link",[["city","b"],
        // ["store","a"]],[["nps",9,null],["why",null,"fast"]]]`.)
        assert_eq!(
            fingerprint,
            "74074374f6db3cfb056a078fc82030daa7caa44071a41e5065a60a6402dde3ee"
        );
        let mut hebrew = base.clone();
        hebrew.language = "he".into();
        hebrew.answers[1].text = Some("שירות \"מעולה\"".into());
        assert_eq!(
            hebrew.fingerprint(),
            "77438bc41f49d127d4156e1de2cc3ba025cf5641b36f910cf1a619ebbe251167"
        );

        // Not part of the payload: time, key, start counting, order of answers and dimensions.
        let mut same = base.clone();
        same.submitted_at += 60_000;
        same.idempotency_key = "other".into();
        same.counts_start = false;
        same.answers.reverse();
        same.dimensions.reverse();
        assert_eq!(same.fingerprint(), fingerprint);

        // Each part of the payload changes it.
        let changes: Vec<fn(&mut NewResponse)> = vec![
            |r| r.survey_version += 1,
            |r| r.language = "he".into(),
            |r| r.channel = "qr".into(),
            |r| r.dimensions[0].1 = "z".into(),
            |r| {
                r.dimensions.pop();
            },
            |r| r.answers[0].number = Some(10),
            |r| r.answers[1].text = Some("slow".into()),
            |r| r.answers[1].question_id = "how".into(),
            |r| r.answers.truncate(1),
        ];
        for (i, change) in changes.into_iter().enumerate() {
            let mut other = base.clone();
            change(&mut other);
            assert_ne!(other.fingerprint(), fingerprint, "change {i}");
        }
        // A text that looks like a number is not the number.
        let mut text = base.clone();
        text.answers[0].number = None;
        text.answers[0].text = Some("9".into());
        assert_ne!(text.fingerprint(), fingerprint);
    }

    #[test]
    fn rows_without_a_fingerprint_match_any_retry() {
        let old = KeyedResponse {
            id: 1,
            fingerprint: None,
        };
        assert!(old.matches("abc"));
        let new = KeyedResponse {
            id: 1,
            fingerprint: Some("abc".into()),
        };
        assert!(new.matches("abc"));
        assert!(!new.matches("abd"));
    }

    #[test]
    fn statement_sizes_cover_every_batch() {
        for width in [1, 5, 10] {
            for n in 0..1100 {
                let (mut left, mut sizes) = (n, Vec::new());
                while left > 0 {
                    let size = statement_rows(left, width);
                    assert!(STATEMENT_ROWS.contains(&size) && size <= left);
                    sizes.push(size);
                    left -= size;
                }
                assert_eq!(sizes.iter().sum::<usize>(), n);
                // Never more than a few statements beyond the 256-row ones.
                assert!(sizes.len() <= n / 256 + 12, "{n}: {sizes:?}");
            }
        }
    }
}
