//! Built-in wordings: default question texts, scale labels and the strings of the respondent's
//! page, in English (`en`), Polish (`pl`), Hebrew (`he`) and Persian (`fa`).
//!
//! Any other language code falls back to English. A survey in another language translates its
//! own texts; only the parts it leaves out (a question without `text`, the page's buttons) come
//! from here.
//!
//! Conventions: Hebrew addresses the respondent in the plural, the usual gender-neutral form of
//! Israeli service writing, and is written without niqqud. Persian uses the Persian yeh (U+06CC)
//! and kaf (U+06A9), and a zero-width non-joiner (U+200C, written `\u{200c}` below so it stays
//! visible in the source) where Persian spelling separates parts of a word. Polish uses the
//! courtesy capital for "Ty" forms (Twój, Ci, Cię), as customer communication does.

use crate::survey::{CesVariant, ContactField, QuestionKind};

/// The languages with built-in wordings; anything else is English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Pl,
    He,
    Fa,
}

impl Lang {
    /// The wording language for a code; regional tags (`pl-PL`) use their primary subtag.
    fn of(code: &str) -> Self {
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        if primary.eq_ignore_ascii_case("pl") {
            Lang::Pl
        } else if primary.eq_ignore_ascii_case("he") {
            Lang::He
        } else if primary.eq_ignore_ascii_case("fa") {
            Lang::Fa
        } else {
            Lang::En
        }
    }

    /// Picks this language's entry from an `[en, pl, he, fa]` row.
    fn pick<T: Copy>(self, row: [T; 4]) -> T {
        match self {
            Lang::En => row[0],
            Lang::Pl => row[1],
            Lang::He => row[2],
            Lang::Fa => row[3],
        }
    }
}

/// Default question text for a kind when the definition gives none.
pub fn default_question_text(kind: &QuestionKind, lang: &str) -> &'static str {
    let row = match kind {
        QuestionKind::Nps { .. } => [
            "How likely are you to recommend us to a friend or family member?",
            "Jak prawdopodobne jest, że polecisz nas znajomym lub rodzinie?",
            "עד כמה סביר שתמליצו עלינו לחבר או לבן משפחה?",
            "چقدر احتمال دارد ما را به دوستان یا اعضای خانواده\u{200c}تان توصیه کنید؟",
        ],
        QuestionKind::Csat { .. } => [
            "How satisfied were you with your experience?",
            "Jak oceniasz swoje zadowolenie z naszej obsługi?",
            "עד כמה הייתם מרוצים מהחוויה שלכם?",
            "چقدر از تجربه\u{200c}تان راضی بودید؟",
        ],
        QuestionKind::Ces {
            variant: CesVariant::FiveOption,
        } => [
            "How easy was it to solve your problem with us today?",
            "Jak łatwo było Ci dziś załatwić z nami swoją sprawę?",
            "עד כמה היה קל לפתור איתנו היום את הבעיה שלכם?",
            "امروز حل مشکلتان با ما چقدر آسان بود؟",
        ],
        QuestionKind::Ces {
            variant: CesVariant::Agreement7,
        } => [
            "The company made it easy for me to handle my issue.",
            "Firma ułatwiła mi załatwienie mojej sprawy.",
            "החברה הקלה עליי לטפל בבעיה שלי.",
            "شرکت رسیدگی به مشکلم را برایم آسان کرد.",
        ],
        QuestionKind::Rating { .. } => [
            "How would you rate your experience?",
            "Jak oceniasz swoje wrażenia?",
            "איך הייתם מדרגים את החוויה שלכם?",
            "تجربه\u{200c}تان را چطور ارزیابی می\u{200c}کنید؟",
        ],
        QuestionKind::SingleChoice { .. } => [
            "Choose one option.",
            "Wybierz jedną odpowiedź.",
            "בחרו אפשרות אחת.",
            "یک گزینه را انتخاب کنید.",
        ],
        QuestionKind::MultipleChoice { .. } => [
            "Choose all that apply.",
            "Zaznacz wszystkie pasujące odpowiedzi.",
            "בחרו את כל האפשרויות המתאימות.",
            "همهٔ گزینه\u{200c}های مرتبط را انتخاب کنید.",
        ],
        QuestionKind::YesNo => [
            "Did we meet your expectations?",
            "Czy spełniliśmy Twoje oczekiwania?",
            "האם עמדנו בציפיות שלכם?",
            "آیا انتظاراتتان را برآورده کردیم؟",
        ],
        QuestionKind::ShortText { .. } => {
            ["Your answer", "Twoja odpowiedź", "התשובה שלכם", "پاسخ شما"]
        }
        QuestionKind::LongText { .. } => [
            "Tell us more",
            "Opowiedz nam więcej",
            "ספרו לנו עוד",
            "بیشتر برایمان بگویید",
        ],
        QuestionKind::Contact { .. } => [
            "How can we reach you?",
            "Jak możemy się z Tobą skontaktować?",
            "איך אפשר ליצור איתכם קשר?",
            "چطور می\u{200c}توانیم با شما تماس بگیریم؟",
        ],
    };
    Lang::of(lang).pick(row)
}

