//! Learning each workspace's vocabulary: people's corrections of an answer's sentiment or
//! themes, and the per-language sentiment models trained on the workspace's own answers — an
//! NPS, CSAT or CES score answered beside an open answer labels it, and a correction labels it
//! better (it wins over the score).
//!
//! Models are retrained in the background when enough new labelled answers or new corrections
//! arrived (see [`App::train_models_if_due`]), or at once from the text analytics page. A model
//! is used only once it has [`MIN_PER_CLASS`] examples of each class; until then the word lists
//! decide alone.

use opencx_store::{Correction, CorrectionRow, ModelRow};
use opencx_text::model::{Example, MIN_PER_CLASS, Model, TrainOptions};
use opencx_text::sentiment::SentimentAnalyzer;
use opencx_text::{Label, Lang};

use crate::text::score_kind_of;
use crate::{App, AppError, AppResult};

/// Newest labelled answers a model is trained on (training takes about a second per 20,000).
const TRAINING_LIMIT: i64 = 20_000;
/// A model is retrained when its language has this many more labelled answers (relative), …
const RETRAIN_GROWTH: f64 = 0.10;
/// … and at least this many.
const RETRAIN_MIN_NEW: i64 = 50;

/// A label's stored name.
fn label_of(name: &str) -> Option<Label> {
    match name {
        "negative" => Some(Label::Negative),
        "neutral" => Some(Label::Neutral),
        "positive" => Some(Label::Positive),
        _ => None,
    }
}

/// Who corrects an answer: a person signed in to the app, or an integration with an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrector {
    /// An account, by its id.
    User(i64),
    /// An API key, by its id.
    ApiKey(i64),
}

impl Corrector {
    /// As stored in a correction's `corrected_by`: an account's id as it is, an API key's
    /// negated (both kinds of id are positive), so the one column tells them apart.
    pub fn stored(self) -> i64 {
        match self {
            Corrector::User(id) => id,
            Corrector::ApiKey(id) => -id,
        }
    }

    /// The corrector a stored `corrected_by` names (see [`Corrector::stored`]).
    pub fn from_stored(corrected_by: i64) -> Corrector {
        if corrected_by < 0 {
            Corrector::ApiKey(-corrected_by)
        } else {
            Corrector::User(corrected_by)
        }
    }
}

impl App {
    /// Corrects an open answer of the workspace: its sentiment, whether it mentions a theme,
    /// the sentiment of a theme's mention. The corrections are checked together and stored in
    /// one transaction (none when one is refused), applied at once and by every later
    /// analysis; a corrected sentiment is training data. A sub-theme a person adds brings its
    /// parents, as the engine's do (see `opencx_store::apply_corrections`). A theme must be in the taxonomy,
    /// except to say that the answer does not mention a theme it still carries (one deleted
    /// from the taxonomy since).
    pub async fn correct_answer(
        &self,
        workspace_id: i64,
        by: Corrector,
        response_id: i64,
        question_id: &str,
        corrections: Vec<Correction>,
    ) -> AppResult<()> {
        if corrections.is_empty() {
            return Ok(());
        }
        let (_, taxonomy) = self.workspace_taxonomy(workspace_id).await?;
        let Some(analysis) = self
            .store
            .text_analysis(workspace_id, response_id, question_id)
            .await?
        else {
            return Err(AppError::NotFound("analysed answer"));
        };
        let known = |theme: &str| taxonomy.get(theme).is_some();
        for correction in &corrections {
            match correction {
                Correction::Sentiment(label) if label_of(label).is_none() => {
                    return Err(AppError::invalid(
                        "sentiment",
                        "must be positive, neutral or negative",
                    ));
                }
                Correction::Sentiment(_) => {}
                Correction::Theme {
                    theme,
                    present: false,
                } if !known(theme) && analysis.themes.iter().any(|(t, _)| t == theme) => {}
                Correction::Theme { theme, .. } if !known(theme) => {
                    return Err(AppError::invalid(
                        format!("themes.{theme}"),
                        format!("no theme {theme:?} in the workspace's taxonomy"),
                    ));
                }
                Correction::Theme { .. } => {}
                Correction::ThemeSentiment { theme, .. } if !known(theme) => {
                    return Err(AppError::invalid(
                        format!("theme_sentiments.{theme}"),
                        format!("no theme {theme:?} in the workspace's taxonomy"),
                    ));
                }
                Correction::ThemeSentiment {
                    theme,
                    label: Some(label),
                } if label_of(label).is_none() => {
                    return Err(AppError::invalid(
                        format!("theme_sentiments.{theme}"),
                        "must be positive, neutral or negative, or none to let the analysis decide",
                    ));
                }
                Correction::ThemeSentiment { .. } => {}
            }
        }
        let now = self.now();
        let rows: Vec<CorrectionRow> = corrections
            .into_iter()
            .map(|correction| CorrectionRow {
                response_id,
                question_id: question_id.to_owned(),
                correction,
                corrected_by: by.stored(),
                corrected_at: now,
            })
            .collect();
        let parents = crate::text::theme_parents(&taxonomy);
        match self.store.correct_text(workspace_id, &rows, &parents).await {
            Err(opencx_store::StoreError::NotFound) => Err(AppError::NotFound("analysed answer")),
            other => Ok(other?),
        }
    }

