//! What customers talk about: themes ranked by volume and by their impact on the score, with
//! their sentiment split and weekly trend, and the trending pain points — themes whose negative
//! mentions rise significantly week over week — for a survey or a whole workspace.
//!
//! **Counting.** Everything is counted per analysed open answer; a sub-theme's mention counts
//! for its parents too. The share of a theme is its mentions over the analysed answers of the
//! period. Only the themes of the taxonomy in force are reported: a theme deleted from it is
//! left out, also where a person's correction keeps it on an answer.
//!
//! **Impact.** Among answers with a score beside them (the survey's first NPS question, else
//! CSAT, else CES), the score of the answers mentioning the theme minus the score of the rest:
//! NPS points for NPS, points of CSAT % (top two boxes) for CSAT, points of the net percent for
//! the five-option CES and of % agreeing for the 7-point CES — the definitions of
//! `docs/metrics.md`. Its 95% margin combines both groups' variances (a difference of two
//! independent estimates). Shown from [`MIN_IMPACT_ANSWERS`] answers in each group.
//!
//! **Pain points** ([`App::pain_points`], the signal alerts use). The last seven local days of
//! the period (the day it ends in and the six before; the last one only up to the end) against
//! the seven before: a theme is flagged when its negative mentions are at least
//! [`MIN_NEGATIVE`] and their share of the answers rose with a one-sided two-proportion z-test
//! at z ≥ [`Z_FLAG`] (p < 0.025), or their number rose at z ≥ [`Z_FLAG`] while the share did
//! not fall. The number is compared as two Poisson counts over their windows' lengths: given
//! n = c₀ + c₁ mentions, c₁ is binomial with p = t₁ / (t₀ + t₁), so a current week cut short
//! by "now" is not held to a full week's count; with equal windows the z is (c₁ − c₀)/√n.
//! The windows are whole dates so that the answers a pain point links to (a date filter) are
//! the ones it counted.

use std::collections::HashMap;

use opencx_domain::zone::{DAY_MS, Zone, monday_of};
use opencx_store::{TextCount, TextScope, ThemeExample, WEEK_MS};
use opencx_text::score::ScoreKind;
use opencx_text::themes::Taxonomy;
use serde::Serialize;

use crate::text::{score_kind_name, score_kind_of, theme_name};
use crate::{App, AppError, AppResult};

/// Fewest answers in each group (with, without the theme) for an impact to be shown.
pub const MIN_IMPACT_ANSWERS: i64 = 5;
/// Fewest negative mentions in the current week for a pain point.
pub const MIN_NEGATIVE: i64 = 5;
/// The z score from which a rise is flagged (one-sided p < 0.025).
pub const Z_FLAG: f64 = 1.96;
/// Example answers shown behind a pain point.
const PAIN_EXAMPLES: i64 = 3;
/// Longest period a themes report covers, in days (two years of weekly trend).
pub const MAX_PERIOD_DAYS: i64 = 731;
const Z95: f64 = 1.959_964;

/// Negative, neutral and positive counts.
pub type Split = [i64; 3];

fn sentiment_index(label: &str) -> Option<usize> {
    match label {
        "negative" => Some(0),
        "neutral" => Some(1),
        "positive" => Some(2),
        _ => None,
    }
}

/// How the report's ids and times are written in the API (its OpenAPI schema's `Id` and
/// `Timestamp`): ids as decimal strings, which JavaScript reads without rounding, and times as
/// RFC 3339 in UTC with milliseconds. The pages use the numbers themselves.
mod wire {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::Serializer;

    fn time_text(ms: i64) -> String {
        DateTime::<Utc>::from_timestamp_millis(ms)
            .unwrap_or_default()
            .to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    pub fn id<S: Serializer>(id: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(id)
    }

    pub fn time<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time_text(*ms))
    }

    pub fn times<S: Serializer>(ms: &[i64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ms.iter().map(|&m| time_text(m)))
    }
}

