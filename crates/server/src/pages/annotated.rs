//! An article's text as HTML with its layers marked: quotes (with speaker and cue), event
//! triggers, entity mentions and time expressions. Spans of different layers overlap freely
//! (a quote holds mentions; a mention may straddle a time expression), so the text is cut
//! at every span edge and each piece is wrapped in the elements of the spans covering it,
//! outermost layer first: the HTML is always well nested, whatever the spans.

use maud::{Markup, html};
use newsgraph_document::{Document, EntityKind, Span};

/// What a marked span is.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Quote content; index into `quotes`.
    Quote(usize),
    /// A quote's speaker mention.
    Speaker(usize),
    /// A quote's cue ("said").
    Cue,
    /// An event trigger; index into `events`.
    Event(usize),
    /// An entity mention; index into `entities`.
    Entity(usize),
    /// A time expression; index into `time_expressions`.
    Time(usize),
}

impl Kind {
    /// Nesting order: lower wraps higher.
    fn depth(self) -> u8 {
        match self {
            Kind::Quote(_) => 0,
            Kind::Speaker(_) | Kind::Cue => 1,
            Kind::Event(_) => 2,
            Kind::Entity(_) => 3,
            Kind::Time(_) => 4,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    kind: Kind,
}

/// CSS class of an entity type.
pub fn entity_class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "per",
        EntityKind::Organisation => "org",
        EntityKind::Location => "loc",
        EntityKind::Misc => "misc",
    }
}

/// Human name of an entity type.
pub fn entity_type_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organisation => "organisation",
        EntityKind::Location => "place",
        EntityKind::Misc => "other",
    }
}

fn marks(doc: &Document) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (i, q) in doc.quotes.iter().enumerate() {
        marks.push(Mark { span: q.content, kind: Kind::Quote(i) });
        if let Some(s) = &q.speaker {
            marks.push(Mark { span: s.span, kind: Kind::Speaker(i) });
        }
        if let Some(c) = q.cue {
            marks.push(Mark { span: c, kind: Kind::Cue });
        }
    }
    for (i, e) in doc.events.iter().enumerate() {
        marks.push(Mark { span: e.trigger, kind: Kind::Event(i) });
    }
    for (i, e) in doc.entities.iter().enumerate() {
        marks.extend(e.mentions.iter().map(|m| Mark { span: m.span, kind: Kind::Entity(i) }));
    }
    for (i, t) in doc.time_expressions.iter().enumerate() {
        marks.push(Mark { span: t.span, kind: Kind::Time(i) });
    }
    // A span that does not fit the text is dropped rather than trusted.
    marks.retain(|m| !m.span.is_empty() && doc.text.get(m.span.range()).is_some());
    marks
}

/// The body as paragraphs of marked-up text.
pub fn body(doc: &Document) -> Markup {
    let marks = marks(doc);
    let paragraphs: Vec<Span> = if doc.paragraphs.is_empty() {
        vec![Span::new(0, doc.text.len())]
    } else {
        doc.paragraphs.iter().copied().filter(|p| doc.text.get(p.range()).is_some()).collect()
    };
    html! {
        @for p in paragraphs {
            p { (paragraph(doc, p, &marks)) }
        }
    }
}

