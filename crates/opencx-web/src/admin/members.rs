//! Members of a workspace: the list, invitations, role changes and removals.

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use opencx_app::AppError;
use opencx_app::accounts::Member;
use opencx_domain::access::{Permission, Role};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, date, iso, render};
use super::entry::form_errors;
use super::i18n::Tr;
use crate::AppState;

struct MemberView {
    user_id: i64,
    name: String,
    email: String,
    role: String,
    role_label: &'static str,
    is_me: bool,
    changeable: bool,
}

struct InvitationView {
    id: i64,
    email: String,
    role_label: &'static str,
    expires: String,
    expires_iso: String,
}

#[derive(Template)]
#[template(path = "admin/members.html")]
struct MembersPage {
    c: Chrome,
    base: String,
    manage: bool,
    members: Vec<MemberView>,
    invitations: Vec<InvitationView>,
    /// (value, label, what it may do) of each role the viewer may give.
    roles: Vec<(&'static str, &'static str, &'static str)>,
    errors: Vec<String>,
    invitation_link: Option<String>,
}

async fn page(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    errors: Vec<String>,
    invitation_link: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let manage = member.role.can(Permission::ManageMembers);
    let members = match state.app.members(member).await {
        Ok(m) => m,
        Err(e) => return app_error_screen(state, lang, e),
    };
    let invitations = if manage {
        match state.app.pending_invitations(member).await {
            Ok(i) => i,
            Err(e) => return app_error_screen(state, lang, e),
        }
    } else {
        Vec::new()
    };
    let page = MembersPage {
        c: Chrome::signed_in(state, who, Some(member), "members", tr.members()).await,
        base: format!("/w/{}", member.workspace.slug),
        manage,
        members: members
            .into_iter()
            .map(|m| {
                let role = Role::parse(&m.role).unwrap_or(Role::Viewer);
                MemberView {
                    is_me: m.user_id == who.session.user.id,
                    changeable: member.role.may_assign(role),
                    user_id: m.user_id,
                    name: m.name,
                    email: m.email,
                    role: m.role,
                    role_label: tr.role_name(role),
                }
            })
            .collect(),
        invitations: invitations
            .into_iter()
            .map(|i| InvitationView {
                id: i.id,
                email: i.email,
                role_label: tr.role_name(Role::parse(&i.role).unwrap_or(Role::Viewer)),
                expires: date(i.expires_at, member.workspace.time_zone, lang),
                expires_iso: iso(i.expires_at),
            })
            .collect(),
        roles: Role::ALL
            .into_iter()
            .filter(|r| member.role.may_assign(*r))
            .map(|r| (r.as_str(), tr.role_name(r), tr.role_help(r)))
            .collect(),
        errors,
        invitation_link,
    };
    render(status, &page)
}

/// `GET /w/{ws}/members`.
pub async fn show_members(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    page(&state, &who, &member, Vec::new(), None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// The address people reach this server at, for links shown to copy: the configured public URL,
/// else the request's own host.
pub(crate) fn origin_of(state: &AppState, headers: &HeaderMap) -> String {
    match &state.public_url {
        Some(url) => url.clone(),
        None => origin(headers),
    }
}

fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

/// `POST /w/{ws}/members/invite`: shows the invitation link to pass on.
pub async fn invite(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    headers: HeaderMap,
    Form(form): Form<InviteForm>,
) -> Response {
    let Some(role) = Role::parse(&form.role) else {
        let errors = vec![Tr(who.lang()).error_body().to_owned()];
        return page(
            &state,
            &who,
            &member,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state.app.invite(&member, &form.email, role).await {
        Ok(new) => {
            let link = format!("{}/invitations/{}", origin_of(&state, &headers), new.token);
            page(
                &state,
                &who,
                &member,
                Vec::new(),
                Some(link),
                StatusCode::OK,
            )
            .await
        }
        Err(error @ AppError::Invalid { .. }) => {
            let errors = form_errors(Tr(who.lang()), &error);
            page(
                &state,
                &who,
                &member,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => app_error_screen(&state, who.lang(), error),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /w/{ws}/members/{user}/role`.
pub async fn change_role(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, user_id)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> Response {
    let result = match Role::parse(&form.role) {
        Some(role) => state.app.change_role(&member, user_id, role).await,
        None => Err(AppError::invalid("role", "unknown role")),
    };
    after_change(&state, &who, &member, result).await
}

/// `POST /w/{ws}/members/{user}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, user_id)): Path<(String, i64)>,
) -> Response {
    let result = state.app.remove_member(&member, user_id).await;
    after_change(&state, &who, &member, result).await
}

/// `POST /w/{ws}/invitations/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, id)): Path<(String, i64)>,
) -> Response {
    let result = state.app.withdraw_invitation(&member, id).await;
    after_change(&state, &who, &member, result).await
}

async fn after_change(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    result: Result<(), AppError>,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/w/{}/members", member.workspace.slug)).into_response(),
        Err(error @ AppError::Invalid { .. }) => {
            let errors = form_errors(Tr(who.lang()), &error);
            page(
                state,
                who,
                member,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => app_error_screen(state, who.lang(), error),
    }
}