/// A theme's effect on the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    /// The score: nps, csat5, csat7, ces5 or ces7.
    pub kind: &'static str,
    /// The score of the answers mentioning the theme, and of the rest.
    pub with: f64,
    pub without: f64,
    /// `with − without`, in points.
    pub difference: f64,
    /// 95% margin of the difference, in points.
    pub margin: f64,
    pub answers_with: i64,
    pub answers_without: i64,
}

/// One theme's figures over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeFigure {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    /// Answers mentioning it.
    pub mentions: i64,
    /// Mentions over analysed answers, 0–1.
    pub share: f64,
    /// Sentiment of the sentences mentioning it: negative, neutral, positive.
    pub sentiment: Split,
    pub impact: Option<Impact>,
    /// Per week of the period (see [`ThemesReport::weeks`]): mentions and negative mentions.
    pub trend: Vec<(i64, i64)>,
}

/// The answers of one week-long window and a theme's negative mentions in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    #[serde(serialize_with = "wire::time")]
    pub from: i64,
    #[serde(serialize_with = "wire::time")]
    pub to: i64,
    /// Analysed answers in the window.
    pub answers: i64,
    /// Negative mentions of the theme.
    pub negative: i64,
    /// `negative / answers`, 0–1.
    pub share: f64,
}

/// Why a pain point was flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiseKind {
    /// The share of answers with a negative mention rose.
    Share,
    /// The number of negative mentions rose (the share held).
    Volume,
}

/// A theme whose negative mentions rose significantly week over week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainPoint {
    pub theme_id: String,
    pub name: String,
    pub current: Window,
    pub previous: Window,
    pub rise: RiseKind,
    /// The z score of the rise.
    pub z: f64,
    /// The newest negative answers mentioning it in the current window.
    pub examples: Vec<PainExample>,
}

/// An answer behind a pain point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainExample {
    #[serde(serialize_with = "wire::id")]
    pub response_id: i64,
    #[serde(serialize_with = "wire::id")]
    pub survey_id: i64,
    pub question_id: String,
    #[serde(serialize_with = "wire::time")]
    pub submitted_at: i64,
    pub text: String,
}

/// Themes of a survey or workspace over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemesReport {
    #[serde(serialize_with = "wire::time")]
    pub from: i64,
    #[serde(serialize_with = "wire::time")]
    pub to: i64,
    /// Analysed open answers of the period.
    pub analysed: i64,
    /// Their sentiment: negative, neutral, positive.
    pub sentiment: Split,
    /// The score impacts are measured on (the one most answered beside the texts).
    pub impact_kind: Option<&'static str>,
    /// How many of the analysed answers have that score beside them (the others, answered
    /// beside another score or none, do not count in the impacts).
    pub impact_answers: i64,
    /// That score over all analysed answers with one (from 5 such answers).
    pub overall: Option<f64>,
    /// Week starts (Monday 00:00 in the workspace's zone) of the period, oldest first.
    #[serde(serialize_with = "wire::times")]
    pub weeks: Vec<i64>,
    /// Analysed answers per week.
    pub answers_per_week: Vec<i64>,
    /// By mentions, most first.
    pub themes: Vec<ThemeFigure>,
    pub pain_points: Vec<PainPoint>,
}

/// Whether a kind's score is a net figure (promoters − detractors) or a top-box share.
fn is_net(kind: ScoreKind) -> bool {
    matches!(kind, ScoreKind::Nps | ScoreKind::Ces5)
}

/// A score and its variance (in points²) from band counts [−1, 0, +1].
fn score_of(kind: ScoreKind, bands: Split) -> Option<(f64, f64)> {
    let n = bands.iter().sum::<i64>();
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let (neg, pos) = (bands[0] as f64 / n_f, bands[2] as f64 / n_f);
    let (value, variance) = if is_net(kind) {
        let net = pos - neg;
        (net, (pos + neg - net * net) / n_f)
    } else {
        (pos, pos * (1.0 - pos) / n_f)
    };
    Some((100.0 * value, 10_000.0 * variance))
}

