//! The builder's rule menus ("show this question when…", "end the survey after this question
//! when…"): what they show for a stored condition, what a refused form showed, and the rule a
//! form asks for.
//!
//! A rule is one of: always; a simple rule (a score between, an answer among, was answered);
//! a group of conditions joined by "all of" or "any of", each optionally negated and testing a
//! score, an answer, "was answered" or the respondent's language; or a condition nested deeper
//! than that, shown read-only and kept as it is. The group's condition rows are numbered form
//! fields (`rule_c0_test`, `rule_c0_not`, `rule_c0_question`…) with empty rows to add
//! conditions without JavaScript, as the choice options have.

use opencx_app::builder::{Join, ShowRule, Term, Test, show_rule};
use opencx_domain::problem::Part;
use opencx_domain::wording;
use serde_json::Value;

use super::super::i18n::Tr;
use super::super::problems::{FormCode, Problem};
use super::{Fields, Inline, Slot, field, form_problem, in_form, optional_number};

/// Most condition rows a group's form is read for.
const MAX_CONDITION_ROWS: usize = 20;
/// Condition rows a group shows at least, and empty rows added after its conditions.
const MIN_ROWS: usize = 2;
const EMPTY_ROWS: usize = 1;

/// A rule's menus as shown.
pub(super) struct RuleView {
    /// `always`, `between`, `any_of`, `answered`, `group`, `kept`.
    pub(super) rule: &'static str,
    pub(super) question: String,
    pub(super) min: String,
    pub(super) max: String,
    pub(super) options: Vec<String>,
    /// `all` or `any`, for a group.
    pub(super) join: &'static str,
    /// The group's condition rows (shown for every rule, so that one can be built).
    pub(super) rows: Vec<ConditionRow>,
    /// A rule the menus cannot show, described line by line: (depth, text).
    pub(super) kept: Vec<(usize, String)>,
    pub(super) kept_json: String,
    pub(super) slot: Slot,
}

/// One condition row of a group.
pub(super) struct ConditionRow {
    /// `""` (no condition), `between`, `any_of`, `answered`, `language`.
    pub(super) test: &'static str,
    pub(super) negated: bool,
    pub(super) question: String,
    pub(super) min: String,
    pub(super) max: String,
    /// `question:option` values, as the simple rule's.
    pub(super) options: Vec<String>,
    pub(super) languages: Vec<String>,
    pub(super) slot: Slot,
}

impl RuleView {
    fn empty(rule: &'static str) -> RuleView {
        RuleView {
            rule,
            question: String::new(),
            min: String::new(),
            max: String::new(),
            options: Vec::new(),
            join: "all",
            rows: Vec::new(),
            kept: Vec::new(),
            kept_json: String::new(),
            slot: Slot::default(),
        }
    }

    /// The rows that hold a condition, in order: the n-th condition of the stored group.
    fn filled_rows(&self) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.test.is_empty())
            .map(|(n, _)| n)
            .collect()
    }

    /// Puts a problem beside the condition row it is about (the `term`-th condition of the
    /// group, or its only one), else beside the rule as a whole.
    pub(super) fn place(&mut self, term: Option<usize>, inline: Inline) {
        if self.rule == "group" {
            let filled = self.filled_rows();
            let row = match term {
                Some(k) => filled.get(k).copied(),
                None if filled.len() == 1 => Some(filled[0]),
                None => None,
            };
            if let Some(row) = row {
                self.rows[row].slot.0.push(inline);
                return;
            }
        }
        self.slot.0.push(inline);
    }
}

fn empty_row() -> ConditionRow {
    ConditionRow {
        test: "",
        negated: false,
        question: String::new(),
        min: String::new(),
        max: String::new(),
        options: Vec::new(),
        languages: Vec::new(),
        slot: Slot::default(),
    }
}

fn bound(value: Option<i64>) -> String {
    value.map(|m| m.to_string()).unwrap_or_default()
}

