//! Problems of a survey in the builder, in the manager's language.
//!
//! Validation (`opencx-domain`) reports each problem of a definition as a code and a location;
//! the builder's own form reading adds a few of its own ([`FormCode`]). Here each becomes a
//! sentence in English, Polish, Hebrew or Persian that names the question by its number and
//! title ("Question 2 “How likely…”: the show rule refers to a question that no longer exists").
//! Every sentence is a `match` on the four languages, so a missing translation does not compile.
//! The API keeps the technical English messages; nothing here reads them, except to show the
//! detail of a [`ProblemCode::Malformed`] document, which only a hand-written document can be.

use opencx_domain::problem::{Location, Part, ProblemCode};
use opencx_domain::wording;

use super::i18n::{Tr, UiLang};

/// A problem the builder's form itself finds before the survey is validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormCode {
    /// A number field holds something else.
    NotANumber,
    /// A "score between" rule without either bound.
    RuleNeedsBound,
    /// An "answer is one of" rule with no answer picked.
    RuleNeedsAnswer,
    /// An "answer is one of" rule with answers of several questions.
    RuleOneQuestion,
    /// A rule without its question.
    RuleNeedsQuestion,
    /// A group of conditions without any condition.
    RuleNeedsCondition,
    /// A condition on the respondent's language with no language picked.
    RuleNeedsLanguage,
}

/// What went wrong, as the builder shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A problem of the definition (from validation or a refused edit).
    Definition(ProblemCode),
    /// A problem of the form.
    Form(FormCode),
    /// Anything else, with its (English) message: shown as it is.
    Other(String),
}

/// One problem to show: what, where, and the technical message (for `Malformed`).
#[derive(Debug, Clone)]
pub struct Problem {
    pub what: What,
    pub location: Option<Location>,
    pub technical: String,
}

/// A question as the manager knows it: its number on the page and its title.
#[derive(Debug, Clone)]
pub struct QuestionName {
    pub number: usize,
    pub title: String,
}

/// Longest question title quoted in a message, in characters.
const TITLE_CHARS: usize = 40;

impl QuestionName {
    /// "Question 2 “How likely are you to recommend…”".
    pub fn say(&self, tr: Tr) -> String {
        let mut title: String = self.title.chars().take(TITLE_CHARS).collect();
        if self.title.chars().count() > TITLE_CHARS {
            title = format!("{}…", title.trim_end());
        }
        let n = tr.number(self.number as i64);
        match tr.0 {
            UiLang::En => format!("Question {n} “{title}”"),
            UiLang::Pl => format!("Pytanie {n} „{title}”"),
            UiLang::He => format!("שאלה {n} ״{title}״"),
            UiLang::Fa => format!("پرسش {n} «{title}»"),
        }
    }
}

/// The subject "the show rule" / "the end rule" of a sentence about a rule.
fn rule_subject(tr: Tr, part: Part) -> &'static str {
    let end = part == Part::EndIf;
    match (tr.0, end) {
        (UiLang::En, false) => "the rule “show this question”",
        (UiLang::En, true) => "the rule “end the survey”",
        (UiLang::Pl, false) => "reguła „pokaż to pytanie”",
        (UiLang::Pl, true) => "reguła „zakończ ankietę”",
        (UiLang::He, false) => "הכלל ״הצגת השאלה״",
        (UiLang::He, true) => "הכלל ״סיום הסקר״",
        (UiLang::Fa, false) => "قاعدهٔ «نمایش این پرسش»",
        (UiLang::Fa, true) => "قاعدهٔ «پایان نظرسنجی»",
    }
}

/// Where a problem is, for the summary at the top of the page: the question, or the survey's
/// setting; `None` when the sentence says it already.
pub fn place(tr: Tr, part: Part, question: Option<&QuestionName>) -> Option<String> {
    if let Some(question) = question {
        return Some(question.say(tr));
    }
    // The same words as the form's labels, so the summary names the field the page shows.
    let label = match part {
        Part::Title => tr.title(),
        Part::Intro => tr.intro_text(),
        Part::Thanks => tr.thanks_text(),
        Part::ClosesAt => tr.closes_at(),
        Part::ResponseQuota => tr.response_quota(),
        Part::Languages | Part::DefaultLanguage => tr.survey_languages(),
        _ => return None,
    };
    Some(label.to_owned())
}

