//! TimeML in and out (TempEval-3 files) and TempEval-3 style scoring.
//!
//! Reading keeps the file as it is and strips the `TIMEX3` tags inside `<TEXT>`; writing
//! puts new `TIMEX3` tags there, everything else unchanged. Offsets are those of the text
//! with every tag removed, as the TempEval-3 scorer counts them.

use std::collections::HashMap;
use std::fmt;

use newsgraph_document::TimeExpression;

/// A TimeML file.
#[derive(Debug, Clone)]
pub struct TimemlFile {
    raw: String,
    /// Byte range of the `<TEXT>` content in `raw`.
    text_range: (usize, usize),
    /// The content with its TIMEX3 tags removed (other tags kept).
    body: String,
    /// The text: the body with every tag removed.
    pub text: String,
    /// Byte offset in `body` of each byte of `text` (plus one past the end).
    body_at: Vec<usize>,
    /// The document creation time, from `<DCT>`.
    pub dct: Option<String>,
    /// The TIMEX3 of the text as read (the gold standard, in evaluation).
    pub timexes: Vec<Timex>,
}

/// A TIMEX3 over text offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
    pub modifier: Option<String>,
}

impl Timex {
    /// The TIMEX3 tags of the time layer's expressions over `text`. A range written with a
    /// dash ("1915-17", "6-7 January 1916", "August-September 1950") is one expression in
    /// the layer, with its ends as `from` and `to`. The TIDES and TimeML guidelines mark each
    /// end of a range on its own, as WikiWars' annotators did (TE3 Silver's automatic taggers
    /// kept one tag), so it becomes two tags: "1915" (1915) and "17" (1917).
    pub fn of_expressions(text: &str, expressions: &[TimeExpression]) -> Vec<Timex> {
        let mut out = Vec::with_capacity(expressions.len());
        for t in expressions {
            let (start, end) = (t.span.start as usize, t.span.end as usize);
            let kind = format!("{:?}", t.kind).to_uppercase();
            let tag = |start: usize, end: usize, value: &str| Timex {
                start,
                end,
                kind: kind.clone(),
                value: value.to_string(),
                modifier: t.modifier.clone(),
            };
            if let (Some(from), Some(to), Some(surface)) = (&t.from, &t.to, text.get(start..end))
                && let Some((left, right)) = split_at_dash(surface)
            {
                out.push(tag(start + left.0, start + left.1, from));
                out.push(tag(start + right.0, start + right.1, to));
            } else {
                out.push(tag(start, end, &t.value));
            }
        }
        out
    }
}

/// The two sides of a range joined by a hyphen or dash, as byte ranges without the spaces
/// around the dash; `None` unless both sides hold a digit or a letter.
fn split_at_dash(surface: &str) -> Option<((usize, usize), (usize, usize))> {
    let (at, dash) = surface.char_indices().find(|&(_, c)| matches!(c, '-' | '–' | '—'))?;
    let left = surface[..at].trim_end();
    let right_start = at + dash.len_utf8();
    let right = surface[right_start..].trim_start();
    let right_start = surface.len() - right.len();
    let filled = |s: &str| s.chars().any(char::is_alphanumeric);
    (filled(left) && filled(right)).then_some(((0, left.len()), (right_start, surface.len())))
}

fn attrs(tag: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_string();
        let after = &rest[eq + 2..];
        let Some(close) = after.find('"') else { break };
        out.insert(key, after[..close].to_string());
        rest = &after[close + 1..];
    }
    out
}