fn row_of(term: &Term) -> ConditionRow {
    let mut row = ConditionRow {
        negated: term.negated,
        ..empty_row()
    };
    match &term.test {
        Test::Score { question, min, max } => {
            row.test = "between";
            row.question = question.clone();
            row.min = bound(*min);
            row.max = bound(*max);
        }
        Test::Chosen { question, options } => {
            row.test = "any_of";
            row.question = question.clone();
            row.options = options.iter().map(|o| format!("{question}:{o}")).collect();
        }
        Test::Answered { question } => {
            row.test = "answered";
            row.question = question.clone();
        }
        Test::Language { languages } => {
            row.test = "language";
            row.languages = languages.clone();
        }
    }
    row
}

/// Adds empty rows after the conditions, to add one without JavaScript.
fn pad(rows: &mut Vec<ConditionRow>) {
    let want = (rows.len() + EMPTY_ROWS).clamp(MIN_ROWS, MAX_CONDITION_ROWS);
    while rows.len() < want {
        rows.push(empty_row());
    }
}

/// How the manager knows questions and their options, for a rule described in words.
pub(super) struct Names<'a> {
    /// A question by its id: "Question 2 “Main reason?”".
    pub(super) question: &'a dyn Fn(&str) -> String,
    /// An option by its question's id and its own: its label in the manager's language.
    pub(super) option: &'a dyn Fn(&str, &str) -> String,
}

/// A stored condition as the builder's menus show it; `names` name questions and options in
/// the description of a rule kept as it is.
pub(super) fn rule_view(condition: Option<&Value>, tr: Tr, names: &Names<'_>) -> RuleView {
    let mut view = match show_rule(condition) {
        ShowRule::Always => RuleView::empty("always"),
        ShowRule::Between { question, min, max } => RuleView {
            question,
            min: bound(min),
            max: bound(max),
            ..RuleView::empty("between")
        },
        ShowRule::AnyOf { question, options } => RuleView {
            options: options.iter().map(|o| format!("{question}:{o}")).collect(),
            question,
            ..RuleView::empty("any_of")
        },
        ShowRule::Answered { question } => RuleView {
            question,
            ..RuleView::empty("answered")
        },
        ShowRule::Group { join, terms } => RuleView {
            join: join.as_str(),
            rows: terms.iter().map(row_of).collect(),
            ..RuleView::empty("group")
        },
        ShowRule::Kept => {
            let mut kept = Vec::new();
            if let Some(c) = condition {
                describe(c, 0, tr, names, &mut kept);
            }
            RuleView {
                kept,
                kept_json: condition.map(|c| c.to_string()).unwrap_or_default(),
                ..RuleView::empty("kept")
            }
        }
    };
    pad(&mut view.rows);
    view
}

