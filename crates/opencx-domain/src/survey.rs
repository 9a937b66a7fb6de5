//! Survey definitions: the document a CX manager writes (JSON or YAML), parsed into typed form.
//!
//! Parsing reports *every* problem at once, each with its location
//! (`questions[3].show_if: refers to unknown question "q9"`), so that a person fixing a
//! definition sees the whole list in one go. The format is documented in `docs/survey-format.md`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::lang::{self, Translated};
pub use crate::problem::{Location, Part, ProblemCode};

/// Most questions one survey may have; beyond this a survey is no longer a survey.
pub const MAX_QUESTIONS: usize = 200;
/// Most options one choice question may have.
pub const MAX_OPTIONS: usize = 100;
/// Longest text accepted anywhere in a definition (question text, option label...).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Default and upper limit for short-text answers, in characters.
pub const SHORT_TEXT_MAX: u32 = 500;
/// Default and upper limit for long-text answers, in characters.
pub const LONG_TEXT_MAX: u32 = 10_000;

/// A parsed, valid survey definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyDefinition {
    /// Survey title shown on the page and in lists.
    pub title: Translated,
    /// The language texts fall back to, and the one plain-string texts are written in.
    pub default_language: String,
    /// Every language the survey is offered in (the default first).
    pub languages: Vec<String>,
    /// Optional introduction shown above the first question.
    pub intro: Option<Translated>,
    /// Optional text on the thank-you page.
    pub thanks: Option<Translated>,
    /// After this moment (RFC 3339, UTC milliseconds here) the survey takes no answers.
    pub closes_at_ms: Option<i64>,
    /// After this many completed responses the survey closes itself.
    pub response_quota: Option<i64>,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

/// One question of a survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Stable identifier, unique in the survey: `[a-z0-9_-]`, 1–40 characters.
    pub id: String,
    /// What is asked and how it is answered.
    pub kind: QuestionKind,
    /// The question text; `None` uses the kind's default wording.
    pub text: Option<Translated>,
    /// Optional help text under the question.
    pub help: Option<Translated>,
    /// Whether a respondent must answer it (when it is shown).
    pub required: bool,
    /// Show the question only when this holds for earlier answers.
    pub show_if: Option<Condition>,
    /// End the survey after this question when this holds.
    pub end_if: Option<Condition>,
}

/// The kinds of question and their settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Net Promoter Score, 0–10.
    Nps {
        /// Label under 0 (default "Not at all likely").
        low_label: Option<Translated>,
        /// Label under 10 (default "Extremely likely").
        high_label: Option<Translated>,
    },
    /// Customer satisfaction on a 1–5 or 1–7 scale.
    Csat { scale: u8 },
    /// Customer effort score.
    Ces { variant: CesVariant },
    /// Stars or points, 1–5 or 1–10.
    Rating { scale: u8 },
    /// Pick one option.
    SingleChoice { options: Vec<ChoiceOption> },
    /// Pick one or more options.
    MultipleChoice {
        options: Vec<ChoiceOption>,
        min_choices: Option<u32>,
        max_choices: Option<u32>,
    },
    /// Yes or no.
    YesNo,
    /// One line of text.
    ShortText { max_length: u32 },
    /// A paragraph of text.
    LongText { max_length: u32 },
    /// Contact details: some of name, email and phone.
    Contact { fields: Vec<ContactField> },
}

/// The two forms of the customer effort question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CesVariant {
    /// Five labelled options, stored 1 (very difficult) … 5 (very easy).
    FiveOption,
    /// "The company made it easy for me…", 1 (strongly disagree) … 7 (strongly agree).
    Agreement7,
}

impl CesVariant {
    /// The name used in definitions.
    pub fn as_str(self) -> &'static str {
        match self {
            CesVariant::FiveOption => "five_option",
            CesVariant::Agreement7 => "agreement_7",
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceOption {
    /// Stable identifier stored with answers.
    pub id: String,
    /// Label shown to respondents.
    pub label: Translated,
}

/// A field of a contact question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactField {
    Name,
    Email,
    Phone,
}

impl ContactField {
    /// The name used in definitions, forms and stored answers.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactField::Name => "name",
            ContactField::Email => "email",
            ContactField::Phone => "phone",
        }
    }
}

/// A condition on earlier answers and the respondent's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A scored answer lies in `min..=max` (either bound optional).
    Score {
        question: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A choice or yes/no answer picked one of these option ids (`yes`/`no` for yes/no).
    Chosen {
        question: String,
        any_of: Vec<String>,
    },
    /// The question was answered (`true`) or left empty (`false`).
    Answered { question: String, answered: bool },
    /// The respondent answers in one of these languages.
    Language { any_of: Vec<String> },
}

impl Condition {
    /// The questions this condition reads.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().flat_map(|c| c.questions()).collect()
            }
            Condition::Not(c) => c.questions(),
            Condition::Score { question, .. }
            | Condition::Chosen { question, .. }
            | Condition::Answered { question, .. } => vec![question.as_str()],
            Condition::Language { .. } => Vec::new(),
        }
    }
}

impl QuestionKind {
    /// Whether answers are free text written by the respondent (short or long), the answers
    /// text analytics reads.
    pub fn is_open_text(&self) -> bool {
        matches!(
            self,
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. }
        )
    }

    /// The name of the kind as written in definitions.
    pub fn tag(&self) -> &'static str {
        match self {
            QuestionKind::Nps { .. } => "nps",
            QuestionKind::Csat { .. } => "csat",
            QuestionKind::Ces { .. } => "ces",
            QuestionKind::Rating { .. } => "rating",
            QuestionKind::SingleChoice { .. } => "single_choice",
            QuestionKind::MultipleChoice { .. } => "multiple_choice",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::ShortText { .. } => "short_text",
            QuestionKind::LongText { .. } => "long_text",
            QuestionKind::Contact { .. } => "contact",
        }
    }

    /// The inclusive range of a scored kind, `None` for kinds without a score.
    pub fn score_range(&self) -> Option<(i64, i64)> {
        match self {
            QuestionKind::Nps { .. } => Some((0, 10)),
            QuestionKind::Csat { scale } | QuestionKind::Rating { scale } => {
                Some((1, i64::from(*scale)))
            }
            QuestionKind::Ces {
                variant: CesVariant::FiveOption,
            } => Some((1, 5)),
            QuestionKind::Ces {
                variant: CesVariant::Agreement7,
            } => Some((1, 7)),
            _ => None,
        }
    }

    /// Option ids a `chosen` condition may name: choice options, or `yes`/`no`.
    pub fn option_ids(&self) -> Option<Vec<&str>> {
        match self {
            QuestionKind::SingleChoice { options }
            | QuestionKind::MultipleChoice { options, .. } => {
                Some(options.iter().map(|o| o.id.as_str()).collect())
            }
            QuestionKind::YesNo => Some(vec!["yes", "no"]),
            _ => None,
        }
    }
}

