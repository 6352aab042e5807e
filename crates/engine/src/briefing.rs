//! A story read as a briefing: a short extractive summary chosen across its articles, who is
//! quoted in it, which sources covered it when, and its events in order.
//!
//! The summary picks sentences from the leads of the story's articles (the first few
//! sentences, where news writing puts what happened). A sentence scores by how many of the
//! story's articles share its words (what the coverage agrees on, not one outlet's aside),
//! per word, with a bonus for coming first in its article; sentences are taken best first,
//! skipping any whose words mostly repeat one already taken, and shown in publication
//! order. A wire copy (an article linking marked a near-duplicate) is read once: its
//! original speaks for it, so a story carried by many outlets from one wire does not vote
//! many times.

use std::collections::{BTreeMap, HashMap, HashSet};

use newsgraph_document::Document;
use serde::Serialize;

use crate::{Engine, Result};

/// Sentences in a summary.
const SUMMARY: usize = 3;
/// Sentences of each article's lead read as candidates.
const LEAD: usize = 4;
/// Articles of a story read (the earliest, since a story's first days say what it is).
const READ: usize = 60;
/// Above this share of words in common with a chosen sentence, a sentence says the same.
const SAME: f64 = 0.5;
/// Shortest and longest candidate sentence, in words.
const WORDS: (usize, usize) = (6, 60);

/// A story as a briefing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Briefing {
    /// The story's id.
    pub story: String,
    /// Articles read (wire copies included).
    pub articles: usize,
    /// Of those, wire copies read once, through their original.
    pub copies: usize,
    /// A few sentences across the articles, in publication order.
    pub summary: Vec<SummarySentence>,
    /// Who is quoted, most quotes first.
    pub quoted: Vec<Quoted>,
    /// Which sources covered it when, first to cover it first.
    pub coverage: Vec<Coverage>,
    /// Its events, in order of their dates (or their articles').
    pub events: Vec<BriefEvent>,
}

/// A sentence of the summary.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummarySentence {
    /// The sentence.
    pub text: String,
    /// The article it comes from.
    pub article: String,
    /// Its source.
    pub source: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
}

/// Someone quoted in the story.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Quoted {
    /// The speaker's name.
    pub name: String,
    /// Global entity id, when resolved.
    pub entity: Option<String>,
    /// Quotes over the story's articles (copies not counted again).
    pub quotes: u64,
}

/// A source's coverage of the story.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Coverage {
    /// The source.
    pub source: String,
    /// Its articles in the story.
    pub articles: u64,
    /// Its first and last article's publication dates.
    pub first: Option<String>,
    /// Its last article's publication date.
    pub last: Option<String>,
}

/// An event of the story.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BriefEvent {
    /// Its date as the text gives it, else the article's day.
    pub date: Option<String>,
    /// Its type (`meet`, `arrest`, …).
    pub kind: String,
    /// What happened, as the text says it.
    pub what: Option<String>,
    /// The article it was found in.
    pub article: String,
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() > 3).map(str::to_lowercase).collect()
}

