//! Analysis of open answers in the background: language, sentiment and themes of every open
//! answer, stored beside it within about a second of its arrival.
//!
//! Open answers are queued durably with their response (see `NewAnswer::analyse`). A background
//! task wakes on every committed response (and every few seconds regardless, for answers queued
//! by another server or before a restart), analyses what is queued with `opencx_text`, and
//! stores the results while taking the answers off the queue. Answers stored before text
//! analytics existed are queued once, at the first start that has it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use opencx_domain::survey::{CesVariant, QuestionKind, SurveyDefinition};
use opencx_store::{
    AnswerScore, EngineFacts, EngineMention, QueuedText, TextAnalysisRow, ThemeParents,
    combined_sentiment,
};
use opencx_text::model::Model;
use opencx_text::score::{ScoreKind, label_from_score};
use opencx_text::themes::Taxonomy;
use opencx_text::{Analysis, Analyzer, Label, Lang};
use serde_json::json;
use tokio::sync::broadcast;

use crate::{App, AppResult};

/// Answers analysed per transaction.
const BATCH: i64 = 200;
/// How often the queue is looked at when no response arrives.
const POLL: Duration = Duration::from_secs(5);
/// A round that analysed at least this many answers means responses are arriving faster than
/// one at a time: the next round waits [`BUSY_PAUSE`] so that it takes a full batch instead of
/// paying its fixed cost (queue read, survey facts, transaction) for a handful of answers, and
/// leaves the cores to intake meanwhile.
const BUSY_ROUND: usize = 20;
/// How long the analysis pauses, between two batches of answers, while intake is under load:
/// its transactions were most of what intake's writer waited for (decision record 0023); at
/// 300 ms it still advances by about 600 answers/s during a burst.
const GIVE_WAY: Duration = Duration::from_millis(300);
/// See [`BUSY_ROUND`]; short enough that analyses stay within a second of their answers.
const BUSY_PAUSE: Duration = Duration::from_millis(250);
/// How often the background task looks for models worth retraining.
const TRAINING_CHECK: Duration = Duration::from_secs(60);
/// The setting that records that answers stored before text analytics were queued.
const BACKFILL_SETTING: &str = "text_backfill_done";
/// The setting that records that answers corrected before the engine's result was kept with
/// their analysis were queued again (so their theme mentions follow the corrections).
const ENGINE_FACTS_SETTING: &str = "text_engine_facts_done";
/// The setting that records which [`opencx_text::ENGINE_VERSION`] the stored analyses are of.
const ENGINE_VERSION_SETTING: &str = "text_engine_version";

/// Analysers built from the resources, one per workspace (its taxonomy) and set of allowed
/// languages (a survey's languages limit what detection may answer), and each workspace's
/// trained models. Building an analyser takes a few milliseconds and loading a model a few more,
/// so the background task keeps them for its whole life and rebuilds only what changed (checked
/// once per batch against the taxonomy versions and the models' training times).
#[derive(Default)]
pub struct Analyzers {
    by_key: HashMap<(i64, Vec<Lang>), Arc<Analyzer>>,
    /// Each workspace's taxonomy and its version (0: the starter set).
    taxonomies: HashMap<i64, (i64, Arc<Taxonomy>)>,
    /// Each workspace's models, and the training times they were loaded at.
    models: HashMap<i64, (TrainingTimes, Arc<Models>)>,
    /// Workspaces with answers analysed since the caller last took this set (they may have new
    /// labelled answers for their models).
    pub touched: HashSet<i64>,
}

/// (language, trained at) of each model a workspace's [`Models`] were loaded from.
type TrainingTimes = Vec<(String, i64)>;

/// A workspace's trained models by language.
pub type Models = HashMap<Lang, Model>;

impl Analyzers {
    /// Drops what changed since it was loaded: taxonomies of a new version, models retrained.
    async fn refresh(&mut self, app: &App) -> AppResult<()> {
        let versions: HashMap<i64, i64> =
            app.store.taxonomy_versions().await?.into_iter().collect();
        let stale: Vec<i64> = self
            .taxonomies
            .iter()
            .filter(|(ws, (version, _))| versions.get(ws).copied().unwrap_or(0) != *version)
            .map(|(ws, _)| *ws)
            .collect();
        for ws in stale {
            self.taxonomies.remove(&ws);
            self.by_key.retain(|(w, _), _| *w != ws);
        }
        let mut trained: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
        for (ws, lang, at) in app.store.model_versions().await? {
            trained.entry(ws).or_default().push((lang, at));
        }
        self.models.retain(|ws, (loaded, _)| {
            let mut now = trained.get(ws).cloned().unwrap_or_default();
            now.sort();
            *loaded == now
        });
        Ok(())
    }

