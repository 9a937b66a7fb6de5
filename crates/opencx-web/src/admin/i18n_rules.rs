//! The words of the builder's rule menus (groups of conditions, negation, the respondent's
//! language, rules kept as they are), in the same four languages side by side as
//! [`super::i18n`].

use super::i18n::{Tr, UiLang, texts};

texts! {
    rule_group: "when these conditions hold", "gdy spełnione są te warunki", "כאשר התנאים האלה מתקיימים", "وقتی این شرط‌ها برقرارند";
    rule_join: "Combine", "Połącz", "שילוב", "ترکیب";
    join_all: "all of them (and)", "wszystkie (i)", "כולם (וגם)", "همهٔ آن‌ها (و)";
    join_any: "any of them (or)", "którykolwiek (lub)", "לפחות אחד מהם (או)", "هر یک از آن‌ها (یا)";
    conditions: "Conditions", "Warunki", "תנאים", "شرط‌ها";
    condition: "Condition", "Warunek", "תנאי", "شرط";
    cond_test: "what it tests", "co sprawdza", "מה נבדק", "چه چیزی سنجیده می‌شود";
    cond_none: "— no condition —", "— brak warunku —", "— ללא תנאי —", "— بدون شرط —";
    cond_score: "the score of", "wynik pytania", "הציון של", "امتیاز";
    cond_any_of: "the answer is one of", "odpowiedź to jedna z", "התשובה היא אחת מ", "پاسخ یکی از این‌هاست";
    cond_answered: "the question was answered", "na pytanie odpowiedziano", "השאלה נענתה", "به پرسش پاسخ داده شد";
    cond_language: "the language is one of", "język to jeden z", "השפה היא אחת מ", "زبان یکی از این‌هاست";
    negate: "not", "nie", "לא", "نه";
    negate_hint: "the condition holds when this does not", "warunek jest spełniony, gdy to nie zachodzi", "התנאי מתקיים כאשר זה לא מתקיים", "شرط وقتی برقرار است که این برقرار نباشد";
    from_score: "from", "od", "מ־", "از";
    to_score: "to", "do", "עד", "تا";
    rule_kept: "keep this rule as it is", "zachowaj tę regułę bez zmian", "השארת הכלל כפי שהוא", "این قاعده را همان‌گونه نگه دار";
    logic_deep: "This rule combines conditions more deeply than these menus can show. Saving keeps it exactly as it is; to replace it, choose another rule.", "Ta reguła łączy warunki głębiej, niż potrafią pokazać te menu. Zapis pozostawia ją dokładnie taką, jaka jest; aby ją zastąpić, wybierz inną regułę.", "הכלל הזה משלב תנאים לעומק רב יותר ממה שהתפריטים האלה יכולים להציג. שמירה משאירה אותו בדיוק כפי שהוא; כדי להחליף אותו, יש לבחור כלל אחר.", "این قاعده شرط‌ها را عمیق‌تر از آنچه این منوها می‌توانند نشان دهند ترکیب می‌کند. ذخیره آن را دقیقاً همان‌گونه نگه می‌دارد؛ برای جایگزینی، قاعدهٔ دیگری برگزینید.";
    desc_all: "all of these hold:", "spełnione są wszystkie:", "כל אלה מתקיימים:", "همهٔ این‌ها برقرارند:";
    desc_any: "any of these hold:", "spełniony jest którykolwiek:", "לפחות אחד מאלה מתקיים:", "دست‌کم یکی از این‌ها برقرار است:";
    desc_not: "this does not hold:", "to nie jest spełnione:", "זה לא מתקיים:", "این برقرار نیست:";
    desc_at_least: "at least", "co najmniej", "לפחות", "دست‌کم";
    desc_at_most: "at most", "najwyżej", "לכל היותר", "حداکثر";
    desc_answered: "was answered", "odpowiedziano", "נענתה", "پاسخ داده شد";
    desc_unanswered: "was not answered", "nie odpowiedziano", "לא נענתה", "پاسخ داده نشد";
}
