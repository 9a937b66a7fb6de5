//! What a batch of responses writes, decided before anything is written.
//!
//! Both writers (the portable one and SQLite's own, see the parent module) read the same state —
//! each survey's status, count and quota under the write lock, and the idempotency keys already
//! stored — and hand it to [`plan_batch`], which decides every response's outcome and lists the
//! rows to insert and the rollup increments to add. So the rules of intake live in one place and
//! only the statements that carry them out differ.

use std::collections::{BTreeMap, HashMap};

use opencx_domain::zone::Zone;

use crate::responses::{BatchOutcome, KeyedResponse, NewAnswer, NewResponse};

/// A survey's state read under the write lock at the start of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SurveyState {
    /// `draft`, `live` or `closed`.
    pub status: String,
    /// Responses stored so far.
    pub count: i64,
    /// Most responses it takes, if limited.
    pub quota: Option<i64>,
    /// Its workspace's time zone: a response's day is the local date of its submission.
    pub zone: Zone,
}

/// A response row to insert.
pub(crate) struct ResponseRow<'a> {
    pub id: i64,
    pub item: &'a NewResponse,
    pub day: i64,
    /// The dimensions as a JSON object (sorted by key).
    pub dimensions: String,
    pub fingerprint: String,
}

/// An answer row to insert.
pub(crate) struct AnswerRow<'a> {
    pub response_id: i64,
    pub survey_id: i64,
    pub answer: &'a NewAnswer,
}

/// A dimension (link parameter) row to insert.
pub(crate) struct DimensionRow<'a> {
    pub response_id: i64,
    pub survey_id: i64,
    pub key: &'a str,
    pub value: &'a str,
}

/// Key of a per-day answer rollup: (survey, question, day, bucket).
pub(crate) type DayKey<'a> = (i64, &'a str, i64, &'a str);
/// Key of a per-segment answer rollup: (survey, question, day, channel, language, bucket).
pub(crate) type SegmentKey<'a> = (i64, &'a str, i64, &'a str, &'a str, &'a str);
/// Key of a per-day response rollup: (survey, day, channel, language).
pub(crate) type ResponseKey<'a> = (i64, i64, &'a str, &'a str);
/// Key of a per-link-parameter rollup of numeric answers:
/// (survey, parameter, value, question, day, bucket).
pub(crate) type DimensionKey<'a> = (i64, &'a str, &'a str, &'a str, i64, String);

/// A survey's count after the batch, and whether the batch fills its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SurveyUpdate {
    pub survey_id: i64,
    /// Responses stored including this batch; `None` when the batch added none.
    pub new_count: Option<i64>,
    /// The survey is live and its quota is reached (now, or under a quota lowered by a new
    /// version): close it.
    pub close: bool,
}