    async fn taxonomy(&mut self, app: &App, workspace_id: i64) -> AppResult<Arc<Taxonomy>> {
        if let Some((_, taxonomy)) = self.taxonomies.get(&workspace_id) {
            return Ok(taxonomy.clone());
        }
        let (version, taxonomy) = app.workspace_taxonomy(workspace_id).await?;
        let taxonomy = Arc::new(taxonomy);
        self.taxonomies
            .insert(workspace_id, (version, taxonomy.clone()));
        Ok(taxonomy)
    }

    async fn get(
        &mut self,
        app: &App,
        workspace_id: i64,
        allowed: Vec<Lang>,
    ) -> AppResult<Arc<Analyzer>> {
        let key = (workspace_id, allowed);
        if let Some(analyser) = self.by_key.get(&key) {
            return Ok(analyser.clone());
        }
        let taxonomy = self.taxonomy(app, workspace_id).await?;
        let analyser = Arc::new(Analyzer::new(&key.1, &taxonomy));
        self.by_key.insert(key, analyser.clone());
        Ok(analyser)
    }

    async fn models(&mut self, app: &App, workspace_id: i64) -> AppResult<Arc<Models>> {
        if let Some((_, models)) = self.models.get(&workspace_id) {
            return Ok(models.clone());
        }
        let mut loaded = Vec::new();
        let mut models = Models::new();
        for row in app.store.text_models(workspace_id, true).await? {
            loaded.push((row.language.clone(), row.trained_at));
            if row.model.is_empty() {
                continue; // trained without enough examples of each class
            }
            match (
                Lang::from_code(&row.language),
                Model::from_bytes(&row.model),
            ) {
                (Some(lang), Ok(model)) => {
                    models.insert(lang, model);
                }
                (_, Err(error)) => {
                    tracing::warn!(%error, workspace_id, language = %row.language,
                        "a stored sentiment model is unreadable; the word lists decide until it is retrained");
                }
                (None, _) => {}
            }
        }
        loaded.sort();
        let models = Arc::new(models);
        self.models.insert(workspace_id, (loaded, models.clone()));
        Ok(models)
    }
}

/// The score that labels a survey's open answers: its first NPS question, else its first CSAT,
/// else its first CES question, with the scale the answers are read on.
pub fn score_question(definition: &SurveyDefinition) -> Option<(String, ScoreKind)> {
    let first = |pick: &dyn Fn(&QuestionKind) -> Option<ScoreKind>| {
        definition
            .questions
            .iter()
            .find_map(|q| pick(&q.kind).map(|kind| (q.id.clone(), kind)))
    };
    first(&|k| matches!(k, QuestionKind::Nps { .. }).then_some(ScoreKind::Nps))
        .or_else(|| {
            first(&|k| match k {
                QuestionKind::Csat { scale: 7 } => Some(ScoreKind::Csat7),
                QuestionKind::Csat { .. } => Some(ScoreKind::Csat5),
                _ => None,
            })
        })
        .or_else(|| {
            first(&|k| match k {
                QuestionKind::Ces {
                    variant: CesVariant::Agreement7,
                } => Some(ScoreKind::Ces7),
                QuestionKind::Ces { .. } => Some(ScoreKind::Ces5),
                _ => None,
            })
        })
}

/// The stored name of a score kind (its serde name: nps, csat5, csat7, ces5, ces7).
pub fn score_kind_name(kind: ScoreKind) -> &'static str {
    match kind {
        ScoreKind::Nps => "nps",
        ScoreKind::Csat5 => "csat5",
        ScoreKind::Csat7 => "csat7",
        ScoreKind::Ces5 => "ces5",
        ScoreKind::Ces7 => "ces7",
    }
}

/// The score kind of a stored name.
pub fn score_kind_of(name: &str) -> Option<ScoreKind> {
    [
        ScoreKind::Nps,
        ScoreKind::Csat5,
        ScoreKind::Csat7,
        ScoreKind::Ces5,
        ScoreKind::Ces7,
    ]
    .into_iter()
    .find(|k| score_kind_name(*k) == name)
}

/// The band of a label: −1 negative, 0 neutral, 1 positive.
fn band(label: Label) -> i64 {
    match label {
        Label::Negative => -1,
        Label::Neutral => 0,
        Label::Positive => 1,
    }
}

/// `f` of every item, each on its own: the results, and the items whose call panicked.
fn each_isolated<T, R>(items: &[T], f: impl Fn(&T) -> R) -> (Vec<R>, Vec<&T>) {
    let mut results = Vec::with_capacity(items.len());
    let mut failed = Vec::new();
    for item in items {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))) {
            Ok(result) => results.push(result),
            Err(_) => failed.push(item),
        }
    }
    (results, failed)
}

