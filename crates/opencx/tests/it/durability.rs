//! Intake never loses an acknowledged response: a load of submissions runs, the server is killed
//! with SIGKILL mid-flight, and after a restart every acknowledged response is there exactly once
//! (and the rollups agree with the rows). Bounded to a couple of seconds of load.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer, nps_definition};
use crate::on_both_backends;

on_both_backends!(acknowledged_responses_survive_sigkill);

/// The `i`-th submission of a client (a retry must send the same payload).
fn submission(key: &str, i: i64) -> Value {
    json!({"answers": {"nps": (i % 11), "improve": if i % 11 <= 6 { Some("slow") } else { None }},
           "idempotency_key": key})
}

async fn acknowledged_responses_survive_sigkill(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let mut server = TestServer::start(&db).await;
    let survey_id = server.live_survey("durable", nps_definition()).await;
    let url = server.url("/s/durable/responses");
    let acknowledged: Arc<Mutex<Vec<(String, String, i64)>>> = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(3);

    let mut clients = Vec::new();
    for client_number in 0..32 {
        let client = reqwest::Client::new();
        let url = url.clone();
        let acknowledged = acknowledged.clone();
        clients.push(tokio::spawn(async move {
            for i in 0.. {
                if Instant::now() > deadline {
                    break;
                }
                let key = format!("c{client_number}-{i}");
                let body = submission(&key, i);
                match client.post(&url).json(&body).send().await {
                    Ok(r) if r.status().as_u16() == 201 => {
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        if let Some(id) = v["id"].as_str() {
                            acknowledged.lock().unwrap().push((key, id.to_owned(), i));
                        }
                    }
                    // The server died: this client stops.
                    Err(_) => break,
                    Ok(r) => panic!("unexpected status {} before the kill", r.status()),
                }
            }
        }));
    }
    // Let the load run, then kill the server while requests are in flight.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    server.kill();
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 50,
        "the load ran ({} acknowledged)",
        acknowledged.len()
    );

    // Restart on the same database: every acknowledged key is a duplicate of its original id.
    let key = server.key.clone();
    let mut server = TestServer::start(&db).await;
    // The key is printed only on the first start.
    server.key = key;
    let client = reqwest::Client::new();
    for (key, id, i) in &acknowledged {
        let r = client
            .post(server.url("/s/durable/responses"))
            .json(&submission(key, *i))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status().as_u16(),
            200,
            "acknowledged response {key} is missing after the crash"
        );
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            (v["duplicate"].as_bool(), v["id"].as_str()),
            (Some(true), Some(id.as_str()))
        );
    }

    // None twice, and the rollups (written in the same transactions) agree with the rows.
    let clock = opencx_app::system_clock();
    let store = opencx_store::Store::open(&db.url, Default::default(), clock())
        .await
        .unwrap();
    let survey_id: i64 = survey_id.parse().unwrap();
    let rows = store.count_responses(survey_id).await.unwrap();
    assert!(rows as usize >= acknowledged.len());
    let (_, metrics) = server
        .get(&format!("/api/v1/surveys/{survey_id}/metrics"))
        .await;
    assert_eq!(
        metrics["responses"]["completed"].as_i64(),
        Some(rows),
        "{metrics}"
    );
    assert_eq!(metrics["questions"][0]["answered"].as_i64(), Some(rows));
    let row = store.get_survey_any_workspace(survey_id).await.unwrap();
    assert_eq!(row.response_count, rows);
    store.close().await;
}
