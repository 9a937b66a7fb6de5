//! The rollup journal: what each batch adds to the rollups, and its responses' link-parameter
//! rows, kept as one row per survey and batch until it is folded into the rollup tables and
//! `response_dimensions` (decision record 0024).
//!
//! Intake used to add every batch's increments to the four rollup tables directly: an upsert per
//! (question, day, segment, bucket) and per (link parameter, value, question, day, bucket) key,
//! about six per response at the batch sizes 64 clients make, and each on a page of its own once
//! a survey has some history (the rollups are keyed by bucket before day, for the dashboards).
//! It was a quarter of the single SQLite writer's time, and on PostgreSQL concurrent batches
//! waited for each other's row locks on the same rollup rows. Now a batch writes one journal row
//! per survey, and [`Store::fold_journal`] adds the rows of many batches in one transaction.
//!
//! The link-parameter rows (`response_dimensions`, which the responses list filters by) go the
//! same way: their lookup index, keyed by value, took one page per distinct value in every
//! batch — a third of the pages a batch wrote — and a fold writes each value's page once for
//! many batches.
//!
//! **Exact reads.** Rollups plus journal always equal the stored answers: a batch's row commits
//! with its responses, and a fold deletes rows and adds them to the rollups in one transaction.
//! Every reader of rollups, and the responses list when it filters by a link parameter, folds
//! first ([`Store::settle_journal`]), so what it reads includes every response committed before
//! the read began.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};

use super::plan::{BatchPlan, DimensionRow};
use super::tables::write_tables;
use crate::responses::{Bind, bind_all};
use crate::{Backend, Store, StoreError, StoreResult};

/// Rollup counts of one survey, with owned keys: what a journal row holds, what a fold adds up,
/// and what a recount produces.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct RollupCounts {
    /// (question, day, channel, language, bucket) → answers
    pub segments: BTreeMap<(String, i64, String, String, String), i64>,
    /// (key, value, question, day, bucket) → numeric answers
    pub dimensions: BTreeMap<(String, String, String, i64, String), i64>,
    /// (day, channel, language) → (started, completed)
    pub responses: BTreeMap<(i64, String, String), (i64, i64)>,
    /// The responses' link parameters: (response, key, value), rows of `response_dimensions`.
    pub parameters: Vec<(i64, String, String)>,
}

/// A journal row as stored: the counts as three lists of tuples and the link-parameter rows
/// (JSON).
#[derive(Serialize, Deserialize)]
struct Stored<S, D, R, P> {
    s: Vec<S>,
    d: Vec<D>,
    r: Vec<R>,
    #[serde(default)]
    p: Vec<P>,
}

type OwnedStored = Stored<
    (String, i64, String, String, String, i64),
    (String, String, String, i64, String, i64),
    (i64, String, String, i64, i64),
    (i64, String, String),
>;

impl RollupCounts {
    /// Adds a journal row's counts.
    fn add_stored(&mut self, text: &str) -> Result<(), serde_json::Error> {
        let stored: OwnedStored = serde_json::from_str(text)?;
        for (question, day, channel, language, bucket, n) in stored.s {
            *self
                .segments
                .entry((question, day, channel, language, bucket))
                .or_default() += n;
        }
        for (key, value, question, day, bucket, n) in stored.d {
            *self
                .dimensions
                .entry((key, value, question, day, bucket))
                .or_default() += n;
        }
        for (day, channel, language, started, completed) in stored.r {
            let entry = self.responses.entry((day, channel, language)).or_default();
            entry.0 += started;
            entry.1 += completed;
        }
        self.parameters.extend(stored.p);
        Ok(())
    }

    /// The counts as the rollup increments of a batch plan, without the keys whose counts are
    /// zero (moves that cancel out), and the link-parameter rows. The per-day rollups are the
    /// segment rollups summed over channel and language.
    pub(crate) fn plan(&self, survey_id: i64) -> BatchPlan<'_> {
        let mut day_rollups: BTreeMap<(i64, &str, i64, &str), i64> = BTreeMap::new();
        for ((question, day, _, _, bucket), count) in &self.segments {
            *day_rollups
                .entry((survey_id, question, *day, bucket))
                .or_default() += count;
        }
        BatchPlan {
            day_rollups: day_rollups.into_iter().filter(|(_, n)| *n != 0).collect(),
            segment_rollups: self
                .segments
                .iter()
                .filter(|(_, count)| **count != 0)
                .map(|((question, day, channel, language, bucket), count)| {
                    (
                        (
                            survey_id,
                            question.as_str(),
                            *day,
                            channel.as_str(),
                            language.as_str(),
                            bucket.as_str(),
                        ),
                        *count,
                    )
                })
                .collect(),
            response_rollups: self
                .responses
                .iter()
                .filter(|(_, counts)| **counts != (0, 0))
                .map(|((day, channel, language), counts)| {
                    (
                        (survey_id, *day, channel.as_str(), language.as_str()),
                        *counts,
                    )
                })
                .collect(),
            dimension_rollups: self
                .dimensions
                .iter()
                .filter(|(_, count)| **count != 0)
                .map(|((key, value, question, day, bucket), count)| {
                    (
                        (
                            survey_id,
                            key.as_str(),
                            value.as_str(),
                            question.as_str(),
                            *day,
                            bucket.clone(),
                        ),
                        *count,
                    )
                })
                .collect(),
            dimensions: self
                .parameters
                .iter()
                .map(|(response_id, key, value)| DimensionRow {
                    response_id: *response_id,
                    survey_id,
                    key,
                    value,
                })
                .collect(),
            ..BatchPlan::default()
        }
    }
}

