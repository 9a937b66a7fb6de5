//! The web app's words in English, Polish, Hebrew and Persian.
//!
//! Every text is a method of [`Tr`], defined with its four translations side by side, so a
//! missing translation or a misspelt key is a compile error (templates call `tr.sign_in()`).
//! Texts with numbers or names are ordinary methods below the table.

use opencx_domain::access::Role;

/// One of the web app's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    En,
    Pl,
    He,
    Fa,
}

impl UiLang {
    /// Every language, in the order the language menu shows them.
    pub const ALL: [UiLang; 4] = [UiLang::En, UiLang::Pl, UiLang::He, UiLang::Fa];

    /// From a stored code; anything unknown is English.
    pub fn from_code(code: &str) -> UiLang {
        match code {
            "pl" => UiLang::Pl,
            "he" => UiLang::He,
            "fa" => UiLang::Fa,
            _ => UiLang::En,
        }
    }

    /// The ISO code (`lang` attribute).
    pub fn code(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Pl => "pl",
            UiLang::He => "he",
            UiLang::Fa => "fa",
        }
    }

    /// The `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            UiLang::He | UiLang::Fa => "rtl",
            UiLang::En | UiLang::Pl => "ltr",
        }
    }

    /// The language's own name.
    pub fn native_name(self) -> &'static str {
        match self {
            UiLang::En => "English",
            UiLang::Pl => "Polski",
            UiLang::He => "עברית",
            UiLang::Fa => "فارسی",
        }
    }
}

/// The translator handed to every template.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub UiLang);

macro_rules! texts {
    ($($key:ident: $en:literal, $pl:literal, $he:literal, $fa:literal;)*) => {
        impl Tr {
            $(
                #[allow(missing_docs)]
                pub fn $key(&self) -> &'static str {
                    match self.0 {
                        UiLang::En => $en,
                        UiLang::Pl => $pl,
                        UiLang::He => $he,
                        UiLang::Fa => $fa,
                    }
                }
            )*
        }
    };
}
pub(crate) use texts;

