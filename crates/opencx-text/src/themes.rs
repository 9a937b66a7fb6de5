//! Themes: a taxonomy the user edits, matching it against answers, and discovering candidate
//! themes from a set of answers.
//!
//! A [`Taxonomy`] is a list of [`Theme`]s: an id, a name per language, keywords and phrases per
//! language, and an optional parent (sub-themes). Keywords follow the lexicon's conventions: a
//! trailing `*` makes a stem that matches every word starting with it (Polish inflection:
//! `dostaw*` matches "dostawa", "dostawy", "dostawą"), several words make a phrase, and matching
//! is on normalised text — Polish without diacritics, Hebrew with its one-letter clitics
//! stripped ("והמשלוח" finds "משלוח"), Persian with plural and possessive suffixes stripped
//! ("قیمتش" finds "قیمت"). A keyword that starts with `-` is an exclusion: the theme's words
//! inside a match of it do not count ("-clean design" keeps "The app has a clean design" out of
//! Cleanliness, while "The room was clean" stays in). The CX starter taxonomy ships in
//! `themes/cx-starter.json`.
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

pub(crate) const STARTER: &str = include_str!("../themes/cx-starter.json");

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
    /// Keywords, stems (`dostaw*`) and phrases per language code; one that starts with `-` is
    /// an exclusion (see [`exclusion`]).
    #[serde(default)]
    pub keywords: BTreeMap<String, Vec<String>>,
}

/// The phrase of an exclusion keyword ("-clean design" → "clean design"), or `None` for a
/// keyword that says where the theme is. The theme's words inside a match of an exclusion do
/// not count as mentions of it.
pub fn exclusion(keyword: &str) -> Option<&str> {
    keyword.trim_start().strip_prefix('-').map(str::trim_start)
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

/// One compiled keyword after its first word: its theme's index, its remaining words, and
/// whether it is an exclusion.
type Compiled = (usize, Vec<Pattern>, bool);

/// Compiled keywords of one language.
#[derive(Default)]
struct LanguageIndex {
    /// Keywords by their first word (exact).
    by_word: FxHashMap<Box<str>, Vec<Compiled>>,
    /// Keywords by their first word's stem.
    by_stem: FxHashMap<Box<str>, Vec<Compiled>>,
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
    /// Mean sentiment of its mentions: each that of its sentence, or of its own part (clause,
    /// or side of a "but") when the sentence's sentiment words stand in several parts.
    pub sentiment: Sentiment,
    /// Whether a mention took its own part's sentiment rather than its sentence's: then the
    /// theme's sentiment is its own, not the answer's.
    #[serde(default)]
    pub by_part: bool,
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
                    let excludes = exclusion(keyword);
                    let mut patterns = keyword_patterns(lang, excludes.unwrap_or(keyword));
                    if patterns.is_empty() {
                        continue;
                    }
                    let first = patterns.remove(0);
                    let compiled = (theme_index, patterns, excludes.is_some());
                    match first {
                        Pattern::Word(w) => index.by_word.entry(w).or_default().push(compiled),
                        Pattern::Stem(s) => {
                            let length = s.len();
                            if !index.stem_lengths.contains(&length) {
                                index.stem_lengths.push(length);
                            }
                            index.by_stem.entry(s).or_default().push(compiled);
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
            .map(|t| {
                matches!(t.kind, TokenKind::Word | TokenKind::Number)
                    .then(|| key_cow(lang, tokens.text(t)))
            })
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
        // Each keyword matched: (theme index, first token, token after the last); exclusions
        // apart, to take away the theme's matches inside them.
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        let mut excluded: Vec<(usize, usize, usize)> = Vec::new();
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
                for (theme, rest, exclusion) in by_word.chain(by_stem) {
                    let end = i + 1 + rest.len();
                    let sentence = tokens.tokens[i].sentence;
                    let fits = end <= tokens.tokens.len()
                        && rest.iter().enumerate().all(|(k, pattern)| {
                            let j = i + 1 + k;
                            tokens.tokens[j].sentence == sentence
                                && forms_of(j).iter().any(|f| pattern.matches(f))
                        });
                    if fits {
                        let list = if *exclusion { &mut excluded } else { &mut hits };
                        list.push((*theme, i, end));
                    }
                }
            }
        }
        // Per theme index: the matched spans, the sentences they are in, and the (sentence,
        // clause) of each mention.
        type Found = (Vec<(usize, usize)>, Vec<usize>, Vec<(usize, usize)>);
        let mut found: BTreeMap<usize, Found> = BTreeMap::new();
        for (theme, i, end) in hits {
            let inside_exclusion = excluded
                .iter()
                .any(|&(t, from, to)| t == theme && from <= i && end <= to);
            if inside_exclusion {
                continue;
            }
            let sentence = tokens.tokens[i].sentence;
            let (start, _) = tokens.original_range(&tokens.tokens[i]);
            let (_, stop) = tokens.original_range(&tokens.tokens[end - 1]);
            let entry = found.entry(theme).or_default();
            if !entry.0.contains(&(start, stop)) {
                entry.0.push((start, stop));
            }
            if !entry.1.contains(&sentence) {
                entry.1.push(sentence);
            }
            let mention = (sentence, sentiment.parts.get(i).copied().unwrap_or(0));
            if !entry.2.contains(&mention) {
                entry.2.push(mention);
            }
        }
        found
            .into_iter()
            .map(|(theme, (spans, sentences, mentions))| {
                // The parts it is mentioned in, by sentence.
                let mut by_sentence: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for &(s, p) in &mentions {
                    by_sentence.entry(s).or_default().push(p);
                }
                let scored: Vec<(f32, bool)> = by_sentence
                    .iter()
                    .filter_map(|(&s, parts)| mention_score(tokens, sentiment, s, parts))
                    .collect();
                let by_part = scored.iter().any(|(_, own)| *own);
                let score = if scored.is_empty() {
                    0.0
                } else {
                    scored.iter().map(|(score, _)| score).sum::<f32>() / scored.len() as f32
                };
                ThemeMatch {
                    theme: self.ids[theme].clone(),
                    spans,
                    sentences,
                    sentiment: Sentiment {
                        score,
                        label: SentimentAnalyzer::label(lang, score),
                    },
                    by_part,
                }
            })
            .collect()
    }
}

