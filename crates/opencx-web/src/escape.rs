//! HTML escaping of every value the templates print, with one addition to askama's own: the
//! explicit bidirectional embeddings and overrides (U+202A–U+202E) are left out.
//!
//! An open answer is typed by anyone. With a right-to-left override in it, "I love it" can be
//! stored as the letters of "ti evol I" and shown as praise, while the analysis, search and
//! export read what was stored. Leaving the five characters out shows every text in the order
//! it is stored and analysed. They carry no meaning of their own: `dir="auto"` and `<bdi>` set
//! the direction of each answer, and the marks a right-to-left writer does need (U+200E, U+200F)
//! and the isolates (U+2066–U+2069, which cannot reverse letters, and which the pages' own
//! messages use around a name) are kept. The stored text is not changed: the API and the exports
//! give it as it was received. See decision 0038.

use std::fmt::{self, Write};

use askama::filters::Escaper;

/// The escaper configured for `.html` templates in `askama.toml`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

/// Whether `c` is an explicit directional embedding or override, or their terminator:
/// LRE, RLE, PDF, LRO or RLO.
pub fn is_bidi_override(c: char) -> bool {
    ('\u{202A}'..='\u{202E}').contains(&c)
}

impl Escaper for Html {
    fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        let mut rest = string;
        while let Some(at) = rest.find(is_bidi_override) {
            askama::filters::Html.write_escaped_str(&mut dest, &rest[..at])?;
            // Each of the five is three bytes in UTF-8.
            rest = &rest[at + '\u{202A}'.len_utf8()..];
        }
        askama::filters::Html.write_escaped_str(dest, rest)
    }

    fn write_escaped_char<W: Write>(&self, dest: W, c: char) -> fmt::Result {
        if is_bidi_override(c) {
            Ok(())
        } else {
            askama::filters::Html.write_escaped_char(dest, c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        Html.write_escaped_str(&mut out, text).unwrap();
        out
    }

    #[test]
    fn overrides_are_left_out_and_markup_is_escaped() {
        assert_eq!(escaped("\u{202E}ti evol I"), "ti evol I");
        assert_eq!(
            escaped("a\u{202A}<b>\u{202B}&\u{202C}\u{202D}'\"\u{202E}"),
            "a&#60;b&#62;&#38;&#39;&#34;"
        );
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn marks_isolates_and_right_to_left_text_are_kept() {
        let text = "\u{200F}שלום\u{200E} \u{2068}خوب\u{2069} \u{2066}x\u{2067}y\u{2069}";
        assert_eq!(escaped(text), text);
        let mut out = String::new();
        Html.write_escaped_char(&mut out, '\u{202E}').unwrap();
        Html.write_escaped_char(&mut out, '<').unwrap();
        Html.write_escaped_char(&mut out, 'ש').unwrap();
        assert_eq!(out, "&#60;ש");
    }
}
