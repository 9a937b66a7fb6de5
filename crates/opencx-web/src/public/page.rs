//! The respondent's page, `/s/{slug}`: one question per screen, server-rendered, working without
//! JavaScript. Each screen posts its answer; the server keeps partial answers (so a respondent
//! can go back, leave and come back), follows the survey's logic, and submits the response
//! through the durable intake when the last screen is answered.
//!
//! A form carries a signed random token: a forged token is refused, and a replayed final form
//! shows the thank-you page again without storing anything twice.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use opencx_app::AppError;
use opencx_app::respond::{PageSession, check_channel, lenient_dimensions, prefill};
use opencx_app::signing::random_token;
use opencx_app::surveys::LoadedSurvey;
use opencx_domain::answer::{RawAnswer, parse_answer};
use opencx_domain::flow;
use opencx_domain::lang::{direction, localize_digits, negotiate_accept_language};
use opencx_domain::piping;
use opencx_domain::survey::{ContactField, Question, QuestionKind, SurveyDefinition};
use opencx_domain::wording::{self, Ui};

use crate::AppState;
use crate::request::{cookie_value, is_cross_site};

/// Signing purpose of a survey's form tokens: a token of one survey is not valid for another.
fn signing_purpose(survey: &LoadedSurvey) -> String {
    format!("respond:{}", survey.row.id)
}
/// How long a respondent can come back to finish, in seconds.
const RESUME_SECONDS: i64 = opencx_app::RESUME_DAYS * 24 * 3600;

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyScreen {
    lang: String,
    dir: &'static str,
    css: String,
    title: String,
    intro: Option<String>,
    progress: String,
    action: String,
    token: String,
    q: QuestionView,
    error: Option<String>,
    show_back: bool,
    back_label: &'static str,
    next_label: &'static str,
    optional_label: &'static str,
    language_label: &'static str,
    languages: Vec<LanguageLink>,
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    lang: String,
    dir: &'static str,
    css: String,
    title: String,
    heading: String,
    body: String,
    link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "preview.html")]
struct PreviewPage {
    lang: String,
    dir: &'static str,
    css: String,
    title: String,
    banner: String,
    back: String,
    back_label: String,
    questions: Vec<(String, QuestionView)>,
    optional_label: &'static str,
    languages: Vec<LanguageLink>,
    language_label: &'static str,
}