/// Every question kind, as written in definitions.
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

/// One problem found in a definition: where it is and what is wrong, both as text for people
/// who write the document (`path`, `message`) and as data a user interface can translate
/// (`code`, `location`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefinitionError {
    /// Location in the document, e.g. `questions[3].show_if`.
    pub path: String,
    /// What is wrong there, in English.
    pub message: String,
    /// What is wrong, as a code.
    pub code: ProblemCode,
    /// Where, as data.
    pub location: Location,
}

impl std::fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a rejected definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("the survey definition has {} problem(s): {}", .0.len(), .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
pub struct DefinitionErrors(pub Vec<DefinitionError>);

/// Collects problems while walking a document. The walk says where it is (`at`, `in_question`)
/// before each part, so each problem gets its [`Location`] without every call naming it.
struct Errors {
    found: Vec<DefinitionError>,
    question: Option<(usize, Option<String>)>,
    part: Part,
}

impl Errors {
    fn new() -> Errors {
        Errors {
            found: Vec::new(),
            question: None,
            part: Part::Survey,
        }
    }

    /// The walk is now in this part (of the current question, if any).
    fn at(&mut self, part: Part) {
        self.part = part;
    }

    /// The walk is now in the question at `index` (`None`: outside the questions).
    fn in_question(&mut self, question: Option<(usize, Option<&str>)>, part: Part) {
        self.question = question.map(|(i, id)| (i, id.map(str::to_owned)));
        self.part = part;
    }

    /// A problem the document's writer alone can make (see [`ProblemCode::Malformed`]).
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.report(path, ProblemCode::Malformed, message);
    }

    /// A problem with its code.
    fn report(&mut self, path: impl Into<String>, code: ProblemCode, message: impl Into<String>) {
        self.report_in(path, None, code, message);
    }

    /// A problem with its code, in one language's text.
    fn report_in(
        &mut self,
        path: impl Into<String>,
        language: Option<&str>,
        code: ProblemCode,
        message: impl Into<String>,
    ) {
        let location = Location {
            question: self.question.as_ref().map(|(i, _)| *i),
            question_id: self.question.as_ref().and_then(|(_, id)| id.clone()),
            part: self.part,
            language: language.map(str::to_owned),
        };
        self.found.push(DefinitionError {
            path: path.into(),
            message: message.into(),
            code,
            location,
        });
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reports keys of `object` not in `known`.
fn unknown_keys(object: &Map<String, Value>, known: &[&str], path: &str, errors: &mut Errors) {
    for key in object.keys() {
        if !known.contains(&key.as_str()) {
            errors.push(
                join(path, key),
                format!(
                    "unknown field \"{key}\" (expected one of: {})",
                    known.join(", ")
                ),
            );
        }
    }
}

/// Names the respondent page's form uses itself; a question with one of these ids could not be
/// answered there.
pub const RESERVED_QUESTION_IDS: [&str; 5] = ["t", "q", "lang", "action", "channel"];

/// Whether `id` is a valid question or option identifier.
pub fn is_valid_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

struct Parser<'a> {
    errors: Errors,
    default_language: &'a str,
    languages: &'a [String],
}

impl Parser<'_> {
    /// A translatable text: a plain string (in the default language) or `{lang: text}`.
    fn text(&mut self, value: &Value, path: &str) -> Option<Translated> {
        let check = |lang: &str, text: &str, path: String, errors: &mut Errors| {
            let here = Some(lang);
            if text.trim().is_empty() {
                errors.report_in(
                    path.clone(),
                    here,
                    ProblemCode::EmptyText,
                    "must not be empty",
                );
            }
            if text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                errors.report_in(
                    path.clone(),
                    here,
                    ProblemCode::ControlCharacters,
                    "must not contain control characters",
                );
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                errors.report_in(
                    path.clone(),
                    here,
                    ProblemCode::TextTooLong {
                        max: MAX_TEXT_CHARS,
                    },
                    format!("is longer than {MAX_TEXT_CHARS} characters"),
                );
            }
            if !self.languages.iter().any(|l| l == lang) {
                errors.report_in(
                    path,
                    here,
                    ProblemCode::LanguageNotOffered {
                        language: lang.to_owned(),
                    },
                    format!(
                        "translation for \"{lang}\", which is not among the survey's languages ({})",
                        self.languages.join(", ")
                    ),
                );
            }
        };
        match value {
            Value::String(s) => {
                check(self.default_language, s, path.to_owned(), &mut self.errors);
                Some(Translated::single(self.default_language, s))
            }
            Value::Object(map) => {
                let mut out = BTreeMap::new();
                for (lang, text) in map {
                    let here = join(path, lang);
                    match text {
                        Value::String(s) => {
                            check(lang, s, here, &mut self.errors);
                            out.insert(lang.clone(), s.clone());
                        }
                        other => self
                            .errors
                            .push(here, format!("must be a string, not {}", type_name(other))),
                    }
                }
                if !out.contains_key(self.default_language) && !out.is_empty() {
                    self.errors.report_in(
                        path,
                        Some(self.default_language),
                        ProblemCode::NoDefaultLanguageText {
                            default_language: self.default_language.to_owned(),
                        },
                        format!(
                            "has no text in the default language \"{}\"",
                            self.default_language
                        ),
                    );
                }
                if out.is_empty() {
                    self.errors.report(
                        path,
                        ProblemCode::EmptyText,
                        "must have at least one translation",
                    );
                    return None;
                }
                Some(Translated(out))
            }
            other => {
                self.errors.push(
                    path,
                    format!(
                        "must be a string or an object of translations, not {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    fn optional_text(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<Translated> {
        let part = match key {
            "intro" => Part::Intro,
            "thanks" => Part::Thanks,
            "help" => Part::Help,
            "low_label" => Part::LowLabel,
            "high_label" => Part::HighLabel,
            _ => Part::Text,
        };
        self.errors.at(part);
        object.get(key).and_then(|v| self.text(v, &join(path, key)))
    }

    fn boolean(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
        default: bool,
    ) -> bool {
        match object.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.errors.push(
                    join(path, key),
                    format!("must be true or false, not {}", type_name(other)),
                );
                default
            }
        }
    }

    fn integer(&mut self, value: &Value, path: &str) -> Option<i64> {
        match value.as_i64() {
            Some(n) => Some(n),
            None => {
                self.errors.push(
                    path,
                    format!("must be a whole number, not {}", type_name(value)),
                );
                None
            }
        }
    }

    fn question(&mut self, index: usize, value: &Value, path: &str) -> Option<Question> {
        let raw_id = value.get("id").and_then(Value::as_str);
        self.errors
            .in_question(Some((index, raw_id)), Part::Question);
        let Value::Object(object) = value else {
            self.errors
                .push(path, format!("must be an object, not {}", type_name(value)));
            return None;
        };
        self.errors.at(Part::Id);
        let id = match object.get("id") {
            Some(Value::String(id)) if RESERVED_QUESTION_IDS.contains(&id.as_str()) => {
                self.errors.report(
                    join(path, "id"),
                    ProblemCode::ReservedId,
                    format!(
                        "\"{id}\" is reserved (not usable as a question id: {})",
                        RESERVED_QUESTION_IDS.join(", ")
                    ),
                );
                None
            }
            Some(Value::String(id)) if is_valid_id(id) => Some(id.clone()),
            Some(Value::String(id)) => {
                self.errors.report(
                    join(path, "id"),
                    ProblemCode::InvalidId,
                    format!("\"{id}\" is not a valid id (use 1–40 characters a-z, 0-9, _ or -)"),
                );
                None
            }
            Some(other) => {
                self.errors.push(
                    join(path, "id"),
                    format!("must be a string, not {}", type_name(other)),
                );
                None
            }
            None => {
                self.errors
                    .report(path, ProblemCode::Missing, "is missing its \"id\"");
                None
            }
        };
        self.errors.at(Part::Kind);
        let kind_name = match object.get("kind") {
            Some(Value::String(k)) => Some(k.as_str()),
            Some(other) => {
                self.errors.push(
                    join(path, "kind"),
                    format!("must be a string, not {}", type_name(other)),
                );
                None
            }
            None => {
                self.errors.report(
                    path,
                    ProblemCode::Missing,
                    format!("is missing its \"kind\" (one of: {})", KINDS.join(", ")),
                );
                None
            }
        };
        let common = [
            "id", "kind", "text", "help", "required", "show_if", "end_if",
        ];
        let (kind, extra): (Option<QuestionKind>, &[&str]) = match kind_name {
            Some("nps") => (
                Some(QuestionKind::Nps {
                    low_label: self.optional_text(object, "low_label", path),
                    high_label: self.optional_text(object, "high_label", path),
                }),
                &["low_label", "high_label"],
            ),
            Some("csat") => (
                self.scale(object, path, &[5, 7], 5)
                    .map(|scale| QuestionKind::Csat { scale }),
                &["scale"],
            ),
            Some("rating") => (
                self.scale(object, path, &[5, 10], 5)
                    .map(|scale| QuestionKind::Rating { scale }),
                &["scale"],
            ),
            Some("ces") => {
                self.errors.at(Part::Variant);
                let variant = match object.get("variant") {
                    None => Some(CesVariant::FiveOption),
                    Some(Value::String(v)) if v == "five_option" => Some(CesVariant::FiveOption),
                    Some(Value::String(v)) if v == "agreement_7" => Some(CesVariant::Agreement7),
                    Some(other) => {
                        self.errors.push(
                            join(path, "variant"),
                            format!("must be \"five_option\" or \"agreement_7\", not {other}"),
                        );
                        None
                    }
                };
                (
                    variant.map(|variant| QuestionKind::Ces { variant }),
                    &["variant"],
                )
            }
            Some("single_choice") => (
                self.options(object, path)
                    .map(|options| QuestionKind::SingleChoice { options }),
                &["options"],
            ),
            Some("multiple_choice") => {
                let options = self.options(object, path);
                self.errors.at(Part::ChoiceLimits);
                let min = object
                    .get("min_choices")
                    .and_then(|v| self.integer(v, &join(path, "min_choices")));
                let max = object
                    .get("max_choices")
                    .and_then(|v| self.integer(v, &join(path, "max_choices")));
                let count = options.as_ref().map_or(0, |o| o.len() as i64);
                for (key, bound) in [("min_choices", min), ("max_choices", max)] {
                    if let Some(b) = bound
                        && (b < 1 || (options.is_some() && b > count))
                    {
                        self.errors.report(
                            join(path, key),
                            ProblemCode::ChoiceLimit {
                                options: count as usize,
                            },
                            format!("must be between 1 and the number of options ({count})"),
                        );
                    }
                }
                if let (Some(lo), Some(hi)) = (min, max)
                    && lo > hi
                {
                    self.errors.report(
                        join(path, "min_choices"),
                        ProblemCode::ChoiceLimitsReversed,
                        "must not be greater than max_choices",
                    );
                }
                (
                    options.map(|options| QuestionKind::MultipleChoice {
                        options,
                        min_choices: min.map(|v| v.clamp(0, u32::MAX as i64) as u32),
                        max_choices: max.map(|v| v.clamp(0, u32::MAX as i64) as u32),
                    }),
                    &["options", "min_choices", "max_choices"],
                )
            }
            Some("yes_no") => (Some(QuestionKind::YesNo), &[]),
            Some("short_text") => (
                self.max_length(object, path, SHORT_TEXT_MAX)
                    .map(|max_length| QuestionKind::ShortText { max_length }),
                &["max_length"],
            ),
            Some("long_text") => (
                self.max_length(object, path, LONG_TEXT_MAX)
                    .map(|max_length| QuestionKind::LongText { max_length }),
                &["max_length"],
            ),
            Some("contact") => (
                self.contact_fields(object, path)
                    .map(|fields| QuestionKind::Contact { fields }),
                &["fields"],
            ),
            Some(other) => {
                self.errors.push(
                    join(path, "kind"),
                    format!(
                        "unknown question kind \"{other}\" (one of: {})",
                        KINDS.join(", ")
                    ),
                );
                (None, &[])
            }
            None => (None, &[]),
        };
        if kind_name.is_some_and(|k| KINDS.contains(&k)) {
            self.errors.at(Part::Question);
            let known: Vec<&str> = common.iter().chain(extra.iter()).copied().collect();
            unknown_keys(object, &known, path, &mut self.errors);
        }
        let text = self.optional_text(object, "text", path);
        let help = self.optional_text(object, "help", path);
        self.errors.at(Part::Required);
        let required = self.boolean(object, "required", path, false);
        // Conditions are parsed here and checked against other questions once all are known.
        self.errors.at(Part::ShowIf);
        let show_if = object
            .get("show_if")
            .and_then(|v| self.condition(v, &join(path, "show_if")));
        self.errors.at(Part::EndIf);
        let end_if = object
            .get("end_if")
            .and_then(|v| self.condition(v, &join(path, "end_if")));
        Some(Question {
            id: id?,
            kind: kind?,
            text,
            help,
            required,
            show_if,
            end_if,
        })
    }

    fn scale(
        &mut self,
        object: &Map<String, Value>,
        path: &str,
        allowed: &[i64],
        default: u8,
    ) -> Option<u8> {
        self.errors.at(Part::Scale);
        match object.get("scale") {
            None => Some(default),
            Some(v) => match v.as_i64() {
                Some(s) if allowed.contains(&s) => Some(s as u8),
                _ => {
                    let allowed: Vec<String> = allowed.iter().map(i64::to_string).collect();
                    self.errors.push(
                        join(path, "scale"),
                        format!("must be {}, not {v}", allowed.join(" or ")),
                    );
                    None
                }
            },
        }
    }

    fn max_length(&mut self, object: &Map<String, Value>, path: &str, limit: u32) -> Option<u32> {
        self.errors.at(Part::MaxLength);
        match object.get("max_length") {
            None => Some(limit),
            Some(v) => match v.as_i64() {
                Some(n) if (1..=i64::from(limit)).contains(&n) => Some(n as u32),
                _ => {
                    self.errors.push(
                        join(path, "max_length"),
                        format!("must be a whole number from 1 to {limit}, not {v}"),
                    );
                    None
                }
            },
        }
    }

    fn contact_fields(
        &mut self,
        object: &Map<String, Value>,
        path: &str,
    ) -> Option<Vec<ContactField>> {
        self.errors.at(Part::ContactFields);
        let all = vec![ContactField::Name, ContactField::Email, ContactField::Phone];
        let Some(value) = object.get("fields") else {
            return Some(all);
        };
        let here = join(path, "fields");
        let Value::Array(items) = value else {
            self.errors
                .push(here, "must be a list of \"name\", \"email\", \"phone\"");
            return None;
        };
        let mut fields = BTreeSet::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let field = match item.as_str() {
                Some("name") => ContactField::Name,
                Some("email") => ContactField::Email,
                Some("phone") => ContactField::Phone,
                _ => {
                    self.errors.push(
                        format!("{here}[{i}]"),
                        format!("must be \"name\", \"email\" or \"phone\", not {item}"),
                    );
                    ok = false;
                    continue;
                }
            };
            if !fields.insert(field) {
                self.errors.push(
                    format!("{here}[{i}]"),
                    format!("\"{}\" is listed twice", field.as_str()),
                );
                ok = false;
            }
        }
        if fields.is_empty() {
            self.errors.report(
                here,
                ProblemCode::NoContactField,
                "must name at least one field",
            );
            return None;
        }
        ok.then(|| fields.into_iter().collect())
    }

    fn options(&mut self, object: &Map<String, Value>, path: &str) -> Option<Vec<ChoiceOption>> {
        let here = join(path, "options");
        self.errors.at(Part::Options);
        let Some(Value::Array(items)) = object.get("options") else {
            self.errors.push(
                here,
                "must be a list of options, each {\"id\": ..., \"label\": ...}",
            );
            return None;
        };
        if items.len() < 2 || items.len() > MAX_OPTIONS {
            self.errors.report(
                here.clone(),
                ProblemCode::OptionCount {
                    found: items.len(),
                    max: MAX_OPTIONS,
                },
                format!(
                    "must have from 2 to {MAX_OPTIONS} options, not {}",
                    items.len()
                ),
            );
        }
        let mut seen = BTreeSet::new();
        let mut options = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{here}[{i}]");
            self.errors.at(Part::Option(i));
            let Value::Object(option) = item else {
                self.errors.push(
                    item_path,
                    format!("must be an object, not {}", type_name(item)),
                );
                continue;
            };
            unknown_keys(option, &["id", "label"], &item_path, &mut self.errors);
            let id = match option.get("id").and_then(Value::as_str) {
                Some(id) if is_valid_id(id) => {
                    if !seen.insert(id.to_owned()) {
                        self.errors.report(
                            join(&item_path, "id"),
                            ProblemCode::DuplicateId,
                            format!("\"{id}\" is used by another option"),
                        );
                    }
                    Some(id.to_owned())
                }
                Some(id) => {
                    self.errors.report(
                        join(&item_path, "id"),
                        ProblemCode::InvalidId,
                        format!("\"{id}\" is not a valid id (use a-z, 0-9, _ or -)"),
                    );
                    None
                }
                None => {
                    self.errors.report(
                        item_path.clone(),
                        ProblemCode::Missing,
                        "is missing its \"id\"",
                    );
                    None
                }
            };
            let label = match option.get("label") {
                Some(v) => self.text(v, &join(&item_path, "label")),
                None => {
                    self.errors.report(
                        item_path.clone(),
                        ProblemCode::Missing,
                        "is missing its \"label\"",
                    );
                    None
                }
            };
            if let (Some(id), Some(label)) = (id, label) {
                options.push(ChoiceOption { id, label });
            }
        }
        (options.len() == items.len()).then_some(options)
    }

    fn condition(&mut self, value: &Value, path: &str) -> Option<Condition> {
        let Value::Object(object) = value else {
            self.errors
                .push(path, format!("must be an object, not {}", type_name(value)));
            return None;
        };
        let list = |this: &mut Self, key: &str| -> Option<Vec<Condition>> {
            let here = join(path, key);
            let Some(Value::Array(items)) = object.get(key) else {
                this.errors.push(here, "must be a list of conditions");
                return None;
            };
            if items.is_empty() {
                this.errors.push(here.clone(), "must not be empty");
            }
            let parsed: Vec<Option<Condition>> = items
                .iter()
                .enumerate()
                .map(|(i, c)| this.condition(c, &format!("{here}[{i}]")))
                .collect();
            parsed.into_iter().collect()
        };
        let strings = |this: &mut Self, key: &str| -> Option<Vec<String>> {
            let here = join(path, key);
            match object.get(key) {
                Some(Value::Array(items))
                    if !items.is_empty() && items.iter().all(Value::is_string) =>
                {
                    Some(
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                    )
                }
                _ => {
                    this.errors
                        .push(here, "must be a non-empty list of strings");
                    None
                }
            }
        };
        if object.contains_key("all") {
            unknown_keys(object, &["all"], path, &mut self.errors);
            return list(self, "all").map(Condition::All);
        }
        if object.contains_key("any") {
            unknown_keys(object, &["any"], path, &mut self.errors);
            return list(self, "any").map(Condition::Any);
        }
        if let Some(inner) = object.get("not") {
            unknown_keys(object, &["not"], path, &mut self.errors);
            return self
                .condition(inner, &join(path, "not"))
                .map(|c| Condition::Not(Box::new(c)));
        }
        if object.contains_key("language") {
            unknown_keys(object, &["language"], path, &mut self.errors);
            let languages = strings(self, "language")?;
            for (i, l) in languages.iter().enumerate() {
                if !self.languages.contains(l) {
                    self.errors.report(
                        format!("{}[{i}]", join(path, "language")),
                        ProblemCode::LanguageNotOffered {
                            language: l.clone(),
                        },
                        format!(
                            "\"{l}\" is not among the survey's languages ({})",
                            self.languages.join(", ")
                        ),
                    );
                }
            }
            return Some(Condition::Language { any_of: languages });
        }
        let Some(question) = object.get("question") else {
            self.errors.push(
                path,
                "must have \"question\" (with min/max, any_of or answered), \"language\", \"all\", \"any\" or \"not\"",
            );
            return None;
        };
        let Some(question) = question.as_str().map(str::to_owned) else {
            self.errors
                .push(join(path, "question"), "must be a question id");
            return None;
        };
        if object.contains_key("any_of") {
            unknown_keys(object, &["question", "any_of"], path, &mut self.errors);
            return strings(self, "any_of").map(|any_of| Condition::Chosen { question, any_of });
        }
        if let Some(answered) = object.get("answered") {
            unknown_keys(object, &["question", "answered"], path, &mut self.errors);
            let Some(answered) = answered.as_bool() else {
                self.errors
                    .push(join(path, "answered"), "must be true or false");
                return None;
            };
            return Some(Condition::Answered { question, answered });
        }
        if object.contains_key("min") || object.contains_key("max") {
            unknown_keys(object, &["question", "min", "max"], path, &mut self.errors);
            let min = object
                .get("min")
                .and_then(|v| self.integer(v, &join(path, "min")));
            let max = object
                .get("max")
                .and_then(|v| self.integer(v, &join(path, "max")));
            if let (Some(lo), Some(hi)) = (min, max)
                && lo > hi
            {
                self.errors.report(
                    path,
                    ProblemCode::RangeReversed { min: lo, max: hi },
                    format!("min ({lo}) is greater than max ({hi})"),
                );
            }
            return Some(Condition::Score { question, min, max });
        }
        self.errors.push(
            path,
            "a condition on a question needs \"min\"/\"max\", \"any_of\" or \"answered\"",
        );
        None
    }
}

