//! The web app over plain HTTP: first run, sign-in, invitations, and an authorisation walk of
//! every workspace route as every role, as a stranger and as nobody.

use std::collections::HashMap;

use opencx_domain::access::Role;
use opencx_web::admin::WORKSPACE_ROUTES;
use reqwest::Method;

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;

/// A client that keeps cookies and reads the CSRF token of the last page, like a browser.
pub(crate) struct Browser<'a> {
    server: &'a TestServer,
    cookies: HashMap<String, String>,
    csrf: String,
}

pub(crate) struct Page {
    pub(crate) status: u16,
    pub(crate) location: Option<String>,
    pub(crate) denied: Option<String>,
    pub(crate) body: String,
}

impl<'a> Browser<'a> {
    pub(crate) fn new(server: &'a TestServer) -> Self {
        Browser {
            server,
            cookies: HashMap::new(),
            csrf: String::new(),
        }
    }

    pub(crate) async fn request(
        &mut self,
        method: Method,
        path: &str,
        form: Option<Vec<(&str, &str)>>,
    ) -> Page {
        let mut request = self
            .server
            .client
            .request(method, self.server.url(path))
            .header(
                "cookie",
                self.cookies
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        if let Some(form) = form {
            request = request.form(&form);
        }
        let response = request.send().await.expect("request");
        for cookie in response.headers().get_all("set-cookie") {
            let cookie = cookie.to_str().unwrap();
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                assert!(attributes.contains("HttpOnly"), "{cookie}");
                assert!(attributes.contains("SameSite"), "{cookie}");
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        let location = header("location");
        let denied = header("x-opencx-denied");
        // An event stream never ends: its headers are the answer.
        let body = if path.ends_with("/events") {
            String::new()
        } else {
            response.text().await.unwrap_or_default()
        };
        if let Some(token) = body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .filter(|t| !t.is_empty())
        {
            self.csrf = token.to_owned();
        }
        Page {
            status,
            location,
            denied,
            body,
        }
    }

    pub(crate) async fn get(&mut self, path: &str) -> Page {
        self.request(Method::GET, path, None).await
    }

    /// Posts a form with the page's CSRF token added.
    pub(crate) async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.clone();
        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.request(Method::POST, path, Some(form)).await
    }
}

pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// Invites `email` with `role` as `owner`, and accepts as a new account in a fresh browser.
pub(crate) async fn invite_and_join<'a>(
    server: &'a TestServer,
    owner: &mut Browser<'_>,
    email: &str,
    role: &str,
) -> Browser<'a> {
    owner.get("/w/default/members").await;
    let page = owner
        .post(
            "/w/default/members/invite",
            &[("email", email), ("role", role)],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let path = invitation_path(&page.body, server);
    let mut newcomer = Browser::new(server);
    let page = newcomer.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(email), "the invitation names the email");
    let page = newcomer
        .post(
            &path,
            &[("name", role), ("password", PASSWORD), ("language", "en")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    // The link works once.
    let mut late = Browser::new(server);
    assert_eq!(late.get(&path).await.status, 404);
    newcomer
}

async fn first_run_and_roles(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let code = server
        .setup_code
        .clone()
        .expect("a setup code is printed on first start");

    // Before any account: everything leads to the first-run page.
    let mut owner = Browser::new(&server);
    let page = owner.get("/").await;
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/setup"))
    );
    let page = owner.get("/setup").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"code\""));

    // A wrong code, a weak password, a form without its token: refused, nothing created.
    let fields = |code: &'static str, password: &'static str| {
        vec![
            ("code", code),
            ("name", "Ada"),
            ("email", "Ada@Example.com"),
            ("password", password),
            ("language", "en"),
        ]
    };
    let page = owner
        .post("/setup", &fields("AAAA-BBBB-CCCC", PASSWORD))
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("setup code is wrong"));
    let code: &'static str = Box::leak(code.into_boxed_str());
    let page = owner.post("/setup", &fields(code, "short")).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("at least 10 characters"));
    let mut forger = Browser::new(&server);
    let page = forger
        .request(Method::POST, "/setup", Some(fields(code, PASSWORD)))
        .await;
    assert_eq!(
        page.status, 403,
        "a form without the pre-session token is refused"
    );

    // The right code creates the owner (lower case and dashes do not matter) and signs in.
    let lower: &'static str = Box::leak(code.to_lowercase().into_boxed_str());
    let page = owner.post("/setup", &fields(lower, PASSWORD)).await;
    assert_eq!(
        (page.status, page.location.as_deref()),
        (303, Some("/")),
        "{}",
        page.body
    );
    let page = owner.get("/").await;
    assert_eq!(page.location.as_deref(), Some("/w/default/surveys"));
    let page = owner.get("/w/default/surveys").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ada"));
    // The code is spent, and the first-run page is gone.
    assert_eq!(
        owner.get("/setup").await.location.as_deref(),
        Some("/login")
    );

    // Sign out, wrong password, sign in again.
    owner.get("/account").await;
    let page = owner.post("/logout", &[]).await;
    assert_eq!(page.location.as_deref(), Some("/login"));
    let page = owner.get("/w/default/surveys").await;
    assert_eq!(page.status, 303);
    assert!(page.location.unwrap().starts_with("/login?next="));
    owner.get("/login").await;
    let page = owner
        .post(
            "/login",
            &[("email", "ada@example.com"), ("password", "not it at all")],
        )
        .await;
    assert_eq!(page.status, 401);
    let page = owner
        .post(
            "/login",
            &[
                ("email", "ADA@example.com"),
                ("password", PASSWORD),
                ("next", "/w/default/members"),
            ],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/w/default/members"));
    // Redirects after sign-in stay on this site.
    owner.get("/account").await;
    owner.post("/logout", &[]).await;
    owner.get("/login").await;
    let page = owner
        .post(
            "/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/"));

    // One colleague per role, through invitations.
    let mut browsers: Vec<(Role, Browser)> = Vec::new();
    for role in [Role::Admin, Role::Editor, Role::Analyst, Role::Viewer] {
        let email = format!("{role}@example.com");
        let browser = invite_and_join(&server, &mut owner, &email, role.as_str()).await;
        browsers.push((role, browser));
    }
    // An invitation is for its address: another signed-in person cannot use the link.
    owner.get("/w/default/members").await;
    let page = owner
        .post(
            "/w/default/members/invite",
            &[("email", "someone@example.com"), ("role", "viewer")],
        )
        .await;
    let path = invitation_path(&page.body, &server);
    let (_, admin) = &mut browsers[0];
    admin.get(&path).await;
    let page = admin.post(&path, &[]).await;
    assert_eq!(page.status, 403, "{}", page.body);
    assert!(page.body.contains("someone@example.com"));
    // A stranger: invited, then removed, so signed in but a member of nothing.
    let mut stranger = invite_and_join(&server, &mut owner, "gone@example.com", "viewer").await;
    let members = owner.get("/w/default/members").await.body;
    let gone_id = user_id_in(&members, "gone@example.com");
    let page = owner
        .post(&format!("/w/default/members/{gone_id}/remove"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        stranger.get("/").await.location.as_deref(),
        Some("/account")
    );

    // Invitations sent by someone who loses the right to invite are withdrawn with it.
    let (_, admin) = &mut browsers[0];
    admin.get("/w/default/members").await;
    let page = admin
        .post(
            "/w/default/members/invite",
            &[("email", "late@example.com"), ("role", "admin")],
        )
        .await;
    assert_eq!(page.status, 200);
    let path = invitation_path(&page.body, &server);
    let members = owner.get("/w/default/members").await.body;
    let admin_id = user_id_in(&members, "admin@example.com");
    let page = owner
        .post(
            &format!("/w/default/members/{admin_id}/role"),
            &[("role", "editor")],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        Browser::new(&server).get(&path).await.status,
        404,
        "the invitation is gone"
    );
    owner.get("/w/default/members").await;
    owner
        .post(
            &format!("/w/default/members/{admin_id}/role"),
            &[("role", "admin")],
        )
        .await;
    // The last owner cannot be demoted; an admin cannot touch owners.
    let members = owner.get("/w/default/members").await.body;
    let owner_id = user_id_in(&members, "ada@example.com");
    let page = owner
        .post(
            &format!("/w/default/members/{owner_id}/role"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("at least one owner"));
    let admin = &mut browsers[0].1;
    admin.get("/w/default/members").await;
    let page = admin
        .post(&format!("/w/default/members/{owner_id}/remove"), &[])
        .await;
    assert_eq!(page.status, 403);
    browsers.insert(0, (Role::Owner, owner));

    // The walk: every workspace route, as every role, as a stranger and as nobody.
    let viewer_id = {
        let body = browsers[0].1.get("/w/default/members").await.body;
        user_id_in(&body, "viewer@example.com")
    };
    // What each role must get, written out here independently of the code's table: a change to
    // the table or to the role matrix has to be made here too, on purpose.
    let expected: HashMap<(&str, &str), Role> = [
        (("GET", "/w/{ws}"), Role::Viewer),
        (("GET", "/w/{ws}/surveys"), Role::Viewer),
        (("GET", "/w/{ws}/surveys/{survey}"), Role::Viewer),
        (("GET", "/w/{ws}/surveys/{survey}/events"), Role::Viewer),
        (("GET", "/w/{ws}/surveys/{survey}/responses"), Role::Analyst),
        (
            ("GET", "/w/{ws}/surveys/{survey}/responses/{response}"),
            Role::Analyst,
        ),
        (("GET", "/w/{ws}/surveys/new"), Role::Editor),
        (("POST", "/w/{ws}/surveys/new"), Role::Editor),
        (("GET", "/w/{ws}/surveys/{survey}/edit"), Role::Editor),
        (("POST", "/w/{ws}/surveys/{survey}/edit"), Role::Editor),
        (("POST", "/w/{ws}/surveys/{survey}/publish"), Role::Editor),
        (("POST", "/w/{ws}/surveys/{survey}/close"), Role::Editor),
        (("GET", "/w/{ws}/surveys/{survey}/preview"), Role::Viewer),
        (("POST", "/w/{ws}/surveys/{survey}/preview"), Role::Viewer),
        (("GET", "/w/{ws}/surveys/{survey}/qr.svg"), Role::Viewer),
        (("GET", "/w/{ws}/surveys/{survey}/qr.png"), Role::Viewer),
        (("GET", "/w/{ws}/surveys/{survey}/themes"), Role::Viewer),
        (
            (
                "POST",
                "/w/{ws}/surveys/{survey}/responses/{response}/correct",
            ),
            Role::Analyst,
        ),
        (("GET", "/w/{ws}/themes"), Role::Viewer),
        (("GET", "/w/{ws}/themes/{theme}/answers"), Role::Analyst),
        (("GET", "/w/{ws}/text"), Role::Analyst),
        (("POST", "/w/{ws}/text/themes"), Role::Editor),
        (("POST", "/w/{ws}/text/accept"), Role::Editor),
        (("POST", "/w/{ws}/text/dismiss"), Role::Editor),
        (("POST", "/w/{ws}/text/restore"), Role::Editor),
        (("POST", "/w/{ws}/text/train"), Role::Editor),
        (("POST", "/w/{ws}/text/reanalyse"), Role::Editor),
        (("GET", "/w/{ws}/text/progress"), Role::Viewer),
        (("GET", "/w/{ws}/members"), Role::Viewer),
        (("POST", "/w/{ws}/members/invite"), Role::Admin),
        (("POST", "/w/{ws}/members/{user}/role"), Role::Admin),
        (("POST", "/w/{ws}/members/{user}/remove"), Role::Admin),
        (("POST", "/w/{ws}/invitations/{id}/withdraw"), Role::Admin),
        (("GET", "/w/{ws}/settings"), Role::Viewer),
        (("POST", "/w/{ws}/settings/time-zone"), Role::Owner),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        expected.len(),
        WORKSPACE_ROUTES.len(),
        "every workspace route needs its expectation in this test"
    );
    let survey = server
        .live_survey("walk", crate::harness::nps_definition())
        .await;
    for rule in WORKSPACE_ROUTES {
        let least = *expected
            .get(&(rule.method, rule.path))
            .unwrap_or_else(|| panic!("no expectation for {} {}", rule.method, rule.path));
        let path = rule
            .path
            .replace("{ws}", "default")
            .replace("{survey}", &survey)
            .replace("{response}", "1")
            // Targets that exist but make the allowed requests harmless: the viewer keeps the
            // viewer role, and invitation 1 does not exist.
            .replace("{user}", &viewer_id)
            .replace("{id}", "1")
            .replace("{theme}", "price");
        let method = Method::from_bytes(rule.method.as_bytes()).unwrap();
        let fields: Vec<(&str, &str)> = if path.ends_with("/role") {
            vec![("role", "viewer")]
        } else if path.ends_with("/remove") {
            // Removing is tested above; here the viewer must stay. A role form is not a remove
            // form, so the allowed call answers 404 from the handler, not the middleware.
            vec![]
        } else {
            vec![("email", "walk@example.com"), ("role", "viewer")]
        };
        for (role, browser) in &mut browsers {
            // Roles are ordered from most to least powerful.
            let allowed = *role <= least;
            assert_eq!(
                allowed,
                role.can(rule.permission),
                "{role} {} {path}",
                rule.method
            );
            if path.ends_with("/remove") && allowed {
                continue; // would remove the viewer; the refusals below are what matter
            }
            browser.get("/account").await; // a fresh CSRF token
            let page = if method == Method::GET {
                browser.get(&path).await
            } else {
                browser.post(&path, &fields).await
            };
            if allowed {
                assert!(
                    page.denied.is_none() && page.status != 403,
                    "{role} must be allowed {} {path}: {} {:?}",
                    rule.method,
                    page.status,
                    page.denied
                );
            } else {
                assert_eq!(
                    (page.status, page.denied.as_deref()),
                    (403, Some("forbidden")),
                    "{role} must be refused {} {path}",
                    rule.method
                );
            }
        }
        stranger.get("/account").await;
        let page = if method == Method::GET {
            stranger.get(&path).await
        } else {
            stranger.post(&path, &fields).await
        };
        assert_eq!(
            (page.status, page.denied.as_deref()),
            (404, Some("not-a-member")),
            "a stranger gets nothing from {} {path}",
            rule.method
        );
        let mut nobody = Browser::new(&server);
        let page = nobody
            .request(
                method.clone(),
                &path,
                (method != Method::GET).then(|| fields.clone()),
            )
            .await;
        if method == Method::GET {
            assert_eq!(page.status, 303, "{path}");
            assert!(page.location.unwrap().starts_with("/login?next="));
        } else {
            assert_eq!(
                (page.status, page.denied.as_deref()),
                (403, Some("sign-in")),
                "{path}"
            );
        }
    }

    // CSRF: a signed-in post without the token, or from another site, is refused.
    let (_, admin) = &mut browsers[1];
    admin.get("/w/default/members").await;
    let page = admin
        .request(
            Method::POST,
            "/w/default/members/invite",
            Some(vec![("email", "x@example.com"), ("role", "viewer")]),
        )
        .await;
    assert_eq!((page.status, page.denied.as_deref()), (403, Some("csrf")));
    let csrf = admin.csrf.clone();
    let response = server
        .client
        .post(server.url("/w/default/members/invite"))
        .header(
            "cookie",
            admin
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; "),
        )
        .header("origin", "https://evil.example")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "x@example.com"),
            ("role", "viewer"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);

    // The language is per user: the viewer switches to Hebrew and gets a right-to-left app.
    let (_, viewer) = browsers.last_mut().unwrap();
    viewer.get("/account").await;
    let page = viewer
        .post("/account/language", &[("language", "he")])
        .await;
    assert_eq!(page.status, 303);
    let page = viewer.get("/w/default/surveys").await;
    assert!(
        page.body.contains("<html lang=\"he\" dir=\"rtl\">"),
        "{}",
        page.body
    );
    assert!(page.body.contains("סקרים"));
    // Each survey's title in the manager's language, when the survey has it.
    assert!(page.body.contains("<bdi>איך אנחנו?</bdi>"), "{}", page.body);
    assert!(!page.body.contains("How are we doing?"), "{}", page.body);
}

