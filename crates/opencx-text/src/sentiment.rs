//! Lexicon-and-rules sentiment, per sentence and per answer.
//!
//! The method follows VADER (Hutto & Gilbert, 2014), written anew for four languages: every
//! sentiment word or phrase found in the language's [`Lexicon`] contributes its valence, changed
//! by the words around it in the same clause —
//! - **boosters** up to three words before it strengthen or weaken it ("very", "bardzo", "מאוד",
//!   "خیلی"; "slightly", "trochę", "קצת", "کمی"), less the further away they are (in Hebrew also
//!   the word right after: "טוב מאוד");
//! - **negation** up to three words before it ("not", "nie", "לא", "אין") or, in Persian, a
//!   negative verb up to three words after it ("خوب نبود") or a negative prefix on the word itself
//!   ("نمی‌ارزه") flips and damps it (× −0.74: "not bad" is milder than "good");
//! - **contrast** ("but", "ale", "אבל", "اما", "ولی"): what comes before weighs half, what comes
//!   after one and a half times; a sentence that opens with a contrast word does the same to the
//!   sentences before it;
//! - **concession** ("although", "despite", "למרות"): the clause it opens weighs half, the
//!   rest of its sentence one and a half times;
//! - **exclamation marks** (up to four) and, in English, **words in capitals** strengthen it;
//! - **emoji** and emoticons have their own valence.
//!
//! A sentence's sum `x` becomes a score in [−1, 1] as `x / √(x² + 15)`; the answer's score is the
//! same over the sum of its sentences. Scores inside the language's neutral band are neutral.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::lexicon::{Hit, Lexicon, Modifier};
use crate::tokenize::{TokenKind, Tokens};

/// A sentiment label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Negative.
    Negative,
    /// Neither clearly positive nor clearly negative (including mixed).
    Neutral,
    /// Positive.
    Positive,
}

impl Label {
    /// Every label, in class-index order.
    pub const ALL: [Label; 3] = [Label::Negative, Label::Neutral, Label::Positive];

    /// The class index (negative 0, neutral 1, positive 2).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label of a class index.
    pub fn from_index(index: usize) -> Label {
        match index {
            0 => Label::Negative,
            1 => Label::Neutral,
            _ => Label::Positive,
        }
    }

    /// `negative`, `neutral` or `positive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Negative => "negative",
            Label::Neutral => "neutral",
            Label::Positive => "positive",
        }
    }

    /// Parses `negative`/`neutral`/`positive` (also `neg`/`neu`/`pos`, any case).
    pub fn parse(text: &str) -> Option<Label> {
        match text.trim().to_ascii_lowercase().as_str() {
            "negative" | "neg" => Some(Label::Negative),
            "neutral" | "neu" => Some(Label::Neutral),
            "positive" | "pos" => Some(Label::Positive),
            _ => None,
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A score in [−1, 1] and its label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    /// −1 (very negative) … 1 (very positive).
    pub score: f32,
    /// The label the score falls in.
    pub label: Label,
}

/// The sentiment of one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceSentiment {
    /// Byte range of the sentence in the original text.
    pub start: usize,
    /// End of the byte range in the original text.
    pub end: usize,
    /// The sentence's sentiment.
    pub sentiment: Sentiment,
}

/// A word or phrase that moved the sentiment, for highlighting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    /// Byte range in the original text.
    pub start: usize,
    /// End of the byte range in the original text.
    pub end: usize,
    /// Its contribution after the rules (sign: direction).
    pub valence: f32,
    /// Whether negation flipped it.
    pub negated: bool,
    /// Index of its sentence.
    pub sentence: usize,
    /// Its contribution before a "but" or "although" weighed it down or up: what it says about
    /// its own part of the sentence. Not stored.
    #[serde(skip)]
    pub own_valence: f32,
}

/// Lexicon-and-rules sentiment of one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconSentiment {
    /// The answer's sentiment.
    pub sentiment: Sentiment,
    /// Each sentence's sentiment, in order.
    pub sentences: Vec<SentenceSentiment>,
    /// The words and phrases that contributed.
    pub triggers: Vec<Trigger>,
    /// Sum of the positive contributions (≥ 0).
    pub positive: f32,
    /// Sum of the negative contributions (≤ 0).
    pub negative: f32,
    /// The part of the text each token is in: a new part starts at each clause and at each
    /// contrast or concession word ("Great prices but rude staff" has two), so that a theme
    /// can take the sentiment of its own part. Not stored.
    #[serde(skip)]
    pub parts: Vec<usize>,
}

