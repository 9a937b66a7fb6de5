//! A survey's dashboard: score tiles with their margins, the score distribution, the trend,
//! breakdowns by channel and language, and the newest open answers; live over Server-Sent
//! Events. Like every screen, the page answers `?partial=1` with its content alone (see
//! [`super::partial`]); the dashboard's script fetches it when a response arrives and swaps in
//! the live part.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use opencx_app::accounts::Member;
use opencx_app::metrics::{Granularity, MetricsQuery, QuestionFigure, QuestionMetrics, date_of};
use opencx_domain::access::Permission;
use opencx_domain::lang::localize_digits;
use opencx_domain::survey::{CesVariant, Question, QuestionKind};
use opencx_domain::wording;
use serde::Deserialize;

use super::auth::SignedIn;
use super::charts::{self, Column, Fill, Point};
use super::chrome::{Chrome, app_error_screen, date, day_filter, render};
use super::i18n::{Tr, UiLang};
use super::survey_pages::{load_survey, parse_id, question_label, survey_title};
use crate::AppState;

/// Days shown when no period is chosen.
const DEFAULT_DAYS: i64 = 90;
/// Open answers listed.
const NEWEST_TEXTS: i64 = 8;
/// Link parameters broken down on the dashboard when none is chosen (the first ones in
/// alphabetical order), the most offered in the chooser, and the values shown for each (the
/// largest).
const PARAMETERS_SHOWN: usize = 3;
const PARAMETERS_OFFERED: i64 = 100;
const VALUES_SHOWN: usize = 10;
/// How long one event stream stays open before the browser reconnects.
const STREAM_LIFETIME: Duration = Duration::from_secs(600);

/// The dashboard's filters, from the query string.
#[derive(Debug, Deserialize, Default)]
pub struct DashboardQuery {
    from: Option<String>,
    to: Option<String>,
    channel: Option<String>,
    language: Option<String>,
    by: Option<String>,
    /// One link parameter to break down by (default: the first few).
    param: Option<String>,
}

/// A headline figure of one question, ready to show.
struct Tile {
    metric: &'static str,
    question: String,
    value: String,
    detail: String,
    n: String,
    suppressed: bool,
}

struct SegmentRow {
    segment: String,
    value: String,
    n: String,
    bar: String,
}

struct Breakdown {
    title: String,
    rows: Vec<SegmentRow>,
}

struct TextAnswer {
    question: String,
    text: String,
    lang: String,
    date: String,
    /// The response's page.
    href: String,
    /// Its sentiment once analysed: (name, CSS class).
    sentiment: Option<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "admin/dashboard_live.html")]
struct Live {
    tr: Tr,
    tiles: Vec<Tile>,
    started: String,
    completed: String,
    completion: String,
    distribution: Option<(String, String)>,
    trend: Option<(String, String)>,
    breakdowns: Vec<Breakdown>,
    texts: Option<Vec<TextAnswer>>,
    empty: bool,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    c: Chrome,
    title: String,
    status: String,
    status_label: &'static str,
    share_url: String,
    /// The responses table, for roles that may read responses.
    responses_url: Option<String>,
    themes_url: String,
    /// The builder, for roles that may edit surveys.
    edit_url: Option<String>,
    events_url: String,
    script: String,
    /// A filter that could not be read.
    filter_error: Option<&'static str>,
    live: Live,
    from: String,
    to: String,
    channel: String,
    language: String,
    by: &'static str,
    /// The link parameter chosen, and every one the survey's responses carry.
    param: String,
    params: Vec<String>,
    channels: Vec<String>,
    languages: Vec<(String, String)>,
}

