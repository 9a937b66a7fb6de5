//! Sentiment lexicons and the rules' word lists, per language, embedded at build time.
//!
//! A lexicon file (`lexicons/*.tsv`) has one entry a line: a term, a tab, a valence on VADER's
//! scale (−4 very negative … +4 very positive); `#` starts a comment. A term is
//! - a word (`świetny`), matched exactly after normalisation;
//! - a stem ending in `*` (`polec*`), matched as a prefix of at least its length — this is how
//!   Polish inflection is handled: one stem covers "polecam", "polecamy", "polecił", "polecenia"…;
//! - a phrase of several words (`nie polecam`, `כל הכבוד`), matched on consecutive tokens; each
//!   of its words may itself be a stem, and a word after the first may be `*` alone, which
//!   stands for any one word (`took * weeks`: "took two weeks", "took 3 weeks").
//!
//! `lexicons/rules.tsv` lists, per language, negators, post-negators (Persian verbs such as
//! "نبود" that negate what comes before them), boosters (intensifiers with a positive value,
//! diminishers with a negative one) and contrast words.
//!
//! Lookups also undo the morphology the files do not spell out: Polish words are compared without
//! diacritics and "nie" glued to an adjective negates it ("niemiły"); Hebrew one-letter clitics
//! (ו, ה, ב, ל, כ, מ, ש) are stripped; Persian plural and possessive suffixes, the "می" verb
//! prefix and the negative prefixes "ن"/"نمی" are stripped, the latter negating the word.

use std::borrow::Cow;

use crate::fxhash::FxHashMap;
use crate::lang::Lang;
use crate::normalize::{fold_polish, normalize_str};

pub(crate) const EN_VADER: &str = include_str!("../lexicons/en-vader.tsv");
pub(crate) const EN_CX: &str = include_str!("../lexicons/en-cx.tsv");
pub(crate) const PL: &str = include_str!("../lexicons/pl.tsv");
pub(crate) const HE: &str = include_str!("../lexicons/he.tsv");
pub(crate) const FA: &str = include_str!("../lexicons/fa.tsv");
pub(crate) const EMOJI: &str = include_str!("../lexicons/emoji.tsv");
pub(crate) const RULES: &str = include_str!("../lexicons/rules.tsv");

/// How a word modifies the sentiment around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Modifier {
    /// Negates the sentiment words after it in the same clause ("not", "nie", "לא").
    Negator,
    /// Negates the sentiment words before it in the same clause (Persian "نبود", "نیست").
    PostNegator,
    /// Strengthens (positive value) or weakens (negative value) the next sentiment word.
    Booster(f32),
    /// What comes after it weighs more than what came before ("but", "ale", "אבל", "اما").
    Contrast,
    /// Asks why: a question with it is a complaint ("why", "dlaczego", "למה").
    Why,
    /// Opens a conceded clause, which weighs less than the rest of its sentence ("although",
    /// "despite", "למרות"): "despite a minor flaw, I recommend it" recommends it.
    Concession,
    /// Says a problem was solved ("sorted it out", "rozwiązali", "פתרו", "حل شد"): the
    /// complaint words before it in its sentence, and those right after it ("solved my
    /// problem"), tell the story of a fixed problem and weigh nothing.
    Resolution,
    /// Says a problem was not solved, as one negative verb (Persian "حل نشد", "حل نکرد"): the
    /// negation belongs to the solving, so the complaint words before it are not negated by it
    /// ("هیچکس مشکلم رو حل نکرد" is a complaint, not a problem denied).
    Unresolved,
    /// Says what was expected or feared ("I expected", "spodziewałem się", "ציפיתי", "انتظار
    /// داشتم"): when a contrast follows in its sentence, the words from it to the contrast tell
    /// an expectation the rest answers ("I expected a hassle, but it took two minutes") and
    /// weigh nothing.
    Expectation,
}

/// A sentiment word found in the lexicon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Valence on the −4…+4 scale.
    pub valence: f32,
    /// The word carries its own negation (Persian "نمی‌ارزه", Polish "niemiły").
    pub negated: bool,
    /// Number of tokens the entry covers (more than one for phrases).
    pub len: usize,
}

