//! The words of the text analytics pages (themes, pain points, corrections, the taxonomy, the
//! learned models), in the same four languages side by side as [`super::i18n`].

use super::i18n::{Tr, UiLang, texts};

texts! {
    invalid_request: "The request held a value the form does not offer. Go back, reload the page and try again.", "Żądanie zawierało wartość, której formularz nie oferuje. Wróć, odśwież stronę i spróbuj ponownie.", "הבקשה הכילה ערך שהטופס אינו מציע. חזרו, טענו מחדש את הדף ונסו שוב.", "درخواست مقداری داشت که فرم پیشنهاد نمی‌کند. برگردید، صفحه را دوباره بارگذاری کنید و دوباره بکوشید.";
    nav_themes: "Themes", "Tematy", "נושאים", "موضوع‌ها";
    nav_text: "Text analytics", "Analiza tekstu", "ניתוח טקסט", "تحلیل متن";
    themes_of_workspace: "Themes across all surveys", "Tematy we wszystkich ankietach", "נושאים בכל הסקרים", "موضوع‌ها در همهٔ نظرسنجی‌ها";
    themes_intro: "What customers write about, counted per open answer. A sub-theme also counts for its parent.", "O czym piszą klienci, liczone na odpowiedź otwartą. Podtemat liczy się też dla tematu nadrzędnego.", "על מה הלקוחות כותבים, לפי תשובה פתוחה. תת־נושא נספר גם לנושא שמעליו.", "مشتریان دربارهٔ چه می‌نویسند، به ازای هر پاسخ باز. هر زیرموضوع برای موضوع بالادستش هم شمرده می‌شود.";
    analysed_answers: "Analysed open answers", "Przeanalizowane odpowiedzi otwarte", "תשובות פתוחות שנותחו", "پاسخ‌های باز تحلیل‌شده";
    mentions: "Mentions", "Wzmianki", "אזכורים", "اشاره‌ها";
    share_of_answers: "of answers", "odpowiedzi", "מהתשובות", "از پاسخ‌ها";
    sentiment_split: "Sentiment (negative / neutral / positive)", "Wydźwięk (negatywny / neutralny / pozytywny)", "סנטימנט (שלילי / ניטרלי / חיובי)", "احساس (منفی / خنثی / مثبت)";
    impact: "Impact", "Wpływ", "השפעה", "اثر";
    impact_on_nps: "Impact on NPS (points)", "Wpływ na NPS (punkty)", "השפעה על NPS (נקודות)", "اثر بر NPS (امتیاز)";
    impact_on_csat: "Impact on CSAT % (points)", "Wpływ na CSAT % (punkty)", "השפעה על CSAT % (נקודות)", "اثر بر CSAT ٪ (امتیاز)";
    impact_on_ces: "Impact on CES (points)", "Wpływ na CES (punkty)", "השפעה על CES (נקודות)", "اثر بر CES (امتیاز)";
    impact_help: "Score of the answers mentioning the theme minus the score of the rest, with its 95% margin. Shown from 5 scored answers on each side.", "Wynik odpowiedzi wspominających temat minus wynik pozostałych, z marginesem 95%. Pokazywany od 5 ocenionych odpowiedzi po każdej stronie.", "הציון של התשובות שמזכירות את הנושא פחות הציון של השאר, עם מרווח 95%. מוצג מ־5 תשובות עם ציון בכל צד.", "امتیاز پاسخ‌هایی که از موضوع یاد می‌کنند منهای امتیاز بقیه، با حاشیهٔ خطای ۹۵٪. از ۵ پاسخ امتیازدار در هر سو نمایش داده می‌شود.";
    no_impact: "too few scores", "za mało ocen", "מעט מדי ציונים", "امتیاز کافی نیست";
    trend_weekly: "Weekly share", "Udział tygodniowy", "שיעור שבועי", "سهم هفتگی";
    rank_by: "Rank by", "Sortuj według", "מיון לפי", "مرتب‌سازی بر پایهٔ";
    rank_volume: "Volume", "Liczby wzmianek", "כמות", "حجم";
    rank_impact: "Impact (most harmful first)", "Wpływu (najbardziej szkodliwe najpierw)", "השפעה (המזיקים ביותר קודם)", "اثر (زیان‌بارترین نخست)";
    no_themes_yet: "No theme has been found in the open answers of this period yet.", "W odpowiedziach otwartych z tego okresu nie znaleziono jeszcze tematów.", "עדיין לא נמצאו נושאים בתשובות הפתוחות של התקופה הזאת.", "هنوز در پاسخ‌های باز این دوره موضوعی پیدا نشده است.";
    pain_points: "Trending pain points", "Narastające problemy", "נקודות כאב במגמת עלייה", "نقاط درد رو به افزایش";
    pain_points_help: "Themes whose negative mentions rose significantly in the last 7 days of the period against the 7 days before (one-sided test, p < 0.025, at least 5 negative mentions).", "Tematy, których negatywne wzmianki istotnie wzrosły w ostatnich 7 dniach okresu względem 7 dni wcześniej (test jednostronny, p < 0,025, co najmniej 5 negatywnych wzmianek).", "נושאים שהאזכורים השליליים שלהם עלו באופן מובהק ב־7 הימים האחרונים של התקופה לעומת 7 הימים שלפניהם (מבחן חד־צדדי, p < 0.025, לפחות 5 אזכורים שליליים).", "موضوع‌هایی که اشاره‌های منفی به آن‌ها در ۷ روز پایانی دوره نسبت به ۷ روز پیش از آن به‌طور معناداری بالا رفته است (آزمون یک‌سویه، p < 0.025، دست‌کم ۵ اشارهٔ منفی).";
    no_pain_points: "No theme's negative mentions rose significantly this week.", "W tym tygodniu negatywne wzmianki żadnego tematu nie wzrosły istotnie.", "השבוע האזכורים השליליים של אף נושא לא עלו באופן מובהק.", "این هفته اشاره‌های منفی به هیچ موضوعی به‌طور معنادار بالا نرفته است.";
    rise_share: "negative share rising", "rośnie udział negatywnych", "שיעור השליליות עולה", "سهم منفی‌ها رو به افزایش";
    rise_volume: "negative mentions rising", "rośnie liczba negatywnych wzmianek", "מספר האזכורים השליליים עולה", "شمار اشاره‌های منفی رو به افزایش";
    open_response: "Open this response", "Otwórz tę odpowiedź", "פתיחת התגובה", "باز کردن این پاسخ";
    all_negative_mentions: "All negative mentions of this theme", "Wszystkie negatywne wzmianki tego tematu", "כל האזכורים השליליים של הנושא", "همهٔ اشاره‌های منفی این موضوع";
    this_week: "Last 7 days", "Ostatnie 7 dni", "7 הימים האחרונים", "۷ روز گذشته";
    week_before: "7 days before", "7 dni wcześniej", "7 הימים שלפני כן", "۷ روز پیش از آن";
    analysis_of_answers: "Analysis of the open answers", "Analiza odpowiedzi otwartych", "ניתוח התשובות הפתוחות", "تحلیل پاسخ‌های باز";
    answer_sentiment: "Sentiment of the whole answer", "Wydźwięk całej odpowiedzi", "הסנטימנט של התשובה כולה", "احساس کل پاسخ";
    theme_sentiment_hint: "With a theme chosen, the sentiment filter applies to what the answer says about that theme (in brackets in the Themes column).", "Po wybraniu tematu filtr wydźwięku dotyczy tego, co odpowiedź mówi o tym temacie (w nawiasie w kolumnie Tematy).", "כשנבחר נושא, סינון הסנטימנט חל על מה שהתשובה אומרת על הנושא הזה (בסוגריים בעמודת הנושאים).", "با انتخاب یک موضوع، پالایهٔ احساس به آنچه پاسخ دربارهٔ همان موضوع می‌گوید اعمال می‌شود (داخل پرانتز در ستون موضوع‌ها).";
    in_surveys: "In:", "W ankietach:", "בסקרים:", "در نظرسنجی‌ها:";
    impact_rank_help: "Ranked by impact, themes come in the order of the harm their margin makes sure of (the upper end of the margin): a large harm measured on few answers does not come before a smaller, certain one.", "Przy sortowaniu według wpływu tematy idą w kolejności szkody pewnej w granicach marginesu (górny koniec marginesu): duża szkoda zmierzona na niewielu odpowiedziach nie wyprzedza mniejszej, pewnej.", "במיון לפי השפעה, הנושאים מסודרים לפי הנזק שהמרווח מבטיח (הקצה העליון של המרווח): נזק גדול שנמדד על מעט תשובות אינו קודם לנזק קטן יותר וודאי.", "در مرتب‌سازی بر پایهٔ اثر، موضوع‌ها به ترتیب زیانی می‌آیند که حاشیهٔ خطا از آن اطمینان می‌دهد (سر بالای حاشیه): زیان بزرگی که روی پاسخ‌های کم سنجیده شده پیش از زیان کوچک‌تر ولی قطعی نمی‌آید.";
    spark_legend: "Weekly share:", "Udział tygodniowy:", "שיעור שבועי:", "سهم هفتگی:";
    spark_all: "answers mentioning the theme", "odpowiedzi wspominające temat", "תשובות שמזכירות את הנושא", "پاسخ‌هایی که از موضوع یاد می‌کنند";
    spark_negative: "negative mentions", "negatywne wzmianki", "אזכורים שליליים", "اشاره‌های منفی";
    part_of_a_week: "part of a week", "niepełny tydzień", "שבוע חלקי", "هفتهٔ ناقص";
    reanalysing: "Re-analysing open answers", "Ponowna analiza odpowiedzi otwartych", "ניתוח מחדש של התשובות הפתוחות", "تحلیل دوبارهٔ پاسخ‌های باز";
    reanalysis_after_update: "OpenCX's text analysis was updated: the answers already stored are read again with its new word lists and rules. Corrections are kept.", "Analiza tekstu OpenCX została zaktualizowana: zapisane odpowiedzi są czytane ponownie z nowymi listami słów i regułami. Poprawki zostają zachowane.", "ניתוח הטקסט של OpenCX עודכן: התשובות השמורות נקראות מחדש עם רשימות המילים והכללים החדשים. התיקונים נשמרים.", "تحلیل متن OpenCX به‌روز شد: پاسخ‌های ذخیره‌شده با فهرست‌های واژه و قاعده‌های تازه دوباره خوانده می‌شوند. اصلاح‌ها می‌مانند.";
    reanalysis_done: "All open answers are analysed with the current themes and models.", "Wszystkie odpowiedzi otwarte są przeanalizowane według obecnych tematów i modeli.", "כל התשובות הפתוחות נותחו לפי הנושאים והמודלים הנוכחיים.", "همهٔ پاسخ‌های باز با موضوع‌ها و مدل‌های کنونی تحلیل شده‌اند.";
    reload_for_progress: "Reload the page to see the progress.", "Odśwież stronę, aby zobaczyć postęp.", "טענו מחדש את הדף כדי לראות את ההתקדמות.", "برای دیدن پیشرفت، صفحه را دوباره بارگذاری کنید.";
    reanalyse_now: "Re-analyse all open answers", "Przeanalizuj ponownie wszystkie odpowiedzi", "נתחו מחדש את כל התשובות הפתוחות", "همهٔ پاسخ‌های باز را دوباره تحلیل کنید";
    correct: "Correct", "Popraw", "תיקון", "اصلاح";
    correct_analysis: "Correct this analysis", "Popraw tę analizę", "תיקון הניתוח הזה", "اصلاح این تحلیل";
    correct_help: "Your correction is kept, never overwritten by a re-analysis, and teaches the workspace's sentiment model.", "Poprawka zostaje zachowana, ponowna analiza jej nie nadpisze, a model wydźwięku przestrzeni się z niej uczy.", "התיקון נשמר, ניתוח מחדש לא ידרוס אותו, ומודל הסנטימנט של סביבת העבודה לומד ממנו.", "اصلاح شما نگه داشته می‌شود، تحلیل دوباره آن را بازنویسی نمی‌کند و مدل احساس فضای کاری از آن می‌آموزد.";
    decided_by_correction: "corrected by a person", "poprawione przez człowieka", "תוקן על ידי אדם", "اصلاح‌شده به دست انسان";
    theme_sentiment: "Sentiment", "Wydźwięk", "סנטימנט", "احساس";
    theme_sentiment_auto: "Automatic", "Automatyczny", "אוטומטי", "خودکار";
    theme_sentiment_help: "A theme's sentiment on Automatic is the one found in the sentences that mention it; when you correct the whole answer's sentiment, it follows your correction if those sentences are the whole answer or agreed with the answer's sentiment as found. Pick a sentiment to decide it yourself.", "Wydźwięk tematu ustawiony na „Automatyczny” to wydźwięk zdań, które o nim mówią; gdy poprawiasz wydźwięk całej odpowiedzi, idzie za poprawką, jeśli te zdania są całą odpowiedzią albo zgadzały się z wydźwiękiem odpowiedzi, jaki znaleziono. Wybierz wydźwięk, aby zdecydować samodzielnie.", "סנטימנט ״אוטומטי״ של נושא הוא זה שנמצא במשפטים שמזכירים אותו; כשמתקנים את הסנטימנט של התשובה כולה, הוא הולך אחרי התיקון אם המשפטים האלה הם כל התשובה או שהסכימו עם הסנטימנט שנמצא לתשובה. בחרו סנטימנט כדי להחליט בעצמכם.", "احساسِ «خودکار» یک موضوع همان است که در جمله‌های یادکننده از آن یافت شد؛ وقتی احساس کل پاسخ را اصلاح می‌کنید، اگر آن جمله‌ها کل پاسخ باشند یا با احساس یافته‌شدهٔ پاسخ هم‌سو بوده باشند، از اصلاح شما پیروی می‌کند. برای تصمیم خودتان احساسی برگزینید.";
    save_correction: "Save correction", "Zapisz poprawkę", "שמירת התיקון", "ذخیرهٔ اصلاح";
    corrected: "Correction saved.", "Poprawka zapisana.", "התיקון נשמר.", "اصلاح ذخیره شد.";
    taxonomy: "Themes and keywords", "Tematy i słowa kluczowe", "נושאים ומילות מפתח", "موضوع‌ها و کلیدواژه‌ها";
    taxonomy_help: "One keyword or phrase per line. End a word with * to match every word starting with it (dostaw* finds dostawa, dostawy). Start a line with - to exclude a phrase: with -clean design, \"clean\" in \"a clean design\" does not count for the theme. Saving re-analyses every open answer of the workspace in the background.", "Jedno słowo lub fraza w wierszu. Zakończ słowo znakiem *, aby pasowało do każdego słowa, które tak się zaczyna (dostaw* znajdzie dostawa, dostawy). Wiersz zaczynający się od - wyklucza frazę: przy -czysta przyjemność słowo „czysta” w tej frazie nie liczy się dla tematu. Zapisanie uruchamia w tle ponowną analizę wszystkich odpowiedzi otwartych.", "מילה או ביטוי אחד בכל שורה. סיימו מילה ב־* כדי להתאים לכל מילה שמתחילה כך. שורה שמתחילה ב־- מחריגה ביטוי: עם -עיצוב נקי, המילה \"נקי\" בביטוי הזה לא נספרת לנושא. השמירה מפעילה ברקע ניתוח מחדש של כל התשובות הפתוחות.", "در هر خط یک کلیدواژه یا عبارت. واژه را با * پایان دهید تا با هر واژه‌ای که چنین آغاز می‌شود جور شود. خطی که با - آغاز شود عبارتی را کنار می‌گذارد: با -طراحی تمیز، واژهٔ «تمیز» در این عبارت برای موضوع شمرده نمی‌شود. ذخیره، همهٔ پاسخ‌های باز را در پس‌زمینه دوباره تحلیل می‌کند.";
    theme_id: "Id", "Identyfikator", "מזהה", "شناسه";
    theme_parent: "Sub-theme of", "Podtemat tematu", "תת־נושא של", "زیرموضوعِ";
    no_parent: "(top level)", "(najwyższy poziom)", "(רמה עליונה)", "(سطح بالا)";
    theme_names: "Name", "Nazwa", "שם", "نام";
    keywords: "Keywords", "Słowa kluczowe", "מילות מפתח", "کلیدواژه‌ها";
    delete_theme: "Delete this theme", "Usuń ten temat", "מחיקת הנושא", "حذف این موضوع";
    new_theme: "New theme", "Nowy temat", "נושא חדש", "موضوع تازه";
    new_theme_hint: "Leave the id empty to add no theme.", "Zostaw identyfikator pusty, aby nie dodawać tematu.", "השאירו את המזהה ריק כדי לא להוסיף נושא.", "برای نیفزودن موضوع، شناسه را خالی بگذارید.";
    save_themes: "Save themes", "Zapisz tematy", "שמירת הנושאים", "ذخیرهٔ موضوع‌ها";
    themes_saved: "Themes saved; the open answers are being re-analysed.", "Tematy zapisane; trwa ponowna analiza odpowiedzi otwartych.", "הנושאים נשמרו; התשובות הפתוחות מנותחות מחדש.", "موضوع‌ها ذخیره شدند؛ پاسخ‌های باز در حال تحلیل دوباره‌اند.";
    themes_changed_meanwhile: "Someone else changed the themes meanwhile. Your changes are below; save again to apply them over theirs.", "Ktoś inny zmienił w międzyczasie tematy. Twoje zmiany są poniżej; zapisz ponownie, aby je zastosować.", "מישהו אחר שינה בינתיים את הנושאים. השינויים שלכם למטה; שמרו שוב כדי להחיל אותם.", "کس دیگری در این میان موضوع‌ها را تغییر داد. تغییرات شما در زیر است؛ برای اعمال آن‌ها دوباره ذخیره کنید.";
    discovered: "Themes found in the answers", "Tematy znalezione w odpowiedziach", "נושאים שנמצאו בתשובות", "موضوع‌های یافته‌شده در پاسخ‌ها";
    discovered_help: "Phrases frequent in recent answers that no theme covers yet. Accept one as a new theme or as a keyword of an existing theme.", "Frazy częste w ostatnich odpowiedziach, których nie obejmuje jeszcze żaden temat. Przyjmij frazę jako nowy temat lub słowo kluczowe istniejącego.", "ביטויים שכיחים בתשובות האחרונות שאף נושא עוד לא מכסה. קבלו ביטוי כנושא חדש או כמילת מפתח של נושא קיים.", "عبارت‌های پرتکرار در پاسخ‌های اخیر که هنوز هیچ موضوعی آن‌ها را در بر نمی‌گیرد. عبارتی را به‌عنوان موضوع تازه یا کلیدواژهٔ موضوعی موجود بپذیرید.";
    similar_groups: "Groups of similar answers", "Grupy podobnych odpowiedzi", "קבוצות של תשובות דומות", "گروه‌های پاسخ‌های همانند";
    similar_groups_help: "Recent answers no theme covers, grouped by the words they share. Accepting a group makes its words the keywords of a theme.", "Ostatnie odpowiedzi, których nie obejmuje żaden temat, pogrupowane według wspólnych słów. Przyjęcie grupy czyni jej słowa słowami kluczowymi tematu.", "תשובות אחרונות שאף נושא לא מכסה, מקובצות לפי המילים המשותפות להן. קבלת קבוצה הופכת את מילותיה למילות מפתח של נושא.", "پاسخ‌های اخیری که هیچ موضوعی آن‌ها را در بر نمی‌گیرد، بر پایهٔ واژه‌های مشترکشان گروه‌بندی شده‌اند. پذیرفتن یک گروه، واژه‌هایش را کلیدواژه‌های یک موضوع می‌کند.";
    no_discovered: "Nothing new stands out in the recent answers.", "W ostatnich odpowiedziach nie wyróżnia się nic nowego.", "שום דבר חדש לא בולט בתשובות האחרונות.", "در پاسخ‌های اخیر چیز تازه‌ای به چشم نمی‌آید.";
    in_answers: "answers", "odpowiedzi", "תשובות", "پاسخ";
    accept_as_new: "a new theme", "nowy temat", "נושא חדש", "موضوع تازه";
    accept_into: "Add as", "Dodaj jako", "הוספה בתור", "افزودن به‌عنوان";
    accept_keyword_of: "keywords of", "słowa kluczowe tematu", "מילות מפתח של", "کلیدواژه‌های";
    theme_id_hint: "Letters, digits, - and _, without spaces", "Litery, cyfry, - i _, bez spacji", "אותיות, ספרות, ‎-‎ ו־_, בלי רווחים", "حرف، رقم، - و _، بی فاصله";
    accept_action: "Accept", "Przyjmij", "אישור", "پذیرفتن";
    nothing_to_add: "Nothing to add: those words are keywords already.", "Nie ma czego dodać: te słowa już są słowami kluczowymi.", "אין מה להוסיף: המילים האלה כבר מילות מפתח.", "چیزی برای افزودن نیست: این واژه‌ها از پیش کلیدواژه‌اند.";
    dismiss_action: "Not a theme", "To nie temat", "לא נושא", "موضوع نیست";
    suggestion_dismissed: "The suggestion was dismissed: it is no longer suggested.", "Sugestię odrzucono: nie będzie już proponowana.", "ההצעה נדחתה: היא לא תוצע עוד.", "پیشنهاد کنار گذاشته شد: دیگر پیشنهاد نمی‌شود.";
    suggestions_restored: "Every dismissed suggestion is suggested again.", "Wszystkie odrzucone sugestie są znów proponowane.", "כל ההצעות שנדחו מוצעות שוב.", "همهٔ پیشنهادهای کنارگذاشته دوباره پیشنهاد می‌شوند.";
    restore_suggestions: "Suggest the dismissed ones again", "Proponuj znów odrzucone", "להציע שוב את אלה שנדחו", "دوباره پیشنهاد دادن کنارگذاشته‌ها";
    models: "Learned sentiment models", "Wyuczone modele wydźwięku", "מודלי סנטימנט נלמדים", "مدل‌های آموختهٔ احساس";
    models_help: "An open answer with an NPS, CSAT or CES score beside it is an example for the workspace's model of its language; a correction is a better one. A model is used, blended with the word lists, once it has 30 examples of each kind. Models retrain by themselves as answers and corrections arrive; new answers use them at once, earlier ones after a re-analysis.", "Odpowiedź otwarta z oceną NPS, CSAT lub CES obok jest przykładem dla modelu języka tej odpowiedzi; poprawka jest lepszym przykładem. Model jest używany (razem z listami słów), gdy ma po 30 przykładów każdego rodzaju. Modele douczają się same, gdy przybywa odpowiedzi i poprawek; nowe odpowiedzi korzystają z nich od razu, wcześniejsze po ponownej analizie.", "תשובה פתוחה שלצידה ציון NPS,‏ CSAT או CES היא דוגמה למודל של השפה שלה; תיקון הוא דוגמה טובה יותר. מודל נכנס לשימוש, בשילוב רשימות המילים, כשיש לו 30 דוגמאות מכל סוג. המודלים מתאמנים מחדש מעצמם; תשובות חדשות משתמשות בהם מיד, קודמות אחרי ניתוח מחדש.", "پاسخ بازی که امتیاز NPS، CSAT یا CES کنارش باشد نمونه‌ای برای مدل زبان آن است؛ اصلاح، نمونهٔ بهتری است. مدل وقتی ۳۰ نمونه از هر نوع داشته باشد، همراه با فهرست واژه‌ها به کار می‌رود. مدل‌ها خودبه‌خود دوباره آموزش می‌بینند؛ پاسخ‌های تازه بی‌درنگ و پاسخ‌های پیشین پس از تحلیل دوباره از آن‌ها بهره می‌برند.";
    no_models: "No model yet: no open answer has a score beside it or a correction.", "Brak modelu: żadna odpowiedź otwarta nie ma obok oceny ani poprawki.", "אין עדיין מודל: לאף תשובה פתוחה אין ציון לצידה או תיקון.", "هنوز مدلی نیست: هیچ پاسخ بازی امتیاز یا اصلاحی در کنار خود ندارد.";
    examples: "Examples", "Przykłady", "דוגמאות", "نمونه‌ها";
    of_which_corrections: "of which corrections", "w tym poprawek", "מתוכן תיקונים", "که از آن‌ها اصلاح";
    trained: "Trained", "Wytrenowany", "אומן", "آموزش‌دیده";
    not_trained_yet: "Not yet (within a minute, or train now)", "Jeszcze nie (w ciągu minuty lub od razu przyciskiem)", "עדיין לא (תוך דקה, או אימון עכשיו)", "هنوز نه (تا یک دقیقهٔ دیگر، یا اکنون آموزش دهید)";
    in_use: "In use", "W użyciu", "בשימוש", "در حال استفاده";
    not_enough_examples: "Not yet: needs 30 examples of each kind", "Jeszcze nie: potrzeba po 30 przykładów każdego rodzaju", "עדיין לא: נדרשות 30 דוגמאות מכל סוג", "هنوز نه: از هر نوع ۳۰ نمونه لازم است";
    train_now: "Train the models now", "Wytrenuj modele teraz", "אימון המודלים עכשיו", "اکنون مدل‌ها را آموزش دهید";
    training_done_for: "Models trained for:", "Wytrenowano modele dla:", "אומנו מודלים עבור:", "مدل‌ها برای این زبان‌ها آموزش دیدند:";
    training_none: "No model could be trained: each language needs 30 examples of each kind (negative, neutral, positive).", "Nie dało się wytrenować żadnego modelu: każdy język potrzebuje 30 przykładów każdego rodzaju (negatywnych, neutralnych, pozytywnych).", "לא ניתן היה לאמן אף מודל: כל שפה צריכה 30 דוגמאות מכל סוג (שליליות, ניטרליות, חיוביות).", "هیچ مدلی آموزش ندید: هر زبان از هر گونه (منفی، خنثی، مثبت) ۳۰ نمونه لازم دارد.";
    mention_sentiment: "Sentiment about the theme", "Wydźwięk wobec tematu", "הסנטימנט כלפי הנושא", "احساس دربارهٔ موضوع";
    survey: "Survey", "Ankieta", "סקר", "نظرسنجی";
    older_answers: "Older answers", "Starsze odpowiedzi", "תשובות ישנות יותר", "پاسخ‌های قدیمی‌تر";
    no_theme_answers: "No answer of this period mentions the theme with these filters.", "Żadna odpowiedź z tego okresu nie wspomina tematu przy tych filtrach.", "אף תשובה מהתקופה הזאת לא מזכירה את הנושא עם המסננים האלה.", "هیچ پاسخی در این بازه با این پالایه‌ها از این موضوع یاد نمی‌کند.";
    theme_answers_help: "Every open answer of every survey that mentions the theme, newest first. The sentiment filter applies to what the answer says about the theme.", "Wszystkie odpowiedzi otwarte ze wszystkich ankiet, które wspominają temat, od najnowszych. Filtr wydźwięku dotyczy tego, co odpowiedź mówi o temacie.", "כל התשובות הפתוחות מכל הסקרים שמזכירות את הנושא, מהחדשה לישנה. מסנן הסנטימנט חל על מה שהתשובה אומרת על הנושא.", "همهٔ پاسخ‌های باز همهٔ نظرسنجی‌ها که از این موضوع یاد می‌کنند، از تازه‌ترین. پالایهٔ احساس به آنچه پاسخ دربارهٔ موضوع می‌گوید اعمال می‌شود.";
    theme_answers_help_survey: "Every open answer of this survey that mentions the theme, newest first. The sentiment filter applies to what the answer says about the theme.", "Wszystkie odpowiedzi otwarte tej ankiety, które wspominają temat, od najnowszych. Filtr wydźwięku dotyczy tego, co odpowiedź mówi o temacie.", "כל התשובות הפתוחות של הסקר הזה שמזכירות את הנושא, מהחדשה לישנה. מסנן הסנטימנט חל על מה שהתשובה אומרת על הנושא.", "همهٔ پاسخ‌های باز این نظرسنجی که از این موضوع یاد می‌کنند، از تازه‌ترین. پالایهٔ احساس به آنچه پاسخ دربارهٔ موضوع می‌گوید اعمال می‌شود.";
    every_surveys_answers: "Answers of every survey", "Odpowiedzi ze wszystkich ankiet", "תשובות מכל הסקרים", "پاسخ‌های همهٔ نظرسنجی‌ها";
    reanalysis_started: "Re-analysis started.", "Rozpoczęto ponowną analizę.", "הניתוח מחדש התחיל.", "تحلیل دوباره آغاز شد.";
}