/// Checks that a condition at question `index` reads only earlier questions (or, for `end_if`,
/// the question itself) and uses them in a way their kind allows.
/// Reports a question whose kind or scale differs from the question with its id in an earlier
/// version (the newest such version is named; one problem per question).
fn check_same_measure(
    question: &Question,
    path: &str,
    earlier: &[(i64, &SurveyDefinition)],
    errors: &mut Errors,
) {
    let mut versions: Vec<&(i64, &SurveyDefinition)> = earlier.iter().collect();
    versions.sort_by_key(|(version, _)| std::cmp::Reverse(*version));
    for (version, definition) in versions {
        let Some(before) = definition.question(&question.id) else {
            continue;
        };
        let id = &question.id;
        let advice = "answers are counted by question id across versions, so give the changed \
                      question a new id (and keep or remove the old one)";
        let (field, part, message) = match (&before.kind, &question.kind) {
            (old, new) if old.tag() != new.tag() => (
                "kind",
                Part::Kind,
                format!(
                    "question \"{id}\" is {} here but was {} in version {version}; {advice}",
                    new.tag(),
                    old.tag()
                ),
            ),
            (QuestionKind::Ces { variant: old }, QuestionKind::Ces { variant: new })
                if old != new =>
            {
                (
                    "variant",
                    Part::Variant,
                    format!(
                        "question \"{id}\" is the {} variant here but was the {} variant in \
                         version {version}; {advice}",
                        new.as_str(),
                        old.as_str()
                    ),
                )
            }
            (old, new) if old.score_range() != new.score_range() => {
                let range = |kind: &QuestionKind| {
                    kind.score_range()
                        .map(|(lo, hi)| format!("{lo}–{hi}"))
                        .unwrap_or_default()
                };
                (
                    "scale",
                    Part::Scale,
                    format!(
                        "question \"{id}\" is scored {} here but {} in version {version}; {advice}",
                        range(new),
                        range(old)
                    ),
                )
            }
            _ => continue,
        };
        errors.at(part);
        errors.report(
            join(path, field),
            ProblemCode::MeasureChanged { version: *version },
            message,
        );
        return;
    }
}

