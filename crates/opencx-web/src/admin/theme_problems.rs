//! Problems of the themes form (the taxonomy) in the manager's language.
//!
//! Validation (`opencx_app::taxonomy::taxonomy_problems`) reports each problem as a code and a
//! location; here each becomes a sentence in English, Polish, Hebrew or Persian that names the
//! theme by its row on the page and its name ("Theme 3 “Delivery”: the identifier is already
//! used by Theme 1 “Price”"). Every sentence is a `match` on the four languages, so a missing
//! translation does not compile. The English messages of the validation are not read here.

use opencx_app::taxonomy::{TaxonomyCode, TaxonomyLocation, TaxonomyPart};
use opencx_domain::wording;

use super::i18n::{Tr, UiLang};

/// A theme as the manager sees it on the page: its row number and what names it.
#[derive(Debug, Clone)]
pub struct ThemeName {
    /// 1-based row on the page.
    pub number: usize,
    /// Its name in the manager's language, else another of its names, else its id (may be
    /// empty for a new theme with nothing typed yet).
    pub name: String,
}

/// Longest theme name or keyword quoted in a message, in characters.
const QUOTE_CHARS: usize = 40;

fn quote_text(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_CHARS).collect();
    if text.chars().count() > QUOTE_CHARS {
        out = format!("{}…", out.trim_end());
    }
    out
}

impl ThemeName {
    /// "Theme 3 “Delivery”" (or "Theme 3" without a name).
    pub fn say(&self, tr: Tr) -> String {
        let n = tr.number(self.number as i64);
        let name = quote_text(self.name.trim());
        match (tr.0, name.is_empty()) {
            (UiLang::En, false) => format!("Theme {n} “{name}”"),
            (UiLang::En, true) => format!("Theme {n}"),
            (UiLang::Pl, false) => format!("Temat {n} „{name}”"),
            (UiLang::Pl, true) => format!("Temat {n}"),
            (UiLang::He, false) => format!("נושא {n} ״{name}״"),
            (UiLang::He, true) => format!("נושא {n}"),
            (UiLang::Fa, false) => format!("موضوع {n} «{name}»"),
            (UiLang::Fa, true) => format!("موضوع {n}"),
        }
    }
}

/// Where a problem is, for the summary above the form: the theme, or the themes as a whole.
pub fn place(tr: Tr, theme: Option<&ThemeName>) -> String {
    match theme {
        Some(theme) => theme.say(tr),
        None => match tr.0 {
            UiLang::En => "Themes".into(),
            UiLang::Pl => "Tematy".into(),
            UiLang::He => "נושאים".into(),
            UiLang::Fa => "موضوع‌ها".into(),
        },
    }
}

