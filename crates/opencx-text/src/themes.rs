//! Themes: a taxonomy the user edits, matching it against answers, and discovering candidate
//! themes from a set of answers.
//!
//! A [`Taxonomy`] is a list of [`Theme`]s: an id, a name per language, keywords and phrases per
//! language, and an optional parent (sub-themes). Keywords follow the lexicon's conventions: a
//! trailing `*` makes a stem that matches every word starting with it (Polish inflection:
//! `dostaw*` matches "dostawa", "dostawy", "dostawą"), several words make a phrase, and matching
//! is on normalised text — Polish without diacritics, Hebrew with its one-letter clitics
//! stripped ("והמשלוח" finds "משלוח"), Persian with plural and possessive suffixes stripped
//! ("قیمتش" finds "قیمت"). The CX starter taxonomy ships in `themes/cx-starter.json`.
//!
//! [`ThemeMatcher::find`] returns every matched theme with the spans that triggered it and the
//! sentiment of the sentences that mention it. [`discover`] proposes keyphrases frequent in a set
//! of answers (and rarer elsewhere) as candidate themes, with example answers, for the user to
//! accept into the taxonomy.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::fxhash::FxHashMap;
use crate::lang::Lang;
use crate::lexicon::hebrew_clitic_variants;
use crate::normalize::{fold_polish, normalize_str};
use crate::sentiment::{LexiconSentiment, Sentiment, SentimentAnalyzer};
use crate::tokenize::{TokenKind, Tokens, tokenize};

const STARTER: &str = include_str!("../themes/cx-starter.json");

/// One theme of a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Stable id (`delivery`, `price`), unique in the taxonomy.
    pub id: String,
    /// The parent theme's id, for sub-themes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Display name per language code.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Keywords, stems (`dostaw*`) and phrases per language code.
    #[serde(default)]
    pub keywords: BTreeMap<String, Vec<String>>,
}

/// A set of themes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Taxonomy {
    /// The themes, parents before or after their children.
    pub themes: Vec<Theme>,
}

/// Why a taxonomy is not valid.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TaxonomyError {
    /// Not the expected JSON.
    #[error("taxonomy is not valid JSON: {0}")]
    Json(String),
    /// Two themes share an id.
    #[error("theme id {0:?} is used twice")]
    DuplicateId(String),
    /// An empty id.
    #[error("a theme has an empty id")]
    EmptyId,
    /// A parent that does not exist.
    #[error("theme {theme:?} has an unknown parent {parent:?}")]
    UnknownParent {
        /// The child.
        theme: String,
        /// The missing parent.
        parent: String,
    },
    /// Parents that lead back to the theme.
    #[error("theme {0:?} is its own ancestor")]
    Cycle(String),
}

impl Taxonomy {
    /// The CX starter taxonomy: price, speed and waiting time, staff friendliness, product
    /// quality, delivery, website and app, payment, returns and refunds, cleanliness,
    /// communication — in English, Polish, Hebrew and Persian.
    pub fn starter() -> Taxonomy {
        Taxonomy::from_json(STARTER).expect("the embedded starter taxonomy is valid")
    }

    /// Parses and validates a taxonomy from JSON.
    pub fn from_json(json: &str) -> Result<Taxonomy, TaxonomyError> {
        let taxonomy: Taxonomy =
            serde_json::from_str(json).map_err(|e| TaxonomyError::Json(e.to_string()))?;
        taxonomy.validate()?;
        Ok(taxonomy)
    }

    /// The taxonomy as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks ids are unique and non-empty and parents exist without cycles.
    pub fn validate(&self) -> Result<(), TaxonomyError> {
        let mut ids = HashSet::new();
        for theme in &self.themes {
            if theme.id.trim().is_empty() {
                return Err(TaxonomyError::EmptyId);
            }
            if !ids.insert(theme.id.as_str()) {
                return Err(TaxonomyError::DuplicateId(theme.id.clone()));
            }
        }
        for theme in &self.themes {
            if let Some(parent) = &theme.parent
                && !ids.contains(parent.as_str())
            {
                return Err(TaxonomyError::UnknownParent {
                    theme: theme.id.clone(),
                    parent: parent.clone(),
                });
            }
        }
        for theme in &self.themes {
            let mut seen = HashSet::new();
            let mut current = Some(theme.id.as_str());
            while let Some(id) = current {
                if !seen.insert(id) {
                    return Err(TaxonomyError::Cycle(theme.id.clone()));
                }
                current = self.get(id).and_then(|t| t.parent.as_deref());
            }
        }
        Ok(())
    }

