//! The command line: surveys as code (import and export unchanged) and the demo workspace of the
//! first start.

use std::process::Command;

use serde_json::Value;

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;

on_both_backends!(
    import_and_export_unchanged,
    first_start_creates_the_demo_workspace,
    demo_workspace_with_an_owner
);

fn opencx(url: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_opencx"))
        .args(args)
        .args(["--database-url", url])
        .env("OPENCX_LOG", "warn")
        .output()
        .expect("opencx runs");
    assert!(
        output.status.success(),
        "opencx {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const YAML: &str = r#"title:
  pl: Jak nam poszło?
  en: How did we do?
default_language: pl
languages: [pl, en]
questions:
  - id: csat
    kind: csat
    required: true
    text:
      pl: "Hej {{first_name}}! Dzięki za Twoje zamówienie! Powiedz nam, jak się spisaliśmy"
      en: "Hey {{first_name}}! Thanks for your order! Tell us how we did"
  - id: improve
    kind: long_text
    text:
      pl: Co możemy poprawić następnym razem?
      en: What can we improve next time?
    show_if: {question: csat, max: 3}
"#;

async fn import_and_export_unchanged(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    // The first start creates the workspace the command line uses.
    let server = TestServer::start(&db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("survey.yaml");
    std::fs::write(&file, YAML).unwrap();
    let line = opencx(
        &db.url,
        &[
            "survey",
            "import",
            file.to_str().unwrap(),
            "--slug",
            "shop-csat",
            "--publish",
        ],
    );
    let id = line.split('\t').next().unwrap().to_owned();
    assert!(
        line.contains("live") && line.contains("/s/shop-csat"),
        "{line}"
    );

    let original: Value = serde_norway::from_str(YAML).unwrap();
    let exported_json: Value =
        serde_json::from_str(&opencx(&db.url, &["survey", "export", &id])).unwrap();
    assert_eq!(exported_json, original);
    let exported_yaml: Value = serde_norway::from_str(&opencx(
        &db.url,
        &["survey", "export", &id, "--format", "yaml"],
    ))
    .unwrap();
    assert_eq!(exported_yaml, original);

    // The exported file imports again to the same definition.
    let again = dir.path().join("again.json");
    std::fs::write(&again, opencx(&db.url, &["survey", "export", &id])).unwrap();
    let line = opencx(&db.url, &["survey", "import", again.to_str().unwrap()]);
    let second = line.split('\t').next().unwrap();
    let (_, body) = server.get(&format!("/api/v1/surveys/{second}")).await;
    assert_eq!(body["definition"], original);

    // A broken file is refused with every problem and its location.
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "title: X\nquestions:\n  - {id: a, kind: nps}\n  - {id: b, kind: long_text, show_if: {question: q9, max: 6}}\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_opencx"))
        .args([
            "survey",
            "import",
            broken.to_str().unwrap(),
            "--database-url",
            &db.url,
        ])
        .env("OPENCX_LOG", "warn")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("questions[1].show_if: refers to unknown question \"q9\""),
        "{stderr}"
    );

    // The respondent page serves the Polish text with the piped name.
    let html = server
        .client
        .get(server.url("/s/shop-csat?first_name=Ala"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Hej Ala! Dzięki za Twoje zamówienie!"),
        "{html}"
    );
}

async fn first_start_creates_the_demo_workspace(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start_with(&db, &[]).await;
    assert!(
        server.key.starts_with("ocx_"),
        "the admin key is printed on first start"
    );
    let (status, list) = server.get("/api/v1/surveys").await;
    assert_eq!(status, 200);
    let surveys = list["surveys"].as_array().unwrap();
    assert_eq!(surveys.len(), 6);
    let total: i64 = surveys
        .iter()
        .map(|s| s["response_count"].as_i64().unwrap())
        .sum();
    assert!(total >= 3000, "a few thousand demo responses ({total})");
    let nps = surveys
        .iter()
        .find(|s| s["slug"] == "nps-relationship")
        .unwrap();
    let id = nps["id"].as_str().unwrap();
    let (_, metrics) = server
        .get(&format!("/api/v1/surveys/{id}/metrics?group_by=month"))
        .await;
    assert!(
        metrics["series"].as_array().unwrap().len() >= 3,
        "dates over the last 90 days"
    );
    let (_, page) = server
        .get(&format!("/api/v1/surveys/{id}/responses?limit=500"))
        .await;
    let responses = page["responses"].as_array().unwrap();
    let languages: std::collections::BTreeSet<&str> = responses
        .iter()
        .map(|r| r["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages.len(), 4, "{languages:?}");
    let channels: std::collections::BTreeSet<&str> = responses
        .iter()
        .map(|r| r["channel"].as_str().unwrap())
        .collect();
    assert!(channels.len() >= 4);
    assert!(
        responses
            .iter()
            .any(|r| r["answers"]["improve"].is_string() || r["answers"]["love"].is_string()),
        "open answers"
    );

    // A second start does not create another workspace or print another key.
    drop(server);
    let again = TestServer::start_with(&db, &[]).await;
    assert!(again.key.is_empty());
}

/// `opencx demo --owner EMAIL` makes an existing account owner of the new workspace; an unknown
/// email creates nothing. `user create --workspace` takes a workspace's slug or id.
async fn demo_workspace_with_an_owner(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let first = opencx(&db.url, &["demo", "--responses", "2"]);
    assert!(
        !first.contains("nobody can open it"),
        "no accounts yet: {first}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_opencx"))
        .args(["user", "create", "ada@example.com", "--name", "Ada"])
        .args(["--database-url", &db.url])
        .env("OPENCX_PASSWORD", "correct horse battery staple")
        .env("OPENCX_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let failed = Command::new(env!("CARGO_BIN_EXE_opencx"))
        .args(["demo", "--responses", "2", "--owner", "nobody@example.com"])
        .args(["--database-url", &db.url])
        .env("OPENCX_LOG", "warn")
        .output()
        .unwrap();
    assert!(!failed.status.success(), "an unknown owner is refused");
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("no account has the email"),
        "{failed:?}"
    );
    let out = opencx(
        &db.url,
        &["demo", "--responses", "2", "--owner", "Ada@Example.com"],
    );
    assert!(out.contains("ada@example.com is its owner"), "{out}");
    let store = opencx_store::Store::open(&db.url, Default::default(), 1_800_000_000_000)
        .await
        .unwrap();
    let user = store
        .find_user_by_email("ada@example.com")
        .await
        .unwrap()
        .unwrap();
    let workspaces = store.workspaces_of_user(user.id).await.unwrap();
    let all = store.list_workspaces().await.unwrap();
    store.close().await;
    assert_eq!(all.len(), 2, "the refused demo created nothing");
    assert_eq!(
        workspaces
            .iter()
            .map(|(w, role)| (w.id, role.as_str()))
            .collect::<Vec<_>>(),
        [(all[0].id, "owner"), (all[1].id, "owner")],
        "owner of the first workspace (`user create`) and of the new demo one"
    );
    let third = opencx(&db.url, &["demo", "--responses", "2"]);
    assert!(third.contains("nobody can open it"), "{third}");

    // `--workspace` takes the slug the pages show, or the id; anything else is refused.
    let create = |email: &str, workspace: &str| {
        Command::new(env!("CARGO_BIN_EXE_opencx"))
            .args(["user", "create", email, "--name", "Bo", "--role", "viewer"])
            .args(["--workspace", workspace, "--database-url", &db.url])
            .env("OPENCX_PASSWORD", "correct horse battery staple")
            .env("OPENCX_LOG", "warn")
            .output()
            .unwrap()
    };
    let refused = create("bo@example.com", "no-such-workspace");
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("there is no workspace with the slug or id \"no-such-workspace\""),
        "{refused:?}"
    );
    let output = create("bo@example.com", &all[1].slug);
    assert!(output.status.success(), "{output:?}");
    let output = create("cy@example.com", &all[0].id.to_string());
    assert!(output.status.success(), "{output:?}");
    let store = opencx_store::Store::open(&db.url, Default::default(), 1_800_000_000_000)
        .await
        .unwrap();
    for (email, workspace) in [("bo@example.com", all[1].id), ("cy@example.com", all[0].id)] {
        let user = store.find_user_by_email(email).await.unwrap().unwrap();
        let of = store.workspaces_of_user(user.id).await.unwrap();
        assert_eq!(
            of.iter()
                .map(|(w, role)| (w.id, role.as_str()))
                .collect::<Vec<_>>(),
            [(workspace, "viewer")],
            "{email}"
        );
    }
    store.close().await;
}
