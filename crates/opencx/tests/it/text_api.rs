//! Teaching the text analysis through the API, over HTTP on both backends: the taxonomy read,
//! refused with every problem, saved with its version (a stale version refused), re-analysing
//! the answers; an answer corrected, the corrections kept through a re-analysis asked for;
//! every refusal a 4xx with a JSON error, and nothing reachable without a key or with another
//! workspace's.

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;

on_both_backends!(teaching_the_analysis_through_the_api);

/// Waits (at most 60 s) until `GET path` satisfies `done`; returns the body.
async fn wait_for(server: &TestServer, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (status, body) = server.get(path).await;
        assert_eq!(status, 200, "{body}");
        if done(&body) {
            return body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} within 60 s: {body}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The ids of an analysis's themes, sorted.
fn theme_ids(text: &Value) -> Vec<&str> {
    let mut ids: Vec<&str> = text["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    ids.sort();
    ids
}

fn theme_sentiment<'a>(text: &'a Value, id: &str) -> &'a Value {
    &text["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {text}"))["sentiment"]
}

async fn teaching_the_analysis_through_the_api(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let survey = server
        .live_survey("taught", crate::harness::nps_definition())
        .await;
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": {"nps": 3, "topics": ["price"],
                   "improve": "Parking was impossible and the delivery was late."},
                   "idempotency_key": "one"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let response = body["id"].as_str().unwrap().to_owned();
    let response_path = format!("/api/v1/responses/{response}");
    let analysed = wait_for(&server, &response_path, |r| {
        r["text"]["improve"].is_object()
    })
    .await;
    assert_eq!(
        theme_ids(&analysed["text"]["improve"]),
        ["delivery", "speed"]
    );

    // The starter set, never edited: version 0.
    let (status, taxonomy) = server.get("/api/v1/taxonomy").await;
    assert_eq!(status, 200, "{taxonomy}");
    assert_eq!(taxonomy["version"], 0);
    let mut themes = taxonomy["themes"].as_array().unwrap().clone();
    assert!(themes.iter().any(|t| t["id"] == "delivery"));
    assert!(themes[0]["keywords"]["pl"].is_array(), "{}", themes[0]);

    // Every problem at once, each at its place; nothing saved.
    let mut bad = themes.clone();
    bad.push(
        json!({"id": "parking", "parent": "nowhere", "names": {"en": "Parking"},
                    "keywords": {"en": ["- parking", "a*"]}}),
    );
    let put = |version: i64, themes: &[Value]| {
        server.send(
            reqwest::Method::PUT,
            "/api/v1/taxonomy",
            json!({"version": version, "themes": themes}),
        )
    };
    let (status, error) = put(0, &bad).await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["code"], "invalid");
    let at = themes.len();
    let fields: Vec<&str> = error["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            format!("themes[{at}].parent"),
            format!("themes[{at}].keywords.en"),
            format!("themes[{at}].keywords.en"),
        ],
        "{error}"
    );
    // A misspelt field is refused, not dropped.
    let (status, error) = server
        .send(
            reqwest::Method::PUT,
            "/api/v1/taxonomy",
            json!({"version": 0, "themes": [{"id": "x", "name": {"en": "X"}}]}),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `name`"),
        "{error}"
    );
    let (status, error) = put(-1, &themes).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (422, Some("version"))
    );
    let (_, unchanged) = server.get("/api/v1/taxonomy").await;
    assert_eq!(unchanged["version"], 0);

    // Saved: a new version, and every answer analysed again.
    themes.push(
        json!({"id": "parking", "names": {"en": "Parking", "pl": "Parking"},
                       "keywords": {"en": ["parking", "car park"], "pl": ["parking*"]}}),
    );
    let (status, saved) = put(0, &themes).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["themes"].as_array().unwrap().len(), themes.len());
    assert_eq!(saved["reanalysis"]["reason"], "taxonomy");
    assert_eq!(saved["reanalysis"]["total"], 1, "{saved}");
    // A second client that read version 0 does not overwrite it.
    let (status, error) = put(0, &themes[..1]).await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["error"]["code"], "conflict");
    let (_, now) = server.get("/api/v1/taxonomy").await;
    assert_eq!(now["version"], 1);
    assert_eq!(now["themes"].as_array().unwrap().len(), themes.len());
    wait_for(&server, "/api/v1/reanalysis", |r| {
        r["reanalysis"]["running"] == false && r["reanalysis"]["reason"] == "taxonomy"
    })
    .await;
    let reanalysed = wait_for(&server, &response_path, |r| {
        theme_ids(&r["text"]["improve"]).contains(&"parking")
    })
    .await;
    assert_eq!(reanalysed["text"]["improve"]["sentiment"], "negative");

    // Corrected: the sentiment, a theme it does not mention, one it does, a mention's sentiment.
    let corrections = format!("/api/v1/responses/{response}/corrections");
    let (status, corrected) = server
        .post(
            &corrections,
            json!({"question": "improve", "sentiment": "neutral",
                   "themes": {"parking": false, "price": true},
                   "theme_sentiments": {"delivery": "positive"}}),
        )
        .await;
    assert_eq!(status, 200, "{corrected}");
    let text = &corrected["text"];
    assert_eq!(text["sentiment"], "neutral", "{corrected}");
    assert_eq!(text["decided_by"], "correction");
    assert_eq!(
        theme_ids(text),
        ["delivery", "price", "speed"],
        "{corrected}"
    );
    assert_eq!(theme_sentiment(text, "delivery"), "positive");
    let kept = corrected["corrections"].as_array().unwrap();
    assert_eq!(kept.len(), 4, "{corrected}");
    assert!(
        kept.iter()
            .all(|c| c["corrected_by"]["api_key"].is_string() && c["corrected_at"].is_string()),
        "{corrected}"
    );
    assert!(
        kept.contains(&json!({"kind": "theme", "theme": "parking", "value": false,
        "corrected_at": kept[0]["corrected_at"], "corrected_by": kept[0]["corrected_by"]}))
    );
    // `null` takes a mention's sentiment back: it follows the answer's corrected sentiment
    // again, as a mention that was the whole answer's does.
    let (status, corrected) = server
        .post(
            &corrections,
            json!({"question": "improve", "theme_sentiments": {"delivery": null}}),
        )
        .await;
    assert_eq!(status, 200, "{corrected}");
    assert_eq!(theme_sentiment(&corrected["text"], "delivery"), "neutral");
    assert_eq!(corrected["corrections"].as_array().unwrap().len(), 3);

    // Refusals name what is wrong, and store none of the corrections sent with them.
    for (body, status, field) in [
        (
            json!({"question": "improve", "themes": {"nope": true}, "sentiment": "positive"}),
            422,
            Some("themes.nope"),
        ),
        (
            json!({"question": "improve", "theme_sentiments": {"price": "furious"}}),
            422,
            Some("theme_sentiments.price"),
        ),
        (
            json!({"question": "improve", "sentiment": "great"}),
            422,
            Some("sentiment"),
        ),
        (json!({"question": "improve"}), 422, Some("sentiment")),
        (
            json!({"question": "nps", "sentiment": "positive"}),
            422,
            Some("question"),
        ),
        (
            json!({"question": "love", "sentiment": "positive"}),
            422,
            Some("question"),
        ),
        // Answered, and stored as text, but a choice: never analysed, so never corrected.
        (
            json!({"question": "topics", "sentiment": "positive"}),
            422,
            Some("question"),
        ),
        (
            json!({"question": "improve", "sentiment": "positive", "why": "x"}),
            422,
            None,
        ),
        (json!({"sentiment": "positive"}), 422, None),
    ] {
        let (got, error) = server.post(&corrections, body.clone()).await;
        assert_eq!(got, status, "{body}: {error}");
        assert!(error["error"]["message"].is_string(), "{body}: {error}");
        assert_eq!(error["error"]["field"].as_str(), field, "{body}: {error}");
    }
    let (status, error) = server
        .post(
            "/api/v1/responses/123/corrections",
            json!({"question": "improve", "sentiment": "positive"}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (_, after) = server.get(&response_path).await;
    assert_eq!(after["text"]["improve"]["sentiment"], "neutral", "{after}");

    // A re-analysis asked for keeps every correction.
    let (status, started) = server.post("/api/v1/reanalysis", json!({})).await;
    assert_eq!(status, 202, "{started}");
    assert_eq!(started["reanalysis"]["reason"], "request");
    assert_eq!(started["reanalysis"]["total"], 1);
    wait_for(&server, "/api/v1/reanalysis", |r| {
        r["reanalysis"]["running"] == false && r["reanalysis"]["reason"] == "request"
    })
    .await;
    let (_, after) = server.get(&response_path).await;
    let text = &after["text"]["improve"];
    assert_eq!(text["sentiment"], "neutral", "{after}");
    assert_eq!(theme_ids(text), ["delivery", "price", "speed"], "{after}");

    // Without a key, or with another workspace's, nothing is read or changed.
    let stranger = crate::api::stranger_key(&db.url).await;
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/taxonomy"),
        (reqwest::Method::PUT, "/api/v1/taxonomy"),
        (reqwest::Method::GET, "/api/v1/reanalysis"),
        (reqwest::Method::POST, "/api/v1/reanalysis"),
        (reqwest::Method::POST, corrections.as_str()),
    ] {
        let r = server
            .client
            .request(method.clone(), server.url(path))
            .json(&json!({"question": "improve", "sentiment": "positive"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{method} {path}");
    }
    let r = server
        .client
        .post(server.url(&corrections))
        .bearer_auth(&stranger)
        .json(&json!({"question": "improve", "sentiment": "positive"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404, "another workspace's response");
    let r = server
        .client
        .get(server.url("/api/v1/taxonomy"))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    let theirs: Value = r.json().await.unwrap();
    assert_eq!(theirs["version"], 0, "their own starter set: {theirs}");
    let (_, after) = server.get(&response_path).await;
    assert_eq!(after["text"]["improve"]["sentiment"], "neutral", "{after}");
}