/// A journal row being made, borrowing from the plan.
type Borrowed<'a> = Stored<
    (&'a str, i64, &'a str, &'a str, &'a str, i64),
    (&'a str, &'a str, &'a str, i64, &'a str, i64),
    (i64, &'a str, &'a str, i64, i64),
    (i64, &'a str, &'a str),
>;

/// The journal rows of a batch plan's rollup increments and link-parameter rows: (survey,
/// stored row), one per survey, in survey order.
pub(crate) fn journal_rows(plan: &BatchPlan<'_>) -> Vec<(i64, String)> {
    fn of<'m, 'a>(rows: &'m mut BTreeMap<i64, Borrowed<'a>>, survey: i64) -> &'m mut Borrowed<'a> {
        rows.entry(survey).or_insert_with(|| Stored {
            s: Vec::new(),
            d: Vec::new(),
            r: Vec::new(),
            p: Vec::new(),
        })
    }
    let mut rows: BTreeMap<i64, Borrowed<'_>> = BTreeMap::new();
    for ((survey, question, day, channel, language, bucket), n) in &plan.segment_rollups {
        of(&mut rows, *survey)
            .s
            .push((question, *day, channel, language, bucket, *n));
    }
    for ((survey, key, value, question, day, bucket), n) in &plan.dimension_rollups {
        of(&mut rows, *survey)
            .d
            .push((key, value, question, *day, bucket.as_str(), *n));
    }
    for ((survey, day, channel, language), (started, completed)) in &plan.response_rollups {
        of(&mut rows, *survey)
            .r
            .push((*day, channel, language, *started, *completed));
    }
    for row in &plan.dimensions {
        of(&mut rows, row.survey_id)
            .p
            .push((row.response_id, row.key, row.value));
    }
    rows.into_iter()
        .map(|(survey, stored)| {
            let row = serde_json::to_string(&stored)
                .expect("strings and integers always serialise to JSON");
            (survey, row)
        })
        .collect()
}

impl Store {
    /// Folds every journal row into the rollup tables and `response_dimensions`, in one
    /// transaction that does not wait for the disk (the rows it deletes come back, and what it
    /// added goes, if a power loss undoes it). Returns the rows folded. One fold at a time per
    /// process; a fold running on another server (PostgreSQL) makes this one wait for the rows
    /// it took.
    pub async fn fold_journal(&self) -> StoreResult<u64> {
        self.fold_unless_covered(None).await
    }

    /// Makes the rollups and the link-parameter rows include every response committed so far:
    /// called by every reader of them before it reads. A fold that fails (a full disk, say) is
    /// logged and the read goes on without it: figures a moment late beat no figures.
    ///
    /// Readers that arrive together share one fold: a page reads several rollups at once, and
    /// on SQLite every fold queues behind intake's batches for the writer's connection.
    pub(crate) async fn settle_journal(&self) {
        let arrived = self.folds_begun.load(Ordering::Acquire);
        if let Err(error) = self.fold_unless_covered(Some(arrived)).await {
            tracing::warn!(%error, "could not fold the rollup journal before a read");
        }
    }

    /// Folds the journal, one fold at a time, unless the caller `arrived` when that many folds
    /// had begun and a later one has finished since: a fold begun after the caller arrived took
    /// every row committed before, so the caller's read includes them without a fold of its own.
    async fn fold_unless_covered(&self, arrived: Option<u64>) -> StoreResult<u64> {
        let mut finished = self.fold_lock.lock().await;
        if arrived.is_some_and(|arrived| *finished > arrived) {
            return Ok(0);
        }
        let number = self.folds_begun.fetch_add(1, Ordering::AcqRel) + 1;
        let folded = self.fold_now().await?;
        *finished = number;
        Ok(folded)
    }

