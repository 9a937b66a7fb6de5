//! Survey metrics: NPS, CSAT, CES, ratings, choice and yes/no shares, with
//! their margins of error, plus the significance of a change between two
//! periods.
//!
//! Everything here is pure arithmetic on counts, so the same figures come out
//! of a live dashboard, an export and a test. Nothing is rounded: callers round
//! for display, because rounding inside would make merged or compared figures
//! drift.
//!
//! Units: NPS scores and the CES `net_percent` are in points from −100 to 100
//! (that is how those metrics are defined). Every other share and every Wilson
//! interval is a fraction in `[0, 1]`; multiply by 100 to show a percentage.
//!
//! Valid answers: a metric only ever sees the answers to its own question, so a
//! respondent who skipped the question is simply absent from the histogram and
//! never counts in `n`. Scores outside the metric's scale (for example an 11 on
//! an NPS question, left over from an edited survey or a bad import) are
//! ignored rather than clamped, because clamping would invent an opinion; the
//! number ignored is reported as `out_of_range` so it stays visible.
//!
//! The full formulas, with worked examples, are in `docs/metrics.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The two-sided 95% critical value of the standard normal distribution
/// (≈ 1.959964). Every interval and margin in this module is at 95%, the
/// convention survey readers expect.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Default confidence level for [`compare`].
pub const DEFAULT_CONFIDENCE: f64 = 0.95;

/// Default minimum number of answers before a figure is shown; see
/// [`hide_small`].
pub const DEFAULT_MIN_GROUP_SIZE: u64 = 5;

// ---------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------

/// The number of answers per integer score for one question.
///
/// Metrics are computed from a histogram rather than from raw answer lists so
/// that partial results (per day, per segment, per shard) can be stored and
/// merged without keeping every answer. Scores with a zero count are never
/// stored, so two histograms holding the same answers compare equal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "BTreeMap<i64, u64>", into = "BTreeMap<i64, u64>")]
pub struct Histogram {
    counts: BTreeMap<i64, u64>,
}

impl Histogram {
    /// An empty histogram (no answers).
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a histogram from individual scores, one per answer.
    pub fn from_scores<I: IntoIterator<Item = i64>>(scores: I) -> Self {
        let mut h = Self::new();
        for score in scores {
            h.add(score, 1);
        }
        h
    }

    /// Adds `count` answers with the given score. Adding zero is a no-op so
    /// that no empty entries are stored.
    pub fn add(&mut self, score: i64, count: u64) {
        if count == 0 {
            return;
        }
        let slot = self.counts.entry(score).or_insert(0);
        // Saturate rather than panic: a count near u64::MAX is already absurd.
        *slot = slot.saturating_add(count);
    }

    /// Adds every count of `other` to this histogram (for example to combine
    /// two days or two segments).
    pub fn merge(&mut self, other: &Histogram) {
        for (&score, &count) in &other.counts {
            self.add(score, count);
        }
    }

    /// The number of answers, whatever their score.
    pub fn total(&self) -> u64 {
        self.counts
            .values()
            .fold(0u64, |acc, &c| acc.saturating_add(c))
    }

    /// The number of answers with exactly this score.
    pub fn count(&self, score: i64) -> u64 {
        self.counts.get(&score).copied().unwrap_or(0)
    }

    /// The number of answers with a score in `low..=high`.
    pub fn count_between(&self, low: i64, high: i64) -> u64 {
        if low > high {
            return 0;
        }
        self.counts
            .range(low..=high)
            .fold(0u64, |acc, (_, &c)| acc.saturating_add(c))
    }

    /// `(score, count)` pairs in ascending score order; only scores that were
    /// given at least once appear.
    pub fn iter(&self) -> impl Iterator<Item = (i64, u64)> + '_ {
        self.counts.iter().map(|(&s, &c)| (s, c))
    }

    /// True when no answer has been added.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

impl FromIterator<i64> for Histogram {
    fn from_iter<I: IntoIterator<Item = i64>>(iter: I) -> Self {
        Self::from_scores(iter)
    }
}

impl From<BTreeMap<i64, u64>> for Histogram {
    /// Drops zero counts so a deserialized histogram equals one built by
    /// [`Histogram::add`].
    fn from(mut counts: BTreeMap<i64, u64>) -> Self {
        counts.retain(|_, c| *c > 0);
        Self { counts }
    }
}

impl From<Histogram> for BTreeMap<i64, u64> {
    fn from(h: Histogram) -> Self {
        h.counts
    }
}

// ---------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------

/// A point estimate with its standard error, the input to [`compare`].
///
/// `value` and `standard_error` must be in the same unit (NPS points, a share
/// in `[0, 1]`, a mean on the rating scale…).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The measured value.
    pub value: f64,
    /// Its standard error, in the same unit.
    pub standard_error: f64,
    /// The number of answers behind it, kept so callers can apply
    /// [`hide_small`] before showing a comparison.
    pub n: u64,
}

/// A share of answers (successes out of `n`) with its 95% Wilson interval.
///
/// Wilson rather than the textbook `p ± z·√(p(1−p)/n)` because the latter
/// collapses to zero width at 0% and 100% and leaves `[0, 1]` for small `n`,
/// both of which are common in surveys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// Answers that count as a success (satisfied, agreeing, yes, picked…).
    pub count: u64,
    /// Answers considered.
    pub n: u64,
    /// `count / n`, a fraction in `[0, 1]`.
    pub share: f64,
    /// 95% Wilson score interval for the share, `(low, high)` in `[0, 1]`.
    pub interval: (f64, f64),
}

impl Share {
    fn new(count: u64, n: u64) -> Option<Self> {
        let interval = wilson(count, n, Z95)?;
        Some(Self {
            count,
            n,
            share: count as f64 / n as f64,
            interval,
        })
    }

    /// The share with its binomial standard error `√(p(1−p)/n)`, for
    /// [`compare`].
    pub fn estimate(&self) -> Estimate {
        let p = self.share;
        Estimate {
            value: p,
            standard_error: (p * (1.0 - p) / self.n as f64).sqrt(),
            n: self.n,
        }
    }
}