/// Questions by their position in the document: raw ids, and the parsed question where parsing
/// succeeded.
struct References<'a> {
    ids: &'a [Option<&'a str>],
    parsed: &'a [Option<Question>],
}

fn check_condition_refs(
    condition: &Condition,
    path: &str,
    index: usize,
    include_self: bool,
    questions: &References<'_>,
    errors: &mut Errors,
) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => {
            let key = if matches!(condition, Condition::All(_)) {
                "all"
            } else {
                "any"
            };
            for (i, c) in cs.iter().enumerate() {
                check_condition_refs(
                    c,
                    &format!("{path}.{key}[{i}]"),
                    index,
                    include_self,
                    questions,
                    errors,
                );
            }
        }
        Condition::Not(c) => check_condition_refs(
            c,
            &join(path, "not"),
            index,
            include_self,
            questions,
            errors,
        ),
        Condition::Language { .. } => {}
        Condition::Score { question, min, max } => {
            let Some(target) = referenced(question, path, index, include_self, questions, errors)
            else {
                return;
            };
            match target.kind.score_range() {
                Some((lo, hi)) => {
                    for (key, bound) in [("min", min), ("max", max)] {
                        if let Some(b) = bound
                            && (*b < lo || *b > hi)
                        {
                            errors.report(
                                join(path, key),
                                ProblemCode::ScoreOutsideScale {
                                    question: question.clone(),
                                    value: *b,
                                    low: lo,
                                    high: hi,
                                },
                                format!("{b} is outside the scale of \"{question}\" ({lo}–{hi})"),
                            );
                        }
                    }
                }
                None => errors.report(
                    path,
                    ProblemCode::NoScore {
                        question: question.clone(),
                    },
                    format!(
                        "\"{question}\" is a {} question and has no score; use any_of or answered",
                        target.kind.tag()
                    ),
                ),
            }
        }
        Condition::Chosen { question, any_of } => {
            let Some(target) = referenced(question, path, index, include_self, questions, errors)
            else {
                return;
            };
            match target.kind.option_ids() {
                Some(ids) => {
                    for (i, id) in any_of.iter().enumerate() {
                        if !ids.contains(&id.as_str()) {
                            errors.report(
                                format!("{path}.any_of[{i}]"),
                                ProblemCode::UnknownOption {
                                    question: question.clone(),
                                    option: id.clone(),
                                },
                                format!("\"{question}\" has no option \"{id}\" (options: {})", ids.join(", ")),
                            );
                        }
                    }
                }
                None => errors.report(
                    path,
                    ProblemCode::NoOptions {
                        question: question.clone(),
                    },
                    format!("\"{question}\" is a {} question and has no options; use min/max or answered", target.kind.tag()),
                ),
            }
        }
        Condition::Answered { question, .. } => {
            referenced(question, path, index, include_self, questions, errors);
        }
    }
}