/// The sentiment of a theme mentioned in parts `parts` (see [`LexiconSentiment::parts`]) of
/// sentence `sentence`, and whether it is its own: the sentence's, unless the sentence's
/// sentiment words stand in more than one part ("Great prices, but the courier was rude"); then
/// that of the words in the theme's own parts, when they have any. In one part, its words count
/// as they are, so that mild praise before a "but" is still praise; across several, as the
/// contrast rules weigh them, so that "Kurier bardzo miły, ale paczka przyszła uszkodzona" is a
/// delivery complaint, as the sentence is.
fn mention_score(
    tokens: &Tokens,
    sentiment: &LexiconSentiment,
    sentence: usize,
    parts: &[usize],
) -> Option<(f32, bool)> {
    let sentence_score = sentiment.sentences.get(sentence)?.sentiment.score;
    // Each of the sentence's triggers with its part: that of the token it starts at.
    let part_of = |start: usize| {
        let at = tokens
            .tokens
            .partition_point(|t| tokens.original_range(t).0 < start);
        sentiment.parts.get(at).copied()
    };
    let mut first_part = None;
    let mut several = false;
    // The own parts' contributions before and after the contrast rules, and which parts had any.
    let (mut own, mut weighed) = (0.0f32, 0.0f32);
    let mut own_parts: Vec<usize> = Vec::new();
    for trigger in sentiment.triggers.iter().filter(|t| t.sentence == sentence) {
        let Some(p) = part_of(trigger.start) else {
            continue;
        };
        several |= first_part.is_some_and(|f| f != p);
        first_part.get_or_insert(p);
        if parts.contains(&p) {
            own += trigger.own_valence;
            weighed += trigger.valence;
            if !own_parts.contains(&p) {
                own_parts.push(p);
            }
        }
    }
    Some(match own_parts.len() {
        _ if !several => (sentence_score, false),
        0 => (sentence_score, false),
        1 => (crate::sentiment::squash(own), true),
        _ => (crate::sentiment::squash(weighed), true),
    })
}

