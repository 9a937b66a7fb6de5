//! Charts as SVG, drawn on the server: they work without JavaScript, in exports and in emails.
//!
//! Every chart is readable without colour: bars carry their value as text, and the three NPS
//! groups differ by fill pattern (hatched, dotted, solid) as well as by colour. In right-to-left
//! pages the horizontal axis is mirrored, so time and scores run in the reading direction.
//! Text inside the SVG is escaped here (labels can come from survey definitions).

use std::fmt::Write;

/// Escapes text for SVG/XML content and attribute values, leaving out bidirectional overrides
/// as the templates do ([`crate::escape`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if crate::escape::is_bidi_override(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How a bar is filled: the group it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// NPS detractors, difficult effort, dissatisfied: hatched red.
    Low,
    /// NPS passives, neutral: dotted amber.
    Middle,
    /// NPS promoters, easy, satisfied: solid green.
    High,
    /// Anything without a judgement (choices): solid blue.
    Plain,
}

impl Fill {
    fn paint(self) -> &'static str {
        match self {
            Fill::Low => "url(#p-low)",
            Fill::Middle => "url(#p-mid)",
            Fill::High => "#1f7a4d",
            Fill::Plain => "#2648c4",
        }
    }
}

/// The pattern definitions the fills refer to, in a hidden SVG of their own that every admin
/// page carries once (`admin/base.html`): ids are the whole document's, so a copy in each chart
/// would repeat them (invalid HTML, and a chart refreshed in place would refer to whichever copy
/// came first). Not `display: none`, which keeps some browsers from painting the patterns.
pub fn pattern_definitions() -> &'static str {
    concat!(
        "<svg class=\"patterns\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">",
        "<defs>",
        "<pattern id=\"p-low\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">",
        "<rect width=\"6\" height=\"6\" fill=\"#f6d5d2\"/><rect width=\"3\" height=\"6\" fill=\"#b3261e\"/></pattern>",
        "<pattern id=\"p-mid\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">",
        "<rect width=\"6\" height=\"6\" fill=\"#f3e3bf\"/><circle cx=\"3\" cy=\"3\" r=\"1.6\" fill=\"#8a5a00\"/></pattern>",
        "</defs></svg>"
    )
}

/// One column of a distribution.
#[derive(Debug, Clone)]
pub struct Column {
    /// Under the column (a score, an option).
    pub label: String,
    pub count: u64,
    /// Share of all answers, 0–1 (written above the column).
    pub share: f64,
    pub fill: Fill,
}

