//! Reading a form of a server-rendered page and sending it as a browser would, untouched:
//! inputs with their values (checkboxes and radio buttons only when checked), text areas, and
//! the selected option of each menu (else its first).

/// Undoes the escaping of a template (`&#34;`, `&quot;`, `&#60;`, `&amp;`…).
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|e| *e <= 8) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attributes of a tag's text (`<input type="text" name="x" checked`): (name, value);
/// a boolean attribute has an empty value.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            return found;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '>')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix("=\"") {
            let end = after.find('"').expect("a closed attribute value");
            found.push((name, unescape(&after[..end])));
            rest = &after[end + 1..];
        } else {
            found.push((name, String::new()));
        }
    }
}

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The fields a browser sends for the form in `html` (one `<form>…</form>`), without `csrf`
/// (the test browser adds its own).
pub(crate) fn fields_of(html: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let tag_end = rest.find('>').expect("a closed tag") + 1;
        let tag = &rest[..tag_end];
        let name_of = |a: &[(String, String)]| attribute(a, "name").map(str::to_owned);
        if tag.starts_with("<input") {
            let a = attributes(tag);
            let kind = attribute(&a, "type").unwrap_or("text");
            if let Some(name) = name_of(&a) {
                let checked = attribute(&a, "checked").is_some();
                let value = attribute(&a, "value").unwrap_or("").to_owned();
                match kind {
                    "checkbox" | "radio" if checked => fields.push((
                        name,
                        if value.is_empty() && kind == "checkbox" {
                            "on".to_owned()
                        } else {
                            value
                        },
                    )),
                    "checkbox" | "radio" | "submit" | "button" => {}
                    _ => fields.push((name, value)),
                }
            }
        } else if tag.starts_with("<textarea") {
            let a = attributes(tag);
            let body = &rest[tag_end..];
            let end = body.find("</textarea>").expect("a closed text area");
            if let Some(name) = name_of(&a) {
                fields.push((name, unescape(&body[..end])));
            }
        } else if tag.starts_with("<select") {
            let a = attributes(tag);
            let body = &rest[tag_end..];
            let end = body.find("</select>").expect("a closed menu");
            let options: Vec<Vec<(String, String)>> = body[..end]
                .split("<option")
                .skip(1)
                .map(|o| attributes(&format!("<option{}", &o[..o.find('>').unwrap_or(o.len())])))
                .collect();
            let chosen = options
                .iter()
                .find(|o| attribute(o, "selected").is_some())
                .or(options.first());
            if let (Some(name), Some(option)) = (name_of(&a), chosen) {
                fields.push((name, attribute(option, "value").unwrap_or("").to_owned()));
            }
        }
        rest = &rest[tag_end..];
    }
    fields.retain(|(name, _)| name != "csrf");
    fields
}

/// The question's save form on a builder page (the form with `action` `save` inside the
/// question's section).
pub(crate) fn save_form<'a>(page: &'a str, question: &str) -> &'a str {
    let section_start = page
        .find(&format!("id=\"q-{question}\""))
        .unwrap_or_else(|| panic!("question {question} on {page}"));
    let section = &page[section_start..];
    let marker = "name=\"action\" value=\"save\"";
    let at = section.find(marker).expect("a save form");
    let start = section[..at].rfind("<form").expect("the form's start");
    let end = section[at..].find("</form>").expect("the form's end") + at;
    &section[start..end]
}

#[test]
fn forms_are_read_as_a_browser_sends_them() {
    let html = r#"<form method="post"><input type="hidden" name="csrf" value="x">
<input type="hidden" name="action" value="save"><input name="t" value="a &#34;b&#34; &#60;c&#62;">
<textarea name="text.en">Line &amp; more</textarea>
<label><input type="checkbox" name="required" checked> R</label><input type="checkbox" name="off">
<input type="radio" name="rule" value="always"><input type="radio" name="rule" value="group" checked>
<select name="rule_join"><option value="all">All</option><option value="any" selected>Any</option></select>
<select name="q"><option value="nps">NPS</option><option value="why">Why</option></select>
<button type="submit">Save</button></form>"#;
    let fields = fields_of(html);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("action", "save"),
            ("t", "a \"b\" <c>"),
            ("text.en", "Line & more"),
            ("required", "on"),
            ("rule", "group"),
            ("rule_join", "any"),
            ("q", "nps"),
        ]
    );
}
