//! Analysis of open answers in the background: language, sentiment and themes of every open
//! answer, stored beside it within about a second of its arrival.
//!
//! Open answers are queued durably with their response (see `NewAnswer::analyse`). A background
//! task wakes on every committed response (and every few seconds regardless, for answers queued
//! by another server or before a restart), analyses what is queued with `opencx_text`, and
//! stores the results while taking the answers off the queue. Answers stored before text
//! analytics existed are queued once, at the first start that has it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use opencx_store::{QueuedText, TextAnalysisRow};
use opencx_text::themes::Taxonomy;
use opencx_text::{Analysis, Analyzer, Lang};
use serde_json::json;
use tokio::sync::broadcast;

use crate::{App, AppResult};

/// Answers analysed per transaction.
const BATCH: i64 = 200;
/// How often the queue is looked at when no response arrives.
const POLL: Duration = Duration::from_secs(5);
/// The setting that records that answers stored before text analytics were queued.
const BACKFILL_SETTING: &str = "text_backfill_done";

/// Analysers built from the resources, one per set of allowed languages (a survey's languages
/// limit what detection may answer). Building one takes a few milliseconds, so the background
/// task keeps them for its whole life.
#[derive(Default)]
pub struct Analyzers {
    by_languages: HashMap<Vec<Lang>, Arc<Analyzer>>,
    taxonomy: Option<Taxonomy>,
}

impl Analyzers {
    fn get(&mut self, allowed: Vec<Lang>) -> Arc<Analyzer> {
        let taxonomy = self.taxonomy.get_or_insert_with(Taxonomy::starter);
        self.by_languages
            .entry(allowed.clone())
            .or_insert_with(|| Arc::new(Analyzer::new(&allowed, taxonomy)))
            .clone()
    }
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
fn analysis_row(queued: &QueuedText, analysis: &Analysis) -> TextAnalysisRow {
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
    });
    let decided_by = serde_json::to_value(analysis.sentiment.decided_by)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "lexicon".into());
    TextAnalysisRow {
        response_id: queued.response_id,
        question_id: queued.question_id.clone(),
        workspace_id: queued.workspace_id,
        survey_id: queued.survey_id,
        submitted_at: queued.submitted_at,
        language: analysis.detection.lang.code().to_owned(),
        language_detected: analysis.detection.was_detected(),
        sentiment_score: (analysis.sentiment.sentiment.score * 1000.0).round() as i64,
        sentiment: analysis.sentiment.sentiment.label.as_str().to_owned(),
        decided_by,
        details: details.to_string(),
        themes: analysis
            .themes
            .iter()
            .map(|t| (t.theme.clone(), t.sentiment.label.as_str().to_owned()))
            .collect(),
    }
}