/// Labels under the two ends of the NPS scale: (0 label, 10 label), e.g. ("Not at all likely", "Extremely likely").
pub fn nps_end_labels(lang: &str) -> (&'static str, &'static str) {
    Lang::of(lang).pick([
        ("Not at all likely", "Extremely likely"),
        ("Zupełnie nieprawdopodobne", "Bardzo prawdopodobne"),
        ("בכלל לא סביר", "סביר מאוד"),
        ("اصلاً احتمال ندارد", "احتمالش خیلی زیاد است"),
    ])
}

const CSAT_5: [[&str; 5]; 4] = [
    [
        "Very dissatisfied",
        "Dissatisfied",
        "Neither satisfied nor dissatisfied",
        "Satisfied",
        "Very satisfied",
    ],
    [
        "Bardzo niezadowolony",
        "Niezadowolony",
        "Ani zadowolony, ani niezadowolony",
        "Zadowolony",
        "Bardzo zadowolony",
    ],
    ["מאוד לא מרוצה", "לא מרוצה", "ניטרלי", "מרוצה", "מרוצה מאוד"],
    [
        "بسیار ناراضی",
        "ناراضی",
        "نه راضی، نه ناراضی",
        "راضی",
        "بسیار راضی",
    ],
];

const CSAT_7: [[&str; 7]; 4] = [
    [
        "Very dissatisfied",
        "Dissatisfied",
        "Somewhat dissatisfied",
        "Neutral",
        "Somewhat satisfied",
        "Satisfied",
        "Very satisfied",
    ],
    [
        "Bardzo niezadowolony",
        "Niezadowolony",
        "Raczej niezadowolony",
        "Ani zadowolony, ani niezadowolony",
        "Raczej zadowolony",
        "Zadowolony",
        "Bardzo zadowolony",
    ],
    [
        "מאוד לא מרוצה",
        "לא מרוצה",
        "די לא מרוצה",
        "ניטרלי",
        "די מרוצה",
        "מרוצה",
        "מרוצה מאוד",
    ],
    [
        "بسیار ناراضی",
        "ناراضی",
        "تا حدی ناراضی",
        "نه راضی، نه ناراضی",
        "تا حدی راضی",
        "راضی",
        "بسیار راضی",
    ],
];

const CES_5: [[&str; 5]; 4] = [
    [
        "Very difficult",
        "Difficult",
        "Neither easy nor difficult",
        "Easy",
        "Very easy",
    ],
    [
        "Bardzo trudno",
        "Trudno",
        "Ani łatwo, ani trudno",
        "Łatwo",
        "Bardzo łatwo",
    ],
    ["קשה מאוד", "קשה", "לא קל ולא קשה", "קל", "קל מאוד"],
    ["بسیار سخت", "سخت", "نه آسان، نه سخت", "آسان", "بسیار آسان"],
];

const CES_7: [[&str; 7]; 4] = [
    [
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ],
    [
        "Zdecydowanie się nie zgadzam",
        "Nie zgadzam się",
        "Raczej się nie zgadzam",
        "Ani się zgadzam, ani nie zgadzam",
        "Raczej się zgadzam",
        "Zgadzam się",
        "Zdecydowanie się zgadzam",
    ],
    [
        "בכלל לא מסכים/ה",
        "לא מסכים/ה",
        "די לא מסכים/ה",
        "לא מסכים/ה ולא מתנגד/ת",
        "די מסכים/ה",
        "מסכים/ה",
        "מסכים/ה מאוד",
    ],
    [
        "کاملاً مخالفم",
        "مخالفم",
        "تا حدی مخالفم",
        "نه موافقم، نه مخالفم",
        "تا حدی موافقم",
        "موافقم",
        "کاملاً موافقم",
    ],
];

