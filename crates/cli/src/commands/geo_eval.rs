//! Scoring place resolution on the geoparsing sets (`../shared/data/geo`: TR-News, WikToR;
//! JSON Lines `{id, text, toponyms: [{start, end, lat, lon}]}`, code-point offsets). The
//! figures are those of `../shared/tools/geo_score.py`, computed the same way:
//!
//! - a gold toponym is found when a system toponym with coordinates overlaps it; among
//!   several, the longest overlap, then the closest boundaries, then the first;
//! - error: great-circle distance; accuracy within 161 km over all gold toponyms (unfound
//!   count as wrong) and over found ones; mean and median km over found ones;
//! - AUC (Gritta et al. 2018): errors as ln(1 + km), sorted, trapezoidal area over the
//!   worst case ln(20039); over found toponyms, and over all with unfound at the maximum.
//!
//! The system's toponyms are the `places` layer: every place mention the annotator resolved.

use std::io::Write;
use std::path::Path;

use serde::Deserialize;
use serde_json::json;

use newsgraph_annotators::Places;
use newsgraph_document::Document;
use newsgraph_geo::{Weights, distance_km};
use newsgraph_pipeline::{Annotator, Pipeline};

const ACC_KM: f64 = 161.0;
const MAX_KM: f64 = 20038.0;

#[derive(Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    #[serde(default)]
    toponyms: Vec<GoldToponym>,
}

#[derive(Deserialize)]
struct GoldToponym {
    start: usize,
    end: usize,
    lat: f64,
    lon: f64,
}

/// A system toponym in code points.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    lat: f64,
    lon: f64,
}

/// Which documents to score and how to resolve them.
pub struct Options<'a> {
    pub out: Option<&'a Path>,
    pub verbose: bool,
    /// Evidence weights other than the shipped ones.
    pub weights: Weights,
    /// Only documents whose position in the file is `k` modulo `n` (`--fold k/n`).
    pub fold: Option<(usize, usize)>,
}

/// Parses `name=value,…` over the default weights.
pub fn parse_weights(spec: &str) -> Result<Weights, String> {
    let mut w = Weights::default();
    for part in spec.split(',').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').ok_or_else(|| format!("{part}: expected name=value"))?;
        let value: f64 = value.parse().map_err(|_| format!("{part}: not a number"))?;
        let slot = match name {
            "country" => &mut w.country,
            "continent" => &mut w.continent,
            "admin1" => &mut w.admin1,
            "capital" => &mut w.capital,
            "qualifier" => &mut w.qualifier,
            "same_country" => &mut w.same_country,
            "same_division" => &mut w.same_division,
            "dateline" => &mut w.dateline,
            _ => return Err(format!("{name}: no such weight")),
        };
        *slot = value;
    }
    Ok(w)
}

pub fn run(file: &Path, options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let (out, verbose) = (options.out, options.verbose);
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut golds = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let d: GoldDoc =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: not a geo set line: {e}", file.display(), n + 1))?;
        golds.push(d);
    }
    if golds.is_empty() {
        return Err(format!("{}: no documents", file.display()).into());
    }
    if let Some((k, n)) = options.fold {
        golds = golds.into_iter().enumerate().filter(|(i, _)| i % n == k).map(|(_, g)| g).collect();
    }
    let pipeline =
        Pipeline::from_names(&newsgraph_annotators::registry(), &["paragraphs", "tokens", "sentences", "entities"])?;
    let places = Places::with_weights(options.weights);
    let mut out_file = match out {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("cannot write {}: {e}", p.display()))?,
        )),
        None => None,
    };
    let (mut errors, mut n_gold, mut n_sys) = (Vec::new(), 0usize, 0usize);
    for g in &golds {
        let found = annotate(&pipeline, &places, &g.text);
        n_sys += found.len();
        if let Some(f) = out_file.as_mut() {
            let toponyms: Vec<_> =
                found.iter().map(|t| json!({"start": t.start, "end": t.end, "lat": t.lat, "lon": t.lon})).collect();
            writeln!(f, "{}", json!({"id": g.id, "toponyms": toponyms}))?;
        }
        let chars: Vec<char> = g.text.chars().collect();
        for t in &g.toponyms {
            n_gold += 1;
            let best = found.iter().filter(|s| s.start < t.end && t.start < s.end).min_by_key(|s| {
                let overlap = s.end.min(t.end) - s.start.max(t.start);
                (std::cmp::Reverse(overlap), s.start.abs_diff(t.start) + s.end.abs_diff(t.end))
            });
            let name: String = chars.get(t.start..t.end).map(|c| c.iter().collect()).unwrap_or_default();
            match best {
                Some(s) => {
                    let km = distance_km(t.lat, t.lon, s.lat, s.lon);
                    if verbose && km > ACC_KM {
                        println!(
                            "FAR\t{}\t{name}\t{km:.0} km\t({:.2},{:.2}) for ({:.2},{:.2})",
                            g.id, s.lat, s.lon, t.lat, t.lon
                        );
                    }
                    errors.push(km);
                }
                None => {
                    if verbose {
                        println!("MISS\t{}\t{name}", g.id);
                    }
                }
            }
        }
    }
    let found = errors.len();
    let within = errors.iter().filter(|&&e| e <= ACC_KM).count();
    let mut sorted = errors.clone();
    sorted.sort_by(f64::total_cmp);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!("{}: {} documents, {n_gold} gold toponyms, {n_sys} system toponyms", file.display(), golds.len());
    println!("found          {:.3} ({found}/{n_gold})", ratio(found, n_gold));
    println!("acc161_all     {:.3}", ratio(within, n_gold));
    println!("acc161_found   {:.3}", ratio(within, found));
    if !sorted.is_empty() {
        println!("mean_km        {:.1}", sorted.iter().sum::<f64>() / found as f64);
        println!("median_km      {:.1}", median(&sorted));
        let ln: Vec<f64> = sorted.iter().map(|e| e.ln_1p()).collect();
        println!("mean_ln        {:.3}", ln.iter().sum::<f64>() / ln.len() as f64);
        println!("median_ln      {:.3}", median(&ln));
        println!("auc_found      {:.3}", auc(&sorted));
        let mut all = sorted.clone();
        all.extend(std::iter::repeat_n(MAX_KM, n_gold - found));
        println!("auc_all        {:.3}", auc(&all));
    }
    Ok(())
}

/// The places layer, in code points.
fn annotate(pipeline: &Pipeline, places: &Places, text: &str) -> Vec<Found> {
    let mut doc = Document::new("text", text.to_string());
    pipeline.annotate(&mut doc);
    places.annotate(&mut doc);
    doc.places
        .iter()
        .map(|p| {
            let start = text[..p.span.start as usize].chars().count();
            let end = start + doc.slice(p.span).chars().count();
            Found { start, end, lat: p.geo.lat, lon: p.geo.lon }
        })
        .collect()
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 }
}

/// Area under the sorted ln(1 + km) curve over the worst case's (trapezoidal rule).
fn auc(sorted_km: &[f64]) -> f64 {
    let ys: Vec<f64> = sorted_km.iter().map(|e| e.ln_1p()).collect();
    let worst = (MAX_KM + 1.0).ln();
    if ys.len() == 1 {
        return ys[0] / worst;
    }
    let area: f64 = ys.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    area / (worst * (ys.len() - 1) as f64)
}