/// Multiplier of a negated valence: flips it and damps it.
const NEGATION: f32 = -0.74;
/// Added per exclamation mark, up to four.
const EXCLAMATION: f32 = 0.292;
/// Added to a word written in capitals (English).
const CAPITALS: f32 = 0.733;
/// Weights before and after a contrast word.
const BEFORE_CONTRAST: f32 = 0.5;
const AFTER_CONTRAST: f32 = 1.5;
/// Multiplier of a complaint word told as a problem that was solved: the story says nothing
/// against the business (a small weight still made the Hebrew clause of "נציג השירות פתר לי
/// את הבעיה, מרשים" negative, its neutral band being narrow).
const RESOLVED: f32 = 0.0;
/// Multiplier of a positive valence in a question ("is it any good?").
const QUESTION_POSITIVE: f32 = 0.5;
/// Added to a question asking why ("why is it so slow?", "למה…?").
const WHY_QUESTION: f32 = -0.8;
/// How far modifiers reach, in tokens.
const WINDOW: usize = 3;

/// The weight of what was expected before a contrast answered it (see [`Modifier::Expectation`]).
const EXPECTED: f32 = 0.0;

/// The first token of the modifier ending at `i` (a two-word one starts one token earlier).
fn first_of(i: usize, part_of_modifier: &[bool]) -> usize {
    if i > 0 && part_of_modifier[i - 1] {
        i - 1
    } else {
        i
    }
}
/// The normalisation constant of `x / √(x² + α)`.
const ALPHA: f32 = 15.0;

/// Turns a sum of valences into a score in [−1, 1].
pub fn squash(sum: f32) -> f32 {
    if sum == 0.0 {
        0.0
    } else {
        (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0)
    }
}

/// Lexicons of every supported language and the neutral band of each.
pub struct SentimentAnalyzer {
    lexicons: Vec<Lexicon>,
}

impl Default for SentimentAnalyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl SentimentAnalyzer {
    /// Loads the embedded lexicons of all supported languages (a few milliseconds: build one and
    /// share it).
    pub fn new() -> Self {
        SentimentAnalyzer {
            lexicons: Lang::ALL.iter().map(|l| Lexicon::embedded(*l)).collect(),
        }
    }

    /// The lexicon of a language.
    pub fn lexicon(&self, lang: Lang) -> &Lexicon {
        let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        &self.lexicons[index]
    }

    /// Scores in (−negative, positive) are neutral: `(negative, positive)` per language. Chosen
    /// on the development share of the labelled sets (see `docs/text-analytics.md`); VADER's own
    /// is 0.05 on both sides. English positives start higher: its word lists give mild praise
    /// ("ok", "fine") a positive valence that people read as lukewarm.
    pub fn neutral_band(lang: Lang) -> (f32, f32) {
        match lang {
            Lang::En => (0.1, 0.3),
            Lang::Pl => (0.3, 0.3),
            Lang::He => (0.05, 0.05),
            Lang::Fa => (0.05, 0.05),
        }
    }

    /// The label of a score in a language.
    pub fn label(lang: Lang, score: f32) -> Label {
        let (negative, positive) = Self::neutral_band(lang);
        if score >= positive {
            Label::Positive
        } else if score <= -negative {
            Label::Negative
        } else {
            Label::Neutral
        }
    }

    /// How many of the words of `tokens` the word lists and rules of `lang` know: a hint of the
    /// language of a text too short for statistics.
    pub fn known_words(&self, tokens: &Tokens, lang: Lang) -> usize {
        let lexicon = self.lexicon(lang);
        tokens
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .filter(|t| {
                let key = lexicon.key_of(tokens.text(t));
                lexicon.modifier(&key).is_some()
                    || lexicon
                        .lookup_word(&key)
                        .is_some_and(|hit| hit.valence != 0.0)
            })
            .count()
    }

