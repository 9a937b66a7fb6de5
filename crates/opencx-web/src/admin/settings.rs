//! The workspace's settings page: its time zone, which every member may read and an owner may
//! change. A change takes effect at once; the figures of earlier answers are recounted in the
//! background, and the page shows how far that has got.

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opencx_app::AppError;
use opencx_app::accounts::Member;
use opencx_domain::access::Permission;
use opencx_domain::zone::{MAX_ZONE_NAME, zone_names};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, render};
use super::i18n::Tr;
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    c: Chrome,
    base: String,
    /// Whether the viewer may change the settings (an owner).
    manage: bool,
    /// The zone in force.
    current: &'static str,
    /// What the zone field holds: the zone in force, or what was typed in a refused form.
    typed: String,
    /// Every zone name, for the field's suggestions.
    zones: Vec<&'static str>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    /// A recount under way after a change of zone: (done, total, "done / total").
    recount: Option<(i64, i64, String)>,
}

/// `?saved=1` after a change.
#[derive(Deserialize, Default)]
pub struct Notice {
    saved: Option<String>,
}

async fn page(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    typed: Option<String>,
    (notice, error): (Option<&'static str>, Option<&'static str>),
    status: StatusCode,
) -> Response {
    let tr = Tr(who.lang());
    let manage = member.role.can(Permission::ManageWorkspace);
    let current = member.workspace.time_zone.name();
    let recount = match state.app.zone_recount(member.workspace.id).await {
        Ok(recount) => recount
            .map(|p| super::text_settings::progress_bar(p.shown_done() as i64, p.total as i64, tr)),
        Err(error) => return app_error_screen(state, who.lang(), error),
    };
    // Said once the recount is over, or that it goes on.
    let notice = match notice {
        Some(_) if recount.is_some() => Some(tr.time_zone_saved_recounting()),
        other => other,
    };
    let page = SettingsPage {
        c: Chrome::signed_in(
            state,
            who,
            Some(member),
            "settings",
            tr.workspace_settings(),
        )
        .await,
        base: format!("/w/{}", member.workspace.slug),
        manage,
        current,
        typed: typed.unwrap_or_else(|| current.to_owned()),
        zones: if manage { zone_names() } else { Vec::new() },
        notice,
        error,
        recount,
    };
    render(status, &page)
}

/// `GET /w/{ws}/settings`.
pub async fn show_settings(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Query(notice): Query<Notice>,
) -> Response {
    let tr = Tr(who.lang());
    let notice = notice.saved.is_some().then(|| tr.time_zone_saved());
    page(&state, &who, &member, None, (notice, None), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// `POST /w/{ws}/settings/time-zone`: owners only (checked by the route table). A refused zone
/// keeps what was typed and says why in the manager's language.
pub async fn set_time_zone(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Form(form): Form<TimeZoneForm>,
) -> Response {
    let tr = Tr(who.lang());
    match state
        .app
        .set_time_zone(member.workspace.id, &form.time_zone)
        .await
    {
        Ok(()) => {
            Redirect::to(&format!("/w/{}/settings?saved=1", member.workspace.slug)).into_response()
        }
        Err(AppError::Invalid { .. }) => {
            let message = if form.time_zone.trim().is_empty() {
                tr.time_zone_required()
            } else {
                tr.time_zone_unknown()
            };
            // What was typed comes back as typed (escaped by the template), within the field's
            // own limit.
            let typed: String = form.time_zone.chars().take(MAX_ZONE_NAME).collect();
            page(
                &state,
                &who,
                &member,
                Some(typed),
                (None, Some(message)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => app_error_screen(&state, who.lang(), error),
    }
}
