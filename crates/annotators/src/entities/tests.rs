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

#[test]
fn titles_are_roles_not_part_of_names() {
    let text = "Tidewater Chief Executive Anton Verwey said on Tuesday that the shipping company would sell four vessels. \
                Finance Minister Ilse Marwick welcomed the sale, and Harlow Mining Senior Vice President Dana Osei said \
                her company might buy two of them. Verwey declined to name a price.";
    let Some(doc) = annotate(text) else { return };
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    for glued in ["Chief Executive", "Finance Minister", "Vice President"] {
        assert!(!names.iter().any(|n| n.contains(glued)), "{glued} glued into a name: {names:?}");
    }
    let find =
        |name: &str| doc.entities.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name} in {names:?}"));
    let anton = find("Anton Verwey");
    assert_eq!(anton.kind, EntityKind::Person);
    assert!(anton.mentions.len() >= 2, "Verwey is Anton Verwey: {:?}", anton.mentions);
    assert!(
        anton.roles.iter().any(|r| r.title == "Chief Executive" && r.of.as_deref() == Some("Tidewater")),
        "{:?}",
        anton.roles
    );
    assert_eq!(find("Tidewater").kind, EntityKind::Organisation);
    assert_eq!(find("Ilse Marwick").kind, EntityKind::Person);
    let dana = find("Dana Osei");
    assert!(dana.roles.iter().any(|r| r.title == "Senior Vice President"), "{:?}", dana.roles);
}

#[test]
fn one_organisation_written_two_ways_is_one_entity() {
    let text = "Harlow Mining Corp. said on Monday it would close its smelter in Kitwe. \
                Shares of Harlow Mining fell 4 percent after the announcement, and Harlow said 300 jobs would go.";
    let Some(doc) = annotate(text) else { return };
    let harlow: Vec<_> = doc.entities.iter().filter(|e| e.name.starts_with("Harlow")).collect();
    assert_eq!(harlow.len(), 1, "{:#?}", doc.entities);
    assert_eq!(harlow[0].kind, EntityKind::Organisation);
    assert!(harlow[0].mentions.len() >= 2, "{:?}", harlow[0].mentions);
}

#[test]
fn names_stop_at_common_nouns_and_a_title_alone_is_no_name() {
    let text = "Coalition talks between the Democratic Renewal party and the Green Left collapsed on Friday. \
                Opposition leader Marek Zielinski called for the resignation of Interior Minister Halina Kowalczyk.";
    let Some(doc) = annotate(text) else { return };
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("party") || n.contains(" and ")), "{names:?}");
    assert!(names.contains(&"Green Left"), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with("Minister")), "{names:?}");
    let halina = doc.entities.iter().find(|e| e.name == "Halina Kowalczyk").expect("Halina Kowalczyk");
    assert!(halina.roles.iter().any(|r| r.title == "Interior Minister"), "{:?}", halina.roles);
}

#[test]
fn a_country_the_recogniser_left_out_is_a_place_unless_part_of_a_longer_name() {
    let Some(doc) =
        crate::fixtures::annotate("Vietnam and the Philippines agreed on Monday. Vietnam Airlines cut fares.")
    else {
        return;
    };
    let names: Vec<(&str, EntityKind)> = doc.entities.iter().map(|e| (e.name.as_str(), e.kind)).collect();
    assert!(names.contains(&("Vietnam", EntityKind::Location)), "{names:?}");
    assert!(!names.iter().any(|(n, k)| *n == "Vietnam" && *k != EntityKind::Location), "{names:?}");
}
