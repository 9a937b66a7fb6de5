//! The answers about one theme across every survey of a workspace: each open answer that
//! mentions it, newest first, with its survey, the words that made the theme and its sentiment
//! marked, the sentiment of what it says about the theme and of the whole answer; or, with
//! `survey=ID`, one survey's. Reached from the workspace's themes page (a theme's name, a pain
//! point's "all negative mentions") and from a survey's pain points, which count mentions: its
//! responses table lists responses, one row for two answers about the theme.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use opencx_app::accounts::Member;
use opencx_domain::lang::SUPPORTED;
use opencx_domain::wording;
use opencx_store::{AnswerKey, TextScope, ThemeAnswerFilter};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, filter_value, iso, render};
use super::i18n::Tr;
use super::responses::{MATCHING_COUNT_CAP, excerpt, mark_class};
use super::survey_pages::{load_survey, survey_title};
use super::themes::{PeriodChange, period, period_notice};
use crate::AppState;

/// Answers per page.
const PAGE_SIZE: i64 = 50;

/// The page's filters and position, from the query string.
#[derive(Debug, Deserialize, Default)]
pub struct ThemeAnswersQuery {
    from: Option<String>,
    to: Option<String>,
    /// positive, neutral or negative: of what the answer says about the theme.
    sentiment: Option<String>,
    /// The language found in the answer: en, pl, he or fa.
    language: Option<String>,
    /// Text the answer contains.
    q: Option<String>,
    /// Only this survey's answers (its id).
    survey: Option<String>,
    /// Where the page goes on from: `submitted_at.response_id.question_id` of the last answer
    /// of the page before.
    after: Option<String>,
}

