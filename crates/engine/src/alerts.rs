//! Alerts: saved searches matched against every new article as it goes into the index, so
//! that a search is not re-run over the collection on a timer. The match is made in memory
//! against the article and recorded in the store before the index confirms the article:
//! an ingest killed in between replays the article from the store (`catch_up_index`) and
//! matches it then, and a match found twice is recorded once, so each matching article is
//! recorded exactly once.
//!
//! A saved search's words must all appear in the article's title or text as whole words,
//! in any case (no stemming: `ferry` does not match `ferries`, unlike `search`); its
//! filters are those of `search`: source (exact, any case), entity (global id, resolved
//! when the alert is saved), story, and publication days.

use std::collections::HashMap;
#[cfg(test)]
use std::collections::HashSet;

use chrono::NaiveDate;
use newsgraph_document::Document;
use newsgraph_store::{Alert, AlertMatch};
use serde::{Deserialize, Serialize};

use crate::{Engine, Error, Result};

/// Longest alert name.
pub const MAX_NAME: usize = 100;

/// What an alert looks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// Words that must all appear (none: every article passing the filters).
    pub text: String,
    /// Source name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Global entity id the article names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Story id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// Earliest publication day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Latest publication day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// A saved alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedAlert {
    /// Its name.
    pub name: String,
    /// What it looks for.
    pub search: SavedSearch,
    /// Where its matches are POSTed (see `delivery.rs`), if anywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// The secret that signs the webhook's bodies: given once, when the alert is saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// When it was saved (RFC 3339, UTC).
    pub created_at: String,
    /// Articles matched so far.
    pub matches: u64,
}

/// Lower-cased words of a text: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(str::to_lowercase)
}

fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// One article's words, read once for every alert: the plain way of matching, against which
/// the [`Matcher`] is tested.
#[cfg(test)]
pub(crate) struct Candidate<'d> {
    doc: &'d Document,
    words: HashSet<String>,
}

#[cfg(test)]
impl<'d> Candidate<'d> {
    pub(crate) fn new(doc: &'d Document) -> Candidate<'d> {
        let words = words(doc.title.as_deref().unwrap_or("")).chain(words(&doc.text)).collect();
        Candidate { doc, words }
    }
}

impl SavedSearch {
    /// Whether the article passes the filters and holds every word.
    #[cfg(test)]
    pub(crate) fn matches(&self, c: &Candidate<'_>) -> bool {
        let words: Vec<String> = words(&self.text).collect();
        self.admits(c.doc) && words.iter().all(|w| c.words.contains(w))
    }

    /// Whether the article passes the filters (source, entity, story, days).
    fn admits(&self, d: &Document) -> bool {
        let day = d.published.map(|p| p.date());
        self.source.as_ref().is_none_or(|s| d.source.as_ref().is_some_and(|ds| ds.eq_ignore_ascii_case(s)))
            && self.entity.as_ref().is_none_or(|id| d.entities.iter().any(|e| e.global.as_ref() == Some(id)))
            && self.story.as_ref().is_none_or(|s| d.story.as_ref() == Some(s))
            && self.from.is_none_or(|f| day.is_some_and(|day| day >= f))
            && self.to.is_none_or(|t| day.is_some_and(|day| day <= t))
    }
}

/// Saved searches made ready for many articles. The searches' words are numbered (their
/// vocabulary), and each search is filed under its longest word: an article is read once,
/// keeping only the words some search has (as a bit set), and checked against the searches
/// its words lead to (and those with no words), not against every search. Thousands of
/// saved searches then cost an article one lookup per word and a few bit tests per
/// candidate, with no word copied.
struct Matcher {
    /// Name, search, and its distinct words' numbers.
    searches: Vec<(String, SavedSearch, Vec<u32>)>,
    vocabulary: HashMap<String, u32>,
    /// Per word number, the searches filed under it.
    by_word: Vec<Vec<usize>>,
    wordless: Vec<usize>,
}

impl Matcher {
    /// From `(name, search as JSON)`; a search that does not read back matches nothing.
    fn new(saved: Vec<(String, String)>) -> Matcher {
        let mut m =
            Matcher { searches: Vec::new(), vocabulary: HashMap::new(), by_word: Vec::new(), wordless: Vec::new() };
        for (name, json) in saved {
            let Ok(search) = serde_json::from_str::<SavedSearch>(&json) else { continue };
            let mut ws: Vec<String> = words(&search.text).collect();
            ws.sort_unstable();
            ws.dedup();
            let i = m.searches.len();
            let key = ws.iter().max_by(|a, b| a.len().cmp(&b.len()).then_with(|| b.cmp(a))).cloned();
            let ids: Vec<u32> = ws
                .into_iter()
                .map(|w| {
                    let next = m.vocabulary.len() as u32;
                    *m.vocabulary.entry(w).or_insert(next)
                })
                .collect();
            m.by_word.resize(m.vocabulary.len(), Vec::new());
            match key {
                Some(key) => m.by_word[m.vocabulary[&key] as usize].push(i),
                None => m.wordless.push(i),
            }
            m.searches.push((name, search, ids));
        }
        m
    }

