//! Words, emoji and sentences of a normalised text, with offsets.
//!
//! Words follow the Unicode word boundaries (UAX #29), which keep a zero-width non-joiner inside
//! a word ("می‌خواهم" is one token), apostrophes inside English words ("don't") and gershayim
//! inside Hebrew ones ("צה״ל"). Emoji and common emoticons (":)", ":(") are tokens of their own,
//! because they carry sentiment. Every token keeps its byte range in the normalised text and can
//! give its range in the original, for highlighting.

use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::normalize::{Normalized, normalize};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word (letters, possibly with digits, apostrophes or a zero-width non-joiner).
    Word,
    /// Only digits (and decimal separators).
    Number,
    /// An emoji, with its modifiers and joiners.
    Emoji,
    /// An ASCII emoticon such as ":)" or "<3".
    Emoticon,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of the byte range in the normalised text (exclusive).
    pub end: usize,
    /// Index of its sentence in [`Tokens::sentences`].
    pub sentence: usize,
    /// Index of its clause, counted over the whole text; commas, semicolons, colons and dashes
    /// and sentence ends start a new clause. Negation does not reach across clauses.
    pub clause: usize,
    /// Written in capitals in the original (at least two letters, and not all of the text):
    /// shouting, which strengthens sentiment in English.
    pub shouted: bool,
}

/// One sentence: a run of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of its first token.
    pub first_token: usize,
    /// Index after its last token.
    pub end_token: usize,
    /// Byte range in the normalised text, from the first token to the end of its final
    /// punctuation.
    pub start: usize,
    /// End of the byte range in the normalised text.
    pub end: usize,
    /// Number of exclamation marks in it.
    pub exclamations: u32,
    /// Whether it contains a question mark.
    pub question: bool,
    /// Number of question marks in it ("??" is two).
    pub question_marks: u32,
}

/// A tokenised text.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// The normalised text the tokens point into.
    pub normalized: Normalized,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Sentences in order; every token belongs to one.
    pub sentences: Vec<Sentence>,
}

impl Tokens {
    /// The normalised text of a token.
    pub fn text(&self, token: &Token) -> &str {
        &self.normalized.text[token.start..token.end]
    }

    /// The byte range of a token in the original text.
    pub fn original_range(&self, token: &Token) -> (usize, usize) {
        self.normalized.original_range(token.start, token.end)
    }

    /// Number of word tokens.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .count()
    }
}

/// Emoticons recognised, longest first so ":-)" wins over ":-". Lower case, as after
/// normalisation.
const EMOTICONS: [&str; 24] = [
    ":'-(", ":'(", ":-)", ":-(", ":-d", ":-p", ":-/", ";-)", "^_^", ":)", ":(", ":d", ":p", ";)",
    ":/", ":|", ":*", "<3", "=)", "=(", ":o", ":-o", "xd", "</3",
];

/// Normalises and tokenises `original`.
pub fn tokenize(original: &str) -> Tokens {
    let normalized = normalize(original);
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let text = normalized.text.as_str();
    let whole_text_upper = !original.chars().any(|c| c.is_lowercase());

    let mut sentence = Sentence {
        first_token: 0,
        end_token: 0,
        start: 0,
        end: 0,
        exclamations: 0,
        question: false,
        question_marks: 0,
    };
    let mut clause = 0usize;
    let mut clause_has_tokens = false;
    let mut sentence_ended = false;
    let mut skip_until = 0usize;

    for (start, segment) in text.split_word_bound_indices() {
        if start < skip_until {
            continue;
        }
        let end = start + segment.len();
        let kind = if let Some(emoticon) = emoticon_at(text, start, segment) {
            skip_until = start + emoticon.len();
            Some((TokenKind::Emoticon, start + emoticon.len()))
        } else {
            classify(segment).map(|kind| (kind, end))
        };
        match kind {
            Some((kind, token_end)) => {
                if sentence_ended && sentence.end_token > sentence.first_token {
                    sentences.push(sentence.clone());
                    sentence = Sentence {
                        first_token: tokens.len(),
                        end_token: tokens.len(),
                        start,
                        end: start,
                        exclamations: 0,
                        question: false,
                        question_marks: 0,
                    };
                    clause += usize::from(clause_has_tokens);
                }
                sentence_ended = false;
                if sentence.end_token == sentence.first_token {
                    sentence.start = start;
                }
                let shouted = kind == TokenKind::Word && !whole_text_upper && {
                    let (a, b) = normalized.original_range(start, token_end);
                    is_shouted(&original[a..b])
                };
                tokens.push(Token {
                    kind,
                    start,
                    end: token_end,
                    sentence: sentences.len(),
                    clause,
                    shouted,
                });
                clause_has_tokens = true;
                sentence.end_token = tokens.len();
                sentence.end = token_end;
            }
            None => {
                for c in segment.chars() {
                    match c {
                        '!' => {
                            sentence.exclamations += 1;
                            sentence_ended = true;
                        }
                        '?' | '؟' => {
                            sentence.question = true;
                            sentence.question_marks += 1;
                            sentence_ended = true;
                        }
                        '.' | '…' | '\n' | '。' => sentence_ended = true,
                        // A hyphen inside a word ("e-mail", "wi-fi", "2-3") joins, not parts.
                        '-' if joins_a_word(text, start, end) => {}
                        ',' | ';' | ':' | '،' | '؛' | '-' | '–' | '—' | '(' | ')'
                            if clause_has_tokens =>
                        {
                            clause += 1;
                            clause_has_tokens = false;
                        }
                        _ => {}
                    }
                }
                if sentence.end_token > sentence.first_token && !segment.trim().is_empty() {
                    sentence.end = end;
                }
            }
        }
    }
    if sentence.end_token > sentence.first_token {
        sentences.push(sentence);
    }
    Tokens {
        normalized,
        tokens,
        sentences,
    }
}