/// Vertical columns with their share written above and their label below.
pub fn columns(
    columns: &[Column],
    title: &str,
    rtl: bool,
    digits: impl Fn(&str) -> String,
) -> String {
    let n = columns.len().max(1) as f64;
    let (width, height, top, bottom) = (560.0, 190.0, 22.0, 24.0);
    let slot = width / n;
    let bar = (slot * 0.72).min(44.0);
    let max = columns
        .iter()
        .map(|c| c.share)
        .fold(0.0_f64, f64::max)
        .max(0.0001);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" direction=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title),
    );
    for (i, c) in columns.iter().enumerate() {
        let position = if rtl { columns.len() - 1 - i } else { i } as f64;
        let x = position * slot + (slot - bar) / 2.0;
        let h = (height - top - bottom) * c.share / max;
        let y = height - bottom - h;
        let percent = digits(&format!("{:.0}%", c.share * 100.0));
        let _ = write!(
            svg,
            "<g><title>{label}: {count} ({percent})</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"{fill}\" stroke=\"#1c2230\" stroke-opacity=\".25\"/>\
             <text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" class=\"v\">{percent}</text>\
             <text x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" class=\"l\">{label}</text></g>",
            label = escape(&c.label),
            count = digits(&c.count.to_string()),
            fill = c.fill.paint(),
            cx = x + bar / 2.0,
            ty = (y - 6.0).max(12.0),
            ly = height - 7.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One period of a trend.
#[derive(Debug, Clone)]
pub struct Point {
    pub label: String,
    /// The value, absent when withheld (too few answers) or empty.
    pub value: Option<f64>,
    /// Its 95% interval.
    pub interval: Option<(f64, f64)>,
}

/// A line with its 95% band over periods; gaps where a period has no value.
pub fn trend(
    points: &[Point],
    range: (f64, f64),
    title: &str,
    rtl: bool,
    digits: impl Fn(&str) -> String,
) -> String {
    // The value axis sits on the side the reading starts from.
    let (width, height, top, bottom) = (560.0, 200.0, 12.0, 26.0);
    let (left, right) = if rtl { (12.0, 40.0) } else { (40.0, 12.0) };
    let (low, high) = range;
    let span = (high - low).max(0.0001);
    let n = points.len().max(2) as f64 - 1.0;
    let plot_w = width - left - right;
    let x_of = |i: usize| {
        let t = i as f64 / n;
        let t = if rtl { 1.0 - t } else { t };
        left + t * plot_w
    };
    let y_of = |v: f64| top + (height - top - bottom) * (1.0 - ((v - low) / span).clamp(0.0, 1.0));
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" direction=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title)
    );
    // Grid: the range's ends and middle, labelled.
    for v in [low, (low + high) / 2.0, high] {
        let y = y_of(v);
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"grid\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"{}\" class=\"l\">{}</text>",
            width - right,
            if rtl { width - right + 6.0 } else { left - 6.0 },
            y + 4.0,
            if rtl { "start" } else { "end" },
            digits(&format!("{v:.0}"))
        );
    }
    // The band and the line, split into runs of consecutive values.
    let mut runs: Vec<Vec<(usize, &Point)>> = vec![Vec::new()];
    for (i, p) in points.iter().enumerate() {
        if p.value.is_some() {
            if let Some(run) = runs.last_mut() {
                run.push((i, p));
            }
        } else if runs.last().is_some_and(|r| !r.is_empty()) {
            runs.push(Vec::new());
        }
    }
    for run in runs.iter().filter(|r| !r.is_empty()) {
        let band: Vec<String> = run
            .iter()
            .filter_map(|(i, p)| {
                p.interval
                    .map(|(_, hi)| format!("{:.1},{:.1}", x_of(*i), y_of(hi)))
            })
            .chain(run.iter().rev().filter_map(|(i, p)| {
                p.interval
                    .map(|(lo, _)| format!("{:.1},{:.1}", x_of(*i), y_of(lo)))
            }))
            .collect();
        if band.len() >= 4 {
            let _ = write!(
                svg,
                "<polygon points=\"{}\" class=\"band\"/>",
                band.join(" ")
            );
        }
        let line: Vec<String> = run
            .iter()
            .filter_map(|(i, p)| p.value.map(|v| format!("{:.1},{:.1}", x_of(*i), y_of(v))))
            .collect();
        if line.len() >= 2 {
            let _ = write!(
                svg,
                "<polyline points=\"{}\" class=\"line\"/>",
                line.join(" ")
            );
        }
    }
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.value {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" class=\"dot\"><title>{}: {}</title></circle>",
                x_of(i),
                y_of(v),
                escape(&p.label),
                digits(&format!("{v:.1}"))
            );
        }
    }
    // Period labels: at most about eight, evenly spaced, always the first and last.
    let every = points.len().div_ceil(8).max(1);
    for (i, p) in points.iter().enumerate() {
        let last = i + 1 == points.len();
        // Skip a regular label that would crowd the last one.
        if (i % every == 0 && i + every / 2 + 1 < points.len()) || last {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"l\">{}</text>",
                x_of(i),
                height - 8.0,
                escape(&digits(&p.label))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A small horizontal bar of a sentiment split (negative hatched, neutral dotted, positive
/// solid), in reading direction; the counts are written beside it by the page.
pub fn sentiment_split(split: [i64; 3], rtl: bool) -> String {
    let total = split.iter().sum::<i64>().max(1) as f64;
    let width = 120.0;
    let mut svg = String::from(
        "<svg class=\"bar\" viewBox=\"0 0 120 10\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"10\" rx=\"2\" fill=\"#e8ebf1\"/>"
    );
    let mut at = 0.0;
    for (count, fill) in split.iter().zip([Fill::Low, Fill::Middle, Fill::High]) {
        let w = width * *count as f64 / total;
        if w > 0.0 {
            let x = if rtl { width - at - w } else { at };
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"10\" fill=\"{}\"/>",
                fill.paint()
            );
        }
        at += w;
    }
    svg.push_str("</svg>");
    svg
}

/// A diverging bar for an impact in points (−100 … 100 around a middle zero line), with its
/// margin as a whisker: red hatched below zero, green above.
pub fn impact_bar(difference: f64, margin: f64, rtl: bool) -> String {
    let (width, middle) = (120.0, 60.0);
    let scale = |v: f64| (v.clamp(-100.0, 100.0) / 100.0) * middle;
    let sign = if rtl { -1.0 } else { 1.0 };
    let end = middle + sign * scale(difference);
    let (x, w) = if end < middle {
        (end, middle - end)
    } else {
        (middle, end - middle)
    };
    let fill = if difference < 0.0 {
        Fill::Low
    } else {
        Fill::High
    };
    let lo = middle + sign * scale(difference - margin);
    let hi = middle + sign * scale(difference + margin);
    let mut svg = String::from(
        "<svg class=\"bar\" viewBox=\"0 0 120 10\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"10\" rx=\"2\" fill=\"#e8ebf1\"/>\
         <rect x=\"{x:.1}\" y=\"1\" width=\"{w:.1}\" height=\"8\" fill=\"{}\"/>\
         <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"5\" y2=\"5\" stroke=\"#1d2433\" stroke-width=\"1\"/>\
         <line x1=\"{middle}\" x2=\"{middle}\" y1=\"0\" y2=\"10\" stroke=\"#1d2433\" stroke-width=\"1\"/></svg>",
        fill.paint(),
        lo.min(hi),
        lo.max(hi),
    );
    svg
}

/// A sparkline of weekly values (shares 0–1), oldest first, drawn in reading direction; the
/// last value is marked. Negative shares, if given, are drawn as a second, dashed line.
pub fn sparkline(values: &[f64], negative: &[f64], title: &str, rtl: bool) -> String {
    let (width, height) = (120.0, 28.0);
    let high = values
        .iter()
        .chain(negative)
        .copied()
        .fold(0.0f64, f64::max)
        .max(0.01);
    let n = values.len().max(2) as f64 - 1.0;
    let x_of = |i: usize| {
        let t = i as f64 / n;
        2.0 + (if rtl { 1.0 - t } else { t }) * (width - 4.0)
    };
    let y_of = |v: f64| height - 2.0 - (v / high) * (height - 4.0);
    let line = |values: &[f64]| {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"spark\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title)
    );
    if values.len() >= 2 {
        let _ = write!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#2648c4\" stroke-width=\"1.5\"/>",
            line(values)
        );
        if negative.len() == values.len() {
            let _ = write!(
                svg,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#b3261e\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"/>",
                line(negative)
            );
        }
    }
    if let Some(last) = values.last() {
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#2648c4\"/>",
            x_of(values.len() - 1),
            y_of(*last)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_rtl_mirrors() {
        let cols = [
            Column {
                label: "<b>".into(),
                count: 1,
                share: 0.25,
                fill: Fill::Low,
            },
            Column {
                label: "b".into(),
                count: 3,
                share: 0.75,
                fill: Fill::High,
            },
        ];
        let svg = columns(&cols, "t\"", false, str::to_owned);
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("aria-label=\"t&quot;\""));
        let first_x = |svg: &str| {
            svg.split("<rect x=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse::<f64>()
                .unwrap()
        };
        assert!(first_x(&columns(&cols, "t", true, str::to_owned)) > first_x(&svg));
    }

    #[test]
    fn trend_leaves_gaps() {
        let points = [
            Point {
                label: "a".into(),
                value: Some(10.0),
                interval: Some((0.0, 20.0)),
            },
            Point {
                label: "b".into(),
                value: None,
                interval: None,
            },
            Point {
                label: "c".into(),
                value: Some(30.0),
                interval: Some((20.0, 40.0)),
            },
            Point {
                label: "d".into(),
                value: Some(40.0),
                interval: Some((30.0, 50.0)),
            },
        ];
        let svg = trend(&points, (-100.0, 100.0), "NPS", false, str::to_owned);
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "a lone point makes no line"
        );
        assert_eq!(svg.matches("<circle").count(), 3);
    }
}
