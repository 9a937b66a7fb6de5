//! Combined logic rules in the survey builder, over plain HTTP (no JavaScript): a group of
//! conditions with a negated language condition built through the forms, stored as a condition
//! the respondent's walk follows; rules written through the API (nested deeper than the menus
//! show) surviving an untouched save; mistakes said beside the condition, in the manager's
//! language, with what was typed kept.

use serde_json::{Value, json};

use crate::forms::{fields_of, save_form, unescape};
use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::web::{Browser, Page, sign_up_owner};

on_both_backends!(
    builder_rule_any_of_with_a_negated_language,
    builder_rule_round_trip_of_nested_rules,
    builder_rule_mistakes_are_said_beside_the_condition
);

/// A draft in English and Hebrew: a score, a choice, a follow-up and a last question.
fn definition() -> Value {
    json!({
        "title": {"en": "Rules", "he": "כללים"},
        "default_language": "en",
        "languages": ["en", "he"],
        "questions": [
            {"id": "nps", "kind": "nps", "required": true},
            {"id": "reason", "kind": "single_choice", "text": {"en": "Main reason?", "he": "הסיבה העיקרית?"},
             "options": [
                {"id": "price", "label": {"en": "Price", "he": "מחיר"}},
                {"id": "staff", "label": {"en": "Staff", "he": "צוות"}}]},
            {"id": "why", "kind": "long_text", "text": {"en": "Why?", "he": "למה?"}},
            {"id": "more", "kind": "yes_no", "text": {"en": "Anything else?", "he": "עוד משהו?"}}
        ]
    })
}