/// The impact of a theme: its answers' bands against the rest's.
pub fn impact(kind: ScoreKind, with: Split, all: Split) -> Option<Impact> {
    let without = [all[0] - with[0], all[1] - with[1], all[2] - with[2]];
    let (n_with, n_without) = (with.iter().sum::<i64>(), without.iter().sum::<i64>());
    if n_with < MIN_IMPACT_ANSWERS
        || n_without < MIN_IMPACT_ANSWERS
        || without.iter().any(|&c| c < 0)
    {
        return None;
    }
    let (a, var_a) = score_of(kind, with)?;
    let (b, var_b) = score_of(kind, without)?;
    Some(Impact {
        kind: score_kind_name(kind),
        with: a,
        without: b,
        difference: a - b,
        margin: Z95 * (var_a + var_b).sqrt(),
        answers_with: n_with,
        answers_without: n_without,
    })
}

/// One-sided test of a rise from `c0` of `n0` to `c1` of `n1`: (z of the share, z of the count).
/// `current_part` is the current window's length over both windows' (½ when they are equal):
/// the share of the `c0 + c1` mentions the current window would hold if the rate had not
/// changed.
pub fn rise_z(
    (c1, n1): (i64, i64),
    (c0, n0): (i64, i64),
    current_part: f64,
) -> (Option<f64>, Option<f64>) {
    let share = (n1 > 0 && n0 > 0).then(|| {
        let (p1, p0) = (c1 as f64 / n1 as f64, c0 as f64 / n0 as f64);
        let pooled = (c1 + c0) as f64 / (n1 + n0) as f64;
        let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n0 as f64)).sqrt();
        if se > 0.0 { (p1 - p0) / se } else { 0.0 }
    });
    let n = (c1 + c0) as f64;
    let p = current_part.clamp(f64::EPSILON, 1.0 - f64::EPSILON);
    let count = (c1 + c0 > 0).then(|| (c1 as f64 - n * p) / (n * p * (1.0 - p)).sqrt());
    (share, count)
}

fn split_of<'a>(rows: impl Iterator<Item = &'a TextCount>) -> Split {
    let mut split = [0; 3];
    for row in rows {
        if let Some(i) = sentiment_index(&row.sentiment) {
            split[i] += row.count;
        }
    }
    split
}

fn bands_of<'a>(rows: impl Iterator<Item = &'a TextCount>, kind: &str) -> Split {
    let mut bands = [0; 3];
    for row in rows.filter(|r| r.score_kind.as_deref() == Some(kind)) {
        if let Some(band) = row.score_band.filter(|b| (-1..=1).contains(b)) {
            bands[(band + 1) as usize] += row.count;
        }
    }
    bands
}