    /// Trains the workspace's model of every language with labelled answers, storing those with
    /// enough examples of each class (and the counts of every language, for the text analytics
    /// page); returns the languages whose model was stored.
    pub async fn train_models(&self, workspace_id: i64) -> AppResult<Vec<Lang>> {
        let mut trained = Vec::new();
        for (code, _) in self.store.labelled_counts(workspace_id).await? {
            let Some(lang) = Lang::from_code(&code) else {
                continue;
            };
            if self.train_model(workspace_id, lang).await? {
                trained.push(lang);
            }
        }
        Ok(trained)
    }

    /// Trains and stores one language's model; whether there were enough examples for one.
    /// When the language had no model in use before, every answer is analysed again, so that
    /// the answers already there are read with the model too, not only the ones after it.
    async fn train_model(&self, workspace_id: i64, lang: Lang) -> AppResult<bool> {
        let was_in_use = self
            .store
            .text_models(workspace_id, false)
            .await?
            .iter()
            .any(|m| m.language == lang.code() && m.has_model);
        let examples = self
            .store
            .training_examples(workspace_id, lang.code(), TRAINING_LIMIT)
            .await?;
        let now = self.now();
        let outcome = self
            .training_worker
            .run(move || {
                let mut counts = [0i64; 3];
                let mut corrections = 0;
                let labelled: Vec<Example<'_>> = examples
                    .iter()
                    .filter_map(|e| {
                        let label = match &e.corrected {
                            Some(name) => {
                                corrections += 1;
                                label_of(name)?
                            }
                            None => opencx_text::score::label_from_score(
                                score_kind_of(e.score_kind.as_deref()?)?,
                                e.score_value?,
                            )?,
                        };
                        counts[label.index()] += 1;
                        Some(Example {
                            text: &e.text,
                            label,
                        })
                    })
                    .collect();
                let enough = counts.iter().all(|&c| c >= i64::from(MIN_PER_CLASS));
                let model = enough.then(|| {
                    Model::train(
                        &labelled,
                        lang,
                        &SentimentAnalyzer::new(),
                        &TrainOptions::default(),
                    )
                    .to_bytes()
                });
                (counts, corrections, model)
            })
            .await
            .map_err(|e| AppError::Internal(format!("model training failed: {e}")))?;
        let (counts, corrections, model) = outcome;
        let trained = model.is_some();
        // Stored either way: without enough examples the row keeps the counts (for the page to
        // say what is missing) and no model.
        self.store
            .put_text_model(&ModelRow {
                workspace_id,
                language: lang.code().to_owned(),
                model: model.unwrap_or_default(),
                has_model: trained,
                negative: counts[0],
                neutral: counts[1],
                positive: counts[2],
                corrections,
                trained_at: now,
            })
            .await?;
        if trained && !was_in_use {
            self.reanalyse_workspace(workspace_id, "model").await?;
        }
        Ok(trained)
    }

    /// [`App::train_models_if_due`] for every workspace.
    /// `new_answers` lists the workspaces with answers analysed since the last call (`None`:
    /// look at every workspace's labelled answers); the others only when a correction is newer
    /// than one of their models (one query for all of them).
    pub async fn train_all_models_if_due(
        &self,
        new_answers: Option<&std::collections::HashSet<i64>>,
        attempts: &mut std::collections::HashMap<(i64, Lang), i64>,
    ) -> AppResult<()> {
        // Workspaces with neither newly analysed answers nor a correction newer than a model
        // have nothing new to learn from: not looked at (no query each). Without a list every
        // workspace is looked at, and the corrections need not be asked for.
        let corrected = match new_answers {
            Some(_) => self.store.workspaces_with_newer_corrections().await?,
            None => Default::default(),
        };
        for workspace in self.store.list_workspaces().await? {
            let fresh = new_answers.is_none_or(|set| set.contains(&workspace.id));
            if !fresh && !corrected.contains(&workspace.id) {
                continue;
            }
            let retrained = self
                .train_models_if_due(workspace.id, fresh, attempts)
                .await?;
            if !retrained.is_empty() {
                tracing::info!(
                    workspace = workspace.id,
                    ?retrained,
                    "retrained sentiment models"
                );
            }
        }
        Ok(())
    }

