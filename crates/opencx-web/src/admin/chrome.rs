//! What every page of the web app shares: the header, the navigation, the language and
//! direction, and the error screens.

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use opencx_app::accounts::Member;
use opencx_domain::access::Permission;
use opencx_domain::lang::negotiate_accept_language;
use opencx_domain::zone::Zone;
use opencx_store::WorkspaceRow;

use super::auth::SignedIn;
use super::i18n::{Tr, UiLang};
use super::partial::View;
use crate::AppState;

/// A workspace in the header.
pub struct WorkspaceLink {
    pub slug: String,
    pub name: String,
}

/// An entry of the main navigation.
pub struct NavItem {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// The frame around every page.
pub struct Chrome {
    pub lang: &'static str,
    pub dir: &'static str,
    pub tr: Tr,
    pub css: String,
    /// The script that moves a background job's progress bar (see `assets/progress.js`).
    pub progress_script: String,
    pub title: String,
    /// The signed-in user's name; `None` on the pages before sign-in.
    pub user: Option<String>,
    pub csrf: String,
    pub workspace: Option<WorkspaceLink>,
    pub workspaces: Vec<WorkspaceLink>,
    pub nav: Vec<NavItem>,
    /// Which part of the app the page belongs to (`surveys`, `members`, `account`).
    pub section: &'static str,
    /// The screen's content alone, without the page around it (`?partial=1`, see
    /// [`super::partial`]).
    pub partial: bool,
}

impl Chrome {
    /// The frame of a page shown before sign-in.
    pub fn public(state: &AppState, lang: UiLang, title: &str, csrf: &str) -> Chrome {
        Chrome {
            lang: lang.code(),
            dir: lang.dir(),
            tr: Tr(lang),
            css: state.assets.app_css.url.clone(),
            progress_script: state.assets.progress_js.url.clone(),
            title: title.to_owned(),
            user: None,
            csrf: csrf.to_owned(),
            workspace: None,
            workspaces: Vec::new(),
            nav: Vec::new(),
            section: "",
            partial: false,
        }
    }

    /// The frame of a signed-in page, inside a workspace when `member` is given.
    pub async fn signed_in(
        state: &AppState,
        who: &SignedIn,
        member: Option<&Member>,
        section: &'static str,
        title: &str,
    ) -> Chrome {
        let lang = who.lang();
        let tr = Tr(lang);
        let partial = who.view == View::Partial;
        // A partial has no header to list the workspaces in.
        let workspaces = if partial {
            Vec::new()
        } else {
            state
                .app
                .workspaces_of(who.session.user.id)
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|(w, _)| link(&w))
                .collect()
        };
        let mut nav = Vec::new();
        if let Some(member) = member {
            let base = format!("/w/{}", member.workspace.slug);
            nav.push(NavItem {
                href: format!("{base}/surveys"),
                label: tr.surveys(),
                current: section == "surveys",
            });
            nav.push(NavItem {
                href: format!("{base}/themes"),
                label: tr.nav_themes(),
                current: section == "themes",
            });
            if member.role.can(Permission::ViewResponses) {
                nav.push(NavItem {
                    href: format!("{base}/text"),
                    label: tr.nav_text(),
                    current: section == "text",
                });
            }
            if member.role.can(Permission::ViewDashboards) {
                nav.push(NavItem {
                    href: format!("{base}/members"),
                    label: tr.members(),
                    current: section == "members",
                });
                nav.push(NavItem {
                    href: format!("{base}/settings"),
                    label: tr.nav_settings(),
                    current: section == "settings",
                });
            }
        }
        Chrome {
            lang: lang.code(),
            dir: lang.dir(),
            tr,
            css: state.assets.app_css.url.clone(),
            progress_script: state.assets.progress_js.url.clone(),
            title: title.to_owned(),
            user: Some(who.session.user.name.clone()),
            csrf: who.session.csrf_token.clone(),
            workspace: member.map(|m| link(&m.workspace)),
            workspaces,
            nav,
            section,
            partial,
        }
    }
}

fn link(w: &WorkspaceRow) -> WorkspaceLink {
    WorkspaceLink {
        slug: w.slug.clone(),
        name: w.name.clone(),
    }
}