/// The parent of each sub-theme of `taxonomy`: what a sub-theme a person adds to an answer
/// brings with it (see `opencx_store::apply_corrections`).
pub fn theme_parents(taxonomy: &Taxonomy) -> ThemeParents {
    taxonomy
        .themes
        .iter()
        .filter_map(|t| Some((t.id.clone(), t.parent.clone()?)))
        .collect()
}

/// What the analysis needs of a survey version.
struct VersionFacts {
    allowed: Vec<Lang>,
    score: Option<(String, ScoreKind)>,
}

/// The languages text analytics supports among `codes`, in their order; all of them when none
/// is supported (an answer in another language is then read as the closest supported one).
fn allowed_languages(codes: &[String]) -> Vec<Lang> {
    let mut allowed: Vec<Lang> = codes.iter().filter_map(|c| Lang::from_code(c)).collect();
    allowed.dedup();
    if allowed.is_empty() {
        allowed = Lang::ALL.to_vec();
    }
    allowed
}

/// What is stored of an analysis: the row, with the details a page needs to highlight the words
/// behind the sentiment and the themes.
fn analysis_row(
    queued: &QueuedText,
    analysis: &Analysis,
    score: Option<(ScoreKind, i64)>,
    taxonomy: &Taxonomy,
) -> TextAnalysisRow {
    // A sub-theme's mention counts for its parents too, so a parent's figures cover its whole
    // branch: with the sentiment of the parent's own words when they were found, else with
    // what its sub-themes say together (the most negative when they differ).
    // A mention whose sentences are all the answer's has the whole answer's sentiment (unless
    // it took its own part's, "Great prices, but rude staff"): a correction of the answer's
    // sentiment then reaches it (see `apply_corrections`).
    let sentences = analysis.lexicon.sentences.len();
    // Each mention lists the themes found in the words that it comes from (itself, its
    // sub-themes), so a person's label on a sub-theme can reach its parent.
    let mut mentions: Vec<EngineMention> = Vec::new();
    for t in &analysis.themes {
        let label = t.sentiment.label.as_str().to_owned();
        let whole = sentences > 0 && t.sentences.len() >= sentences && !t.by_part;
        for id in std::iter::once(t.theme.clone()).chain(taxonomy.ancestors(&t.theme)) {
            match mentions.iter_mut().find(|m| m.theme == id) {
                Some(mention) => {
                    if !mention.from.contains(&t.theme) {
                        mention.from.push(t.theme.clone());
                    }
                    if id == t.theme {
                        // A parent found by its own words too has their sentiment, not that of
                        // the sub-theme that came first.
                        mention.sentiment = label.clone();
                        mention.whole = whole;
                    } else if !mention.from.contains(&mention.theme) {
                        // A parent fed only by its sub-themes takes what they say together,
                        // the rule a person's labels on them follow too.
                        if let Some(combined) =
                            combined_sentiment([mention.sentiment.as_str(), label.as_str()])
                        {
                            mention.sentiment = combined.to_owned();
                        }
                        mention.whole |= whole;
                    }
                }
                None => mentions.push(EngineMention {
                    theme: id,
                    sentiment: label.clone(),
                    whole,
                    from: vec![t.theme.clone()],
                }),
            }
        }
    }
    let themes = mentions
        .iter()
        .map(|m| (m.theme.clone(), m.sentiment.clone()))
        .collect();
    let sentiment = analysis.sentiment.sentiment.label.as_str().to_owned();
    let sentiment_score = (analysis.sentiment.sentiment.score * 1000.0).round() as i64;
    let decided_by = analysis.sentiment.decided_by.as_str().to_owned();
    let details = json!({
        "sentences": analysis.lexicon.sentences.iter().map(|s| json!({
            "start": s.start, "end": s.end,
            "score": (s.sentiment.score * 1000.0).round() as i64,
            "label": s.sentiment.label.as_str(),
        })).collect::<Vec<_>>(),
        "triggers": analysis.lexicon.triggers.iter().map(|t| json!({
            "start": t.start, "end": t.end,
            "valence": (t.valence * 1000.0).round() as i64,
            "negated": t.negated,
        })).collect::<Vec<_>>(),
        "themes": analysis.themes.iter().map(|t| json!({
            "theme": t.theme, "spans": t.spans,
        })).collect::<Vec<_>>(),
        "language_confidence": analysis.detection.confidence,
        // What each side said, so a page can show why the label is what it is.
        "lexicon": {
            "score": (analysis.lexicon.sentiment.score * 1000.0).round() as i64,
            "label": analysis.lexicon.sentiment.label.as_str(),
        },
        "model": analysis.sentiment.model_probabilities
            .map(|p| p.map(|x| (x * 1000.0).round() as i64)),
    });
    TextAnalysisRow {
        response_id: queued.response_id,
        question_id: queued.question_id.clone(),
        workspace_id: queued.workspace_id,
        survey_id: queued.survey_id,
        submitted_at: queued.submitted_at,
        language: analysis.detection.lang.code().to_owned(),
        language_detected: analysis.detection.was_detected(),
        engine: Some(EngineFacts {
            sentiment: sentiment.clone(),
            score: sentiment_score,
            decided_by: decided_by.clone(),
            themes: mentions,
        }),
        sentiment_score,
        sentiment,
        decided_by,
        details: details.to_string(),
        themes,
        score: score.and_then(|(kind, value)| {
            label_from_score(kind, value).map(|label| AnswerScore {
                kind: score_kind_name(kind).to_owned(),
                value,
                band: band(label),
            })
        }),
    }
}