/// A sample mean with its spread and 95% margin of error.
///
/// With a single answer there is no sample standard deviation, so the spread
/// fields are `None` rather than a misleading zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mean {
    /// Answers considered.
    pub n: u64,
    /// The arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (divisor `n − 1`); `None` when `n < 2`.
    pub std_dev: Option<f64>,
    /// Standard error `s / √n`; `None` when `n < 2`.
    pub standard_error: Option<f64>,
    /// Half-width of the 95% interval, `z · s / √n`; `None` when `n < 2`.
    pub margin: Option<f64>,
}

impl Mean {
    /// The mean with its standard error, for [`compare`]; `None` when there
    /// are fewer than two answers, since the error is then unknown.
    pub fn estimate(&self) -> Option<Estimate> {
        Some(Estimate {
            value: self.mean,
            standard_error: self.standard_error?,
            n: self.n,
        })
    }
}

/// One bar of a score distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreShare {
    /// The score.
    pub score: i64,
    /// Answers with this score.
    pub count: u64,
    /// `count / n`, a fraction in `[0, 1]`.
    pub share: f64,
}

/// Answers with a score in `low..=high` and answers outside it.
fn in_range(h: &Histogram, low: i64, high: i64) -> (u64, u64) {
    let n = h.count_between(low, high);
    (n, h.total().saturating_sub(n))
}

/// Mean and spread of `weight(score)` over the in-range scores; `None` when
/// there are no such scores. Two passes, because the one-pass sum-of-squares
/// formula loses precision when the spread is small next to the mean.
fn mean_of(h: &Histogram, low: i64, high: i64, weight: impl Fn(i64) -> f64) -> Option<Mean> {
    let (n, _) = in_range(h, low, high);
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let range = || {
        h.iter()
            .filter(move |&(s, _)| (low..=high).contains(&s))
            .map(|(s, c)| (weight(s), c as f64))
    };
    let mean = range().map(|(w, c)| w * c).sum::<f64>() / nf;
    if n < 2 {
        return Some(Mean {
            n,
            mean,
            std_dev: None,
            standard_error: None,
            margin: None,
        });
    }
    let ss: f64 = range().map(|(w, c)| c * (w - mean) * (w - mean)).sum();
    let std_dev = (ss / (nf - 1.0)).sqrt();
    let standard_error = std_dev / nf.sqrt();
    Some(Mean {
        n,
        mean,
        std_dev: Some(std_dev),
        standard_error: Some(standard_error),
        margin: Some(Z95 * standard_error),
    })
}

/// Every score in `low..=high`, including those nobody gave, so charts keep a
/// stable set of bars. `n` must be the in-range total and non-zero.
fn distribution(h: &Histogram, low: i64, high: i64, n: u64) -> Vec<ScoreShare> {
    (low..=high)
        .map(|score| {
            let count = h.count(score);
            ScoreShare {
                score,
                count,
                share: count as f64 / n as f64,
            }
        })
        .collect()
}

/// The upper end of a supported 1-based scale, or `None`.
fn scale_top(scale: u8, allowed: &[u8]) -> Option<i64> {
    allowed.contains(&scale).then_some(i64::from(scale))
}

// ---------------------------------------------------------------------------
// Wilson interval
// ---------------------------------------------------------------------------

/// The Wilson score interval for `successes` out of `n` at critical value `z`
/// (use [`Z95`] for 95%), as `(low, high)` fractions in `[0, 1]`.
///
/// Returns `None` when `n = 0` (no data) or `successes > n` (impossible
/// counts, which would otherwise yield a meaningless interval).
pub fn wilson(successes: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || successes > n {
        return None;
    }
    let nf = n as f64;
    let p = successes as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z / denom * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    // At 0 and n the exact bounds are 0 and 1; set them exactly so that
    // rounding noise never shows as "0.0000000001%".
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

// ---------------------------------------------------------------------------
// NPS
// ---------------------------------------------------------------------------

/// Net Promoter Score of a 0–10 question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsSummary {
    /// Valid answers (scores 0–10).
    pub n: u64,
    /// Answers outside 0–10, ignored.
    pub out_of_range: u64,
    /// Answers 9–10.
    pub promoters: u64,
    /// Answers 7–8.
    pub passives: u64,
    /// Answers 0–6.
    pub detractors: u64,
    /// `promoters / n`.
    pub promoter_share: f64,
    /// `passives / n`.
    pub passive_share: f64,
    /// `detractors / n`.
    pub detractor_share: f64,
    /// NPS = 100 · (p − d), in points from −100 to 100.
    pub score: f64,
    /// SE = 100 · √((p + d − (p − d)²) / n), in points.
    pub standard_error: f64,
    /// Half-width of the plain (Wald) 95% interval, z · SE, in points.
    pub margin_of_error: f64,
    /// Adjusted-Wald 95% interval (Rocks 2016), clamped to `[−100, 100]`.
    /// Preferred for display: unlike `score ± margin_of_error` it does not
    /// collapse to zero width when every answer is a promoter.
    pub interval: (f64, f64),
}

impl NpsSummary {
    /// The score with its standard error, for [`compare`].
    pub fn estimate(&self) -> Estimate {
        Estimate {
            value: self.score,
            standard_error: self.standard_error,
            n: self.n,
        }
    }
}

/// NPS standard error in points for shares `p`, `d` over `n` answers.
fn nps_standard_error(p: f64, d: f64, n: f64) -> f64 {
    // The variance of the per-answer score (+1, 0, −1) is p + d − (p − d)²;
    // max(0) guards against a tiny negative from rounding.
    100.0 * ((p + d - (p - d) * (p - d)).max(0.0) / n).sqrt()
}

