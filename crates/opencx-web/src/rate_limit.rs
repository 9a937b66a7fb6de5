//! Per-client rate limit for the public routes (survey pages and response intake): a token
//! bucket per IP address, refilled continuously. Over the limit, a request gets 429 with
//! `Retry-After` — JSON for the intake, a short page for the survey page.
//!
//! The limit is generous for people (a respondent clicks a few times a minute; a whole office
//! behind one address still fits) and stops scripted floods. It is per server process; behind a
//! load balancer each server limits what reaches it. Behind reverse proxies named as trusted, the
//! address is the one they forwarded (see [`crate::client_ip`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use std::task::{Context, Poll};

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::future::{Either, Ready, ready};
use tower::{Layer, Service};

use crate::api::error::ApiError;
use crate::client_ip::TrustedProxies;

/// Requests per second and burst per client address; `None` turns the limit off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 20.0,
            burst: 60.0,
        }
    }
}

/// Buckets by client address.
#[derive(Clone)]
pub struct Limiter {
    limit: Option<RateLimit>,
    trusted: Arc<TrustedProxies>,
    buckets: Arc<Mutex<HashMap<IpAddr, (f64, Instant)>>>,
}

impl Limiter {
    /// A limiter; `None` lets everything through. Requests from `trusted` proxies count against
    /// the address they forwarded.
    pub fn new(limit: Option<RateLimit>, trusted: Arc<TrustedProxies>) -> Self {
        Limiter {
            limit,
            trusted,
            buckets: Arc::default(),
        }
    }

    /// Takes one token for `ip` at `now`; `Err(seconds)` says how long until one is free.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), f64> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() > 100_000 {
            // Forget addresses whose buckets are full again, so memory stays bounded.
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * limit.per_second < limit.burst
            });
        }
        let (tokens, at) = buckets.entry(ip).or_insert((limit.burst, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * limit.per_second).min(limit.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - *tokens) / limit.per_second)
        }
    }
}

impl Limiter {
    /// The 429 answer for `request` when its client is over the limit.
    fn refusal(&self, request: &Request) -> Option<Response> {
        let ip =
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(address)| {
                    self.trusted.client_address(address.ip(), request.headers())
                })?;
        let wait = self.check(ip, Instant::now()).err()?;
        let seconds = wait.ceil().max(1.0) as u64;
        let wants_json = request.uri().path().ends_with("/responses");
        let mut response = if wants_json {
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many requests from this address; retry in {seconds} s"),
            )
            .into_response()
        } else {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Too many requests. Please wait a moment and try again.",
            )
                .into_response()
        };
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        Some(response)
    }
}

/// The limiter as a layer over the routes it guards: a plain service, not a `from_fn`
/// middleware, which cloned the routes' service and boxed a future for every request.
impl<S> Layer<S> for Limiter {
    type Service = Limited<S>;

    fn layer(&self, inner: S) -> Limited<S> {
        Limited {
            inner,
            limiter: self.clone(),
        }
    }
}

/// The routes guarded by a [`Limiter`].
#[derive(Clone)]
pub struct Limited<S> {
    inner: S,
    limiter: Limiter,
}

impl<S> Service<Request> for Limited<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<Ready<Result<Response, S::Error>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.limiter.refusal(&request) {
            Some(refused) => Either::Left(ready(Ok(refused))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_allows_the_burst_then_refills() {
        let limiter = Limiter::new(
            Some(RateLimit {
                per_second: 2.0,
                burst: 3.0,
            }),
            Arc::default(),
        );
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(ip, t0).is_ok());
        }
        let wait = limiter.check(ip, t0).unwrap_err();
        assert!((wait - 0.5).abs() < 1e-9);
        assert!(limiter.check(ip, t0 + Duration::from_millis(500)).is_ok());
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(
            limiter.check(other, t0).is_ok(),
            "addresses have their own buckets"
        );
        assert!(Limiter::new(None, Arc::default()).check(ip, t0).is_ok());
    }
}