impl App {
    /// Analyses queued open answers until the queue is empty; returns how many were analysed.
    /// Each answer is read with its workspace's taxonomy and models and labelled with the score
    /// answered beside it. A database failure stops the run (the answers stay queued); an
    /// answer whose survey or version is gone, or no longer readable, is taken off the queue
    /// unanalysed.
    pub async fn analyse_queued_texts(&self, analysers: &mut Analyzers) -> AppResult<usize> {
        let mut total = 0;
        loop {
            let queued = self.store.queued_texts(BATCH).await?;
            if queued.is_empty() {
                return Ok(total);
            }
            analysers.refresh(self).await?;
            // Each answer with the analyser of its survey version's languages, and the language
            // of the response as the fallback for texts too short to tell.
            let mut work = Vec::with_capacity(queued.len());
            let mut done = Vec::new();
            // The languages and score question of each survey version in the batch, looked up
            // once.
            let mut versions: HashMap<(i64, i64), Option<VersionFacts>> = HashMap::new();
            for item in &queued {
                let key = (item.survey_id, item.survey_version);
                if versions.contains_key(&key) {
                    continue;
                }
                let facts = match self.store.get_survey_any_workspace(key.0).await {
                    Ok(row) => match self.load_version(row, Some(key.1)).await {
                        Ok(survey) => Some(VersionFacts {
                            allowed: allowed_languages(&survey.definition.languages),
                            score: score_question(&survey.definition),
                        }),
                        Err(error) => {
                            tracing::warn!(%error, survey = key.0, version = key.1,
                                "open answers of an unreadable survey version are not analysed");
                            None
                        }
                    },
                    Err(opencx_store::StoreError::NotFound) => None,
                    Err(error) => return Err(error.into()),
                };
                versions.insert(key, facts);
            }
            let response_ids: Vec<i64> = queued.iter().map(|q| q.response_id).collect();
            let mut numbers: HashMap<(i64, String), i64> = HashMap::new();
            for (response, question, value) in self.store.numeric_answers_of(&response_ids).await? {
                numbers.insert((response, question), value);
            }
            for item in queued {
                let Some(facts) = &versions[&(item.survey_id, item.survey_version)] else {
                    done.push((item.response_id, item.question_id));
                    continue;
                };
                let fallback = Lang::from_code(&item.language)
                    .filter(|l| facts.allowed.contains(l))
                    .unwrap_or(facts.allowed[0]);
                let score = facts.score.as_ref().and_then(|(question, kind)| {
                    numbers
                        .get(&(item.response_id, question.clone()))
                        .map(|value| (*kind, *value))
                });
                let analyser = analysers
                    .get(self, item.workspace_id, facts.allowed.clone())
                    .await?;
                let models = analysers.models(self, item.workspace_id).await?;
                let taxonomy = analysers.taxonomy(self, item.workspace_id).await?;
                work.push((analyser, models, taxonomy, fallback, score, item));
            }
            // CPU work off the async threads, at a lower priority than requests (see
            // `background`): about 40 µs per answer. An answer whose analysis
            // panics (a bug on some unforeseen text) is taken off the queue with a warning;
            // left there, it would stop the analysis of every answer queued after it.
            let (rows, failed) = self
                .analysis_worker
                .run(move || {
                    let (rows, failed) = each_isolated(
                        &work,
                        |(analyser, models, taxonomy, fallback, score, item)| {
                            let analysis =
                                analyser.analyze(&item.text, *fallback, |lang| models.get(&lang));
                            analysis_row(item, &analysis, *score, taxonomy)
                        },
                    );
                    let failed: Vec<(i64, String)> = failed
                        .into_iter()
                        .map(|(.., item)| (item.response_id, item.question_id.clone()))
                        .collect();
                    (rows, failed)
                })
                .await
                .map_err(|e| crate::AppError::Internal(format!("text analysis failed: {e}")))?;
            for (response_id, question_id) in failed {
                tracing::warn!(response_id, %question_id,
                    "the analysis of an open answer failed; it stays unanalysed");
                done.push((response_id, question_id));
            }
            total += rows.len();
            analysers
                .touched
                .extend(rows.iter().map(|r| r.workspace_id));
            // The sub-themes' parents of each workspace, for corrections that add a sub-theme.
            let mut workspaces: Vec<i64> = rows.iter().map(|r| r.workspace_id).collect();
            workspaces.sort_unstable();
            workspaces.dedup();
            let mut parents = HashMap::new();
            for workspace_id in workspaces {
                let taxonomy = analysers.taxonomy(self, workspace_id).await?;
                parents.insert(workspace_id, theme_parents(&taxonomy));
            }
            self.store
                .store_text_analyses(&rows, &done, &parents, self.now())
                .await?;
            tracing::trace!(stored = rows.len(), "stored analyses of open answers");
            // A burst of responses comes first: acknowledging them is what cannot wait. The
            // analysis takes a pause after each of its batches while it lasts (so it still
            // advances, by about 200 answers at a time) and catches up after.
            if self.ingest.under_load(self.now()) {
                tokio::time::sleep(GIVE_WAY).await;
            }
        }
    }

