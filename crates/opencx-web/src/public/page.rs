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
use opencx_app::respond::{
    PageSession, check_channel, decode_answers, lenient_dimensions, prefill,
};
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
    /// Set on the builder's preview: its banner, and what its forms carry instead of a token.
    preview: Option<PreviewBits>,
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
    preview: Option<PreviewBits>,
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
    /// The builder's preview: the same screens, posting to the preview and storing nothing.
    preview: Option<&'a Preview>,
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
                    href: match self.preview {
                        Some(preview) => preview.start_href(code),
                        None => page_url(&self.survey.row.slug, self.params, Some(code)),
                    },
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
            action: match self.preview {
                Some(preview) => preview.action.clone(),
                None => page_url(&self.survey.row.slug, self.params, None),
            },
            token: match self.preview {
                Some(_) => String::new(),
                None => self
                    .state
                    .app
                    .signer
                    .sign(&signing_purpose(self.survey), &session.token),
            },
            q: question_view(question, definition, session, values),
            error,
            show_back: position > 1,
            back_label: wording::ui(lang, Ui::Back),
            next_label: wording::ui(lang, if is_last { Ui::Submit } else { Ui::Next }),
            optional_label: wording::ui(lang, Ui::Optional),
            language_label: wording::ui(lang, Ui::Language),
            languages,
            preview: self.preview.map(|p| p.bits(&session.answers)),
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
        if let Some(preview) = self.preview {
            // The end of a preview: nothing was sent; it can start again.
            let page = MessagePage {
                lang: lang.to_owned(),
                dir: direction(lang),
                css: self.state.assets.css_url.clone(),
                title: wording::ui(lang, Ui::ThanksTitle).to_owned(),
                heading: wording::ui(lang, Ui::ThanksTitle).to_owned(),
                body,
                link: Some((preview.start_href(lang), preview.restart_label.clone())),
                preview: Some(preview.bits(&Default::default())),
            };
            return html(StatusCode::OK, page.render());
        }
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
        preview: None,
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
        preview: None,
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
        preview: None,
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
    let values = posted_values(question, &form);
    let going_back = field("action") == Some("back");
    match advance(
        &definition,
        &mut session.answers,
        &lang,
        index,
        &form,
        going_back,
    ) {
        Step::Back(previous) => {
            session.current = Some(definition.questions[previous].id.clone());
            if session.stored
                && let Err(e) = state.app.save_page_session(&survey, &mut session).await
            {
                return error_page(&state, &lang, e);
            }
            let values = prefill(session.answers.get(&definition.questions[previous].id));
            screen.render_question(&session, previous, &values, None)
        }
        Step::Refused(message) => screen.render_question(
            &session,
            index,
            &values,
            Some(wording::ui(&lang, message).to_owned()),
        ),
        step @ (Step::Next(next) | Step::Missing(next)) => {
            session.current = Some(definition.questions[next].id.clone());
            if let Err(e) = state.app.save_page_session(&survey, &mut session).await {
                return error_page(&state, &lang, e);
            }
            let values = prefill(session.answers.get(&definition.questions[next].id));
            let message = matches!(step, Step::Missing(_))
                .then(|| wording::ui(&lang, Ui::AnswerRequired).to_owned());
            screen.render_question(&session, next, &values, message)
        }
        Step::Finish => match state.app.complete_page_session(&survey, &mut session).await {
            Ok(_) => screen.thanks(&session),
            Err(e) => error_page(&state, &lang, e),
        },
    }
}

/// Where a posted screen leads by the survey's logic alone; the caller stores what it must.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Back to this earlier question.
    Back(usize),
    /// The same screen again with this message (an answer refused or missing).
    Refused(Ui),
    /// On to this question.
    Next(usize),
    /// The last screen was answered but this required question on the path was not.
    Missing(usize),
    /// Every required question on the path is answered: the response is complete.
    Finish,
}