impl App {
    /// Analyses queued open answers until the queue is empty; returns how many were analysed.
    /// A database failure stops the run (the answers stay queued); an answer whose survey or
    /// version is gone, or no longer readable, is taken off the queue unanalysed.
    pub async fn analyse_queued_texts(&self, analysers: &mut Analyzers) -> AppResult<usize> {
        let mut total = 0;
        loop {
            let queued = self.store.queued_texts(BATCH).await?;
            if queued.is_empty() {
                return Ok(total);
            }
            // Each answer with the analyser of its survey version's languages, and the language
            // of the response as the fallback for texts too short to tell.
            let mut work = Vec::with_capacity(queued.len());
            let mut done = Vec::new();
            // The languages of each survey version in the batch, looked up once.
            let mut versions: HashMap<(i64, i64), Option<Vec<Lang>>> = HashMap::new();
            for item in queued {
                let key = (item.survey_id, item.survey_version);
                if let std::collections::hash_map::Entry::Vacant(slot) = versions.entry(key) {
                    let languages = match self.store.get_survey_any_workspace(key.0).await {
                        Ok(row) => match self.load_version(row, Some(key.1)).await {
                            Ok(survey) => Some(allowed_languages(&survey.definition.languages)),
                            Err(error) => {
                                tracing::warn!(%error, survey = key.0, version = key.1,
                                    "open answers of an unreadable survey version are not analysed");
                                None
                            }
                        },
                        Err(opencx_store::StoreError::NotFound) => None,
                        Err(error) => return Err(error.into()),
                    };
                    slot.insert(languages);
                }
                let Some(allowed) = versions[&key].clone() else {
                    done.push((item.response_id, item.question_id));
                    continue;
                };
                let fallback = Lang::from_code(&item.language)
                    .filter(|l| allowed.contains(l))
                    .unwrap_or(allowed[0]);
                work.push((analysers.get(allowed), fallback, item));
            }
            // CPU work off the async threads: about 40 µs per answer.
            let rows = tokio::task::spawn_blocking(move || {
                work.iter()
                    .map(|(analyser, fallback, item)| {
                        analysis_row(item, &analyser.analyze(&item.text, *fallback, |_| None))
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .map_err(|e| crate::AppError::Internal(format!("text analysis failed: {e}")))?;
            total += rows.len();
            self.store
                .store_text_analyses(&rows, &done, self.now())
                .await?;
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
            for survey in self.list_surveys(workspace.id).await? {
                let mut questions: Vec<String> = Vec::new();
                for version in 1..=survey.row.current_version {
                    let Ok(loaded) = self.load_version(survey.row.clone(), Some(version)).await
                    else {
                        continue;
                    };
                    for q in &loaded.definition.questions {
                        if q.kind.is_open_text() && !questions.contains(&q.id) {
                            questions.push(q.id.clone());
                        }
                    }
                }
                queued += self
                    .store
                    .queue_survey_texts(survey.row.id, &questions)
                    .await?;
            }
        }
        self.store.put_setting(BACKFILL_SETTING, "1").await?;
        Ok(queued)
    }
}

/// Runs the analyser in the background: on every committed response, and every few seconds.
pub fn spawn_text_analyser(
    app: App,
    mut events: broadcast::Receiver<crate::intake::ResponseEvent>,
) {
    tokio::spawn(async move {
        let mut analysers = Analyzers::default();
        match app.queue_texts_stored_before().await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "queued earlier open answers for analysis"),
            Err(error) => tracing::warn!(%error, "could not queue earlier open answers"),
        }
        loop {
            match app.analyse_queued_texts(&mut analysers).await {
                Ok(0) => {}
                Ok(analysed) => tracing::debug!(analysed, "analysed open answers"),
                Err(error) => tracing::warn!(%error, "text analysis failed; retrying"),
            }
            tokio::select! {
                event = events.recv() => match event {
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                () = tokio::time::sleep(POLL) => {}
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

/// Cuts `text` into pieces, marking the words behind the sentiment and the themes as the stored
/// analysis `details` records them (byte ranges of the original text). Overlapping or broken
/// ranges are skipped, so the pieces always join back into `text`.
pub fn highlight(text: &str, details: &str) -> Vec<(String, Option<Mark>)> {
    let details: serde_json::Value = serde_json::from_str(details).unwrap_or_default();
    let range = |v: &serde_json::Value| -> Option<(usize, usize)> {
        Some((v.get(0)?.as_u64()? as usize, v.get(1)?.as_u64()? as usize))
    };
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
    for theme in details["themes"].as_array().into_iter().flatten() {
        for span in theme["spans"].as_array().into_iter().flatten() {
            if let Some((start, end)) = range(span) {
                spans.push((start, end, Mark::Theme));
            }
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

/// The themes of the taxonomy in use: (id, name in `lang`, or in English, or the id).
pub fn theme_names(lang: &str) -> Vec<(String, String)> {
    static TAXONOMY: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
    TAXONOMY
        .get_or_init(Taxonomy::starter)
        .themes
        .iter()
        .map(|t| {
            let name = t
                .names
                .get(lang)
                .or_else(|| t.names.get("en"))
                .cloned()
                .unwrap_or_else(|| t.id.clone());
            (t.id.clone(), name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[tokio::test]
    async fn analyses_a_queued_answer_end_to_end() {
        let analyzer = Analyzer::new(&[Lang::Pl, Lang::En], &Taxonomy::starter());
        let queued = QueuedText {
            response_id: 1,
            question_id: "why".into(),
            workspace_id: 1,
            survey_id: 1,
            survey_version: 1,
            language: "pl".into(),
            submitted_at: 0,
            text: "Nie polecam, dostawa trwała dwa tygodnie.".into(),
        };
        let row = analysis_row(&queued, &analyzer.analyze(&queued.text, Lang::Pl, |_| None));
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
