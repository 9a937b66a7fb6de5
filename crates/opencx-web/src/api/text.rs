//! Teaching the text analysis through the API, as the *Text analytics* page and a response's
//! *Correct this analysis* do in the app:
//!
//! - `GET /api/v1/taxonomy` and `PUT /api/v1/taxonomy`: the workspace's themes with their names
//!   and keywords per language; a save names the version it replaces, so that two editors
//!   cannot overwrite each other unseen, and re-analyses every open answer in the background;
//! - `GET /api/v1/reanalysis` and `POST /api/v1/reanalysis`: how far the latest re-analysis
//!   got, and starting one;
//! - `POST /api/v1/responses/{id}/corrections`: correcting an open answer's sentiment, its
//!   themes and their sentiment. Corrections are kept, win over every later analysis and teach
//!   the workspace's sentiment model.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use opencx_app::training::Corrector;
use opencx_store::{Correction, CorrectionRow, Reanalysis};
use opencx_text::themes::{Taxonomy, Theme};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::{ApiError, ApiResult};
use crate::api::responses::analysis_json;
use crate::api::surveys::parse_id;
use crate::time::rfc3339;

/// A theme as the API takes it: the taxonomy's own fields, and nothing else (a misspelt field
/// is refused, not dropped).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeBody {
    pub id: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub keywords: BTreeMap<String, Vec<String>>,
}

/// Body of `PUT /api/v1/taxonomy`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyBody {
    /// The version this taxonomy replaces, as `GET /api/v1/taxonomy` gave it.
    pub version: i64,
    pub themes: Vec<ThemeBody>,
}

/// The JSON view of a workspace's taxonomy.
fn taxonomy_json(version: i64, taxonomy: &Taxonomy) -> Value {
    json!({"version": version, "themes": taxonomy.themes})
}

/// The JSON view of a re-analysis (`null` when none was ever started).
fn reanalysis_json(reanalysis: Option<&Reanalysis>) -> Value {
    match reanalysis {
        None => Value::Null,
        Some(r) => json!({
            "reason": r.reason,
            "started_at": rfc3339(r.started_at),
            "total": r.total,
            "done": (r.total - r.remaining).max(0),
            "remaining": r.remaining,
            "running": r.remaining > 0,
        }),
    }
}

/// `GET /api/v1/taxonomy`: the themes and their version (0 for the starter set, never edited).
pub async fn get_taxonomy(State(state): State<AppState>, auth: ApiAuth) -> ApiResult<Json<Value>> {
    let (version, taxonomy) = state.app.workspace_taxonomy(auth.workspace_id()).await?;
    Ok(Json(taxonomy_json(version, &taxonomy)))
}

/// `PUT /api/v1/taxonomy`: replaces the themes if `version` is still the one in force (409
/// otherwise), after the checks the app's form makes (422 with every problem, each at
/// `themes[i].…`); then every open answer is analysed again in the background.
pub async fn put_taxonomy(
    State(state): State<AppState>,
    auth: ApiAuth,
    body: Result<Json<TaxonomyBody>, JsonRejection>,
) -> ApiResult<Json<Value>> {
    let Json(body) = body?;
    if body.version < 0 {
        return Err(ApiError::invalid(
            "version",
            "must be the version GET /api/v1/taxonomy gave (0 or more)",
        ));
    }
    let taxonomy = Taxonomy {
        themes: body
            .themes
            .into_iter()
            .map(|t| Theme {
                id: t.id,
                parent: t.parent,
                names: t.names,
                keywords: t.keywords,
            })
            .collect(),
    };
    let workspace = auth.workspace_id();
    let version = state
        .app
        .save_taxonomy(workspace, &taxonomy, body.version)
        .await
        .map_err(|e| match e {
            opencx_app::AppError::Conflict(_) => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                format!(
                    "the themes are no longer at version {}: they were changed meanwhile; \
                     GET /api/v1/taxonomy and apply your change to what it gives",
                    body.version
                ),
            ),
            other => other.into(),
        })?;
    let reanalysis = state.app.reanalysis(workspace).await?;
    let mut value = taxonomy_json(version, &taxonomy);
    value["reanalysis"] = reanalysis_json(reanalysis.as_ref());
    Ok(Json(value))
}

/// `GET /api/v1/reanalysis`: the latest re-analysis of the workspace's open answers.
pub async fn get_reanalysis(
    State(state): State<AppState>,
    auth: ApiAuth,
) -> ApiResult<Json<Value>> {
    let reanalysis = state.app.reanalysis(auth.workspace_id()).await?;
    Ok(Json(
        json!({"reanalysis": reanalysis_json(reanalysis.as_ref())}),
    ))
}

