//! Browser scenarios: the real server (SQLite; storage is covered by the other tests) driven by
//! headless Chromium through Playwright, from the Node scripts in `tests/browser/`. Each test
//! starts a server, creates what the scenario needs, runs `node tests/browser/<scenario>.mjs` with
//! the server's address in environment variables and fails with the script's output when the
//! script fails.
//!
//! They never skip: without Chromium or the npm packages they fail, saying what to run
//! (`./scripts/test.sh` installs both). One scenario alone:
//! `cargo test --test it browser::hebrew_without_javascript -- --nocapture`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::rollups::{definition, generated_responses, store_generated};

/// The survey every respondent-page scenario answers: NPS with follow-ups, in four languages.
const NPS_TEMPLATE: &str =
    include_str!("../../../opencx-app/survey-templates/nps-relationship.json");

/// How long one scenario may run (the scripts stop themselves sooner).
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(240);

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root")
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Fails the test, saying what to run, when something the browser tests need is missing.
fn check_prerequisites(root: &Path) {
    let how = "Run ./scripts/test.sh, which installs what is missing, or by hand: \
               apt-get install -y chromium && (cd tests/browser && npm ci)";
    let chromium = std::env::var_os("OPENCX_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| on_path("chromium"));
    assert!(
        chromium.is_some_and(|c| c.is_file()),
        "the browser tests need Chromium (`chromium` on PATH, or OPENCX_CHROMIUM). {how}"
    );
    let node = Command::new("node").arg("--version").output();
    let major = node
        .as_ref()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .strip_prefix('v')
                .map(str::to_owned)
        })
        .and_then(|v| v.split('.').next()?.parse::<u32>().ok());
    assert!(
        major.is_some_and(|m| m >= 20),
        "the browser tests need Node.js 20 or later (`node` on PATH; found {major:?}). {how}"
    );
    for package in ["playwright-core", "axe-core"] {
        let manifest = root
            .join("tests/browser/node_modules")
            .join(package)
            .join("package.json");
        assert!(
            manifest.is_file(),
            "the browser tests need the npm package {package} in tests/browser/node_modules. {how}"
        );
    }
}

/// Runs `node tests/browser/<script>` with `env`, and fails with its output unless it exits 0.
async fn run_scenario(script: &str, env: Vec<(&'static str, String)>) {
    let root = repository_root();
    check_prerequisites(&root);
    let mut command = Command::new("node");
    command
        .arg(root.join("tests/browser").join(script))
        .current_dir(&root)
        .envs(env)
        .env(
            "OPENCX_SCREENSHOTS",
            root.join("target").join("screenshots"),
        )
        // Plain text in the output (no colour codes in Playwright's call logs).
        .env("FORCE_COLOR", "0")
        .stdin(Stdio::null());
    let script = script.to_owned();
    let (tx, rx) = mpsc::channel();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("node starts: {e}"));
    let pid = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let outcome = tokio::task::spawn_blocking(move || rx.recv_timeout(SCENARIO_TIMEOUT))
        .await
        .expect("the waiting thread");
    let output = match outcome {
        Ok(output) => output.expect("node's output"),
        Err(_) => {
            // The script hung past its own time limit: stop it (by its id) and fail.
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!(
                "browser scenario {script} did not finish within {} s",
                SCENARIO_TIMEOUT.as_secs()
            );
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser scenario {script} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    // Shown with --nocapture: screenshot paths, axe notes.
    print!("{stdout}");
    eprint!("{stderr}");
}

/// A server with the NPS survey live under `slug`; returns the server and the survey's id.
async fn server_with_nps_survey(db: &TestDatabase, slug: &str) -> (TestServer, String) {
    let server = TestServer::start(db).await;
    let definition: Value = serde_json::from_str(NPS_TEMPLATE).expect("the template parses");
    let id = server.live_survey(slug, definition).await;
    (server, id)
}

fn survey_env(server: &TestServer, id: &str, slug: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OPENCX_BASE_URL", server.base.clone()),
        ("OPENCX_API_KEY", server.key.clone()),
        ("OPENCX_SURVEY_ID", id.to_owned()),
        ("OPENCX_SURVEY_SLUG", slug.to_owned()),
    ]
}

/// The server's address and the setup code of its first run, for a scenario that creates the
/// owner's account.
fn first_run_env(server: &TestServer) -> Vec<(&'static str, String)> {
    vec![
        ("OPENCX_BASE_URL", server.base.clone()),
        (
            "OPENCX_SETUP_CODE",
            server
                .setup_code
                .clone()
                .expect("a setup code on first start"),
        ),
    ]
}

/// Hebrew, JavaScript disabled, keyboard only; one response stored with the answers given.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hebrew_without_javascript() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (server, id) = server_with_nps_survey(&db, "nps-he").await;
    run_scenario(
        "hebrew-without-javascript.mjs",
        survey_env(&server, &id, "nps-he"),
    )
    .await;
}

