//! Getting in: the first-run page, sign-in and sign-out, the start page, and accepting an
//! invitation.

use askama::Template;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use opencx_app::AppError;
use opencx_app::accounts::AccountForm;
use opencx_domain::access::Role;
use serde::Deserialize;

use super::auth::{PreSession, clear_session_cookie, current_session, set_session_cookie};
use super::chrome::{
    Chrome, ErrorKind, app_error_screen, error_screen, language_options, render, visitor_language,
};
use super::i18n::{Tr, UiLang};
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/setup.html")]
struct SetupPage {
    c: Chrome,
    errors: Vec<String>,
    code: String,
    name: String,
    email: String,
    languages: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Deserialize)]
pub struct SetupForm {
    csrf: Option<String>,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    language: String,
}

/// Field problems of an account form, in the visitor's language.
pub(crate) fn account_errors(tr: Tr, error: &AppError) -> Vec<String> {
    match error {
        AppError::Invalid { problems, .. } => problems
            .iter()
            .map(|p| {
                match p.field.as_str() {
                    "email" if p.message.contains("exists") => tr.email_taken(),
                    "email" => tr.email_wrong(),
                    "name" => tr.name_wrong(),
                    "password" => tr.password_wrong(),
                    "code" => tr.setup_code_wrong(),
                    "current_password" => tr.current_password_wrong(),
                    "role" => tr.last_owner(),
                    _ => tr.error_body(),
                }
                .to_owned()
            })
            .collect(),
        _ => vec![tr.error_body().to_owned()],
    }
}

/// `GET /setup`: the first-run page, while the server has no account.
pub async fn show_setup(
    State(state): State<AppState>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    match state.app.needs_setup().await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/login").into_response(),
        Err(e) => return app_error_screen(&state, UiLang::En, e),
    }
    let lang = visitor_language(query.lang.as_deref(), &headers);
    let pre = PreSession::of(&headers, state.cookies);
    let page = SetupPage {
        c: Chrome::public(&state, lang, Tr(lang).setup_title(), &pre.token),
        errors: Vec::new(),
        code: String::new(),
        name: String::new(),
        email: String::new(),
        languages: language_options(lang),
    };
    let mut response = render(StatusCode::OK, &page);
    pre.attach(&mut response, state.cookies);
    response
}

