//! Sessions and request checks of the web app, in one place.
//!
//! - [`signed_in`] and [`authorize`] are the two middlewares every app route sits behind: the
//!   first finds the session, the second also finds the member's role in the workspace named by
//!   the URL and checks the permission the route table ([`super::WORKSPACE_ROUTES`]) gives
//!   the route. A route missing from the table is refused for everyone (fail closed).
//! - Every state-changing request is checked for CSRF here, before any handler runs: it must
//!   come from this site (`Origin` / `Sec-Fetch-Site`) and carry the session's CSRF token, as the
//!   form field `csrf` or the `X-CSRF-Token` header of scripted requests.
//! - Forms shown before sign-in (setup, sign-in, invitation) use a double-submit token: a random
//!   value in a `SameSite=Strict` cookie that the form must repeat ([`PreSession`]).

use std::collections::HashMap;

use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use opencx_app::AppError;
use opencx_app::accounts::{Member, NewSession, SESSION_MAX_DAYS};
use opencx_app::signing::random_token;
use opencx_store::SessionRow;
use subtle::ConstantTimeEq;

use super::chrome::{ErrorKind, error_screen};
use super::i18n::UiLang;
use super::partial::View;
use crate::request::{cookie_value, is_cross_site_for};
use crate::{AppState, MAX_BODY_BYTES};

/// The session cookie: HttpOnly, SameSite=Lax, the whole site. Over HTTPS its name carries the
/// `__Host-` prefix (see [`CookiePolicy::session_cookie`]).
pub const SESSION_COOKIE: &str = "ocx_session";
/// The double-submit cookie of forms shown before sign-in (prefixed like the session cookie).
pub const PRE_SESSION_COOKIE: &str = "ocx_pre";

/// The signed-in person behind a request, put into the request's extensions by the middleware.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: SessionRow,
    /// The cookie's token (to end this session, or keep it when the password changes).
    pub token: String,
    /// Whether the request asked for the whole page or its partial (`?partial=1`).
    pub view: View,
}

impl SignedIn {
    /// The user's language of the app.
    pub fn lang(&self) -> UiLang {
        UiLang::from_code(&self.session.user.ui_language)
    }
}

/// Whether cookies get the `Secure` attribute (set when the server is reached over HTTPS).
#[derive(Debug, Clone, Copy, Default)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    fn attributes(self) -> &'static str {
        if self.secure { "; Secure" } else { "" }
    }

    /// The session cookie's name. Over HTTPS it is `__Host-ocx_session`: browsers accept such a
    /// cookie only when it is `Secure`, for the whole site and without a `Domain`, so a sibling
    /// subdomain or a plain-HTTP page can neither set nor overwrite it (session fixation).
    pub fn session_cookie(self) -> &'static str {
        if self.secure {
            "__Host-ocx_session"
        } else {
            SESSION_COOKIE
        }
    }

    /// The pre-session cookie's name, prefixed like [`CookiePolicy::session_cookie`].
    pub fn pre_session_cookie(self) -> &'static str {
        if self.secure {
            "__Host-ocx_pre"
        } else {
            PRE_SESSION_COOKIE
        }
    }
}

/// Adds the cookie of a new session to a response.
pub fn set_session_cookie(response: &mut Response, policy: CookiePolicy, session: &NewSession) {
    let cookie = format!(
        "{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        policy.session_cookie(),
        session.token,
        // The browser keeps the cookie for the session's longest life; the server ends it
        // sooner when it is idle.
        SESSION_MAX_DAYS * 86_400,
        policy.attributes()
    );
    append_cookie(response, &cookie);
}

/// Removes the session cookie.
pub fn clear_session_cookie(response: &mut Response, policy: CookiePolicy) {
    let cookie = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        policy.session_cookie(),
        policy.attributes()
    );
    append_cookie(response, &cookie);
}

fn append_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The session behind the request's cookie, if any.
pub async fn current_session(state: &AppState, headers: &HeaderMap) -> Option<SignedIn> {
    let token = cookie_value(headers, state.cookies.session_cookie())?;
    // Tokens are URL-safe base64 of 32 bytes; anything else is not worth a query.
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    match state.app.session(&token).await {
        Ok(Some(session)) => Some(SignedIn {
            session,
            token,
            view: View::Page,
        }),
        Ok(None) => None,
        Err(error) => {
            tracing::warn!(%error, "could not read a session");
            None
        }
    }
}