impl Tr {
    /// The heading of the answers about a theme (its name isolated, as it may be in another
    /// script).
    pub fn answers_about(&self, theme: &str) -> String {
        let theme = format!("\u{2068}{theme}\u{2069}");
        match self.0 {
            UiLang::En => format!("Answers about {theme}"),
            UiLang::Pl => format!("Odpowiedzi na temat: {theme}"),
            UiLang::He => format!("תשובות על {theme}"),
            UiLang::Fa => format!("پاسخ‌ها دربارهٔ {theme}"),
        }
    }

    /// How many answers mention a theme with a table's filters; `more` when there are more
    /// than `n` (the count stopped there).
    pub fn matching_answers(&self, n: i64, more: bool) -> String {
        let number = self.number(n);
        match (self.0, more) {
            (UiLang::En, true) => format!("More than {number} answers mention it"),
            (UiLang::En, false) if n == 1 => "1 answer mentions it".into(),
            (UiLang::En, false) => format!("{number} answers mention it"),
            (UiLang::Pl, true) => format!("Odpowiedzi, które o nim wspominają: ponad {number}"),
            (UiLang::Pl, false) => format!("Odpowiedzi, które o nim wspominają: {number}"),
            (UiLang::He, true) => format!("תשובות שמזכירות אותו: יותר מ-{number}"),
            (UiLang::He, false) => format!("תשובות שמזכירות אותו: {number}"),
            (UiLang::Fa, true) => format!("پاسخ‌هایی که از آن یاد می‌کنند: بیش از {number}"),
            (UiLang::Fa, false) => format!("پاسخ‌هایی که از آن یاد می‌کنند: {number}"),
        }
    }