impl App {
    /// The themes report of a survey or workspace over `[from, to)`; names in `lang`.
    pub async fn themes_report(
        &self,
        workspace_id: i64,
        scope: TextScope,
        (from, to): (i64, i64),
        lang: &str,
    ) -> AppResult<ThemesReport> {
        // The report holds a trend point per week and theme: the period is bounded, so a
        // request cannot ask for millennia of weeks.
        if to - from > MAX_PERIOD_DAYS * DAY_MS {
            return Err(AppError::invalid(
                "from",
                format!("the period is longer than {MAX_PERIOD_DAYS} days"),
            ));
        }
        let (_, taxonomy) = self.workspace_taxonomy(workspace_id).await?;
        let zone = self.workspace_zone(workspace_id).await?;
        // By calendar week of the workspace's zone: the period's figures are the weeks' sums.
        let monday = monday_of(zone.day_of(from)) * DAY_MS;
        let answers = self
            .store
            .answer_counts(scope, (from, to), (monday, zone))
            .await?;
        let mentions = self
            .store
            .theme_counts(scope, (from, to), (monday, zone))
            .await?;

        let analysed = answers.iter().map(|r| r.count).sum();
        // The score most often answered beside the texts.
        let mut per_kind: HashMap<&str, i64> = HashMap::new();
        for row in &answers {
            if let Some(kind) = row.score_kind.as_deref() {
                *per_kind.entry(kind).or_default() += row.count;
            }
        }
        let impact_kind = per_kind
            .iter()
            .max_by_key(|(kind, n)| (**n, **kind == "nps", std::cmp::Reverse(**kind)))
            .and_then(|(kind, _)| score_kind_of(kind));
        let all_bands = impact_kind.map(|k| bands_of(answers.iter(), score_kind_name(k)));

        let weeks = weeks_of(zone, from, to);
        let week_index = |week: i64| weeks.binary_search(&week).ok();
        let mut answers_per_week = vec![0; weeks.len()];
        for row in &answers {
            if let Some(i) = week_index(row.bucket) {
                answers_per_week[i] += row.count;
            }
        }

        // Only the themes of the taxonomy in force: a theme deleted from it is no longer
        // reported, even on answers a person said mention it (they keep it, shown as deleted).
        let mentions: Vec<TextCount> = mentions
            .into_iter()
            .filter(|row| taxonomy.get(&row.theme_id).is_some())
            .collect();
        let mut by_theme: HashMap<&str, Vec<&TextCount>> = HashMap::new();
        for row in &mentions {
            by_theme.entry(row.theme_id.as_str()).or_default().push(row);
        }
        let mut trends: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
        for row in &mentions {
            let trend = trends
                .entry(row.theme_id.as_str())
                .or_insert_with(|| vec![(0, 0); weeks.len()]);
            if let Some(i) = week_index(row.bucket) {
                trend[i].0 += row.count;
                if row.sentiment == "negative" {
                    trend[i].1 += row.count;
                }
            }
        }
        let mut themes: Vec<ThemeFigure> = by_theme
            .iter()
            .map(|(id, rows)| {
                let sentiment = split_of(rows.iter().copied());
                let mentions = sentiment.iter().sum::<i64>();
                let theme = taxonomy.get(id);
                ThemeFigure {
                    id: (*id).to_owned(),
                    name: theme.map_or_else(|| (*id).to_owned(), |t| theme_name(t, lang)),
                    parent: theme.and_then(|t| t.parent.clone()),
                    mentions,
                    share: if analysed > 0 {
                        mentions as f64 / analysed as f64
                    } else {
                        0.0
                    },
                    sentiment,
                    impact: impact_kind.zip(all_bands).and_then(|(kind, all)| {
                        impact(
                            kind,
                            bands_of(rows.iter().copied(), score_kind_name(kind)),
                            all,
                        )
                    }),
                    trend: trends
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| vec![(0, 0); weeks.len()]),
                }
            })
            .collect();
        themes.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));

        let pain_points = self
            .pain_points_of(&taxonomy, scope, (to, zone), lang)
            .await?;
        Ok(ThemesReport {
            from,
            to,
            analysed,
            sentiment: split_of(answers.iter()),
            impact_kind: impact_kind.map(score_kind_name),
            impact_answers: impact_kind
                .and_then(|k| per_kind.get(score_kind_name(k)).copied())
                .unwrap_or(0),
            // Withheld under the same minimum as impacts, like the dashboard's small groups.
            overall: impact_kind
                .zip(all_bands)
                .filter(|(_, bands)| bands.iter().sum::<i64>() >= MIN_IMPACT_ANSWERS)
                .and_then(|(kind, bands)| score_of(kind, bands).map(|(v, _)| v)),
            weeks,
            answers_per_week,
            themes,
            pain_points,
        })
    }

    /// Trending pain points of a survey or workspace in the week before `until`, most
    /// significant first, each with the newest negative answers behind it. This is the signal
    /// the alerts act on.
    pub async fn pain_points(
        &self,
        workspace_id: i64,
        scope: TextScope,
        until: i64,
        lang: &str,
    ) -> AppResult<Vec<PainPoint>> {
        let (_, taxonomy) = self.workspace_taxonomy(workspace_id).await?;
        let zone = self.workspace_zone(workspace_id).await?;
        self.pain_points_of(&taxonomy, scope, (until, zone), lang)
            .await
    }

    async fn pain_points_of(
        &self,
        taxonomy: &Taxonomy,
        scope: TextScope,
        (until, zone): (i64, Zone),
        lang: &str,
    ) -> AppResult<Vec<PainPoint>> {
        // Two weeks of local dates as two buckets: the previous seven days, then the current
        // seven, the last of which is the day `until` falls in (a period ending at midnight
        // ends with the day before). Whole dates, so that the pain point's link, a date
        // filter, lists what was counted: the current week is counted to the end of its last
        // date (answers may carry a time a few minutes ahead of "now"), though its length for
        // the count test is only what has passed of it.
        let last_day = zone.day_of(until - 1);
        let origin = (last_day - 13) * DAY_MS;
        let current_start = zone.day_start(last_day - 6);
        let previous = (zone.day_start(last_day - 13), current_start);
        let current = (current_start, zone.day_start(last_day + 1));
        let span = (previous.0, current.1);
        let answers = self
            .store
            .answer_counts(scope, span, (origin, zone))
            .await?;
        let answers_in = |is_current: bool| -> i64 {
            answers
                .iter()
                .filter(|r| (r.bucket >= current.0) == is_current)
                .map(|r| r.count)
                .sum()
        };
        let (answers_before, answers_now) = (answers_in(false), answers_in(true));
        let mut now: HashMap<String, i64> = HashMap::new();
        let mut before: HashMap<String, i64> = HashMap::new();
        for row in self.store.theme_counts(scope, span, (origin, zone)).await? {
            if row.sentiment == "negative" && taxonomy.get(&row.theme_id).is_some() {
                let side = if row.bucket >= current.0 {
                    &mut now
                } else {
                    &mut before
                };
                *side.entry(row.theme_id).or_default() += row.count;
            }
        }
        // Local lengths: each day counts as 24 hours, also across a change of clocks (and a
        // midnight the clocks skip ends the week where its date ends).
        let local_until = zone.local_ms(until).min((last_day + 1) * DAY_MS);
        let local_current = (local_until - (last_day - 6) * DAY_MS).max(1);
        let part = local_current as f64 / (local_current + WEEK_MS) as f64;
        let mut points = Vec::new();
        for (theme_id, &c1) in &now {
            let c0 = before.get(theme_id).copied().unwrap_or(0);
            if c1 < MIN_NEGATIVE || answers_before == 0 {
                continue;
            }
            let (share_z, count_z) = rise_z((c1, answers_now), (c0, answers_before), part);
            let rise = match (share_z, count_z) {
                (Some(z), _) if z >= Z_FLAG => Some((RiseKind::Share, z)),
                (Some(share), Some(z)) if z >= Z_FLAG && share >= 0.0 => {
                    Some((RiseKind::Volume, z))
                }
                _ => None,
            };
            let Some((rise, z)) = rise else { continue };
            let window = |(from, to): (i64, i64), negative: i64, answers: i64| Window {
                from,
                to,
                answers,
                negative,
                share: if answers > 0 {
                    negative as f64 / answers as f64
                } else {
                    0.0
                },
            };
            // Examples that differ: the same complaint sent twice is shown once (a few more
            // are read so that there are enough after that).
            let mut seen = std::collections::HashSet::new();
            let examples = self
                .store
                .theme_examples(
                    scope,
                    theme_id,
                    Some("negative"),
                    current,
                    PAIN_EXAMPLES * 3,
                )
                .await?
                .into_iter()
                .filter(|e: &ThemeExample| seen.insert(e.text.trim().to_lowercase()))
                .take(PAIN_EXAMPLES as usize)
                .map(|e: ThemeExample| PainExample {
                    response_id: e.response_id,
                    survey_id: e.survey_id,
                    question_id: e.question_id,
                    submitted_at: e.submitted_at,
                    text: e.text,
                })
                .collect();
            points.push(PainPoint {
                theme_id: theme_id.clone(),
                name: taxonomy
                    .get(theme_id)
                    .map_or_else(|| theme_id.clone(), |t| theme_name(t, lang)),
                current: window(current, c1, answers_now),
                previous: window(previous, c0, answers_before),
                rise,
                z,
                examples,
            });
        }
        points.sort_by(|a, b| b.z.total_cmp(&a.z).then(a.theme_id.cmp(&b.theme_id)));
        Ok(points)
    }
}

