//! What every page about one survey needs: reading the survey id from the URL, loading the
//! survey of the member's workspace, and naming a question in the viewer's language.

use axum::response::Response;
use opencx_app::AppError;
use opencx_app::accounts::Member;
use opencx_app::surveys::LoadedSurvey;
use opencx_domain::survey::Question;
use opencx_domain::wording;

use super::chrome::app_error_screen;
use super::i18n::UiLang;
use crate::AppState;

/// An id from the URL: a positive decimal number.
pub fn parse_id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

/// The survey `survey_id` of the member's workspace, or the page to show instead (not found:
/// an id of another workspace is not found either).
pub async fn load_survey(
    state: &AppState,
    member: &Member,
    survey_id: &str,
    lang: UiLang,
) -> Result<LoadedSurvey, Response> {
    let Some(id) = parse_id(survey_id) else {
        return Err(app_error_screen(state, lang, AppError::NotFound("survey")));
    };
    state
        .app
        .get_survey(member.workspace.id, id)
        .await
        .map_err(|e| app_error_screen(state, lang, e))
}

/// The question's text in `lang` (else the survey's default, else the kind's wording), with
/// `{{placeholders}}` shown as "…".
pub fn question_label(question: &Question, survey: &LoadedSurvey, lang: &str) -> String {
    let text = question
        .text
        .as_ref()
        .and_then(|t| t.resolve(lang, &survey.definition.default_language))
        .unwrap_or_else(|| wording::default_question_text(&question.kind, lang));
    opencx_domain::piping::render(text, |_| Some("…".to_owned()))
}

/// The survey's title in the viewer's language (else its default language, else its slug).
pub fn survey_title(survey: &LoadedSurvey, lang: UiLang) -> String {
    survey
        .definition
        .title
        .resolve(lang.code(), &survey.definition.default_language)
        .unwrap_or(&survey.row.slug)
        .to_owned()
}