/// The whole survey as respondents see its screens, one under the other, in `lang` (for the
/// builder's preview). Nothing can be submitted; `{{placeholders}}` render empty, as for a
/// respondent without link parameters. `conditions` describes each question's logic.
pub fn preview(
    state: &AppState,
    survey: &LoadedSurvey,
    lang: &str,
    banner: &str,
    back: (&str, &str),
    conditions: &dyn Fn(&Question) -> Option<String>,
    language_href: &dyn Fn(&str) -> String,
) -> Response {
    let definition = &survey.definition;
    let lang = if definition.offers(lang) {
        lang
    } else {
        definition.default_language.as_str()
    };
    let session = PageSession {
        token: String::new(),
        stored: false,
        language: lang.to_owned(),
        channel: "preview".into(),
        dimensions: Vec::new(),
        answers: Default::default(),
        current: None,
        response_id: None,
        survey_version: survey.version,
    };
    let page = PreviewPage {
        lang: lang.to_owned(),
        dir: direction(lang),
        css: state.assets.css_url.clone(),
        title: definition
            .title
            .resolve(lang, &definition.default_language)
            .unwrap_or_default()
            .to_owned(),
        banner: banner.to_owned(),
        back: back.0.to_owned(),
        back_label: back.1.to_owned(),
        questions: definition
            .questions
            .iter()
            .map(|q| {
                (
                    conditions(q).unwrap_or_default(),
                    question_view(q, definition, &session, &[]),
                )
            })
            .collect(),
        optional_label: wording::ui(lang, Ui::Optional),
        languages: definition
            .languages
            .iter()
            .map(|code| LanguageLink {
                name: wording::language_name(code).unwrap_or(code).to_owned(),
                href: language_href(code),
                current: code == lang,
                code: code.clone(),
            })
            .collect(),
        language_label: wording::ui(lang, Ui::Language),
    };
    match page.render() {
        Ok(html) => (
            [(header::CACHE_CONTROL, "no-store")],
            axum::response::Html(html),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "preview template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

struct LanguageLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

struct OptionView {
    value: String,
    label: String,
    checked: bool,
    aria: Option<String>,
}

struct FieldView {
    name: &'static str,
    label: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    value: String,
}

struct QuestionView {
    id: String,
    text: String,
    help: Option<String>,
    required: bool,
    /// Rendered as a fieldset of choices or fields (true) or as one text box (false).
    grouped: bool,
    input_type: &'static str,
    /// `scale` for score rows, `list` for labelled options.
    layout: &'static str,
    options: Vec<OptionView>,
    ends: Option<(String, String)>,
    fields: Vec<FieldView>,
    multiline: bool,
    max_length: u32,
    text_value: String,
}

fn pipe(text: &str, session: &PageSession) -> String {
    piping::render(text, |name| {
        session
            .dimensions
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    })
}

fn question_view(
    question: &Question,
    definition: &SurveyDefinition,
    session: &PageSession,
    values: &[String],
) -> QuestionView {
    let lang = session.language.as_str();
    let fallback = definition.default_language.as_str();
    let text = question
        .text
        .as_ref()
        .and_then(|t| t.resolve(lang, fallback))
        .unwrap_or_else(|| wording::default_question_text(&question.kind, lang));
    let mut view = QuestionView {
        id: question.id.clone(),
        text: pipe(text, session),
        help: question
            .help
            .as_ref()
            .and_then(|h| h.resolve(lang, fallback))
            .map(|h| pipe(h, session)),
        required: question.required,
        grouped: true,
        input_type: "radio",
        layout: "list",
        options: Vec::new(),
        ends: None,
        fields: Vec::new(),
        multiline: false,
        max_length: 0,
        text_value: String::new(),
    };
    let checked = |value: &str| values.iter().any(|v| v == value);
    match &question.kind {
        QuestionKind::Nps { .. }
        | QuestionKind::Csat { .. }
        | QuestionKind::Ces { .. }
        | QuestionKind::Rating { .. } => {
            let (lo, hi) = question.kind.score_range().unwrap_or((0, 10));
            let labels = wording::score_labels(&question.kind, lang);
            if labels.is_empty() {
                view.layout = "scale";
                let aria = wording::ui(lang, Ui::ScoreAria);
                for score in lo..=hi {
                    let value = score.to_string();
                    view.options.push(OptionView {
                        checked: checked(&value),
                        aria: Some(localize_digits(
                            &aria
                                .replace("{score}", &value)
                                .replace("{max}", &hi.to_string()),
                            lang,
                        )),
                        label: localize_digits(&value, lang),
                        value,
                    });
                }
                view.ends = Some(match &question.kind {
                    QuestionKind::Nps {
                        low_label,
                        high_label,
                    } => {
                        let (low, high) = wording::nps_end_labels(lang);
                        (
                            low_label
                                .as_ref()
                                .and_then(|t| t.resolve(lang, fallback))
                                .unwrap_or(low)
                                .to_owned(),
                            high_label
                                .as_ref()
                                .and_then(|t| t.resolve(lang, fallback))
                                .unwrap_or(high)
                                .to_owned(),
                        )
                    }
                    _ => (
                        localize_digits(&lo.to_string(), lang),
                        localize_digits(&hi.to_string(), lang),
                    ),
                });
            } else {
                for (score, label) in labels {
                    let value = score.to_string();
                    view.options.push(OptionView {
                        checked: checked(&value),
                        label: label.to_owned(),
                        value,
                        aria: None,
                    });
                }
            }
        }
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options, .. } => {
            if matches!(question.kind, QuestionKind::MultipleChoice { .. }) {
                view.input_type = "checkbox";
            }
            for option in options {
                view.options.push(OptionView {
                    value: option.id.clone(),
                    label: pipe(
                        option.label.resolve(lang, fallback).unwrap_or(&option.id),
                        session,
                    ),
                    checked: checked(&option.id),
                    aria: None,
                });
            }
        }
        QuestionKind::YesNo => {
            let (yes, no) = wording::yes_no_labels(lang);
            for (value, label) in [("yes", yes), ("no", no)] {
                view.options.push(OptionView {
                    value: value.into(),
                    label: label.into(),
                    checked: checked(value),
                    aria: None,
                });
            }
        }
        QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length } => {
            view.grouped = false;
            view.multiline = matches!(question.kind, QuestionKind::LongText { .. });
            view.max_length = *max_length;
            view.text_value = values.first().cloned().unwrap_or_default();
        }
        QuestionKind::Contact { fields } => {
            for field in fields {
                let name = field.as_str();
                let (input_type, autocomplete) = match field {
                    ContactField::Name => ("text", "name"),
                    ContactField::Email => ("email", "email"),
                    ContactField::Phone => ("tel", "tel"),
                };
                let prefix = format!("{name}=");
                view.fields.push(FieldView {
                    name,
                    label: wording::contact_field_label(*field, lang),
                    input_type,
                    autocomplete,
                    value: values
                        .iter()
                        .find_map(|v| v.strip_prefix(&prefix))
                        .unwrap_or_default()
                        .to_owned(),
                });
            }
        }
    }
    view
}

/// The address of the page with the same link parameters (they become dimensions on first save).
fn page_url(slug: &str, params: &[(String, String)], lang: Option<&str>) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Some(lang) = lang {
        pairs.push(("lang", lang));
    }
    let mut url = format!("/s/{slug}");
    if !pairs.is_empty() {
        url.push('?');
        url.push_str(&serde_urlencoded::to_string(&pairs).unwrap_or_default());
    }
    url
}

