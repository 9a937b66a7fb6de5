//! The workspace's text analytics: its themes and keywords (edited in one form, every change
//! re-analysing the open answers in the background with its progress shown), themes discovered
//! in recent answers to accept, and the learned sentiment models per language. Reading it needs
//! the right to read answers (discovered themes quote them); changing it, the right to edit
//! surveys. Corrections of single answers are made on the response page
//! ([`correct_answer`]).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Extension;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opencx_app::AppError;
use opencx_app::accounts::Member;
use opencx_app::taxonomy::{TaxonomyCode, TaxonomyLocation, TaxonomyPart};
use opencx_domain::access::Permission;
use opencx_store::Correction;
use opencx_text::Lang;
use opencx_text::model::MIN_PER_CLASS;
use opencx_text::themes::{Taxonomy, Theme};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, date_time, render};
use super::i18n::Tr;
use super::problems::sentence_case;
use super::survey_pages::parse_id;
use super::theme_problems::{self, ThemeName};
use crate::AppState;

type Fields = Vec<(String, String)>;

/// Candidate themes shown per language.
const DISCOVERED_SHOWN: usize = 8;

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// What the page says after an action.
#[derive(Debug, Deserialize, Default)]
pub struct Done {
    done: Option<String>,
    /// After training: the languages a model was trained for (codes, comma-separated).
    trained: Option<String>,
    /// After a suggestion became a new theme: the language of its keywords.
    lang: Option<String>,
}

/// Messages beside one field: (id for `aria-describedby`, text).
#[derive(Default)]
struct Notes(Vec<(String, String)>);

