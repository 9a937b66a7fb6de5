//! The demo workspace created on first start: every shipped template as a live survey, and a few
//! thousand realistic responses over the last 90 days (several languages, channels, stores,
//! open answers), so a new user sees a working product at once.
//!
//! Responses are generated from a fixed seed, validated like any other response, and written
//! through the same batch insert that maintains the rollups.

use std::collections::BTreeMap;

use opencx_domain::flow::{self, Answers};
use opencx_domain::survey::{ContactField, QuestionKind, SurveyDefinition};
use opencx_store::{DAY_MS, NewAnswer, NewResponse};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};

use crate::demo_corpus::{FIRST_NAMES, OPEN_ANSWERS, PRODUCTS, STORES, Tone};
use crate::keys::NewApiKey;
use crate::surveys::LoadedSurvey;
use crate::{App, AppResult, templates};

/// The time zone of the demo workspace.
pub const DEMO_TIME_ZONE: &str = "Europe/Warsaw";

/// What the demo seed created.
#[derive(Debug, Clone)]
pub struct DemoSeed {
    pub workspace_id: i64,
    /// The admin API key, shown once.
    pub api_key: NewApiKey,
    pub surveys: usize,
    pub responses: usize,
}

const CHANNELS: [(&str, u32); 5] = [
    ("email", 40),
    ("link", 25),
    ("qr", 15),
    ("widget", 12),
    ("sms", 8),
];

fn pick_weighted<'a>(rng: &mut StdRng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    items[0].0
}

/// A score on `lo..=hi` matching the respondent's mood.
fn score_for(rng: &mut StdRng, tone: Tone, lo: i64, hi: i64) -> i64 {
    let fraction: f64 = match tone {
        Tone::Positive => rng.random_range(0.86..=1.0),
        Tone::Neutral => rng.random_range(0.62..0.86),
        Tone::Negative => rng.random_range(0.0..0.62),
    };
    lo + ((hi - lo) as f64 * fraction).round() as i64
}

fn open_answer(rng: &mut StdRng, language: &str, tone: Tone) -> String {
    let matching: Vec<&str> = OPEN_ANSWERS
        .iter()
        .filter(|a| a.lang == language && a.tone == tone)
        .map(|a| a.text)
        .collect();
    let pool = if matching.is_empty() {
        OPEN_ANSWERS
            .iter()
            .filter(|a| a.lang == "en" && a.tone == tone)
            .map(|a| a.text)
            .collect()
    } else {
        matching
    };
    pool[rng.random_range(0..pool.len())].to_owned()
}