    /// After a suggestion was accepted as a new theme: its keywords are in one language (its
    /// name as the language calls itself) and the others find nothing yet.
    pub fn theme_added_in_one_language(&self, language: &str) -> String {
        let language = format!("\u{2068}{language}\u{2069}");
        match self.0 {
            UiLang::En => format!(
                "Theme added, with keywords in {language} only. To find it in answers in other languages, add its keywords in them under Themes and keywords."
            ),
            UiLang::Pl => format!(
                "Temat dodany, ze słowami kluczowymi tylko w języku: {language}. Aby znajdować go w odpowiedziach w innych językach, dodaj jego słowa kluczowe w tych językach w części Tematy i słowa kluczowe."
            ),
            UiLang::He => format!(
                "הנושא נוסף, עם מילות מפתח בשפה אחת בלבד: {language}. כדי למצוא אותו בתשובות בשפות אחרות, הוסיפו את מילות המפתח שלו בשפות אלה בחלק נושאים ומילות מפתח."
            ),
            UiLang::Fa => format!(
                "موضوع افزوده شد، با کلیدواژه‌هایی فقط به یک زبان: {language}. برای یافتن آن در پاسخ‌های زبان‌های دیگر، کلیدواژه‌هایش را به آن زبان‌ها در بخش موضوع‌ها و کلیدواژه‌ها بیفزایید."
            ),
        }
    }

