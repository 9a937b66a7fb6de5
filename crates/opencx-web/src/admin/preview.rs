//! The builder's preview: the survey walked as a respondent walks it, in one of its languages
//! (right to left where it is written so), drafts included. It uses the respondent page's own
//! screens and logic (`public::page`), with a banner saying that answers are not saved and a
//! way back. Nothing is stored: the answers so far travel in the preview's forms, and no
//! response, partial answer, rollup or text-analysis entry is written.

use axum::Extension;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use opencx_app::accounts::Member;
use opencx_domain::access::Permission;

use super::auth::{SignedIn, status_page};
use super::i18n::Tr;
use super::partial::View;
use super::survey_pages::load_survey;
use crate::AppState;
use crate::public::page::{Preview, preview_answer, preview_start};

#[derive(serde::Deserialize, Default)]
pub struct PreviewQuery {
    lang: Option<String>,
}

/// The preview's settings for this member and survey.
fn preview_of(who: &SignedIn, member: &Member, survey_id: i64) -> Preview {
    let ui = who.lang();
    let tr = Tr(ui);
    let base = format!("/w/{}/surveys/{survey_id}", member.workspace.slug);
    // Those who cannot edit go back to the dashboard.
    let back = if member.role.can(Permission::EditSurveys) {
        (format!("{base}/edit"), tr.back_to_builder().to_owned())
    } else {
        (base.clone(), tr.dashboard().to_owned())
    };
    Preview {
        action: format!("{base}/preview"),
        start: format!("{base}/preview?lang="),
        csrf: who.session.csrf_token.clone(),
        ui_lang: ui.code(),
        ui_dir: ui.dir(),
        banner: tr.preview_banner().to_owned(),
        back,
        restart_label: tr.preview_again().to_owned(),
        partial: who.view == View::Partial,
    }
}

/// `GET /w/{ws}/surveys/{survey}/preview?lang=`: the first screen.
pub async fn show_preview(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    Query(query): Query<PreviewQuery>,
) -> Response {
    let survey = match load_survey(&state, &member, &survey_id, who.lang()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let preview = preview_of(&who, &member, survey.row.id);
    let lang = query
        .lang
        .unwrap_or_else(|| survey.definition.default_language.clone());
    preview_start(&state, &survey, &lang, &preview)
}

/// `POST /w/{ws}/surveys/{survey}/preview`: one answered screen; shows the next one.
pub async fn answer_preview(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let survey = match load_survey(&state, &member, &survey_id, who.lang()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Ok(Form(form)) = form else {
        return status_page(&state, who.lang(), StatusCode::BAD_REQUEST);
    };
    let preview = preview_of(&who, &member, survey.row.id);
    preview_answer(&state, &survey, &form, &preview)
}
