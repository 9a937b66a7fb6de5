//! The check that keeps [`opencx_text::ENGINE_VERSION`] honest about code.
//!
//! `opencx-text` holds a test over the word lists, rules and starter themes; this one covers what
//! that cannot see: a change of code (tokenizer, negation rules, language detection, theme
//! matching, the model's features or the blend) that changes how a stored answer reads. It
//! analyses every demo answer and the Polish labelled set in all four languages with the starter
//! themes, once with the word lists alone and once with a model per language trained on the demo
//! answers' tones, and hashes the analyses. When the hash moves, answers already stored would be
//! analysed differently from new ones: raise `ENGINE_VERSION` (so start-up re-analyses them once)
//! and record the new pair.

use opencx_text::fxhash::{FNV_OFFSET, fnv1a};
use opencx_text::model::{Example, Model, TrainOptions};
use opencx_text::themes::Taxonomy;
use opencx_text::{Analyzer, ENGINE_VERSION, Label, Lang};

use crate::demo_corpus::{OPEN_ANSWERS, Tone};

/// The Polish labelled set kept in the repository.
const POLISH_SET: &str = include_str!("../../opencx-text/data/pl-cx.tsv");

/// Every text the fingerprint reads, with its language.
fn corpus() -> Vec<(String, Lang, Label)> {
    let mut texts: Vec<(String, Lang, Label)> = OPEN_ANSWERS
        .iter()
        .map(|a| {
            let label = match a.tone {
                Tone::Positive => Label::Positive,
                Tone::Neutral => Label::Neutral,
                Tone::Negative => Label::Negative,
            };
            let lang = Lang::from_code(a.lang).expect("a demo answer's language");
            (a.text.to_string(), lang, label)
        })
        .collect();
    let polish = opencx_text::eval::read_labelled(POLISH_SET).expect("the Polish set reads");
    texts.extend(polish.into_iter().map(|r| (r.text, r.lang, r.label)));
    texts
}

#[test]
fn the_engine_version_is_raised_with_what_the_engine_concludes() {
    let texts = corpus();
    let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
    let models: Vec<Model> = Lang::ALL
        .iter()
        .map(|&lang| {
            let examples: Vec<Example<'_>> = texts
                .iter()
                .filter(|(_, l, _)| *l == lang)
                .map(|(text, _, label)| Example {
                    text,
                    label: *label,
                })
                .collect();
            Model::train(
                &examples,
                lang,
                analyzer.sentiment_analyzer(),
                &TrainOptions::default(),
            )
        })
        .collect();
    // Without a model the answers are read by the word lists alone; make sure the models are
    // used, or half of the fingerprint would check nothing.
    let used = models
        .iter()
        .filter(|m| m.has_enough_data(opencx_text::model::MIN_PER_CLASS))
        .count();
    assert!(
        used >= 3,
        "only {used} demo models have enough data to be used"
    );

    let mut hash = FNV_OFFSET;
    for (text, lang, _) in &texts {
        let alone = analyzer.analyze(text, *lang, |_| None);
        let with_model = analyzer.analyze(text, *lang, |l| models.iter().find(|m| m.lang == l));
        for analysis in [alone, with_model] {
            let json = serde_json::to_string(&analysis).expect("an analysis serialises");
            hash = fnv1a(hash, json.as_bytes());
        }
    }
    assert_eq!(
        (ENGINE_VERSION, hash),
        (18, 0xc144_c366_1353_e7f6),
        "the analyses of the demo answers and the Polish set changed: if that is intended, \
         raise ENGINE_VERSION (stored answers are then re-analysed once at start-up) and \
         record it here with the new hash"
    );
}
