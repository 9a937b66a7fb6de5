//! Surveys: create, update (versioned), publish, close, export — and the cache that keeps the
//! public page and intake from parsing a definition per request.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use opencx_domain::problem::{Location, Part, ProblemCode};
use opencx_domain::survey::{SurveyDefinition, parse_definition, parse_revision};
use opencx_store::{DefinitionToStore, StoreError, SurveyRow};
use serde_json::Value;

use crate::error::FieldProblem;
use crate::{App, AppError, AppResult};

/// How long a survey looked up by slug is reused before asking the database again. Changes made
/// on this server take effect at once (the entry is dropped); on other servers within this time.
const SLUG_TTL_MS: i64 = 1_000;

/// A survey with the definition of one of its versions.
#[derive(Debug, Clone)]
pub struct LoadedSurvey {
    pub row: SurveyRow,
    /// The version `definition` and `document` belong to.
    pub version: i64,
    pub definition: Arc<SurveyDefinition>,
    /// The definition document exactly as the user gave it.
    pub document: Arc<Value>,
}

/// Parsed definitions of immutable versions, and surveys by slug.
/// Parsed definition and document of each (survey, version).
type VersionMap = HashMap<(i64, i64), (Arc<SurveyDefinition>, Arc<Value>)>;

#[derive(Clone, Default)]
pub struct SurveyCache {
    versions: Arc<RwLock<VersionMap>>,
    slugs: Arc<RwLock<HashMap<String, (SurveyRow, i64)>>>,
}

impl SurveyCache {
    /// Forgets a survey's cached row (after any change to it).
    pub fn forget(&self, slug: &str) {
        if let Ok(mut slugs) = self.slugs.write() {
            slugs.remove(slug);
        }
    }
}