texts! {
    skip_to_content: "Skip to content", "Przejdź do treści", "דילוג לתוכן", "رفتن به محتوا";
    main_nav: "Main", "Nawigacja główna", "ניווט ראשי", "ناوبری اصلی";
    setup_title: "Create the owner account", "Utwórz konto właściciela", "יצירת חשבון הבעלים", "ایجاد حساب مالک";
    setup_intro: "This server has no accounts yet. Enter the setup code printed in the server's console, then choose your sign-in details. You will own the workspace and can invite colleagues afterwards.",
        "Ten serwer nie ma jeszcze kont. Wpisz kod konfiguracji wyświetlony w konsoli serwera i wybierz dane logowania. Zostaniesz właścicielem przestrzeni roboczej i potem zaprosisz współpracowników.",
        "לשרת הזה אין עדיין חשבונות. הזינו את קוד ההגדרה שהודפס במסוף השרת ובחרו את פרטי הכניסה. תהיו הבעלים של סביבת העבודה ותוכלו להזמין עמיתים אחר כך.",
        "این سرور هنوز حسابی ندارد. کد راه‌اندازی چاپ‌شده در کنسول سرور را وارد کنید و مشخصات ورود خود را برگزینید. شما مالک فضای کاری می‌شوید و سپس می‌توانید همکاران را دعوت کنید.";
    setup_code: "Setup code", "Kod konfiguracji", "קוד הגדרה", "کد راه‌اندازی";
    setup_code_hint: "Shown once in the console when the server starts, e.g. ABCD-EFGH-JKLM.", "Wyświetlany w konsoli przy starcie serwera, np. ABCD-EFGH-JKLM.", "מוצג במסוף בעת הפעלת השרת, למשל ABCD-EFGH-JKLM.", "هنگام راه‌اندازی سرور در کنسول نمایش داده می‌شود، مثلاً ABCD-EFGH-JKLM.";
    setup_code_wrong: "The setup code is wrong or was used already. Restart the server to get a new one.", "Kod konfiguracji jest błędny lub został już użyty. Uruchom serwer ponownie, aby dostać nowy.", "קוד ההגדרה שגוי או שכבר נעשה בו שימוש. הפעילו מחדש את השרת כדי לקבל קוד חדש.", "کد راه‌اندازی نادرست است یا پیش‌تر استفاده شده است. برای دریافت کد تازه، سرور را دوباره راه‌اندازی کنید.";
    your_name: "Your name", "Imię i nazwisko", "השם שלך", "نام شما";
    email: "Email", "E-mail", "דוא״ל", "ایمیل";
    email_wrong: "Enter an email address such as name@example.com.", "Wpisz adres e-mail, np. imie@example.com.", "הזינו כתובת דוא״ל, למשל name@example.com.", "یک نشانی ایمیل وارد کنید، مانند name@example.com.";
    name_wrong: "Enter a name of 1 to 100 characters.", "Wpisz imię i nazwisko (od 1 do 100 znaków).", "הזינו שם באורך 1 עד 100 תווים.", "نامی با ۱ تا ۱۰۰ نویسه وارد کنید.";
    password: "Password", "Hasło", "סיסמה", "گذرواژه";
    password_hint: "At least 10 characters; a phrase of several words is easy to remember.", "Co najmniej 10 znaków; kilka słów łatwo zapamiętać.", "לפחות 10 תווים; משפט של כמה מילים קל לזכור.", "دست‌کم ۱۰ نویسه؛ عبارتی چندکلمه‌ای را آسان‌تر به خاطر می‌سپارید.";
    password_wrong: "Use at least 10 characters that are not easy to guess (not your email, not one repeated character).", "Użyj co najmniej 10 znaków trudnych do odgadnięcia (nie e-maila, nie jednego powtarzanego znaku).", "השתמשו בלפחות 10 תווים שקשה לנחש (לא הדוא״ל שלכם ולא תו אחד שחוזר).", "دست‌کم ۱۰ نویسهٔ دشوار برای حدس زدن به کار ببرید (نه ایمیل خود و نه یک نویسهٔ تکراری).";
    language: "Language", "Język", "שפה", "زبان";
    create_account: "Create account", "Utwórz konto", "יצירת חשבון", "ایجاد حساب";
    sign_in: "Sign in", "Zaloguj się", "כניסה", "ورود";
    sign_in_title: "Sign in to OpenCX", "Zaloguj się do OpenCX", "כניסה ל-OpenCX", "ورود به OpenCX";
    sign_out: "Sign out", "Wyloguj się", "יציאה", "خروج";
    sign_in_failed: "The email or the password is not right.", "Nieprawidłowy e-mail lub hasło.", "הדוא״ל או הסיסמה שגויים.", "ایمیل یا گذرواژه درست نیست.";
    too_many_attempts: "Too many attempts. Wait a few minutes, then try again.", "Zbyt wiele prób. Odczekaj kilka minut i spróbuj ponownie.", "יותר מדי ניסיונות. המתינו כמה דקות ונסו שוב.", "تلاش‌ها بیش از حد بود. چند دقیقه صبر کنید و دوباره امتحان کنید.";
    form_expired: "This form expired or was sent from another site. Reload the page and try again.", "Formularz wygasł lub został wysłany z innej strony. Odśwież stronę i spróbuj ponownie.", "הטופס פג תוקף או נשלח מאתר אחר. טענו את הדף מחדש ונסו שוב.", "این فرم منقضی شده یا از سایت دیگری فرستاده شده است. صفحه را دوباره بارگذاری کنید و دوباره امتحان کنید.";
    surveys: "Surveys", "Ankiety", "סקרים", "نظرسنجی‌ها";
    members: "Members", "Członkowie", "חברים", "اعضا";
    account: "Account", "Konto", "חשבון", "حساب کاربری";
    workspace: "Workspace", "Przestrzeń robocza", "סביבת עבודה", "فضای کاری";
    switch: "Switch", "Przełącz", "מעבר", "تغییر";
    status: "Status", "Status", "מצב", "وضعیت";
    status_draft: "Draft", "Szkic", "טיוטה", "پیش‌نویس";
    status_live: "Live", "Aktywna", "פעיל", "فعال";
    status_closed: "Closed", "Zamknięta", "סגור", "بسته";
    title: "Title", "Tytuł", "כותרת", "عنوان";
    responses: "Responses", "Odpowiedzi", "תגובות", "پاسخ‌ها";
    updated: "Updated", "Zaktualizowano", "עודכן", "به‌روزرسانی";
    no_surveys: "No surveys yet.", "Nie ma jeszcze ankiet.", "אין עדיין סקרים.", "هنوز نظرسنجی‌ای نیست.";
    role: "Role", "Rola", "תפקיד", "نقش";
    joined: "Joined", "Dołączył(a)", "הצטרף/ה", "تاریخ پیوستن";
    you: "you", "Ty", "את/ה", "شما";
    invite: "Invite", "Zaproś", "הזמנה", "دعوت";
    invite_title: "Invite a colleague", "Zaproś współpracownika", "הזמנת עמית", "دعوت از همکار";
    invitation_link_intro: "Send this link to the person you invited. It works once, for 7 days:", "Wyślij ten link zaproszonej osobie. Działa raz, przez 7 dni:", "שלחו את הקישור הזה לאדם שהזמנתם. הוא פועל פעם אחת, במשך 7 ימים:", "این پیوند را برای فرد دعوت‌شده بفرستید. یک بار و به مدت ۷ روز کار می‌کند:";
    pending_invitations: "Pending invitations", "Oczekujące zaproszenia", "הזמנות ממתינות", "دعوت‌های در انتظار";
    expires: "Expires", "Wygasa", "פג תוקף", "انقضا";
    withdraw: "Withdraw", "Wycofaj", "ביטול", "لغو";
    change_role: "Change role", "Zmień rolę", "שינוי תפקיד", "تغییر نقش";
    remove: "Remove", "Usuń", "הסרה", "حذف";
    actions: "Actions", "Działania", "פעולות", "کارها";
    save: "Save", "Zapisz", "שמירה", "ذخیره";
    saved: "Saved.", "Zapisano.", "נשמר.", "ذخیره شد.";
    current_password: "Current password", "Obecne hasło", "הסיסמה הנוכחית", "گذرواژهٔ کنونی";
    current_password_wrong: "The current password is not right.", "Obecne hasło jest nieprawidłowe.", "הסיסמה הנוכחית שגויה.", "گذرواژهٔ کنونی درست نیست.";
    new_password: "New password", "Nowe hasło", "סיסמה חדשה", "گذرواژهٔ تازه";
    change_password: "Change password", "Zmień hasło", "שינוי סיסמה", "تغییر گذرواژه";
    password_changed: "Password changed. Your other sessions were signed out.", "Hasło zmienione. Pozostałe sesje zostały wylogowane.", "הסיסמה שונתה. שאר החיבורים שלך נותקו.", "گذرواژه تغییر کرد. نشست‌های دیگر شما بسته شدند.";
    interface_language: "Language of the app", "Język aplikacji", "שפת היישום", "زبان برنامه";
    join: "Join", "Dołącz", "הצטרפות", "پیوستن";
    join_as_signed_in: "You are signed in; joining adds this workspace to your account.", "Jesteś zalogowany(-a); dołączenie doda tę przestrzeń do Twojego konta.", "את/ה מחובר/ת; ההצטרפות תוסיף את סביבת העבודה לחשבון שלך.", "وارد شده‌اید؛ پیوستن این فضای کاری را به حساب شما می‌افزاید.";
    last_owner: "A workspace must keep at least one owner.", "Przestrzeń robocza musi mieć co najmniej jednego właściciela.", "לסביבת עבודה חייב להיות לפחות בעלים אחד.", "هر فضای کاری باید دست‌کم یک مالک داشته باشد.";
    forbidden_title: "Not allowed", "Brak uprawnień", "אין הרשאה", "مجاز نیست";
    forbidden_body: "Your role in this workspace does not allow this. Ask an owner or an admin.", "Twoja rola w tej przestrzeni na to nie pozwala. Poproś właściciela lub administratora.", "התפקיד שלך בסביבת העבודה הזו אינו מאפשר זאת. פנו לבעלים או למנהל.", "نقش شما در این فضای کاری اجازهٔ این کار را نمی‌دهد. از مالک یا مدیر بخواهید.";
    not_found_title: "Not found", "Nie znaleziono", "לא נמצא", "پیدا نشد";
    not_found_body: "There is nothing here, or you have no access to it.", "Nic tu nie ma albo nie masz do tego dostępu.", "אין כאן כלום, או שאין לך גישה לכך.", "اینجا چیزی نیست یا به آن دسترسی ندارید.";
    invitation_gone: "This invitation was used already or has expired. Ask for a new one.", "To zaproszenie zostało już użyte lub wygasło. Poproś o nowe.", "ההזמנה הזו כבר נוצלה או שפג תוקפה. בקשו הזמנה חדשה.", "این دعوت پیش‌تر استفاده شده یا منقضی شده است. دعوت تازه‌ای بخواهید.";
    email_taken: "An account with this email exists: sign in first, then open the link again.", "Konto z tym adresem istnieje: zaloguj się, a potem otwórz link ponownie.", "קיים חשבון עם הדוא״ל הזה: היכנסו קודם ואז פתחו שוב את הקישור.", "حسابی با این ایمیل وجود دارد: نخست وارد شوید، سپس پیوند را دوباره باز کنید.";
    error_title: "Something went wrong", "Coś poszło nie tak", "משהו השתבש", "مشکلی پیش آمد";
    error_body: "Try again in a moment. If it keeps happening, the server's log says why.", "Spróbuj ponownie za chwilę. Jeśli to się powtarza, przyczynę podaje dziennik serwera.", "נסו שוב בעוד רגע. אם זה חוזר, יומן השרת מסביר למה.", "لحظه‌ای دیگر دوباره امتحان کنید. اگر تکرار شد، گزارش سرور علت را می‌گوید.";
    dashboard: "Dashboard", "Pulpit", "לוח מחוונים", "داشبورد";
    too_few: "Too few answers to show (fewer than 5)", "Za mało odpowiedzi, by pokazać (mniej niż 5)", "מעט מדי תשובות להצגה (פחות מ-5)", "پاسخ‌ها برای نمایش کم است (کمتر از ۵)";
    no_answers: "No answers in this period", "Brak odpowiedzi w tym okresie", "אין תשובות בתקופה הזו", "در این بازه پاسخی نیست";
    distribution: "Distribution", "Rozkład", "התפלגות", "توزیع";
    trend: "Trend", "Trend", "מגמה", "روند";
    by_channel: "By channel", "Według kanału", "לפי ערוץ", "بر پایهٔ کانال";
    by_language: "By language", "Według języka", "לפי שפה", "بر پایهٔ زبان";
    segment: "Segment", "Segment", "פלח", "بخش";
    score: "Score", "Wynik", "ציון", "امتیاز";
    answers: "Answers", "Odpowiedzi", "תשובות", "پاسخ‌ها";
    started: "Started", "Rozpoczęte", "התחילו", "آغازشده";
    completed: "Completed", "Ukończone", "הושלמו", "تکمیل‌شده";
    completion_rate: "Completion rate", "Odsetek ukończeń", "שיעור השלמה", "نرخ تکمیل";
    newest_answers: "Newest open answers", "Najnowsze odpowiedzi otwarte", "התשובות הפתוחות האחרונות", "تازه‌ترین پاسخ‌های باز";
    no_open_answers: "No open answers yet.", "Nie ma jeszcze odpowiedzi otwartych.", "אין עדיין תשובות פתוחות.", "هنوز پاسخ بازی نیست.";
    nothing_yet: "No responses in this period yet. Share the survey's link to start collecting.", "Brak odpowiedzi w tym okresie. Udostępnij link do ankiety, aby zacząć zbierać.", "אין עדיין תגובות בתקופה הזו. שתפו את הקישור לסקר כדי להתחיל לאסוף.", "هنوز در این بازه پاسخی نیست. برای آغاز گردآوری، پیوند نظرسنجی را به اشتراک بگذارید.";
    filters: "Filters", "Filtry", "מסננים", "پالایه‌ها";
    from: "From", "Od", "מתאריך", "از";
    to: "To", "Do", "עד תאריך", "تا";
    channel: "Channel", "Kanał", "ערוץ", "کانال";
    all: "All", "Wszystkie", "הכול", "همه";
    group_by: "Trend by", "Trend według", "מגמה לפי", "روند بر پایهٔ";
    by_day: "Day", "Dzień", "יום", "روز";
    by_week: "Week", "Tydzień", "שבוע", "هفته";
    by_month: "Month", "Miesiąc", "חודש", "ماه";
    apply: "Apply", "Zastosuj", "החלה", "اعمال";
    first_parameters: "The first three", "Pierwsze trzy", "שלושת הראשונים", "سه مورد نخست";
    open_survey: "Open the survey", "Otwórz ankietę", "פתיחת הסקר", "باز کردن نظرسنجی";
    live_updates: "Updates live as responses arrive.", "Aktualizuje się na żywo, gdy przychodzą odpowiedzi.", "מתעדכן בזמן אמת כשמגיעות תגובות.", "با رسیدن پاسخ‌ها به‌طور زنده به‌روز می‌شود.";
    updated_now: "Updated with a new response.", "Zaktualizowano o nową odpowiedź.", "עודכן עם תגובה חדשה.", "با پاسخی تازه به‌روز شد.";
    promoters: "Promoters (9–10)", "Promotorzy (9–10)", "ממליצים (9–10)", "مروجان (۹–۱۰)";
    passives: "Passives (7–8)", "Neutralni (7–8)", "פסיביים (7–8)", "منفعل‌ها (۷–۸)";
    detractors: "Detractors (0–6)", "Krytycy (0–6)", "מלעיזים (0–6)", "منتقدان (۰–۶)";
    band_high: "High scores", "Wysokie oceny", "ציונים גבוהים", "امتیازهای بالا";
    band_middle: "Middle scores", "Średnie oceny", "ציונים בינוניים", "امتیازهای میانه";
    band_low: "Low scores", "Niskie oceny", "ציונים נמוכים", "امتیازهای پایین";
    band: "Score band", "Przedział ocen", "טווח ציונים", "بازهٔ امتیاز";
    bad_filter_date: "A date could not be read: write dates as YYYY-MM-DD.", "Nie udało się odczytać daty: wpisz daty jako RRRR-MM-DD.", "לא ניתן היה לקרוא תאריך: יש לכתוב תאריכים בתבנית YYYY-MM-DD.", "یک تاریخ خوانده نشد: تاریخ‌ها را به شکل YYYY-MM-DD بنویسید.";
    bad_filter_band: "That score band does not exist for this survey's main question.", "Takiego przedziału ocen nie ma w głównym pytaniu tej ankiety.", "טווח הציונים הזה אינו קיים בשאלה הראשית של הסקר.", "این بازهٔ امتیاز در پرسش اصلی این نظرسنجی وجود ندارد.";
    bad_filter_param: "A link parameter is written name=value, for example store=warsaw-3.", "Parametr linku wpisuje się jako nazwa=wartość, na przykład store=warsaw-3.", "פרמטר קישור נכתב כ־שם=ערך, למשל store=warsaw-3.", "پارامتر پیوند به شکل نام=مقدار نوشته می‌شود، مثلاً store=warsaw-3.";
    bad_filter_language: "Language is English, Polish, Hebrew or Persian.", "Język to: angielski, polski, hebrajski albo perski.", "השפה היא אנגלית, פולנית, עברית או פרסית.", "زبان انگلیسی، لهستانی، عبری یا فارسی است.";
    bad_filter_sentiment: "Sentiment is positive, neutral or negative.", "Wydźwięk to: pozytywny, neutralny albo negatywny.", "סנטימנט הוא חיובי, ניטרלי או שלילי.", "احساس یکی از مثبت، خنثی یا منفی است.";
    period_swapped: "“From” came after “to”, so the two dates were swapped.", "Data „od” była późniejsza niż „do”, więc obie daty zamieniono miejscami.", "תאריך ההתחלה היה אחרי תאריך הסיום, ולכן שני התאריכים הוחלפו.", "تاریخ «از» پس از «تا» بود، پس دو تاریخ جابه‌جا شدند.";
    period_future: "Dates after today have no answers yet: the period ends today.", "Dni po dzisiejszym nie mają jeszcze odpowiedzi: okres kończy się dziś.", "לתאריכים שאחרי היום אין עדיין תשובות: התקופה מסתיימת היום.", "روزهای پس از امروز هنوز پاسخی ندارند: بازه امروز پایان می‌یابد.";
    period_shortened: "A report covers at most two years: “from” was moved to two years before “to”.", "Raport obejmuje najwyżej dwa lata: datę „od” przesunięto na dwa lata przed „do”.", "דוח מכסה לכל היותר שנתיים: תאריך ההתחלה הוזז לשנתיים לפני תאריך הסיום.", "گزارش حداکثر دو سال را در بر می‌گیرد: «از» به دو سال پیش از «تا» برده شد.";
    other_filters_applied: "The other filters were applied.", "Pozostałe filtry zastosowano.", "שאר המסננים הוחלו.", "دیگر پالایه‌ها اعمال شدند.";
    response: "Response", "Odpowiedź", "תגובה", "پاسخ";
    reference: "Reference", "Numer referencyjny", "מספר אסמכתא", "شمارهٔ مرجع";
    link_parameter: "Link parameter", "Parametr linku", "פרמטר קישור", "پارامتر پیوند";
    search_text: "Text contains", "Tekst zawiera", "הטקסט מכיל", "متن شامل";
    sentiment: "Sentiment", "Wydźwięk", "סנטימנט", "احساس";
    positive: "Positive", "Pozytywny", "חיובי", "مثبت";
    neutral: "Neutral", "Neutralny", "ניטרלי", "خنثی";
    negative: "Negative", "Negatywny", "שלילי", "منفی";
    theme: "Theme", "Temat", "נושא", "موضوع";
    themes: "Themes", "Tematy", "נושאים", "موضوع‌ها";
    no_themes: "No theme recognised", "Nie rozpoznano tematu", "לא זוהה נושא", "موضوعی شناخته نشد";
    not_analysed: "Being analysed…", "Trwa analiza…", "בניתוח…", "در حال تحلیل…";
    text_language: "Language of the text", "Język tekstu", "שפת הטקסט", "زبان متن";
    language_guessed: "(too short to tell: the survey's language)", "(za krótki, by rozpoznać: język ankiety)", "(קצר מכדי לזהות: שפת הסקר)", "(برای تشخیص کوتاه است: زبان نظرسنجی)";
    decided_by_lexicon: "from the word lists", "z list słów", "לפי רשימות המילים", "بر پایهٔ فهرست واژه‌ها";
    decided_by_model: "learned from your scores", "wyuczony z Waszych ocen", "נלמד מהציונים שלכם", "آموخته از امتیازهای شما";
    decided_by_both: "word lists and learned model agree", "listy słów i wyuczony model są zgodne", "רשימות המילים והמודל הנלמד מסכימים", "فهرست واژه‌ها و مدل آموخته هم‌نظرند";
    highlight_legend: "Marked words:", "Zaznaczone słowa:", "מילים מסומנות:", "واژه‌های نشانه‌گذاری‌شده:";
    legend_positive: "reads positive", "pozytywne", "חיובית", "مثبت";
    legend_negative: "reads negative", "negatywne", "שלילית", "منفی";
    legend_theme: "names a theme", "nazywa temat", "מציינת נושא", "نشان‌دهندهٔ موضوع";
    next_page: "Older responses", "Starsze odpowiedzi", "תגובות ישנות יותר", "پاسخ‌های قدیمی‌تر";
    no_matching: "No response matches these filters.", "Żadna odpowiedź nie pasuje do tych filtrów.", "אין תגובה שמתאימה למסננים האלה.", "هیچ پاسخی با این پالایه‌ها جور نیست.";
    submitted: "Submitted", "Wysłano", "נשלח", "ارسال‌شده";
    open_answer: "Open answer", "Odpowiedź otwarta", "תשובה פתוחה", "پاسخ باز";
    parameters: "Link parameters", "Parametry linku", "פרמטרי קישור", "پارامترهای پیوند";
    survey_version: "Survey version", "Wersja ankiety", "גרסת הסקר", "نسخهٔ نظرسنجی";
    question: "Question", "Pytanie", "שאלה", "پرسش";
    answer: "Answer", "Odpowiedź", "תשובה", "پاسخ";
    all_responses: "All responses", "Wszystkie odpowiedzi", "כל התגובות", "همهٔ پاسخ‌ها";
    clear: "Clear", "Wyczyść", "ניקוי", "پاک کردن";
    kind_csat: "CSAT (satisfaction)", "CSAT (satysfakcja)", "CSAT (שביעות רצון)", "CSAT (رضایت)";
    kind_ces: "CES (effort)", "CES (wysiłek)", "CES (מאמץ)", "CES (میزان تلاش)";
    kind_rating: "Rating", "Ocena", "דירוג", "رتبه‌بندی";
    kind_single_choice: "Single choice", "Jednokrotny wybór", "בחירה יחידה", "تک‌گزینه‌ای";
    kind_multiple_choice: "Multiple choice", "Wielokrotny wybór", "בחירה מרובה", "چندگزینه‌ای";
    kind_yes_no: "Yes / no", "Tak / nie", "כן / לא", "بله / خیر";
    kind_short_text: "Short text", "Krótki tekst", "טקסט קצר", "متن کوتاه";
    kind_long_text: "Long text", "Długi tekst", "טקסט ארוך", "متن بلند";
    kind_contact: "Contact details", "Dane kontaktowe", "פרטי קשר", "اطلاعات تماس";
    new_survey: "New survey", "Nowa ankieta", "סקר חדש", "نظرسنجی تازه";
    untitled: "Untitled survey", "Ankieta bez tytułu", "סקר ללא כותרת", "نظرسنجی بی‌عنوان";
    new_option: "New option", "Nowa opcja", "אפשרות חדשה", "گزینهٔ تازه";
    question_text: "Question", "Pytanie", "שאלה", "پرسش";
    published_notice: "Published: the survey takes answers now.", "Opublikowano: ankieta przyjmuje odpowiedzi.", "פורסם: הסקר מקבל תשובות כעת.", "منتشر شد: نظرسنجی اکنون پاسخ می‌پذیرد.";
    closed_notice: "Closed: the survey takes no more answers.", "Zamknięto: ankieta nie przyjmuje już odpowiedzi.", "נסגר: הסקר אינו מקבל עוד תשובות.", "بسته شد: نظرسنجی دیگر پاسخی نمی‌پذیرد.";
    edited_meanwhile: "Someone changed this survey meanwhile. Your change was not saved; here is the current version.", "Ktoś w międzyczasie zmienił tę ankietę. Twoja zmiana nie została zapisana; oto aktualna wersja.", "מישהו שינה את הסקר בינתיים. השינוי שלך לא נשמר; זו הגרסה הנוכחית.", "کسی در این میان نظرسنجی را تغییر داد. تغییر شما ذخیره نشد؛ این نسخهٔ کنونی است.";
    start_from: "Start from", "Zacznij od", "התחלה מ", "آغاز از";
    blank_survey: "A blank survey", "Pusta ankieta", "סקר ריק", "نظرسنجی خالی";
    title_optional: "Optional: the template's title is used otherwise", "Opcjonalnie: inaczej użyty zostanie tytuł szablonu", "לא חובה: אחרת תשמש כותרת התבנית", "اختیاری: در غیر این صورت عنوان الگو به کار می‌رود";
    create_survey: "Create survey", "Utwórz ankietę", "יצירת סקר", "ایجاد نظرسنجی";
    publish: "Publish", "Opublikuj", "פרסום", "انتشار";
    close_survey: "Close survey", "Zamknij ankietę", "סגירת הסקר", "بستن نظرسنجی";
    not_saved: "Not saved:", "Nie zapisano:", "לא נשמר:", "ذخیره نشد:";
    live_edit_hint: "This survey is live: each change is saved as a new version; responses keep the version they answered.", "Ankieta jest aktywna: każda zmiana zapisuje się jako nowa wersja; odpowiedzi zachowują wersję, na którą odpowiedziano.", "הסקר פעיל: כל שינוי נשמר כגרסה חדשה; תגובות שומרות את הגרסה שעליה ענו.", "این نظرسنجی فعال است: هر تغییر نسخه‌ای تازه می‌سازد؛ پاسخ‌ها نسخه‌ای را که به آن پاسخ داده‌اند نگه می‌دارند.";
    share: "Share", "Udostępnij", "שיתוף", "اشتراک‌گذاری";
    share_link: "Link for respondents", "Link dla respondentów", "קישור למשיבים", "پیوند برای پاسخ‌دهندگان";
    preview: "Preview", "Podgląd", "תצוגה מקדימה", "پیش‌نمایش";
    qr_svg: "QR code (SVG)", "Kod QR (SVG)", "קוד QR (SVG)", "کد QR (SVG)";
    qr_png: "QR code (PNG)", "Kod QR (PNG)", "קוד QR (PNG)", "کد QR (PNG)";
    qr_alt: "QR code of the survey's link", "Kod QR linku do ankiety", "קוד QR של הקישור לסקר", "کد QR پیوند نظرسنجی";
    settings: "Title and languages", "Tytuł i języki", "כותרת ושפות", "عنوان و زبان‌ها";
    survey_languages: "Languages of the survey", "Języki ankiety", "שפות הסקר", "زبان‌های نظرسنجی";
    default_language: "default", "domyślny", "ברירת מחדל", "پیش‌فرض";
    questions: "Questions", "Pytania", "שאלות", "پرسش‌ها";
    move_up: "Move up", "Przesuń w górę", "העברה למעלה", "جابه‌جایی به بالا";
    move_down: "Move down", "Przesuń w dół", "העברה למטה", "جابه‌جایی به پایین";
    required: "Required", "Wymagane", "חובה", "الزامی";
    scale: "Scale", "Skala", "סולם", "مقیاس";
    ces_variant: "Variant", "Wariant", "גרסה", "گونه";
    ces_five: "Five options (very difficult … very easy)", "Pięć opcji (bardzo trudno … bardzo łatwo)", "חמש אפשרויות (קשה מאוד … קל מאוד)", "پنج گزینه (بسیار دشوار … بسیار آسان)";
    ces_seven: "Agreement, 1–7", "Zgoda, 1–7", "הסכמה, 1–7", "موافقت، ۱–۷";
    show_question: "Show this question", "Pokaż to pytanie", "הצגת השאלה הזו", "نمایش این پرسش";
    rule_always: "always", "zawsze", "תמיד", "همیشه";
    rule_between: "when the score of", "gdy wynik pytania", "כאשר הציון של", "وقتی امتیاز";
    rule_answered: "when the question chosen above was answered", "gdy na wybrane wyżej pytanie odpowiedziano", "כאשר נענתה השאלה שנבחרה למעלה", "وقتی به پرسش برگزیده در بالا پاسخ داده شد";
    rule_any_of: "when the answer is one of", "gdy odpowiedź to jedna z", "כאשר התשובה היא אחת מ", "وقتی پاسخ یکی از این‌هاست";
    add_question: "Add a question", "Dodaj pytanie", "הוספת שאלה", "افزودن پرسش";
    question_kind: "Kind of question", "Rodzaj pytania", "סוג השאלה", "گونهٔ پرسش";
    edit_survey: "Edit", "Edytuj", "עריכה", "ویرایش";
    preview_banner: "Preview — answers are not saved", "Podgląd — odpowiedzi nie są zapisywane", "תצוגה מקדימה — התשובות לא נשמרות", "پیش‌نمایش — پاسخ‌ها ذخیره نمی‌شوند";
    preview_again: "Preview again", "Podgląd od nowa", "תצוגה מקדימה מההתחלה", "پیش‌نمایش دوباره";
    back_to_builder: "Back to the builder", "Wróć do edytora", "חזרה לעורך", "بازگشت به سازنده";
    end_survey_when: "End the survey after this question", "Zakończ ankietę po tym pytaniu", "סיום הסקר אחרי השאלה הזו", "پایان نظرسنجی پس از این پرسش";
    rule_never: "never", "nigdy", "אף פעם", "هرگز";
    closes_at: "Closes at", "Zamknięcie", "נסגר ב־", "زمان بسته شدن";
    response_quota: "Closes after this many responses", "Zamknij po tylu odpowiedziach", "נסגר אחרי מספר תגובות זה", "بسته شدن پس از این تعداد پاسخ";
    min_choices: "At least", "Co najmniej", "לפחות", "دست‌کم";
    max_choices: "At most", "Najwyżej", "לכל היותר", "حداکثر";
    low_label: "Label under 0", "Podpis pod 0", "תווית מתחת ל-0", "برچسب زیر ۰";
    high_label: "Label under 10", "Podpis pod 10", "תווית מתחת ל-10", "برچسب زیر ۱۰";
    help_text: "Help under the question", "Pomoc pod pytaniem", "עזרה מתחת לשאלה", "راهنمای زیر پرسش";
    intro_text: "Introduction", "Wstęp", "פתיח", "پیش‌گفتار";
    thanks_text: "Thank-you message", "Podziękowanie", "הודעת תודה", "پیام سپاس";
    back_home: "Back to the start", "Wróć na początek", "חזרה להתחלה", "بازگشت به آغاز";
}

