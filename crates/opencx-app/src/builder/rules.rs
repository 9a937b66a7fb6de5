//! The builder's logic rules: a stored `show_if` / `end_if` condition read as something the
//! builder's menus can show, and written back.
//!
//! The menus show a simple rule (a score range, chosen answers, "was answered") or one group
//! ("all of" / "any of") of conditions, each optionally negated, on scores, answers, "was
//! answered" or the respondent's language. A condition nested deeper than that is
//! [`ShowRule::Kept`]: shown read-only and never rewritten.
//!
//! Reading is lossless: every rule read from a document writes back to a condition that holds
//! exactly when the stored one does. A save whose rule means what the stored one means keeps
//! the stored JSON as it is ([`same_rule`]), so opening and saving a question never rewrites a
//! rule its author did not touch.

use serde_json::{Map, Value, json};

/// The rule of a "show this question when…" setting, without expressions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ShowRule {
    /// Always shown.
    #[default]
    Always,
    /// The score of `question` lies in `min..=max` (either bound optional).
    Between {
        question: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// The answer to `question` is (or includes) one of these options (`yes`/`no` for yes/no).
    AnyOf {
        question: String,
        options: Vec<String>,
    },
    /// `question` was answered.
    Answered { question: String },
    /// All (or any) of these conditions hold; each may be negated.
    Group { join: Join, terms: Vec<Term> },
    /// A condition deeper than the menus can show (a group inside a group, `not` around a
    /// group): kept as it is.
    Kept,
}

/// How the conditions of a group combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Join {
    /// Every condition holds.
    #[default]
    All,
    /// At least one condition holds.
    Any,
}

impl Join {
    /// The document's key: `all` or `any`.
    pub fn as_str(self) -> &'static str {
        match self {
            Join::All => "all",
            Join::Any => "any",
        }
    }

    /// From the document's key (or a form's value).
    pub fn parse(key: &str) -> Option<Join> {
        match key {
            "all" => Some(Join::All),
            "any" => Some(Join::Any),
            _ => None,
        }
    }
}

/// One condition of a group: a test, or its negation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The condition holds when the test does not.
    pub negated: bool,
    pub test: Test,
}

/// What one condition of a group tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// The score of `question` lies in `min..=max` (either bound optional).
    Score {
        question: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// The answer to `question` is (or includes) one of these options.
    Chosen {
        question: String,
        options: Vec<String>,
    },
    /// `question` was answered.
    Answered { question: String },
    /// The respondent answers in one of these languages.
    Language { languages: Vec<String> },
}

/// The condition a rule writes; `None` for none (always, or a rule kept as it is).
pub fn condition(rule: &ShowRule) -> Option<Value> {
    match rule {
        ShowRule::Always | ShowRule::Kept => None,
        ShowRule::Between { question, min, max } => Some(score(question, *min, *max)),
        ShowRule::AnyOf { question, options } => {
            Some(json!({ "question": question, "any_of": options }))
        }
        ShowRule::Answered { question } => Some(json!({ "question": question, "answered": true })),
        // A group of one condition is that condition.
        ShowRule::Group { terms, .. } if terms.len() == 1 => Some(term_condition(&terms[0])),
        ShowRule::Group { terms, .. } if terms.is_empty() => None,
        ShowRule::Group { join, terms } => Some(json!({
            join.as_str(): terms.iter().map(term_condition).collect::<Vec<_>>()
        })),
    }
}

fn score(question: &str, min: Option<i64>, max: Option<i64>) -> Value {
    let mut c = json!({ "question": question });
    if let Some(min) = min {
        c["min"] = json!(min);
    }
    if let Some(max) = max {
        c["max"] = json!(max);
    }
    c
}

fn term_condition(term: &Term) -> Value {
    let test = match &term.test {
        // "Was not answered" has a form of its own.
        Test::Answered { question } => {
            return json!({ "question": question, "answered": !term.negated });
        }
        Test::Score { question, min, max } => score(question, *min, *max),
        Test::Chosen { question, options } => json!({ "question": question, "any_of": options }),
        Test::Language { languages } => json!({ "language": languages }),
    };
    if term.negated {
        json!({ "not": test })
    } else {
        test
    }
}

