//! Languages and translatable text.
//!
//! A language is a lower-case ISO 639 primary code (`en`, `pl`, `he`, `fa`). OpenCX ships default
//! wordings and respondent-page strings for [`SUPPORTED`]; a survey may declare other languages as
//! long as it translates every text itself.

use std::collections::BTreeMap;

use serde::Serialize;

/// Languages with built-in wordings for every question kind and the respondent page.
pub const SUPPORTED: [&str; 4] = ["en", "pl", "he", "fa"];

/// Languages written right to left (the ones OpenCX may meet in survey definitions).
const RIGHT_TO_LEFT: [&str; 6] = ["he", "fa", "ar", "ur", "yi", "ps"];

/// Whether `code` looks like an ISO 639 primary language code: two or three ASCII lower-case letters.
pub fn is_valid_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether text in this language is laid out right to left.
pub fn is_rtl(code: &str) -> bool {
    RIGHT_TO_LEFT.contains(&code)
}

/// The HTML `dir` attribute value for a language.
pub fn direction(code: &str) -> &'static str {
    if is_rtl(code) { "rtl" } else { "ltr" }
}

/// Writes ASCII digits in the digits a language's readers expect: Persian uses ۰–۹ (U+06F0…);
/// the other supported languages use ASCII digits. Only for display: values sent back stay ASCII.
pub fn localize_digits(text: &str, code: &str) -> String {
    match code {
        "fa" => text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(0x06F0 + d).unwrap_or(c),
                _ => c,
            })
            .collect(),
        _ => text.to_owned(),
    }
}

/// Picks the first language from an HTTP `Accept-Language` header that `available` contains,
/// honouring quality values (`pl;q=0.8`) and matching on the primary subtag (`he-IL` → `he`).
pub fn negotiate_accept_language<'a>(header: &str, available: &'a [String]) -> Option<&'a str> {
    let mut ranked: Vec<(f32, usize, String)> = header
        .split(',')
        .enumerate()
        .filter_map(|(position, part)| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            (quality > 0.0).then_some((quality, position, primary))
        })
        .collect();
    // Highest quality first; among equals, the order the browser sent.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().find_map(|(_, _, primary)| {
        available
            .iter()
            .find(|l| **l == primary)
            .map(String::as_str)
    })
}

/// A text with one version per language, e.g. `{"en": "Thanks!", "pl": "Dzięki!"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Translated(pub BTreeMap<String, String>);

impl Translated {
    /// A text in a single language.
    pub fn single(lang: &str, text: &str) -> Self {
        Self(BTreeMap::from([(lang.to_owned(), text.to_owned())]))
    }

    /// The text in `lang`, else in `fallback`, else in any language (alphabetically first).
    pub fn resolve(&self, lang: &str, fallback: &str) -> Option<&str> {
        self.0
            .get(lang)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
    }

    /// Whether there is a text in `lang`.
    pub fn has(&self, lang: &str) -> bool {
        self.0.contains_key(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_quality_then_order() {
        let available = vec!["en".to_owned(), "pl".to_owned(), "he".to_owned()];
        assert_eq!(
            negotiate_accept_language("he-IL,he;q=0.9,en;q=0.8", &available),
            Some("he")
        );
        assert_eq!(
            negotiate_accept_language("de-DE, pl;q=0.5, en;q=0.7", &available),
            Some("en")
        );
        assert_eq!(negotiate_accept_language("de, fr", &available), None);
        assert_eq!(
            negotiate_accept_language("pl;q=0, en", &available),
            Some("en")
        );
        assert_eq!(negotiate_accept_language("", &available), None);
    }

    #[test]
    fn persian_digits() {
        assert_eq!(localize_digits("سؤال 1 از 10", "fa"), "سؤال ۱ از ۱۰");
        assert_eq!(
            localize_digits("Question 1 of 10", "en"),
            "Question 1 of 10"
        );
        assert_eq!(localize_digits("שאלה 1", "he"), "שאלה 1");
    }

    #[test]
    fn right_to_left_languages() {
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("fa"), "rtl");
        assert_eq!(direction("pl"), "ltr");
    }

    #[test]
    fn resolve_falls_back() {
        let t = Translated(BTreeMap::from([
            ("en".to_owned(), "Hi".to_owned()),
            ("pl".to_owned(), "Cześć".to_owned()),
        ]));
        assert_eq!(t.resolve("pl", "en"), Some("Cześć"));
        assert_eq!(t.resolve("he", "en"), Some("Hi"));
        assert_eq!(t.resolve("he", "fa"), Some("Hi"));
    }
}
