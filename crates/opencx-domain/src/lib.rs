//! Pure types and rules of OpenCX: survey definitions and their validation, answers, survey
//! logic, piping and metrics. No I/O, no async, no database: "now" is always a parameter.

pub mod access;
pub mod answer;
pub mod flow;
pub mod lang;
pub mod metrics;
pub mod piping;
pub mod problem;
pub mod survey;
pub mod wording;
pub mod zone;
