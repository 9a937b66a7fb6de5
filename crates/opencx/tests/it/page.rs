//! The respondent page without JavaScript: screens, logic, languages, partial answers, errors,
//! forged and replayed forms, hostile input.

use serde_json::json;

use crate::harness::{Backend, TestDatabase, TestServer, nps_definition};
use crate::on_both_backends;

on_both_backends!(answering_a_survey_on_the_page, hostile_and_stale_forms);

/// Reads a hidden field's value from a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden field {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

struct Respondent<'a> {
    server: &'a TestServer,
    path: String,
    cookie: Option<String>,
}

impl Respondent<'_> {
    async fn get(&mut self, query: &str) -> (u16, String) {
        let mut request = self
            .server
            .client
            .get(self.server.url(&format!("{}{query}", self.path)));
        if let Some(c) = &self.cookie {
            request = request.header("cookie", c);
        }
        let r = request.send().await.unwrap();
        self.remember(&r);
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn post(&mut self, query: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut request = self
            .server
            .client
            .post(self.server.url(&format!("{}{query}", self.path)))
            .form(form);
        if let Some(c) = &self.cookie {
            request = request.header("cookie", c);
        }
        let r = request.send().await.unwrap();
        self.remember(&r);
        (r.status().as_u16(), r.text().await.unwrap())
    }

    fn remember(&mut self, r: &reqwest::Response) {
        for value in r.headers().get_all("set-cookie") {
            let pair = value
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned();
            self.cookie = if pair.ends_with('=') {
                None
            } else {
                Some(pair)
            };
        }
    }
}

