//! One call that analyses an open answer: language, sentiment (lexicon, and the workspace's
//! model when it has one for that language) and themes.

use serde::{Deserialize, Serialize};

use crate::lang::{Detection, Lang, LanguageDetector};
use crate::model::{Blended, MIN_PER_CLASS, Model, blend};
use crate::sentiment::{LexiconSentiment, SentimentAnalyzer};
use crate::themes::{Taxonomy, ThemeMatch, ThemeMatcher};
use crate::tokenize::tokenize;

/// Everything known about one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The language and how it was decided.
    pub detection: Detection,
    /// The final sentiment and who decided it (lexicon, model or both).
    pub sentiment: Blended,
    /// The lexicon's view: per-sentence sentiment and the words that triggered it.
    pub lexicon: LexiconSentiment,
    /// Matched themes with their spans and sentiment.
    pub themes: Vec<ThemeMatch>,
}

/// The loaded resources of one workspace: its languages and its taxonomy. Build once (loading
/// takes a few milliseconds) and share; analysing is `&self` and thread-safe.
pub struct Analyzer {
    detector: LanguageDetector,
    sentiment: SentimentAnalyzer,
    themes: ThemeMatcher,
}

impl Analyzer {
    /// Resources for the workspace's languages and taxonomy.
    pub fn new(allowed: &[Lang], taxonomy: &Taxonomy) -> Analyzer {
        Analyzer {
            detector: LanguageDetector::new(allowed),
            sentiment: SentimentAnalyzer::new(),
            themes: ThemeMatcher::new(taxonomy),
        }
    }

    /// The sentiment analyser (lexicons), e.g. to train models with.
    pub fn sentiment_analyzer(&self) -> &SentimentAnalyzer {
        &self.sentiment
    }

    /// Analyses `text`; `fallback` is the survey's language, used for very short texts. `models`
    /// gives the workspace's trained model of a language, if any; it is used when it has at least
    /// [`MIN_PER_CLASS`] examples of each class.
    pub fn analyze<'m>(
        &self,
        text: &str,
        fallback: Lang,
        models: impl Fn(Lang) -> Option<&'m Model>,
    ) -> Analysis {
        let detection = self.detector.detect(text, fallback);
        let lang = detection.lang;
        let tokens = tokenize(text);
        let lexicon = self.sentiment.analyze(&tokens, lang);
        let model = models(lang).filter(|m| m.lang == lang);
        let probabilities = model.map(|m| {
            (
                m,
                m.predict(&tokens, self.sentiment.lexicon(lang), &lexicon),
            )
        });
        let sentiment = blend(&lexicon.sentiment, probabilities, MIN_PER_CLASS);
        let themes = self.themes.find(&tokens, lang, &lexicon);
        Analysis {
            detection,
            sentiment,
            lexicon,
            themes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LangSource;
    use crate::model::Decider;
    use crate::sentiment::Label;

    #[test]
    fn analyses_an_answer_end_to_end() {
        let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
        let analysis = analyzer.analyze(
            "Obsługa bardzo miła, ale na dostawę czekałem dwa tygodnie. Nie polecam.",
            Lang::En,
            |_| None,
        );
        assert_eq!(analysis.detection.lang, Lang::Pl);
        assert_eq!(analysis.detection.source, LangSource::Detected);
        assert_eq!(analysis.sentiment.sentiment.label, Label::Negative);
        assert_eq!(analysis.sentiment.decided_by, Decider::Lexicon);
        let themes: Vec<&str> = analysis.themes.iter().map(|t| t.theme.as_str()).collect();
        assert_eq!(themes, ["speed", "staff", "delivery"]);
    }
}