    /// Queues the open answers of every survey's every version, once per database (the first
    /// start with text analytics): answers stored before it existed get analysed too.
    pub async fn queue_texts_stored_before(&self) -> AppResult<u64> {
        if self.store.get_setting(BACKFILL_SETTING).await?.is_some() {
            return Ok(0);
        }
        let mut queued = 0;
        for workspace in self.store.list_workspaces().await? {
            queued += self.reanalyse_workspace(workspace.id, "upgrade").await?;
        }
        self.store.put_setting(BACKFILL_SETTING, "1").await?;
        // Everything is analysed again anyway: nothing else to queue.
        self.store.put_setting(ENGINE_FACTS_SETTING, "1").await?;
        self.store
            .put_setting(
                ENGINE_VERSION_SETTING,
                &opencx_text::ENGINE_VERSION.to_string(),
            )
            .await?;
        Ok(queued)
    }

    /// Queues every workspace's open answers again, once, when they were analysed by an older
    /// version of the engine ([`opencx_text::ENGINE_VERSION`]; a database from before the
    /// version was recorded counts as older): after an upgrade, answers already stored get
    /// the new word lists and rules, and the pages show the re-analysis's progress. A newer
    /// version's analyses (a server rolled back, or an older one beside a newer one on the same
    /// database) are left as they are, so two versions never re-analyse in turns. Returns how
    /// many answers were queued.
    pub async fn queue_texts_of_another_engine(&self) -> AppResult<u64> {
        let stored = self
            .store
            .get_setting(ENGINE_VERSION_SETTING)
            .await?
            .and_then(|v| v.trim().parse::<u32>().ok());
        if stored.is_some_and(|stored| stored >= opencx_text::ENGINE_VERSION) {
            return Ok(0);
        }
        let current = opencx_text::ENGINE_VERSION.to_string();
        let mut queued = 0;
        for workspace in self.store.list_workspaces().await? {
            queued += self.reanalyse_workspace(workspace.id, "engine").await?;
        }
        self.store
            .put_setting(ENGINE_VERSION_SETTING, &current)
            .await?;
        Ok(queued)
    }

    /// Queues again, once per database, the answers whose sentiment was corrected before the
    /// engine's own result was kept beside their analysis: re-analysed, their theme mentions
    /// follow the correction like every later one's.
    pub async fn queue_corrected_before_engine_facts(&self) -> AppResult<u64> {
        if self
            .store
            .get_setting(ENGINE_FACTS_SETTING)
            .await?
            .is_some()
        {
            return Ok(0);
        }
        let queued = self.store.queue_corrected_without_engine().await?;
        self.store.put_setting(ENGINE_FACTS_SETTING, "1").await?;
        Ok(queued)
    }
}

