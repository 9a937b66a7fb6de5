//! The public routes' edges: the per-address rate limit behind (and without) trusted proxies,
//! and CORS for the public intake only. Nothing here depends on the database, so these run on
//! SQLite only.

use serde_json::json;

use crate::harness::{Backend, TestDatabase, TestServer};

/// Statuses of `count` quick requests to a survey page, each with the `X-Forwarded-For` value
/// `forwarded(i)` (none when it returns `None`).
async fn statuses(
    server: &TestServer,
    count: usize,
    forwarded: impl Fn(usize) -> Option<String>,
) -> Vec<u16> {
    let mut out = Vec::new();
    for i in 0..count {
        let mut request = server.client.get(server.url("/s/limited"));
        if let Some(value) = forwarded(i) {
            request = request.header("x-forwarded-for", value);
        }
        out.push(request.send().await.unwrap().status().as_u16());
    }
    out
}

async fn limited_server(db: &TestDatabase, extra: &[&str]) -> TestServer {
    // One request per second with bursts of three: a fourth quick request is refused.
    let mut args = vec!["--no-demo", "--public-rate-limit", "1"];
    args.extend_from_slice(extra);
    let server = TestServer::start_with(db, &args).await;
    server
        .live_survey(
            "limited",
            serde_json::json!({"title": "R", "questions": [{"id": "a", "kind": "yes_no"}]}),
        )
        .await;
    server
}

fn refused_after_the_burst(statuses: &[u16]) -> bool {
    // The first three pass; of the next three at most one finds a refilled token.
    statuses[..3].iter().all(|s| *s == 200)
        && statuses[3..].iter().filter(|s| **s == 429).count() >= 2
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoofed_forwarded_for_does_not_evade_the_limit() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let server = limited_server(&db, &[]).await;
    // No proxy is trusted: a client inventing a new address per request is still one client.
    let got = statuses(&server, 6, |i| Some(format!("198.51.100.{i}"))).await;
    assert!(refused_after_the_burst(&got), "{got:?}");
    // The bucket is per address across public routes; the intake's 429 is readable by a widget
    // on another site.
    let r = server
        .client
        .post(server.url("/s/limited/responses"))
        .header("origin", "https://shop.example")
        .header("idempotency-key", "k")
        .json(&json!({"answers": {"a": true}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    // The test client (127.0.0.1) plays the proxy.
    let server = limited_server(&db, &["--trusted-proxy", "127.0.0.0/8"]).await;
    let got = statuses(&server, 6, |i| Some(format!("198.51.100.{i}"))).await;
    assert!(got.iter().all(|s| *s == 200), "{got:?}");
    // One client behind the proxy is limited, whatever it writes to the left of the proxy's entry.
    let got = statuses(&server, 6, |i| Some(format!("10.9.9.{i}, 203.0.113.7"))).await;
    assert!(refused_after_the_burst(&got), "{got:?}");
    // Without the header, the proxy itself is the client.
    let got = statuses(&server, 6, |_| None).await;
    assert!(refused_after_the_burst(&got), "{got:?}");
}

#[test]
fn trusted_proxies_are_checked_at_start_up() {
    let run = |args: &[&str], env: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_opencx"));
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--database-url"])
            .arg("postgres://nobody@127.0.0.1:1/none")
            .args(args)
            .env("OPENCX_LOG", "warn")
            .env_remove("OPENCX_TRUSTED_PROXIES");
        if let Some(value) = env {
            command.env("OPENCX_TRUSTED_PROXIES", value);
        }
        let output = command.output().unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, stderr) = run(
        &["--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "proxy"],
        None,
    );
    assert!(
        !ok && stderr.contains("\"proxy\" is not an IP address"),
        "{stderr}"
    );
    // The environment variable is a comma-separated list.
    let (ok, stderr) = run(&[], Some("10.0.0.1, 10.0.0.0/40"));
    assert!(!ok && stderr.contains("\"10.0.0.0/40\""), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_is_answered_for_the_public_intake_only() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let server = TestServer::start(&db).await;
    let id = server
        .live_survey(
            "widget",
            json!({"title": "W", "questions": [{"id": "a", "kind": "yes_no"}]}),
        )
        .await;
    let origin = "https://shop.example";
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
    };

    // The browser's preflight for a JSON post with an idempotency key.
    let r = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/s/widget/responses"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(
        header(&r, "access-control-allow-methods").is_some_and(|m| m.contains("post")),
        "{:?}",
        r.headers()
    );
    let allowed = header(&r, "access-control-allow-headers").unwrap_or_default();
    assert!(
        allowed.contains("content-type") && allowed.contains("idempotency-key"),
        "{allowed}"
    );
    assert_eq!(
        header(&r, "access-control-max-age").as_deref(),
        Some("86400")
    );
    assert!(header(&r, "access-control-allow-credentials").is_none());

    // The post itself, and its errors, carry the header the browser checks.
    let post = |key: Option<&'static str>| {
        let mut request = server
            .client
            .post(server.url("/s/widget/responses"))
            .header("origin", origin)
            .json(&json!({"answers": {"a": true}}));
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send()
    };
    let r = post(Some("w-1")).await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(header(&r, "access-control-allow-credentials").is_none());
    let r = post(None).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some("*")
    );

    // Nothing else answers CORS: the page, its form post, the API, health, unknown paths.
    let preflight = |path: String| {
        server
            .client
            .request(reqwest::Method::OPTIONS, server.url(&path))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    for path in [
        "/s/widget".to_owned(),
        "/api/v1/surveys".to_owned(),
        format!("/api/v1/surveys/{id}/responses"),
        "/healthz".to_owned(),
        "/nothing".to_owned(),
    ] {
        let r = preflight(path.clone()).await.unwrap();
        assert!(
            header(&r, "access-control-allow-origin").is_none(),
            "OPTIONS {path}: {:?}",
            r.headers()
        );
        let r = server
            .client
            .get(server.url(&path))
            .bearer_auth(&server.key)
            .header("origin", origin)
            .send()
            .await
            .unwrap();
        assert!(
            header(&r, "access-control-allow-origin").is_none(),
            "GET {path}: {:?}",
            r.headers()
        );
    }
    let r = server
        .client
        .post(server.url(&format!("/api/v1/surveys/{id}/responses")))
        .bearer_auth(&server.key)
        .header("origin", origin)
        .header("idempotency-key", "api-1")
        .json(&json!({"answers": {"a": false}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert!(header(&r, "access-control-allow-origin").is_none());
}
