//! Answering a survey: whole responses from the API and the widget, and the respondent page's
//! screen-by-screen flow with partial answers kept between screens.

use std::collections::BTreeMap;

use opencx_domain::answer::{AnswerValue, RawAnswer, parse_answer};
use opencx_domain::flow::{self, Answers};
use opencx_domain::survey::SurveyDefinition;
use opencx_store::{BatchOutcome, NewAnswer, NewResponse, PartialRow, StoreError};
use serde_json::{Map, Value};

use crate::error::FieldProblem;
use crate::intake::IngestError;
use crate::surveys::LoadedSurvey;
use crate::{App, AppError, AppResult};

/// Most link parameters kept with one response.
pub const MAX_DIMENSIONS: usize = 20;
/// Longest link-parameter value kept, in characters.
pub const MAX_DIMENSION_VALUE: usize = 200;
/// Link parameters with a meaning of their own, never stored as dimensions.
const RESERVED_PARAMETERS: [&str; 4] = ["lang", "channel", "t", "q"];

/// A whole response sent at once.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// Answers by question id, as JSON values.
    pub answers: Map<String, Value>,
    /// Respondent language; the survey default when absent.
    pub language: Option<String>,
    /// Channel the response came through (`link`, `email`, `qr`, `api`...).
    pub channel: Option<String>,
    /// Link parameters and other dimensions.
    pub dimensions: BTreeMap<String, String>,
    /// Client token making retries safe; required.
    pub idempotency_key: Option<String>,
    /// When the response was given (imports of historical data); now when absent.
    pub submitted_at: Option<i64>,
}

/// A stored response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitted {
    pub response_id: i64,
    /// True when this was a retry of a response stored before.
    pub duplicate: bool,
}

/// Whether `name` can be a dimension key: 1–40 characters a-z, 0-9, `_` or `-`.
pub fn is_valid_dimension_key(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Checks a channel name: 1–32 characters a-z, 0-9, `_` or `-`.
pub fn check_channel(channel: &str) -> AppResult<()> {
    if is_valid_dimension_key(channel) && channel.len() <= 32 {
        Ok(())
    } else {
        Err(AppError::invalid(
            "channel",
            "must be 1–32 characters of a-z, 0-9, _ or -",
        ))
    }
}

/// Keeps the valid link parameters (at most [`MAX_DIMENSIONS`]), silently dropping the others:
/// a respondent arriving through a link with odd tracking parameters must still be able to answer.
pub fn lenient_dimensions(parameters: &BTreeMap<String, String>) -> Vec<(String, String)> {
    parameters
        .iter()
        .filter(|(k, _)| !RESERVED_PARAMETERS.contains(&k.as_str()) && is_valid_dimension_key(k))
        .map(|(k, v)| (k.clone(), v.trim().to_owned()))
        .filter(|(_, v)| {
            !v.is_empty()
                && v.chars().count() <= MAX_DIMENSION_VALUE
                && !v.chars().any(char::is_control)
        })
        .take(MAX_DIMENSIONS)
        .collect()
}

/// Keeps the link parameters that can be stored as dimensions, checking each.
pub fn check_dimensions(parameters: &BTreeMap<String, String>) -> AppResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (key, value) in parameters {
        if RESERVED_PARAMETERS.contains(&key.as_str()) {
            continue;
        }
        if !is_valid_dimension_key(key) {
            return Err(AppError::invalid(
                format!("dimensions.{}", key.chars().take(40).collect::<String>()),
                "parameter names must be 1–40 characters of a-z, 0-9, _ or -",
            ));
        }
        let value = value.trim();
        if value.chars().count() > MAX_DIMENSION_VALUE || value.chars().any(char::is_control) {
            return Err(AppError::invalid(
                format!("dimensions.{key}"),
                format!(
                    "must be at most {MAX_DIMENSION_VALUE} characters without control characters"
                ),
            ));
        }
        if !value.is_empty() {
            out.push((key.clone(), value.to_owned()));
        }
    }
    if out.len() > MAX_DIMENSIONS {
        return Err(AppError::invalid(
            "dimensions",
            format!("at most {MAX_DIMENSIONS} parameters are kept"),
        ));
    }
    Ok(out)
}

