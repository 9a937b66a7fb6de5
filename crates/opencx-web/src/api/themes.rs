//! `GET /api/v1/surveys/{id}/themes` and `GET /api/v1/themes`: what the open answers of a survey
//! or of the whole workspace talk about — themes with mentions, sentiment split, impact on the
//! score and weekly trend — and the trending pain points with their example answers, the signal
//! alerting acts on. `GET /api/v1/pain-points` returns the pain points alone, and
//! `GET /api/v1/themes/{theme}/answers` the open answers that mention a theme.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use opencx_app::metrics::parse_day;
use opencx_app::text_themes::{PainPoint, ThemesReport};
use opencx_domain::zone::Zone;
use opencx_store::{AnswerKey, TextScope, ThemeAnswer, ThemeAnswerFilter};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::auth::ApiAuth;
use crate::api::error::{ApiError, ApiResult};
use crate::api::surveys::parse_id;

/// Days covered when no `from` is given.
const DEFAULT_DAYS: i64 = 90;

/// Query parameters of the themes endpoints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemesParams {
    /// First day, `YYYY-MM-DD` (in the workspace's time zone), included; default 89 days
    /// before `to`, at most 730.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (in the workspace's time zone), included; default today.
    pub to: Option<String>,
    /// Language of the theme names (en, pl, he, fa); default en.
    pub lang: Option<String>,
    /// A survey id, for the pain points of one survey.
    pub survey: Option<String>,
}

/// The period `[from, to)` in ms: whole days of the workspace's `zone`.
fn period(state: &AppState, params: &ThemesParams, zone: Zone) -> ApiResult<(i64, i64)> {
    days(state, (&params.from, &params.to), zone)
}

/// The period `[from, to)` in ms of the days `from` and `to` (`YYYY-MM-DD`, both included;
/// default the 90 days to today) of the workspace's `zone`.
fn days(
    state: &AppState,
    (from, to): (&Option<String>, &Option<String>),
    zone: Zone,
) -> ApiResult<(i64, i64)> {
    let day = |field: &str, value: &Option<String>| -> ApiResult<Option<i64>> {
        value
            .as_deref()
            .map(|v| {
                parse_day(v)
                    .ok_or_else(|| ApiError::invalid(field, "must be a date like 2026-11-23"))
            })
            .transpose()
    };
    let now = state.app.now();
    let today = zone.day_of(now);
    // A later "to" ends today: the last week ends now, so a period past today would be cut to
    // its first millisecond. A "from" after today has nothing to report.
    let to_day = day("to", to)?.map_or(today, |d| d.min(today));
    let from_day = day("from", from)?.unwrap_or(to_day - DEFAULT_DAYS + 1);
    if from_day > today {
        return Err(ApiError::invalid(
            "from",
            "must not be after today (in the workspace's time zone)",
        ));
    }
    if from_day > to_day {
        return Err(ApiError::invalid("from", "must not be after to"));
    }
    // The last week of the period ends now when the period runs to today.
    let from = zone.day_start(from_day);
    let to = zone.day_start(to_day + 1).min(now.max(from + 1));
    Ok((from, to))
}

fn language(params: &ThemesParams) -> ApiResult<String> {
    match params.lang.as_deref() {
        None => Ok("en".into()),
        Some(code @ ("en" | "pl" | "he" | "fa")) => Ok(code.into()),
        Some(_) => Err(ApiError::invalid("lang", "must be en, pl, he or fa")),
    }
}

/// `GET /api/v1/surveys/{id}/themes`
pub async fn survey_themes(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(id): Path<String>,
    params: Result<Query<ThemesParams>, QueryRejection>,
) -> ApiResult<Json<ThemesReport>> {
    let Query(params) = params?;
    if params.survey.is_some() {
        return Err(ApiError::invalid("survey", "is given in the path here"));
    }
    let survey = state
        .app
        .get_survey(auth.workspace_id(), parse_id(&id, "survey")?)
        .await?;
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let report = state
        .app
        .themes_report(
            auth.workspace_id(),
            TextScope::Survey(survey.row.id),
            period(&state, &params, zone)?,
            &language(&params)?,
        )
        .await?;
    Ok(Json(report))
}

