//! A screen is a page wrapping a partial, and one URL serves both: every screen of the web app
//! answers `?partial=1` with its content alone (no document, header or navigation), under the
//! same authorisation as the page.

use opencx_web::admin::WORKSPACE_ROUTES;
use serde_json::json;

use crate::harness::{Backend, TestDatabase, TestServer, nps_definition};
use crate::on_both_backends;
use crate::web::{Browser, invite_and_join, sign_up_owner, user_id_in};

on_both_backends!(every_screen_serves_its_partial);

/// Workspace routes answered with something other than a screen: a redirect, an event
/// stream, images.
const NOT_SCREENS: [&str; 5] = [
    "/w/{ws}",
    "/w/{ws}/surveys/{survey}/events",
    "/w/{ws}/text/progress",
    "/w/{ws}/surveys/{survey}/qr.svg",
    "/w/{ws}/surveys/{survey}/qr.png",
];

/// What only the page around a screen has.
const CHROME: [&str; 7] = [
    "<!doctype",
    "<html",
    "<head",
    "</body>",
    "<header",
    "<main",
    "class=\"skip\"",
];

fn with_partial(path: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}partial=1")
}

/// The page's main heading (`<h1>…</h1>`).
fn heading(body: &str) -> &str {
    let start = body
        .find("<h1")
        .unwrap_or_else(|| panic!("a heading in {body}"));
    let end = body[start..].find("</h1>").expect("a closed heading") + start;
    &body[start..end]
}

async fn every_screen_serves_its_partial(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let survey = server.live_survey("partials", nps_definition()).await;
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{survey}/responses"),
            json!({"answers": {"nps": 3, "improve": "Slow delivery"}, "idempotency_key": "p1"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let response = body["id"].as_str().unwrap().to_owned();

    // Every screen of the route table, and the account page.
    let mut screens: Vec<String> = WORKSPACE_ROUTES
        .iter()
        .filter(|r| r.method == "GET" && !NOT_SCREENS.contains(&r.path))
        .map(|r| {
            r.path
                .replace("{ws}", "default")
                .replace("{survey}", &survey)
                .replace("{response}", &response)
        })
        .collect();
    screens.push("/account".to_owned());
    assert!(screens.len() >= 12, "{screens:?}");
    for path in &screens {
        let page = owner.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(page.body.contains("<html"), "{path} is a page");
        let partial = owner.get(&with_partial(path)).await;
        assert_eq!(partial.status, 200, "{path}: {}", partial.body);
        for frame in CHROME {
            assert!(
                !partial.body.contains(frame),
                "{path}?partial=1 has {frame}: {}",
                partial.body
            );
        }
        assert_eq!(
            heading(&partial.body),
            heading(&page.body),
            "{path}: the same content"
        );
    }
    // The dashboard's partial holds its live part, which the live update swaps in.
    let dashboard = owner
        .get(&format!("/w/default/surveys/{survey}?partial=1&by=week"))
        .await;
    assert!(dashboard.body.contains("id=\"live\""), "{}", dashboard.body);

    // The same authorisation as the page: a viewer may not edit, a stranger (a member no
    // more) gets nothing, and nobody signed in is sent to sign in.
    let builder = with_partial(&format!("/w/default/surveys/{survey}/edit"));
    let mut viewer = invite_and_join(&server, &mut owner, "viewer@example.com", "viewer").await;
    let page = viewer.get(&builder).await;
    assert_eq!(
        (page.status, page.denied.as_deref()),
        (403, Some("forbidden"))
    );
    let mut stranger = invite_and_join(&server, &mut owner, "gone@example.com", "viewer").await;
    let members = owner.get("/w/default/members").await.body;
    let gone = user_id_in(&members, "gone@example.com");
    let page = owner
        .post(&format!("/w/default/members/{gone}/remove"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    for path in &screens {
        if path == "/account" {
            continue; // their own
        }
        let page = stranger.get(&with_partial(path)).await;
        assert_eq!(
            (page.status, page.denied.as_deref()),
            (404, Some("not-a-member")),
            "a stranger gets nothing from {path}?partial=1"
        );
        assert!(!page.body.contains("Slow delivery"));
    }
    let page = Browser::new(&server).get(&builder).await;
    assert_eq!(page.status, 303);
    assert!(
        page.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login?next=") && l.contains("partial")),
        "{:?}",
        page.location
    );
}