/// The path of the invitation link a members page shows after an invitation.
fn invitation_path(body: &str, server: &TestServer) -> String {
    let link = body
        .split("value=\"http")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|rest| format!("http{rest}"))
        .expect("the invitation link is shown");
    link.trim_start_matches(&server.base).to_owned()
}

/// Creates the first owner on a fresh server and returns their signed-in browser.
pub(crate) async fn sign_up_owner(server: &TestServer) -> Browser<'_> {
    let code = server.setup_code.clone().expect("a setup code");
    let mut owner = Browser::new(server);
    owner.get("/setup").await;
    let page = owner
        .post(
            "/setup",
            &[
                ("code", code.as_str()),
                ("name", "Ada"),
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    owner
}

/// The dashboard shows hostile open answers as text, hides them from viewers, and announces
/// new responses over Server-Sent Events.
async fn dashboard_live_and_escaped(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let id = server
        .live_survey("dash", crate::harness::nps_definition())
        .await;
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
    for (i, (nps, improve)) in [
        (3, payload),
        (4, "slow"),
        (2, "late"),
        (5, "\u{202E}edur"),
        (6, "meh"),
    ]
    .into_iter()
    .enumerate()
    {
        let (status, body) = server
            .post(
                &format!("/api/v1/surveys/{id}/responses"),
                serde_json::json!({"answers": {"nps": nps, "improve": improve},
                    "idempotency_key": format!("k{i}"), "channel": "email"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let dashboard = format!("/w/default/surveys/{id}");
    let page = owner.get(&dashboard).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(
            "&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;&#34;&#39;&#38;"
        ),
        "the open answer is shown as text: {}",
        page.body.split("<blockquote").filter(|b| b.contains("alert")).collect::<Vec<_>>().join("|")
    );
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(!page.body.contains("<img src=x"));
    // A right-to-left override would show "rude" typed backwards as "rude": the page shows
    // the letters in the order they are stored and analysed; the API gives them as received.
    for page in [
        &page,
        &owner
            .get(&format!("/w/default/surveys/{id}/responses"))
            .await,
    ] {
        assert!(page.body.contains(">edur<"), "{}", page.body);
        assert!(!page.body.contains('\u{202E}'));
    }
    let (status, listed) = server.get(&format!("/api/v1/surveys/{id}/responses")).await;
    assert_eq!(status, 200, "{listed}");
    assert!(listed.to_string().contains("\u{202E}edur"), "{listed}");
    assert!(page.body.contains(">NPS<"), "an NPS tile");
    assert!(page.body.contains("n = 5"));
    assert!(
        page.body.contains("-100"),
        "all five are detractors: NPS −100"
    );

    // A viewer sees the figures but not individual answers.
    let mut viewer = invite_and_join(&server, &mut owner, "viewer@example.com", "viewer").await;
    let page = viewer.get(&dashboard).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("n = 5"));
    assert!(!page.body.contains("alert(1)") && !page.body.contains("slow"));

    // Live: the event stream announces a new response, and the live part counts it.
    let cookies = owner
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut stream = server
        .client
        .get(server.url(&format!("{dashboard}/events")))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status().as_u16(), 200);
    assert_eq!(
        stream.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    let (status, body) = server
        .post(
            &format!("/api/v1/surveys/{id}/responses"),
            serde_json::json!({"answers": {"nps": 10}, "idempotency_key": "live"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while !seen.contains("event: response") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("an event arrives")
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(
        seen.contains(&format!("data: {}", body["id"].as_str().unwrap())),
        "{seen}"
    );
    let page = owner.get(&format!("{dashboard}?partial=1")).await;
    assert!(!page.body.contains("<html"), "the live part alone");
    assert!(page.body.contains("n = 6"), "{}", page.body);

    // An open event stream does not keep the server from stopping (SIGTERM).
    drop(owner);
    drop(viewer);
    let mut server = server;
    let stopped = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        tokio::task::spawn_blocking(move || server.stop()),
    )
    .await
    .expect("the server stops while a dashboard stream is open")
    .unwrap();
    assert!(stopped, "a clean exit");
    drop(stream);
}

/// The responses table: filters by band, text, language, link parameter and dates, hostile text
/// shown as text, paging, one response with all its answers; strangers' ids lead nowhere.
async fn responses_table_filters(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let id = server
        .live_survey("table", crate::harness::nps_definition())
        .await;
    let hostile = "<script>alert('x')</script> Łódź was slow, پیک می\u{200c}کنم";
    let answers = [
        (2, Some(hostile), "he", "warsaw-3"),
        (5, Some("delivery 100% late_ok, قيمت"), "en", "krakow-1"),
        (8, None, "en", "warsaw-3"),
        (10, None, "en", "krakow-1"),
        (9, None, "he", "warsaw-3"),
    ];
    let mut ids = Vec::new();
    for (i, (nps, improve, language, store)) in answers.iter().enumerate() {
        let mut a = serde_json::json!({"nps": nps});
        if let Some(text) = improve {
            a["improve"] = serde_json::json!(text);
        }
        let (status, body) = server
            .post(
                &format!("/api/v1/surveys/{id}/responses"),
                serde_json::json!({"answers": a, "idempotency_key": format!("t{i}"),
                    "language": language,
                    "dimensions": {"store": store, "aisle": "a", "brand": "b", "zone": "north"}}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    let table = format!("/w/default/surveys/{id}/responses");
    let rows = |body: &str| body.matches("/responses/").count();
    let page = owner.get(&table).await;
    assert_eq!(page.status, 200);
    assert_eq!(rows(&page.body), 5);
    // Channels are chosen from those the responses came by, named in the manager's language;
    // one typed into the address is offered too, chosen.
    assert!(
        page.body.contains("<option value=\"api\">API</option>"),
        "{}",
        page.body
    );
    let typed = owner.get(&format!("{table}?channel=email")).await;
    assert!(
        typed.body.contains("<option value=\"email\" selected>"),
        "{}",
        typed.body
    );
    // Escaped, whether or not the answer is analysed yet (then its words may be marked).
    assert!(
        page.body.contains("&#60;script&#62;") && page.body.contains("&#60;/script&#62;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert"));
    for (query, expected) in [
        ("band=low", 2),
        ("band=middle", 1),
        ("band=high", 2),
        ("q=%C5%82%C3%B3d%C5%BA", 1), // "łódź": found through the lower-cased search
        ("q=100%25", 1),              // % is matched literally
        ("q=late_ok", 1),
        // Persian words found whichever yeh and kaf were typed: "قيمت" stored with an Arabic
        // yeh, asked for with a Persian one; "پیک" stored with Persian letters, asked for as
        // "پيك" with Arabic ones.
        ("q=%D9%82%DB%8C%D9%85%D8%AA", 1),
        ("q=%D9%BE%D9%8A%D9%83", 1),
        ("q=%D9%BE%D9%8A%DA%A9", 1), // "پيک": an Arabic yeh beside a Persian kaf
        // "میکنم" finds "می‌کنم" (written with a joiner).
        ("q=%D9%85%DB%8C%DA%A9%D9%86%D9%85", 1),
        ("q=nothing+like+it", 0),
        ("language=he", 2),
        ("param=store%3Dwarsaw-3", 3),
        ("param=store%3Dwarsaw-3&band=high", 1),
        ("from=2000-01-01&to=2000-01-02", 0),
        ("channel=api", 5),
        ("channel=email", 0),
    ] {
        let page = owner.get(&format!("{table}?{query}")).await;
        assert_eq!(page.status, 200, "{query}");
        assert_eq!(rows(&page.body), expected, "{query}");
        // The table says how many match.
        let said = match expected {
            1 => "1 response matches".to_owned(),
            n => format!("{n} responses match"),
        };
        assert!(
            expected == 0 || page.body.contains(&said),
            "{query}: {}",
            page.body
        );
    }
    // The dashboard breaks the NPS down by the link parameter, from its rollups.
    let page = owner.get(&format!("/w/default/surveys/{id}")).await;
    assert!(
        page.body.contains("By store"),
        "a breakdown by the store parameter"
    );
    let row = |value: &str| {
        page.body
            .split("<tr>")
            .find(|r| r.contains(&format!("<td>{value}</td>")))
            .map(|r| {
                r.split("class=\"num\">")
                    .nth(1)
                    .unwrap_or("")
                    .split('<')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
    };
    assert_eq!(row("warsaw-3").as_deref(), Some("3"));
    assert_eq!(row("krakow-1").as_deref(), Some("2"));
    // The first three parameters are shown; any other can be chosen.
    assert!(page.body.contains("By aisle") && page.body.contains("By brand"));
    assert!(!page.body.contains("By zone"));
    assert!(page.body.contains("<option value=\"zone\">zone</option>"));
    let page = owner
        .get(&format!("/w/default/surveys/{id}?param=zone"))
        .await;
    assert!(page.body.contains("By zone") && !page.body.contains("By store"));
    assert!(
        page.body
            .contains("<option value=\"zone\" selected>zone</option>")
    );
    let page = owner
        .get(&format!("/w/default/surveys/{id}?param=nope"))
        .await;
    assert_eq!(page.status, 200, "an unknown parameter is ignored");
    assert!(page.body.contains("By store"));
    let page = owner.get(&format!("{table}?from=yesterday&band=low")).await;
    assert_eq!(page.status, 422, "an unreadable date is reported");
    assert_eq!(rows(&page.body), 2, "the other filters still apply");
    // One response with every answer.
    let page = owner.get(&format!("{table}/{}", ids[0])).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("&#60;script&#62;"));
    assert!(page.body.contains("warsaw-3"));
    // An id of this workspace under another survey, or nonsense, is not found.
    let other = server
        .live_survey("other", crate::harness::nps_definition())
        .await;
    let page = owner
        .get(&format!("/w/default/surveys/{other}/responses/{}", ids[0]))
        .await;
    assert_eq!(page.status, 404);
    assert_eq!(owner.get(&format!("{table}/nonsense")).await.status, 404);
}

/// The user id in a members page row that shows `email`.
pub(crate) fn user_id_in(body: &str, email: &str) -> String {
    let row = body
        .split("<tr>")
        .find(|row| row.contains(email))
        .unwrap_or_else(|| panic!("{email} is listed"));
    row.split("/members/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{email} has actions"))
        .to_owned()
}

on_both_backends!(
    first_run_and_roles,
    dashboard_live_and_escaped,
    responses_table_filters,
    open_answers_analysed
);

/// Open answers are analysed in the background within seconds of arriving: the response shows
/// the text's language, sentiment and themes with the words behind them marked (hostile text
/// still shown as text), and the table filters by sentiment and theme.
async fn open_answers_analysed(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let mut definition = crate::harness::nps_definition();
    definition["languages"] = serde_json::json!(["en", "he", "pl"]);
    let id = server.live_survey("texts", definition).await;
    let answers = [
        (
            2,
            "Nie polecam. Dostawa trwała dwa tygodnie, a obsługa była niemiła.",
            "pl",
        ),
        (
            3,
            "<script>alert(1)</script> The delivery was terribly slow and the staff rude.",
            "en",
        ),
        (10, "Wonderful staff, very friendly and helpful!", "en"),
    ];
    let mut ids = Vec::new();
    for (i, (nps, text, language)) in answers.iter().enumerate() {
        let key = if *nps <= 6 { "improve" } else { "love" };
        let (status, body) = server
            .post(
                &format!("/api/v1/surveys/{id}/responses"),
                serde_json::json!({"answers": {"nps": nps, key: text},
                    "idempotency_key": format!("x{i}"), "language": language}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    let table = format!("/w/default/surveys/{id}/responses");
    // Analysed in the background: wait (bounded) for the last one.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let page = owner.get(&format!("{table}/{}", ids[2])).await;
        if page.body.contains("class=\"badge sentiment-") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "analysed within 30 s: {}",
            page.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let page = owner.get(&format!("{table}/{}", ids[0])).await;
    assert!(
        page.body.contains("badge sentiment-negative"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<dd>Polski"),
        "the text's language: {}",
        page.body
    );
    assert!(
        page.body
            .contains("<mark class=\"theme\" title=\"Delivery\">Dostawa</mark>"),
        "the theme's word is marked, with the theme's name: {}",
        page.body
    );
    assert!(page.body.contains("Delivery (Negative)"), "{}", page.body);
    let page = owner.get(&format!("{table}/{}", ids[1])).await;
    assert!(
        page.body
            .contains("<p class=\"open-text\" lang=\"en\" dir=\"auto\">&#60;script&#62;"),
        "{}",
        page.body
    );
    assert!(page.body.contains(
        "(1)&#60;/script&#62; The <mark class=\"theme\" title=\"Delivery\">delivery</mark>"
    ));
    assert!(!page.body.contains("<script>alert"));
    assert!(page.body.contains("badge sentiment-negative"));
    let page = owner.get(&format!("{table}/{}", ids[2])).await;
    assert!(
        page.body.contains("badge sentiment-positive"),
        "{}",
        page.body
    );
    let rows = |body: &str| body.matches("/responses/").count();
    for (query, expected) in [
        ("sentiment=negative", 2),
        ("sentiment=positive", 1),
        ("sentiment=neutral", 0),
        ("theme=delivery", 2),
        ("theme=staff", 3),
        ("theme=delivery&sentiment=positive", 0),
    ] {
        let page = owner.get(&format!("{table}?{query}")).await;
        assert_eq!(page.status, 200, "{query}");
        assert_eq!(rows(&page.body), expected, "{query}");
    }
    let page = owner.get(&format!("{table}?sentiment=furious")).await;
    assert_eq!(page.status, 422, "an unknown sentiment is reported");
    let page = owner.get(&format!("{table}?theme=nope")).await;
    assert_eq!(page.status, 422, "an unknown theme is reported");
}

/// Every kind of answer — an app page, a respondent page, an asset, the API, a 404 — carries the
/// security headers: a CSP without inline scripts that forbids framing, no MIME sniffing, no
/// framing, and (over plain HTTP) no HSTS, which would be ignored there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_everywhere() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let server = TestServer::start(&db).await;
    server
        .live_survey("headers", crate::harness::nps_definition())
        .await;
    for path in [
        "/signin",
        "/setup",
        "/s/headers",
        "/api/v1/surveys",
        "/no/such/page",
        "/w/default/surveys",
    ] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has a CSP"))
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "{path}: no HSTS over plain HTTP"
        );
        for cookie in headers.get_all("set-cookie") {
            let cookie = cookie.to_str().unwrap();
            assert!(!cookie.starts_with("__Host-"), "{path}: {cookie}");
            assert!(!cookie.contains("Secure"), "{path}: {cookie}");
        }
    }
}

/// With `--public-url`, links shown to copy use it, forms from it are this site's even when the
/// proxy's `Host` differs, and cookies are `Secure` for an https address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_url_for_links_origin_and_cookies() {
    let db = TestDatabase::new(Backend::Sqlite).await;
    let server = TestServer::start_plus(&db, &["--public-url", "https://cx.example.com/"]).await;
    let code = server.setup_code.clone().unwrap();
    let mut owner = Browser::new(&server);
    owner.get("/setup").await;
    let csrf = owner.csrf.clone();
    let cookies = owner
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let response = server
        .client
        .post(server.url("/setup"))
        .header("cookie", cookies)
        .header("origin", "https://cx.example.com")
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", code.as_str()),
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("language", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status().as_u16(),
        303,
        "a form from the public address is accepted"
    );
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(
        cookie.starts_with("__Host-ocx_session="),
        "a cookie no subdomain can overwrite: {cookie}"
    );
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000",
        "an https public address makes the site HTTPS-only"
    );
    let (name, rest) = cookie.split_once('=').unwrap();
    owner
        .cookies
        .insert(name.to_owned(), rest.split(';').next().unwrap().to_owned());
    owner.get("/w/default/members").await;
    let page = owner
        .post(
            "/w/default/members/invite",
            &[("email", "bob@example.com"), ("role", "viewer")],
        )
        .await;
    assert!(
        page.body
            .contains("value=\"https://cx.example.com/invitations/"),
        "the invitation link uses the public address"
    );
}
