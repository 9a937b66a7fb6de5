//! `opencx text analyze`: what the engine makes of one text, for trying the word lists and the
//! starter themes from the command line without a server.

use std::fmt::Write;

use opencx_text::analyze::{Analysis, Analyzer};
use opencx_text::lang::{Lang, LangSource};
use opencx_text::themes::Taxonomy;

/// Analyses `text` with the word lists and the starter themes (no workspace model) and describes
/// the result: language, sentiment, each sentence, the words that moved it and the themes.
pub fn report(text: &str, fallback: Lang) -> String {
    let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
    describe(text, &analyzer.analyze(text, fallback, |_| None))
}

fn describe(text: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    let detection = &analysis.detection;
    let how = match detection.source {
        LangSource::Script => "its script or letters".to_owned(),
        LangSource::Detected => format!("detected, confidence {:.2}", detection.confidence),
        LangSource::Words => {
            "too short for statistics: its words are in this language's lists".to_owned()
        }
        LangSource::Fallback => {
            format!("too short to tell: the fallback {}", detection.lang.code())
        }
    };
    let _ = writeln!(out, "language   {} ({how})", detection.lang.code());
    let s = analysis.sentiment.sentiment;
    let _ = writeln!(out, "sentiment  {} {:+.2}", s.label, s.score);
    for (i, sentence) in analysis.lexicon.sentences.iter().enumerate() {
        let _ = writeln!(
            out,
            "sentence {} {} {:+.2}  {}",
            i + 1,
            sentence.sentiment.label,
            sentence.sentiment.score,
            text[sentence.start..sentence.end].trim()
        );
    }
    let words: Vec<String> = analysis
        .lexicon
        .triggers
        .iter()
        .map(|t| {
            let negated = if t.negated { ", negated" } else { "" };
            format!("{} {:+.1}{negated}", &text[t.start..t.end], t.valence)
        })
        .collect();
    let _ = writeln!(
        out,
        "words      {}",
        if words.is_empty() {
            "none".to_owned()
        } else {
            words.join("; ")
        }
    );
    if analysis.themes.is_empty() {
        let _ = writeln!(out, "themes     none");
    }
    for theme in &analysis.themes {
        let matched: Vec<&str> = theme.spans.iter().map(|&(a, b)| &text[a..b]).collect();
        let _ = writeln!(
            out,
            "theme      {} {} {:+.2}  ({})",
            theme.theme,
            theme.sentiment.label,
            theme.sentiment.score,
            matched.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_language_sentiment_words_and_themes() {
        let out = report("Great prices but the staff were rude.", Lang::Pl);
        assert!(out.starts_with("language   en (detected"), "{out}");
        assert!(out.contains("\nsentence 1 "), "{out}");
        assert!(out.contains("rude -"), "{out}");
        assert!(out.contains("theme      price positive"), "{out}");
        assert!(out.contains("theme      staff negative"), "{out}");
    }

    #[test]
    fn a_short_answer_takes_the_language_whose_words_it_uses() {
        let out = report("Nie polecam", Lang::En);
        assert!(
            out.starts_with("language   pl (too short for statistics"),
            "{out}"
        );
        assert!(out.contains("sentiment  negative"), "{out}");
    }

    #[test]
    fn says_when_the_fallback_language_was_used() {
        let out = report("ok", Lang::He);
        assert!(out.starts_with("language   he (too short"), "{out}");
        assert!(out.contains("fallback he"), "{out}");
        assert!(out.contains("themes     none"), "{out}");
    }
}