struct Screen<'a> {
    state: &'a AppState,
    survey: &'a LoadedSurvey,
    definition: &'a SurveyDefinition,
    params: &'a [(String, String)],
}

impl Screen<'_> {
    fn render_question(
        &self,
        session: &PageSession,
        index: usize,
        values: &[String],
        error: Option<String>,
    ) -> Response {
        let definition = self.definition;
        let lang = session.language.as_str();
        let question = &definition.questions[index];
        let path = flow::path(definition, &session.answers, lang);
        let position = path.iter().position(|&i| i == index).map_or(1, |p| p + 1);
        let total = path.len().max(position);
        let is_last =
            flow::next_question(definition, &session.answers, lang, Some(index)).is_none();
        let languages = if definition.languages.len() > 1 {
            definition
                .languages
                .iter()
                .map(|code| LanguageLink {
                    code: code.clone(),
                    name: wording::language_name(code).unwrap_or(code).to_owned(),
                    href: page_url(&self.survey.row.slug, self.params, Some(code)),
                    current: code == lang,
                })
                .collect()
        } else {
            Vec::new()
        };
        let status = if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        let screen = SurveyScreen {
            lang: lang.to_owned(),
            dir: direction(lang),
            css: self.state.assets.css_url.clone(),
            title: pipe(
                definition
                    .title
                    .resolve(lang, &definition.default_language)
                    .unwrap_or_default(),
                session,
            ),
            intro: (position == 1)
                .then(|| {
                    definition
                        .intro
                        .as_ref()
                        .and_then(|t| t.resolve(lang, &definition.default_language))
                })
                .flatten()
                .map(|t| pipe(t, session)),
            progress: localize_digits(
                &wording::ui(lang, Ui::QuestionOf)
                    .replace("{n}", &position.to_string())
                    .replace("{total}", &total.to_string()),
                lang,
            ),
            action: page_url(&self.survey.row.slug, self.params, None),
            token: self
                .state
                .app
                .signer
                .sign(&signing_purpose(self.survey), &session.token),
            q: question_view(question, definition, session, values),
            error,
            show_back: position > 1,
            back_label: wording::ui(lang, Ui::Back),
            next_label: wording::ui(lang, if is_last { Ui::Submit } else { Ui::Next }),
            optional_label: wording::ui(lang, Ui::Optional),
            language_label: wording::ui(lang, Ui::Language),
            languages,
        };
        let mut response = html(status, screen.render());
        if session.stored {
            set_session_cookie(
                &mut response,
                self.survey,
                &self
                    .state
                    .app
                    .signer
                    .sign(&signing_purpose(self.survey), &session.token),
            );
        }
        response
    }

    fn thanks(&self, session: &PageSession) -> Response {
        let lang = session.language.as_str();
        let definition = self.definition;
        let body = definition
            .thanks
            .as_ref()
            .and_then(|t| t.resolve(lang, &definition.default_language))
            .map(|t| pipe(t, session))
            .unwrap_or_else(|| wording::ui(lang, Ui::ThanksBody).to_owned());
        let mut response = message(
            &self.state.assets.css_url,
            lang,
            StatusCode::OK,
            wording::ui(lang, Ui::ThanksTitle),
            &body,
            None,
        );
        // The respondent is done: the next visit starts a new response (kiosks, shared devices).
        let cookie = format!(
            "{}=; Path=/s/{}; Max-Age=0; HttpOnly; SameSite=Lax",
            cookie_name(self.survey),
            self.survey.row.slug
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }
}