/// The words of one whitespace-separated part of a keyword as answers' words are cut
/// ("wi-fi" is "wi" then "fi", "24/7" is "24" then "7"; "<3" and "!!!" have none), normalised,
/// and whether the part ends in '*' (its last word is then a stem).
pub fn keyword_part_words(part: &str) -> (Vec<String>, bool) {
    let normalized = normalize_str(part);
    let (body, stem) = match normalized.strip_suffix('*') {
        Some(body) => (body, true),
        None => (normalized.as_str(), false),
    };
    let tokens = tokenize(body);
    let words = tokens
        .tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| tokens.text(t).to_owned())
        .collect();
    (words, stem)
}

/// The patterns of a keyword: the words of each of its parts ([`keyword_part_words`]), the
/// last word of a part ending in '*' a stem.
fn keyword_patterns(lang: Lang, keyword: &str) -> Vec<Pattern> {
    let mut patterns = Vec::new();
    for part in keyword.split_whitespace() {
        let (words, stem) = keyword_part_words(part);
        for (k, word) in words.iter().enumerate() {
            let key = key_of(lang, word);
            patterns.push(if stem && k + 1 == words.len() {
                Pattern::Stem(key.as_str().into())
            } else {
                Pattern::Word(key.as_str().into())
            });
        }
    }
    patterns
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

/// The key under which a group of similar answers is dismissed: its words, lower-cased and
/// sorted (the order and spelling of a group's words may change from one run to the next).
pub fn group_key(terms: &[String]) -> String {
    let mut words: Vec<String> = terms.iter().map(|t| t.trim().to_lowercase()).collect();
    words.sort();
    words.join(" ")
}

/// Proposes keyphrases of `answers` (all in `lang`) as candidate themes.
///
/// Phrases are runs of one to `max_words` words inside a sentence, with no stop word (the ISO
/// lists of the `stop-words` crate) at either end and no sentiment-only word (a theme is a
/// topic, not "great"). A phrase's score is TF-IDF-like: the number of answers containing it
/// times the log of how much more often it appears in `answers` than in `background` (the rest of
/// the workspace's answers; without one, its inverse frequency within `answers`), with a bonus for
/// longer phrases. A shorter phrase mostly found inside a longer candidate is dropped in its
/// favour. Phrases in `excluded` (dismissed by a person) are never candidates, and they hide
/// only the same suggestion put another way: a phrase that shares a word with one and mostly
/// covers the same answers ("15k steps" after "steps a day"). Other topics of those answers
/// ("checkout" after "app") are still suggested: the answers alone cannot tell a bad label
/// from a non-topic.
pub fn discover(
    answers: &[&str],
    background: &[&str],
    lang: Lang,
    analyzer: &SentimentAnalyzer,
    options: &DiscoverOptions,
    excluded: &HashSet<String>,
) -> Vec<Candidate> {
    let stop = stop_keys(lang);
    let lexicon = analyzer.lexicon(lang);
    let phrases_of = |text: &str| -> HashSet<String> {
        let tokens = tokenize(text);
        let mut out = HashSet::new();
        // Each word with its clause: a phrase does not run across a comma ("Tuesday morning,
        // got served" holds no "morning got served").
        let words: Vec<(usize, String)> = tokens
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| (t.clause, tokens.text(t).to_owned()))
            .collect();
        let usable = |w: &str| {
            let key = key_of(lang, w);
            w.chars().count() > 1 && !stop.contains(&key) && lexicon.modifier(&key).is_none()
        };
        let sentiment_only = |w: &str| lexicon.lookup_word(&key_of(lang, w)).is_some();
        // A phrase of several words neither starts nor ends with a sentiment word: "pasta",
        // not "pasta was amazing".
        let edge = |w: &str, len: usize| usable(w) && (len == 1 || !sentiment_only(w));
        for start in 0..words.len() {
            if !usable(&words[start].1) {
                continue;
            }
            for len in 1..=options.max_words {
                let end = start + len;
                if end > words.len() || words[end - 1].0 != words[start].0 {
                    break;
                }
                if !edge(&words[start].1, len) || !edge(&words[end - 1].1, len) {
                    continue;
                }
                let slice = &words[start..end];
                // A topic needs a word that is neither sentiment nor filler: not "meh it's
                // fine", not "really great".
                if slice.iter().all(|(_, w)| sentiment_only(w) || !usable(w)) {
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
    // The answers of each dismissed phrase: a phrase that shares a word with one and mostly
    // covers the same answers is the same non-topic put another way ("15k steps" after "steps a
    // day" was dismissed), while another topic in those answers ("checkout" after "app") is
    // still suggested.
    // (Their words without stop words: "in" does not make "charger in a box" the same as
    // "burger in town".)
    let content_words = |phrase: &str| -> Vec<String> {
        phrase
            .split(' ')
            .filter(|w| !stop.contains(&key_of(lang, w)))
            .map(str::to_owned)
            .collect()
    };
    let mut dismissed_docs: Vec<(Vec<String>, Vec<usize>)> = counts
        .iter()
        .filter(|(phrase, _)| excluded.contains(*phrase))
        .map(|(phrase, docs)| (content_words(phrase), docs.clone()))
        .collect();
    // A dismissed group of similar answers (its words, see `group_key`): its answers are
    // taken to be those holding all of its words ("hoodie" after "hoodie · soft").
    for key in excluded
        .iter()
        .filter(|k| k.contains(' ') && !counts.contains_key(*k))
    {
        let words: Vec<&str> = key.split(' ').collect();
        let mut docs: Option<Vec<usize>> = None;
        for word in &words {
            let Some(found) = counts.get(*word) else {
                docs = Some(Vec::new());
                break;
            };
            docs = Some(match docs {
                None => found.clone(),
                Some(so_far) => common(&so_far, found),
            });
        }
        if let Some(docs) = docs.filter(|d| !d.is_empty()) {
            dismissed_docs.push((content_words(key), docs));
        }
    }
    let total = answers.len().max(1) as f64;
    let background_total = background.len() as f64;
    let mut candidates: Vec<(Candidate, Vec<usize>)> = counts
        .into_iter()
        .filter(|(phrase, docs)| docs.len() >= options.min_answers && !excluded.contains(phrase))
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
            let candidate = Candidate {
                score: docs.len() as f64 * contrast * (1.0 + 0.5 * (words - 1.0)),
                answers: docs.len(),
                examples: distinct_examples(answers, &docs, 5),
                phrase,
            };
            (candidate, docs)
        })
        .collect();
    candidates.sort_by(|(a, _), (b, _)| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    let mut kept: Vec<(Candidate, Vec<usize>)> = Vec::new();
    for (candidate, docs) in candidates {
        let words: Vec<&str> = candidate.phrase.split(' ').collect();
        let dropped = kept.iter().any(|(k, k_docs)| {
            let k_words: Vec<&str> = k.phrase.split(' ').collect();
            // A phrase inside a kept longer one ("mały" in "parking za mały") is dropped when
            // the longer one covers most of its answers: it adds nothing on its own.
            let inside = k_words.len() > words.len()
                && format!(" {} ", k.phrase).contains(&format!(" {} ", candidate.phrase))
                && k.answers * 10 >= candidate.answers * 7;
            // So is a phrase whose answers are mostly those of a kept one ("app crashes" and
            // "app" beside "crashes at checkout"): the same complaint cut another way, and
            // accepting the kept one already covers them.
            let overlapping = shared(&docs, k_docs) * 10 >= docs.len() * 7;
            inside || overlapping
        }) || {
            let own_words = content_words(&candidate.phrase);
            dismissed_docs.iter().any(|(d_words, d_docs)| {
                own_words.iter().any(|w| d_words.contains(w))
                    && shared(&docs, d_docs) * 10 >= docs.len() * 7
            })
        };
        if !dropped {
            kept.push((candidate, docs));
        }
        if kept.len() >= options.limit {
            break;
        }
    }
    kept.into_iter().map(|(c, _)| c).collect()
}

/// Whether a group of similar answers (its `terms`, its `members`: indexes into `answers`) is
/// `phrase` again, as a suggestion: `min_terms` or more of its terms are the phrase's words and
/// seven in ten of its answers hold the phrase ("promo · code · extra" beside "promo code",
/// "town · burger" beside "burger in town"). Beside a suggested phrase, two terms are asked
/// for: a group around one word of a one-word phrase ("staff · rude · slow" beside "staff")
/// says more than the phrase. Beside a dismissed one, one is enough ("plecak · funkcję ·
/// swoją" after "plecak jak plecak" was dismissed).
pub fn group_repeats_phrase(
    terms: &[String],
    members: &[usize],
    answers: &[&str],
    phrase: &str,
    min_terms: usize,
) -> bool {
    let phrase = phrase.to_lowercase();
    let words: Vec<&str> = phrase.split(' ').collect();
    let in_phrase = terms
        .iter()
        .filter(|t| words.contains(&t.to_lowercase().as_str()))
        .count();
    if in_phrase < min_terms.max(1) || members.is_empty() {
        return false;
    }
    let holding = members
        .iter()
        .filter(|&&i| {
            answers
                .get(i)
                .is_some_and(|t| t.to_lowercase().contains(phrase.as_str()))
        })
        .count();
    holding * 10 >= members.len() * 7
}

/// The indexes two ascending lists share, ascending.
fn common(a: &[usize], b: &[usize]) -> Vec<usize> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// How many indexes two ascending lists share.
fn shared(a: &[usize], b: &[usize]) -> usize {
    common(a, b).len()
}

/// Up to `limit` of `docs` (indexes into `answers`) whose texts differ: the same answer sent
/// three times is one example, not three.
pub fn distinct_examples(answers: &[&str], docs: &[usize], limit: usize) -> Vec<usize> {
    let mut seen: HashSet<String> = HashSet::new();
    docs.iter()
        .copied()
        .filter(|&i| {
            answers
                .get(i)
                .is_some_and(|t| seen.insert(t.trim().to_lowercase()))
        })
        .take(limit)
        .collect()
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
const EXTRA_STOP_WORDS: [&str; 40] = [
    // Polish
    "bardzo",
    "jest",
    "było",
    "byla",
    "by",
    "też",
    "czego",
    "serio",
    "naprawdę",
    "trochę",
    "chyba",
    // English
    "like",
    "get",
    "got",
    "one",
    "would",
    "could",
    "really",
    "much",
    "also",
    "still",
    "though",
    "experience",
    "stuff",
    "thing",
    "things",
    // common misspellings of "definitely", a filler in any answer
    "definately",
    "definatly",
    "definitly",
    "defintely",
    "deffinitely",
    // Hebrew
    "ממש",
    "פשוט",
    "סתם",
    // Persian: light verbs and the copula
    "می‌کنم",
    "کردم",
    "کنم",
    "بود",
    "است",
    // Persian: "purchase", in nearly every answer about a shop
    "خرید",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Label;

    fn themes_of(text: &str, lang: Lang) -> Vec<String> {
        theme_labels(text, lang)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    /// [`discover`] with the default options.
    fn suggest(
        answers: &[&str],
        background: &[&str],
        lang: Lang,
        dismissed: &HashSet<String>,
    ) -> Vec<Candidate> {
        let analyzer = SentimentAnalyzer::new();
        discover(
            answers,
            background,
            lang,
            &analyzer,
            &DiscoverOptions::default(),
            dismissed,
        )
    }

    /// Each theme of `text` with the label of its sentiment.
    fn theme_labels(text: &str, lang: Lang) -> Vec<(String, Label)> {
        let analyzer = SentimentAnalyzer::new();
        let matcher = ThemeMatcher::new(&Taxonomy::starter());
        let tokens = tokenize(text);
        let sentiment = analyzer.analyze(&tokens, lang);
        matcher
            .find(&tokens, lang, &sentiment)
            .into_iter()
            .map(|m| (m.theme, m.sentiment.label))
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
    fn everyday_complaints_find_their_themes() {
        assert_eq!(
            theme_labels("Why does delivery take so long??", Lang::En),
            [
                ("speed".into(), Label::Negative),
                ("delivery".into(), Label::Negative)
            ]
        );
        assert_eq!(
            theme_labels("לא טוב, המשלוח איחר", Lang::He),
            [
                ("speed".into(), Label::Negative),
                ("delivery".into(), Label::Negative)
            ]
        );
        assert_eq!(themes_of("Customer service was great", Lang::En), ["staff"]);
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
    fn a_theme_takes_the_sentiment_of_its_own_clause() {
        use Label::{Negative, Positive};
        for (text, lang) in [
            ("Great prices, but the staff were rude.", Lang::En),
            ("Ceny świetne, ale obsługa niemiła.", Lang::Pl),
            // Without a comma too: "but" parts the sentence.
            ("Great prices but the staff were rude", Lang::En),
            // Mild praise before "but" stays praise of its own part.
            ("Prices are good, but staff rude", Lang::En),
        ] {
            assert_eq!(
                theme_labels(text, lang),
                [("price".into(), Positive), ("staff".into(), Negative)],
                "{text}"
            );
        }
        // A hyphen inside a word does not part it.
        assert_eq!(
            theme_labels(
                "E-mail support was useless, but the shop was great",
                Lang::En
            )[0],
            ("communication".into(), Negative)
        );
        // A clause without sentiment words takes its sentence's: "Delivery: terrible".
        assert_eq!(
            theme_labels("Delivery: terrible.", Lang::En),
            [("delivery".into(), Negative)]
        );
        // One clause: the sentence's sentiment, as before.
        assert_eq!(
            theme_labels("The delivery was not good at all", Lang::En),
            [("delivery".into(), Negative)]
        );
        // A theme on both sides of "but" weighs them as the sentence does: the complaint after
        // it, not an average of praise and complaint.
        let labels = theme_labels(
            "Kurier bardzo miły, ale paczka przyszła uszkodzona.",
            Lang::Pl,
        );
        assert!(
            labels.contains(&("delivery".into(), Negative)),
            "{labels:?}"
        );
    }

    #[test]
    fn exclusions_take_away_the_themes_words_inside_them() {
        let theme =
            |text: &str, lang: Lang, id: &str| themes_of(text, lang).iter().any(|t| t == id);
        // The starter set's own exclusions: a clean design is not about cleanliness, cheap
        // stitching not about prices.
        assert!(!theme(
            "The website has a clean design",
            Lang::En,
            "cleanliness"
        ));
        assert!(theme(
            "The website has a clean design",
            Lang::En,
            "website_app"
        ));
        assert!(theme(
            "The room was clean and the design lovely",
            Lang::En,
            "cleanliness"
        ));
        assert!(!theme(
            "Cheap stitching, the seams came apart",
            Lang::En,
            "price"
        ));
        assert!(!theme("The jacket looks cheap", Lang::En, "price"));
        assert!(theme("Cheap and cheerful, great value", Lang::En, "price"));
        assert!(!theme(
            "Zakupy to czysta przyjemność",
            Lang::Pl,
            "cleanliness"
        ));
        assert!(!theme(
            "Polecam z czystym sumieniem",
            Lang::Pl,
            "cleanliness"
        ));
        assert!(!theme(
            "The website is clean and fast",
            Lang::En,
            "cleanliness"
        ));
        assert!(!theme("הבד מרגיש זול", Lang::He, "price"));
        assert!(theme("Czysto i przyjemnie", Lang::Pl, "cleanliness"));
        assert!(!theme("Kurtka wygląda tanio", Lang::Pl, "price"));
        assert!(theme("Tanio i szybko", Lang::Pl, "price"));
        assert!(!theme("לאתר יש עיצוב נקי", Lang::He, "cleanliness"));
        assert!(!theme("طراحی تمیز سایت", Lang::Fa, "cleanliness"));
        // The camp site is a place: its cleanliness counts.
        assert!(theme(
            "The camp site is clean and the showers hot",
            Lang::En,
            "cleanliness"
        ));
        // Support people are staff; support for a feature is not.
        assert!(theme("The support team was rude", Lang::En, "staff"));
        assert!(theme("Customer support solved it", Lang::En, "staff"));
        assert!(!theme(
            "Support for dark mode would be nice",
            Lang::En,
            "staff"
        ));
        // A reply that arrived is not a delivery; a parcel that arrived is.
        for (text, lang) in [
            ("Odpowiedź przyszła dopiero po drugim mailu", Lang::Pl),
            ("The reply arrived after a week", Lang::En),
            ("התשובה הגיעה אחרי שבוע", Lang::He),
        ] {
            assert!(!theme(text, lang, "delivery"), "{text}");
        }
        for (text, lang) in [
            ("Paczka przyszła szybko", Lang::Pl),
            ("The parcel arrived late", Lang::En),
            ("החבילה הגיעה מהר", Lang::He),
        ] {
            assert!(theme(text, lang, "delivery"), "{text}");
        }
        // A phrase of the theme's own keyword elsewhere in the answer still counts; another
        // theme's words inside the exclusion are not touched.
        assert!(theme(
            "Clean design on the app. The toilets were clean too.",
            Lang::En,
            "cleanliness"
        ));
        let mut taxonomy = Taxonomy::starter();
        taxonomy.themes[0]
            .keywords
            .insert("en".into(), vec!["design".into(), "-design fee*".into()]);
        let matcher = ThemeMatcher::new(&taxonomy);
        let tokens = tokenize("The design fees were a shock, and the design ugly");
        let lexicon = SentimentAnalyzer::new().analyze(&tokens, Lang::En);
        let found = matcher.find(&tokens, Lang::En, &lexicon);
        let mine = found.iter().find(|m| m.theme == taxonomy.themes[0].id);
        assert_eq!(
            mine.map(|m| m.spans.clone()),
            Some(vec![(38, 44)]),
            "only the second \"design\": {found:?}"
        );
        assert_eq!(exclusion(" - clean design"), Some("clean design"));
        assert_eq!(exclusion("clean-design"), None);
    }

    #[test]
    fn keywords_are_cut_into_words_as_answers_are() {
        let mut taxonomy = Taxonomy::starter();
        taxonomy.themes[0].keywords.insert(
            "en".into(),
            vec!["wi-fi".into(), "24/7 support".into(), "e-mail*".into()],
        );
        let matcher = ThemeMatcher::new(&taxonomy);
        let analyzer = SentimentAnalyzer::new();
        let id = taxonomy.themes[0].id.clone();
        for (text, expected) in [
            ("The wi-fi kept dropping", true),
            ("The Wi-Fi kept dropping", true),
            ("They promise 24/7 support", true),
            ("Your e-mails never arrive", true),
            ("Wifi fine, support fine", false),
        ] {
            let tokens = tokenize(text);
            let sentiment = analyzer.analyze(&tokens, Lang::En);
            let found = matcher.find(&tokens, Lang::En, &sentiment);
            assert_eq!(found.iter().any(|m| m.theme == id), expected, "{text}");
        }
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
        let found = suggest(&answers, &background, Lang::Pl, &HashSet::new());
        assert_eq!(found[0].phrase, "parking");
        assert_eq!(found[0].examples, [0, 1, 2, 3]);
    }

    #[test]
    fn a_dismissed_group_hides_its_words_as_phrases() {
        // (Its words as phrases of its answers: "hoodie" after "hoodie · toasty".)
        let answers = [
            "The hoodie keeps me toasty",
            "toasty and cozy, this hoodie",
            "hoodie makes winter toasty",
            "my new hoodie, toasty",
            "Great shoes",
        ];
        let background = ["Nice people", "Quick delivery"];
        let first = suggest(&answers, &background, Lang::En, &HashSet::new());
        assert!(
            first.iter().any(|c| c.phrase.contains("hoodie")),
            "{first:?}"
        );
        // The group "hoodie · toasty" dismissed (its key: its words, sorted; never a phrase
        // here, the words are never side by side).
        let dismissed: HashSet<String> = [group_key(&["toasty".into(), "hoodie".into()])].into();
        let instead = suggest(&answers, &background, Lang::En, &dismissed);
        assert!(
            instead.iter().all(|c| !c.phrase.contains("hoodie")),
            "{instead:?}"
        );
    }

    #[test]
    fn a_group_that_is_a_phrase_again_is_a_repeat() {
        let answers = [
            "Promo code did not work",
            "promo code extra discount missing",
            "The promo code gave no extra",
            "Staff rude and slow",
        ];
        let terms = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let promo = terms(&["promo", "code", "extra"]);
        assert!(group_repeats_phrase(
            &promo,
            &[0, 1, 2],
            &answers,
            "promo code",
            2
        ));
        // Not when few of its answers hold the phrase, or only one of its terms is the phrase.
        assert!(!group_repeats_phrase(
            &promo,
            &[0, 3, 3],
            &answers,
            "promo code",
            2
        ));
        let staff = terms(&["staff", "rude", "slow"]);
        assert!(!group_repeats_phrase(&staff, &[3], &answers, "staff", 2));
        assert!(!group_repeats_phrase(
            &promo,
            &[],
            &answers,
            "promo code",
            2
        ));
        // Beside a dismissed phrase one shared term is enough.
        assert!(group_repeats_phrase(&staff, &[3], &answers, "staff", 1));
    }

    #[test]
    fn discovery_suggests_one_phrase_per_complaint_with_different_examples() {
        let answers = [
            "The app crashes at checkout",
            "The app crashes at checkout",
            "The app crashes at checkout",
            "app crashes at checkout every time",
            "Again the app crashes at checkout",
            "meh it's fine",
            "meh it's fine",
            "meh, it's fine",
            "Nice people",
        ];
        let background = [
            "Nice people",
            "Quick delivery",
            "Good price",
            "Helpful staff",
        ];
        let found = suggest(&answers, &background, Lang::En, &HashSet::new());
        let phrases: Vec<&str> = found.iter().map(|c| c.phrase.as_str()).collect();
        // One suggestion for the crash ("app", the topic; "crashes" is a sentiment word), not
        // also "app crashes", "checkout", "crashes at checkout", ….
        assert_eq!(phrases, ["app"]);
        // The same answer three times is one example.
        assert_eq!(found[0].examples, [0, 3, 4]);
        // "app" dismissed: what it covered is suggested in its place.
        let dismissed: HashSet<String> = ["app".to_owned()].into();
        let instead = suggest(&answers, &background, Lang::En, &dismissed);
        assert!(
            !instead.is_empty() && instead.iter().all(|c| c.phrase != "app"),
            "{instead:?}"
        );
        // A dismissed suggestion is not made again in other words for the same answers: no
        // "15k steps" or "steps" after "steps a day".
        let answers = [
            "I walk 15k steps a day with it",
            "15k steps a day and the watch strap broke",
            "Counting 15k steps a day, watch strap is cheap",
            "My 15k steps a day goal, the watch strap itches",
            "Did 15k steps a day all week",
            "Great shoes",
        ];
        let first = suggest(&answers, &background, Lang::En, &HashSet::new());
        assert_eq!(first[0].phrase, "steps a day", "{first:?}");
        let dismissed: HashSet<String> = ["steps a day".to_owned()].into();
        let instead = suggest(&answers, &background, Lang::En, &dismissed);
        assert!(
            instead
                .iter()
                .all(|c| !c.phrase.split(' ').any(|w| w == "steps" || w == "day")),
            "{instead:?}"
        );
        // Sentiment and filler make no topic.
        assert!(!phrases.iter().any(|p| p.contains("meh")), "{phrases:?}");
        // Nor does a phrase across a comma or ending in a sentiment word.
        let found = suggest(
            &[
                "On a Tuesday morning, got served at once",
                "Tuesday morning, got served fast",
                "Saturday morning, got served late",
                "The pasta was amazing",
                "pasta was amazing again",
                "Pasta was amazing!",
            ],
            &background,
            Lang::En,
            &HashSet::new(),
        );
        let phrases: Vec<&str> = found.iter().map(|c| c.phrase.as_str()).collect();
        assert!(phrases.contains(&"pasta"), "{phrases:?}");
        assert!(
            !phrases
                .iter()
                .any(|p| p.contains("morning got") || p.contains("amazing")),
            "{phrases:?}"
        );
    }
}
