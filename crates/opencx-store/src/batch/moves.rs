//! What moving stored responses from one day to another does to the rollups: each response's
//! contribution is taken off its old day and added to its new one, as intake would have counted
//! it. Pure: [`super::recount`] reads the responses and writes the result.

use std::collections::{BTreeMap, HashMap};

use opencx_domain::answer::AnswerValue;
use opencx_domain::survey::Question;

use super::journal::RollupCounts;
use super::plan::BatchPlan;
use super::tables::Value;

/// A stored answer as read back: (question, number, text).
pub(crate) type StoredAnswerRow = (String, Option<i64>, Option<String>);

/// A stored response to move, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredResponse {
    pub id: i64,
    /// Its day as stored (the day its contribution to the rollups is counted under).
    pub day: i64,
    pub channel: String,
    pub language: String,
    /// Whether its start was counted with it: a response sent through the API. A start on the
    /// respondent page was counted apart, when its first screen was saved, and keeps its day.
    pub counted_its_start: bool,
    /// Its link parameters.
    pub dimensions: BTreeMap<String, String>,
}

/// Signed rollup increments of one survey.
#[derive(Debug, Default)]
pub(crate) struct Moves {
    counts: RollupCounts,
}

impl Moves {
    /// Moves `response` (with its `answers`) from its stored day to `to_day`.
    pub(crate) fn move_response(
        &mut self,
        response: &StoredResponse,
        to_day: i64,
        answers: &[StoredAnswerRow],
        questions: &HashMap<String, Question>,
    ) {
        if to_day == response.day {
            return;
        }
        self.count(response, response.day, -1, answers, questions);
        self.count(response, to_day, 1, answers, questions);
    }

    /// Adds `sign` × the response's contribution at `day` (the same keys as `plan_batch`).
    fn count(
        &mut self,
        response: &StoredResponse,
        day: i64,
        sign: i64,
        answers: &[StoredAnswerRow],
        questions: &HashMap<String, Question>,
    ) {
        let (channel, language) = (&response.channel, &response.language);
        let entry = self
            .counts
            .responses
            .entry((day, channel.clone(), language.clone()))
            .or_default();
        entry.1 += sign;
        if response.counted_its_start {
            entry.0 += sign;
        }
        for (question_id, number, text) in answers {
            let buckets = questions
                .get(question_id)
                .and_then(|q| AnswerValue::from_stored(q, *number, text.as_deref()))
                .map(|a| a.buckets())
                .unwrap_or_default();
            for bucket in std::iter::once("*".to_owned()).chain(buckets) {
                *self
                    .counts
                    .segments
                    .entry((
                        question_id.clone(),
                        day,
                        channel.clone(),
                        language.clone(),
                        bucket,
                    ))
                    .or_default() += sign;
            }
            if let Some(number) = number {
                for (key, value) in &response.dimensions {
                    for bucket in ["*".to_owned(), number.to_string()] {
                        *self
                            .counts
                            .dimensions
                            .entry((key.clone(), value.clone(), question_id.clone(), day, bucket))
                            .or_default() += sign;
                    }
                }
            }
        }
    }

    /// The increments as the rollup part of a batch plan: negative where a day lost more than
    /// it gained, and without the keys whose increments cancel out.
    pub(crate) fn plan(&self, survey_id: i64) -> BatchPlan<'_> {
        self.counts.plan(survey_id)
    }
}

/// A rollup table's key and count columns: what taking counts off its rows needs to find the
/// rows left empty and delete them, so that the rollups hold the same rows as if the responses
/// had been counted on their new days from the start.
pub(crate) struct RollupTable {
    pub name: &'static str,
    /// The key's columns, each with whether it is an integer (else text).
    pub keys: &'static [(&'static str, bool)],
    /// The count columns (last in each row of the table's inserts).
    pub counts: &'static [&'static str],
}

/// The four rollup tables a [`BatchPlan`] adds to.
const ROLLUP_TABLES: [RollupTable; 4] = [
    RollupTable {
        name: "answer_day_rollups",
        keys: &[
            ("survey_id", true),
            ("question_id", false),
            ("day", true),
            ("bucket", false),
        ],
        counts: &["count"],
    },
    RollupTable {
        name: "answer_segment_rollups",
        keys: &[
            ("survey_id", true),
            ("channel", false),
            ("language", false),
            ("question_id", false),
            ("day", true),
            ("bucket", false),
        ],
        counts: &["count"],
    },
    RollupTable {
        name: "response_rollups",
        keys: &[
            ("survey_id", true),
            ("day", true),
            ("channel", false),
            ("language", false),
        ],
        counts: &["started", "completed"],
    },
    RollupTable {
        name: "answer_dimension_rollups",
        keys: &[
            ("survey_id", true),
            ("dim_key", false),
            ("dim_value", false),
            ("question_id", false),
            ("day", true),
            ("bucket", false),
        ],
        counts: &["count"],
    },
];

