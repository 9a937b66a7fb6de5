//! Piping: `{{first_name}}`-style placeholders in survey texts.
//!
//! A placeholder names a contact field or a link parameter. Unknown or missing fields render as
//! empty text, never as the raw placeholder: a respondent must not see `{{first_name}}`. The
//! result is plain text; escaping for HTML is the template engine's job.

/// Replaces every `{{ name }}` in `template` with `lookup(name)`, or nothing when it has no value.
/// Names are trimmed; text that does not form a complete placeholder is left as it is.
pub fn render(template: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if is_name(after[..end].trim()) => {
                if let Some(value) = lookup(after[..end].trim()) {
                    out.push_str(&value);
                }
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // Removing an empty field can leave "Hey !" or a double space; tidy the common cases.
    tidy(&out)
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// Collapses runs of spaces and removes a space left before punctuation.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if matches!(c, '!' | '?' | ',' | '.' | '؟' | '،') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out.trim().to_owned()
}

/// The placeholder names a text uses, for validation and documentation.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if is_name(after[..end].trim()) => {
                names.push(after[..end].trim().to_owned());
                rest = &after[end + 2..];
            }
            _ => rest = after,
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        (name == "first_name").then(|| "Ala".to_owned())
    }

    #[test]
    fn fills_known_fields() {
        assert_eq!(
            render("Hej {{first_name}}! Dzięki za Twoje zamówienie!", lookup),
            "Hej Ala! Dzięki za Twoje zamówienie!"
        );
        assert_eq!(render("Hi {{ first_name }}", lookup), "Hi Ala");
    }

    #[test]
    fn unknown_fields_render_empty() {
        assert_eq!(render("Hey {{nickname}}! Thanks", lookup), "Hey! Thanks");
        assert_eq!(render("שלום {{first_name}}, תודה", |_| None), "שלום, תודה");
    }

    #[test]
    fn broken_braces_stay_text() {
        assert_eq!(render("a {{ b", lookup), "a {{ b");
        assert_eq!(render("{{<script>}}", lookup), "{{<script>}}");
        assert_eq!(placeholders("{{a}} {{ b }} {{"), vec!["a", "b"]);
    }
}