    /// The theme with this id.
    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The ids of a theme's ancestors, nearest first (for rolling sub-themes up).
    pub fn ancestors(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = self.get(id).and_then(|t| t.parent.clone());
        while let Some(parent) = current {
            if out.contains(&parent) {
                break;
            }
            current = self.get(&parent).and_then(|t| t.parent.clone());
            out.push(parent);
        }
        out
    }
}

/// One word of a compiled keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    Word(Box<str>),
    Stem(Box<str>),
}

impl Pattern {
    fn matches(&self, form: &str) -> bool {
        match self {
            Pattern::Word(w) => **w == *form,
            Pattern::Stem(s) => form.starts_with(&**s),
        }
    }
}

/// Compiled keywords of one language.
#[derive(Default)]
struct LanguageIndex {
    /// Keywords by their first word (exact): (theme index, remaining words).
    by_word: FxHashMap<Box<str>, Vec<(usize, Vec<Pattern>)>>,
    /// Keywords by their first word's stem.
    by_stem: FxHashMap<Box<str>, Vec<(usize, Vec<Pattern>)>>,
    stem_lengths: Vec<usize>,
}

/// A theme found in an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeMatch {
    /// The theme's id.
    pub theme: String,
    /// Byte ranges in the original text of the words that matched.
    pub spans: Vec<(usize, usize)>,
    /// Indexes of the sentences that mention it.
    pub sentences: Vec<usize>,
    /// Mean sentiment of those sentences.
    pub sentiment: Sentiment,
}

/// A taxonomy compiled for matching. Build it once per taxonomy version.
pub struct ThemeMatcher {
    ids: Vec<String>,
    languages: HashMap<Lang, LanguageIndex>,
}

impl ThemeMatcher {
    /// Compiles a taxonomy. Keywords of languages this crate does not support are ignored.
    pub fn new(taxonomy: &Taxonomy) -> ThemeMatcher {
        let mut languages: HashMap<Lang, LanguageIndex> = HashMap::new();
        for (theme_index, theme) in taxonomy.themes.iter().enumerate() {
            for (code, keywords) in &theme.keywords {
                let Some(lang) = Lang::from_code(code) else {
                    continue;
                };
                let index = languages.entry(lang).or_default();
                for keyword in keywords {
                    let normalized = normalize_str(keyword);
                    let mut patterns: Vec<Pattern> = normalized
                        .split_whitespace()
                        .map(|w| {
                            let w = key_of(lang, w);
                            match w.strip_suffix('*') {
                                Some(stem) => Pattern::Stem(stem.into()),
                                None => Pattern::Word(w.as_str().into()),
                            }
                        })
                        .collect();
                    if patterns.is_empty() {
                        continue;
                    }
                    let first = patterns.remove(0);
                    match first {
                        Pattern::Word(w) => index
                            .by_word
                            .entry(w)
                            .or_default()
                            .push((theme_index, patterns)),
                        Pattern::Stem(s) => {
                            let length = s.len();
                            if !index.stem_lengths.contains(&length) {
                                index.stem_lengths.push(length);
                            }
                            index
                                .by_stem
                                .entry(s)
                                .or_default()
                                .push((theme_index, patterns));
                        }
                    }
                }
                index.stem_lengths.sort_unstable_by(|a, b| b.cmp(a));
            }
        }
        ThemeMatcher {
            ids: taxonomy.themes.iter().map(|t| t.id.clone()).collect(),
            languages,
        }
    }

