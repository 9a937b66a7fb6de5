//! Themes and what is learned from open answers, over HTTP on both backends: the themes report
//! (ranking, sentiment split, impact on NPS, trend) and the trending pain points with their
//! examples through the API and the pages; corrections that survive a re-analysis, a corrected
//! sentiment reaching the theme's sentiment split, a theme deleted after a correction named it;
//! the taxonomy edited in the browser form (kept as typed when invalid, its problems in the
//! manager's language) and re-analysed; and the workspace's sentiment model trained from the
//! scores.

use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::web::{Browser, invite_and_join, sign_up_owner};

on_both_backends!(
    themes_pain_points_corrections_and_models,
    a_finished_reanalysis_stays_finished,
    a_colleagues_new_theme_survives_a_conflict,
    an_engine_update_reanalyses_stored_answers,
    a_themes_answers_across_the_surveys,
    a_pain_points_link_lists_what_it_counted
);

const DAY_MS: i64 = 86_400_000;

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339()
}

/// Submits one response `days_ago` days back (plus `i` minutes, so times differ).
async fn answer(
    server: &TestServer,
    survey: &str,
    i: usize,
    days_ago: i64,
    nps: i64,
    text: &str,
) -> String {
    let now = chrono::Utc::now().timestamp_millis();
    let key = if nps <= 6 { "improve" } else { "love" };
    let mut answers = json!({"nps": nps});
    // `love` is shown from 9 only; passives leave their text in neither question.
    if nps <= 6 || nps >= 9 {
        answers[key] = json!(text);
    }
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": answers, "idempotency_key": format!("t{i}"),
                   "submitted_at": rfc3339(now - days_ago * DAY_MS - i as i64 * 60_000)}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The first link of `body` whose address starts with `prefix`, unescaped.
fn link_starting(body: &str, prefix: &str) -> String {
    body.split("href=\"")
        .filter_map(|h| h.split('"').next())
        .find(|h| h.starts_with(prefix))
        .unwrap_or_else(|| panic!("a link starting {prefix} in {body}"))
        .replace("&#38;", "&")
}

/// The taxonomy version the text analytics page's forms carry (sent back with each change).
pub(crate) fn taxonomy_version(body: &str) -> String {
    body.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the taxonomy version in the page")
        .to_owned()
}

/// Waits (at most 60 s) until `path` answers a report with `analysed` answers and no
/// re-analysis left.
pub(crate) async fn wait_for_report(server: &TestServer, path: &str, analysed: i64) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (status, report) = server.get(path).await;
        assert_eq!(status, 200, "{report}");
        if report["analysed"] == analysed {
            return report;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{analysed} answers analysed within 60 s: {report}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

pub(crate) fn theme<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("theme {id} in {report}"))
}