/// Numbers labels from 1 upwards.
fn numbered(labels: &[&'static str]) -> Vec<(i64, &'static str)> {
    (1..).zip(labels.iter().copied()).collect()
}

/// A label for each score of a scored kind, lowest first, or an empty list where the scale shows bare numbers (NPS and rating).
/// CSAT 5: Very dissatisfied, Dissatisfied, Neither satisfied nor dissatisfied, Satisfied, Very satisfied; CSAT 7: the 7-point version (Very dissatisfied, Dissatisfied, Somewhat dissatisfied, Neutral, Somewhat satisfied, Satisfied, Very satisfied);
/// CES five_option 1..=5: Very difficult, Difficult, Neither easy nor difficult, Easy, Very easy; CES agreement_7 1..=7: Strongly disagree … Strongly agree.
/// Kinds without a score have no labels either.
pub fn score_labels(kind: &QuestionKind, lang: &str) -> Vec<(i64, &'static str)> {
    let lang = Lang::of(lang);
    match kind {
        QuestionKind::Csat { scale: 7 } => numbered(&lang.pick(CSAT_7)),
        QuestionKind::Csat { .. } => numbered(&lang.pick(CSAT_5)),
        QuestionKind::Ces {
            variant: CesVariant::FiveOption,
        } => numbered(&lang.pick(CES_5)),
        QuestionKind::Ces {
            variant: CesVariant::Agreement7,
        } => numbered(&lang.pick(CES_7)),
        _ => Vec::new(),
    }
}

/// The labels of a yes/no question: ("Yes", "No").
pub fn yes_no_labels(lang: &str) -> (&'static str, &'static str) {
    Lang::of(lang).pick([("Yes", "No"), ("Tak", "Nie"), ("כן", "לא"), ("بله", "خیر")])
}

/// The label of a contact field: "Name", "Email", "Phone".
pub fn contact_field_label(field: ContactField, lang: &str) -> &'static str {
    let row = match field {
        ContactField::Name => ["Name", "Imię i nazwisko", "שם", "نام"],
        ContactField::Email => ["Email", "E-mail", "דוא״ל", "ایمیل"],
        ContactField::Phone => ["Phone", "Telefon", "טלפון", "تلفن"],
    };
    Lang::of(lang).pick(row)
}

/// Strings of the respondent's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    /// Button to the next question: "Next".
    Next,
    /// Button to the previous question: "Back".
    Back,
    /// Button that sends the answers: "Submit".
    Submit,
    /// Marks a required question: "Required".
    Required,
    /// Marks an optional question: "Optional".
    Optional,
    /// Progress: "Question {n} of {total}"; `{n}` and `{total}` are filled in by the page.
    QuestionOf,
    /// Heading of the thank-you page: "Thank you!".
    ThanksTitle,
    /// Text of the thank-you page when the survey gives none: "Your answers have been saved.".
    ThanksBody,
    /// Heading when the survey no longer takes answers: "This survey is closed".
    ClosedTitle,
    /// Text under [`Ui::ClosedTitle`].
    ClosedBody,
    /// Heading for an unknown survey link: "Survey not found".
    NotFoundTitle,
    /// Text under [`Ui::NotFoundTitle`].
    NotFoundBody,
    /// Heading when a form was sent too late or tampered with: "This form has expired".
    InvalidFormTitle,
    /// Text under [`Ui::InvalidFormTitle`].
    InvalidFormBody,
    /// Link back to the start of the survey: "Start again".
    StartAgain,
    /// A required question was left empty: "Please answer this question.".
    AnswerRequired,
    /// An answer was refused: "This answer is not valid.".
    AnswerInvalid,
    /// Hint under a single-choice question: "Choose one".
    ChooseOne,
    /// Hint under a multiple-choice question: "Choose any that apply".
    ChooseAny,
    /// Label of the language switcher: "Language".
    Language,
    /// Heading of the error page: "Something went wrong".
    ErrorTitle,
    /// Text under [`Ui::ErrorTitle`].
    ErrorBody,
    /// Rate limit reached: "Too many attempts — please wait a moment and try again.".
    TooManyRequests,
    /// Accessible name of a score button: "{score} out of {max}".
    ScoreAria,
    /// Button that leaves an optional question empty: "Skip".
    Skip,
}