/// The Net Promoter Score of a 0–10 question; `None` when it has no valid
/// answer.
pub fn nps(h: &Histogram) -> Option<NpsSummary> {
    let (n, out_of_range) = in_range(h, 0, 10);
    if n == 0 {
        return None;
    }
    let promoters = h.count_between(9, 10);
    let passives = h.count_between(7, 8);
    let detractors = h.count_between(0, 6);
    let nf = n as f64;
    let p = promoters as f64 / nf;
    let d = detractors as f64 / nf;
    let standard_error = nps_standard_error(p, d, nf);

    // Adjusted Wald: add three pseudo-answers split 0.75 promoter, 0.75
    // detractor (and 1.5 passive), which gives close-to-nominal coverage even
    // for small samples and extreme scores.
    let n_adj = nf + 3.0;
    let p_adj = (promoters as f64 + 0.75) / n_adj;
    let d_adj = (detractors as f64 + 0.75) / n_adj;
    let centre = 100.0 * (p_adj - d_adj);
    let half = Z95 * nps_standard_error(p_adj, d_adj, n_adj);
    let interval = (
        (centre - half).clamp(-100.0, 100.0),
        (centre + half).clamp(-100.0, 100.0),
    );

    Some(NpsSummary {
        n,
        out_of_range,
        promoters,
        passives,
        detractors,
        promoter_share: p,
        passive_share: passives as f64 / nf,
        detractor_share: d,
        score: 100.0 * (p - d),
        standard_error,
        margin_of_error: Z95 * standard_error,
        interval,
    })
}

// ---------------------------------------------------------------------------
// CSAT
// ---------------------------------------------------------------------------

/// Customer satisfaction of a 1–5 or 1–7 question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatSummary {
    /// The scale's top score, 5 or 7.
    pub scale: u8,
    /// Valid answers (scores 1..=scale).
    pub n: u64,
    /// Answers outside the scale, ignored.
    pub out_of_range: u64,
    /// Top-two-box share (4–5 of 5, 6–7 of 7): the CSAT %, with its Wilson
    /// interval.
    pub satisfied: Share,
    /// Mean score with its margin, shown beside the CSAT %.
    pub mean: Mean,
    /// Count and share of every score 1..=scale.
    pub distribution: Vec<ScoreShare>,
}

/// CSAT of a question on a 1–5 or 1–7 scale (`scale` = 5 or 7): the share in
/// the top two boxes and the mean. `None` when the scale is neither 5 nor 7 or
/// when there is no valid answer.
pub fn csat(h: &Histogram, scale: u8) -> Option<CsatSummary> {
    let top = scale_top(scale, &[5, 7])?;
    let (n, out_of_range) = in_range(h, 1, top);
    if n == 0 {
        return None;
    }
    let satisfied = Share::new(h.count_between(top - 1, top), n)?;
    Some(CsatSummary {
        scale,
        n,
        out_of_range,
        satisfied,
        mean: mean_of(h, 1, top, |s| s as f64)?,
        distribution: distribution(h, 1, top, n),
    })
}

// ---------------------------------------------------------------------------
// CES
// ---------------------------------------------------------------------------

/// Customer effort, five-option form: stored values 1 = very difficult,
/// 2 = difficult, 3 = neutral, 4 = easy, 5 = very easy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ces5Summary {
    /// Valid answers (1–5).
    pub n: u64,
    /// Answers outside 1–5, ignored.
    pub out_of_range: u64,
    /// Net effort score: the mean of the weights −2, −1, 0, +1, +2, with its
    /// margin. Ranges from −2 (all very difficult) to +2 (all very easy).
    pub net_effort: Mean,
    /// Share answering easy or very easy (4–5).
    pub easy_share: f64,
    /// Share answering neutral (3).
    pub neutral_share: f64,
    /// Share answering difficult or very difficult (1–2).
    pub difficult_share: f64,
    /// % easy − % difficult, in points from −100 to 100.
    pub net_percent: f64,
    /// Count and share of each of the five options.
    pub distribution: Vec<ScoreShare>,
}

/// The weight of a five-option CES answer: −2 for very difficult up to +2 for
/// very easy, so that a neutral answer pulls the mean toward zero.
pub fn ces5_weight(score: i64) -> Option<i64> {
    (1..=5).contains(&score).then_some(score - 3)
}

/// Customer effort of a five-option question; `None` when it has no valid
/// answer.
pub fn ces5(h: &Histogram) -> Option<Ces5Summary> {
    let (n, out_of_range) = in_range(h, 1, 5);
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let easy_share = h.count_between(4, 5) as f64 / nf;
    let difficult_share = h.count_between(1, 2) as f64 / nf;
    Some(Ces5Summary {
        n,
        out_of_range,
        net_effort: mean_of(h, 1, 5, |s| (s - 3) as f64)?,
        easy_share,
        neutral_share: h.count(3) as f64 / nf,
        difficult_share,
        net_percent: 100.0 * (easy_share - difficult_share),
        distribution: distribution(h, 1, 5, n),
    })
}

/// Customer effort, seven-point agreement form ("The company made it easy
/// for me…", 1 = strongly disagree … 7 = strongly agree).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ces7Summary {
    /// Valid answers (1–7).
    pub n: u64,
    /// Answers outside 1–7, ignored.
    pub out_of_range: u64,
    /// Share agreeing (5–7), with its Wilson interval.
    pub agree: Share,
    /// Mean score with its margin.
    pub mean: Mean,
    /// Count and share of each of the seven points.
    pub distribution: Vec<ScoreShare>,
}

/// Customer effort of a seven-point agreement question; `None` when it has
/// no valid answer.
pub fn ces7(h: &Histogram) -> Option<Ces7Summary> {
    let (n, out_of_range) = in_range(h, 1, 7);
    if n == 0 {
        return None;
    }
    Some(Ces7Summary {
        n,
        out_of_range,
        agree: Share::new(h.count_between(5, 7), n)?,
        mean: mean_of(h, 1, 7, |s| s as f64)?,
        distribution: distribution(h, 1, 7, n),
    })
}

// ---------------------------------------------------------------------------
// Rating
// ---------------------------------------------------------------------------

