//! OpenCX over HTTP: the respondent pages, the REST API and health endpoints, with the security
//! headers, body limits and timeouts every route gets.

pub mod admin;
pub mod api;
pub mod assets;
pub mod client_ip;
pub mod escape;
pub mod hardening;
pub mod public;
pub mod rate_limit;
pub mod request;
pub mod time;

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use opencx_app::App;
use tower_http::timeout::TimeoutLayer;

/// Largest request body accepted anywhere (a survey definition with 200 questions in four
/// languages fits comfortably).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Shared state of every handler: one reference-counted pointer, because axum clones the state
/// (and every route's handler service with it) for each request, and the fields below hold a
/// dozen reference counts between them, which two cores then fought over (about 4% of the
/// server's time under intake load, measured with perf).
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] points to.
pub struct Shared {
    pub app: App,
    pub assets: assets::Assets,
    /// Attributes of the cookies the server sets.
    pub cookies: admin::auth::CookiePolicy,
    /// Reverse proxies whose `X-Forwarded-For` names the client (sign-in throttle; the public
    /// rate limit shares them).
    pub trusted_proxies: std::sync::Arc<client_ip::TrustedProxies>,
    /// Turns true when the server begins to shut down: long-lived streams end then.
    pub shutdown: Option<tokio::sync::watch::Receiver<bool>>,
    /// The configured public address, for links shown to copy and the forms' origin check.
    pub public_url: Option<String>,
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
    let hsts = options
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let trusted_proxies = std::sync::Arc::new(options.trusted_proxies);
    let limiter = rate_limit::Limiter::new(options.public_rate_limit, trusted_proxies.clone());
    let state = AppState(std::sync::Arc::new(Shared {
        app,
        assets: assets::Assets::new(),
        cookies: admin::auth::CookiePolicy {
            secure: options.secure_cookies,
        },
        trusted_proxies,
        shutdown: options.shutdown,
        public_url: options.public_url,
    }));
    Router::new()
        .merge(api::routes())
        .merge(admin::routes(state.clone()))
        .merge(public::routes().route_layer(limiter.clone()))
        .merge(
            public::intake_routes()
                .route_layer(limiter)
                .layer(public::intake_cors()),
        )
        .fallback(fallback)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // Outside the timeout, so that its 408 gets the headers and, under /api, a JSON body.
        .layer(hardening::HardeningLayer { hsts })
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