/// Creates a draft through the API; returns its id.
async fn draft(server: &TestServer, slug: &str, definition: Value) -> String {
    let (status, body) = server
        .post(
            "/api/v1/surveys",
            json!({"slug": slug, "definition": definition}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

async fn stored(server: &TestServer, id: &str) -> Value {
    let (status, body) = server.get(&format!("/api/v1/surveys/{id}")).await;
    assert_eq!(status, 200, "{body}");
    body["definition"].clone()
}

/// One screen of the preview: answers `q` with `value`, carrying the answers so far; returns
/// the next screen and the answers it carries.
async fn preview_step(
    owner: &mut Browser<'_>,
    preview: &str,
    lang: &str,
    answers: &str,
    (q, value): (&str, &str),
) -> (String, String) {
    let page = owner
        .post(
            preview,
            &[
                ("q", q),
                (q, value),
                ("lang", lang),
                ("answers", answers),
                ("action", "next"),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let marker = "name=\"answers\" value=\"";
    let carried = page
        .body
        .split(marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(unescape)
        .unwrap_or_default();
    (page.body, carried)
}

/// Saves `question`'s form in the builder at `edit` as a browser sends it, with one field
/// changed if `change` names it.
async fn resave(
    owner: &mut Browser<'_>,
    edit: &str,
    question: &str,
    change: Option<(&str, &str)>,
) -> Page {
    let page = owner.get(edit).await.body;
    let mut fields = fields_of(save_form(&page, question));
    if let Some((changed, to)) = change {
        for (name, value) in &mut fields {
            if name == changed {
                *value = to.to_owned();
            }
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    owner.post(edit, &pairs).await
}

/// Walks the preview in `lang` with a score and a reason; returns the screen after the reason.
async fn walk(
    owner: &mut Browser<'_>,
    preview: &str,
    lang: &str,
    score: &str,
    reason: &str,
) -> String {
    owner.get(&format!("{preview}?lang={lang}")).await;
    let (_, answers) = preview_step(owner, preview, lang, "{}", ("nps", score)).await;
    preview_step(owner, preview, lang, &answers, ("reason", reason))
        .await
        .0
}

/// The condition rows of a question form's show rule.
fn show_rows(form: &str) -> Vec<&str> {
    let show = &form[..form.find("name=\"end\"").expect("the end rule")];
    show.split("<li class=\"condition\"").skip(1).collect()
}

async fn builder_rule_any_of_with_a_negated_language(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let id = draft(&server, "any-of", definition()).await;
    let edit = format!("/w/default/surveys/{id}/edit");

    // "Show `why` when ANY of: the score of nps is at most 6, the language is NOT Hebrew",
    // from the menus; the third row is left empty.
    let page = owner.get(&edit).await;
    assert!(page.body.contains("name=\"rule_c0_test\""), "{}", page.body);
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "why"),
                ("text.en", "Why?"),
                ("text.he", "למה?"),
                ("rule", "group"),
                ("rule_join", "any"),
                ("rule_c0_test", "between"),
                ("rule_c0_question", "nps"),
                ("rule_c0_min", ""),
                ("rule_c0_max", "6"),
                ("rule_c1_not", "on"),
                ("rule_c1_test", "language"),
                ("rule_c1_question", "nps"),
                ("rule_c1_languages", "he"),
                ("rule_c2_test", ""),
                ("rule_c2_question", "nps"),
                ("end", "always"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let definition = stored(&server, &id).await;
    assert_eq!(
        definition["questions"][2]["show_if"],
        json!({"any": [{"question": "nps", "max": 6}, {"not": {"language": ["he"]}}]}),
        "{definition}"
    );

    // The builder shows it again in its menus.
    let page = owner.get(&edit).await.body;
    let form = save_form(&page, "why");
    assert!(form.contains("value=\"group\" checked"), "{form}");
    assert!(form.contains("<option value=\"any\" selected>"), "{form}");
    assert!(form.contains("name=\"rule_c1_not\" checked"), "{form}");
    assert!(form.contains("name=\"rule_c1_languages\" value=\"he\" checked"));
    assert!(form.contains("name=\"rule_c0_max\" value=\"6\""));

    // The respondent's walk (the preview, which stores nothing) follows it.
    let preview = format!("/w/default/surveys/{id}/preview");
    // Hebrew and a high score: neither condition holds, `why` is skipped.
    let next = walk(&mut owner, &preview, "he", "9", "price").await;
    assert!(
        next.contains("עוד משהו?") && !next.contains("למה?"),
        "{next}"
    );
    // Hebrew and a low score: the first condition holds.
    let next = walk(&mut owner, &preview, "he", "3", "price").await;
    assert!(next.contains("למה?"), "{next}");
    // English and a high score: the language is not Hebrew.
    let next = walk(&mut owner, &preview, "en", "10", "staff").await;
    assert!(next.contains("Why?"), "{next}");

    // The first question may depend on the language alone: its menus offer nothing else.
    let page = owner.get(&edit).await.body;
    let first = save_form(&page, "nps");
    let show = &first[..first.find("name=\"end\"").expect("the end rule")];
    assert!(show.contains("name=\"rule_c0_test\""), "{show}");
    assert!(
        !show.contains("value=\"between\""),
        "no earlier question: {show}"
    );
    assert!(show.contains("<option value=\"language\">"), "{show}");
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "nps"),
                ("required", "on"),
                ("rule", "group"),
                ("rule_join", "all"),
                ("rule_c0_test", "language"),
                ("rule_c0_languages", "en"),
                ("end", "always"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        stored(&server, &id).await["questions"][0]["show_if"],
        json!({"language": ["en"]})
    );
}

async fn builder_rule_round_trip_of_nested_rules(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let mut document = definition();
    // Deeper than the menus show: a group inside a group, and `not` around a group.
    let nested = json!({"all": [
        {"question": "nps", "max": 8},
        {"any": [{"question": "reason", "any_of": ["price"]}, {"language": ["he"]}]},
        {"not": {"any": [{"question": "reason", "any_of": ["staff"]}, {"language": ["en"]}]}}
    ]});
    document["questions"][2]["show_if"] = nested.clone();
    // One level, written otherwise than the builder writes it (a negated "answered", the
    // languages and keys in another order).
    let grouped = json!({"any": [
        {"not": {"question": "why", "answered": true}},
        {"language": ["he", "en"]},
        {"max": 6, "question": "nps"}
    ]});
    document["questions"][3]["show_if"] = grouped.clone();
    document["questions"][3]["end_if"] = json!({"not": {"question": "more", "any_of": ["yes"]}});
    let id = draft(&server, "round-trip", document).await;
    let before = stored(&server, &id).await;
    let edit = format!("/w/default/surveys/{id}/edit");

    // The nested rule is shown in words, read-only, with its place kept.
    let page = owner.get(&edit).await.body;
    let why = save_form(&page, "why");
    assert!(why.contains("value=\"kept\" checked"), "{why}");
    assert!(
        why.contains("more deeply than these menus can show"),
        "{why}"
    );
    assert!(why.contains("any of these hold:"), "{why}");
    assert!(why.contains("this does not hold:"), "{why}");
    assert!(
        why.contains("Question 1 “"),
        "questions named by number: {why}"
    );
    // The one-level group is in the menus.
    let more = save_form(&page, "more");
    assert!(more.contains("value=\"group\" checked"), "{more}");
    assert!(more.contains("name=\"rule_c0_not\" checked"), "{more}");
    assert!(more.contains("name=\"end_c0_not\" checked"), "{more}");

    // Every question's form saved as the browser sends it, untouched: nothing changes.
    for question in ["nps", "reason", "why", "more"] {
        let saved = resave(&mut owner, &edit, question, None).await;
        assert_eq!(saved.status, 303, "{question}: {}", saved.body);
    }
    let after = stored(&server, &id).await;
    assert_eq!(after, before);
    assert_eq!(
        after["questions"][3]["show_if"].to_string(),
        grouped.to_string(),
        "kept as written, key order included"
    );
    assert_eq!(after["questions"][2]["show_if"], nested);

    // A change to the group is written; the nested rule can be replaced from the menus.
    let saved = resave(&mut owner, &edit, "more", Some(("rule_join", "all"))).await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        stored(&server, &id).await["questions"][3]["show_if"],
        json!({"all": [
            {"question": "why", "answered": false},
            {"language": ["en", "he"]},
            {"question": "nps", "max": 6}
        ]})
    );
    let saved = resave(&mut owner, &edit, "why", Some(("rule", "always"))).await;
    assert_eq!(saved.status, 303);
    assert!(
        stored(&server, &id).await["questions"][2]
            .get("show_if")
            .is_none()
    );
}

async fn builder_rule_mistakes_are_said_beside_the_condition(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
    let id = draft(&server, "mistakes", definition()).await;
    let edit = format!("/w/default/surveys/{id}/edit");
    owner.get("/account").await;
    owner.post("/account/language", &[("language", "pl")]).await;
    owner.get(&edit).await;

    // A question that is gone (a stale page) and a score outside the scale, in Polish.
    let typed = "Dlaczego? <b>\"tak\"</b>";
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "why"),
                ("text.en", typed),
                ("rule", "group"),
                ("rule_join", "all"),
                ("rule_c0_not", "on"),
                ("rule_c0_test", "between"),
                ("rule_c0_question", "gone"),
                ("rule_c0_max", "4"),
                ("rule_c1_test", ""),
                ("rule_c1_max", "typed in an empty row"),
                ("rule_c2_test", "between"),
                ("rule_c2_question", "nps"),
                ("rule_c2_min", "7"),
                ("rule_c2_max", "12"),
                ("end", "always"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let form = save_form(&page.body, "why");
    // Everything typed is back, escaped.
    assert!(
        form.contains("Dlaczego? &#60;b&#62;&#34;tak&#34;&#60;/b&#62;</textarea>")
            || form.contains("Dlaczego? &lt;b&gt;&quot;tak&quot;&lt;/b&gt;</textarea>"),
        "{form}"
    );
    assert!(form.contains("value=\"group\" checked"), "{form}");
    assert!(form.contains("name=\"rule_c0_not\" checked"));
    assert!(form.contains("name=\"rule_c0_max\" value=\"4\""));
    assert!(form.contains("name=\"rule_c1_max\" value=\"typed in an empty row\""));
    assert!(form.contains("name=\"rule_c2_min\" value=\"7\""));
    assert!(form.contains("name=\"rule_c2_max\" value=\"12\""));
    // Each problem beside its condition (the first and third rows), in Polish, naming the
    // question by number and title.
    let rows = show_rows(form);
    assert_eq!(rows.len(), 3, "{form}");
    assert!(
        rows[0].contains("odwołuje się do pytania, którego już nie ma"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains("aria-describedby=\"problem-"),
        "{}",
        rows[0]
    );
    assert!(
        rows[2].contains("12 wykracza poza skalę Pytanie 1 „"),
        "{}",
        rows[2]
    );
    assert!(!rows[1].contains("field-error"), "{}", rows[1]);
    assert!(!page.body.contains("show_if"), "no technical path");
    assert!(page.body.contains("href=\"#problem-"));
    // Nothing was stored.
    assert!(
        stored(&server, &id).await["questions"][2]
            .get("show_if")
            .is_none()
    );

    // A language condition without a language, in Hebrew: said by the form itself.
    owner.get("/account").await;
    owner.post("/account/language", &[("language", "he")]).await;
    owner.get(&edit).await;
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "why"),
                ("text.en", "Why?"),
                ("rule", "group"),
                ("rule_c0_test", "answered"),
                ("rule_c0_question", "reason"),
                ("rule_c1_test", "language"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let form = save_form(&page.body, "why");
    let rows = show_rows(form);
    assert!(rows[1].contains("יש לבחור לפחות שפה אחת"), "{form}");
    assert!(rows[1].contains("<option value=\"language\" selected>"));
    // A group with no condition at all.
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "why"),
                ("rule", "group"),
                ("rule_c0_test", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.body
            .contains("יש להוסיף לפחות תנאי אחד או לבחור כלל אחר"),
        "{}",
        page.body
    );

    // A language a rule reads cannot be dropped from the survey: said beside that rule.
    let page = owner
        .post(
            &edit,
            &[
                ("action", "save"),
                ("question", "why"),
                ("text.en", "Why?"),
                ("rule", "group"),
                ("rule_c0_test", "language"),
                ("rule_c0_languages", "he"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    owner.get(&edit).await;
    let page = owner
        .post(
            &edit,
            &[
                ("action", "settings"),
                ("languages", "en"),
                ("default_language", "en"),
                ("title.en", "Rules"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let rows = show_rows(save_form(&page.body, "why"));
    assert!(
        rows[0].contains("בודק את השפה עברית, שהסקר לא מציע"),
        "{}",
        page.body
    );
}