/// Mean and distribution of a 1..=scale rating question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingSummary {
    /// The scale's top score.
    pub scale: u8,
    /// Valid answers (1..=scale).
    pub n: u64,
    /// Answers outside the scale, ignored.
    pub out_of_range: u64,
    /// Mean score with its margin.
    pub mean: Mean,
    /// Count and share of every score 1..=scale.
    pub distribution: Vec<ScoreShare>,
}

/// Mean and distribution of a rating question scored 1..=`scale`.
///
/// Ratings are normally 1–5 or 1–10; any scale from 2 to 10 is accepted so a
/// survey with, say, a 1–7 rating still gets figures. `None` for other scales
/// or when there is no valid answer.
pub fn rating_mean(h: &Histogram, scale: u8) -> Option<RatingSummary> {
    let top = scale_top(scale, &[2, 3, 4, 5, 6, 7, 8, 9, 10])?;
    let (n, out_of_range) = in_range(h, 1, top);
    if n == 0 {
        return None;
    }
    Some(RatingSummary {
        scale,
        n,
        out_of_range,
        mean: mean_of(h, 1, top, |s| s as f64)?,
        distribution: distribution(h, 1, top, n),
    })
}

// ---------------------------------------------------------------------------
// Choice and yes/no
// ---------------------------------------------------------------------------

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceShare {
    /// The option id.
    pub option: String,
    /// How many respondents picked it, its share of the respondents who
    /// answered the question, and the Wilson interval of that share.
    pub share: Share,
}

/// Distribution of a single- or multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceSummary {
    /// Respondents who answered the question (the denominator of every
    /// share).
    pub respondents: u64,
    /// One row per option, in option-id order.
    pub options: Vec<ChoiceShare>,
}

