use newsgraph_document::{Document, QuoteKind};

use crate::fixtures::annotate;

fn quotes(doc: &Document) -> Vec<(QuoteKind, String, Option<String>)> {
    doc.quotes
        .iter()
        .map(|q| (q.kind, doc.slice(q.content).to_string(), q.speaker.as_ref().and_then(|s| s.name.clone())))
        .collect()
}

#[test]
fn direct_quotes_with_cues_after_before_and_continuation() {
    let Some(doc) = annotate(
        "\"We will not sign this deal,\" Trade Minister Kaja Lindqvist told reporters in Geneva on Friday. \"The tariffs stay.\"\n\n\
         Omar Haddad said: \"Nobody expected the talks to collapse so quickly.\"",
    ) else {
        return;
    };
    let q = quotes(&doc);
    assert_eq!(q[0], (QuoteKind::Direct, "We will not sign this deal,".into(), Some("Kaja Lindqvist".into())), "{q:?}");
    assert_eq!(q[1].2.as_deref(), Some("Kaja Lindqvist"), "continuation: {q:?}");
    assert_eq!(q[2].2.as_deref(), Some("Omar Haddad"), "{q:?}");
    let first = &doc.quotes[0];
    assert_eq!(first.addressee.as_deref(), Some("reporters"));
    assert_eq!(first.place.as_deref(), Some("Geneva"));
    assert_eq!(first.date.as_deref(), Some("2026-03-13"));
}

#[test]
fn indirect_patterns() {
    let Some(doc) = annotate(
        "Finance Minister Rafael Okonkwo said the budget would be balanced by next year. \
         The central bank will raise rates again, according to Omar Haddad. \
         Prices will keep rising, Maria Lopez warned. \
         Omar Haddad, who leads the union, warned that the strike could last for weeks.",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let find =
        |needle: &str| q.iter().find(|(_, c, _)| c.contains(needle)).unwrap_or_else(|| panic!("{needle} in {q:?}"));
    assert_eq!(find("budget would be balanced").2.as_deref(), Some("Rafael Okonkwo"));
    assert_eq!(find("raise rates").2.as_deref(), Some("Omar Haddad"));
    assert_eq!(find("keep rising").2.as_deref(), Some("Maria Lopez"));
    assert_eq!(find("strike could last").2.as_deref(), Some("Omar Haddad"));
    assert!(q.iter().all(|(k, _, _)| *k == QuoteKind::Indirect));
}

#[test]
fn bad_input_is_bounded() {
    let Some(doc) = annotate("He said \"this never closes and goes on\n\nNext paragraph is not part of it.") else {
        return;
    };
    assert!(doc.quotes.iter().all(|q| !doc.slice(q.content).contains("Next paragraph")), "{:?}", quotes(&doc));
    let long = format!("\"{}\" she said.", "word ".repeat(2000));
    let doc = annotate(&long).unwrap();
    assert_eq!(doc.quotes.len(), 1);
    for text in ["He is 6'2\" tall and 5\" wide.", "\"\"\"", "“nested ‘quotes’ here,” he said.", ""] {
        let _ = annotate(text);
    }
}
