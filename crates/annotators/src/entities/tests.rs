use newsgraph_document::{Document, EntityKind};
use newsgraph_pipeline::Pipeline;

fn annotate(text: &str) -> Option<Document> {
    newsgraph_ner::Recognizer::shared()?;
    let pipeline =
        Pipeline::from_names(&crate::registry(), &["paragraphs", "tokens", "sentences", "entities"]).unwrap();
    let mut doc = Document::new("text", text.to_string());
    pipeline.annotate(&mut doc);
    Some(doc)
}

#[test]
fn names_titles_aliases_and_pronouns() {
    let text = "Estonian Trade Minister Kaja Lindqvist met Harbourline Capital chief executive Rafael Okonkwo in Geneva on Monday. \
                \"We made progress,\" Ms Lindqvist said. She added that Lindqvist's team would return.\n\n\
                Omar Haddad, a Nairobi-based senior analyst at Meridian Bank, said the Trans-Pacific Partnership (TPP) was not discussed. \
                Mr Haddad, who is in charge of Kenya's bond research, said TPP talks had stalled.";
    let Some(doc) = annotate(text) else { return };
    let find = |name: &str| {
        doc.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name} in {:#?}", doc.entities))
    };
    let kaja = find("Kaja Lindqvist");
    assert_eq!(kaja.kind, EntityKind::Person);
    assert!(kaja.aliases.iter().any(|a| a == "Ms Lindqvist"), "{:?}", kaja.aliases);
    assert!(kaja.mentions.iter().any(|m| m.pronoun), "She → Kaja Lindqvist");
    assert!(
        kaja.roles.iter().any(|r| r.title == "Trade Minister" && r.of.as_deref() == Some("Estonia")),
        "{:?}",
        kaja.roles
    );
    let omar = find("Omar Haddad");
    assert!(
        omar.roles.iter().any(|r| r.title == "senior analyst"
            && r.of.as_deref() == Some("Meridian Bank")
            && r.place.as_deref() == Some("Nairobi")),
        "{:?}",
        omar.roles
    );
    assert!(
        omar.roles.iter().any(|r| r.title.starts_with("in charge of") && r.of.as_deref() == Some("Kenya")),
        "{:?}",
        omar.roles
    );
    let tpp = doc.entities.iter().find(|e| e.name == "Trans-Pacific Partnership").expect("TPP expanded");
    assert!(tpp.aliases.iter().any(|a| a == "TPP"), "{:?}", tpp.aliases);
}

#[test]
fn bad_input_is_handled() {
    // A 5 MB paragraph with no sentence end.
    let long = "Word ".repeat(1_000_000);
    for text in
        ["", "...!!!", "ALL CAPS HEADLINE ABOUT THE MINISTER", "混合 scripts Tokyo Мосва", "\u{0}\u{1}", long.as_str()]
    {
        let _ = annotate(text);
    }
}

#[test]
fn definite_descriptions_join_the_only_matching_organisation() {
    let text = "Earlier in the week in Washington, Bank of Japan Governor Haruhiko Kuroda, who also attended the meeting, \
                warned against trade protectionism. Mr Kuroda will be chairing the central bank's policy meeting next week.";
    let Some(doc) = annotate(text) else { return };
    let boj = doc.entities.iter().find(|e| e.name == "Bank of Japan").unwrap_or_else(|| panic!("{:#?}", doc.entities));
    assert!(boj.mentions.iter().any(|m| doc.slice(m.span) == "the central bank"), "{:?}", boj.mentions);
}