/// Reads a stored `show_if` (or `end_if`) back as a builder rule.
pub fn show_rule(condition: Option<&Value>) -> ShowRule {
    let Some(value) = condition else {
        return ShowRule::Always;
    };
    let Some(map) = value.as_object() else {
        return ShowRule::Kept;
    };
    if let Some(term) = term_of(value)
        && !term.negated
    {
        match term.test {
            Test::Score { question, min, max } => {
                return ShowRule::Between { question, min, max };
            }
            Test::Chosen { question, options } => return ShowRule::AnyOf { question, options },
            Test::Answered { question } => return ShowRule::Answered { question },
            Test::Language { .. } => {}
        }
    }
    for join in [Join::All, Join::Any] {
        if map.len() == 1
            && let Some(items) = map.get(join.as_str()).and_then(Value::as_array)
            && !items.is_empty()
        {
            let terms: Option<Vec<Term>> = items.iter().map(term_of).collect();
            return match terms {
                Some(terms) => ShowRule::Group { join, terms },
                None => ShowRule::Kept,
            };
        }
    }
    match term_of(value) {
        Some(term) => ShowRule::Group {
            join: Join::All,
            terms: vec![term],
        },
        None => ShowRule::Kept,
    }
}

/// One condition a group's row can show: a test, or `not` around one; `None` for anything
/// else (a group, an unexpected shape).
fn term_of(value: &Value) -> Option<Term> {
    let map = value.as_object()?;
    let has_only = |keys: &[&str]| map.keys().all(|k| keys.contains(&k.as_str()));
    if let Some(inner) = map.get("not") {
        if map.len() != 1 {
            return None;
        }
        let term = term_of(inner)?;
        return Some(Term {
            negated: !term.negated,
            test: term.test,
        });
    }
    if let Some(languages) = map.get("language") {
        if map.len() != 1 {
            return None;
        }
        return Some(Term {
            negated: false,
            test: Test::Language {
                languages: strings(languages)?,
            },
        });
    }
    let question = map.get("question")?.as_str()?.to_owned();
    if let Some(options) = map.get("any_of") {
        if !has_only(&["question", "any_of"]) {
            return None;
        }
        let options = strings(options)?;
        return Some(Term {
            negated: false,
            test: Test::Chosen { question, options },
        });
    }
    if let Some(answered) = map.get("answered") {
        if !has_only(&["question", "answered"]) {
            return None;
        }
        return Some(Term {
            negated: !answered.as_bool()?,
            test: Test::Answered { question },
        });
    }
    if !has_only(&["question", "min", "max"]) || map.len() == 1 {
        return None;
    }
    let bound = |key: &str| -> Option<Option<i64>> {
        match map.get(key) {
            None => Some(None),
            Some(v) => v.as_i64().map(Some),
        }
    };
    Some(Term {
        negated: false,
        test: Test::Score {
            question,
            min: bound("min")?,
            max: bound("max")?,
        },
    })
}

