//! The CX manager's web app: server-rendered pages behind sign-in, per-workspace roles.
//!
//! Routes under `/w/{ws}/` belong to a workspace. Each is listed in [`WORKSPACE_ROUTES`] with the
//! permission it needs; [`auth::authorize`] checks it before the handler runs, and refuses any
//! route the table does not list. The authorisation test walks this same table.
//!
//! Every screen answers `?partial=1` with its content alone, without the page around it
//! ([`partial`]).

pub mod account;
pub mod auth;
pub mod builder;
pub mod charts;
pub mod chrome;
pub mod dashboard;
pub mod entry;
pub mod i18n;
mod i18n_rules;
mod i18n_settings;
mod i18n_text;
pub mod members;
pub mod partial;
pub mod preview;
pub mod problems;
pub mod responses;
pub mod settings;
pub mod survey_pages;
pub mod surveys;
pub mod text_settings;
pub mod theme_answers;
pub mod theme_problems;
pub mod themes;

use axum::Router;
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::response::Redirect;
use axum::routing::{get, post};
use opencx_domain::access::Permission;

use crate::AppState;

/// A workspace route and the permission it needs.
#[derive(Debug, Clone, Copy)]
pub struct RouteRule {
    pub method: &'static str,
    /// The route pattern as registered (`/w/{ws}/members/{user}/role`).
    pub path: &'static str,
    pub permission: Permission,
}

const fn rule(method: &'static str, path: &'static str, permission: Permission) -> RouteRule {
    RouteRule {
        method,
        path,
        permission,
    }
}

/// Every workspace route with its permission: the one place where access is decided.
pub const WORKSPACE_ROUTES: &[RouteRule] = &[
    rule("GET", "/w/{ws}", Permission::ViewDashboards),
    rule("GET", "/w/{ws}/surveys", Permission::ViewDashboards),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}",
        Permission::ViewDashboards,
    ),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/events",
        Permission::ViewDashboards,
    ),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/responses",
        Permission::ViewResponses,
    ),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/responses/{response}",
        Permission::ViewResponses,
    ),
    rule("GET", "/w/{ws}/surveys/new", Permission::EditSurveys),
    rule("POST", "/w/{ws}/surveys/new", Permission::EditSurveys),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/edit",
        Permission::EditSurveys,
    ),
    rule(
        "POST",
        "/w/{ws}/surveys/{survey}/edit",
        Permission::EditSurveys,
    ),
    rule(
        "POST",
        "/w/{ws}/surveys/{survey}/publish",
        Permission::EditSurveys,
    ),
    rule(
        "POST",
        "/w/{ws}/surveys/{survey}/close",
        Permission::EditSurveys,
    ),
    // The preview stores nothing, so whoever may read the survey may walk it.
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/preview",
        Permission::ViewDashboards,
    ),
    rule(
        "POST",
        "/w/{ws}/surveys/{survey}/preview",
        Permission::ViewDashboards,
    ),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/qr.svg",
        Permission::ViewDashboards,
    ),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/qr.png",
        Permission::ViewDashboards,
    ),
    rule(
        "GET",
        "/w/{ws}/surveys/{survey}/themes",
        Permission::ViewDashboards,
    ),
    rule(
        "POST",
        "/w/{ws}/surveys/{survey}/responses/{response}/correct",
        Permission::ViewResponses,
    ),
    rule("GET", "/w/{ws}/themes", Permission::ViewDashboards),
    rule(
        "GET",
        "/w/{ws}/themes/{theme}/answers",
        Permission::ViewResponses,
    ),
    rule("GET", "/w/{ws}/text", Permission::ViewResponses),
    // Shown on the themes page too: whoever sees that page sees the progress.
    rule("GET", "/w/{ws}/text/progress", Permission::ViewDashboards),
    rule("POST", "/w/{ws}/text/themes", Permission::EditSurveys),
    rule("POST", "/w/{ws}/text/accept", Permission::EditSurveys),
    rule("POST", "/w/{ws}/text/dismiss", Permission::EditSurveys),
    rule("POST", "/w/{ws}/text/restore", Permission::EditSurveys),
    rule("POST", "/w/{ws}/text/train", Permission::EditSurveys),
    rule("POST", "/w/{ws}/text/reanalyse", Permission::EditSurveys),
    rule("GET", "/w/{ws}/members", Permission::ViewDashboards),
    rule("POST", "/w/{ws}/members/invite", Permission::ManageMembers),
    rule(
        "POST",
        "/w/{ws}/members/{user}/role",
        Permission::ManageMembers,
    ),
    rule(
        "POST",
        "/w/{ws}/members/{user}/remove",
        Permission::ManageMembers,
    ),
    rule(
        "POST",
        "/w/{ws}/invitations/{id}/withdraw",
        Permission::ManageMembers,
    ),
    rule("GET", "/w/{ws}/settings", Permission::ViewDashboards),
    rule(
        "POST",
        "/w/{ws}/settings/time-zone",
        Permission::ManageWorkspace,
    ),
];