/// Persian on a 390×844 touch screen with JavaScript: the scale in one row, back and forth, one
/// response stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persian_with_javascript_on_a_phone() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (server, id) = server_with_nps_survey(&db, "nps-fa").await;
    run_scenario(
        "persian-with-javascript-on-a-phone.mjs",
        survey_env(&server, &id, "nps-fa"),
    )
    .await;
}

/// axe-core on every kind of screen, in English and Hebrew: no serious or critical violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accessibility() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (server, id) = server_with_nps_survey(&db, "nps-a11y").await;
    run_scenario("accessibility.mjs", survey_env(&server, &id, "nps-a11y")).await;
}

/// Screenshots of the Hebrew page on a phone and a desktop, in `target/screenshots/`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots_right_to_left() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (server, id) = server_with_nps_survey(&db, "nps-shots").await;
    run_scenario("screenshots.mjs", survey_env(&server, &id, "nps-shots")).await;
}

/// The manager's first run, sign-in, and the dashboard updating live while a respondent answers
/// in a second browser; axe on the first-run, sign-in and dashboard pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_first_run_and_live_dashboard() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (server, id) = server_with_nps_survey(&db, "nps-live").await;
    let mut env = survey_env(&server, &id, "nps-live");
    env.push((
        "OPENCX_SETUP_CODE",
        server
            .setup_code
            .clone()
            .expect("a setup code on first start"),
    ));
    run_scenario("manager-first-run-and-live-dashboard.mjs", env).await;
}

/// A manager builds a survey from a template in the browser (Hebrew added, translations, a
/// follow-up rule, questions added, moved, deleted), previews it in Hebrew, publishes it, and a
/// respondent meets the follow-up only after a low score; then the survey is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_builds_a_survey() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let server = TestServer::start(&db).await;
    let env = first_run_env(&server);
    run_scenario("manager-builds-a-survey.mjs", env).await;
}

/// An owner changes the time zone of a workspace with 3,000 responses, recounted one per
/// transaction: the settings page shows the recount's progress moving without a reload, then
/// the finished state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_recount_progress() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let server = TestServer::start_plus(&db, &["--recount-chunk", "1"]).await;
    let id = server.live_survey("recounted", definition()).await;
    store_generated(&server, &id, &generated_responses(7, 3000), "p").await;
    let env = first_run_env(&server);
    run_scenario("settings-recount-progress.mjs", env).await;
}

/// A manager corrects an open answer's sentiment with the keyboard only; the page comes back
/// with the focus on the corrected answer's "Correction saved.".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manager_corrects_an_answer() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let (server, id) = server_with_nps_survey(&db, "nps-correct").await;
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            serde_json::json!({"answers": {"nps": 10, "love": "Friendly staff, great help!"},
                               "idempotency_key": "praise"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let response = body["id"].as_str().expect("the response's id");
    let mut env = first_run_env(&server);
    env.push((
        "OPENCX_RESPONSE_PATH",
        format!("/w/default/surveys/{id}/responses/{response}"),
    ));
    run_scenario("manager-corrects-an-answer.mjs", env).await;
}