    /// Retrains a workspace's models where it is worth it: a language with enough labelled
    /// answers and no model yet, one whose labelled answers grew by a tenth (and at least 50),
    /// or any with a correction newer than its model. Without `new_answers` (none analysed
    /// since the last look) only a newer correction makes it look. `attempts` remembers the
    /// labelled count of each language whose last training lacked examples of a class, so it is
    /// not tried again until more arrive. Returns the languages retrained.
    pub async fn train_models_if_due(
        &self,
        workspace_id: i64,
        new_answers: bool,
        attempts: &mut std::collections::HashMap<(i64, Lang), i64>,
    ) -> AppResult<Vec<Lang>> {
        let models = self.store.text_models(workspace_id, false).await?;
        let latest_correction = self.store.latest_correction(workspace_id).await?;
        // Counting the labelled answers reads all of the workspace's analyses: skipped when
        // none was analysed and no correction is newer than a model.
        let newer_correction = latest_correction
            .is_some_and(|at| models.is_empty() || models.iter().any(|m| at > m.trained_at));
        if !new_answers && !newer_correction {
            return Ok(Vec::new());
        }
        let mut retrained = Vec::new();
        for (code, labelled) in self.store.labelled_counts(workspace_id).await? {
            let Some(lang) = Lang::from_code(&code) else {
                continue;
            };
            let model = models.iter().find(|m| m.language == code);
            let key = (workspace_id, lang);
            if !retrain_due(
                model,
                labelled,
                latest_correction,
                attempts.get(&key).copied(),
            ) {
                continue;
            }
            if self.train_model(workspace_id, lang).await? {
                attempts.remove(&key);
                retrained.push(lang);
            } else {
                attempts.insert(key, labelled);
            }
        }
        Ok(retrained)
    }
}

/// Whether a language's model is worth training again: it has none yet and enough labelled
/// answers (every class needs [`MIN_PER_CLASS`], so fewer than three times that cannot be
/// enough); its labelled answers grew by a tenth and at least [`RETRAIN_MIN_NEW`]; or a correction
/// is newer than its row. `attempted` is the labelled count at the last training that lacked a
/// class: growth alone does not try again until [`RETRAIN_MIN_NEW`] more arrive, but a newer
/// correction always counts again, so that the models table shows it within a check (the row,
/// model or not, records when it was counted, so this happens once per correction).
fn retrain_due(
    model: Option<&ModelRow>,
    labelled: i64,
    latest_correction: Option<i64>,
    attempted: Option<i64>,
) -> bool {
    let recently_tried = attempted.is_some_and(|at| labelled - at < RETRAIN_MIN_NEW);
    match model {
        None => labelled >= 3 * i64::from(MIN_PER_CLASS) && !recently_tried,
        Some(m) => {
            let had = m.negative + m.neutral + m.positive;
            let grown = labelled - had >= RETRAIN_MIN_NEW
                && (labelled - had) as f64 >= RETRAIN_GROWTH * had as f64;
            let corrected = latest_correction.is_some_and(|at| at > m.trained_at);
            corrected || (grown && !recently_tried)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(counts: [i64; 3], trained_at: i64) -> ModelRow {
        ModelRow {
            workspace_id: 1,
            language: "he".into(),
            model: Vec::new(),
            has_model: false,
            negative: counts[0],
            neutral: counts[1],
            positive: counts[2],
            corrections: 0,
            trained_at,
        }
    }

    #[test]
    fn a_newer_correction_is_counted_even_after_a_training_that_lacked_a_class() {
        // Hebrew: 200 labelled answers, only 5 neutral; tried at 200, counted at t = 1000.
        let lacking = row([60, 5, 135], 1_000);
        assert!(!retrain_due(Some(&lacking), 200, Some(900), Some(200)));
        assert!(
            !retrain_due(Some(&lacking), 230, None, Some(200)),
            "too few new"
        );
        // A correction after the count: counted again, whatever the last attempt.
        assert!(retrain_due(Some(&lacking), 200, Some(1_001), Some(200)));
        // Growth alone waits for RETRAIN_MIN_NEW more than the last attempt.
        assert!(!retrain_due(Some(&lacking), 240, None, Some(200)));
        assert!(retrain_due(Some(&lacking), 250, None, Some(200)));
        // No row yet: enough labelled answers, not tried at this count.
        assert!(!retrain_due(None, 89, None, None));
        assert!(retrain_due(None, 90, None, None));
        assert!(!retrain_due(None, 120, None, Some(90)));
    }
}
