//! A workspace's time zone, over HTTP on both backends: answers count on the local date of their
//! submission (a 23:30 UTC answer is the next day in Warsaw; the 23- and 25-hour days when
//! clocks change), metrics' days, weeks (Monday) and months and their `from`/`to` follow it, so
//! do the responses' date filters and the themes report's weeks; changing the zone recounts the
//! rollups and the figures move (and move back); an unknown zone is refused by the API with a
//! JSON error and by the settings form in the manager's language, keeping what was typed.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::themes::wait_for_report;
use crate::web::sign_up_owner;

on_both_backends!(days_follow_the_workspace_time_zone);

/// (key, submitted at, text beside the score).
const ANSWERS: &[(&str, &str, Option<&str>)] = &[
    // 00:30 on 11 November in Warsaw; 10 November in UTC.
    ("late", "2026-11-10T23:30:00Z", None),
    ("noon", "2026-11-10T12:00:00Z", None),
    // 25 October 2026 is 25 hours long in Warsaw (clocks go back at 03:00): both are on it,
    // though one is on the 24th in UTC. A fixed offset of either +1 or +2 hours gets one wrong.
    ("autumn-first", "2026-10-24T22:30:00Z", None),
    ("autumn-last", "2026-10-25T22:30:00Z", None),
    // 29 March 2026 is 23 hours long (clocks go forward at 02:00).
    ("spring-first", "2026-03-28T23:30:00Z", None),
    ("spring-last", "2026-03-29T21:30:00Z", None),
    // Sunday 23:30 UTC is Monday 00:30 in Warsaw: another week.
    (
        "monday",
        "2026-11-15T23:30:00Z",
        Some("Great staff, very kind."),
    ),
    ("sunday", "2026-11-15T22:30:00Z", Some("Lovely staff.")),
    // Saturday 31 October 23:30 UTC is 1 November in Warsaw: another month.
    ("november", "2026-10-31T23:30:00Z", None),
];