/// `POST /api/v1/reanalysis`: analyses every open answer of the workspace again, in the
/// background (202); corrections are kept.
pub async fn start_reanalysis(
    State(state): State<AppState>,
    auth: ApiAuth,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let workspace = auth.workspace_id();
    state.app.reanalyse_workspace(workspace, "request").await?;
    let reanalysis = state.app.reanalysis(workspace).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({"reanalysis": reanalysis_json(reanalysis.as_ref())})),
    ))
}

/// Body of `POST /api/v1/responses/{id}/corrections`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionsBody {
    /// The open question whose answer is corrected.
    pub question: String,
    /// The answer's sentiment: positive, neutral or negative.
    pub sentiment: Option<String>,
    /// Themes the answer mentions (`true`) or does not (`false`), by id.
    #[serde(default)]
    pub themes: BTreeMap<String, bool>,
    /// The sentiment of a theme's mention, by id; `null` lets the analysis decide again.
    #[serde(default)]
    pub theme_sentiments: BTreeMap<String, Option<String>>,
}

/// The JSON view of a stored correction.
fn correction_json(row: &CorrectionRow) -> Value {
    let (kind, target, value) = match &row.correction {
        Correction::Sentiment(label) => ("sentiment", None, json!(label)),
        Correction::Theme { theme, present } => ("theme", Some(theme), json!(present)),
        Correction::ThemeSentiment { theme, label } => {
            ("theme_sentiment", Some(theme), json!(label))
        }
    };
    let by = match Corrector::from_stored(row.corrected_by) {
        Corrector::ApiKey(id) => json!({"api_key": id.to_string()}),
        Corrector::User(id) => json!({"user": id.to_string()}),
    };
    json!({
        "kind": kind,
        "theme": target,
        "value": value,
        "corrected_at": rfc3339(row.corrected_at),
        "corrected_by": by,
    })
}

/// `POST /api/v1/responses/{id}/corrections`: corrects the analysis of one open answer. The
/// corrections are checked together and stored in one transaction (none when one is refused);
/// the answer's analysis is updated at once. Answers with the analysis after the corrections
/// (`text`, as in the response's `text.{question}`) and every correction of the answer.
pub async fn correct_answer(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    body: Result<Json<CorrectionsBody>, JsonRejection>,
) -> ApiResult<Json<Value>> {
    let Json(body) = body?;
    let workspace = auth.workspace_id();
    let response_id = parse_id(&id, "response")?;
    let response = state
        .app
        .store
        .get_response(workspace, response_id)
        .await
        .map_err(opencx_app::surveys::not_found("response"))?;
    let question = body.question.as_str();
    // Choices and contact details are stored as text too: the definition the response
    // answered says which questions are open ones, whose answers are analysed.
    let row = state
        .app
        .store
        .get_survey(workspace, response.survey_id)
        .await
        .map_err(opencx_app::surveys::not_found("survey"))?;
    let survey = state
        .app
        .load_version(row, Some(response.survey_version))
        .await?;
    let open = survey
        .definition
        .question(question)
        .is_some_and(|q| q.kind.is_open_text());
    if !open
        || !response
            .answers
            .iter()
            .any(|a| a.question_id == question && a.text.is_some())
    {
        return Err(ApiError::invalid(
            "question",
            "must be the id of an open question this response answered",
        ));
    }
    let mut corrections = Vec::new();
    if let Some(label) = body.sentiment {
        corrections.push(Correction::Sentiment(label));
    }
    for (theme, present) in body.themes {
        corrections.push(Correction::Theme { theme, present });
    }
    for (theme, label) in body.theme_sentiments {
        corrections.push(Correction::ThemeSentiment { theme, label });
    }
    if corrections.is_empty() {
        return Err(ApiError::invalid(
            "sentiment",
            "nothing to correct: give sentiment, themes or theme_sentiments",
        ));
    }
    state
        .app
        .correct_answer(
            workspace,
            Corrector::ApiKey(auth.0.key_id),
            response_id,
            question,
            corrections,
        )
        .await
        .map_err(|e| match e {
            // Stored, not analysed yet: say when it can be corrected.
            opencx_app::AppError::NotFound(_) => ApiError::new(
                StatusCode::CONFLICT,
                "not_analysed",
                "this answer has not been analysed yet (within a second or two of arriving, \
                 or after a re-analysis under way); try again shortly",
            ),
            other => other.into(),
        })?;
    let analyses = state
        .app
        .store
        .text_analyses_of(response.survey_id, response_id)
        .await
        .map_err(opencx_app::AppError::from)?;
    let corrections = state
        .app
        .store
        .corrections_of(response_id)
        .await
        .map_err(opencx_app::AppError::from)?;
    Ok(Json(json!({
        "response_id": response_id.to_string(),
        "question": question,
        "text": analyses.iter().find(|a| a.question_id == question).map(analysis_json),
        "corrections": corrections
            .iter()
            .filter(|c| c.question_id == question)
            .map(correction_json)
            .collect::<Vec<_>>(),
    })))
}