fn check_idempotency_key(key: &str) -> AppResult<()> {
    if (1..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "idempotency_key",
            "must be 1–128 printable ASCII characters",
        ))
    }
}

fn new_answers(definition: &SurveyDefinition, answers: &Answers) -> Vec<NewAnswer> {
    // In question order, so stored answers read naturally.
    definition
        .questions
        .iter()
        .filter_map(|q| {
            answers.get(&q.id).map(|a| NewAnswer {
                question_id: q.id.clone(),
                number: a.number(),
                text: a.text(),
                buckets: a.buckets(),
                analyse: q.kind.is_open_text(),
            })
        })
        .collect()
}

fn outcome(result: Result<BatchOutcome, IngestError>) -> AppResult<Submitted> {
    match result {
        Ok(BatchOutcome::Inserted { id }) => Ok(Submitted {
            response_id: id,
            duplicate: false,
        }),
        Ok(BatchOutcome::Duplicate { id }) => Ok(Submitted {
            response_id: id,
            duplicate: true,
        }),
        Ok(BatchOutcome::KeyReused { .. }) => Err(AppError::IdempotencyKeyReused),
        Ok(BatchOutcome::Closed) => Err(AppError::Closed("the survey is closed".into())),
        Err(IngestError::ShuttingDown) => Err(AppError::Unavailable(
            "the server is shutting down; retry shortly".into(),
        )),
        Err(IngestError::Storage(_)) => Err(AppError::Unavailable(
            "the response could not be stored; retry with the same idempotency key".into(),
        )),
    }
}

/// Validates a whole response's answers against the survey's current version and builds the
/// response to store. Answer problems are reported before a missing idempotency key.
fn prepare_response(
    survey: &LoadedSurvey,
    raw_answers: &Map<String, Value>,
    idempotency_key: Option<String>,
    submitted_at: i64,
    language: String,
    channel: String,
    dimensions: Vec<(String, String)>,
) -> AppResult<NewResponse> {
    let definition = &survey.definition;
    let answers =
        flow::validate_response(definition, &language, raw_answers, true).map_err(|errors| {
            let problems: Vec<FieldProblem> = errors
                .into_iter()
                .map(|e| FieldProblem::new(format!("answers.{}", e.question), e.message))
                .collect();
            AppError::Invalid {
                message: problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                problems,
            }
        })?;
    // Required so that a client retrying after a timeout or a lost answer never stores a
    // response twice. Checked after the answers, so their problems are reported first.
    let Some(key) = idempotency_key else {
        return Err(AppError::invalid(
            "idempotency_key",
            "is required: send a unique token per response (Idempotency-Key header or idempotency_key field)",
        ));
    };
    if answers.is_empty() {
        return Err(AppError::invalid(
            "answers",
            "a response needs at least one answer",
        ));
    }
    Ok(NewResponse {
        workspace_id: survey.row.workspace_id,
        survey_id: survey.row.id,
        survey_version: survey.version,
        idempotency_key: key,
        submitted_at,
        language,
        channel,
        dimensions,
        answers: new_answers(definition, &answers),
        counts_start: true,
    })
}

