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
pub use lang::Lang;
pub use sentiment::{Label, Sentiment};

/// The version of what the engine concludes from a text: raised with every change to the word
/// lists, rules, detection, theme matching or the way corrections apply (`opencx_store::
/// apply_corrections`) that can change the analysis of an answer already stored. A server that
/// finds its answers analysed by an older version re-analyses them all once, in the background
/// (people's corrections are kept, as in every re-analysis). A test records the word lists,
/// rules and starter themes this version was raised for, and fails when they change without it;
/// another (in `opencx-app`) records the analyses of the demo answers and the Polish set, and
/// fails when a change of code alters them without it.
pub const ENGINE_VERSION: u32 = 18;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fxhash::{FNV_OFFSET, fnv1a};

    #[test]
    fn the_engine_version_is_raised_with_the_word_lists() {
        let mut hash = FNV_OFFSET;
        for resource in [
            lexicon::EN_VADER,
            lexicon::EN_CX,
            lexicon::PL,
            lexicon::HE,
            lexicon::FA,
            lexicon::EMOJI,
            lexicon::RULES,
            themes::STARTER,
        ] {
            hash = fnv1a(hash, resource.as_bytes());
        }
        assert_eq!(
            (ENGINE_VERSION, hash),
            (18, 0xd719_2c66_46e3_8d55),
            "the word lists, rules or starter themes changed: raise ENGINE_VERSION (stored \
             answers are then re-analysed once at start-up) and record it here with the new hash"
        );
    }
}
