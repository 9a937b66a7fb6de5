//! The public routes' edges: the per-address rate limit behind (and without) trusted proxies.
//! Nothing here depends on the database, so these run on SQLite only.

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
