//! Sentences of a CoNLL-U treebank: words, Penn Treebank tags (XPOS, finer than UPOS about
//! tense and voice, which the events layer needs), heads and relations.

/// One sentence of a treebank. `heads[i] == words.len()` is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreebankSentence {
    pub words: Vec<String>,
    pub tags: Vec<String>,
    pub heads: Vec<usize>,
    pub labels: Vec<String>,
}

/// The sentences of a CoNLL-U file. Multi-word token lines and empty nodes are skipped; a
/// sentence with a malformed line is an error naming the line.
pub fn read_conllu(text: &str) -> Result<Vec<TreebankSentence>, String> {
    let mut out = Vec::new();
    let mut rows: Vec<(String, String, usize, String)> = Vec::new();
    let mut flush = |rows: &mut Vec<(String, String, usize, String)>| {
        if rows.is_empty() {
            return;
        }
        let n = rows.len();
        out.push(TreebankSentence {
            words: rows.iter().map(|r| r.0.clone()).collect(),
            tags: rows.iter().map(|r| r.1.clone()).collect(),
            heads: rows.iter().map(|r| if r.2 == 0 { n } else { r.2 - 1 }).collect(),
            labels: rows.iter().map(|r| r.3.clone()).collect(),
        });
        rows.clear();
    };
    for (k, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            flush(&mut rows);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            return Err(format!("line {}: {} columns, CoNLL-U has 10", k + 1, cols.len()));
        }
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| format!("line {}: bad id {:?}", k + 1, cols[0]))?;
        let head: usize = cols[6].parse().map_err(|_| format!("line {}: bad head {:?}", k + 1, cols[6]))?;
        if id != rows.len() + 1 {
            return Err(format!("line {}: id {id} out of order", k + 1));
        }
        rows.push((cols[1].to_string(), cols[4].to_string(), head, cols[7].to_string()));
    }
    flush(&mut rows);
    for (k, s) in out.iter().enumerate() {
        if s.heads.iter().any(|&h| h > s.words.len()) {
            return Err(format!("sentence {}: a head beyond the sentence", k + 1));
        }
    }
    Ok(out)
}
