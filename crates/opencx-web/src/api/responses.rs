//! Responses: list with paging and filters, get one, create (for integrations collecting answers
//! themselves), and the public JSON intake used by widgets and the benchmark.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::Json;
use axum::extract::FromRequestParts;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use opencx_app::metrics::parse_day;
use opencx_app::respond::{Submission, Submitted};
use opencx_app::surveys::not_found;
use opencx_domain::answer::AnswerValue;
use opencx_domain::survey::SurveyDefinition;
use opencx_store::{ResponseFilter, StoredResponse};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::{ApiError, ApiResult};
use crate::api::surveys::parse_id;
use crate::time::rfc3339;

/// Body of a response submission.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateResponse {
    /// Answers by question id.
    pub answers: Map<String, Value>,
    pub language: Option<String>,
    pub channel: Option<String>,
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    pub idempotency_key: Option<String>,
    /// RFC 3339 time the answers were given (imports); now when absent. API only.
    pub submitted_at: Option<String>,
}

/// The `Idempotency-Key` header, read without copying the request's other headers (a
/// `HeaderMap` argument clones them all).
pub struct IdempotencyKeyHeader(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKeyHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let key = match parts.headers.get("idempotency-key") {
            Some(value) => Some(
                value
                    .to_str()
                    .map_err(|_| ApiError::invalid("Idempotency-Key", "must be printable ASCII"))?
                    .to_owned(),
            ),
            None => None,
        };
        Ok(IdempotencyKeyHeader(key))
    }
}

fn idempotency_key(
    IdempotencyKeyHeader(header): IdempotencyKeyHeader,
    body: Option<String>,
) -> ApiResult<Option<String>> {
    match (header, body) {
        (Some(h), Some(b)) if h != b => Err(ApiError::invalid(
            "idempotency_key",
            "differs from the Idempotency-Key header; send one of them",
        )),
        (h, b) => Ok(h.or(b)),
    }
}

fn submitted(result: Submitted) -> Response {
    let status = if result.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (
        status,
        Json(json!({"id": result.response_id.to_string(), "duplicate": result.duplicate})),
    )
        .into_response()
}

/// `POST /api/v1/surveys/{id}/responses`
pub async fn create_response(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    header: IdempotencyKeyHeader,
    body: Result<Json<CreateResponse>, JsonRejection>,
) -> ApiResult<Response> {
    let Json(body) = body?;
    let survey = state
        .app
        .get_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    let submitted_at = match body.submitted_at.as_deref() {
        None => None,
        Some(s) => Some(opencx_domain::survey::parse_rfc3339_ms(s).ok_or_else(|| {
            ApiError::invalid(
                "submitted_at",
                "must be an RFC 3339 time like 2026-11-23T10:00:00Z",
            )
        })?),
    };
    let submission = Submission {
        answers: body.answers,
        language: body.language,
        channel: body.channel,
        dimensions: body.dimensions,
        idempotency_key: idempotency_key(header, body.idempotency_key)?,
        submitted_at,
    };
    Ok(submitted(
        state.app.submit_response(&survey, submission).await?,
    ))
}

/// Body of the public intake: like the API's, without a time (it is always now).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicResponse {
    pub answers: Map<String, Value>,
    pub language: Option<String>,
    pub channel: Option<String>,
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    pub idempotency_key: Option<String>,
}

/// `POST /s/{slug}/responses`: whole responses from the website widget or any client. Requires
/// an idempotency key (header or field), so that a client's retry never stores twice.
pub async fn submit_public_response(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    header: IdempotencyKeyHeader,
    body: Result<Json<PublicResponse>, JsonRejection>,
) -> ApiResult<Response> {
    let Json(body) = body?;
    let key = idempotency_key(header, body.idempotency_key)?.ok_or_else(|| {
        ApiError::invalid(
            "idempotency_key",
            "is required: send a unique token per response (e.g. a UUID)",
        )
    })?;
    let survey = state.app.survey_by_slug(&slug).await?;
    let submission = Submission {
        answers: body.answers,
        language: body.language,
        channel: Some(body.channel.unwrap_or_else(|| "link".to_owned())),
        dimensions: body.dimensions,
        idempotency_key: Some(key),
        submitted_at: None,
    };
    Ok(submitted(
        state.app.submit_response(&survey, submission).await?,
    ))
}