/// Shares of each option among the `respondents` who answered the question.
///
/// The denominator is respondents, not picks: with multiple choice one answer
/// can pick several options, so shares may sum to more than 1, and each share
/// still reads as "x% of respondents chose this". Pass every option of the
/// question, with 0 for those nobody picked, to get a row for each.
///
/// `None` when `respondents = 0`, or when an option count exceeds
/// `respondents`, which valid answers cannot produce.
pub fn choice_shares(counts: &BTreeMap<String, u64>, respondents: u64) -> Option<ChoiceSummary> {
    if respondents == 0 {
        return None;
    }
    let options = counts
        .iter()
        .map(|(option, &count)| {
            Some(ChoiceShare {
                option: option.clone(),
                share: Share::new(count, respondents)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ChoiceSummary {
        respondents,
        options,
    })
}

/// Share of "yes" among yes/no answers, with its Wilson interval; `None` when
/// there is no answer.
pub fn yes_share(yes: u64, no: u64) -> Option<Share> {
    Share::new(yes, yes.checked_add(no)?)
}

// ---------------------------------------------------------------------------
// Significance of a change
// ---------------------------------------------------------------------------

/// The outcome of comparing two independent estimates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// `a − b`; positive means `a` is higher.
    pub difference: f64,
    /// z = (a − b) / √(SE_a² + SE_b²). Infinite when both standard errors
    /// are zero and the values differ.
    pub z: f64,
    /// Two-sided p-value, `erfc(|z| / √2)`.
    pub p_value: f64,
    /// The confidence level used.
    pub confidence: f64,
    /// True when `p_value < 1 − confidence`.
    pub significant: bool,
}

/// Whether two independent estimates differ by more than chance, e.g. this
/// month's NPS (`a`) against last month's (`b`).
///
/// Uses a two-sided z-test on the difference; `confidence` is the level, such
/// as [`DEFAULT_CONFIDENCE`]. Both estimates must come from separate
/// respondents, since the test ignores any correlation between them.
pub fn compare(a: Estimate, b: Estimate, confidence: f64) -> Comparison {
    let difference = a.value - b.value;
    let se = (a.standard_error * a.standard_error + b.standard_error * b.standard_error).sqrt();
    let (z, p_value) = if se > 0.0 {
        let z = difference / se;
        (z, erfc(z.abs() / std::f64::consts::SQRT_2))
    } else if difference == 0.0 {
        // No spread and no difference: nothing to explain.
        (0.0, 1.0)
    } else {
        // No spread but a difference (e.g. 100% vs 0% of a handful): the
        // test's limit is certainty. The minimum-group rule is what guards
        // such tiny samples.
        (difference.signum() * f64::INFINITY, 0.0)
    };
    Comparison {
        difference,
        z,
        p_value,
        confidence,
        significant: p_value < 1.0 - confidence,
    }
}

/// Chebyshev coefficients of erfc (Numerical Recipes, 3rd ed., §6.2.2).
const ERFC_COF: [f64; 28] = [
    -1.302_653_719_781_709_4,
    6.419_697_923_564_902e-1,
    1.947_647_320_418_583_6e-2,
    -9.561_514_786_808_63e-3,
    -9.465_953_444_820_36e-4,
    3.668_394_978_527_61e-4,
    4.252_332_480_690_7e-5,
    -2.027_857_811_253_4e-5,
    -1.624_290_004_647e-6,
    1.303_655_835_580e-6,
    1.562_644_172_2e-8,
    -8.523_809_591_5e-8,
    6.529_054_439e-9,
    5.059_343_495e-9,
    -9.913_641_56e-10,
    -2.273_651_22e-10,
    9.646_791_1e-11,
    2.394_038e-12,
    -6.886_027e-12,
    8.944_87e-13,
    3.130_92e-13,
    -1.127_08e-13,
    3.81e-16,
    7.106e-15,
    -1.523e-15,
    -9.4e-17,
    1.21e-16,
    -2.8e-17,
];

/// The complementary error function, erfc(x) = 1 − erf(x).
///
/// Written here instead of pulled from a crate to keep the domain free of
/// numeric dependencies. This is the Chebyshev expansion of Numerical Recipes
/// (3rd ed.), with a relative error far below 1e-7 over the whole real line,
/// which is ample for p-values.
pub fn erfc(x: f64) -> f64 {
    fn cheb(z: f64) -> f64 {
        let t = 2.0 / (2.0 + z);
        let ty = 4.0 * t - 2.0;
        let (mut d, mut dd) = (0.0_f64, 0.0_f64);
        for &c in ERFC_COF[1..].iter().rev() {
            let tmp = d;
            d = ty * d - dd + c;
            dd = tmp;
        }
        t * (-z * z + 0.5 * (ERFC_COF[0] + ty * d) - dd).exp()
    }
    if x >= 0.0 { cheb(x) } else { 2.0 - cheb(-x) }
}

// ---------------------------------------------------------------------------
// Minimum group size and completion
// ---------------------------------------------------------------------------

/// True when a figure built from `n` answers must be hidden, i.e. when
/// `n < min_group_size` (default [`DEFAULT_MIN_GROUP_SIZE`] = 5).
///
/// Figures from a handful of answers are mostly noise and can identify the
/// people behind them, so they are hidden, not shown with a wide margin.
pub fn hide_small(n: u64, min_group_size: u64) -> bool {
    n < min_group_size
}

/// Completion rate, `completed / started`; `None` when nobody started.
///
/// Not clamped to 1: a value above 1 reveals inconsistent counts, which
/// should be seen rather than hidden.
pub fn completion_rate(completed: u64, started: u64) -> Option<f64> {
    (started > 0).then(|| completed as f64 / started as f64)
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    fn assert_close(a: f64, b: f64, tol: f64) {
        assert!(close(a, b, tol), "{a} vs {b}");
    }

    fn hist(pairs: &[(i64, u64)]) -> Histogram {
        let mut h = Histogram::new();
        for &(s, c) in pairs {
            h.add(s, c);
        }
        h
    }

    // --- Histogram -------------------------------------------------------

    #[test]
    fn histogram_basics() {
        let mut h = Histogram::from_scores([3, 5, 5, 9]);
        assert_eq!(h.total(), 4);
        assert_eq!(h.count(5), 2);
        assert_eq!(h.count(4), 0);
        h.add(4, 0);
        assert_eq!(h.iter().collect::<Vec<_>>(), vec![(3, 1), (5, 2), (9, 1)]);
        h.merge(&Histogram::from_scores([3, 10]));
        assert_eq!(h.total(), 6);
        assert_eq!(h.count(3), 2);
        assert_eq!(h.count_between(4, 9), 3);
        assert_eq!(h.count_between(9, 4), 0);
        assert!(!h.is_empty());
        assert!(Histogram::new().is_empty());
    }

    #[test]
    fn histogram_serde_round_trip_drops_zero_counts() {
        let h = Histogram::from_scores([-1, 7, 7]);
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"-1":1,"7":2}"#);
        assert_eq!(serde_json::from_str::<Histogram>(&json).unwrap(), h);
        let with_zero: Histogram = serde_json::from_str(r#"{"-1":1,"3":0,"7":2}"#).unwrap();
        assert_eq!(with_zero, h);
    }

    // --- NPS -------------------------------------------------------------

    #[test]
    fn nps_worked_example() {
        // n = 400, 200 promoters, 120 passives, 80 detractors.
        let h = hist(&[(10, 120), (9, 80), (8, 70), (7, 50), (6, 30), (0, 50)]);
        let s = nps(&h).unwrap();
        assert_eq!(
            (s.n, s.promoters, s.passives, s.detractors),
            (400, 200, 120, 80)
        );
        assert_close(s.score, 30.0, 1e-12);
        assert_close(s.standard_error, 100.0 * (0.61_f64 / 400.0).sqrt(), 1e-12);
        assert_close(s.standard_error, 3.905_124_837_953_327, 1e-12);
        assert_close(s.margin_of_error, 7.653_904_037_521_336, 1e-12);
        assert_eq!((s.margin_of_error * 10.0).round() / 10.0, 7.7);
        assert_close(s.interval.0, 22.152_274_392_279_054, 1e-12);
        assert_close(s.interval.1, 37.401_075_483_651_475, 1e-12);
    }

    #[test]
    fn nps_edge_cases() {
        assert_eq!(nps(&Histogram::new()), None);
        // Only out-of-range scores: nothing valid.
        assert_eq!(nps(&Histogram::from_scores([11, -1])), None);

        let one = nps(&Histogram::from_scores([10])).unwrap();
        assert_eq!(one.score, 100.0);
        assert_eq!(one.standard_error, 0.0);
        assert_eq!(one.margin_of_error, 0.0);
        // n' = 4, p' = 0.4375, d' = 0.1875 → 25 ± z·37.5.
        assert_close(one.interval.0, 25.0 - Z95 * 37.5, 1e-12);
        assert_close(one.interval.1, 25.0 + Z95 * 37.5, 1e-12);

        let all = nps(&Histogram::from_scores(vec![9; 50])).unwrap();
        assert_eq!(all.score, 100.0);
        assert!(all.interval.1 <= 100.0 && all.interval.0 < 100.0);

        let none = nps(&Histogram::from_scores(vec![0; 3])).unwrap();
        assert_eq!(none.score, -100.0);

        let mixed = nps(&Histogram::from_scores([10, 5, 8, 12, -3])).unwrap();
        assert_eq!((mixed.n, mixed.out_of_range), (3, 2));
        assert_close(mixed.score, 0.0, 1e-12);
    }

    // --- Wilson ----------------------------------------------------------

    #[test]
    fn wilson_known_values() {
        let (lo, hi) = wilson(8, 10, Z95).unwrap();
        assert_close(lo, 0.490_162_471_536_641_8, 1e-12);
        assert_close(hi, 0.943_317_848_545_624_8, 1e-12);
        assert_eq!(
            ((lo * 1000.0).round(), (hi * 1000.0).round()),
            (490.0, 943.0)
        );

        let (lo, hi) = wilson(80, 100, Z95).unwrap();
        assert_close(lo, 0.711_170_834_406_841_1, 1e-12);
        assert_close(hi, 0.866_633_066_668_967_6, 1e-12);

        let (lo, hi) = wilson(0, 10, Z95).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.0 && hi < 0.35);
        let (lo, hi) = wilson(10, 10, Z95).unwrap();
        assert_eq!(hi, 1.0);
        assert!(lo > 0.65 && lo < 1.0);

        assert_eq!(wilson(0, 0, Z95), None);
        assert_eq!(wilson(3, 2, Z95), None);
    }

    // --- CSAT ------------------------------------------------------------

    #[test]
    fn csat_five_point_example() {
        let h = hist(&[(1, 5), (2, 5), (3, 10), (4, 40), (5, 40)]);
        let s = csat(&h, 5).unwrap();
        assert_eq!(s.n, 100);
        assert_eq!(s.satisfied.count, 80);
        assert_close(s.satisfied.share, 0.8, 1e-12);
        assert_close(s.satisfied.interval.0, 0.711_170_834_406_841_1, 1e-12);
        assert_close(s.mean.mean, 4.05, 1e-12);
        assert_close(s.mean.std_dev.unwrap(), 1.076_610_843_847_910_5, 1e-12);
        assert_close(s.mean.margin.unwrap(), 0.211_011_847_930_718_06, 1e-12);
        assert_eq!(s.distribution.len(), 5);
    }

    #[test]
    fn csat_seven_point_top_two() {
        // 6 and 7 count; 5 does not; 8 is out of range.
        let h = Histogram::from_scores([7, 6, 5, 4, 1, 6, 8]);
        let s = csat(&h, 7).unwrap();
        assert_eq!((s.n, s.out_of_range), (6, 1));
        assert_eq!(s.satisfied.count, 3);
        assert_close(s.satisfied.share, 0.5, 1e-12);
        assert_eq!(s.distribution.len(), 7);
        assert_eq!(s.distribution[5].count, 2);
        // On a 5-point scale 5 and 4 count, and 6–8 are ignored.
        let s5 = csat(&h, 5).unwrap();
        assert_eq!((s5.n, s5.satisfied.count), (3, 2));
    }

    #[test]
    fn csat_edge_cases() {
        assert_eq!(csat(&Histogram::new(), 5), None);
        assert_eq!(csat(&Histogram::from_scores([4]), 6), None);
        let one = csat(&Histogram::from_scores([5]), 5).unwrap();
        assert_eq!(one.mean.mean, 5.0);
        assert_eq!(one.mean.std_dev, None);
        assert_eq!(one.mean.margin, None);
        assert_eq!(one.mean.estimate(), None);
        assert_eq!(one.satisfied.interval.1, 1.0);
    }

    // --- CES -------------------------------------------------------------

    #[test]
    fn ces5_weights() {
        assert_eq!(
            (0..=6).map(ces5_weight).collect::<Vec<_>>(),
            vec![None, Some(-2), Some(-1), Some(0), Some(1), Some(2), None]
        );
        // One answer per option: weights cancel out.
        let s = ces5(&Histogram::from_scores([1, 2, 3, 4, 5])).unwrap();
        assert_close(s.net_effort.mean, 0.0, 1e-12);
        assert_close(s.net_percent, 0.0, 1e-12);
        // All very difficult / all very easy hit the ends.
        assert_eq!(
            ces5(&Histogram::from_scores([1, 1]))
                .unwrap()
                .net_effort
                .mean,
            -2.0
        );
        assert_eq!(
            ces5(&Histogram::from_scores([5, 5]))
                .unwrap()
                .net_effort
                .mean,
            2.0
        );
    }

    #[test]
    fn ces5_example() {
        let h = hist(&[(1, 10), (2, 20), (3, 30), (4, 60), (5, 80)]);
        let s = ces5(&h).unwrap();
        assert_eq!(s.n, 200);
        assert_close(s.net_effort.mean, 0.9, 1e-12);
        assert_close(
            s.net_effort.std_dev.unwrap(),
            1.181_941_168_004_192_2,
            1e-12,
        );
        assert_close(s.net_effort.margin.unwrap(), 0.163_805_678_489_333_5, 1e-12);
        assert_close(s.easy_share, 0.7, 1e-12);
        assert_close(s.neutral_share, 0.15, 1e-12);
        assert_close(s.difficult_share, 0.15, 1e-12);
        assert_close(s.net_percent, 55.0, 1e-12);
        assert_eq!(ces5(&Histogram::from_scores([0, 6])), None);
    }

    #[test]
    fn ces7_example() {
        let h = hist(&[(1, 2), (2, 3), (3, 5), (4, 10), (5, 20), (6, 35), (7, 25)]);
        let s = ces7(&h).unwrap();
        assert_eq!((s.n, s.agree.count), (100, 80));
        assert_close(s.mean.mean, 5.48, 1e-12);
        assert_close(s.mean.margin.unwrap(), 0.279_244_935_135_188_33, 1e-12);
        assert_eq!(ces7(&Histogram::new()), None);
    }

    // --- Rating, choice, yes/no -----------------------------------------

    #[test]
    fn rating_scales() {
        let h = Histogram::from_scores([1, 10, 10, 7, 0, 11]);
        let r10 = rating_mean(&h, 10).unwrap();
        assert_eq!((r10.n, r10.out_of_range), (4, 2));
        assert_close(r10.mean.mean, 7.0, 1e-12);
        assert_eq!(r10.distribution.len(), 10);
        let r5 = rating_mean(&h, 5).unwrap();
        assert_eq!(r5.n, 1);
        assert_eq!(r5.mean.margin, None);
        assert_eq!(rating_mean(&h, 11), None);
        assert_eq!(rating_mean(&h, 1), None);
        assert_eq!(rating_mean(&Histogram::new(), 5), None);
    }

    #[test]
    fn choice_multiple() {
        let counts: BTreeMap<String, u64> = [("a", 8), ("b", 5), ("c", 0)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let s = choice_shares(&counts, 10).unwrap();
        assert_eq!(s.options.len(), 3);
        assert_eq!(s.options[0].option, "a");
        assert_close(s.options[0].share.share, 0.8, 1e-12);
        assert_close(
            s.options[0].share.interval.0,
            0.490_162_471_536_641_8,
            1e-12,
        );
        assert_eq!(s.options[2].share.interval.0, 0.0);
        assert_eq!(choice_shares(&counts, 0), None);
        assert_eq!(choice_shares(&counts, 7), None);
        assert_eq!(choice_shares(&BTreeMap::new(), 3).unwrap().options, vec![]);
    }

    #[test]
    fn yes_no() {
        let s = yes_share(8, 2).unwrap();
        assert_close(s.share, 0.8, 1e-12);
        assert_close(s.interval.1, 0.943_317_848_545_624_8, 1e-12);
        assert_eq!(yes_share(0, 0), None);
        assert_eq!(yes_share(0, 3).unwrap().share, 0.0);
    }

    // --- Significance ----------------------------------------------------

    #[test]
    fn erfc_reference_values() {
        let cases = [
            (0.0, 1.0),
            (0.1, 0.887_537_083_981_715_2),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_13),
            (1.5, 0.033_894_853_524_689_274),
            (2.0, 0.004_677_734_981_047_265),
            (3.0, 2.209_049_699_858_543_8e-5),
            (4.0, 1.541_725_790_028_002e-8),
            (5.0, 1.537_459_794_428_035_1e-12),
            (-1.0, 1.842_700_792_949_715),
            (-2.5, 1.999_593_047_982_555),
        ];
        for (x, want) in cases {
            let got = erfc(x);
            assert!(
                (got - want).abs() <= 1e-7 * want,
                "erfc({x}) = {got}, want {want}"
            );
        }
    }

    #[test]
    fn compare_nps_change() {
        let now = nps(&hist(&[(9, 200), (7, 120), (0, 80)])).unwrap();
        let before = nps(&hist(&[(9, 180), (7, 120), (0, 100)])).unwrap();
        let c = compare(now.estimate(), before.estimate(), DEFAULT_CONFIDENCE);
        assert_close(c.difference, 10.0, 1e-12);
        assert_close(c.z, 1.774_713_018_832_227_8, 1e-10);
        assert_close(c.p_value, 0.075_945_284_590_290_25, 1e-7);
        assert!(!c.significant);
        assert!(compare(now.estimate(), before.estimate(), 0.90).significant);
    }

    #[test]
    fn compare_degenerate() {
        let e = |value| Estimate {
            value,
            standard_error: 0.0,
            n: 3,
        };
        let same = compare(e(100.0), e(100.0), 0.95);
        assert_eq!((same.z, same.p_value, same.significant), (0.0, 1.0, false));
        let diff = compare(e(-100.0), e(100.0), 0.95);
        assert_eq!(diff.z, f64::NEG_INFINITY);
        assert_eq!(diff.p_value, 0.0);
        assert!(diff.significant);
        // z = 1.959964 sits on the 95% boundary.
        let edge = Estimate {
            value: Z95 * 1.01,
            standard_error: 1.0,
            n: 100,
        };
        let zero = Estimate {
            value: 0.0,
            standard_error: 0.0,
            n: 100,
        };
        assert!(compare(edge, zero, 0.95).significant);
    }

    #[test]
    fn group_size_and_completion() {
        assert!(hide_small(4, DEFAULT_MIN_GROUP_SIZE));
        assert!(!hide_small(5, DEFAULT_MIN_GROUP_SIZE));
        assert!(hide_small(0, 1));
        assert_eq!(completion_rate(3, 0), None);
        assert_eq!(completion_rate(0, 4), Some(0.0));
        assert_eq!(completion_rate(3, 4), Some(0.75));
    }

    // --- Direct recomputation from raw scores (no Histogram) -------------

    /// Mean and sample standard deviation of raw values, computed naively.
    fn raw_mean(values: &[f64]) -> Option<(f64, Option<f64>)> {
        if values.is_empty() {
            return None;
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        if values.len() < 2 {
            return Some((mean, None));
        }
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        Some((mean, Some(var.sqrt())))
    }

    fn raw_nps(scores: &[i64]) -> Option<(f64, f64, f64, f64)> {
        let valid: Vec<i64> = scores
            .iter()
            .copied()
            .filter(|s| (0..=10).contains(s))
            .collect();
        if valid.is_empty() {
            return None;
        }
        let n = valid.len() as f64;
        let prom = valid.iter().filter(|&&s| s >= 9).count() as f64;
        let det = valid.iter().filter(|&&s| s <= 6).count() as f64;
        // Per-answer score +1 / 0 / −1; the NPS SE is that variable's
        // population SD over √n, times 100.
        let per: Vec<f64> = valid
            .iter()
            .map(|&s| match s {
                9..=10 => 1.0,
                7..=8 => 0.0,
                _ => -1.0,
            })
            .collect();
        let m = per.iter().sum::<f64>() / n;
        let pop_var = per.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n;
        let se = 100.0 * (pop_var / n).sqrt();
        let na = n + 3.0;
        let (pa, da) = ((prom + 0.75) / na, (det + 0.75) / na);
        let sea = 100.0 * ((pa + da - (pa - da).powi(2)) / na).sqrt();
        let centre = 100.0 * (pa - da);
        Some((
            100.0 * (prom - det) / n,
            se,
            centre - Z95 * sea,
            centre + Z95 * sea,
        ))
    }

    fn raw_top(scores: &[i64], low: i64, high: i64, from: i64) -> Option<(f64, f64, Option<f64>)> {
        let valid: Vec<f64> = scores
            .iter()
            .filter(|s| (low..=high).contains(*s))
            .map(|&s| s as f64)
            .collect();
        let (mean, sd) = raw_mean(&valid)?;
        let top = valid.iter().filter(|&&s| s >= from as f64).count() as f64;
        Some((top / valid.len() as f64, mean, sd))
    }

    fn scores() -> impl Strategy<Value = Vec<i64>> {
        prop::collection::vec(-2i64..=12, 0..200)
    }

    proptest! {
        #[test]
        fn nps_in_bounds(s in scores()) {
            if let Some(m) = nps(&Histogram::from_scores(s)) {
                prop_assert!((-100.0..=100.0).contains(&m.score));
                prop_assert!(m.margin_of_error >= 0.0);
                let (lo, hi) = m.interval;
                prop_assert!(-100.0 <= lo && lo <= hi && hi <= 100.0);
            }
        }

        #[test]
        fn wilson_contains_share(n in 1u64..5000, k in 0u64..5000) {
            let k = k % (n + 1);
            let (lo, hi) = wilson(k, n, Z95).unwrap();
            let p = k as f64 / n as f64;
            prop_assert!(0.0 <= lo && lo <= p && p <= hi && hi <= 1.0);
        }

        #[test]
        fn merge_equals_concatenation(a in scores(), b in scores()) {
            let mut merged = Histogram::from_scores(a.clone());
            merged.merge(&Histogram::from_scores(b.clone()));
            let whole = Histogram::from_scores(a.into_iter().chain(b));
            prop_assert_eq!(&merged, &whole);
            prop_assert_eq!(nps(&merged), nps(&whole));
            prop_assert_eq!(csat(&merged, 5), csat(&whole, 5));
            prop_assert_eq!(csat(&merged, 7), csat(&whole, 7));
            prop_assert_eq!(ces5(&merged), ces5(&whole));
            prop_assert_eq!(ces7(&merged), ces7(&whole));
            prop_assert_eq!(rating_mean(&merged, 10), rating_mean(&whole, 10));
        }

        #[test]
        fn nps_matches_raw(s in scores()) {
            let m = nps(&Histogram::from_scores(s.clone()));
            match (m, raw_nps(&s)) {
                (None, None) => {}
                (Some(m), Some((score, se, lo, hi))) => {
                    prop_assert!(close(m.score, score, 1e-9));
                    prop_assert!(close(m.standard_error, se, 1e-9));
                    prop_assert!(close(m.margin_of_error, Z95 * se, 1e-9));
                    prop_assert!(close(m.interval.0, lo.clamp(-100.0, 100.0), 1e-9));
                    prop_assert!(close(m.interval.1, hi.clamp(-100.0, 100.0), 1e-9));
                    let valid = s.iter().filter(|x| (0..=10).contains(*x)).count() as u64;
                    prop_assert_eq!(m.n, valid);
                    prop_assert_eq!(m.out_of_range, s.len() as u64 - valid);
                }
                (m, r) => prop_assert!(false, "{:?} vs {:?}", m, r),
            }
        }

        #[test]
        fn csat_ces7_rating_match_raw(s in scores()) {
            let h = Histogram::from_scores(s.clone());
            for (scale, top) in [(5u8, 5i64), (7, 7)] {
                let got = csat(&h, scale);
                let want = raw_top(&s, 1, top, top - 1);
                prop_assert_eq!(got.is_some(), want.is_some());
                if let (Some(g), Some((share, mean, sd))) = (got, want) {
                    prop_assert!(close(g.satisfied.share, share, 1e-12));
                    prop_assert!(close(g.mean.mean, mean, 1e-9));
                    prop_assert_eq!(g.mean.std_dev.is_some(), sd.is_some());
                    if let (Some(a), Some(b)) = (g.mean.std_dev, sd) {
                        prop_assert!(close(a, b, 1e-9));
                        let margin = Z95 * b / (g.n as f64).sqrt();
                        prop_assert!(close(g.mean.margin.unwrap(), margin, 1e-9));
                    }
                }
            }
            let got = ces7(&h);
            let want = raw_top(&s, 1, 7, 5);
            prop_assert_eq!(got.is_some(), want.is_some());
            if let (Some(g), Some((share, mean, _))) = (got, want) {
                prop_assert!(close(g.agree.share, share, 1e-12));
                prop_assert!(close(g.mean.mean, mean, 1e-9));
            }
            let got = rating_mean(&h, 10);
            let want = raw_top(&s, 1, 10, 1);
            prop_assert_eq!(got.is_some(), want.is_some());
            if let (Some(g), Some((_, mean, sd))) = (got, want) {
                prop_assert!(close(g.mean.mean, mean, 1e-9));
                if let (Some(a), Some(b)) = (g.mean.std_dev, sd) {
                    prop_assert!(close(a, b, 1e-9));
                }
                let shares: f64 = g.distribution.iter().map(|d| d.share).sum();
                prop_assert!(close(shares, 1.0, 1e-12));
            }
        }

        #[test]
        fn ces5_matches_raw(s in scores()) {
            let got = ces5(&Histogram::from_scores(s.clone()));
            let weights: Vec<f64> = s
                .iter()
                .filter(|x| (1..=5).contains(*x))
                .map(|&x| match x {
                    1 => -2.0,
                    2 => -1.0,
                    3 => 0.0,
                    4 => 1.0,
                    _ => 2.0,
                })
                .collect();
            match (got, raw_mean(&weights)) {
                (None, None) => {}
                (Some(g), Some((mean, sd))) => {
                    let n = weights.len() as f64;
                    let easy = weights.iter().filter(|&&w| w > 0.0).count() as f64 / n;
                    let hard = weights.iter().filter(|&&w| w < 0.0).count() as f64 / n;
                    prop_assert!(close(g.net_effort.mean, mean, 1e-9));
                    prop_assert!(close(g.net_percent, 100.0 * (easy - hard), 1e-9));
                    prop_assert!((-2.0..=2.0).contains(&g.net_effort.mean));
                    if let (Some(a), Some(b)) = (g.net_effort.std_dev, sd) {
                        prop_assert!(close(a, b, 1e-9));
                    }
                }
                (g, r) => prop_assert!(false, "{:?} vs {:?}", g, r),
            }
        }

        #[test]
        fn p_value_in_unit_interval(d in -50.0f64..50.0, sa in 0.0f64..10.0, sb in 0.0f64..10.0) {
            let c = compare(
                Estimate { value: d, standard_error: sa, n: 10 },
                Estimate { value: 0.0, standard_error: sb, n: 10 },
                DEFAULT_CONFIDENCE,
            );
            prop_assert!((0.0..=1.0).contains(&c.p_value));
            prop_assert_eq!(c.significant, c.p_value < 0.05);
        }
    }
}