/// The starts of the weeks (Monday 00:00 in `zone`) covering `[from, to)`.
pub fn weeks_of(zone: Zone, from: i64, to: i64) -> Vec<i64> {
    let mut weeks = Vec::new();
    if to <= from {
        return weeks;
    }
    let mut monday = monday_of(zone.day_of(from));
    loop {
        let week = zone.day_start(monday);
        if week >= to {
            return weeks;
        }
        weeks.push(week);
        monday += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_is_the_difference_of_nps_with_a_margin() {
        // With the theme: 10 detractors, 5 passives, 5 promoters → NPS −25.
        // All: 30 detractors, 30 passives, 60 promoters → the rest: 20, 25, 55 → NPS +35.
        let i = impact(ScoreKind::Nps, [10, 5, 5], [30, 30, 60]).unwrap();
        assert!((i.with + 25.0).abs() < 1e-9);
        assert!((i.without - 35.0).abs() < 1e-9);
        assert!((i.difference + 60.0).abs() < 1e-9);
        // Var(with) = (0.75 − 0.0625)/20 = 0.034375; Var(rest) = (0.75 − 0.1225)/100 = 0.006275;
        // margin = 1.96 · 100 · √0.04065 = 39.52.
        assert!((i.margin - 39.517).abs() < 0.01, "{}", i.margin);
        assert_eq!((i.answers_with, i.answers_without), (20, 100));
        // CSAT: top-two share, 2 of 10 against 60 of 100.
        let c = impact(ScoreKind::Csat5, [6, 2, 2], [36, 12, 62]).unwrap();
        assert!((c.difference - (20.0 - 60.0)).abs() < 1e-9);
        // Too few answers on one side.
        assert!(impact(ScoreKind::Nps, [1, 1, 1], [30, 30, 60]).is_none());
        assert!(impact(ScoreKind::Nps, [10, 5, 5], [12, 6, 5]).is_none());
    }

    #[test]
    fn rises_are_tested_one_sided() {
        // "Prices too high" 4% → 11% of 400 answers each week: z ≈ 3.7.
        let (share, count) = rise_z((44, 400), (16, 400), 0.5);
        assert!(share.unwrap() > 3.5 && share.unwrap() < 4.0, "{share:?}");
        // Equal windows: (c₁ − c₀)/√(c₁ + c₀).
        assert!((count.unwrap() - 28.0 / 60.0_f64.sqrt()).abs() < 1e-12);
        // 5 of 100 against 4 of 100: no signal.
        let (share, _) = rise_z((5, 100), (4, 100), 0.5);
        assert!(share.unwrap() < Z_FLAG);
        // A fall is negative.
        assert!(rise_z((4, 100), (20, 100), 0.5).0.unwrap() < 0.0);
        let (share, count) = rise_z((3, 0), (0, 0), 0.5);
        assert_eq!(share, None);
        assert!((count.unwrap() - 3.0_f64.sqrt()).abs() < 1e-12);
        // A current week of three and a half days holding as many mentions as the full week
        // before has twice its rate: a rise, where equal windows would see none.
        let (_, same) = rise_z((20, 200), (20, 400), 0.5);
        let (_, short) = rise_z((20, 200), (20, 400), 3.5 / 10.5);
        assert_eq!(same, Some(0.0));
        assert!(short.unwrap() > Z_FLAG, "{short:?}");
    }

    #[test]
    fn weeks_cover_the_period() {
        let monday = 1_795_392_000_000; // 2026-11-23T00:00:00Z
        assert_eq!(
            weeks_of(Zone::UTC, monday + 1, monday + 8 * 86_400_000),
            [monday, monday + WEEK_MS]
        );
        assert!(weeks_of(Zone::UTC, monday, monday).is_empty());
        // In Warsaw the week starts an hour earlier (UTC+1 in November).
        let warsaw = Zone::parse("Europe/Warsaw").unwrap();
        assert_eq!(
            weeks_of(warsaw, monday, monday + 86_400_000),
            [monday - 3_600_000]
        );
        // Across the end of summer time (Sunday 2026-10-25) the week is 169 hours long.
        let weeks = weeks_of(warsaw, monday - 5 * WEEK_MS, monday - 3 * WEEK_MS);
        assert_eq!(weeks[1] - weeks[0], WEEK_MS + 3_600_000, "{weeks:?}");
    }
}