/// Runs the analyser in the background: on every committed response, and every few seconds;
/// and the trainer of the workspaces' sentiment models, once a minute.
pub fn spawn_text_analyser(
    app: App,
    mut events: broadcast::Receiver<crate::intake::ResponseEvent>,
) {
    // Models are retrained when worth it, checked once a minute, in a task of their own: a
    // training takes up to a second and must not delay the analysis of new answers.
    // Only workspaces with newly analysed answers (shared by the analyser below) have their
    // labelled answers counted again; the first round looks at every workspace.
    let trainer = app.clone();
    let touched: Arc<std::sync::Mutex<Option<HashSet<i64>>>> = Arc::default();
    let analysed = touched.clone();
    tokio::spawn(async move {
        let mut attempts = HashMap::new();
        loop {
            tokio::time::sleep(TRAINING_CHECK).await;
            let new_answers = touched
                .lock()
                .map(|mut set| set.replace(HashSet::new()))
                .unwrap_or_default();
            if let Err(error) = trainer
                .train_all_models_if_due(new_answers.as_ref(), &mut attempts)
                .await
            {
                tracing::warn!(%error, "could not retrain sentiment models");
            }
        }
    });
    tokio::spawn(async move {
        let mut analysers = Analyzers::default();
        let mut backfilled = false;
        loop {
            // Until it succeeds once (a busy database at start-up is retried).
            if !backfilled {
                let queued = match app.queue_texts_stored_before().await {
                    Ok(queued) => match app.queue_corrected_before_engine_facts().await {
                        Ok(more) => app
                            .queue_texts_of_another_engine()
                            .await
                            .map(|rest| queued + more + rest),
                        Err(error) => Err(error),
                    },
                    Err(error) => Err(error),
                };
                match queued {
                    Ok(queued) => {
                        backfilled = true;
                        if queued > 0 {
                            tracing::info!(queued, "queued earlier open answers for analysis");
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not queue earlier open answers; retrying")
                    }
                }
            }
            let result = app.analyse_queued_texts(&mut analysers).await;
            if !analysers.touched.is_empty()
                && let Ok(mut set) = analysed.lock()
                && let Some(set) = set.as_mut()
            {
                set.extend(analysers.touched.drain());
            }
            match result {
                Ok(0) => {}
                Ok(analysed) => {
                    tracing::debug!(analysed, "analysed open answers");
                    if analysed >= BUSY_ROUND {
                        tokio::time::sleep(BUSY_PAUSE).await;
                    }
                }
                Err(error) => tracing::warn!(%error, "text analysis failed; retrying"),
            }
            tokio::select! {
                event = events.recv() => match event {
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                () = tokio::time::sleep(POLL) => {}
            }
            // One round serves every response stored so far: the events that arrived meanwhile
            // (one per response) must not each start a round of their own.
            loop {
                match events.try_recv() {
                    Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                    Err(broadcast::error::TryRecvError::Empty) => break,
                    Err(broadcast::error::TryRecvError::Closed) => return,
                }
            }
        }
    });
}

/// How a highlighted piece of an open answer is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A word that made the sentiment more positive.
    Positive,
    /// A word that made it more negative.
    Negative,
    /// A word that made a theme match.
    Theme,
}

/// What the word lists and the learned model each said about an answer, read from its stored
/// analysis details (analyses stored before these were kept have none).
#[derive(Debug, Clone, PartialEq)]
pub struct SentimentBasis {
    /// The word lists' score, −1 … 1, and label.
    pub lexicon: (f64, String),
    /// The model's probabilities of negative, neutral and positive, when it was used.
    pub model: Option<[f64; 3]>,
}

/// Reads [`SentimentBasis`] from an analysis's stored details.
pub fn sentiment_basis(details: &str) -> Option<SentimentBasis> {
    let details: serde_json::Value = serde_json::from_str(details).ok()?;
    let lexicon = &details["lexicon"];
    let score = lexicon["score"].as_i64()? as f64 / 1000.0;
    let label = lexicon["label"].as_str()?.to_owned();
    let model = details["model"].as_array().and_then(|p| {
        let p: Vec<f64> = p
            .iter()
            .filter_map(|x| x.as_i64())
            .map(|x| x as f64 / 1000.0)
            .collect();
        <[f64; 3]>::try_from(p).ok()
    });
    Some(SentimentBasis {
        lexicon: (score, label),
        model,
    })
}

/// Cuts `text` into pieces, marking the words behind the sentiment and the themes as the stored
/// analysis `details` records them (byte ranges of the original text). Overlapping or broken
/// ranges are skipped, so the pieces always join back into `text`.
pub fn highlight(text: &str, details: &str) -> Vec<(String, Option<Mark>)> {
    highlight_kept(text, details, |_| true)
}

/// [`highlight`], marking only the words of the themes `kept` says the answer still mentions
/// (a person may have said it does not mention one the engine found).
pub fn highlight_kept(
    text: &str,
    details: &str,
    kept: impl Fn(&str) -> bool,
) -> Vec<(String, Option<Mark>)> {
    let details: serde_json::Value = serde_json::from_str(details).unwrap_or_default();
    let mut spans: Vec<(usize, usize, Mark)> = Vec::new();
    for t in details["triggers"].as_array().into_iter().flatten() {
        let (Some(start), Some(end), Some(valence)) = (
            t["start"].as_u64(),
            t["end"].as_u64(),
            t["valence"].as_i64(),
        ) else {
            continue;
        };
        if valence != 0 {
            let mark = if valence > 0 {
                Mark::Positive
            } else {
                Mark::Negative
            };
            spans.push((start as usize, end as usize, mark));
        }
    }
    for ((start, end), theme) in spans_of_themes(&details) {
        if kept(&theme) {
            spans.push((start, end, Mark::Theme));
        }
    }
    // Sentiment words first where a theme keyword is the same word.
    spans.sort_by_key(|(start, end, mark)| (*start, *end, *mark == Mark::Theme));
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end, mark) in spans {
        if start < at
            || end <= start
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        if start > at {
            pieces.push((text[at..start].to_owned(), None));
        }
        pieces.push((text[start..end].to_owned(), Some(mark)));
        at = end;
    }
    if at < text.len() {
        pieces.push((text[at..].to_owned(), None));
    }
    pieces
}

