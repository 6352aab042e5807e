//! `newsgraph eval trends STREAM…`: how well `trends` tells breaking stories, on streams
//! written by `newsgraph generate --bursts N` (each record's `truth` names its story and the
//! story's pattern: steady, burst, spam, quiet). Each stream is ingested into a scratch
//! knowledge base; then, hour by hour from six hours before the burst begins to the end of
//! the stream, `trends` is asked with that hour as "now", and each story it calls breaking is
//! scored against the truth: the burst story is breaking from its first burst hour on, no
//! other story ever is. Reports precision and recall over those story-hours, how many bursts
//! were caught in their first hour and in their first two, and the mean detection delay.

use std::collections::HashMap;
use std::path::PathBuf;

use newsgraph_engine::{Engine, IngestOptions, ReadOptions, TrendOptions};
use serde_json::Value;

/// Hours before the burst's onset that are scored (false alarms before it count).
const BEFORE: i64 = 6;

/// What one stream's hours gave.
#[derive(Debug, Default)]
struct Tally {
    true_positive: u64,
    false_positive: u64,
    false_negative: u64,
    /// Hours from the onset to the first window calling the burst breaking (0: the window
    /// ending with the onset's hour); none when it never was.
    delay: Option<i64>,
}

fn hour_of(published: &str) -> Option<i64> {
    newsgraph_document::Published::parse(published).ok()?.utc_seconds().map(|s| s.div_euclid(3600))
}

fn stream(file: &PathBuf) -> Result<Tally, Box<dyn std::error::Error>> {
    if !file.is_file() {
        return Err(format!("{}: no such file", file.display()).into());
    }
    let dir = tempfile::tempdir()?;
    let mut engine = Engine::open(&dir.path().join("data"))?;
    engine.ingest(&[file], &IngestOptions::default(), &mut |_| {})?;
    // Truth per article; the story each system story mostly holds.
    let mut articles: Vec<(String, String, String, Option<i64>)> = Vec::new();
    newsgraph_readers::read_paths(&[file], &ReadOptions::default(), &mut |item| {
        if let newsgraph_readers::Item::Article { doc, .. } = item {
            let truth = doc.metadata.get("truth").cloned().unwrap_or(Value::Null);
            let (story, pattern) = (truth["story"].as_str(), truth["pattern"].as_str());
            if let (Some(story), Some(pattern)) = (story, pattern) {
                let hour = doc.published.and_then(|p| p.utc_seconds()).map(|s| s.div_euclid(3600));
                articles.push((doc.id, story.to_string(), pattern.to_string(), hour));
            }
        }
    });
    if articles.is_empty() {
        return Err(format!(
            "{}: no record carries `truth` with a pattern (write one with `newsgraph generate --bursts N`)",
            file.display()
        )
        .into());
    }
    let mut votes: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for (id, story, _, _) in &articles {
        if let Some(system) = engine.links(id)?.and_then(|l| l.story) {
            *votes.entry(system).or_default().entry(story.clone()).or_default() += 1;
        }
    }
    let truth_of: HashMap<String, String> = votes
        .into_iter()
        .filter_map(|(system, v)| {
            v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(t, _)| (system, t))
        })
        .collect();
    let burst_story = articles.iter().find(|a| a.2 == "burst").map(|a| a.1.clone());
    let end = hour_of(newsgraph_synth::END).ok_or("the stream's end is not an instant")?;
    let onset = end - newsgraph_synth::BURST_HOURS;
    let mut tally = Tally::default();
    for hour in onset - BEFORE..end {
        // The window ending with this hour.
        let options = TrendOptions { now: Some((hour + 1) * 3600), limit: 1, ..TrendOptions::default() };
        let trends = engine.trends(&options)?;
        let called: Vec<Option<&String>> =
            trends.stories.iter().filter(|s| s.breaking).map(|s| truth_of.get(&s.id)).collect();
        let burst_called = called.iter().any(|t| t.is_some() && *t == burst_story.as_ref());
        let others = called.iter().filter(|t| t.is_none() || *t != &burst_story.as_ref()).count() as u64;
        tally.false_positive += others;
        match (hour >= onset, burst_called) {
            (true, true) => {
                tally.true_positive += 1;
                tally.delay = tally.delay.or(Some(hour - onset));
            }
            (true, false) => tally.false_negative += 1,
            (false, true) => tally.false_positive += 1,
            (false, false) => {}
        }
    }
    Ok(tally)
}

pub fn run(files: &[PathBuf]) -> Result<(), Box<dyn std::error::Error>> {
    let mut all = Tally::default();
    let (mut first_hour, mut two_hours, mut delays) = (0, 0, Vec::new());
    for file in files {
        let t = stream(file)?;
        println!(
            "{}: {} breaking story-hours right, {} wrong, {} missed; detected {}",
            file.display(),
            t.true_positive,
            t.false_positive,
            t.false_negative,
            t.delay.map_or("never".to_string(), |d| format!("{d} h after the onset's hour"))
        );
        all.true_positive += t.true_positive;
        all.false_positive += t.false_positive;
        all.false_negative += t.false_negative;
        first_hour += u64::from(t.delay == Some(0));
        two_hours += u64::from(t.delay.is_some_and(|d| d <= 1));
        delays.extend(t.delay);
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let n = files.len() as u64;
    println!(
        "{n} streams: precision {:.3}, recall {:.3} (story-hours); bursts caught in their first hour {first_hour}/{n}, \
         in their first two {two_hours}/{n}; mean delay {} h",
        ratio(all.true_positive, all.true_positive + all.false_positive),
        ratio(all.true_positive, all.true_positive + all.false_negative),
        if delays.is_empty() {
            "-".to_string()
        } else {
            format!("{:.2}", delays.iter().sum::<i64>() as f64 / delays.len() as f64)
        }
    );
    Ok(())
}