/// What is wrong, in the manager's language, without saying which theme (the caller puts it
/// beside the field, or after [`place`] in the summary). `name` names another theme by its
/// position in the taxonomy.
pub fn sentence(
    tr: Tr,
    code: &TaxonomyCode,
    location: &TaxonomyLocation,
    name: &dyn Fn(usize) -> Option<ThemeName>,
) -> String {
    let lang = tr.0;
    let n = |value: usize| tr.number(value as i64);
    // "(Polski)": the language of the name or keywords concerned.
    let language = location
        .language
        .as_deref()
        .map(|code| format!(" ({})", wording::language_name(code).unwrap_or(code)))
        .unwrap_or_default();
    match code {
        TaxonomyCode::TooManyThemes { max } => {
            let max = n(*max);
            match lang {
                UiLang::En => format!("there can be at most {max} themes; delete some"),
                UiLang::Pl => format!("tematów może być najwyżej {max}; usuń niektóre"),
                UiLang::He => format!("אפשר לכל היותר {max} נושאים; יש למחוק חלק מהם"),
                UiLang::Fa => format!("حداکثر {max} موضوع ممکن است؛ برخی را حذف کنید"),
            }
        }
        TaxonomyCode::EmptyId => match lang {
            UiLang::En => "give the theme an identifier".into(),
            UiLang::Pl => "nadaj tematowi identyfikator".into(),
            UiLang::He => "יש לתת לנושא מזהה".into(),
            UiLang::Fa => "برای موضوع شناسه‌ای بنویسید".into(),
        },
        TaxonomyCode::InvalidId { max } => {
            let max = n(*max);
            match lang {
                UiLang::En => format!(
                    "the identifier may hold only letters, digits, “-” and “_”, without spaces, at most {max} characters (a Hebrew or Persian letter counts as two)"
                ),
                UiLang::Pl => format!(
                    "identyfikator może zawierać tylko litery, cyfry, „-” i „_”, bez spacji, najwyżej {max} znaków (litera hebrajska lub perska liczy się podwójnie)"
                ),
                UiLang::He => format!(
                    "המזהה יכול להכיל רק אותיות, ספרות, ״-״ ו־״_״, בלי רווחים, עד {max} תווים (אות עברית או פרסית נספרת כשניים)"
                ),
                UiLang::Fa => format!(
                    "شناسه فقط می‌تواند حرف، رقم، «-» و «_» داشته باشد، بی فاصله، حداکثر {max} نویسه (هر حرف عبری یا فارسی دو نویسه شمرده می‌شود)"
                ),
            }
        }
        TaxonomyCode::DuplicateId { first } => match name(*first) {
            Some(other) => {
                let other = other.say(tr);
                match lang {
                    UiLang::En => format!("the identifier is already used by {other}"),
                    UiLang::Pl => format!("identyfikator jest już używany przez: {other}"),
                    UiLang::He => format!("המזהה כבר בשימוש אצל {other}"),
                    UiLang::Fa => format!("این شناسه را {other} به کار برده است"),
                }
            }
            None => match lang {
                UiLang::En => "the identifier is used twice".into(),
                UiLang::Pl => "identyfikator występuje dwa razy".into(),
                UiLang::He => "המזהה מופיע פעמיים".into(),
                UiLang::Fa => "این شناسه دو بار به کار رفته است".into(),
            },
        },
        TaxonomyCode::UnknownParent { parent } => {
            let parent = quote_text(parent);
            match lang {
                UiLang::En => {
                    format!("its parent theme “{parent}” no longer exists; choose another")
                }
                UiLang::Pl => {
                    format!("jego temat nadrzędny „{parent}” już nie istnieje; wybierz inny")
                }
                UiLang::He => format!("נושא האב שלו ״{parent}״ כבר לא קיים; יש לבחור אחר"),
                UiLang::Fa => {
                    format!("موضوع بالادستش «{parent}» دیگر وجود ندارد؛ دیگری برگزینید")
                }
            }
        }
        TaxonomyCode::Cycle => match lang {
            UiLang::En => {
                "through its parents it is a sub-theme of itself; choose another parent".into()
            }
            UiLang::Pl => {
                "przez swoje tematy nadrzędne jest podtematem samego siebie; wybierz inny temat nadrzędny"
                    .into()
            }
            UiLang::He => "דרך נושאי האב שלו הוא תת־נושא של עצמו; יש לבחור נושא אב אחר".into(),
            UiLang::Fa => {
                "از راه موضوع‌های بالادستش زیرموضوعِ خودش شده است؛ موضوع بالادست دیگری برگزینید"
                    .into()
            }
        },
        TaxonomyCode::NoName => match lang {
            UiLang::En => "give the theme a name in at least one language".into(),
            UiLang::Pl => "nadaj tematowi nazwę w co najmniej jednym języku".into(),
            UiLang::He => "יש לתת לנושא שם בשפה אחת לפחות".into(),
            UiLang::Fa => "دست‌کم به یک زبان برای موضوع نامی بنویسید".into(),
        },
        TaxonomyCode::NameTooLong { max } => {
            let max = n(*max);
            match lang {
                UiLang::En => format!("the name{language} is longer than {max} characters"),
                UiLang::Pl => format!("nazwa{language} jest dłuższa niż {max} znaków"),
                UiLang::He => format!("השם{language} ארוך מ־{max} תווים"),
                UiLang::Fa => format!("نام{language} از {max} نویسه بلندتر است"),
            }
        }
        TaxonomyCode::UnknownLanguage { language: code } => {
            let code = quote_text(code);
            match lang {
                UiLang::En => format!(
                    "keywords in “{code}” cannot be matched: themes are matched in English, Polish, Hebrew and Persian"
                ),
                UiLang::Pl => format!(
                    "słów kluczowych w „{code}” nie da się dopasować: tematy są dopasowywane po angielsku, polsku, hebrajsku i persku"
                ),
                UiLang::He => format!(
                    "אי אפשר להתאים מילות מפתח ב־״{code}״: נושאים מותאמים באנגלית, בפולנית, בעברית ובפרסית"
                ),
                UiLang::Fa => format!(
                    "کلیدواژه‌های «{code}» جور نمی‌شوند: موضوع‌ها به انگلیسی، لهستانی، عبری و فارسی جور می‌شوند"
                ),
            }
        }
        TaxonomyCode::TooManyKeywords { max } => {
            let max = n(*max);
            match lang {
                UiLang::En => format!(
                    "more than {max} keywords{language}; a theme has at most {max} per language"
                ),
                UiLang::Pl => format!(
                    "ponad {max} słów kluczowych{language}; temat może mieć najwyżej {max} na język"
                ),
                UiLang::He => format!(
                    "יותר מ־{max} מילות מפתח{language}; לנושא יכולות להיות עד {max} בכל שפה"
                ),
                UiLang::Fa => format!(
                    "بیش از {max} کلیدواژه{language}؛ هر موضوع در هر زبان حداکثر {max} کلیدواژه دارد"
                ),
            }
        }
        TaxonomyCode::EmptyKeyword { keyword } => {
            let keyword = quote_text(keyword.trim());
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} has nothing besides “*”; write a word before the “*” or remove the line"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} nie zawiera nic poza „*”; wpisz słowo przed „*” albo usuń wiersz"
                ),
                UiLang::He => format!(
                    "במילת המפתח ״{keyword}״{language} אין דבר מלבד ״*״; יש לכתוב מילה לפני ה־״*״ או למחוק את השורה"
                ),
                UiLang::Fa => format!(
                    "کلیدواژهٔ «{keyword}»{language} جز «*» چیزی ندارد؛ پیش از «*» واژه‌ای بنویسید یا خط را پاک کنید"
                ),
            }
        }
        TaxonomyCode::KeywordTooLong { keyword, max } => {
            let keyword = quote_text(keyword.trim());
            let max = n(*max);
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} is longer than {max} characters"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} jest dłuższe niż {max} znaków"
                ),
                UiLang::He => format!("מילת המפתח ״{keyword}״{language} ארוכה מ־{max} תווים"),
                UiLang::Fa => {
                    format!("کلیدواژهٔ «{keyword}»{language} از {max} نویسه بلندتر است")
                }
            }
        }
        TaxonomyCode::KeywordNoLetters { keyword } => {
            let keyword = quote_text(keyword.trim());
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} has a word without letters or digits, which no answer can match; write words, not punctuation or markup"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} zawiera wyraz bez liter i cyfr, do którego nie pasuje żadna odpowiedź; wpisz słowa, nie znaki interpunkcyjne ani znaczniki"
                ),
                UiLang::He => format!(
                    "במילת המפתח ״{keyword}״{language} יש מילה בלי אותיות או ספרות, ששום תשובה לא תתאים לה; יש לכתוב מילים, לא סימני פיסוק או תגיות"
                ),
                UiLang::Fa => format!(
                    "کلیدواژهٔ «{keyword}»{language} واژه‌ای بی حرف و رقم دارد که با هیچ پاسخی جور نمی‌شود؛ واژه بنویسید، نه نشانه‌گذاری یا برچسب"
                ),
            }
        }
        TaxonomyCode::WildcardInside { keyword } => {
            let keyword = quote_text(keyword.trim());
            match lang {
                UiLang::En => format!(
                    "in the keyword “{keyword}”{language}, “*” stands at the start or inside a word; “*” may only end a word (“deliver*” matches “delivery” and “delivered”)"
                ),
                UiLang::Pl => format!(
                    "w słowie kluczowym „{keyword}”{language} „*” stoi na początku lub w środku wyrazu; „*” może tylko kończyć wyraz („dostaw*” pasuje do „dostawa” i „dostawy”)"
                ),
                UiLang::He => format!(
                    "במילת המפתח ״{keyword}״{language} ה־״*״ נמצא בתחילת מילה או באמצעה; ״*״ יכול לבוא רק בסוף מילה (״משלוח*״ מתאים ל״משלוחים״)"
                ),
                UiLang::Fa => format!(
                    "در کلیدواژهٔ «{keyword}»{language} «*» در آغاز یا میان واژه آمده است؛ «*» فقط می‌تواند پایان واژه باشد («ارسال*» با «ارسالش» جور می‌شود)"
                ),
            }
        }
        TaxonomyCode::StemTooShort { keyword, min } => {
            let keyword = quote_text(keyword.trim());
            let min = n(*min);
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} has a stem shorter than {min} letters before “*”, which would match most answers; write at least {min} letters before “*”"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} ma przed „*” rdzeń krótszy niż {min} litery i pasowałoby do większości odpowiedzi; wpisz przed „*” co najmniej {min} litery"
                ),
                UiLang::He => format!(
                    "במילת המפתח ״{keyword}״{language} יש לפני ה־״*״ פחות מ־{min} אותיות, והיא תתאים לרוב התשובות; יש לכתוב לפחות {min} אותיות לפני ה־״*״"
                ),
                UiLang::Fa => format!(
                    "کلیدواژهٔ «{keyword}»{language} پیش از «*» کمتر از {min} حرف دارد و با بیشتر پاسخ‌ها جور می‌شود؛ دست‌کم {min} حرف پیش از «*» بنویسید"
                ),
            }
        }
        TaxonomyCode::DashNotHyphen { keyword } => {
            let keyword = quote_text(keyword.trim());
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} starts with a dash that is not “-”; to keep a phrase out of the theme, start it with “-” (the hyphen key), or remove the dash"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} zaczyna się od półpauzy lub innej kreski zamiast „-”; aby wykluczyć frazę z tematu, zacznij ją od „-” (klawisz łącznika) albo usuń kreskę"
                ),
                UiLang::He => format!(
                    "מילת המפתח ״{keyword}״{language} מתחילה בקו שאינו ״-״; כדי להוציא ביטוי מהנושא יש להתחיל אותו ב־״-״ (מקש המינוס), או למחוק את הקו"
                ),
                UiLang::Fa => format!(
                    "کلیدواژهٔ «{keyword}»{language} با خطی جز «-» آغاز می‌شود؛ برای بیرون گذاشتن عبارتی از موضوع آن را با «-» (کلید منها) آغاز کنید یا خط را پاک کنید"
                ),
            }
        }
        TaxonomyCode::ListBullet { keyword } => {
            let keyword = quote_text(keyword.trim());
            let phrase = quote_text(
                opencx_text::themes::exclusion(&keyword).unwrap_or(&keyword),
            );
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} starts with “-” and a space, like a list's bullet; to keep the phrase out of the theme, write “-{phrase}” without the space, or remove the dash to look for it"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} zaczyna się od „-” i spacji, jak punkt listy; aby wykluczyć frazę z tematu, napisz „-{phrase}” bez spacji, albo usuń kreskę, aby jej szukać"
                ),
                UiLang::He => format!(
                    "מילת המפתח ״{keyword}״{language} מתחילה ב־״-״ ורווח, כמו תבליט של רשימה; כדי להוציא את הביטוי מהנושא יש לכתוב ״-{phrase}״ בלי הרווח, או למחוק את הקו כדי לחפש אותו"
                ),
                UiLang::Fa => format!(
                    "کلیدواژهٔ «{keyword}»{language} با «-» و یک فاصله آغاز می‌شود، مانند نشانهٔ فهرست؛ برای بیرون گذاشتن عبارت از موضوع «-{phrase}» را بی‌فاصله بنویسید، یا خط را پاک کنید تا آن را بجوید"
                ),
            }
        }
        TaxonomyCode::KeywordExcluded { keyword } => {
            let keyword = quote_text(keyword.trim());
            match lang {
                UiLang::En => format!(
                    "the keyword “{keyword}”{language} is also excluded with “-{keyword}”, so it never matches; remove one of the two"
                ),
                UiLang::Pl => format!(
                    "słowo kluczowe „{keyword}”{language} jest też wykluczone przez „-{keyword}”, więc nigdy nie pasuje; usuń jedno z nich"
                ),
                UiLang::He => format!(
                    "מילת המפתח ״{keyword}״{language} מוחרגת גם ב־״-{keyword}״, ולכן לעולם לא תתאים; יש למחוק אחת מהשתיים"
                ),
                UiLang::Fa => format!(
                    "کلیدواژهٔ «{keyword}»{language} با «-{keyword}» هم بیرون گذاشته شده و هرگز جور نمی‌شود؛ یکی از این دو را پاک کنید"
                ),
            }
        }
    }
}