/// Everything a batch writes, and each response's outcome.
#[derive(Default)]
pub(crate) struct BatchPlan<'a> {
    pub outcomes: Vec<BatchOutcome>,
    pub responses: Vec<ResponseRow<'a>>,
    pub answers: Vec<AnswerRow<'a>>,
    pub dimensions: Vec<DimensionRow<'a>>,
    /// (response, question) of open answers to analyse.
    pub text_queue: Vec<(i64, &'a str)>,
    pub day_rollups: Vec<(DayKey<'a>, i64)>,
    pub segment_rollups: Vec<(SegmentKey<'a>, i64)>,
    /// (started, completed) increments.
    pub response_rollups: Vec<(ResponseKey<'a>, (i64, i64))>,
    pub dimension_rollups: Vec<(DimensionKey<'a>, i64)>,
    /// The rollup increments above as journal rows, (survey, counts): what intake writes
    /// instead of adding them to the rollup tables (see [`super::journal`]).
    pub journal: Vec<(i64, String)>,
    pub survey_updates: Vec<SurveyUpdate>,
}

/// Decides each response of `items`: a retry of a stored response (`known`, keyed by survey and
/// idempotency key, compared by fingerprint), refused because its survey is missing, not live or
/// full (`surveys`), or inserted with an id from `next_id`. Repeats inside the batch count as
/// retries of the first. Returns the rows and rollup increments of the inserted ones.
pub(crate) fn plan_batch<'a>(
    items: &'a [NewResponse],
    surveys: &HashMap<i64, SurveyState>,
    mut known: HashMap<(i64, String), KeyedResponse>,
    mut next_id: impl FnMut() -> i64,
) -> BatchPlan<'a> {
    let mut plan = BatchPlan {
        outcomes: Vec::with_capacity(items.len()),
        responses: Vec::with_capacity(items.len()),
        ..BatchPlan::default()
    };
    // Ordered maps: for the few hundred keys of a batch they beat hashing the tuples.
    let mut segment_rollups: BTreeMap<SegmentKey, i64> = BTreeMap::new();
    let mut response_rollups: BTreeMap<ResponseKey, (i64, i64)> = BTreeMap::new();
    let mut dimension_rollups: BTreeMap<DimensionKey, i64> = BTreeMap::new();
    let mut added: HashMap<i64, i64> = HashMap::new();
    for item in items {
        let fingerprint = item.fingerprint();
        let key = (item.survey_id, item.idempotency_key.clone());
        if let Some(stored) = known.get(&key) {
            plan.outcomes.push(if stored.matches(&fingerprint) {
                BatchOutcome::Duplicate { id: stored.id }
            } else {
                BatchOutcome::KeyReused { id: stored.id }
            });
            continue;
        }
        let Some(survey) = surveys.get(&item.survey_id) else {
            plan.outcomes.push(BatchOutcome::Closed);
            continue;
        };
        let count = survey.count + added.get(&item.survey_id).copied().unwrap_or(0);
        if survey.status != "live" || survey.quota.is_some_and(|quota| count >= quota) {
            plan.outcomes.push(BatchOutcome::Closed);
            continue;
        }
        *added.entry(item.survey_id).or_default() += 1;
        let id = next_id();
        plan.outcomes.push(BatchOutcome::Inserted { id });
        known.insert(
            key,
            KeyedResponse {
                id,
                fingerprint: Some(fingerprint.clone()),
            },
        );
        let day = survey.zone.day_of(item.submitted_at);
        for answer in &item.answers {
            if answer.analyse && answer.text.is_some() {
                plan.text_queue.push((id, answer.question_id.as_str()));
            }
            plan.answers.push(AnswerRow {
                response_id: id,
                survey_id: item.survey_id,
                answer,
            });
            let key = |bucket| {
                (
                    item.survey_id,
                    answer.question_id.as_str(),
                    day,
                    item.channel.as_str(),
                    item.language.as_str(),
                    bucket,
                )
            };
            *segment_rollups.entry(key("*")).or_default() += 1;
            for bucket in &answer.buckets {
                *segment_rollups.entry(key(bucket.as_str())).or_default() += 1;
            }
            if let Some(number) = answer.number {
                for (dim_key, dim_value) in &item.dimensions {
                    for bucket in ["*".to_owned(), number.to_string()] {
                        *dimension_rollups
                            .entry((
                                item.survey_id,
                                dim_key.as_str(),
                                dim_value.as_str(),
                                answer.question_id.as_str(),
                                day,
                                bucket,
                            ))
                            .or_default() += 1;
                    }
                }
            }
        }
        for (key, value) in &item.dimensions {
            plan.dimensions.push(DimensionRow {
                response_id: id,
                survey_id: item.survey_id,
                key,
                value,
            });
        }
        let entry = response_rollups
            .entry((
                item.survey_id,
                day,
                item.channel.as_str(),
                item.language.as_str(),
            ))
            .or_default();
        entry.0 += i64::from(item.counts_start);
        entry.1 += 1;
        plan.responses.push(ResponseRow {
            id,
            item,
            day,
            dimensions: dimensions_json(&item.dimensions),
            fingerprint,
        });
    }

    // The per-day rollups are not journalled: a fold sums them from the segment rollups.
    plan.segment_rollups = segment_rollups.into_iter().collect();
    plan.response_rollups = response_rollups.into_iter().collect();
    plan.dimension_rollups = dimension_rollups.into_iter().collect();
    plan.journal = super::journal::journal_rows(&plan);

    let mut survey_ids: Vec<&i64> = surveys.keys().collect();
    survey_ids.sort_unstable();
    for survey_id in survey_ids {
        let survey = &surveys[survey_id];
        let added = added.get(survey_id).copied().unwrap_or(0);
        let total = survey.count + added;
        let close = survey.status == "live" && survey.quota.is_some_and(|q| total >= q);
        if added > 0 || close {
            plan.survey_updates.push(SurveyUpdate {
                survey_id: *survey_id,
                new_count: (added > 0).then_some(total),
                close,
            });
        }
    }
    plan
}

/// The dimensions as a JSON object sorted by key (the `responses.dimensions` column).
fn dimensions_json(dimensions: &[(String, String)]) -> String {
    let map: std::collections::BTreeMap<&str, &str> = dimensions
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use opencx_domain::zone::DAY_MS;

    fn response(survey_id: i64, key: &str, nps: i64) -> NewResponse {
        NewResponse {
            workspace_id: 1,
            survey_id,
            survey_version: 1,
            idempotency_key: key.to_owned(),
            submitted_at: 3 * DAY_MS + 5,
            language: "en".into(),
            channel: "email".into(),
            dimensions: vec![("store".into(), "w-3".into())],
            answers: vec![
                NewAnswer {
                    question_id: "nps".into(),
                    number: Some(nps),
                    text: None,
                    buckets: vec![nps.to_string()],
                    analyse: false,
                },
                NewAnswer {
                    question_id: "why".into(),
                    number: None,
                    text: Some("slow".into()),
                    buckets: vec![],
                    analyse: true,
                },
            ],
            counts_start: true,
        }
    }

    fn live(count: i64, quota: Option<i64>) -> SurveyState {
        SurveyState {
            status: "live".into(),
            count,
            quota,
            zone: Zone::UTC,
        }
    }

    #[test]
    fn decides_outcomes_and_rows() {
        let items = vec![
            response(1, "a", 9),
            response(1, "a", 9),  // a repeat inside the batch
            response(1, "b", 3),  // stored earlier with another payload
            response(1, "c", 10), // over the quota of 3 (2 stored + "a")
            response(2, "d", 5),  // unknown survey
        ];
        let surveys = HashMap::from([(1, live(2, Some(3)))]);
        let mut known = HashMap::new();
        known.insert(
            (1, "b".to_owned()),
            KeyedResponse {
                id: 77,
                fingerprint: Some("other".into()),
            },
        );
        let mut ids = 100..;
        let plan = plan_batch(&items, &surveys, known, || ids.next().unwrap());
        assert_eq!(
            plan.outcomes,
            vec![
                BatchOutcome::Inserted { id: 100 },
                BatchOutcome::Duplicate { id: 100 },
                BatchOutcome::KeyReused { id: 77 },
                BatchOutcome::Closed,
                BatchOutcome::Closed,
            ]
        );
        assert_eq!(plan.responses.len(), 1);
        assert_eq!(plan.responses[0].day, 3);
        assert_eq!(plan.responses[0].dimensions, r#"{"store":"w-3"}"#);
        assert_eq!(plan.answers.len(), 2);
        assert_eq!(plan.dimensions.len(), 1);
        assert_eq!(plan.text_queue, vec![(100, "why")]);
        assert_eq!(
            plan.segment_rollups,
            vec![
                ((1, "nps", 3, "email", "en", "*"), 1),
                ((1, "nps", 3, "email", "en", "9"), 1),
                ((1, "why", 3, "email", "en", "*"), 1)
            ]
        );
        assert_eq!(plan.journal.len(), 1);
        assert_eq!(plan.response_rollups, vec![((1, 3, "email", "en"), (1, 1))]);
        assert_eq!(
            plan.dimension_rollups,
            vec![
                ((1, "store", "w-3", "nps", 3, "*".to_owned()), 1),
                ((1, "store", "w-3", "nps", 3, "9".to_owned()), 1)
            ]
        );
        assert_eq!(
            plan.survey_updates,
            vec![SurveyUpdate {
                survey_id: 1,
                new_count: Some(3),
                close: true
            }]
        );
    }

    #[test]
    fn a_closed_survey_takes_nothing_and_changes_nothing() {
        let items = vec![response(1, "a", 9)];
        let surveys = HashMap::from([(
            1,
            SurveyState {
                status: "closed".into(),
                count: 5,
                quota: Some(5),
                zone: Zone::UTC,
            },
        )]);
        let plan = plan_batch(&items, &surveys, HashMap::new(), || unreachable!());
        assert_eq!(plan.outcomes, vec![BatchOutcome::Closed]);
        assert!(plan.responses.is_empty() && plan.survey_updates.is_empty());
    }

    #[test]
    fn the_day_is_the_local_date_in_the_workspace_zone() {
        // 2026-11-24 23:30 UTC is 00:30 on the 25th in Warsaw.
        let at = 1_795_563_000_000;
        let mut item = response(1, "a", 9);
        item.submitted_at = at;
        let items = vec![item];
        let mut warsaw = live(0, None);
        warsaw.zone = Zone::parse("Europe/Warsaw").unwrap();
        let plan = plan_batch(&items, &HashMap::from([(1, warsaw)]), HashMap::new(), || 7);
        let utc_day = at.div_euclid(DAY_MS);
        assert_eq!(plan.responses[0].day, utc_day + 1);
        assert!(
            plan.segment_rollups
                .iter()
                .all(|((_, _, day, _, _, _), _)| *day == utc_day + 1)
        );
        assert_eq!(plan.response_rollups[0].0.1, utc_day + 1);
    }
}
