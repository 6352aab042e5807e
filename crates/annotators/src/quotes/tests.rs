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
         Omar Haddad said: \"Nobody expected the talks to collapse so quickly.\"\n\n\
         \"We will try again next year.\"",
    ) else {
        return;
    };
    let q = quotes(&doc);
    // Interrupted by its attribution: one quote in two parts.
    let first = &doc.quotes[0];
    assert_eq!(q[0].2.as_deref(), Some("Kaja Lindqvist"), "{q:?}");
    let parts: Vec<&str> = first.parts.iter().map(|&p| doc.slice(p)).collect();
    assert_eq!(parts, ["We will not sign this deal,", "The tariffs stay."], "{q:?}");
    assert_eq!(first.text(&doc.text), "We will not sign this deal, … The tariffs stay.");
    assert_eq!(q[1].0, QuoteKind::Direct);
    assert!(q[1].1.starts_with("Nobody expected the talks to collapse so quickly."), "{q:?}");
    assert_eq!(q[1].2.as_deref(), Some("Omar Haddad"));
    // The next paragraph, unattributed: the same speaker by continuation (a quote of its own,
    // or a second part of the one before, as the learned joiner decides).
    let next =
        doc.quotes.iter().find(|x| x.text(&doc.text).ends_with("We will try again next year.")).expect("continued");
    assert_eq!(next.speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Omar Haddad"), "{q:?}");
    assert_eq!(first.addressee.as_deref(), Some("reporters"));
    assert_eq!(first.place.as_deref(), Some("Geneva"));
    assert_eq!(first.date.as_deref(), Some("2026-03-13"));
}

