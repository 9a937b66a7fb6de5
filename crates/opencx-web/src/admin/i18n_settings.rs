//! The words of the workspace settings page (the time zone), in the same four languages side
//! by side as [`super::i18n`].

use super::i18n::{Tr, UiLang, texts};

texts! {
    nav_settings: "Settings", "Ustawienia", "הגדרות", "تنظیمات";
    workspace_settings: "Workspace settings", "Ustawienia przestrzeni roboczej", "הגדרות סביבת העבודה", "تنظیمات فضای کاری";
    time_zone: "Time zone", "Strefa czasowa", "אזור זמן", "منطقهٔ زمانی";
    time_zone_help: "The days, weeks (from Monday) and months of every figure follow this zone: an answer given at 00:30 local time counts on that day. An IANA name, for example Europe/Warsaw, Asia/Jerusalem or Asia/Tehran. Changing it recounts every figure from the stored answers.", "Dni, tygodnie (od poniedziałku) i miesiące wszystkich wskaźników liczone są w tej strefie: odpowiedź udzielona o 00:30 czasu lokalnego liczy się w tym dniu. Nazwa IANA, np. Europe/Warsaw, Asia/Jerusalem lub Asia/Tehran. Zmiana przelicza wszystkie wskaźniki z zapisanych odpowiedzi.", "הימים, השבועות (מיום שני) והחודשים של כל הנתונים נספרים לפי אזור זמן זה: תשובה שניתנה ב־00:30 לפי השעון המקומי נספרת באותו יום. שם IANA, למשל Asia/Jerusalem,‏ Europe/Warsaw או Asia/Tehran. שינוי שלו מחשב מחדש את כל הנתונים מהתשובות השמורות.", "روزها، هفته‌ها (از دوشنبه) و ماه‌های همهٔ شاخص‌ها بر پایهٔ این منطقهٔ زمانی شمرده می‌شوند: پاسخی که ساعت ۰۰:۳۰ به وقت محلی داده شود در همان روز شمرده می‌شود. نامی از فهرست IANA، برای نمونه Asia/Tehran، Europe/Warsaw یا Asia/Jerusalem. تغییر آن همهٔ شاخص‌ها را از پاسخ‌های ذخیره‌شده دوباره می‌شمارد.";
    time_zone_unknown: "Unknown time zone: enter an IANA name such as Europe/Warsaw, Asia/Jerusalem or UTC.", "Nieznana strefa czasowa: podaj nazwę IANA, np. Europe/Warsaw, Asia/Jerusalem lub UTC.", "אזור זמן לא מוכר: יש להזין שם IANA כגון Asia/Jerusalem,‏ Europe/Warsaw או UTC.", "منطقهٔ زمانی ناشناخته است: نامی از فهرست IANA مانند Asia/Tehran، Europe/Warsaw یا UTC بنویسید.";
    time_zone_required: "Enter a time zone, for example Europe/Warsaw or UTC.", "Podaj strefę czasową, np. Europe/Warsaw lub UTC.", "יש להזין אזור זמן, למשל Asia/Jerusalem או UTC.", "یک منطقهٔ زمانی بنویسید، برای نمونه Asia/Tehran یا UTC.";
    time_zone_saved: "Time zone saved; every figure was recounted in it.", "Zapisano strefę czasową; wszystkie wskaźniki przeliczono w niej.", "אזור הזמן נשמר; כל הנתונים חושבו מחדש לפיו.", "منطقهٔ زمانی ذخیره شد؛ همهٔ شاخص‌ها بر پایهٔ آن دوباره شمرده شدند.";
    time_zone_owner_only: "Only an owner of the workspace can change its time zone.", "Strefę czasową przestrzeni może zmienić tylko jej właściciel.", "רק בעלים של סביבת העבודה יכולים לשנות את אזור הזמן שלה.", "تنها مالک فضای کاری می‌تواند منطقهٔ زمانی آن را تغییر دهد.";
}
