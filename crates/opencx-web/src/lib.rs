//! OpenCX over HTTP: the respondent pages, the REST API and health endpoints, with the security
//! headers, body limits and timeouts every route gets.

pub mod admin;
pub mod api;
pub mod assets;
pub mod client_ip;
pub mod public;
pub mod rate_limit;
pub mod request;
pub mod time;

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use opencx_app::App;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Largest request body accepted anywhere (a survey definition with 200 questions in four
/// languages fits comfortably).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Shared, not copied per request: axum clones the state for every extractor.
    pub assets: std::sync::Arc<assets::Assets>,
    /// Attributes of the cookies the server sets.
    pub cookies: admin::auth::CookiePolicy,
    /// Reverse proxies whose `X-Forwarded-For` names the client (sign-in throttle).
    pub trusted_proxies: std::sync::Arc<client_ip::TrustedProxies>,
    /// Turns true when the server begins to shut down: long-lived streams end then.
    pub shutdown: Option<tokio::sync::watch::Receiver<bool>>,
    /// The configured public address, for links shown to copy and the forms' origin check.
    pub public_url: Option<std::sync::Arc<str>>,
}

/// Options of the HTTP application.
#[derive(Debug, Clone, Default)]
pub struct WebOptions {
    /// Rate limit per client address on the public routes; `None` turns it off.
    pub public_rate_limit: Option<rate_limit::RateLimit>,
    /// Mark cookies `Secure` (set when users reach the server over HTTPS).
    pub secure_cookies: bool,
    /// The address people reach the server at (`https://cx.example.com`), without a slash.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client for the rate limit.
    pub trusted_proxies: client_ip::TrustedProxies,
    /// Signals the start of shutdown (see [`AppState::shutdown`]).
    pub shutdown: Option<tokio::sync::watch::Receiver<bool>>,
}

/// The whole HTTP application.
pub fn router(app: App, options: WebOptions) -> Router {
    let state = AppState {
        app,
        assets: std::sync::Arc::new(assets::Assets::new()),
        cookies: admin::auth::CookiePolicy {
            secure: options.secure_cookies,
        },
        trusted_proxies: std::sync::Arc::new(options.trusted_proxies.clone()),
        shutdown: options.shutdown.clone(),
        public_url: options.public_url.as_deref().map(std::sync::Arc::from),
    };
    let limiter = rate_limit::Limiter::new(options.public_rate_limit, options.trusted_proxies);
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    // Browsers told once that the site is HTTPS-only never try plain HTTP again, so a network
    // attacker cannot strip TLS from a later visit. Sent only when the server is known to be
    // reached over HTTPS (an https public URL): on plain HTTP the header would be ignored.
    let https = options
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let hsts = https.then(|| header("strict-transport-security", "max-age=31536000"));
    Router::new()
        .merge(api::routes())
        .merge(admin::routes(state.clone()))
        .merge(public::routes().route_layer(axum::middleware::from_fn_with_state(
            limiter.clone(),
            rate_limit::limit_public,
        )))
        .merge(
            public::intake_routes()
                .route_layer(axum::middleware::from_fn_with_state(limiter, rate_limit::limit_public))
                .layer(public::intake_cors()),
        )
        .fallback(fallback)
        .with_state(state)
        .layer(axum::middleware::map_response(json_errors_for_api))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(header(
            "content-security-policy",
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("cross-origin-opener-policy", "same-origin"))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(tower::util::option_layer(hsts))
}

/// Gives axum's own bodiless answers under `/api` (405 wrong method, 408 timeout) the API's JSON
/// error shape. It runs outside the routes, so it checks the status only.
async fn json_errors_for_api(uri: axum::http::Uri, response: Response) -> Response {
    let code = match response.status() {
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        _ => return response,
    };
    if !uri.path().starts_with("/api/") {
        return response;
    }
    let status = response.status();
    let message = if status == StatusCode::METHOD_NOT_ALLOWED {
        "this path does not serve that method"
    } else {
        "the request took too long and was abandoned"
    };
    (
        status,
        axum::Json(serde_json::json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

/// Unknown routes: JSON under `/api`, a page elsewhere.
async fn fallback(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        return api::error::ApiError::not_found("route").into_response();
    }
    (
        StatusCode::NOT_FOUND,
        [("content-type", "text/plain; charset=utf-8")],
        "Not found",
    )
        .into_response()
}