/// The lexicon and rule lists of one language.
pub struct Lexicon {
    lang: Lang,
    words: FxHashMap<Box<str>, f32>,
    stems: FxHashMap<Box<str>, f32>,
    /// Phrases by their first word: the remaining words (each possibly a stem) and the valence.
    phrases: FxHashMap<Box<str>, Vec<Phrase>>,
    /// Phrases whose first word is a stem ("godn* polecenia"), by the stem's first
    /// [`MIN_STEM_CHARS`] characters: (the stem, the phrase). Few, and in Polish only so far.
    stem_phrases: FxHashMap<Box<str>, Vec<(Box<str>, Phrase)>>,
    modifiers: FxHashMap<Box<str>, Modifier>,
    /// The first words of two-word modifiers ("kind" of "kind of"), so that most pairs of
    /// tokens are ruled out without being joined into a string.
    pair_starts: FxHashMap<Box<str>, ()>,
    shortest_stem: usize,
    longest_stem: usize,
    /// The first [`MIN_STEM_CHARS`] characters of every stem: a word starting otherwise has no
    /// stem, and is ruled out with one lookup instead of one per stem length.
    stem_heads: FxHashMap<Box<str>, ()>,
}

/// The words of a phrase after its first, and its valence.
type Phrase = (Vec<Box<str>>, f32);

/// Shortest stem, in characters, that a file may declare: shorter ones match too much.
const MIN_STEM_CHARS: usize = 3;

impl Lexicon {
    /// The embedded lexicon of `lang`.
    pub fn embedded(lang: Lang) -> Lexicon {
        let sources: &[&str] = match lang {
            // The project's CX additions come second so they override VADER's entries.
            Lang::En => &[EN_VADER, EN_CX, EMOJI],
            Lang::Pl => &[PL, EMOJI],
            Lang::He => &[HE, EMOJI],
            Lang::Fa => &[FA, EMOJI],
        };
        let mut lexicon = Lexicon::from_sources(lang, sources);
        lexicon.add_rules(RULES);
        lexicon
    }

    /// A lexicon from the given file contents (later entries override earlier ones), without
    /// rules. Malformed lines are skipped: the embedded files are checked by tests.
    pub fn from_sources(lang: Lang, sources: &[&str]) -> Lexicon {
        let mut lexicon = Lexicon {
            lang,
            words: FxHashMap::default(),
            stems: FxHashMap::default(),
            phrases: FxHashMap::default(),
            stem_phrases: FxHashMap::default(),
            modifiers: FxHashMap::default(),
            pair_starts: FxHashMap::default(),
            shortest_stem: usize::MAX,
            longest_stem: 0,
            stem_heads: FxHashMap::default(),
        };
        for source in sources {
            for (term, value) in entries(source) {
                let Ok(valence) = value.parse::<f32>() else {
                    continue;
                };
                lexicon.insert(&term, valence);
            }
        }
        lexicon
    }

    /// Adds one entry (word, stem or phrase).
    pub fn insert(&mut self, term: &str, valence: f32) {
        let key = self.key_of(term);
        let mut words: Vec<Box<str>> = key.split_whitespace().map(Box::from).collect();
        match words.len() {
            0 => {}
            1 => {
                let word = words.pop().unwrap_or_default();
                if let Some(stem) = word.strip_suffix('*') {
                    let chars = stem.chars().count();
                    if chars >= MIN_STEM_CHARS {
                        self.shortest_stem = self.shortest_stem.min(chars);
                        self.longest_stem = self.longest_stem.max(chars);
                        self.stem_heads
                            .insert(Box::from(prefix_chars(stem, MIN_STEM_CHARS)), ());
                        self.stems.insert(Box::from(stem), valence);
                    }
                } else {
                    self.words.insert(word, valence);
                }
            }
            _ => {
                let first = words.remove(0);
                if let Some(stem) = first.strip_suffix('*') {
                    if stem.chars().count() >= MIN_STEM_CHARS {
                        let list = self
                            .stem_phrases
                            .entry(Box::from(prefix_chars(stem, MIN_STEM_CHARS)))
                            .or_default();
                        list.retain(|(s, (rest, _))| **s != *stem || *rest != words);
                        list.push((Box::from(stem), (words, valence)));
                        list.sort_by_key(|(_, (rest, _))| std::cmp::Reverse(rest.len()));
                    }
                    return;
                }
                let list = self.phrases.entry(first).or_default();
                list.retain(|(rest, _)| *rest != words);
                list.push((words, valence));
                // Longest phrases first, so "nie do końca zadowolony" wins over "nie do".
                list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
            }
        }
    }

