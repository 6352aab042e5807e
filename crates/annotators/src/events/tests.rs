use newsgraph_document::{Document, EventStatus};

use crate::fixtures::annotate;

/// (type, named participants, status) of every event.
fn events(doc: &Document) -> Vec<(String, Vec<String>, EventStatus)> {
    doc.events
        .iter()
        .map(|e| {
            let named = e.participants.iter().filter(|p| p.entity.is_some()).map(|p| p.name.clone()).collect();
            (e.kind.clone(), named, e.status)
        })
        .collect()
}

/// (type, description, role) of every unnamed participant.
fn descriptions(doc: &Document) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for e in &doc.events {
        for p in e.participants.iter().filter(|p| p.entity.is_none()) {
            assert_eq!(doc.slice(p.span.expect("a description has its span")), p.name);
            out.push((e.kind.clone(), p.name.clone(), p.role.clone()));
        }
    }
    out
}

/// Asserts that `text` yields an event of `kind` with exactly these participants and status.
fn expect(text: &str, kind: &str, names: &[&str], status: EventStatus) {
    let Some(doc) = annotate(text) else { return };
    let found = events(&doc);
    let hit = found.iter().any(|(k, p, s)| {
        k == kind && *s == status && p.len() == names.len() && names.iter().all(|n| p.iter().any(|x| x == n))
    });
    assert!(hit, "{kind} {names:?} {status:?} in «{text}»: {found:?}");
}

#[test]
fn every_event_type() {
    use EventStatus::*;
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "Foreign Minister Ilse Marten met Prime Minister Joao Ferraz in Lisbon on Tuesday.",
            "meet",
            &["Ilse Marten", "Joao Ferraz"],
        ),
        ("President Amara Osei visited Kenya last week.", "visit", &["Amara Osei", "Kenya"]),
        ("Energy Minister Petra Vos attended the Baltic Energy Forum on Monday.", "attend", &["Petra Vos"]),
        ("Peru negotiated with the Andean Mining Group for months.", "negotiate", &["Peru", "Andean Mining Group"]),
        ("Ford Motor Co signed a supply deal with Siemens AG on Friday.", "agree", &["Ford Motor Co", "Siemens AG"]),
        (
            "Senator Lia Brandt criticised Governor Tom Reyes over the budget.",
            "criticise",
            &["Lia Brandt", "Tom Reyes"],
        ),
        (
            "The Central Bank of Iceland warned on Monday that inflation would rise.",
            "warn",
            &["Central Bank of Iceland"],
        ),
        ("Chile threatened to leave the talks.", "threaten", &["Chile"]),
        ("Japan imposed tariffs on Vietnam on Thursday.", "impose", &["Japan", "Vietnam"]),
        ("Union leader Rosa Pinto demanded higher wages on Friday.", "demand", &["Rosa Pinto"]),
        (
            "President Ana Ruiz appointed Carlos Mendez as finance minister on Friday.",
            "appoint",
            &["Ana Ruiz", "Carlos Mendez"],
        ),
        ("Lumina Bank chief executive Erik Sand resigned on Monday.", "resign", &["Erik Sand"]),
        ("Members of the Dock Workers Union rallied outside parliament on Sunday.", "protest", &["Dock Workers Union"]),
        ("Police arrested opposition leader Musa Bello in Kano on Saturday.", "arrest", &["Musa Bello"]),
        ("The Red Hills Brigade attacked an army base on Sunday.", "attack", &["Red Hills Brigade"]),
    ];
    for (text, kind, names) in cases {
        expect(text, kind, names, Happened);
    }
}

#[test]
fn every_status() {
    use EventStatus::*;
    expect(
        "Finance Minister Oskar Lind will meet Premier Hana Sato in Tokyo next week.",
        "meet",
        &["Oskar Lind", "Hana Sato"],
        Scheduled,
    );
    expect("Foreign Minister Rania Aziz is visiting Jordan this week.", "visit", &["Rania Aziz", "Jordan"], Ongoing);
    expect("Defence Minister Paul Keller did not attend the summit.", "attend", &["Paul Keller"], Negated);
    expect("Mayor Lena Fischer said she is not considering stepping down.", "resign", &["Lena Fischer"], Negated);
    expect("Chancellor Otto Brenner could resign if the vote fails.", "resign", &["Otto Brenner"], Hypothetical);
}