    /// After a conflict: the themes someone else created meanwhile (quoted names), now in the
    /// form so that saving again keeps them.
    pub fn themes_added_meanwhile(&self, names: &str) -> String {
        match self.0 {
            UiLang::En => format!(
                "They added {names}, which is now in the form too, so saving again keeps it."
            ),
            UiLang::Pl => format!(
                "Dodano: {names}; jest teraz także w formularzu, więc ponowny zapis tego nie usunie."
            ),
            UiLang::He => {
                format!("נוסף: {names}; הוא מופיע עכשיו גם בטופס, כך ששמירה נוספת תשמור עליו.")
            }
            UiLang::Fa => {
                format!("افزوده شد: {names}؛ اکنون در فرم هم هست و ذخیرهٔ دوباره آن را نگه می‌دارد.")
            }
        }
    }

    /// What the word lists and the learned model each said: `score` and `label` of the word
    /// lists, and the model's percentages of negative, neutral and positive (digits already
    /// localised) when it was used.
    pub fn sentiment_basis(&self, score: &str, label: &str, model: Option<[String; 3]>) -> String {
        let [neg, neu, pos] =
            ["negative", "neutral", "positive"].map(|l| self.sentiment_name(l).to_lowercase());
        let label = label.to_lowercase();
        match (self.0, model) {
            (UiLang::En, None) => format!("Word lists: {score} ({label})."),
            (UiLang::En, Some([n, u, p])) => format!(
                "Word lists: {score} ({label}). Learned model: {n}% {neg}, {u}% {neu}, {p}% {pos}; the label is the most likely class of the two combined, the score its positive minus negative share."
            ),
            (UiLang::Pl, None) => format!("Listy słów: {score} ({label})."),
            (UiLang::Pl, Some([n, u, p])) => format!(
                "Listy słów: {score} ({label}). Wyuczony model: {n}% {neg}, {u}% {neu}, {p}% {pos}; etykieta to klasa najbardziej prawdopodobna po połączeniu obu, wynik to udział pozytywnego minus negatywnego."
            ),
            (UiLang::He, None) => format!("רשימות המילים: {score} ({label})."),
            (UiLang::He, Some([n, u, p])) => format!(
                "רשימות המילים: {score} ({label}). המודל הנלמד: {n}% {neg}, {u}% {neu}, {p}% {pos}; התווית היא המחלקה הסבירה ביותר בשילוב שניהם, והציון הוא החלק החיובי פחות השלילי."
            ),
            (UiLang::Fa, None) => format!("فهرست واژه‌ها: {score} ({label})."),
            (UiLang::Fa, Some([n, u, p])) => format!(
                "فهرست واژه‌ها: {score} ({label}). مدل آموخته: {n}٪ {neg}، {u}٪ {neu}، {p}٪ {pos}؛ برچسب محتمل‌ترین دسته در ترکیب هر دو است و امتیاز سهم مثبت منهای منفی."
            ),
        }
    }

