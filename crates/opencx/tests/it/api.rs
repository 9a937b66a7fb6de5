//! The REST API: survey lifecycle, responses, idempotency, metrics, errors and authorisation.

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer, nps_definition};
use crate::on_both_backends;

on_both_backends!(
    survey_lifecycle,
    responses_and_metrics,
    errors_and_authorisation,
    quota_closes_the_survey,
    question_kinds_are_stable_across_versions,
    listing_shows_each_current_definition
);

async fn survey_lifecycle(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;

    // A definition with several problems is refused with every problem listed, and nothing is stored.
    let (status, body) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": "broken", "definition": {"title": "T", "questions": [
                {"id": "a", "kind": "nps"},
                {"id": "b", "kind": "long_text", "show_if": {"question": "q9", "max": 6}},
                {"id": "c", "kind": "csat", "scale": 6}
            ]}}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let problems = body["error"]["problems"].as_array().unwrap();
    let fields: Vec<&str> = problems
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"definition.questions[1].show_if"),
        "{body}"
    );
    assert!(fields.contains(&"definition.questions[2].scale"), "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("refers to unknown question \"q9\"")
    );
    let (_, list) = server.get("/api/v1/surveys").await;
    assert_eq!(list["surveys"].as_array().unwrap().len(), 0);

    // Create, read, publish.
    let definition = nps_definition();
    let (status, created) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": "nps-test", "definition": definition}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["definition"], definition);
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, _) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": "nps-test", "definition": definition}),
        )
        .await;
    assert_eq!(status, 409, "a taken slug is a conflict");
    let (status, live) = server
        .post(&format!("/api/v1/surveys/{id}/publish"), json!({}))
        .await;
    assert_eq!((status, live["status"].as_str()), (200, Some("live")));

    // An answer on version 1, then an edit makes version 2 and the old answer stays readable.
    let (status, stored) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            json!({"answers": {"nps": 3, "improve": "faster delivery"}, "idempotency_key": "v1-answer"}),
        )
        .await;
    assert_eq!(status, 201, "{stored}");
    let mut edited = definition.clone();
    edited["questions"]
        .as_array_mut()
        .unwrap()
        .retain(|q| q["id"] != "improve");
    let (status, updated) = server
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/surveys/{id}"),
            json!({"definition": edited, "expected_version": 1}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["version"], 2);
    let (status, _) = server
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/surveys/{id}"),
            json!({"definition": edited, "expected_version": 1}),
        )
        .await;
    assert_eq!(status, 409, "an edit based on an old version is refused");
    let (_, old) = server
        .get(&format!(
            "/api/v1/responses/{}",
            stored["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(old["survey_version"], 1);
    assert_eq!(old["answers"]["improve"], "faster delivery");

    // Export gives back exactly what was given, for each version, in JSON and YAML.
    let (_, v1) = server
        .get(&format!("/api/v1/surveys/{id}/export?version=1"))
        .await;
    assert_eq!(v1, definition);
    let (_, v2) = server.get(&format!("/api/v1/surveys/{id}/export")).await;
    assert_eq!(v2, edited);
    let yaml = server
        .client
        .get(server.url(&format!("/api/v1/surveys/{id}/export?format=yaml")))
        .bearer_auth(&server.key)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(yaml.contains("kind: nps"), "{yaml}");

    // Close: the survey takes no more answers.
    let (status, on_v2) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            json!({"answers": {"nps": 9}, "idempotency_key": "v2-answer"}),
        )
        .await;
    assert_eq!(status, 201, "{on_v2}");
    let (status, closed) = server
        .post(&format!("/api/v1/surveys/{id}/close"), json!({}))
        .await;
    assert_eq!(
        (
            status,
            closed["status"].as_str(),
            closed["closed_reason"].as_str()
        ),
        (200, Some("closed"), Some("manual"))
    );
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            json!({"answers": {"nps": 9}, "idempotency_key": "late"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("survey_closed"))
    );
    // ...but a retry of a response stored before the close still gets its original answer.
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            json!({"answers": {"nps": 9}, "idempotency_key": "v2-answer"}),
        )
        .await;
    assert_eq!(
        (status, body["duplicate"].as_bool(), &body["id"]),
        (200, Some(true), &on_v2["id"]),
        "{body}"
    );
    // And a submission without an idempotency key is refused on a live survey.
    server
        .post(&format!("/api/v1/surveys/{id}/publish"), json!({}))
        .await;
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            json!({"answers": {"nps": 9}}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("idempotency_key")),
        "{body}"
    );
}

