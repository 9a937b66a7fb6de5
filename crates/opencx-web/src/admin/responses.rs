//! A survey's responses: a filtered table (date range, score band, channel, language, link
//! parameter, text search; newest first, paged by key) and one response with all its answers.
//! Answers are attacker-controlled text: the templates escape them, and they carry `dir="auto"`.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use opencx_app::accounts::Member;
use opencx_app::metrics::MetricsQuery;
use opencx_app::surveys::LoadedSurvey;
use opencx_domain::answer::AnswerValue;
use opencx_domain::lang::localize_digits;
use opencx_domain::survey::{CesVariant, Question, QuestionKind};
use opencx_domain::wording;
use opencx_domain::zone::Zone;
use opencx_store::{ResponseFilter, StoredResponse};
use serde::Deserialize;

use super::auth::SignedIn;
use super::chrome::{Chrome, app_error_screen, day_filter, filter_value, iso, render};
use super::i18n::{Tr, UiLang};
use super::survey_pages::{load_survey, parse_id, question_label, survey_title};
use crate::AppState;

/// Rows per page of the table.
const PAGE_SIZE: i64 = 50;
/// Characters of an open answer shown in the table.
const EXCERPT_CHARS: usize = 140;

/// The table's filters, from the query string.
#[derive(Debug, Deserialize, Default)]
pub struct TableQuery {
    from: Option<String>,
    to: Option<String>,
    band: Option<String>,
    channel: Option<String>,
    language: Option<String>,
    /// A link parameter, `key=value`.
    param: Option<String>,
    q: Option<String>,
    /// positive, neutral or negative (of an open answer).
    sentiment: Option<String>,
    /// A theme id an open answer mentions.
    theme: Option<String>,
    before: Option<String>,
}

/// The response page's query: `corrected` (the question's id) after a correction was saved.
#[derive(Debug, Deserialize, Default)]
pub struct DetailQuery {
    corrected: Option<String>,
}