impl Ui {
    /// Every key, in declaration order.
    pub const ALL: [Ui; 25] = [
        Ui::Next,
        Ui::Back,
        Ui::Submit,
        Ui::Required,
        Ui::Optional,
        Ui::QuestionOf,
        Ui::ThanksTitle,
        Ui::ThanksBody,
        Ui::ClosedTitle,
        Ui::ClosedBody,
        Ui::NotFoundTitle,
        Ui::NotFoundBody,
        Ui::InvalidFormTitle,
        Ui::InvalidFormBody,
        Ui::StartAgain,
        Ui::AnswerRequired,
        Ui::AnswerInvalid,
        Ui::ChooseOne,
        Ui::ChooseAny,
        Ui::Language,
        Ui::ErrorTitle,
        Ui::ErrorBody,
        Ui::TooManyRequests,
        Ui::ScoreAria,
        Ui::Skip,
    ];
}

/// A string of the respondent's page in `lang` (English for languages without built-in wordings).
pub fn ui(lang: &str, key: Ui) -> &'static str {
    let row = match key {
        Ui::Next => ["Next", "Dalej", "הבא", "بعدی"],
        Ui::Back => ["Back", "Wstecz", "הקודם", "قبلی"],
        Ui::Submit => ["Submit", "Wyślij", "שליחה", "ارسال"],
        Ui::Required => ["Required", "Wymagane", "חובה", "الزامی"],
        Ui::Optional => ["Optional", "Opcjonalne", "לא חובה", "اختیاری"],
        Ui::QuestionOf => [
            "Question {n} of {total}",
            "Pytanie {n} z {total}",
            "שאלה {n} מתוך {total}",
            "سؤال {n} از {total}",
        ],
        Ui::ThanksTitle => ["Thank you!", "Dziękujemy!", "תודה רבה!", "متشکریم!"],
        Ui::ThanksBody => [
            "Your answers have been saved.",
            "Twoje odpowiedzi zostały zapisane.",
            "התשובות שלכם נשמרו.",
            "پاسخ\u{200c}های شما ثبت شد.",
        ],
        Ui::ClosedTitle => [
            "This survey is closed",
            "Ta ankieta jest już zamknięta",
            "הסקר הזה נסגר",
            "این نظرسنجی بسته شده است",
        ],
        Ui::ClosedBody => [
            "It no longer accepts answers. Thank you for your interest.",
            "Nie przyjmuje już odpowiedzi. Dziękujemy za zainteresowanie.",
            "הסקר כבר לא מקבל תשובות. תודה על ההתעניינות.",
            "دیگر پاسخی پذیرفته نمی\u{200c}شود. از توجه\u{200c}تان سپاسگزاریم.",
        ],
        Ui::NotFoundTitle => [
            "Survey not found",
            "Nie znaleziono ankiety",
            "הסקר לא נמצא",
            "نظرسنجی پیدا نشد",
        ],
        Ui::NotFoundBody => [
            "Please check the link, or ask whoever sent it for a new one.",
            "Sprawdź link albo poproś jego nadawcę o nowy.",
            "בדקו את הקישור, או בקשו קישור חדש ממי ששלח אותו.",
            "لینک را بررسی کنید یا از فرستندهٔ آن لینک تازه\u{200c}ای بخواهید.",
        ],
        Ui::InvalidFormTitle => [
            "This form has expired",
            "Ten formularz wygasł",
            "תוקף הטופס פג",
            "این فرم منقضی شده است",
        ],
        Ui::InvalidFormBody => [
            "Please start again from the survey link.",
            "Zacznij od nowa, korzystając z linku do ankiety.",
            "נא להתחיל מחדש מהקישור לסקר.",
            "لطفاً دوباره از لینک نظرسنجی شروع کنید.",
        ],
        Ui::StartAgain => [
            "Start again",
            "Zacznij od nowa",
            "התחלה מחדש",
            "شروع دوباره",
        ],
        Ui::AnswerRequired => [
            "Please answer this question.",
            "Odpowiedz na to pytanie.",
            "נא לענות על השאלה הזו.",
            "لطفاً به این سؤال پاسخ دهید.",
        ],
        Ui::AnswerInvalid => [
            "This answer is not valid.",
            "Ta odpowiedź jest nieprawidłowa.",
            "התשובה הזו אינה תקינה.",
            "این پاسخ معتبر نیست.",
        ],
        Ui::ChooseOne => [
            "Choose one",
            "Wybierz jedną odpowiedź",
            "יש לבחור תשובה אחת",
            "یک گزینه انتخاب کنید",
        ],
        Ui::ChooseAny => [
            "Choose any that apply",
            "Możesz zaznaczyć kilka odpowiedzi",
            "אפשר לבחור כמה תשובות",
            "می\u{200c}توانید چند گزینه انتخاب کنید",
        ],
        Ui::Language => ["Language", "Język", "שפה", "زبان"],
        Ui::ErrorTitle => [
            "Something went wrong",
            "Coś poszło nie tak",
            "משהו השתבש",
            "مشکلی پیش آمد",
        ],
        Ui::ErrorBody => [
            "Please try again in a moment.",
            "Spróbuj ponownie za chwilę.",
            "נא לנסות שוב בעוד רגע.",
            "لطفاً چند لحظهٔ دیگر دوباره تلاش کنید.",
        ],
        Ui::TooManyRequests => [
            "Too many attempts — please wait a moment and try again.",
            "Zbyt wiele prób — odczekaj chwilę i spróbuj ponownie.",
            "יותר מדי ניסיונות — נא להמתין רגע ולנסות שוב.",
            "تعداد تلاش\u{200c}ها بیش از حد است؛ لطفاً کمی صبر کنید و دوباره امتحان کنید.",
        ],
        Ui::ScoreAria => [
            "{score} out of {max}",
            "{score} z {max}",
            "{score} מתוך {max}",
            "{score} از {max}",
        ],
        Ui::Skip => ["Skip", "Pomiń", "דילוג", "رد شدن"],
    };
    Lang::of(lang).pick(row)
}

