//! SVG drawings made on the server: bars of counts by day, spans of time, and an entity's
//! network. Labels are text nodes, escaped like any other text. Every SVG element is
//! written with a closing tag: in HTML, `<rect>` without one would swallow its siblings.

use maud::{Markup, html};

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