/// The question a condition names, if it exists before this one and parsed; reports the problem
/// otherwise (a question that exists but failed to parse has its own errors already).
fn referenced<'q>(
    id: &str,
    path: &str,
    index: usize,
    include_self: bool,
    questions: &'q References<'_>,
    errors: &mut Errors,
) -> Option<&'q Question> {
    match questions.ids.iter().position(|q| *q == Some(id)) {
        None => {
            errors.report(
                path,
                ProblemCode::UnknownQuestion {
                    question: id.to_owned(),
                },
                format!("refers to unknown question \"{id}\""),
            );
            None
        }
        Some(position) if position > index || (position == index && !include_self) => {
            errors.report(
                path,
                ProblemCode::LaterQuestion {
                    question: id.to_owned(),
                },
                format!("refers to question \"{id}\", which does not come before this question"),
            );
            None
        }
        Some(position) => questions.parsed[position].as_ref(),
    }
}

/// Parses and validates a definition document, reporting every problem found.
pub fn parse_definition(document: &Value) -> Result<SurveyDefinition, DefinitionErrors> {
    parse_revision(document, &[])
}

/// Parses and validates a new definition of a survey whose `earlier` versions (number and
/// definition) stay in force for the answers given to them. Besides every problem
/// [`parse_definition`] finds, a question must keep the kind and scale it had under the same id
/// in each earlier version: answers are counted per question id across versions (the per-day
/// rollups), so a changed scale would mix 1–5 and 1–7 scores in one figure. Choice options may
/// change, since their answers are counted per option id.
pub fn parse_revision(
    document: &Value,
    earlier: &[(i64, &SurveyDefinition)],
) -> Result<SurveyDefinition, DefinitionErrors> {
    let mut errors = Errors::new();
    let Value::Object(root) = document else {
        errors.push(
            "",
            format!(
                "a survey definition must be an object, not {}",
                type_name(document)
            ),
        );
        return Err(DefinitionErrors(errors.found));
    };
    unknown_keys(
        root,
        &[
            "title",
            "default_language",
            "languages",
            "intro",
            "thanks",
            "closes_at",
            "response_quota",
            "questions",
        ],
        "",
        &mut errors,
    );

    errors.at(Part::DefaultLanguage);
    let default_language = match root.get("default_language") {
        None => "en".to_owned(),
        Some(Value::String(l)) if lang::is_valid_code(l) => l.clone(),
        Some(other) => {
            errors.push(
                "default_language",
                format!("must be a language code like \"en\" or \"pl\", not {other}"),
            );
            "en".to_owned()
        }
    };
    let mut languages = vec![default_language.clone()];
    errors.at(Part::Languages);
    match root.get("languages") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(l) if lang::is_valid_code(l) => {
                        if !languages.iter().any(|x| x == l) {
                            languages.push(l.to_owned());
                        }
                    }
                    _ => errors.push(
                        format!("languages[{i}]"),
                        format!("must be a language code like \"he\", not {item}"),
                    ),
                }
            }
        }
        Some(other) => errors.push(
            "languages",
            format!("must be a list of language codes, not {}", type_name(other)),
        ),
    }

    let mut parser = Parser {
        errors,
        default_language: &default_language,
        languages: &languages,
    };
    parser.errors.at(Part::Title);
    let title = match root.get("title") {
        Some(v) => parser.text(v, "title"),
        None => {
            parser
                .errors
                .report("title", ProblemCode::Missing, "is required");
            None
        }
    };
    let intro = parser.optional_text(root, "intro", "");
    let thanks = parser.optional_text(root, "thanks", "");
    parser.errors.at(Part::ClosesAt);
    let closes_at_ms = match root.get("closes_at") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match parse_rfc3339_ms(s) {
            Some(ms) => Some(ms),
            None => {
                parser.errors.report(
                    "closes_at",
                    ProblemCode::InvalidTime,
                    format!("\"{s}\" is not an RFC 3339 time like 2026-12-31T23:59:00Z"),
                );
                None
            }
        },
        Some(other) => {
            parser.errors.push(
                "closes_at",
                format!("must be an RFC 3339 time string, not {}", type_name(other)),
            );
            None
        }
    };
    parser.errors.at(Part::ResponseQuota);
    let response_quota = match root.get("response_quota") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(n) if n >= 1 => Some(n),
            _ => {
                parser.errors.report(
                    "response_quota",
                    ProblemCode::InvalidQuota,
                    format!("must be a whole number of at least 1, not {v}"),
                );
                None
            }
        },
    };

    let mut questions = Vec::new();
    parser.errors.at(Part::Questions);
    match root.get("questions") {
        Some(Value::Array(items)) => {
            if items.is_empty() {
                parser.errors.report(
                    "questions",
                    ProblemCode::NoQuestions,
                    "must contain at least one question",
                );
            }
            if items.len() > MAX_QUESTIONS {
                parser.errors.report(
                    "questions",
                    ProblemCode::TooManyQuestions { max: MAX_QUESTIONS },
                    format!(
                        "has {} questions; the limit is {MAX_QUESTIONS}",
                        items.len()
                    ),
                );
            }
            // Ids are checked on the raw items, so positions stay right even when a question
            // failed to parse; references are checked against the same positions.
            let ids: Vec<Option<&str>> = items
                .iter()
                .map(|item| item.get("id").and_then(Value::as_str))
                .collect();
            let mut seen = BTreeMap::new();
            for (i, id) in ids.iter().enumerate() {
                if let Some(id) = id
                    && let Some(first) = seen.insert(*id, i)
                {
                    parser.errors.in_question(Some((i, Some(id))), Part::Id);
                    parser.errors.report(
                        format!("questions[{i}].id"),
                        ProblemCode::DuplicateId,
                        format!("\"{id}\" is already the id of questions[{first}]"),
                    );
                }
            }
            let parsed: Vec<Option<Question>> = items
                .iter()
                .enumerate()
                .map(|(i, item)| parser.question(i, item, &format!("questions[{i}]")))
                .collect();
            let references = References {
                ids: &ids,
                parsed: &parsed,
            };
            for (i, q) in parsed.iter().enumerate() {
                let Some(q) = q else { continue };
                parser
                    .errors
                    .in_question(Some((i, Some(q.id.as_str()))), Part::ShowIf);
                if let Some(c) = &q.show_if {
                    check_condition_refs(
                        c,
                        &format!("questions[{i}].show_if"),
                        i,
                        false,
                        &references,
                        &mut parser.errors,
                    );
                }
                parser.errors.at(Part::EndIf);
                if let Some(c) = &q.end_if {
                    check_condition_refs(
                        c,
                        &format!("questions[{i}].end_if"),
                        i,
                        true,
                        &references,
                        &mut parser.errors,
                    );
                }
            }
            for (i, q) in parsed.iter().enumerate() {
                if let Some(q) = q {
                    parser
                        .errors
                        .in_question(Some((i, Some(q.id.as_str()))), Part::Kind);
                    check_same_measure(q, &format!("questions[{i}]"), earlier, &mut parser.errors);
                }
            }
            parser.errors.in_question(None, Part::Questions);
            questions = parsed.into_iter().flatten().collect();
        }
        Some(other) => parser.errors.push(
            "questions",
            format!("must be a list, not {}", type_name(other)),
        ),
        None => parser.errors.push("questions", "is required"),
    }

    let errors = parser.errors.found;
    if !errors.is_empty() {
        return Err(DefinitionErrors(errors));
    }
    Ok(SurveyDefinition {
        title: title.unwrap_or_default(),
        default_language,
        languages,
        intro,
        thanks,
        closes_at_ms,
        response_quota,
        questions,
    })
}