#[test]
fn nominalisations_with_possessor_counterpart_and_date() {
    let Some(doc) = annotate(
        "Earlier in the week, Prime Minister Ken Ito's meeting with President Maria Costa highlighted differences. \
         Governor Ravi Nair will be chairing the central bank's policy meeting on March 26-27.",
    ) else {
        return;
    };
    let meet = |name: &str| {
        doc.events
            .iter()
            .find(|e| e.kind == "meet" && e.participants.iter().any(|p| p.name == name))
            .unwrap_or_else(|| panic!("{name}: {:?}", events(&doc)))
    };
    let m = meet("Ken Ito");
    assert!(m.participants.iter().any(|p| p.name == "Maria Costa" && p.role == "counterpart"), "{m:?}");
    assert_eq!(m.status, EventStatus::Happened);
    let chaired = meet("Ravi Nair");
    assert_eq!(chaired.status, EventStatus::Scheduled);
    assert_eq!(chaired.date.as_deref(), Some("2026-03-26"));
}

#[test]
fn calls_for_resignation_are_hypothetical_and_name_the_target() {
    let Some(doc) = annotate("Opposition leader Marta Novak called for the resignation of Health Minister Jan Horak.")
    else {
        return;
    };
    let found = events(&doc);
    assert!(found.contains(&("demand".into(), vec!["Marta Novak".into(), "Jan Horak".into()], EventStatus::Happened)));
    assert!(found.contains(&("resign".into(), vec!["Jan Horak".into()], EventStatus::Hypothetical)), "{found:?}");
}

#[test]
fn unnamed_participants_are_their_descriptions() {
    let Some(doc) = annotate("Officials met on Tuesday. Protesters rallied in the rain.") else { return };
    let found = descriptions(&doc);
    assert!(found.contains(&("meet".into(), "Officials".into(), "agent".into())), "{found:?}");
    assert!(found.contains(&("protest".into(), "Protesters".into(), "agent".into())), "{found:?}");
    let Some(doc) = annotate("Police arrested opposition leader Musa Bello in Kano. Gunmen killed 14 villagers.")
    else {
        return;
    };
    let found = descriptions(&doc);
    assert!(found.contains(&("arrest".into(), "Police".into(), "agent".into())), "{found:?}");
    assert!(found.contains(&("attack".into(), "Gunmen".into(), "agent".into())), "{found:?}");
    assert!(found.contains(&("attack".into(), "14 villagers".into(), "target".into())), "{found:?}");
    // The name is a participant as before; the description stands beside it.
    assert!(events(&doc).contains(&("arrest".into(), vec!["Musa Bello".into()], EventStatus::Happened)));
}

#[test]
fn an_unnamed_mention_joins_an_event_only_as_a_definite_noun() {
    let Some(doc) = annotate(
        "A car bomb exploded outside the market on Monday. The blast damaged shops. \
         Hours later a second bombing hit the port.",
    ) else {
        return;
    };
    let triggers: Vec<&str> = doc.events.iter().filter(|e| e.kind == "attack").map(|e| doc.slice(e.trigger)).collect();
    // "The blast" is the explosion again, kept as its mention; "a second bombing" is another attack.
    assert_eq!(triggers, ["exploded", "bombing"], "{triggers:?}");
    let first = doc.events.iter().find(|e| e.kind == "attack").unwrap();
    let mentions: Vec<&str> = first.mentions.iter().map(|m| doc.slice(*m)).collect();
    assert_eq!(mentions, ["blast"]);
}