    /// The names of the searches the article matches, in the order they were saved.
    fn matching<'m>(&'m self, doc: &Document) -> Vec<&'m str> {
        let mut held = vec![0u64; self.vocabulary.len().div_ceil(64)];
        let mut present = Vec::new();
        let mut lower = String::new();
        for text in [doc.title.as_deref().unwrap_or(""), doc.text.as_str()] {
            for w in raw_words(text) {
                // Lower case as `words` has it, copying only words that need it.
                let key = if !w.is_ascii() {
                    lower = w.to_lowercase();
                    lower.as_str()
                } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.push_str(w);
                    lower.make_ascii_lowercase();
                    lower.as_str()
                } else {
                    w
                };
                if let Some(&id) = self.vocabulary.get(key) {
                    let (slot, bit) = (id as usize / 64, 1u64 << (id % 64));
                    if held[slot] & bit == 0 {
                        held[slot] |= bit;
                        present.push(id);
                    }
                }
            }
        }
        let has = |id: u32| held[id as usize / 64] & (1u64 << (id % 64)) != 0;
        let mut candidates: Vec<usize> = self.wordless.clone();
        for &id in &present {
            candidates.extend(&self.by_word[id as usize]);
        }
        candidates.sort_unstable();
        candidates
            .into_iter()
            .filter(|&i| {
                let (_, search, ids) = &self.searches[i];
                ids.iter().all(|&id| has(id)) && search.admits(doc)
            })
            .map(|i| self.searches[i].0.as_str())
            .collect()
    }
}

impl Engine {
    /// Saves an alert; its entity filter, a name or an id, is resolved to a global id now.
    /// With a webhook, a secret is made for it and returned (this once) in the answer.
    pub fn add_alert(&mut self, name: &str, mut search: SavedSearch, webhook: Option<&str>) -> Result<SavedAlert> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(Error::Invalid(format!("an alert's name is 1 to {MAX_NAME} characters")));
        }
        if let Some(entity) = &search.entity {
            search.entity = Some(
                self.store
                    .resolve_entity(entity)?
                    .ok_or_else(|| Error::Invalid(format!("no entity is called {entity:?}")))?,
            );
        }
        if search.from.zip(search.to).is_some_and(|(f, t)| f > t) {
            return Err(Error::Invalid("from is after to".into()));
        }
        if let Some(url) = webhook {
            crate::delivery::check_webhook(url)?;
        }
        let secret = webhook.map(|_| crate::delivery::new_secret(name));
        let json = serde_json::to_string(&search).map_err(|e| Error::Invalid(e.to_string()))?;
        if !self.store.add_alert(name, &json, webhook, secret.as_deref())? {
            return Err(Error::Invalid(format!("an alert named {name:?} exists: remove it first")));
        }
        let mut saved = self
            .alerts()?
            .into_iter()
            .find(|a| a.name == name)
            .ok_or_else(|| Error::Invalid(format!("the alert {name:?} was removed meanwhile")))?;
        saved.secret = secret;
        Ok(saved)
    }

    /// Removes an alert and its matches; false when there is none of that name.
    pub fn remove_alert(&mut self, name: &str) -> Result<bool> {
        Ok(self.store.remove_alert(name.trim())?)
    }

    /// Every alert, by name.
    pub fn alerts(&self) -> Result<Vec<SavedAlert>> {
        Ok(self.store.alerts()?.into_iter().map(saved).collect())
    }

    /// The newest `limit` matches of one alert (or of all), newest first.
    pub fn alert_matches(&self, alert: Option<&str>, limit: usize) -> Result<Vec<AlertMatch>> {
        Ok(self.store.alert_matches(alert, limit)?)
    }

    /// Matches articles going into the index (linked: stories and global ids on them) against
    /// every alert and records the matches; how many were new.
    pub(crate) fn match_alerts(&mut self, docs: &[Document]) -> Result<u64> {
        if docs.is_empty() {
            return Ok(0);
        }
        let saved = self.store.saved_searches()?;
        if saved.is_empty() {
            return Ok(0);
        }
        let matcher = Matcher::new(saved);
        let mut found = Vec::new();
        for doc in docs {
            found.extend(matcher.matching(doc).into_iter().map(|name| (name, doc.id.as_str())));
        }
        // In key order: consecutive rows then land on the same pages of the match index.
        found.sort_unstable();
        Ok(self.store.record_alert_matches(&found)?)
    }
}