/// The byte ranges of the words that made each theme match, as the stored analysis `details`
/// records them: ((start, end), theme id), so a page can say which theme a marked word names.
pub fn theme_spans(details: &str) -> Vec<((usize, usize), String)> {
    spans_of_themes(&serde_json::from_str(details).unwrap_or_default())
}

/// [`theme_spans`] of parsed details.
fn spans_of_themes(details: &serde_json::Value) -> Vec<((usize, usize), String)> {
    let mut spans = Vec::new();
    for theme in details["themes"].as_array().into_iter().flatten() {
        let Some(id) = theme["theme"].as_str() else {
            continue;
        };
        for span in theme["spans"].as_array().into_iter().flatten() {
            if let (Some(start), Some(end)) = (
                span.get(0).and_then(|v| v.as_u64()),
                span.get(1).and_then(|v| v.as_u64()),
            ) {
                spans.push(((start as usize, end as usize), id.to_owned()));
            }
        }
    }
    spans
}

/// The themes of a taxonomy: (id, name in `lang`, or in English, or the id).
pub fn theme_names(taxonomy: &Taxonomy, lang: &str) -> Vec<(String, String)> {
    taxonomy
        .themes
        .iter()
        .map(|t| (t.id.clone(), theme_name(t, lang)))
        .collect()
}

