//! The survey builder over plain HTTP: a refused save shows the form as it was sent with each
//! problem beside its field in the manager's language.

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::web::{Browser, sign_up_owner};

on_both_backends!(builder_keeps_what_was_typed);

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

async fn builder_keeps_what_was_typed(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let server = TestServer::start(&db).await;
    let mut owner = sign_up_owner(&server).await;
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
