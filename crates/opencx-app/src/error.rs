//! The one error type of the use-case layer: what the user did wrong is kept apart from what broke.

use opencx_domain::problem::{Location, ProblemCode};
use opencx_store::StoreError;
use serde::Serialize;

use crate::taxonomy::{TaxonomyCode, TaxonomyLocation};

/// A problem with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// Where: `definition.questions[3].show_if`, `answers.nps`.
    pub field: String,
    /// What is wrong there.
    pub message: String,
    /// For a problem of a survey definition, what and where as data, so the web app can say it
    /// in its reader's language. Not part of the API's answer, which keeps `field` and
    /// `message`.
    #[serde(skip)]
    pub definition: Option<(ProblemCode, Location)>,
    /// For a problem of a taxonomy (themes and keywords), what and where as data; not part of
    /// the API's answer either.
    #[serde(skip)]
    pub taxonomy: Option<(TaxonomyCode, TaxonomyLocation)>,
}

impl FieldProblem {
    /// A problem with a field and an English message.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            message: message.into(),
            definition: None,
            taxonomy: None,
        }
    }
}

/// Errors of the use cases.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; `problems` lists every problem found.
    #[error("{message}")]
    Invalid {
        message: String,
        problems: Vec<FieldProblem>,
    },
    /// Nothing of that kind with that id (in this workspace).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with the current state (slug taken, edited meanwhile).
    #[error("{0}")]
    Conflict(String),
    /// An idempotency key was used before for a different response (see
    /// `NewResponse::fingerprint` for what counts as the same response).
    #[error(
        "this idempotency key was already used for a different response; send a new key for a new response"
    )]
    IdempotencyKeyReused,
    /// The survey takes no answers (closed, draft, quota reached, past its close date).
    #[error("{0}")]
    Closed(String),
    /// No valid credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but the role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts (sign-in); try again after this many seconds.
    #[error("too many attempts; try again in {0} seconds")]
    TooManyAttempts(u64),
    /// Storage is failing or overloaded; retrying later is safe.
    #[error("{0}")]
    Unavailable(String),
    /// A failure of the system, not of the request.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result of the use cases.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// An invalid input with every problem found, each in the message too, which starts with
    /// `subject_has` ("the themes have").
    pub fn invalid_all(subject_has: &str, problems: Vec<FieldProblem>) -> Self {
        let count = problems.len();
        AppError::Invalid {
            message: format!(
                "{subject_has} {count} problem{}: {}",
                if count == 1 { "" } else { "s" },
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            problems,
        }
    }

    /// An invalid input with one problem.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        let message = message.into();
        AppError::Invalid {
            message: if field.is_empty() {
                message.clone()
            } else {
                format!("{field}: {message}")
            },
            problems: vec![FieldProblem::new(field, message)],
        }
    }

    /// An invalid survey definition with one problem, with its code and location (for edits
    /// the builder refuses before validation, such as deleting a question still read by logic).
    pub fn invalid_definition(
        field: impl Into<String>,
        message: impl Into<String>,
        code: ProblemCode,
        location: Location,
    ) -> Self {
        let mut error = AppError::invalid(field, message);
        if let AppError::Invalid { problems, .. } = &mut error {
            for problem in problems {
                problem.definition = Some((code.clone(), location.clone()));
            }
        }
        error
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound("record"),
            StoreError::Forbidden => AppError::Forbidden("not allowed".into()),
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Unavailable("the database is not available; try again shortly".into())
            }
            StoreError::Sqlite(message) => {
                tracing::error!(error = %message, "database error");
                AppError::Unavailable("the database is not available; try again shortly".into())
            }
            StoreError::Corrupt(message) => AppError::Internal(message),
        }
    }
}
