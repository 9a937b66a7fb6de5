//! One call that analyses an open answer: language, sentiment (lexicon, and the workspace's
//! model when it has one for that language) and themes.

use serde::{Deserialize, Serialize};

use crate::lang::{Detection, Lang, LangSource, LanguageDetector};
use crate::model::{Blended, Decider, MIN_PER_CLASS, Model, blend};
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

    /// The Latin-script language whose word lists know more of the text's words than any
    /// other's, for a text too short for statistics ("Nie polecam" in an English survey).
    fn by_known_words(&self, tokens: &crate::tokenize::Tokens) -> Option<Detection> {
        let latin = self.detector.latin();
        if latin.len() < 2 {
            return None;
        }
        let mut counts: Vec<(usize, Lang)> = latin
            .iter()
            .map(|&l| (self.sentiment.known_words(tokens, l), l))
            .collect();
        counts.sort_by_key(|c| std::cmp::Reverse(c.0));
        let (best, lang) = counts[0];
        (best > 0 && best > counts[1].0).then_some(Detection {
            lang,
            source: LangSource::Words,
            confidence: 0.0,
        })
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
        let tokens = tokenize(text);
        let detection = match self.detector.detect(text, fallback) {
            d if d.source == LangSource::Fallback => self.by_known_words(&tokens).unwrap_or(d),
            d => d,
        };
        let lang = detection.lang;
        let lexicon = self.sentiment.analyze(&tokens, lang);
        let model = models(lang).filter(|m| m.lang == lang);
        let probabilities = model.map(|m| {
            (
                m,
                m.predict(&tokens, self.sentiment.lexicon(lang), &lexicon),
            )
        });
        let sentiment = blend(&lexicon.sentiment, probabilities, MIN_PER_CLASS);
        let mut themes = self.themes.find(&tokens, lang, &lexicon);
        answer_sentiment_for_themes(&mut themes, &lexicon, &sentiment);
        Analysis {
            detection,
            sentiment,
            lexicon,
            themes,
        }
    }
}

/// Gives a theme the whole answer's sentiment where the word lists have nothing to say about it
/// but the answer does:
/// - its sentences have no sentiment words, and no sentence that has any mentions another theme
///   ("The app asks for my password every time. Annoying." is about the app; "Aplikacja ciągle się
///   zawiesza", read as negative by the workspace's model, is an app complaint);
/// - the answer is one sentence that the model read differently from the word lists (the
///   model's reading is of the whole sentence, and so of what it mentions).
///
/// Themes that took their own part's sentiment ("great prices but rude staff") keep it.
fn answer_sentiment_for_themes(
    themes: &mut [ThemeMatch],
    lexicon: &LexiconSentiment,
    answer: &Blended,
) {
    let has_words = |sentence: usize| lexicon.triggers.iter().any(|t| t.sentence == sentence);
    let single_sentence = lexicon.sentences.len() <= 1;
    let model_decided = answer.decided_by == Decider::Model;
    let mentions: Vec<Vec<usize>> = themes.iter().map(|t| t.sentences.clone()).collect();
    for (i, theme) in themes.iter_mut().enumerate() {
        if theme.by_part {
            continue;
        }
        let quiet = theme.sentences.iter().all(|&s| !has_words(s));
        let others_elsewhere = mentions.iter().enumerate().any(|(j, sentences)| {
            j != i
                && sentences
                    .iter()
                    .any(|&s| has_words(s) && !theme.sentences.contains(&s))
        });
        if (quiet && !others_elsewhere) || (single_sentence && model_decided) {
            theme.sentiment = answer.sentiment;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn a_short_answer_takes_the_language_its_words_belong_to() {
        let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
        let a = analyzer.analyze("Nie polecam", Lang::En, |_| None);
        assert_eq!(
            (a.detection.lang, a.detection.source),
            (Lang::Pl, LangSource::Words)
        );
        assert_eq!(a.sentiment.sentiment.label, Label::Negative);
        let a = analyzer.analyze("Great service", Lang::Pl, |_| None);
        assert_eq!(a.detection.lang, Lang::En);
        // Words both lists know, or none knows, leave the survey's language.
        let a = analyzer.analyze("ok", Lang::Pl, |_| None);
        assert_eq!(
            (a.detection.lang, a.detection.source),
            (Lang::Pl, LangSource::Fallback)
        );
        // With one Latin-script language allowed there is nothing to choose.
        let analyzer = Analyzer::new(&[Lang::Pl, Lang::He], &Taxonomy::starter());
        let a = analyzer.analyze("Great service", Lang::Pl, |_| None);
        assert_eq!(a.detection.lang, Lang::Pl);
    }

    fn theme<'a>(analysis: &'a Analysis, id: &str) -> &'a ThemeMatch {
        analysis
            .themes
            .iter()
            .find(|t| t.theme == id)
            .unwrap_or_else(|| panic!("no {id} in {:?}", analysis.themes))
    }

    #[test]
    fn a_feared_complaint_gives_its_theme_no_sentiment_from_the_rest() {
        let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
        let a = analyzer.analyze(
            "I was worried the price was way too high, but the staff were lovely.",
            Lang::En,
            |_| None,
        );
        assert_eq!(theme(&a, "price").sentiment.label, Label::Neutral);
        assert_eq!(theme(&a, "staff").sentiment.label, Label::Positive);
    }

    #[test]
    fn a_theme_in_a_sentence_without_sentiment_words_takes_the_answers() {
        let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
        let a = analyzer.analyze(
            "The app asks for my password every time. Annoying.",
            Lang::En,
            |_| None,
        );
        assert_eq!(a.sentiment.sentiment.label, Label::Negative);
        assert_eq!(theme(&a, "website_app").sentiment, a.sentiment.sentiment);
        // Not when the sentiment words are about another theme.
        let a = analyzer.analyze(
            "Delivery was on Tuesday. The staff were rude.",
            Lang::En,
            |_| None,
        );
        assert_eq!(theme(&a, "staff").sentiment.label, Label::Negative);
        assert_eq!(theme(&a, "delivery").sentiment.label, Label::Neutral);
    }

    #[test]
    fn a_theme_follows_the_model_where_it_decided_a_one_sentence_answer() {
        let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
        let mut texts = Vec::new();
        for i in 0..40 {
            texts.push((format!("Aplikacja ciągle się wyłącza {i}"), Label::Negative));
            texts.push((format!("Wszystko w porządku, numer {i}"), Label::Neutral));
            texts.push((format!("Świetne zakupy, dziękuję {i}"), Label::Positive));
        }
        let examples: Vec<crate::model::Example<'_>> = texts
            .iter()
            .map(|(text, label)| crate::model::Example {
                text,
                label: *label,
            })
            .collect();
        let model = Model::train(
            &examples,
            Lang::Pl,
            analyzer.sentiment_analyzer(),
            &Default::default(),
        );
        let text = "Aplikacja ciągle się wyłącza przy płatności.";
        let without = analyzer.analyze(text, Lang::Pl, |_| None);
        assert_eq!(
            theme(&without, "website_app").sentiment.label,
            Label::Neutral
        );
        let with = analyzer.analyze(text, Lang::Pl, |_| Some(&model));
        assert_eq!(with.sentiment.decided_by, Decider::Model);
        assert_eq!(with.sentiment.sentiment.label, Label::Negative);
        for id in ["website_app", "payment"] {
            assert_eq!(theme(&with, id).sentiment, with.sentiment.sentiment, "{id}");
        }
    }
}
