//! Answers: parsing what a respondent or an integration sent against the question it answers.
//!
//! Two input shapes reach here: JSON values from the API and widget, and form fields from the
//! respondent page (every value a string, repeated for multiple choice). Both end as
//! [`AnswerValue`], or a specific message saying what was wrong.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::survey::{ContactField, Question, QuestionKind};

/// Longest contact field accepted (name, email or phone), in characters.
pub const MAX_CONTACT_FIELD: usize = 200;

/// A validated answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// NPS, CSAT, CES and rating answers: the raw score on the question's scale.
    Score(i64),
    /// Yes/no.
    YesNo(bool),
    /// One option id.
    Choice(String),
    /// Option ids, in the order of the question's options.
    Choices(Vec<String>),
    /// Open text (short or long).
    Text(String),
    /// Contact details; absent fields are left out.
    Contact(BTreeMap<String, String>),
}

/// Raw input for one question.
#[derive(Debug, Clone, Copy)]
pub enum RawAnswer<'a> {
    /// A JSON value from the API or the widget.
    Json(&'a Value),
    /// Form values for the question (several for multiple choice or contact fields, in order).
    Form(&'a [(String, String)]),
}

/// Why an answer was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AnswerError {
    /// The question id.
    pub question: String,
    /// A message a respondent or developer can act on.
    pub message: String,
}

