//! Normalisation per script, keeping the way back to the original text.
//!
//! Customers type the same word in many ways: composed or decomposed accents, Hebrew with or
//! without vowel points, Persian with Arabic letters from an Arabic keyboard, digits in three
//! scripts. Everything downstream (lexicons, themes, the model) sees one form. Each rule:
//!
//! - Unicode NFC, then lower case;
//! - Hebrew points (niqqud) and cantillation marks removed; the maqaf becomes a hyphen;
//! - Arabic-script diacritics (harakat, superscript alef, Quranic marks) and the tatweel removed;
//! - Arabic yeh (ي) and alef maksura (ى) become Persian yeh (ی), Arabic kaf (ك) Persian kaf (ک),
//!   teh marbuta (ة) and heh with yeh above (ۀ) a plain heh (ه), alef with hamza (أ, إ) and
//!   alef wasla (ٱ) a plain alef — the forms a Persian keyboard produces;
//! - Arabic-Indic (٠–٩) and Persian (۰–۹) digits become ASCII digits, so "۱۰" and "10" match;
//! - the zero-width non-joiner (U+200C) is kept, since it is part of Persian words ("می‌خواهم");
//!   bidi marks and byte-order marks, which carry no meaning, are removed.
//!
//! [`Normalized`] keeps, for every byte of the normalised text, the byte of the original it came
//! from, so a token found in the normalised text can be highlighted in what the customer wrote.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Normalised text with a map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// `origin[i]` is the byte offset in the original of normalised byte `i`; one extra entry
    /// holds the original's length.
    origin: Vec<u32>,
}

impl Normalized {
    /// The original byte range covered by the normalised byte range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let start_original = self.origin[start.min(self.text.len())] as usize;
        // The end maps to where the next normalised byte came from, so a range always covers
        // whole original characters (including removed marks inside it).
        let end_original = self.origin[end.min(self.text.len())] as usize;
        (start_original, end_original.max(start_original))
    }
}

/// Normalises `text` (see the module documentation for the rules).
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut origin: Vec<u32> = Vec::with_capacity(text.len() + 1);
    // NFC composes a starter with the marks after it, so each cluster (a starter and its
    // following combining marks) is composed on its own and mapped to its original bytes.
    let mut cluster_start = 0;
    let mut indices = text.char_indices().peekable();
    while let Some((start, c)) = indices.next() {
        if start > cluster_start && (c.is_ascii() || canonical_combining_class(c) == 0) {
            push_cluster(
                &text[cluster_start..start],
                cluster_start,
                &mut out,
                &mut origin,
            );
            cluster_start = start;
        }
        if indices.peek().is_none() {
            push_cluster(&text[cluster_start..], cluster_start, &mut out, &mut origin);
        }
    }
    origin.push(text.len() as u32);
    Normalized { text: out, origin }
}

/// Normalises `text` without keeping the offsets map.
pub fn normalize_str(text: &str) -> String {
    normalize(text).text
}

fn push_cluster(cluster: &str, cluster_start: usize, out: &mut String, origin: &mut Vec<u32>) {
    if let &[byte] = cluster.as_bytes() {
        // ASCII needs no composition, and is kept as it is but for its case.
        out.push(byte.to_ascii_lowercase() as char);
        origin.push(cluster_start as u32);
        return;
    }
    let mut push_mapped = |lower: char| {
        if let Some(mapped) = map_char(lower) {
            let before = out.len();
            out.push(mapped);
            origin.extend(std::iter::repeat_n(
                cluster_start as u32,
                out.len() - before,
            ));
        }
    };
    let mut chars = cluster.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && is_composed_alone(c)
    {
        // One letter with no marks after it is its own composition; Hebrew and Arabic letters
        // have no case either.
        if is_caseless(c) {
            push_mapped(c);
        } else {
            c.to_lowercase().for_each(&mut push_mapped);
        }
        return;
    }
    for c in cluster.nfc() {
        c.to_lowercase().for_each(&mut push_mapped);
    }
}

/// Characters that NFC leaves as they are when they stand alone: Latin, Cyrillic, Hebrew and
/// Arabic letters (checked against NFC for every character of these ranges in the tests).
#[inline]
fn is_composed_alone(c: char) -> bool {
    matches!(c as u32, 0x0080..=0x02FF | 0x0400..=0x06FF)
}

/// Hebrew and Arabic script, which have no case (checked in the tests).
#[inline]
fn is_caseless(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x06FF)
}