    /// One fold (see [`Store::fold_journal`]); the caller holds the fold lock.
    async fn fold_now(&self) -> StoreResult<u64> {
        if let Some(writer) = &self.sqlite_writer {
            // Should this caller be dropped meanwhile, the fold still runs to its end, and the
            // writer's connection lock keeps the next fold waiting for it.
            let writer = writer.clone();
            return tokio::task::spawn_blocking(move || writer.fold_journal())
                .await
                .map_err(|error| {
                    StoreError::Sqlite(format!("the journal fold failed: {error}"))
                })?;
        }
        let pending = sqlx::query("SELECT 1 FROM rollup_pending LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        if pending.is_none() {
            return Ok(0);
        }
        let mut tx = self.begin_derived_write().await?;
        let folded = fold_into_rollups(self.backend(), &mut tx, None).await?;
        tx.commit().await?;
        Ok(folded)
    }
}

/// Journal rows summed per survey: what a fold adds to the rollup tables.
#[derive(Default)]
pub(crate) struct JournalSums {
    counts: BTreeMap<i64, RollupCounts>,
    rows: u64,
}

impl JournalSums {
    /// Adds survey `survey`'s journal row `increments`; a damaged row is an error naming it.
    pub(crate) fn add(&mut self, survey: i64, increments: &str) -> StoreResult<()> {
        self.rows += 1;
        self.counts
            .entry(survey)
            .or_default()
            .add_stored(increments)
            .map_err(|error| {
                StoreError::Corrupt(format!("a rollup journal row of survey {survey}: {error}"))
            })
    }

    /// The journal rows added.
    pub(crate) fn rows(&self) -> u64 {
        self.rows
    }

    /// Each survey's sums as the rollup increments of a batch plan, in survey order: rollup rows
    /// are then written in key order, as intake used to touch them, and concurrent folds
    /// (PostgreSQL, several servers) take row locks in one order and cannot deadlock.
    pub(crate) fn plans(&self) -> impl Iterator<Item = BatchPlan<'_>> {
        self.counts
            .iter()
            .map(|(survey, counts)| counts.plan(*survey))
    }
}

/// Deletes the journal rows (of `survey` only, when given) and adds them to the rollup tables
/// and `response_dimensions`, inside `tx`. Returns the rows folded.
pub(crate) async fn fold_into_rollups(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
    survey: Option<i64>,
) -> StoreResult<u64> {
    let (sql, values) = match survey {
        None => (
            "DELETE FROM rollup_pending RETURNING survey_id, increments",
            Vec::new(),
        ),
        Some(id) => (
            "DELETE FROM rollup_pending WHERE survey_id = $1 RETURNING survey_id, increments",
            vec![Bind::Int(id)],
        ),
    };
    let rows = bind_all(sqlx::query(sql), values)
        .fetch_all(&mut **tx)
        .await?;
    let mut sums = JournalSums::default();
    for row in &rows {
        sums.add(
            row.try_get("survey_id")?,
            &row.try_get::<String, _>("increments")?,
        )?;
    }
    for plan in sums.plans() {
        write_tables(backend, tx, plan.folded_tables()).await?;
    }
    Ok(sums.rows())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_row_holds_what_the_plan_adds() {
        let plan = BatchPlan {
            segment_rollups: vec![
                ((7, "nps", 3, "email", "en", "*"), 2),
                ((7, "nps", 3, "email", "en", "9"), 2),
                ((8, "csat", 4, "qr", "pl", "5"), 1),
            ],
            dimension_rollups: vec![((7, "store", "w-3", "nps", 3, "9".to_owned()), 2)],
            response_rollups: vec![
                ((7, 3, "email", "en"), (1, 2)),
                ((8, 4, "qr", "pl"), (0, 1)),
            ],
            ..BatchPlan::default()
        };
        let rows = journal_rows(&plan);
        assert_eq!(rows.iter().map(|(s, _)| *s).collect::<Vec<_>>(), [7, 8]);
        // Two batches of survey 7 fold into one set of counts: twice each.
        let mut counts = RollupCounts::default();
        counts.add_stored(&rows[0].1).unwrap();
        counts.add_stored(&rows[0].1).unwrap();
        let folded = counts.plan(7);
        assert_eq!(
            folded.segment_rollups,
            vec![
                ((7, "nps", 3, "email", "en", "*"), 4),
                ((7, "nps", 3, "email", "en", "9"), 4)
            ]
        );
        assert_eq!(
            folded.day_rollups,
            vec![((7, "nps", 3, "*"), 4), ((7, "nps", 3, "9"), 4)]
        );
        assert_eq!(
            folded.dimension_rollups,
            vec![((7, "store", "w-3", "nps", 3, "9".to_owned()), 4)]
        );
        assert_eq!(
            folded.response_rollups,
            vec![((7, 3, "email", "en"), (2, 4))]
        );
    }

    #[test]
    fn a_damaged_journal_row_is_an_error_naming_its_survey() {
        let mut sums = JournalSums::default();
        match sums.add(7, "{\"s\": [1]}") {
            Err(StoreError::Corrupt(message)) => {
                assert!(message.contains("survey 7"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