/// The permission a workspace route needs; `None` for a route missing from the table.
pub fn permission_for(method: &Method, path: &str) -> Option<Permission> {
    // HEAD is answered by the GET route.
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    WORKSPACE_ROUTES
        .iter()
        .find(|r| r.method == method && r.path == path)
        .map(|r| r.permission)
}

/// The web app's routes.
pub fn routes(state: AppState) -> Router<AppState> {
    let workspace = Router::new()
        .route(
            "/w/{ws}",
            get(
                |axum::extract::Path(ws): axum::extract::Path<String>| async move {
                    Redirect::to(&format!("/w/{ws}/surveys"))
                },
            ),
        )
        .route("/w/{ws}/surveys", get(surveys::list_surveys))
        .route(
            "/w/{ws}/surveys/new",
            get(builder::show_new).post(builder::create),
        )
        .route("/w/{ws}/surveys/{survey}", get(dashboard::show_dashboard))
        .route(
            "/w/{ws}/surveys/{survey}/edit",
            get(builder::show_builder).post(builder::edit),
        )
        .route("/w/{ws}/surveys/{survey}/publish", post(builder::publish))
        .route("/w/{ws}/surveys/{survey}/close", post(builder::close))
        .route(
            "/w/{ws}/surveys/{survey}/preview",
            get(preview::show_preview).post(preview::answer_preview),
        )
        .route("/w/{ws}/surveys/{survey}/qr.svg", get(builder::qr_svg))
        .route("/w/{ws}/surveys/{survey}/qr.png", get(builder::qr_png))
        .route(
            "/w/{ws}/surveys/{survey}/events",
            get(dashboard::survey_events),
        )
        .route(
            "/w/{ws}/surveys/{survey}/responses",
            get(responses::list_responses),
        )
        .route(
            "/w/{ws}/surveys/{survey}/responses/{response}",
            get(responses::show_response),
        )
        .route(
            "/w/{ws}/surveys/{survey}/themes",
            get(themes::survey_themes),
        )
        .route(
            "/w/{ws}/surveys/{survey}/responses/{response}/correct",
            post(text_settings::correct_answer),
        )
        .route("/w/{ws}/themes", get(themes::workspace_themes))
        .route(
            "/w/{ws}/themes/{theme}/answers",
            get(theme_answers::theme_answers),
        )
        .route("/w/{ws}/text", get(text_settings::show_settings))
        .route("/w/{ws}/text/progress", get(text_settings::show_progress))
        .route("/w/{ws}/text/themes", post(text_settings::save_themes))
        .route("/w/{ws}/text/accept", post(text_settings::accept_theme))
        .route(
            "/w/{ws}/text/dismiss",
            post(text_settings::dismiss_suggestion),
        )
        .route(
            "/w/{ws}/text/restore",
            post(text_settings::restore_suggestions),
        )
        .route("/w/{ws}/text/train", post(text_settings::train))
        .route("/w/{ws}/text/reanalyse", post(text_settings::reanalyse))
        .route("/w/{ws}/members", get(members::show_members))
        .route("/w/{ws}/members/invite", post(members::invite))
        .route("/w/{ws}/members/{user}/role", post(members::change_role))
        .route("/w/{ws}/members/{user}/remove", post(members::remove))
        .route("/w/{ws}/invitations/{id}/withdraw", post(members::withdraw))
        .route("/w/{ws}/settings", get(settings::show_settings))
        .route("/w/{ws}/settings/time-zone", post(settings::set_time_zone))
        .route_layer(from_fn_with_state(state.clone(), auth::authorize));
    let personal = Router::new()
        .route("/account", get(account::show_account))
        .route("/account/language", post(account::set_language))
        .route("/account/password", post(account::set_password))
        .route("/logout", post(entry::logout))
        .route_layer(from_fn_with_state(state, auth::signed_in));
    Router::new()
        .route("/", get(entry::home))
        .route("/setup", get(entry::show_setup).post(entry::submit_setup))
        .route("/login", get(entry::show_login).post(entry::submit_login))
        .route(
            "/invitations/{token}",
            get(entry::show_invitation).post(entry::accept_invitation),
        )
        .merge(workspace)
        .merge(personal)
        // The app's pages are compressed for clients that accept gzip (tower-http leaves event
        // streams alone). Not the public routes: measured, the layer cost the respondent page
        // and the intake a third of their throughput, for pages of 2–3 KB.
        .layer(tower_http::compression::CompressionLayer::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_no_duplicates_and_lookups_work() {
        for (i, a) in WORKSPACE_ROUTES.iter().enumerate() {
            for b in &WORKSPACE_ROUTES[i + 1..] {
                assert!(!(a.method == b.method && a.path == b.path), "{a:?} twice");
            }
        }
        assert_eq!(
            permission_for(&Method::HEAD, "/w/{ws}/surveys"),
            Some(Permission::ViewDashboards)
        );
        assert_eq!(permission_for(&Method::DELETE, "/w/{ws}/surveys"), None);
    }
}
