//! Maps: places drawn on the world's outline (Natural Earth 1:110m, `assets/world.path`,
//! built by `models/maps/world.py`) in an equirectangular projection. Server-rendered SVG:
//! the outline is one cached image (`/static/world.svg`), the places circles over it, each
//! with its name as a tooltip and a link to its page when it has one; no tiles, no script.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

/// One place to draw.
pub struct Pin {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    /// How many mentions: the circle's area grows with it.
    pub weight: usize,
    pub href: Option<String>,
}

/// Pins for places counted across articles, each linking to its page.
pub fn pins(places: &[newsgraph_engine::PlaceCount]) -> Vec<Pin> {
    places
        .iter()
        .map(|p| {
            let mut label = p.name.clone();
            if let Some(d) = &p.division {
                label = format!("{label}, {d}");
            }
            if let Some(c) = &p.country {
                label = format!("{label} ({c})");
            }
            Pin {
                label: format!("{label}: {} mentions", p.mentions),
                lat: p.lat,
                lon: p.lon,
                weight: p.mentions.max(1) as usize,
                href: Some(format!("/places/{}", p.geonameid)),
            }
        })
        .collect()
}

/// The projection's width and height: half-degree units.
const W: f64 = 720.0;
const H: f64 = 360.0;

fn x(lon: f64) -> f64 {
    ((lon + 180.0) * 2.0).clamp(0.0, W)
}

fn y(lat: f64) -> f64 {
    ((90.0 - lat) * 2.0).clamp(0.0, H)
}

/// The world with `pins`, framed on them: the box around the pins with a margin, widened to
/// the map's proportions, never smaller than 40 degrees across. Nothing when there are no
/// pins.
pub fn map(pins: &[Pin], label: &str) -> Markup {
    if pins.is_empty() {
        return html! {};
    }
    let (mut x0, mut x1, mut y0, mut y1) = (W, 0.0f64, H, 0.0f64);
    for p in pins {
        x0 = x0.min(x(p.lon));
        x1 = x1.max(x(p.lon));
        y0 = y0.min(y(p.lat));
        y1 = y1.max(y(p.lat));
    }
    let width = ((x1 - x0) * 1.3 + 20.0).max(80.0).min(W);
    let height = (width / 2.0).max((y1 - y0) * 1.3 + 20.0).min(H);
    let width = width.max(height * 2.0).min(W);
    let left = ((x0 + x1 - width) / 2.0).clamp(0.0, W - width);
    let top = ((y0 + y1 - height) / 2.0).clamp(0.0, H - height);
    let scale = width / W;
    let most = pins.iter().map(|p| p.weight).max().unwrap_or(1).max(1) as f64;
    html! {
        figure.map {
            svg.map viewBox={ (fmt(left)) " " (fmt(top)) " " (fmt(width)) " " (fmt(height)) } role="img"
                aria-label=(label) xmlns="http://www.w3.org/2000/svg" {
                image href="/static/world.svg" x="0" y="0" width=(W) height=(H) {}
                @for p in pins {
                    @let r = fmt(scale * (3.0 + 5.0 * (p.weight as f64 / most).sqrt()));
                    @let dot = html! { circle.pin cx=(fmt(x(p.lon))) cy=(fmt(y(p.lat))) r=(r) { title { (p.label) } } };
                    @if let Some(href) = &p.href { a href=(href) { (dot) } } @else { (dot) }
                }
            }
            figcaption { (label) }
        }
    }
}

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

/// `/static/world.svg`: the outline alone, cached.
pub async fn world() -> Response {
    const SVG: &str = concat!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 360"><rect width="720" height="360" fill="#eef4f8"/><path fill="#d9d4c7" stroke="#b5ad9a" stroke-width="0.3" d=""##,
        include_str!("../../assets/world.path"),
        r##""/></svg>"##
    );
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], SVG).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_circles_with_escaped_labels_framed_around_them() {
        let pins = [
            Pin { label: "Paris <b>".into(), lat: 48.85, lon: 2.35, weight: 3, href: Some("/places/2988507".into()) },
            Pin { label: "Lyon".into(), lat: 45.75, lon: 4.85, weight: 1, href: None },
        ];
        let svg = map(&pins, "Places").into_string();
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("Paris &lt;b&gt;"), "{svg}");
        assert!(svg.contains(r#"href="/places/2988507""#));
        // Framed on France, not the world: a view 80 half-degrees wide around x ≈ 365.
        assert!(svg.contains(r#"viewBox="327.2 65.4 80.0 40.0""#), "{svg}");
        assert_eq!(map(&[], "none").into_string(), "");
    }
}