impl Tr {
    /// The name of a role.
    pub fn role_name(&self, role: Role) -> &'static str {
        let [en, pl, he, fa] = match role {
            Role::Owner => ["Owner", "Właściciel", "בעלים", "مالک"],
            Role::Admin => ["Admin", "Administrator", "מנהל", "مدیر"],
            Role::Editor => ["Editor", "Redaktor", "עורך", "ویرایشگر"],
            Role::Analyst => ["Analyst", "Analityk", "אנליסט", "تحلیلگر"],
            Role::Viewer => ["Viewer", "Obserwator", "צופה", "بیننده"],
        };
        self.pick(en, pl, he, fa)
    }

    /// What a role may do, in one sentence (shown beside the role menu).
    pub fn role_help(&self, role: Role) -> &'static str {
        let [en, pl, he, fa] = match role {
            Role::Owner => [
                "everything, including ownership",
                "wszystko, także własność",
                "הכול, כולל בעלות",
                "همه چیز، از جمله مالکیت",
            ],
            Role::Admin => [
                "members, surveys, responses",
                "członkowie, ankiety, odpowiedzi",
                "חברים, סקרים, תגובות",
                "اعضا، نظرسنجی‌ها، پاسخ‌ها",
            ],
            Role::Editor => [
                "builds and publishes surveys, reads responses",
                "tworzy i publikuje ankiety, czyta odpowiedzi",
                "בונה ומפרסם סקרים, קורא תגובות",
                "نظرسنجی می‌سازد و منتشر می‌کند، پاسخ‌ها را می‌خواند",
            ],
            Role::Analyst => [
                "reads dashboards and individual responses",
                "czyta pulpity i pojedyncze odpowiedzi",
                "קורא לוחות מחוונים ותגובות בודדות",
                "داشبوردها و تک‌تک پاسخ‌ها را می‌خواند",
            ],
            Role::Viewer => [
                "reads dashboards only",
                "tylko czyta pulpity",
                "קורא לוחות מחוונים בלבד",
                "فقط داشبوردها را می‌خواند",
            ],
        };
        self.pick(en, pl, he, fa)
    }

    /// "By {link parameter}" (over every channel and language).
    pub fn by_parameter(&self, key: &str) -> String {
        match self.0 {
            UiLang::En => format!("By {key} (all channels and languages)"),
            UiLang::Pl => format!("Według: {key} (wszystkie kanały i języki)"),
            UiLang::He => format!("לפי {key} (כל הערוצים והשפות)"),
            UiLang::Fa => format!("بر پایهٔ {key} (همهٔ کانال‌ها و زبان‌ها)"),
        }
    }

    /// The name of a survey status (`draft`, `live`, `closed`).
    pub fn status_name(&self, status: &str) -> &'static str {
        match status {
            "live" => self.status_live(),
            "closed" => self.status_closed(),
            _ => self.status_draft(),
        }
    }

    /// The name of a well-known channel in the manager's language (`link`, `email`, `sms`,
    /// `widget`, `qr`, `api`, `kiosk`); any other channel id as it is.
    pub fn channel_name(&self, channel: &str) -> String {
        let names: Option<[&str; 4]> = match channel {
            "link" => Some(["link", "link", "קישור", "پیوند"]),
            "email" => Some(["email", "e-mail", "דוא״ל", "ایمیل"]),
            "sms" => Some(["SMS", "SMS", "SMS", "پیامک"]),
            "widget" => Some([
                "website widget",
                "widżet na stronie",
                "וידג׳ט באתר",
                "ابزارک سایت",
            ]),
            "qr" => Some(["QR code", "kod QR", "קוד QR", "کد QR"]),
            "api" => Some(["API", "API", "API", "API"]),
            "kiosk" => Some(["kiosk", "kiosk", "עמדה", "کیوسک"]),
            _ => None,
        };
        let index = match self.0 {
            UiLang::En => 0,
            UiLang::Pl => 1,
            UiLang::He => 2,
            UiLang::Fa => 3,
        };
        names.map_or_else(|| channel.to_owned(), |n| n[index].to_owned())
    }

    /// The name of a sentiment label (`positive`, `neutral`, `negative`).
    pub fn sentiment_name(&self, label: &str) -> &'static str {
        match label {
            "positive" => self.positive(),
            "negative" => self.negative(),
            _ => self.neutral(),
        }
    }

    /// Who decided a sentiment (`lexicon`, `model`, `both`, `correction`).
    pub fn decided_by(&self, by: &str) -> &'static str {
        match by {
            "model" => self.decided_by_model(),
            "both" => self.decided_by_both(),
            "correction" => self.decided_by_correction(),
            _ => self.decided_by_lexicon(),
        }
    }

    /// "Join {workspace}".
    pub fn join_title(&self, workspace: &str) -> String {
        match self.0 {
            UiLang::En => format!("Join {workspace}"),
            UiLang::Pl => format!("Dołącz do: {workspace}"),
            UiLang::He => format!("הצטרפות אל {workspace}"),
            UiLang::Fa => format!("پیوستن به {workspace}"),
        }
    }

    /// "{inviter} invited {email} as {role}."
    pub fn invited_as(&self, email: &str, role: Role) -> String {
        let role = self.role_name(role);
        match self.0 {
            UiLang::En => format!("This invitation is for {email}, with the role {role}."),
            UiLang::Pl => format!("To zaproszenie jest dla {email}, z rolą: {role}."),
            UiLang::He => format!("ההזמנה הזו מיועדת ל-{email}, בתפקיד {role}."),
            UiLang::Fa => format!("این دعوت برای {email} با نقش {role} است."),
        }
    }

    /// A count of responses, with the plural forms of each language.
    pub fn count_responses(&self, n: i64) -> String {
        match self.0 {
            UiLang::En if n == 1 => "1 response".into(),
            UiLang::En => format!("{n} responses"),
            UiLang::Pl => format!(
                "{n} {}",
                polish_plural(n, "odpowiedź", "odpowiedzi", "odpowiedzi")
            ),
            UiLang::He if n == 1 => "תגובה אחת".into(),
            UiLang::He => format!("{n} תגובות"),
            UiLang::Fa => opencx_domain::lang::localize_digits(&format!("{n} پاسخ"), "fa"),
        }
    }

    /// How many responses match a table's filters; `more` when there are more than `n` (the
    /// count stopped there).
    pub fn matching_responses(&self, n: i64, more: bool) -> String {
        let number = self.number(n);
        match (self.0, more) {
            (UiLang::En, true) => format!("More than {number} responses match"),
            (UiLang::En, false) if n == 1 => "1 response matches".into(),
            (UiLang::En, false) => format!("{number} responses match"),
            (UiLang::Pl, true) => format!("Pasujące odpowiedzi: ponad {number}"),
            (UiLang::Pl, false) => format!("Pasujące odpowiedzi: {number}"),
            (UiLang::He, true) => format!("תגובות מתאימות: יותר מ-{number}"),
            (UiLang::He, false) => format!("תגובות מתאימות: {number}"),
            (UiLang::Fa, true) => format!("پاسخ‌های منطبق: بیش از {number}"),
            (UiLang::Fa, false) => format!("پاسخ‌های منطبق: {number}"),
        }
    }

    /// What a list cut short leaves out: "and 3 more".
    pub fn and_more(&self, n: usize) -> String {
        let number = self.number(n as i64);
        match self.0 {
            UiLang::En => format!("and {number} more"),
            UiLang::Pl => format!("i {number} więcej"),
            UiLang::He => format!("ועוד {number}"),
            UiLang::Fa => format!("و {number} مورد دیگر"),
        }
    }

    /// A number written with the language's digits.
    pub fn number(&self, n: i64) -> String {
        opencx_domain::lang::localize_digits(&n.to_string(), self.0.code())
    }

    fn pick(
        &self,
        en: &'static str,
        pl: &'static str,
        he: &'static str,
        fa: &'static str,
    ) -> &'static str {
        match self.0 {
            UiLang::En => en,
            UiLang::Pl => pl,
            UiLang::He => he,
            UiLang::Fa => fa,
        }
    }
}

/// Polish has three forms: 1 → one, 2–4 (but not 12–14) → few, else many.
fn polish_plural(n: i64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    let n = n.abs();
    if n == 1 {
        one
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_channels_are_named_and_others_kept() {
        assert_eq!(Tr(UiLang::He).channel_name("email"), "דוא״ל");
        assert_eq!(Tr(UiLang::Fa).channel_name("sms"), "پیامک");
        assert_eq!(Tr(UiLang::En).channel_name("store-7"), "store-7");
    }

    #[test]
    fn every_language_has_its_direction_and_plurals() {
        assert_eq!(UiLang::from_code("he").dir(), "rtl");
        assert_eq!(UiLang::from_code("xx"), UiLang::En);
        assert_eq!(Tr(UiLang::Pl).count_responses(1), "1 odpowiedź");
        assert_eq!(Tr(UiLang::Pl).count_responses(22), "22 odpowiedzi");
        assert_eq!(Tr(UiLang::Pl).count_responses(12), "12 odpowiedzi");
        assert_eq!(Tr(UiLang::Fa).count_responses(25), "۲۵ پاسخ");
        assert_eq!(Tr(UiLang::He).sign_in(), "כניסה");
    }
}