#[test]
fn doubled_marks_pronoun_speakers_and_signatures() {
    let Some(doc) = annotate(
        "''The vote was never close,'' he said after the count.\n\n\
         \u{201c}We will be back in the spring.\u{201d} \u{2015} Ines Moreau\n\n\
         \u{201c}Nobody told us,\u{201d} said the caretaker.\n\n\
         \u{201c}Why now?\u{201d} Graham asked.",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let speaker = |i: usize| doc.quotes[i].speaker.as_ref().map(|s| doc.slice(s.span));
    assert_eq!(q[0].1, "The vote was never close,", "{q:?}");
    assert_eq!(speaker(0), Some("he"), "{q:?}");
    assert_eq!(q[1].1, "We will be back in the spring.", "{q:?}");
    assert_eq!(speaker(1), Some("Ines Moreau"), "{q:?}");
    assert_eq!(speaker(2), Some("the caretaker"), "{q:?}");
    assert_eq!(speaker(3), Some("Graham"), "an attribution split off by the sentence splitter: {q:?}");
}

#[test]
fn quoted_fragments_belong_to_the_reported_speech_around_them() {
    let Some(doc) = annotate(
        "Governor Lena Brandt said the new bridge was \u{201c}a waste of money\u{201d} and would never pay for itself. \
         Brandt called the plan \u{201c}reckless\u{201d} on Tuesday. \
         The mayor attended the \u{201c}Harbour Days\u{201d} festival.",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let said = q.iter().find(|x| x.1.contains("waste of money")).unwrap_or_else(|| panic!("{q:?}"));
    assert_eq!(said.0, QuoteKind::Mixed, "{q:?}");
    assert!(said.1.starts_with("the new bridge") && said.1.contains("pay for itself"), "{q:?}");
    let called = q.iter().find(|x| x.1.contains("reckless")).unwrap_or_else(|| panic!("{q:?}"));
    assert_eq!((called.0, called.2.as_deref()), (QuoteKind::Mixed, Some("Lena Brandt")), "{q:?}");
    assert!(called.1.starts_with("the plan"), "{q:?}");
    assert!(q.iter().all(|x| !x.1.contains("Harbour Days")), "a title is not a quote: {q:?}");
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
    for text in [
        "He is 6'2\" tall and 5\" wide.",
        "\"\"\"",
        "“nested ‘quotes’ here,” he said.",
        "",
        "A fire broke out downtown.\nAccording to local radio\nTHREE PEOPLE DIED in the blaze.",
        "According to reports in a city newspaper:\nThe suspect was sentenced on Friday.",
        "''",
        "``quoted'' ''",
        "Poll: ",
    ] {
        let _ = annotate(text);
    }
}

#[test]
fn headlines_nominal_cues_and_learned_cues() {
    let Some(doc) = annotate(
        "Survey: Farmers Expect Another Dry Summer\n\n\
         Editor's note: this story was updated with new figures.\n\n\
         Mayor Ines Moreau repeated her claim that the harbour would reopen in May. \
         Moreau also lamented the closure of the ferry line.",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let find = |needle: &str| q.iter().find(|(_, c, _)| c.contains(needle));
    let headline = find("Farmers Expect").unwrap_or_else(|| panic!("{q:?}"));
    assert_eq!(headline.2.as_deref(), Some("Survey"), "{q:?}");
    assert!(find("story was updated").is_none(), "a label is not a source: {q:?}");
    assert_eq!(find("harbour would reopen").map(|x| x.2.as_deref()), Some(Some("Ines Moreau")), "{q:?}");
    // "lamented" comes from the learned lexicon (models/cues.tsv).
    assert_eq!(find("closure of the ferry").map(|x| x.2.as_deref()), Some(Some("Ines Moreau")), "{q:?}");
}

#[test]
fn a_quote_over_several_paragraphs_reopens_each_and_closes_once() {
    let Some(doc) = annotate(
        "Omar Haddad said: \"The first season was hard on everyone.\n\n\
         \"The second was worse, and nobody saw the flood coming.\n\n\
         \"But we rebuilt the dykes ourselves.\"\n\n\
         The council did not respond.",
    ) else {
        return;
    };
    let direct: Vec<_> = doc.quotes.iter().filter(|q| q.kind == newsgraph_document::QuoteKind::Direct).collect();
    assert_eq!(direct.len(), 1, "{:?}", quotes(&doc));
    assert_eq!(direct[0].parts.len(), 3, "{:?}", quotes(&doc));
    assert_eq!(direct[0].speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Omar Haddad"));
    assert!(direct[0].text(&doc.text).ends_with("rebuilt the dykes ourselves."), "{:?}", quotes(&doc));
}

#[test]
fn inverted_sources_participles_and_nested_reports() {
    let Some(doc) = annotate(
        "Said Nadia Okafor: \"The tax plan is a mess.\"\n\n\
         According to Pieter Van Damme, \"the vote was never close.\"\n\n\
         \"We see no link to the fire,\" the mayor said, adding that the inquiry would take weeks.\n\n\
         \"Rain is coming,\" my grandmother often said.\n\n\
         Okafor said the minister was wrong when he claimed that the budget was balanced.\n\n\
         Marta Lindgren, also campaigning in the north, said the harbour plan would fail.\n\n\
         \"The ferry will run again,\" said harbour master Tom Kelly.",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let speaker_of = |content: &str| {
        q.iter().find(|x| x.1.contains(content)).unwrap_or_else(|| panic!("{content}: {q:?}")).2.clone()
    };
    assert_eq!(speaker_of("tax plan").as_deref(), Some("Nadia Okafor"), "{q:?}");
    assert_eq!(speaker_of("never close").as_deref(), Some("Pieter Van Damme"), "{q:?}");
    assert_eq!(speaker_of("inquiry would take").as_deref(), Some("the mayor"), "{q:?}");
    assert_eq!(speaker_of("Rain is coming").as_deref(), Some("my grandmother"), "{q:?}");
    assert_eq!(speaker_of("harbour plan").as_deref(), Some("Marta Lindgren"), "{q:?}");
    // A name ending in "-ly" is not an adverb to trim.
    assert!(speaker_of("ferry will run").is_some_and(|s| s.ends_with("Kelly")), "{q:?}");
    // The minister's claim is part of what Okafor said, not a quote of its own.
    assert!(q.iter().any(|x| x.1.contains("minister was wrong") && x.1.contains("balanced")), "{q:?}");
    assert!(!q.iter().any(|x| x.1 == "the budget was balanced"), "{q:?}");
}

#[test]
fn a_colon_introduces_a_quote_across_a_paragraph_break() {
    let Some(doc) = annotate(
        "In a speech to the council in 1998, Mayor Ines Kowalski declared:\n\n\
         \"We will rebuild the bridge before the winter comes.\"\n\n\
         Gustavo Ferreira told the Harbour Gazette, \"The port will reopen in May.\"",
    ) else {
        return;
    };
    let q = quotes(&doc);
    assert_eq!(q[0].2.as_deref(), Some("Ines Kowalski"), "{q:?}");
    assert_eq!(q[1].2.as_deref(), Some("Gustavo Ferreira"), "{q:?}");
}

#[test]
fn mixed_marks_long_names_after_the_cue_and_continued_fragments() {
    let Some(doc) = annotate(
        "\u{201c}The harbour will reopen in May,\" said Port Authority Director Lena Okafor in a statement.\n\n\
         As the planner Tomas Brenner put it, \u{201c}Nobody builds a quay in a winter like this.\u{201d}\n\n\
         Ferry operators are \"barely breaking even,\" Mr. Brenner said from his office. \"Every month costs us.\"\n\n\
         \"Look at that,\" a dock worker exclaimed.",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let speaker = |i: usize| doc.quotes[i].speaker.as_ref().map(|s| doc.slice(s.span));
    // A curly opening closed by a straight mark is one quote, attributed after it.
    assert_eq!(q[0].1, "The harbour will reopen in May,", "{q:?}");
    assert!(speaker(0).is_some_and(|s| s.ends_with("Lena Okafor")), "{q:?}");
    assert!(q.iter().any(|x| x.1 == "Nobody builds a quay in a winter like this."), "{q:?}");
    let put_it = q.iter().position(|x| x.1 == "Nobody builds a quay in a winter like this.").unwrap();
    assert_eq!(speaker(put_it).map(|s| s.contains("Brenner")), Some(true), "{q:?}");
    // Unattributed, after a fragment the writer attributed: the same speaker, named, not "his"
    // (a quote of its own, or the fragment's second part).
    let cont = doc.quotes.iter().position(|x| x.text(&doc.text).ends_with("Every month costs us.")).unwrap();
    assert!(speaker(cont).is_some_and(|s| s.ends_with("Brenner")), "{q:?} {:?}", speaker(cont));
    let last = q.iter().position(|x| x.1 == "Look at that,").unwrap();
    assert_eq!(speaker(last), Some("a dock worker"), "{q:?}");
}

#[test]
fn coordinated_cues_and_quotes_after_the_writers_sentence() {
    let Some(doc) = annotate(
        "Mayor Ruth Calloway toured the flooded district on Monday and said the city would \"rebuild every bridge.\"\n\n\
         Senator Idris Vann, who chairs the transport committee, named the budget as the main obstacle. \
         \"We cannot pour concrete with promises.\"",
    ) else {
        return;
    };
    let q = quotes(&doc);
    let speaker = |i: usize| doc.quotes[i].speaker.as_ref().map(|s| doc.slice(s.span));
    let rebuild = q.iter().position(|x| x.1.contains("rebuild every bridge")).unwrap();
    assert!(speaker(rebuild).is_some_and(|s| s.ends_with("Ruth Calloway")), "{q:?}");
    let concrete = q.iter().position(|x| x.1 == "We cannot pour concrete with promises.").unwrap();
    assert!(speaker(concrete).is_some_and(|s| s.ends_with("Idris Vann")), "{q:?}");
}

#[test]
fn a_relative_pronoun_speaks_for_its_antecedent() {
    let Some(doc) = annotate(
        "The plan was drafted by Councillor Maren Holt, who said the tunnel would be \"a lifeline for the valley.\"",
    ) else {
        return;
    };
    let q = &doc.quotes;
    let quote = q.iter().find(|x| doc.slice(x.content).contains("lifeline")).expect("the quote");
    let speaker = quote.speaker.as_ref().expect("a speaker");
    assert_eq!(doc.slice(speaker.span), "who");
    assert!(speaker.name.as_deref().is_some_and(|n| n.contains("Maren Holt")), "{speaker:?}");
    assert!(speaker.entity.is_some(), "{speaker:?}");
}

#[test]
fn a_name_does_not_swallow_the_cue_after_doubled_marks() {
    // The recogniser may run a name on into the verb ("White said"); the name is trimmed, the
    // cue stays a cue.
    let Some(doc) = annotate("''Parents rely on the app to find their children,'' Ms. White said.") else {
        return;
    };
    let q = quotes(&doc);
    assert_eq!(q.len(), 1, "{q:?}");
    let speaker = doc.quotes[0].speaker.as_ref().map(|s| doc.slice(s.span));
    assert!(speaker.is_some_and(|s| s.ends_with("White")), "{q:?}");
    assert!(doc.entities.iter().all(|e| !e.name.ends_with("said")), "{:?}", doc.entities);
}

#[test]
fn according_to_with_no_source_after_it_attributes_nothing() {
    // Found by fuzzing: the source's span ran backwards (from the "." to the end of "to"),
    // and slicing it panicked.
    let Some(doc) = annotate("The strike will end soon, according to .") else {
        return;
    };
    newsgraph_document::fuzzing::assert_spans_inside(&doc);
    assert!(doc.quotes.is_empty(), "{:?}", quotes(&doc));
}
