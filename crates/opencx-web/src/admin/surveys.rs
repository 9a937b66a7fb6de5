//! The surveys of a workspace.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use opencx_app::accounts::Member;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, date, iso, render};
use super::i18n::Tr;
use crate::AppState;

struct SurveyView {
    href: String,
    title: String,
    status: String,
    status_label: &'static str,
    responses: String,
    updated: String,
    updated_iso: String,
}

#[derive(Template)]
#[template(path = "admin/surveys.html")]
struct SurveysPage {
    c: Chrome,
    surveys: Vec<SurveyView>,
    can_edit: bool,
    new_url: String,
}

/// `GET /w/{ws}/surveys`.
pub async fn list_surveys(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    // With their definitions: each title in the manager's language when the survey has it.
    let rows = match state.app.list_surveys(member.workspace.id).await {
        Ok(rows) => rows,
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let surveys = rows
        .into_iter()
        .map(|loaded| {
            let title = super::survey_pages::survey_title(&loaded, lang);
            (loaded.row, title)
        })
        .map(|(s, title)| SurveyView {
            href: format!("/w/{}/surveys/{}", member.workspace.slug, s.id),
            title,
            status_label: tr.status_name(&s.status),
            status: s.status,
            responses: tr.number(s.response_count),
            updated: date(s.updated_at, member.workspace.time_zone, lang),
            updated_iso: iso(s.updated_at),
        })
        .collect();
    let page = SurveysPage {
        c: Chrome::signed_in(&state, &who, Some(&member), "surveys", tr.surveys()).await,
        surveys,
        can_edit: member
            .role
            .can(opencx_domain::access::Permission::EditSurveys),
        new_url: format!("/w/{}/surveys/new", member.workspace.slug),
    };
    render(StatusCode::OK, &page)
}