    /// Themes of a tokenised answer in `lang`, each with its spans and the mean sentiment of
    /// the sentences that mention it, in taxonomy order.
    pub fn find(
        &self,
        tokens: &Tokens,
        lang: Lang,
        sentiment: &LexiconSentiment,
    ) -> Vec<ThemeMatch> {
        let Some(index) = self.languages.get(&lang) else {
            return Vec::new();
        };
        // Each word's key (borrowed from the text unless Polish folds it) and the forms under
        // which it is matched, all in one list: token `i`'s are `forms[form_at[i]..form_at[i + 1]]`.
        let keys: Vec<Option<Cow<'_, str>>> = tokens
            .tokens
            .iter()
            .map(|t| (t.kind == TokenKind::Word).then(|| key_cow(lang, tokens.text(t))))
            .collect();
        let mut forms: Vec<&str> = Vec::with_capacity(keys.len() * 2);
        let mut form_at: Vec<usize> = Vec::with_capacity(keys.len() + 1);
        for key in &keys {
            form_at.push(forms.len());
            if let Some(key) = key {
                word_forms(lang, key, &mut forms);
            }
        }
        form_at.push(forms.len());
        let forms_of = |i: usize| &forms[form_at[i]..form_at[i + 1]];
        // Per theme index: the matched spans and the sentences they are in.
        type Found = (Vec<(usize, usize)>, Vec<usize>);
        let mut found: BTreeMap<usize, Found> = BTreeMap::new();
        for i in 0..tokens.tokens.len() {
            for &form in forms_of(i) {
                // Keywords starting with the form, then those starting with a stem of it.
                let by_word = index.by_word.get(form).into_iter().flatten();
                let by_stem = index
                    .stem_lengths
                    .iter()
                    .filter(|&&length| length <= form.len() && form.is_char_boundary(length))
                    .filter_map(|&length| index.by_stem.get(&form[..length]))
                    .flatten();
                for (theme, rest) in by_word.chain(by_stem) {
                    let end = i + 1 + rest.len();
                    let sentence = tokens.tokens[i].sentence;
                    let fits = end <= tokens.tokens.len()
                        && rest.iter().enumerate().all(|(k, pattern)| {
                            let j = i + 1 + k;
                            tokens.tokens[j].sentence == sentence
                                && forms_of(j).iter().any(|f| pattern.matches(f))
                        });
                    if !fits {
                        continue;
                    }
                    let (start, _) = tokens.original_range(&tokens.tokens[i]);
                    let (_, stop) = tokens.original_range(&tokens.tokens[end - 1]);
                    let entry = found.entry(*theme).or_default();
                    if !entry.0.contains(&(start, stop)) {
                        entry.0.push((start, stop));
                    }
                    if !entry.1.contains(&sentence) {
                        entry.1.push(sentence);
                    }
                }
            }
        }
        found
            .into_iter()
            .map(|(theme, (spans, sentences))| {
                let scores: Vec<f32> = sentences
                    .iter()
                    .filter_map(|s| sentiment.sentences.get(*s))
                    .map(|s| s.sentiment.score)
                    .collect();
                let score = if scores.is_empty() {
                    0.0
                } else {
                    scores.iter().sum::<f32>() / scores.len() as f32
                };
                ThemeMatch {
                    theme: self.ids[theme].clone(),
                    spans,
                    sentences,
                    sentiment: Sentiment {
                        score,
                        label: SentimentAnalyzer::label(lang, score),
                    },
                }
            })
            .collect()
    }
}

pub(crate) fn key_of(lang: Lang, word: &str) -> String {
    key_cow(lang, word).into_owned()
}

/// [`key_of`], borrowing the word unless it changes.
fn key_cow(lang: Lang, word: &str) -> Cow<'_, str> {
    match lang {
        Lang::Pl => fold_polish(word),
        _ => Cow::Borrowed(word),
    }
}

/// Adds the forms under which a word key is matched: itself, and for Hebrew without clitics, for
/// Persian without common suffixes.
fn word_forms<'k>(lang: Lang, key: &'k str, forms: &mut Vec<&'k str>) {
    forms.push(key);
    match lang {
        Lang::He => forms.extend(hebrew_clitic_variants(key)),
        Lang::Fa => {
            const SUFFIXES: [&str; 10] = [
                "\u{200C}های",
                "\u{200C}ها",
                "\u{200C}اش",
                "\u{200C}ی",
                "های",
                "ها",
                "ش",
                "ی",
                "ه",
                "م",
            ];
            for suffix in SUFFIXES {
                if let Some(stem) = key.strip_suffix(suffix)
                    && stem.chars().count() >= 2
                {
                    forms.push(stem);
                }
            }
        }
        _ => {}
    }
}

/// A candidate theme found by [`discover`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The keyphrase, normalised.
    pub phrase: String,
    /// Number of answers containing it.
    pub answers: usize,
    /// Its score (higher is more characteristic).
    pub score: f64,
    /// Indexes (into the input) of up to five answers containing it.
    pub examples: Vec<usize>,
}

/// Options of [`discover`].
#[derive(Debug, Clone, Copy)]
pub struct DiscoverOptions {
    /// Fewest answers a phrase must appear in.
    pub min_answers: usize,
    /// Longest phrase, in words.
    pub max_words: usize,
    /// How many candidates to return.
    pub limit: usize,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            min_answers: 3,
            max_words: 3,
            limit: 20,
        }
    }
}