/// Compares two secrets in constant time.
pub(crate) fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The value of `name` in a URL-encoded form body.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find_map(|(k, v)| (k == name).then_some(v))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Checks a state-changing request against the expected CSRF token; gives the request back with
/// its body intact.
async fn check_csrf(
    request: Request,
    expected: &str,
    public_url: Option<&str>,
) -> Result<Request, ()> {
    if is_safe(request.method()) {
        return Ok(request);
    }
    if is_cross_site_for(request.headers(), public_url) {
        return Err(());
    }
    if let Some(header) = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if equal(header, expected) {
            Ok(request)
        } else {
            Err(())
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| ())?;
    match form_field(&bytes, "csrf") {
        Some(token) if equal(&token, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(()),
    }
}

/// Where to go to sign in and come back.
fn sign_in_redirect(request: &Request) -> Response {
    let back = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = format!(
        "/login?next={}",
        serde_urlencoded::to_string([("", back)])
            .unwrap_or_default()
            .trim_start_matches('=')
    );
    Redirect::to(&target).into_response()
}

/// A refusal by the middleware. The `x-opencx-denied` header names the reason (`sign-in`,
/// `not-a-member`, `forbidden`, `csrf`), so scripts and tests can tell it from a handler's answer;
/// it tells the client nothing it does not know already.
fn refused(state: &AppState, lang: UiLang, kind: ErrorKind) -> Response {
    let reason = match kind {
        ErrorKind::NotFound => "not-a-member",
        ErrorKind::Forbidden => "forbidden",
        ErrorKind::FormExpired => "csrf",
        ErrorKind::Invalid => "invalid",
        ErrorKind::Unavailable => "unavailable",
    };
    let mut response = error_screen(state, lang, kind);
    response
        .headers_mut()
        .insert("x-opencx-denied", HeaderValue::from_static(reason));
    response
}

/// The answer to a request without a session: a page is sent to sign-in (and back), a form is
/// refused and says why in `x-opencx-denied: sign-in`.
fn not_signed_in(state: &AppState, request: &Request) -> Response {
    if is_safe(request.method()) {
        return sign_in_redirect(request);
    }
    let mut response = refused(state, UiLang::En, ErrorKind::FormExpired);
    response
        .headers_mut()
        .insert("x-opencx-denied", HeaderValue::from_static("sign-in"));
    response
}

/// Middleware of routes that need a session but no workspace (home, account).
pub async fn signed_in(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(mut signed_in) = current_session(&state, request.headers()).await else {
        return not_signed_in(&state, &request);
    };
    signed_in.view = View::of(request.uri().query());
    let lang = signed_in.lang();
    request = match check_csrf(
        request,
        &signed_in.session.csrf_token,
        state.public_url.as_deref(),
    )
    .await
    {
        Ok(request) => request,
        Err(()) => return refused(&state, lang, ErrorKind::FormExpired),
    };
    request.extensions_mut().insert(signed_in);
    no_store(next.run(request).await)
}

/// Middleware of workspace routes (`/w/{ws}/...`): session, membership, permission, CSRF.
pub async fn authorize(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    Path(params): Path<HashMap<String, String>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(mut signed_in) = current_session(&state, request.headers()).await else {
        return not_signed_in(&state, &request);
    };
    signed_in.view = View::of(request.uri().query());
    let lang = signed_in.lang();
    let slug = params.get("ws").cloned().unwrap_or_default();
    let member = match state.app.member(&signed_in.session.user, &slug).await {
        Ok(member) => member,
        Err(AppError::NotFound(_)) => return refused(&state, lang, ErrorKind::NotFound),
        Err(error) => {
            tracing::warn!(%error, "could not check a membership");
            return refused(&state, lang, ErrorKind::Unavailable);
        }
    };
    let path = matched.as_ref().map(MatchedPath::as_str).unwrap_or("");
    let Some(permission) = super::permission_for(request.method(), path) else {
        tracing::error!(method = %request.method(), path, "route missing from the permission table; refused");
        return refused(&state, lang, ErrorKind::Forbidden);
    };
    if !member.role.can(permission) {
        return refused(&state, lang, ErrorKind::Forbidden);
    }
    request = match check_csrf(
        request,
        &signed_in.session.csrf_token,
        state.public_url.as_deref(),
    )
    .await
    {
        Ok(request) => request,
        Err(()) => return refused(&state, lang, ErrorKind::FormExpired),
    };
    request.extensions_mut().insert::<Member>(member);
    request.extensions_mut().insert(signed_in);
    no_store(next.run(request).await)
}

/// Pages of the app show personal data: no shared cache keeps them.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The double-submit token of a form shown before sign-in.
#[derive(Debug, Clone)]
pub struct PreSession {
    pub token: String,
    /// Whether the cookie must be (re)sent with the page.
    fresh: bool,
}

impl PreSession {
    /// The token of this browser, or a new one.
    pub fn of(headers: &HeaderMap, policy: CookiePolicy) -> PreSession {
        match cookie_value(headers, policy.pre_session_cookie()).filter(|t| t.len() == 32) {
            Some(token) => PreSession {
                token,
                fresh: false,
            },
            None => PreSession {
                token: random_token(24),
                fresh: true,
            },
        }
    }

    /// Adds the cookie to the page's response when it is new.
    pub fn attach(&self, response: &mut Response, policy: CookiePolicy) {
        if self.fresh {
            let cookie = format!(
                "{}={}; Path=/; Max-Age=86400; HttpOnly; SameSite=Strict{}",
                policy.pre_session_cookie(),
                self.token,
                policy.attributes()
            );
            append_cookie(response, &cookie);
        }
    }

    /// Whether a posted pre-session form is genuine: same site, and its `csrf` field repeats
    /// the cookie.
    pub fn verify(state: &AppState, headers: &HeaderMap, form_csrf: Option<&str>) -> bool {
        if is_cross_site_for(headers, state.public_url.as_deref()) {
            return false;
        }
        match (
            cookie_value(headers, state.cookies.pre_session_cookie()),
            form_csrf,
        ) {
            (Some(cookie), Some(field)) => cookie.len() == 32 && equal(&cookie, field),
            _ => false,
        }
    }
}

/// The response to a request refused with a status, for handlers.
pub fn status_page(state: &AppState, lang: UiLang, status: StatusCode) -> Response {
    let kind = match status {
        StatusCode::NOT_FOUND => ErrorKind::NotFound,
        StatusCode::FORBIDDEN => ErrorKind::Forbidden,
        _ => ErrorKind::Unavailable,
    };
    error_screen(state, lang, kind)
}
