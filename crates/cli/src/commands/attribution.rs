//! Scoring quotes against brat attribution files (PolNeAR): the same counts as the
//! independent scorer, so that both can be compared.

use std::collections::HashSet;
use std::path::Path;

use newsgraph_document::Document;

/// One gold attribution: character spans (code points) of content, source and cue.
pub struct Attribution {
    pub content: Vec<(usize, usize)>,
    pub source: Vec<(usize, usize)>,
    pub cue: Vec<(usize, usize)>,
}

fn spans(field: &str) -> Vec<(usize, usize)> {
    field
        .split(';')
        .filter_map(|part| {
            let mut it = part.split_whitespace();
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
        .collect()
}

/// Reads a brat `.ann` file.
pub fn read_ann(text: &str) -> Vec<Attribution> {
    let mut tags = std::collections::HashMap::new();
    let mut events = Vec::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            continue;
        }
        if cols[0].starts_with('T') {
            let (_, rest) = cols[1].split_once(' ').unwrap_or(("", ""));
            tags.insert(cols[0].to_string(), spans(rest));
        } else if cols[0].starts_with('E') {
            let roles: std::collections::HashMap<&str, &str> =
                cols[1].split_whitespace().filter_map(|r| r.split_once(':')).collect();
            events.push(
                roles
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<std::collections::HashMap<_, _>>(),
            );
        }
    }
    events
        .into_iter()
        .filter_map(|r| {
            let get = |k: &str| r.get(k).and_then(|t| tags.get(t)).cloned().unwrap_or_default();
            let content = get("Content");
            (!content.is_empty()).then(|| Attribution { content, source: get("Source"), cue: get("Cue") })
        })
        .collect()
}

fn chars(spans: &[(usize, usize)]) -> HashSet<usize> {
    spans.iter().flat_map(|&(a, b)| a..b).collect()
}

fn is_direct(text: &[char], spans: &[(usize, usize)]) -> bool {
    let lo = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let hi = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let window: String = text[lo.saturating_sub(2)..(hi + 2).min(text.len())].iter().collect();
    window.contains(['"', '“', '”', '«', '»']) || window.contains("''") || window.contains("``")
}

/// Counts for all attributions and for direct ones.
#[derive(Default, Debug, Clone, Copy)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub matched: usize,
    pub source_gold: usize,
    pub source_ok: usize,
    pub cue_ok: usize,
}

impl Counts {
    pub fn line(&self, name: &str) -> String {
        let p = if self.system == 0 { 0.0 } else { self.matched as f64 / self.system as f64 };
        let r = if self.gold == 0 { 0.0 } else { self.matched as f64 / self.gold as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        let sa = if self.source_gold == 0 { 0.0 } else { self.source_ok as f64 / self.source_gold as f64 };
        let ca = if self.matched == 0 { 0.0 } else { self.cue_ok as f64 / self.matched as f64 };
        format!(
            "{name:6} content P {p:.3} R {r:.3} F1 {f:.3} | speaker acc {sa:.3} | cue acc {ca:.3}   ({} gold, {} system, {} matched)",
            self.gold, self.system, self.matched
        )
    }
}

/// Scores one document against one annotator's attributions; `[all, direct]`.
pub fn score(doc: &Document, gold: &[Attribution], counts: &mut [Counts; 2]) {
    let text: Vec<char> = doc.text.chars().collect();
    // Byte → code point offsets.
    let mut cp = vec![0usize; doc.text.len() + 1];
    let mut n = 0;
    for (b, ch) in doc.text.char_indices() {
        for k in 0..ch.len_utf8() {
            cp[b + k] = n;
        }
        n += 1;
    }
    cp[doc.text.len()] = n;
    let conv = |s: newsgraph_document::Span| vec![(cp[s.start as usize], cp[s.end as usize])];
    type Spans = Vec<(usize, usize)>;
    let system: Vec<(Spans, Spans, Spans)> = doc
        .quotes
        .iter()
        .map(|q| {
            (
                conv(q.content),
                q.speaker.as_ref().map(|s| conv(s.span)).unwrap_or_default(),
                q.cue.map(conv).unwrap_or_default(),
            )
        })
        .collect();
    let system_direct: Vec<bool> = system.iter().map(|q| is_direct(&text, &q.0)).collect();
    for (subset, c) in counts.iter_mut().enumerate() {
        let g: Vec<&Attribution> = gold.iter().filter(|a| subset == 0 || is_direct(&text, &a.content)).collect();
        let s: Vec<_> = system.iter().zip(&system_direct).filter(|(_, d)| subset == 0 || **d).map(|x| x.0).collect();
        c.gold += g.len();
        c.system += s.len();
        let mut used = vec![false; s.len()];
        for a in g {
            let gold_len = covered(&a.content);
            let mut best = None;
            let mut best_overlap = 0;
            for (j, q) in s.iter().enumerate() {
                if used[j] {
                    continue;
                }
                let o = overlap(&a.content, &q.0);
                if o > best_overlap {
                    best = Some(j);
                    best_overlap = o;
                }
            }
            let Some(j) = best.filter(|_| 2 * best_overlap >= gold_len) else { continue };
            used[j] = true;
            c.matched += 1;
            if !a.source.is_empty() {
                c.source_gold += 1;
                if overlap(&s[j].1, &a.source) > 0 {
                    c.source_ok += 1;
                }
            }
            if !a.cue.is_empty() && overlap(&s[j].2, &a.cue) > 0 {
                c.cue_ok += 1;
            }
        }
    }
}

/// How many characters a set of spans covers (spans may overlap).
fn covered(spans: &[(usize, usize)]) -> usize {
    if spans.len() == 1 {
        return spans[0].1.saturating_sub(spans[0].0);
    }
    chars(spans).len()
}

/// How many characters two sets of spans share, counted once each.
fn overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    if a.len() == 1 && b.len() == 1 {
        return a[0].1.min(b[0].1).saturating_sub(a[0].0.max(b[0].0));
    }
    chars(a).intersection(&chars(b)).count()
}

/// A split's annotation files grouped by article (base name), each article's files sorted:
/// `DIR/attributions/NAME[_annotator].ann`.
pub fn annotations_by_article(
    dir: &Path,
) -> Result<std::collections::BTreeMap<String, Vec<std::path::PathBuf>>, String> {
    let anns_dir = dir.join("attributions");
    let mut by_article: std::collections::BTreeMap<String, Vec<std::path::PathBuf>> = Default::default();
    let entries = std::fs::read_dir(&anns_dir).map_err(|e| format!("cannot read {}: {e}", anns_dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read {}: {e}", anns_dir.display()))?.path();
        if path.extension().is_some_and(|x| x == "ann")
            && let Some(base) = base_name(&path)
        {
            by_article.entry(base).or_default().push(path);
        }
    }
    by_article.values_mut().for_each(|files| files.sort());
    Ok(by_article)
}

/// The base name of an annotation file: `NAME.ann` or `NAME_abcd.ann` (one per annotator).
pub fn base_name(ann: &Path) -> Option<String> {
    let stem = ann.file_name()?.to_str()?.strip_suffix(".ann")?;
    match stem.rsplit_once('_') {
        Some((base, id)) if id.len() == 4 && id.bytes().all(|b| b.is_ascii_hexdigit()) => Some(base.to_string()),
        _ => Some(stem.to_string()),
    }
}