/// The analyses of a response's open answers, by question (see [`analysis_json`]).
fn analyses_json(analyses: &[&opencx_store::TextAnalysisRow]) -> Value {
    let mut out = Map::new();
    for a in analyses {
        out.insert(a.question_id.clone(), analysis_json(a));
    }
    Value::Object(out)
}

/// The analysis of an open answer: language, sentiment (label, score −1 … 1, who decided) and
/// themes with the sentiment of their mention.
pub fn analysis_json(a: &opencx_store::TextAnalysisRow) -> Value {
    json!({
        "language": a.language,
        "sentiment": a.sentiment,
        "score": a.sentiment_score as f64 / 1000.0,
        "decided_by": a.decided_by,
        "themes": a.themes.iter().map(|(id, sentiment)| json!({
            "id": id,
            "sentiment": sentiment,
        })).collect::<Vec<_>>(),
    })
}

/// A response as the API shows it, with the analyses of its open answers (`text`, by question;
/// empty until they are analysed).
pub fn response_json(
    response: &StoredResponse,
    definition: &SurveyDefinition,
    analyses: &[&opencx_store::TextAnalysisRow],
) -> Value {
    let mut answers = Map::new();
    for answer in &response.answers {
        let value = definition
            .question(&answer.question_id)
            .and_then(|q| AnswerValue::from_stored(q, answer.number, answer.text.as_deref()))
            .map(|a| a.to_json())
            // A question removed from the definition since: show what is stored.
            .unwrap_or_else(|| {
                json!(
                    answer
                        .number
                        .map(Value::from)
                        .or(answer.text.clone().map(Value::from))
                )
            });
        answers.insert(answer.question_id.clone(), value);
    }
    json!({
        "id": response.id.to_string(),
        "survey_id": response.survey_id.to_string(),
        "survey_version": response.survey_version,
        "submitted_at": rfc3339(response.submitted_at),
        "language": response.language,
        "channel": response.channel,
        "dimensions": response.dimensions,
        "answers": answers,
        "text": analyses_json(analyses),
    })
}

