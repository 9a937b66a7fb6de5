//! A sentiment a person sets on a sub-theme's mention reaches the parent theme's mention, over
//! HTTP on both backends: the themes report counts the parent with it, a re-analysis keeps it,
//! and a person's label on the parent itself wins over its sub-theme's. A sub-theme a person adds
//! brings its parent, and takes it away again when removed.

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::themes::{taxonomy_version, theme, wait_for_report, wait_until_reanalysed};
use crate::web::{Browser, sign_up_owner};

on_both_backends!(
    a_sub_themes_sentiment_reaches_its_parent,
    a_sub_theme_added_by_hand_adds_its_parent
);

/// Makes the taxonomy two themes: delivery, and courier beneath it.
async fn delivery_and_courier(owner: &mut Browser<'_>) {
    let page = owner.get("/w/default/text").await;
    let version = taxonomy_version(&page.body);
    let page = owner
        .post(
            "/w/default/text/themes",
            &[
                ("version", version.as_str()),
                ("t0.id", "delivery"),
                ("t0.name.en", "Delivery"),
                ("t0.kw.en", "delivery"),
                ("t1.id", "courier"),
                ("t1.parent", "delivery"),
                ("t1.name.en", "Courier"),
                ("t1.kw.en", "courier"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// A theme's sentiment split: negative, neutral, positive.
fn split(report: &Value, id: &str) -> Value {
    theme(report, id)["sentiment"].clone()
}

async fn a_sub_themes_sentiment_reaches_its_parent(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let survey = server
        .live_survey("couriers", crate::harness::nps_definition())
        .await;

    delivery_and_courier(&mut owner).await;

    // The engine finds the courier (a negative sentence) and so delivery, from it alone.
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": {"nps": 3, "improve": "The courier was rude."},
                   "idempotency_key": "rude"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let response = body["id"].as_str().unwrap().to_owned();
    let report_path = format!("/api/v1/surveys/{survey}/themes");
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "courier"), json!([1, 0, 0]), "{report}");
    assert_eq!(split(&report, "delivery"), json!([1, 0, 0]), "{report}");
    // The themes page names a sub-theme's parent before it.
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/themes"))
        .await;
    assert!(
        page.body
            .contains("<span class=\"small\">Delivery ›</span>"),
        "{}",
        page.body
    );

    // A person says the courier mention is positive: the delivery mention, which comes from it
    // alone, follows.
    let correct = format!("/w/default/surveys/{survey}/responses/{response}/correct");
    let mentions = [
        ("question", "improve"),
        ("was_theme", "courier"),
        ("was_theme", "delivery"),
        ("theme", "courier"),
        ("theme", "delivery"),
    ];
    owner
        .get(&format!("/w/default/surveys/{survey}/responses/{response}"))
        .await;
    let mut form = mentions.to_vec();
    form.extend([
        ("was_theme_sentiment.courier", "auto"),
        ("theme_sentiment.courier", "positive"),
    ]);
    let page = owner.post(&correct, &form).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "courier"), json!([0, 0, 1]), "{report}");
    assert_eq!(split(&report, "delivery"), json!([0, 0, 1]), "{report}");

    // A re-analysis of everything keeps it.
    let page = owner.post("/w/default/text/reanalyse", &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    wait_until_reanalysed(&mut owner).await;
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "delivery"), json!([0, 0, 1]), "{report}");

    // A label on delivery itself wins over the courier's, and stays when the courier's label
    // is taken back.
    owner
        .get(&format!("/w/default/surveys/{survey}/responses/{response}"))
        .await;
    let mut form = mentions.to_vec();
    form.extend([
        ("was_theme_sentiment.delivery", "auto"),
        ("theme_sentiment.delivery", "neutral"),
    ]);
    let page = owner.post(&correct, &form).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "delivery"), json!([0, 1, 0]), "{report}");
    assert_eq!(split(&report, "courier"), json!([0, 0, 1]), "{report}");
    owner
        .get(&format!("/w/default/surveys/{survey}/responses/{response}"))
        .await;
    let mut form = mentions.to_vec();
    form.extend([
        ("was_theme_sentiment.courier", "positive"),
        ("theme_sentiment.courier", "auto"),
    ]);
    let page = owner.post(&correct, &form).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "courier"), json!([1, 0, 0]), "{report}");
    assert_eq!(split(&report, "delivery"), json!([0, 1, 0]), "{report}");
}

/// Mentions of a theme in a report (0 when the report does not list it).
fn mentions(report: &Value, id: &str) -> i64 {
    report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .map_or(0, |t| t["mentions"].as_i64().unwrap_or(0))
}

async fn a_sub_theme_added_by_hand_adds_its_parent(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let survey = server
        .live_survey("parcels", crate::harness::nps_definition())
        .await;
    delivery_and_courier(&mut owner).await;

    // A complaint in which the engine finds no theme.
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": {"nps": 2, "improve": "Terrible, the man threw my box over the fence."},
                   "idempotency_key": "fence"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let response = body["id"].as_str().unwrap().to_owned();
    let report_path = format!("/api/v1/surveys/{survey}/themes");
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(mentions(&report, "courier"), 0, "{report}");
    assert_eq!(mentions(&report, "delivery"), 0, "{report}");

    // A person adds the courier: delivery comes with it, with the answer's (negative)
    // sentiment, and the answer shows both.
    let correct = format!("/w/default/surveys/{survey}/responses/{response}/correct");
    let answer = format!("/w/default/surveys/{survey}/responses/{response}");
    owner.get(&answer).await;
    let page = owner
        .post(&correct, &[("question", "improve"), ("theme", "courier")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "courier"), json!([1, 0, 0]), "{report}");
    assert_eq!(split(&report, "delivery"), json!([1, 0, 0]), "{report}");

    // The courier's mention said positive: delivery, fed by it alone, follows.
    owner.get(&answer).await;
    let shown = [
        ("question", "improve"),
        ("was_theme", "courier"),
        ("was_theme", "delivery"),
    ];
    let mut form = shown.to_vec();
    form.extend([
        ("theme", "courier"),
        ("theme", "delivery"),
        ("was_theme_sentiment.courier", "auto"),
        ("theme_sentiment.courier", "positive"),
    ]);
    let page = owner.post(&correct, &form).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "delivery"), json!([0, 0, 1]), "{report}");

    // A re-analysis keeps both.
    let page = owner.post("/w/default/text/reanalyse", &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    wait_until_reanalysed(&mut owner).await;
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(split(&report, "courier"), json!([0, 0, 1]), "{report}");
    assert_eq!(split(&report, "delivery"), json!([0, 0, 1]), "{report}");

    // The courier taken off by hand (delivery left ticked, as the form showed it): delivery,
    // there only because of it, goes too.
    owner.get(&answer).await;
    let mut form = shown.to_vec();
    form.push(("theme", "delivery"));
    let page = owner.post(&correct, &form).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(mentions(&report, "courier"), 0, "{report}");
    assert_eq!(mentions(&report, "delivery"), 0, "{report}");

    // Delivery added by a person on its own stays when no sub-theme is there.
    owner.get(&answer).await;
    let page = owner
        .post(&correct, &[("question", "improve"), ("theme", "delivery")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = wait_for_report(&server, &report_path, 1).await;
    assert_eq!(mentions(&report, "delivery"), 1, "{report}");
    assert_eq!(mentions(&report, "courier"), 0, "{report}");
}