impl Notes {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids for `aria-describedby`.
    fn ids(&self) -> String {
        self.0
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct LangText {
    code: &'static str,
    name: &'static str,
    dir: &'static str,
    value: String,
    notes: Notes,
}

impl LangText {
    /// The rows of its keywords box: three, or, when a problem was found in it, as many as
    /// its lines (up to 60), so that the keyword the message names is in sight.
    fn rows(&self) -> usize {
        if self.notes.is_empty() {
            3
        } else {
            self.value.lines().count().clamp(3, 60)
        }
    }
}

struct ThemeForm {
    /// Index in the form (`t3.…`).
    index: usize,
    id: String,
    parent: String,
    /// Its name in the manager's language (else another it has, else its id): the legend.
    legend: String,
    names: Vec<LangText>,
    keywords: Vec<LangText>,
    /// Typed on this page and not stored yet: its id can still be changed.
    new: bool,
    /// Ticked for deletion in a form that was refused.
    deleted: bool,
    id_notes: Notes,
    parent_notes: Notes,
    /// A problem of the names as a whole (none given).
    name_notes: Notes,
    /// A problem of the theme as a whole.
    notes: Notes,
}

/// One line of the problems' summary above the page, linking to the message beside its field.
struct SummaryLine {
    text: String,
    anchor: Option<String>,
}

struct ModelView {
    language: String,
    examples: String,
    split: String,
    corrections: String,
    trained: String,
    /// In use, not enough examples, or not trained yet.
    status: String,
}

/// A keyphrase or a group of similar answers that the user may accept as a theme.
struct CandidateView {
    language: String,
    code: &'static str,
    /// The keyphrase, or the group's terms: the keywords an accepted theme gets.
    phrases: Vec<String>,
    answers: String,
    examples: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/text_settings.html")]
struct SettingsPage {
    c: Chrome,
    can_edit: bool,
    /// Suggestions dismissed in the workspace (a button suggests them again).
    dismissed: i64,
    action_base: String,
    /// What was just done (it takes the focus), and whether it is about the suggestions (then
    /// it stands above them rather than at the top).
    message: Option<(String, bool)>,
    error: Option<String>,
    /// The problems of a refused themes form, each linking to its field.
    summary: Vec<SummaryLine>,
    progress: Option<ReanalysisProgress>,
    /// Where the progress script asks for the re-analysis's progress.
    progress_src: String,
    version: i64,
    themes: Vec<ThemeForm>,
    new_theme: ThemeForm,
    /// (id, name) of every theme, for the parent and "add as keyword of" menus.
    choices: Vec<(String, String)>,
    models: Vec<ModelView>,
    candidates: Vec<CandidateView>,
    groups: Vec<CandidateView>,
}

const LANGS: [(&str, &str, &str); 4] = [
    ("en", "English", "ltr"),
    ("pl", "Polski", "ltr"),
    ("he", "עברית", "rtl"),
    ("fa", "فارسی", "rtl"),
];

fn theme_form(index: usize, row: &FormRow, lang: super::i18n::UiLang) -> ThemeForm {
    let theme = &row.theme;
    let per_lang = |values: &dyn Fn(&str) -> String| {
        LANGS
            .iter()
            .map(|(code, name, dir)| LangText {
                code,
                name,
                dir,
                value: values(code),
                notes: Notes::default(),
            })
            .collect()
    };
    ThemeForm {
        index,
        id: theme.id.clone(),
        parent: theme.parent.clone().unwrap_or_default(),
        legend: opencx_app::text::theme_name(theme, lang.code()),
        names: per_lang(&|code| theme.names.get(code).cloned().unwrap_or_default()),
        keywords: per_lang(&|code| {
            theme
                .keywords
                .get(code)
                .map(|k| k.join("\n"))
                .unwrap_or_default()
        }),
        new: row.new,
        deleted: row.deleted,
        id_notes: Notes::default(),
        parent_notes: Notes::default(),
        name_notes: Notes::default(),
        notes: Notes::default(),
    }
}

/// How the manager knows the theme of a row: its number on the page and its name (as
/// everywhere else, see `opencx_app::text::theme_name`).
fn theme_name(number: usize, theme: &Theme, lang: &str) -> ThemeName {
    ThemeName {
        number,
        name: opencx_app::text::theme_name(theme, lang),
    }
}

/// Puts each problem of a refused themes form beside its field (with an id for
/// `aria-describedby`) and into the summary. `rows` are the rows shown, `themes` the position
/// on the page of each theme of the taxonomy that was checked (rows ticked for deletion are
/// not in it).
fn place_problems(
    tr: Tr,
    rows: &mut [ThemeForm],
    themes: &[usize],
    problems: &[(TaxonomyCode, TaxonomyLocation)],
    names: &[ThemeName],
) -> Vec<SummaryLine> {
    let name_of = |i: usize| themes.get(i).and_then(|row| names.get(*row)).cloned();
    let mut summary = Vec::new();
    for (n, (code, location)) in problems.iter().enumerate() {
        let anchor = format!("theme-problem-{}", n + 1);
        let text = theme_problems::sentence(tr, code, location, &name_of);
        let row = location.theme.and_then(|i| themes.get(i).copied());
        // The summary links to the field itself (ids as in `theme_fieldset.html`), so that
        // following the link puts the cursor where the problem is; the message beside the
        // field has an id of its own for `aria-describedby`.
        let target = match row.and_then(|r| rows.get_mut(r)) {
            Some(form) => {
                let note = (anchor.clone(), sentence_case(&text));
                let language = location.language.as_deref();
                let index = form.index;
                let fieldset = format!("theme-{index}");
                Some(match location.part {
                    TaxonomyPart::Id => {
                        form.id_notes.0.push(note);
                        format!("t{index}-id")
                    }
                    TaxonomyPart::Parent => {
                        form.parent_notes.0.push(note);
                        format!("t{index}-parent")
                    }
                    TaxonomyPart::Name if language.is_none() => {
                        form.name_notes.0.push(note);
                        form.names
                            .first()
                            .map_or(fieldset, |c| format!("t{index}-name-{}", c.code))
                    }
                    TaxonomyPart::Name => {
                        if let Some(cell) = form.names.iter_mut().find(|c| Some(c.code) == language)
                        {
                            cell.notes.0.push(note);
                            format!("t{index}-name-{}", cell.code)
                        } else {
                            form.notes.0.push(note);
                            fieldset
                        }
                    }
                    TaxonomyPart::Keywords => {
                        if let Some(cell) =
                            form.keywords.iter_mut().find(|c| Some(c.code) == language)
                        {
                            cell.notes.0.push(note);
                            format!("t{index}-kw-{}", cell.code)
                        } else {
                            form.notes.0.push(note);
                            fieldset
                        }
                    }
                    TaxonomyPart::Taxonomy => {
                        form.notes.0.push(note);
                        fieldset
                    }
                })
            }
            None => None,
        };
        let name = row.and_then(|r| names.get(r));
        summary.push(SummaryLine {
            text: format!("{}: {text}", theme_problems::place(tr, name)),
            anchor: target,
        });
    }
    summary
}

fn empty_theme() -> Theme {
    Theme {
        id: String::new(),
        parent: None,
        names: BTreeMap::new(),
        keywords: BTreeMap::new(),
    }
}

/// `GET /w/{ws}/text`.
pub async fn show_settings(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Query(done): Query<Done>,
) -> Response {
    let tr = Tr(who.lang());
    // What was done, said where it was done: a suggestion's fate above the suggestions.
    let message = match done.done.as_deref() {
        Some("themes") => Some((tr.themes_saved().to_owned(), false)),
        Some("accepted") => Some((
            tr.theme_added_in_one_language(
                done.lang
                    .as_deref()
                    .and_then(opencx_domain::wording::language_name)
                    .unwrap_or_default(),
            ),
            true,
        )),
        Some("trained") => Some((
            training_message(tr, done.trained.as_deref().unwrap_or_default()),
            false,
        )),
        Some("reanalysis") => Some((tr.reanalysis_started().to_owned(), false)),
        Some("dismissed") => Some((tr.suggestion_dismissed().to_owned(), true)),
        Some("unchanged") => Some((tr.nothing_to_add().to_owned(), true)),
        Some("restored") => Some((tr.suggestions_restored().to_owned(), true)),
        _ => None,
    };
    settings_page(
        &state,
        &who,
        &member,
        message,
        Refusal::default(),
        StatusCode::OK,
    )
    .await
}

/// What "Train the models now" did: the languages trained, or that none had enough examples.
fn training_message(tr: Tr, trained: &str) -> String {
    let names: Vec<&str> = trained
        .split(',')
        .filter_map(Lang::from_code)
        .map(|l| opencx_domain::wording::language_name(l.code()).unwrap_or(l.code()))
        .collect();
    if names.is_empty() {
        tr.training_none().to_owned()
    } else {
        // Each name isolated: English and Hebrew names in a Persian sentence keep their order.
        let separator = if tr.0 == super::i18n::UiLang::Fa {
            "، "
        } else {
            ", "
        };
        let names: Vec<String> = names
            .iter()
            .map(|n| format!("\u{2068}{n}\u{2069}"))
            .collect();
        format!("{} {}", tr.training_done_for(), names.join(separator))
    }
}

/// A running re-analysis of the workspace's answers as its box shows it; `None` when nothing
/// is left to analyse.
pub struct ReanalysisProgress {
    /// The bar (see [`progress_bar`]).
    pub bar: (i64, i64, String),
    /// Why it runs, when nobody here started it (an update of the engine); empty otherwise.
    pub why: String,
}

/// The workspace's running re-analysis, if any (see [`ReanalysisProgress`]).
pub async fn reanalysis_progress(
    state: &AppState,
    workspace_id: i64,
    tr: Tr,
) -> Result<Option<ReanalysisProgress>, AppError> {
    Ok(state
        .app
        .reanalysis(workspace_id)
        .await?
        .filter(|r| r.remaining > 0)
        .map(|r| ReanalysisProgress {
            bar: progress_bar(r.total - r.remaining, r.total, tr),
            why: if r.reason == "engine" {
                tr.reanalysis_after_update().to_string()
            } else {
                String::new()
            },
        }))
}

/// A background job's progress as its bar shows it: (done, total, "done / total" in the
/// viewer's digits).
pub fn progress_bar(done: i64, total: i64, tr: Tr) -> (i64, i64, String) {
    (
        done,
        total,
        format!("{} / {}", tr.number(done), tr.number(total)),
    )
}

/// The address of a workspace's re-analysis progress box ([`show_progress`]).
pub fn progress_address(workspace_slug: &str) -> String {
    format!("/w/{workspace_slug}/text/progress")
}

#[derive(Template)]
#[template(path = "admin/reanalysis_progress.html")]
struct ProgressBox {
    tr: Tr,
    progress: Option<ReanalysisProgress>,
    src: String,
}

/// `GET /w/{ws}/text/progress`: the re-analysis's progress box alone, empty once it is over;
/// what the progress script of the text analytics and themes pages asks for every 2 s instead
/// of the whole page (the themes page's report is a few aggregate queries).
pub async fn show_progress(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    let tr = Tr(who.lang());
    match reanalysis_progress(&state, member.workspace.id, tr).await {
        Ok(progress) => render(
            StatusCode::OK,
            &ProgressBox {
                tr,
                progress,
                src: progress_address(&member.workspace.slug),
            },
        ),
        Err(e) => app_error_screen(&state, who.lang(), e),
    }
}

/// A themes form that was sent but not saved: its rows as typed (ticked deletions too) and the
/// version it was based on.
struct Edited {
    version: i64,
    rows: Vec<FormRow>,
}

/// Why the page is shown again after a change of the themes was refused.
#[derive(Default)]
struct Refusal {
    /// What the user typed, shown instead of the stored themes.
    edited: Option<Edited>,
    /// A message above the form (someone else saved meanwhile, or a problem without a code).
    error: Option<String>,
    /// The problems of the taxonomy, placed beside their fields.
    problems: Vec<(TaxonomyCode, TaxonomyLocation)>,
}

/// The page; after a refused change, `refusal` says why and holds what the user typed.
async fn settings_page(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    message: Option<(String, bool)>,
    refusal: Refusal,
    status: StatusCode,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let ws = member.workspace.id;
    let zone = member.workspace.time_zone;
    let Refusal {
        edited,
        error,
        problems,
    } = refusal;
    let (version, rows) = match edited {
        Some(edited) => (edited.version, edited.rows),
        None => match state.app.workspace_taxonomy(ws).await {
            Ok((version, taxonomy)) => (
                version,
                taxonomy
                    .themes
                    .into_iter()
                    .map(|theme| FormRow {
                        theme,
                        new: false,
                        deleted: false,
                    })
                    .collect(),
            ),
            Err(e) => return app_error_screen(state, lang, e),
        },
    };
    let taxonomy = taxonomy_of(&rows);
    let progress = match reanalysis_progress(state, ws, tr).await {
        Ok(p) => p,
        Err(e) => return app_error_screen(state, lang, e),
    };
    let (models, labelled, dismissed) = match tokio::try_join!(
        state.app.store.text_models(ws, false),
        state.app.store.labelled_counts(ws),
        state.app.store.dismissed_count(ws),
    ) {
        Ok(m) => m,
        Err(e) => return app_error_screen(state, lang, e.into()),
    };
    let language_name = |code: &str| {
        opencx_domain::wording::language_name(code).map_or_else(|| code.to_owned(), str::to_owned)
    };
    let mut model_views: Vec<ModelView> = models
        .iter()
        .map(|m| ModelView {
            language: language_name(&m.language),
            examples: tr.number(m.negative + m.neutral + m.positive),
            split: format!(
                "{} / {} / {}",
                tr.number(m.negative),
                tr.number(m.neutral),
                tr.number(m.positive)
            ),
            corrections: tr.number(m.corrections),
            // A row without a model records when the examples were last counted, not a training.
            trained: if m.has_model {
                date_time(m.trained_at, zone, lang)
            } else {
                "—".to_owned()
            },
            status: if m.has_model
                && [m.negative, m.neutral, m.positive]
                    .iter()
                    .all(|&c| c >= i64::from(MIN_PER_CLASS))
            {
                format!("✓ {}", tr.in_use())
            } else {
                tr.not_enough_examples().to_owned()
            },
        })
        .collect();
    for (code, n) in &labelled {
        if !models.iter().any(|m| m.language == *code) {
            model_views.push(ModelView {
                language: language_name(code),
                examples: tr.number(*n),
                split: String::new(),
                corrections: String::new(),
                trained: String::new(),
                status: tr.not_trained_yet().to_owned(),
            });
        }
    }
    let mut candidates = Vec::new();
    let mut groups = Vec::new();
    let discovered = match state
        .app
        .discover_themes(ws, DISCOVERED_SHOWN, progress.is_some())
        .await
    {
        Ok(found) => found,
        Err(e) => return app_error_screen(state, lang, e),
    };
    for found in discovered {
        candidates.extend(found.phrases.into_iter().map(|d| CandidateView {
            language: language_name(d.lang.code()),
            code: d.lang.code(),
            phrases: vec![d.candidate.phrase.clone()],
            answers: tr.number(d.candidate.answers as i64),
            examples: d.examples.into_iter().take(3).collect(),
        }));
        groups.extend(found.groups.into_iter().map(|g| CandidateView {
            language: language_name(g.lang.code()),
            code: g.lang.code(),
            phrases: g.terms,
            answers: tr.number(g.size as i64),
            examples: g.examples,
        }));
    }
    let choices = opencx_app::text::theme_names(&taxonomy, lang.code());
    let mut themes: Vec<ThemeForm> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| theme_form(i, row, lang))
        .collect();
    let names: Vec<ThemeName> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| theme_name(i + 1, &row.theme, lang.code()))
        .collect();
    // The position on the page of each theme that was checked (the rows not ticked for
    // deletion, in order).
    let checked: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.deleted)
        .map(|(i, _)| i)
        .collect();
    let summary = place_problems(tr, &mut themes, &checked, &problems, &names);
    let new_theme = theme_form(
        rows.len(),
        &FormRow {
            theme: empty_theme(),
            new: true,
            deleted: false,
        },
        lang,
    );
    let page = SettingsPage {
        c: Chrome::signed_in(state, who, Some(member), "text", tr.nav_text()).await,
        can_edit: member.role.can(Permission::EditSurveys),
        action_base: format!("/w/{}/text", member.workspace.slug),
        message,
        error,
        summary,
        progress,
        progress_src: progress_address(&member.workspace.slug),
        version,
        themes,
        new_theme,
        choices,
        dismissed,
        models: model_views,
        candidates,
        groups,
    };
    render(status, &page)
}

