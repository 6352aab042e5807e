//! SVG drawings made on the server: bars of counts by day, attention over time (counts and
//! shares), sparklines of trends, spans of time, and an entity's network. Labels are text nodes, escaped like any other text. Every SVG element is
//! written with a closing tag: in HTML, `<rect>` without one would swallow its siblings.

use maud::{Markup, html};
use newsgraph_engine::Timeline;

/// Width and height of the drawing area, in SVG units.
const W: f64 = 640.0;
const H: f64 = 160.0;

/// A bar chart of `(day, count)` over the days from the first to the last, gaps included.
pub fn bars_by_day(counts: &[(String, u64)], label: &str) -> Markup {
    let parsed: Vec<(chrono::NaiveDate, u64)> = counts
        .iter()
        .filter_map(|(d, n)| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok().map(|d| (d, *n)))
        .collect();
    let (Some(first), Some(last)) = (parsed.iter().map(|p| p.0).min(), parsed.iter().map(|p| p.0).max()) else {
        return html! { p.none { "No dated mentions." } };
    };
    let days = ((last - first).num_days() + 1) as f64;
    let max = parsed.iter().map(|p| p.1).max().unwrap_or(1).max(1) as f64;
    let (left, bottom) = (36.0, 22.0);
    let slot = (W - left) / days;
    html! {
        svg.chart viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(label) xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            line x1=(left) y1=(H - bottom) x2=(W) y2=(H - bottom) stroke="#8892a0" {}
            text x="0" y="12" font-size="11" fill="#5b6474" { (max as u64) }
            text x=(left) y=(H - 6.0) font-size="11" fill="#5b6474" { (first) }
            @if last != first {
                text x=(W) y=(H - 6.0) font-size="11" fill="#5b6474" text-anchor="end" { (last) }
            }
            @for (day, n) in &parsed {
                @let x = left + (*day - first).num_days() as f64 * slot;
                @let h = (*n as f64 / max) * (H - bottom - 16.0);
                rect x=(fmt(x + slot * 0.1)) y=(fmt(H - bottom - h)) width=(fmt((slot * 0.8).max(1.0))) height=(fmt(h)) fill="#2563eb" {
                    title { (day) ": " (n) }
                }
            }
        }
    }
}

/// Attention over time: a bar per period for the articles matched, and a line for their share
/// of all articles of the period (on its own scale, right), so that a busy day's count and a
/// thin day's share can both be read. Articles in no period are said under the drawing.
pub fn attention(t: &Timeline, label: &str) -> Markup {
    let notes = html! {
        @if t.undated > 0 || t.day_only > 0 {
            p.note {
                @if t.undated > 0 { (t.undated) " without a publication date. " }
                @if t.day_only > 0 { (t.day_only) " dated to the day only, with no hour." }
            }
        }
    };
    let (Some(first), Some(last)) = (t.periods.first(), t.periods.last()) else {
        return html! { p.none { "No dated articles." } (notes) };
    };
    let n = t.periods.len() as f64;
    let max = t.periods.iter().map(|p| p.count).max().unwrap_or(1).max(1) as f64;
    let top_share = t.periods.iter().map(|p| p.share).fold(0.0, f64::max);
    let (left, right, bottom, top) = (36.0, 44.0, 22.0, 16.0);
    let slot = (W - left - right) / n;
    let height = H - bottom - top;
    let x = |i: usize| left + i as f64 * slot;
    let share_y = |s: f64| H - bottom - if top_share > 0.0 { s / top_share * height } else { 0.0 };
    let line: Vec<String> = t
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", fmt(x(i) + slot / 2.0), fmt(share_y(p.share))))
        .collect();
    html! {
        svg.chart.attention viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(label) xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            line x1=(left) y1=(H - bottom) x2=(W - right) y2=(H - bottom) stroke="#8892a0" {}
            text x="0" y="12" font-size="11" fill="#2563eb" { (max as u64) }
            text x=(W) y="12" font-size="11" fill="#dc2626" text-anchor="end" { (format!("{:.0}%", top_share * 100.0)) }
            text x=(left) y=(H - 6.0) font-size="11" fill="#5b6474" { (first.start) }
            @if t.periods.len() > 1 {
                text x=(W - right) y=(H - 6.0) font-size="11" fill="#5b6474" text-anchor="end" { (last.start) }
            }
            @for (i, p) in t.periods.iter().enumerate().filter(|(_, p)| p.count > 0) {
                @let h = p.count as f64 / max * height;
                rect x=(fmt(x(i) + slot * 0.1)) y=(fmt(H - bottom - h)) width=(fmt((slot * 0.8).max(1.0))) height=(fmt(h)) fill="#2563eb" {
                    title { (p.start) ": " (p.count) " of " (p.all) " articles (" (format!("{:.1}%", p.share * 100.0)) ")" }
                }
            }
            polyline points=(line.join(" ")) fill="none" stroke="#dc2626" stroke-width="1.5" {}
        }
        p.legend { span.count { "articles" } " " span.share { "share of all articles" } }
        (notes)
    }
}