    fn add_rules(&mut self, source: &str) {
        for line in source.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut columns = line.split('\t');
            let (Some(lang), Some(kind), Some(term)) =
                (columns.next(), columns.next(), columns.next())
            else {
                continue;
            };
            if lang != self.lang.code() {
                continue;
            }
            let value = columns.next().and_then(|v| v.trim().parse::<f32>().ok());
            let modifier = match (kind, value) {
                ("negator", _) => Modifier::Negator,
                ("postnegator", _) => Modifier::PostNegator,
                ("booster", Some(v)) => Modifier::Booster(v),
                ("contrast", _) => Modifier::Contrast,
                ("why", _) => Modifier::Why,
                ("concession", _) => Modifier::Concession,
                ("resolution", _) => Modifier::Resolution,
                ("unresolved", _) => Modifier::Unresolved,
                ("expectation", _) => Modifier::Expectation,
                _ => continue,
            };
            let key = self.key_of(term);
            let key = key.trim();
            if let Some((first, _)) = key.split_once(' ') {
                self.pair_starts.insert(Box::from(first), ());
            }
            self.modifiers.insert(Box::from(key), modifier);
        }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Number of single words, stems and phrases.
    pub fn len(&self) -> usize {
        self.words.len() + self.stems.len() + self.phrases.values().map(Vec::len).sum::<usize>()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The form under which a normalised word is looked up (Polish: without diacritics).
    pub fn key_of<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self.lang {
            Lang::Pl => fold_polish(word),
            _ => Cow::Borrowed(word),
        }
    }

    /// The modifier role of a word key, if any. Hebrew clitics are stripped ("ולא" is "לא"), and
    /// letters repeated for emphasis are read once ("מאווווד").
    pub fn modifier(&self, key: &str) -> Option<Modifier> {
        self.modifier_of(key).or_else(|| {
            // Two-word modifiers ("kind of") are not stretched.
            if !may_be_stretched(key.as_bytes(), self.lang) || key.contains(' ') {
                return None;
            }
            emphasis_variants(key, self.lang).find_map(|plain| self.modifier_of(&plain))
        })
    }

    /// The modifier role of two consecutive word keys read together ("kind of", "כל כך"): the
    /// same as [`Lexicon::modifier`] of `"{first} {second}"`, which is only built when `first`
    /// (in Hebrew also without one or two leading clitics) starts a two-word modifier.
    pub fn pair_modifier(
        &self,
        first: &str,
        second: &str,
        buffer: &mut String,
    ) -> Option<Modifier> {
        if self.pair_starts.is_empty() {
            return None;
        }
        let mut candidate = first;
        let mut starts = self.pair_starts.contains_key(candidate);
        if self.lang == Lang::He {
            // As `hebrew_clitic_variants` strips them from the joined pair, where what remains
            // is always long enough.
            for _ in 0..2 {
                if starts {
                    break;
                }
                let mut chars = candidate.chars();
                match chars.next() {
                    Some(c) if HEBREW_CLITICS.contains(&c) => candidate = chars.as_str(),
                    _ => break,
                }
                starts = self.pair_starts.contains_key(candidate);
            }
        }
        // A key with a space of its own (none is expected) is looked up as it is.
        if !starts && !first.contains(' ') {
            return None;
        }
        buffer.clear();
        buffer.push_str(first);
        buffer.push(' ');
        buffer.push_str(second);
        self.modifier(buffer)
    }

    fn modifier_of(&self, key: &str) -> Option<Modifier> {
        if let Some(m) = self.modifiers.get(key) {
            return Some(*m);
        }
        if self.lang == Lang::He {
            for stripped in hebrew_clitic_variants(key) {
                if let Some(m) = self.modifiers.get(stripped) {
                    return Some(*m);
                }
            }
        }
        None
    }

    /// The sentiment entry starting at `keys[0]`: the longest phrase, else the word itself. In
    /// Hebrew a phrase's first word may carry clitics ("וכל הכבוד", "ושבת שלום").
    pub fn lookup(&self, keys: &[&str]) -> Option<Hit> {
        let first = *keys.first()?;
        let clitics = (self.lang == Lang::He)
            .then(|| hebrew_clitic_variants(first))
            .into_iter()
            .flatten();
        for first in std::iter::once(first).chain(clitics) {
            if let Some(hit) = self.lookup_phrase(first, keys) {
                return Some(hit);
            }
        }
        self.lookup_word(first)
    }