pub(crate) async fn wait_until_reanalysed(owner: &mut Browser<'_>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let page = owner.get("/w/default/text").await;
        assert_eq!(page.status, 200, "{}", page.body);
        if page.body.contains("All open answers are analysed") {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "re-analysed within 60 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn themes_pain_points_corrections_and_models(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let survey = server
        .live_survey("themes", crate::harness::nps_definition())
        .await;
    // The week before last week: 2 complaints about prices among 48 answers; last week: 14
    // among 44. Texts with a score beside them: 32 detractors, 60 promoters; passives write
    // nothing (the survey asks them nothing).
    let mut i = 0;
    let mut ids = Vec::new();
    let mut add = |days: i64, nps: i64, text: &'static str, n: usize| {
        let start = i;
        i += n;
        (start..start + n).map(move |k| (k, days, nps, text))
    };
    let plan: Vec<(usize, i64, i64, &str)> =
        add(10, 3, "Prices are too high, far too expensive.", 2)
            .chain(add(11, 10, "Friendly staff, great help!", 30))
            .chain(add(
                12,
                4,
                "Terrible, the queue was slow and we waited forever.",
                16,
            ))
            .chain(add(3, 2, "Awful prices, so expensive, a rip-off.", 14))
            .chain(add(2, 9, "The staff were lovely and friendly.", 30))
            .collect();
    for (k, days, nps, text) in &plan {
        ids.push(answer(&server, &survey, *k, *days, *nps, text).await);
    }
    let report_path = format!("/api/v1/surveys/{survey}/themes");
    let report = wait_for_report(&server, &report_path, 92).await;

    // Ranked by mentions; the split and the impact on NPS follow the scores.
    assert_eq!(report["impact_kind"], "nps");
    let first = &report["themes"][0];
    assert_eq!(first["id"], "staff", "{report}");
    assert_eq!(first["mentions"], 60);
    let price = theme(&report, "price");
    assert_eq!(price["mentions"], 16);
    assert_eq!(
        price["sentiment"][0], 16,
        "every price mention is negative: {price}"
    );
    let impact = &price["impact"];
    assert_eq!(impact["answers_with"], 16);
    assert_eq!(impact["answers_without"], 76);
    // With the theme: 16 detractors, NPS −100; the rest: 16 detractors, 60 promoters, +57.9.
    assert_eq!(impact["with"], -100.0);
    let difference = impact["difference"].as_f64().unwrap();
    assert!((difference + 157.894).abs() < 0.01, "{impact}");
    assert!(impact["margin"].as_f64().unwrap() > 0.0);
    let staff = theme(&report, "staff");
    assert!(staff["impact"]["difference"].as_f64().unwrap() > 100.0);
    // The trend has a week per week of the period, and the mentions add up.
    let weeks = report["weeks"].as_array().unwrap().len();
    assert!(weeks >= 13, "{weeks} weeks in 90 days");
    let trend_total: i64 = price["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w[0].as_i64().unwrap())
        .sum();
    assert_eq!(trend_total, 16);

    // Prices went from 2 of 48 answers to 14 of 44: a trending pain point, with its answers.
    let pains = report["pain_points"].as_array().unwrap();
    assert_eq!(pains.len(), 1, "only prices rose: {report}");
    let pain = &pains[0];
    assert_eq!(pain["theme_id"], "price");
    assert_eq!(pain["rise"], "share");
    assert_eq!(pain["current"]["negative"], 14);
    assert_eq!(pain["current"]["answers"], 44);
    assert_eq!(pain["previous"]["negative"], 2);
    assert_eq!(pain["previous"]["answers"], 48);
    assert!(pain["z"].as_f64().unwrap() > 3.0, "{pain}");
    // The 14 complaints are one text: shown once, not three times.
    assert_eq!(pain["examples"].as_array().unwrap().len(), 1, "{pain}");
    assert!(
        pain["examples"][0]["text"]
            .as_str()
            .unwrap()
            .contains("rip-off")
    );
    // Ids and times as the OpenAPI schema says: decimal strings and RFC 3339.
    let example = &pain["examples"][0];
    assert_eq!(example["survey_id"], survey.as_str(), "{example}");
    assert!(
        example["response_id"]
            .as_str()
            .unwrap()
            .parse::<i64>()
            .is_ok()
    );
    assert!(example["submitted_at"].as_str().unwrap().ends_with('Z'));
    assert!(pain["current"]["from"].as_str().unwrap().ends_with('Z'));
    // The same signal for the workspace and on its own.
    let (status, all) = server.get("/api/v1/themes").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(theme(&all, "price")["mentions"], 16);
    let (status, signal) = server
        .get(&format!("/api/v1/pain-points?survey={survey}"))
        .await;
    assert_eq!(status, 200, "{signal}");
    assert_eq!(signal["pain_points"][0]["theme_id"], "price");
    // A period before the complaints has no pain point.
    let day = |days: i64| {
        chrono::DateTime::from_timestamp_millis(
            chrono::Utc::now().timestamp_millis() - days * DAY_MS,
        )
        .unwrap()
        .format("%Y-%m-%d")
        .to_string()
    };
    let (status, earlier) = server.get(&format!("{report_path}?to={}", day(7))).await;
    assert_eq!(status, 200);
    assert_eq!(earlier["pain_points"], json!([]), "{earlier}");
    // A period asked past today ends today (it used to shrink to its first millisecond).
    let (status, later) = server.get(&format!("{report_path}?to=2999-12-31")).await;
    assert_eq!(status, 200, "{later}");
    assert_eq!(
        later["pain_points"][0]["theme_id"], "price",
        "the same pain point as up to today: {later}"
    );
    // Bad parameters are refused with the field named.
    for (query, status) in [
        ("from=yesterday", 422),
        ("from=0001-01-01", 422),
        ("from=2999-01-01", 422),
        ("lang=de", 422),
        ("colour=red", 400),
    ] {
        let (got, body) = server.get(&format!("{report_path}?{query}")).await;
        assert_eq!(got, status, "{query}: {body}");
        assert!(
            body["error"].is_object() || body["error"].is_string(),
            "{body}"
        );
    }

    // The pages: the survey's themes with the pain point and its answers, and the workspace's.
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/themes"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Trending pain points"));
    assert!(
        page.body.contains(&format!(
            "/w/default/themes/price/answers?survey={survey}&#38;sentiment=negative&#38;from="
        )) && page.body.contains("All negative mentions of this theme"),
        "a pain point links to every negative mention behind it: {}",
        page.body
    );
    assert!(
        page.body.contains("negative share rising")
            || page.body.contains("negative mentions rising")
    );
    assert!(page.body.contains("Awful prices, so expensive, a rip-off."));
    assert!(page.body.contains("Impact on NPS"));
    assert!(page.body.contains("Weekly share: <svg class=\"key\""));
    // The week running today is only part of a week, and its point says so.
    assert!(page.body.contains(" (part of a week) "), "{}", page.body);
    // Ranked by impact, by the harm the margin makes sure of, and the page says so.
    let ranked = owner
        .get(&format!("/w/default/surveys/{survey}/themes?sort=impact"))
        .await;
    assert!(
        ranked.body.contains("the upper end of the margin"),
        "{}",
        ranked.body
    );
    let prices = ranked.body.find(">Price</a>").expect("price is ranked");
    let staff = ranked
        .body
        .find(">Staff friendliness</a>")
        .expect("staff is ranked");
    assert!(prices < staff, "the surest harm first: {}", ranked.body);
    // Every theme's split bar refers to the hatched pattern, defined once for the page.
    assert!(page.body.matches("url(#p-low)").count() > 1);
    assert_eq!(page.body.matches("id=\"p-low\"").count(), 1);
    // Themes link to their answers in the period of the figures.
    assert!(
        page.body.contains(&format!(
            "/w/default/themes/price/answers?survey={survey}&#38;from="
        )),
        "{}",
        page.body
    );
    let page = owner
        .get(&format!(
            "/w/default/surveys/{survey}/themes?sort=impact&from=bad"
        ))
        .await;
    assert_eq!(page.status, 422, "an unreadable date is reported");
    // A period longer than a report covers is cut to its last 731 days, shown in the form.
    let page = owner
        .get(&format!(
            "/w/default/surveys/{survey}/themes?from=0001-01-01&to=2026-11-23"
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("value=\"2024-11-23\""), "{}", page.body);
    assert!(
        page.body.contains("A report covers at most two years"),
        "the cut is said"
    );
    // "From" after "to": the dates are swapped, and the page says so.
    let page = owner
        .get(&format!(
            "/w/default/surveys/{survey}/themes?from=2026-11-20&to=2026-11-01"
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("value=\"2026-11-01\""), "{}", page.body);
    assert!(page.body.contains("value=\"2026-11-20\""), "{}", page.body);
    assert!(page.body.contains("the two dates were swapped"));
    // A date past today is today, and the page says so: the figures are those up to today.
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/themes?to=2999-12-31"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(&format!("value=\"{}\"", day(0)))
            && page.body.contains("the period ends today")
            && page.body.contains("Awful prices, so expensive, a rip-off."),
        "{}",
        page.body
    );
    // The dashboard's newest open answers link to their response and show their sentiment.
    let page = owner.get(&format!("/w/default/surveys/{survey}")).await;
    let newest = page
        .body
        .split("Newest open answers")
        .nth(1)
        .unwrap_or_else(|| panic!("the newest answers: {}", page.body));
    assert!(
        newest.contains(&format!("href=\"/w/default/surveys/{survey}/responses/"))
            && newest.contains("badge sentiment-"),
        "{newest}"
    );
    let page = owner.get("/w/default/themes").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Staff friendliness"));
    // Each theme says which surveys it is found in, linking to their answers about it; the
    // pain points' answers name their survey.
    let in_survey =
        format!("In: <a href=\"/w/default/themes/price/answers?survey={survey}&#38;from=");
    assert!(page.body.contains(&in_survey), "{}", page.body);
    assert!(
        page.body
            .contains("</a> · <bdi>How are we doing?</bdi></p>"),
        "{}",
        page.body
    );

    // A correction: a promoter's answer is said to be negative and about prices, not staff.
    let response = &ids[2];
    let path = format!("/w/default/surveys/{survey}/responses/{response}");
    let page = owner.get(&path).await;
    assert!(page.body.contains("Correct this analysis"), "{}", page.body);
    // Why the label is what it is: the word lists' own score and label.
    assert!(
        page.body.contains("Word lists: \u{2066}+0."),
        "{}",
        page.body
    );
    let page = owner
        .post(
            &format!("{path}/correct"),
            &[
                ("question", "love"),
                ("was_sentiment", "positive"),
                ("sentiment", "negative"),
                ("was_theme", "staff"),
                ("theme", "price"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    // Back to the corrected answer, whose cell says it was saved and takes the focus.
    let back = page.location.expect("back to the response");
    assert_eq!(back, format!("{path}?corrected=love#corrected"));
    let page = owner.get(&back).await;
    assert!(page.body.contains("corrected by a person"), "{}", page.body);
    assert!(page.body.contains("badge sentiment-negative"));
    let notice = page
        .body
        .find("id=\"corrected\" tabindex=\"-1\" autofocus>Correction saved.");
    let open_text = page.body.find("class=\"open-text\"");
    assert!(notice.is_some() && notice < open_text, "{}", page.body);
    let table = format!("/w/default/surveys/{survey}/responses");
    let rows = |body: &str| body.matches("/responses/").count();
    let priced = owner.get(&format!("{table}?theme=price")).await.body;
    assert_eq!(rows(&priced), 17);
    // Each row names its themes and marks the words behind them in the answer.
    assert!(priced.contains("Price (negative)"), "{priced}");
    assert!(
        priced.contains("<mark class=\"theme\" title=\"Price\">"),
        "{priced}"
    );
    // A filter by a theme that does not exist (deleted since the link was bookmarked) or by an
    // unknown sentiment says which, and applies the others.
    let page = owner
        .get(&format!("{table}?theme=parking&sentiment=angry"))
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("There is no theme “parking”"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Sentiment is positive, neutral or negative.")
    );
    assert!(!page.body.contains("YYYY-MM-DD"), "no unrelated advice");
    // The API filters the same way and shows each open answer's analysis.
    let (status, body) = server
        .get(&format!(
            "/api/v1/surveys/{survey}/responses?theme=price&sentiment=negative&limit=500"
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    let listed = body["responses"].as_array().unwrap();
    assert!(!listed.is_empty(), "{body}");
    for response in listed {
        // The answer to "improve" or to "love" (a correction moved some to prices).
        let texts = response["text"].as_object().unwrap();
        assert!(
            texts.values().any(|text| text["themes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"] == "price" && t["sentiment"] == "negative")
                && text["score"].as_f64().is_some()
                && text["language"] == "en"),
            "{response}"
        );
    }
    for (query, field) in [("sentiment=angry", "sentiment"), ("theme=parking", "theme")] {
        let (status, body) = server
            .get(&format!("/api/v1/surveys/{survey}/responses?{query}"))
            .await;
        assert_eq!(status, 422, "{query}: {body}");
        assert!(body.to_string().contains(field), "{body}");
    }
    // An unknown sentiment or theme is refused; a response of another survey is not found.
    let page = owner
        .post(
            &format!("{path}/correct"),
            &[("question", "love"), ("sentiment", "furious")],
        )
        .await;
    assert_eq!(page.status, 422);
    let page = owner
        .post(
            &format!("{path}/correct"),
            &[("question", "love"), ("theme", "nope")],
        )
        .await;
    assert_eq!(page.status, 422);

    // A corrected sentiment reaches the theme's mentions: "Friendly staff, great help!" said
    // to be negative makes its staff mention negative; another answer's staff mention is set
    // to neutral by itself, the answer staying positive.
    let split = |report: &Value, id: &str| -> Vec<i64> {
        theme(report, id)["sentiment"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_i64().unwrap())
            .collect()
    };
    let report = wait_for_report(&server, &report_path, 92).await;
    let staff_before = split(&report, "staff");
    let correct = |id: &str| format!("/w/default/surveys/{survey}/responses/{id}/correct");
    let page = owner
        .post(
            &correct(&ids[3]),
            &[
                ("question", "love"),
                ("was_sentiment", "positive"),
                ("sentiment", "negative"),
                ("was_theme", "staff"),
                ("theme", "staff"),
                ("was_theme_sentiment.staff", "auto"),
                ("theme_sentiment.staff", "auto"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/responses/{}", ids[4]))
        .await;
    assert!(
        page.body.contains(
            "<select name=\"theme_sentiment.staff\" aria-label=\"Sentiment: Staff friendliness\">"
        ),
        "each mentioned theme has its sentiment in the form: {}",
        page.body
    );
    let page = owner
        .post(
            &correct(&ids[4]),
            &[
                ("question", "love"),
                ("was_sentiment", "positive"),
                ("sentiment", "positive"),
                ("was_theme", "staff"),
                ("theme", "staff"),
                ("was_theme_sentiment.staff", "auto"),
                ("theme_sentiment.staff", "neutral"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/responses/{}", ids[4]))
        .await;
    assert!(
        page.body.contains("<option value=\"neutral\" selected>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Staff friendliness (Neutral)"),
        "{}",
        page.body
    );
    // Forged values are refused, and nothing of the form is stored.
    for forged in [
        [
            ("theme_sentiment.staff", "furious"),
            ("sentiment", "negative"),
        ],
        [
            ("theme_sentiment.nope", "negative"),
            ("sentiment", "negative"),
        ],
    ] {
        let mut form = vec![("question", "love"), ("was_sentiment", "positive")];
        form.extend(forged);
        let page = owner.post(&correct(&ids[4]), &form).await;
        assert_eq!(page.status, 422, "{forged:?}: {}", page.body);
    }
    let report = wait_for_report(&server, &report_path, 92).await;
    let staff_after = split(&report, "staff");
    assert_eq!(
        staff_after,
        [
            staff_before[0] + 1,
            staff_before[1] + 1,
            staff_before[2] - 2
        ],
        "the corrections reach the staff theme's sentiment split: {report}"
    );
    // A theme said present on an answer, deleted from the taxonomy further down.
    let page = owner
        .post(
            &correct(&ids[5]),
            &[
                ("question", "love"),
                ("was_theme", "staff"),
                ("theme", "staff"),
                ("theme", "cleanliness"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);

    // A re-analysis of everything keeps the corrections.
    let page = owner.post("/w/default/text/reanalyse", &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    wait_until_reanalysed(&mut owner).await;
    // Its progress box, which the pages' script asks for, is empty once it is over.
    let progress = owner.get("/w/default/text/progress").await;
    assert_eq!(progress.status, 200, "{}", progress.body);
    assert!(
        !progress.body.contains("id=\"reanalysis\""),
        "{}",
        progress.body
    );
    let page = owner.get(&path).await;
    assert!(page.body.contains("corrected by a person"), "{}", page.body);
    let report = wait_for_report(&server, &report_path, 92).await;
    assert_eq!(theme(&report, "price")["mentions"], 17);
    assert_eq!(theme(&report, "staff")["mentions"], 59);
    assert_eq!(split(&report, "staff"), staff_after, "{report}");
    assert_eq!(theme(&report, "cleanliness")["mentions"], 1);

    // The taxonomy form: an invalid id is reported and what was typed stays.
    let page = owner.get("/w/default/text").await;
    let version = taxonomy_version(&page.body);
    let theme_count = page.body.matches("<fieldset class=\"theme\"").count() - 1;
    let new = format!("t{theme_count}");
    let mut fields: Vec<(String, String)> = Vec::new();
    for k in 0..theme_count {
        let id = page
            .body
            .split(&format!("name=\"t{k}.id\" value=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_owned();
        fields.push((format!("t{k}.id"), id));
        fields.push((format!("t{k}.name.en"), format!("Theme {k}")));
    }
    // The starter keywords are not in this form: only the new theme finds anything.
    fields.push(("version".into(), version.clone()));
    fields.push((format!("{new}.name.en"), "Parking".into()));
    fields.push((format!("{new}.kw.en"), "parking\npark*".into()));
    // A new theme named and given keywords but no id: refused beside it, nothing typed lost.
    let no_id_refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = owner.post("/w/default/text/themes", &no_id_refs).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("give the theme an identifier"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("parking\npark*"),
        "the typed keywords stay"
    );
    let mut bad = fields.clone();
    bad.push((format!("{new}.id"), "car park!".into()));
    let bad_refs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let page = owner.post("/w/default/text/themes", &bad_refs).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("role=\"alert\""));
    assert!(
        page.body.contains("value=\"car park!\""),
        "the typed id stays"
    );
    assert!(
        page.body.contains("parking\npark*"),
        "the typed keywords stay"
    );
    // In the manager's language, beside the field and in a summary naming the theme by its
    // row and name: a new theme taking the id of an existing one, with an empty keyword.
    let price_row = (0..theme_count)
        .find(|k| fields.contains(&(format!("t{k}.id"), "price".to_owned())))
        .unwrap();
    let mut twice = fields.clone();
    twice.push((format!("{new}.id"), "price".into()));
    twice.push((format!("{new}.new"), "1".into()));
    twice.push((format!("{new}.kw.pl"), "parkingu\n*".into()));
    let twice_refs: Vec<(&str, &str)> = twice
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let row = theme_count + 1;
    for (language, duplicate, empty) in [
        (
            "pl",
            format!(
                "Temat {row} „Parking”: identyfikator jest już używany przez: Temat {} „Theme {price_row}”",
                price_row + 1
            ),
            "słowo kluczowe „*” (Polski) nie zawiera nic poza „*”".to_owned(),
        ),
        (
            "he",
            format!(
                "נושא {row} ״Parking״: המזהה כבר בשימוש אצל נושא {} ״Theme {price_row}״",
                price_row + 1
            ),
            "במילת המפתח ״*״ (Polski) אין דבר מלבד ״*״".to_owned(),
        ),
    ] {
        owner.get("/account").await;
        let page = owner
            .post("/account/language", &[("language", language)])
            .await;
        assert!(page.status < 400, "{}", page.body);
        owner.get("/w/default/text").await; // a fresh CSRF token
        let page = owner.post("/w/default/text/themes", &twice_refs).await;
        assert_eq!(page.status, 422, "{}", page.body);
        assert!(page.body.contains(&duplicate), "{language}: {}", page.body);
        assert!(page.body.contains(&empty), "{language}: {}", page.body);
        assert!(
            !page.body.contains("themes["),
            "no technical path: {}",
            page.body
        );
        // Beside the fields: the id and the Polish keywords, marked and described.
        let id_input = page
            .body
            .split(&format!("name=\"{new}.id\" value=\"price\""))
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_else(|| panic!("the new theme's id: {}", page.body));
        assert!(
            !id_input.contains("readonly")
                && id_input.contains("pattern=")
                && id_input.contains(" title=\"")
                && id_input.contains("aria-invalid=\"true\" aria-describedby=\"theme-problem-1\""),
            "the new theme's id stays editable, says what it may hold, and is marked: {id_input}"
        );
        assert!(page.body.contains("id=\"theme-problem-1\""));
        assert!(
            page.body.contains(
                "aria-invalid=\"true\" aria-describedby=\"theme-problem-2\">parkingu\n*</textarea>"
            ),
            "{}",
            page.body
        );
        // The summary links to the fields themselves, so that following a link puts the
        // cursor in the field.
        let index = new.trim_start_matches('t');
        for field in [
            format!("id=\"t{index}-id\" name=\"{new}.id\""),
            format!("id=\"t{index}-kw-pl\" name=\"{new}.kw.pl\""),
        ] {
            assert!(page.body.contains(&field), "{field}: {}", page.body);
        }
        assert!(page.body.contains(&format!("href=\"#t{index}-id\"")));
        assert!(page.body.contains(&format!("href=\"#t{index}-kw-pl\"")));
    }
    owner.get("/account").await;
    owner.post("/account/language", &[("language", "en")]).await;
    owner.get("/w/default/text").await;
    let mut good = fields.clone();
    good.push((format!("{new}.id"), "parking".into()));
    // The theme a person said an answer mentions is deleted.
    let cleanliness_row = (0..theme_count)
        .find(|k| fields.contains(&(format!("t{k}.id"), "cleanliness".to_owned())))
        .unwrap();
    good.push((format!("t{cleanliness_row}.delete"), "1".into()));
    let good_refs: Vec<(&str, &str)> = good
        .iter()
        .map(|(k, v)| {
            (
                Box::leak(k.clone().into_boxed_str()) as &str,
                Box::leak(v.clone().into_boxed_str()) as &str,
            )
        })
        .collect();
    let page = owner.post("/w/default/text/themes", &good_refs).await;
    assert_eq!(page.status, 303, "{}", page.body);
    // Saving from the stale version again is a conflict, with the typed form kept.
    let page = owner.post("/w/default/text/themes", &good_refs).await;
    assert_eq!(page.status, 409, "{}", page.body);
    answer(
        &server,
        &survey,
        500,
        0,
        2,
        "No parking anywhere near the shop.",
    )
    .await;
    wait_until_reanalysed(&mut owner).await;
    let report = wait_for_report(&server, &report_path, 93).await;
    assert_eq!(theme(&report, "parking")["mentions"], 1, "{report}");
    assert!(
        report["themes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != "speed"),
        "keywords removed from a theme no longer match: {report}"
    );
    // The deleted theme stays on the answer a person said mentions it, shown as deleted; it
    // no longer counts in the report. Unticking it takes it off.
    assert!(
        report["themes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != "cleanliness"),
        "a deleted theme is not reported: {report}"
    );
    let answer_page = format!("/w/default/surveys/{survey}/responses/{}", ids[5]);
    let page = owner.get(&answer_page).await;
    assert!(
        page.body.contains("deleted theme “cleanliness” (Positive)"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<em>deleted theme “cleanliness”</em>"),
        "{}",
        page.body
    );
    let page = owner
        .post(
            &correct(&ids[5]),
            &[("question", "love"), ("was_theme", "cleanliness")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner.get(&answer_page).await;
    assert!(!page.body.contains("cleanliness"), "{}", page.body);

    // Discovery: with the starter keywords gone, the answers about staff form a group of
    // similar answers (shown once the re-analysis after the change is over); accepting it
    // makes a theme of its words.
    wait_until_reanalysed(&mut owner).await;
    let page = owner.get("/w/default/text").await;
    let groups = page
        .body
        .split("Groups of similar answers")
        .nth(1)
        .expect("the groups section")
        .to_owned();
    assert!(groups.contains("staff"), "{groups}");
    // Dismissing a suggested group ("not a theme") takes it off the page, and it stays off
    // until the dismissals are taken back.
    let first_group: Vec<String> = groups
        .split("action=\"/w/default/text/dismiss\"")
        .nth(1)
        .unwrap_or_else(|| panic!("a dismiss form: {groups}"))
        .split("</form>")
        .next()
        .unwrap()
        .split("name=\"phrase\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect();
    assert!(!first_group.is_empty(), "{groups}");
    let mut fields = vec![("lang", "en")];
    fields.extend(first_group.iter().map(|p| ("phrase", p.as_str())));
    let page = owner.post("/w/default/text/dismiss", &fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let shown = |body: &str| {
        body.split("Groups of similar answers")
            .nth(1)
            .unwrap_or_default()
            .contains(&format!("name=\"phrase\" value=\"{}\"", first_group[0]))
            && body.contains(&first_group.join(" · "))
    };
    let page = owner
        .get(page.location.as_deref().expect("back to the page"))
        .await;
    assert!(page.body.contains("no longer suggested"), "{}", page.body);
    // Said above the suggestions, where the keyboard was, and given the focus.
    let notice = page.body.find("id=\"done\" tabindex=\"-1\" autofocus>");
    assert!(
        notice > page.body.find("id=\"found-h\"") && notice.is_some(),
        "{}",
        page.body
    );
    assert!(
        !shown(&page.body),
        "the dismissed group is gone: {}",
        page.body
    );
    let page = owner.post("/w/default/text/restore", &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner.get("/w/default/text").await;
    assert!(shown(&page.body), "suggested again: {}", page.body);
    let version = taxonomy_version(&page.body);
    let page = owner
        .post(
            "/w/default/text/accept",
            &[
                ("version", version.as_str()),
                ("lang", "en"),
                ("phrase", "staff"),
                ("phrase", "friendly"),
                ("into", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    // The new theme's keywords are in English only: the page says so, and where to add more.
    let page = owner
        .get(page.location.as_deref().expect("back to the page"))
        .await;
    assert!(
        page.body
            .contains("Theme added, with keywords in \u{2068}English\u{2069} only."),
        "{}",
        page.body
    );
    wait_until_reanalysed(&mut owner).await;
    let report = wait_for_report(&server, &report_path, 93).await;
    let accepted = report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Staff")
        .unwrap_or_else(|| panic!("the accepted theme, named capitalised: {report}"));
    // Every staff answer, the corrected one too: its correction was about the old theme.
    assert_eq!(accepted["mentions"], 60, "{accepted}");
    // Accepting from a page shown before that change still applies: accepting only adds.
    let stale = owner
        .post(
            "/w/default/text/accept",
            &[
                ("version", version.as_str()),
                ("lang", "en"),
                ("phrase", "helpful"),
                ("into", accepted["id"].as_str().expect("an id")),
            ],
        )
        .await;
    assert_eq!(stale.status, 303, "{}", stale.body);
    let page = owner.get("/w/default/text").await;
    assert_ne!(
        taxonomy_version(&page.body),
        version,
        "saved as a new version"
    );
    assert!(
        page.body.contains(">staff\nfriendly\nhelpful<"),
        "{}",
        page.body
    );
    wait_until_reanalysed(&mut owner).await;
    // Sent again (a double click): nothing changes, nothing is saved.
    let saved = taxonomy_version(&page.body);
    let again = owner
        .post(
            "/w/default/text/accept",
            &[
                ("lang", "en"),
                ("phrase", "helpful"),
                ("into", accepted["id"].as_str().expect("an id")),
            ],
        )
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
    let page = owner
        .get(again.location.as_deref().expect("back to the page"))
        .await;
    assert_eq!(taxonomy_version(&page.body), saved, "no new version");
    assert!(page.body.contains("Nothing to add"), "{}", page.body);
    // Into a theme deleted meanwhile: refused, naming why.
    let page = owner
        .post(
            "/w/default/text/accept",
            &[
                ("version", version.as_str()),
                ("lang", "en"),
                ("phrase", "helpful"),
                ("into", "no-such-theme"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    // Nothing to accept is refused with a message, not stored.
    let page = owner
        .post(
            "/w/default/text/accept",
            &[("version", version.as_str()), ("lang", "en")],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);

    // The model: 35 negative and 58 positive examples (two promoters corrected to negative), no
    // neutral one yet — not enough.
    let page = owner.post("/w/default/text/train", &[]).await;
    assert_eq!(page.status, 303);
    let page = owner
        .get(page.location.as_deref().expect("back to the page"))
        .await;
    assert!(
        page.body.contains("needs 30 examples of each kind"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("No model could be trained"),
        "training says it trained nothing: {}",
        page.body
    );
    // 30 promoters' answers corrected to neutral, and 5 more promoters, make it trainable.
    for (k, id) in ids[62..92].iter().enumerate() {
        let page = owner
            .post(
                &format!("/w/default/surveys/{survey}/responses/{id}/correct"),
                &[
                    ("question", "love"),
                    ("was_sentiment", ""),
                    ("sentiment", "neutral"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "correction {k}: {}", page.body);
    }
    for k in 0..5 {
        answer(
            &server,
            &survey,
            700 + k,
            0,
            10,
            "Great service, thank you!",
        )
        .await;
    }
    wait_for_report(&server, &report_path, 98).await;
    let page = owner.post("/w/default/text/train", &[]).await;
    assert_eq!(page.status, 303);
    let page = owner
        .get(page.location.as_deref().expect("back to the page"))
        .await;
    assert!(page.body.contains("✓ In use"), "{}", page.body);
    assert!(
        page.body.contains("Models trained for: \u{2068}English"),
        "{}",
        page.body
    );
    // The first model in use: the answers already there are analysed again and read with it.
    wait_until_reanalysed(&mut owner).await;
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/responses/{}", ids[3]))
        .await;
    assert!(
        page.body.contains("Learned model: "),
        "an earlier answer is read with the new model: {}",
        page.body
    );
    // New answers are then read with the model beside the word lists.
    let last = answer(&server, &survey, 800, 0, 10, "Friendly staff, great help!").await;
    wait_for_report(&server, &report_path, 99).await;
    let page = owner
        .get(&format!("/w/default/surveys/{survey}/responses/{last}"))
        .await;
    assert!(
        page.body.contains("learned model agree") || page.body.contains("learned from your scores"),
        "the learned model took part: {}",
        page.body
    );
    assert!(
        page.body.contains("Learned model: "),
        "its probabilities are shown: {}",
        page.body
    );
}

/// A re-analysis counts only the answers it queued: once they are analysed it is over, however
/// many new answers wait for their everyday analysis (it used to count the whole queue, and the
/// pages showed a re-analysis long over as running again with every new answer). The server is
/// stopped, so nothing is analysed unless the test does it.
async fn a_finished_reanalysis_stays_finished(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let mut server = TestServer::start(&db).await;
    let survey = server
        .live_survey("reanalysed", crate::harness::nps_definition())
        .await;
    server.kill();
    let clock = opencx_app::system_clock();
    let store = opencx_store::Store::open(&db.url, Default::default(), clock())
        .await
        .unwrap();
    let survey = store
        .get_survey_any_workspace(survey.parse().unwrap())
        .await
        .unwrap();
    let detractor = |key: &str, at: i64| opencx_store::NewResponse {
        workspace_id: survey.workspace_id,
        survey_id: survey.id,
        survey_version: survey.current_version,
        idempotency_key: key.to_owned(),
        submitted_at: at,
        language: "en".into(),
        channel: "link".into(),
        dimensions: Vec::new(),
        answers: vec![
            opencx_store::NewAnswer {
                question_id: "nps".into(),
                number: Some(3),
                text: None,
                buckets: vec!["3".into()],
                analyse: false,
            },
            opencx_store::NewAnswer {
                question_id: "improve".into(),
                number: None,
                text: Some("Delivery was late.".into()),
                buckets: Vec::new(),
                analyse: true,
            },
        ],
        counts_start: true,
    };
    let started = clock();
    store
        .insert_batch(vec![detractor("old", started - 60_000)], started - 60_000)
        .await
        .unwrap();
    let total = store
        .start_reanalysis(
            survey.workspace_id,
            &[(survey.id, vec!["improve".to_owned()])],
            "taxonomy",
            started,
        )
        .await
        .unwrap();
    assert_eq!(total, 1);
    let running = store
        .reanalysis(survey.workspace_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((running.total, running.remaining), (1, 1));

    // The analyser takes the queued answer (as it does, in the transaction of its analysis).
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    sqlx::query("DELETE FROM text_queue")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    // A new answer arrives later and waits for its analysis.
    let later = started + 5_000;
    store
        .insert_batch(vec![detractor("new", later)], later)
        .await
        .unwrap();
    let finished = store
        .reanalysis(survey.workspace_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((finished.total, finished.remaining), (1, 0));
    store.close().await;
}

/// Two managers edit the themes from the same page: the second save is refused, and the form it
/// shows again holds the theme the first one added, so that saving it again keeps both.
async fn a_colleagues_new_theme_survives_a_conflict(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let page = owner.get("/w/default/text").await;
    let version = taxonomy_version(&page.body);
    let save = |rows: &[(&'static str, &'static str)]| {
        let mut fields = vec![("version", version.clone())];
        fields.extend([
            ("t0.id", "price".to_owned()),
            ("t0.name.en", "Price".to_owned()),
            ("t0.kw.en", "price".to_owned()),
        ]);
        fields.extend(rows.iter().map(|(k, v)| (*k, (*v).to_owned())));
        fields
    };
    let first = save(&[
        ("t1.id", "gift-cards"),
        ("t1.new", "1"),
        ("t1.name.en", "Gift cards"),
        ("t1.kw.en", "gift card"),
    ]);
    let fields: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = owner.post("/w/default/text/themes", &fields).await;
    assert_eq!(page.status, 303, "{}", page.body);

    // The same page, another theme: refused, with the colleague's theme in the form again.
    let second = save(&[
        ("t1.id", "fitting"),
        ("t1.new", "1"),
        ("t1.name.en", "Fitting rooms"),
        ("t1.kw.en", "fitting room"),
    ]);
    let fields: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = owner.post("/w/default/text/themes", &fields).await;
    assert_eq!(page.status, 409, "{}", page.body);
    assert!(
        page.body.contains("They added “Gift cards”"),
        "{}",
        page.body
    );
    assert!(page.body.contains("value=\"gift-cards\""), "{}", page.body);
    assert!(page.body.contains("value=\"fitting\""), "{}", page.body);

    // Saving the form as shown keeps both.
    let version = taxonomy_version(&page.body);
    let again = [
        ("version", version.as_str()),
        ("t0.id", "price"),
        ("t0.name.en", "Price"),
        ("t0.kw.en", "price"),
        ("t1.id", "gift-cards"),
        ("t1.name.en", "Gift cards"),
        ("t1.kw.en", "gift card"),
        ("t2.id", "fitting"),
        ("t2.new", "1"),
        ("t2.name.en", "Fitting rooms"),
        ("t2.kw.en", "fitting room"),
    ];
    let page = owner.post("/w/default/text/themes", &again).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner.get("/w/default/text").await;
    for id in ["price", "gift-cards", "fitting"] {
        assert!(page.body.contains(&format!("value=\"{id}\"")), "{id}");
    }
}

/// The sentiment the API gives the answer to "improve" of the survey's only response.
async fn improve_sentiment(server: &TestServer, survey: &str) -> Value {
    let (status, body) = server
        .get(&format!("/api/v1/surveys/{survey}/responses"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["responses"][0]["text"]["improve"]["sentiment"].clone()
}

/// The workspace's latest re-analysis, read from the database while the server is stopped.
async fn latest_reanalysis(db: &TestDatabase) -> Option<opencx_store::Reanalysis> {
    let store = opencx_store::Store::open(&db.url, Default::default(), 0)
        .await
        .unwrap();
    let workspace = store.list_workspaces().await.unwrap()[0].id;
    let reanalysis = store.reanalysis(workspace).await.unwrap();
    store.close().await;
    reanalysis
}

/// Answers stored by an older version of the engine are analysed again, once, when the server
/// starts with a new one (`opencx_text::ENGINE_VERSION`): the database records the version its
/// analyses are of, and a re-analysis with its reason is started for every workspace.
async fn an_engine_update_reanalyses_stored_answers(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let mut server = TestServer::start(&db).await;
    let survey = server
        .live_survey("upgraded", crate::harness::nps_definition())
        .await;
    answer(
        &server,
        &survey,
        0,
        0,
        2,
        "Delivery was late and the courier was rude.",
    )
    .await;
    wait_for_report(&server, &format!("/api/v1/surveys/{survey}/themes"), 1).await;
    assert_eq!(improve_sentiment(&server, &survey).await, "negative");
    assert!(server.stop(), "the server stops cleanly");
    // The API key is printed on the first start only.
    let key = server.key.clone();
    // The first start analysed everything with this engine: no re-analysis for an update.
    let first = latest_reanalysis(&db).await;
    assert!(
        first.as_ref().is_none_or(|r| r.reason != "engine"),
        "{first:?}"
    );

    // As if an older engine had read the answer as praise, and recorded its version.
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    for statement in [
        "UPDATE text_analyses SET sentiment = 'positive', sentiment_score = 900",
        "UPDATE settings SET value = '1' WHERE key = 'text_engine_version'",
    ] {
        let done = sqlx::query(statement).execute(&mut conn).await.unwrap();
        assert_eq!(done.rows_affected(), 1, "{statement}");
    }
    conn.close().await.unwrap();

    let mut server = TestServer::start(&db).await;
    server.key = key.clone();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while improve_sentiment(&server, &survey).await != "negative" {
        assert!(
            std::time::Instant::now() < deadline,
            "re-analysed within 60 s after the update"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(server.stop(), "the server stops cleanly");
    let reanalysis = latest_reanalysis(&db).await.expect("a re-analysis ran");
    assert_eq!(
        (
            reanalysis.reason.as_str(),
            reanalysis.total,
            reanalysis.remaining
        ),
        ("engine", 1, 0)
    );

    // Once only: the next start finds the analyses of its own version.
    let mut server = TestServer::start(&db).await;
    server.key = key.clone();
    assert_eq!(improve_sentiment(&server, &survey).await, "negative");
    assert!(server.stop(), "the server stops cleanly");
    assert_eq!(latest_reanalysis(&db).await, Some(reanalysis.clone()));

    // Analyses of a newer engine (this server rolled back) are left as they are.
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    sqlx::query("UPDATE settings SET value = '999999' WHERE key = 'text_engine_version'")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let mut server = TestServer::start(&db).await;
    server.key = key;
    assert_eq!(improve_sentiment(&server, &survey).await, "negative");
    assert!(server.stop(), "the server stops cleanly");
    assert_eq!(latest_reanalysis(&db).await, Some(reanalysis));
}

/// A theme's answers across every survey of the workspace: linked from the workspace's themes
/// page, newest first, from both surveys, filtered by the sentiment about the theme, paged,
/// the answers' text escaped, and only for roles that read responses.
async fn a_themes_answers_across_the_surveys(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let shop = server
        .live_survey("shop", crate::harness::nps_definition())
        .await;
    let cafe = server
        .live_survey("cafe", crate::harness::nps_definition())
        .await;
    // 30 price complaints in the shop, 25 praises of prices in the café (55: two pages), one
    // of them with markup, and answers about other things.
    for k in 0..30 {
        answer(&server, &shop, k, 2, 2, "Prices are far too expensive.").await;
    }
    for k in 30..55 {
        answer(
            &server,
            &cafe,
            k,
            1,
            10,
            "Great prices <b>and</b> cheap coffee!",
        )
        .await;
    }
    for k in 55..60 {
        answer(&server, &cafe, k, 1, 10, "Friendly staff, lovely music.").await;
    }
    // The week before, no complaint about prices: this week's make a pain point.
    for k in 60..80 {
        answer(&server, &shop, k, 9, 10, "Friendly staff, lovely music.").await;
    }
    wait_for_report(&server, &format!("/api/v1/surveys/{shop}/themes"), 50).await;
    wait_for_report(&server, &format!("/api/v1/surveys/{cafe}/themes"), 30).await;

    let themes = owner.get("/w/default/themes").await;
    assert_eq!(themes.status, 200, "{}", themes.body);
    let link = link_starting(&themes.body, "/w/default/themes/price/answers?from=");
    assert!(
        themes
            .body
            .contains("/w/default/themes/price/answers?sentiment=negative&#38;from="),
        "the pain point links to its negative answers across the surveys"
    );

    let page = owner.get(&link).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("55 answers mention it"), "{}", page.body);
    // Newest first: the café's (a day ago) before the shop's (two days ago), 50 to a page.
    let rows = page.body.matches("<tr role=\"row\">").count() - 1;
    assert_eq!(rows, 50);
    // (Their words are marked: looked for by the unmarked ones.)
    let first_cafe = page.body.find(" coffee!").expect("the café's answers");
    let first_shop = page.body.find(" are far ").expect("the shop's answers");
    assert!(first_cafe < first_shop);
    assert!(
        page.body.contains("&#60;b&#62;and&#60;/b&#62;"),
        "answers escaped: {}",
        page.body
    );
    assert!(!page.body.contains("<b>and</b>"));
    assert!(
        page.body
            .contains("<mark class=\"theme\" title=\"Price\">Prices</mark>")
    );
    let next = page
        .body
        .split("<p class=\"pager\"><a href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a link to older answers")
        .replace("&#38;", "&");
    let older = owner
        .get(&format!("/w/default/themes/price/answers{next}"))
        .await;
    assert_eq!(older.status, 200, "{}", older.body);
    assert_eq!(older.body.matches("<tr role=\"row\">").count() - 1, 5);
    assert!(!older.body.contains("pager"), "the last page");

    // What the answers say about prices: the shop's are negative, the café's positive.
    let negative = owner
        .get("/w/default/themes/price/answers?sentiment=negative")
        .await;
    assert!(
        negative.body.contains("30 answers mention it"),
        "{}",
        negative.body
    );
    assert!(!negative.body.contains(" coffee!"));
    let bad = owner
        .get("/w/default/themes/price/answers?sentiment=angry&after=x.y")
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("Sentiment is positive, neutral or negative.")
    );
    assert!(
        bad.body.contains("55 answers mention it"),
        "unfiltered then"
    );

    // Searched and by the language found in the answer; the search goes on to older pages
    // and to the survey's own responses.
    let coffee = owner
        .get("/w/default/themes/price/answers?q=COFFEE&language=en")
        .await;
    assert_eq!(coffee.status, 200, "{}", coffee.body);
    assert!(
        coffee.body.contains("25 answers mention it"),
        "{}",
        coffee.body
    );
    assert!(!coffee.body.contains(" are far "));
    assert!(
        coffee.body.contains(&format!(
            "/w/default/surveys/{cafe}/responses?theme=price&#38;q=COFFEE&#38;"
        )),
        "{}",
        coffee.body
    );
    assert!(coffee.body.contains("<option value=\"en\" selected>"));
    // The survey's responses keep what the answers say about the theme, as its table reads
    // `sentiment` beside `theme`.
    let praise = owner
        .get("/w/default/themes/price/answers?sentiment=positive&q=coffee")
        .await;
    let survey_link = format!(
        "/w/default/surveys/{cafe}/responses?theme=price&#38;sentiment=positive&#38;q=coffee&#38;"
    );
    assert!(praise.body.contains(&survey_link), "{}", praise.body);
    let linked = owner
        .get(survey_link.replace("&#38;", "&").trim_end_matches('&'))
        .await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert_eq!(
        linked.body.matches("<tr role=\"row\">").count() - 1,
        25,
        "the café's praises of its prices"
    );
    let polish = owner
        .get("/w/default/themes/price/answers?language=pl")
        .await;
    assert_eq!(polish.status, 200);
    assert!(
        polish
            .body
            .contains("No answer of this period mentions the theme")
    );
    let paged = owner.get("/w/default/themes/price/answers?q=pric").await;
    assert!(
        paged.body.contains("?from=") && paged.body.contains("&#38;q=pric&#38;after="),
        "the next page keeps the search: {}",
        paged.body
    );
    let unknown = owner
        .get("/w/default/themes/price/answers?language=de&q=x")
        .await;
    assert_eq!(unknown.status, 422);
    assert!(
        unknown
            .body
            .contains("Language is English, Polish, Hebrew or Persian.")
    );

    // The API lists the same answers, paged by `next`.
    let mut seen = Vec::new();
    let mut after = String::new();
    for expected in [20, 20, 15] {
        let (status, page) = server
            .get(&format!("/api/v1/themes/price/answers?limit=20{after}"))
            .await;
        assert_eq!(status, 200, "{page}");
        let answers = page["answers"].as_array().unwrap();
        assert_eq!(answers.len(), expected, "{page}");
        seen.extend(
            answers
                .iter()
                .map(|a| a["response_id"].as_str().unwrap().to_owned()),
        );
        after = match page["next"].as_str() {
            Some(next) => format!("&after={next}"),
            None => String::new(),
        };
    }
    assert!(after.is_empty(), "the third page is the last");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 55, "no answer twice, none missed");
    let (status, cafe_praise) = server
        .get(&format!(
            "/api/v1/themes/price/answers?survey={cafe}&sentiment=positive&q=coffee&language=en&limit=1"
        ))
        .await;
    assert_eq!(status, 200, "{cafe_praise}");
    let first = &cafe_praise["answers"][0];
    assert_eq!(first["survey_id"], cafe.as_str());
    assert_eq!(first["text"], "Great prices <b>and</b> cheap coffee!");
    assert_eq!(first["theme_sentiment"], "positive");
    assert_eq!(first["sentiment"], "positive");
    assert_eq!(first["language"], "en");
    assert_eq!(first["words"], serde_json::json!(["prices", "cheap"]));
    assert!(cafe_praise["next"].is_string());
    let (_, none) = server
        .get(&format!(
            "/api/v1/themes/price/answers?survey={cafe}&sentiment=negative"
        ))
        .await;
    assert_eq!(none["answers"], serde_json::json!([]));
    assert_eq!(none["next"], serde_json::Value::Null);
    for (query, field) in [
        ("sentiment=angry", "sentiment"),
        ("language=de", "language"),
        ("q=", "q"),
        ("after=yesterday", "after"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("from=2026-13-01", "from"),
    ] {
        let (status, error) = server
            .get(&format!("/api/v1/themes/price/answers?{query}"))
            .await;
        assert_eq!(status, 422, "{query}: {error}");
        assert_eq!(error["error"]["field"], field, "{query}: {error}");
    }
    let (status, error) = server.get("/api/v1/themes/price/answers?colour=red").await;
    assert_eq!(status, 400, "{error}");
    for path in [
        "/api/v1/themes/no-such-theme/answers".to_owned(),
        "/api/v1/themes/price/answers?survey=99".to_owned(),
    ] {
        let (status, error) = server.get(&path).await;
        assert_eq!(status, 404, "{path}: {error}");
        assert_eq!(error["error"]["code"], "not_found");
    }

    // A viewer sees the themes but not the answers.
    let mut viewer = invite_and_join(&server, &mut owner, "viewer@example.com", "viewer").await;
    assert_eq!(viewer.get("/w/default/themes").await.status, 200);
    assert_eq!(viewer.get(&link).await.status, 403);
    let seen = viewer.get("/w/default/themes").await;
    assert!(
        !seen.body.contains("/themes/price/answers"),
        "no link for a viewer"
    );
}

/// A pain point links to exactly the negative mentions it counted: its week is seven whole
/// dates, the last one today, so a complaint early on the day a week ago (a date the link
/// would otherwise take in whole) is in the week before, on both sides of the link. On a
/// survey's page too, where a response with two such answers counts twice (its responses
/// table would list it once).
async fn a_pain_points_link_lists_what_it_counted(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    // Both open questions are asked of everyone.
    let mut definition = crate::harness::nps_definition();
    for q in [1, 2] {
        let question = definition["questions"][q].as_object_mut().unwrap();
        question.remove("show_if");
        question.remove("required");
    }
    let survey = server.live_survey("shop", definition).await;
    let now = chrono::Utc::now().timestamp_millis();
    // The workspace's days are UTC.
    let today = now.div_euclid(DAY_MS);
    let post = |key: String, at: i64, nps: i64, text: &'static str| {
        let server = &server;
        let survey = &survey;
        async move {
            let field = if nps <= 6 { "improve" } else { "love" };
            let (status, body) = server
                .post(
                    &format!("/api/v1/surveys/{survey}/responses"),
                    json!({"answers": {"nps": nps, field: text}, "idempotency_key": key,
                           "submitted_at": rfc3339(at)}),
                )
                .await;
            assert_eq!(status, 201, "{body}");
        }
    };
    for k in 0..20 {
        post(
            format!("p{k}"),
            now - 10 * DAY_MS,
            10,
            "Friendly staff, lovely music.",
        )
        .await;
    }
    for k in 0..8 {
        post(
            format!("c{k}"),
            now - 2 * DAY_MS,
            2,
            "Prices are far too expensive.",
        )
        .await;
    }
    // One response complains in both its open answers: two mentions.
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": {"nps": 1, "improve": "Prices are far too expensive.",
                               "love": "Nothing. Prices are far too expensive."},
                   "idempotency_key": "both", "submitted_at": rfc3339(now - DAY_MS)}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    // A minute into the date seven days ago, and into the date six days ago.
    post(
        "early".into(),
        (today - 7) * DAY_MS + 60_000,
        2,
        "Prices are far too expensive.",
    )
    .await;
    post(
        "late".into(),
        (today - 6) * DAY_MS + 60_000,
        2,
        "Prices are far too expensive.",
    )
    .await;
    wait_for_report(&server, &format!("/api/v1/surveys/{survey}/themes"), 32).await;

    let (status, signal) = server.get("/api/v1/pain-points").await;
    assert_eq!(status, 200, "{signal}");
    let pain = &signal["pain_points"][0];
    assert_eq!(pain["theme_id"], "price", "{signal}");
    let counted = pain["current"]["negative"].as_i64().unwrap();
    assert!(counted >= 10, "{pain}");
    let mut links = Vec::new();
    for (page, prefix) in [
        (
            "/w/default/themes".to_owned(),
            "/w/default/themes/price/answers?sentiment=negative".to_owned(),
        ),
        (
            format!("/w/default/surveys/{survey}/themes"),
            format!("/w/default/themes/price/answers?survey={survey}&#38;sentiment=negative"),
        ),
    ] {
        let page = owner.get(&page).await;
        assert_eq!(page.status, 200, "{}", page.body);
        links.push(link_starting(&page.body, &prefix));
    }
    for link in &links {
        let listed = owner.get(link).await;
        assert_eq!(listed.status, 200, "{}", listed.body);
        assert!(
            listed
                .body
                .contains(&format!("{counted} answers mention it")),
            "the link lists the {counted} negative mentions the pain point counted: {link} {}",
            listed.body
        );
    }
    // The survey's answers page says whose answers it lists and keeps the survey when filtered.
    let survey_page = owner.get(&links[1]).await;
    assert!(
        survey_page
            .body
            .contains("Survey: <strong><bdi>How are we doing?</bdi></strong>")
            && survey_page
                .body
                .contains(&format!("name=\"survey\" value=\"{survey}\"")),
        "{}",
        survey_page.body
    );
    // A survey of another workspace, or none, is not found.
    let missing = owner
        .get("/w/default/themes/price/answers?survey=999999")
        .await;
    assert_eq!(missing.status, 404, "{}", missing.body);
}