/// Completed responses per period of a metrics report's series.
fn completed(report: &Value) -> BTreeMap<String, i64> {
    report["series"]
        .as_array()
        .unwrap_or_else(|| panic!("a series: {report}"))
        .iter()
        .filter(|p| p["responses"]["completed"].as_i64() != Some(0))
        .map(|p| {
            (
                p["period_start"].as_str().unwrap().to_owned(),
                p["responses"]["completed"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn map(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

async fn metrics(server: &TestServer, survey: &str, query: &str) -> Value {
    let (status, report) = server
        .get(&format!("/api/v1/surveys/{survey}/metrics?{query}"))
        .await;
    assert_eq!(status, 200, "{report}");
    report
}

async fn set_zone(server: &TestServer, zone: &str) -> (u16, Value) {
    server
        .send(
            reqwest::Method::PATCH,
            "/api/v1/workspace",
            json!({ "time_zone": zone }),
        )
        .await
}

/// The figures of the survey that a zone decides, checked for UTC or Warsaw.
async fn check_days(server: &TestServer, survey: &str, warsaw: bool) {
    let year = "from=2026-03-01&to=2026-11-30";
    let by_day = completed(&metrics(server, survey, &format!("{year}&group_by=day")).await);
    let expected = if warsaw {
        map(&[
            ("2026-03-29", 2),
            ("2026-10-25", 2),
            ("2026-11-01", 1),
            ("2026-11-10", 1),
            ("2026-11-11", 1),
            ("2026-11-15", 1),
            ("2026-11-16", 1),
        ])
    } else {
        map(&[
            ("2026-03-28", 1),
            ("2026-03-29", 1),
            ("2026-10-24", 1),
            ("2026-10-25", 1),
            ("2026-10-31", 1),
            ("2026-11-10", 2),
            ("2026-11-15", 2),
        ])
    };
    assert_eq!(by_day, expected, "by day (Warsaw: {warsaw})");
    // A person's starts move with the answers the API stored (each counted its start).
    let report = metrics(server, survey, &format!("{year}&group_by=day")).await;
    for period in report["series"].as_array().unwrap() {
        assert_eq!(
            period["responses"]["started"], period["responses"]["completed"],
            "{period}"
        );
    }

    let by_week = completed(&metrics(server, survey, &format!("{year}&group_by=week")).await);
    let expected = if warsaw {
        map(&[
            ("2026-03-23", 2),
            ("2026-10-19", 2),
            ("2026-10-26", 1),
            ("2026-11-09", 3),
            ("2026-11-16", 1),
        ])
    } else {
        map(&[
            ("2026-03-23", 2),
            ("2026-10-19", 2),
            ("2026-10-26", 1),
            ("2026-11-09", 4),
        ])
    };
    assert_eq!(by_week, expected, "by week, from Monday (Warsaw: {warsaw})");

    let by_month = completed(&metrics(server, survey, &format!("{year}&group_by=month")).await);
    let expected = if warsaw {
        map(&[("2026-03-01", 2), ("2026-10-01", 2), ("2026-11-01", 5)])
    } else {
        map(&[("2026-03-01", 2), ("2026-10-01", 3), ("2026-11-01", 4)])
    };
    assert_eq!(by_month, expected, "by month (Warsaw: {warsaw})");

    // `from` and `to` are whole local days: the 11th holds the 23:30 UTC answer in Warsaw.
    let day = metrics(server, survey, "from=2026-11-11&to=2026-11-11").await;
    assert_eq!(
        day["responses"]["completed"],
        i64::from(warsaw),
        "11 November (Warsaw: {warsaw}): {day}"
    );
    assert_eq!(day["questions"][0]["answered"], i64::from(warsaw));

    // The responses' date filters are the same days.
    let (status, page) = server
        .get(&format!(
            "/api/v1/surveys/{survey}/responses?from=2026-11-11&to=2026-11-11"
        ))
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        page["responses"].as_array().unwrap().len(),
        usize::from(warsaw),
        "{page}"
    );
}

async fn days_follow_the_workspace_time_zone(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let survey = server
        .live_survey("zones", crate::harness::nps_definition())
        .await;

    // A workspace starts in UTC.
    let (status, workspace) = server.get("/api/v1/workspace").await;
    assert_eq!(status, 200, "{workspace}");
    assert_eq!(workspace["time_zone"], "UTC");

    for (key, at, text) in ANSWERS {
        let mut answers = json!({"nps": 10});
        if let Some(text) = text {
            answers["love"] = json!(text);
        }
        let (status, body) = server
            .post(
                &format!("/api/v1/surveys/{survey}/responses"),
                json!({"answers": answers, "idempotency_key": key, "submitted_at": at}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    check_days(&server, &survey, false).await;

    // Unknown zones, and bodies of another shape, are refused with the API's error shape.
    for body in [
        json!({"time_zone": "Mars/Olympus"}),
        json!({"time_zone": "+02:00"}),
        json!({"time_zone": ""}),
    ] {
        let (status, error) = server
            .send(reqwest::Method::PATCH, "/api/v1/workspace", body)
            .await;
        assert_eq!(status, 422, "{error}");
        assert_eq!(error["error"]["code"], "invalid");
        assert_eq!(error["error"]["field"], "time_zone", "{error}");
    }
    for body in [json!({"time_zone": 5}), json!({"zone": "Europe/Warsaw"})] {
        let (status, error) = server
            .send(reqwest::Method::PATCH, "/api/v1/workspace", body)
            .await;
        assert_eq!(status, 422, "{error}");
        assert!(error["error"]["message"].is_string(), "{error}");
    }
    assert_eq!(
        server.get("/api/v1/workspace").await.1["time_zone"],
        "UTC",
        "nothing changed"
    );

    // Warsaw (spelt in any case): the rollups are recounted and the figures move.
    let (status, workspace) = set_zone(&server, "europe/warsaw").await;
    assert_eq!(status, 200, "{workspace}");
    assert_eq!(workspace["time_zone"], "Europe/Warsaw");
    check_days(&server, &survey, true).await;

    // An answer stored now is counted on its local day at once (00:15 on the 12th).
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": {"nps": 3, "improve": "Slow."}, "idempotency_key": "after",
                   "submitted_at": "2026-11-11T23:15:00Z"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let day = metrics(&server, &survey, "from=2026-11-12&to=2026-11-12").await;
    assert_eq!(day["responses"]["completed"], 1, "{day}");

    // Back to UTC: the figures move back (the new answer is on the 11th there).
    let (status, _) = set_zone(&server, "UTC").await;
    assert_eq!(status, 200);
    let day = metrics(&server, &survey, "from=2026-11-11&to=2026-11-11").await;
    assert_eq!(day["responses"]["completed"], 1, "{day}");
    let day = metrics(&server, &survey, "from=2026-11-12&to=2026-11-12").await;
    assert_eq!(day["responses"]["completed"], 0, "{day}");
    let (status, _) = set_zone(&server, "Europe/Warsaw").await;
    assert_eq!(status, 200);

    // The themes report's weeks start on Monday 00:00 in Warsaw (23:00 UTC the Sunday before,
    // in November), and the Sunday-night answers fall into the weeks of their local day (the
    // answer of the 12th is in the first).
    let path = format!("/api/v1/surveys/{survey}/themes?from=2026-11-09&to=2026-11-22");
    let report = wait_for_report(&server, &path, 3).await;
    assert_eq!(
        report["weeks"],
        json!(["2026-11-08T23:00:00.000Z", "2026-11-15T23:00:00.000Z"]),
        "{report}"
    );
    assert_eq!(report["answers_per_week"], json!([2, 1]), "{report}");
    assert_eq!(report["from"], "2026-11-08T23:00:00.000Z");
    assert_eq!(report["to"], "2026-11-22T23:00:00.000Z");
    // The pain points' week ends where the local day `to` ends.
    let (status, points) = server.get("/api/v1/pain-points?to=2026-11-15").await;
    assert_eq!(status, 200, "{points}");
    assert_eq!(points["until"], "2026-11-15T23:00:00.000Z");
    // In UTC both Sunday-night answers are on Sunday the 15th: one week.
    let (status, _) = set_zone(&server, "UTC").await;
    assert_eq!(status, 200);
    let (_, report) = server.get(&path).await;
    assert_eq!(
        report["weeks"],
        json!(["2026-11-09T00:00:00.000Z", "2026-11-16T00:00:00.000Z"])
    );
    assert_eq!(report["answers_per_week"], json!([3, 0]), "{report}");

    // The settings page: an owner changes the zone; a refused one is said in the manager's
    // language beside the field, what was typed (escaped) stays.
    let mut owner = sign_up_owner(&server).await;
    let page = owner.get("/w/default/settings").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("value=\"UTC\""), "{}", page.body);
    owner.post("/account/language", &[("language", "pl")]).await;
    owner.get("/w/default/settings").await;
    let page = owner
        .post(
            "/w/default/settings/time-zone",
            &[("time_zone", "Europa/Warszawa<b>")],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("Nieznana strefa czasowa"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Warszawa&#60;b&#62;") || page.body.contains("Warszawa&lt;b&gt;"),
        "what was typed stays, escaped: {}",
        page.body
    );
    assert!(!page.body.contains("Warszawa<b>"));
    assert!(page.body.contains("aria-invalid=\"true\""));
    assert_eq!(server.get("/api/v1/workspace").await.1["time_zone"], "UTC");
    let page = owner
        .post(
            "/w/default/settings/time-zone",
            &[("time_zone", "Asia/Jerusalem")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner.get("/w/default/settings?saved=1").await;
    assert!(page.body.contains("value=\"Asia/Jerusalem\""));
    assert!(page.body.contains("role=\"status\""), "{}", page.body);
    // The responses table shows local times: the 23:30 UTC answer at 01:30 in Jerusalem.
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/responses"))
        .await;
    assert!(page.body.contains("2026-11-11 01:30"), "{}", page.body);
    let day = metrics(&server, &survey, "from=2026-11-11&to=2026-11-11").await;
    assert_eq!(day["responses"]["completed"], 1, "{day}");
}