    /// The longest phrase whose first word is `first` and whose other words follow in `keys`;
    /// then the longest whose first word is a stem of `first`.
    fn lookup_phrase(&self, first: &str, keys: &[&str]) -> Option<Hit> {
        let follows = |(rest, valence): &Phrase| {
            (rest.len() < keys.len()
                && rest
                    .iter()
                    .zip(&keys[1..])
                    .all(|(pattern, key)| matches_pattern(pattern, key)))
            .then_some(Hit {
                valence: *valence,
                negated: false,
                len: rest.len() + 1,
            })
        };
        if let Some(hit) = self
            .phrases
            .get(first)
            .and_then(|phrases| phrases.iter().find_map(follows))
        {
            return Some(hit);
        }
        if self.stem_phrases.is_empty() || keys.len() < 2 {
            return None;
        }
        self.stem_phrases
            .get(prefix_chars(first, MIN_STEM_CHARS))?
            .iter()
            .filter(|(stem, _)| first.starts_with(&**stem))
            .find_map(|(_, phrase)| follows(phrase))
    }

    /// The sentiment of one word key, undoing the morphology described in the module docs, and
    /// then letters repeated for emphasis ("מקסיםםם", "עצובב").
    pub fn lookup_word(&self, key: &str) -> Option<Hit> {
        self.lookup_inflected(key).or_else(|| {
            if !may_be_stretched(key.as_bytes(), self.lang) {
                return None;
            }
            emphasis_variants(key, self.lang).find_map(|plain| self.lookup_inflected(&plain))
        })
    }

    fn lookup_inflected(&self, key: &str) -> Option<Hit> {
        let hit = |valence: f32, negated: bool| Hit {
            valence,
            negated,
            len: 1,
        };
        if let Some(v) = self.direct(key) {
            return Some(hit(v, false));
        }
        match self.lang {
            Lang::Pl => {
                // "niemiły", "nieprofesjonalnie": glued negation of a known word.
                if let Some(rest) = key.strip_prefix("nie")
                    && rest.chars().count() >= 4
                    && let Some(v) = self.direct(rest)
                {
                    return Some(hit(v, true));
                }
                None
            }
            Lang::He => hebrew_clitic_variants(key)
                .find_map(|stripped| self.direct(stripped))
                .or_else(|| {
                    std::iter::once(key)
                        .chain(hebrew_clitic_variants(key))
                        .find_map(|word| self.hebrew_stem(word))
                })
                .map(|v| hit(v, false)),
            Lang::Fa => self.lookup_persian(key),
            Lang::En => None,
        }
    }

    fn lookup_persian(&self, key: &str) -> Option<Hit> {
        let hit = |valence: f32, negated: bool| Hit {
            valence,
            negated,
            len: 1,
        };
        // Negative verb prefixes: "نمی‌ارزه" (is not worth it), "نخرید" (do not buy).
        for (prefix, min_rest) in [("نمی\u{200C}", 2), ("نمی", 3), ("ن", 3)] {
            if let Some(rest) = key.strip_prefix(prefix)
                && rest.chars().count() >= min_rest
            {
                if let Some(v) = self.persian_stem(rest) {
                    return Some(hit(v, true));
                }
                if let Some(v) = self.direct(&format!("می\u{200C}{rest}")) {
                    return Some(hit(v, true));
                }
            }
        }
        self.persian_stem(key).map(|v| hit(v, false))
    }

    /// A Persian word after removing the continuous-tense prefix "می" and common suffixes
    /// (plural, possessive, the colloquial "is" -ه and -‌ست, comparative -تر).
    fn persian_stem(&self, key: &str) -> Option<f32> {
        if let Some(v) = self.direct(key) {
            return Some(v);
        }
        let without_mi = key
            .strip_prefix("می\u{200C}")
            .or_else(|| key.strip_prefix("می"))
            .filter(|rest| rest.chars().count() >= 2);
        if let Some(rest) = without_mi
            && let Some(v) = self
                .direct(&format!("می\u{200C}{rest}"))
                .or_else(|| self.direct(rest))
        {
            return Some(v);
        }
        // "‌ست" is the colloquial "is" after a vowel ("به‌صرفه‌ست": is good value).
        const SUFFIXES: [&str; 17] = [
            "\u{200C}ست",
            "\u{200C}های",
            "\u{200C}ها",
            "\u{200C}ترین",
            "\u{200C}تر",
            "\u{200C}ای",
            "\u{200C}اش",
            "\u{200C}ی",
            "های",
            "ها",
            "ترین",
            "تر",
            "یه",
            "ه",
            "ی",
            "ش",
            "م",
        ];
        for suffix in SUFFIXES {
            if let Some(stem) = key.strip_suffix(suffix)
                && stem.chars().count() >= 2
                && let Some(v) = self.direct(stem)
            {
                return Some(v);
            }
        }
        None
    }

