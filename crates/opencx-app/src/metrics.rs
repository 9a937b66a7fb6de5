//! A survey's metrics, computed exactly from the per-day rollups: one query value (period,
//! filters, grouping) is built from the request and executed here for the API and dashboards.
//!
//! Day numbers are local dates of the survey's workspace zone (the rollups are keyed by them,
//! see `opencx_domain::zone`), so periods, and the weeks (from Monday) and months grouped from
//! days, are the workspace's own with no conversion here.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use opencx_domain::metrics::{
    self, Ces5Summary, Ces7Summary, ChoiceSummary, CsatSummary, Histogram, NpsSummary,
    RatingSummary, Share,
};
use opencx_domain::survey::{CesVariant, QuestionKind, SurveyDefinition};
use opencx_store::{AnswerRollupRow, ResponseRollupRow, RollupFilter};
use serde::Serialize;

use crate::surveys::LoadedSurvey;
use crate::{App, AppError, AppResult};

/// Figures from fewer answers than this are withheld (shown as suppressed), not shown as noise.
pub const MIN_GROUP_SIZE: u64 = metrics::DEFAULT_MIN_GROUP_SIZE;

/// Time buckets of a trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    /// Parses `day`, `week` or `month`.
    pub fn parse(s: &str) -> Option<Granularity> {
        match s {
            "day" => Some(Granularity::Day),
            "week" => Some(Granularity::Week),
            "month" => Some(Granularity::Month),
            _ => None,
        }
    }

    /// The first day of the bucket containing `day` (weeks start on Monday).
    fn bucket_start(self, day: i64) -> i64 {
        match self {
            Granularity::Day => day,
            // 1970-01-01 was a Thursday: shift so Monday starts a week.
            Granularity::Week => day - (day + 3).rem_euclid(7),
            Granularity::Month => {
                let date = date_of(day);
                day_of(NaiveDate::from_ymd_opt(date.year(), date.month(), 1).unwrap_or(date))
            }
        }
    }
}

/// The calendar date of a day number.
pub fn date_of(day: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt((day + 719_163).clamp(1, 3_000_000) as i32)
        .unwrap_or_default()
}

/// The day number of a date.
pub fn day_of(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_day(s: &str) -> Option<i64> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(day_of)
}

/// What to compute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricsQuery {
    /// First day included (day number of the workspace's zone).
    pub from_day: Option<i64>,
    /// Last day included.
    pub to_day: Option<i64>,
    pub channel: Option<String>,
    pub language: Option<String>,
    /// Add a trend with one entry per day, week or month.
    pub group_by: Option<Granularity>,
}

/// Started and completed responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseCounts {
    pub started: u64,
    pub completed: u64,
    /// completed ÷ started; absent when nothing started.
    pub completion_rate: Option<f64>,
}

/// The figure of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "metric", rename_all = "snake_case")]
pub enum QuestionFigure {
    Nps(NpsSummary),
    Csat(CsatSummary),
    Ces(Ces5Summary),
    CesAgreement(Ces7Summary),
    Rating(RatingSummary),
    Choice(ChoiceSummary),
    YesNo {
        yes: Share,
    },
    /// Open text and contact questions: only counted.
    Count,
}

/// Metrics of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionMetrics {
    pub question_id: String,
    pub kind: &'static str,
    /// Responses that answered the question (the metric's n).
    pub answered: u64,
    /// True when `answered` is below the minimum group size and the figure is withheld.
    pub suppressed: bool,
    /// The figure, absent when suppressed or when nothing was answered.
    pub figure: Option<QuestionFigure>,
    /// Answers per bucket (score, option id, yes/no), for distributions; empty when suppressed.
    #[serde(skip)]
    pub buckets: BTreeMap<String, u64>,
}

/// Metrics of one period of a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodMetrics {
    /// First day of the period, `YYYY-MM-DD`.
    pub period_start: String,
    pub responses: ResponseCounts,
    pub questions: Vec<QuestionMetrics>,
}

/// A survey's metrics for a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricsReport {
    /// Decimal string, like every id in the API (JSON numbers cannot hold 64 bits in JavaScript).
    pub survey_id: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub channel: Option<String>,
    pub language: Option<String>,
    pub min_group_size: u64,
    pub responses: ResponseCounts,
    pub questions: Vec<QuestionMetrics>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Granularity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<PeriodMetrics>>,
}

/// Metrics of one segment (a channel or a language) of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentMetrics {
    pub segment: String,
    pub questions: Vec<QuestionMetrics>,
}

/// Counts per question: bucket → count (bucket `*` is the number answering).
type QuestionCounts = BTreeMap<String, BTreeMap<String, u64>>;

