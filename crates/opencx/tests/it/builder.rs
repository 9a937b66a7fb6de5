//! The survey builder over plain HTTP: a refused save shows the form as it was sent with each
//! problem beside its field in the manager's language, and the preview walks the survey's
//! logic without storing anything.

use serde_json::json;

use crate::forms::{fields_of, save_form};
use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::web::{Browser, sign_up_owner};

on_both_backends!(
    builder_keeps_what_was_typed,
    a_save_from_an_older_page_is_refused,
    preview_walks_the_logic_and_stores_nothing,
    the_close_time_is_in_the_workspaces_time_zone,
    a_live_survey_is_not_given_a_close_time_past
);

/// A new survey from the post-purchase template (Polish by default, English too); returns the
/// builder's address.
async fn survey_from_template(owner: &mut Browser<'_>) -> String {
    owner.get("/w/default/surveys/new").await;
    let page = owner
        .post(
            "/w/default/surveys/new",
            &[("template", "post-purchase-csat"), ("title", "")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    page.location.expect("the builder's address")
}

/// The part of a page from `start` to the end of the enclosing `</section>` (one question).
fn section<'a>(body: &'a str, start: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {body}"));
    let rest = &body[from..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// `fields` as a browser posts them, with `name` set to `value`.
fn with_field<'a>(
    fields: &'a [(String, String)],
    name: &str,
    value: &'a str,
) -> Vec<(&'a str, &'a str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), if k == name { value } else { v.as_str() }))
        .collect()
}

