//! What customers write about, for one survey or the whole workspace: themes ranked by volume
//! or by their impact on the score, each with its sentiment split and weekly trend, and the
//! trending pain points with the answers behind them (those only for roles that may read
//! answers). The figures come from `App::themes_report`.

use std::collections::HashMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use opencx_app::accounts::Member;
use opencx_app::metrics::date_of;
use opencx_app::text_themes::{MAX_PERIOD_DAYS, RiseKind, ThemesReport};
use opencx_domain::access::Permission;
use opencx_domain::lang::localize_digits;
use opencx_domain::zone::Zone;
use opencx_store::TextScope;
use serde::Deserialize;

use super::auth::SignedIn;
use super::charts;
use super::chrome::{Chrome, app_error_screen, date, day_filter, render};
use super::i18n::{Tr, UiLang};
use super::survey_pages::{load_survey, survey_title};
use crate::AppState;

/// Days shown when no period is chosen.
const DEFAULT_DAYS: i64 = 90;

/// The page's filters, from the query string.
#[derive(Debug, Deserialize, Default)]
pub struct ThemesQuery {
    from: Option<String>,
    to: Option<String>,
    /// `volume` (default) or `impact`.
    sort: Option<String>,
}

struct ThemeRow {
    id: String,
    name: String,
    /// Indented under its parent.
    sub: bool,
    /// Its parent's name, shown before its own: sorted by volume or impact, a sub-theme is
    /// rarely right under its parent.
    parent_name: Option<String>,
    mentions: String,
    share: String,
    split: String,
    split_bar: String,
    impact: Option<(String, String)>,
    spark: String,
    /// Its answers in the period, for roles that read responses: of the page's survey, or, on
    /// the workspace's page, across the surveys.
    answers: Option<String>,
    /// On the workspace's page, for roles that read responses: the surveys its mentions are in,
    /// most first, as (title, that survey's answers about the theme in the period, "12
    /// mentions"; the link lists the mentions counted, one per open answer).
    in_surveys: Vec<(String, String, String)>,
    /// Surveys with mentions beyond those listed.
    more_surveys: usize,
}

