//! The recount after a change of time zone runs in the background, a few responses per
//! transaction (here one or two, so that it lasts), on both backends: responses sent meanwhile
//! are accepted and counted exactly, a second change while it runs wins, its progress is shown,
//! and a server killed in the middle of it goes on after its restart. Each time the figures are
//! checked against figures recomputed from the stored answers.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::rollups::{compare, definition, generated_responses, store_generated};

on_both_backends!(
    figures_are_exact_after_a_recount_under_load,
    a_recount_goes_on_after_a_restart
);

/// PATCHes the workspace's zone from a client of its own (the server may be killed meanwhile);
/// the answer, if any.
async fn change_zone(base: String, key: String, zone: &'static str) -> Option<(u16, Value)> {
    let response = reqwest::Client::new()
        .patch(format!("{base}/api/v1/workspace"))
        .bearer_auth(key)
        .json(&json!({ "time_zone": zone }))
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.unwrap_or(Value::Null)))
}

/// The survey's rollup rows are exactly those intake would have written for its stored
/// responses on their stored days: no row left at zero or below, the per-day answer counts and
/// the completed responses per day, channel and language as counted from the raw rows.
async fn rollup_rows_match_the_responses(db: &TestDatabase, survey: &str) {
    use sqlx::Connection;
    let survey: i64 = survey.parse().unwrap();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    for (table, empty) in [
        ("answer_day_rollups", "count <= 0"),
        ("answer_segment_rollups", "count <= 0"),
        ("answer_dimension_rollups", "count <= 0"),
        (
            "response_rollups",
            "started < 0 OR completed < 0 OR (started = 0 AND completed = 0)",
        ),
    ] {
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE survey_id = $1 AND ({empty})"
        )))
        .bind(survey)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(count, 0, "{table} has rows left empty");
    }
    let rolled = rows(
        &mut conn,
        survey,
        "SELECT question_id, day, count FROM answer_day_rollups WHERE survey_id = $1 AND bucket = '*'",
    )
    .await;
    let counted = rows(
        &mut conn,
        survey,
        "SELECT a.question_id, r.day, COUNT(*) FROM answers a JOIN responses r ON r.id = a.response_id \
         WHERE r.survey_id = $1 GROUP BY a.question_id, r.day",
    )
    .await;
    assert_eq!(rolled, counted, "answers per question and day");
    let rolled = rows(
        &mut conn,
        survey,
        "SELECT channel, day, CAST(SUM(completed) AS BIGINT) FROM response_rollups WHERE survey_id = $1 GROUP BY channel, day",
    )
    .await;
    let counted = rows(
        &mut conn,
        survey,
        "SELECT channel, day, COUNT(*) FROM responses WHERE survey_id = $1 GROUP BY channel, day",
    )
    .await;
    assert_eq!(rolled, counted, "completed responses per channel and day");
}

/// (text, day, count) rows of `sql` over survey `survey`, sorted.
async fn rows(
    conn: &mut sqlx::AnyConnection,
    survey: i64,
    sql: &'static str,
) -> Vec<(String, i64, i64)> {
    let mut out: Vec<(String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(survey)
        .fetch_all(conn)
        .await
        .unwrap();
    out.sort();
    out
}

/// Waits until no recount is under way (at most a minute); returns the workspace.
async fn wait_for_recount(server: &TestServer) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, workspace) = server.get("/api/v1/workspace").await;
        assert_eq!(status, 200, "{workspace}");
        if workspace.get("recount").is_none() {
            return workspace;
        }
        assert!(Instant::now() < deadline, "the recount ends: {workspace}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn figures_are_exact_after_a_recount_under_load(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start_plus(&db, &["--recount-chunk", "2"]).await;
    let id = server.live_survey("recounted", definition()).await;
    let before = store_generated(&server, &id, &generated_responses(1, 200), "before-").await;

    // Two changes, the second while the first's recount runs, and responses arriving all along.
    let first = change_zone(server.base.clone(), server.key.clone(), "Asia/Tehran");
    let second = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        change_zone(server.base.clone(), server.key.clone(), "America/New_York").await
    };
    let (posting_done, mut seen) = (std::sync::atomic::AtomicBool::new(false), Vec::new());
    let posting = async {
        let stored = store_generated(&server, &id, &generated_responses(2, 150), "during-").await;
        posting_done.store(true, std::sync::atomic::Ordering::SeqCst);
        stored
    };
    let watching = async {
        while !posting_done.load(std::sync::atomic::Ordering::SeqCst) {
            let (_, workspace) = server.get("/api/v1/workspace").await;
            if let Some(recount) = workspace.get("recount") {
                seen.push(recount.clone());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    let (first, second, during, ()) = tokio::join!(first, second, posting, watching);
    let (status, body) = first.expect("an answer");
    assert_eq!(status, 200, "{body}");
    let (status, body) = second.expect("an answer");
    assert_eq!(status, 200, "{body}");
    assert!(
        !seen.is_empty(),
        "responses were sent while a recount was under way"
    );
    for recount in &seen {
        assert!(
            recount["done"].as_u64() <= recount["total"].as_u64(),
            "{recount}"
        );
        assert!(
            recount["moved"].as_u64() <= recount["done"].as_u64(),
            "{recount}"
        );
    }

    let workspace = wait_for_recount(&server).await;
    assert_eq!(workspace["time_zone"], "America/New_York");
    compare(&server, &id, before + during, "America/New_York").await;
    rollup_rows_match_the_responses(&db, &id).await;

    // And back: what was moved moves back.
    let (status, _) = change_zone(server.base.clone(), server.key.clone(), "UTC")
        .await
        .unwrap();
    assert_eq!(status, 200);
    wait_for_recount(&server).await;
    compare(&server, &id, before + during, "UTC").await;
    rollup_rows_match_the_responses(&db, &id).await;
}

async fn a_recount_goes_on_after_a_restart(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let args = [
        "--no-demo",
        "--public-rate-limit",
        "0",
        "--recount-chunk",
        "1",
    ];
    let mut server = TestServer::start_with(&db, &args).await;
    let id = server.live_survey("restarted", definition()).await;
    let stored = store_generated(&server, &id, &generated_responses(3, 150), "r").await;

    let change = tokio::spawn(change_zone(
        server.base.clone(),
        server.key.clone(),
        "Asia/Tehran",
    ));
    // Killed once the recount has walked some responses and before it ends.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, workspace) = server.get("/api/v1/workspace").await;
        if let Some(recount) = workspace.get("recount")
            && recount["done"].as_u64() > Some(0)
        {
            assert!(
                recount["done"].as_u64() < recount["total"].as_u64(),
                "{recount}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "the recount starts: {workspace}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let _ = change.await;

    // The key was printed at the first start only.
    let key = server.key.clone();
    let mut server = TestServer::start(&db).await;
    server.key = key;
    let workspace = wait_for_recount(&server).await;
    assert_eq!(workspace["time_zone"], "Asia/Tehran");
    compare(&server, &id, stored, "Asia/Tehran").await;
    rollup_rows_match_the_responses(&db, &id).await;
}