impl SurveyDefinition {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Whether the survey is offered in `lang`.
    pub fn offers(&self, lang: &str) -> bool {
        self.languages.iter().any(|l| l == lang)
    }
}

/// Parses an RFC 3339 UTC-or-offset timestamp into Unix milliseconds, without a date library:
/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ')
    {
        return None;
    }
    if !s.is_ascii() {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let digits = s.get(from..to)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i64>().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &frac[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && &rest[3..4] == ":" =>
        {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let two = |range: std::ops::Range<usize>| -> Option<i64> {
                let digits = rest.get(range)?;
                digits
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| digits.parse::<i64>().ok())
                    .flatten()
            };
            let (h, m) = (two(1..3)?, two(4..6)?);
            sign * (h * 60 + m)
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(
        ((days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60) * 1_000)
            + millis,
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors_of(doc: Value) -> Vec<String> {
        parse_definition(&doc)
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_revision_keeps_each_question_kind_and_scale() {
        let v1 = parse_definition(&json!({"title": "T", "questions": [
            {"id": "sat", "kind": "csat"},
            {"id": "stars", "kind": "rating", "scale": 5},
            {"id": "effort", "kind": "ces"},
            {"id": "plan", "kind": "single_choice", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
            {"id": "note", "kind": "short_text"}
        ]}))
        .unwrap();
        let v2 = parse_definition(&json!({"title": "T", "questions": [
            {"id": "nps", "kind": "nps"}
        ]}))
        .unwrap();
        let earlier = [(1, &v1), (2, &v2)];

        // Options, texts, requiredness, order and lengths may change; new questions may come.
        let same = json!({"title": "T2", "questions": [
            {"id": "new", "kind": "yes_no"},
            {"id": "plan", "kind": "single_choice", "required": true, "options": [{"id": "c", "label": "C"}, {"id": "a", "label": "A"}]},
            {"id": "stars", "kind": "rating", "text": "Stars?"},
            {"id": "sat", "kind": "csat", "scale": 5},
            {"id": "effort", "kind": "ces", "variant": "five_option"},
            {"id": "note", "kind": "short_text", "max_length": 100}
        ]});
        assert!(parse_revision(&same, &earlier).is_ok());

        // Kind, scale and variant changes are refused, each where it is, with the other problems.
        let changed = json!({"title": "T", "questions": [
            {"id": "sat", "kind": "csat", "scale": 7},
            {"id": "stars", "kind": "rating", "scale": 10},
            {"id": "effort", "kind": "ces", "variant": "agreement_7"},
            {"id": "plan", "kind": "multiple_choice", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
            {"id": "note", "kind": "long_text"},
            {"id": "nps", "kind": "rating", "show_if": {"question": "zzz", "min": 1}}
        ]});
        let errors = parse_revision(&changed, &earlier).unwrap_err().0;
        let at: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            at,
            vec![
                "questions[5].show_if",
                "questions[0].scale",
                "questions[1].scale",
                "questions[2].variant",
                "questions[3].kind",
                "questions[4].kind",
                "questions[5].kind",
            ],
            "{errors:?}"
        );
        assert!(
            errors[1].message.contains("1–7 here but 1–5 in version 1"),
            "{}",
            errors[1]
        );
        assert!(errors[1].message.contains("new id"), "{}", errors[1]);
        assert!(
            errors[6].message.contains("was nps in version 2"),
            "{}",
            errors[6]
        );
        // Without earlier versions, the same document has only its own problem.
        assert_eq!(parse_definition(&changed).unwrap_err().0.len(), 1);
    }

    #[test]
    fn parses_a_full_definition() {
        let doc = json!({
            "title": {"pl": "Jak nam poszło?", "en": "How did we do?"},
            "default_language": "pl",
            "languages": ["pl", "en"],
            "questions": [
                {"id": "csat", "kind": "csat", "required": true,
                 "text": {"pl": "Hej {{first_name}}!", "en": "Hey {{first_name}}!"}},
                {"id": "why", "kind": "long_text", "show_if": {"question": "csat", "max": 3}},
                {"id": "pick", "kind": "single_choice", "options": [
                    {"id": "a", "label": {"pl": "A", "en": "A"}}, {"id": "b", "label": "B"}],
                 "end_if": {"question": "pick", "any_of": ["b"]}},
                {"id": "ces", "kind": "ces", "variant": "agreement_7"},
                {"id": "who", "kind": "contact", "fields": ["email"]}
            ]
        });
        let def = parse_definition(&doc).unwrap();
        assert_eq!(def.default_language, "pl");
        assert_eq!(def.languages, vec!["pl", "en"]);
        assert_eq!(def.questions.len(), 5);
        assert_eq!(def.questions[0].kind, QuestionKind::Csat { scale: 5 });
        assert!(def.questions[0].required);
        assert_eq!(def.questions[3].kind.score_range(), Some((1, 7)));
        assert_eq!(
            def.questions[4].kind,
            QuestionKind::Contact {
                fields: vec![ContactField::Email]
            }
        );
    }

    #[test]
    fn reports_every_problem_with_its_location() {
        let errors = errors_of(json!({
            "title": "T",
            "colour": "red",
            "questions": [
                {"id": "nps", "kind": "nps"},
                {"id": "nps", "kind": "csat", "scale": 6},
                {"id": "x", "kind": "telepathy"},
                {"id": "why", "kind": "long_text", "show_if": {"question": "q9", "max": 6}}
            ]
        }));
        let expected = [
            "colour: unknown field \"colour\"",
            "questions[1].scale: must be 5 or 7",
            "questions[2].kind: unknown question kind \"telepathy\"",
        ];
        for e in expected {
            assert!(
                errors.iter().any(|x| x.starts_with(e)),
                "missing {e:?} in {errors:#?}"
            );
        }
    }

    #[test]
    fn reference_errors_are_located() {
        let errors = errors_of(json!({
            "title": "T",
            "questions": [
                {"id": "nps", "kind": "nps", "show_if": {"question": "why", "answered": true}},
                {"id": "why", "kind": "long_text", "show_if": {"question": "q9", "max": 6}},
                {"id": "more", "kind": "short_text", "show_if": {"all": [
                    {"question": "nps", "min": 0, "max": 11},
                    {"question": "why", "any_of": ["x"]}
                ]}},
                {"id": "dup", "kind": "yes_no"},
                {"id": "dup", "kind": "yes_no"}
            ]
        }));
        let expected = [
            "questions[0].show_if: refers to question \"why\", which does not come before this question",
            "questions[1].show_if: refers to unknown question \"q9\"",
            "questions[2].show_if.all[0].max: 11 is outside the scale of \"nps\" (0–10)",
            "questions[2].show_if.all[1]: \"why\" is a long_text question and has no options",
            "questions[4].id: \"dup\" is already the id of questions[3]",
        ];
        for e in expected {
            assert!(
                errors.iter().any(|x| x.starts_with(e)),
                "missing {e:?} in {errors:#?}"
            );
        }
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    }

    #[test]
    fn problems_carry_a_code_and_a_location() {
        let errors = parse_definition(&json!({
            "title": {"en": "T", "pl": "T"},
            "default_language": "pl",
            "languages": ["pl", "en"],
            "questions": [
                {"id": "nps", "kind": "nps", "text": {"en": "How likely?"}},
                {"id": "why", "kind": "long_text", "show_if": {"question": "q9", "max": 6}},
                {"id": "pick", "kind": "single_choice", "options": [
                    {"id": "a", "label": "A"}, {"id": "b", "label": {"pl": "B", "de": "B"}}
                ], "end_if": {"question": "nps", "min": 11}}
            ]
        }))
        .unwrap_err()
        .0;
        let find = |code: &ProblemCode| {
            errors
                .iter()
                .find(|e| &e.code == code)
                .unwrap_or_else(|| panic!("no {code:?} in {errors:#?}"))
        };
        let missing = find(&ProblemCode::NoDefaultLanguageText {
            default_language: "pl".into(),
        });
        assert_eq!(missing.location, {
            let mut at = Location::question(0, Some("nps"), Part::Text);
            at.language = Some("pl".into());
            at
        });
        // The API's text is unchanged.
        assert_eq!(
            missing.to_string(),
            "questions[0].text: has no text in the default language \"pl\""
        );
        let unknown = find(&ProblemCode::UnknownQuestion {
            question: "q9".into(),
        });
        assert_eq!(
            unknown.location,
            Location::question(1, Some("why"), Part::ShowIf)
        );
        assert_eq!(
            unknown.to_string(),
            "questions[1].show_if: refers to unknown question \"q9\""
        );
        let foreign = find(&ProblemCode::LanguageNotOffered {
            language: "de".into(),
        });
        assert_eq!(foreign.location.part, Part::Option(1));
        assert_eq!(foreign.location.language.as_deref(), Some("de"));
        let outside = find(&ProblemCode::ScoreOutsideScale {
            question: "nps".into(),
            value: 11,
            low: 0,
            high: 10,
        });
        assert_eq!(
            outside.location,
            Location::question(2, Some("pick"), Part::EndIf)
        );
        let no_title = parse_definition(&json!({"questions": [{"id": "a", "kind": "yes_no"}]}))
            .unwrap_err()
            .0;
        assert_eq!(no_title[0].code, ProblemCode::Missing);
        assert_eq!(no_title[0].location, Location::survey(Part::Title));
    }

    #[test]
    fn translations_must_match_declared_languages() {
        let errors = errors_of(json!({
            "title": {"en": "T", "he": "ט"},
            "questions": [{"id": "a", "kind": "yes_no", "text": {"pl": "Tak?"}}]
        }));
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("title.he: translation for \"he\"")),
            "{errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("questions[0].text: has no text in the default language"))
        );
    }

    #[test]
    fn rejects_control_characters_in_texts() {
        let errors =
            errors_of(json!({"title": "a\u{0}b", "questions": [{"id": "a", "kind": "yes_no"}]}));
        assert_eq!(
            errors,
            vec!["title: must not contain control characters".to_owned()]
        );
    }

    #[test]
    fn rejects_non_objects_and_empty_surveys() {
        assert_eq!(errors_of(json!([1, 2])).len(), 1);
        let errors = errors_of(json!({"title": "", "questions": []}));
        assert!(errors.contains(&"title: must not be empty".to_owned()));
        assert!(errors.contains(&"questions: must contain at least one question".to_owned()));
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2026-11-23T12:00:00.5+01:00"),
            Some(1_795_431_600_500)
        );
        assert_eq!(parse_rfc3339_ms("2026-02-30T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("tomorrow"), None);
        assert_eq!(parse_rfc3339_ms("2026-01-01T00:00:00+0\u{e9}00"), None);
        assert_eq!(parse_rfc3339_ms("+999-01-01T+1:00:00Z"), None);
    }

    #[test]
    fn reserved_ids_and_references_to_broken_questions_are_reported() {
        let errors = errors_of(json!({
            "title": "T",
            "questions": [
                {"id": "lang", "kind": "yes_no"},
                {"id": "b", "kind": "csat", "scale": 6},
                {"id": "c", "kind": "long_text", "show_if": {"question": "q9", "max": 6}}
            ]
        }));
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("questions[0].id: \"lang\" is reserved")),
            "{errors:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("questions[2].show_if: refers to unknown question \"q9\"")),
            "{errors:#?}"
        );
    }

    #[test]
    fn duplicate_contact_fields_and_shifted_ids_are_reported() {
        let errors = errors_of(json!({
            "title": "T",
            "questions": [
                {"id": "x", "kind": "telepathy"},
                {"id": "a", "kind": "contact", "fields": ["email", "email"]},
                {"id": "a", "kind": "yes_no"}
            ]
        }));
        assert!(
            errors.contains(&"questions[1].fields[1]: \"email\" is listed twice".to_owned()),
            "{errors:#?}"
        );
        assert!(
            errors.contains(&"questions[2].id: \"a\" is already the id of questions[1]".to_owned()),
            "{errors:#?}"
        );
    }
}