async fn responses_and_metrics(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server.live_survey("metrics-test", nps_definition()).await;
    let path = format!("/api/v1/surveys/{id}/responses");

    // 10 promoters, 5 passives, 5 detractors: NPS = (10 - 5) / 20 = +25.
    let scores = [
        10, 9, 9, 10, 9, 10, 9, 9, 10, 9, 7, 8, 7, 8, 7, 0, 3, 6, 5, 6,
    ];
    for (i, score) in scores.iter().enumerate() {
        let mut answers = json!({"nps": score});
        if *score <= 6 {
            answers["improve"] = json!(format!("reason {i}"));
        }
        let channel = if i % 2 == 0 { "email" } else { "qr" };
        let language = if i < 4 { "he" } else { "en" };
        let (status, body) = server
            .post(
                &path,
                json!({"answers": answers, "channel": channel, "language": language,
                       "dimensions": {"store": format!("store-{}", i % 3)},
                       "idempotency_key": format!("key-{i}"),
                       // Stored out of time order, as an import would (7 and 20 are coprime:
                       // each day once).
                       "submitted_at": format!("2026-11-{:02}T12:00:00Z", 1 + (i * 7) % 20)}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    // A retry with the same key and payload returns the original response and stores nothing;
    // the same key with other answers is refused.
    let retry = json!({"answers": {"nps": 10}, "channel": "email", "language": "he",
                       "dimensions": {"store": "store-0"}, "idempotency_key": "key-0"});
    let (status, body) = server.post(&path, retry.clone()).await;
    assert_eq!((status, body["duplicate"].as_bool()), (200, Some(true)));
    let mut changed = retry;
    changed["answers"]["nps"] = json!(9);
    let (status, body) = server.post(&path, changed).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("idempotency_key_reused"))
    );

    let (status, metrics) = server.get(&format!("/api/v1/surveys/{id}/metrics")).await;
    assert_eq!(status, 200, "{metrics}");
    assert_eq!(metrics["responses"]["completed"], 20);
    let nps = &metrics["questions"][0];
    assert_eq!(nps["answered"], 20);
    assert_eq!(nps["figure"]["metric"], "nps");
    assert!(
        (nps["figure"]["score"].as_f64().unwrap() - 25.0).abs() < 1e-9,
        "{nps}"
    );
    assert_eq!(nps["figure"]["promoters"], 10);
    // SE = 100·√((0.5 + 0.25 − 0.0625)/20) = 18.54; margin = 1.96 × SE = 36.3
    assert!(
        (nps["figure"]["margin_of_error"].as_f64().unwrap() - 36.34).abs() < 0.05,
        "{nps}"
    );
    // The detractors' follow-up: 5 answers, exactly the minimum group size, so shown.
    assert_eq!(metrics["questions"][1]["answered"], 5);
    assert_eq!(metrics["questions"][1]["suppressed"], false);

    // Filters: channel and language and a date range, and a trend by week.
    let (_, email) = server
        .get(&format!("/api/v1/surveys/{id}/metrics?channel=email"))
        .await;
    assert_eq!(email["questions"][0]["answered"], 10);
    let (_, hebrew) = server
        .get(&format!("/api/v1/surveys/{id}/metrics?language=he"))
        .await;
    assert_eq!(hebrew["questions"][0]["answered"], 4);
    assert_eq!(
        hebrew["questions"][0]["suppressed"], true,
        "4 answers are below the minimum group size"
    );
    assert!(hebrew["questions"][0]["figure"].is_null());
    let (_, range) = server
        .get(&format!(
            "/api/v1/surveys/{id}/metrics?from=2026-11-01&to=2026-11-05"
        ))
        .await;
    assert_eq!(range["questions"][0]["answered"], 5);
    let (_, weekly) = server
        .get(&format!("/api/v1/surveys/{id}/metrics?group_by=week"))
        .await;
    let series = weekly["series"].as_array().unwrap();
    assert_eq!(
        series
            .iter()
            .map(|p| p["questions"][0]["answered"].as_u64().unwrap())
            .sum::<u64>(),
        20
    );
    assert_eq!(
        series[0]["period_start"], "2026-10-26",
        "weeks start on Monday"
    );
    let (status, _) = server
        .get(&format!("/api/v1/surveys/{id}/metrics?group_by=year"))
        .await;
    assert_eq!(status, 422);

    // Listing: newest first, paging, filters on dimensions and score.
    let (_, page1) = server.get(&format!("{path}?limit=8")).await;
    assert_eq!(page1["responses"].as_array().unwrap().len(), 8);
    let next = page1["next_before"].as_str().unwrap();
    let (_, page2) = server.get(&format!("{path}?limit=8&before={next}")).await;
    let (_, page3) = server
        .get(&format!(
            "{path}?limit=8&before={}",
            page2["next_before"].as_str().unwrap()
        ))
        .await;
    assert_eq!(page3["responses"].as_array().unwrap().len(), 4);
    assert!(page3["next_before"].is_null());
    // By submission time, newest first, across the pages, each response once.
    let listed: Vec<(String, String)> = [&page1, &page2, &page3]
        .iter()
        .flat_map(|p| p["responses"].as_array().unwrap().clone())
        .map(|r| {
            (
                r["submitted_at"].as_str().unwrap().to_owned(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let days: Vec<&str> = listed.iter().map(|(at, _)| &at[..10]).collect();
    let expected: Vec<String> = (1..=20).rev().map(|d| format!("2026-11-{d:02}")).collect();
    assert_eq!(days, expected, "{listed:?}");
    // A cursor that is no response of this survey is refused, not answered with an empty page.
    let (status, body) = server.get(&format!("{path}?before=123")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "before", "{body}");
    let (_, store0) = server.get(&format!("{path}?dim.store=store-0")).await;
    assert_eq!(store0["responses"].as_array().unwrap().len(), 7);
    assert!(
        store0["responses"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["dimensions"]["store"] == "store-0")
    );
    let (_, detractors) = server.get(&format!("{path}?score=nps:0..6")).await;
    assert_eq!(detractors["responses"].as_array().unwrap().len(), 5);
    let (status, _) = server.get(&format!("{path}?colour=red")).await;
    assert_eq!(status, 422);

    // Bad answers: every problem reported, nothing stored.
    let (status, body) = server
        .post(
            &path,
            json!({"answers": {"nps": 11, "topics": ["price", "nope"], "q9": 1}}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let mut fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        vec!["answers.nps", "answers.q9", "answers.topics"],
        "{body}"
    );
    let (status, body) = server.post(&path, json!({"answers": {"nps": 2}})).await;
    assert_eq!(status, 422, "the detractor follow-up is required: {body}");
    assert_eq!(body["error"]["field"], "answers.improve");
    let (status, body) = server
        .post(&path, json!({"answers": {"nps": 9, "improve": "x"}}))
        .await;
    assert_eq!(
        status, 422,
        "answers to hidden questions are refused: {body}"
    );
    let (_, metrics) = server.get(&format!("/api/v1/surveys/{id}/metrics")).await;
    assert_eq!(
        metrics["responses"]["completed"], 20,
        "rejected submissions stored nothing"
    );
}

async fn errors_and_authorisation(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server.live_survey("auth-test", nps_definition()).await;

    // No key, a malformed key, a wrong secret: 401 with the JSON error shape.
    let r = server
        .client
        .get(server.url("/api/v1/surveys"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    let wrong = format!("{}x", server.key);
    for key in ["nonsense", "ocx_short_x", wrong.as_str()] {
        let r = server
            .client
            .get(server.url("/api/v1/surveys"))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{key}");
    }

    // Malformed JSON, wrong types, unknown fields, oversized bodies: 4xx with the JSON shape.
    let r = server
        .client
        .post(server.url("/api/v1/surveys"))
        .bearer_auth(&server.key)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "bad_request"
    );
    let (status, _) = server
        .post(
            "/api/v1/surveys",
            json!({"definition": nps_definition(), "colour": "red"}),
        )
        .await;
    assert_eq!(status, 422);
    let huge = "x".repeat(2 * 1024 * 1024);
    let (status, _) = server
        .post("/api/v1/surveys", json!({"definition": {"title": huge}}))
        .await;
    assert_eq!(status, 413);
    let (status, body) = server.get("/api/v1/surveys/123").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, _) = server.get("/api/v1/surveys/not-a-number").await;
    assert_eq!(status, 404);
    // NUL and other control characters are refused with a specific error on both backends
    // (PostgreSQL cannot store NUL in text; it must never surface as a database failure).
    let (status, body) = server
        .post("/api/v1/surveys", json!({"definition": {"title": "a\u{0}b", "questions": [{"id": "a", "kind": "yes_no"}]}}))
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("definition.title")),
        "{body}"
    );
    for query in ["channel=%00", "language=e%00", "dim.store=a%00b"] {
        let (status, body) = server
            .get(&format!("/api/v1/surveys/{id}/responses?{query}"))
            .await;
        assert_eq!(status, 422, "{query}: {body}");
    }
    let (status, _) = server
        .get(&format!("/api/v1/surveys/{id}/metrics?channel=%00"))
        .await;
    assert_eq!(status, 422);
    let (status, body) = server
        .send(reqwest::Method::DELETE, "/api/v1/surveys", json!({}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    let (status, body) = server.get("/api/v1/nothing-here").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    // Another workspace's key sees none of this workspace's data.
    let other = opencx_cli_key(&db.url).await;
    let r = server
        .client
        .get(server.url(&format!("/api/v1/surveys/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "a key made by the command line for the same (first) workspace works"
    );
    let stranger = stranger_key(&db.url).await;
    for path in [
        format!("/api/v1/surveys/{id}"),
        format!("/api/v1/surveys/{id}/metrics"),
        format!("/api/v1/surveys/{id}/responses"),
    ] {
        let r = server
            .client
            .get(server.url(&path))
            .bearer_auth(&stranger)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            404,
            "{path} must not reveal another workspace's survey"
        );
    }
    let r = server
        .client
        .get(server.url("/api/v1/surveys"))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["surveys"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // Health and the OpenAPI document need no key.
    assert_eq!(
        server
            .client
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        server
            .client
            .get(server.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let openapi: Value = server
        .client
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(openapi["openapi"], "3.1.0");
}

/// A second key for the first workspace, made with `opencx api-key create`.
async fn opencx_cli_key(url: &str) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_opencx"))
        .args([
            "api-key",
            "create",
            "--database-url",
            url,
            "--name",
            "second",
        ])
        .env("OPENCX_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    stdout
        .split_whitespace()
        .find(|w| w.starts_with("ocx_"))
        .unwrap()
        .to_owned()
}

/// A key of a new, second workspace, made through the library.
pub(crate) async fn stranger_key(url: &str) -> String {
    let clock = opencx_app::system_clock();
    let store = opencx_store::Store::open(url, Default::default(), clock())
        .await
        .unwrap();
    let app = opencx_app::App::new(store.clone(), clock).await.unwrap();
    let workspace = store
        .create_workspace(
            &format!("other-{}", crate::harness::rand_suffix()),
            "Other",
            app.now(),
        )
        .await
        .unwrap();
    let key = app.create_api_key(workspace.id, "stranger").await.unwrap();
    store.close().await;
    key.key
}

async fn quota_closes_the_survey(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut definition = nps_definition();
    definition["response_quota"] = json!(3);
    let id = server.live_survey("quota-test", definition).await;
    let path = format!("/api/v1/surveys/{id}/responses");
    let submissions = (0..6).map(|i| {
        let server = &server;
        let path = &path;
        async move {
            server
                .post(
                    path,
                    json!({"answers": {"nps": 9}, "idempotency_key": format!("q{i}")}),
                )
                .await
                .0
        }
    });
    let statuses = futures_util::future::join_all(submissions).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        3,
        "{statuses:?}"
    );
    let (_, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(
        (survey["status"].as_str(), survey["closed_reason"].as_str()),
        (Some("closed"), Some("quota"))
    );
    assert_eq!(survey["response_count"], 3);

    // The quota in force is the current version's: raising it in a new version reopens room
    // for everyone, whatever version they answer; lowering it below the count closes the survey.
    let mut raised = nps_definition();
    raised["response_quota"] = json!(5);
    let (status, _) = server
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/surveys/{id}"),
            json!({"definition": raised}),
        )
        .await;
    assert_eq!(status, 200);
    server
        .post(&format!("/api/v1/surveys/{id}/publish"), json!({}))
        .await;
    for i in 10..12 {
        let (status, body) = server
            .post(
                &path,
                json!({"answers": {"nps": 9}, "idempotency_key": format!("q{i}")}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (_, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(
        (survey["status"].as_str(), survey["response_count"].as_i64()),
        (Some("closed"), Some(5))
    );
}

async fn question_kinds_are_stable_across_versions(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let question = |id: &str, kind: &str, extra: Value| {
        let mut q = json!({"id": id, "kind": kind});
        q.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        q
    };
    let options = |ids: &[&str]| json!({"options": ids.iter().map(|id| json!({"id": id, "label": id})).collect::<Vec<_>>()});
    let definition = |questions: Vec<Value>| json!({"title": "Stable", "questions": questions});
    let v1 = definition(vec![
        question("sat", "csat", json!({})),
        question("stars", "rating", json!({"scale": 5})),
        question("effort", "ces", json!({})),
        question("plan", "single_choice", options(&["a", "b"])),
        question("note", "short_text", json!({})),
    ]);
    let (status, created) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": "stable", "definition": v1}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let put = |document: Value| {
        let server = &server;
        let path = format!("/api/v1/surveys/{id}");
        async move {
            server
                .send(reqwest::Method::PUT, &path, json!({"definition": document}))
                .await
        }
    };

    // A draft is edited in place and was never answered: its scales may change.
    let mut wide = v1.clone();
    wide["questions"][0]["scale"] = json!(7);
    let (status, body) = put(wide).await;
    assert_eq!((status, &body["version"]), (200, &json!(1)), "{body}");
    let (status, _) = put(v1.clone()).await;
    assert_eq!(status, 200);
    let (status, _) = server
        .post(&format!("/api/v1/surveys/{id}/publish"), json!({}))
        .await;
    assert_eq!(status, 200);

    // Live: changed kinds, scales and variants are refused where they are, together with the
    // definition's other problems, and nothing is stored.
    let changed = definition(vec![
        question("sat", "csat", json!({"scale": 7})),
        question("stars", "rating", json!({"scale": 10})),
        question("effort", "ces", json!({"variant": "agreement_7"})),
        question("plan", "multiple_choice", options(&["a", "b"])),
        question("note", "long_text", json!({})),
        question(
            "extra",
            "yes_no",
            json!({"show_if": {"question": "nowhere", "answered": true}}),
        ),
    ]);
    let (status, body) = put(changed).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid");
    let mut fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        vec![
            "definition.questions[0].scale",
            "definition.questions[1].scale",
            "definition.questions[2].variant",
            "definition.questions[3].kind",
            "definition.questions[4].kind",
            "definition.questions[5].show_if",
        ],
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("scored 1–7 here but 1–5 in version 1") && message.contains("new id"),
        "{message}"
    );
    let (_, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(survey["version"], 1, "nothing was stored");
    assert_eq!(survey["definition"], v1);

    // Options, lengths and texts may change; a changed scale gets a new id.
    let v2 = definition(vec![
        question("sat7", "csat", json!({"scale": 7})),
        question("stars", "rating", json!({"text": "How many stars?"})),
        question("effort", "ces", json!({"variant": "five_option"})),
        question("plan", "single_choice", options(&["a", "c"])),
        question("note", "short_text", json!({"max_length": 80})),
    ]);
    let (status, body) = put(v2.clone()).await;
    assert_eq!((status, &body["version"]), (200, &json!(2)), "{body}");

    // Every earlier version counts, not only the current one: "sat" is gone from version 2 but
    // version 1's answers to it are on 1–5.
    let mut v3 = v2.clone();
    v3["questions"]
        .as_array_mut()
        .unwrap()
        .push(question("sat", "csat", json!({"scale": 7})));
    let (status, body) = put(v3).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (422, Some("definition.questions[5].scale")),
        "{body}"
    );
    let mut v3 = v2;
    v3["questions"]
        .as_array_mut()
        .unwrap()
        .push(question("sat", "csat", json!({"scale": 5})));
    let (status, body) = put(v3).await;
    assert_eq!((status, &body["version"]), (200, &json!(3)), "{body}");
}

async fn listing_shows_each_current_definition(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let survey = |languages: &[&str]| json!({"title": "L", "languages": languages, "questions": [{"id": "a", "kind": "yes_no"}]});
    // A live survey with a second version, and a draft edited in place (never cached).
    let live = server.live_survey("list-live", survey(&["en"])).await;
    let (status, _) = server
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/surveys/{live}"),
            json!({"definition": survey(&["en", "pl"])}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, draft) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": "list-draft", "definition": survey(&["en"])}),
        )
        .await;
    let draft = draft["id"].as_str().unwrap().to_owned();
    for languages in [&["en", "he"][..], &["en", "fa"][..]] {
        let (_, list) = server.get("/api/v1/surveys").await;
        let (status, _) = server
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/surveys/{draft}"),
                json!({"definition": survey(languages)}),
            )
            .await;
        assert_eq!(status, 200, "{list}");
    }
    let (status, list) = server.get("/api/v1/surveys").await;
    assert_eq!(status, 200);
    let surveys = list["surveys"].as_array().unwrap();
    assert_eq!(surveys.len(), 2, "{list}");
    assert_eq!(
        (
            &surveys[0]["id"],
            &surveys[0]["version"],
            &surveys[0]["languages"]
        ),
        (&json!(draft), &json!(1), &json!(["en", "fa"])),
        "newest first, the draft's current text: {list}"
    );
    assert_eq!(
        (
            &surveys[1]["id"],
            &surveys[1]["version"],
            &surveys[1]["languages"]
        ),
        (&json!(live), &json!(2), &json!(["en", "pl"])),
        "{list}"
    );
    assert!(surveys[0].get("definition").is_none());
}