    /// Sentiment of a tokenised answer in `lang`.
    pub fn analyze(&self, tokens: &Tokens, lang: Lang) -> LexiconSentiment {
        let lexicon = self.lexicon(lang);
        let keys: Vec<std::borrow::Cow<'_, str>> = tokens
            .tokens
            .iter()
            .map(|t| {
                let text = tokens.text(t);
                match t.kind {
                    // Emoji are looked up without skin tones and variation selectors.
                    TokenKind::Emoji => {
                        let first = text.chars().next().unwrap_or(' ');
                        std::borrow::Cow::Owned(first.to_string())
                    }
                    _ => lexicon.key_of(text),
                }
            })
            .collect();
        let (modifiers, part_of_modifier) = modifiers_of(lexicon, &keys);
        let key_refs: Vec<&str> = keys.iter().map(|k| k.as_ref()).collect();

        let mut sentence_sums: Vec<f32> = Vec::with_capacity(tokens.sentences.len());
        let mut triggers = Vec::new();
        let (mut positive, mut negative) = (0.0f32, 0.0f32);
        for (sentence_index, sentence) in tokens.sentences.iter().enumerate() {
            let (a, b) = (sentence.first_token, sentence.end_token);
            let contrast_at = (a..b)
                .rev()
                .find(|&i| matches!(modifiers[i], Some(Modifier::Contrast)));
            // The first concession word of the sentence and its clause, when the sentence has
            // another clause for it to give way to.
            let concession_at = (a..b)
                .find(|&i| matches!(modifiers[i], Some(Modifier::Concession)))
                .map(|i| (i, tokens.tokens[i].clause))
                .filter(|(_, clause)| (a..b).any(|j| tokens.tokens[j].clause != *clause));
            // The last word of the sentence saying a problem was solved, unless it is negated
            // ("nobody fixed it").
            let resolution_at = (a..b).rev().find(|&i| {
                matches!(modifiers[i], Some(Modifier::Resolution))
                    && negated_before(
                        &modifiers,
                        &keys,
                        &part_of_modifier,
                        tokens,
                        (lang, a, i),
                        false,
                    )
                    .is_none()
            });
            // An expectation answered by a contrast: from the expectation word to the contrast
            // ("I expected a hassle, but the agent changed it in two minutes").
            let expectation = (a..b)
                .find(|&i| matches!(modifiers[i], Some(Modifier::Expectation)))
                .and_then(|e| {
                    (e + 1..b)
                        .find(|&i| matches!(modifiers[i], Some(Modifier::Contrast)))
                        .map(|c| (first_of(e, &part_of_modifier), c))
                });
            let key_refs = &key_refs[..b];
            // The entry at a token looked at ahead of time (whether a booster is followed by a
            // sentiment word), so it is not looked up twice.
            let mut looked_ahead: Option<(usize, Option<Hit>)> = None;
            let mut sum = 0.0f32;
            let mut i = a;
            while i < b {
                if part_of_modifier[i] {
                    i += 1;
                    continue;
                }
                let hit = match looked_ahead.take() {
                    Some((at, hit)) if at == i => hit,
                    _ => lexicon.lookup(&key_refs[i..]),
                };
                let Some(hit) = hit else {
                    i += 1;
                    continue;
                };
                let token = &tokens.tokens[i];
                let clause = token.clause;
                // A booster that is also a sentiment word ("pretty", "super") only boosts when a
                // sentiment word follows it in its clause: "pretty low", but "Super!".
                // Likewise a negator that is a sentiment word ("no"): "no good" is "good" negated.
                if hit.len == 1
                    && matches!(modifiers[i], Some(Modifier::Booster(_) | Modifier::Negator))
                    && i + 1 < b
                    && tokens.tokens[i + 1].clause == clause
                {
                    let next = lexicon.lookup(&key_refs[i + 1..]);
                    looked_ahead = Some((i + 1, next));
                    if next.is_some() {
                        i += 1;
                        continue;
                    }
                }
                let mut valence = hit.valence;
                let sign = valence.signum();
                if lang == Lang::En && token.shouted {
                    valence += sign * CAPITALS;
                }
                // Emoji say what they say: "no refund yet :(" is not a happy face negated.
                let is_word = matches!(token.kind, TokenKind::Word | TokenKind::Number);
                for distance in 1..=WINDOW.min(i - a) {
                    let j = i - distance;
                    if tokens.tokens[j].clause != clause {
                        break;
                    }
                    if let Some(Modifier::Booster(boost)) = modifiers[j] {
                        let decay = 1.0 - 0.05 * (distance as f32 - 1.0);
                        valence += sign * boost * decay;
                    }
                }
                // Hebrew puts "מאוד" and "ביותר" after the word they strengthen.
                let after = i + hit.len;
                if lang == Lang::He
                    && after < b
                    && tokens.tokens[after].clause == clause
                    && let Some(Modifier::Booster(boost)) = modifiers[after]
                {
                    valence += sign * boost;
                }
                let phrase_negates_itself =
                    hit.len > 1 && matches!(modifiers[i], Some(Modifier::Negator));
                let mut negated = hit.negated;
                // The negator before the word, marked with it ("not bad" reads as one).
                let negator_at = (is_word && !phrase_negates_itself)
                    .then(|| {
                        negated_before(
                            &modifiers,
                            &keys,
                            &part_of_modifier,
                            tokens,
                            (lang, a, i),
                            sign < 0.0,
                        )
                    })
                    .flatten();
                if negator_at.is_some() {
                    negated = !negated;
                }
                // Persian negative concord: "هیچ مشکلی نبود" (no problem at all) is negated once,
                // by "هیچ" and its verb together.
                let concord = lang == Lang::Fa && negator_at.is_some_and(|j| keys[j] == "هیچ");
                if is_word
                    && !concord
                    && negated_after(&modifiers, tokens, (i + hit.len, b), clause, sign > 0.0)
                {
                    negated = !negated;
                }
                if negated {
                    valence *= NEGATION;
                }
                // A question asks whether something is good; it does not say so.
                if sentence.question && valence > 0.0 {
                    valence *= QUESTION_POSITIVE;
                }
                // The complaint of a problem that was solved: "Had a problem with a promo code,
                // support sorted it out", "solved my problem in five minutes".
                if valence < 0.0
                    && resolution_at.is_some_and(|r| {
                        i < r || (i - r <= WINDOW && tokens.tokens[r].clause == clause)
                    })
                {
                    valence *= RESOLVED;
                }
                // Only in the expectation's own clause: "I expected a hassle, but …".
                let expected = expectation
                    .is_some_and(|(e, c)| i >= e && i < c && tokens.tokens[e].clause == clause);
                if expected {
                    valence *= EXPECTED;
                }
                let own_valence = valence;
                // The clause a concession opens weighs less, and the rest of the sentence more.
                if let Some((c, conceded_clause)) = concession_at {
                    if i > c && clause == conceded_clause {
                        valence *= BEFORE_CONTRAST;
                    } else if clause != conceded_clause {
                        valence *= AFTER_CONTRAST;
                    }
                }
                if let Some(c) = contrast_at {
                    if i < c {
                        valence *= BEFORE_CONTRAST;
                    } else if i > c {
                        valence *= AFTER_CONTRAST;
                    }
                }
                sum += valence;
                if valence > 0.0 {
                    positive += valence;
                } else {
                    negative += valence;
                }
                let last = &tokens.tokens[i + hit.len - 1];
                let (start, _) =
                    tokens.original_range(negator_at.map_or(token, |n| &tokens.tokens[n]));
                let (_, end) = tokens.original_range(last);
                // A phrase listed as saying nothing ("customer service") only keeps its words
                // from being read one by one; it is no sentiment word of its clause.
                // (An expected word stays one of its part, weighing nothing: a theme there
                // takes no sentiment from the rest of the sentence — "I was worried the price
                // was too high, but the staff were lovely" praises the staff, not the price.)
                if valence == 0.0 && !expected {
                    i += hit.len;
                    continue;
                }
                triggers.push(Trigger {
                    start,
                    end,
                    valence,
                    negated,
                    sentence: sentence_index,
                    own_valence,
                });
                i += hit.len;
            }
            // "Why does it take so long?": a why-question is a complaint, and so is, in Hebrew,
            // an indignant one ("מה קרה לך?!", "איפה ההחזר??"; in English the development share
            // showed no gain).
            let indignant = lang == Lang::He
                && sentence.question
                && (sentence.question_marks >= 2 || sentence.exclamations >= 1);
            if sentence.question
                && (indignant || (a..b).any(|j| matches!(modifiers[j], Some(Modifier::Why))))
            {
                sum += WHY_QUESTION;
            }
            if sum != 0.0 {
                sum += sum.signum() * EXCLAMATION * sentence.exclamations.min(4) as f32;
            }
            // A sentence opening with "but" outweighs what was said before it.
            if matches!(modifiers[a], Some(Modifier::Contrast)) && sentence_index > 0 {
                for earlier in sentence_sums.iter_mut() {
                    *earlier *= BEFORE_CONTRAST;
                }
                sum *= AFTER_CONTRAST;
            }
            sentence_sums.push(sum);
        }

        let sentences = tokens
            .sentences
            .iter()
            .zip(&sentence_sums)
            .map(|(sentence, sum)| {
                let (start, end) = tokens
                    .normalized
                    .original_range(sentence.start, sentence.end);
                let score = squash(*sum);
                SentenceSentiment {
                    start,
                    end,
                    sentiment: Sentiment {
                        score,
                        label: Self::label(lang, score),
                    },
                }
            })
            .collect();
        let score = squash(sentence_sums.iter().sum());
        let mut parts = Vec::with_capacity(tokens.tokens.len());
        let mut part = 0;
        for (i, token) in tokens.tokens.iter().enumerate() {
            let turns = matches!(
                modifiers[i],
                Some(Modifier::Contrast | Modifier::Concession)
            );
            if i > 0 && (token.clause != tokens.tokens[i - 1].clause || turns) {
                part += 1;
            }
            parts.push(part);
        }
        LexiconSentiment {
            sentiment: Sentiment {
                score,
                label: Self::label(lang, score),
            },
            sentences,
            triggers,
            positive,
            negative,
            parts,
        }
    }
}