/// Upper-cases the first letter (for a sentence shown on its own); scripts without case are
/// left as they are.
pub fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a problem is a hint about how translations work rather than a mistake.
pub fn is_hint(what: &What) -> bool {
    matches!(
        what,
        What::Definition(ProblemCode::NoDefaultLanguageText { .. })
    )
}

/// What is wrong, in the manager's language, without saying where (the caller puts it next to
/// the field, or after [`place`] in the summary). `name` names another question by its id.
pub fn sentence(tr: Tr, problem: &Problem, name: &dyn Fn(&str) -> Option<QuestionName>) -> String {
    let part = problem.location.as_ref().map_or(Part::Survey, |l| l.part);
    let rule = rule_subject(tr, part);
    // Another question, by number and title when it still exists, else by its id.
    let other = |id: &str| match name(id) {
        Some(q) => q.say(tr),
        None => format!("“{id}”"),
    };
    let lang = tr.0;
    match &problem.what {
        What::Other(message) => message.clone(),
        What::Form(code) => match code {
            FormCode::NotANumber => match lang {
                UiLang::En => "enter a whole number".into(),
                UiLang::Pl => "wpisz liczbę całkowitą".into(),
                UiLang::He => "יש להזין מספר שלם".into(),
                UiLang::Fa => "یک عدد صحیح وارد کنید".into(),
            },
            FormCode::RuleNeedsBound => match lang {
                UiLang::En => format!("{rule}: give the lowest or the highest score, or both"),
                UiLang::Pl => format!("{rule}: podaj najniższy lub najwyższy wynik albo oba"),
                UiLang::He => {
                    format!("{rule}: יש לציין את הציון הנמוך או הגבוה ביותר, או את שניהם")
                }
                UiLang::Fa => format!("{rule}: کمترین یا بیشترین امتیاز یا هر دو را بنویسید"),
            },
            FormCode::RuleNeedsAnswer => match lang {
                UiLang::En => format!("{rule}: pick at least one answer"),
                UiLang::Pl => format!("{rule}: zaznacz co najmniej jedną odpowiedź"),
                UiLang::He => format!("{rule}: יש לבחור לפחות תשובה אחת"),
                UiLang::Fa => format!("{rule}: دست‌کم یک پاسخ را برگزینید"),
            },
            FormCode::RuleOneQuestion => match lang {
                UiLang::En => format!("{rule}: pick answers of one question only"),
                UiLang::Pl => format!("{rule}: zaznacz odpowiedzi tylko jednego pytania"),
                UiLang::He => format!("{rule}: יש לבחור תשובות של שאלה אחת בלבד"),
                UiLang::Fa => format!("{rule}: فقط پاسخ‌های یک پرسش را برگزینید"),
            },
            FormCode::RuleNeedsQuestion => match lang {
                UiLang::En => format!("{rule}: choose the question it reads"),
                UiLang::Pl => format!("{rule}: wybierz pytanie, którego dotyczy"),
                UiLang::He => format!("{rule}: יש לבחור את השאלה שהכלל בודק"),
                UiLang::Fa => format!("{rule}: پرسشی را که قاعده می‌خواند برگزینید"),
            },
            FormCode::RuleNeedsCondition => match lang {
                UiLang::En => format!("{rule}: add at least one condition, or choose another rule"),
                UiLang::Pl => {
                    format!("{rule}: dodaj co najmniej jeden warunek albo wybierz inną regułę")
                }
                UiLang::He => format!("{rule}: יש להוסיף לפחות תנאי אחד או לבחור כלל אחר"),
                UiLang::Fa => format!("{rule}: دست‌کم یک شرط بیفزایید یا قاعدهٔ دیگری برگزینید"),
            },
            FormCode::RuleNeedsLanguage => match lang {
                UiLang::En => format!("{rule}: pick at least one language"),
                UiLang::Pl => format!("{rule}: zaznacz co najmniej jeden język"),
                UiLang::He => format!("{rule}: יש לבחור לפחות שפה אחת"),
                UiLang::Fa => format!("{rule}: دست‌کم یک زبان را برگزینید"),
            },
        },
        What::Definition(code) => definition_sentence(tr, code, part, rule, &other, problem),
    }
}