/// Proposes keyphrases of `answers` (all in `lang`) as candidate themes.
///
/// Phrases are runs of one to `max_words` words inside a sentence, with no stop word (the ISO
/// lists of the `stop-words` crate) at either end and no sentiment-only word (a theme is a
/// topic, not "great"). A phrase's score is TF-IDF-like: the number of answers containing it
/// times the log of how much more often it appears in `answers` than in `background` (the rest of
/// the workspace's answers; without one, its inverse frequency within `answers`), with a bonus for
/// longer phrases. A shorter phrase mostly found inside a longer candidate is dropped in its
/// favour.
pub fn discover(
    answers: &[&str],
    background: &[&str],
    lang: Lang,
    analyzer: &SentimentAnalyzer,
    options: &DiscoverOptions,
) -> Vec<Candidate> {
    let stop = stop_keys(lang);
    let lexicon = analyzer.lexicon(lang);
    let phrases_of = |text: &str| -> HashSet<String> {
        let tokens = tokenize(text);
        let mut out = HashSet::new();
        let words: Vec<(usize, String)> = tokens
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| (t.sentence, tokens.text(t).to_owned()))
            .collect();
        let usable = |w: &str| {
            let key = key_of(lang, w);
            w.chars().count() > 1 && !stop.contains(&key) && lexicon.modifier(&key).is_none()
        };
        let sentiment_only = |w: &str| lexicon.lookup_word(&key_of(lang, w)).is_some();
        for start in 0..words.len() {
            if !usable(&words[start].1) {
                continue;
            }
            for len in 1..=options.max_words {
                let end = start + len;
                if end > words.len() || words[end - 1].0 != words[start].0 {
                    break;
                }
                if !usable(&words[end - 1].1) {
                    continue;
                }
                let slice = &words[start..end];
                if slice.iter().all(|(_, w)| sentiment_only(w)) {
                    continue;
                }
                let phrase = slice
                    .iter()
                    .map(|(_, w)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.insert(phrase);
            }
        }
        out
    };

    let mut counts: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, answer) in answers.iter().enumerate() {
        for phrase in phrases_of(answer) {
            counts.entry(phrase).or_default().push(index);
        }
    }
    let mut background_counts: HashMap<String, usize> = HashMap::new();
    for answer in background {
        for phrase in phrases_of(answer) {
            if counts.contains_key(&phrase) {
                *background_counts.entry(phrase).or_default() += 1;
            }
        }
    }
    let total = answers.len().max(1) as f64;
    let background_total = background.len() as f64;
    let mut candidates: Vec<Candidate> = counts
        .into_iter()
        .filter(|(_, docs)| docs.len() >= options.min_answers)
        .map(|(phrase, docs)| {
            let share = docs.len() as f64 / total;
            let contrast = if background.is_empty() {
                (1.0 + 1.0 / share).ln()
            } else {
                let elsewhere = (*background_counts.get(&phrase).unwrap_or(&0) as f64 + 1.0)
                    / (background_total + 1.0);
                (share / elsewhere).max(1.0).ln() + 0.1
            };
            let words = phrase.split(' ').count() as f64;
            Candidate {
                score: docs.len() as f64 * contrast * (1.0 + 0.5 * (words - 1.0)),
                answers: docs.len(),
                examples: docs.iter().take(5).copied().collect(),
                phrase,
            }
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        // A phrase inside a kept longer one ("mały" in "parking za mały") is dropped when the
        // longer one covers most of its answers: it adds nothing on its own.
        let subsumed = kept.iter().any(|k| {
            k.phrase.split(' ').count() > candidate.phrase.split(' ').count()
                && format!(" {} ", k.phrase).contains(&format!(" {} ", candidate.phrase))
                && k.answers * 10 >= candidate.answers * 7
        });
        if !subsumed {
            kept.push(candidate);
        }
        if kept.len() >= options.limit {
            break;
        }
    }
    kept
}

/// The match keys of `lang`'s stop words (the ISO lists of the `stop-words` crate plus ours),
/// which neither a discovered phrase nor a cluster's terms may start or end with.
pub(crate) fn stop_keys(lang: Lang) -> HashSet<String> {
    stop_words::get(lang.code())
        .iter()
        .map(|w| key_of(lang, &normalize_str(w)))
        .chain(EXTRA_STOP_WORDS.iter().map(|w| key_of(lang, w)))
        .collect()
}