fn html(status: StatusCode, rendered: Result<String, askama::Error>) -> Response {
    match rendered {
        // Pages carry the respondent's form token and their answers: never cache them.
        Ok(body) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "rendering failed").into_response()
        }
    }
}

/// A page with a heading and a sentence (thanks, closed, not found, invalid form).
pub fn message(
    css: &str,
    lang: &str,
    status: StatusCode,
    heading: &str,
    body: &str,
    link: Option<(String, String)>,
) -> Response {
    let page = MessagePage {
        lang: lang.to_owned(),
        dir: direction(lang),
        css: css.to_owned(),
        title: heading.to_owned(),
        heading: heading.to_owned(),
        body: body.to_owned(),
        link,
    };
    html(status, page.render())
}

fn cookie_name(survey: &LoadedSurvey) -> String {
    format!("ocx_r{}", survey.row.id)
}

fn set_session_cookie(response: &mut Response, survey: &LoadedSurvey, signed: &str) {
    let cookie = format!(
        "{}={signed}; Path=/s/{}; Max-Age={RESUME_SECONDS}; HttpOnly; SameSite=Lax",
        cookie_name(survey),
        survey.row.slug
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// Picks the language: `?lang=`, then the session's, then `Accept-Language`, then the default.
fn choose_language(
    definition: &SurveyDefinition,
    requested: Option<&str>,
    session: Option<&str>,
    headers: &HeaderMap,
) -> String {
    if let Some(lang) = requested.filter(|l| definition.offers(l)) {
        return lang.to_owned();
    }
    if let Some(lang) = session.filter(|l| definition.offers(l)) {
        return lang.to_owned();
    }
    if let Some(accept) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        && let Some(lang) = negotiate_accept_language(accept, &definition.languages)
    {
        return lang.to_owned();
    }
    definition.default_language.clone()
}

fn new_session(
    survey: &LoadedSurvey,
    params: &[(String, String)],
    language: String,
) -> PageSession {
    let map: BTreeMap<String, String> = params.iter().cloned().collect();
    let channel = map
        .get("channel")
        .filter(|c| check_channel(c).is_ok())
        .cloned()
        .unwrap_or_else(|| "link".to_owned());
    // Link parameters that fail the checks are dropped rather than refusing a respondent.
    let dimensions = lenient_dimensions(&map);
    PageSession {
        token: random_token(18),
        stored: false,
        language,
        channel,
        dimensions,
        answers: Default::default(),
        current: None,
        response_id: None,
        survey_version: survey.version,
    }
}

/// Renders a use-case error on the respondent page.
fn error_page(state: &AppState, lang: &str, error: AppError) -> Response {
    let css = &state.assets.css_url;
    match error {
        AppError::NotFound(_) => message(
            css,
            lang,
            StatusCode::NOT_FOUND,
            wording::ui(lang, Ui::NotFoundTitle),
            wording::ui(lang, Ui::NotFoundBody),
            None,
        ),
        AppError::Closed(_) => message(
            css,
            lang,
            StatusCode::GONE,
            wording::ui(lang, Ui::ClosedTitle),
            wording::ui(lang, Ui::ClosedBody),
            None,
        ),
        AppError::Invalid { .. } => message(
            css,
            lang,
            StatusCode::BAD_REQUEST,
            wording::ui(lang, Ui::InvalidFormTitle),
            wording::ui(lang, Ui::InvalidFormBody),
            None,
        ),
        other => {
            tracing::warn!(error = %other, "respondent page failed");
            message(
                css,
                lang,
                StatusCode::SERVICE_UNAVAILABLE,
                wording::ui(lang, Ui::ErrorTitle),
                wording::ui(lang, Ui::ErrorBody),
                None,
            )
        }
    }
}

/// `GET /s/{slug}`: the current screen of this respondent (the first one for a new respondent).
pub async fn show_survey(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let survey = match state.app.survey_by_slug(&slug).await {
        Ok(s) => s,
        Err(e) => return error_page(&state, "en", e),
    };
    let requested = params
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.as_str());
    if let Err(e) = state.app.ensure_open(&survey).await {
        let lang = choose_language(&survey.definition, requested, None, &headers);
        return error_page(&state, &lang, e);
    }
    let mut session = None;
    if let Some(cookie) = cookie_value(&headers, &cookie_name(&survey))
        && let Some(token) = state.app.signer.verify(&signing_purpose(&survey), &cookie)
    {
        match state.app.load_page_session(&survey, token).await {
            Ok(Some(s)) if s.response_id.is_none() => session = Some(s),
            Ok(_) => {}
            Err(e) => return error_page(&state, "en", e),
        }
    }
    let version = session
        .as_ref()
        .map_or(survey.version, |s| s.survey_version);
    let definition = match state.app.definition_of_version(&survey, version).await {
        Ok(definition) => definition,
        Err(e) => return error_page(&state, "en", e),
    };
    let language = choose_language(
        &definition,
        requested,
        session.as_ref().map(|s| s.language.as_str()),
        &headers,
    );
    let mut session = session.unwrap_or_else(|| new_session(&survey, &params, language.clone()));
    session.language = language;
    let path = flow::path(&definition, &session.answers, &session.language);
    let current = session
        .current
        .as_deref()
        .and_then(|id| definition.questions.iter().position(|q| q.id == id))
        .filter(|i| path.contains(i))
        .or_else(|| path.first().copied());
    let Some(index) = current else {
        return error_page(
            &state,
            &session.language,
            AppError::Closed("no question to show".into()),
        );
    };
    let values = prefill(session.answers.get(&definition.questions[index].id));
    let screen = Screen {
        state: &state,
        survey: &survey,
        definition: &definition,
        params: &params,
    };
    screen.render_question(&session, index, &values, None)
}

/// `POST /s/{slug}`: saves the answer on screen and shows the next screen or the thank-you page.
pub async fn answer_survey(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let survey = match state.app.survey_by_slug(&slug).await {
        Ok(s) => s,
        Err(e) => return error_page(&state, "en", e),
    };
    let fallback_lang = choose_language(&survey.definition, None, None, &headers);
    if is_cross_site(&headers) {
        // Another site posting into a respondent's session (fixing their session, or answering
        // for them) is refused; the form only ever posts to its own origin.
        return error_page(
            &state,
            &fallback_lang,
            AppError::invalid("form", "posted from another site"),
        );
    }
    let Ok(Form(form)) = form else {
        return error_page(
            &state,
            &fallback_lang,
            AppError::invalid("form", "unreadable"),
        );
    };
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let Some(token) = field("t")
        .and_then(|t| state.app.signer.verify(&signing_purpose(&survey), t))
        .map(str::to_owned)
    else {
        return error_page(
            &state,
            &fallback_lang,
            AppError::invalid("t", "forged or missing form token"),
        );
    };
    let mut session = match state.app.load_page_session(&survey, &token).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            let mut s = new_session(&survey, &params, fallback_lang.clone());
            s.token = token;
            s
        }
        Err(e) => return error_page(&state, &fallback_lang, e),
    };
    let definition = match state
        .app
        .definition_of_version(&survey, session.survey_version)
        .await
    {
        Ok(definition) => definition,
        Err(e) => return error_page(&state, &fallback_lang, e),
    };
    let screen = Screen {
        state: &state,
        survey: &survey,
        definition: &definition,
        params: &params,
    };
    if session.response_id.is_some() {
        // A replayed final form: the response is stored already.
        return screen.thanks(&session);
    }
    if let Err(e) = state.app.ensure_open(&survey).await {
        return error_page(&state, &session.language, e);
    }
    if let Some(lang) = field("lang").filter(|l| definition.offers(l)) {
        session.language = lang.to_owned();
    }
    let lang = session.language.clone();
    let Some(index) =
        field("q").and_then(|id| definition.questions.iter().position(|q| q.id == id))
    else {
        return error_page(&state, &lang, AppError::invalid("q", "unknown question"));
    };
    let question = &definition.questions[index];
    let path = flow::path(&definition, &session.answers, &lang);
    let current_index = session
        .current
        .as_deref()
        .and_then(|id| definition.questions.iter().position(|q| q.id == id))
        .filter(|i| path.contains(i))
        .or_else(|| path.first().copied())
        .unwrap_or(0);
    if index > current_index {
        // A screen further on than this respondent has reached (a forged or replayed form):
        // show the screen they are on.
        let values = prefill(session.answers.get(&definition.questions[current_index].id));
        return screen.render_question(&session, current_index, &values, None);
    }
    if !path.contains(&index) {
        // The screen does not belong to this respondent's path (an old tab): show the right one.
        session.current = flow::next_question(&definition, &session.answers, &lang, None)
            .map(|i| definition.questions[i].id.clone());
        let target = session
            .current
            .as_deref()
            .and_then(|id| definition.question(id))
            .map(|q| q.id.clone());
        let index = target
            .and_then(|id| definition.questions.iter().position(|q| q.id == id))
            .unwrap_or(0);
        return screen.render_question(&session, index, &[], None);
    }
    let values: Vec<String> = form
        .iter()
        .filter(|(k, _)| {
            k == &question.id || k.strip_prefix(&format!("{}.", question.id)).is_some()
        })
        .map(
            |(k, v)| match k.strip_prefix(&format!("{}.", question.id)) {
                Some(field) => format!("{field}={v}"),
                None => v.clone(),
            },
        )
        .collect();
    let parsed = parse_answer(question, RawAnswer::Form(&form));
    let going_back = field("action") == Some("back");
    if going_back {
        // Keep what was typed if it is valid; going back never fails on this screen's answer.
        if let Ok(Some(answer)) = parsed {
            session.answers.insert(question.id.clone(), answer);
        }
        flow::prune_to_path(&definition, &mut session.answers, &lang);
        let previous =
            flow::previous_question(&definition, &session.answers, &lang, index).unwrap_or(index);
        session.current = Some(definition.questions[previous].id.clone());
        if session.stored
            && let Err(e) = state.app.save_page_session(&survey, &mut session).await
        {
            return error_page(&state, &lang, e);
        }
        let values = prefill(session.answers.get(&definition.questions[previous].id));
        return screen.render_question(&session, previous, &values, None);
    }
    match parsed {
        Err(_) => {
            return screen.render_question(
                &session,
                index,
                &values,
                Some(wording::ui(&lang, Ui::AnswerInvalid).to_owned()),
            );
        }
        Ok(None) if question.required => {
            return screen.render_question(
                &session,
                index,
                &values,
                Some(wording::ui(&lang, Ui::AnswerRequired).to_owned()),
            );
        }
        Ok(None) => {
            session.answers.remove(&question.id);
        }
        Ok(Some(answer)) => {
            session.answers.insert(question.id.clone(), answer);
        }
    }
    flow::prune_to_path(&definition, &mut session.answers, &lang);
    match flow::next_question(&definition, &session.answers, &lang, Some(index)) {
        Some(next) => {
            session.current = Some(definition.questions[next].id.clone());
            if let Err(e) = state.app.save_page_session(&survey, &mut session).await {
                return error_page(&state, &lang, e);
            }
            let values = prefill(session.answers.get(&definition.questions[next].id));
            screen.render_question(&session, next, &values, None)
        }
        None => {
            // Finishing needs every required question on the path answered and at least one
            // answer; otherwise show the first screen that still needs one.
            let missing = flow::first_missing_required(&definition, &session.answers, &lang)
                .or_else(|| {
                    session
                        .answers
                        .is_empty()
                        .then(|| path.first().copied().unwrap_or(0))
                });
            if let Some(missing) = missing {
                session.current = Some(definition.questions[missing].id.clone());
                if let Err(e) = state.app.save_page_session(&survey, &mut session).await {
                    return error_page(&state, &lang, e);
                }
                let values = prefill(session.answers.get(&definition.questions[missing].id));
                let message = wording::ui(&lang, Ui::AnswerRequired).to_owned();
                return screen.render_question(&session, missing, &values, Some(message));
            }
            match state.app.complete_page_session(&survey, &mut session).await {
                Ok(_) => screen.thanks(&session),
                Err(e) => error_page(&state, &lang, e),
            }
        }
    }
}