/// A condition in words, one line per condition, nested conditions one level deeper.
fn describe(
    condition: &Value,
    depth: usize,
    tr: Tr,
    names: &Names<'_>,
    out: &mut Vec<(usize, String)>,
) {
    let Some(map) = condition.as_object() else {
        out.push((depth, condition.to_string()));
        return;
    };
    let list = |key: &str| -> Vec<String> {
        map.get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (key, heading) in [("all", tr.desc_all()), ("any", tr.desc_any())] {
        if let Some(items) = map.get(key).and_then(Value::as_array) {
            out.push((depth, heading.to_owned()));
            for item in items {
                describe(item, depth + 1, tr, names, out);
            }
            return;
        }
    }
    if let Some(inner) = map.get("not") {
        out.push((depth, tr.desc_not().to_owned()));
        describe(inner, depth + 1, tr, names, out);
        return;
    }
    if map.contains_key("language") {
        let languages: Vec<String> = list("language")
            .iter()
            .map(|l| wording::language_name(l).unwrap_or(l).to_owned())
            .collect();
        out.push((
            depth,
            format!("{} {}", tr.cond_language(), languages.join(", ")),
        ));
        return;
    }
    let id = map.get("question").and_then(Value::as_str).unwrap_or("");
    let question = (names.question)(id);
    let text = if map.contains_key("any_of") {
        let options: Vec<String> = list("any_of")
            .iter()
            .map(|o| (names.option)(id, o))
            .collect();
        format!("{question}: {} {}", tr.cond_any_of(), options.join(", "))
    } else if let Some(answered) = map.get("answered") {
        let said = if answered.as_bool() == Some(false) {
            tr.desc_unanswered()
        } else {
            tr.desc_answered()
        };
        format!("{question}: {said}")
    } else {
        let number = |key: &str| map.get(key).map(Value::to_string);
        let range = match (number("min"), number("max")) {
            (Some(min), Some(max)) => {
                format!("{} {min} {} {max}", tr.from_score(), tr.to_score())
            }
            (Some(min), None) => format!("{} {min}", tr.desc_at_least()),
            (None, Some(max)) => format!("{} {max}", tr.desc_at_most()),
            (None, None) => String::new(),
        };
        format!("{} {question}: {range}", tr.cond_score())
    };
    out.push((depth, text));
}

// ---------------------------------------------------------------------------------------------
// What was typed, shown again when a save fails

fn sent(fields: &Fields, name: &str) -> String {
    field(fields, name).unwrap_or("").to_owned()
}

fn all_sent(fields: &Fields, name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The value a row's test menu offers for what was sent (`""` for anything else).
fn test_value(sent: &str) -> &'static str {
    match sent {
        "between" => "between",
        "any_of" => "any_of",
        "answered" => "answered",
        "language" => "language",
        _ => "",
    }
}

/// The condition rows as the form sent them (numbered from 0 without gaps).
fn sent_rows(fields: &Fields, prefix: &str) -> Vec<ConditionRow> {
    let mut rows = Vec::new();
    for n in 0..MAX_CONDITION_ROWS {
        let name = |suffix: &str| format!("{prefix}_c{n}_{suffix}");
        let Some(test) = field(fields, &name("test")) else {
            break;
        };
        rows.push(ConditionRow {
            test: test_value(test),
            negated: field(fields, &name("not")).is_some(),
            question: sent(fields, &name("question")),
            min: sent(fields, &name("min")),
            max: sent(fields, &name("max")),
            options: all_sent(fields, &name("options")),
            languages: all_sent(fields, &name("languages")),
            slot: Slot::default(),
        });
    }
    rows
}

/// A rule's menus as the form sent them, numbers as typed.
pub(super) fn overlay_rule(rule: &mut RuleView, fields: &Fields, prefix: &str) {
    let chosen = match field(fields, prefix).unwrap_or("always") {
        "between" => "between",
        "answered" => "answered",
        "any_of" => "any_of",
        "group" => "group",
        // A rule the menus cannot show is kept as it is stored.
        "kept" => return,
        _ => "always",
    };
    rule.rule = chosen;
    rule.question = sent(fields, &format!("{prefix}_question"));
    rule.min = sent(fields, &format!("{prefix}_min"));
    rule.max = sent(fields, &format!("{prefix}_max"));
    rule.options = all_sent(fields, &format!("{prefix}_options"));
    rule.join = match field(fields, &format!("{prefix}_join")) {
        Some("any") => "any",
        _ => "all",
    };
    let rows = sent_rows(fields, prefix);
    if !rows.is_empty() {
        rule.rows = rows;
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the forms

/// The document key of a rule's prefix, for the paths of its problems.
fn key_of(prefix: &str) -> &'static str {
    if prefix == "end" { "end_if" } else { "show_if" }
}

/// The options picked in checkboxes named `name` (`question:option` values), all of one
/// question: (question, options).
fn picked_options(
    fields: &Fields,
    name: &str,
    problem: &dyn Fn(FormCode, &str) -> Box<Problem>,
) -> Result<(String, Vec<String>), Box<Problem>> {
    let picked: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| k == name)
        .filter_map(|(_, v)| v.split_once(':'))
        .collect();
    let Some((question, _)) = picked.first() else {
        return Err(problem(
            FormCode::RuleNeedsAnswer,
            "pick at least one answer",
        ));
    };
    if picked.iter().any(|(q, _)| q != question) {
        return Err(problem(
            FormCode::RuleOneQuestion,
            "pick answers of one question",
        ));
    }
    Ok((
        (*question).to_owned(),
        picked.iter().map(|(_, o)| (*o).to_owned()).collect(),
    ))
}

/// A "show this question when…" (`prefix` = `rule`) or "end the survey when…" (`end`) rule
/// from the builder's menus.
pub(super) fn rule_of(fields: &Fields, prefix: &str) -> Result<ShowRule, Box<Problem>> {
    let part = if prefix == "end" {
        Part::EndIf
    } else {
        Part::ShowIf
    };
    let problem = |code: FormCode, technical: &str| {
        form_problem(
            code,
            in_form(fields, part),
            format!("{}: {technical}", key_of(prefix)),
        )
    };
    let rule_question = sent(fields, &format!("{prefix}_question"));
    let rule = match field(fields, prefix).unwrap_or("always") {
        "between" if !rule_question.is_empty() => {
            let (min, max) = (
                optional_number(fields, &format!("{prefix}_min"), part)?,
                optional_number(fields, &format!("{prefix}_max"), part)?,
            );
            if min.is_none() && max.is_none() {
                return Err(problem(
                    FormCode::RuleNeedsBound,
                    "give the lowest or the highest score (or both)",
                ));
            }
            ShowRule::Between {
                question: rule_question,
                min,
                max,
            }
        }
        "answered" if !rule_question.is_empty() => ShowRule::Answered {
            question: rule_question,
        },
        "any_of" => {
            let (question, options) =
                picked_options(fields, &format!("{prefix}_options"), &problem)?;
            ShowRule::AnyOf { question, options }
        }
        "group" => group_of(fields, prefix, part)?,
        "kept" => ShowRule::Kept,
        "always" => ShowRule::Always,
        _ => {
            return Err(problem(
                FormCode::RuleNeedsQuestion,
                "choose the question the rule reads",
            ));
        }
    };
    Ok(rule)
}

/// A group of conditions from its rows; rows without a test are skipped. A problem of a row
/// names the condition by its place among the filled rows (`show_if.any[1]`), as validation
/// does, so that it is shown beside that row.
fn group_of(fields: &Fields, prefix: &str, part: Part) -> Result<ShowRule, Box<Problem>> {
    let join =
        Join::parse(field(fields, &format!("{prefix}_join")).unwrap_or("all")).unwrap_or_default();
    let mut terms = Vec::new();
    for n in 0..MAX_CONDITION_ROWS {
        let name = |suffix: &str| format!("{prefix}_c{n}_{suffix}");
        let Some(test) = field(fields, &name("test")) else {
            break;
        };
        let path = format!("{}.{}[{}]", key_of(prefix), join.as_str(), terms.len());
        let problem = |code: FormCode, technical: &str| {
            form_problem(code, in_form(fields, part), format!("{path}: {technical}"))
        };
        let question = sent(fields, &name("question"));
        let needs_question = || {
            if question.is_empty() {
                Err(problem(
                    FormCode::RuleNeedsQuestion,
                    "choose the question the condition reads",
                ))
            } else {
                Ok(question.clone())
            }
        };
        let number = |suffix: &str| {
            optional_number(fields, &name(suffix), part).map_err(|mut p| {
                p.technical = format!("{path}: {}", p.technical);
                p
            })
        };
        let test = match test {
            "" => continue,
            "between" => {
                let question = needs_question()?;
                let (min, max) = (number("min")?, number("max")?);
                if min.is_none() && max.is_none() {
                    return Err(problem(
                        FormCode::RuleNeedsBound,
                        "give the lowest or the highest score (or both)",
                    ));
                }
                Test::Score { question, min, max }
            }
            "any_of" => {
                let (question, options) = picked_options(fields, &name("options"), &problem)?;
                Test::Chosen { question, options }
            }
            "answered" => Test::Answered {
                question: needs_question()?,
            },
            "language" => {
                let languages = all_sent(fields, &name("languages"));
                if languages.is_empty() {
                    return Err(problem(
                        FormCode::RuleNeedsLanguage,
                        "pick at least one language",
                    ));
                }
                Test::Language { languages }
            }
            _ => {
                return Err(problem(
                    FormCode::RuleNeedsQuestion,
                    "choose what the condition tests",
                ));
            }
        };
        terms.push(Term {
            negated: field(fields, &name("not")).is_some(),
            test,
        });
    }
    if terms.is_empty() {
        return Err(form_problem(
            FormCode::RuleNeedsCondition,
            in_form(fields, part),
            format!("{}: add at least one condition", key_of(prefix)),
        ));
    }
    Ok(ShowRule::Group { join, terms })
}

/// The condition of a group a problem is about, from its technical path
/// (`questions[1].show_if.any[2].max: …` is the third): `None` outside a group.
pub(super) fn term_index(technical: &str) -> Option<usize> {
    let path = technical.split(": ").next()?;
    let rest = path
        .split_once("show_if.")
        .or_else(|| path.split_once("end_if."))?
        .1;
    let segment = rest.split('.').next()?;
    segment
        .strip_prefix("all[")
        .or_else(|| segment.strip_prefix("any["))?
        .strip_suffix(']')?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::i18n::UiLang;
    use crate::admin::problems::What;
    use serde_json::json;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_group_is_read_from_its_rows() {
        let form = fields(&[
            ("question", "why"),
            ("rule", "group"),
            ("rule_join", "any"),
            ("rule_c0_test", "between"),
            ("rule_c0_question", "nps"),
            ("rule_c0_max", "6"),
            ("rule_c1_test", ""),
            ("rule_c1_min", "3"),
            ("rule_c2_test", "language"),
            ("rule_c2_not", "on"),
            ("rule_c2_languages", "he"),
            ("rule_c3_test", "any_of"),
            ("rule_c3_options", "reason:price"),
            ("rule_c3_options", "reason:other"),
        ]);
        assert_eq!(
            rule_of(&form, "rule").unwrap(),
            ShowRule::Group {
                join: Join::Any,
                terms: vec![
                    Term {
                        negated: false,
                        test: Test::Score {
                            question: "nps".into(),
                            min: None,
                            max: Some(6)
                        }
                    },
                    Term {
                        negated: true,
                        test: Test::Language {
                            languages: vec!["he".into()]
                        }
                    },
                    Term {
                        negated: false,
                        test: Test::Chosen {
                            question: "reason".into(),
                            options: vec!["price".into(), "other".into()]
                        }
                    },
                ]
            }
        );
        // A row's problem names its condition among the filled rows.
        let mut bad = form.clone();
        bad.push(("rule_c4_test".into(), "language".into()));
        let problem = rule_of(&bad, "rule").unwrap_err();
        assert_eq!(problem.what, What::Form(FormCode::RuleNeedsLanguage));
        assert_eq!(term_index(&problem.technical), Some(3));
        let mut bad = form.clone();
        bad[6].1 = "between".into(); // row 1: a score test without its question
        let problem = rule_of(&bad, "rule").unwrap_err();
        assert_eq!(term_index(&problem.technical), Some(1));
        assert_eq!(problem.what, What::Form(FormCode::RuleNeedsQuestion));
        let empty = fields(&[("rule", "group"), ("rule_c0_test", "")]);
        assert_eq!(
            rule_of(&empty, "rule").unwrap_err().what,
            What::Form(FormCode::RuleNeedsCondition)
        );
    }

    #[test]
    fn stored_rules_are_shown_in_the_menus() {
        let tr = Tr(UiLang::En);
        let question = |id: &str| format!("“{id}”");
        let option = |_: &str, o: &str| o.to_uppercase();
        let name = Names {
            question: &question,
            option: &option,
        };
        let view = rule_view(
            Some(&json!({"all": [{"question": "nps", "min": 9}, {"not": {"language": ["pl"]}}]})),
            tr,
            &name,
        );
        assert_eq!((view.rule, view.join), ("group", "all"));
        assert_eq!(view.rows.len(), 3, "two conditions and an empty row");
        assert_eq!(view.rows[0].min, "9");
        assert!(view.rows[1].negated && view.rows[1].languages == ["pl"]);
        assert_eq!(view.filled_rows(), [0, 1]);
        let view = rule_view(None, tr, &name);
        assert_eq!((view.rule, view.rows.len()), ("always", 2));
        let deep = json!({"all": [{"question": "nps", "max": 8},
            {"any": [{"question": "reason", "any_of": ["price"]}, {"language": ["pl"]}]}]});
        let view = rule_view(Some(&deep), tr, &name);
        assert_eq!(view.rule, "kept");
        assert_eq!(
            view.kept,
            [
                (0, "all of these hold:".to_owned()),
                (1, "the score of “nps”: at most 8".to_owned()),
                (1, "any of these hold:".to_owned()),
                (2, "“reason”: the answer is one of PRICE".to_owned()),
                (2, "the language is one of Polski".to_owned()),
            ]
        );
        assert_eq!(
            term_index("questions[1].show_if.any[2].not.max: x"),
            Some(2)
        );
        assert_eq!(term_index("questions[1].end_if: x"), None);
    }
}