    /// Which answers the impacts are measured on, when not all analysed ones are.
    pub fn impact_basis(&self, with: &str, analysed: &str, score: &str) -> String {
        match self.0 {
            UiLang::En => format!(
                "Impact is measured on the {with} of {analysed} analysed answers given beside {score}, the score most often asked beside open answers here; answers beside another score, or none, are not in it. A survey's own themes page measures its own score."
            ),
            UiLang::Pl => format!(
                "Wpływ liczony jest na podstawie {with} z {analysed} przeanalizowanych odpowiedzi udzielonych obok {score}, wyniku najczęściej zadawanego tu obok odpowiedzi otwartych; odpowiedzi obok innego wyniku albo bez wyniku nie są wliczane. Strona tematów ankiety mierzy jej własny wynik."
            ),
            UiLang::He => format!(
                "ההשפעה נמדדת על {with} מתוך {analysed} התשובות שנותחו וניתנו לצד {score}, הציון הנשאל הכי הרבה לצד תשובות פתוחות כאן; תשובות לצד ציון אחר, או בלי ציון, אינן נכללות. דף הנושאים של סקר מודד את הציון שלו."
            ),
            UiLang::Fa => format!(
                "اثر بر {with} از {analysed} پاسخ تحلیل‌شده‌ای سنجیده می‌شود که کنار {score} داده شده‌اند، امتیازی که این‌جا بیش از همه کنار پاسخ‌های باز پرسیده می‌شود؛ پاسخ‌های کنار امتیازی دیگر، یا بی امتیاز، در آن نیستند. صفحهٔ موضوع‌های هر نظرسنجی امتیاز خودش را می‌سنجد."
            ),
        }
    }

