//! The answers about one theme across every survey of a workspace: each open answer that
//! mentions it, newest first, with its survey, the words that made the theme and its sentiment
//! marked, the sentiment of what it says about the theme and of the whole answer. Reached from
//! the workspace's themes page (a theme's name, a pain point's "all negative mentions"); a
//! survey's own answers about a theme are in its responses table.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use opencx_app::accounts::Member;
use opencx_domain::wording;
use opencx_store::{AnswerKey, TextScope, ThemeAnswer};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, iso, render};
use super::i18n::Tr;
use super::responses::{MATCHING_COUNT_CAP, excerpt, mark_class};
use super::survey_pages::survey_title;
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
    from: String,
    to: String,
    sentiment: String,
    error: Option<&'static str>,
    notice: Option<String>,
    matching: String,
    rows: Vec<AnswerRow>,
    next: Option<String>,
}

/// Reads a page position written by [`key_text`]; `None` when it cannot be read (the page
/// then starts with the newest answers, as the responses table does).
fn parse_key(text: &str) -> Option<AnswerKey> {
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

/// A page position for the query string (question ids have no '.' before the last part that
/// [`parse_key`] would misread: everything after the second '.' is the question's).
fn key_text(answer: &ThemeAnswer) -> String {
    format!(
        "{}.{}.{}",
        answer.answer.submitted_at, answer.answer.response_id, answer.answer.question_id
    )
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
    let today = zone.day_of(state.app.now());
    let (from, to, from_text, to_text, changes) = period((&query.from, &query.to), today, zone);
    let mut error = changes
        .contains(&PeriodChange::Unreadable)
        .then(|| tr.bad_filter_date());
    let sentiment = match query.sentiment.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s @ ("positive" | "neutral" | "negative")) => Some(s),
        Some(_) => {
            error = Some(tr.bad_filter_sentiment());
            None
        }
    };
    let after = query.after.as_deref().and_then(parse_key);
    let scope = TextScope::Workspace(member.workspace.id);
    let store = &state.app.store;
    let (answers, (count, more), surveys) = match tokio::try_join!(
        async {
            store
                .theme_answers(
                    scope,
                    &theme_id,
                    sentiment,
                    (from, to),
                    after.as_ref(),
                    PAGE_SIZE + 1,
                )
                .await
                .map_err(opencx_app::AppError::from)
        },
        async {
            store
                .theme_answer_count(scope, &theme_id, sentiment, (from, to), MATCHING_COUNT_CAP)
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
    let mut answers = answers;
    let next = (answers.len() as i64 > PAGE_SIZE).then(|| {
        answers.truncate(PAGE_SIZE as usize);
        let last = answers.last().map(key_text).unwrap_or_default();
        let mut pairs = vec![("from", from_text.as_str()), ("to", to_text.as_str())];
        if let Some(s) = sentiment {
            pairs.push(("sentiment", s));
        }
        pairs.push(("after", &last));
        format!("?{}", query_string(&pairs))
    });
    let theme_query = query_string(&[("theme", &theme_id)]);
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
        from: from_text,
        to: to_text,
        sentiment: sentiment.unwrap_or_default().to_owned(),
        error,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_positions_read_back_and_bad_ones_start_over() {
        let answer = ThemeAnswer {
            answer: opencx_store::ThemeExample {
                response_id: 7_123_456_789,
                survey_id: 1,
                question_id: "why.more".into(),
                submitted_at: 1_790_000_000_000,
                sentiment: "negative".into(),
                text: String::new(),
            },
            answer_sentiment: "negative".into(),
            language: "en".into(),
            details: String::new(),
        };
        assert_eq!(
            parse_key(&key_text(&answer)),
            Some(AnswerKey {
                submitted_at: 1_790_000_000_000,
                response_id: 7_123_456_789,
                question_id: "why.more".into(),
            })
        );
        for bad in ["", "1.2", "1.2.", "x.2.why", "1.y.why", "1"] {
            assert_eq!(parse_key(bad), None, "{bad}");
        }
    }
}