/// The modifier role of each token, and which tokens are the first word of a two-word modifier
/// ("kind of", "כל כך": the role goes to the second word, and the first is no sentiment word).
fn modifiers_of(
    lexicon: &Lexicon,
    keys: &[std::borrow::Cow<'_, str>],
) -> (Vec<Option<Modifier>>, Vec<bool>) {
    let mut modifiers: Vec<Option<Modifier>> = keys.iter().map(|k| lexicon.modifier(k)).collect();
    let mut first_of_pair = vec![false; keys.len()];
    let mut pair = String::new();
    for i in 1..keys.len() {
        if let Some(m) = lexicon.pair_modifier(&keys[i - 1], &keys[i], &mut pair) {
            modifiers[i] = Some(m);
            modifiers[i - 1] = None;
            first_of_pair[i - 1] = true;
        }
    }
    (modifiers, first_of_pair)
}

/// Hebrew words a negator reaches across ("לא היה טוב", "לא ממש טוב" reaches "טוב" across
/// the copula and the booster; "לא יעזור, אוהבים אותך" does not reach "אוהבים").
const HEBREW_NEGATION_BRIDGES: [&str; 18] = [
    "להיות",
    "יותר",
    "היה",
    "הייתה",
    "היתה",
    "היו",
    "יהיה",
    "תהיה",
    "יהיו",
    "זה",
    "זו",
    "זאת",
    "הוא",
    "היא",
    "הם",
    "כזה",
    "כזאת",
    "כך",
];

/// The negator standing up to [`WINDOW`] tokens before token `i`, in its clause and
/// sentence (which starts at token `first`). In Hebrew only boosters and copulas may stand
/// between the negator and the word. With `stop_at_resolution` (a complaint word), a resolution
/// word between them takes the negation: "Nobody solved my problem" denies the solving, and
/// the problem stays a complaint ("Nobody solved it quickly" still negates "quickly").
fn negated_before(
    modifiers: &[Option<Modifier>],
    keys: &[std::borrow::Cow<'_, str>],
    part_of_modifier: &[bool],
    tokens: &Tokens,
    (lang, first, i): (Lang, usize, usize),
    stop_at_resolution: bool,
) -> Option<usize> {
    let clause = tokens.tokens[i].clause;
    for j in (1..=WINDOW.min(i - first)).map(|d| i - d) {
        if tokens.tokens[j].clause != clause {
            return None;
        }
        match modifiers[j] {
            // A two-word negator ("by no means") starts at its first word.
            Some(Modifier::Negator) if j > 0 && part_of_modifier[j - 1] => return Some(j - 1),
            Some(Modifier::Negator) => return Some(j),
            Some(Modifier::Contrast) => return None,
            Some(Modifier::Resolution) if stop_at_resolution => return None,
            Some(Modifier::Booster(_)) => {}
            _ if lang == Lang::He
                && !part_of_modifier[j]
                && !HEBREW_NEGATION_BRIDGES.contains(&keys[j].as_ref()) =>
            {
                return None;
            }
            _ => {}
        }
    }
    None
}

/// Whether a post-negator (Persian negative verb) follows within [`WINDOW`] tokens from `from`,
/// in the same clause, before the sentence ends at `end`. A negated solving ("حل نشد") is one
/// for praise before it ("سریع حل نشد": not solved quickly) but not for a complaint ("مشکلم حل
/// نشد": the problem stays).
fn negated_after(
    modifiers: &[Option<Modifier>],
    tokens: &Tokens,
    (from, end): (usize, usize),
    clause: usize,
    positive: bool,
) -> bool {
    (from..end.min(from + WINDOW))
        .take_while(|&j| tokens.tokens[j].clause == clause)
        .take_while(|&j| !matches!(modifiers[j], Some(Modifier::Contrast)))
        .any(|j| match modifiers[j] {
            Some(Modifier::PostNegator) => true,
            Some(Modifier::Unresolved) => positive,
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    #[test]
    fn a_negated_word_is_marked_with_its_negator() {
        let analyzer = SentimentAnalyzer::new();
        for (text, lang, marked) in [
            ("The food was not bad at all", Lang::En, "not bad"),
            ("לא היה טוב", Lang::He, "לא היה טוב"),
            ("Nie polecam", Lang::Pl, "Nie polecam"),
        ] {
            let found = analyzer.analyze(&tokenize(text), lang);
            let spans: Vec<&str> = found
                .triggers
                .iter()
                .map(|t| &text[t.start..t.end])
                .collect();
            assert!(spans.contains(&marked), "{text}: {spans:?}");
        }
    }

    /// The label the word lists give `text`.
    fn label(text: &str, lang: Lang) -> Label {
        SentimentAnalyzer::new()
            .analyze(&tokenize(text), lang)
            .sentiment
            .label
    }

    fn score(text: &str, lang: Lang) -> f32 {
        SentimentAnalyzer::new()
            .analyze(&tokenize(text), lang)
            .sentiment
            .score
    }

    #[test]
    fn a_solved_problem_is_no_complaint() {
        for (text, lang) in [
            (
                "Had a problem with my payment, support sorted it out.",
                Lang::En,
            ),
            ("Customer support solved my problem.", Lang::En),
            (
                "Miałem problem z płatnością, ale szybko go rozwiązali.",
                Lang::Pl,
            ),
            ("נציג השירות פתר לי את הבעיה", Lang::He),
            ("مشکل پرداخت داشتم که سریع حل شد", Lang::Fa),
            ("הבעיה נפתרה, תודה!", Lang::He),
            ("Problem został rozwiązany.", Lang::Pl),
        ] {
            assert!(score(text, lang) >= 0.0, "{text}: {}", score(text, lang));
        }
        // Unless nobody solved it (the negator denies the solving, not the problem after it),
        // or the complaint comes after the story.
        for (text, lang) in [
            ("Had a problem and nobody fixed it.", Lang::En),
            ("Nobody solved my problem.", Lang::En),
            ("They never fixed the issue.", Lang::En),
            ("Nikt nie rozwiązał mojego problemu.", Lang::Pl),
            ("אף אחד לא פתר את הבעיה", Lang::He),
            ("אף אחד לא טיפל בפנייה שלי", Lang::He),
            ("هیچکس مشکلم رو حل نکرد", Lang::Fa),
            ("مشکلم هنوز حل نشده", Lang::Fa),
            // A negated solving still negates the praise after or before it.
            ("Nobody solved it quickly.", Lang::En),
            ("Nikt nie rozwiązał tego szybko.", Lang::Pl),
            ("سریع حل نشد", Lang::Fa),
            ("مشکل به خوبی حل نشد", Lang::Fa),
            ("They fixed the door. The staff were rude.", Lang::En),
        ] {
            assert!(score(text, lang) < 0.0, "{text}: {}", score(text, lang));
        }
    }

    #[test]
    fn an_expectation_answered_by_but_weighs_nothing() {
        for (text, lang) in [
            (
                "I expected a hassle, but the agent changed it in two minutes.",
                Lang::En,
            ),
            (
                "Spodziewałem się problemów, ale konsultant zmienił go w dwie minuty.",
                Lang::Pl,
            ),
            ("חששתי שיהיו בעיות, אבל הכל הגיע בזמן", Lang::He),
            ("انتظار داشتم مشکل داشته باشه ولی سریع رسید", Lang::Fa),
        ] {
            // The feared problem is no complaint word at all.
            let found = SentimentAnalyzer::new().analyze(&tokenize(text), lang);
            assert!(
                found.triggers.iter().all(|t| t.valence >= 0.0),
                "{text}: {:?}",
                found.triggers
            );
        }
        // What answers it still counts, and an expectation without a "but" is what it says.
        assert!(score("I expected great food, but it was cold.", Lang::En) < 0.0);
        assert!(score("I thought the staff were rude.", Lang::En) < 0.0);
        // An opinion is no expectation: what it says still counts.
        assert!(
            score(
                "I thought the food was awful, but the staff were ok.",
                Lang::En
            ) <= 0.0
        );
    }

    #[test]
    fn negation_flips_the_sign_in_every_language() {
        let cases = [
            (Lang::Pl, "polecam", "nie polecam"),
            (Lang::Pl, "obsługa była miła", "obsługa nie była miła"),
            (Lang::He, "השירות טוב", "השירות לא טוב"),
            (Lang::Fa, "خوب بود", "خوب نبود"),
            (Lang::En, "the service was good", "the service was not good"),
        ];
        for (lang, plain, negated) in cases {
            assert!(score(plain, lang) > 0.0, "{plain}");
            assert!(score(negated, lang) < 0.0, "{negated}");
        }
        assert!(score("not bad", Lang::En) > 0.0);
        assert!(score("nie jest źle", Lang::Pl) > 0.0);
        assert!(score("اصلا نمی‌ارزه", Lang::Fa) < 0.0);
    }

    #[test]
    fn boosters_strengthen_and_diminishers_weaken() {
        let cases = [
            (Lang::En, "good", "very good", "slightly good"),
            (Lang::Pl, "dobra", "bardzo dobra", "trochę dobra"),
            (Lang::He, "טוב", "טוב מאוד", "קצת טוב"),
            (Lang::Fa, "خوب", "خیلی خوب", "کمی خوب"),
        ];
        for (lang, plain, boosted, damped) in cases {
            let (p, b, d) = (
                score(plain, lang),
                score(boosted, lang),
                score(damped, lang),
            );
            assert!(b > p && p > d && d > 0.0, "{lang}: {d} < {p} < {b}");
        }
    }

    #[test]
    fn the_clause_after_a_contrast_weighs_more() {
        let cases = [
            (Lang::En, "The staff were nice but the food was terrible"),
            (Lang::Pl, "Obsługa miła, ale jedzenie okropne"),
            (Lang::He, "הצוות נחמד אבל האוכל גרוע"),
            (Lang::Fa, "کیفیت خوب است اما باتری افتضاح است"),
            (Lang::Fa, "قیمت مناسب ولی کیفیت ضعیف"),
        ];
        for (lang, text) in cases {
            assert!(score(text, lang) < 0.0, "{text}");
        }
        assert!(score("Drogo, ale warto", Lang::Pl) > 0.0);
        assert!(score("Dostawa długa. Ale produkt świetny!", Lang::Pl) > 0.0);
    }

    #[test]
    fn a_conceded_clause_gives_way_to_the_rest_of_the_sentence() {
        // Unweighted, "disappointment" would outweigh "recommend".
        assert!(score("a big disappointment, i recommend it", Lang::En) < 0.0);
        assert!(score("despite a big disappointment, i recommend it", Lang::En) > 0.0);
        assert!(
            score(
                "i recommend it, although it was a big disappointment",
                Lang::En
            ) > 0.0
        );
        assert!(score("although it is cheap, it broke in a week", Lang::En) < 0.0);
        assert!(score("למרות המחיר הגבוה, השירות מצוין", Lang::He) > 0.0);
        // Alone in its sentence, a concession changes nothing.
        assert_eq!(
            score("although it is good", Lang::En),
            score("it is good", Lang::En)
        );
    }

    #[test]
    fn exclamations_and_emoji_count() {
        assert!(score("dobre!!!", Lang::Pl) > score("dobre", Lang::Pl));
        assert!(score("dostawa 😡", Lang::Pl) < 0.0);
        assert!(score("thanks ❤️", Lang::En) > score("thanks", Lang::En));
        assert!(score(":(", Lang::En) < 0.0);
        assert!(score("still no refund :(", Lang::En) < 0.0);
        assert!(score("Super!", Lang::Pl) > 0.0);
        assert!(score("the quality is pretty low", Lang::En) < 0.0);
        assert!(score("it kind of frightens me", Lang::En) < 0.0);
    }

    #[test]
    fn sentences_are_scored_separately_and_neutral_text_is_neutral() {
        let result = SentimentAnalyzer::new()
            .analyze(&tokenize("Świetna obsługa. Fatalna dostawa."), Lang::Pl);
        assert_eq!(result.sentences.len(), 2);
        assert_eq!(result.sentences[0].sentiment.label, Label::Positive);
        assert_eq!(result.sentences[1].sentiment.label, Label::Negative);
        let neutral = SentimentAnalyzer::new().analyze(&tokenize("Zamówiłem we wtorek."), Lang::Pl);
        assert_eq!(neutral.sentiment.label, Label::Neutral);
        assert_eq!(neutral.sentiment.score, 0.0);
    }

    #[test]
    fn waiting_and_unanswered_calls_are_complaints_in_every_language() {
        for (text, lang) in [
            ("The wait was long", Lang::En),
            ("Long wait at the checkout", Lang::En),
            ("It took forever", Lang::En),
            ("Tech support never called back", Lang::En),
            ("They didn't call me back", Lang::En),
            ("Długie oczekiwanie na kasie", Lang::Pl),
            ("Po długim oczekiwaniu ktoś odebrał", Lang::Pl),
            ("תור ארוך בקופה", Lang::He),
            ("לקח נצח", Lang::He),
            ("انتظار طولانی بود", Lang::Fa),
            ("صف طولانی", Lang::Fa),
        ] {
            assert_eq!(label(text, lang), Label::Negative, "{text}");
        }
        // "Long" alone says nothing: a long battery life is no complaint.
        assert_eq!(label("Long battery life", Lang::En), Label::Neutral);
    }

    #[test]
    fn how_long_it_took_is_a_complaint_and_after_a_week_alone_is_not() {
        for (text, lang) in [
            ("Delivery took two weeks", Lang::En),
            ("It took 3 weeks to get a refund", Lang::En),
            ("The parcel arrived after two weeks", Lang::En),
            ("They replied only after a month", Lang::En),
            ("Kurier dotarł dopiero po tygodniu", Lang::Pl),
            ("Odpowiedź przyszła dopiero po drugim mailu", Lang::Pl),
            ("Dostawa trwała dwa tygodnie", Lang::Pl),
            ("המשלוח הגיע אחרי שבועיים", Lang::He),
            ("לקח שבועיים לקבל החזר", Lang::He),
            ("ارسال دو هفته طول کشید", Lang::Fa),
        ] {
            assert_eq!(label(text, lang), Label::Negative, "{text}");
        }
        // After some time of use, or of looking, is no complaint.
        for (text, lang) in [
            ("After a week of use I love it", Lang::En),
            ("I bought it after two weeks of research", Lang::En),
            ("Po tygodniu używania jestem zachwycona", Lang::Pl),
            ("بعد از یک هفته تحقیق این گوشی را خریدم", Lang::Fa),
        ] {
            assert_ne!(label(text, lang), Label::Negative, "{text}");
        }
    }

    #[test]
    fn triggers_point_at_the_original_words() {
        let text = "Obsługa była NIEMIŁA";
        let result = SentimentAnalyzer::new().analyze(&tokenize(text), Lang::Pl);
        let trigger = &result.triggers[0];
        assert_eq!(&text[trigger.start..trigger.end], "NIEMIŁA");
        assert!(trigger.valence < 0.0);
    }

    #[test]
    fn the_polish_cx_set_is_well_formed_and_the_lexicon_beats_chance_on_it() {
        use crate::eval::{Confusion, read_labelled};
        let records = read_labelled(include_str!("../data/pl-cx.tsv")).expect("readable");
        assert!(records.len() >= 300);
        for label in Label::ALL {
            assert!(
                records.iter().filter(|r| r.label == label).count() >= 90,
                "{label}"
            );
        }
        let analyzer = SentimentAnalyzer::new();
        let mut confusion = Confusion::default();
        for r in &records {
            confusion.add(
                r.label,
                analyzer
                    .analyze(&tokenize(&r.text), Lang::Pl)
                    .sentiment
                    .label,
            );
        }
        // Three balanced classes: chance is about 0.33.
        assert!(confusion.macro_f1() > 0.65, "{}", confusion.macro_f1());
    }

    #[test]
    fn questions_are_no_praise_and_why_questions_complain() {
        assert!(score("Is it good?", Lang::En) < score("It is good.", Lang::En));
        assert!(score("Why does delivery take two weeks?", Lang::En) < 0.0);
        assert!(score("That is why we ordered.", Lang::En) == 0.0);
        assert!(score("למה המשלוח לוקח שבועיים?", Lang::He) < 0.0);
        assert!(score("It could be better", Lang::En) < 0.0);
        assert!(score("It looks like a phone", Lang::En) == 0.0);
    }

    #[test]
    fn hebrew_negation_reaches_across_copulas_and_boosters_only() {
        assert!(score("השירות לא היה טוב", Lang::He) < 0.0);
        assert!(score("השירות לא ממש טוב", Lang::He) < 0.0);
        // "לא יעזור" negates the verb, not the love after it.
        assert!(score("לא יעזור לך אוהבים אותך", Lang::He) > 0.0);
        // A phrase that opens with a negator is praise: "אין עליכם" is "you are the best".
        assert!(score("אין עליכם", Lang::He) > 0.0);
    }

    #[test]
    fn hebrew_blti_negates_and_idioms_read_as_a_whole() {
        // "בלתי" negates the adjective it precedes, as "un-" does.
        assert!(score("הצוות מקצועי", Lang::He) > 0.0);
        assert!(score("הצוות בלתי מקצועי", Lang::He) < 0.0);
        // A name of God is no blessing; "do me a favour" and "keep dreaming" dismiss.
        assert_eq!(score("הקדוש ברוך הוא", Lang::He), 0.0);
        assert_eq!(score("ואלקים יחזק", Lang::He), 0.0);
        assert!(score("תעשה לי טובה", Lang::He) < 0.0);
        assert!(score("תמשיך לחלום", Lang::He) < 0.0);
        assert!(score("השירות עבר את הגבול", Lang::He) < 0.0);
    }

    #[test]
    fn an_indignant_hebrew_question_complains() {
        assert!(score("איפה ההזמנה שלי??", Lang::He) < 0.0);
        assert!(score("מה קרה לכם?!", Lang::He) < 0.0);
        assert_eq!(score("מתי זה מגיע?", Lang::He), 0.0);
    }

    #[test]
    fn a_negated_phrase_is_not_negated_twice() {
        assert!(score("Niestety nie działa", Lang::Pl) < 0.0);
        assert!(score("it doesn't work", Lang::En) < 0.0);
        // "no" is a negator and a sentiment word, but not both at once.
        assert!((score("no good", Lang::En) - score("not good", Lang::En)).abs() < 1e-6);
    }
}