#[test]
fn long_lists_and_deep_nesting_stay_bounded() {
    let names: Vec<String> = (0..200).map(|i| format!("Delegate{} Person{}", i, i)).collect();
    let list = format!("{} met in Geneva on Monday.", names.join(", "));
    let nested = "Mr Karl Weber, who said that the man who met the woman who visited the town that \
                  the army attacked, "
        .repeat(60)
        + "resigned.";
    let openers = ["Strike at dawn: two dead.", "Meeting ends early.", "Visits resume as talks begin.", "Attack"];
    for text in [list, nested, "met met met , , visit the the".to_string()]
        .into_iter()
        .chain(openers.iter().map(|t| t.to_string()))
    {
        let Some(doc) = annotate(&text) else { return };
        for e in &doc.events {
            assert!(e.participants.len() <= super::MAX_PARTICIPANTS);
            assert!(e.trigger.end as usize <= text.len());
        }
    }
}

#[test]
fn a_demand_is_not_a_resignation() {
    // The one called on to resign is the resignation's agent; who demands it takes no part.
    let Some(doc) = annotate("Senator Dana Whitfield called on Governor Aaron Pike to resign on Tuesday.") else {
        return;
    };
    let found = events(&doc);
    assert!(
        found.contains(&("demand".into(), vec!["Dana Whitfield".into(), "Aaron Pike".into()], EventStatus::Happened)),
        "{found:?}"
    );
    assert!(found.contains(&("resign".into(), vec!["Aaron Pike".into()], EventStatus::Hypothetical)), "{found:?}");
    // "called on Monday" is a date, not a demand.
    let Some(doc) = annotate("Dana Whitfield called on Monday to say she was ill.") else { return };
    assert!(doc.events.is_empty(), "{:?}", events(&doc));
}

#[test]
fn groups_and_descriptions_take_part_but_modifiers_do_not() {
    let Some(doc) = annotate("Democrats demanded a vote. Clinton urged Bulgarian officials to act.") else { return };
    let found = events(&doc);
    assert!(found.contains(&("demand".into(), vec!["Democrats".into()], EventStatus::Happened)), "{found:?}");
    let found = descriptions(&doc);
    assert!(found.contains(&("demand".into(), "Bulgarian officials".into(), "target".into())), "{found:?}");
    // An adjective before a noun trigger is no subject; a plural is.
    let Some(doc) = annotate("The region sees frequent attacks on convoys. Militants attacked a convoy.") else {
        return;
    };
    let found = descriptions(&doc);
    assert!(!found.iter().any(|(_, d, _)| d.contains("frequent")), "{found:?}");
    assert!(found.contains(&("attack".into(), "Militants".into(), "agent".into())), "{found:?}");
    // Unnamed complements of a noun or a passive.
    let Some(doc) = annotate("The attacks on security forces continued. A soldier was killed by gunmen.") else {
        return;
    };
    let found = descriptions(&doc);
    assert!(found.contains(&("attack".into(), "security forces".into(), "target".into())), "{found:?}");
    assert!(found.contains(&("attack".into(), "gunmen".into(), "agent".into())), "{found:?}");
    assert!(found.contains(&("attack".into(), "A soldier".into(), "target".into())), "{found:?}");
    let Some(doc) = annotate("The massacre of 1.5 million people was denied for decades.") else { return };
    let found = descriptions(&doc);
    assert!(found.contains(&("attack".into(), "1.5 million people".into(), "target".into())), "{found:?}");
}

#[test]
fn the_verb_governing_an_infinitive_decides_whether_it_happened() {
    use EventStatus::*;
    // Learned from TimeML's subordination links: "failed to" did not happen, "wants to" may.
    expect(
        "Prime Minister Ilse Marten failed to meet Joao Ferraz in Lisbon.",
        "meet",
        &["Ilse Marten", "Joao Ferraz"],
        Negated,
    );
    expect(
        "Prime Minister Ilse Marten wants to meet Joao Ferraz in Lisbon.",
        "meet",
        &["Ilse Marten", "Joao Ferraz"],
        Hypothetical,
    );
    // A noun whose own verb is future: "the talks will be held".
    let Some(doc) = annotate("Talks between Peru and Chile will be held in Lima.") else { return };
    assert!(doc.events.iter().any(|e| e.kind == "meet" && e.status == Scheduled), "{:?}", events(&doc));
}