impl AnswerValue {
    /// The number stored in the numeric column: the score, or 1/0 for yes/no.
    pub fn number(&self) -> Option<i64> {
        match self {
            AnswerValue::Score(n) => Some(*n),
            AnswerValue::YesNo(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The text stored in the text column: option ids, open text, or contact details as JSON.
    pub fn text(&self) -> Option<String> {
        match self {
            AnswerValue::Choice(id) => Some(id.clone()),
            AnswerValue::Choices(ids) => Some(serde_json::to_string(ids).unwrap_or_default()),
            AnswerValue::Text(t) => Some(t.clone()),
            AnswerValue::Contact(c) => Some(serde_json::to_string(c).unwrap_or_default()),
            AnswerValue::Score(_) | AnswerValue::YesNo(_) => None,
        }
    }

    /// Rollup buckets this answer counts in: the score, the option ids, or `yes`/`no`.
    /// Open text and contact details are not aggregated.
    pub fn buckets(&self) -> Vec<String> {
        match self {
            AnswerValue::Score(n) => vec![n.to_string()],
            AnswerValue::YesNo(b) => vec![if *b { "yes" } else { "no" }.to_owned()],
            AnswerValue::Choice(id) => vec![id.clone()],
            AnswerValue::Choices(ids) => ids.clone(),
            AnswerValue::Text(_) | AnswerValue::Contact(_) => Vec::new(),
        }
    }

    /// Rebuilds an answer from its stored columns, for the question it answers.
    pub fn from_stored(
        question: &Question,
        number: Option<i64>,
        text: Option<&str>,
    ) -> Option<AnswerValue> {
        match &question.kind {
            QuestionKind::Nps { .. }
            | QuestionKind::Csat { .. }
            | QuestionKind::Ces { .. }
            | QuestionKind::Rating { .. } => number.map(AnswerValue::Score),
            QuestionKind::YesNo => number.map(|n| AnswerValue::YesNo(n != 0)),
            QuestionKind::SingleChoice { .. } => text.map(|t| AnswerValue::Choice(t.to_owned())),
            QuestionKind::MultipleChoice { .. } => text
                .and_then(|t| serde_json::from_str(t).ok())
                .map(AnswerValue::Choices),
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => {
                text.map(|t| AnswerValue::Text(t.to_owned()))
            }
            QuestionKind::Contact { .. } => text
                .and_then(|t| serde_json::from_str(t).ok())
                .map(AnswerValue::Contact),
        }
    }

    /// The answer as JSON, as the API shows it.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn refuse(question: &Question, message: impl Into<String>) -> AnswerError {
    AnswerError {
        question: question.id.clone(),
        message: message.into(),
    }
}

/// Form values for a question, trimmed, with empty values dropped.
fn form_values<'a>(values: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    values
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Parses one answer. `Ok(None)` means "not answered" (empty input); whether that is allowed is
/// decided by the caller, who knows whether the question was shown and required.
pub fn parse_answer(
    question: &Question,
    raw: RawAnswer<'_>,
) -> Result<Option<AnswerValue>, AnswerError> {
    if let RawAnswer::Json(Value::Null) = raw {
        return Ok(None);
    }
    let id = question.id.as_str();
    match &question.kind {
        QuestionKind::Nps { .. }
        | QuestionKind::Csat { .. }
        | QuestionKind::Ces { .. }
        | QuestionKind::Rating { .. } => {
            let (lo, hi) = question.kind.score_range().unwrap_or((0, 10));
            let score = match raw {
                RawAnswer::Json(v) => match v.as_i64() {
                    Some(n) => n,
                    None => {
                        return Err(refuse(
                            question,
                            format!("must be a whole number from {lo} to {hi}"),
                        ));
                    }
                },
                RawAnswer::Form(values) => match form_values(values, id).as_slice() {
                    [] => return Ok(None),
                    [one] => one.parse::<i64>().map_err(|_| {
                        refuse(
                            question,
                            format!("must be a whole number from {lo} to {hi}"),
                        )
                    })?,
                    _ => return Err(refuse(question, "takes one score")),
                },
            };
            if !(lo..=hi).contains(&score) {
                return Err(refuse(
                    question,
                    format!("{score} is outside the scale {lo}–{hi}"),
                ));
            }
            Ok(Some(AnswerValue::Score(score)))
        }
        QuestionKind::YesNo => {
            let value = match raw {
                RawAnswer::Json(Value::Bool(b)) => *b,
                RawAnswer::Json(Value::String(s)) => {
                    parse_yes_no(s).ok_or_else(|| refuse(question, "must be yes or no"))?
                }
                RawAnswer::Json(_) => {
                    return Err(refuse(question, "must be true/false or \"yes\"/\"no\""));
                }
                RawAnswer::Form(values) => match form_values(values, id).as_slice() {
                    [] => return Ok(None),
                    [one] => {
                        parse_yes_no(one).ok_or_else(|| refuse(question, "must be yes or no"))?
                    }
                    _ => return Err(refuse(question, "takes one answer")),
                },
            };
            Ok(Some(AnswerValue::YesNo(value)))
        }
        QuestionKind::SingleChoice { options } => {
            let chosen = match raw {
                RawAnswer::Json(Value::String(s)) => s.as_str(),
                RawAnswer::Json(_) => return Err(refuse(question, "must be one option id")),
                RawAnswer::Form(values) => match form_values(values, id).as_slice() {
                    [] => return Ok(None),
                    [one] => one,
                    _ => return Err(refuse(question, "takes one option")),
                },
            };
            if !options.iter().any(|o| o.id == chosen) {
                return Err(refuse(
                    question,
                    format!("has no option \"{}\"", truncate(chosen, 60)),
                ));
            }
            Ok(Some(AnswerValue::Choice(chosen.to_owned())))
        }
        QuestionKind::MultipleChoice {
            options,
            min_choices,
            max_choices,
        } => {
            let picked: Vec<&str> = match raw {
                RawAnswer::Json(Value::Array(items)) => {
                    let mut picked = Vec::with_capacity(items.len());
                    for item in items {
                        match item.as_str() {
                            Some(s) => picked.push(s),
                            None => return Err(refuse(question, "must be a list of option ids")),
                        }
                    }
                    picked
                }
                RawAnswer::Json(_) => return Err(refuse(question, "must be a list of option ids")),
                RawAnswer::Form(values) => form_values(values, id),
            };
            if picked.is_empty() {
                return Ok(None);
            }
            for p in &picked {
                if !options.iter().any(|o| o.id == *p) {
                    return Err(refuse(
                        question,
                        format!("has no option \"{}\"", truncate(p, 60)),
                    ));
                }
            }
            // Keep the question's order and drop repeats, so equal answers are stored equally.
            let chosen: Vec<String> = options
                .iter()
                .filter(|o| picked.contains(&o.id.as_str()))
                .map(|o| o.id.clone())
                .collect();
            let count = chosen.len() as u32;
            if let Some(min) = min_choices
                && count < *min
            {
                return Err(refuse(question, format!("pick at least {min}")));
            }
            if let Some(max) = max_choices
                && count > *max
            {
                return Err(refuse(question, format!("pick at most {max}")));
            }
            Ok(Some(AnswerValue::Choices(chosen)))
        }
        QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length } => {
            let text = match raw {
                RawAnswer::Json(Value::String(s)) => s.trim().to_owned(),
                RawAnswer::Json(_) => return Err(refuse(question, "must be text")),
                RawAnswer::Form(values) => match form_values(values, id).as_slice() {
                    [] => return Ok(None),
                    [one] => (*one).to_owned(),
                    _ => return Err(refuse(question, "takes one text")),
                },
            };
            let text = clean_text(
                &text,
                matches!(question.kind, QuestionKind::LongText { .. }),
            );
            if text.is_empty() {
                return Ok(None);
            }
            let length = text.chars().count();
            if length > *max_length as usize {
                return Err(refuse(
                    question,
                    format!("is {length} characters long; the limit is {max_length}"),
                ));
            }
            Ok(Some(AnswerValue::Text(text)))
        }
        QuestionKind::Contact { fields } => {
            let mut out = BTreeMap::new();
            for field in fields {
                let name = field.as_str();
                let value = match raw {
                    RawAnswer::Json(Value::Object(map)) => match map.get(name) {
                        None | Some(Value::Null) => continue,
                        Some(Value::String(s)) => s.trim().to_owned(),
                        Some(_) => return Err(refuse(question, format!("{name} must be text"))),
                    },
                    RawAnswer::Json(_) => {
                        return Err(refuse(
                            question,
                            "must be an object with name, email and/or phone",
                        ));
                    }
                    RawAnswer::Form(values) => {
                        match form_values(values, &format!("{}.{name}", question.id)).first() {
                            Some(v) => (*v).to_owned(),
                            None => continue,
                        }
                    }
                };
                let value = clean_text(&value, false);
                if value.is_empty() {
                    continue;
                }
                if value.chars().count() > MAX_CONTACT_FIELD {
                    return Err(refuse(
                        question,
                        format!("{name} is longer than {MAX_CONTACT_FIELD} characters"),
                    ));
                }
                match field {
                    ContactField::Email if !looks_like_email(&value) => {
                        return Err(refuse(
                            question,
                            "email does not look like an email address",
                        ));
                    }
                    ContactField::Phone if !looks_like_phone(&value) => {
                        return Err(refuse(question, "phone should contain 6 to 20 digits"));
                    }
                    _ => {}
                }
                out.insert(name.to_owned(), value);
            }
            if let RawAnswer::Json(Value::Object(map)) = raw
                && let Some(unknown) = map
                    .keys()
                    .find(|k| !fields.iter().any(|f| f.as_str() == k.as_str()))
            {
                return Err(refuse(
                    question,
                    format!("has no field \"{}\"", truncate(unknown, 40)),
                ));
            }
            Ok((!out.is_empty()).then_some(AnswerValue::Contact(out)))
        }
    }
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" => Some(true),
        "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Removes control characters (keeping line breaks in long text) and normalises line endings, so
/// what is stored is what a person typed, not terminal escapes or NUL bytes.
fn clean_text(text: &str, keep_newlines: bool) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars()
        .filter(|c| !c.is_control() || (keep_newlines && *c == '\n') || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::parse_definition;
    use serde_json::json;

    fn survey() -> crate::survey::SurveyDefinition {
        parse_definition(&json!({
            "title": "T",
            "questions": [
                {"id": "nps", "kind": "nps"},
                {"id": "pick", "kind": "multiple_choice", "max_choices": 2, "options": [
                    {"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
                {"id": "ok", "kind": "yes_no"},
                {"id": "why", "kind": "short_text", "max_length": 10},
                {"id": "who", "kind": "contact"}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn scores_are_range_checked() {
        let s = survey();
        let q = s.question("nps").unwrap();
        assert_eq!(
            parse_answer(q, RawAnswer::Json(&json!(9))),
            Ok(Some(AnswerValue::Score(9)))
        );
        assert!(
            parse_answer(q, RawAnswer::Json(&json!(11)))
                .unwrap_err()
                .message
                .contains("outside")
        );
        assert!(parse_answer(q, RawAnswer::Json(&json!("9"))).is_err());
        let form = vec![("nps".to_owned(), " 7 ".to_owned())];
        assert_eq!(
            parse_answer(q, RawAnswer::Form(&form)),
            Ok(Some(AnswerValue::Score(7)))
        );
        assert_eq!(parse_answer(q, RawAnswer::Form(&[])), Ok(None));
    }

    #[test]
    fn choices_keep_question_order_and_limits() {
        let s = survey();
        let q = s.question("pick").unwrap();
        assert_eq!(
            parse_answer(q, RawAnswer::Json(&json!(["b", "a", "b"]))),
            Ok(Some(AnswerValue::Choices(vec!["a".into(), "b".into()])))
        );
        assert!(parse_answer(q, RawAnswer::Json(&json!(["a", "b", "c"]))).is_err());
        assert!(
            parse_answer(q, RawAnswer::Json(&json!(["z"])))
                .unwrap_err()
                .message
                .contains("no option")
        );
    }

    #[test]
    fn text_is_cleaned_and_limited() {
        let s = survey();
        let q = s.question("why").unwrap();
        assert_eq!(
            parse_answer(q, RawAnswer::Json(&json!(" a\u{0}b "))),
            Ok(Some(AnswerValue::Text("ab".into())))
        );
        assert!(parse_answer(q, RawAnswer::Json(&json!("ćććććććććććć"))).is_err());
        assert_eq!(parse_answer(q, RawAnswer::Json(&json!("   "))), Ok(None));
    }

    #[test]
    fn contact_fields_are_checked() {
        let s = survey();
        let q = s.question("who").unwrap();
        let ok = parse_answer(
            q,
            RawAnswer::Json(&json!({"email": "a@b.pl", "phone": "+48 600 100 200"})),
        )
        .unwrap();
        assert_eq!(
            ok.unwrap().text().unwrap(),
            r#"{"email":"a@b.pl","phone":"+48 600 100 200"}"#
        );
        assert!(parse_answer(q, RawAnswer::Json(&json!({"email": "nope"}))).is_err());
        assert!(parse_answer(q, RawAnswer::Json(&json!({"fax": "1"}))).is_err());
        let form = vec![("who.name".to_owned(), "Ala".to_owned())];
        assert_eq!(
            parse_answer(q, RawAnswer::Form(&form))
                .unwrap()
                .unwrap()
                .text()
                .unwrap(),
            r#"{"name":"Ala"}"#
        );
    }

    #[test]
    fn stored_round_trip() {
        let s = survey();
        for (id, value) in [
            ("nps", json!(3)),
            ("pick", json!(["a", "c"])),
            ("ok", json!(false)),
            ("why", json!("fine")),
            ("who", json!({"name": "Ala"})),
        ] {
            let q = s.question(id).unwrap();
            let answer = parse_answer(q, RawAnswer::Json(&value)).unwrap().unwrap();
            let back =
                AnswerValue::from_stored(q, answer.number(), answer.text().as_deref()).unwrap();
            assert_eq!(back, answer);
        }
    }
}