    /// A Hebrew word after removing one inflection suffix (plural, feminine, possessive, past
    /// person: "חכמים" → "חכם", "כבודו" → "כבוד", "אהבתי" → "אהב"), with the stem's last letter
    /// in its final form, while at least three letters remain.
    fn hebrew_stem(&self, key: &str) -> Option<f32> {
        const SUFFIXES: [&str; 13] = [
            "ים", "ות", "ית", "תי", "תם", "נו", "כם", "הם", "ה", "ת", "י", "ך", "ו",
        ];
        let mut stem = String::new();
        for suffix in SUFFIXES {
            let Some(rest) = key.strip_suffix(suffix) else {
                continue;
            };
            if rest.chars().count() < 3 {
                continue;
            }
            if let Some(v) = self.direct(rest) {
                return Some(v);
            }
            let mut chars = rest.chars();
            let final_form = match chars.next_back() {
                Some('כ') => 'ך',
                Some('מ') => 'ם',
                Some('נ') => 'ן',
                Some('פ') => 'ף',
                Some('צ') => 'ץ',
                _ => continue,
            };
            stem.clear();
            stem.push_str(chars.as_str());
            stem.push(final_form);
            if let Some(v) = self.direct(&stem) {
                return Some(v);
            }
        }
        None
    }

    /// Exact word, then the longest stem that is a prefix of it.
    fn direct(&self, key: &str) -> Option<f32> {
        if let Some(v) = self.words.get(key) {
            return Some(*v);
        }
        if self.stems.is_empty()
            || !self
                .stem_heads
                .contains_key(prefix_chars(key, MIN_STEM_CHARS))
        {
            return None;
        }
        // Every prefix of `shortest_stem..=longest_stem` characters, the longest found winning.
        let mut found = None;
        let mut chars = 0;
        for end in key
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain(std::iter::once(key.len()))
        {
            chars += 1;
            if chars > self.longest_stem {
                break;
            }
            if chars >= self.shortest_stem
                && let Some(v) = self.stems.get(&key[..end])
            {
                found = Some(*v);
            }
        }
        found
    }
}

/// A word written with letters repeated for emphasis, read plainly: in Hebrew every run of a
/// letter once, and a doubled last letter once ("מקסיםםם" → "מקסים", "עצובב" → "עצוב"); elsewhere
/// runs of three or more letters twice and then once ("goooood" → "good", "sooo" → "so").
/// Nothing when no letter is repeated that way.
/// Callers first ask [`may_be_stretched`], which rules out most words from their bytes.
fn emphasis_variants(key: &str, lang: Lang) -> impl Iterator<Item = String> {
    let repeated = may_be_stretched(key.as_bytes(), lang);
    let collapse = |max_run: usize, min_run: usize| -> Option<String> {
        let chars: Vec<char> = key.chars().collect();
        let mut out = String::with_capacity(key.len());
        let mut changed = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let mut j = i;
            while j < chars.len() && chars[j] == c {
                j += 1;
            }
            let run = j - i;
            let keep = if c.is_alphabetic() && run >= min_run {
                max_run.min(run)
            } else {
                run
            };
            changed |= keep != run;
            out.extend(std::iter::repeat_n(c, keep));
            i = j;
        }
        changed.then_some(out)
    };
    let variants: [Option<String>; 2] = if !repeated {
        [None, None]
    } else if lang == Lang::He {
        let once = collapse(1, 3).unwrap_or_else(|| key.to_owned());
        let mut chars = once.chars();
        let last = chars.next_back();
        let doubled_end = last.is_some() && chars.next_back() == last;
        let once = if doubled_end {
            let mut trimmed = once.clone();
            trimmed.pop();
            Some(trimmed)
        } else {
            (once != key).then_some(once)
        };
        [once, None]
    } else {
        [collapse(2, 3), collapse(1, 3)]
    };
    variants
        .into_iter()
        .flatten()
        .filter(|v| v.chars().count() >= 2)
}