#[test]
fn an_election_is_an_appointment_only_as_someones() {
    let Some(doc) =
        annotate("Opposition parties boycotted the election. Prime Minister Claire Donnelly's election came in May.")
    else {
        return;
    };
    let found = events(&doc);
    assert!(found.iter().any(|(k, p, _)| k == "appoint" && p == &["Claire Donnelly".to_string()]), "{found:?}");
    assert_eq!(found.iter().filter(|(k, _, _)| k == "appoint").count(), 1, "{found:?}");
    // "the name of X" is no naming; "signed up" no agreement.
    let Some(doc) = annotate("He rented the truck in the name of Robert Kling. Readers signed up for the newsletter.")
    else {
        return;
    };
    assert!(!doc.events.iter().any(|e| matches!(e.kind.as_str(), "appoint" | "agree")), "{:?}", events(&doc));
}

#[test]
fn asking_someone_to_act_is_a_demand_but_an_order_of_goods_is_not() {
    let Some(doc) =
        annotate("Minister Lena Brandt asked Governor Aaron Pike to resign. Skyways ordered 50 jets from Airbus.")
    else {
        return;
    };
    let found = events(&doc);
    assert!(
        found.contains(&("demand".into(), vec!["Lena Brandt".into(), "Aaron Pike".into()], EventStatus::Happened)),
        "{found:?}"
    );
    assert!(found.contains(&("resign".into(), vec!["Aaron Pike".into()], EventStatus::Hypothetical)), "{found:?}");
    assert_eq!(found.iter().filter(|(k, _, _)| k == "demand").count(), 1, "{found:?}");
}

#[test]
fn a_name_inside_a_modifier_is_not_a_participant() {
    // Those "close to" someone are indicted; the one they are close to is not.
    let Some(doc) = annotate(
        "Prosecutors indicted more than 30 people, including several close to Senator Dana Whitfield, on Friday.",
    ) else {
        return;
    };
    let arrests: Vec<_> = events(&doc).into_iter().filter(|(k, _, _)| k == "arrest").collect();
    assert_eq!(arrests.len(), 1, "{arrests:?}");
    assert!(arrests[0].1.is_empty(), "{arrests:?}");
    assert!(descriptions(&doc).contains(&("arrest".into(), "Prosecutors".into(), "agent".into())));
    // One of those detained, named after "including", is.
    let Some(doc) = annotate("Police detained 14 people, including union spokesman Julien Marchetti, on Sunday.")
    else {
        return;
    };
    let found = events(&doc);
    assert!(found.contains(&("arrest".into(), vec!["Julien Marchetti".into()], EventStatus::Happened)), "{found:?}");
}

#[test]
fn an_organisation_before_its_description_and_the_subject_of_a_light_verb_take_part() {
    let Some(doc) = annotate("The Northern Front militant group launched a series of attacks across the province.")
    else {
        return;
    };
    let found = events(&doc);
    assert!(found.iter().any(|(k, p, _)| k == "attack" && p == &["Northern Front".to_string()]), "{found:?}");
    let Some(doc) = annotate("Militants carried out a bombing in the capital on Monday.") else { return };
    let found = descriptions(&doc);
    assert!(found.contains(&("attack".into(), "Militants".into(), "agent".into())), "{found:?}");
    let Some(doc) = annotate("The Northern Front waged a war against the government.") else { return };
    let found = events(&doc);
    assert!(found.iter().any(|(k, p, _)| k == "attack" && p.contains(&"Northern Front".to_string())), "{found:?}");
}

#[test]
fn the_two_leaders_are_the_two_named_before() {
    let Some(doc) = annotate(
        "Chancellor Ilse Marten held talks with Prime Minister Joao Ferraz in Lisbon on Monday. \
         The two leaders are expected to sign a defence pact in August.",
    ) else {
        return;
    };
    let found = events(&doc);
    assert!(
        found.iter().any(|(k, p, _)| k == "agree" && p.len() == 2 && p.contains(&"Joao Ferraz".to_string())),
        "{found:?}"
    );
    // A count that fits no earlier event stays a description.
    let Some(doc) = annotate("The three leaders signed the accord.") else { return };
    assert!(descriptions(&doc).iter().any(|(_, d, _)| d == "The three leaders"), "{:?}", descriptions(&doc));
}