/// Takes the answer to the question at `index` from a posted form into `answers` and decides
/// the next screen: the respondent's page and the builder's preview walk the same way.
fn advance(
    definition: &SurveyDefinition,
    answers: &mut flow::Answers,
    lang: &str,
    index: usize,
    form: &[(String, String)],
    going_back: bool,
) -> Step {
    let question = &definition.questions[index];
    let parsed = parse_answer(question, RawAnswer::Form(form));
    if going_back {
        // Keep what was typed if it is valid; going back never fails on this screen's answer.
        if let Ok(Some(answer)) = parsed {
            answers.insert(question.id.clone(), answer);
        }
        flow::prune_to_path(definition, answers, lang);
        let previous = flow::previous_question(definition, answers, lang, index).unwrap_or(index);
        return Step::Back(previous);
    }
    match parsed {
        Err(_) => return Step::Refused(Ui::AnswerInvalid),
        Ok(None) if question.required => return Step::Refused(Ui::AnswerRequired),
        Ok(None) => {
            answers.remove(&question.id);
        }
        Ok(Some(answer)) => {
            answers.insert(question.id.clone(), answer);
        }
    }
    flow::prune_to_path(definition, answers, lang);
    if let Some(next) = flow::next_question(definition, answers, lang, Some(index)) {
        return Step::Next(next);
    }
    // Finishing needs every required question on the path answered and at least one answer;
    // otherwise the first screen that still needs one.
    let missing = flow::first_missing_required(definition, answers, lang).or_else(|| {
        answers.is_empty().then(|| {
            flow::path(definition, answers, lang)
                .first()
                .copied()
                .unwrap_or(0)
        })
    });
    match missing {
        Some(missing) => Step::Missing(missing),
        None => Step::Finish,
    }
}

// ---------------------------------------------------------------------------------------------
// The builder's preview

/// What the builder's preview needs of the app: where its screens post, the member's CSRF
/// token, and its banner, in the member's language.
pub struct Preview {
    /// Where the screens post (`…/preview`).
    pub action: String,
    /// The first screen's address without its language (`…/preview?lang=`).
    pub start: String,
    /// The member's CSRF token: the preview's forms post inside the app.
    pub csrf: String,
    /// The member's language and its direction, for the banner.
    pub ui_lang: &'static str,
    pub ui_dir: &'static str,
    /// "Preview — answers are not saved".
    pub banner: String,
    /// Back to the builder (or the dashboard): (address, label).
    pub back: (String, String),
    /// "Start again".
    pub restart_label: String,
    /// The screen alone, without the page around it (`?partial=1`, as every screen of the
    /// app).
    pub partial: bool,
}

impl Preview {
    fn start_href(&self, lang: &str) -> String {
        format!("{}{lang}", self.start)
    }

    fn bits(&self, answers: &flow::Answers) -> PreviewBits {
        PreviewBits {
            ui_lang: self.ui_lang,
            ui_dir: self.ui_dir,
            banner: self.banner.clone(),
            back_href: self.back.0.clone(),
            back_label: self.back.1.clone(),
            csrf: self.csrf.clone(),
            // The answers so far travel in the form (the preview keeps nothing on the server);
            // the next request parses them again against the definition, like stored ones.
            answers: serde_json::to_string(answers).unwrap_or_else(|_| "{}".into()),
            partial: self.partial,
        }
    }
}

/// The preview's part of a screen (see `survey.html`, `message.html`).
struct PreviewBits {
    ui_lang: &'static str,
    ui_dir: &'static str,
    banner: String,
    back_href: String,
    back_label: String,
    csrf: String,
    answers: String,
    partial: bool,
}

/// Whether a screen is the preview's partial: `base.html` leaves out the page around it.
fn is_partial(preview: &Option<PreviewBits>) -> bool {
    preview.as_ref().is_some_and(|p| p.partial)
}

impl SurveyScreen {
    fn partial(&self) -> bool {
        is_partial(&self.preview)
    }
}

impl MessagePage {
    fn partial(&self) -> bool {
        is_partial(&self.preview)
    }
}

/// Placeholders of `{{piping}}` filled with sample values in the preview, so the manager sees
/// where they go: a sample first name in the survey's language, else the placeholder's name.
fn sample_dimensions(definition: &SurveyDefinition, lang: &str) -> Vec<(String, String)> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |t: Option<&opencx_domain::lang::Translated>| {
        if let Some(t) = t
            && let Some(text) = t.resolve(lang, &definition.default_language)
        {
            names.extend(piping::placeholders(text));
        }
    };
    add(Some(&definition.title));
    add(definition.intro.as_ref());
    add(definition.thanks.as_ref());
    for question in &definition.questions {
        add(question.text.as_ref());
        add(question.help.as_ref());
        if let QuestionKind::SingleChoice { options }
        | QuestionKind::MultipleChoice { options, .. } = &question.kind
        {
            for option in options {
                add(Some(&option.label));
            }
        }
    }
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let value = match (name.as_str(), lang) {
                ("first_name", "pl") => "Ola".to_owned(),
                ("first_name", "he") => "נועה".to_owned(),
                ("first_name", "fa") => "سارا".to_owned(),
                ("first_name", _) => "Alex".to_owned(),
                _ => format!("[{name}]"),
            };
            (name, value)
        })
        .collect()
}

