//! Idempotency keys bind one payload: an identical retry gets the original response, the same key
//! with a different payload gets 409 `idempotency_key_reused` and stores nothing.

use serde_json::{Value, json};
use sqlx::Connection;

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;

on_both_backends!(
    reused_keys_through_the_api,
    reused_keys_through_the_public_intake,
    page_replays_fingerprint_like_the_intake
);

fn definition() -> Value {
    json!({
        "title": "Idempotency",
        "languages": ["en", "pl"],
        "questions": [
            {"id": "nps", "kind": "nps", "required": true},
            {"id": "why", "kind": "short_text"}
        ]
    })
}

fn assert_reused(status: u16, body: &Value) {
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "idempotency_key_reused", "{body}");
    assert_eq!(body["error"]["field"], "idempotency_key", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already used for a different response"),
        "{body}"
    );
}

async fn completed(server: &TestServer, id: &str) -> i64 {
    let (_, metrics) = server.get(&format!("/api/v1/surveys/{id}/metrics")).await;
    metrics["responses"]["completed"].as_i64().unwrap()
}

async fn reused_keys_through_the_api(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server.live_survey("idem-api", definition()).await;
    let path = format!("/api/v1/surveys/{id}/responses");
    let original = json!({
        "answers": {"nps": 9, "why": "fast"},
        "language": "pl",
        "channel": "email",
        "dimensions": {"store": "s1", "city": "krakow"},
        "idempotency_key": "k1",
        "submitted_at": "2026-11-02T10:00:00Z"
    });
    let (status, first) = server.post(&path, original.clone()).await;
    assert_eq!(status, 201, "{first}");

    // The same payload again, even at another time and with the key in the header instead: the
    // original response.
    let mut retry = original.clone();
    retry["submitted_at"] = json!("2026-11-03T11:00:00Z");
    retry.as_object_mut().unwrap().remove("idempotency_key");
    let r = server
        .client
        .post(server.url(&path))
        .bearer_auth(&server.key)
        .header("idempotency-key", "k1")
        .json(&retry)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (&body["id"], &body["duplicate"]),
        (&first["id"], &json!(true))
    );

    // Any part of the payload changed: refused.
    let changes: [(&str, Value); 5] = [
        ("answers", json!({"nps": 8, "why": "fast"})),
        ("answers", json!({"nps": 9})),
        ("language", json!("en")),
        ("channel", json!("qr")),
        ("dimensions", json!({"store": "s2", "city": "krakow"})),
    ];
    for (field, value) in changes {
        let mut changed = original.clone();
        changed[field] = value;
        let (status, body) = server.post(&path, changed).await;
        assert_reused(status, &body);
    }
    assert_eq!(completed(&server, &id).await, 1, "nothing more was stored");

    // Concurrent submissions with one key and different payloads: one stored, the rest refused
    // (whether they meet in one batch or in successive ones).
    let submissions = (0..5).map(|score| {
        let server = &server;
        let path = &path;
        async move {
            server
                .post(
                    path,
                    json!({"answers": {"nps": score}, "idempotency_key": "race"}),
                )
                .await
        }
    });
    let results = futures_util::future::join_all(submissions).await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == 201).count(),
        1,
        "{results:?}"
    );
    for (status, body) in results.iter().filter(|(s, _)| *s != 201) {
        assert_reused(*status, body);
    }
    // The same payload five times at once: one stored, four retries.
    let submissions = (0..5).map(|_| {
        let server = &server;
        let path = &path;
        async move {
            server
                .post(
                    path,
                    json!({"answers": {"nps": 7}, "idempotency_key": "same"}),
                )
                .await
                .0
        }
    });
    let mut statuses = futures_util::future::join_all(submissions).await;
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 200, 200, 200, 201]);
    assert_eq!(completed(&server, &id).await, 3);

    // A response stored before fingerprints existed matches any retry of its key.
    let (status, _) = server
        .post(
            &path,
            json!({"answers": {"nps": 1}, "idempotency_key": "legacy"}),
        )
        .await;
    assert_eq!(status, 201);
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    sqlx::query("UPDATE responses SET payload_fingerprint = NULL WHERE idempotency_key = 'legacy'")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let (status, body) = server
        .post(
            &path,
            json!({"answers": {"nps": 2}, "idempotency_key": "legacy"}),
        )
        .await;
    assert_eq!((status, &body["duplicate"]), (200, &json!(true)), "{body}");

    // The survey version answered is part of the payload: after a new version, the same answers
    // under the same key are a different response.
    let (status, body) = server
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/surveys/{id}"),
            json!({"definition": definition()}),
        )
        .await;
    assert_eq!((status, &body["version"]), (200, &json!(2)), "{body}");
    let (status, body) = server.post(&path, original.clone()).await;
    assert_reused(status, &body);

    // After the survey closes, an identical retry still gets its original, a changed one is
    // refused as on a live survey.
    let (status, stored) = server
        .post(
            &path,
            json!({"answers": {"nps": 10}, "idempotency_key": "v2"}),
        )
        .await;
    assert_eq!(status, 201, "{stored}");
    server
        .post(&format!("/api/v1/surveys/{id}/close"), json!({}))
        .await;
    let (status, body) = server
        .post(
            &path,
            json!({"answers": {"nps": 10}, "idempotency_key": "v2"}),
        )
        .await;
    assert_eq!(
        (status, &body["id"], &body["duplicate"]),
        (200, &stored["id"], &json!(true)),
        "{body}"
    );
    let (status, body) = server
        .post(
            &path,
            json!({"answers": {"nps": 3}, "idempotency_key": "v2"}),
        )
        .await;
    assert_reused(status, &body);
    let (status, body) = server
        .post(
            &path,
            json!({"answers": {"nps": 3}, "idempotency_key": "never-used"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("survey_closed"))
    );
    assert_eq!(completed(&server, &id).await, 5);
}