impl App {
    /// Validates and durably stores a whole response. Returns once it is committed.
    pub async fn submit_response(
        &self,
        survey: &LoadedSurvey,
        submission: Submission,
    ) -> AppResult<Submitted> {
        let definition = &survey.definition;
        let language = submission
            .language
            .unwrap_or_else(|| definition.default_language.clone());
        if !definition.offers(&language) {
            return Err(AppError::invalid(
                "language",
                format!(
                    "\"{}\" is not offered by this survey ({})",
                    language.chars().take(10).collect::<String>(),
                    definition.languages.join(", ")
                ),
            ));
        }
        let channel = submission.channel.unwrap_or_else(|| "api".to_owned());
        check_channel(&channel)?;
        let dimensions = check_dimensions(&submission.dimensions)?;
        if let Some(key) = &submission.idempotency_key {
            check_idempotency_key(key)?;
        }
        let now = self.now();
        let submitted_at = submission.submitted_at.unwrap_or(now);
        if submitted_at > now + 5 * 60_000 {
            return Err(AppError::invalid("submitted_at", "is in the future"));
        }
        if submitted_at < 946_684_800_000 {
            return Err(AppError::invalid("submitted_at", "is before the year 2000"));
        }
        if let Err(closed) = self.ensure_open(survey).await {
            // A retry of a stored response gets the original even after the survey closed (its
            // quota may have been reached by this very response); the same payload is required,
            // as on a live survey. Only this path pays for the lookup; on a live survey the batch
            // insert recognises retries itself.
            if let Some(key) = &submission.idempotency_key
                && let Some(stored) = self.store.find_response_by_key(survey.row.id, key).await?
            {
                let response = prepare_response(
                    survey,
                    &submission.answers,
                    Some(key.clone()),
                    submitted_at,
                    language,
                    channel,
                    dimensions,
                )?;
                return if stored.matches(&response.fingerprint()) {
                    Ok(Submitted {
                        response_id: stored.id,
                        duplicate: true,
                    })
                } else {
                    Err(AppError::IdempotencyKeyReused)
                };
            }
            return Err(closed);
        }
        let response = prepare_response(
            survey,
            &submission.answers,
            submission.idempotency_key,
            submitted_at,
            language,
            channel,
            dimensions,
        )?;
        let result = outcome(self.ingest.submit(response).await);
        if matches!(result, Err(AppError::Closed(_))) {
            self.surveys.forget(&survey.row.slug);
        }
        result
    }
}

/// The state of one respondent on the survey page.
#[derive(Debug, Clone)]
pub struct PageSession {
    pub token: String,
    /// Stored already (false until the first answer is saved).
    pub stored: bool,
    pub language: String,
    pub channel: String,
    pub dimensions: Vec<(String, String)>,
    pub answers: Answers,
    /// Id of the question on screen.
    pub current: Option<String>,
    /// Set when the response has been submitted.
    pub response_id: Option<i64>,
    pub survey_version: i64,
}

/// Reads stored partial answers back, dropping any that no longer fit the definition.
pub fn decode_answers(definition: &SurveyDefinition, json: &str) -> Answers {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
        return Answers::new();
    };
    map.iter()
        .filter_map(|(id, value)| {
            let question = definition.question(id)?;
            match parse_answer(question, RawAnswer::Json(value)) {
                Ok(Some(answer)) => Some((id.clone(), answer)),
                _ => None,
            }
        })
        .collect()
}

fn encode_answers(answers: &Answers) -> String {
    let map: Map<String, Value> = answers
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    Value::Object(map).to_string()
}

impl App {
    /// The page session for a token, if it exists and belongs to this survey.
    pub async fn load_page_session(
        &self,
        survey: &LoadedSurvey,
        token: &str,
    ) -> AppResult<Option<PageSession>> {
        let row = match self.store.get_partial(token).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if row.survey_id != survey.row.id {
            return Ok(None);
        }
        // Answers are read against the version the respondent started on.
        let definition = self
            .definition_of_version(survey, row.survey_version)
            .await?;
        let dimensions: BTreeMap<String, String> =
            serde_json::from_str(&row.dimensions).unwrap_or_default();
        Ok(Some(PageSession {
            token: row.token,
            stored: true,
            language: row.language,
            channel: row.channel,
            dimensions: dimensions.into_iter().collect(),
            answers: decode_answers(&definition, &row.answers),
            current: row.current_question,
            response_id: row.response_id,
            survey_version: row.survey_version,
        }))
    }