    /// The responses table's filter named a theme the taxonomy does not have.
    pub fn unknown_theme_filter(&self, id: &str) -> String {
        let id: String = id.chars().take(64).collect();
        match self.0 {
            UiLang::En => format!(
                "There is no theme “{id}”: it may have been deleted or renamed. Choose a theme from the list."
            ),
            UiLang::Pl => format!(
                "Nie ma tematu „{id}”: mógł zostać usunięty lub przemianowany. Wybierz temat z listy."
            ),
            UiLang::He => {
                format!("אין נושא ״{id}״: ייתכן שנמחק או ששמו שונה. יש לבחור נושא מהרשימה.")
            }
            UiLang::Fa => format!(
                "موضوعی با نام «{id}» نیست: شاید حذف یا تغییرنام داده شده باشد. موضوعی از فهرست برگزینید."
            ),
        }
    }

    /// A theme that an answer still carries (by a person's correction) but that was deleted
    /// from the taxonomy since, named by its id: "deleted theme “parking”".
    pub fn deleted_theme(&self, id: &str) -> String {
        match self.0 {
            UiLang::En => format!("deleted theme “{id}”"),
            UiLang::Pl => format!("usunięty temat „{id}”"),
            UiLang::He => format!("נושא שנמחק ״{id}״"),
            UiLang::Fa => format!("موضوع حذف‌شده «{id}»"),
        }
    }
}
