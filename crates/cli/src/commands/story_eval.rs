//! Scoring duplicates, stories and entity merges against a generated collection
//! (`newsgraph generate --stories N FILE`): each JSON line carries `truth` with its story,
//! its duplicate group and the people it names. Pairwise precision, recall and F1 over
//! articles (duplicates, stories) and over (article, person) mentions (entity merges), as
//! `../shared/tools/cluster_score.py` computes them from the files `--out` writes.

use std::collections::HashMap;
use std::path::Path;

use newsgraph_engine::{Engine, IngestOptions, ReadOptions};
use serde_json::{Map, Value};

/// Pairwise precision, recall and F1 of a clustering against gold (both `item → cluster`).
pub fn pairwise(gold: &HashMap<String, String>, system: &HashMap<String, String>) -> (f64, f64, f64) {
    let pairs = |sizes: &mut dyn Iterator<Item = usize>| sizes.map(|n| n * (n - 1) / 2).sum::<usize>();
    let mut by_sys: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut by_gold: HashMap<&str, usize> = HashMap::new();
    for (item, g) in gold {
        let s = system.get(item).map_or(item.as_str(), String::as_str);
        by_sys.entry(s).or_default().push(g);
        *by_gold.entry(g).or_default() += 1;
    }
    let mut tp = 0;
    for members in by_sys.values() {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for g in members {
            *counts.entry(g).or_default() += 1;
        }
        tp += pairs(&mut counts.into_values());
    }
    let sp = pairs(&mut by_sys.values().map(Vec::len));
    let gp = pairs(&mut by_gold.values().copied());
    let p = if sp == 0 { 0.0 } else { tp as f64 / sp as f64 };
    let r = if gp == 0 { 0.0 } else { tp as f64 / gp as f64 };
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// Ingests `file` into a fresh data directory and scores the three clusterings.
pub fn run(file: &Path, out: Option<&Path>) -> Result<(), Box<dyn std::error::Error>> {
    if !file.is_file() {
        return Err(format!("{}: no such file", file.display()).into());
    }
    let dir = tempfile::tempdir()?;
    let mut engine = Engine::open(&dir.path().join("data"))?;
    let report = engine.ingest(&[file], &IngestOptions::default(), &mut |_| {})?;
    // The same reader gives the same ids: record n of the file is article ids[n].
    let mut ids: Vec<(String, Value)> = Vec::new();
    newsgraph_readers::read_paths(&[file], &ReadOptions::default(), &mut |item| {
        if let newsgraph_readers::Item::Article { doc, .. } = item {
            let truth = doc.metadata.get("truth").cloned().unwrap_or(Value::Null);
            ids.push((doc.id, truth));
        }
    });
    // Without labels every score would be a meaningless zero or one.
    if ids.iter().all(|(_, truth)| truth.is_null()) {
        return Err(format!(
            "{}: no article carries `truth` labels; `eval stories` scores a collection written by `newsgraph generate --stories N FILE`",
            file.display()
        )
        .into());
    }
    let mut gold = [HashMap::new(), HashMap::new(), HashMap::new()];
    let mut system = [HashMap::new(), HashMap::new(), HashMap::new()];
    for (id, truth) in &ids {
        let Some(doc) = engine.article(id)? else { continue };
        gold[0].insert(id.clone(), truth["duplicate_group"].as_str().unwrap_or(id).to_string());
        system[0].insert(id.clone(), doc.duplicate_of.clone().unwrap_or_else(|| id.clone()));
        gold[1].insert(id.clone(), truth["story"].as_str().unwrap_or(id).to_string());
        system[1].insert(id.clone(), doc.story.clone().unwrap_or_else(|| id.clone()));
        for (name, person) in truth["people"].as_object().into_iter().flatten() {
            let item = format!("{id}/{name}");
            gold[2].insert(item.clone(), person.as_str().unwrap_or("").to_string());
            // The entity the text names with this full name; unnamed → a singleton.
            let global = doc
                .entities
                .iter()
                .find(|e| e.name == *name || e.aliases.contains(name))
                .and_then(|e| e.global.clone());
            system[2].insert(item.clone(), global.unwrap_or_else(|| format!("missing:{item}")));
        }
    }
    println!(
        "{} articles ({} stored, {} linked: {} near-duplicates, {} stories begun, {} merged)",
        ids.len(),
        report.new,
        report.links.linked,
        report.links.duplicates,
        report.links.new_stories,
        report.links.merged_stories
    );
    for (i, name) in ["duplicates", "stories", "entities"].iter().enumerate() {
        let (p, r, f) = pairwise(&gold[i], &system[i]);
        println!("{name:<10} pairwise P {p:.3} R {r:.3} F1 {f:.3}   ({} items)", gold[i].len());
    }
    if let Some(out) = out {
        std::fs::create_dir_all(out)?;
        for (i, name) in ["duplicates", "stories", "entities"].iter().enumerate() {
            let map = |m: &HashMap<String, String>| {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<Map<_, _>>())
            };
            std::fs::write(out.join(format!("{name}-gold.json")), map(&gold[i]).to_string())?;
            std::fs::write(out.join(format!("{name}-system.json")), map(&system[i]).to_string())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::pairwise;
    use std::collections::HashMap;

    #[test]
    fn pairwise_counts_pairs() {
        let m = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<HashMap<_, _>>();
        let gold = m(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]);
        assert_eq!(pairwise(&gold, &gold), (1.0, 1.0, 1.0));
        let sys = m(&[("a", "x"), ("b", "x"), ("c", "x"), ("d", "y")]);
        let (p, r, _) = pairwise(&gold, &sys);
        assert!((p - 1.0 / 3.0).abs() < 1e-9 && (r - 0.5).abs() < 1e-9);
    }
}