/// The language of a page before sign-in: `?lang=`, then `Accept-Language`, then English.
pub fn visitor_language(requested: Option<&str>, headers: &HeaderMap) -> UiLang {
    if let Some(code) = requested.filter(|c| UiLang::ALL.iter().any(|l| l.code() == *c)) {
        return UiLang::from_code(code);
    }
    let available: Vec<String> = UiLang::ALL.iter().map(|l| l.code().to_owned()).collect();
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| negotiate_accept_language(accept, &available))
        .map_or(UiLang::En, UiLang::from_code)
}

/// The language menu: (code, native name, selected).
pub fn language_options(current: UiLang) -> Vec<(&'static str, &'static str, bool)> {
    UiLang::ALL
        .iter()
        .map(|l| (l.code(), l.native_name(), *l == current))
        .collect()
}

/// Renders a template into a response with a status.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}

/// The kinds of refusal and failure a page can end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    Forbidden,
    FormExpired,
    /// A request a form could not have sent (a forged or stale value).
    Invalid,
    Unavailable,
}

#[derive(Template)]
#[template(path = "admin/error.html")]
struct ErrorScreen {
    c: Chrome,
    heading: &'static str,
    body: &'static str,
}

/// A full error page in the user's language.
pub fn error_screen(state: &AppState, lang: UiLang, kind: ErrorKind) -> Response {
    let tr = Tr(lang);
    let (status, heading, body) = match kind {
        ErrorKind::NotFound => (
            StatusCode::NOT_FOUND,
            tr.not_found_title(),
            tr.not_found_body(),
        ),
        ErrorKind::Forbidden => (
            StatusCode::FORBIDDEN,
            tr.forbidden_title(),
            tr.forbidden_body(),
        ),
        ErrorKind::FormExpired => (StatusCode::FORBIDDEN, tr.error_title(), tr.form_expired()),
        ErrorKind::Invalid => (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.error_title(),
            tr.invalid_request(),
        ),
        ErrorKind::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            tr.error_title(),
            tr.error_body(),
        ),
    };
    let screen = ErrorScreen {
        c: Chrome::public(state, lang, heading, ""),
        heading,
        body,
    };
    render(status, &screen)
}

/// Maps a use-case error to an error page (for failures a form cannot show beside its fields).
pub fn app_error_screen(state: &AppState, lang: UiLang, error: opencx_app::AppError) -> Response {
    use opencx_app::AppError;
    let kind = match error {
        AppError::NotFound(_) => ErrorKind::NotFound,
        AppError::Forbidden(_) => ErrorKind::Forbidden,
        AppError::Invalid { .. } => ErrorKind::Invalid,
        other => {
            tracing::warn!(error = %other, "a page failed");
            ErrorKind::Unavailable
        }
    };
    error_screen(state, lang, kind)
}

/// A filter form's value, trimmed; `None` when absent or blank.
pub fn filter_value(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A day from a filter form (`YYYY-MM-DD`, UTC day number): `None` when empty, and when it
/// cannot be read, which sets `unreadable` (pages say so and apply their default).
pub fn day_filter(value: &Option<String>, unreadable: &mut bool) -> Option<i64> {
    let text = value.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    let day = opencx_app::metrics::parse_day(text);
    *unreadable |= day.is_none();
    day
}

/// A short date for tables (`2026-11-23`), the local date in the workspace's zone, with the
/// language's digits.
pub fn date(ms: i64, zone: Zone, lang: UiLang) -> String {
    local_time(ms, zone, "%Y-%m-%d", lang)
}

/// A date and time of day for tables (`2026-11-23 00:30`) in the workspace's zone.
pub fn date_time(ms: i64, zone: Zone, lang: UiLang) -> String {
    local_time(ms, zone, "%Y-%m-%d %H:%M", lang)
}

fn local_time(ms: i64, zone: Zone, format: &str, lang: UiLang) -> String {
    let text = chrono::DateTime::from_timestamp_millis(zone.local_ms(ms))
        .map(|d| d.format(format).to_string())
        .unwrap_or_default();
    opencx_domain::lang::localize_digits(&text, lang.code())
}

/// The machine-readable form of a time for `<time datetime>`.
pub fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}