/// A sparkline: a small line of counts, oldest first, the last point (the window) marked;
/// `label` says what it counts (its title, read by screen readers and on hover).
pub fn sparkline(points: &[u64], label: &str) -> Markup {
    let (w, h) = (120.0, 24.0);
    let top = points.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if points.len() > 1 { w / (points.len() - 1) as f64 } else { 0.0 };
    let y = |n: u64| h - 2.0 - n as f64 / top * (h - 4.0);
    let line: Vec<String> =
        points.iter().enumerate().map(|(i, &n)| format!("{},{}", fmt(i as f64 * step), fmt(y(n)))).collect();
    html! {
        svg.sparkline viewBox={ "0 0 " (w) " " (h) } width=(w) height=(h) role="img" aria-label=(label) xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            polyline points=(line.join(" ")) fill="none" stroke="#2563eb" stroke-width="1.5" {}
            @if let Some(&last) = points.last() {
                circle cx=(fmt((points.len() - 1) as f64 * step)) cy=(fmt(y(last))) r="2.5" fill="#dc2626" {}
            }
        }
    }
}

/// One row per labelled span of days (roles over time), on a shared axis.
pub fn spans(rows: &[(String, Option<String>, Option<String>)], label: &str) -> Markup {
    let date = |d: &Option<String>| {
        d.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
    };
    let dated: Vec<(&str, chrono::NaiveDate, chrono::NaiveDate)> = rows
        .iter()
        .filter_map(|(t, a, b)| {
            let a = date(a)?;
            Some((t.as_str(), a, date(b).unwrap_or(a)))
        })
        .collect();
    let (Some(first), Some(last)) = (dated.iter().map(|r| r.1).min(), dated.iter().map(|r| r.2).max()) else {
        return html! {};
    };
    let days = ((last - first).num_days() + 1) as f64;
    let (left, row) = (220.0, 22.0);
    let height = row * dated.len() as f64 + 20.0;
    let x = |d: chrono::NaiveDate| left + (d - first).num_days() as f64 / days * (W - left);
    html! {
        svg.chart viewBox={ "0 0 " (W) " " (fmt(height)) } role="img" aria-label=(label) xmlns="http://www.w3.org/2000/svg" {
            title { (label) }
            @for (i, (title, a, b)) in dated.iter().enumerate() {
                @let y = i as f64 * row + 4.0;
                text x="0" y=(fmt(y + 13.0)) font-size="12" fill="#1d2330" { (title) }
                rect x=(fmt(x(*a))) y=(fmt(y)) width=(fmt((x(*b) - x(*a)).max(4.0))) height="16" rx="3" fill="#16a34a" {
                    title { (title) ": " (a) " – " (b) }
                }
            }
            text x=(left) y=(fmt(height - 2.0)) font-size="11" fill="#5b6474" { (first) }
            text x=(W) y=(fmt(height - 2.0)) font-size="11" fill="#5b6474" text-anchor="end" { (last) }
        }
    }
}

/// A neighbour in a network drawing.
pub struct Neighbour<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub relation: &'a str,
    pub weight: u64,
}

