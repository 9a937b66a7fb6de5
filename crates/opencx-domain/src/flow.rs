//! Survey logic: which questions a respondent sees, in which order, and when the survey ends.
//!
//! `show_if` reads only earlier answers, so walking the questions in order and evaluating each
//! condition against the answers so far gives one well-defined path. An `end_if` that holds after
//! its question ends the path there.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::answer::{AnswerError, AnswerValue, RawAnswer, parse_answer};
use crate::survey::{Condition, SurveyDefinition};

/// Answers by question id.
pub type Answers = BTreeMap<String, AnswerValue>;

/// Whether a condition holds for these answers and this respondent language.
pub fn holds(condition: &Condition, answers: &Answers, language: &str) -> bool {
    match condition {
        Condition::All(cs) => cs.iter().all(|c| holds(c, answers, language)),
        Condition::Any(cs) => cs.iter().any(|c| holds(c, answers, language)),
        Condition::Not(c) => !holds(c, answers, language),
        Condition::Language { any_of } => any_of.iter().any(|l| l == language),
        Condition::Answered { question, answered } => answers.contains_key(question) == *answered,
        Condition::Score { question, min, max } => match answers.get(question) {
            Some(AnswerValue::Score(s)) => {
                min.is_none_or(|m| *s >= m) && max.is_none_or(|m| *s <= m)
            }
            _ => false,
        },
        Condition::Chosen { question, any_of } => match answers.get(question) {
            Some(AnswerValue::Choice(id)) => any_of.contains(id),
            Some(AnswerValue::Choices(ids)) => ids.iter().any(|id| any_of.contains(id)),
            Some(AnswerValue::YesNo(b)) => {
                any_of.iter().any(|id| id == if *b { "yes" } else { "no" })
            }
            _ => false,
        },
    }
}

/// Indices of the questions this respondent sees, in order, given the answers so far.
///
/// Questions after the current point are included when their condition already holds, so the
/// path can be used both to find the next screen and to check a complete response.
pub fn path(definition: &SurveyDefinition, answers: &Answers, language: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (index, question) in definition.questions.iter().enumerate() {
        if question
            .show_if
            .as_ref()
            .is_some_and(|c| !holds(c, answers, language))
        {
            continue;
        }
        out.push(index);
        if question
            .end_if
            .as_ref()
            .is_some_and(|c| holds(c, answers, language))
        {
            break;
        }
    }
    out
}

/// The question to show after the one at `current` (or the first one when `current` is `None`),
/// or `None` when the survey is finished.
pub fn next_question(
    definition: &SurveyDefinition,
    answers: &Answers,
    language: &str,
    current: Option<usize>,
) -> Option<usize> {
    let path = path(definition, answers, language);
    match current {
        None => path.first().copied(),
        Some(current) => path.into_iter().find(|&i| i > current),
    }
}

/// The question before the one at `current` on the respondent's path, for a "back" button.
pub fn previous_question(
    definition: &SurveyDefinition,
    answers: &Answers,
    language: &str,
    current: usize,
) -> Option<usize> {
    path(definition, answers, language)
        .into_iter()
        .rev()
        .find(|&i| i < current)
}

/// The first required question on the respondent's path that has no answer, if any.
pub fn first_missing_required(
    definition: &SurveyDefinition,
    answers: &Answers,
    language: &str,
) -> Option<usize> {
    path(definition, answers, language).into_iter().find(|&i| {
        definition.questions[i].required && !answers.contains_key(&definition.questions[i].id)
    })
}

/// Drops answers to questions that are no longer on the path (after a respondent went back and
/// changed an earlier answer), so a stored response never holds answers to hidden questions.
pub fn prune_to_path(definition: &SurveyDefinition, answers: &mut Answers, language: &str) {
    // Pruning can hide further questions (whose conditions read pruned answers), so repeat until
    // nothing changes; each round removes at least one answer, so this ends.
    loop {
        let shown: Vec<&str> = path(definition, answers, language)
            .into_iter()
            .map(|i| definition.questions[i].id.as_str())
            .collect();
        let before = answers.len();
        answers.retain(|id, _| shown.contains(&id.as_str()));
        if answers.len() == before {
            return;
        }
    }
}