/// Answers one respondent in this mood would give, following the survey's logic.
fn answer_survey(
    rng: &mut StdRng,
    definition: &SurveyDefinition,
    language: &str,
    tone: Tone,
) -> Map<String, Value> {
    let mut parsed = Answers::new();
    let mut raw = Map::new();
    let mut current = None;
    while let Some(index) = flow::next_question(definition, &parsed, language, current) {
        current = Some(index);
        let question = &definition.questions[index];
        // Optional open questions are skipped now and then, as people do.
        if !question.required && rng.random_bool(0.25) {
            continue;
        }
        let value = match &question.kind {
            QuestionKind::Nps { .. }
            | QuestionKind::Csat { .. }
            | QuestionKind::Ces { .. }
            | QuestionKind::Rating { .. } => {
                let (lo, hi) = question.kind.score_range().unwrap_or((0, 10));
                json!(score_for(rng, tone, lo, hi))
            }
            QuestionKind::YesNo => json!(match tone {
                Tone::Negative => rng.random_bool(0.3),
                Tone::Neutral => rng.random_bool(0.6),
                Tone::Positive => rng.random_bool(0.9),
            }),
            QuestionKind::SingleChoice { options } => {
                json!(options[rng.random_range(0..options.len())].id)
            }
            QuestionKind::MultipleChoice {
                options,
                max_choices,
                ..
            } => {
                let max = max_choices.map_or(options.len(), |m| m as usize).min(2);
                let count = rng.random_range(1..=max.max(1));
                let mut ids: Vec<&str> = Vec::new();
                while ids.len() < count {
                    let id = options[rng.random_range(0..options.len())].id.as_str();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                json!(ids)
            }
            QuestionKind::ShortText { max_length } | QuestionKind::LongText { max_length } => {
                let text: String = open_answer(rng, language, tone)
                    .chars()
                    .take(*max_length as usize)
                    .collect();
                json!(text)
            }
            QuestionKind::Contact { fields } => {
                let names: Vec<&str> = FIRST_NAMES
                    .iter()
                    .filter(|(l, _)| *l == language)
                    .map(|(_, n)| *n)
                    .collect();
                let name = names
                    .get(rng.random_range(0..names.len().max(1)))
                    .copied()
                    .unwrap_or("Alex");
                let mut contact = Map::new();
                if fields.contains(&ContactField::Name) {
                    contact.insert("name".into(), json!(name));
                }
                if fields.contains(&ContactField::Email) {
                    contact.insert(
                        "email".into(),
                        json!(format!(
                            "customer{}@example.com",
                            rng.random_range(1000..99999)
                        )),
                    );
                }
                Value::Object(contact)
            }
        };
        if let Ok(Some(answer)) = opencx_domain::answer::parse_answer(
            question,
            opencx_domain::answer::RawAnswer::Json(&value),
        ) {
            parsed.insert(question.id.clone(), answer);
            raw.insert(question.id.clone(), value);
        }
    }
    raw
}

impl App {
    /// Creates the demo workspace unless any workspace exists. Returns what it created.
    pub async fn seed_demo_if_empty(
        &self,
        responses_per_survey: usize,
    ) -> AppResult<Option<DemoSeed>> {
        if !self.store.list_workspaces().await?.is_empty() {
            return Ok(None);
        }
        self.seed_demo(responses_per_survey).await.map(Some)
    }

    /// Creates a demo workspace with every template live and generated responses.
    pub async fn seed_demo(&self, responses_per_survey: usize) -> AppResult<DemoSeed> {
        let now = self.now();
        let slug = format!(
            "demo-{}",
            crate::signing::random_token(3)
                .to_ascii_lowercase()
                .replace(['-', '_'], "x")
        );
        let workspace = match self.store.create_workspace("demo", "Demo shop", now).await {
            Ok(w) => w,
            Err(opencx_store::StoreError::Conflict(_)) => {
                self.store.create_workspace(&slug, "Demo shop", now).await?
            }
            Err(e) => return Err(e.into()),
        };
        // The demo shop is in Warsaw: its days, weeks and months are Polish ones (before any
        // response is stored, so there is nothing to recount).
        self.set_time_zone(workspace.id, DEMO_TIME_ZONE).await?;
        let api_key = self
            .create_api_key(workspace.id, "admin (created with the demo workspace)")
            .await?;
        let mut rng = StdRng::seed_from_u64(2026);
        let mut total = 0;
        for template in templates::TEMPLATES {
            let survey = match self
                .create_survey(workspace.id, Some(template.slug), template.document())
                .await
            {
                Ok(s) => s,
                // A second demo workspace cannot reuse the public addresses.
                Err(crate::AppError::Conflict(_)) => {
                    self.create_survey(workspace.id, None, template.document())
                        .await?
                }
                Err(e) => return Err(e),
            };
            let survey = self.publish_survey(workspace.id, survey.row.id).await?;
            total += self
                .generate_responses(&survey, responses_per_survey, &mut rng, now)
                .await?;
        }
        Ok(DemoSeed {
            workspace_id: workspace.id,
            api_key,
            surveys: templates::TEMPLATES.len(),
            responses: total,
        })
    }

    /// Writes `count` generated responses spread over the 90 days before `now`.
    pub async fn generate_responses(
        &self,
        survey: &LoadedSurvey,
        count: usize,
        rng: &mut StdRng,
        now: i64,
    ) -> AppResult<usize> {
        let definition = &survey.definition;
        let mut batch = Vec::new();
        let mut written = 0;
        // Oldest first, so that responses arrive (and are numbered) in the order they were
        // submitted, as real ones do: the responses table lists the newest first.
        let mut ages: Vec<f64> = (0..count)
            .map(|_| rng.random_range(0.0..90.0_f64))
            .collect();
        ages.sort_by(|a, b| b.total_cmp(a));
        for (i, &age_days) in ages.iter().enumerate() {
            // Later responses are a little happier: the demo shows an improving trend.
            let improvement = (90.0 - age_days) / 90.0 * 0.15;
            let roll: f64 = rng.random_range(0.0..1.0);
            let tone = if roll < 0.45 + improvement {
                Tone::Positive
            } else if roll < 0.75 + improvement / 2.0 {
                Tone::Neutral
            } else {
                Tone::Negative
            };
            let language = {
                let weights: Vec<(&str, u32)> = definition
                    .languages
                    .iter()
                    .enumerate()
                    .map(|(j, l)| {
                        (
                            l.as_str(),
                            if j == 0 {
                                60
                            } else {
                                40 / (definition.languages.len() as u32 - 1).max(1)
                            },
                        )
                    })
                    .collect();
                pick_weighted(rng, &weights).to_owned()
            };
            let raw = answer_survey(rng, definition, &language, tone);
            let Ok(answers) = flow::validate_response(definition, &language, &raw, true) else {
                continue;
            };
            if answers.is_empty() {
                continue;
            }
            let channel = pick_weighted(rng, &CHANNELS).to_owned();
            let mut dimensions = BTreeMap::new();
            dimensions.insert(
                "store".to_owned(),
                STORES[rng.random_range(0..STORES.len())].to_owned(),
            );
            dimensions.insert(
                "product".to_owned(),
                PRODUCTS[rng.random_range(0..PRODUCTS.len())].to_owned(),
            );
            let submitted_at = now - (age_days * DAY_MS as f64) as i64;
            batch.push(NewResponse {
                workspace_id: survey.row.workspace_id,
                survey_id: survey.row.id,
                survey_version: survey.version,
                idempotency_key: format!("demo-{}-{i}", survey.row.id),
                submitted_at,
                language,
                channel,
                dimensions: dimensions.into_iter().collect(),
                answers: definition
                    .questions
                    .iter()
                    .filter_map(|q| {
                        answers.get(&q.id).map(|a| NewAnswer {
                            question_id: q.id.clone(),
                            number: a.number(),
                            text: a.text(),
                            buckets: a.buckets(),
                            analyse: q.kind.is_open_text(),
                        })
                    })
                    .collect(),
                counts_start: true,
            });
            if batch.len() == 500 {
                written += batch.len();
                self.store
                    .insert_batch(std::mem::take(&mut batch), now)
                    .await?;
            }
        }
        if !batch.is_empty() {
            written += batch.len();
            self.store.insert_batch(batch, now).await?;
        }
        // Some respondents start and leave: count their starts so completion is below 100%.
        let abandoned = written / 7;
        for _ in 0..abandoned {
            let age = rng.random_range(0..90);
            let channel = pick_weighted(rng, &CHANNELS);
            self.store
                .count_start(
                    survey.row.id,
                    now - age * DAY_MS,
                    channel,
                    &definition.default_language,
                )
                .await?;
        }
        Ok(written)
    }
}