struct AnswerRow {
    href: String,
    date: String,
    date_iso: String,
    survey: String,
    survey_href: String,
    text: Vec<(String, &'static str, String)>,
    lang: String,
    language: String,
    /// The sentiment about the theme and of the whole answer: (name, CSS class).
    mention: (&'static str, String),
    whole: (&'static str, String),
}

#[derive(Template)]
#[template(path = "admin/theme_answers.html")]
struct ThemeAnswersPage {
    c: Chrome,
    heading: String,
    /// The workspace's themes page, for the same period.
    back: String,
    /// The survey the answers are limited to: its title and its themes page, for the period.
    survey: Option<(String, String)>,
    /// Its id, kept by the filters form.
    survey_id: String,
    /// The same filters over every survey.
    every_survey: Option<String>,
    from: String,
    to: String,
    sentiment: String,
    language: String,
    /// The languages to filter by: (code, name).
    languages: Vec<(&'static str, &'static str)>,
    q: String,
    error: Option<String>,
    notice: Option<String>,
    matching: String,
    rows: Vec<AnswerRow>,
    next: Option<String>,
}

/// `GET /w/{ws}/themes/{theme}/answers`.
pub async fn theme_answers(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, theme_id)): Path<(String, String)>,
    Query(query): Query<ThemeAnswersQuery>,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let zone = member.workspace.time_zone;
    let slug = &member.workspace.slug;
    let taxonomy = match state.app.workspace_taxonomy(member.workspace.id).await {
        Ok((_, taxonomy)) => taxonomy,
        Err(e) => return app_error_screen(&state, lang, e),
    };
    // A theme deleted from the taxonomy may still be on answers a person gave it.
    let name = taxonomy.get(&theme_id).map_or_else(
        || tr.deleted_theme(&theme_id),
        |t| opencx_app::text::theme_name(t, lang.code()),
    );
    // A survey of another workspace, or none, is not found, as its own pages are.
    let survey = match filter_value(&query.survey) {
        None => None,
        Some(id) => match load_survey(&state, &member, &id, lang).await {
            Ok(survey) => Some(survey),
            Err(page) => return page,
        },
    };
    let survey_id = survey
        .as_ref()
        .map(|s| s.row.id.to_string())
        .unwrap_or_default();
    let today = zone.day_of(state.app.now());
    let (from, to, from_text, to_text, changes) = period((&query.from, &query.to), today, zone);
    // Every filter that could not be read is said; the others still apply.
    let mut problems: Vec<&'static str> = Vec::new();
    if changes.contains(&PeriodChange::Unreadable) {
        problems.push(tr.bad_filter_date());
    }
    let sentiment = match filter_value(&query.sentiment).as_deref() {
        None => None,
        Some(s @ ("positive" | "neutral" | "negative")) => Some(s.to_owned()),
        Some(_) => {
            problems.push(tr.bad_filter_sentiment());
            None
        }
    };
    let language = match filter_value(&query.language) {
        None => None,
        Some(code) if SUPPORTED.contains(&code.as_str()) => Some(code),
        Some(_) => {
            problems.push(tr.bad_filter_language());
            None
        }
    };
    // As the responses table: a search of at most 200 characters.
    let q: Option<String> = filter_value(&query.q).map(|q| q.chars().take(200).collect());
    // An unreadable position starts with the newest answers, as the responses table does.
    let after = query.after.as_deref().and_then(AnswerKey::parse);
    let filter = ThemeAnswerFilter {
        sentiment: sentiment.as_deref(),
        language: language.as_deref(),
        text: q.as_deref(),
        ..ThemeAnswerFilter::new(
            survey
                .as_ref()
                .map_or(TextScope::Workspace(member.workspace.id), |s| {
                    TextScope::Survey(s.row.id)
                }),
            &theme_id,
            (from, to),
        )
    };
    let store = &state.app.store;
    let (answers, (count, more), surveys) = match tokio::try_join!(
        async {
            store
                .theme_answers(&filter, after.as_ref(), PAGE_SIZE + 1)
                .await
                .map_err(opencx_app::AppError::from)
        },
        async {
            store
                .theme_answer_count(&filter, MATCHING_COUNT_CAP)
                .await
                .map_err(opencx_app::AppError::from)
        },
        state.app.list_surveys(member.workspace.id),
    ) {
        Ok(all) => all,
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let period_query = format!("from={from_text}&to={to_text}");
    let query_string =
        |pairs: &[(&str, &str)]| serde_urlencoded::to_string(pairs).unwrap_or_default();
    // The page's filters, without the survey.
    let mut filter_pairs = vec![("from", from_text.as_str()), ("to", to_text.as_str())];
    for (name, value) in [
        ("sentiment", &sentiment),
        ("language", &language),
        ("q", &q),
    ] {
        if let Some(value) = value {
            filter_pairs.push((name, value));
        }
    }
    let every_survey = survey
        .is_some()
        .then(|| format!("?{}", query_string(&filter_pairs)));
    let mut answers = answers;
    let next = (answers.len() as i64 > PAGE_SIZE).then(|| {
        answers.truncate(PAGE_SIZE as usize);
        let last = answers
            .last()
            .map(|a| AnswerKey::after(&a.answer).to_string())
            .unwrap_or_default();
        let mut pairs = filter_pairs.clone();
        if survey.is_some() {
            pairs.push(("survey", &survey_id));
        }
        pairs.push(("after", &last));
        format!("?{}", query_string(&pairs))
    });
    // A survey's responses about the theme, with the same sentiment about it and search (its
    // language filter is the respondent's, not the answer's, so that one is not carried).
    let mut theme_pairs = vec![("theme", theme_id.as_str())];
    for (name, value) in [("sentiment", &sentiment), ("q", &q)] {
        if let Some(value) = value {
            theme_pairs.push((name, value));
        }
    }
    let theme_query = query_string(&theme_pairs);
    let rows = answers
        .iter()
        .map(|a| {
            let e = &a.answer;
            let survey = surveys.iter().find(|s| s.row.id == e.survey_id);
            // Only this theme's words are marked as a theme, with the sentiment words.
            let text = opencx_app::text::highlight_kept(&e.text, &a.details, |t| t == theme_id)
                .into_iter()
                .map(|(piece, mark)| {
                    let title = if mark == Some(opencx_app::text::Mark::Theme) {
                        name.clone()
                    } else {
                        String::new()
                    };
                    (piece, mark_class(mark), title)
                })
                .collect();
            AnswerRow {
                href: format!(
                    "/w/{slug}/surveys/{}/responses/{}",
                    e.survey_id, e.response_id
                ),
                date: super::chrome::date_time(e.submitted_at, zone, lang),
                date_iso: iso(e.submitted_at),
                survey: survey.map_or_else(|| e.survey_id.to_string(), |s| survey_title(s, lang)),
                survey_href: format!(
                    "/w/{slug}/surveys/{}/responses?{theme_query}&{period_query}",
                    e.survey_id
                ),
                text: excerpt(text),
                lang: a.language.clone(),
                language: wording::language_name(&a.language)
                    .map_or_else(|| a.language.clone(), str::to_owned),
                mention: (
                    tr.sentiment_name(&e.sentiment),
                    format!("sentiment-{}", e.sentiment),
                ),
                whole: (
                    tr.sentiment_name(&a.answer_sentiment),
                    format!("sentiment-{}", a.answer_sentiment),
                ),
            }
        })
        .collect();
    let heading = tr.answers_about(&name);
    let c = Chrome::signed_in(&state, &who, Some(&member), "themes", &heading).await;
    let page = ThemeAnswersPage {
        c,
        heading,
        back: format!("/w/{slug}/themes?{period_query}"),
        survey: survey.as_ref().map(|s| {
            (
                survey_title(s, lang),
                format!("/w/{slug}/surveys/{}/themes?{period_query}", s.row.id),
            )
        }),
        survey_id,
        every_survey,
        from: from_text,
        to: to_text,
        sentiment: sentiment.unwrap_or_default(),
        language: language.unwrap_or_default(),
        languages: SUPPORTED
            .iter()
            .map(|&code| (code, wording::language_name(code).unwrap_or(code)))
            .collect(),
        q: q.unwrap_or_default(),
        error: (!problems.is_empty()).then(|| problems.join(" ")),
        notice: period_notice(&changes, tr),
        matching: tr.matching_answers(count, more),
        rows,
        next,
    };
    render(
        if page.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &page,
    )
}