/// Name of a supported language in that language: en "English", pl "Polski", he "עברית",
/// fa "فارسی"; `None` for any other code.
pub fn language_name(lang: &str) -> Option<&'static str> {
    match lang {
        "en" => Some("English"),
        "pl" => Some("Polski"),
        "he" => Some("עברית"),
        "fa" => Some("فارسی"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::SUPPORTED;
    use crate::survey::ChoiceOption;

    /// One question kind of each shape, covering every variant and scale.
    fn kinds() -> Vec<QuestionKind> {
        let options = vec![
            ChoiceOption {
                id: "a".into(),
                label: crate::lang::Translated::single("en", "A"),
            };
            2
        ];
        vec![
            QuestionKind::Nps {
                low_label: None,
                high_label: None,
            },
            QuestionKind::Csat { scale: 5 },
            QuestionKind::Csat { scale: 7 },
            QuestionKind::Ces {
                variant: CesVariant::FiveOption,
            },
            QuestionKind::Ces {
                variant: CesVariant::Agreement7,
            },
            QuestionKind::Rating { scale: 5 },
            QuestionKind::Rating { scale: 10 },
            QuestionKind::SingleChoice {
                options: options.clone(),
            },
            QuestionKind::MultipleChoice {
                options,
                min_choices: None,
                max_choices: None,
            },
            QuestionKind::YesNo,
            QuestionKind::ShortText { max_length: 500 },
            QuestionKind::LongText { max_length: 10_000 },
            QuestionKind::Contact {
                fields: vec![ContactField::Name],
            },
        ]
    }

    /// Every built-in string in one language, with a name for failure messages.
    fn all_strings(lang: &str) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for key in Ui::ALL {
            out.push((format!("{key:?}"), ui(lang, key)));
        }
        for kind in kinds() {
            out.push((kind.tag().to_owned(), default_question_text(&kind, lang)));
            for (score, label) in score_labels(&kind, lang) {
                out.push((format!("{} label {score}", kind.tag()), label));
            }
        }
        let (low, high) = nps_end_labels(lang);
        let (yes, no) = yes_no_labels(lang);
        out.extend([
            ("nps low".to_owned(), low),
            ("nps high".to_owned(), high),
            ("yes".to_owned(), yes),
            ("no".to_owned(), no),
        ]);
        for field in [ContactField::Name, ContactField::Email, ContactField::Phone] {
            out.push((field.as_str().to_owned(), contact_field_label(field, lang)));
        }
        out
    }

    #[test]
    fn every_string_exists_in_every_language() {
        for lang in SUPPORTED {
            for (name, text) in all_strings(lang) {
                assert!(!text.trim().is_empty(), "{lang} {name} is empty");
                assert_eq!(text, text.trim(), "{lang} {name} has outer spaces");
            }
        }
    }

    #[test]
    fn translations_differ_from_english() {
        let english = all_strings("en");
        for lang in ["pl", "he", "fa"] {
            let translated = all_strings(lang);
            assert_eq!(translated.len(), english.len());
            for ((name, text), (_, en)) in translated.iter().zip(&english) {
                assert_ne!(text, en, "{lang} {name} is still English");
            }
        }
    }

    #[test]
    fn right_to_left_languages_use_their_script() {
        let hebrew = |c: char| ('\u{05D0}'..='\u{05EA}').contains(&c);
        let arabic_script = |c: char| ('\u{0620}'..='\u{06FF}').contains(&c);
        for (name, text) in all_strings("he") {
            assert!(text.chars().any(hebrew), "he {name}: {text}");
            assert!(
                !text.chars().any(|c| matches!(
                    c,
                    '\u{0591}'
                        ..='\u{05BD}'
                            | '\u{05BF}'
                            | '\u{05C1}'
                            | '\u{05C2}'
                            | '\u{05C4}'
                            | '\u{05C5}'
                            | '\u{05C7}'
                )),
                "he {name} has niqqud or cantillation: {text}"
            );
        }
        for (name, text) in all_strings("fa") {
            assert!(text.chars().any(arabic_script), "fa {name}: {text}");
        }
        for code in ["he", "fa"] {
            assert!(
                language_name(code)
                    .unwrap()
                    .chars()
                    .any(|c| hebrew(c) || arabic_script(c))
            );
        }
    }

    #[test]
    fn persian_uses_persian_letters() {
        for (name, text) in all_strings("fa") {
            assert!(
                !text.contains('\u{064A}'),
                "fa {name} has an Arabic yeh: {text}"
            );
            assert!(
                !text.contains('\u{0643}'),
                "fa {name} has an Arabic kaf: {text}"
            );
            assert!(
                !text.contains('\u{0649}'),
                "fa {name} has an alef maksura: {text}"
            );
            assert!(
                !text.contains('\u{200B}'),
                "fa {name} has a zero-width space instead of a non-joiner: {text}"
            );
        }
        // Spot checks of the non-joiner where Persian spelling needs it.
        assert!(ui("fa", Ui::ThanksBody).contains("پاسخ\u{200c}های"));
        assert!(ui("fa", Ui::ChooseAny).starts_with("می\u{200c}توانید"));
    }

    #[test]
    fn placeholders_survive_translation() {
        for lang in SUPPORTED {
            let progress = ui(lang, Ui::QuestionOf);
            assert!(
                progress.contains("{n}") && progress.contains("{total}"),
                "{lang}"
            );
            let aria = ui(lang, Ui::ScoreAria);
            assert!(aria.contains("{score}") && aria.contains("{max}"), "{lang}");
            for key in Ui::ALL {
                if !matches!(key, Ui::QuestionOf | Ui::ScoreAria) {
                    assert!(!ui(lang, key).contains('{'), "{lang} {key:?}");
                }
            }
        }
    }

    #[test]
    fn score_labels_cover_each_scale() {
        for lang in SUPPORTED {
            for kind in kinds() {
                let labels = score_labels(&kind, lang);
                match kind {
                    QuestionKind::Nps { .. } | QuestionKind::Rating { .. } => {
                        assert!(labels.is_empty())
                    }
                    _ => match kind.score_range() {
                        Some((lo, hi)) => {
                            let scores: Vec<i64> = labels.iter().map(|(s, _)| *s).collect();
                            assert_eq!(scores, (lo..=hi).collect::<Vec<_>>(), "{lang} {kind:?}");
                        }
                        None => assert!(labels.is_empty()),
                    },
                }
            }
        }
        let csat = score_labels(&QuestionKind::Csat { scale: 7 }, "en");
        assert_eq!(csat[3], (4, "Neutral"));
        let ces = score_labels(
            &QuestionKind::Ces {
                variant: CesVariant::Agreement7,
            },
            "pl",
        );
        assert_eq!(ces.last(), Some(&(7, "Zdecydowanie się zgadzam")));
    }

    #[test]
    fn other_languages_fall_back_to_english() {
        assert_eq!(ui("de", Ui::Next), "Next");
        assert_eq!(ui("pl-PL", Ui::Next), "Dalej");
        assert_eq!(yes_no_labels("xx"), ("Yes", "No"));
        assert_eq!(
            default_question_text(&QuestionKind::YesNo, "fr"),
            default_question_text(&QuestionKind::YesNo, "en")
        );
        assert_eq!(language_name("de"), None);
        assert_eq!(language_name("pl"), Some("Polski"));
    }
}