impl RollupTable {
    /// The rollup table an insert's `head` (`table (columns)`) writes to, if it is one.
    pub(crate) fn of(head: &str) -> Option<&'static RollupTable> {
        ROLLUP_TABLES.iter().find(|t| {
            head.strip_prefix(t.name)
                .is_some_and(|rest| rest.starts_with(' '))
        })
    }

    /// Whether a row of an insert into this table (its counts last) takes counts off.
    pub(crate) fn loses(&self, row: &[Value<'_>]) -> bool {
        row[row.len() - self.counts.len()..]
            .iter()
            .any(|v| matches!(v, Value::Int(n) if *n < 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use opencx_domain::survey::parse_definition;

    fn questions() -> HashMap<String, Question> {
        let definition = parse_definition(&serde_json::json!({
            "title": "T",
            "questions": [{"id": "nps", "kind": "nps"}, {"id": "why", "kind": "long_text"}]
        }))
        .unwrap();
        definition
            .questions
            .into_iter()
            .map(|q| (q.id.clone(), q))
            .collect()
    }

    fn response(counted_its_start: bool) -> StoredResponse {
        StoredResponse {
            id: 1,
            day: 10,
            channel: "email".into(),
            language: "en".into(),
            counted_its_start,
            dimensions: BTreeMap::from([("store".to_owned(), "w-3".to_owned())]),
        }
    }

    #[test]
    fn a_move_takes_off_the_old_day_what_it_adds_to_the_new() {
        let answers = vec![
            ("nps".to_owned(), Some(9), None),
            ("why".to_owned(), None, Some("Kind staff".to_owned())),
        ];
        let mut moves = Moves::default();
        moves.move_response(&response(true), 11, &answers, &questions());
        let plan = moves.plan(7);
        assert_eq!(
            plan.day_rollups,
            vec![
                ((7, "nps", 10, "*"), -1),
                ((7, "nps", 10, "9"), -1),
                ((7, "nps", 11, "*"), 1),
                ((7, "nps", 11, "9"), 1),
                ((7, "why", 10, "*"), -1),
                ((7, "why", 11, "*"), 1),
            ]
        );
        assert_eq!(
            plan.response_rollups,
            vec![
                ((7, 10, "email", "en"), (-1, -1)),
                ((7, 11, "email", "en"), (1, 1))
            ]
        );
        assert_eq!(plan.dimension_rollups.len(), 4);
        assert_eq!(plan.segment_rollups.len(), 6);
        // The old day's rows lose counts (and are checked for being empty), the new day's gain.
        let losing: Vec<(&str, usize)> = plan
            .rollup_tables()
            .iter()
            .filter_map(|t| {
                let rollup = RollupTable::of(t.head)?;
                let lost = t
                    .values
                    .chunks(t.width)
                    .filter(|row| rollup.loses(row))
                    .count();
                Some((rollup.name, lost))
            })
            .collect();
        assert_eq!(
            losing,
            vec![
                ("answer_day_rollups", 3),
                ("answer_segment_rollups", 3),
                ("response_rollups", 1),
                ("answer_dimension_rollups", 2)
            ]
        );
    }

    #[test]
    fn a_page_start_keeps_its_day_and_moves_that_cancel_leave_nothing() {
        let answers = vec![("nps".to_owned(), Some(3), None)];
        let mut moves = Moves::default();
        let page = response(false);
        moves.move_response(&page, 11, &answers, &questions());
        let plan = moves.plan(7);
        assert_eq!(
            plan.response_rollups,
            vec![
                ((7, 10, "email", "en"), (0, -1)),
                ((7, 11, "email", "en"), (0, 1))
            ]
        );
        // Another response moving the other way cancels it out: nothing to write.
        let mut back = page.clone();
        back.day = 11;
        moves.move_response(&back, 10, &answers, &questions());
        let plan = moves.plan(7);
        assert!(plan.day_rollups.is_empty() && plan.response_rollups.is_empty());
        assert!(plan.segment_rollups.is_empty() && plan.dimension_rollups.is_empty());
        // A response already on its day is not moved.
        let mut same = Moves::default();
        same.move_response(&page, 10, &answers, &questions());
        assert!(same.plan(7).response_rollups.is_empty());
    }
}