fn saved(a: Alert) -> SavedAlert {
    // A search the engine wrote reads back; anything else matches nothing rather than all.
    let search = serde_json::from_str(&a.search)
        .unwrap_or_else(|_| SavedSearch { text: "\u{0}unreadable".into(), ..SavedSearch::default() });
    SavedAlert { name: a.name, search, webhook: a.webhook, secret: None, created_at: a.created_at, matches: a.matches }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DeliveryReport, IngestOptions};

    #[test]
    fn words_filters_and_days_decide_a_match() {
        let mut d = Document::new("text", "Ferry crews walked out at dawn in Lisbon.".into());
        d.title = Some("Ferry strike".into());
        d.source = Some("Tagus Wire".into());
        d.published = Some(newsgraph_document::Published::parse("2026-03-10T09:00:00Z").unwrap());
        let c = Candidate::new(&d);
        let s = |text: &str| SavedSearch { text: text.into(), ..SavedSearch::default() };
        assert!(s("ferry STRIKE").matches(&c) && s("").matches(&c));
        assert!(!s("ferry bridge").matches(&c) && !s("ferries").matches(&c) && !s("lis").matches(&c));
        let tagus = SavedSearch { source: Some("tagus wire".into()), ..s("ferry") };
        assert!(tagus.matches(&c));
        assert!(!SavedSearch { source: Some("Porto Post".into()), ..s("ferry") }.matches(&c));
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        assert!(SavedSearch { from: day("2026-03-10"), to: day("2026-03-10"), ..s("") }.matches(&c));
        assert!(!SavedSearch { from: day("2026-03-11"), ..s("") }.matches(&c));
        assert!(!SavedSearch { story: Some("S1".into()), ..s("") }.matches(&c));
    }

    #[test]
    fn the_matcher_finds_what_checking_every_search_finds() {
        let searches = [
            SavedSearch { text: "ferry strike".into(), ..SavedSearch::default() },
            SavedSearch { text: "Strike".into(), source: Some("tagus wire".into()), ..SavedSearch::default() },
            SavedSearch { text: "".into(), source: Some("Porto Post".into()), ..SavedSearch::default() },
            SavedSearch { text: "dawn dawn Lisbon".into(), ..SavedSearch::default() },
            SavedSearch { text: "ferry bridge".into(), ..SavedSearch::default() },
            SavedSearch::default(),
            SavedSearch { text: "São Paulo".into(), ..SavedSearch::default() },
            SavedSearch { text: "ÉLYSÉE strike".into(), ..SavedSearch::default() },
        ];
        let mut saved: Vec<(String, String)> =
            searches.iter().enumerate().map(|(i, s)| (format!("a{i}"), serde_json::to_string(s).unwrap())).collect();
        saved.push(("broken".into(), "{not json".into()));
        let matcher = Matcher::new(saved);
        for (title, text, source) in [
            ("Ferry strike", "Ferry crews walked out at dawn in Lisbon.", "Tagus Wire"),
            ("Bridge closed", "The ferry bridge in Porto is shut.", "Porto Post"),
            ("Markets", "Shares fell.", "Other"),
            ("SÃO PAULO", "Bus drivers in são Paulo and at the Élysée went on strike.", "Other"),
        ] {
            let mut d = Document::new("text", text.into());
            (d.title, d.source) = (Some(title.into()), Some(source.into()));
            let c = Candidate::new(&d);
            let every: Vec<String> =
                searches.iter().enumerate().filter(|(_, s)| s.matches(&c)).map(|(i, _)| format!("a{i}")).collect();
            assert_eq!(matcher.matching(&d), every, "{title}");
        }
    }

    #[test]
    fn new_articles_are_matched_once_as_they_are_ingested() {
        let dir = tempfile::tempdir().unwrap();
        let mut engine = Engine::open(&dir.path().join("data")).unwrap();
        engine.add_alert("ferries", SavedSearch { text: "ferry".into(), ..SavedSearch::default() }, None).unwrap();
        engine
            .add_alert(
                "porto",
                SavedSearch { text: "".into(), source: Some("porto post".into()), ..Default::default() },
                None,
            )
            .unwrap();
        assert!(engine.add_alert("ferries", SavedSearch::default(), None).is_err(), "names are unique");
        assert!(engine.add_alert(" ", SavedSearch::default(), None).is_err());
        assert!(engine.add_alert("tls", SavedSearch::default(), Some("https://x.test/")).is_err());
        let input = dir.path().join("a.jsonl");
        let lines = [
            r#"{"title": "Ferry strike", "source": "Tagus Wire", "published": "2026-03-10T09:15:00Z", "text": "Ferry crews walked out at dawn."}"#,
            r#"{"title": "Ferry fares", "source": "Porto Post", "published": "2026-03-10T10:00:00Z", "text": "The ferry operator raised fares."}"#,
            r#"{"title": "Market day", "source": "Tagus Wire", "published": "2026-03-11T10:00:00Z", "text": "Fish prices fell at the market."}"#,
        ];
        std::fs::write(&input, lines.join("\n")).unwrap();
        engine.ingest(&[&input], &IngestOptions::default(), &mut |_| {}).unwrap();
        let titles = |alert: &str| -> Vec<String> {
            let mut t: Vec<String> =
                engine.alert_matches(Some(alert), 10).unwrap().into_iter().filter_map(|m| m.title).collect();
            t.sort();
            t
        };
        assert_eq!(titles("ferries"), ["Ferry fares", "Ferry strike"]);
        assert_eq!(titles("porto"), ["Ferry fares"]);
        // The same file again stores nothing new and records nothing twice; a reindex
        // matches nothing (its articles are not new).
        engine.ingest(&[&input], &IngestOptions::default(), &mut |_| {}).unwrap();
        engine.reindex().unwrap();
        let alerts = engine.alerts().unwrap();
        assert_eq!(
            alerts.iter().map(|a| (a.name.as_str(), a.matches)).collect::<Vec<_>>(),
            [("ferries", 2), ("porto", 1)]
        );
        assert_eq!(engine.alert_matches(None, 10).unwrap().len(), 3);
        assert!(engine.remove_alert("porto").unwrap());
        assert!(!engine.remove_alert("porto").unwrap());
        assert_eq!(engine.alert_matches(None, 10).unwrap().len(), 2);
    }

    /// A receiver on loopback that answers 500 to its first `fail` requests and 200 after,
    /// keeping every request's delivery id, signature and body.
    fn receiver(fail: usize) -> (String, std::sync::mpsc::Receiver<(String, String, String)>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut length, mut id, mut signed) = (0, String::new(), String::new());
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let (name, value) = line.split_once(':').unwrap_or((&line, ""));
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => length = value.trim().parse().unwrap_or(0),
                        "x-newsgraph-delivery" => id = value.trim().to_string(),
                        "x-newsgraph-signature" => signed = value.trim().to_string(),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let status = if n < fail { "500 Internal Server Error" } else { "200 OK" };
                let _ = stream.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes());
                if n >= fail {
                    let _ = tx.send((id, signed, String::from_utf8(body).unwrap()));
                }
            }
        });
        (url, rx)
    }

    #[test]
    fn webhooks_get_each_match_signed_at_least_once_after_failures_and_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (url, received) = receiver(2);
        let mut engine = Engine::open(&data).unwrap();
        let saved = engine
            .add_alert("ferries", SavedSearch { text: "ferry".into(), ..SavedSearch::default() }, Some(&url))
            .unwrap();
        let secret = saved.secret.clone().expect("a webhook alert gets a secret");
        assert!(engine.alerts().unwrap()[0].secret.is_none(), "the secret is given once");
        let input = dir.path().join("a.jsonl");
        let lines = [
            r#"{"title": "Ferry strike", "source": "Tagus Wire", "published": "2026-03-10T09:15:00Z", "text": "Ferry crews walked out at dawn."}"#,
            r#"{"title": "Market day", "source": "Tagus Wire", "published": "2026-03-11T10:00:00Z", "text": "Fish prices fell at the market."}"#,
        ];
        std::fs::write(&input, lines.join("\n")).unwrap();
        engine.ingest(&[&input], &IngestOptions::default(), &mut |_| {}).unwrap();
        // Matched, then the process goes away before delivering: nothing is lost.
        drop(engine);
        let mut engine = Engine::open(&data).unwrap();
        let now = chrono::Utc::now();
        let first = engine.deliver_alerts_at(now).unwrap();
        assert_eq!((first.delivered, first.failed), (0, 1));
        // Not due again until the backoff has passed.
        assert_eq!(engine.deliver_alerts_at(now).unwrap(), DeliveryReport::default());
        let later = now + chrono::Duration::seconds(31);
        assert_eq!(engine.deliver_alerts_at(later).unwrap().failed, 1);
        let much_later = later + chrono::Duration::seconds(61);
        assert_eq!(engine.deliver_alerts_at(much_later).unwrap().delivered, 1);
        let (id, signed, body) = received.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["title"], "Ferry strike");
        assert_eq!(json["id"], id.as_str(), "the body carries the id the receiver deduplicates on");
        assert_eq!(signed, format!("sha256={}", crate::delivery::signature(secret.as_bytes(), body.as_bytes())));
        // Delivered: never sent again.
        let end = much_later + chrono::Duration::days(1);
        assert_eq!(engine.deliver_alerts_at(end).unwrap(), DeliveryReport::default());
    }
}