fn strings(value: &Value) -> Option<Vec<String>> {
    let items = value.as_array()?;
    if items.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Whether a rule from the menus means what the stored condition means (so the stored JSON is
/// kept as it is). Lists of options and languages are compared as sets.
pub fn same_rule(stored: Option<&Value>, rule: &ShowRule) -> bool {
    let was = show_rule(stored);
    if was == ShowRule::Kept || *rule == ShowRule::Kept {
        return was == *rule;
    }
    canonical(condition(&was)) == canonical(condition(rule))
}

/// A condition with its option and language lists sorted and without repeats.
fn canonical(condition: Option<Value>) -> Option<Value> {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, item) in map.iter_mut() {
                    if key == "any_of" || key == "language" {
                        sort_strings(item);
                    } else {
                        walk(item);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    fn sort_strings(value: &mut Value) {
        if let Value::Array(items) = value {
            items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            items.dedup();
        }
    }
    condition.map(|mut c| {
        walk(&mut c);
        c
    })
}

/// Does a condition (anywhere inside it) refer to question `id`?
pub fn refers_to(condition: &Value, id: &str) -> bool {
    match condition {
        Value::Object(map) => {
            map.get("question").and_then(Value::as_str) == Some(id)
                || map.values().any(|v| refers_to(v, id))
        }
        Value::Array(items) => items.iter().any(|v| refers_to(v, id)),
        _ => false,
    }
}

/// Sets or removes `key` (`show_if`, `end_if`) of a question for a rule from the menus; keeps
/// the stored condition when the rule means the same, or is [`ShowRule::Kept`].
pub fn put_rule(question: &mut Map<String, Value>, key: &str, rule: &ShowRule) {
    if *rule == ShowRule::Kept || same_rule(question.get(key), rule) {
        return;
    }
    match condition(rule) {
        Some(c) => question.insert(key.into(), c),
        None => question.remove(key),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(negated: bool, test: Test) -> Term {
        Term { negated, test }
    }

    #[test]
    fn simple_rules_read_and_write_as_before() {
        for (stored, rule) in [
            (
                json!({"question": "nps", "max": 6}),
                ShowRule::Between {
                    question: "nps".into(),
                    min: None,
                    max: Some(6),
                },
            ),
            (
                json!({"question": "reason", "any_of": ["price"]}),
                ShowRule::AnyOf {
                    question: "reason".into(),
                    options: vec!["price".into()],
                },
            ),
            (
                json!({"question": "email", "answered": true}),
                ShowRule::Answered {
                    question: "email".into(),
                },
            ),
        ] {
            assert_eq!(show_rule(Some(&stored)), rule);
            assert_eq!(condition(&rule), Some(stored));
        }
        assert_eq!(show_rule(None), ShowRule::Always);
        assert_eq!(condition(&ShowRule::Always), None);
    }

    #[test]
    fn one_level_of_groups_with_negation_and_languages() {
        let stored = json!({"any": [
            {"question": "nps", "min": 0, "max": 6},
            {"not": {"language": ["he"]}},
            {"question": "why", "answered": false},
            {"not": {"question": "reason", "any_of": ["price", "other"]}}
        ]});
        let rule = show_rule(Some(&stored));
        assert_eq!(
            rule,
            ShowRule::Group {
                join: Join::Any,
                terms: vec![
                    term(
                        false,
                        Test::Score {
                            question: "nps".into(),
                            min: Some(0),
                            max: Some(6)
                        }
                    ),
                    term(
                        true,
                        Test::Language {
                            languages: vec!["he".into()]
                        }
                    ),
                    term(
                        true,
                        Test::Answered {
                            question: "why".into()
                        }
                    ),
                    term(
                        true,
                        Test::Chosen {
                            question: "reason".into(),
                            options: vec!["price".into(), "other".into()]
                        }
                    ),
                ]
            }
        );
        assert_eq!(condition(&rule), Some(stored.clone()));
        // A lone language or negated condition is a group of one, written back as it was.
        for lone in [
            json!({"language": ["he", "fa"]}),
            json!({"not": {"question": "nps", "min": 9}}),
        ] {
            let rule = show_rule(Some(&lone));
            assert!(matches!(rule, ShowRule::Group { .. }), "{rule:?}");
            assert_eq!(condition(&rule), Some(lone));
        }
    }

    #[test]
    fn deeper_conditions_are_kept_and_never_rewritten() {
        let nested = json!({"all": [
            {"question": "nps", "max": 8},
            {"any": [{"question": "reason", "any_of": ["price"]}, {"language": ["pl"]}]}
        ]});
        assert_eq!(show_rule(Some(&nested)), ShowRule::Kept);
        let negated_group = json!({"not": {"all": [{"language": ["pl"]}]}});
        assert_eq!(show_rule(Some(&negated_group)), ShowRule::Kept);
        assert_eq!(
            show_rule(Some(&json!({"question": "nps", "max": 6.5}))),
            ShowRule::Kept
        );
        let mut question = Map::new();
        question.insert("show_if".into(), nested.clone());
        put_rule(&mut question, "show_if", &ShowRule::Kept);
        assert_eq!(question["show_if"], nested);
        // Choosing "always" instead removes it.
        put_rule(&mut question, "show_if", &ShowRule::Always);
        assert!(!question.contains_key("show_if"));
    }

    #[test]
    fn an_untouched_rule_keeps_its_stored_form() {
        // Written differently from what the builder writes, with the same meaning.
        let stored = json!({"any": [
            {"not": {"question": "why", "answered": true}},
            {"language": ["fa", "he"]},
            {"max": 6, "question": "nps"}
        ]});
        let mut read = show_rule(Some(&stored));
        if let ShowRule::Group { terms, .. } = &mut read
            && let Test::Language { languages } = &mut terms[1].test
        {
            languages.reverse(); // as a form lists them
        }
        let mut question = Map::new();
        question.insert("show_if".into(), stored.clone());
        put_rule(&mut question, "show_if", &read);
        assert_eq!(question["show_if"].to_string(), stored.to_string());
        // A change is written.
        let ShowRule::Group { terms, .. } = &read else {
            unreachable!()
        };
        let changed = ShowRule::Group {
            join: Join::All,
            terms: terms.clone(),
        };
        put_rule(&mut question, "show_if", &changed);
        assert_eq!(
            question["show_if"],
            json!({"all": [
                {"question": "why", "answered": false},
                {"language": ["he", "fa"]},
                {"question": "nps", "max": 6}
            ]})
        );
    }
}