/// `GET /api/v1/surveys/{id}/responses?from=&to=&channel=&language=&dim.KEY=&score=Q:MIN..MAX&sentiment=&theme=&before=&limit=`
pub async fn list_responses(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(pairs) = query?;
    let survey_id = parse_id(&id, "survey")?;
    let survey = state.app.get_survey(auth.workspace_id(), survey_id).await?;
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let mut filter = ResponseFilter {
        workspace_id: auth.workspace_id(),
        survey_id,
        limit: 50,
        ..Default::default()
    };
    for (key, value) in pairs {
        match key.as_str() {
            "from" => filter.from_ms = Some(zone.day_start(day(&key, &value)?)),
            "to" => filter.to_ms = Some(zone.day_start(day(&key, &value)? + 1)),
            "channel" => {
                opencx_app::respond::check_channel(&value)?;
                filter.channel = Some(value);
            }
            "language" => {
                if !opencx_domain::lang::is_valid_code(&value) {
                    return Err(ApiError::invalid(
                        "language",
                        "must be a language code like en or he",
                    ));
                }
                filter.language = Some(value);
            }
            "before" => {
                filter.before_id = Some(
                    value
                        .parse()
                        .map_err(|_| ApiError::invalid("before", "must be a response id"))?,
                )
            }
            "limit" => {
                filter.limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=500).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid("limit", "must be a whole number from 1 to 500")
                    })?;
            }
            "score" => {
                let parsed = value.split_once(':').and_then(|(q, range)| {
                    let (lo, hi) = range.split_once("..")?;
                    let (lo, hi): (i64, i64) = (lo.parse().ok()?, hi.parse().ok()?);
                    (opencx_domain::survey::is_valid_id(q) && lo <= hi)
                        .then(|| (q.to_owned(), lo, hi))
                });
                filter.score = Some(parsed.ok_or_else(|| {
                    ApiError::invalid(
                        "score",
                        "must look like QUESTION:MIN..MAX with MIN <= MAX, e.g. nps:0..6",
                    )
                })?);
            }
            "sentiment" => {
                if !["positive", "neutral", "negative"].contains(&value.as_str()) {
                    return Err(ApiError::invalid(
                        "sentiment",
                        "must be positive, neutral or negative",
                    ));
                }
                filter.sentiment = Some(value);
            }
            "theme" => {
                let (_, taxonomy) = state.app.workspace_taxonomy(auth.workspace_id()).await?;
                if taxonomy.get(&value).is_none() {
                    return Err(ApiError::invalid(
                        "theme",
                        "must be the id of a theme of the workspace (see GET /api/v1/themes)",
                    ));
                }
                filter.theme = Some(value);
            }
            other => match other.strip_prefix("dim.") {
                Some(dimension) if opencx_app::respond::is_valid_dimension_key(dimension) => {
                    if value.chars().any(char::is_control)
                        || value.chars().count() > opencx_app::respond::MAX_DIMENSION_VALUE
                    {
                        return Err(ApiError::invalid(
                            other,
                            "must be a value without control characters, at most 200 characters",
                        ));
                    }
                    filter.dimensions.push((dimension.to_owned(), value));
                }
                _ => {
                    return Err(ApiError::invalid(
                        other,
                        "unknown parameter (use from, to, channel, language, score, sentiment, theme, dim.NAME, before, limit)",
                    ));
                }
            },
        }
    }
    let page = state
        .app
        .store
        .list_responses(&filter)
        .await
        .map_err(|e| match e {
            // The survey was found above: what is not is the cursor.
            opencx_store::StoreError::NotFound => ApiError::invalid(
                "before",
                "must be a response of this survey: the next_before of an earlier page",
            ),
            other => opencx_app::AppError::from(other).into(),
        })?;
    let mut definitions: HashMap<i64, Arc<SurveyDefinition>> = HashMap::new();
    definitions.insert(survey.version, survey.definition.clone());
    let ids: Vec<i64> = page.responses.iter().map(|r| r.id).collect();
    let analyses = state
        .app
        .store
        .text_analyses_of_responses(survey_id, &ids)
        .await
        .map_err(opencx_app::AppError::from)?;
    let mut items = Vec::with_capacity(page.responses.len());
    for response in &page.responses {
        if let std::collections::hash_map::Entry::Vacant(slot) =
            definitions.entry(response.survey_version)
        {
            let loaded = state
                .app
                .load_version(survey.row.clone(), Some(response.survey_version))
                .await?;
            slot.insert(loaded.definition);
        }
        let own: Vec<&opencx_store::TextAnalysisRow> = analyses
            .iter()
            .filter(|a| a.response_id == response.id)
            .collect();
        items.push(response_json(
            response,
            &definitions[&response.survey_version],
            &own,
        ));
    }
    Ok(Json(json!({
        "responses": items,
        "next_before": page.next_before_id.map(|id| id.to_string()),
    })))
}

/// A `YYYY-MM-DD` day number (a day of the workspace's zone).
fn day(field: &str, value: &str) -> ApiResult<i64> {
    parse_day(value).ok_or_else(|| ApiError::invalid(field, "must be a date like 2026-11-23"))
}

/// `GET /api/v1/responses/{id}`
pub async fn get_response(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let response = state
        .app
        .store
        .get_response(auth.workspace_id(), parse_id(&id, "response")?)
        .await
        .map_err(not_found("response"))?;
    let row = state
        .app
        .store
        .get_survey(auth.workspace_id(), response.survey_id)
        .await
        .map_err(not_found("survey"))?;
    let survey = state
        .app
        .load_version(row, Some(response.survey_version))
        .await?;
    let analyses = state
        .app
        .store
        .text_analyses_of(response.survey_id, response.id)
        .await
        .map_err(opencx_app::AppError::from)?;
    let own: Vec<&opencx_store::TextAnalysisRow> = analyses.iter().collect();
    Ok(Json(response_json(&response, &survey.definition, &own)))
}