async fn reused_keys_through_the_public_intake(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server.live_survey("idem-public", definition()).await;
    let post = |key: &'static str, body: Value| {
        let server = &server;
        async move {
            let r = server
                .client
                .post(server.url("/s/idem-public/responses"))
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let answers = json!({"answers": {"nps": 6, "why": "slow"}, "dimensions": {"page": "home"}});
    let (status, first) = post("w1", answers.clone()).await;
    assert_eq!(status, 201, "{first}");
    let (status, retry) = post("w1", answers.clone()).await;
    assert_eq!(
        (status, &retry["id"], &retry["duplicate"]),
        (200, &first["id"], &json!(true))
    );
    // The channel defaults to `link`; naming it is the same payload, naming another is not.
    let mut named = answers.clone();
    named["channel"] = json!("link");
    assert_eq!(post("w1", named).await.0, 200);
    let mut other = answers.clone();
    other["channel"] = json!("widget");
    let (status, body) = post("w1", other).await;
    assert_reused(status, &body);
    let (status, body) = post(
        "w1",
        json!({"answers": {"nps": 6, "why": "slow"}, "dimensions": {"page": "cart"}}),
    )
    .await;
    assert_reused(status, &body);
    let (status, body) = post("w1", json!({"answers": {"nps": 7, "why": "slow"}})).await;
    assert_reused(status, &body);
    assert_eq!(completed(&server, &id).await, 1);
}

/// Reads a hidden field's value from a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap() + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

async fn page_replays_fingerprint_like_the_intake(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    // One question: the first screen is the last, so the response is submitted without a saved
    // session and every replay of the form reaches the intake again.
    let id = server
        .live_survey(
            "idem-page",
            json!({"title": "One", "questions": [{"id": "nps", "kind": "nps"}]}),
        )
        .await;
    let html = server
        .client
        .get(server.url("/s/idem-page?store=s9"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let signed = hidden(&html, "t");
    let post = |score: &'static str| {
        let server = &server;
        let signed = signed.clone();
        async move {
            let r = server
                .client
                .post(server.url("/s/idem-page?store=s9"))
                .form(&[
                    ("t", signed.as_str()),
                    ("q", "nps"),
                    ("nps", score),
                    ("action", "next"),
                ])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, thanks) = post("8").await;
    assert_eq!(status, 200);
    assert!(thanks.contains("<h1>"), "{thanks}");
    // The same form again, and a changed answer under the same form token: the thank-you page,
    // one response, with the first answer.
    for score in ["8", "3"] {
        let (status, html) = post(score).await;
        assert_eq!((status, html == thanks), (200, true), "{html}");
    }
    let (_, list) = server.get(&format!("/api/v1/surveys/{id}/responses")).await;
    let responses = list["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "{list}");
    assert_eq!(responses[0]["answers"]["nps"], 8);

    // The page's key is its token: the JSON intake with that key and the same answers, channel
    // and dimensions is the same payload (same fingerprint); other answers are not.
    let token = signed.rsplit_once('.').unwrap().0;
    let key = format!("page:{token}");
    let intake = |score: i64| {
        let server = &server;
        let key = key.clone();
        async move {
            let r = server
                .client
                .post(server.url("/s/idem-page/responses"))
                .header("idempotency-key", key)
                .json(&json!({"answers": {"nps": score}, "dimensions": {"store": "s9"}}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = intake(8).await;
    assert_eq!(
        (status, &body["duplicate"], body["id"].as_str()),
        (200, &json!(true), responses[0]["id"].as_str()),
        "{body}"
    );
    let (status, body) = intake(9).await;
    assert_reused(status, &body);
}