/// `GET /api/v1/themes`
pub async fn workspace_themes(
    State(state): State<AppState>,
    auth: ApiAuth,
    params: Result<Query<ThemesParams>, QueryRejection>,
) -> ApiResult<Json<ThemesReport>> {
    let Query(params) = params?;
    if params.survey.is_some() {
        return Err(ApiError::invalid(
            "survey",
            "use /api/v1/surveys/{id}/themes for one survey",
        ));
    }
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let report = state
        .app
        .themes_report(
            auth.workspace_id(),
            TextScope::Workspace(auth.workspace_id()),
            period(&state, &params, zone)?,
            &language(&params)?,
        )
        .await?;
    Ok(Json(report))
}

/// The pain points of the week before `to` (default now).
#[derive(Debug, Serialize)]
pub struct PainPoints {
    /// The end of the current week (RFC 3339).
    pub until: String,
    pub pain_points: Vec<PainPoint>,
}

/// `GET /api/v1/pain-points`
pub async fn pain_points(
    State(state): State<AppState>,
    auth: ApiAuth,
    params: Result<Query<ThemesParams>, QueryRejection>,
) -> ApiResult<Json<PainPoints>> {
    let Query(params) = params?;
    if params.from.is_some() {
        return Err(ApiError::invalid(
            "from",
            "pain points compare the week before `to` with the week before it",
        ));
    }
    let scope = match &params.survey {
        Some(id) => {
            let survey = state
                .app
                .get_survey(auth.workspace_id(), parse_id(id, "survey")?)
                .await?;
            TextScope::Survey(survey.row.id)
        }
        None => TextScope::Workspace(auth.workspace_id()),
    };
    let zone = state.app.workspace_zone(auth.workspace_id()).await?;
    let (_, until) = period(&state, &params, zone)?;
    let pain_points = state
        .app
        .pain_points(auth.workspace_id(), scope, until, &language(&params)?)
        .await?;
    Ok(Json(PainPoints {
        until: crate::time::rfc3339(until),
        pain_points,
    }))
}

/// Query parameters of `GET /api/v1/themes/{theme}/answers`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeAnswersParams {
    /// First day, `YYYY-MM-DD` (in the workspace's time zone), included; default 89 days
    /// before `to`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, included; default today.
    pub to: Option<String>,
    /// A survey id: only its answers.
    pub survey: Option<String>,
    /// positive, neutral or negative: of what the answer says about the theme.
    pub sentiment: Option<String>,
    /// en, pl, he or fa: the language found in the answer.
    pub language: Option<String>,
    /// Text the answer contains (ignoring case), at most 200 characters.
    pub q: Option<String>,
    /// The `next` of the page before.
    pub after: Option<String>,
    /// Answers per page, 1 to 500; default 50.
    pub limit: Option<String>,
}

/// An open answer that mentions the theme.
#[derive(Debug, Serialize)]
pub struct ThemeAnswerItem {
    pub response_id: String,
    pub survey_id: String,
    pub question_id: String,
    /// RFC 3339.
    pub submitted_at: String,
    pub text: String,
    /// The language found in the answer.
    pub language: String,
    /// The sentiment of what the answer says about the theme.
    pub theme_sentiment: String,
    /// The sentiment of the whole answer.
    pub sentiment: String,
    /// The words of the answer that made the theme, in the order they appear (empty when a
    /// person added the theme).
    pub words: Vec<String>,
}

/// A page of a theme's answers, newest first.
#[derive(Debug, Serialize)]
pub struct ThemeAnswers {
    pub theme: String,
    /// RFC 3339: the period covered, `[from, to)`.
    pub from: String,
    pub to: String,
    pub answers: Vec<ThemeAnswerItem>,
    /// Pass as `after` for the next page; null on the last one.
    pub next: Option<String>,
}

