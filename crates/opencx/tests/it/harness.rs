//! Test harness: starts the real `opencx` binary on a random port against a fresh database —
//! a SQLite file in a temporary folder, or a new PostgreSQL database — and talks to it over HTTP.
//!
//! PostgreSQL is at `OPENCX_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
//! When it cannot be reached the PostgreSQL tests fail with a clear message; they never skip.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Connection;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

fn postgres_admin_url() -> String {
    std::env::var("OPENCX_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A fresh database for one test.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDatabase {
    /// Creates an empty database of this kind.
    pub async fn new(backend: Backend) -> TestDatabase {
        sqlx::any::install_default_drivers();
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}", dir.path().join("opencx.db").display());
                TestDatabase {
                    url,
                    _dir: Some(dir),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for these tests and is not reachable at {admin}: {e}. Start it (see README) or set OPENCX_TEST_POSTGRES_URL.")
                });
                let name = format!("opencx_t_{}", rand_suffix());
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("CREATE DATABASE");
                conn.close().await.ok();
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(b, _)| b)
                    .to_owned();
                TestDatabase {
                    url: format!("{base}/{name}"),
                    _dir: None,
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Best effort, on a thread of its own (Drop cannot be async).
            let admin = postgres_admin_url();
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let mut conn = sqlx::AnyConnection::connect(&admin).await.ok()?;
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await
                    .ok()
                })
            })
            .join();
        }
    }
}

pub fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{}_{nanos}", std::process::id())
}

/// A running server process.
pub struct TestServer {
    pub base: String,
    pub key: String,
    /// The one-time code for the first owner, printed on start while no account exists.
    pub setup_code: Option<String>,
    pub client: reqwest::Client,
    child: Child,
}

impl TestServer {
    /// Starts `opencx serve` without the demo workspace and without the per-address rate limit
    /// (every test client is 127.0.0.1), and returns once it listens.
    pub async fn start(db: &TestDatabase) -> TestServer {
        Self::start_plus(db, &[]).await
    }

    /// [`TestServer::start`] with extra arguments.
    pub async fn start_plus(db: &TestDatabase, extra: &[&str]) -> TestServer {
        let mut args = vec!["--no-demo", "--public-rate-limit", "0"];
        args.extend_from_slice(extra);
        Self::start_with(db, &args).await
    }

    /// Starts `opencx serve` with extra arguments.
    pub async fn start_with(db: &TestDatabase, extra: &[&str]) -> TestServer {
        let mut command = Command::new(env!("CARGO_BIN_EXE_opencx"));
        command
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                &db.url,
            ])
            .args(extra)
            .env("OPENCX_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = command.spawn().expect("the opencx binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut key, mut setup) = (None, None);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(k) = line.split_whitespace().find(|w| w.starts_with("ocx_")) {
                    key = Some(k.to_owned());
                }
                if let Some(code) = line.trim().strip_prefix("setup code: ") {
                    setup = Some(code.trim().to_owned());
                }
                if let Some(address) = line.strip_prefix("listening on ") {
                    let _ = tx.send((address.to_owned(), key.clone(), setup.clone()));
                }
            }
        });
        let (base, key, setup_code) = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the server starts listening within 2 minutes");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A fresh connection per request: a test must not fail on a pooled connection the
            // server closed (after refusing an oversized body, for example).
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        TestServer {
            base,
            key: key.unwrap_or_default(),
            setup_code,
            client,
            child,
        }
    }

    /// Stops the process as an operator would (SIGTERM) and waits until it exits; returns
    /// whether it exited successfully.
    pub fn stop(&mut self) -> bool {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        sent && self.child.wait().is_ok_and(|s| s.success())
    }

    /// Kills the process at once (SIGKILL): nothing is flushed or finished.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(self.url(path))
            .bearer_auth(&self.key)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&self.key)
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, body).await
    }

    /// Creates and publishes a survey; returns its id.
    pub async fn live_survey(&self, slug: &str, definition: Value) -> String {
        let (status, body) = self
            .post(
                "/api/v1/surveys",
                json!({"slug": slug, "definition": definition}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let id = body["id"].as_str().unwrap().to_owned();
        let (status, body) = self
            .post(&format!("/api/v1/surveys/{id}/publish"), json!({}))
            .await;
        assert_eq!(status, 200, "{body}");
        id
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A small NPS survey with logic, used by several tests.
pub fn nps_definition() -> Value {
    json!({
        "title": {"en": "How are we doing?", "he": "איך אנחנו?"},
        "default_language": "en",
        "languages": ["en", "he"],
        "questions": [
            {"id": "nps", "kind": "nps", "required": true},
            {"id": "improve", "kind": "long_text", "required": true,
             "text": {"en": "Hey {{first_name}}, what should we improve?", "he": "מה לשפר?"},
             "show_if": {"question": "nps", "max": 6}},
            {"id": "love", "kind": "short_text", "show_if": {"question": "nps", "min": 9}},
            {"id": "topics", "kind": "multiple_choice", "options": [
                {"id": "price", "label": {"en": "Price", "he": "מחיר"}},
                {"id": "staff", "label": {"en": "Staff", "he": "צוות"}}]}
        ]
    })
}