/// The entity in the middle, its neighbours on a circle, ties as lines as thick as they
/// are heavy and coloured by relation; each neighbour links to its page.
pub fn network(center: &str, neighbours: &[Neighbour<'_>]) -> Markup {
    let (w, h) = (W, 420.0);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 160.0);
    let max = neighbours.iter().map(|n| n.weight).max().unwrap_or(1).max(1) as f64;
    let n = neighbours.len().max(1) as f64;
    let colour = |rel: &str| match rel {
        "met" => "#dc2626",
        "quoted_with" => "#9333ea",
        _ => "#94a3b8",
    };
    let pos = |i: usize| {
        let a = i as f64 / n * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    html! {
        svg.network viewBox={ "0 0 " (w) " " (h) } role="img" aria-label={ "Network of " (center) } xmlns="http://www.w3.org/2000/svg" {
            title { "Network of " (center) }
            @for (i, nb) in neighbours.iter().enumerate() {
                @let (x, y) = pos(i);
                line x1=(fmt(cx)) y1=(fmt(cy)) x2=(fmt(x)) y2=(fmt(y)) stroke=(colour(nb.relation))
                    stroke-width=(fmt(1.0 + 5.0 * nb.weight as f64 / max)) stroke-opacity="0.7" {
                    title { (center) " – " (nb.name) ": " (nb.relation) " ×" (nb.weight) }
                }
            }
            circle cx=(fmt(cx)) cy=(fmt(cy)) r="9" fill="#1d2330" {}
            text x=(fmt(cx)) y=(fmt(cy - 14.0)) font-size="13" font-weight="bold" text-anchor="middle" { (center) }
            @for (i, nb) in neighbours.iter().enumerate() {
                @let (x, y) = pos(i);
                a href={ "/entities/" (nb.id) } {
                    circle cx=(fmt(x)) cy=(fmt(y)) r="6" fill=(colour(nb.relation)) {}
                    text x=(fmt(x)) y=(fmt(if y < cy { y - 10.0 } else { y + 18.0 })) font-size="11" text-anchor="middle" { (nb.name) }
                }
            }
        }
    }
}

/// Two decimals are plenty for a drawing.
fn fmt(v: f64) -> String {
    format!("{v:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_cover_the_days_and_escape_labels() {
        let svg = bars_by_day(&[("2026-03-01".into(), 2), ("2026-03-04".into(), 4)], "<b>").into_string();
        assert_eq!(svg.matches("<rect").count(), 2);
        assert_eq!(svg.matches("<rect").count(), svg.matches("</rect>").count());
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("2026-03-01") && svg.contains("2026-03-04"));
    }

    #[test]
    fn attention_draws_counts_and_shares_and_says_what_is_in_no_period() {
        use newsgraph_engine::{Interval, Period};
        let period = |start: &str, count, all| Period {
            start: start.into(),
            count,
            all,
            share: if all == 0 { 0.0 } else { count as f64 / all as f64 },
        };
        let t = Timeline {
            by: Interval::Day,
            total: 4,
            undated: 1,
            day_only: 0,
            periods: vec![period("2026-03-10", 2, 4), period("2026-03-11", 0, 0), period("2026-03-12", 1, 1)],
        };
        let svg = attention(&t, "<i>ferry</i>").into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "no bar for an empty day");
        assert_eq!(svg.matches("<rect").count(), svg.matches("</rect>").count());
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("2 of 4 articles (50.0%)") && svg.contains("100%"));
        assert!(svg.contains("&lt;i&gt;ferry") && !svg.contains("<i>"));
        assert!(svg.contains("1 without a publication date"));
        let empty = Timeline { periods: Vec::new(), ..t };
        assert!(attention(&empty, "x").into_string().contains("No dated articles"));
    }

    #[test]
    fn network_links_each_neighbour() {
        let nbs = [
            Neighbour { id: "P1", name: "A <x>", relation: "met", weight: 3 },
            Neighbour { id: "O2", name: "B", relation: "cooccurs", weight: 1 },
        ];
        let svg = network("C", &nbs).into_string();
        assert!(svg.contains(r#"href="/entities/P1""#) && svg.contains(r#"href="/entities/O2""#));
        assert!(svg.contains("A &lt;x&gt;"));
        assert_eq!(svg.matches("<line").count(), 2);
    }
}