fn counts(rows: &[&AnswerRollupRow]) -> QuestionCounts {
    let mut out: QuestionCounts = BTreeMap::new();
    for row in rows {
        *out.entry(row.question_id.clone())
            .or_default()
            .entry(row.bucket.clone())
            .or_default() += row.count.max(0) as u64;
    }
    out
}

fn histogram(buckets: &BTreeMap<String, u64>) -> Histogram {
    let mut h = Histogram::new();
    for (bucket, count) in buckets {
        if let Ok(score) = bucket.parse::<i64>() {
            h.add(score, *count);
        }
    }
    h
}

/// Computes each question's figure from its bucket counts.
pub fn question_metrics(
    definition: &SurveyDefinition,
    counts: &QuestionCounts,
) -> Vec<QuestionMetrics> {
    let empty = BTreeMap::new();
    definition
        .questions
        .iter()
        .map(|question| {
            let buckets = counts.get(&question.id).unwrap_or(&empty);
            let answered = buckets.get("*").copied().unwrap_or(0);
            let suppressed = answered > 0 && answered < MIN_GROUP_SIZE;
            let figure = if answered == 0 || suppressed {
                None
            } else {
                match &question.kind {
                    QuestionKind::Nps { .. } => {
                        metrics::nps(&histogram(buckets)).map(QuestionFigure::Nps)
                    }
                    QuestionKind::Csat { scale } => {
                        metrics::csat(&histogram(buckets), *scale).map(QuestionFigure::Csat)
                    }
                    QuestionKind::Ces {
                        variant: CesVariant::FiveOption,
                    } => metrics::ces5(&histogram(buckets)).map(QuestionFigure::Ces),
                    QuestionKind::Ces {
                        variant: CesVariant::Agreement7,
                    } => metrics::ces7(&histogram(buckets)).map(QuestionFigure::CesAgreement),
                    QuestionKind::Rating { scale } => {
                        metrics::rating_mean(&histogram(buckets), *scale)
                            .map(QuestionFigure::Rating)
                    }
                    QuestionKind::SingleChoice { options }
                    | QuestionKind::MultipleChoice { options, .. } => {
                        let per_option: BTreeMap<String, u64> = options
                            .iter()
                            .map(|o| (o.id.clone(), buckets.get(&o.id).copied().unwrap_or(0)))
                            .collect();
                        metrics::choice_shares(&per_option, answered).map(QuestionFigure::Choice)
                    }
                    QuestionKind::YesNo => metrics::yes_share(
                        buckets.get("yes").copied().unwrap_or(0),
                        buckets.get("no").copied().unwrap_or(0),
                    )
                    .map(|yes| QuestionFigure::YesNo { yes }),
                    QuestionKind::ShortText { .. }
                    | QuestionKind::LongText { .. }
                    | QuestionKind::Contact { .. } => Some(QuestionFigure::Count),
                }
            };
            QuestionMetrics {
                question_id: question.id.clone(),
                kind: question.kind.tag(),
                answered,
                suppressed,
                figure,
                buckets: if suppressed {
                    BTreeMap::new()
                } else {
                    buckets
                        .iter()
                        .filter(|(b, _)| b.as_str() != "*")
                        .map(|(b, n)| (b.clone(), *n))
                        .collect()
                },
            }
        })
        .collect()
}

fn response_counts<'a>(rows: impl Iterator<Item = &'a ResponseRollupRow>) -> ResponseCounts {
    let (mut started, mut completed) = (0u64, 0u64);
    for row in rows {
        started += row.started.max(0) as u64;
        completed += row.completed.max(0) as u64;
    }
    ResponseCounts {
        started,
        completed,
        completion_rate: metrics::completion_rate(completed, started),
    }
}