impl TimemlFile {
    /// Parses a TimeML file.
    pub fn parse(raw: &str) -> Result<TimemlFile, String> {
        let open = raw.find("<TEXT>").ok_or("no <TEXT> element")? + "<TEXT>".len();
        let close = raw[open..].find("</TEXT>").ok_or("<TEXT> is not closed")? + open;
        let dct = raw.find("<DCT>").and_then(|d| {
            let tag_end = raw[d..].find('>').map(|e| d + e)?;
            let rest = &raw[tag_end..];
            let t = rest.find("<TIMEX3")?;
            let end = rest[t..].find('>')?;
            attrs(&rest[t..t + end]).remove("value")
        });
        let content = &raw[open..close];
        // Strip TIMEX3 tags, keep the rest; then build the tag-free text with its map.
        let mut body = String::with_capacity(content.len());
        let mut text = String::with_capacity(content.len());
        let mut body_at = Vec::with_capacity(content.len() + 1);
        let mut timexes = Vec::new();
        let mut open_timex: Vec<(usize, HashMap<String, String>)> = Vec::new();
        let mut i = 0;
        let bytes = content.as_bytes();
        while i < bytes.len() {
            if bytes[i] == b'<' {
                let end = content[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
                let tag = &content[i..end];
                if tag.starts_with("<TIMEX3") {
                    if !tag.ends_with("/>") {
                        open_timex.push((text.len(), attrs(tag)));
                    }
                } else if tag.starts_with("</TIMEX3") {
                    if let Some((start, a)) = open_timex.pop() {
                        timexes.push(Timex {
                            start,
                            end: text.len(),
                            kind: a.get("type").cloned().unwrap_or_default(),
                            value: a.get("value").cloned().unwrap_or_default(),
                            modifier: a.get("mod").cloned(),
                        });
                    }
                } else {
                    body.push_str(tag);
                }
                i = end;
                continue;
            }
            let ch_len = content[i..].chars().next().map_or(1, char::len_utf8);
            let ch = &content[i..i + ch_len];
            // The body offset of each text byte.
            for k in 0..ch_len {
                body_at.push(body.len() + k);
            }
            body.push_str(ch);
            text.push_str(ch);
            i += ch_len;
        }
        body_at.push(body.len());
        // Gold extents are compared without surrounding whitespace, as the scorer does.
        for t in &mut timexes {
            let seg = &text[t.start..t.end];
            t.start += seg.len() - seg.trim_start().len();
            t.end -= seg.len() - seg.trim_end().len();
        }
        Ok(TimemlFile { raw: raw.to_string(), text_range: (open, close), body, text, body_at, dct, timexes })
    }

    /// The file with `timexes` as its only TIMEX3 tags in `<TEXT>`.
    pub fn write(&self, timexes: &[Timex]) -> String {
        let mut inserts: Vec<(usize, bool, String)> = Vec::new();
        for (n, t) in timexes.iter().enumerate() {
            let modifier = t.modifier.as_ref().map(|m| format!(" mod=\"{m}\"")).unwrap_or_default();
            let open = format!("<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"{}\"{modifier}>", 1000 + n, t.kind, t.value);
            // Opening tags go before any other tag at that place, closing ones after.
            let start = self.body_at[t.start];
            let end = if t.end == 0 { 0 } else { self.body_at[t.end - 1] + 1 };
            inserts.push((start, false, open));
            inserts.push((end, true, "</TIMEX3>".to_string()));
        }
        inserts.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut body = String::with_capacity(self.body.len() + inserts.len() * 64);
        let mut at = 0;
        for (pos, _, tag) in &inserts {
            body.push_str(&self.body[at..*pos]);
            body.push_str(tag);
            at = *pos;
        }
        body.push_str(&self.body[at..]);
        format!("{}{}{}", &self.raw[..self.text_range.0], body, &self.raw[self.text_range.1..])
    }
}

/// TempEval-3 counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub kind: usize,
    pub value: usize,
    pub files: usize,
}

impl Counts {
    /// Adds one file: strict = identical extents; relaxed = overlapping (one-to-one, greedy
    /// by overlap); type and value over relaxed matches.
    pub fn add(&mut self, gold: &[Timex], system: &[Timex]) {
        self.files += 1;
        self.gold += gold.len();
        self.system += system.len();
        self.strict += system.iter().filter(|s| gold.iter().any(|g| g.start == s.start && g.end == s.end)).count();
        let mut used = vec![false; gold.len()];
        for s in system {
            let mut best = None;
            let mut best_overlap = 0;
            for (j, g) in gold.iter().enumerate() {
                if used[j] {
                    continue;
                }
                let overlap = s.end.min(g.end) as isize - s.start.max(g.start) as isize;
                if overlap > best_overlap {
                    best = Some(j);
                    best_overlap = overlap;
                }
            }
            if let Some(j) = best {
                used[j] = true;
                self.relaxed += 1;
                self.kind += usize::from(gold[j].kind == s.kind);
                self.value += usize::from(gold[j].value == s.value);
            }
        }
    }