/// One theme of a themes form as it was sent.
#[derive(Debug, Clone)]
struct FormRow {
    theme: Theme,
    /// Typed in the "new theme" row (`t{i}.new`), not stored yet.
    new: bool,
    /// Ticked for deletion (`t{i}.delete`).
    deleted: bool,
}

/// The rows of a themes form: `t{i}.id`, `t{i}.parent`, `t{i}.delete`, `t{i}.new`,
/// `t{i}.name.{lang}` and `t{i}.kw.{lang}` (one keyword per line), in the order of `i`. A row
/// left wholly empty (the spare "new theme" row) is skipped; one with a name or keywords but no
/// id is kept, so that the missing id is said beside it instead of what was typed being lost.
fn form_rows(fields: &Fields) -> Vec<FormRow> {
    // Looked up once: a form has a dozen fields per theme, and a workspace hundreds of themes.
    let mut by_name: HashMap<&str, &str> = HashMap::with_capacity(fields.len());
    for (name, value) in fields {
        by_name.entry(name.as_str()).or_insert(value.as_str());
    }
    let mut indexes: Vec<usize> = fields
        .iter()
        .filter_map(|(k, _)| k.strip_prefix('t')?.split_once('.')?.0.parse().ok())
        .collect();
    indexes.sort_unstable();
    indexes.dedup();
    let mut rows = Vec::new();
    for i in indexes.into_iter().take(1000) {
        let get = |name: &str| {
            by_name
                .get(format!("t{i}.{name}").as_str())
                .copied()
                .unwrap_or("")
        };
        let id = get("id").trim().to_owned();
        let typed = LANGS.iter().any(|(code, _, _)| {
            !get(&format!("name.{code}")).trim().is_empty()
                || !get(&format!("kw.{code}")).trim().is_empty()
        });
        if id.is_empty() && !typed {
            continue;
        }
        let mut theme = empty_theme();
        theme.id = id;
        theme.parent = Some(get("parent").trim().to_owned()).filter(|p| !p.is_empty());
        for (code, _, _) in LANGS {
            let name = get(&format!("name.{code}")).trim().to_owned();
            if !name.is_empty() {
                theme.names.insert(code.to_owned(), name);
            }
            let keywords: Vec<String> = get(&format!("kw.{code}"))
                .lines()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect();
            if !keywords.is_empty() {
                theme.keywords.insert(code.to_owned(), keywords);
            }
        }
        rows.push(FormRow {
            theme,
            new: !get("new").is_empty(),
            deleted: !get("delete").is_empty(),
        });
    }
    rows
}