/// The words of `answer` that made `theme` (as its stored analysis records them).
fn theme_words(answer: &ThemeAnswer, theme: &str) -> Vec<String> {
    let text = &answer.answer.text;
    let mut spans: Vec<(usize, usize)> = opencx_app::text::theme_spans(&answer.details)
        .into_iter()
        .filter(|(_, id)| id == theme)
        .map(|(span, _)| span)
        .collect();
    spans.sort_unstable();
    let mut words: Vec<String> = Vec::new();
    for (start, end) in spans {
        if let Some(word) = text.get(start..end)
            && !words.iter().any(|w| w == word)
        {
            words.push(word.to_owned());
        }
    }
    words
}

/// `GET /api/v1/themes/{theme}/answers`
pub async fn theme_answers(
    State(state): State<AppState>,
    auth: ApiAuth,
    Path(theme): Path<String>,
    params: Result<Query<ThemeAnswersParams>, QueryRejection>,
) -> ApiResult<Json<ThemeAnswers>> {
    let Query(params) = params?;
    let workspace = auth.workspace_id();
    let (_, taxonomy) = state.app.workspace_taxonomy(workspace).await?;
    if taxonomy.get(&theme).is_none() {
        return Err(ApiError::not_found("theme"));
    }
    let scope = match &params.survey {
        Some(id) => {
            let survey = state
                .app
                .get_survey(workspace, parse_id(id, "survey")?)
                .await?;
            TextScope::Survey(survey.row.id)
        }
        None => TextScope::Workspace(workspace),
    };
    let zone = state.app.workspace_zone(workspace).await?;
    let period = days(&state, (&params.from, &params.to), zone)?;
    let sentiment = match params.sentiment.as_deref() {
        None => None,
        Some(s @ ("positive" | "neutral" | "negative")) => Some(s),
        Some(_) => {
            return Err(ApiError::invalid(
                "sentiment",
                "must be positive, neutral or negative",
            ));
        }
    };
    let language = match params.language.as_deref() {
        None => None,
        Some(code) if opencx_domain::lang::SUPPORTED.contains(&code) => Some(code),
        Some(_) => return Err(ApiError::invalid("language", "must be en, pl, he or fa")),
    };
    let text = match params.q.as_deref() {
        Some(q) if q.trim().is_empty() => {
            return Err(ApiError::invalid("q", "must not be empty"));
        }
        Some(q) if q.chars().count() > 200 => {
            return Err(ApiError::invalid("q", "must be at most 200 characters"));
        }
        q => q,
    };
    let after = params
        .after
        .as_deref()
        .map(|a| {
            AnswerKey::parse(a)
                .ok_or_else(|| ApiError::invalid("after", "must be the `next` of a page"))
        })
        .transpose()?;
    let limit = match params.limit.as_deref() {
        None => 50,
        Some(n) => n
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| ApiError::invalid("limit", "must be a whole number from 1 to 500"))?,
    };
    let filter = ThemeAnswerFilter {
        sentiment,
        language,
        text,
        ..ThemeAnswerFilter::new(scope, &theme, period)
    };
    let mut answers = state
        .app
        .store
        .theme_answers(&filter, after.as_ref(), limit + 1)
        .await
        .map_err(opencx_app::AppError::from)?;
    let next = (answers.len() as i64 > limit).then(|| {
        answers.truncate(limit as usize);
        answers
            .last()
            .map(|a| AnswerKey::after(&a.answer).to_string())
            .unwrap_or_default()
    });
    let answers = answers
        .iter()
        .map(|a| ThemeAnswerItem {
            response_id: a.answer.response_id.to_string(),
            survey_id: a.answer.survey_id.to_string(),
            question_id: a.answer.question_id.clone(),
            submitted_at: crate::time::rfc3339(a.answer.submitted_at),
            text: a.answer.text.clone(),
            language: a.language.clone(),
            theme_sentiment: a.answer.sentiment.clone(),
            sentiment: a.answer_sentiment.clone(),
            words: theme_words(a, &theme),
        })
        .collect();
    Ok(Json(ThemeAnswers {
        from: crate::time::rfc3339(period.0),
        to: crate::time::rfc3339(period.1),
        theme,
        answers,
        next,
    }))
}