/// Whether a problem belongs beside the whole theme rather than one of its fields.
pub fn is_theme_wide(location: &TaxonomyLocation) -> bool {
    location.part == TaxonomyPart::Taxonomy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(i: usize) -> Option<ThemeName> {
        (i == 0).then(|| ThemeName {
            number: 1,
            name: "Price".into(),
        })
    }

    #[test]
    fn every_language_names_the_themes_without_technical_words() {
        let at = |part, language: Option<&str>| TaxonomyLocation {
            theme: Some(2),
            part,
            language: language.map(str::to_owned),
        };
        let cases = [
            (
                TaxonomyCode::DuplicateId { first: 0 },
                at(TaxonomyPart::Id, None),
            ),
            (
                TaxonomyCode::EmptyKeyword {
                    keyword: " * ".into(),
                },
                at(TaxonomyPart::Keywords, Some("pl")),
            ),
            (TaxonomyCode::Cycle, at(TaxonomyPart::Parent, None)),
            (
                TaxonomyCode::InvalidId { max: 64 },
                at(TaxonomyPart::Id, None),
            ),
        ];
        for lang in UiLang::ALL {
            for (code, location) in &cases {
                let text = sentence(Tr(lang), code, location, &named);
                assert!(
                    !text.contains("themes[") && !text.contains("keywords.") && !text.is_empty(),
                    "{text}"
                );
            }
        }
        let en = Tr(UiLang::En);
        let theme = ThemeName {
            number: 3,
            name: "Delivery".into(),
        };
        assert_eq!(
            format!(
                "{}: {}",
                place(en, Some(&theme)),
                sentence(en, &cases[0].0, &cases[0].1, &named)
            ),
            "Theme 3 “Delivery”: the identifier is already used by Theme 1 “Price”"
        );
        let pl = sentence(Tr(UiLang::Pl), &cases[1].0, &cases[1].1, &named);
        assert!(pl.contains("„*” (Polski)"), "{pl}");
        // Persian digits in the row number.
        assert_eq!(place(Tr(UiLang::Fa), Some(&theme)), "موضوع ۳ «Delivery»");
        assert_eq!(
            ThemeName {
                number: 4,
                name: String::new()
            }
            .say(Tr(UiLang::He)),
            "נושא 4"
        );
    }
}