/// The replacement of one lower-case character, or `None` to drop it.
#[inline]
fn map_char(c: char) -> Option<char> {
    let code = c as u32;
    if code < 0x0590 {
        return Some(c);
    }
    match code {
        // Hebrew: maqaf is a hyphen; the rest of the marks block is points and cantillation,
        // except the punctuation paseq, sof pasuq and nun hafukha.
        0x05BE => Some('-'),
        0x0591..=0x05C7 if !matches!(code, 0x05C0 | 0x05C3 | 0x05C6) => None,
        // Arabic script: Quranic signs, harakat, superscript alef, tatweel, Quranic annotation.
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x0640 | 0x06D6..=0x06ED => None,
        0x064A | 0x0649 => Some('ی'),
        0x0643 => Some('ک'),
        0x0629 | 0x06C0 => Some('ه'),
        0x0623 | 0x0625 | 0x0671 => Some('ا'),
        0x0660..=0x0669 => char::from_digit(code - 0x0660, 10),
        0x06F0..=0x06F9 => char::from_digit(code - 0x06F0, 10),
        // Bidi controls and the byte-order mark carry no meaning; ZWNJ (U+200C) and ZWJ
        // (U+200D, emoji sequences) are kept.
        0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0xFEFF => None,
        _ => Some(c),
    }
}

/// Removes Polish diacritics from an already normalised word ("źle" → "zle"), so that words
/// typed without them, as many customers do, match lexicon and theme entries. Polish entries
/// are stored folded too.
pub fn fold_polish(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                'ą' => 'a',
                'ć' => 'c',
                'ę' => 'e',
                'ł' => 'l',
                'ń' => 'n',
                'ó' => 'o',
                'ś' => 's',
                'ź' | 'ż' => 'z',
                other => other,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_lowercases() {
        // "Z" + combining dot above, decomposed, becomes the composed lower-case "ż".
        assert_eq!(normalize_str("Z\u{0307}ÓŁW"), "żółw");
    }

    #[test]
    fn removes_hebrew_niqqud_and_cantillation() {
        assert_eq!(normalize_str("שָׁלוֹם"), "שלום");
        assert_eq!(normalize_str("בְּרֵאשִׁ֖ית"), "בראשית");
        assert_eq!(normalize_str("בית־ספר"), "בית-ספר");
    }

    #[test]
    fn removes_persian_diacritics_and_tatweel() {
        assert_eq!(normalize_str("خُوب"), "خوب");
        assert_eq!(normalize_str("خــــوب"), "خوب");
        assert_eq!(normalize_str("ممنونً"), "ممنون");
    }

    #[test]
    fn maps_arabic_yeh_and_kaf_to_persian() {
        assert_eq!(normalize_str("كيفيت"), "کیفیت");
        assert_eq!(normalize_str("مرسى"), "مرسی");
        assert_eq!(normalize_str("نمي ارزه"), "نمی ارزه");
    }

    #[test]
    fn maps_persian_and_arabic_digits_to_ascii() {
        assert_eq!(normalize_str("۱۰ از ۱۰"), "10 از 10");
        assert_eq!(normalize_str("٣ روز"), "3 روز");
    }

    #[test]
    fn keeps_the_zero_width_non_joiner_and_drops_bidi_marks() {
        assert_eq!(normalize_str("می‌خواهم"), "می\u{200C}خواهم");
        assert_eq!(normalize_str("\u{200F}שלום\u{200E}"), "שלום");
    }

    #[test]
    fn offsets_lead_back_to_the_original() {
        let original = "שָׁלוֹם Good";
        let n = normalize(original);
        let start = n.text.find("good").unwrap();
        let (a, b) = n.original_range(start, start + 4);
        assert_eq!(&original[a..b], "Good");
        let (a, b) = n.original_range(0, "שלום".len());
        assert_eq!(&original[a..b], "שָׁלוֹם");
    }

    #[test]
    fn the_shortcuts_change_nothing() {
        for code in 0x0080..=0x06FF {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if is_composed_alone(c) {
                let alone = c.to_string();
                assert_eq!(alone.nfc().collect::<String>(), alone, "U+{code:04X}");
            }
            if is_caseless(c) {
                assert!(c.to_lowercase().eq([c]), "U+{code:04X}");
            }
        }
        for byte in 0..0x80u8 {
            assert_eq!(canonical_combining_class(byte as char), 0);
        }
        // Every character alone, and after a letter, as it was normalised before: composed and
        // lower-cased, each character of the result mapped.
        let before = |text: &str| -> String {
            text.nfc()
                .flat_map(char::to_lowercase)
                .filter_map(map_char)
                .collect()
        };
        for code in 0..0x3000 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for text in [c.to_string(), format!("a{c}"), format!("{c}\u{0301}")] {
                assert_eq!(normalize_str(&text), before(&text), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn folds_polish_diacritics() {
        assert_eq!(fold_polish("źle"), "zle");
        assert_eq!(fold_polish("obsługa"), "obsluga");
        assert_eq!(fold_polish("fine"), "fine");
    }
}