/// Whether `slug` can be a public survey address: 3–64 characters a-z, 0-9 and `-`.
pub fn is_valid_slug(slug: &str) -> bool {
    (3..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Turns a title into a slug candidate: lower case ASCII letters and digits joined by dashes.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    slug.trim_matches('-').to_owned()
}

/// Parses a definition document, turning every problem into a located field problem.
pub fn check_definition(document: &Value) -> AppResult<SurveyDefinition> {
    check_revision(document, &[])
}

/// Parses a new definition of a survey whose `earlier` versions stay (see
/// [`parse_revision`]: questions keep their kind and scale), reporting every problem together.
pub fn check_revision(
    document: &Value,
    earlier: &[(i64, &SurveyDefinition)],
) -> AppResult<SurveyDefinition> {
    parse_revision(document, earlier).map_err(|errors| {
        let problems: Vec<FieldProblem> = errors
            .0
            .into_iter()
            .map(|e| FieldProblem {
                field: if e.path.is_empty() {
                    "definition".into()
                } else {
                    format!("definition.{}", e.path)
                },
                message: e.message,
                definition: Some((e.code, e.location)),
                taxonomy: None,
            })
            .collect();
        AppError::invalid_all("the survey definition has", problems)
    })
}

/// A close time that has passed where the survey would be open, as a problem of its field.
fn closes_at_past(message: &str) -> AppError {
    let problem = FieldProblem {
        definition: Some((ProblemCode::ClosesAtPast, Location::survey(Part::ClosesAt))),
        ..FieldProblem::new("definition.closes_at", message)
    };
    AppError::invalid_all("the survey definition has", vec![problem])
}

fn title_of(definition: &SurveyDefinition) -> String {
    definition
        .title
        .resolve(&definition.default_language, &definition.default_language)
        .unwrap_or_default()
        .to_owned()
}

impl App {
    /// Creates a draft survey from a definition document. Without a slug, one is made from the title.
    pub async fn create_survey(
        &self,
        workspace_id: i64,
        slug: Option<&str>,
        document: Value,
    ) -> AppResult<LoadedSurvey> {
        let definition = check_definition(&document)?;
        let title = title_of(&definition);
        let now = self.now();
        let stored =
            serde_json::to_string(&document).map_err(|e| AppError::Internal(e.to_string()))?;
        let to_store = DefinitionToStore {
            title: &title,
            json: &stored,
            response_quota: definition.response_quota,
        };
        let row = match slug {
            Some(slug) => {
                if !is_valid_slug(slug) {
                    return Err(AppError::invalid(
                        "slug",
                        "must be 3–64 characters of a-z, 0-9 and -, not starting or ending with -",
                    ));
                }
                self.store
                    .insert_survey(workspace_id, slug, &to_store, now)
                    .await?
            }
            None => {
                let base = match slugify(&title) {
                    s if s.len() >= 3 => s,
                    _ => "survey".to_owned(),
                };
                // A random suffix keeps generated addresses unguessable and collision-free.
                let mut attempt = 0;
                loop {
                    let suffix = crate::signing::random_token(6)
                        .to_ascii_lowercase()
                        .replace(['-', '_'], "x");
                    let candidate = format!("{base}-{suffix}");
                    match self
                        .store
                        .insert_survey(workspace_id, &candidate, &to_store, now)
                        .await
                    {
                        Ok(row) => break row,
                        Err(StoreError::Conflict(_)) if attempt < 5 => attempt += 1,
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        };
        Ok(LoadedSurvey {
            version: row.current_version,
            row,
            definition: Arc::new(definition),
            document: Arc::new(document),
        })
    }

    /// A survey of a workspace with its current definition.
    pub async fn get_survey(&self, workspace_id: i64, survey_id: i64) -> AppResult<LoadedSurvey> {
        let row = self
            .store
            .get_survey(workspace_id, survey_id)
            .await
            .map_err(not_found("survey"))?;
        let mut survey = self.load_version(row, None).await?;
        self.close_if_due(&mut survey).await?;
        Ok(survey)
    }

    /// Closes a live survey whose close time has passed, as of that time. Answering it closes it
    /// too ([`App::ensure_open`]); this is for the pages and the API, which would otherwise show
    /// it live until someone tried.
    async fn close_if_due(&self, survey: &mut LoadedSurvey) -> AppResult<()> {
        if survey.row.status != "live" {
            return Ok(());
        }
        if let Some((closes_at, changed_at)) = self.close_by_its_date(survey).await? {
            survey.row.status = "closed".into();
            survey.row.closed_at = Some(closes_at);
            survey.row.closed_reason = Some("date".into());
            survey.row.updated_at = changed_at;
        }
        Ok(())
    }

    /// Closes `survey` as of its close time if that has passed; returns then the close time
    /// and the time of the change.
    async fn close_by_its_date(&self, survey: &LoadedSurvey) -> AppResult<Option<(i64, i64)>> {
        let now = self.now();
        let Some(closes_at) = survey.definition.closes_at_ms.filter(|at| *at <= now) else {
            return Ok(None);
        };
        self.store
            .close_survey(survey.row.id, "date", closes_at, now)
            .await?;
        self.surveys.forget(&survey.row.slug);
        Ok(Some((closes_at, now)))
    }

    /// The workspace's surveys, newest first, with their current definitions: one query, and
    /// definitions parsed only when not cached.
    pub async fn list_surveys(&self, workspace_id: i64) -> AppResult<Vec<LoadedSurvey>> {
        let rows = self
            .store
            .list_surveys_with_definitions(workspace_id)
            .await?;
        let mut surveys = Vec::with_capacity(rows.len());
        for (row, definition) in rows {
            let version = row.current_version;
            let cacheable = row.status != "draft";
            let cached = if cacheable {
                self.surveys
                    .versions
                    .read()
                    .ok()
                    .and_then(|m| m.get(&(row.id, version)).cloned())
            } else {
                None
            };
            let (definition, document) = match cached {
                Some(parsed) => parsed,
                None => self.parse_stored(row.id, version, &definition, cacheable)?,
            };
            let mut survey = LoadedSurvey {
                row,
                version,
                definition,
                document,
            };
            self.close_if_due(&mut survey).await?;
            surveys.push(survey);
        }
        Ok(surveys)
    }

    /// A survey with one of its versions (the current one when `version` is `None`).
    pub async fn load_version(
        &self,
        row: SurveyRow,
        version: Option<i64>,
    ) -> AppResult<LoadedSurvey> {
        let version = version.unwrap_or(row.current_version);
        // A draft's current version is edited in place, so only other versions are immutable.
        let cacheable = !(row.status == "draft" && version == row.current_version);
        if cacheable
            && let Some((definition, document)) = self
                .surveys
                .versions
                .read()
                .ok()
                .and_then(|m| m.get(&(row.id, version)).cloned())
        {
            return Ok(LoadedSurvey {
                row,
                version,
                definition,
                document,
            });
        }
        let stored = self
            .store
            .get_version(row.id, version)
            .await
            .map_err(not_found("survey version"))?;
        let (definition, document) =
            self.parse_stored(row.id, version, &stored.definition, cacheable)?;
        Ok(LoadedSurvey {
            row,
            version,
            definition,
            document,
        })
    }

    /// Parses a stored version (it was valid when stored), and caches it when it can no longer
    /// change.
    fn parse_stored(
        &self,
        survey_id: i64,
        version: i64,
        json: &str,
        cacheable: bool,
    ) -> AppResult<(Arc<SurveyDefinition>, Arc<Value>)> {
        let document: Value = serde_json::from_str(json).map_err(|e| {
            AppError::Internal(format!(
                "stored definition of survey {survey_id} is not JSON: {e}"
            ))
        })?;
        let definition = parse_definition(&document).map_err(|e| {
            AppError::Internal(format!(
                "stored definition of survey {survey_id} is invalid: {e}"
            ))
        })?;
        let (definition, document) = (Arc::new(definition), Arc::new(document));
        if cacheable && let Ok(mut m) = self.surveys.versions.write() {
            m.insert((survey_id, version), (definition.clone(), document.clone()));
        }
        Ok((definition, document))
    }

    /// The definitions a new definition of `row` must stay compatible with: every version of a
    /// live or closed survey (answers may refer to any of them), none of a draft (its one
    /// version is replaced in place and was never answered). One query.
    async fn versions_kept(&self, row: &SurveyRow) -> AppResult<Vec<(i64, Arc<SurveyDefinition>)>> {
        if row.status == "draft" {
            return Ok(Vec::new());
        }
        let cached = self.surveys.versions.read().ok().map(|m| {
            m.iter()
                .filter(|((survey, _), _)| *survey == row.id)
                .map(|((_, version), (definition, _))| (*version, definition.clone()))
                .collect::<HashMap<_, _>>()
        });
        let cached = cached.unwrap_or_default();
        let mut kept = Vec::new();
        for stored in self.store.list_version_rows(row.id).await? {
            let definition = match cached.get(&stored.version) {
                Some(definition) => definition.clone(),
                None => {
                    self.parse_stored(row.id, stored.version, &stored.definition, true)?
                        .0
                }
            };
            kept.push((stored.version, definition));
        }
        Ok(kept)
    }

    /// The definition of one version of a loaded survey: the loaded one when it is that version,
    /// else read (and cached) from the store. Respondents keep the version they started on.
    pub async fn definition_of_version(
        &self,
        survey: &LoadedSurvey,
        version: i64,
    ) -> AppResult<Arc<SurveyDefinition>> {
        if version == survey.version {
            return Ok(survey.definition.clone());
        }
        Ok(self
            .load_version(survey.row.clone(), Some(version))
            .await?
            .definition)
    }

    /// The survey published at `slug`, with its current definition (cached briefly).
    pub async fn survey_by_slug(&self, slug: &str) -> AppResult<LoadedSurvey> {
        if !is_valid_slug(slug) {
            return Err(AppError::NotFound("survey"));
        }
        let now = self.now();
        let cached = self
            .surveys
            .slugs
            .read()
            .ok()
            .and_then(|m| m.get(slug).cloned());
        let row = match cached {
            Some((row, fetched)) if now - fetched < SLUG_TTL_MS => row,
            _ => {
                let row = self
                    .store
                    .get_survey_by_slug(slug)
                    .await
                    .map_err(not_found("survey"))?;
                if let Ok(mut m) = self.surveys.slugs.write() {
                    if m.len() > 50_000 {
                        m.clear();
                    }
                    m.insert(slug.to_owned(), (row.clone(), now));
                }
                row
            }
        };
        self.load_version(row, None).await
    }

    /// Replaces a survey's definition: in place for a draft, as a new version when live or closed.
    /// A question must keep its kind and scale across versions (see [`check_revision`]).
    pub async fn update_survey(
        &self,
        workspace_id: i64,
        survey_id: i64,
        expected_version: Option<i64>,
        document: Value,
    ) -> AppResult<LoadedSurvey> {
        let current = self
            .store
            .get_survey(workspace_id, survey_id)
            .await
            .map_err(not_found("survey"))?;
        let kept = self.versions_kept(&current).await?;
        let kept: Vec<(i64, &SurveyDefinition)> =
            kept.iter().map(|(v, d)| (*v, d.as_ref())).collect();
        let definition = check_revision(&document, &kept)?;
        // A live survey given a close time already past would close at once, which nobody
        // means in a form that says "Saved": closing is its own action.
        if current.status == "live"
            && let Some(closes_at) = definition.closes_at_ms
            && closes_at <= self.now()
            && kept
                .iter()
                .find(|(v, _)| *v == current.current_version)
                .is_none_or(|(_, d)| d.closes_at_ms != Some(closes_at))
        {
            return Err(closes_at_past(
                "is in the past, so the survey would close at once; choose a later time, or \
                 close the survey",
            ));
        }
        let stored =
            serde_json::to_string(&document).map_err(|e| AppError::Internal(e.to_string()))?;
        let row = self
            .store
            .update_definition(
                workspace_id,
                survey_id,
                expected_version.unwrap_or(current.current_version),
                // Checked against the versions above; if the draft was published meanwhile,
                // its version became answerable and the check no longer holds.
                current.status == "draft",
                &DefinitionToStore {
                    title: &title_of(&definition),
                    json: &stored,
                    response_quota: definition.response_quota,
                },
                self.now(),
            )
            .await
            .map_err(not_found("survey"))?;
        self.surveys.forget(&row.slug);
        Ok(LoadedSurvey {
            version: row.current_version,
            row,
            definition: Arc::new(definition),
            document: Arc::new(document),
        })
    }

    /// Opens a survey for answers.
    pub async fn publish_survey(
        &self,
        workspace_id: i64,
        survey_id: i64,
    ) -> AppResult<LoadedSurvey> {
        let loaded = self.get_survey(workspace_id, survey_id).await?;
        if let Some(closes_at) = loaded.definition.closes_at_ms
            && closes_at <= self.now()
        {
            return Err(closes_at_past(
                "is in the past; change it before publishing",
            ));
        }
        if let Some(quota) = loaded.definition.response_quota
            && loaded.row.response_count >= quota
        {
            return Err(AppError::invalid(
                "definition.response_quota",
                format!(
                    "is already reached ({} responses); raise it before publishing",
                    loaded.row.response_count
                ),
            ));
        }
        let row = self
            .store
            .publish_survey(workspace_id, survey_id, self.now())
            .await?;
        self.surveys.forget(&row.slug);
        self.load_version(row, None).await
    }

    /// Closes a survey by hand.
    pub async fn close_survey(&self, workspace_id: i64, survey_id: i64) -> AppResult<LoadedSurvey> {
        let row = self
            .store
            .get_survey(workspace_id, survey_id)
            .await
            .map_err(not_found("survey"))?;
        self.store
            .close_survey(survey_id, "manual", self.now(), self.now())
            .await?;
        self.surveys.forget(&row.slug);
        self.get_survey(workspace_id, survey_id).await
    }

    /// Whether a survey takes answers now; closes it when its close date has passed.
    pub async fn ensure_open(&self, survey: &LoadedSurvey) -> AppResult<()> {
        match survey.row.status.as_str() {
            "live" => {}
            "draft" => return Err(AppError::Closed("the survey is not published yet".into())),
            _ => return Err(AppError::Closed("the survey is closed".into())),
        }
        if self.close_by_its_date(survey).await?.is_some() {
            return Err(AppError::Closed("the survey is closed".into()));
        }
        Ok(())
    }
}

/// How a definition document is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Yaml,
}

/// Writes a definition document as pretty JSON or YAML (ending with a newline).
pub fn export_document(document: &Value, format: ExportFormat) -> AppResult<String> {
    let mut text = match format {
        ExportFormat::Json => {
            serde_json::to_string_pretty(document).map_err(|e| AppError::Internal(e.to_string()))?
        }
        ExportFormat::Yaml => {
            serde_norway::to_string(document).map_err(|e| AppError::Internal(e.to_string()))?
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Reads a definition document from JSON or YAML text (JSON is tried first; YAML is a superset
/// in spirit but not in error messages, so a JSON-looking file gets JSON's errors).
pub fn read_document(text: &str) -> AppResult<Value> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str(text)
            .map_err(|e| AppError::invalid("definition", format!("is not valid JSON: {e}")));
    }
    let value: Value = serde_norway::from_str(text)
        .map_err(|e| AppError::invalid("definition", format!("is not valid YAML: {e}")))?;
    Ok(value)
}

/// Maps "not found" from the store to a named not-found error.
pub fn not_found(what: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::NotFound => AppError::NotFound(what),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_round_trip() {
        let yaml = "title: Hej\nquestions:\n  - id: nps\n    kind: nps\n";
        let document = read_document(yaml).unwrap();
        assert_eq!(
            read_document(&export_document(&document, ExportFormat::Yaml).unwrap()).unwrap(),
            document
        );
        assert_eq!(
            read_document(&export_document(&document, ExportFormat::Json).unwrap()).unwrap(),
            document
        );
        assert!(read_document("{").is_err());
        assert!(read_document("a: [").is_err());
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("nps-2026"));
        assert!(!is_valid_slug("-x-"));
        assert!(!is_valid_slug("Ab"));
        assert_eq!(
            slugify("How did we do? (Post-purchase)"),
            "how-did-we-do-post-purchase"
        );
        assert_eq!(slugify("Jak nam poszło?"), "jak-nam-posz-o");
    }
}