/// Whether a word may have letters repeated for emphasis, told from its bytes in one pass
/// without decoding or allocating: a byte repeated three times (a one-byte letter), two bytes
/// repeated three times (a two-byte letter), or, in Hebrew, a doubled two-byte last letter. Most
/// words have none, and then [`emphasis_variants`] has nothing to offer.
#[inline]
fn may_be_stretched(b: &[u8], lang: Lang) -> bool {
    let n = b.len();
    if lang == Lang::He && n >= 4 && b[n - 4] == b[n - 2] && b[n - 3] == b[n - 1] {
        return true;
    }
    // Both patterns repeat the byte at `i` two places further on, which few positions do.
    (0..n.saturating_sub(2)).any(|i| {
        b[i] == b[i + 2]
            && (b[i] == b[i + 1]
                || (i + 5 < n && b[i] == b[i + 4] && b[i + 1] == b[i + 3] && b[i + 1] == b[i + 5]))
    })
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Whether a phrase word (a word or a stem ending in `*`) matches a key.
fn matches_pattern(pattern: &str, key: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => key.starts_with(stem),
        None => pattern == key,
    }
}

/// The one-letter Hebrew clitics: and, the, in, to, as, from, that.
const HEBREW_CLITICS: [char; 7] = ['ו', 'ה', 'ב', 'ל', 'כ', 'מ', 'ש'];

/// The word with one and then two leading Hebrew clitic letters removed, while at least two
/// letters remain ("והשירות" → "השירות" → "שירות").
pub fn hebrew_clitic_variants(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    (0..2).map_while(move |_| {
        let mut chars = rest.chars();
        let first = chars.next()?;
        let remaining = chars.as_str();
        if HEBREW_CLITICS.contains(&first) && remaining.chars().count() >= 2 {
            rest = remaining;
            Some(remaining)
        } else {
            None
        }
    })
}