/// The taxonomy the rows of a themes form describe: those not ticked for deletion. A parent
/// that is deleted leaves its children at the top level.
fn taxonomy_of(rows: &[FormRow]) -> Taxonomy {
    let mut themes: Vec<Theme> = rows
        .iter()
        .filter(|row| !row.deleted)
        .map(|row| row.theme.clone())
        .collect();
    let deleted: Vec<&str> = rows
        .iter()
        .filter(|row| row.deleted)
        .map(|row| row.theme.id.as_str())
        .collect();
    let kept: Vec<String> = themes.iter().map(|t| t.id.clone()).collect();
    for theme in &mut themes {
        if theme
            .parent
            .as_deref()
            .is_some_and(|p| deleted.contains(&p) && !kept.iter().any(|k| k == p))
        {
            theme.parent = None;
        }
    }
    Taxonomy { themes }
}

/// `POST /w/{ws}/text/themes`: saves the themes and starts the re-analysis.
pub async fn save_themes(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Form(fields): Form<Fields>,
) -> Response {
    let rows = form_rows(&fields);
    let taxonomy = taxonomy_of(&rows);
    let Some(version) = field(&fields, "version").and_then(|v| v.parse::<i64>().ok()) else {
        return app_error_screen(
            &state,
            who.lang(),
            AppError::invalid("version", "the themes' version is needed"),
        );
    };
    match state
        .app
        .save_taxonomy(member.workspace.id, &taxonomy, version)
        .await
    {
        Ok(_) => done(&member, "themes"),
        Err(e) => themes_refused(&state, &who, &member, e, Some(Edited { version, rows })).await,
    }
}