fn definition_sentence(
    tr: Tr,
    code: &ProblemCode,
    part: Part,
    rule: &str,
    other: &dyn Fn(&str) -> String,
    problem: &Problem,
) -> String {
    let lang = tr.0;
    let language_name = |code: &str| wording::language_name(code).unwrap_or(code).to_owned();
    match code {
        ProblemCode::UnknownQuestion { .. } => match lang {
            UiLang::En => format!("{rule} refers to a question that no longer exists"),
            UiLang::Pl => format!("{rule} odwołuje się do pytania, którego już nie ma"),
            UiLang::He => format!("{rule} מפנה לשאלה שכבר לא קיימת"),
            UiLang::Fa => format!("{rule} به پرسشی اشاره دارد که دیگر وجود ندارد"),
        },
        ProblemCode::LaterQuestion { question } => {
            let q = other(question);
            match lang {
                UiLang::En => format!(
                    "{rule} reads {q}, which does not come before this question; move one of them or choose another question"
                ),
                UiLang::Pl => format!(
                    "{rule} odczytuje {q}, które nie występuje przed tym pytaniem; przesuń jedno z nich lub wybierz inne pytanie"
                ),
                UiLang::He => format!(
                    "{rule} בודק את {q}, שאינה מופיעה לפני השאלה הזו; יש להזיז אחת מהן או לבחור שאלה אחרת"
                ),
                UiLang::Fa => format!(
                    "{rule} {q} را می‌خواند که پیش از این پرسش نمی‌آید؛ یکی را جابه‌جا کنید یا پرسش دیگری برگزینید"
                ),
            }
        }
        ProblemCode::ScoreOutsideScale {
            question,
            value,
            low,
            high,
        } => {
            let q = other(question);
            match lang {
                UiLang::En => {
                    format!("{rule}: {value} is outside the scale of {q} ({low}–{high})")
                }
                UiLang::Pl => format!("{rule}: {value} wykracza poza skalę {q} ({low}–{high})"),
                UiLang::He => format!("{rule}: {value} מחוץ לסולם של {q} ({low}–{high})"),
                UiLang::Fa => format!("{rule}: {value} بیرون از مقیاس {q} است ({low}–{high})"),
            }
        }
        ProblemCode::NoScore { question } => {
            let q = other(question);
            match lang {
                UiLang::En => format!(
                    "{rule} compares a score, but {q} has no score; choose “when the answer is one of” or “was answered”"
                ),
                UiLang::Pl => format!(
                    "{rule} porównuje wynik, ale {q} nie ma wyniku; wybierz „gdy odpowiedź to jedna z” lub „odpowiedziano”"
                ),
                UiLang::He => format!(
                    "{rule} משווה ציון, אבל ל{q} אין ציון; יש לבחור ״כאשר התשובה היא אחת מ״ או ״נענתה״"
                ),
                UiLang::Fa => format!(
                    "{rule} امتیاز را می‌سنجد، ولی {q} امتیاز ندارد؛ «وقتی پاسخ یکی از این‌هاست» یا «پاسخ داده شد» را برگزینید"
                ),
            }
        }
        ProblemCode::UnknownOption { question, .. } => {
            let q = other(question);
            match lang {
                UiLang::En => format!("{rule} picks an answer that {q} no longer offers"),
                UiLang::Pl => format!("{rule} wskazuje odpowiedź, której {q} już nie oferuje"),
                UiLang::He => format!("{rule} בוחר תשובה ש{q} כבר לא מציעה"),
                UiLang::Fa => format!("{rule} پاسخی را برمی‌گزیند که {q} دیگر ندارد"),
            }
        }
        ProblemCode::NoOptions { question } => {
            let q = other(question);
            match lang {
                UiLang::En => format!(
                    "{rule} picks answers, but {q} has none to pick; choose “when the score of” or “was answered”"
                ),
                UiLang::Pl => format!(
                    "{rule} wskazuje odpowiedzi, ale {q} nie ma odpowiedzi do wyboru; wybierz „gdy wynik pytania” lub „odpowiedziano”"
                ),
                UiLang::He => format!(
                    "{rule} בוחר תשובות, אבל ל{q} אין תשובות לבחירה; יש לבחור ״כאשר הציון של״ או ״נענתה״"
                ),
                UiLang::Fa => format!(
                    "{rule} پاسخ‌هایی را برمی‌گزیند، ولی {q} پاسخی برای گزینش ندارد؛ «وقتی امتیاز» یا «پاسخ داده شد» را برگزینید"
                ),
            }
        }
        ProblemCode::RangeReversed { min, max } => match lang {
            UiLang::En => format!("{rule}: the lowest score ({min}) is above the highest ({max})"),
            UiLang::Pl => {
                format!("{rule}: najniższy wynik ({min}) jest wyższy niż najwyższy ({max})")
            }
            UiLang::He => format!("{rule}: הציון הנמוך ({min}) גבוה מהציון הגבוה ({max})"),
            UiLang::Fa => format!("{rule}: کمترین امتیاز ({min}) از بیشترین ({max}) بالاتر است"),
        },
        ProblemCode::MeasureChanged { version } => match lang {
            UiLang::En => format!(
                "its kind or scale cannot change: answers of version {version} are counted with it. Add a new question instead"
            ),
            UiLang::Pl => format!(
                "nie można zmienić rodzaju ani skali: liczą się z nim odpowiedzi z wersji {version}. Dodaj zamiast tego nowe pytanie"
            ),
            UiLang::He => format!(
                "אי אפשר לשנות את הסוג או את הסולם: תשובות מגרסה {version} נספרות איתם. יש להוסיף שאלה חדשה במקום"
            ),
            UiLang::Fa => format!(
                "نوع یا مقیاس آن را نمی‌توان تغییر داد: پاسخ‌های نسخهٔ {version} با آن شمرده می‌شوند. به جای آن پرسش تازه‌ای بیفزایید"
            ),
        },
        ProblemCode::ReferencedBy { question } => {
            let q = other(question);
            match lang {
                UiLang::En => {
                    format!("cannot be removed while the rules of {q} read it; change those first")
                }
                UiLang::Pl => {
                    format!("nie można usunąć, dopóki reguły {q} go odczytują; najpierw je zmień")
                }
                UiLang::He => {
                    format!("אי אפשר להסיר כל עוד הכללים של {q} בודקים אותה; יש לשנות אותם קודם")
                }
                UiLang::Fa => format!(
                    "تا وقتی قاعده‌های {q} آن را می‌خوانند نمی‌توان حذفش کرد؛ نخست آن‌ها را تغییر دهید"
                ),
            }
        }
        ProblemCode::NoDefaultLanguageText { default_language } => {
            let name = language_name(default_language);
            match lang {
                UiLang::En => format!(
                    "fill in the survey's default language ({name}) too: the other languages fall back to it"
                ),
                UiLang::Pl => format!(
                    "uzupełnij też domyślny język ankiety ({name}): pozostałe języki z niego korzystają, gdy czegoś brakuje"
                ),
                UiLang::He => format!(
                    "יש למלא גם את שפת ברירת המחדל של הסקר ({name}): השפות האחרות נשענות עליה"
                ),
                UiLang::Fa => format!(
                    "زبان پیش‌فرض نظرسنجی ({name}) را هم پر کنید: زبان‌های دیگر به آن تکیه می‌کنند"
                ),
            }
        }
        ProblemCode::EmptyText => match lang {
            UiLang::En => "the text is empty".into(),
            UiLang::Pl => "tekst jest pusty".into(),
            UiLang::He => "הטקסט ריק".into(),
            UiLang::Fa => "متن خالی است".into(),
        },
        ProblemCode::ControlCharacters => match lang {
            UiLang::En => "the text contains invisible control characters; type it again".into(),
            UiLang::Pl => "tekst zawiera niewidoczne znaki sterujące; wpisz go ponownie".into(),
            UiLang::He => "הטקסט מכיל תווי בקרה בלתי נראים; יש להקליד אותו מחדש".into(),
            UiLang::Fa => "متن نویسه‌های کنترلی نامرئی دارد؛ آن را دوباره بنویسید".into(),
        },
        ProblemCode::TextTooLong { max } => match lang {
            UiLang::En => format!("the text is longer than {max} characters"),
            UiLang::Pl => format!("tekst jest dłuższy niż {max} znaków"),
            UiLang::He => format!("הטקסט ארוך מ-{max} תווים"),
            UiLang::Fa => format!("متن از {max} نویسه بلندتر است"),
        },
        // A condition on a language the survey no longer offers (after a change of languages).
        ProblemCode::LanguageNotOffered { language }
            if matches!(part, Part::ShowIf | Part::EndIf) =>
        {
            let name = language_name(language);
            match lang {
                UiLang::En => {
                    format!("{rule} reads the language {name}, which the survey does not offer")
                }
                UiLang::Pl => format!("{rule} sprawdza język {name}, którego ankieta nie oferuje"),
                UiLang::He => format!("{rule} בודק את השפה {name}, שהסקר לא מציע"),
                UiLang::Fa => format!("{rule} زبان {name} را می‌خواند که نظرسنجی ارائه نمی‌کند"),
            }
        }
        ProblemCode::LanguageNotOffered { language } => {
            let name = language_name(language);
            match lang {
                UiLang::En => format!("it has a text in {name}, which the survey does not offer"),
                UiLang::Pl => format!("ma tekst w języku {name}, którego ankieta nie oferuje"),
                UiLang::He => format!("יש בו טקסט ב{name}, שפה שהסקר לא מציע"),
                UiLang::Fa => format!("متنی به {name} دارد که نظرسنجی آن را ارائه نمی‌کند"),
            }
        }
        ProblemCode::Missing if part == Part::Title => match lang {
            UiLang::En => "give the survey a title".into(),
            UiLang::Pl => "nadaj ankiecie tytuł".into(),
            UiLang::He => "יש לתת לסקר כותרת".into(),
            UiLang::Fa => "برای نظرسنجی عنوانی بنویسید".into(),
        },
        ProblemCode::Missing => match lang {
            UiLang::En => "something required is missing".into(),
            UiLang::Pl => "brakuje czegoś wymaganego".into(),
            UiLang::He => "חסר פרט נדרש".into(),
            UiLang::Fa => "چیزی لازم کم است".into(),
        },
        ProblemCode::InvalidId | ProblemCode::ReservedId => match lang {
            UiLang::En => "its identifier cannot be used; use a-z, 0-9, _ or -".into(),
            UiLang::Pl => "tego identyfikatora nie można użyć; użyj a-z, 0-9, _ lub -".into(),
            UiLang::He => "אי אפשר להשתמש במזהה הזה; יש להשתמש ב-a-z, 0-9, _ או -".into(),
            UiLang::Fa => "این شناسه پذیرفته نیست؛ از a-z، 0-9، _ یا - استفاده کنید".into(),
        },
        ProblemCode::DuplicateId => match lang {
            UiLang::En => "its identifier is used twice".into(),
            UiLang::Pl => "jego identyfikator występuje dwa razy".into(),
            UiLang::He => "המזהה שלו מופיע פעמיים".into(),
            UiLang::Fa => "شناسهٔ آن دو بار به کار رفته است".into(),
        },
        ProblemCode::OptionCount { max, .. } => match lang {
            UiLang::En => format!("give from 2 to {max} answers to choose from"),
            UiLang::Pl => format!("podaj od 2 do {max} odpowiedzi do wyboru"),
            UiLang::He => format!("יש לתת בין 2 ל-{max} תשובות לבחירה"),
            UiLang::Fa => format!("از ۲ تا {max} پاسخ برای گزینش بنویسید"),
        },
        ProblemCode::ChoiceLimit { options } => match lang {
            UiLang::En => {
                format!("the fewest and the most answers must be between 1 and {options}")
            }
            UiLang::Pl => format!("najmniej i najwięcej odpowiedzi: od 1 do {options}"),
            UiLang::He => format!("המספר המזערי והמרבי של תשובות צריך להיות בין 1 ל-{options}"),
            UiLang::Fa => format!("کمترین و بیشترین شمار پاسخ‌ها باید میان ۱ و {options} باشد"),
        },
        ProblemCode::ChoiceLimitsReversed => match lang {
            UiLang::En => "the fewest answers is more than the most".into(),
            UiLang::Pl => "najmniejsza liczba odpowiedzi jest większa niż największa".into(),
            UiLang::He => "המספר המזערי של תשובות גדול מהמרבי".into(),
            UiLang::Fa => "کمترین شمار پاسخ‌ها از بیشترین بزرگ‌تر است".into(),
        },
        ProblemCode::NoContactField => match lang {
            UiLang::En => "ask for at least one of name, email and phone".into(),
            UiLang::Pl => "poproś o co najmniej jedno: imię, e-mail lub telefon".into(),
            UiLang::He => "יש לבקש לפחות אחד מהבאים: שם, דוא״ל, טלפון".into(),
            UiLang::Fa => "دست‌کم یکی از نام، ایمیل یا تلفن را بخواهید".into(),
        },
        ProblemCode::NoQuestions => match lang {
            UiLang::En => "the survey needs at least one question".into(),
            UiLang::Pl => "ankieta potrzebuje co najmniej jednego pytania".into(),
            UiLang::He => "הסקר צריך לפחות שאלה אחת".into(),
            UiLang::Fa => "نظرسنجی دست‌کم یک پرسش لازم دارد".into(),
        },
        ProblemCode::TooManyQuestions { max } => match lang {
            UiLang::En => format!("a survey has at most {max} questions"),
            UiLang::Pl => format!("ankieta może mieć najwyżej {max} pytań"),
            UiLang::He => format!("בסקר יכולות להיות לכל היותר {max} שאלות"),
            UiLang::Fa => format!("هر نظرسنجی حداکثر {max} پرسش دارد"),
        },
        ProblemCode::InvalidTime => match lang {
            UiLang::En => "enter a date and a time".into(),
            UiLang::Pl => "podaj datę i godzinę".into(),
            UiLang::He => "יש להזין תאריך ושעה".into(),
            UiLang::Fa => "تاریخ و ساعت را وارد کنید".into(),
        },
        ProblemCode::ClosesAtPast => match lang {
            UiLang::En => "this time has passed, so the survey would close at once: choose a later time, or close the survey".into(),
            UiLang::Pl => "ten czas już minął, więc ankieta zamknęłaby się od razu: wybierz późniejszy czas albo zamknij ankietę".into(),
            UiLang::He => "המועד הזה כבר עבר, ולכן הסקר ייסגר מיד: יש לבחור מועד מאוחר יותר, או לסגור את הסקר".into(),
            UiLang::Fa => "این زمان گذشته است و نظرسنجی بی‌درنگ بسته می‌شود: زمانی دیرتر برگزینید یا نظرسنجی را ببندید".into(),
        },
        ProblemCode::InvalidQuota => match lang {
            UiLang::En => "enter a whole number of at least 1".into(),
            UiLang::Pl => "wpisz liczbę całkowitą nie mniejszą niż 1".into(),
            UiLang::He => "יש להזין מספר שלם, 1 לפחות".into(),
            UiLang::Fa => "عددی صحیح و دست‌کم ۱ وارد کنید".into(),
        },
        // Only a hand-written document gets here: its technical detail is all there is to say.
        ProblemCode::Malformed => {
            let lead = match lang {
                UiLang::En => "this part of the survey document is not in the expected form",
                UiLang::Pl => "ta część dokumentu ankiety ma nieoczekiwaną postać",
                UiLang::He => "החלק הזה במסמך הסקר אינו בצורה הצפויה",
                UiLang::Fa => "این بخش از سند نظرسنجی به شکل مورد انتظار نیست",
            };
            format!("{lead} ({})", problem.technical)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str) -> Option<QuestionName> {
        (id == "nps").then(|| QuestionName {
            number: 1,
            title: "How likely are you to recommend us to a friend or colleague?".into(),
        })
    }

    #[test]
    fn every_language_names_the_question_and_the_rule() {
        let problem = Problem {
            what: What::Definition(ProblemCode::UnknownQuestion {
                question: "q9".into(),
            }),
            location: Some(Location::question(1, Some("why"), Part::ShowIf)),
            technical: "questions[1].show_if: refers to unknown question \"q9\"".into(),
        };
        let question = QuestionName {
            number: 2,
            title: "How likely are you to recommend us to a friend or colleague?".into(),
        };
        let en = Tr(UiLang::En);
        assert_eq!(
            format!(
                "{}: {}",
                place(en, Part::ShowIf, Some(&question)).unwrap(),
                sentence(en, &problem, &named)
            ),
            "Question 2 “How likely are you to recommend us to a…”: the rule “show this \
             question” refers to a question that no longer exists"
        );
        for lang in UiLang::ALL {
            let text = sentence(Tr(lang), &problem, &named);
            assert!(!text.contains("q9") && !text.contains("show_if"), "{text}");
        }
        // Another question is named by its number and title, in the language's digits.
        let later = Problem {
            what: What::Definition(ProblemCode::LaterQuestion {
                question: "nps".into(),
            }),
            ..problem.clone()
        };
        assert!(sentence(Tr(UiLang::Fa), &later, &named).contains("پرسش ۱ «How likely"));
        assert_eq!(sentence_case("the text"), "The text");
        assert!(is_hint(&What::Definition(
            ProblemCode::NoDefaultLanguageText {
                default_language: "pl".into()
            }
        )));
    }
}