impl App {
    /// Computes a survey's metrics from its rollups.
    pub async fn survey_metrics(
        &self,
        survey: &LoadedSurvey,
        query: &MetricsQuery,
    ) -> AppResult<MetricsReport> {
        if let (Some(from), Some(to)) = (query.from_day, query.to_day)
            && from > to
        {
            return Err(AppError::invalid("from", "must not be after to"));
        }
        let filter = RollupFilter {
            survey_id: survey.row.id,
            from_day: query.from_day,
            to_day: query.to_day,
            channel: query.channel.clone(),
            language: query.language.clone(),
            by_day: query.group_by.is_some(),
        };
        let (answers, responses) = tokio::try_join!(
            self.store.answer_rollups(&filter),
            self.store.response_rollups(&filter)
        )?;
        let definition = &survey.definition;
        let all: Vec<&AnswerRollupRow> = answers.iter().collect();
        let series = query.group_by.map(|granularity| {
            let mut periods: BTreeMap<i64, (Vec<&AnswerRollupRow>, Vec<&ResponseRollupRow>)> =
                BTreeMap::new();
            for row in &answers {
                periods
                    .entry(granularity.bucket_start(row.day))
                    .or_default()
                    .0
                    .push(row);
            }
            for row in &responses {
                periods
                    .entry(granularity.bucket_start(row.day))
                    .or_default()
                    .1
                    .push(row);
            }
            periods
                .into_iter()
                .map(|(start, (answer_rows, response_rows))| PeriodMetrics {
                    period_start: date_of(start).to_string(),
                    responses: response_counts(response_rows.into_iter()),
                    questions: question_metrics(definition, &counts(&answer_rows)),
                })
                .collect()
        });
        Ok(MetricsReport {
            survey_id: survey.row.id.to_string(),
            from: query.from_day.map(|d| date_of(d).to_string()),
            to: query.to_day.map(|d| date_of(d).to_string()),
            channel: query.channel.clone(),
            language: query.language.clone(),
            min_group_size: MIN_GROUP_SIZE,
            responses: response_counts(responses.iter()),
            questions: question_metrics(definition, &counts(&all)),
            group_by: query.group_by,
            series,
        })
    }
}

/// Segments from counts keyed by segment name, largest first.
fn segments_of(
    definition: &SurveyDefinition,
    by_segment: BTreeMap<String, QuestionCounts>,
) -> Vec<SegmentMetrics> {
    let mut segments: Vec<SegmentMetrics> = by_segment
        .into_iter()
        .map(|(segment, counts)| SegmentMetrics {
            segment,
            questions: question_metrics(definition, &counts),
        })
        .collect();
    let size = |s: &SegmentMetrics| s.questions.iter().map(|q| q.answered).max().unwrap_or(0);
    segments.sort_by(|a, b| size(b).cmp(&size(a)).then(a.segment.cmp(&b.segment)));
    segments
}

impl App {
    /// A survey's figures split by channel and, separately, by language, from one pass over the
    /// segment rollups: (by channel, by language).
    pub async fn survey_channel_language_breakdowns(
        &self,
        survey: &LoadedSurvey,
        query: &MetricsQuery,
    ) -> AppResult<(Vec<SegmentMetrics>, Vec<SegmentMetrics>)> {
        let filter = RollupFilter {
            survey_id: survey.row.id,
            from_day: query.from_day,
            to_day: query.to_day,
            channel: query.channel.clone(),
            language: query.language.clone(),
            by_day: false,
        };
        let rows = self.store.segment_rollups(&filter).await?;
        let mut channels: BTreeMap<String, QuestionCounts> = BTreeMap::new();
        let mut languages: BTreeMap<String, QuestionCounts> = BTreeMap::new();
        for row in &rows {
            let count = row.count.max(0) as u64;
            for (map, key) in [
                (&mut channels, &row.channel),
                (&mut languages, &row.language),
            ] {
                *map.entry(key.clone())
                    .or_default()
                    .entry(row.question_id.clone())
                    .or_default()
                    .entry(row.bucket.clone())
                    .or_default() += count;
            }
        }
        Ok((
            segments_of(&survey.definition, channels),
            segments_of(&survey.definition, languages),
        ))
    }

    /// One question's figures split by the values of one link parameter (`store`, `product`…),
    /// over a period; channel and language filters do not apply (the parameter rollups are kept
    /// across channels and languages). The `limit` largest values come first.
    pub async fn survey_parameter_breakdown(
        &self,
        survey: &LoadedSurvey,
        query: &MetricsQuery,
        key: &str,
        question_id: &str,
        limit: usize,
    ) -> AppResult<Vec<SegmentMetrics>> {
        let rows = self
            .store
            .dimension_rollups(
                survey.row.id,
                key,
                question_id,
                query.from_day,
                query.to_day,
            )
            .await?;
        let mut by_value: BTreeMap<String, QuestionCounts> = BTreeMap::new();
        for row in &rows {
            *by_value
                .entry(row.value.clone())
                .or_default()
                .entry(row.question_id.clone())
                .or_default()
                .entry(row.bucket.clone())
                .or_default() += row.count.max(0) as u64;
        }
        let mut segments = segments_of(&survey.definition, by_value);
        segments.truncate(limit);
        Ok(segments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_buckets() {
        let day = parse_day("2026-11-25").unwrap(); // a Wednesday
        assert_eq!(date_of(day).to_string(), "2026-11-25");
        assert_eq!(
            date_of(Granularity::Week.bucket_start(day)).to_string(),
            "2026-11-23"
        );
        assert_eq!(
            date_of(Granularity::Month.bucket_start(day)).to_string(),
            "2026-11-01"
        );
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2026-13-01"), None);
    }
}
