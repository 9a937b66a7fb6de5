//! What is wrong with a survey definition, as data: a [`ProblemCode`] saying what, and a
//! [`Location`] saying where (which question, which part of it, which language).
//!
//! Validation also writes an English sentence with a technical path for each problem
//! (`questions[1].show_if: refers to unknown question "q9"`); the API reports that sentence as it
//! is. A user interface translates the code instead, and names the question the way its reader
//! knows it, so it never has to read the English sentence back.

use serde::Serialize;

/// What is wrong. Codes carry the values a sentence needs; anything a person can only get wrong
/// by writing the document by hand (a wrong JSON type, an unknown field) is [`Malformed`].
///
/// [`Malformed`]: ProblemCode::Malformed
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemCode {
    /// The document is not in the expected form here (wrong type, unknown field, bad value).
    Malformed,
    /// Something required is missing (the title, a question's id or kind, an option's label).
    Missing,
    /// A text is empty.
    EmptyText,
    /// A text contains control characters.
    ControlCharacters,
    /// A text is longer than `max` characters.
    TextTooLong { max: usize },
    /// A translation into a language the survey does not offer.
    LanguageNotOffered { language: String },
    /// A text has translations but none in the default language, which the others fall back to.
    NoDefaultLanguageText { default_language: String },
    /// An id is not 1–40 characters of a-z, 0-9, `_` or `-`.
    InvalidId,
    /// An id the respondent page uses itself.
    ReservedId,
    /// Two questions (or two options of one question) share an id.
    DuplicateId,
    /// A choice question has fewer than two or more than `max` options.
    OptionCount { found: usize, max: usize },
    /// The fewest or most choices is not between 1 and the number of options.
    ChoiceLimit { options: usize },
    /// The fewest choices is more than the most.
    ChoiceLimitsReversed,
    /// A contact question asks for no field.
    NoContactField,
    /// The survey has no question.
    NoQuestions,
    /// The survey has more than `max` questions.
    TooManyQuestions { max: usize },
    /// The closing time is not a time.
    InvalidTime,
    /// The closing time has passed, where the survey would be open (publishing it, or saving
    /// it live): it would close at once.
    ClosesAtPast,
    /// The response quota is not a whole number of at least 1.
    InvalidQuota,
    /// A rule reads a question that does not exist.
    UnknownQuestion { question: String },
    /// A rule reads a question that comes later (or, for a show rule, the question itself).
    LaterQuestion { question: String },
    /// A score rule's bound lies outside the scale of the question it reads.
    ScoreOutsideScale {
        question: String,
        value: i64,
        low: i64,
        high: i64,
    },
    /// A score rule reads a question that has no score.
    NoScore { question: String },
    /// A choice rule names an option the question does not have.
    UnknownOption { question: String, option: String },
    /// A choice rule reads a question that has no options.
    NoOptions { question: String },
    /// A score rule's lowest score is above its highest.
    RangeReversed { min: i64, max: i64 },
    /// A question's kind, variant or scale differs from the same question in `version`.
    MeasureChanged { version: i64 },
    /// The question cannot go: the logic of `question` reads it (a builder edit, not a
    /// validation of the document).
    ReferencedBy { question: String },
}

/// The part of a survey, or of one question, a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The document as a whole (an unknown top-level field).
    Survey,
    Title,
    Intro,
    Thanks,
    Languages,
    DefaultLanguage,
    ClosesAt,
    ResponseQuota,
    /// The list of questions (none, too many).
    Questions,
    /// The question as a whole (an unknown field in it).
    Question,
    Id,
    Kind,
    Text,
    Help,
    LowLabel,
    HighLabel,
    Required,
    Scale,
    Variant,
    MaxLength,
    /// The options of a choice question as a whole.
    Options,
    /// One option, by its position.
    Option(usize),
    ChoiceLimits,
    ContactFields,
    /// The "show this question when…" rule.
    ShowIf,
    /// The "end the survey after this question when…" rule.
    EndIf,
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The question's position in the document's list, when the problem is inside a question.
    pub question: Option<usize>,
    /// That question's id as written, when it has a string one (positions change when
    /// questions move; ids do not).
    pub question_id: Option<String>,
    pub part: Part,
    /// The language of the text concerned, for a problem with one translation.
    pub language: Option<String>,
}

impl Location {
    /// A place outside the questions.
    pub fn survey(part: Part) -> Location {
        Location {
            question: None,
            question_id: None,
            part,
            language: None,
        }
    }

    /// A place in the question at `index` (with id `id`).
    pub fn question(index: usize, id: Option<&str>, part: Part) -> Location {
        Location {
            question: Some(index),
            question_id: id.map(str::to_owned),
            part,
            language: None,
        }
    }
}
