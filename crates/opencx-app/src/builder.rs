//! The survey builder's edits: small changes to a definition document (add, save, move and
//! delete a question, change the survey's titles and languages), so that people who do not write
//! JSON can build a survey. Each edit returns a new document; storing it goes through the same
//! validation as every definition ([`App::edit_survey`]), so the builder can never store
//! something the API would refuse.

use std::collections::BTreeMap;

use opencx_domain::problem::{Location, Part, ProblemCode};
use serde_json::{Map, Value, json};

use crate::surveys::LoadedSurvey;
use crate::{App, AppError, AppResult};

pub mod rules;

use rules::refers_to;
pub use rules::{Join, ShowRule, Term, Test, show_rule};

/// Question kinds the builder can add, in the order the menu shows them.
pub const KINDS: [&str; 10] = [
    "nps",
    "csat",
    "ces",
    "rating",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "short_text",
    "long_text",
    "contact",
];

/// What the question form sends.
#[derive(Debug, Clone, Default)]
pub struct QuestionForm {
    /// The question text per language (empty: the kind's built-in wording).
    pub texts: BTreeMap<String, String>,
    /// Help under the question, per language (empty: none).
    pub help: BTreeMap<String, String>,
    /// Labels under 0 and 10 of an NPS question, per language (empty: the built-in ones).
    pub low_label: BTreeMap<String, String>,
    pub high_label: BTreeMap<String, String>,
    /// Fields of a contact question (`name`, `email`, `phone`); ignored for other kinds.
    pub contact_fields: Vec<String>,
    pub required: bool,
    /// `scale` for csat (5, 7) and rating (5, 10).
    pub scale: Option<u8>,
    /// `variant` for ces.
    pub variant: Option<String>,
    /// Options of choice questions: (id, label per language); rows with every label empty are
    /// dropped, a row without an id gets one.
    pub options: Vec<(String, BTreeMap<String, String>)>,
    pub show_if: ShowRule,
    /// End the survey after this question when this holds (may read the question itself).
    pub end_if: ShowRule,
    /// Fewest and most options of a multiple-choice answer.
    pub min_choices: Option<i64>,
    pub max_choices: Option<i64>,
}

/// One change to a survey.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Adds a question of this kind at the end.
    AddQuestion { kind: String },
    /// Replaces the texts and settings of a question.
    SaveQuestion { id: String, form: QuestionForm },
    /// Moves a question one place up or down.
    MoveQuestion { id: String, up: bool },
    /// Deletes a question (refused while another question's logic refers to it).
    DeleteQuestion { id: String },
    /// The survey's titles, introduction and thank-you texts, languages and default language.
    Settings {
        titles: BTreeMap<String, String>,
        intro: BTreeMap<String, String>,
        thanks: BTreeMap<String, String>,
        languages: Vec<String>,
        /// `None` keeps the current default language.
        default_language: Option<String>,
        /// When the survey stops taking answers (RFC 3339), if ever.
        closes_at: Option<String>,
        /// After how many responses it closes, if ever.
        response_quota: Option<i64>,
    },
}

fn questions_mut(document: &mut Value) -> AppResult<&mut Vec<Value>> {
    document
        .get_mut("questions")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| AppError::invalid("questions", "the definition has no question list"))
}

fn position(questions: &[Value], id: &str) -> AppResult<usize> {
    questions
        .iter()
        .position(|q| q.get("id").and_then(Value::as_str) == Some(id))
        .ok_or(AppError::NotFound("question"))
}

/// A text map from a form: empty texts left out; `None` when nothing is left.
fn translated(texts: &BTreeMap<String, String>) -> Option<Value> {
    let map: Map<String, Value> = texts
        .iter()
        .map(|(lang, text)| (lang.clone(), text.trim()))
        .filter(|(_, text)| !text.is_empty())
        .map(|(lang, text)| (lang, Value::from(text)))
        .collect();
    (!map.is_empty()).then_some(Value::Object(map))
}

