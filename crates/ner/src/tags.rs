//! BILOU tags over the four CoNLL types, and conversion to and from IOB2 and spans.

use std::fmt;

/// Entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Person.
    Per,
    /// Organisation.
    Org,
    /// Location.
    Loc,
    /// Miscellaneous name.
    Misc,
}

impl Kind {
    /// All kinds, in class order.
    pub const ALL: [Kind; 4] = [Kind::Per, Kind::Org, Kind::Loc, Kind::Misc];

    /// CoNLL label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
            Kind::Misc => "MISC",
        }
    }

    /// From a CoNLL label.
    pub fn from_label(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.label() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Position of a token in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// First of several.
    Begin,
    /// Inside.
    Inside,
    /// Last of several.
    Last,
    /// A one-token entity.
    Unit,
}

/// A BILOU tag as a class index: 0 is `O`, then 4 positions × 4 kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub u8);

/// Number of classes.
pub const CLASSES: usize = 17;

impl Tag {
    /// Outside any entity.
    pub const O: Tag = Tag(0);

    /// The tag for a position in an entity of a kind.
    pub fn new(position: Position, kind: Kind) -> Tag {
        let p = match position {
            Position::Begin => 0,
            Position::Inside => 1,
            Position::Last => 2,
            Position::Unit => 3,
        };
        Tag(1 + p * 4 + kind as u8)
    }

    /// Position and kind, or `None` for `O`.
    pub fn parts(self) -> Option<(Position, Kind)> {
        if self.0 == 0 || self.0 as usize >= CLASSES {
            return None;
        }
        let i = self.0 - 1;
        let position = [Position::Begin, Position::Inside, Position::Last, Position::Unit][(i / 4) as usize];
        Some((position, Kind::ALL[(i % 4) as usize]))
    }

    /// Whether `next` may follow `self` in a well-formed BILOU sequence.
    pub fn allows(self, next: Tag) -> bool {
        let open = matches!(self.parts(), Some((Position::Begin | Position::Inside, _)));
        match (self.parts(), next.parts()) {
            (Some((Position::Begin | Position::Inside, k)), Some((Position::Inside | Position::Last, k2))) => k == k2,
            _ if open => false,
            (_, None) => true,
            (_, Some((p, _))) => matches!(p, Position::Begin | Position::Unit),
        }
    }

    /// Whether a sentence may end after this tag.
    pub fn can_end(self) -> bool {
        !matches!(self.parts(), Some((Position::Begin | Position::Inside, _)))
    }

    /// Short name (`O`, `B-PER`, `U-LOC`).
    pub fn name(self) -> String {
        match self.parts() {
            None => "O".to_string(),
            Some((p, k)) => {
                let p = match p {
                    Position::Begin => "B",
                    Position::Inside => "I",
                    Position::Last => "L",
                    Position::Unit => "U",
                };
                format!("{p}-{k}")
            }
        }
    }
}

/// An entity over tokens `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Type.
    pub kind: Kind,
}

/// Entity spans from BILOU tags (ill-formed runs are closed where they break).
pub fn spans_from_bilou(tags: &[Tag]) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, t) in tags.iter().enumerate() {
        match t.parts() {
            None => {
                if let Some((s, k)) = open.take() {
                    out.push(TokenSpan { start: s, end: i, kind: k });
                }
            }
            Some((p, k)) => {
                if let Some((s, ok)) = open
                    && (ok != k || matches!(p, Position::Begin | Position::Unit))
                {
                    out.push(TokenSpan { start: s, end: i, kind: ok });
                    open = None;
                }
                match p {
                    Position::Unit => out.push(TokenSpan { start: i, end: i + 1, kind: k }),
                    Position::Begin | Position::Inside => {
                        if open.is_none() {
                            open = Some((i, k));
                        }
                    }
                    Position::Last => {
                        let s = open.take().map_or(i, |(s, _)| s);
                        out.push(TokenSpan { start: s, end: i + 1, kind: k });
                    }
                }
            }
        }
    }
    if let Some((s, k)) = open {
        out.push(TokenSpan { start: s, end: tags.len(), kind: k });
    }
    out
}

/// BILOU tags for spans over `n` tokens.
pub fn bilou_from_spans(spans: &[TokenSpan], n: usize) -> Vec<Tag> {
    let mut tags = vec![Tag::O; n];
    for s in spans {
        if s.end - s.start == 1 {
            tags[s.start] = Tag::new(Position::Unit, s.kind);
        } else {
            tags[s.start] = Tag::new(Position::Begin, s.kind);
            for t in &mut tags[s.start + 1..s.end - 1] {
                *t = Tag::new(Position::Inside, s.kind);
            }
            tags[s.end - 1] = Tag::new(Position::Last, s.kind);
        }
    }
    tags
}

/// Entity spans from IOB1 or IOB2 labels (`B-PER`, `I-PER`, `O`), as conlleval reads them:
/// an `I-` after a different type or after `O` starts a new entity.
pub fn spans_from_iob(labels: &[&str]) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, l) in labels.iter().enumerate() {
        let (prefix, kind) = match l.split_once('-') {
            Some((p, k)) => (p, Kind::from_label(k)),
            None => ("O", None),
        };
        let continues = prefix == "I" && open.is_some_and(|(_, k)| Some(k) == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push(TokenSpan { start: s, end: i, kind: k });
            }
            if let Some(k) = kind {
                open = Some((i, k));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push(TokenSpan { start: s, end: labels.len(), kind: k });
    }
    out
}

/// IOB2 labels for spans over `n` tokens.
pub fn iob2_from_spans(spans: &[TokenSpan], n: usize) -> Vec<String> {
    let mut labels = vec!["O".to_string(); n];
    for s in spans {
        labels[s.start] = format!("B-{}", s.kind);
        for l in &mut labels[s.start + 1..s.end] {
            *l = format!("I-{}", s.kind);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let spans = vec![
            TokenSpan { start: 0, end: 1, kind: Kind::Org },
            TokenSpan { start: 2, end: 5, kind: Kind::Per },
            TokenSpan { start: 5, end: 7, kind: Kind::Loc },
        ];
        let tags = bilou_from_spans(&spans, 8);
        assert_eq!(spans_from_bilou(&tags), spans);
        let iob = iob2_from_spans(&spans, 8);
        let iob: Vec<&str> = iob.iter().map(String::as_str).collect();
        assert_eq!(spans_from_iob(&iob), spans);
        for t in 0..CLASSES as u8 {
            let tag = Tag(t);
            if let Some((p, k)) = tag.parts() {
                assert_eq!(Tag::new(p, k), tag);
            }
        }
    }

    #[test]
    fn transitions() {
        let b = Tag::new(Position::Begin, Kind::Per);
        assert!(b.allows(Tag::new(Position::Last, Kind::Per)));
        assert!(!b.allows(Tag::new(Position::Last, Kind::Org)));
        assert!(!b.allows(Tag::O));
        assert!(Tag::O.allows(Tag::new(Position::Unit, Kind::Loc)));
        assert!(!Tag::O.allows(Tag::new(Position::Inside, Kind::Loc)));
        assert!(!b.can_end());
    }

    #[test]
    fn iob1_reads_like_conlleval() {
        assert_eq!(
            spans_from_iob(&["I-PER", "I-PER", "B-PER", "O", "I-LOC"]),
            vec![
                TokenSpan { start: 0, end: 2, kind: Kind::Per },
                TokenSpan { start: 2, end: 3, kind: Kind::Per },
                TokenSpan { start: 4, end: 5, kind: Kind::Loc },
            ]
        );
    }
}