struct Row {
    href: String,
    date: String,
    date_iso: String,
    channel: String,
    language: String,
    score: String,
    /// The first open answer, cut short, in pieces with the words behind its sentiment and
    /// themes marked (`pos`, `neg`, `theme`) once it is analysed.
    excerpt: Vec<(String, &'static str, String)>,
    excerpt_lang: String,
    /// The question the excerpt answers.
    excerpt_question: String,
    params: String,
    /// The open answer's sentiment: (name, CSS class), empty when none is analysed.
    sentiment: (&'static str, String),
    /// The themes its open answers mention, by name, with the sentiment of each mention.
    themes: String,
}

#[derive(Template)]
#[template(path = "admin/responses.html")]
struct TablePage {
    c: Chrome,
    title: String,
    dashboard: String,
    rows: Vec<Row>,
    score_label: String,
    next: Option<String>,
    from: String,
    to: String,
    band: String,
    /// How many responses match the filters ("1,204 responses match").
    matching: String,
    channel: String,
    /// The channels the survey's responses came by (from the rollups), for the filter's choices;
    /// a channel typed in the address and not among them is offered too.
    channels: Vec<String>,
    language: String,
    param: String,
    q: String,
    sentiment: String,
    theme: String,
    themes: Vec<(String, String)>,
    bands: Vec<(&'static str, &'static str)>,
    languages: Vec<(String, String)>,
    error: Option<String>,
}

struct AnswerRow {
    question: String,
    answer: String,
    lang: String,
    /// For open answers: their analysis, or `None` while it is pending.
    text: Option<TextView>,
}

/// An open answer with its language, sentiment and themes, cut into pieces with the words
/// behind them marked (`pos`, `neg`, `theme`).
struct TextView {
    analysed: bool,
    pieces: Vec<(String, &'static str, String)>,
    /// The text's language code (for `lang`) and name.
    code: String,
    language: String,
    guessed: bool,
    sentiment: &'static str,
    sentiment_class: String,
    score: String,
    decided_by: &'static str,
    /// What the word lists and the learned model each said, when the analysis kept it.
    basis: Option<String>,
    themes: Vec<String>,
    /// The question (the correction form's anchor and field).
    question_id: String,
    /// The stored label (the correction form's current choice).
    label: String,
    /// Every theme of the workspace, then the themes the answer still carries that were
    /// deleted from the taxonomy since.
    theme_choices: Vec<ThemeChoice>,
}

/// A theme in the correction form.
struct ThemeChoice {
    id: String,
    /// Its name, or "deleted theme “id”" for one no longer in the taxonomy.
    name: String,
    mentioned: bool,
    /// No longer in the taxonomy (the answer carries it by a person's correction).
    deleted: bool,
    /// For a mentioned theme of the taxonomy: the choice of its mention's sentiment the form
    /// shows, a label a person gave or `auto`.
    sentiment: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/response.html")]
struct DetailPage {
    c: Chrome,
    title: String,
    back: String,
    id: String,
    /// When it was submitted, with the time: the heading (the id is only a reference).
    when: String,
    date: String,
    date_iso: String,
    channel: String,
    language: String,
    version: String,
    answers: Vec<AnswerRow>,
    params: Vec<(String, String)>,
    /// Where corrections are posted, for roles that may correct.
    correct_url: Option<String>,
    /// The question whose answer was just corrected: its cell says so and takes the focus.
    corrected: Option<String>,
    /// A correction was saved but its question is not on the page (an old link): said at the top.
    corrected_elsewhere: bool,
}

/// A number written with the digits of the app's language.
/// The first score question: the one the score column and the bands are about.
fn primary(survey: &LoadedSurvey) -> Option<&Question> {
    survey.definition.questions.iter().find(|q| {
        matches!(
            q.kind,
            QuestionKind::Nps { .. }
                | QuestionKind::Csat { .. }
                | QuestionKind::Ces { .. }
                | QuestionKind::Rating { .. }
        )
    })
}

/// The score range of a band of the primary question (`low`, `middle`, `high`).
fn band_range(question: &Question, band: &str) -> Option<(i64, i64)> {
    let (low, middle, high) = match &question.kind {
        QuestionKind::Nps { .. } => ((0, 6), (7, 8), (9, 10)),
        QuestionKind::Csat { scale } if *scale == 7 => ((1, 3), (4, 5), (6, 7)),
        QuestionKind::Csat { .. } => ((1, 2), (3, 3), (4, 5)),
        QuestionKind::Ces {
            variant: CesVariant::FiveOption,
        } => ((1, 2), (3, 3), (4, 5)),
        QuestionKind::Ces {
            variant: CesVariant::Agreement7,
        } => ((1, 3), (4, 4), (5, 7)),
        QuestionKind::Rating { scale } => {
            let top = i64::from(*scale);
            ((1, top / 2), (top / 2 + 1, top - 1), (top, top))
        }
        _ => return None,
    };
    match band {
        "low" => Some(low),
        "middle" => Some(middle),
        "high" => Some(high),
        _ => None,
    }
}

/// The band names of a question kind, in the viewer's language.
fn band_names(question: &Question, tr: Tr) -> Vec<(&'static str, &'static str)> {
    match question.kind {
        QuestionKind::Nps { .. } => vec![
            ("high", tr.promoters()),
            ("middle", tr.passives()),
            ("low", tr.detractors()),
        ],
        _ => vec![
            ("high", tr.band_high()),
            ("middle", tr.band_middle()),
            ("low", tr.band_low()),
        ],
    }
}

/// An answer written out for people: scores as numbers, options by their labels.
fn answer_text(
    question: &Question,
    value: &AnswerValue,
    survey: &LoadedSurvey,
    lang: &str,
) -> String {
    let default = &survey.definition.default_language;
    let option_label = |id: &str| match &question.kind {
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options, .. } => {
            options
                .iter()
                .find(|o| o.id == id)
                .and_then(|o| o.label.resolve(lang, default))
                .unwrap_or(id)
                .to_owned()
        }
        _ => id.to_owned(),
    };
    match value {
        AnswerValue::Score(n) => localize_digits(&n.to_string(), lang),
        AnswerValue::YesNo(yes) => {
            let (y, n) = wording::yes_no_labels(lang);
            if *yes { y } else { n }.to_owned()
        }
        AnswerValue::Choice(id) => option_label(id),
        AnswerValue::Choices(ids) => ids
            .iter()
            .map(|id| option_label(id))
            .collect::<Vec<_>>()
            .join(", "),
        AnswerValue::Text(text) => text.clone(),
        AnswerValue::Contact(fields) => fields
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// Up to how many matching responses the table counts exactly.
pub(super) const MATCHING_COUNT_CAP: i64 = 10_000;

/// The first [`EXCERPT_CHARS`] characters of marked pieces, with "…" when the text is longer.
pub(super) fn excerpt(
    pieces: Vec<(String, &'static str, String)>,
) -> Vec<(String, &'static str, String)> {
    let mut left = EXCERPT_CHARS;
    let mut out = Vec::new();
    for (piece, mark, title) in pieces {
        if left == 0 {
            out.push(("…".to_owned(), "", String::new()));
            break;
        }
        let count = piece.chars().count();
        if count <= left {
            left -= count;
            out.push((piece, mark, title));
        } else {
            out.push((piece.chars().take(left).collect(), mark, title));
            out.push(("…".to_owned(), "", String::new()));
            break;
        }
    }
    out
}

/// A theme by its name among the workspace's (id, name), or as deleted when the taxonomy no
/// longer has it (an answer keeps a theme a person gave it).
fn theme_label(themes: &[(String, String)], id: &str, tr: Tr) -> String {
    themes
        .iter()
        .find(|(t, _)| t == id)
        .map_or_else(|| tr.deleted_theme(id), |(_, n)| n.clone())
}

/// A highlighted piece's CSS class in the templates ("" for an unmarked one).
pub(super) fn mark_class(mark: Option<opencx_app::text::Mark>) -> &'static str {
    match mark {
        Some(opencx_app::text::Mark::Positive) => "pos",
        Some(opencx_app::text::Mark::Negative) => "neg",
        Some(opencx_app::text::Mark::Theme) => "theme",
        None => "",
    }
}

/// A stored analysis's marks as the templates' CSS classes, with the names of the themes whose
/// words a marked piece holds (its `title`, empty when none); the words of a theme the answer no
/// longer mentions (a person said so) are not marked as the theme's.
fn marked(
    text: &str,
    analysis: &opencx_store::TextAnalysisRow,
    name_of: &dyn Fn(&str) -> String,
) -> Vec<(String, &'static str, String)> {
    let kept = |theme: &str| analysis.themes.iter().any(|(t, _)| t == theme);
    let spans = opencx_app::text::theme_spans(&analysis.details);
    let mut at = 0;
    opencx_app::text::highlight_kept(text, &analysis.details, kept)
        .into_iter()
        .map(|(piece, mark)| {
            let range = (at, at + piece.len());
            at = range.1;
            let class = mark_class(mark);
            // The themes whose words are in the piece: a theme's word that is also a sentiment
            // word ("slow", "not fast") is marked as sentiment and still names its theme.
            let mut names: Vec<String> = Vec::new();
            if mark.is_some() {
                for (_, id) in spans
                    .iter()
                    .filter(|(r, id)| r.0 >= range.0 && r.1 <= range.1 && kept(id))
                {
                    let name = name_of(id);
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            let title = names.join(", ");
            (piece, class, title)
        })
        .collect()
}

fn row(
    survey: &LoadedSurvey,
    response: &StoredResponse,
    base: &str,
    (zone, lang): (Zone, UiLang),
) -> Row {
    let score = primary(survey)
        .and_then(|q| response.answers.iter().find(|a| a.question_id == q.id))
        .and_then(|a| a.number)
        .map(|n| localize_digits(&n.to_string(), lang.code()))
        .unwrap_or_else(|| "—".into());
    let text = survey
        .definition
        .questions
        .iter()
        .filter(|q| {
            matches!(
                q.kind,
                QuestionKind::ShortText { .. } | QuestionKind::LongText { .. }
            )
        })
        .find_map(|q| {
            response
                .answers
                .iter()
                .find(|a| a.question_id == q.id)
                .and_then(|a| a.text.clone().map(|t| (q.id.clone(), t)))
        });
    let (excerpt_question, text) = text.unwrap_or_default();
    Row {
        href: format!("{base}/responses/{}", response.id),
        date: super::chrome::date_time(response.submitted_at, zone, lang),
        date_iso: iso(response.submitted_at),
        channel: Tr(lang).channel_name(&response.channel),
        language: wording::language_name(&response.language)
            .map_or_else(|| response.language.clone(), str::to_owned),
        score,
        excerpt: excerpt(vec![(text, "", String::new())]),
        excerpt_lang: response.language.clone(),
        excerpt_question,
        params: response
            .dimensions
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
        sentiment: ("", String::new()),
        themes: String::new(),
    }
}

/// `GET /w/{ws}/surveys/{survey}/responses`.
pub async fn list_responses(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    Query(query): Query<TableQuery>,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let survey = match load_survey(&state, &member, &survey_id, lang).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let text = filter_value;
    let mut unreadable = false;
    let from_day = day_filter(&query.from, &mut unreadable);
    let to_day = day_filter(&query.to, &mut unreadable);
    // Every filter that could not be read, each said once; the others still apply.
    let mut problems: Vec<String> = Vec::new();
    let mut problem = |p: String| {
        if !problems.contains(&p) {
            problems.push(p);
        }
    };
    if unreadable {
        problem(tr.bad_filter_date().into());
    }
    let primary_question = primary(&survey);
    let score = match (primary_question, text(&query.band)) {
        (Some(q), Some(band)) => match band_range(q, &band) {
            Some((lo, hi)) => Some((q.id.clone(), lo, hi)),
            None => {
                problem(tr.bad_filter_band().into());
                None
            }
        },
        _ => None,
    };
    let dimensions = match text(&query.param) {
        Some(p) => match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                vec![(k.trim().to_owned(), v.trim().to_owned())]
            }
            _ => {
                problem(tr.bad_filter_param().into());
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let sentiment = match text(&query.sentiment) {
        Some(s) if ["positive", "neutral", "negative"].contains(&s.as_str()) => Some(s),
        Some(_) => {
            problem(tr.bad_filter_sentiment().into());
            None
        }
        None => None,
    };
    let themes = match state.app.workspace_taxonomy(member.workspace.id).await {
        Ok((_, taxonomy)) => opencx_app::text::theme_names(&taxonomy, lang.code()),
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let theme = match text(&query.theme) {
        Some(t) if themes.iter().any(|(id, _)| *id == t) => Some(t),
        Some(t) => {
            problem(tr.unknown_theme_filter(&t));
            None
        }
        None => None,
    };
    let error = (!problems.is_empty()).then(|| {
        problems.push(tr.other_filters_applied().into());
        problems.join(" ")
    });
    let filter = ResponseFilter {
        workspace_id: member.workspace.id,
        survey_id: survey.row.id,
        // Days of the workspace's zone: from the first instant of `from` to that of the day
        // after `to`.
        from_ms: from_day.map(|d| member.workspace.time_zone.day_start(d)),
        to_ms: to_day.map(|d| member.workspace.time_zone.day_start(d + 1)),
        channel: text(&query.channel),
        language: text(&query.language),
        dimensions,
        score,
        text: text(&query.q).map(|q| q.chars().take(200).collect()),
        sentiment,
        theme,
        before_id: text(&query.before).and_then(|b| parse_id(&b)),
        limit: PAGE_SIZE,
    };
    // How many match, whichever page this is (counted up to a cap: on millions of responses
    // an exact count would cost more than the page).
    let (page, matching) = match state
        .app
        .store
        .list_responses_counted(&filter, MATCHING_COUNT_CAP)
        .await
    {
        Ok((page, (n, more))) => (page, tr.matching_responses(n, more)),
        Err(e) => return app_error_screen(&state, lang, e.into()),
    };
    let base = format!("/w/{}/surveys/{}", member.workspace.slug, survey.row.id);
    let next = page.next_before_id.map(|before| {
        let pairs: Vec<(&str, String)> = [
            ("from", text(&query.from)),
            ("to", text(&query.to)),
            ("band", text(&query.band)),
            ("channel", text(&query.channel)),
            ("language", text(&query.language)),
            ("param", text(&query.param)),
            ("q", text(&query.q)),
            ("sentiment", text(&query.sentiment)),
            ("theme", text(&query.theme)),
            ("before", Some(before.to_string())),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        format!(
            "{base}/responses?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    });
    let ids: Vec<i64> = page.responses.iter().map(|r| r.id).collect();
    let analyses = match state
        .app
        .store
        .text_analyses_of_responses(survey.row.id, &ids)
        .await
    {
        Ok(a) => a,
        Err(e) => return app_error_screen(&state, lang, e.into()),
    };
    let theme_name = |id: &str| theme_label(&themes, id, tr);
    let title = survey_title(&survey, lang);
    let mut channels: Vec<String> = match state
        .app
        .survey_channel_language_breakdowns(&survey, &MetricsQuery::default())
        .await
    {
        Ok((by_channel, _)) => by_channel.into_iter().map(|s| s.segment).collect(),
        Err(e) => return app_error_screen(&state, lang, e),
    };
    if let Some(typed) = text(&query.channel)
        && !channels.contains(&typed)
    {
        channels.push(typed);
    }
    let page_view = TablePage {
        c: Chrome::signed_in(
            &state,
            &who,
            Some(&member),
            "surveys",
            &format!("{} · {title}", tr.responses()),
        )
        .await,
        dashboard: base.clone(),
        rows: page
            .responses
            .iter()
            .map(|r| {
                let mut row = row(&survey, r, &base, (member.workspace.time_zone, lang));
                let own: Vec<&opencx_store::TextAnalysisRow> =
                    analyses.iter().filter(|a| a.response_id == r.id).collect();
                // The sentiment of the first analysed answer (by question id).
                if let Some(first) = own.first() {
                    let label = &first.sentiment;
                    row.sentiment = (tr.sentiment_name(label), format!("sentiment-{label}"));
                }
                if let Some(a) = own.iter().find(|a| a.question_id == row.excerpt_question)
                    && let Some(text) = r
                        .answers
                        .iter()
                        .find(|x| x.question_id == a.question_id)
                        .and_then(|x| x.text.as_deref())
                {
                    row.excerpt = excerpt(marked(text, a, &theme_name));
                }
                let mut mentioned: Vec<String> = Vec::new();
                for (id, sentiment) in own.iter().flat_map(|a| a.themes.iter()) {
                    let shown = format!(
                        "{} ({})",
                        theme_name(id),
                        tr.sentiment_name(sentiment).to_lowercase()
                    );
                    if !mentioned.contains(&shown) {
                        mentioned.push(shown);
                    }
                }
                row.themes = mentioned.join(", ");
                row
            })
            .collect(),
        score_label: primary_question
            .map(|q| match q.kind {
                QuestionKind::Nps { .. } => "NPS".to_owned(),
                QuestionKind::Csat { .. } => "CSAT".to_owned(),
                QuestionKind::Ces { .. } => "CES".to_owned(),
                _ => tr.score().to_owned(),
            })
            .unwrap_or_else(|| tr.score().to_owned()),
        next,
        from: text(&query.from).unwrap_or_default(),
        to: text(&query.to).unwrap_or_default(),
        band: text(&query.band).unwrap_or_default(),
        channel: text(&query.channel).unwrap_or_default(),
        channels,
        matching,
        language: text(&query.language).unwrap_or_default(),
        param: text(&query.param).unwrap_or_default(),
        q: text(&query.q).unwrap_or_default(),
        sentiment: filter.sentiment.clone().unwrap_or_default(),
        theme: filter.theme.clone().unwrap_or_default(),
        themes,
        bands: primary_question
            .map(|q| band_names(q, tr))
            .unwrap_or_default(),
        languages: survey
            .definition
            .languages
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    wording::language_name(l).map_or_else(|| l.clone(), str::to_owned),
                )
            })
            .collect(),
        error,
        title,
    };
    render(
        if page_view.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &page_view,
    )
}

/// `GET /w/{ws}/surveys/{survey}/responses/{response}`.
pub async fn show_response(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id, response_id)): Path<(String, String, String)>,
    Query(query): Query<DetailQuery>,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let Some(response_id) = parse_id(&response_id) else {
        return app_error_screen(&state, lang, opencx_app::AppError::NotFound("response"));
    };
    let survey = match load_survey(&state, &member, &survey_id, lang).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let response = match state
        .app
        .store
        .get_response(member.workspace.id, response_id)
        .await
    {
        Ok(r) if r.survey_id == survey.row.id => r,
        Ok(_) => return app_error_screen(&state, lang, opencx_app::AppError::NotFound("response")),
        Err(e) => return app_error_screen(&state, lang, e.into()),
    };
    // Answers are read with the version the respondent answered.
    let answered = match state
        .app
        .load_version(survey.row.clone(), Some(response.survey_version))
        .await
    {
        Ok(v) => v,
        Err(_) => survey.clone(),
    };
    let analyses = match state
        .app
        .store
        .text_analyses_of(survey.row.id, response.id)
        .await
    {
        Ok(a) => a,
        Err(e) => return app_error_screen(&state, lang, e.into()),
    };
    let theme_names = match state.app.workspace_taxonomy(member.workspace.id).await {
        Ok((_, taxonomy)) => opencx_app::text::theme_names(&taxonomy, lang.code()),
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let corrections = match state.app.store.corrections_of(response.id).await {
        Ok(c) => c,
        Err(e) => return app_error_screen(&state, lang, e.into()),
    };
    // The sentiment a person gave a theme's mention in an answer, if any.
    let given = |question: &str, theme: &str| {
        corrections.iter().find_map(|c| match &c.correction {
            opencx_store::Correction::ThemeSentiment { theme: t, label }
                if c.question_id == question && t == theme =>
            {
                label.clone()
            }
            _ => None,
        })
    };
    let name_of = |id: &str| theme_label(&theme_names, id, tr);
    let text_view = |question: &str, text: &str| -> TextView {
        let Some(a) = analyses.iter().find(|a| a.question_id == question) else {
            return TextView {
                analysed: false,
                pieces: vec![(text.to_owned(), "", String::new())],
                code: String::new(),
                language: String::new(),
                guessed: false,
                sentiment: "",
                sentiment_class: String::new(),
                score: String::new(),
                decided_by: "",
                basis: None,
                themes: Vec::new(),
                question_id: question.to_owned(),
                label: String::new(),
                theme_choices: Vec::new(),
            };
        };
        TextView {
            analysed: true,
            pieces: marked(text, a, &name_of),
            code: a.language.clone(),
            language: wording::language_name(&a.language)
                .map_or_else(|| a.language.clone(), str::to_owned),
            guessed: !a.language_detected,
            sentiment: tr.sentiment_name(&a.sentiment),
            sentiment_class: format!("sentiment-{}", a.sentiment),
            score: localize_digits(
                &format!("{:+.2}", a.sentiment_score as f64 / 1000.0),
                lang.code(),
            ),
            decided_by: tr.decided_by(&a.decided_by),
            basis: opencx_app::text::sentiment_basis(&a.details).map(|b| {
                // Isolated, so that a sign stays before its number in right-to-left text.
                let digits = |text: String| {
                    format!("\u{2066}{}\u{2069}", localize_digits(&text, lang.code()))
                };
                tr.sentiment_basis(
                    &digits(format!("{:+.2}", b.lexicon.0)),
                    tr.sentiment_name(&b.lexicon.1),
                    b.model
                        .map(|p| p.map(|x| digits(format!("{:.0}", x * 100.0)))),
                )
            }),
            themes: a
                .themes
                .iter()
                .map(|(id, sentiment)| {
                    format!("{} ({})", name_of(id), tr.sentiment_name(sentiment))
                })
                .collect(),
            question_id: question.to_owned(),
            label: a.sentiment.clone(),
            theme_choices: theme_names
                .iter()
                .map(|(id, name)| {
                    let mentioned = a.themes.iter().any(|(t, _)| t == id);
                    ThemeChoice {
                        id: id.clone(),
                        name: name.clone(),
                        mentioned,
                        deleted: false,
                        sentiment: mentioned
                            .then(|| given(question, id).unwrap_or_else(|| "auto".into())),
                    }
                })
                .chain(
                    a.themes
                        .iter()
                        .filter(|(id, _)| !theme_names.iter().any(|(t, _)| t == id))
                        .map(|(id, _)| ThemeChoice {
                            id: id.clone(),
                            name: name_of(id),
                            mentioned: true,
                            deleted: true,
                            sentiment: None,
                        }),
                )
                .collect(),
        }
    };
    let answers: Vec<AnswerRow> = answered
        .definition
        .questions
        .iter()
        .filter_map(|q| {
            let stored = response.answers.iter().find(|a| a.question_id == q.id)?;
            let value = AnswerValue::from_stored(q, stored.number, stored.text.as_deref());
            Some(AnswerRow {
                text: q
                    .kind
                    .is_open_text()
                    .then(|| stored.text.as_deref().map(|t| text_view(&q.id, t)))
                    .flatten(),
                question: question_label(q, &answered, lang.code()),
                answer: value
                    .map(|v| answer_text(q, &v, &answered, lang.code()))
                    .or_else(|| stored.text.clone())
                    .or_else(|| stored.number.map(|n| n.to_string()))
                    .unwrap_or_default(),
                lang: response.language.clone(),
            })
        })
        .collect();
    let base = format!("/w/{}/surveys/{}", member.workspace.slug, survey.row.id);
    let title = survey_title(&survey, lang);
    let when = super::chrome::date_time(response.submitted_at, member.workspace.time_zone, lang);
    let page = DetailPage {
        c: Chrome::signed_in(
            &state,
            &who,
            Some(&member),
            "surveys",
            &format!("{} {when} · {title}", tr.response()),
        )
        .await,
        title,
        back: format!("{base}/responses"),
        id: response.id.to_string(),
        when: when.clone(),
        date: super::chrome::date(response.submitted_at, member.workspace.time_zone, lang),
        date_iso: iso(response.submitted_at),
        channel: tr.channel_name(&response.channel),
        language: wording::language_name(&response.language)
            .map_or_else(|| response.language.clone(), str::to_owned),
        version: tr.number(response.survey_version),
        params: response.dimensions.clone().into_iter().collect(),
        correct_url: member
            .role
            .can(opencx_domain::access::Permission::ViewResponses)
            .then(|| format!("{base}/responses/{}/correct", response.id)),
        corrected_elsewhere: query.corrected.as_ref().is_some_and(|q| {
            !answers
                .iter()
                .any(|a| a.text.as_ref().is_some_and(|t| t.question_id == *q))
        }),
        corrected: query.corrected,
        answers,
    };
    render(StatusCode::OK, &page)
}
