//! Pure text analytics of OpenCX: what a customer wrote, in which language, how they feel about
//! it and which themes they talk about — offline, from resources embedded in the binary.
//!
//! The steps, each in its own module, from text to result:
//! [`normalize`] (per-script clean-up that keeps offsets into the original) → [`tokenize`] (words,
//! emoji and sentences) → [`lang`] (language among the workspace's) → [`sentiment`] (lexicon and
//! rules) and [`model`] (a per-workspace classifier trained on scores answered beside the text) →
//! [`themes`] (taxonomy matching and keyphrase discovery), [`cluster`] (groups of similar
//! answers no theme covers). [`analyze`] runs them together for one
//! answer, and [`eval`] measures sentiment against labelled files.
//!
//! No I/O, no async, no database, no clock: everything here is a function of its arguments.

pub mod analyze;
pub mod cluster;
pub mod eval;
pub mod fxhash;
pub mod lang;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod score;
pub mod sentiment;
pub mod themes;
pub mod tokenize;

pub use analyze::{Analysis, Analyzer};

/// The version of what the engine concludes from a text: raised with every change to the word
/// lists, rules, detection or theme matching that can change the analysis of an answer already
/// stored. A server that finds its answers analysed by another version re-analyses them all
/// once, in the background (people's corrections are kept, as in every re-analysis).
pub const ENGINE_VERSION: u32 = 11;
pub use lang::Lang;
pub use sentiment::{Label, Sentiment};