/// Whether the segment `start..end` of `text` stands between two letters or digits, with no
/// space on either side.
fn joins_a_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
}

fn classify(segment: &str) -> Option<TokenKind> {
    let mut has_alpha = false;
    let mut has_digit = false;
    for c in segment.chars() {
        if is_letter(c) {
            has_alpha = true;
            break;
        }
        if c.is_numeric() {
            has_digit = true;
        } else if is_emoji(c) {
            return Some(TokenKind::Emoji);
        }
    }
    if has_alpha {
        Some(TokenKind::Word)
    } else if has_digit {
        Some(TokenKind::Number)
    } else {
        None
    }
}

/// `char::is_alphabetic`, from a table for the first 2,048 code points (Latin, Greek, Cyrillic,
/// Hebrew, Arabic), which the standard library finds by a search for each letter beyond ASCII.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    static TABLE: LazyLock<[u64; 32]> = LazyLock::new(|| {
        let mut table = [0u64; 32];
        for code in 0..2048u32 {
            if char::from_u32(code).is_some_and(char::is_alphabetic) {
                table[code as usize / 64] |= 1 << (code % 64);
            }
        }
        table
    });
    let code = c as u32;
    if code < 2048 {
        TABLE[code as usize / 64] & (1 << (code % 64)) != 0
    } else {
        c.is_alphabetic()
    }
}

/// Whether `c` starts an emoji (pictographs, symbols, dingbats and the hearts and stars that
/// customers use as ratings).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55 | 0x2B06 | 0x2B07 | 0x2934 | 0x2935
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x2190..=0x21FF | 0x2300..=0x23FF)
}

fn emoticon_at<'a>(text: &'a str, start: usize, segment: &str) -> Option<&'a str> {
    let first = segment.as_bytes().first()?;
    if !matches!(first, b':' | b';' | b'=' | b'<' | b'^' | b'x') {
        return None;
    }
    let rest = &text[start..];
    EMOTICONS.iter().find_map(|e| {
        if !rest.starts_with(e) {
            return None;
        }
        // "xd" only as a whole word, not the start of "xdd" or "xdrive"; other emoticons must
        // not be followed by a letter (":do" is not ":d").
        let after = rest[e.len()..].chars().next();
        if after.is_some_and(|c| c.is_alphanumeric() || c == '/') {
            return None;
        }
        // "http://", "and/or": a slash face right after a word is part of something else.
        if e.contains('/')
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        if *e == "xd"
            && start > 0
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        Some(&rest[..e.len()])
    })
}

fn is_shouted(original: &str) -> bool {
    let mut letters = 0;
    for c in original.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let t = tokenize(text);
        t.tokens.iter().map(|tok| t.text(tok).to_owned()).collect()
    }

    #[test]
    fn the_letter_table_is_the_standard_library_s() {
        for code in 0..0x3000 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn keeps_zwnj_words_whole() {
        assert_eq!(
            words("من می‌خواهم برگردم"),
            vec!["من", "می\u{200C}خواهم", "برگردم"]
        );
    }

    #[test]
    fn emoji_and_emoticons_are_tokens() {
        let t = tokenize("Great service 👍👍 :) <3");
        let kinds: Vec<TokenKind> = t.tokens.iter().map(|tok| tok.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TokenKind::Word,
                TokenKind::Word,
                TokenKind::Emoji,
                TokenKind::Emoji,
                TokenKind::Emoticon,
                TokenKind::Emoticon
            ]
        );
        assert_eq!(t.text(&t.tokens[4]), ":)");
        for text in ["see http://example.com", "and/or :p/x"] {
            let t = tokenize(text);
            assert!(
                t.tokens.iter().all(|tok| tok.kind != TokenKind::Emoticon),
                "{text}"
            );
        }
        let t = tokenize("meh :/");
        assert_eq!(t.tokens[1].kind, TokenKind::Emoticon);
    }

    #[test]
    fn keeps_english_contractions() {
        assert_eq!(words("I don't like it"), vec!["i", "don't", "like", "it"]);
    }

    #[test]
    fn splits_sentences_and_counts_exclamations() {
        let t = tokenize("Super obsługa!!! Ale dostawa? Tragedia. 3.5 gwiazdki");
        assert_eq!(t.sentences.len(), 4);
        assert_eq!(t.sentences[0].exclamations, 3);
        assert!(t.sentences[1].question);
        assert_eq!(t.text(&t.tokens[5]), "3.5");
        assert_eq!(t.tokens[5].kind, TokenKind::Number);
        assert_eq!(t.tokens[5].sentence, 3);
    }

    #[test]
    fn persian_question_mark_ends_a_sentence() {
        let t = tokenize("چرا دیر رسید؟ خیلی بد بود");
        assert_eq!(t.sentences.len(), 2);
    }

    #[test]
    fn offsets_highlight_the_original_words() {
        let original = "Obsługa była ŚWIETNA, dziękuję";
        let t = tokenize(original);
        let (a, b) = t.original_range(&t.tokens[2]);
        assert_eq!(&original[a..b], "ŚWIETNA");
        assert!(t.tokens[2].shouted);
        assert!(!t.tokens[0].shouted);
        assert!(t.tokens[3].clause > t.tokens[2].clause);
    }
}