struct PainView {
    name: String,
    rise: &'static str,
    now: String,
    before: String,
    /// Each answer, the address of its response, and its survey's title (workspace page).
    examples: Vec<(String, Option<String>, String)>,
    /// This theme's negative mentions of the flagged week: its answers of the page's survey, or,
    /// on the workspace's page, across the surveys.
    negative: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/themes.html")]
struct ThemesPage {
    c: Chrome,
    heading: String,
    back: Option<(String, String)>,
    from: String,
    to: String,
    sort: String,
    error: Option<&'static str>,
    /// What was changed in the period asked for (shown, not an error).
    notice: Option<String>,
    progress: Option<super::text_settings::ReanalysisProgress>,
    /// Where the progress script asks for the re-analysis's progress.
    progress_src: String,
    f: Figures,
    pains: Vec<PainView>,
    settings: Option<String>,
}

/// The report's figures as shown.
struct Figures {
    analysed: String,
    split: String,
    split_bar: String,
    /// The score of all analysed answers with one: (its name, value).
    overall: Option<(&'static str, String)>,
    impact_title: &'static str,
    /// When some analysed answers are not in the impacts (answered beside another score, or
    /// none): which ones are.
    impact_basis: Option<String>,
    rows: Vec<ThemeRow>,
}

/// `GET /w/{ws}/surveys/{survey}/themes`.
pub async fn survey_themes(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    Query(query): Query<ThemesQuery>,
) -> Response {
    let lang = who.lang();
    let survey = match load_survey(&state, &member, &survey_id, lang).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let base = format!("/w/{}/surveys/{}", member.workspace.slug, survey.row.id);
    let title = survey_title(&survey, lang);
    page(
        &state,
        &who,
        &member,
        TextScope::Survey(survey.row.id),
        format!("{} — {title}", Tr(lang).nav_themes()),
        Some((base, title)),
        query,
    )
    .await
}

/// `GET /w/{ws}/themes`.
pub async fn workspace_themes(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Query(query): Query<ThemesQuery>,
) -> Response {
    let tr = Tr(who.lang());
    page(
        &state,
        &who,
        &member,
        TextScope::Workspace(member.workspace.id),
        tr.themes_of_workspace().to_owned(),
        None,
        query,
    )
    .await
}

/// A week and an hour, in milliseconds (a week in a zone with daylight saving time may be an
/// hour shorter).
const WEEK_MS: i64 = 7 * 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// How many surveys a theme row of the workspace's page names.
const IN_SURVEYS_SHOWN: usize = 5;

/// Where a theme's impact ranks it, lowest first: the harm its margin makes sure of (the upper
/// end of the margin), so that a large difference measured on a few answers (wide margin) does
/// not come before a smaller, certain one. Of the figures as shown (whole points), so that the
/// order never contradicts what the page says: "−8 ± 5" comes before "−5 ± 3", even when the
/// unrounded figures (−7.5 ± 5.4 and −5.4 ± 2.6) would put it after; equal sums go by mentions.
fn impact_rank(impact: &opencx_app::text_themes::Impact) -> f64 {
    impact.difference.round() + impact.margin.round()
}

/// An impact as the page shows it, "−5 ± 3": rounded as [`impact_rank`] rounds (half away from
/// zero; the formatter alone would round a margin of 2.5 to even, "± 2").
fn impact_text(impact: &opencx_app::text_themes::Impact) -> String {
    format!(
        "{} ± {:.0}",
        signed(impact.difference),
        impact.margin.round()
    )
}

/// Points with their sign, rounded (half away from zero), and no "−0".
fn signed(points: f64) -> String {
    let rounded = points.round();
    if rounded == 0.0 {
        "0".into()
    } else {
        format!("{rounded:+.0}")
    }
}

fn percent(share: f64, lang: UiLang) -> String {
    // A theme with a couple of mentions is not "0%".
    let text = if share > 0.0 && share < 0.005 {
        "<1%".to_owned()
    } else {
        format!("{:.0}%", share * 100.0)
    };
    localize_digits(&text, lang.code())
}

/// What [`period`] changed in the period asked for, to say so on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PeriodChange {
    /// A date could not be read; the default took its place.
    Unreadable,
    /// "From" came after "to": the two were swapped.
    Swapped,
    /// Longer than a report covers: "from" was moved forward.
    Shortened,
    /// A date after today, which has no answers yet: today took its place.
    Future,
}

/// The period of a report, as instants and as the dates the form shows, and what was changed
/// in the dates asked for (nothing is changed silently).
pub(super) fn period(
    (from, to): (&Option<String>, &Option<String>),
    today: i64,
    zone: Zone,
) -> (i64, i64, String, String, Vec<PeriodChange>) {
    let mut unreadable = false;
    let mut changes = Vec::new();
    let mut asked_to = day_filter(to, &mut unreadable);
    let mut asked_from = day_filter(from, &mut unreadable);
    if unreadable {
        changes.push(PeriodChange::Unreadable);
    }
    // A period reaching past today would be cut to its start further on (the last week ends
    // now), leaving an empty report: it ends today instead, and the page says so.
    let mut future = false;
    for day in [&mut asked_from, &mut asked_to] {
        if let Some(d) = day.as_mut()
            && *d > today
        {
            *d = today;
            future = true;
        }
    }
    if future {
        changes.push(PeriodChange::Future);
    }
    let (mut from_day, to_day) = match (asked_from, asked_to) {
        (Some(from), Some(to)) if from > to => {
            changes.push(PeriodChange::Swapped);
            (to, from)
        }
        (from, to) => {
            let to = to.unwrap_or(today);
            (from.unwrap_or(to - DEFAULT_DAYS + 1).min(to), to)
        }
    };
    // At most the longest period a report covers; the form shows the period used.
    if from_day < to_day - MAX_PERIOD_DAYS + 1 {
        from_day = to_day - MAX_PERIOD_DAYS + 1;
        changes.push(PeriodChange::Shortened);
    }
    (
        zone.day_start(from_day),
        zone.day_start(to_day + 1),
        date_of(from_day).to_string(),
        date_of(to_day).to_string(),
        changes,
    )
}

/// The page's note on a period that was swapped or shortened.
pub(super) fn period_notice(changes: &[PeriodChange], tr: Tr) -> Option<String> {
    let mut notes = Vec::new();
    if changes.contains(&PeriodChange::Swapped) {
        notes.push(tr.period_swapped());
    }
    if changes.contains(&PeriodChange::Shortened) {
        notes.push(tr.period_shortened());
    }
    if changes.contains(&PeriodChange::Future) {
        notes.push(tr.period_future());
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    who: &SignedIn,
    member: &Member,
    scope: TextScope,
    heading: String,
    back: Option<(String, String)>,
    query: ThemesQuery,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let zone = member.workspace.time_zone;
    let today = zone.day_of(state.app.now());
    let (from, to, from_text, to_text, changes) = period((&query.from, &query.to), today, zone);
    // The last week ends now when the period runs to today.
    let to = to.min(state.app.now().max(from + 1));
    let report = match state
        .app
        .themes_report(member.workspace.id, scope, (from, to), lang.code())
        .await
    {
        Ok(r) => r,
        Err(e) => return app_error_screen(state, lang, e),
    };
    let progress =
        match super::text_settings::reanalysis_progress(state, member.workspace.id, tr).await {
            Ok(p) => p,
            Err(e) => return app_error_screen(state, lang, e),
        };
    let can_read = member.role.can(Permission::ViewResponses);
    let sort = match query.sort.as_deref() {
        Some("impact") => "impact",
        _ => "volume",
    };
    // A theme's answers are listed for the period the figures are about.
    let period_query = format!("&from={from_text}&to={to_text}");
    let mut f = figures(&report, tr, (zone, lang), sort);
    // A theme's name links to its answers (the mentions counted, one per open answer; a
    // survey's responses table would list a response with two of them once).
    let survey_param = match scope {
        TextScope::Survey(id) => format!("survey={id}&"),
        TextScope::Workspace(_) => String::new(),
    };
    if can_read {
        for row in &mut f.rows {
            row.answers = Some(format!(
                "/w/{}/themes/{}/answers?{survey_param}{}",
                member.workspace.slug,
                row.id,
                &period_query[1..]
            ));
        }
    }
    // On the workspace's page, where each theme is found: its mentions by survey, each
    // linking to that survey's answers about it.
    let mut titles: HashMap<i64, String> = HashMap::new();
    if let TextScope::Workspace(workspace_id) = scope
        && can_read
    {
        let (surveys, mentions) =
            match tokio::try_join!(state.app.list_surveys(workspace_id), async {
                state
                    .app
                    .store
                    .theme_mentions_by_survey(workspace_id, (from, to))
                    .await
                    .map_err(opencx_app::AppError::from)
            }) {
                Ok(both) => both,
                Err(e) => return app_error_screen(state, lang, e),
            };
        titles = surveys
            .iter()
            .map(|s| (s.row.id, survey_title(s, lang)))
            .collect();
        for row in &mut f.rows {
            let mut found: Vec<&(i64, String, i64)> = mentions
                .iter()
                .filter(|(survey, theme, _)| *theme == row.id && titles.contains_key(survey))
                .collect();
            found.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            // "and 1 more" would hide a survey in the space its name takes: all are shown then.
            let shown = if found.len() == IN_SURVEYS_SHOWN + 1 {
                found.len()
            } else {
                IN_SURVEYS_SHOWN
            };
            row.more_surveys = found.len().saturating_sub(shown);
            row.in_surveys = found
                .into_iter()
                .take(shown)
                .map(|(survey, theme, count)| {
                    (
                        titles[survey].clone(),
                        format!(
                            "/w/{}/themes/{theme}/answers?survey={survey}{period_query}",
                            member.workspace.slug
                        ),
                        format!("{} {}", tr.number(*count), tr.mentions().to_lowercase()),
                    )
                })
                .collect();
        }
    }
    let c = Chrome::signed_in(state, who, Some(member), "themes", &heading).await;
    let page = ThemesPage {
        c,
        heading,
        back,
        from: from_text,
        to: to_text,
        sort: sort.to_owned(),
        error: changes
            .contains(&PeriodChange::Unreadable)
            .then(|| tr.bad_filter_date()),
        notice: period_notice(&changes, tr),
        progress,
        progress_src: super::text_settings::progress_address(&member.workspace.slug),
        settings: member
            .role
            .can(Permission::ViewResponses)
            .then(|| format!("/w/{}/text", member.workspace.slug)),
        pains: report
            .pain_points
            .iter()
            .map(|p| PainView {
                // The negative mentions of the theme in the window that was flagged: whole
                // dates, so the link lists the mentions counted (the answers page, not the
                // responses table, where a response with two such answers is one row).
                negative: can_read.then(|| {
                    format!(
                        "/w/{}/themes/{}/answers?{survey_param}sentiment=negative&from={}&to={}",
                        member.workspace.slug,
                        p.theme_id,
                        date_of(zone.day_of(p.current.from)),
                        date_of(zone.day_of(p.current.to - 1))
                    )
                }),
                name: p.name.clone(),
                rise: match p.rise {
                    RiseKind::Share => tr.rise_share(),
                    RiseKind::Volume => tr.rise_volume(),
                },
                now: format!(
                    "{} ({} / {})",
                    percent(p.current.share, lang),
                    tr.number(p.current.negative),
                    tr.number(p.current.answers)
                ),
                before: format!(
                    "{} ({} / {})",
                    percent(p.previous.share, lang),
                    tr.number(p.previous.negative),
                    tr.number(p.previous.answers)
                ),
                examples: if can_read {
                    p.examples
                        .iter()
                        .map(|e| {
                            (
                                // Cut as the answers pages cut them: one long answer would
                                // fill the card.
                                super::responses::excerpt(vec![(
                                    e.text.clone(),
                                    "",
                                    String::new(),
                                )])
                                .into_iter()
                                .map(|(piece, _, _)| piece)
                                .collect(),
                                Some(format!(
                                    "/w/{}/surveys/{}/responses/{}",
                                    member.workspace.slug, e.survey_id, e.response_id
                                )),
                                titles.get(&e.survey_id).cloned().unwrap_or_default(),
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect(),
        f,
    };
    render(
        if page.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &page,
    )
}

/// The figures of a report as the page shows them.
fn figures(report: &ThemesReport, tr: Tr, (zone, lang): (Zone, UiLang), sort: &str) -> Figures {
    let rtl = lang.dir() == "rtl";
    let split_text = |s: [i64; 3]| {
        format!(
            "{} / {} / {}",
            tr.number(s[0]),
            tr.number(s[1]),
            tr.number(s[2])
        )
    };
    let mut themes: Vec<&opencx_app::text_themes::ThemeFigure> = report.themes.iter().collect();
    if sort == "impact" {
        themes.sort_by(|a, b| {
            let key = |t: &opencx_app::text_themes::ThemeFigure| {
                t.impact.as_ref().map_or(f64::INFINITY, impact_rank)
            };
            key(a).total_cmp(&key(b)).then(b.mentions.cmp(&a.mentions))
        });
    }
    let rows = themes
        .iter()
        .map(|t| {
            let shares: Vec<f64> = t
                .trend
                .iter()
                .zip(&report.answers_per_week)
                .map(|((m, _), n)| if *n > 0 { *m as f64 / *n as f64 } else { 0.0 })
                .collect();
            let negative: Vec<f64> = t
                .trend
                .iter()
                .zip(&report.answers_per_week)
                .map(|((_, neg), n)| if *n > 0 { *neg as f64 / *n as f64 } else { 0.0 })
                .collect();
            // Each week's share of answers, and of negative ones, as the two lines draw them.
            // A week the period cuts (it starts before `from`, or `to` ends it early) is said
            // to be part of a week: its share is of fewer days.
            let partial = |i: usize| {
                let start = report.weeks[i];
                let end = report
                    .weeks
                    .get(i + 1)
                    .copied()
                    .unwrap_or(start + WEEK_MS - HOUR_MS);
                start < report.from || report.to < end
            };
            let weeks: Vec<String> = report
                .weeks
                .iter()
                .zip(shares.iter().zip(&negative))
                .enumerate()
                .map(|(i, (w, (s, neg)))| {
                    format!(
                        "{}{} {} ({} {})",
                        date(*w, zone, lang),
                        if partial(i) {
                            format!(" ({})", tr.part_of_a_week())
                        } else {
                            String::new()
                        },
                        percent(*s, lang),
                        tr.negative().to_lowercase(),
                        percent(*neg, lang)
                    )
                })
                .collect();
            ThemeRow {
                id: t.id.clone(),
                name: t.name.clone(),
                sub: t.parent.is_some(),
                parent_name: t.parent.as_ref().map(|id| {
                    report
                        .themes
                        .iter()
                        .find(|p| &p.id == id)
                        .map_or_else(|| id.clone(), |p| p.name.clone())
                }),
                mentions: tr.number(t.mentions),
                share: percent(t.share, lang),
                split: split_text(t.sentiment),
                split_bar: charts::sentiment_split(t.sentiment, rtl),
                impact: t.impact.as_ref().map(|i| {
                    (
                        localize_digits(&impact_text(i), lang.code()),
                        charts::impact_bar(i.difference, i.margin, rtl),
                    )
                }),
                spark: charts::sparkline(
                    &shares,
                    &negative,
                    &format!("{}: {}", tr.trend_weekly(), weeks.join(", ")),
                    rtl,
                ),
                answers: None,
                in_surveys: Vec::new(),
                more_surveys: 0,
            }
        })
        .collect();
    Figures {
        analysed: tr.number(report.analysed),
        split: split_text(report.sentiment),
        split_bar: charts::sentiment_split(report.sentiment, rtl),
        overall: report.overall.map(|v| {
            let name = match report.impact_kind {
                Some("csat5" | "csat7") => "CSAT %",
                Some("ces5") => "CES",
                Some("ces7") => "CES %",
                _ => "NPS",
            };
            let text = if matches!(report.impact_kind, Some("nps" | "ces5")) {
                signed(v)
            } else {
                format!("{v:.0}%")
            };
            (name, localize_digits(&text, lang.code()))
        }),
        impact_basis: report
            .impact_kind
            .filter(|_| report.impact_answers < report.analysed)
            .map(|kind| {
                let name = match kind {
                    "csat5" | "csat7" => "CSAT",
                    "ces5" | "ces7" => "CES",
                    _ => "NPS",
                };
                tr.impact_basis(
                    &tr.number(report.impact_answers),
                    &tr.number(report.analysed),
                    name,
                )
            }),
        impact_title: match report.impact_kind {
            Some("csat5" | "csat7") => tr.impact_on_csat(),
            Some("ces5" | "ces7") => tr.impact_on_ces(),
            _ => tr.impact_on_nps(),
        },
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_ranks_by_the_figures_as_shown() {
        let impact = |difference: f64, margin: f64| opencx_app::text_themes::Impact {
            kind: "nps",
            with: 0.0,
            without: 0.0,
            difference,
            margin,
            answers_with: 40,
            answers_without: 400,
        };
        // Shown as "−8 ± 5" and "−5 ± 3": the first is the surer harm, though unrounded
        // (−2.1 against −2.8) it was not.
        assert!(impact_rank(&impact(-7.5, 5.4)) < impact_rank(&impact(-5.4, 2.6)));
        // "−6 ± 4" and "−5 ± 3" tie, and are then ranked by mentions.
        assert_eq!(
            impact_rank(&impact(-6.2, 3.6)),
            impact_rank(&impact(-5.4, 2.6))
        );
        // A margin of exactly 2.5 is ranked and shown as 3.
        assert_eq!(impact_text(&impact(-5.0, 2.5)), "-5 ± 3");
        assert_eq!(
            impact_rank(&impact(-5.0, 2.5)),
            impact_rank(&impact(-6.0, 3.0)) + 1.0
        );
    }

    #[test]
    fn a_small_share_is_not_shown_as_none() {
        assert_eq!(percent(0.0, UiLang::En), "0%");
        assert_eq!(percent(0.0007, UiLang::En), "<1%");
        assert_eq!(percent(0.006, UiLang::En), "1%");
        assert_eq!(percent(0.114, UiLang::En), "11%");
    }
}