/// Non-comment `term<TAB>value` lines of a lexicon file, normalised like customer text.
fn entries(source: &str) -> impl Iterator<Item = (String, &str)> {
    source.lines().filter_map(|line| {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            return None;
        }
        let (term, rest) = line.split_once('\t')?;
        let value = rest.split('\t').next()?.trim();
        Some((normalize_str(term.trim()), value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse_without_dropped_lines() {
        for (lang, source) in [
            (Lang::Pl, PL),
            (Lang::He, HE),
            (Lang::Fa, FA),
            (Lang::En, EN_CX),
        ] {
            for line in source.lines() {
                if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    continue;
                }
                let (term, value) = line.split_once('\t').unwrap_or_else(|| {
                    panic!("{lang}: line without a tab: {line:?}");
                });
                let value: f32 = value.trim().parse().unwrap_or_else(|_| {
                    panic!("{lang}: bad valence in {line:?}");
                });
                assert!((-4.0..=4.0).contains(&value), "{lang}: {line:?}");
                if let Some(stem) = term.strip_suffix('*') {
                    assert!(
                        stem.chars().count() >= MIN_STEM_CHARS,
                        "{lang}: short stem {line:?}"
                    );
                }
            }
        }
        for line in RULES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let columns: Vec<&str> = line.split('\t').collect();
            assert!(columns.len() >= 3, "rules: {line:?}");
            assert!(Lang::from_code(columns[0]).is_some(), "rules: {line:?}");
            assert!(
                [
                    "negator",
                    "postnegator",
                    "booster",
                    "contrast",
                    "concession",
                    "resolution",
                    "unresolved",
                    "expectation",
                    "why"
                ]
                .contains(&columns[1]),
                "rules: {line:?}"
            );
        }
    }

    #[test]
    fn polish_stems_match_inflected_forms_with_and_without_diacritics() {
        let pl = Lexicon::embedded(Lang::Pl);
        for form in [
            "polecam",
            "polecamy",
            "polecił",
            "świetna",
            "swietnie",
            "zadowolona",
        ] {
            let key = pl.key_of(form);
            assert!(
                pl.lookup_word(&key).is_some_and(|h| h.valence > 0.0),
                "{form}"
            );
        }
        let key = pl.key_of("okropnie");
        assert!(pl.lookup_word(&key).is_some_and(|h| h.valence < 0.0));
    }

    #[test]
    fn polish_glued_negation_is_reported() {
        let pl = Lexicon::embedded(Lang::Pl);
        let hit = pl.lookup_word("niepomocna").expect("found through pomocn*");
        assert!(hit.negated && hit.valence > 0.0);
    }

    #[test]
    fn hebrew_clitics_are_stripped() {
        let he = Lexicon::embedded(Lang::He);
        assert!(he.lookup_word("והמעולה").is_some_and(|h| h.valence > 0.0));
        assert_eq!(he.modifier("ולא"), Some(Modifier::Negator));
    }

    #[test]
    fn hebrew_suffixes_are_stripped_with_final_letters() {
        let he = Lexicon::embedded(Lang::He);
        // "חכמים" → "חכמ" → "חכם"; "והאדיבות" → clitics and the plural.
        for word in ["חכמים", "והאדיבות", "מגעילים"] {
            assert!(he.lookup_word(word).is_some(), "{word}");
        }
        assert!(he.lookup_word("שולחן").is_none());
    }

    #[test]
    fn persian_negative_prefix_negates_and_suffixes_are_stripped() {
        let fa = Lexicon::embedded(Lang::Fa);
        let hit = fa
            .lookup_word("نمی\u{200C}ارزه")
            .expect("found through می‌ارزه");
        assert!(hit.negated && hit.valence > 0.0);
        assert!(
            fa.lookup_word("عالیه")
                .is_some_and(|h| h.valence > 0.0 && !h.negated)
        );
        assert!(fa.lookup_word("خوبه").is_some_and(|h| h.valence > 0.0));
    }

    #[test]
    fn letters_repeated_for_emphasis_are_read_once() {
        let he = Lexicon::embedded(Lang::He);
        for word in ["מקסיםםםם", "עצובב", "תתביישששש"] {
            assert!(he.lookup_word(word).is_some(), "{word}");
        }
        assert_eq!(he.modifier("מאווווד"), Some(Modifier::Booster(0.293)));
        let en = Lexicon::embedded(Lang::En);
        assert!(en.lookup_word("goooood").is_some_and(|h| h.valence > 0.0));
        assert!(en.lookup_word("baaad").is_some_and(|h| h.valence < 0.0));
    }

    #[test]
    fn hebrew_phrases_take_clitics_on_their_first_word() {
        let he = Lexicon::embedded(Lang::He);
        let hit = he.lookup(&["וכל", "הכבוד"]).expect("phrase");
        assert_eq!(hit.len, 2);
        // Words the clitic rule would misread are listed as themselves.
        assert!(he.lookup_word("מאמין").is_some_and(|h| h.valence == 0.0));
    }

    #[test]
    fn phrases_win_over_their_first_word() {
        let he = Lexicon::embedded(Lang::He);
        let hit = he.lookup(&["כל", "הכבוד", "לך"]).expect("phrase");
        assert_eq!(hit.len, 2);
        assert!(hit.valence > 0.0);
    }

    #[test]
    fn a_phrase_may_start_with_a_stem() {
        let pl = Lexicon::embedded(Lang::Pl);
        for (keys, len) in [
            (&["godne", "polecenia"][..], 2),
            (&["dlugie", "oczekiwanie", "na"][..], 2),
            (&["dlugim", "oczekiwaniu"][..], 2),
        ] {
            let hit = pl.lookup(keys).unwrap_or_else(|| panic!("{keys:?}"));
            assert_eq!(hit.len, len, "{keys:?}");
        }
        assert!(pl.lookup(&["godne", "polecenia"]).unwrap().valence > 2.5);
        // The stem alone is not an entry, and a word that only starts like it matches nothing.
        assert!(pl.lookup(&["dlugie"]).is_none());
        assert!(pl.lookup(&["dl", "oczekiwanie"]).is_none());
        let mut own = Lexicon::from_sources(Lang::Pl, &["abc* def\t1.0\nabc* def\t2.0\n"]);
        own.add_rules("");
        assert_eq!(
            own.lookup(&["abcx", "def"]).unwrap().valence,
            2.0,
            "the later wins"
        );
    }

    #[test]
    fn a_star_alone_in_a_phrase_stands_for_any_one_word() {
        let en = Lexicon::embedded(Lang::En);
        for keys in [
            &["took", "two", "weeks"][..],
            &["took", "3", "weeks", "and"][..],
        ] {
            let hit = en.lookup(keys).unwrap_or_else(|| panic!("{keys:?}"));
            assert_eq!(hit.len, 3, "{keys:?}");
            assert!(hit.valence < 0.0, "{keys:?}");
        }
        // One word, not none or two.
        assert_eq!(en.lookup(&["took", "weeks"]).unwrap().len, 2, "took weeks");
        assert_ne!(
            en.lookup(&["took", "a", "few", "weeks"]).map(|h| h.len),
            Some(3)
        );
        // After a stem, in Polish, without diacritics.
        let pl = Lexicon::embedded(Lang::Pl);
        let hit = pl.lookup(&["trwalo", "dwa", "tygodnie"]).unwrap();
        assert_eq!(hit.len, 3);
        assert!(hit.valence < -1.0);
    }

    /// Every entry of a lexicon and forms derived from them: letters tripled and doubled,
    /// clitics added, prefixes and extensions of stems.
    fn probe_words(lexicon: &Lexicon) -> Vec<String> {
        let mut base: Vec<String> = lexicon
            .words
            .keys()
            .chain(lexicon.stems.keys())
            .chain(lexicon.modifiers.keys())
            .flat_map(|k| k.split(' '))
            .map(str::to_owned)
            .collect();
        base.extend(
            [
                "",
                "a",
                "aa",
                "aaa",
                "abab",
                "ababab",
                "ạạạ",
                "שש",
                "ששש",
                "שלוםם",
            ]
            .map(String::from),
        );
        let mut out = Vec::new();
        for word in base {
            let chars: Vec<char> = word.chars().collect();
            for i in 0..chars.len().min(6) {
                for times in [2, 3] {
                    out.push(
                        chars
                            .iter()
                            .enumerate()
                            .flat_map(|(j, c)| {
                                std::iter::repeat_n(*c, if j == i { times } else { 1 })
                            })
                            .collect(),
                    );
                }
                out.push(chars[..i].iter().collect());
            }
            out.push(format!("ו{word}"));
            out.push(format!("וה{word}"));
            out.push(format!("{word}ים"));
            out.push(format!("{word}owa"));
            out.push(word);
        }
        out
    }

    #[test]
    fn the_one_pass_check_for_repeated_letters_agrees_with_three_passes() {
        // The checks it replaced, one pass each.
        fn three_passes(b: &[u8], lang: Lang) -> bool {
            let n = b.len();
            let tripled_byte =
                (0..n.saturating_sub(2)).any(|i| b[i] == b[i + 1] && b[i] == b[i + 2]);
            let tripled_pair = (0..n.saturating_sub(5)).any(|i| {
                b[i] == b[i + 2] && b[i] == b[i + 4] && b[i + 1] == b[i + 3] && b[i + 1] == b[i + 5]
            });
            let doubled_end =
                lang == Lang::He && n >= 4 && b[n - 4] == b[n - 2] && b[n - 3] == b[n - 1];
            tripled_byte || tripled_pair || doubled_end
        }
        for lang in Lang::ALL {
            let lexicon = Lexicon::embedded(lang);
            for word in probe_words(&lexicon) {
                for l in Lang::ALL {
                    assert_eq!(
                        may_be_stretched(word.as_bytes(), l),
                        three_passes(word.as_bytes(), l),
                        "{l}: {word:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn stems_found_without_collecting_characters_are_the_same() {
        // The longest stem as it was looked up before: every length, longest first.
        fn longest_stem(lexicon: &Lexicon, key: &str) -> Option<f32> {
            let chars: Vec<(usize, char)> = key.char_indices().collect();
            let longest = lexicon.longest_stem.min(chars.len());
            for len in (lexicon.shortest_stem..=longest).rev() {
                let end = chars.get(len).map_or(key.len(), |(i, _)| *i);
                if let Some(v) = lexicon.stems.get(&key[..end]) {
                    return Some(*v);
                }
            }
            None
        }
        for lang in Lang::ALL {
            let lexicon = Lexicon::embedded(lang);
            for word in probe_words(&lexicon) {
                let key = lexicon.key_of(&word);
                let expected = lexicon
                    .words
                    .get(key.as_ref())
                    .copied()
                    .or_else(|| longest_stem(&lexicon, &key));
                assert_eq!(lexicon.direct(&key), expected, "{lang}: {word:?}");
            }
        }
    }

    #[test]
    fn a_pair_of_words_is_read_as_the_two_joined() {
        let mut buffer = String::new();
        for lang in Lang::ALL {
            let lexicon = Lexicon::embedded(lang);
            let words = probe_words(&lexicon);
            let pair_words: Vec<&str> = lexicon
                .modifiers
                .keys()
                .flat_map(|k| k.split(' '))
                .chain(["ו", "וה", "ש", "very", "good", "טוב"])
                .collect();
            // Every modifier word, also after clitics, and a sample of the other words.
            let firsts: Vec<String> = pair_words
                .iter()
                .flat_map(|w| ["", "ו", "וה", "שב"].map(|clitics| format!("{clitics}{w}")))
                .chain(words.iter().step_by(13).cloned())
                .collect();
            for first in &firsts {
                for second in &pair_words {
                    let joined = format!("{first} {second}");
                    assert_eq!(
                        lexicon.pair_modifier(first, second, &mut buffer),
                        lexicon.modifier(&joined),
                        "{lang}: {joined:?}"
                    );
                }
            }
        }
    }
}