#[test]
fn the_ministry_is_the_ministry_named_before() {
    let Some(doc) = annotate(
        "The Nordland Finance Ministry published its budget on Monday. Opposition leader Karin Dahl \
         criticised the plan. The ministry accused Karin Dahl of misleading voters.",
    ) else {
        return;
    };
    let found = events(&doc);
    assert!(
        found.iter().any(|(k, p, _)| k == "criticise" && p.iter().any(|n| n.contains("Finance Ministry"))),
        "{found:?}"
    );
}

#[test]
fn what_follows_a_noun_can_say_it_is_still_going_on() {
    use EventStatus::*;
    expect(
        "Talks between Peru and Chile entered a second day in Lima on Tuesday.",
        "meet",
        &["Peru", "Chile"],
        Ongoing,
    );
    expect(
        "A strike by the Dockers' Union paralysed the port for a fifth day on Tuesday.",
        "protest",
        &["Dockers' Union"],
        Ongoing,
    );
    expect("Talks between Peru and Chile ended in Lima on Tuesday.", "meet", &["Peru", "Chile"], Happened);
}

#[test]
fn a_city_before_a_noun_is_where_it_happened_and_a_country_who_did_it() {
    let Some(doc) = annotate("Survivors of the Orlando massacre met investigators. US tariffs hit exporters.") else {
        return;
    };
    let massacre = doc.events.iter().find(|e| doc.slice(e.trigger) == "massacre").expect("massacre");
    assert_eq!(massacre.place.as_deref(), Some("Orlando"));
    assert!(massacre.participants.iter().all(|p| p.name != "Orlando"), "{:?}", massacre.participants);
}

#[test]
fn a_place_before_which_and_a_reporting_source_take_no_part() {
    let Some(doc) = annotate("A bomb hit a cafe in Calle Mayor, Madrid, Spain which killed 13 people.") else { return };
    let found = events(&doc);
    assert!(found.iter().all(|(_, p, _)| !p.iter().any(|n| n == "Madrid" || n == "Spain")), "{found:?}");
    let Some(doc) = annotate("A soldier was killed by mortar fire from the Northern Front, Al-Monitor reported.")
    else {
        return;
    };
    let found = events(&doc);
    assert!(found.iter().all(|(_, p, _)| !p.iter().any(|n| n == "Al-Monitor")), "{found:?}");
}

/// The learned participant model's options: every name, pronoun and description of the
/// trigger's sentence, none of them the trigger itself, each with a "nobody" option after.
#[test]
fn argument_candidates_cover_names_pronouns_and_descriptions() {
    let text = "Police arrested Marek Dvorak in Ostrava on Monday after he threatened two guards.";
    let Some(doc) = annotate(text) else { return };
    let at = |w: &str| {
        let s = text.find(w).expect("in the text");
        newsgraph_document::Span::new(s, s + w.len())
    };
    let sites = super::argument_sites(&doc, &[at("arrested"), at("threatened")], true);
    let [Some(arrest), Some(threat)] = sites.as_slice() else { panic!("both triggers are in a sentence") };
    let texts = |s: &super::ArgumentSite| s.spans.iter().map(|&x| doc.slice(x).to_string()).collect::<Vec<_>>();
    let arrest_texts = texts(arrest);
    for want in ["Police", "Marek Dvorak", "he", "two guards"] {
        assert!(arrest_texts.iter().any(|t| t == want), "{want} in {arrest_texts:?}");
    }
    assert!(!arrest_texts.iter().any(|t| t.contains("arrested")), "{arrest_texts:?}");
    assert!(!texts(threat).iter().any(|t| t.contains("threatened")));
    for site in [arrest, threat] {
        for options in &site.options {
            assert_eq!(options.len(), site.spans.len() + 1, "one option per candidate, then nobody");
        }
    }
}