/// (metric name, value, 95% interval, the scale's range) of a figure.
type Headline = (&'static str, f64, Option<(f64, f64)>, (f64, f64));

/// The headline of a figure, for tiles and trends.
fn headline(figure: &QuestionFigure) -> Option<Headline> {
    match figure {
        QuestionFigure::Nps(s) => Some(("NPS", s.score, Some(s.interval), (-100.0, 100.0))),
        QuestionFigure::Csat(s) => Some((
            "CSAT",
            s.satisfied.share * 100.0,
            Some((
                s.satisfied.interval.0 * 100.0,
                s.satisfied.interval.1 * 100.0,
            )),
            (0.0, 100.0),
        )),
        QuestionFigure::Ces(s) => Some((
            "CES",
            s.net_effort.mean,
            s.net_effort
                .margin
                .map(|m| (s.net_effort.mean - m, s.net_effort.mean + m)),
            (-2.0, 2.0),
        )),
        QuestionFigure::CesAgreement(s) => Some((
            "CES",
            s.agree.share * 100.0,
            Some((s.agree.interval.0 * 100.0, s.agree.interval.1 * 100.0)),
            (0.0, 100.0),
        )),
        QuestionFigure::Rating(s) => Some((
            "⌀",
            s.mean.mean,
            s.mean.margin.map(|m| (s.mean.mean - m, s.mean.mean + m)),
            (1.0, f64::from(s.scale)),
        )),
        _ => None,
    }
}

fn is_score(question: &Question) -> bool {
    matches!(
        question.kind,
        QuestionKind::Nps { .. }
            | QuestionKind::Csat { .. }
            | QuestionKind::Ces { .. }
            | QuestionKind::Rating { .. }
    )
}

/// A value as shown: NPS as a signed whole number, shares as whole percents, means with
/// decimals.
fn show(figure: &QuestionFigure, value: f64) -> String {
    match figure {
        // A score that rounds to zero reads "0", not "+0" or "-0".
        QuestionFigure::Nps(_) if value.round() == 0.0 => "0".to_owned(),
        QuestionFigure::Nps(_) => format!("{value:+.0}"),
        QuestionFigure::Csat(_) | QuestionFigure::CesAgreement(_) => format!("{value:.0}%"),
        QuestionFigure::Ces(_) => format!("{value:+.2}"),
        _ => format!("{value:.2}"),
    }
}

fn tile(tr: Tr, lang: UiLang, label: String, q: &QuestionMetrics) -> Option<Tile> {
    let digits = |s: &str| localize_digits(s, lang.code());
    let metric = match q.kind {
        "nps" => "NPS",
        "csat" => "CSAT",
        "ces" => "CES",
        _ => "⌀",
    };
    let n = digits(&format!("n = {}", q.answered));
    let Some(figure) = &q.figure else {
        return Some(Tile {
            metric,
            question: label,
            value: "—".into(),
            detail: if q.suppressed {
                tr.too_few().into()
            } else {
                tr.no_answers().into()
            },
            n,
            suppressed: true,
        });
    };
    let (metric, value, interval, _) = headline(figure)?;
    let detail = match interval {
        Some((lo, hi)) => format!(
            "± {} · 95%: {} … {}",
            digits(&format!("{:.1}", (hi - lo) / 2.0)),
            digits(&show(figure, lo)),
            digits(&show(figure, hi))
        ),
        None => String::new(),
    };
    Some(Tile {
        metric,
        question: label,
        value: digits(&show(figure, value)),
        detail,
        n,
        suppressed: false,
    })
}

/// The fill of a score in a kind's scale: low, middle or high group.
fn fill_of(kind: &QuestionKind, score: i64) -> Fill {
    match kind {
        QuestionKind::Nps { .. } => match score {
            0..=6 => Fill::Low,
            7..=8 => Fill::Middle,
            _ => Fill::High,
        },
        QuestionKind::Csat { scale } => {
            let top = i64::from(*scale);
            if score >= top - 1 {
                Fill::High
            } else if score <= if top == 7 { 3 } else { 2 } {
                Fill::Low
            } else {
                Fill::Middle
            }
        }
        QuestionKind::Ces {
            variant: CesVariant::FiveOption,
        } => match score {
            1..=2 => Fill::Low,
            3 => Fill::Middle,
            _ => Fill::High,
        },
        QuestionKind::Ces {
            variant: CesVariant::Agreement7,
        } => match score {
            1..=3 => Fill::Low,
            4 => Fill::Middle,
            _ => Fill::High,
        },
        _ => Fill::Plain,
    }
}

fn scale_of(kind: &QuestionKind) -> Option<(i64, i64)> {
    match kind {
        QuestionKind::Nps { .. } => Some((0, 10)),
        QuestionKind::Csat { scale } | QuestionKind::Rating { scale } => {
            Some((1, i64::from(*scale)))
        }
        QuestionKind::Ces {
            variant: CesVariant::FiveOption,
        } => Some((1, 5)),
        QuestionKind::Ces {
            variant: CesVariant::Agreement7,
        } => Some((1, 7)),
        _ => None,
    }
}

fn distribution(
    question: &Question,
    q: &QuestionMetrics,
    label: &str,
    lang: UiLang,
) -> Option<String> {
    let (low, high) = scale_of(&question.kind)?;
    let total: u64 = (low..=high)
        .map(|s| q.buckets.get(&s.to_string()).copied().unwrap_or(0))
        .sum();
    if total == 0 {
        return None;
    }
    let columns: Vec<Column> = (low..=high)
        .map(|score| {
            let count = q.buckets.get(&score.to_string()).copied().unwrap_or(0);
            Column {
                label: localize_digits(&score.to_string(), lang.code()),
                count,
                share: count as f64 / total as f64,
                fill: fill_of(&question.kind, score),
            }
        })
        .collect();
    Some(charts::columns(&columns, label, lang.dir() == "rtl", |s| {
        localize_digits(s, lang.code())
    }))
}

/// A small horizontal bar for a breakdown row (SVG: the page's CSP allows no inline styles).
fn bar(value: f64, range: (f64, f64), fill: Fill, rtl: bool) -> String {
    let t = ((value - range.0) / (range.1 - range.0).max(0.0001)).clamp(0.0, 1.0);
    let width = (t * 120.0).max(2.0);
    let x = if rtl { 120.0 - width } else { 0.0 };
    let paint = match fill {
        Fill::Low => "#b3261e",
        Fill::Middle => "#8a5a00",
        Fill::High => "#1f7a4d",
        Fill::Plain => "#2648c4",
    };
    format!(
        "<svg class=\"bar\" viewBox=\"0 0 120 10\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0\" y=\"0\" width=\"120\" height=\"10\" rx=\"3\" fill=\"#e8ebf1\"/><rect x=\"{x:.1}\" y=\"0\" width=\"{width:.1}\" height=\"10\" rx=\"3\" fill=\"{paint}\"/></svg>"
    )
}

/// `GET /w/{ws}/surveys/{survey}`: the dashboard (its content alone with `?partial=1`).
pub async fn show_dashboard(
    State(state): State<AppState>,
    Extension(who): Extension<SignedIn>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
    Query(query): Query<DashboardQuery>,
) -> Response {
    let lang = who.lang();
    let tr = Tr(lang);
    let survey = match load_survey(&state, &member, &survey_id, lang).await {
        Ok(s) => s,
        Err(page) => return page,
    };
    let zone = member.workspace.time_zone;
    let today = zone.day_of(state.app.now());
    let empty_to_none =
        |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
    // A date that cannot be read is said so on the page, and the default period applies.
    let mut unreadable = false;
    let from_day =
        Some(day_filter(&query.from, &mut unreadable).unwrap_or(today - DEFAULT_DAYS + 1));
    let to_day = day_filter(&query.to, &mut unreadable);
    let filter_error = unreadable.then(|| tr.bad_filter_date());
    let granularity = query
        .by
        .as_deref()
        .and_then(Granularity::parse)
        .unwrap_or(Granularity::Week);
    let metrics_query = MetricsQuery {
        from_day,
        to_day,
        channel: empty_to_none(&query.channel),
        language: empty_to_none(&query.language),
        group_by: Some(granularity),
    };
    let (report, (by_channel, by_language)) = match tokio::try_join!(
        state.app.survey_metrics(&survey, &metrics_query),
        state
            .app
            .survey_channel_language_breakdowns(&survey, &metrics_query),
    ) {
        Ok(all) => all,
        Err(e) => return app_error_screen(&state, lang, e),
    };
    let rtl = lang.dir() == "rtl";
    let digits = |s: &str| localize_digits(s, lang.code());
    let questions: BTreeMap<&str, &Question> = survey
        .definition
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    let label = |id: &str| {
        questions
            .get(id)
            .map(|q| question_label(q, &survey, lang.code()))
            .unwrap_or_default()
    };
    let tiles: Vec<Tile> = report
        .questions
        .iter()
        .filter(|q| {
            questions
                .get(q.question_id.as_str())
                .is_some_and(|q| is_score(q))
        })
        .filter_map(|q| tile(tr, lang, label(&q.question_id), q))
        .collect();
    let primary = report.questions.iter().find(|q| {
        questions
            .get(q.question_id.as_str())
            .is_some_and(|q| is_score(q))
    });
    let distribution = primary.and_then(|q| {
        let question = questions.get(q.question_id.as_str())?;
        let title = format!("{} — {}", tr.distribution(), label(&q.question_id));
        distribution(question, q, &title, lang).map(|svg| (title, svg))
    });
    let trend = primary.and_then(|primary| {
        let series = report.series.as_ref()?;
        let mut range = (0.0, 100.0);
        let points: Vec<Point> = series
            .iter()
            .map(|period| {
                let figure = period
                    .questions
                    .iter()
                    .find(|q| q.question_id == primary.question_id)
                    .and_then(|q| q.figure.as_ref());
                let head = figure.and_then(headline);
                if let Some((_, _, _, r)) = head {
                    range = r;
                }
                Point {
                    label: period.period_start.clone(),
                    value: head.map(|h| h.1),
                    interval: head.and_then(|h| h.2),
                }
            })
            .collect();
        if points.iter().all(|p| p.value.is_none()) {
            return None;
        }
        let title = format!("{} — {}", tr.trend(), label(&primary.question_id));
        Some((
            title.clone(),
            charts::trend(&points, range, &title, rtl, digits),
        ))
    });
    let breakdown = |title: String,
                     segments: Vec<opencx_app::metrics::SegmentMetrics>,
                     name: &dyn Fn(&str) -> String| {
        let rows = primary
            .map(|primary| {
                segments
                    .iter()
                    .filter_map(|segment| {
                        let q = segment
                            .questions
                            .iter()
                            .find(|q| q.question_id == primary.question_id)?;
                        let question = questions.get(q.question_id.as_str())?;
                        let (value, bar_svg) =
                            match q.figure.as_ref().and_then(|f| headline(f).map(|h| (f, h))) {
                                Some((figure, (_, v, interval, range))) => {
                                    let margin = interval
                                        .map(|(lo, hi)| format!(" ± {:.1}", (hi - lo) / 2.0))
                                        .unwrap_or_default();
                                    let fill = match &question.kind {
                                        QuestionKind::Nps { .. } if v < 0.0 => Fill::Low,
                                        QuestionKind::Nps { .. } => Fill::High,
                                        _ => Fill::Plain,
                                    };
                                    (
                                        digits(&format!("{}{margin}", show(figure, v))),
                                        bar(v, range, fill, rtl),
                                    )
                                }
                                None => (tr.too_few().to_owned(), String::new()),
                            };
                        Some(SegmentRow {
                            segment: name(&segment.segment),
                            value,
                            n: digits(&q.answered.to_string()),
                            bar: bar_svg,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Breakdown { title, rows }
    };
    let channels: Vec<String> = by_channel.iter().map(|s| s.segment.clone()).collect();
    let channel_name = |c: &str| c.to_owned();
    let language_name =
        |l: &str| wording::language_name(l).map_or_else(|| l.to_owned(), str::to_owned);
    let mut breakdowns = vec![
        breakdown(tr.by_channel().to_owned(), by_channel, &channel_name),
        breakdown(tr.by_language().to_owned(), by_language, &language_name),
    ];
    let params = match state
        .app
        .store
        .dimension_keys(survey.row.id, PARAMETERS_OFFERED)
        .await
    {
        Ok(keys) => keys,
        Err(e) => return app_error_screen(&state, lang, e.into()),
    };
    // A chosen parameter the responses do not carry is ignored, like an unknown channel.
    let param = query
        .param
        .as_deref()
        .filter(|p| params.iter().any(|k| k == p))
        .map(str::to_owned);
    let shown: Vec<&String> = match &param {
        Some(chosen) => params.iter().filter(|k| *k == chosen).collect(),
        None => params.iter().take(PARAMETERS_SHOWN).collect(),
    };
    if let Some(primary) = primary {
        for key in shown {
            let segments = state
                .app
                .survey_parameter_breakdown(
                    &survey,
                    &metrics_query,
                    key,
                    &primary.question_id,
                    VALUES_SHOWN,
                )
                .await;
            match segments {
                Ok(segments) => {
                    breakdowns.push(breakdown(tr.by_parameter(key), segments, &channel_name))
                }
                Err(e) => return app_error_screen(&state, lang, e),
            }
        }
    }
    let texts = if member.role.can(Permission::ViewResponses) {
        let ids: Vec<String> = survey
            .definition
            .questions
            .iter()
            .filter(|q| {
                matches!(
                    q.kind,
                    QuestionKind::ShortText { .. } | QuestionKind::LongText { .. }
                )
            })
            .map(|q| q.id.clone())
            .collect();
        match state
            .app
            .store
            .newest_texts(
                &opencx_store::ResponseFilter {
                    workspace_id: member.workspace.id,
                    survey_id: survey.row.id,
                    from_ms: from_day.map(|d| zone.day_start(d)),
                    to_ms: to_day.map(|d| zone.day_start(d + 1)),
                    channel: metrics_query.channel.clone(),
                    language: metrics_query.language.clone(),
                    ..Default::default()
                },
                &ids,
                NEWEST_TEXTS,
            )
            .await
        {
            Ok(rows) => {
                let ids: Vec<i64> = rows.iter().map(|(id, ..)| *id).collect();
                let analyses = match state
                    .app
                    .store
                    .text_analyses_of_responses(survey.row.id, &ids)
                    .await
                {
                    Ok(a) => a,
                    Err(e) => return app_error_screen(&state, lang, e.into()),
                };
                Some(
                    rows.into_iter()
                        .map(|(id, at, language, question, text)| TextAnswer {
                            sentiment: analyses
                                .iter()
                                .find(|a| a.response_id == id && a.question_id == question)
                                .map(|a| {
                                    (
                                        tr.sentiment_name(&a.sentiment),
                                        format!("sentiment-{}", a.sentiment),
                                    )
                                }),
                            href: format!(
                                "/w/{}/surveys/{}/responses/{id}",
                                member.workspace.slug, survey.row.id
                            ),
                            question: label(&question),
                            text,
                            lang: language,
                            date: date(at, zone, lang),
                        })
                        .collect(),
                )
            }
            Err(e) => return app_error_screen(&state, lang, e.into()),
        }
    } else {
        None
    };
    let live = Live {
        tr,
        empty: report.responses.completed == 0,
        tiles,
        started: digits(&report.responses.started.to_string()),
        completed: digits(&report.responses.completed.to_string()),
        completion: report
            .responses
            .completion_rate
            .map(|r| digits(&format!("{:.0}%", r * 100.0)))
            .unwrap_or_else(|| "—".into()),
        distribution,
        trend,
        breakdowns,
        texts,
    };
    let base = format!("/w/{}/surveys/{}", member.workspace.slug, survey.row.id);
    let title = survey_title(&survey, lang);
    let page = DashboardPage {
        c: Chrome::signed_in(&state, &who, Some(&member), "surveys", &title).await,
        status_label: tr.status_name(&survey.row.status),
        status: survey.row.status.clone(),
        share_url: format!("/s/{}", survey.row.slug),
        edit_url: member
            .role
            .can(Permission::EditSurveys)
            .then(|| format!("{base}/edit")),
        responses_url: member
            .role
            .can(Permission::ViewResponses)
            .then(|| format!("{base}/responses")),
        themes_url: format!("{base}/themes"),
        events_url: format!("{base}/events"),
        script: state.assets.dashboard_js.url.clone(),
        filter_error,
        title,
        live,
        from: from_day.map(|d| date_of(d).to_string()).unwrap_or_default(),
        to: to_day.map(|d| date_of(d).to_string()).unwrap_or_default(),
        channel: metrics_query.channel.clone().unwrap_or_default(),
        language: metrics_query.language.clone().unwrap_or_default(),
        by: match granularity {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        },
        param: param.unwrap_or_default(),
        params,
        channels,
        languages: survey
            .definition
            .languages
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    wording::language_name(l).map_or_else(|| l.clone(), str::to_owned),
                )
            })
            .collect(),
    };
    render(StatusCode::OK, &page)
}

/// `GET /w/{ws}/surveys/{survey}/events`: a `response` event for each response the survey
/// receives, as Server-Sent Events (the dashboard then fetches its partial and swaps in the live
/// part).
pub async fn survey_events(
    State(state): State<AppState>,
    Extension(member): Extension<Member>,
    Path((_, survey_id)): Path<(String, String)>,
) -> Response {
    let Some(survey_id) = parse_id(&survey_id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if state
        .app
        .get_survey(member.workspace.id, survey_id)
        .await
        .is_err()
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let receiver = state.app.ingest.subscribe();
    // A stream ends after a while (the browser reconnects, and the session and membership are
    // checked again), and at once when the server shuts down, which waits for open connections.
    let mut shutdown = state.shutdown.clone();
    let end = async move {
        let stopping = async {
            match shutdown.as_mut() {
                Some(rx) => {
                    let _ = rx.wait_for(|stopping| *stopping).await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = stopping => {}
            () = tokio::time::sleep(STREAM_LIFETIME) => {}
        }
    };
    // Viewers learn that something arrived, not which response it was.
    let reveal_ids = member.role.can(Permission::ViewResponses);
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) if event.survey_id == survey_id => {
                    let data = if reveal_ids {
                        event.response_id.to_string()
                    } else {
                        "new".to_owned()
                    };
                    let sse = Event::default().event("response").data(data);
                    return Some((Ok::<Event, Infallible>(sse), receiver));
                }
                Ok(_) => continue,
                // Missed events (a burst): one refresh covers them all.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    return Some((
                        Ok(Event::default().event("response").data("lagged")),
                        receiver,
                    ));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = futures_util::StreamExt::take_until(stream, Box::pin(end));
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
