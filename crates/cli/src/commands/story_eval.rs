//! Scoring duplicates, stories and entity merges against a generated collection
//! (`newsgraph generate --stories N FILE`): each JSON line carries `truth` with its story,
//! its duplicate group and the people it names. Or scoring stories alone against a labelled
//! set of real news (ECB+, NewsWCL50, MEANTIME): each JSON line carries `text` and its
//! `cluster`. Pairwise and B-cubed precision, recall and F1 over articles (duplicates,
//! stories) and over (article, person) mentions (entity merges), as
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

/// B-cubed precision, recall and F1 (Bagga & Baldwin 1998): per item, the share of its
/// system cluster that is in its gold cluster, and of its gold cluster that is in its system
/// cluster, averaged over items. Items the system did not place are singletons.
pub fn bcubed(gold: &HashMap<String, String>, system: &HashMap<String, String>) -> (f64, f64, f64) {
    if gold.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let sys_of = |item: &String| system.get(item).map_or(format!("\u{0}{item}"), Clone::clone);
    let mut gold_size: HashMap<&str, usize> = HashMap::new();
    let mut sys_size: HashMap<String, usize> = HashMap::new();
    let mut both: HashMap<(String, &str), usize> = HashMap::new();
    for (item, g) in gold {
        let s = sys_of(item);
        *gold_size.entry(g).or_default() += 1;
        *sys_size.entry(s.clone()).or_default() += 1;
        *both.entry((s, g)).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (item, g) in gold {
        let s = sys_of(item);
        let shared = both[&(s.clone(), g.as_str())] as f64;
        p += shared / sys_size[&s] as f64;
        r += shared / gold_size[g.as_str()] as f64;
    }
    let n = gold.len() as f64;
    let (p, r) = (p / n, r / n);
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// A labelled set of real news rewritten as a collection `eval stories` ingests: each
/// record's `cluster` becomes its story, its own id its duplicate group, and no people are
/// named. Records without a date take the set's median date (ECB+ has none at all: one day
/// for every record), so that a missing date neither helps nor hurts any one cluster.
fn collection_of_labelled(text: &str, file: &Path, split: Option<&str>) -> Result<String, String> {
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let r: Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: not JSON: {e}", file.display(), n + 1))?;
        if split.is_some_and(|want| r["split"].as_str() != Some(want)) {
            continue;
        }
        let (Some(body), Some(cluster)) = (
            r["text"].as_str(),
            r["cluster"].as_str().map(str::to_string).or_else(|| r["cluster"].as_i64().map(|c| c.to_string())),
        ) else {
            return Err(format!("{}:{}: a labelled record needs `text` and `cluster`", file.display(), n + 1));
        };
        records.push((r.clone(), body.to_string(), cluster));
    }
    if records.is_empty() {
        return Err(match split {
            Some(s) => format!("{}: no record of split `{s}`", file.display()),
            None => format!("{}: no records", file.display()),
        });
    }
    let mut dates: Vec<&str> =
        records.iter().filter_map(|(r, _, _)| r["date"].as_str()).filter(|d| d.len() >= 10).collect();
    dates.sort_unstable();
    let fallback = dates.get(dates.len() / 2).map_or("2026-01-05".to_string(), |d| d[..10].to_string());
    let mut out = String::new();
    for (i, (r, body, cluster)) in records.iter().enumerate() {
        let id = r["id"].as_str().map_or_else(|| i.to_string(), str::to_string);
        let line = serde_json::json!({
            "published": r["date"].as_str().filter(|d| d.len() >= 10).map_or(fallback.clone(), |d| d[..10].to_string()),
            "source": r["source"].as_str().unwrap_or("eval"),
            "title": r["title"],
            "text": body,
            // Ids of their own: two records never share an address, whatever their URLs.
            "url": format!("https://eval.invalid/{i}/{id}"),
            "truth": {"duplicate_group": format!("D{i}"), "people": {}, "story": cluster},
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// Ingests `file` (or the collection a labelled set becomes) into a fresh data directory and
/// scores the clusterings it labels.
pub fn run(file: &Path, split: Option<&str>, out: Option<&Path>) -> Result<(), Box<dyn std::error::Error>> {
    if !file.is_file() {
        return Err(format!("{}: no such file", file.display()).into());
    }
    let dir = tempfile::tempdir()?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let first: Value =
        text.lines().find(|l| !l.trim().is_empty()).and_then(|l| serde_json::from_str(l).ok()).unwrap_or(Value::Null);
    let labelled = first.get("truth").is_none() && first.get("cluster").is_some();
    if split.is_some() && !labelled {
        return Err(format!("{}: --split applies to labelled sets (records with `cluster`)", file.display()).into());
    }
    let converted = dir.path().join("collection.jsonl");
    let file = if labelled {
        std::fs::write(&converted, collection_of_labelled(&text, file, split)?)?;
        converted.as_path()
    } else {
        file
    };
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
            "{}: no article carries `truth` labels; `eval stories` scores a collection written by `newsgraph generate --stories N FILE` or a labelled set (records with `cluster`)",
            file.display()
        )
        .into());
    }
    let mut gold = [HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new()];
    let mut system = [HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new()];
    let mut thread_of: HashMap<String, Option<String>> = HashMap::new();
    for (id, truth) in &ids {
        let Some(doc) = engine.article(id)? else { continue };
        gold[0].insert(id.clone(), truth["duplicate_group"].as_str().unwrap_or(id).to_string());
        system[0].insert(id.clone(), doc.duplicate_of.clone().unwrap_or_else(|| id.clone()));
        gold[1].insert(id.clone(), truth["story"].as_str().unwrap_or(id).to_string());
        system[1].insert(id.clone(), doc.story.clone().unwrap_or_else(|| id.clone()));
        // Threads are scored against the same gold: a set's clusters are events or subjects
        // that the story level alone may split.
        gold[3].insert(id.clone(), truth["story"].as_str().unwrap_or(id).to_string());
        let thread = match &doc.story {
            Some(s) => match thread_of.get(s) {
                Some(t) => t.clone(),
                None => {
                    let t = engine.story(s)?.and_then(|st| st.thread);
                    thread_of.insert(s.clone(), t.clone());
                    t
                }
            },
            None => None,
        };
        system[3].insert(id.clone(), thread.or_else(|| doc.story.clone()).unwrap_or_else(|| id.clone()));
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
        "{} articles ({} stored, {} linked: {} near-duplicates, {} stories begun, {} merged, {} split)",
        ids.len(),
        report.new,
        report.links.linked,
        report.links.duplicates,
        report.links.new_stories,
        report.links.merged_stories,
        report.links.split_stories
    );
    // A labelled set of real news marks stories only.
    let scored: &[usize] = if labelled { &[1, 3] } else { &[0, 1, 3, 2] };
    for &i in scored {
        let name = ["duplicates", "stories", "entities", "threads"][i];
        let (p, r, f) = pairwise(&gold[i], &system[i]);
        let (bp, br, bf) = bcubed(&gold[i], &system[i]);
        println!(
            "{name:<10} pairwise P {p:.3} R {r:.3} F1 {f:.3} | B-cubed P {bp:.3} R {br:.3} F1 {bf:.3}   ({} items)",
            gold[i].len()
        );
    }
    if let Some(out) = out {
        std::fs::create_dir_all(out)?;
        for (i, name) in ["duplicates", "stories", "entities", "threads"].iter().enumerate() {
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
    use super::{bcubed, pairwise};
    use std::collections::HashMap;

    /// Gold {a b} {c d}, and a system that puts a, b, c together.
    fn gold_and_system() -> (HashMap<String, String>, HashMap<String, String>) {
        let m = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<HashMap<_, _>>();
        (m(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]), m(&[("a", "x"), ("b", "x"), ("c", "x"), ("d", "y")]))
    }

    #[test]
    fn pairwise_counts_pairs() {
        let (gold, sys) = gold_and_system();
        assert_eq!(pairwise(&gold, &gold), (1.0, 1.0, 1.0));
        let (p, r, _) = pairwise(&gold, &sys);
        assert!((p - 1.0 / 3.0).abs() < 1e-9 && (r - 0.5).abs() < 1e-9);
    }

    #[test]
    fn bcubed_averages_over_items() {
        let (gold, sys) = gold_and_system();
        assert_eq!(bcubed(&gold, &gold), (1.0, 1.0, 1.0));
        // {a b c} {d}: precision (2/3·2 + 1/3 + 1) / 4, recall (1 + 1 + 1/2 + 1/2) / 4.
        let (p, r, _) = bcubed(&gold, &sys);
        assert!((p - (4.0 / 3.0 + 1.0 / 3.0 + 1.0) / 4.0).abs() < 1e-9, "{p}");
        assert!((r - 0.75).abs() < 1e-9, "{r}");
        // Items the system left out are singletons.
        let (p, r, _) = bcubed(&gold, &HashMap::new());
        assert!((p - 1.0).abs() < 1e-9 && (r - 0.5).abs() < 1e-9);
    }
}