/// A fresh question id for a kind: `nps`, then `nps_2`, `nps_3`…
fn new_id(questions: &[Value], kind: &str) -> String {
    let taken = |id: &str| {
        questions
            .iter()
            .any(|q| q.get("id").and_then(Value::as_str) == Some(id))
    };
    if !taken(kind) {
        return kind.to_owned();
    }
    (2..)
        .map(|n| format!("{kind}_{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| kind.to_owned())
}

/// An option id from its label: lower-case ASCII letters and digits joined by `_`.
fn option_id(label: &str, taken: &[String]) -> String {
    let mut id = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
        if id.len() >= 30 {
            break;
        }
    }
    let base = match id.trim_matches('_') {
        "" => "option".to_owned(),
        s => s.to_owned(),
    };
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or(base)
}

/// Calls `f` on every translatable text of a document: the survey's title, introduction and
/// thank-you text; each question's text, help and NPS end labels; each option's label.
fn each_text(document: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for key in ["title", "intro", "thanks"] {
        if let Some(text) = document.get_mut(key) {
            f(text);
        }
    }
    if let Some(questions) = document.get_mut("questions").and_then(Value::as_array_mut) {
        for question in questions {
            for key in ["text", "help", "low_label", "high_label"] {
                if let Some(text) = question.get_mut(key) {
                    f(text);
                }
            }
            if let Some(options) = question.get_mut("options").and_then(Value::as_array_mut) {
                for option in options {
                    if let Some(label) = option.get_mut("label") {
                        f(label);
                    }
                }
            }
        }
    }
}

/// Removes optional texts left with no language (they fall back to the built-in wording).
fn prune_empty_texts(document: &mut Value) {
    let empty = |v: &Value| v.as_object().is_some_and(|m| m.is_empty());
    if let Some(map) = document.as_object_mut() {
        for key in ["intro", "thanks"] {
            if map.get(key).is_some_and(empty) {
                map.remove(key);
            }
        }
    }
    if let Some(questions) = document.get_mut("questions").and_then(Value::as_array_mut) {
        for question in questions.iter_mut().filter_map(Value::as_object_mut) {
            for key in ["text", "help", "low_label", "high_label"] {
                if question.get(key).is_some_and(empty) {
                    question.remove(key);
                }
            }
        }
    }
}

/// Applies an edit to a definition document.
pub fn apply(document: &Value, edit: &Edit) -> AppResult<Value> {
    let mut document = document.clone();
    match edit {
        Edit::AddQuestion { kind } => {
            if !KINDS.contains(&kind.as_str()) {
                return Err(AppError::invalid("kind", "unknown question kind"));
            }
            let questions = questions_mut(&mut document)?;
            let max = opencx_domain::survey::MAX_QUESTIONS;
            if questions.len() >= max {
                return Err(AppError::invalid_definition(
                    "questions",
                    format!("a survey has at most {max} questions"),
                    ProblemCode::TooManyQuestions { max },
                    Location::survey(Part::Questions),
                ));
            }
            let id = new_id(questions, kind);
            let mut question = json!({ "id": id, "kind": kind });
            match kind.as_str() {
                "csat" | "rating" => question["scale"] = json!(5),
                "single_choice" | "multiple_choice" => {
                    question["options"] = json!([
                        {"id": "option_1", "label": "Option 1"},
                        {"id": "option_2", "label": "Option 2"}
                    ]);
                }
                "contact" => question["fields"] = json!(["name", "email"]),
                _ => {}
            }
            questions.push(question);
        }
        Edit::SaveQuestion { id, form } => {
            let questions = questions_mut(&mut document)?;
            let at = position(questions, id)?;
            let Some(question) = questions[at].as_object_mut() else {
                return Err(AppError::invalid(
                    "questions",
                    "a question is not an object",
                ));
            };
            match translated(&form.texts) {
                Some(text) => question.insert("text".into(), text),
                None => question.remove("text"),
            };
            match translated(&form.help) {
                Some(help) => question.insert("help".into(), help),
                None => question.remove("help"),
            };
            if form.required {
                question.insert("required".into(), Value::Bool(true));
            } else {
                question.remove("required");
            }
            let kind = question
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            if let Some(scale) = form.scale
                && matches!(kind.as_str(), "csat" | "rating")
            {
                question.insert("scale".into(), json!(scale));
            }
            if let Some(variant) = &form.variant
                && kind == "ces"
            {
                question.insert("variant".into(), json!(variant));
            }
            if kind == "nps" {
                for (key, texts) in [
                    ("low_label", &form.low_label),
                    ("high_label", &form.high_label),
                ] {
                    match translated(texts) {
                        Some(text) => question.insert(key.into(), text),
                        None => question.remove(key),
                    };
                }
            }
            if kind == "multiple_choice" {
                for (key, value) in [
                    ("min_choices", form.min_choices),
                    ("max_choices", form.max_choices),
                ] {
                    match value {
                        Some(n) => question.insert(key.into(), json!(n)),
                        None => question.remove(key),
                    };
                }
            }
            if kind == "contact" {
                let fields: Vec<&str> = ["name", "email", "phone"]
                    .into_iter()
                    .filter(|f| form.contact_fields.iter().any(|c| c == f))
                    .collect();
                if fields.is_empty() {
                    return Err(AppError::invalid_definition(
                        "fields",
                        "a contact question asks for at least one of name, email and phone",
                        ProblemCode::NoContactField,
                        Location::question(at, Some(id), Part::ContactFields),
                    ));
                }
                question.insert("fields".into(), json!(fields));
            }
            if matches!(kind.as_str(), "single_choice" | "multiple_choice") {
                let mut taken: Vec<String> = Vec::new();
                let mut options = Vec::new();
                for (option, labels) in &form.options {
                    let Some(label) = translated(labels) else {
                        continue; // an empty row: not an option
                    };
                    let id = match option.trim() {
                        "" => {
                            let first = labels.values().find(|l| !l.trim().is_empty());
                            option_id(first.map_or("", String::as_str), &taken)
                        }
                        given => given.to_owned(),
                    };
                    taken.push(id.clone());
                    options.push(json!({ "id": id, "label": label }));
                }
                question.insert("options".into(), Value::Array(options));
            }
            for (key, rule) in [("show_if", &form.show_if), ("end_if", &form.end_if)] {
                rules::put_rule(question, key, rule);
            }
        }
        Edit::MoveQuestion { id, up } => {
            let questions = questions_mut(&mut document)?;
            let at = position(questions, id)?;
            let to = if *up { at.checked_sub(1) } else { Some(at + 1) };
            if let Some(to) = to.filter(|t| *t < questions.len()) {
                questions.swap(at, to);
            }
        }
        Edit::DeleteQuestion { id } => {
            let questions = questions_mut(&mut document)?;
            let at = position(questions, id)?;
            if let Some(user) = questions.iter().find(|q| {
                q.get("id").and_then(Value::as_str) != Some(id)
                    && (q.get("show_if").is_some_and(|c| refers_to(c, id))
                        || q.get("end_if").is_some_and(|c| refers_to(c, id)))
            }) {
                let user = user.get("id").and_then(Value::as_str).unwrap_or("?");
                return Err(AppError::invalid_definition(
                    "question",
                    format!("the logic of question \"{user}\" refers to it; change that first"),
                    ProblemCode::ReferencedBy {
                        question: user.to_owned(),
                    },
                    Location::question(at, Some(id), Part::Question),
                ));
            }
            questions.remove(at);
        }
        Edit::Settings {
            titles,
            intro,
            thanks,
            languages,
            default_language,
            closes_at,
            response_quota,
        } => {
            let old_default = document
                .get("default_language")
                .and_then(Value::as_str)
                .unwrap_or("en")
                .to_owned();
            let default_language = default_language.clone().unwrap_or(old_default.clone());
            let mut languages: Vec<String> = languages.clone();
            languages.retain(|l| l != &default_language);
            languages.insert(0, default_language.clone());
            // Texts of languages the survey no longer offers go, and plain strings (written in
            // the old default language) become maps, so a new default does not re-read them.
            let keep = |lang: &str| languages.iter().any(|l| l == lang);
            each_text(&mut document, &mut |text| {
                if let Value::String(plain) = text {
                    *text = json!({ old_default.as_str(): plain.clone() });
                }
                if let Value::Object(map) = text {
                    map.retain(|lang, _| keep(lang));
                }
            });
            prune_empty_texts(&mut document);
            let title = translated(titles).ok_or_else(|| {
                AppError::invalid_definition(
                    "title",
                    "give the survey a title",
                    ProblemCode::Missing,
                    Location::survey(Part::Title),
                )
            })?;
            let Some(map) = document.as_object_mut() else {
                return Err(AppError::invalid("definition", "not an object"));
            };
            map.insert("title".into(), title);
            for (key, texts) in [("intro", intro), ("thanks", thanks)] {
                match translated(texts) {
                    Some(text) => map.insert(key.into(), text),
                    None => map.remove(key),
                };
            }
            match closes_at {
                Some(at) => map.insert("closes_at".into(), json!(at)),
                None => map.remove("closes_at"),
            };
            match response_quota {
                Some(quota) => map.insert("response_quota".into(), json!(quota)),
                None => map.remove("response_quota"),
            };
            map.insert("default_language".into(), json!(default_language));
            map.insert("languages".into(), json!(languages));
        }
    }
    Ok(document)
}

impl App {
    /// Applies a builder edit to a survey and stores the result (a new version when the
    /// survey is live). `revision` is the survey's `updated_at` the edit was made from: when
    /// the survey was changed since (a draft is changed in place, so its version alone cannot
    /// tell), nothing is stored and the answer is `Conflict`.
    pub async fn edit_survey(
        &self,
        workspace_id: i64,
        survey: &LoadedSurvey,
        revision: i64,
        edit: &Edit,
    ) -> AppResult<LoadedSurvey> {
        if revision != survey.row.updated_at {
            return Err(AppError::Conflict(
                "the survey was changed meanwhile; reload it and edit again".into(),
            ));
        }
        let document = apply(&survey.document, edit)?;
        self.update_survey(
            workspace_id,
            survey.row.id,
            Some(survey.row.current_version),
            document,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surveys::check_definition;

    fn base() -> Value {
        json!({
            "title": {"en": "T"}, "default_language": "en", "languages": ["en", "he"],
            "questions": [{"id": "nps", "kind": "nps", "required": true}]
        })
    }

    #[test]
    fn add_save_move_delete_keep_a_valid_definition() {
        let doc = apply(
            &base(),
            &Edit::AddQuestion {
                kind: "long_text".into(),
            },
        )
        .unwrap();
        let doc = apply(
            &doc,
            &Edit::AddQuestion {
                kind: "single_choice".into(),
            },
        )
        .unwrap();
        let form = QuestionForm {
            texts: BTreeMap::from([("en".into(), "Why?".into()), ("he".into(), "למה?".into())]),
            show_if: ShowRule::Between {
                question: "nps".into(),
                min: None,
                max: Some(6),
            },
            ..Default::default()
        };
        let doc = apply(
            &doc,
            &Edit::SaveQuestion {
                id: "long_text".into(),
                form,
            },
        )
        .unwrap();
        check_definition(&doc).unwrap();
        assert_eq!(
            doc["questions"][1]["show_if"],
            json!({"question": "nps", "max": 6})
        );
        assert_eq!(doc["questions"][1]["text"]["he"], "למה?");
        assert_eq!(
            show_rule(doc["questions"][1].get("show_if")),
            ShowRule::Between {
                question: "nps".into(),
                min: None,
                max: Some(6)
            }
        );
        // Choices: empty rows dropped, ids made from labels.
        let form = QuestionForm {
            options: vec![
                (
                    String::new(),
                    BTreeMap::from([("en".into(), "Too expensive!".into())]),
                ),
                (String::new(), BTreeMap::new()),
                (
                    "speed".into(),
                    BTreeMap::from([("en".into(), "Speed".into())]),
                ),
            ],
            ..Default::default()
        };
        let doc = apply(
            &doc,
            &Edit::SaveQuestion {
                id: "single_choice".into(),
                form,
            },
        )
        .unwrap();
        assert_eq!(doc["questions"][2]["options"][0]["id"], "too_expensive");
        assert_eq!(doc["questions"][2]["options"].as_array().unwrap().len(), 2);
        check_definition(&doc).unwrap();
        // The follow-up cannot move above the question its logic reads: validation says so.
        let moved = apply(
            &doc,
            &Edit::MoveQuestion {
                id: "long_text".into(),
                up: true,
            },
        )
        .unwrap();
        assert!(check_definition(&moved).is_err());
        // An end rule may read the question itself.
        let form = QuestionForm {
            end_if: ShowRule::Between {
                question: "nps".into(),
                min: Some(9),
                max: None,
            },
            ..Default::default()
        };
        let ended = apply(
            &doc,
            &Edit::SaveQuestion {
                id: "nps".into(),
                form,
            },
        )
        .unwrap();
        assert_eq!(
            ended["questions"][0]["end_if"],
            json!({"question": "nps", "min": 9})
        );
        check_definition(&ended).unwrap();
        // A question another one's logic refers to cannot be deleted.
        assert!(apply(&doc, &Edit::DeleteQuestion { id: "nps".into() }).is_err());
        let doc = apply(
            &doc,
            &Edit::DeleteQuestion {
                id: "long_text".into(),
            },
        )
        .unwrap();
        let doc = apply(&doc, &Edit::DeleteQuestion { id: "nps".into() }).unwrap();
        assert_eq!(doc["questions"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn every_kind_can_be_added() {
        let mut doc = base();
        for kind in KINDS {
            doc = apply(&doc, &Edit::AddQuestion { kind: kind.into() }).unwrap();
        }
        check_definition(&doc).unwrap();
        assert_eq!(doc["questions"][10]["id"], "contact");
        assert_eq!(doc["questions"][1]["id"], "nps_2");
    }

    #[test]
    fn settings_put_the_default_language_first() {
        let doc = apply(
            &base(),
            &Edit::Settings {
                titles: BTreeMap::from([("en".into(), "New".into()), ("pl".into(), "Nowa".into())]),
                intro: BTreeMap::from([("pl".into(), "Dwie minuty".into())]),
                thanks: BTreeMap::new(),
                closes_at: Some("2030-01-01T00:00:00Z".into()),
                response_quota: Some(500),
                languages: vec!["en".into(), "pl".into()],
                default_language: Some("pl".into()),
            },
        )
        .unwrap();
        assert_eq!(doc["languages"], json!(["pl", "en"]));
        assert_eq!(doc["intro"], json!({"pl": "Dwie minuty"}));
        assert!(doc.get("thanks").is_none());
        assert_eq!(doc["response_quota"], json!(500));
        check_definition(&doc).unwrap();
        // Dropping a language drops its texts; plain strings keep their (old default) language.
        let mut doc = base();
        doc["questions"][0]["text"] = json!({"en": "How likely?", "he": "עד כמה?"});
        doc["intro"] = json!("Hello");
        let doc = apply(
            &doc,
            &Edit::Settings {
                titles: BTreeMap::from([
                    ("pl".into(), "Ankieta".into()),
                    ("en".into(), "T".into()),
                ]),
                intro: BTreeMap::from([
                    ("en".into(), "Hello".into()),
                    ("pl".into(), "Cześć".into()),
                ]),
                thanks: BTreeMap::new(),
                languages: vec!["en".into(), "pl".into()],
                default_language: Some("pl".into()),
                closes_at: None,
                response_quota: None,
            },
        )
        .unwrap();
        assert_eq!(doc["questions"][0]["text"], json!({"en": "How likely?"}));
        check_definition(&doc).unwrap_err(); // the question has no Polish text yet: said so
        assert!(
            apply(
                &base(),
                &Edit::Settings {
                    titles: BTreeMap::new(),
                    intro: BTreeMap::new(),
                    thanks: BTreeMap::new(),
                    closes_at: None,
                    response_quota: None,
                    languages: vec![],
                    default_language: Some("en".into())
                }
            )
            .is_err()
        );
    }
}
