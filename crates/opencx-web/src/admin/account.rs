//! The signed-in user's own page: the app's language and the password.

use askama::Template;
use axum::Extension;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, language_options, render};
use super::entry::form_errors;
use super::i18n::{Tr, UiLang};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/account.html")]
struct AccountPage {
    c: Chrome,
    email: String,
    notice: Option<&'static str>,
    errors: Vec<String>,
    languages: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Deserialize, Default)]
pub struct Notice {
    saved: Option<String>,
}

async fn page(
    state: &AppState,
    who: &SignedIn,
    notice: Option<&'static str>,
    errors: Vec<String>,
    status: StatusCode,
) -> Response {
    let tr = Tr(who.lang());
    let page = AccountPage {
        c: Chrome::signed_in(state, who, None, "account", tr.account()).await,
        email: who.session.user.email.clone(),
        notice,
        errors,
        languages: language_options(who.lang()),
    };
    render(status, &page)
}

/// `GET /account`.
pub async fn show_account(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    axum::extract::Query(notice): axum::extract::Query<Notice>,
) -> Response {
    let tr = Tr(who.lang());
    let notice = match notice.saved.as_deref() {
        Some("language") => Some(tr.saved()),
        Some("password") => Some(tr.password_changed()),
        _ => None,
    };
    page(&state, &who, notice, Vec::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    language: String,
}

/// `POST /account/language`.
pub async fn set_language(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Form(form): Form<LanguageForm>,
) -> Response {
    match state
        .app
        .set_language(who.session.user.id, &form.language)
        .await
    {
        Ok(()) => Redirect::to("/account?saved=language").into_response(),
        Err(error @ opencx_app::AppError::Invalid { .. }) => {
            let errors = form_errors(Tr(who.lang()), &error);
            page(&state, &who, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => app_error_screen(&state, who.lang(), error),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

/// `POST /account/password`: other sessions of the user end.
pub async fn set_password(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Form(form): Form<PasswordForm>,
) -> Response {
    match state
        .app
        .change_password(&who.session.user, &form.current, &form.new, &who.token)
        .await
    {
        Ok(()) => Redirect::to("/account?saved=password").into_response(),
        Err(error @ opencx_app::AppError::Invalid { .. }) => {
            let errors = form_errors(Tr(who.lang()), &error);
            page(&state, &who, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => app_error_screen(
            &state,
            UiLang::from_code(&who.session.user.ui_language),
            error,
        ),
    }
}