async fn answering_a_survey_on_the_page(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server.live_survey("page-test", nps_definition()).await;
    // Persian shows Persian digits; the values sent back stay ASCII.
    server
        .live_survey(
            "fa-test",
            json!({"title": {"en": "T", "fa": "نظرسنجی"}, "languages": ["en", "fa"],
                   "questions": [{"id": "nps", "kind": "nps"}]}),
        )
        .await;
    let html = server
        .client
        .get(server.url("/s/fa-test?lang=fa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"value="10""#) && html.contains("<span>۱۰</span>"),
        "{html}"
    );
    assert!(html.contains(r#"dir="rtl""#));
    let mut alice = Respondent {
        server: &server,
        path: "/s/page-test".into(),
        cookie: None,
    };

    // Hebrew from Accept-Language is laid out right to left; ?lang= wins over it.
    let r = server
        .client
        .get(server.url("/s/page-test"))
        .header("accept-language", "he-IL,he;q=0.9")
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"<html lang="he" dir="rtl">"#), "{html}");
    let (status, html) = alice
        .get("?lang=en&channel=qr&store=warsaw-3&first_name=Ala")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(html.contains(r#"type="radio" name="nps" value="10""#));
    assert!(
        html.contains("<fieldset"),
        "the NPS scale is a radio group in a fieldset"
    );
    assert!(html.len() < 30 * 1024);
    let token = hidden(&html, "t");
    let query = "?channel=qr&store=warsaw-3&first_name=Ala";

    // A required question left empty: the same screen with a message.
    let (status, html) = alice
        .post(
            query,
            &[
                ("t", &token),
                ("q", "nps"),
                ("lang", "en"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("role=\"alert\""), "{html}");

    // A detractor gets the follow-up, with the link parameter piped into the text.
    let (status, html) = alice
        .post(
            query,
            &[
                ("t", &token),
                ("q", "nps"),
                ("lang", "en"),
                ("nps", "4"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Hey Ala, what should we improve?"), "{html}");
    assert!(
        alice.cookie.is_some(),
        "the partial response is kept in a cookie"
    );

    // Leaving and coming back resumes at the follow-up, with the score kept.
    let (_, html) = alice.get("").await;
    assert!(html.contains(r#"name="q" value="improve""#), "{html}");
    // Going back shows the score that was given.
    let (_, html) = alice
        .post(
            query,
            &[
                ("t", &token),
                ("q", "improve"),
                ("lang", "en"),
                ("improve", ""),
                ("action", "back"),
            ],
        )
        .await;
    assert!(html.contains(r#"value="4" checked"#), "{html}");
    // Changing the score to a promoter drops the follow-up from the path.
    let (_, html) = alice
        .post(
            query,
            &[
                ("t", &token),
                ("q", "nps"),
                ("lang", "en"),
                ("nps", "10"),
                ("action", "next"),
            ],
        )
        .await;
    assert!(html.contains(r#"name="q" value="love""#), "{html}");
    let (_, html) = alice
        .post(
            query,
            &[
                ("t", &token),
                ("q", "love"),
                ("lang", "en"),
                ("love", "<script>alert(1)</script>"),
                ("action", "next"),
            ],
        )
        .await;
    assert!(html.contains(r#"name="q" value="topics""#), "{html}");
    let final_form = [
        ("t", token.as_str()),
        ("q", "topics"),
        ("lang", "en"),
        ("topics", "price"),
        ("topics", "staff"),
        ("action", "next"),
    ];
    let (status, html) = alice.post(query, &final_form).await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>"), "{html}");

    // A replay of the final form shows the thanks page and stores nothing twice.
    let (status, _) = alice.post(query, &final_form).await;
    assert_eq!(status, 200);
    let (_, list) = server.get(&format!("/api/v1/surveys/{id}/responses")).await;
    let responses = list["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "{list}");
    let response = &responses[0];
    assert_eq!(response["answers"]["nps"], 10);
    assert_eq!(
        response["answers"]["love"], "<script>alert(1)</script>",
        "text is stored as typed"
    );
    assert!(
        response["answers"].get("improve").is_none(),
        "the hidden follow-up was dropped"
    );
    assert_eq!(response["answers"]["topics"], json!(["price", "staff"]));
    assert_eq!(response["channel"], "qr");
    assert_eq!(response["dimensions"]["store"], "warsaw-3");
    let (_, metrics) = server.get(&format!("/api/v1/surveys/{id}/metrics")).await;
    assert_eq!(metrics["responses"]["started"], 1);
    assert_eq!(metrics["responses"]["completed"], 1);

    // After finishing, the next visit starts afresh (shared devices, kiosks).
    let (_, html) = alice.get("").await;
    assert!(html.contains(r#"name="q" value="nps""#));
    assert!(!html.contains("checked"));
}

async fn hostile_and_stale_forms(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let id = server.live_survey("hostile-test", nps_definition()).await;
    let mut eve = Respondent {
        server: &server,
        path: "/s/hostile-test".into(),
        cookie: None,
    };
    let (_, html) = eve.get("").await;
    let token = hidden(&html, "t");

    // A forged token is refused with a page, not a 500, and stores nothing.
    let (status, html) = eve
        .post(
            "",
            &[
                ("t", "forged.signature"),
                ("q", "nps"),
                ("nps", "9"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 400, "{html}");
    let (status, _) = eve.post("", &[("q", "nps"), ("nps", "9")]).await;
    assert_eq!(status, 400);
    // Out-of-range scores, unknown options and unknown questions.
    let (status, _) = eve
        .post(
            "",
            &[
                ("t", &token),
                ("q", "nps"),
                ("nps", "11"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = eve
        .post(
            "",
            &[
                ("t", &token),
                ("q", "nps"),
                ("nps", "ten"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = eve
        .post("", &[("t", &token), ("q", "q9"), ("action", "next")])
        .await;
    assert_eq!(status, 400);
    let long = "x".repeat(20_000);
    let (status, _) = eve
        .post(
            "",
            &[
                ("t", &token),
                ("q", "nps"),
                ("nps", "3"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = eve
        .post(
            "",
            &[
                ("t", &token),
                ("q", "improve"),
                ("improve", &long),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 422, "oversized text is refused on the page");
    let (_, list) = server.get(&format!("/api/v1/surveys/{id}/responses")).await;
    assert_eq!(
        list["responses"].as_array().unwrap().len(),
        0,
        "nothing half-stored"
    );

    // Skipping ahead to the last (optional) screen does not finish a response without its
    // required answers: the respondent is shown the screen they are on.
    let mut mallory = Respondent {
        server: &server,
        path: "/s/hostile-test".into(),
        cookie: None,
    };
    let (_, html) = mallory.get("").await;
    let fresh = hidden(&html, "t");
    let (status, html) = mallory
        .post("", &[("t", &fresh), ("q", "topics"), ("action", "next")])
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"name="q" value="nps""#), "{html}");
    // A double-clicked first screen: both posts succeed and the start is counted once.
    let first = [
        ("t", fresh.as_str()),
        ("q", "nps"),
        ("nps", "9"),
        ("action", "next"),
    ];
    let (a, b) = tokio::join!(
        server
            .client
            .post(server.url("/s/hostile-test"))
            .form(&first)
            .send(),
        server
            .client
            .post(server.url("/s/hostile-test"))
            .form(&first)
            .send()
    );
    assert_eq!(
        (a.unwrap().status().as_u16(), b.unwrap().status().as_u16()),
        (200, 200)
    );
    let (_, metrics) = server.get(&format!("/api/v1/surveys/{id}/metrics")).await;
    assert_eq!(
        metrics["responses"]["started"], 2,
        "eve's and mallory's starts, once each: {metrics}"
    );
    // Another site posting into the survey is refused.
    let r = server
        .client
        .post(server.url("/s/hostile-test"))
        .header("origin", "https://evil.example")
        .form(&[
            ("t", fresh.as_str()),
            ("q", "nps"),
            ("nps", "0"),
            ("action", "next"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // A token of another survey is not valid here.
    server.live_survey("other-survey", nps_definition()).await;
    let (_, other) = Respondent {
        server: &server,
        path: "/s/other-survey".into(),
        cookie: None,
    }
    .get("")
    .await;
    let foreign = hidden(&other, "t");
    let (status, _) = eve
        .post(
            "",
            &[
                ("t", &foreign),
                ("q", "nps"),
                ("nps", "9"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    let (_, list) = server.get(&format!("/api/v1/surveys/{id}/responses")).await;
    assert_eq!(
        list["responses"].as_array().unwrap().len(),
        0,
        "nothing stored by any of this"
    );

    // Unknown surveys and closed surveys get pages with the right status.
    let (status, _) = Respondent {
        server: &server,
        path: "/s/no-such-survey".into(),
        cookie: None,
    }
    .get("")
    .await;
    assert_eq!(status, 404);
    server
        .post(&format!("/api/v1/surveys/{id}/close"), json!({}))
        .await;
    let (status, html) = eve.get("").await;
    assert_eq!(status, 410, "{html}");
    let (status, _) = eve
        .post(
            "",
            &[
                ("t", &token),
                ("q", "improve"),
                ("improve", "late"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(status, 410);

    // The public JSON intake requires an idempotency key and refuses closed surveys.
    let r = server
        .client
        .post(server.url("/s/hostile-test/responses"))
        .json(&json!({"answers": {"nps": 9}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = server
        .client
        .post(server.url("/s/hostile-test/responses"))
        .header("idempotency-key", "abc")
        .json(&json!({"answers": {"nps": 9}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);

    // Stale partial responses are deleted by age; fresh ones are kept.
    let store =
        opencx_store::Store::open(&db.url, Default::default(), opencx_app::system_clock()())
            .await
            .unwrap();
    let now = opencx_app::system_clock()();
    assert_eq!(
        store.delete_stale_partials(now - 86_400_000).await.unwrap(),
        0
    );
    assert!(store.delete_stale_partials(now + 86_400_000).await.unwrap() >= 2);
    store.close().await;
}