/// Words too common in survey answers to make a theme, beyond the ISO stop lists.
const EXTRA_STOP_WORDS: [&str; 12] = [
    "bardzo", "jest", "było", "byla", "by", "też", "like", "get", "got", "one", "would", "could",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn themes_of(text: &str, lang: Lang) -> Vec<String> {
        let analyzer = SentimentAnalyzer::new();
        let matcher = ThemeMatcher::new(&Taxonomy::starter());
        let tokens = tokenize(text);
        let sentiment = analyzer.analyze(&tokens, lang);
        matcher
            .find(&tokens, lang, &sentiment)
            .into_iter()
            .map(|m| m.theme)
            .collect()
    }

    #[test]
    fn the_starter_taxonomy_is_valid_and_complete() {
        let taxonomy = Taxonomy::starter();
        assert_eq!(taxonomy.themes.len(), 10);
        for theme in &taxonomy.themes {
            for lang in Lang::ALL {
                assert!(theme.names.contains_key(lang.code()), "{} {lang}", theme.id);
                assert!(
                    theme
                        .keywords
                        .get(lang.code())
                        .is_some_and(|k| k.len() >= 5),
                    "{} {lang}",
                    theme.id
                );
            }
        }
    }

    #[test]
    fn a_theme_matches_its_inflected_polish_keyword() {
        assert_eq!(
            themes_of("Czekałem na dostawę dwa tygodnie", Lang::Pl),
            ["speed", "delivery"]
        );
        assert_eq!(themes_of("dostawy nie bylo", Lang::Pl), ["delivery"]);
        assert_eq!(themes_of("Ceny są za wysokie", Lang::Pl), ["price"]);
    }

    #[test]
    fn hebrew_and_persian_forms_match() {
        assert_eq!(
            themes_of("והמשלוח הגיע מהר", Lang::He),
            ["speed", "delivery"]
        );
        assert_eq!(themes_of("قیمتش خیلی بالاست", Lang::Fa), ["price"]);
    }

    #[test]
    fn matches_carry_spans_and_sentence_sentiment() {
        let text = "The staff were lovely. Delivery was awful and late!";
        let analyzer = SentimentAnalyzer::new();
        let matcher = ThemeMatcher::new(&Taxonomy::starter());
        let tokens = tokenize(text);
        let sentiment = analyzer.analyze(&tokens, Lang::En);
        let found = matcher.find(&tokens, Lang::En, &sentiment);
        let staff = found.iter().find(|m| m.theme == "staff").expect("staff");
        assert!(staff.sentiment.score > 0.0);
        let delivery = found
            .iter()
            .find(|m| m.theme == "delivery")
            .expect("delivery");
        assert!(delivery.sentiment.score < 0.0);
        let (a, b) = delivery.spans[0];
        assert_eq!(&text[a..b], "Delivery");
    }

    #[test]
    fn invalid_taxonomies_are_refused() {
        let duplicate = r#"{"themes":[{"id":"a"},{"id":"a"}]}"#;
        assert_eq!(
            Taxonomy::from_json(duplicate),
            Err(TaxonomyError::DuplicateId("a".into()))
        );
        let cycle = r#"{"themes":[{"id":"a","parent":"b"},{"id":"b","parent":"a"}]}"#;
        assert!(matches!(
            Taxonomy::from_json(cycle),
            Err(TaxonomyError::Cycle(_))
        ));
        let orphan = r#"{"themes":[{"id":"a","parent":"x"}]}"#;
        assert!(matches!(
            Taxonomy::from_json(orphan),
            Err(TaxonomyError::UnknownParent { .. })
        ));
        let nested = r#"{"themes":[{"id":"a"},{"id":"b","parent":"a"},{"id":"c","parent":"b"}]}"#;
        assert_eq!(
            Taxonomy::from_json(nested).unwrap().ancestors("c"),
            ["b", "a"]
        );
    }

    #[test]
    fn discovery_finds_the_recurring_topic() {
        let answers = [
            "Parking przy sklepie jest za mały",
            "Brak miejsc na parkingu, parking za mały",
            "Mały parking, trudno zaparkować",
            "Parking pod sklepem zawsze pełny",
            "Miła obsługa",
        ];
        let background = ["Miła obsługa", "Szybka dostawa", "Dobra cena", "Obsługa ok"];
        let found = discover(
            &answers,
            &background,
            Lang::Pl,
            &SentimentAnalyzer::new(),
            &DiscoverOptions::default(),
        );
        assert_eq!(found[0].phrase, "parking");
        assert_eq!(found[0].examples, [0, 1, 2, 3]);
    }
}