fn paragraph(doc: &Document, para: Span, all: &[Mark]) -> Markup {
    let marks: Vec<Mark> = all.iter().copied().filter(|m| m.span.overlaps(para)).collect();
    let mut cuts: Vec<u32> = vec![para.start, para.end];
    for m in &marks {
        cuts.extend([m.span.start.max(para.start), m.span.end.min(para.end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let piece = Span { start: w[0], end: w[1] };
        let Some(text) = doc.text.get(piece.range()) else { continue };
        let mut covering: Vec<Mark> = marks.iter().copied().filter(|m| m.span.contains(piece)).collect();
        covering.sort_by_key(|m| (m.kind.depth(), std::cmp::Reverse(m.span.len())));
        pieces.push(wrap(doc, &covering, text));
    }
    html! { @for p in pieces { (p) } }
}

/// `text` inside the elements of `marks`, outermost first.
fn wrap(doc: &Document, marks: &[Mark], text: &str) -> Markup {
    let Some((m, inner)) = marks.split_first() else { return html! { (text) } };
    let inside = wrap(doc, inner, text);
    match m.kind {
        Kind::Quote(i) => {
            let q = &doc.quotes[i];
            let who = q.speaker.as_ref().and_then(|s| s.name.clone()).unwrap_or_else(|| "unattributed".to_string());
            html! { span class={ "quote q-" (kind_name(q)) } data-quote=(i) title={ "Quote (" (kind_name(q)) "): " (who) } { (inside) } }
        }
        Kind::Speaker(i) => html! { span.speaker data-quote=(i) title="Speaker" { (inside) } },
        Kind::Cue => html! { span.cue { (inside) } },
        Kind::Event(i) => {
            let e = &doc.events[i];
            html! { span.event title={ (e.kind) " · " (status_name(e.status)) @if let Some(d) = &e.date { " · " (d) } } { (inside) } }
        }
        Kind::Entity(i) => {
            let e = &doc.entities[i];
            html! {
                // Linked entities lead to their page across articles; others to their line here.
                a class={ "ent " (entity_class(e.kind)) } href=(match &e.global { Some(g) => format!("/entities/{g}"), None => format!("#entity-{}", e.id) })
                  title={ (e.name) " (" (entity_type_name(e.kind)) ")" } { (inside) }
            }
        }
        Kind::Time(i) => {
            let t = &doc.time_expressions[i];
            html! { span.time data-value=(t.value) title={ (time_type(t)) " " (t.value) } { (inside) } }
        }
    }
}

/// `direct`, `indirect` or `mixed`.
pub fn kind_name(q: &newsgraph_document::Quote) -> &'static str {
    match q.kind {
        newsgraph_document::QuoteKind::Direct => "direct",
        newsgraph_document::QuoteKind::Indirect => "indirect",
        newsgraph_document::QuoteKind::Mixed => "mixed",
    }
}

/// An event status as the JSON form spells it.
pub fn status_name(s: newsgraph_document::EventStatus) -> &'static str {
    use newsgraph_document::EventStatus as S;
    match s {
        S::Happened => "happened",
        S::Ongoing => "ongoing",
        S::Scheduled => "scheduled",
        S::Negated => "negated",
        S::Hypothetical => "hypothetical",
    }
}

/// `DATE`, `TIME`, `DURATION` or `SET`.
pub fn time_type(t: &newsgraph_document::TimeExpression) -> &'static str {
    use newsgraph_document::TimeType as T;
    match t.kind {
        T::Date => "DATE",
        T::Time => "TIME",
        T::Duration => "DURATION",
        T::Set => "SET",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_document::{Entity, Mention, TimeExpression, TimeType};

    fn doc(text: &str) -> Document {
        Document::new("text", text.to_string())
    }

    #[test]
    fn overlapping_spans_nest_and_text_is_escaped() {
        let mut d = doc("Aso <b>said</b> on Friday");
        d.entities.push(Entity {
            id: "E1".into(),
            kind: EntityKind::Person,
            name: "Aso".into(),
            global: None,
            aliases: vec![],
            roles: vec![],
            mentions: vec![Mention { span: Span::new(0, 3), pronoun: false }],
            geo: None,
        });
        // A time expression that starts inside the entity and runs past it.
        d.time_expressions.push(TimeExpression {
            span: Span::new(1, 7),
            kind: TimeType::Date,
            value: "2018-04-20".into(),
            from: None,
            to: None,
            modifier: None,
        });
        let html = body(&d).into_string();
        assert!(html.contains("&lt;b&gt;</span>said&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(html.matches("<a ").count(), html.matches("</a>").count());
        assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
        // The entity piece that the time expression covers sits inside both.
        assert!(html.contains(r#"title="DATE 2018-04-20">so</span></a>"#), "{html}");
    }

    #[test]
    fn spans_off_the_text_are_dropped() {
        let mut d = doc("é");
        d.time_expressions.push(TimeExpression {
            span: Span::new(1, 2),
            kind: TimeType::Date,
            value: "X".into(),
            from: None,
            to: None,
            modifier: None,
        });
        assert_eq!(body(&d).into_string(), "<p>é</p>");
    }
}
