//! The survey builder: a new survey from a template or from scratch; questions added, edited,
//! moved and deleted; follow-up logic chosen from menus; every text with its translations side
//! by side; publish, close, the share link and its QR code. Plain forms: it works without
//! JavaScript. Every save goes through the definition's validation (`App::edit_survey`).

use std::collections::BTreeMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use opencx_app::AppError;
use opencx_app::accounts::Member;
use opencx_app::builder::{Edit, KINDS, QuestionForm};
use opencx_app::surveys::LoadedSurvey;
use opencx_app::templates::TEMPLATES;
use opencx_domain::lang::{SUPPORTED, direction};
use opencx_domain::problem::{Location, Part};
use opencx_domain::survey::{CesVariant, Question, QuestionKind};
use opencx_domain::wording;
use opencx_domain::zone::Zone;
use serde_json::Value;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, render};
use super::i18n::{Tr, UiLang};
use super::problems::{
    FormCode, Problem, QuestionName, What, is_hint, place, sentence, sentence_case,
};
use super::survey_pages::{load_survey, question_label, survey_title};
use crate::AppState;

mod rules;

use rules::{Names, RuleView, overlay_rule, rule_of, rule_view, term_index};

type Fields = Vec<(String, String)>;

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The name of a question kind in the viewer's language.
fn kind_name(tr: Tr, kind: &str) -> &'static str {
    match kind {
        "nps" => "NPS (0–10)",
        "csat" => tr.kind_csat(),
        "ces" => tr.kind_ces(),
        "rating" => tr.kind_rating(),
        "single_choice" => tr.kind_single_choice(),
        "multiple_choice" => tr.kind_multiple_choice(),
        "yes_no" => tr.kind_yes_no(),
        "short_text" => tr.kind_short_text(),
        "long_text" => tr.kind_long_text(),
        "contact" => tr.kind_contact(),
        _ => "?",
    }
}

// ---------------------------------------------------------------------------------------------
// New survey

struct TemplateChoice {
    slug: &'static str,
    title: String,
    questions: usize,
    languages: String,
}

#[derive(Template)]
#[template(path = "admin/new_survey.html")]
struct NewSurveyPage {
    c: Chrome,
    action: String,
    templates: Vec<TemplateChoice>,
    error: Option<String>,
}

/// `GET /w/{ws}/surveys/new`: the templates and a blank survey.
pub async fn show_new(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    new_page(&state, &who, &member, None, StatusCode::OK).await
}