/// Two tabs on one draft: the first saves; the second, made from the page before that save,
/// is refused with 409 and shows the version saved meanwhile, not its own text over it.
async fn a_save_from_an_older_page_is_refused(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let edit = survey_from_template(&mut owner).await;
    let id = edit
        .trim_end_matches("/edit")
        .rsplit('/')
        .next()
        .expect("the survey id")
        .to_owned();
    let older = fields_of(save_form(&owner.get(&edit).await.body, "improve"));
    assert!(older.iter().any(|(k, _)| k == "revision"), "{older:?}");

    let page = owner
        .post(&edit, &with_field(&older, "text.en", "Saved first"))
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = owner
        .post(
            &edit,
            &with_field(&older, "text.en", "Typed on the older page"),
        )
        .await;
    assert_eq!(page.status, 409, "{}", page.body);
    assert!(
        page.body.contains("Someone changed this survey meanwhile"),
        "{}",
        page.body
    );
    let improve = section(&page.body, "id=\"q-improve\"");
    assert!(improve.contains(">Saved first</textarea>"), "{improve}");
    assert!(
        !page.body.contains("Typed on the older page"),
        "{}",
        page.body
    );
    let (status, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(status, 200, "{survey}");
    let questions = survey["definition"]["questions"]
        .as_array()
        .expect("questions");
    let improve = questions
        .iter()
        .find(|q| q["id"] == "improve")
        .expect("the question");
    assert_eq!(improve["text"]["en"], "Saved first", "{improve}");

    // A revision that is not a number is refused, and nothing changes.
    let page = owner
        .post(&edit, &with_field(&older, "revision", "yesterday"))
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
}

async fn builder_keeps_what_was_typed(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    // A blank survey whose title validation refuses: said in words, not as a JSON path.
    owner.get("/w/default/surveys/new").await;
    let long_title = "x".repeat(2_001);
    let page = owner
        .post(
            "/w/default/surveys/new",
            &[("template", "blank"), ("title", long_title.as_str())],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body
            .contains("Title: the text is longer than 2000 characters"),
        "{}",
        page.body
    );
    let edit = survey_from_template(&mut owner).await;
    let stored = owner.get(&edit).await.body;

    // A follow-up rule that reads a question that is gone (as after a colleague deleted it),
    // with everything else of the form changed: refused, and all of it shown again.
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "improve"),
                ("text.pl", "Co poprawić? <wpisane>"),
                ("text.en", "What to improve, as typed"),
                ("help.en", "Typed help"),
                ("required", "on"),
                ("rule", "between"),
                ("rule_question", "gone"),
                ("rule_min", "0"),
                ("rule_max", "4"),
                ("end", "always"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let improve = section(&page.body, "id=\"q-improve\"");
    assert!(
        improve.contains(">What to improve, as typed</textarea>"),
        "{improve}"
    );
    assert!(
        improve.contains("Co poprawić? &#60;wpisane&#62;")
            || improve.contains("Co poprawić? &lt;wpisane&gt;"),
        "escaped: {improve}"
    );
    assert!(improve.contains("value=\"Typed help\""));
    assert!(improve.contains("name=\"required\" checked"));
    assert!(improve.contains("name=\"rule_min\" value=\"0\""));
    assert!(improve.contains("name=\"rule_max\" value=\"4\""));
    assert!(improve.contains("value=\"between\" checked"));
    // The problem in words, beside the rule and in the summary, named by number and title.
    let sentence = "refers to a question that no longer exists";
    assert!(
        page.body.contains(
            "Question 2 “What can we improve next time?”: the rule “show this question” refers to a question that no longer exists"
        ),
        "{}",
        page.body
    );
    assert!(
        improve.contains("class=\"field-error\" id=\"problem-2\""),
        "{improve}"
    );
    assert!(improve.contains("<fieldset class=\"logic\" aria-describedby=\"problem-2\">"));
    assert!(page.body.contains("href=\"#problem-2\""));
    // Help in English only: a hint to write the default language (Polish) too, beside the row,
    // with the empty Polish cell marked.
    assert!(
        improve.contains("class=\"field-hint\" id=\"problem-1\""),
        "{improve}"
    );
    assert!(improve.contains(
        "name=\"help.pl\" lang=\"pl\" dir=\"ltr\" value=\"\" placeholder=\"\" aria-label=\"Help under the question (pl)\" aria-invalid=\"true\" aria-describedby=\"problem-1\""
    ));
    assert!(!page.body.contains("show_if"), "no technical path");
    // The other question's form is the stored one.
    assert_eq!(
        section(&page.body, "id=\"q-csat\""),
        section(&stored, "id=\"q-csat\"")
    );
    // Nothing was stored.
    let again = owner.get(&edit).await.body;
    assert!(!again.contains("What to improve, as typed"));
    assert!(!again.contains(sentence));

    // A number that is not one, in the manager's language (Polish), beside its rule.
    owner.get("/account").await;
    owner.post("/account/language", &[("language", "pl")]).await;
    owner.get(&edit).await;
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "improve"),
                ("text.pl", "Co możemy poprawić?"),
                ("rule", "between"),
                ("rule_question", "csat"),
                ("rule_max", "trzy"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    let improve = section(&page.body, "id=\"q-improve\"");
    assert!(improve.contains("Wpisz liczbę całkowitą"), "{improve}");
    assert!(improve.contains("name=\"rule_max\" value=\"trzy\""));
    assert!(
        !improve.contains("name=\"required\" checked"),
        "unchecked as sent"
    );

    // Settings: a title in English only is a hint to fill the default language (Polish) first;
    // the introduction typed meanwhile stays.
    let page = owner
        .post(
            &edit,
            &[
                ("action", "settings"),
                ("languages", "pl"),
                ("languages", "en"),
                ("default_language", "pl"),
                ("title.en", "Only English"),
                ("intro.en", "Two minutes"),
                ("intro.pl", "Dwie minuty"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("class=\"field-hint\""), "{}", page.body);
    assert!(page.body.contains(
        "Tytuł: uzupełnij też domyślny język ankiety (Polski): pozostałe języki z niego korzystają, gdy czegoś brakuje"
    ));
    assert!(
        page.body
            .contains("name=\"title.pl\" lang=\"pl\" dir=\"ltr\" value=\"\"")
    );
    assert!(page.body.contains(">Dwie minuty</textarea>"));
    assert!(page.body.contains("value=\"Only English\""));

    // A question that another one's logic reads cannot go; the page says which, in Hebrew.
    owner.get("/account").await;
    owner.post("/account/language", &[("language", "he")]).await;
    owner.get(&edit).await;
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "improve"),
                ("rule", "between"),
                ("rule_question", "csat"),
                ("rule_max", "3"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    owner.get(&edit).await;
    let page = owner
        .post(&edit, &[("action", "delete"), ("question", "csat")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body
            .contains("אי אפשר להסיר כל עוד הכללים של שאלה 2 ״"),
        "{}",
        page.body
    );
}

/// The value of a hidden input, unescaped.
fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let raw = body
        .split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no {name} in {body}"));
    raw.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn preview_walks_the_logic_and_stores_nothing(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    // A draft: a low score asks why, a high one ends the survey.
    let (status, body) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": "preview-me", "definition": {
                "title": {"en": "Preview me", "he": "תצוגה"},
                "default_language": "en",
                "languages": ["en", "he"],
                "thanks": {"en": "Thanks, {{first_name}}!", "he": "תודה, {{first_name}}!"},
                "questions": [
                    {"id": "nps", "kind": "nps", "required": true,
                     "text": {"en": "Hi {{first_name}}, would you recommend us?", "he": "היי {{first_name}}, תמליצו עלינו?"},
                     "end_if": {"question": "nps", "min": 9}},
                    {"id": "why", "kind": "long_text", "show_if": {"question": "nps", "max": 6},
                     "text": {"en": "What went wrong?", "he": "מה השתבש?"}},
                    {"id": "more", "kind": "yes_no", "text": {"en": "Anything else?", "he": "עוד משהו?"}}
                ]
            }}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let preview = format!("/w/default/surveys/{id}/preview");

    // Hebrew, right to left, with a sample name piped in and the banner in the manager's words.
    let page = owner.get(&format!("{preview}?lang=he")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<html lang=\"he\" dir=\"rtl\">"));
    assert!(page.body.contains("Preview — answers are not saved"));
    assert!(
        page.body
            .contains(&format!("href=\"/w/default/surveys/{id}/edit\""))
    );
    assert!(
        page.body.contains("היי נועה, תמליצו עלינו?"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("name=\"t\""), "no respondent token");

    // A required answer left out: the same screen says so.
    let page = owner
        .post(&preview, &[("q", "nps"), ("lang", "he"), ("answers", "{}")])
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("name=\"nps\""));

    // A low score leads to the follow-up, then the last question, then the thank-you page.
    let page = owner
        .post(
            &preview,
            &[
                ("q", "nps"),
                ("nps", "3"),
                ("lang", "he"),
                ("answers", "{}"),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("מה השתבש?"), "{}", page.body);
    let answers = hidden(&page.body, "answers");
    assert_eq!(answers, r#"{"nps":3}"#);
    // Back keeps the score.
    let back = owner
        .post(
            &preview,
            &[
                ("q", "why"),
                ("lang", "he"),
                ("answers", answers.as_str()),
                ("action", "back"),
            ],
        )
        .await;
    assert!(back.body.contains("value=\"3\" checked"), "{}", back.body);
    let page = owner
        .post(
            &preview,
            &[
                ("q", "why"),
                ("why", "המשלוח איחר"),
                ("lang", "he"),
                ("answers", answers.as_str()),
                ("action", "next"),
            ],
        )
        .await;
    assert!(page.body.contains("עוד משהו?"), "{}", page.body);
    let answers = hidden(&page.body, "answers");
    let page = owner
        .post(
            &preview,
            &[
                ("q", "more"),
                ("more", "no"),
                ("lang", "he"),
                ("answers", answers.as_str()),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("תודה, נועה!"), "{}", page.body);
    assert!(page.body.contains("Preview — answers are not saved"));
    assert!(page.body.contains(&format!("href=\"{preview}?lang=he\"")));

    // A high score ends the survey at once (English this time).
    let page = owner
        .post(
            &preview,
            &[
                ("q", "nps"),
                ("nps", "10"),
                ("lang", "en"),
                ("answers", "{}"),
                ("action", "next"),
            ],
        )
        .await;
    assert!(page.body.contains("Thanks, Alex!"), "{}", page.body);
    assert!(!page.body.contains("What went wrong?"));

    // Forged answers and screens are not errors: what does not fit is dropped.
    let page = owner
        .post(
            &preview,
            &[
                ("q", "why"),
                ("lang", "xx"),
                ("answers", "{\"nps\": 99, \"x\": ["),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("name=\"nps\""),
        "back to the first screen"
    );

    // Nothing of it was stored.
    let mut conn = {
        use sqlx::Connection;
        sqlx::AnyConnection::connect(&db.url).await.unwrap()
    };
    for table in [
        "responses",
        "answers",
        "partial_responses",
        "response_rollups",
        "answer_day_rollups",
        "answer_segment_rollups",
        "answer_dimension_rollups",
        "rollup_pending",
        "text_queue",
    ] {
        let count: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{table}: {e}"));
        assert_eq!(count, 0, "{table} is empty after the preview");
    }
    let (status, body) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "draft", "{body}");
}

/// The form of `page` whose `action` is `settings`.
fn settings_form(page: &str) -> &str {
    let at = page
        .find("name=\"action\" value=\"settings\"")
        .unwrap_or_else(|| panic!("the settings form on {page}"));
    let start = page[..at].rfind("<form").expect("the form's start");
    let end = page[at..].find("</form>").expect("the form's end") + at;
    &page[start..end]
}

/// In a Warsaw workspace the builder's close time is Warsaw's: typed as 10:00 on a winter day
/// it is stored as 09:00 UTC, and shown again as 10:00 with the zone named beside it.
async fn the_close_time_is_in_the_workspaces_time_zone(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let (status, body) = server
        .send(
            reqwest::Method::PATCH,
            "/api/v1/workspace",
            json!({ "time_zone": "Europe/Warsaw" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let edit = survey_from_template(&mut owner).await;
    let page = owner.get(&edit).await;
    let settings = settings_form(&page.body);
    assert!(
        settings.contains("(<span dir=\"ltr\">Europe/Warsaw</span>)"),
        "{settings}"
    );
    let stored = close(&mut owner, &server, &edit, settings, "2030-01-15T10:00").await;
    assert_eq!(stored, "2030-01-15T09:00:00Z");
    let page = owner.get(&edit).await;
    let settings = settings_form(&page.body);
    assert!(
        settings.contains("name=\"closes_at\" value=\"2030-01-15T10:00\""),
        "{settings}"
    );
    // In summer Warsaw is two hours ahead.
    let stored = close(&mut owner, &server, &edit, settings, "2030-07-15T10:00").await;
    assert_eq!(stored, "2030-07-15T08:00:00Z");
    // With seconds, as a browser sends a value that has them.
    let page = owner.get(&edit).await;
    let settings = settings_form(&page.body);
    let stored = close(&mut owner, &server, &edit, settings, "2030-07-15T10:00:30").await;
    assert_eq!(stored, "2030-07-15T08:00:30Z");
    let page = owner.get(&edit).await;
    assert!(
        settings_form(&page.body).contains("name=\"closes_at\" value=\"2030-07-15T10:00:30\""),
        "the seconds are shown, and kept by the next save"
    );
}

/// A live survey saved with a close time already past would close at once behind a "Saved":
/// the builder and the API refuse it, naming the field. A close time that passes closes the
/// survey on every page and in the API, not only when someone tries to answer.
async fn a_live_survey_is_not_given_a_close_time_past(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let id = server
        .live_survey("shop", crate::harness::nps_definition())
        .await;
    let edit = format!("/w/default/surveys/{id}/edit");
    let page = owner.get(&edit).await;
    let fields = fields_of(settings_form(&page.body));
    let page = owner
        .post(&edit, &with_field(&fields, "closes_at", "2025-11-25T09:00"))
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body
            .contains("this time has passed, so the survey would close at once"),
        "{}",
        page.body
    );
    let (status, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(status, 200, "{survey}");
    assert_eq!(survey["status"], "live", "{survey}");
    assert!(survey["definition"].get("closes_at").is_none(), "{survey}");
    let put = |definition: serde_json::Value| {
        let server = &server;
        let path = format!("/api/v1/surveys/{id}");
        async move {
            server
                .send(
                    reqwest::Method::PUT,
                    &path,
                    json!({ "definition": definition }),
                )
                .await
        }
    };
    let mut definition = survey["definition"].clone();
    definition["closes_at"] = json!("2025-11-25T08:00:00Z");
    let (status, body) = put(definition.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("definition.closes_at"), "{body}");
    // A close time a moment ahead is taken; once it has passed, the survey reads closed.
    let soon = chrono::Utc::now() + chrono::Duration::seconds(2);
    definition["closes_at"] = json!(soon.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    let (status, body) = put(definition).await;
    assert_eq!(status, 200, "{body}");
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let (_, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(survey["status"], "closed", "{survey}");
    let page = owner.get("/w/default/surveys").await;
    assert!(
        !page.body.contains("status-live") && page.body.contains("status-closed"),
        "{}",
        page.body
    );
}

/// Saves the settings `form` with the close time `local` and returns the close time stored.
async fn close(
    owner: &mut Browser<'_>,
    server: &TestServer,
    edit: &str,
    form: &str,
    local: &str,
) -> String {
    let fields = fields_of(form);
    let page = owner
        .post(edit, &with_field(&fields, "closes_at", local))
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let id = edit.trim_end_matches("/edit").rsplit('/').next().unwrap();
    let (status, survey) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(status, 200, "{survey}");
    survey["definition"]["closes_at"]
        .as_str()
        .unwrap_or_else(|| panic!("a close time in {survey}"))
        .to_owned()
}