/// The text analytics page again after a change of the themes was refused: each problem beside
/// its field and in a summary above, in the manager's language, with the form showing `edited`
/// (what the user typed, and the version it was based on) when given. After a conflict the form
/// carries the version now in force instead, so saving again applies what was typed over it.
async fn themes_refused(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    error: AppError,
    mut edited: Option<Edited>,
) -> Response {
    let mut refusal = Refusal::default();
    let status = match error {
        AppError::Invalid { message, problems } => {
            let coded: Vec<_> = problems.iter().filter_map(|p| p.taxonomy.clone()).collect();
            if coded.len() == problems.len() && !coded.is_empty() {
                refusal.problems = coded;
            } else {
                refusal.error = Some(message);
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        AppError::Conflict(_) => {
            let tr = Tr(who.lang());
            let mut message = tr.themes_changed_meanwhile().to_owned();
            if let Some(edited) = &mut edited {
                match state.app.workspace_taxonomy(member.workspace.id).await {
                    Ok((current, taxonomy)) => {
                        edited.version = current;
                        let added = add_themes_added_meanwhile(&mut edited.rows, &taxonomy);
                        if !added.is_empty() {
                            let names: Vec<String> = added
                                .iter()
                                .map(|t| {
                                    format!(
                                        "“{}”",
                                        opencx_app::text::theme_name(t, who.lang().code())
                                    )
                                })
                                .collect();
                            message = format!(
                                "{message} {}",
                                tr.themes_added_meanwhile(&names.join(", "))
                            );
                        }
                    }
                    Err(e) => return app_error_screen(state, who.lang(), e),
                }
            }
            refusal.error = Some(message);
            StatusCode::CONFLICT
        }
        other => return app_error_screen(state, who.lang(), other),
    };
    refusal.edited = edited;
    settings_page(state, who, member, None, refusal, status).await
}

/// Adds to a refused form the themes someone else created since it was loaded (in force now,
/// and in none of its rows, not even ticked for deletion), so that saving it again does not
/// delete them unseen; returns them. They go before the rows typed as new.
fn add_themes_added_meanwhile(rows: &mut Vec<FormRow>, current: &Taxonomy) -> Vec<Theme> {
    let added: Vec<Theme> = current
        .themes
        .iter()
        .filter(|t| !rows.iter().any(|r| r.theme.id == t.id))
        .cloned()
        .collect();
    let at = rows.iter().position(|r| r.new).unwrap_or(rows.len());
    rows.splice(
        at..at,
        added.iter().map(|theme| FormRow {
            theme: theme.clone(),
            new: false,
            deleted: false,
        }),
    );
    added
}

/// Back to the text analytics page, at the notice of what was done (which takes the focus).
fn done(member: &Member, what: &str) -> Response {
    Redirect::to(&format!(
        "/w/{}/text?done={what}#done",
        member.workspace.slug
    ))
    .into_response()
}

/// `POST /w/{ws}/text/accept`: discovered phrases into the taxonomy (`phrase`, once per phrase,
/// `lang`, and `into`, a theme id, or empty for a new theme).
pub async fn accept_theme(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Form(fields): Form<Fields>,
) -> Response {
    // The themes' version the page showed is not needed: accepting only adds, so it applies
    // to the themes as they are now.
    let (code, phrases) = match suggestion_of(&fields) {
        Ok(s) => s,
        Err(e) => return app_error_screen(&state, who.lang(), e),
    };
    let into = field(&fields, "into").filter(|i| !i.is_empty());
    match state
        .app
        .accept_theme(member.workspace.id, code, &phrases, into)
        .await
    {
        // A new theme has keywords in the suggestion's language only: the page says so.
        Ok(Some(_)) if into.is_none() => done(&member, &format!("accepted&lang={}", code.code())),
        Ok(Some(_)) => done(&member, "themes"),
        Ok(None) => done(&member, "unchanged"),
        Err(e) => themes_refused(&state, &who, &member, e, None).await,
    }
}

/// `POST /w/{ws}/text/dismiss`: a suggested theme is not one (`lang`, and `phrase` once per
/// word of a group's terms or once for a keyphrase); it is no longer suggested.
pub async fn dismiss_suggestion(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Form(fields): Form<Fields>,
) -> Response {
    let (code, phrases) = match suggestion_of(&fields) {
        Ok(s) => s,
        Err(e) => return app_error_screen(&state, who.lang(), e),
    };
    match state
        .app
        .dismiss_suggestion(member.workspace.id, code, &phrases)
        .await
    {
        Ok(()) => done(&member, "dismissed"),
        Err(e) => app_error_screen(&state, who.lang(), e),
    }
}

/// A suggestion as its forms send it: its language (`lang`) and its phrases (`phrase`, once
/// for a keyphrase, once per word for a group), trimmed.
fn suggestion_of(fields: &Fields) -> Result<(Lang, Vec<String>), AppError> {
    let code = field(fields, "lang")
        .and_then(Lang::from_code)
        .ok_or_else(|| AppError::invalid("lang", "the suggestion's language is needed"))?;
    let phrases = fields
        .iter()
        .filter(|(k, _)| k == "phrase")
        .map(|(_, v)| v.trim().to_owned())
        .collect();
    Ok((code, phrases))
}

/// `POST /w/{ws}/text/restore`: every dismissed suggestion is suggested again.
pub async fn restore_suggestions(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    match state.app.restore_suggestions(member.workspace.id).await {
        Ok(_) => done(&member, "restored"),
        Err(e) => app_error_screen(&state, who.lang(), e),
    }
}

/// `POST /w/{ws}/text/train`: trains the workspace's models now.
pub async fn train(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    match state.app.train_models(member.workspace.id).await {
        Ok(trained) => {
            let codes: Vec<&str> = trained.iter().map(|l| l.code()).collect();
            done(&member, &format!("trained&trained={}", codes.join(",")))
        }
        Err(e) => app_error_screen(&state, who.lang(), e),
    }
}

/// `POST /w/{ws}/text/reanalyse`: queues every open answer of the workspace again.
pub async fn reanalyse(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
) -> Response {
    match state
        .app
        .reanalyse_workspace(member.workspace.id, "request")
        .await
    {
        Ok(_) => done(&member, "reanalysis"),
        Err(e) => app_error_screen(&state, who.lang(), e),
    }
}

/// `POST /w/{ws}/surveys/{survey}/responses/{response}/correct`: corrects the analysis of one
/// open answer (`question`; `sentiment`; `theme` once per theme it mentions;
/// `theme_sentiment.{id}` per mentioned theme: a label or `auto`). Only what differs from the
/// analysis the form showed (`was_sentiment`, `was_theme`, `was_theme_sentiment.{id}`) is
/// stored as a correction; the corrections are checked together and a forged value refuses
/// them all.
pub async fn correct_answer(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id, response_id)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = who.lang();
    let (Some(survey), Some(response), Some(question)) = (
        parse_id(&survey_id),
        parse_id(&response_id),
        field(&fields, "question"),
    ) else {
        return app_error_screen(&state, lang, AppError::NotFound("response"));
    };
    // The response must belong to this survey of this workspace.
    match state
        .app
        .store
        .get_response(member.workspace.id, response)
        .await
    {
        Ok(r) if r.survey_id == survey => {}
        Ok(_) => return app_error_screen(&state, lang, AppError::NotFound("response")),
        Err(e) => return app_error_screen(&state, lang, e.into()),
    }
    let values = |name: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let mut corrections = Vec::new();
    if let Some(sentiment) = field(&fields, "sentiment")
        && Some(sentiment) != field(&fields, "was_sentiment")
    {
        corrections.push(Correction::Sentiment(sentiment.to_owned()));
    }
    let (now, before) = (values("theme"), values("was_theme"));
    for theme in now.iter().filter(|t| !before.contains(t)) {
        corrections.push(Correction::Theme {
            theme: (*theme).to_owned(),
            present: true,
        });
    }
    for theme in before.iter().filter(|t| !now.contains(t)) {
        corrections.push(Correction::Theme {
            theme: (*theme).to_owned(),
            present: false,
        });
    }
    // The sentiment of each theme's mention: `theme_sentiment.{id}` is a label, or `auto` for
    // the rule (see `opencx_store::apply_corrections`); stored only when it differs from what
    // the form showed (`was_theme_sentiment.{id}`).
    for (name, value) in &fields {
        let Some(theme) = name.strip_prefix("theme_sentiment.") else {
            continue;
        };
        if field(&fields, &format!("was_theme_sentiment.{theme}")) == Some(value.as_str()) {
            continue;
        }
        corrections.push(Correction::ThemeSentiment {
            theme: theme.to_owned(),
            label: (value != "auto").then(|| value.clone()),
        });
    }
    if let Err(e) = state
        .app
        .correct_answer(
            member.workspace.id,
            opencx_app::training::Corrector::User(who.session.user.id),
            response,
            question,
            corrections,
        )
        .await
    {
        return app_error_screen(&state, lang, e);
    }
    Redirect::to(&format!(
        "/w/{}/surveys/{survey}/responses/{response}?corrected={}#corrected",
        member.workspace.slug,
        urlencoding(question)
    ))
    .into_response()
}

/// Question ids are letters, digits, '-' and '_' (the definition's rule); anything else is
/// dropped from the address rather than trusted.
fn urlencoding(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::i18n::UiLang;
    use super::*;

    #[test]
    fn a_themes_form_is_read_back() {
        let fields: Fields = [
            ("version", "3"),
            ("t0.id", "price"),
            ("t0.name.en", "Price"),
            ("t0.kw.en", "price\n  expensive \n\ncheap*"),
            ("t1.id", "parking"),
            ("t1.parent", "old"),
            ("t1.name.pl", "Parking"),
            ("t2.id", "old"),
            ("t2.delete", "1"),
            ("t3.id", ""),
            ("t4.id", "car park"),
            ("t4.new", "1"),
            ("t4.parent", "gone"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let rows = form_rows(&fields);
        assert_eq!(rows.len(), 4, "the deleted row is kept as typed");
        assert!(rows[2].deleted && !rows[0].new && rows[3].new);
        let taxonomy = taxonomy_of(&rows);
        assert_eq!(taxonomy.themes.len(), 3);
        assert_eq!(
            taxonomy.themes[0].keywords["en"],
            ["price", "expensive", "cheap*"]
        );
        assert_eq!(taxonomy.themes[1].parent, None, "its parent is deleted");
        assert_eq!(taxonomy.themes[1].names["pl"], "Parking");
        // A parent that is not in the form is reported rather than dropped.
        assert_eq!(taxonomy.themes[2].parent.as_deref(), Some("gone"));
        let problems: Vec<TaxonomyCode> = opencx_app::taxonomy::taxonomy_problems(&taxonomy)
            .into_iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(
            problems,
            [
                TaxonomyCode::InvalidId { max: 64 },
                TaxonomyCode::UnknownParent {
                    parent: "gone".into()
                },
                TaxonomyCode::NoName
            ]
        );
    }

    #[test]
    fn problems_are_placed_beside_their_fields_and_summed_up() {
        let rows: Vec<FormRow> = [
            ("price", "Price", false),
            ("gone", "Old", true),
            ("price", "", false),
        ]
        .iter()
        .map(|(id, name, deleted)| {
            let mut theme = empty_theme();
            theme.id = (*id).into();
            if !name.is_empty() {
                theme.names.insert("pl".into(), (*name).into());
            }
            FormRow {
                theme,
                new: false,
                deleted: *deleted,
            }
        })
        .collect();
        let taxonomy = taxonomy_of(&rows);
        let problems: Vec<(TaxonomyCode, TaxonomyLocation)> =
            opencx_app::taxonomy::taxonomy_problems(&taxonomy)
                .into_iter()
                .map(|p| (p.code, p.location))
                .collect();
        let mut forms: Vec<ThemeForm> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| theme_form(i, r, UiLang::Pl))
            .collect();
        let names: Vec<ThemeName> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| theme_name(i + 1, &r.theme, "pl"))
            .collect();
        let summary = place_problems(Tr(UiLang::Pl), &mut forms, &[0, 2], &problems, &names);
        let texts: Vec<&str> = summary.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Temat 3 „price”: identyfikator jest już używany przez: Temat 1 „Price”",
                "Temat 3 „price”: nadaj tematowi nazwę w co najmniej jednym języku",
            ]
        );
        assert_eq!(forms[2].id_notes.ids(), "theme-problem-1");
        assert_eq!(forms[2].name_notes.ids(), "theme-problem-2");
        assert!(forms[0].id_notes.is_empty() && forms[1].id_notes.is_empty());
        // The summary links to the fields themselves: the id, and the first name.
        let first_name = &forms[2].names[0].code;
        assert_eq!(summary[0].anchor.as_deref(), Some("t2-id"));
        assert_eq!(
            summary[1].anchor.as_deref(),
            Some(format!("t2-name-{first_name}").as_str())
        );
    }
}