    fn prf(&self, correct: usize) -> (f64, f64, f64) {
        let p = if self.system == 0 { 0.0 } else { correct as f64 / self.system as f64 };
        let r = if self.gold == 0 { 0.0 } else { correct as f64 / self.gold as f64 };
        (p, r, if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
    }

    /// Strict span (precision, recall, F1).
    pub fn strict(&self) -> (f64, f64, f64) {
        self.prf(self.strict)
    }
    /// Relaxed span.
    pub fn relaxed(&self) -> (f64, f64, f64) {
        self.prf(self.relaxed)
    }
    /// Type, over relaxed matches.
    pub fn kind(&self) -> (f64, f64, f64) {
        self.prf(self.kind)
    }
    /// Value, over relaxed matches.
    pub fn value(&self) -> (f64, f64, f64) {
        self.prf(self.value)
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "files {}, gold {}, system {}", self.files, self.gold, self.system)?;
        for (name, (p, r, f1)) in
            [("strict", self.strict()), ("relaxed", self.relaxed()), ("type", self.kind()), ("value", self.value())]
        {
            writeln!(f, "{name:8} P {:6.2} R {:6.2} F1 {:6.2}", 100.0 * p, 100.0 * r, 100.0 * f1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2018-04-21\" functionInDocument=\"CREATION_TIME\">20180421</TIMEX3></DCT>\n<TEXT>\nHe <EVENT eid=\"e1\">said</EVENT> on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2018-04-20\">Friday</TIMEX3> that.\n</TEXT>\n</TimeML>\n";

    #[test]
    fn strips_and_rewrites_keeping_everything_else() {
        let f = TimemlFile::parse(FILE).unwrap();
        assert_eq!(f.dct.as_deref(), Some("2018-04-21"));
        assert_eq!(f.text, "\nHe said on Friday that.\n");
        assert_eq!(
            f.timexes,
            [Timex { start: 12, end: 18, kind: "DATE".into(), value: "2018-04-20".into(), modifier: None }]
        );
        let out = f.write(&f.timexes);
        assert!(out.contains("He <EVENT eid=\"e1\">said</EVENT> on <TIMEX3 tid=\"t1000\" type=\"DATE\" value=\"2018-04-20\">Friday</TIMEX3> that."), "{out}");
        assert!(out.starts_with("<?xml version=\"1.0\" ?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\""));
        let again = TimemlFile::parse(&out).unwrap();
        assert_eq!(again.timexes, f.timexes);
        let mut c = Counts::default();
        c.add(&f.timexes, &again.timexes);
        assert_eq!((c.strict, c.relaxed, c.value), (1, 1, 1));
    }

    #[test]
    fn ranges_joined_by_a_dash_are_two_tags() {
        let text = "The blockade of 1915-17 , the raids of 6-7 January 1916 and the talks of August - September 1950 failed in 2001 .";
        let dct = chrono::NaiveDate::from_ymd_opt(2001, 5, 1);
        let expressions = crate::tag(text, &[crate::whitespace_tokens(text)], dct);
        let timexes = Timex::of_expressions(text, &expressions);
        let tags: Vec<(&str, &str)> = timexes.iter().map(|t| (&text[t.start..t.end], t.value.as_str())).collect();
        assert_eq!(
            tags,
            [
                ("1915", "1915"),
                ("17", "1917"),
                ("6", "1916-01-06"),
                ("7 January 1916", "1916-01-07"),
                ("August", "1950-08"),
                ("September 1950", "1950-09"),
                ("2001", "2001"),
            ]
        );
    }
}