    /// Saves a page session's answers (creating it, and counting the start, on first save).
    pub async fn save_page_session(
        &self,
        survey: &LoadedSurvey,
        session: &mut PageSession,
    ) -> AppResult<()> {
        let now = self.now();
        let answers = encode_answers(&session.answers);
        if !session.stored {
            let dimensions: BTreeMap<&str, &str> = session
                .dimensions
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let inserted = self
                .store
                .insert_partial(&PartialRow {
                    token: session.token.clone(),
                    survey_id: survey.row.id,
                    survey_version: session.survey_version,
                    language: session.language.clone(),
                    channel: session.channel.clone(),
                    dimensions: serde_json::to_string(&dimensions).unwrap_or_else(|_| "{}".into()),
                    answers: answers.clone(),
                    current_question: session.current.clone(),
                    started_at: now,
                    updated_at: now,
                    response_id: None,
                })
                .await?;
            session.stored = true;
            if inserted {
                return self
                    .store
                    .count_start(survey.row.id, now, &session.channel, &session.language)
                    .await
                    .map_err(Into::into);
            }
            // A double-clicked first screen saves twice: the second save updates the row the
            // first one made, and the start is counted once.
        }
        self.store
            .update_partial(
                &session.token,
                &session.language,
                &answers,
                session.current.as_deref(),
                now,
            )
            .await?;
        Ok(())
    }

    /// Submits a finished page session as a response (idempotent: the token is the key).
    pub async fn complete_page_session(
        &self,
        survey: &LoadedSurvey,
        session: &mut PageSession,
    ) -> AppResult<Submitted> {
        if let Some(id) = session.response_id {
            return Ok(Submitted {
                response_id: id,
                duplicate: true,
            });
        }
        let key = format!("page:{}", session.token);
        if let Err(closed) = self.ensure_open(survey).await {
            // The final screen may have been stored just before the survey closed (a retry after
            // a lost answer): show it as done rather than "closed".
            if let Some(stored) = self.store.find_response_by_key(survey.row.id, &key).await? {
                session.response_id = Some(stored.id);
                return Ok(Submitted {
                    response_id: stored.id,
                    duplicate: true,
                });
            }
            return Err(closed);
        }
        let definition = self
            .definition_of_version(survey, session.survey_version)
            .await?;
        flow::prune_to_path(&definition, &mut session.answers, &session.language);
        // The page submits only complete responses: every required question on the path answered,
        // and something answered at all.
        if let Some(index) =
            flow::first_missing_required(&definition, &session.answers, &session.language)
        {
            return Err(AppError::invalid(
                format!("answers.{}", definition.questions[index].id),
                "is required",
            ));
        }
        if session.answers.is_empty() {
            return Err(AppError::invalid(
                "answers",
                "a response needs at least one answer",
            ));
        }
        let response = NewResponse {
            workspace_id: survey.row.workspace_id,
            survey_id: survey.row.id,
            survey_version: session.survey_version,
            idempotency_key: key,
            submitted_at: self.now(),
            language: session.language.clone(),
            channel: session.channel.clone(),
            dimensions: session.dimensions.clone(),
            answers: new_answers(&definition, &session.answers),
            counts_start: !session.stored,
        };
        let submitted = match self.ingest.submit(response).await {
            // The token is the page's own key for one respondent's one response: a final form
            // sent again with other answers (the browser's back button, then a changed answer)
            // cannot store a second response, and the respondent sees the thank-you page as
            // for any replay, instead of an error they cannot act on.
            Ok(BatchOutcome::KeyReused { id }) => Ok(Submitted {
                response_id: id,
                duplicate: true,
            }),
            other => outcome(other),
        };
        if matches!(submitted, Err(AppError::Closed(_))) {
            self.surveys.forget(&survey.row.slug);
        }
        let submitted = submitted?;
        if session.stored {
            self.store
                .finish_partial(&session.token, submitted.response_id, self.now())
                .await?;
        }
        session.response_id = Some(submitted.response_id);
        Ok(submitted)
    }
}

/// The answer of a page session to a question, as form values to pre-fill the screen.
pub fn prefill(answer: Option<&AnswerValue>) -> Vec<String> {
    match answer {
        None => Vec::new(),
        Some(AnswerValue::Score(n)) => vec![n.to_string()],
        Some(AnswerValue::YesNo(b)) => vec![if *b { "yes" } else { "no" }.to_owned()],
        Some(AnswerValue::Choice(id)) => vec![id.clone()],
        Some(AnswerValue::Choices(ids)) => ids.clone(),
        Some(AnswerValue::Text(t)) => vec![t.clone()],
        Some(AnswerValue::Contact(c)) => c.iter().map(|(k, v)| format!("{k}={v}")).collect(),
    }
}
