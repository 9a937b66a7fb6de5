//! Rollup-derived figures equal a recomputation from the raw answers, for random data, on both
//! backends: the metrics endpoint is checked against metrics computed from the listed responses.
//! Answers come at any time of day in a workspace of a random time zone, and the check is made
//! again after the zone changes (the rollups recounted), with a period around the day clocks go
//! back in Europe.

use std::collections::BTreeMap;

use opencx_domain::metrics::{self, Histogram};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;

on_both_backends!(
    rollups_match_raw_answers,
    the_journal_is_folded_without_a_reader
);

pub(crate) fn definition() -> Value {
    json!({
        "title": "Random",
        "questions": [
            {"id": "nps", "kind": "nps"},
            {"id": "csat", "kind": "csat", "scale": 7},
            {"id": "ces", "kind": "ces"},
            {"id": "pick", "kind": "multiple_choice", "options": [
                {"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
            {"id": "ok", "kind": "yes_no"}
        ]
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Generated {
    nps: Option<i64>,
    csat: Option<i64>,
    ces: Option<i64>,
    pick: Vec<&'static str>,
    ok: Option<bool>,
    day: u32,
    minute: u32,
    channel: &'static str,
}

/// Zones a case's workspace may be in (whole, half-hour and negative offsets, daylight saving
/// time or none).
const ZONES: [&str; 5] = [
    "UTC",
    "Europe/Warsaw",
    "Asia/Tehran",
    "America/New_York",
    "Asia/Jerusalem",
];

fn generated() -> impl Strategy<Value = Generated> {
    (
        proptest::option::of(0i64..=10),
        proptest::option::of(1i64..=7),
        proptest::option::of(1i64..=5),
        proptest::sample::subsequence(vec!["a", "b", "c"], 0..=3),
        proptest::option::of(any::<bool>()),
        1u32..=28,
        0u32..24 * 60,
        prop_oneof![Just("email"), Just("qr")],
    )
        .prop_map(
            |(nps, csat, ces, pick, ok, day, minute, channel)| Generated {
                nps,
                csat,
                ces,
                pick,
                ok,
                day,
                minute,
                channel,
            },
        )
}

async fn rollups_match_raw_answers(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut runner = TestRunner::new(Config {
        cases: 4,
        ..Config::default()
    });
    let mut case = 0;
    let strategy = proptest::collection::vec(generated(), 5..60);
    let zones = (0..ZONES.len(), 0..ZONES.len());
    for _ in 0..4 {
        let responses = strategy.new_tree(&mut runner).unwrap().current();
        let (first, then) = zones.new_tree(&mut runner).unwrap().current();
        case += 1;
        set_zone(&server, ZONES[first]).await;
        let id = server
            .live_survey(&format!("random-{case}"), definition())
            .await;
        let stored = store_generated(&server, &id, &responses, "r").await;
        compare(&server, &id, stored, ZONES[first]).await;
        // Another zone: the rollups are recounted from the answers, and still agree with them.
        set_zone(&server, ZONES[then]).await;
        compare(&server, &id, stored, ZONES[then]).await;
    }
}

/// Intake writes rollup increments and link-parameter rows to a journal; the server folds it into
/// their tables on its own, not only when somebody reads them.
async fn the_journal_is_folded_without_a_reader(backend: Backend) {
    use sqlx::Connection;
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server
        .live_survey(
            "journal",
            json!({"title": "Journal", "questions": [{"id": "nps", "kind": "nps"}]}),
        )
        .await;
    for i in 0..30 {
        let (status, body) = server
            .post(
                &format!("/api/v1/surveys/{id}/responses"),
                json!({"answers": {"nps": i % 11}, "channel": "qr", "idempotency_key": format!("j{i}"),
                       "dimensions": {"store": format!("s{}", i % 3)}}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let pending = count("SELECT COUNT(*) FROM rollup_pending")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if pending == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{pending} journal rows still waiting after 20 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let answered = count(
        "SELECT CAST(SUM(count) AS BIGINT) FROM answer_day_rollups WHERE question_id = 'nps' AND bucket = '*'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let completed = count("SELECT CAST(SUM(completed) AS BIGINT) FROM response_rollups")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!((answered, completed), (30, 30));
    // The link-parameter rows the responses list filters by come the same way.
    let parameters =
        count("SELECT COUNT(*) FROM response_dimensions WHERE key = 'store' AND value = 's1'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(parameters, 10);
}

/// Sends `responses` to survey `id` (keys `{prefix}{i}`); returns how many were stored (one
/// without any answer is refused).
pub(crate) async fn store_generated(
    server: &TestServer,
    id: &str,
    responses: &[Generated],
    prefix: &str,
) -> usize {
    let mut stored = 0;
    for (i, r) in responses.iter().enumerate() {
        let mut answers = serde_json::Map::new();
        if let Some(v) = r.nps {
            answers.insert("nps".into(), json!(v));
        }
        if let Some(v) = r.csat {
            answers.insert("csat".into(), json!(v));
        }
        if let Some(v) = r.ces {
            answers.insert("ces".into(), json!(v));
        }
        if !r.pick.is_empty() {
            answers.insert("pick".into(), json!(r.pick));
        }
        if let Some(v) = r.ok {
            answers.insert("ok".into(), json!(v));
        }
        let (status, body) = server
            .post(
                &format!("/api/v1/surveys/{id}/responses"),
                json!({"answers": answers, "channel": r.channel, "idempotency_key": format!("{prefix}{i}"),
                       "submitted_at": format!("2026-10-{:02}T{:02}:{:02}:00Z",
                                               r.day, r.minute / 60, r.minute % 60)}),
            )
            .await;
        if answers.is_empty() {
            assert_eq!(status, 422, "{body}");
        } else {
            assert_eq!(status, 201, "{body}");
            stored += 1;
        }
    }
    stored
}

/// `count` random responses, the same for the same `seed`.
pub(crate) fn generated_responses(seed: u8, count: usize) -> Vec<Generated> {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::from_seed(
            proptest::test_runner::RngAlgorithm::ChaCha,
            &[seed; 32],
        ),
    );
    proptest::collection::vec(generated(), count..=count)
        .new_tree(&mut runner)
        .unwrap()
        .current()
}

async fn set_zone(server: &TestServer, zone: &str) {
    let (status, body) = server
        .send(
            reqwest::Method::PATCH,
            "/api/v1/workspace",
            json!({ "time_zone": zone }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

/// The metrics of survey `id` (with `stored` responses) under a few filters against figures
/// recomputed from its responses listed with the same filters.
pub(crate) async fn compare(server: &TestServer, id: &str, stored: usize, zone: &str) {
    {
        for filter in [
            "",
            "?channel=email",
            "?from=2026-10-05&to=2026-10-20",
            "?from=2026-10-25&to=2026-10-26",
        ] {
            let (_, report) = server
                .get(&format!("/api/v1/surveys/{id}/metrics{filter}"))
                .await;
            // Recompute from the raw rows listed with the same filter.
            let (_, raw) = server
                .get(&format!(
                    "/api/v1/surveys/{id}/responses{}{}limit=500",
                    filter,
                    if filter.is_empty() { "?" } else { "&" }
                ))
                .await;
            let rows = raw["responses"].as_array().unwrap();
            if filter.is_empty() {
                assert_eq!(rows.len(), stored);
            }
            let scores = |q: &str| {
                Histogram::from_scores(rows.iter().filter_map(|r| r["answers"][q].as_i64()))
            };
            let questions = report["questions"].as_array().unwrap();
            let by_id = |q: &str| {
                questions
                    .iter()
                    .find(|x| x["question_id"] == q)
                    .unwrap()
                    .clone()
            };
            for (q, expected) in [
                ("nps", metrics::nps(&scores("nps")).map(|m| m.score)),
                (
                    "csat",
                    metrics::csat(&scores("csat"), 7).map(|m| m.satisfied.share),
                ),
                (
                    "ces",
                    metrics::ces5(&scores("ces")).map(|m| m.net_effort.mean),
                ),
            ] {
                let figure = by_id(q);
                let n = scores(q).total();
                assert_eq!(figure["answered"].as_u64(), Some(n), "{q} {filter} {zone}");
                let shown = match q {
                    "nps" => figure["figure"]["score"].as_f64(),
                    "csat" => figure["figure"]["satisfied"]["share"].as_f64(),
                    _ => figure["figure"]["net_effort"]["mean"].as_f64(),
                };
                if n >= 5 {
                    let (a, b) = (shown.unwrap(), expected.unwrap());
                    assert!(
                        (a - b).abs() < 1e-9,
                        "{q} {filter} {zone}: rollups {a} vs raw {b}"
                    );
                } else {
                    assert!(
                        shown.is_none(),
                        "{q} {filter}: figures from fewer than 5 answers are withheld"
                    );
                }
            }
            let mut picks: BTreeMap<String, u64> = BTreeMap::new();
            let mut pickers = 0;
            for r in rows {
                if let Some(list) = r["answers"]["pick"].as_array() {
                    pickers += 1;
                    for p in list {
                        *picks.entry(p.as_str().unwrap().to_owned()).or_default() += 1;
                    }
                }
            }
            let pick = by_id("pick");
            assert_eq!(pick["answered"].as_u64(), Some(pickers));
            if pickers >= 5 {
                for option in pick["figure"]["options"].as_array().unwrap() {
                    let name = option["option"].as_str().unwrap();
                    assert_eq!(
                        option["share"]["count"].as_u64(),
                        Some(picks.get(name).copied().unwrap_or(0)),
                        "{filter}"
                    );
                }
            }
            let yes = rows
                .iter()
                .filter(|r| r["answers"]["ok"] == json!(true))
                .count() as u64;
            let answered_ok = rows
                .iter()
                .filter(|r| r["answers"]["ok"].is_boolean())
                .count() as u64;
            let ok = by_id("ok");
            assert_eq!(ok["answered"].as_u64(), Some(answered_ok));
            if answered_ok >= 5 {
                assert_eq!(ok["figure"]["yes"]["count"].as_u64(), Some(yes));
            }
        }
    }
}
