//! Languages of the workspace and detection of the language of an answer.
//!
//! Detection is limited to the languages a workspace uses: a survey in Polish and English never
//! gets "Slovak". The script decides first when only one allowed language is written in it (Hebrew
//! letters → Hebrew, Arabic letters → Persian); Latin-script text goes to whatlang restricted to
//! the allowed Latin-script languages. Very short or unclear texts get the survey's language,
//! and the result says so.

use serde::{Deserialize, Serialize};

use crate::tokenize::is_letter;

/// A language this crate has resources for. The code is the ISO 639-1 code used across OpenCX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Polish.
    Pl,
    /// Hebrew.
    He,
    /// Persian (Farsi).
    Fa,
}

impl Lang {
    /// Every supported language, in a stable order.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Pl, Lang::He, Lang::Fa];

    /// The ISO 639-1 code (`en`, `pl`, `he`, `fa`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
            Lang::He => "he",
            Lang::Fa => "fa",
        }
    }

    /// Parses an ISO 639-1 code, ignoring case and a region (`he-IL` → Hebrew). Also accepts the
    /// legacy Hebrew code `iw`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("").trim();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "pl" => Some(Lang::Pl),
            "he" | "iw" => Some(Lang::He),
            "fa" => Some(Lang::Fa),
            _ => None,
        }
    }

    fn whatlang(self) -> whatlang::Lang {
        match self {
            Lang::En => whatlang::Lang::Eng,
            Lang::Pl => whatlang::Lang::Pol,
            Lang::He => whatlang::Lang::Heb,
            Lang::Fa => whatlang::Lang::Pes,
        }
    }

    fn script(self) -> Script {
        match self {
            Lang::En | Lang::Pl => Script::Latin,
            Lang::He => Script::Hebrew,
            Lang::Fa => Script::Arabic,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How the language of a text was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LangSource {
    /// The text's script belongs to only one allowed language.
    Script,
    /// Statistical detection among the allowed languages was confident enough.
    Detected,
    /// Too short or unclear: the fallback (the survey's language) was used.
    Fallback,
    /// Too short for statistics, but its words are known to one language's word lists and not
    /// to the others' ("Nie polecam", "Great service").
    Words,
}

/// The language chosen for a text and how.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// The language the text is analysed in.
    pub lang: Lang,
    /// How it was chosen.
    pub source: LangSource,
    /// whatlang's confidence in 0..=1 when it was asked; 1 for a script decision; 0 for fallback.
    pub confidence: f64,
}

impl Detection {
    /// Whether the language came from the text itself rather than from the fallback.
    pub fn was_detected(&self) -> bool {
        self.source != LangSource::Fallback
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Hebrew,
    Arabic,
}

/// Texts with fewer words than this get the fallback unless the script decides.
pub const MIN_WORDS: usize = 3;

/// Below this whatlang confidence the fallback is used.
pub const MIN_CONFIDENCE: f64 = 0.2;

/// Detects languages among an allow-list. Build it once per workspace and reuse it.
pub struct LanguageDetector {
    allowed: Vec<Lang>,
    latin: Vec<Lang>,
    detector: Option<whatlang::Detector>,
}

impl LanguageDetector {
    /// A detector limited to `allowed` (duplicates ignored). An empty list allows every supported
    /// language.
    pub fn new(allowed: &[Lang]) -> Self {
        let mut allowed: Vec<Lang> = if allowed.is_empty() {
            Lang::ALL.to_vec()
        } else {
            allowed.to_vec()
        };
        allowed.sort();
        allowed.dedup();
        let latin: Vec<Lang> = allowed
            .iter()
            .copied()
            .filter(|l| l.script() == Script::Latin)
            .collect();
        // whatlang needs at least two candidates to be worth asking.
        let detector = (latin.len() > 1).then(|| {
            whatlang::Detector::with_allowlist(latin.iter().map(|l| l.whatlang()).collect())
        });
        LanguageDetector {
            allowed,
            latin,
            detector,
        }
    }

    /// The allowed languages.
    pub fn allowed(&self) -> &[Lang] {
        &self.allowed
    }

    /// The allowed languages written in the Latin script.
    pub fn latin(&self) -> &[Lang] {
        &self.latin
    }

    /// The language of `text`, or `fallback` when the text is too short or unclear. `fallback`
    /// is returned even when it is not in the allow-list: it is the survey's own language.
    pub fn detect(&self, text: &str, fallback: Lang) -> Detection {
        let fallen_back = Detection {
            lang: fallback,
            source: LangSource::Fallback,
            confidence: 0.0,
        };
        let counts = ScriptCounts::of(text);
        let Some(script) = counts.dominant() else {
            return fallen_back;
        };
        let candidates: Vec<Lang> = self
            .allowed
            .iter()
            .copied()
            .filter(|l| l.script() == script)
            .collect();
        match candidates.as_slice() {
            [] => fallen_back,
            [only] if script != Script::Latin => Detection {
                lang: *only,
                source: LangSource::Script,
                confidence: 1.0,
            },
            _ => {
                // Letters only Polish writes among the supported languages ("Obsługa tragiczna")
                // settle a text too short for statistics.
                let polish = Detection {
                    lang: Lang::Pl,
                    source: LangSource::Script,
                    confidence: 1.0,
                };
                let polish_letters = candidates.contains(&Lang::Pl) && has_polish_letters(text);
                // One Latin-script language allowed: a Latin-script text is in it, however
                // short ("ok" in a Hebrew survey is not Hebrew).
                if let [only] = self.latin.as_slice() {
                    return Detection {
                        lang: *only,
                        source: LangSource::Script,
                        confidence: 1.0,
                    };
                }
                if counts.words < MIN_WORDS {
                    return if polish_letters { polish } else { fallen_back };
                }
                let Some(info) = self.detector.as_ref().and_then(|d| d.detect(text)) else {
                    return if polish_letters { polish } else { fallen_back };
                };
                let lang = self
                    .latin
                    .iter()
                    .copied()
                    .find(|l| l.whatlang() == info.lang());
                match lang {
                    Some(lang) if info.confidence() >= MIN_CONFIDENCE => Detection {
                        lang,
                        source: LangSource::Detected,
                        confidence: info.confidence(),
                    },
                    _ if polish_letters => polish,
                    _ => fallen_back,
                }
            }
        }
    }
}

/// Whether `text` has a letter that, among the supported languages, only Polish writes.
fn has_polish_letters(text: &str) -> bool {
    text.chars().any(|c| "ąćęłńśźżĄĆĘŁŃŚŹŻ".contains(c))
}

/// Letters per script and a rough word count, in one pass.
#[derive(Default)]
struct ScriptCounts {
    latin: usize,
    hebrew: usize,
    arabic: usize,
    words: usize,
}

impl ScriptCounts {
    fn of(text: &str) -> Self {
        let mut counts = ScriptCounts::default();
        let mut in_word = false;
        for c in text.chars() {
            let letter = is_letter(c);
            if letter {
                match c as u32 {
                    0x0590..=0x05FF | 0xFB1D..=0xFB4F => counts.hebrew += 1,
                    0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                        counts.arabic += 1
                    }
                    _ if c.is_ascii_alphabetic() || (0x00C0..=0x024F).contains(&(c as u32)) => {
                        counts.latin += 1
                    }
                    _ => {}
                }
            }
            // The zero-width non-joiner sits inside Persian words.
            let word_char = letter || c == '\u{200C}' || c == '\'' || c == '-';
            if word_char && !in_word {
                counts.words += 1;
            }
            in_word = word_char;
        }
        counts
    }

    fn dominant(&self) -> Option<Script> {
        let best = self.latin.max(self.hebrew).max(self.arabic);
        if best == 0 {
            None
        } else if best == self.hebrew {
            Some(Script::Hebrew)
        } else if best == self.arabic {
            Some(Script::Arabic)
        } else {
            Some(Script::Latin)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_accept_regions() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("he-IL"), Some(Lang::He));
        assert_eq!(Lang::from_code("iw"), Some(Lang::He));
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn script_decides_hebrew_and_persian_even_when_short() {
        let detector = LanguageDetector::new(&Lang::ALL);
        let he = detector.detect("תודה", Lang::En);
        assert_eq!((he.lang, he.source), (Lang::He, LangSource::Script));
        let fa = detector.detect("خیلی خوب بود", Lang::En);
        assert_eq!((fa.lang, fa.source), (Lang::Fa, LangSource::Script));
    }

    #[test]
    fn latin_text_is_detected_among_allowed_languages() {
        let detector = LanguageDetector::new(&Lang::ALL);
        let pl = detector.detect(
            "Obsługa była bardzo miła, ale na dostawę czekałem prawie dwa tygodnie.",
            Lang::En,
        );
        assert_eq!((pl.lang, pl.source), (Lang::Pl, LangSource::Detected));
        let en = detector.detect(
            "The staff were friendly but the delivery took almost two weeks.",
            Lang::Pl,
        );
        assert_eq!((en.lang, en.source), (Lang::En, LangSource::Detected));
    }

    #[test]
    fn polish_letters_settle_a_short_text() {
        let detector = LanguageDetector::new(&Lang::ALL);
        let pl = detector.detect("Obsługa tragiczna", Lang::En);
        assert_eq!((pl.lang, pl.source), (Lang::Pl, LangSource::Script));
        let en_only = LanguageDetector::new(&[Lang::En, Lang::He]);
        // Not when Polish is not allowed: Latin-script text is then in the one Latin-script
        // language allowed, however short.
        assert_eq!(en_only.detect("Obsługa tragiczna", Lang::He).lang, Lang::En);
        assert_eq!(en_only.detect("ok", Lang::He).lang, Lang::En);
        // A long English text naming a Polish city stays English.
        let en = detector.detect(
            "The staff at your store in Łódź were friendly and the checkout was quick",
            Lang::Pl,
        );
        assert_eq!(en.lang, Lang::En);
    }

    #[test]
    fn short_texts_fall_back_to_the_survey_language() {
        let detector = LanguageDetector::new(&Lang::ALL);
        let short = detector.detect("super ok", Lang::Pl);
        assert_eq!((short.lang, short.source), (Lang::Pl, LangSource::Fallback));
        assert!(!short.was_detected());
        let empty = detector.detect("👍 10/10", Lang::He);
        assert_eq!(empty.source, LangSource::Fallback);
    }

    #[test]
    fn arabic_script_falls_back_when_persian_is_not_allowed() {
        let detector = LanguageDetector::new(&[Lang::En, Lang::Pl]);
        let d = detector.detect("خیلی خوب بود", Lang::En);
        assert_eq!((d.lang, d.source), (Lang::En, LangSource::Fallback));
    }
}