/// `POST /setup`: creates the first owner and signs them in.
pub async fn submit_setup(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SetupForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if !matches!(state.app.needs_setup().await, Ok(true)) {
        return Redirect::to("/login").into_response();
    }
    let Ok(Form(form)) = form else {
        return error_screen(&state, UiLang::En, ErrorKind::FormExpired);
    };
    let lang = UiLang::from_code(&form.language);
    if !PreSession::verify(&state, &headers, form.csrf.as_deref()) {
        return error_screen(&state, lang, ErrorKind::FormExpired);
    }
    let account = AccountForm {
        email: form.email.clone(),
        name: form.name.clone(),
        password: form.password.clone(),
        language: lang.code().to_owned(),
    };
    match state.app.create_first_owner(&form.code, &account).await {
        Ok(session) => {
            let mut response = Redirect::to("/").into_response();
            set_session_cookie(&mut response, state.cookies, &session);
            response
        }
        Err(error @ AppError::Invalid { .. }) => {
            let pre = PreSession::of(&headers, state.cookies);
            let page = SetupPage {
                c: Chrome::public(&state, lang, Tr(lang).setup_title(), &pre.token),
                errors: account_errors(Tr(lang), &error),
                code: form.code,
                name: form.name,
                email: form.email,
                languages: language_options(lang),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(error) => app_error_screen(&state, lang, error),
    }
}

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    c: Chrome,
    error: Option<&'static str>,
    email: String,
    next: String,
    languages: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only paths of this site are followed after sign-in: a `/` then anything but `/` or `\\`,
/// made only of URL characters (no tabs or line breaks, which browsers drop to turn `/\t/x` into
/// `//x`, another site).
fn safe_next(next: &str) -> String {
    let plain = next
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/_-.~?=&%+:@,;!*'()".contains(&b));
    let second = next.as_bytes().get(1).copied();
    if plain && next.starts_with('/') && second != Some(b'/') && second != Some(b'\\') {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

fn login_page(
    state: &AppState,
    lang: UiLang,
    pre: &PreSession,
    error: Option<&'static str>,
    email: String,
    next: String,
    status: StatusCode,
) -> Response {
    let page = LoginPage {
        c: Chrome::public(state, lang, Tr(lang).sign_in(), &pre.token),
        error,
        email,
        next,
        languages: language_options(lang),
    };
    let mut response = render(status, &page);
    pre.attach(&mut response, state.cookies);
    response
}

/// `GET /login`.
pub async fn show_login(
    State(state): State<AppState>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    if let Ok(true) = state.app.needs_setup().await {
        return Redirect::to("/setup").into_response();
    }
    if current_session(&state, &headers).await.is_some() {
        return Redirect::to(&safe_next(query.next.as_deref().unwrap_or("/"))).into_response();
    }
    let lang = visitor_language(query.lang.as_deref(), &headers);
    let pre = PreSession::of(&headers, state.cookies);
    let next = safe_next(query.next.as_deref().unwrap_or("/"));
    login_page(
        &state,
        lang,
        &pre,
        None,
        String::new(),
        next,
        StatusCode::OK,
    )
}

/// `POST /login`.
pub async fn submit_login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = visitor_language(query.lang.as_deref(), &headers);
    let Ok(Form(form)) = form else {
        return error_screen(&state, lang, ErrorKind::FormExpired);
    };
    if !PreSession::verify(&state, &headers, form.csrf.as_deref()) {
        return error_screen(&state, lang, ErrorKind::FormExpired);
    }
    let next = safe_next(&form.next);
    let pre = PreSession::of(&headers, state.cookies);
    match state
        .app
        .sign_in(
            &form.email,
            &form.password,
            Some(state.trusted_proxies.client_address(peer.ip(), &headers)),
        )
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            set_session_cookie(&mut response, state.cookies, &session);
            response
        }
        Err(AppError::Unauthorized(_)) => login_page(
            &state,
            lang,
            &pre,
            Some(Tr(lang).sign_in_failed()),
            form.email,
            next,
            StatusCode::UNAUTHORIZED,
        ),
        Err(AppError::TooManyAttempts(wait)) => {
            let mut response = login_page(
                &state,
                lang,
                &pre,
                Some(Tr(lang).too_many_attempts()),
                form.email,
                next,
                StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(value) = wait.to_string().parse() {
                response.headers_mut().insert("retry-after", value);
            }
            response
        }
        Err(error) => app_error_screen(&state, lang, error),
    }
}

/// `POST /logout` (behind the session middleware, so the CSRF token was checked).
pub async fn logout(
    State(state): State<AppState>,
    axum::Extension(who): axum::Extension<super::auth::SignedIn>,
) -> Response {
    if let Err(error) = state.app.sign_out(&who.token).await {
        tracing::warn!(%error, "could not end a session");
    }
    let mut response = Redirect::to("/login").into_response();
    clear_session_cookie(&mut response, state.cookies);
    response
}

/// `GET /`: the first workspace's surveys when signed in; else sign-in or first run.
pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match state.app.needs_setup().await {
        Ok(true) => return Redirect::to("/setup").into_response(),
        Ok(false) => {}
        Err(e) => return app_error_screen(&state, UiLang::En, e),
    }
    let Some(who) = current_session(&state, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    match state.app.workspaces_of(who.session.user.id).await {
        Ok(workspaces) => match workspaces.first() {
            Some((workspace, _)) => {
                Redirect::to(&format!("/w/{}/surveys", workspace.slug)).into_response()
            }
            // Removed from every workspace: only the account page is left.
            None => Redirect::to("/account").into_response(),
        },
        Err(e) => app_error_screen(&state, who.lang(), e),
    }
}

#[derive(Template)]
#[template(path = "admin/join.html")]
struct JoinPage {
    c: Chrome,
    heading: String,
    intro: String,
    errors: Vec<String>,
    action: String,
    signed_in: bool,
    name: String,
    languages: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Deserialize)]
pub struct JoinForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    language: String,
}