async fn new_page(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let templates = TEMPLATES
        .iter()
        .filter_map(|t| {
            let document = t.document();
            let definition = opencx_app::surveys::check_definition(&document).ok()?;
            Some(TemplateChoice {
                slug: t.slug,
                title: definition
                    .title
                    .resolve(lang.code(), &definition.default_language)
                    .unwrap_or(t.slug)
                    .to_owned(),
                questions: definition.questions.len(),
                languages: definition
                    .languages
                    .iter()
                    .map(|l| wording::language_name(l).unwrap_or(l).to_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })
        .collect();
    let page = NewSurveyPage {
        c: Chrome::signed_in(state, who, Some(member), "surveys", tr.new_survey()).await,
        action: format!("/w/{}/surveys/new", member.workspace.slug),
        templates,
        error,
    };
    render(status, &page)
}

/// `POST /w/{ws}/surveys/new`: creates a draft from a template (`template`) or blank.
pub async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let title = field(&fields, "title").unwrap_or("").trim().to_owned();
    let document = match field(&fields, "template").unwrap_or("") {
        "" | "blank" => {
            let title = if title.is_empty() {
                tr.untitled().to_owned()
            } else {
                title.clone()
            };
            serde_json::json!({
                "title": { lang.code(): title },
                "default_language": lang.code(),
                "languages": [lang.code()],
                "questions": [{"id": "nps", "kind": "nps", "required": true}]
            })
        }
        slug => match opencx_app::templates::find(slug) {
            Some(t) => {
                let mut document = t.document();
                if !title.is_empty() {
                    let default = document["default_language"]
                        .as_str()
                        .unwrap_or("en")
                        .to_owned();
                    document["title"] = serde_json::json!({ default: title });
                }
                document
            }
            None => {
                return new_page(
                    &state,
                    &who,
                    &member,
                    Some(tr.error_body().into()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        },
    };
    match state
        .app
        .create_survey(member.workspace.id, None, document)
        .await
    {
        Ok(survey) => Redirect::to(&format!(
            "/w/{}/surveys/{}/edit",
            member.workspace.slug, survey.row.id
        ))
        .into_response(),
        Err(error @ AppError::Invalid { .. }) => {
            // A title that validation refuses (too long, control characters), in words.
            let message = problems_of(&error)
                .iter()
                .map(|problem| {
                    let text = sentence(tr, problem, &|_| None);
                    let part = problem.location.as_ref().map_or(Part::Survey, |l| l.part);
                    match place(tr, part, None) {
                        Some(place) => format!("{place}: {text}"),
                        None => sentence_case(&text),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            new_page(
                &state,
                &who,
                &member,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => app_error_screen(&state, lang, e),
    }
}

// ---------------------------------------------------------------------------------------------
// The builder page

/// One message placed next to a control; its `id` is what the control's `aria-describedby`
/// names.
struct Inline {
    id: String,
    text: String,
    /// A hint about how the builder works (shown calmer than an error).
    hint: bool,
}

/// The messages next to one control (none when all is well).
#[derive(Default)]
struct Slot(Vec<Inline>);

impl Slot {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids for `aria-describedby`.
    fn ids(&self) -> String {
        self.0
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A text field with one input per language.
struct TextRow {
    /// Form field prefix: `text` gives `text.en`, `text.he`…
    name: String,
    label: String,
    cells: Vec<Cell>,
    multiline: bool,
    slot: Slot,
}

struct Cell {
    lang: String,
    dir: &'static str,
    value: String,
    placeholder: String,
    /// The survey's default language, which the others fall back to.
    default: bool,
    invalid: bool,
}

struct QuestionView {
    id: String,
    number: usize,
    kind_label: &'static str,
    required: bool,
    texts: TextRow,
    help: TextRow,
    /// The end labels of an NPS scale.
    end_labels: Vec<TextRow>,
    /// For multiple choice: the fewest and most options, as typed.
    choice_limits: Option<(String, String)>,
    /// For contact questions: (field, label, asked).
    contact_fields: Vec<(&'static str, &'static str, bool)>,
    scale: Option<(u8, Vec<u8>)>,
    variant: Option<String>,
    options: Vec<(String, TextRow)>,
    /// The option rows that hold an option, in order: validation counts only those.
    option_rows: Vec<usize>,
    rule: RuleView,
    end_rule: RuleView,
    /// Earlier questions a "show when" rule may read: (id, label).
    earlier: Vec<(String, String)>,
    /// Options of earlier choice and yes/no questions: (value `question:option`, label).
    earlier_options: Vec<(String, String)>,
    /// The same up to and including this question, for "end the survey when".
    end_questions: Vec<(String, String)>,
    end_options: Vec<(String, String)>,
    first: bool,
    last: bool,
    /// Problems of the question as a whole, or of a setting without a message of its own.
    slot: Slot,
    bad_limits: bool,
    bad_contact: bool,
    bad_scale: bool,
}

/// The survey-wide settings form: what it shows besides its text rows.
#[derive(Default)]
struct SettingsView {
    /// `YYYY-MM-DDTHH:MM` in the workspace's time zone for the datetime input, or empty.
    closes_at: String,
    /// The workspace's time zone, named beside the close time.
    zone: &'static str,
    response_quota: String,
    /// (code, name, offered, default).
    languages: Vec<(String, String, bool, bool)>,
    slot: Slot,
    bad_closes_at: bool,
    bad_quota: bool,
    bad_languages: bool,
}

/// One line of the summary at the top: the message, and the message beside the field it
/// links to (if any).
struct SummaryLine {
    text: String,
    anchor: Option<String>,
    hint: bool,
}

#[derive(Template)]
#[template(path = "admin/builder.html")]
struct BuilderPage {
    c: Chrome,
    base: String,
    title: String,
    status: String,
    status_label: &'static str,
    version: String,
    share_url: String,
    titles: TextRow,
    intro: TextRow,
    thanks: TextRow,
    settings: SettingsView,
    /// The revision (last change time) the page shows; a save from an older page is refused.
    revision: i64,
    questions: Vec<QuestionView>,
    kinds: Vec<(&'static str, &'static str)>,
    summary: Vec<SummaryLine>,
    notice: Option<&'static str>,
    preview_links: Vec<(String, String)>,
    /// The survey's languages, for conditions on the respondent's language: (code, name).
    survey_languages: Vec<(String, String)>,
    /// The builder's script (it only enhances the forms).
    script: String,
}

impl BuilderPage {
    fn has_errors(&self) -> bool {
        self.summary.iter().any(|line| !line.hint)
    }
}

fn text_of(value: Option<&Value>, lang: &str, default_language: &str) -> String {
    match value {
        Some(Value::String(s)) if lang == default_language => s.clone(),
        Some(Value::Object(map)) => map
            .get(lang)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        _ => String::new(),
    }
}

fn text_row(
    name: &str,
    label: String,
    value: Option<&Value>,
    languages: &[String],
    default: &str,
    placeholder: impl Fn(&str) -> String,
    multiline: bool,
) -> TextRow {
    TextRow {
        name: name.to_owned(),
        label,
        cells: languages
            .iter()
            .map(|l| Cell {
                lang: l.clone(),
                dir: direction(l),
                value: text_of(value, l, default),
                placeholder: placeholder(l),
                default: l == default,
                invalid: false,
            })
            .collect(),
        multiline,
        slot: Slot::default(),
    }
}

/// (value, label) pairs of a menu.
type Choices = Vec<(String, String)>;

/// What a rule may read among `questions`: (id, label) of each, and (`question:option`, label)
/// of each option of the choice and yes/no questions.
fn choices_of(questions: &[Question], survey: &LoadedSurvey, lang: UiLang) -> (Choices, Choices) {
    let default = &survey.definition.default_language;
    let labels = questions
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                format!("{} — {}", e.id, question_label(e, survey, lang.code())),
            )
        })
        .collect();
    let mut options = Vec::new();
    for e in questions {
        match &e.kind {
            QuestionKind::SingleChoice { options: choices }
            | QuestionKind::MultipleChoice {
                options: choices, ..
            } => {
                for o in choices {
                    options.push((
                        format!("{}:{}", e.id, o.id),
                        format!(
                            "{} → {}",
                            e.id,
                            o.label.resolve(lang.code(), default).unwrap_or(&o.id)
                        ),
                    ));
                }
            }
            QuestionKind::YesNo => {
                let (yes, no) = wording::yes_no_labels(lang.code());
                options.push((format!("{}:yes", e.id), format!("{} → {yes}", e.id)));
                options.push((format!("{}:no", e.id), format!("{} → {no}", e.id)));
            }
            _ => {}
        }
    }
    (labels, options)
}

/// The survey-wide text rows (title, introduction, thank-you) and the questions' views.
type BuilderView = ([TextRow; 3], Vec<QuestionView>);

fn builder_view(survey: &LoadedSurvey, tr: Tr, lang: UiLang) -> BuilderView {
    let document = &survey.document;
    let definition = &survey.definition;
    let languages = &definition.languages;
    let default = &definition.default_language;
    let titles = text_row(
        "title",
        tr.title().to_owned(),
        document.get("title"),
        languages,
        default,
        |_| String::new(),
        false,
    );
    let raw: Vec<&Value> = document
        .get("questions")
        .and_then(Value::as_array)
        .map(|q| q.iter().collect())
        .unwrap_or_default();
    let count = definition.questions.len();
    // Another question as the manager knows it, for rules shown in words.
    let name = |id: &str| match definition.questions.iter().position(|q| q.id == id) {
        Some(n) => QuestionName {
            number: n + 1,
            title: question_label(&definition.questions[n], survey, lang.code()),
        }
        .say(tr),
        None => format!("“{id}”"),
    };
    let option = |question: &str, option: &str| {
        let kind = definition.question(question).map(|q| &q.kind);
        match kind {
            Some(
                QuestionKind::SingleChoice { options }
                | QuestionKind::MultipleChoice { options, .. },
            ) => options
                .iter()
                .find(|o| o.id == option)
                .and_then(|o| o.label.resolve(lang.code(), default))
                .unwrap_or(option)
                .to_owned(),
            Some(QuestionKind::YesNo) => {
                let (yes, no) = wording::yes_no_labels(lang.code());
                match option {
                    "yes" => yes.to_owned(),
                    "no" => no.to_owned(),
                    other => other.to_owned(),
                }
            }
            _ => option.to_owned(),
        }
    };
    let names = Names {
        question: &name,
        option: &option,
    };
    let questions = definition
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let raw_q = raw.get(i).copied().unwrap_or(&Value::Null);
            let kind = q.kind.tag().to_owned();
            let earlier_questions = &definition.questions[..i];
            let (earlier, earlier_options) = choices_of(earlier_questions, survey, lang);
            let rule = rule_view(raw_q.get("show_if"), tr, &names);
            let end_rule = rule_view(raw_q.get("end_if"), tr, &names);
            let (end_questions, end_options) =
                choices_of(&definition.questions[..=i], survey, lang);
            let options = match &q.kind {
                QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } => {
                    let raw_options: Vec<&Value> = raw_q
                        .get("options")
                        .and_then(Value::as_array)
                        .map(|o| o.iter().collect())
                        .unwrap_or_default();
                    let mut rows: Vec<(String, TextRow)> = raw_options
                        .iter()
                        .enumerate()
                        .map(|(n, o)| {
                            let id = o.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
                            (
                                id.clone(),
                                text_row(
                                    &format!("opt.{n}"),
                                    id,
                                    o.get("label"),
                                    languages,
                                    default,
                                    |_| String::new(),
                                    false,
                                ),
                            )
                        })
                        .collect();
                    // Two empty rows to add options without JavaScript.
                    for extra in 0..2 {
                        let n = raw_options.len() + extra;
                        rows.push((
                            String::new(),
                            text_row(
                                &format!("opt.{n}"),
                                tr.new_option().to_owned(),
                                None,
                                languages,
                                default,
                                |_| String::new(),
                                false,
                            ),
                        ));
                    }
                    rows
                }
                _ => Vec::new(),
            };
            let option_rows = options
                .iter()
                .enumerate()
                .filter(|(_, (id, _))| !id.is_empty())
                .map(|(n, _)| n)
                .collect();
            QuestionView {
                id: q.id.clone(),
                number: i + 1,
                kind_label: kind_name(tr, &kind),
                required: q.required,
                texts: text_row(
                    "text",
                    tr.question_text().to_owned(),
                    raw_q.get("text"),
                    languages,
                    default,
                    |l| wording::default_question_text(&q.kind, l).to_owned(),
                    true,
                ),
                help: text_row(
                    "help",
                    tr.help_text().to_owned(),
                    raw_q.get("help"),
                    languages,
                    default,
                    |_| String::new(),
                    false,
                ),
                end_labels: match &q.kind {
                    QuestionKind::Nps { .. } => vec![
                        text_row(
                            "low_label",
                            tr.low_label().to_owned(),
                            raw_q.get("low_label"),
                            languages,
                            default,
                            |l| wording::nps_end_labels(l).0.to_owned(),
                            false,
                        ),
                        text_row(
                            "high_label",
                            tr.high_label().to_owned(),
                            raw_q.get("high_label"),
                            languages,
                            default,
                            |l| wording::nps_end_labels(l).1.to_owned(),
                            false,
                        ),
                    ],
                    _ => Vec::new(),
                },
                choice_limits: match &q.kind {
                    QuestionKind::MultipleChoice {
                        min_choices,
                        max_choices,
                        ..
                    } => Some((
                        min_choices.map(|n| n.to_string()).unwrap_or_default(),
                        max_choices.map(|n| n.to_string()).unwrap_or_default(),
                    )),
                    _ => None,
                },
                contact_fields: match &q.kind {
                    QuestionKind::Contact { fields } => [
                        opencx_domain::survey::ContactField::Name,
                        opencx_domain::survey::ContactField::Email,
                        opencx_domain::survey::ContactField::Phone,
                    ]
                    .into_iter()
                    .map(|f| {
                        (
                            f.as_str(),
                            wording::contact_field_label(f, lang.code()),
                            fields.contains(&f),
                        )
                    })
                    .collect(),
                    _ => Vec::new(),
                },
                scale: match &q.kind {
                    QuestionKind::Csat { scale } => Some((*scale, vec![5, 7])),
                    QuestionKind::Rating { scale } => Some((*scale, vec![5, 10])),
                    _ => None,
                },
                variant: match &q.kind {
                    QuestionKind::Ces {
                        variant: CesVariant::FiveOption,
                    } => Some("five_option".into()),
                    QuestionKind::Ces {
                        variant: CesVariant::Agreement7,
                    } => Some("agreement_7".into()),
                    _ => None,
                },
                options,
                option_rows,
                rule,
                end_rule,
                earlier,
                earlier_options,
                end_questions,
                end_options,
                first: i == 0,
                last: i + 1 == count,
                slot: Slot::default(),
                bad_limits: false,
                bad_contact: false,
                bad_scale: false,
            }
        })
        .collect();
    let text = |name: &str, label: &str| {
        text_row(
            name,
            label.to_owned(),
            document.get(name),
            languages,
            default,
            |_| String::new(),
            true,
        )
    };
    (
        [
            titles,
            text("intro", tr.intro_text()),
            text("thanks", tr.thanks_text()),
        ],
        questions,
    )
}

fn settings_view(survey: &LoadedSurvey, zone: Zone) -> SettingsView {
    SettingsView {
        closes_at: survey
            .definition
            .closes_at_ms
            .and_then(|at| chrono::DateTime::from_timestamp_millis(zone.local_ms(at)))
            // Seconds only when there are some, so a save of other settings keeps them.
            .map(|d| {
                let format = if d.timestamp() % 60 == 0 {
                    "%Y-%m-%dT%H:%M"
                } else {
                    "%Y-%m-%dT%H:%M:%S"
                };
                d.format(format).to_string()
            })
            .unwrap_or_default(),
        zone: zone.name(),
        response_quota: survey
            .definition
            .response_quota
            .map(|q| q.to_string())
            .unwrap_or_default(),
        // The built-in languages, then any other the survey offers (from its document).
        languages: SUPPORTED
            .iter()
            .map(|l| (*l).to_owned())
            .chain(
                survey
                    .definition
                    .languages
                    .iter()
                    .filter(|l| !SUPPORTED.contains(&l.as_str()))
                    .cloned(),
            )
            .map(|l| {
                (
                    wording::language_name(&l).unwrap_or(&l).to_owned(),
                    survey.definition.languages.contains(&l),
                    survey.definition.default_language == l,
                    l,
                )
            })
            .map(|(name, offered, default, code)| (code, name, offered, default))
            .collect(),
        ..SettingsView::default()
    }
}

// ---------------------------------------------------------------------------------------------
// What was typed, shown again when a save fails

/// Puts what the form sent into a text row's inputs (the row's `name` is the fields' prefix).
fn overlay_row(row: &mut TextRow, fields: &Fields) {
    for cell in &mut row.cells {
        cell.value = field(fields, &format!("{}.{}", row.name, cell.lang))
            .unwrap_or("")
            .to_owned();
    }
}

/// The question form as it was sent: texts, options, settings and rules.
fn overlay_question(q: &mut QuestionView, fields: &Fields, tr: Tr) {
    overlay_row(&mut q.texts, fields);
    overlay_row(&mut q.help, fields);
    for row in &mut q.end_labels {
        overlay_row(row, fields);
    }
    q.required = field(fields, "required").is_some();
    if let Some((min, max)) = &mut q.choice_limits {
        *min = field(fields, "min_choices").unwrap_or("").to_owned();
        *max = field(fields, "max_choices").unwrap_or("").to_owned();
    }
    for (name, _, asked) in &mut q.contact_fields {
        *asked = fields
            .iter()
            .any(|(k, v)| k == "contact_fields" && v == name);
    }
    if let Some((scale, choices)) = &mut q.scale
        && let Some(sent) = field(fields, "scale").and_then(|s| s.parse::<u8>().ok())
        && choices.contains(&sent)
    {
        *scale = sent;
    }
    if let Some(variant) = &mut q.variant
        && let Some(sent) =
            field(fields, "variant").filter(|v| ["five_option", "agreement_7"].contains(v))
    {
        *variant = sent.to_owned();
    }
    if !q.options.is_empty() {
        let template = q.options[0]
            .1
            .cells
            .iter()
            .map(|c| (c.lang.clone(), c.default))
            .collect::<Vec<_>>();
        let mut rows = Vec::new();
        let mut filled = Vec::new();
        for n in 0..MAX_OPTION_ROWS {
            let name = format!("opt.{n}");
            let id = field(fields, &format!("id.{name}"))
                .unwrap_or("")
                .to_owned();
            let sent = texts(fields, &name);
            if id.is_empty() && sent.is_empty() {
                // The form numbers its rows from 0 without gaps.
                break;
            }
            if sent.values().any(|v| !v.trim().is_empty()) {
                filled.push(rows.len());
            }
            let mut row = TextRow {
                name: name.clone(),
                label: if id.is_empty() {
                    tr.new_option().to_owned()
                } else {
                    id.clone()
                },
                cells: template
                    .iter()
                    .map(|(lang, default)| Cell {
                        lang: lang.clone(),
                        dir: direction(lang),
                        value: String::new(),
                        placeholder: String::new(),
                        default: *default,
                        invalid: false,
                    })
                    .collect(),
                multiline: false,
                slot: Slot::default(),
            };
            overlay_row(&mut row, fields);
            rows.push((id, row));
        }
        if !rows.is_empty() {
            q.options = rows;
            q.option_rows = filled;
        }
    }
    overlay_rule(&mut q.rule, fields, "rule");
    overlay_rule(&mut q.end_rule, fields, "end");
}

/// The settings form as it was sent.
fn overlay_settings(rows: &mut [TextRow; 3], settings: &mut SettingsView, fields: &Fields) {
    for row in rows.iter_mut() {
        overlay_row(row, fields);
    }
    let offered: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "languages")
        .map(|(_, v)| v.as_str())
        .collect();
    let default = field(fields, "default_language");
    for (code, _, is_offered, is_default) in &mut settings.languages {
        *is_offered = offered.contains(&code.as_str());
        if let Some(default) = default {
            *is_default = default == code;
        }
    }
    settings.closes_at = field(fields, "closes_at").unwrap_or("").to_owned();
    settings.response_quota = field(fields, "response_quota").unwrap_or("").to_owned();
}

/// Most option rows a question form is read for.
const MAX_OPTION_ROWS: usize = opencx_domain::survey::MAX_OPTIONS + 2;

// ---------------------------------------------------------------------------------------------
// Problems beside their fields

/// Problems of a refused edit, as the builder shows them.
fn problems_of(error: &AppError) -> Vec<Problem> {
    match error {
        AppError::Invalid { problems, message } if problems.is_empty() => vec![Problem {
            what: What::Other(message.clone()),
            location: None,
            technical: message.clone(),
        }],
        AppError::Invalid { problems, .. } => problems
            .iter()
            .map(|p| {
                let technical = format!("{}: {}", p.field, p.message);
                match &p.definition {
                    Some((code, location)) => Problem {
                        what: What::Definition(code.clone()),
                        location: Some(location.clone()),
                        technical,
                    },
                    None => Problem {
                        what: What::Other(p.message.clone()),
                        location: None,
                        technical,
                    },
                }
            })
            .collect(),
        other => vec![Problem {
            what: What::Other(other.to_string()),
            location: None,
            technical: other.to_string(),
        }],
    }
}

/// Puts each problem beside its field (with an id for `aria-describedby`) and into the summary.
fn place_problems(
    page: &mut BuilderPage,
    problems: &[Problem],
    names: &BTreeMap<String, QuestionName>,
    tr: Tr,
) {
    let name = |id: &str| names.get(id).cloned();
    for (n, problem) in problems.iter().enumerate() {
        let anchor = format!("problem-{}", n + 1);
        let text = sentence(tr, problem, &name);
        let hint = is_hint(&problem.what);
        let inline = Inline {
            id: anchor.clone(),
            text: sentence_case(&text),
            hint,
        };
        let location = problem.location.as_ref();
        let question = location.and_then(|l| {
            l.question_id
                .as_deref()
                .and_then(|id| page.questions.iter().position(|q| q.id == id))
                .or_else(|| l.question.filter(|i| *i < page.questions.len()))
        });
        let part = location.map_or(Part::Survey, |l| l.part);
        let language = location.and_then(|l| l.language.as_deref());
        let placed = match question {
            Some(i) => {
                let term = term_index(&problem.technical);
                place_in_question(&mut page.questions[i], part, language, term, inline);
                true
            }
            None if location.is_some_and(|l| l.question.is_none() && l.question_id.is_none()) => {
                place_in_settings(page, part, language, inline)
            }
            None => false,
        };
        let question_name = question.and_then(|i| names.get(&page.questions[i].id));
        let text = match place(tr, part, question_name) {
            Some(place) => format!("{place}: {text}"),
            None => sentence_case(&text),
        };
        page.summary.push(SummaryLine {
            text,
            anchor: placed.then_some(anchor),
            hint,
        });
    }
}

/// Marks the cells of a text row: the one language concerned, or every cell.
fn mark_row(row: &mut TextRow, language: Option<&str>, inline: Inline) {
    for cell in &mut row.cells {
        if language.is_none_or(|l| l == cell.lang) {
            cell.invalid = true;
        }
    }
    row.slot.0.push(inline);
}

/// Places a problem of a question beside its field; `term` is the condition of a rule's group
/// it is about, if any.
fn place_in_question(
    q: &mut QuestionView,
    part: Part,
    language: Option<&str>,
    term: Option<usize>,
    inline: Inline,
) {
    match part {
        Part::Text => mark_row(&mut q.texts, language, inline),
        Part::Help => mark_row(&mut q.help, language, inline),
        Part::LowLabel if !q.end_labels.is_empty() => {
            mark_row(&mut q.end_labels[0], language, inline)
        }
        Part::HighLabel if q.end_labels.len() > 1 => {
            mark_row(&mut q.end_labels[1], language, inline)
        }
        Part::Option(n) if q.option_rows.get(n).is_some_and(|r| *r < q.options.len()) => {
            let row = q.option_rows[n];
            mark_row(&mut q.options[row].1, language, inline)
        }
        Part::ShowIf => q.rule.place(term, inline),
        Part::EndIf => q.end_rule.place(term, inline),
        other => {
            match other {
                Part::ChoiceLimits => q.bad_limits = true,
                Part::ContactFields => q.bad_contact = true,
                Part::Scale => q.bad_scale = true,
                _ => {}
            }
            q.slot.0.push(inline);
        }
    }
}

/// Places a survey-wide problem in the settings form; `false` for one that has no field there
/// (the summary alone shows it).
fn place_in_settings(
    page: &mut BuilderPage,
    part: Part,
    language: Option<&str>,
    inline: Inline,
) -> bool {
    match part {
        Part::Title => mark_row(&mut page.titles, language, inline),
        Part::Intro => mark_row(&mut page.intro, language, inline),
        Part::Thanks => mark_row(&mut page.thanks, language, inline),
        Part::ClosesAt => {
            page.settings.bad_closes_at = true;
            page.settings.slot.0.push(inline);
        }
        Part::ResponseQuota => {
            page.settings.bad_quota = true;
            page.settings.slot.0.push(inline);
        }
        Part::Languages | Part::DefaultLanguage => {
            page.settings.bad_languages = true;
            page.settings.slot.0.push(inline);
        }
        _ => return false,
    }
    true
}

/// What a builder page shows besides the stored survey: a notice after a save, or the form
/// that was refused with its problems.
enum Outcome<'a> {
    Shown(Option<&'static str>),
    Refused {
        /// The form as it was sent; `None` when no form is to be shown again (publish, close).
        sent: Option<&'a Fields>,
        problems: Vec<Problem>,
    },
}

async fn builder_page(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    survey: &LoadedSurvey,
    outcome: Outcome<'_>,
    headers: &HeaderMap,
    status: StatusCode,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let ([titles, intro, thanks], questions) = builder_view(survey, tr, lang);
    let base = format!("/w/{}/surveys/{}", member.workspace.slug, survey.row.id);
    let title = survey_title(survey, lang);
    let share_url = format!(
        "{}/s/{}",
        super::members::origin_of(state, headers),
        survey.row.slug
    );
    let mut page = BuilderPage {
        c: Chrome::signed_in(state, who, Some(member), "surveys", &title).await,
        status_label: tr.status_name(&survey.row.status),
        status: survey.row.status.clone(),
        version: tr.number(survey.row.current_version),
        script: state.assets.builder_js.url.clone(),
        survey_languages: survey
            .definition
            .languages
            .iter()
            .map(|l| (l.clone(), wording::language_name(l).unwrap_or(l).to_owned()))
            .collect(),
        preview_links: survey
            .definition
            .languages
            .iter()
            .map(|l| {
                (
                    format!("{base}/preview?lang={l}"),
                    wording::language_name(l).unwrap_or(l).to_owned(),
                )
            })
            .collect(),
        share_url,
        base,
        title,
        titles,
        intro,
        thanks,
        settings: settings_view(survey, member.workspace.time_zone),
        revision: survey.row.updated_at,
        questions,
        kinds: KINDS.iter().map(|k| (*k, kind_name(tr, k))).collect(),
        summary: Vec::new(),
        notice: None,
    };
    match outcome {
        Outcome::Shown(notice) => page.notice = notice,
        Outcome::Refused { sent, problems } => {
            if let Some(fields) = sent {
                match field(fields, "action") {
                    Some("save") => {
                        let id = field(fields, "question").unwrap_or("");
                        if let Some(q) = page.questions.iter_mut().find(|q| q.id == id) {
                            overlay_question(q, fields, tr);
                        }
                    }
                    Some("settings") => {
                        let mut rows = [
                            std::mem::replace(&mut page.titles, empty_row()),
                            std::mem::replace(&mut page.intro, empty_row()),
                            std::mem::replace(&mut page.thanks, empty_row()),
                        ];
                        overlay_settings(&mut rows, &mut page.settings, fields);
                        let [titles, intro, thanks] = rows;
                        page.titles = titles;
                        page.intro = intro;
                        page.thanks = thanks;
                    }
                    _ => {}
                }
            }
            let names: BTreeMap<String, QuestionName> = survey
                .definition
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    (
                        q.id.clone(),
                        QuestionName {
                            number: i + 1,
                            title: question_label(q, survey, lang.code()),
                        },
                    )
                })
                .collect();
            place_problems(&mut page, &problems, &names, tr);
        }
    }
    render(status, &page)
}

fn empty_row() -> TextRow {
    TextRow {
        name: String::new(),
        label: String::new(),
        cells: Vec::new(),
        multiline: false,
        slot: Slot::default(),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct EditQuery {
    saved: Option<String>,
}

/// `GET /w/{ws}/surveys/{survey}/edit`.
pub async fn show_builder(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    axum::extract::Query(query): axum::extract::Query<EditQuery>,
    headers: HeaderMap,
) -> Response {
    let survey = match load_survey(&state, &member, &survey_id, who.lang()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let tr = Tr(who.lang());
    let notice = match query.saved.as_deref() {
        Some("published") => Some(tr.published_notice()),
        Some("closed") => Some(tr.closed_notice()),
        Some(_) => Some(tr.saved()),
        None => None,
    };
    builder_page(
        &state,
        &who,
        &member,
        &survey,
        Outcome::Shown(notice),
        &headers,
        StatusCode::OK,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Reading the forms

/// Reads the per-language inputs `prefix.LANG` of a form.
fn texts(fields: &Fields, prefix: &str) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter_map(|(k, v)| {
            let lang = k.strip_prefix(prefix)?.strip_prefix('.')?;
            opencx_domain::lang::is_valid_code(lang).then(|| (lang.to_owned(), v.clone()))
        })
        .collect()
}

/// Where in the question being saved (`question` names it) a form problem is.
fn in_form(fields: &Fields, part: Part) -> Location {
    match field(fields, "question") {
        Some(id) => Location {
            question: None,
            question_id: Some(id.to_owned()),
            part,
            language: None,
        },
        None => Location::survey(part),
    }
}

fn form_problem(code: FormCode, location: Location, technical: impl Into<String>) -> Box<Problem> {
    Box::new(Problem {
        what: What::Form(code),
        location: Some(location),
        technical: technical.into(),
    })
}

/// A whole number from an optional form field.
fn optional_number(fields: &Fields, name: &str, part: Part) -> Result<Option<i64>, Box<Problem>> {
    match field(fields, name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
            form_problem(
                FormCode::NotANumber,
                in_form(fields, part),
                format!("{name}: must be a whole number"),
            )
        }),
    }
}

fn question_form(fields: &Fields) -> Result<QuestionForm, Box<Problem>> {
    let mut options = Vec::new();
    for n in 0..200 {
        let prefix = format!("opt.{n}");
        let labels = texts(fields, &prefix);
        // `id.opt.N`, not `opt.N.id`: "id" is a language code (Indonesian), and would be read
        // as one of the option's labels.
        let id = field(fields, &format!("id.{prefix}"))
            .unwrap_or("")
            .to_owned();
        if labels.is_empty() && id.is_empty() {
            if n > 0
                && field(fields, &format!("id.opt.{}", n + 1)).is_none()
                && texts(fields, &format!("opt.{}", n + 1)).is_empty()
            {
                break;
            }
            continue;
        }
        options.push((id, labels));
    }
    let show_if = rule_of(fields, "rule")?;
    let end_if = rule_of(fields, "end")?;
    Ok(QuestionForm {
        texts: texts(fields, "text"),
        help: texts(fields, "help"),
        low_label: texts(fields, "low_label"),
        high_label: texts(fields, "high_label"),
        contact_fields: fields
            .iter()
            .filter(|(k, _)| k == "contact_fields")
            .map(|(_, v)| v.clone())
            .collect(),
        required: field(fields, "required").is_some(),
        scale: field(fields, "scale").and_then(|s| s.parse().ok()),
        variant: field(fields, "variant").map(str::to_owned),
        options,
        show_if,
        end_if,
        min_choices: optional_number(fields, "min_choices", Part::ChoiceLimits)?,
        max_choices: optional_number(fields, "max_choices", Part::ChoiceLimits)?,
    })
}

/// The close time typed in a datetime-local input, a minute of the workspace's time zone, as
/// the definition's RFC 3339 time in UTC: the first such instant where clocks go back, the
/// moment they land where they skip it. Seconds are taken too (a browser sends them when the
/// value has some). Anything else is passed on for the definition's check to name.
fn closes_at_of(local: &str, zone: Zone) -> String {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(local, format).ok())
        .map(|t| zone.instant_of_local(t.and_utc().timestamp_millis()))
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(
            || local.to_owned(),
            |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
}

/// The edit a builder form asks for; a problem of the form itself (a number that is not one, a
/// rule without its question) is boxed, being rare and large.
fn edit_of(fields: &Fields, zone: Zone) -> Result<Edit, Box<Problem>> {
    let question = || field(fields, "question").unwrap_or("").to_owned();
    match field(fields, "action").unwrap_or("") {
        "add" => Ok(Edit::AddQuestion {
            kind: field(fields, "kind").unwrap_or("").to_owned(),
        }),
        "save" => Ok(Edit::SaveQuestion {
            id: question(),
            form: question_form(fields)?,
        }),
        "up" => Ok(Edit::MoveQuestion {
            id: question(),
            up: true,
        }),
        "down" => Ok(Edit::MoveQuestion {
            id: question(),
            up: false,
        }),
        "delete" => Ok(Edit::DeleteQuestion { id: question() }),
        "settings" => {
            let languages: Vec<String> = fields
                .iter()
                .filter(|(k, _)| k == "languages")
                .map(|(_, v)| v.clone())
                .filter(|l| opencx_domain::lang::is_valid_code(l))
                .collect();
            // Absent or odd: the survey keeps its default language.
            let default_language = field(fields, "default_language")
                .filter(|l| opencx_domain::lang::is_valid_code(l))
                .map(str::to_owned);
            let closes_at = field(fields, "closes_at")
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|local| closes_at_of(local, zone));
            let response_quota = optional_number(fields, "response_quota", Part::ResponseQuota)?;
            Ok(Edit::Settings {
                closes_at,
                response_quota,
                titles: texts(fields, "title"),
                intro: texts(fields, "intro"),
                thanks: texts(fields, "thanks"),
                languages,
                default_language,
            })
        }
        _ => Err(Box::new(Problem {
            what: What::Other("unknown action".into()),
            location: None,
            technical: "action: unknown action".into(),
        })),
    }
}

/// `POST /w/{ws}/surveys/{survey}/edit`: one builder edit (`action` says which). A refused
/// edit stores nothing and shows the page again with the form as it was sent, each problem
/// beside its field.
pub async fn edit(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = who.lang();
    let survey = match load_survey(&state, &member, &survey_id, lang).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let edit = match edit_of(&fields, member.workspace.time_zone) {
        Ok(edit) => edit,
        Err(problem) => {
            let outcome = Outcome::Refused {
                sent: Some(&fields),
                problems: vec![*problem],
            };
            return builder_page(
                &state,
                &who,
                &member,
                &survey,
                outcome,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    // The revision the form was made from: a save from an older page (another manager saved
    // meanwhile) is refused rather than written over their change. Every form of the builder
    // sends it; a client that leaves it out edits the survey as it is now.
    let revision = match field(&fields, "revision").map(str::parse::<i64>) {
        None => survey.row.updated_at,
        Some(Ok(revision)) => revision,
        Some(Err(_)) => {
            return app_error_screen(
                &state,
                lang,
                AppError::invalid("revision", "is not a revision of this survey"),
            );
        }
    };
    let result = state
        .app
        .edit_survey(member.workspace.id, &survey, revision, &edit)
        .await;
    let (problems, status) = match result {
        Ok(updated) => {
            let anchor = field(&fields, "question")
                .map(|q| format!("#q-{q}"))
                .unwrap_or_default();
            return Redirect::to(&format!(
                "/w/{}/surveys/{}/edit?saved=1{anchor}",
                member.workspace.slug, updated.row.id
            ))
            .into_response();
        }
        Err(error @ AppError::Invalid { .. }) => {
            (problems_of(&error), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::Conflict(_)) => {
            // The page shows the version saved meanwhile, not this form laid over it: saving
            // what was typed again would undo the other change.
            let message = Tr(lang).edited_meanwhile().to_owned();
            let problem = Problem {
                what: What::Other(message.clone()),
                location: None,
                technical: message,
            };
            let survey = match load_survey(&state, &member, &survey_id, lang).await {
                Ok(s) => s,
                Err(r) => return r,
            };
            let outcome = Outcome::Refused {
                sent: None,
                problems: vec![problem],
            };
            return builder_page(
                &state,
                &who,
                &member,
                &survey,
                outcome,
                &headers,
                StatusCode::CONFLICT,
            )
            .await;
        }
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let outcome = Outcome::Refused {
        sent: Some(&fields),
        problems,
    };
    builder_page(&state, &who, &member, &survey, outcome, &headers, status).await
}

/// `POST /w/{ws}/surveys/{survey}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    lifecycle(state, who, member, survey_id, headers, true).await
}

/// `POST /w/{ws}/surveys/{survey}/close`.
pub async fn close(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    lifecycle(state, who, member, survey_id, headers, false).await
}

async fn lifecycle(
    state: AppState,
    who: SignedIn,
    member: Member,
    survey_id: String,
    headers: HeaderMap,
    open: bool,
) -> Response {
    let lang = who.lang();
    let survey = match load_survey(&state, &member, &survey_id, lang).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let result = if open {
        state
            .app
            .publish_survey(member.workspace.id, survey.row.id)
            .await
    } else {
        state
            .app
            .close_survey(member.workspace.id, survey.row.id)
            .await
    };
    match result {
        Ok(s) => Redirect::to(&format!(
            "/w/{}/surveys/{}/edit?saved={}",
            member.workspace.slug,
            s.row.id,
            if open { "published" } else { "closed" }
        ))
        .into_response(),
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict(_) | AppError::Closed(_))) => {
            let outcome = Outcome::Refused {
                sent: None,
                problems: problems_of(&error),
            };
            builder_page(
                &state,
                &who,
                &member,
                &survey,
                outcome,
                &headers,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => app_error_screen(&state, lang, e),
    }
}

// ---------------------------------------------------------------------------------------------
// QR codes

/// The survey behind a QR request and the QR code of its share link (marked `channel=qr`).
async fn survey_qr(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    survey_id: &str,
    headers: &HeaderMap,
) -> Result<(LoadedSurvey, qrcode::QrCode), Response> {
    let survey = load_survey(state, member, survey_id, who.lang()).await?;
    let url = format!(
        "{}/s/{}?channel=qr",
        super::members::origin_of(state, headers),
        survey.row.slug
    );
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => Ok((survey, code)),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

/// `GET /w/{ws}/surveys/{survey}/qr.svg`: the share link as a QR code (SVG).
pub async fn qr_svg(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (survey, code) = match survey_qr(&state, &who, &member, &survey_id, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    let disposition = format!("inline; filename=\"{}-qr.svg\"", survey.row.slug);
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        svg,
    )
        .into_response()
}

/// `GET /w/{ws}/surveys/{survey}/qr.png`: the share link as a QR code (PNG, for print).
pub async fn qr_png(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (survey, code) = match survey_qr(&state, &who, &member, &survey_id, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    match png_of(&code, 10) {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "image/png".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}-qr.png\"", survey.row.slug),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A black-on-white PNG of a QR code, `scale` pixels per module, with a four-module quiet zone.
fn png_of(code: &qrcode::QrCode, scale: usize) -> Option<Vec<u8>> {
    let modules = code.width();
    let quiet = 4;
    let side = (modules + 2 * quiet) * scale;
    let colors = code.to_colors();
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (mx, my) = (i % modules + quiet, i / modules + quiet);
            for y in my * scale..(my + 1) * scale {
                pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&pixels).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use opencx_app::builder::ShowRule;

    #[test]
    fn png_has_the_signature_and_size() {
        let code = qrcode::QrCode::new(b"http://example.com/s/x").unwrap();
        let png = png_of(&code, 4).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn question_forms_are_read() {
        let fields: Fields = vec![
            ("text.en".into(), "Why?".into()),
            ("text.he".into(), "למה?".into()),
            ("required".into(), "on".into()),
            ("rule".into(), "between".into()),
            ("rule_question".into(), "nps".into()),
            ("rule_max".into(), "6".into()),
            ("id.opt.0".into(), "a".into()),
            ("opt.0.en".into(), "A".into()),
            ("opt.1.en".into(), "".into()),
            ("opt.2.en".into(), "C".into()),
        ];
        let form = question_form(&fields).unwrap();
        assert_eq!(
            form.end_if,
            ShowRule::Always,
            "no end rule unless one is chosen"
        );
        let mut ending = fields.clone();
        ending.extend([
            ("end".to_owned(), "any_of".to_owned()),
            ("end_options".to_owned(), "bought:no".to_owned()),
        ]);
        assert_eq!(
            question_form(&ending).unwrap().end_if,
            ShowRule::AnyOf {
                question: "bought".into(),
                options: vec!["no".into()]
            }
        );
        assert!(form.required);
        assert_eq!(form.texts.len(), 2);
        assert_eq!(
            form.show_if,
            ShowRule::Between {
                question: "nps".into(),
                min: None,
                max: Some(6)
            }
        );
        assert_eq!(form.options.len(), 3);
        assert_eq!(form.options[0].0, "a");
        assert_eq!(
            form.options[0].1,
            BTreeMap::from([("en".to_owned(), "A".to_owned())])
        );
        let bad: Fields = vec![
            ("rule".into(), "between".into()),
            ("rule_question".into(), "nps".into()),
            ("rule_min".into(), "x".into()),
        ];
        assert!(question_form(&bad).is_err());
        let mixed: Fields = vec![
            ("rule".into(), "any_of".into()),
            ("rule_options".into(), "a:x".into()),
            ("rule_options".into(), "b:y".into()),
        ];
        assert!(question_form(&mixed).is_err());
    }
}
