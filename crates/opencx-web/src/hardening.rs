//! What every response gets on its way out: the security headers, and the API's JSON error shape
//! for the bodiless answers axum and the timeout make themselves (405 wrong method, 408 timeout).
//!
//! One layer instead of one per header and a `map_response` middleware: each of those wrapped
//! the response future once more, the middleware cloned the router's service and boxed a future
//! for every request, and the headers went into the map one by one, growing it twice (measured:
//! about 7% of the server's time under intake load went to the header map alone).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use tower::{Layer, Service};

/// Headers set on every response that does not set them itself.
const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// Browsers told once that the site is HTTPS-only never try plain HTTP again, so a network
/// attacker cannot strip TLS from a later visit.
const HSTS: &str = "max-age=31536000";

/// The layer: `hsts` when the server is known to be reached over HTTPS (on plain HTTP the header
/// would be ignored).
#[derive(Debug, Clone, Copy)]
pub struct HardeningLayer {
    pub hsts: bool,
}

impl<S> Layer<S> for HardeningLayer {
    type Service = Hardening<S>;

    fn layer(&self, inner: S) -> Hardening<S> {
        Hardening {
            inner,
            hsts: self.hsts,
        }
    }
}

/// The service of [`HardeningLayer`].
#[derive(Debug, Clone)]
pub struct Hardening<S> {
    inner: S,
    hsts: bool,
}

impl<S> Service<Request> for Hardening<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Hardened<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        Hardened {
            api: request.uri().path().starts_with("/api/"),
            hsts: self.hsts,
            inner: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`Hardening`].
    pub struct Hardened<F> {
        #[pin]
        inner: F,
        api: bool,
        hsts: bool,
    }
}

impl<F, E> Future for Hardened<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        Poll::Ready(Ok(harden(response, *this.api, *this.hsts)))
    }
}

fn harden(response: Response, api: bool, hsts: bool) -> Response {
    let mut response = if api {
        json_errors_for_api(response)
    } else {
        response
    };
    let headers = response.headers_mut();
    headers.reserve(SECURITY_HEADERS.len() + 1);
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if hsts && !headers.contains_key(header::STRICT_TRANSPORT_SECURITY) {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// Gives axum's own bodiless answers under `/api` (405 wrong method, 408 timeout) the API's JSON
/// error shape, keeping their headers (a 405's `Allow`).
fn json_errors_for_api(response: Response) -> Response {
    let (code, message) = match response.status() {
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", "this path does not serve that method")
        }
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long and was abandoned"),
        _ => return response,
    };
    let (parts, _) = response.into_parts();
    let mut json = ApiError::new(parts.status, code, message).into_response();
    for (name, value) in &parts.headers {
        // The body is new: its length and type are the JSON's.
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            json.headers_mut().insert(name, value.clone());
        }
    }
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: StatusCode) -> Response {
        let mut response = Response::default();
        *response.status_mut() = code;
        response
    }

    #[test]
    fn a_timeout_under_the_api_is_a_json_error_with_the_headers() {
        let response = harden(status(StatusCode::REQUEST_TIMEOUT), true, false);
        assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(response.headers()[header::X_FRAME_OPTIONS], "DENY");
        assert!(
            !response
                .headers()
                .contains_key(header::STRICT_TRANSPORT_SECURITY)
        );
        // Elsewhere it stays as it was made.
        let page = harden(status(StatusCode::REQUEST_TIMEOUT), false, true);
        assert!(!page.headers().contains_key(header::CONTENT_TYPE));
        assert_eq!(page.headers()[header::STRICT_TRANSPORT_SECURITY], HSTS);
    }

    #[test]
    fn a_wrong_method_under_the_api_keeps_its_allow_header() {
        let mut response = status(StatusCode::METHOD_NOT_ALLOWED);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
        let response = harden(response, true, false);
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(response.headers()[header::ALLOW], "GET,HEAD");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    }

    #[test]
    fn a_header_the_response_set_itself_is_kept() {
        let mut response = status(StatusCode::OK);
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        let response = harden(response, false, false);
        assert_eq!(
            response.headers()[header::CONTENT_SECURITY_POLICY],
            "default-src 'self'"
        );
        assert_eq!(response.headers()[header::REFERRER_POLICY], "same-origin");
    }
}