/// A preview walk's state: the answers so far, in the survey's language, stored nowhere.
fn preview_session(
    survey: &LoadedSurvey,
    definition: &SurveyDefinition,
    lang: &str,
) -> PageSession {
    PageSession {
        token: String::new(),
        stored: false,
        language: lang.to_owned(),
        channel: "preview".into(),
        dimensions: sample_dimensions(definition, lang),
        answers: Default::default(),
        current: None,
        response_id: None,
        survey_version: survey.version,
    }
}

/// The preview's first screen in `lang` (the survey's default language when it does not offer
/// that one): the survey's current definition, a draft's too, as a respondent would see it.
pub fn preview_start(
    state: &AppState,
    survey: &LoadedSurvey,
    lang: &str,
    preview: &Preview,
) -> Response {
    let definition = &survey.definition;
    let lang = if definition.offers(lang) {
        lang
    } else {
        definition.default_language.as_str()
    };
    let session = preview_session(survey, definition, lang);
    let screen = Screen {
        state,
        survey,
        definition,
        params: &[],
        preview: Some(preview),
    };
    match flow::next_question(definition, &session.answers, lang, None) {
        Some(first) => screen.render_question(&session, first, &[], None),
        None => screen.thanks(&session),
    }
}

/// A posted preview screen: the answer is checked, the logic followed, the next screen shown;
/// at the end the thank-you page. Nothing is stored, whatever the form says.
pub fn preview_answer(
    state: &AppState,
    survey: &LoadedSurvey,
    form: &[(String, String)],
    preview: &Preview,
) -> Response {
    let definition = &survey.definition;
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let lang = field("lang")
        .filter(|l| definition.offers(l))
        .unwrap_or(definition.default_language.as_str())
        .to_owned();
    let mut session = preview_session(survey, definition, &lang);
    // Answers the definition does not accept are dropped, as when partial answers are read back.
    session.answers = decode_answers(definition, field("answers").unwrap_or("{}"));
    flow::prune_to_path(definition, &mut session.answers, &lang);
    let screen = Screen {
        state,
        survey,
        definition,
        params: &[],
        preview: Some(preview),
    };
    let path = flow::path(definition, &session.answers, &lang);
    let index = field("q").and_then(|id| definition.questions.iter().position(|q| q.id == id));
    let Some(index) = index.filter(|i| path.contains(i)) else {
        // An old tab or an edited survey: start from the first screen of this path.
        return match path.first() {
            Some(first) => {
                let values = prefill(session.answers.get(&definition.questions[*first].id));
                screen.render_question(&session, *first, &values, None)
            }
            None => screen.thanks(&session),
        };
    };
    let question = &definition.questions[index];
    let values = posted_values(question, form);
    let going_back = field("action") == Some("back");
    match advance(
        definition,
        &mut session.answers,
        &lang,
        index,
        form,
        going_back,
    ) {
        Step::Back(previous) => {
            let values = prefill(session.answers.get(&definition.questions[previous].id));
            screen.render_question(&session, previous, &values, None)
        }
        Step::Refused(message) => screen.render_question(
            &session,
            index,
            &values,
            Some(wording::ui(&lang, message).to_owned()),
        ),
        step @ (Step::Next(next) | Step::Missing(next)) => {
            let values = prefill(session.answers.get(&definition.questions[next].id));
            let message = matches!(step, Step::Missing(_))
                .then(|| wording::ui(&lang, Ui::AnswerRequired).to_owned());
            screen.render_question(&session, next, &values, message)
        }
        Step::Finish => screen.thanks(&session),
    }
}

/// What a form holds for a question, as the screen shows it again (`field=value` for contact
/// fields).
fn posted_values(question: &Question, form: &[(String, String)]) -> Vec<String> {
    let prefix = format!("{}.", question.id);
    form.iter()
        .filter(|(k, _)| k == &question.id || k.starts_with(&prefix))
        .map(|(k, v)| match k.strip_prefix(&prefix) {
            Some(field) => format!("{field}={v}"),
            None => v.clone(),
        })
        .collect()
}