/// A theme's name in `lang`, else in English, else in any language it has one, else its id
/// (a theme named only in Polish is still shown by its name).
pub fn theme_name(theme: &opencx_text::themes::Theme, lang: &str) -> String {
    let named = |code: &str| theme.names.get(code).filter(|n| !n.trim().is_empty());
    named(lang)
        .or_else(|| named("en"))
        .or_else(|| theme.names.values().find(|n| !n.trim().is_empty()))
        .cloned()
        .unwrap_or_else(|| theme.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_named_by_any_name_it_has_before_its_id() {
        let theme = |names: &[(&str, &str)]| opencx_text::themes::Theme {
            id: "parking".into(),
            parent: None,
            names: names
                .iter()
                .map(|(l, n)| ((*l).to_owned(), (*n).to_owned()))
                .collect(),
            keywords: Default::default(),
        };
        let all = theme(&[("en", "Parking"), ("pl", "Parking (pl)"), ("he", "חניה")]);
        assert_eq!(theme_name(&all, "he"), "חניה");
        assert_eq!(theme_name(&all, "fa"), "Parking", "English next");
        let polish = theme(&[("pl", "Parkowanie"), ("en", " ")]);
        assert_eq!(
            theme_name(&polish, "fa"),
            "Parkowanie",
            "any name before the id"
        );
        assert_eq!(theme_name(&theme(&[]), "en"), "parking");
    }

    #[test]
    fn a_panicking_item_fails_alone() {
        let (results, failed) = each_isolated(&[1, 2, 3], |n| {
            assert_ne!(*n, 2, "a bug on one item");
            n * 10
        });
        assert_eq!(results, [10, 30]);
        assert_eq!(failed, [&2]);
    }

    #[test]
    fn highlight_keeps_the_text_and_skips_bad_ranges() {
        let text = "Obsługa miła, ale dostawa <b>wolna</b>";
        let details = json!({
            "triggers": [
                {"start": 9, "end": 14, "valence": 500},
                {"start": 0, "end": 200, "valence": -1},   // past the end
                {"start": 1, "end": 2, "valence": -100},   // inside "ł": not a boundary
            ],
            "themes": [{"theme": "delivery", "spans": [[20, 27]]}, {"theme": "staff", "spans": [[0, 8]]}],
        })
        .to_string();
        let pieces = highlight(text, &details);
        let joined: String = pieces.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(joined, text);
        let marked: Vec<(&str, Mark)> = pieces
            .iter()
            .filter_map(|(p, m)| m.map(|m| (p.as_str(), m)))
            .collect();
        assert_eq!(
            marked,
            [
                ("Obsługa", Mark::Theme),
                ("miła", Mark::Positive),
                ("dostawa", Mark::Theme)
            ]
        );
        assert_eq!(highlight("plain", "not json"), [("plain".to_owned(), None)]);
        assert_eq!(
            theme_spans(&details),
            [
                ((20, 27), "delivery".to_owned()),
                ((0, 8), "staff".to_owned())
            ]
        );
        assert!(theme_spans("not json").is_empty());
        // A theme a person took off the answer is not marked; its sentiment word still is.
        let kept = highlight_kept(text, &details, |theme| theme != "staff");
        assert!(
            !kept
                .iter()
                .any(|(p, m)| p == "Obsługa" && *m == Some(Mark::Theme)),
            "{kept:?}"
        );
        assert!(
            kept.iter()
                .any(|(p, m)| p == "dostawa" && *m == Some(Mark::Theme)),
            "{kept:?}"
        );
    }

    /// The sentiment of an analysed answer's mention of `theme`, if it mentions it.
    fn label(row: &TextAnalysisRow, theme: &str) -> Option<String> {
        row.themes
            .iter()
            .find(|(t, _)| t == theme)
            .map(|(_, l)| l.clone())
    }

    /// Answer "why" of response 1 in `language`.
    fn queued(language: &str, text: &str) -> QueuedText {
        QueuedText {
            response_id: 1,
            question_id: "why".into(),
            workspace_id: 1,
            survey_id: 1,
            survey_version: 1,
            language: language.into(),
            submitted_at: 0,
            text: text.into(),
        }
    }

    #[test]
    fn a_parent_fed_only_by_its_sub_themes_takes_the_most_negative() {
        let taxonomy = Taxonomy::from_json(
            r#"{"themes":[
                {"id":"service","keywords":{"en":["service"]}},
                {"id":"staff","parent":"service","keywords":{"en":["staff"]}},
                {"id":"queue","parent":"service","keywords":{"en":["queue"]}}
            ]}"#,
        )
        .unwrap();
        let analyzer = Analyzer::new(&[Lang::En], &taxonomy);
        let row_of = |text: &str| {
            let queued = queued("en", text);
            analysis_row(
                &queued,
                &analyzer.analyze(&queued.text, Lang::En, |_| None),
                None,
                &taxonomy,
            )
        };
        // The praised sub-theme comes first in the text: the parent still counts the complaint.
        let row = row_of("The staff were wonderful. The queue was awful and slow.");
        assert_eq!(label(&row, "staff").as_deref(), Some("positive"), "{row:?}");
        assert_eq!(label(&row, "queue").as_deref(), Some("negative"), "{row:?}");
        assert_eq!(
            label(&row, "service").as_deref(),
            Some("negative"),
            "{row:?}"
        );
        // The parent's own words decide when they were found.
        let row = row_of("The staff were rude. Overall the service was excellent.");
        assert_eq!(label(&row, "staff").as_deref(), Some("negative"), "{row:?}");
        assert_eq!(
            label(&row, "service").as_deref(),
            Some("positive"),
            "{row:?}"
        );
    }

    #[test]
    fn correcting_a_mixed_answer_keeps_the_praised_theme() {
        // "Great prices, but the staff were rude": the answer reads negative, prices positive
        // by their own part. Said to be neutral by a person (balanced), the answer is mixed:
        // the staff were still rude and the prices keep their praise.
        let taxonomy = Taxonomy::starter();
        let analyzer = Analyzer::new(&[Lang::En], &taxonomy);
        let queued = queued("en", "Great prices, but the staff were rude.");
        let mut row = analysis_row(
            &queued,
            &analyzer.analyze(&queued.text, Lang::En, |_| None),
            None,
            &taxonomy,
        );
        assert_eq!(row.sentiment, "negative", "{row:?}");
        assert_eq!(label(&row, "price").as_deref(), Some("positive"));
        opencx_store::apply_corrections(
            &mut row,
            &[opencx_store::CorrectionRow {
                response_id: 1,
                question_id: "why".into(),
                correction: opencx_store::Correction::Sentiment("neutral".into()),
                corrected_by: 1,
                corrected_at: 1,
            }],
            &Default::default(),
        );
        assert_eq!(row.sentiment, "neutral");
        assert_eq!(label(&row, "staff").as_deref(), Some("negative"), "{row:?}");
        assert_eq!(label(&row, "price").as_deref(), Some("positive"), "{row:?}");
    }

    #[tokio::test]
    async fn analyses_a_queued_answer_end_to_end() {
        let analyzer = Analyzer::new(&[Lang::Pl, Lang::En], &Taxonomy::starter());
        let queued = queued("pl", "Nie polecam, dostawa trwała dwa tygodnie.");
        let row = analysis_row(
            &queued,
            &analyzer.analyze(&queued.text, Lang::Pl, |_| None),
            Some((ScoreKind::Nps, 3)),
            &Taxonomy::starter(),
        );
        assert_eq!(
            row.score,
            Some(AnswerScore {
                kind: "nps".into(),
                value: 3,
                band: -1
            })
        );
        assert_eq!(row.sentiment, "negative");
        assert!(row.sentiment_score < 0);
        assert_eq!(row.language, "pl");
        assert!(row.themes.iter().any(|(t, _)| t == "delivery"), "{row:?}");
        assert!(
            highlight(&queued.text, &row.details)
                .iter()
                .any(|(p, m)| p == "dostawa" && *m == Some(Mark::Theme))
        );
    }
}