/// Chooses the summary among `(article index, position in its lead, sentence)` candidates.
fn choose(docs: &[&Document], candidates: Vec<(usize, usize, String)>) -> Vec<(usize, String)> {
    // In how many articles each word appears.
    let mut df: HashMap<String, usize> = HashMap::new();
    for d in docs {
        for w in words(&format!("{} {}", d.title.as_deref().unwrap_or(""), d.text)) {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut scored: Vec<(f64, usize, String, HashSet<String>)> = candidates
        .into_iter()
        .map(|(doc, position, text)| {
            let w = words(&text);
            let agreement =
                w.iter().map(|x| df.get(x).copied().unwrap_or(0) as f64).sum::<f64>() / w.len().max(1) as f64;
            (agreement * (1.0 + 0.5 / (1.0 + position as f64)), doc, text, w)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    let mut chosen: Vec<(usize, String, HashSet<String>)> = Vec::new();
    for (_, doc, text, w) in scored {
        let same = chosen.iter().any(|(_, _, c)| {
            let common = w.intersection(c).count() as f64;
            common / w.len().min(c.len()).max(1) as f64 > SAME
        });
        if !same {
            chosen.push((doc, text, w));
            if chosen.len() == SUMMARY {
                break;
            }
        }
    }
    chosen.into_iter().map(|(doc, text, _)| (doc, text)).collect()
}

impl Engine {
    /// The briefing of a story (a merged story answers as the one it joined).
    pub fn briefing(&self, id: &str) -> Result<Option<Briefing>> {
        let Some(story) = self.story(id)? else { return Ok(None) };
        let mut docs = Vec::new();
        for a in story.articles.iter().take(READ) {
            if let Some(d) = self.article(a)? {
                docs.push(d);
            }
        }
        docs.sort_by(|a, b| {
            let at = |d: &Document| d.published.map(|p| p.to_string());
            at(a).cmp(&at(b)).then_with(|| a.id.cmp(&b.id))
        });
        let originals: Vec<&Document> = docs.iter().filter(|d| d.duplicate_of.is_none()).collect();
        let mut candidates = Vec::new();
        for (i, d) in originals.iter().enumerate() {
            for (position, s) in d.sentences.iter().take(LEAD).enumerate() {
                let text = d.slice(*s).split_whitespace().collect::<Vec<_>>().join(" ");
                if (WORDS.0..=WORDS.1).contains(&text.split(' ').count()) {
                    candidates.push((i, position, text));
                }
            }
        }
        let mut summary: Vec<(usize, String)> = choose(&originals, candidates);
        summary.sort_by_key(|(i, _)| *i);
        let summary = summary
            .into_iter()
            .map(|(i, text)| SummarySentence {
                text,
                article: originals[i].id.clone(),
                source: originals[i].source.clone(),
                published: originals[i].published.map(|p| p.to_string()),
            })
            .collect();
        let mut quoted: HashMap<(String, Option<String>), u64> = HashMap::new();
        let mut events = Vec::new();
        for d in &originals {
            for q in &d.quotes {
                if let Some(name) = q.speaker.as_ref().and_then(|s| s.name.clone()) {
                    *quoted.entry((name, q.speaker.as_ref().and_then(|s| s.entity.clone()))).or_default() += 1;
                }
            }
            let day = d.published.map(|p| p.date().to_string());
            for e in &d.events {
                events.push(BriefEvent {
                    date: e.date.clone().or_else(|| day.clone()),
                    kind: e.kind.clone(),
                    what: e.what.clone(),
                    article: d.id.clone(),
                });
            }
        }
        // Entity ids in a document are its own: give the global id linking found.
        let global =
            |d: &Document, local: &str| d.entities.iter().find(|e| e.id == local).and_then(|e| e.global.clone());
        let mut quoted: Vec<Quoted> = quoted
            .into_iter()
            .map(|((name, local), quotes)| {
                let entity = local.and_then(|l| originals.iter().find_map(|d| global(d, &l)));
                Quoted { name, entity, quotes }
            })
            .collect();
        quoted.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.name.cmp(&b.name)));
        quoted.dedup_by(|a, b| a.name == b.name);
        events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.article.cmp(&b.article)));
        let mut coverage: BTreeMap<String, Coverage> = BTreeMap::new();
        for d in &docs {
            let Some(source) = &d.source else { continue };
            let at = d.published.map(|p| p.to_string());
            let c = coverage.entry(source.clone()).or_insert(Coverage {
                source: source.clone(),
                articles: 0,
                first: at.clone(),
                last: at.clone(),
            });
            c.articles += 1;
            c.last = at;
        }
        let mut coverage: Vec<Coverage> = coverage.into_values().collect();
        coverage.sort_by(|a, b| a.first.cmp(&b.first).then_with(|| a.source.cmp(&b.source)));
        Ok(Some(Briefing {
            story: story.id,
            articles: docs.len(),
            copies: docs.len() - originals.len(),
            summary,
            quoted,
            coverage,
            events,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IngestOptions;

    #[test]
    fn a_briefing_picks_agreed_sentences_once_and_counts_copies_once() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.jsonl");
        let wire = "Ferry crews in Lisbon walked out on Monday over pay, stranding thousands of commuters on the south bank of the Tagus. The strike was called by the ferry workers' union after talks with the operator broke down. \"We cannot accept another year without a raise,\" said Rui Fontainhas, the union's spokesman.";
        let lines = [
            format!(r#"{{"title": "Lisbon ferry strike", "source": "Tagus Wire", "published": "2026-03-09T08:00:00Z", "text": {}}}"#, serde_json::to_string(wire).unwrap()),
            // A copy of the wire story: read once.
            format!(r#"{{"title": "Lisbon ferry strike strands commuters", "source": "Porto Post", "published": "2026-03-09T09:00:00Z", "text": {}}}"#, serde_json::to_string(&format!("{wire} Reporting by Tagus Wire.")).unwrap()),
            r#"{"title": "Ferry strike in Lisbon enters second day", "source": "Harbour Ledger", "published": "2026-03-10T08:00:00Z", "text": "The ferry strike in Lisbon entered its second day on Tuesday, with commuters crowding onto buses over the Tagus bridge. The operator said it would meet the ferry workers' union on Wednesday to discuss pay. Ticket offices on the south bank stayed shut."}"#.to_string(),
        ];
        std::fs::write(&input, lines.join("\n")).unwrap();
        let mut engine = Engine::open(&dir.path().join("data")).unwrap();
        engine.ingest(&[&input], &IngestOptions::default(), &mut |_| {}).unwrap();
        let stories = engine.stories(&crate::StoryFilter { limit: 10, ..Default::default() }).unwrap();
        let story = stories.iter().find(|s| s.articles.len() == 3).unwrap_or_else(|| panic!("one story: {stories:?}"));
        let b = engine.briefing(&story.id).unwrap().unwrap();
        assert_eq!((b.articles, b.copies), (3, 1), "{b:#?}");
        assert!(!b.summary.is_empty() && b.summary.len() <= SUMMARY, "{b:#?}");
        // No two sentences say the same, and none comes from the copy.
        let texts: HashSet<&str> = b.summary.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts.len(), b.summary.len());
        assert!(b.summary.iter().all(|s| s.source.as_deref() != Some("Porto Post")), "{b:#?}");
        assert!(b.summary.iter().any(|s| s.text.contains("strike")), "{b:#?}");
        // In publication order.
        let order: Vec<&Option<String>> = b.summary.iter().map(|s| &s.published).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        // The spokesman is quoted once (the copy's quote is the wire's).
        assert!(b.quoted.iter().any(|q| q.name.contains("Fontainhas") && q.quotes == 1), "{:?}", b.quoted);
        let sources: Vec<(&str, u64)> = b.coverage.iter().map(|c| (c.source.as_str(), c.articles)).collect();
        assert_eq!(sources, [("Tagus Wire", 1), ("Porto Post", 1), ("Harbour Ledger", 1)]);
        assert!(engine.briefing("Snope").unwrap().is_none());
    }

    #[test]
    fn repeated_sentences_are_chosen_once() {
        let a = Document::new("text", "x".into());
        let docs = [&a];
        let same = "The ferry workers union called a strike over pay in Lisbon".to_string();
        let chosen = choose(
            &docs,
            vec![
                (0, 0, same.clone()),
                (0, 1, format!("{same} today")),
                (0, 2, "Markets fell sharply across Europe on Monday".into()),
            ],
        );
        assert_eq!(chosen.len(), 2, "{chosen:?}");
    }
}