/// Parses and checks a whole response sent at once (API, widget): every answer against its
/// question, no answers to unknown or hidden questions and, when `complete`, every required
/// question on the path answered. Reports every problem.
pub fn validate_response(
    definition: &SurveyDefinition,
    language: &str,
    raw: &serde_json::Map<String, Value>,
    complete: bool,
) -> Result<Answers, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let mut answers = Answers::new();
    for (id, value) in raw {
        let Some(question) = definition.question(id) else {
            errors.push(AnswerError {
                question: id.chars().take(60).collect(),
                message: "is not a question of this survey".into(),
            });
            continue;
        };
        match parse_answer(question, RawAnswer::Json(value)) {
            Ok(Some(answer)) => {
                answers.insert(id.clone(), answer);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let shown = path(definition, &answers, language);
    for id in answers.keys() {
        let index = definition
            .questions
            .iter()
            .position(|q| &q.id == id)
            .unwrap_or(usize::MAX);
        if !shown.contains(&index) {
            errors.push(AnswerError {
                question: id.clone(),
                message: "is not shown to this respondent (its show_if does not hold, or the survey ended earlier)".into(),
            });
        }
    }
    if complete {
        for &index in &shown {
            let question = &definition.questions[index];
            if question.required && !answers.contains_key(&question.id) {
                errors.push(AnswerError {
                    question: question.id.clone(),
                    message: "is required".into(),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::parse_definition;
    use serde_json::json;

    fn nps_survey() -> SurveyDefinition {
        parse_definition(&json!({
            "title": "T",
            "languages": ["en", "he"],
            "questions": [
                {"id": "nps", "kind": "nps", "required": true},
                {"id": "improve", "kind": "long_text", "required": true, "show_if": {"question": "nps", "max": 6}},
                {"id": "love", "kind": "long_text", "show_if": {"question": "nps", "min": 9},
                 "end_if": {"question": "love", "answered": false}},
                {"id": "hebrew_only", "kind": "yes_no", "show_if": {"language": ["he"]}},
                {"id": "last", "kind": "short_text"}
            ]
        }))
        .unwrap()
    }

    fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn detractors_get_the_improve_question() {
        let s = nps_survey();
        let a = answers(&[("nps", AnswerValue::Score(3))]);
        assert_eq!(path(&s, &a, "en"), vec![0, 1, 4]);
        assert_eq!(next_question(&s, &a, "en", Some(0)), Some(1));
        assert_eq!(path(&s, &a, "he"), vec![0, 1, 3, 4]);
    }

    #[test]
    fn promoters_who_skip_love_end_early() {
        let s = nps_survey();
        let a = answers(&[("nps", AnswerValue::Score(10))]);
        assert_eq!(path(&s, &a, "en"), vec![0, 2]);
        assert_eq!(next_question(&s, &a, "en", Some(2)), None);
        let a = answers(&[
            ("nps", AnswerValue::Score(10)),
            ("love", AnswerValue::Text("all".into())),
        ]);
        assert_eq!(path(&s, &a, "en"), vec![0, 2, 4]);
        assert_eq!(previous_question(&s, &a, "en", 4), Some(2));
    }

    #[test]
    fn changing_an_earlier_answer_prunes_hidden_ones() {
        let s = nps_survey();
        let mut a = answers(&[
            ("nps", AnswerValue::Score(9)),
            ("love", AnswerValue::Text("x".into())),
        ]);
        a.insert("nps".into(), AnswerValue::Score(2));
        prune_to_path(&s, &mut a, "en");
        assert_eq!(a.keys().collect::<Vec<_>>(), vec!["nps"]);
    }

    #[test]
    fn missing_required_questions_are_found_on_the_path() {
        let s = nps_survey();
        assert_eq!(first_missing_required(&s, &Answers::new(), "en"), Some(0));
        let a = answers(&[("nps", AnswerValue::Score(3))]);
        assert_eq!(first_missing_required(&s, &a, "en"), Some(1));
        let a = answers(&[("nps", AnswerValue::Score(9))]);
        assert_eq!(first_missing_required(&s, &a, "en"), None);
    }

    #[test]
    fn whole_responses_are_checked() {
        let s = nps_survey();
        let raw = json!({"nps": 4}).as_object().unwrap().clone();
        let errors = validate_response(&s, "en", &raw, true).unwrap_err();
        assert_eq!(
            errors,
            vec![AnswerError {
                question: "improve".into(),
                message: "is required".into()
            }]
        );
        let raw = json!({"nps": 10, "improve": "x", "q9": 1})
            .as_object()
            .unwrap()
            .clone();
        let errors = validate_response(&s, "en", &raw, true).unwrap_err();
        assert_eq!(
            errors.len(),
            1,
            "unknown questions are reported before logic checks"
        );
        let raw = json!({"nps": 10, "improve": "x"})
            .as_object()
            .unwrap()
            .clone();
        let errors = validate_response(&s, "en", &raw, true).unwrap_err();
        assert!(errors[0].message.contains("not shown"));
        let raw = json!({"nps": 6, "improve": "slow"})
            .as_object()
            .unwrap()
            .clone();
        assert_eq!(validate_response(&s, "en", &raw, true).unwrap().len(), 2);
    }
}