/// Invitation tokens are URL-safe base64 of 32 bytes.
fn plausible_token(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `GET /invitations/{token}`: the invitation, with an account form for newcomers.
pub async fn show_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let who = current_session(&state, &headers).await;
    let lang = who.as_ref().map_or_else(
        || visitor_language(query.lang.as_deref(), &headers),
        |w| w.lang(),
    );
    let tr = Tr(lang);
    let opened = if plausible_token(&token) {
        state.app.open_invitation(&token).await
    } else {
        Err(AppError::NotFound("invitation"))
    };
    let (invitation, workspace) = match opened {
        Ok(found) => found,
        Err(AppError::NotFound(_)) => return gone(&state, lang),
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let pre = PreSession::of(&headers, state.cookies);
    let csrf = who
        .as_ref()
        .map_or_else(|| pre.token.clone(), |w| w.session.csrf_token.clone());
    let role = Role::parse(&invitation.role).unwrap_or(Role::Viewer);
    let page = JoinPage {
        c: Chrome::public(&state, lang, &tr.join_title(&workspace.name), &csrf),
        heading: tr.join_title(&workspace.name),
        intro: tr.invited_as(&invitation.email, role),
        errors: Vec::new(),
        action: format!("/invitations/{token}"),
        signed_in: who.is_some(),
        name: String::new(),
        languages: language_options(lang),
    };
    let mut response = render(StatusCode::OK, &page);
    pre.attach(&mut response, state.cookies);
    response
}

fn gone(state: &AppState, lang: UiLang) -> Response {
    let tr = Tr(lang);
    #[derive(Template)]
    #[template(path = "admin/error.html")]
    struct Gone {
        c: Chrome,
        heading: &'static str,
        body: &'static str,
    }
    render(
        StatusCode::NOT_FOUND,
        &Gone {
            c: Chrome::public(state, lang, tr.not_found_title(), ""),
            heading: tr.not_found_title(),
            body: tr.invitation_gone(),
        },
    )
}

/// `POST /invitations/{token}`: joins the workspace (creating the account when needed).
pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<JoinForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let who = current_session(&state, &headers).await;
    let Ok(Form(form)) = form else {
        return error_screen(&state, UiLang::En, ErrorKind::FormExpired);
    };
    let lang = who
        .as_ref()
        .map_or_else(|| UiLang::from_code(&form.language), |w| w.lang());
    if !plausible_token(&token) {
        return gone(&state, lang);
    }
    match &who {
        Some(who) => {
            let genuine = !crate::request::is_cross_site_for(&headers, state.public_url.as_deref())
                && form
                    .csrf
                    .as_deref()
                    .is_some_and(|c| super::auth::equal(c, &who.session.csrf_token));
            if !genuine {
                return error_screen(&state, lang, ErrorKind::FormExpired);
            }
            match state.app.accept_invitation(&token, &who.session.user).await {
                Ok(invitation) => {
                    match state.app.store.get_workspace(invitation.workspace_id).await {
                        Ok(w) => Redirect::to(&format!("/w/{}/surveys", w.slug)).into_response(),
                        Err(e) => app_error_screen(&state, lang, e.into()),
                    }
                }
                Err(AppError::NotFound(_)) => gone(&state, lang),
                Err(AppError::Forbidden(message)) => {
                    let tr = Tr(lang);
                    #[derive(Template)]
                    #[template(path = "admin/error.html")]
                    struct Mismatch {
                        c: Chrome,
                        heading: &'static str,
                        body: String,
                    }
                    render(
                        StatusCode::FORBIDDEN,
                        &Mismatch {
                            c: Chrome::public(&state, lang, tr.forbidden_title(), ""),
                            heading: tr.forbidden_title(),
                            body: message,
                        },
                    )
                }
                Err(e) => app_error_screen(&state, lang, e),
            }
        }
        None => {
            if !PreSession::verify(&state, &headers, form.csrf.as_deref()) {
                return error_screen(&state, lang, ErrorKind::FormExpired);
            }
            let account = AccountForm {
                email: String::new(),
                name: form.name.clone(),
                password: form.password.clone(),
                language: lang.code().to_owned(),
            };
            match state
                .app
                .accept_invitation_with_account(&token, &account)
                .await
            {
                Ok(session) => {
                    let mut response = Redirect::to("/").into_response();
                    set_session_cookie(&mut response, state.cookies, &session);
                    response
                }
                Err(AppError::NotFound(_)) => gone(&state, lang),
                Err(error @ AppError::Invalid { .. }) => {
                    let tr = Tr(lang);
                    let pre = PreSession::of(&headers, state.cookies);
                    let (heading, intro) = match state.app.open_invitation(&token).await {
                        Ok((i, w)) => (
                            tr.join_title(&w.name),
                            tr.invited_as(&i.email, Role::parse(&i.role).unwrap_or(Role::Viewer)),
                        ),
                        Err(_) => return gone(&state, lang),
                    };
                    let page = JoinPage {
                        c: Chrome::public(&state, lang, &heading, &pre.token),
                        heading,
                        intro,
                        errors: account_errors(tr, &error),
                        action: format!("/invitations/{token}"),
                        signed_in: false,
                        name: form.name,
                        languages: language_options(lang),
                    };
                    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
                }
                Err(e) => app_error_screen(&state, lang, e),
            }
        }
    }
}

pub(crate) use account_errors as form_errors;

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/w/demo/members?x=1"), "/w/demo/members?x=1");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "/a\r\nSet-Cookie: x",
            "",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
