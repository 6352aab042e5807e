//! The store contract: every backend behaves the same. Each behaviour below runs against
//! SQLite (in memory) and PostgreSQL (a database in a throwaway cluster; see
//! `newsgraph-pgcluster`, which fails under `CI=true` when PostgreSQL cannot start).

use std::time::Duration;

use newsgraph_document::{
    Document, Entity, EntityKind, Event, EventStatus, Geo, Mention, Participant, PlaceKind, PlaceMention, Published,
    Quote, QuoteKind, Role, Span, Speaker,
};
use newsgraph_store::{
    AttentionQuery, EntityFilter, EventFilter, Failure, Near, NewSource, Outcome, PlaceFilter, PostgresStore,
    QuoteFilter, SeenItem, Store, StoryFilter, Subject, ThreadFilter,
};

/// Generates one test per backend for each behaviour.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(&mut newsgraph_store::SqliteStore::open_in_memory().unwrap()); })*
        }
        mod postgres {
            $(#[test] fn $name() {
                if let Some(mut s) = super::postgres_store(stringify!($name)) { super::$name(&mut s); }
            })*
        }
    };
}

contract!(
    duplicates_versions_and_batch_internal_repeats,
    index_confirmations,
    failures_and_recent,
    linking_is_idempotent_and_ties_full_names_across_articles,
    near_duplicates_join_their_original_and_its_story,
    quotes_events_and_network_by_global_entity,
    stories_list_and_merge_lookups,
    threads_join_a_later_development_not_a_namesake,
    odd_input_stays_bounded,
    places_by_country_and_distance,
    attention_is_counted_per_hour_by_story_source_and_entity,
    alerts_record_each_match_once,
    sources_keep_their_state_and_items,
    stats_count_outlets_readers_and_layers_as_stored,
);

fn postgres_store(test: &str) -> Option<PostgresStore> {
    let url = newsgraph_pgcluster::database(test)?;
    Some(PostgresStore::connect(&url).expect("connect to the test database"))
}

fn doc(url: Option<&str>, text: &str) -> Document {
    let mut d = Document::new("text", text.to_string());
    d.url = url.map(str::to_string);
    d.refresh_id();
    d
}

fn dated(text: &str, day: &str) -> Document {
    let mut d = doc(None, text);
    d.published = Some(Published::parse(day).unwrap());
    d.refresh_id();
    d
}

fn entity(id: &str, kind: EntityKind, name: &str, text: &str) -> Entity {
    let at = text.find(name.split(' ').next().unwrap_or(name)).unwrap_or(0);
    Entity {
        id: id.into(),
        global: None,
        kind,
        name: name.into(),
        aliases: vec![],
        roles: vec![],
        mentions: vec![Mention { span: Span::new(at, at + 1), pronoun: false }],
        geo: None,
    }
}

fn duplicates_versions_and_batch_internal_repeats(s: &mut dyn Store) {
    let a = doc(Some("https://x.test/a"), "First text.");
    let mut a_retitled = a.clone();
    a_retitled.title = Some("New headline".into());
    a_retitled.refresh_id();
    let a2 = doc(Some("https://x.test/a"), "Corrected text.");
    let out = s.put_batch(&[a.clone(), a.clone(), a_retitled, a2.clone()]).unwrap();
    assert_eq!(out[0], Outcome::New);
    assert_eq!(out[1], Outcome::Duplicate);
    assert_eq!(out[2], Outcome::Duplicate, "same URL and same text");
    assert_eq!(out[3], Outcome::NewVersion { supersedes: a.id.clone(), version: 2 });
    let a3 = doc(Some("https://x.test/a"), "Corrected again.");
    assert_eq!(s.put_batch(&[a3]).unwrap(), [Outcome::NewVersion { supersedes: a2.id.clone(), version: 3 }]);
    let stats = s.stats().unwrap();
    assert_eq!((stats.articles, stats.versions), (3, 2));
    assert_eq!(s.get(&a2.id).unwrap().unwrap().text, "Corrected text.");
    assert_eq!(s.get(&a.id[..6]).unwrap().unwrap().id, a.id, "unique prefix");
    assert!(s.get("ffffffffffffffff").unwrap().is_none());
    assert!(s.get("").unwrap().is_none());
    assert_eq!(s.get(&a.id).unwrap().unwrap(), a, "read back exactly");
}

/// `stats` reads totals kept as articles are stored: the same figures a count over the
/// articles gives, outlets folded by case and spaces, duplicates not counted.
fn stats_count_outlets_readers_and_layers_as_stored(s: &mut dyn Store) {
    let fresh = s.stats().unwrap();
    assert_eq!((fresh.articles, fresh.sources, fresh.entities), (0, 0, 0));
    assert!(fresh.by_reader.is_empty());
    let mk = |text: &str, source: Option<&str>, reader: &str, people: usize| {
        let mut d = doc(None, text);
        d.source = source.map(str::to_string);
        d.reader = reader.into();
        d.entities = (0..people).map(|n| entity(&format!("E{n}"), EntityKind::Person, "Ana Ruiz", text)).collect();
        d.refresh_id();
        d
    };
    let docs = [
        mk("Ana Ruiz opened the bridge.", Some("Tagus Wire"), "text", 1),
        mk("Ana Ruiz closed the bridge.", Some(" tagus wire "), "html", 2),
        mk("The bridge reopened.", Some("Harbour Post"), "html", 0),
        mk("No outlet named.", None, "text", 3),
    ];
    s.put_batch(&docs).unwrap();
    s.put_batch(&docs[..2]).unwrap();
    let stats = s.stats().unwrap();
    assert_eq!((stats.articles, stats.sources, stats.entities, stats.quotes), (4, 2, 6, 0), "{stats:?}");
    assert_eq!(stats.by_reader, vec![("html".to_string(), 2), ("text".to_string(), 2)]);
    let more = mk("Ana Ruiz spoke again.", Some("TAGUS WIRE"), "feed", 1);
    s.put_batch(&[more]).unwrap();
    let stats = s.stats().unwrap();
    assert_eq!((stats.articles, stats.sources, stats.entities), (5, 2, 7), "{stats:?}");
    assert_eq!(stats.by_reader.len(), 3);
}

fn index_confirmations(s: &mut dyn Store) {
    let docs: Vec<Document> = (0..5).map(|n| dated(&format!("Ferry number {n} sails."), "2026-03-01")).collect();
    s.put_batch(&docs).unwrap();
    assert!(s.unindexed(10).unwrap().is_empty(), "only linked articles are indexed");
    assert_eq!(s.link_pending(100).unwrap().linked, 5);
    assert_eq!(s.unindexed(10).unwrap().len(), 5);
    assert_eq!(s.unindexed(2).unwrap().len(), 2);
    let ids: Vec<&str> = docs.iter().take(3).map(|d| d.id.as_str()).collect();
    s.mark_indexed(&ids).unwrap();
    assert_eq!(s.unindexed(10).unwrap().len(), 2);
    assert_eq!(s.stats().unwrap().indexed, 3);
    s.reset_indexed().unwrap();
    assert_eq!(s.unindexed(10).unwrap().len(), 5);
}

fn failures_and_recent(s: &mut dyn Store) {
    s.record_failures(&[]).unwrap();
    s.record_failures(&[Failure { origin: "a.warc#record3".into(), reason: "truncated gzip".into() }]).unwrap();
    assert_eq!(s.stats().unwrap().failures, 1);
    s.record_failures(&[Failure { origin: "b.html".into(), reason: "binary data".into() }]).unwrap();
    let listed = s.failures(10, 0).unwrap();
    let origins: Vec<&str> = listed.iter().map(|f| f.origin.as_str()).collect();
    assert_eq!(origins, ["b.html", "a.warc#record3"], "newest first");
    assert_eq!(s.failures(1, 1).unwrap()[0].reason, "truncated gzip");
    let old = dated("Old news about tides.", "2020-01-01");
    let new = dated("New news about tides.", "2026-01-01");
    let undated = doc(None, "No date at all.");
    s.put_batch(&[old.clone(), undated, new.clone()]).unwrap();
    let recent = s.recent(2).unwrap();
    assert_eq!(recent[0].id, new.id);
    assert_eq!(recent[1].id, old.id);
    let stats = s.stats().unwrap();
    assert_eq!(stats.first_published.as_deref(), Some("2020-01-01"));
    assert_eq!(stats.last_published.as_deref(), Some("2026-01-01"));
    assert_eq!(stats.by_reader, vec![("text".to_string(), 3)]);
}

fn linking_is_idempotent_and_ties_full_names_across_articles(s: &mut dyn Store) {
    let mk = |n: u32, name: &str, alias: &str| {
        let text = format!("Article {n}: {alias} spoke about the port strike in Durban, day {n}.");
        let mut d = dated(&text, "2026-03-02");
        let mut e = entity("E1", EntityKind::Person, name, &text);
        e.aliases = vec![alias.to_string()];
        e.roles = vec![Role { title: "Minister".into(), of: Some("Transport".into()), place: None }];
        d.entities.push(e);
        d.refresh_id();
        d
    };
    let docs = vec![
        mk(1, "Nomvula Khanyile", "Ms Khanyile"),
        mk(2, "Nomvula Khanyile", "Khanyile"),
        mk(3, "Sipho Khanyile", "Mr Khanyile"),
    ];
    s.put_batch(&docs).unwrap();
    assert_eq!(s.link_pending(100).unwrap().linked, 3);
    assert_eq!(s.link_pending(100).unwrap().linked, 0, "linking twice links nothing");
    let nomvula = s.entity("Nomvula Khanyile").unwrap().unwrap();
    assert_eq!(nomvula.articles, 2);
    assert_eq!(nomvula.roles.len(), 1);
    assert_eq!(nomvula.roles[0].of.as_deref(), Some("Transport"));
    assert_eq!(nomvula.mentions_by_day.len(), 1);
    assert!(nomvula.aliases.contains(&"Ms Khanyile".to_string()), "{:?}", nomvula.aliases);
    let sipho = s.entity("Sipho Khanyile").unwrap().unwrap();
    assert_ne!(nomvula.id, sipho.id, "same surname, different people");
    assert_eq!(s.resolve_entity(&nomvula.id).unwrap().as_deref(), Some(nomvula.id.as_str()));
    assert_eq!(s.resolve_entity("nomvula").unwrap().as_deref(), Some(nomvula.id.as_str()), "name prefix, any case");
    let links = s.links(&docs[0].id).unwrap().unwrap();
    assert_eq!(links.entities, vec![("E1".to_string(), nomvula.id.clone())]);
    let listed = s.entities(&EntityFilter { limit: 10, ..Default::default() }).unwrap();
    assert_eq!(listed[0].id, nomvula.id, "most mentioned first");
    assert_eq!(s.entities(&EntityFilter { prefix: "sip".into(), limit: 10, ..Default::default() }).unwrap().len(), 1);
    assert!(
        s.entities(&EntityFilter { since: Some("2027-01-01".into()), limit: 10, ..Default::default() })
            .unwrap()
            .is_empty()
    );
    let organisations = EntityFilter { kind: Some("ORG".into()), limit: 10, ..Default::default() };
    assert!(s.entities(&organisations).unwrap().is_empty());
    // The surname alone fits both people: both are candidates; a full name or an id fits one.
    let mut candidates: Vec<String> = s.entity_candidates("Khanyile", 10).unwrap().into_iter().map(|e| e.id).collect();
    candidates.sort();
    let mut both = vec![nomvula.id.clone(), sipho.id.clone()];
    both.sort();
    assert_eq!(candidates, both);
    assert!(s.entity_candidates("Sipho Khanyile", 10).unwrap().is_empty());
    assert!(s.entity_candidates(&sipho.id, 10).unwrap().is_empty());
}

fn near_duplicates_join_their_original_and_its_story(s: &mut dyn Store) {
    let body = "The harbour authority in Walvis Bay said on Monday that container traffic rose by a fifth \
                in the first quarter, as shipping lines moved cargo away from congested ports further south, \
                and that a second berth would open next year to handle the new demand from mining firms.";
    let original = dated(body, "2026-04-06");
    let copy = dated(&format!("{body} Reporting by a wire service."), "2026-04-07");
    let other = dated("Rain delayed the cricket final in Harare for a second day.", "2026-04-07");
    // Copies are looked for within weeks of the original (docs/json.md): three weeks on is a
    // republication, half a year on is an article of its own.
    let republished = dated(&format!("{body} First published in April."), "2026-04-27");
    let archived = dated(&format!("{body} From our archive."), "2026-10-06");
    s.put_batch(&[original.clone(), copy.clone(), other.clone(), republished.clone(), archived.clone()]).unwrap();
    let report = s.link_pending(100).unwrap();
    assert_eq!((report.linked, report.duplicates), (5, 2));
    let l = s.links(&copy.id).unwrap().unwrap();
    assert_eq!(l.duplicate_of.as_deref(), Some(original.id.as_str()));
    let r = s.links(&republished.id).unwrap().unwrap();
    assert_eq!(r.duplicate_of.as_deref(), Some(original.id.as_str()));
    assert_eq!(s.links(&archived.id).unwrap().unwrap().duplicate_of, None);
    let story = s.links(&original.id).unwrap().unwrap().story.unwrap();
    assert_eq!(l.story.as_deref(), Some(story.as_str()));
    assert_ne!(s.links(&other.id).unwrap().unwrap().story.as_deref(), Some(story.as_str()));
    let st = s.story(&story).unwrap().unwrap();
    assert_eq!(st.articles, vec![original.id.clone(), copy.id.clone(), republished.id.clone()]);
    assert_eq!(st.first_seen.as_deref(), Some("2026-04-06"));
    assert_eq!(st.last_seen.as_deref(), Some("2026-04-27"));
}

fn quotes_events_and_network_by_global_entity(s: &mut dyn Store) {
    let text = "Amara Osei met Lena Brandt in Accra on Tuesday. \"Trade will grow,\" Osei said.";
    let mut d = dated(text, "2026-05-05");
    d.entities = vec![
        entity("E1", EntityKind::Person, "Amara Osei", text),
        entity("E2", EntityKind::Person, "Lena Brandt", text),
        entity("E3", EntityKind::Location, "Accra", text),
    ];
    let q_start = text.find("Trade").unwrap();
    d.quotes = vec![Quote {
        kind: QuoteKind::Direct,
        content: Span::new(q_start, q_start + "Trade will grow,".len()),
        parts: Vec::new(),
        speaker: Some(Speaker {
            span: Span::new(text.rfind("Osei").unwrap(), text.rfind("Osei").unwrap() + 4),
            entity: Some("E1".into()),
            name: Some("Amara Osei".into()),
            confidence: None,
        }),
        cue: Some(Span::new(text.rfind("said").unwrap(), text.rfind("said").unwrap() + 4)),
        addressee: None,
        date: Some("2026-05-05".into()),
        place: None,
        manner: None,
        confidence: None,
    }];
    let met = text.find("met").unwrap();
    d.events = vec![Event {
        kind: "meet".into(),
        cameo: "04".into(),
        trigger: Span::new(met, met + 3),
        participants: vec![
            Participant { entity: Some("E1".into()), name: "Amara Osei".into(), role: "agent".into(), span: None },
            Participant { entity: Some("E2".into()), name: "Lena Brandt".into(), role: "partner".into(), span: None },
        ],
        what: None,
        place: Some("Accra".into()),
        geo: None,
        date: Some("2026-05-05".into()),
        status: EventStatus::Happened,
        evidence: Span::new(0, text.find('.').unwrap() + 1),
        mentions: Vec::new(),
        confidence: None,
    }];
    d.refresh_id();
    s.put_batch(std::slice::from_ref(&d)).unwrap();
    s.link_pending(10).unwrap();
    let osei = s.resolve_entity("Amara Osei").unwrap().unwrap();
    let quotes = s.quotes(&QuoteFilter { by: Some("Amara Osei".into()), limit: 10, ..Default::default() }).unwrap();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].speaker.as_deref(), Some(osei.as_str()));
    assert_eq!(quotes[0].content, "Trade will grow,");
    let about = QuoteFilter { about: Some("TRADE".into()), limit: 10, ..Default::default() };
    assert_eq!(s.quotes(&about).unwrap().len(), 1, "text filter ignores case");
    let nobody = QuoteFilter { by: Some("Nobody Known".into()), limit: 10, ..Default::default() };
    assert!(s.quotes(&nobody).unwrap().is_empty());
    let late = QuoteFilter { from: Some("2026-06-01".into()), limit: 10, ..Default::default() };
    assert!(s.quotes(&late).unwrap().is_empty());
    let events = s.events(&EventFilter { with: Some("Lena Brandt".into()), limit: 10, ..Default::default() }).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].kind.as_str(), events[0].place.as_deref()), ("meet", Some("Accra")));
    let scheduled = EventFilter { status: Some("scheduled".into()), limit: 10, ..Default::default() };
    assert!(s.events(&scheduled).unwrap().is_empty());
    let edges = s.network("Amara Osei", 10, 0).unwrap();
    assert!(edges.iter().any(|e| e.relation == "met" && e.name == "Lena Brandt" && e.weight == 1), "{edges:?}");
    assert!(edges.iter().any(|e| e.relation == "cooccurs" && e.name == "Accra"), "{edges:?}");
    // One listing, heaviest first, paged: pages of one are the whole list, in order.
    assert!(edges.windows(2).all(|w| w[0].weight >= w[1].weight), "{edges:?}");
    let paged: Vec<_> = (0..edges.len()).flat_map(|i| s.network("Amara Osei", 1, i).unwrap()).collect();
    assert_eq!(paged, edges);
    assert!(s.network("Amara Osei", 10, edges.len()).unwrap().is_empty());
    let profile = s.entity(&osei).unwrap().unwrap();
    assert_eq!((profile.quotes.len(), profile.events.len()), (1, 1));
    assert_eq!(profile.cooccurring.len(), 2);
}

fn stories_list_and_merge_lookups(s: &mut dyn Store) {
    let mut docs = Vec::new();
    for (n, day) in ["2026-07-01", "2026-07-02", "2026-07-03"].iter().enumerate() {
        let text = format!(
            "Copper miners in Kitwe extended their strike over wages, day {n}, as talks with Zambezi Copper stalled \
             and exports from the copperbelt slowed."
        );
        let mut d = dated(&text, day);
        d.title = Some(format!("Kitwe copper strike enters day {}", n + 1));
        d.entities = vec![entity("E1", EntityKind::Organisation, "Zambezi Copper", &text)];
        d.refresh_id();
        docs.push(d);
    }
    let far = dated("Orchestra tours Lisbon with a new programme of chamber music.", "2026-09-01");
    docs.push(far);
    s.put_batch(&docs).unwrap();
    s.link_pending(100).unwrap();
    let all = s.stories(&StoryFilter { limit: 10, ..Default::default() }).unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].last_seen.as_deref(), Some("2026-09-01"), "most recently active first");
    let strike = &all[1];
    assert_eq!(strike.articles.len(), 3);
    assert_eq!(strike.entities.first().map(|e| e.name.as_str()), Some("Zambezi Copper"));
    let july = StoryFilter { to: Some("2026-07-31".into()), limit: 10, ..Default::default() };
    assert_eq!(s.stories(&july).unwrap().len(), 1);
    assert_eq!(s.stories(&StoryFilter { limit: 10, offset: 1, ..Default::default() }).unwrap().len(), 1);
    assert!(s.story("Snope").unwrap().is_none());
}

fn threads_join_a_later_development_not_a_namesake(s: &mut dyn Store) {
    let article = |title: &str, text: &str, day: &str| {
        let mut d = dated(text, day);
        d.title = Some(title.to_string());
        d.entities = vec![entity("E1", EntityKind::Organisation, "Halvorsen Bank", text)];
        d.refresh_id();
        d
    };
    let breach = [
        article(
            "Halvorsen Bank breach exposes customer records",
            "Hackers broke into Halvorsen Bank and copied the records of two million customers, the bank said. \
             The breach went unnoticed for a month; Halvorsen Bank said passwords were not taken.",
            "2026-03-02",
        ),
        article(
            "Halvorsen Bank breach: customers told to watch accounts",
            "Halvorsen Bank asked customers to watch their accounts after the breach of its records by hackers. \
             The breach is the largest at a Nordic lender.",
            "2026-03-03",
        ),
    ];
    // Three weeks on: beyond a story's window, the same affair developing.
    let fine = article(
        "Regulators fine Halvorsen Bank over breach",
        "Regulators fined Halvorsen Bank 40 million euros over the breach of customer records, saying the bank \
         ignored warnings about its systems before the breach.",
        "2026-03-24",
    );
    // The same bank in another affair, beyond a story's window too: not a thread of the breach.
    let stadium = article(
        "Halvorsen Bank names new football stadium",
        "Halvorsen Bank will sponsor the new football stadium in Bergen, the club said; the stadium opens in August \
         and the football season starts with a derby.",
        "2026-04-06",
    );
    s.put_batch(&[breach[0].clone(), breach[1].clone(), stadium.clone(), fine.clone()]).unwrap();
    s.link_pending(100).unwrap();
    let story_of = |s: &mut dyn Store, d: &Document| s.links(&d.id).unwrap().unwrap().story.unwrap();
    let (first, later, other) = (story_of(s, &breach[0]), story_of(s, &fine), story_of(s, &stadium));
    assert_eq!(story_of(s, &breach[1]), first, "one story over two days");
    assert_ne!(first, later, "three weeks later is a story of its own");
    let thread = s.story(&first).unwrap().unwrap().thread.expect("the breach story is in a thread");
    assert_eq!(s.story(&later).unwrap().unwrap().thread.as_deref(), Some(thread.as_str()));
    assert_eq!(s.story(&other).unwrap().unwrap().thread, None, "sharing the bank is not a thread");
    assert_eq!(s.links(&fine.id).unwrap().unwrap().thread.as_deref(), Some(thread.as_str()));
    assert_eq!(s.linked(&breach[0].id).unwrap().unwrap().thread.as_deref(), Some(thread.as_str()));
    let all = s.threads(&ThreadFilter { limit: 10, ..Default::default() }).unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!((all[0].story_count, all[0].articles), (2, 3));
    assert_eq!((all[0].first_seen.as_deref(), all[0].last_seen.as_deref()), (Some("2026-03-02"), Some("2026-03-24")));
    assert!(all[0].stories.is_empty(), "a listing leaves the stories out");
    let one = s.thread(&thread).unwrap().unwrap();
    assert_eq!(one.stories.iter().map(|st| st.id.as_str()).collect::<Vec<_>>(), [first.as_str(), later.as_str()]);
    assert_eq!(one.stories[0].articles, 2);
    let april = ThreadFilter { from: Some("2026-03-25".into()), limit: 10, ..Default::default() };
    assert!(s.threads(&april).unwrap().is_empty());
    assert!(s.thread("Tnope").unwrap().is_none());
    // Linking again changes nothing.
    s.link_pending(100).unwrap();
    assert_eq!(s.threads(&ThreadFilter { limit: 10, ..Default::default() }).unwrap(), all);
}

fn odd_input_stays_bounded(s: &mut dyn Store) {
    let mut docs = Vec::new();
    // One headline for hundreds of articles, a 5,000-character name, dates far apart.
    for n in 0..300 {
        let text =
            format!("Body number {n} about harbour cranes and tariffs, with words {} and more {}.", n * 7, n % 13);
        let mut d = doc(None, &text);
        d.title = Some("Breaking news".into());
        let day = match n % 3 {
            0 => "1901-01-01",
            1 => "2999-12-31",
            _ => "2026-03-01",
        };
        d.published = Some(Published::parse(day).unwrap());
        if n % 2 == 0 {
            d.entities.push(entity("E1", EntityKind::Person, &format!("Ann {}", "x".repeat(5000)), &text));
        }
        d.refresh_id();
        docs.push(d);
    }
    s.put_batch(&docs).unwrap();
    let start = std::time::Instant::now();
    let mut linked = 0;
    while let r = s.link_pending(128).unwrap()
        && r.linked > 0
    {
        linked += r.linked;
    }
    assert_eq!(linked, 300);
    assert!(start.elapsed() < Duration::from_secs(60), "{:?}", start.elapsed());
    let stories = s.stories(&StoryFilter { limit: 10_000, ..Default::default() }).unwrap();
    for st in &stories {
        assert_eq!(st.first_seen.as_deref().map(|d| &d[..2]), st.last_seen.as_deref().map(|d| &d[..2]), "{st:?}");
    }
    let p = s.entity("Ann").unwrap().expect("the long name is found by its start");
    assert!(p.name.chars().count() <= 300);
    assert!(s.entity(&"q".repeat(2000)).unwrap().is_none());
}

fn place(doc: &Document, name: &str, country: &str, lat: f64, lon: f64) -> PlaceMention {
    let at = doc.text.find(name).unwrap();
    let geo = Geo {
        geonameid: name.len() as u32,
        name: name.into(),
        kind: PlaceKind::City,
        country: country.into(),
        division: None,
        lat,
        lon,
        confidence: 1.0,
    };
    PlaceMention { span: Span::new(at, at + name.len()), entity: None, geo }
}

fn places_by_country_and_distance(s: &mut dyn Store) {
    let mut lyon = dated("Flooding closed roads around Lyon on Monday.", "2026-05-04");
    lyon.places = vec![place(&lyon, "Lyon", "FR", 45.75, 4.85)];
    lyon.refresh_id();
    let mut quito = dated("Ash from the volcano reached Quito by noon.", "2026-05-04");
    quito.places = vec![place(&quito, "Quito", "EC", -0.23, -78.52)];
    quito.refresh_id();
    s.put_batch(&[lyon.clone(), quito.clone()]).unwrap();
    s.link_pending(10).unwrap();
    let at = |country: Option<&str>, near: Option<Near>| {
        s.articles_at(&PlaceFilter { country: country.map(str::to_string), near }).unwrap()
    };
    assert_eq!(at(Some("fr"), None), vec![lyon.id.clone()]);
    assert!(at(Some("DE"), None).is_empty());
    // Geneva to Lyon is 112 km; Quito lies on the equator, where the box is widest.
    let geneva = |km| Some(Near { lat: 46.2, lon: 6.15, km });
    assert_eq!(at(None, geneva(150.0)), vec![lyon.id.clone()]);
    assert!(at(None, geneva(100.0)).is_empty());
    assert_eq!(at(None, Some(Near { lat: 0.0, lon: -78.0, km: 100.0 })), vec![quito.id.clone()]);
    assert!(at(Some("FR"), Some(Near { lat: 0.0, lon: -78.0, km: 100.0 })).is_empty());
    let profile = s.place("Quito".len() as i64).unwrap().unwrap();
    assert_eq!((profile.place.name.as_str(), profile.place.country.as_deref()), ("Quito", Some("EC")));
    assert_eq!(profile.articles.len(), 1);
    assert_eq!(profile.articles[0].id, quito.id);
    assert!(s.place(999).unwrap().is_none());
    let both = s.places_of(&[lyon.id.clone(), quito.id.clone()], None).unwrap();
    assert_eq!(both.len(), 2);
    assert!(s.places_of(&[lyon.id.clone()], Some("no-such-entity")).unwrap().is_empty());
    assert!(s.places_of(&[], None).unwrap().is_empty());
    assert!(s.places_of(&[], Some("no-such-entity")).unwrap().is_empty());
}

fn attention_is_counted_per_hour_by_story_source_and_entity(s: &mut dyn Store) {
    assert_eq!(s.latest_hour().unwrap(), None);
    let body = "The harbour authority in Walvis Bay said on Monday that container traffic rose by a fifth \
                in the first quarter, as shipping lines moved cargo away from congested ports further south, \
                and that a second berth would open next year to handle the new demand from mining firms.";
    let with = |mut d: Document, source: Option<&str>| {
        d.source = source.map(str::to_string);
        let text = d.text.clone();
        d.entities = vec![entity("e1", EntityKind::Location, "Walvis Bay", &text)];
        d
    };
    // 09:15 and 09:40 UTC (one given at +02:00) on 6 April: hour 493185 since the epoch.
    let original = with(dated(body, "2026-04-06T09:15:00Z"), Some("Coast Wire"));
    let copy =
        with(dated(&format!("{body} Reporting by a wire service."), "2026-04-06T11:40:00+02:00"), Some("Bay Post"));
    let spam = with(dated(&format!("{body} Updated."), "2026-04-06T09:50:00Z"), Some("Coast Wire"));
    // Dated to the day only: counted at noon (493212).
    let mut other = dated("Rain delayed the cricket final in Harare for a second day.", "2026-04-07");
    other.source = Some("Harare Times".into());
    let undated = doc(None, "Rain delayed the cricket final in Harare yet again, with no date given.");
    s.put_batch(&[original.clone(), copy.clone(), spam.clone(), other.clone(), undated]).unwrap();
    s.link_pending(100).unwrap();
    assert_eq!(s.latest_hour().unwrap(), Some(493212));
    let story = s.links(&original.id).unwrap().unwrap().story.unwrap();
    let cricket = s.links(&other.id).unwrap().unwrap().story.unwrap();
    let q = AttentionQuery { subject: Subject::Story, since: 493100, window: 493185, until: 493213, limit: 10 };
    let stories = s.attention(&q).unwrap();
    // Busiest of the window first; a wire copy counts for its original's story.
    assert_eq!(stories.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [story.as_str(), cricket.as_str()]);
    let counts: Vec<(i64, Option<&str>, u64)> =
        stories[0].hours.iter().map(|h| (h.hour, h.source.as_deref(), h.articles)).collect();
    assert_eq!(counts, [(493185, Some("Bay Post"), 1), (493185, Some("Coast Wire"), 2)]);
    assert_eq!(stories[1].hours.len(), 1);
    assert_eq!(stories[1].hours[0].hour, 493212);
    // Only what is active in the window is followed, with its counts since `since`.
    let later = s.attention(&AttentionQuery { window: 493200, ..q }).unwrap();
    assert_eq!(later.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [cricket.as_str()]);
    let none = s.attention(&AttentionQuery { since: 493186, window: 493186, until: 493200, ..q }).unwrap();
    assert!(none.is_empty(), "{none:?}");
    // An entity is counted once per article naming it.
    let entities = s.attention(&AttentionQuery { subject: Subject::Entity, ..q }).unwrap();
    assert_eq!(entities.len(), 1, "{entities:?}");
    assert_eq!(entities[0].label.as_deref(), Some("Walvis Bay"));
    assert_eq!(entities[0].kind.as_deref(), Some("LOC"));
    assert_eq!(entities[0].hours.iter().map(|h| (h.hour, h.articles)).collect::<Vec<_>>(), [(493185, 3)]);
    // Linking again counts nothing twice.
    s.link_pending(100).unwrap();
    assert_eq!(s.attention(&q).unwrap(), stories);
}

fn alerts_record_each_match_once(s: &mut dyn Store) {
    assert!(s.add_alert("ferries", r#"{"text":"ferry"}"#, Some("http://127.0.0.1:9/hook"), Some("k")).unwrap());
    assert!(!s.add_alert("ferries", r#"{"text":"other"}"#, None, None).unwrap(), "names are unique");
    assert!(s.add_alert("bridges", r#"{"text":"bridge"}"#, None, None).unwrap());
    let mut a = dated("Ferry crews walked out at dawn.", "2026-03-10T09:00:00Z");
    a.title = Some("Ferry strike".into());
    a.source = Some("Tagus Wire".into());
    a.refresh_id();
    let b = dated("The ferry operator raised fares.", "2026-03-11");
    s.put_batch(&[a.clone(), b.clone()]).unwrap();
    fn pairs<'a>(alert: &'a str, ids: &[&'a str]) -> Vec<(&'a str, &'a str)> {
        ids.iter().map(|&id| (alert, id)).collect()
    }
    assert_eq!(s.record_alert_matches(&pairs("ferries", &[&a.id, &b.id])).unwrap(), 2);
    // Found again (a replay, a second worker): recorded once.
    assert_eq!(s.record_alert_matches(&pairs("ferries", &[&a.id])).unwrap(), 0);
    let listed: Vec<(String, String, u64)> =
        s.alerts().unwrap().into_iter().map(|x| (x.name, x.search, x.matches)).collect();
    assert_eq!(s.alerts().unwrap()[1].webhook.as_deref(), Some("http://127.0.0.1:9/hook"));
    assert_eq!(
        listed,
        [("bridges".into(), r#"{"text":"bridge"}"#.into(), 0), ("ferries".into(), r#"{"text":"ferry"}"#.into(), 2)]
    );
    let matched = s.alert_matches(Some("ferries"), 10).unwrap();
    let mut found: Vec<(&str, Option<&str>, Option<&str>)> =
        matched.iter().map(|m| (m.article.as_str(), m.title.as_deref(), m.source.as_deref())).collect();
    found.sort();
    let mut want = vec![(a.id.as_str(), Some("Ferry strike"), Some("Tagus Wire")), (b.id.as_str(), None, None)];
    want.sort();
    assert_eq!(found, want);
    assert!(matched.iter().all(|m| m.alert == "ferries" && m.matched_at.ends_with('Z')));
    assert_eq!(s.alert_matches(None, 1).unwrap().len(), 1);
    assert!(s.alert_matches(Some("bridges"), 10).unwrap().is_empty());
    // Deliveries: only alerts with a webhook, retried when due, gone once delivered.
    let due = s.due_deliveries("2999-01-01T00:00:00Z", 10).unwrap();
    assert_eq!(due.len(), 2, "{due:?}");
    assert!(due.iter().all(|d| d.webhook == "http://127.0.0.1:9/hook" && d.secret == "k" && d.attempts == 0));
    s.record_attempt("ferries", &a.id, Some("2030-01-01T00:00:00Z")).unwrap();
    s.record_attempt("ferries", &b.id, None).unwrap();
    assert!(s.due_deliveries("2029-12-31T23:59:59Z", 10).unwrap().is_empty());
    let again = s.due_deliveries("2030-01-01T00:00:00Z", 10).unwrap();
    assert_eq!((again.len(), again[0].matched.article.as_str(), again[0].attempts), (1, a.id.as_str(), 1));
    // A later batch: newest first, an alert's matches chained across batches.
    let c = dated("A bridge and a ferry closed.", "2026-03-12");
    let d = dated("The bridge reopened.", "2026-03-09");
    s.put_batch(&[c.clone(), d.clone()]).unwrap();
    let later = [pairs("bridges", &[&c.id, &d.id]), pairs("ferries", &[&c.id])].concat();
    assert_eq!(s.record_alert_matches(&later).unwrap(), 3);
    // An article recorded once is not recorded again, whichever alert it is offered for.
    assert_eq!(s.record_alert_matches(&pairs("bridges", &[&a.id, &c.id])).unwrap(), 0);
    fn ids(s: &dyn Store, alert: Option<&str>, limit: usize) -> Vec<String> {
        s.alert_matches(alert, limit).unwrap().into_iter().map(|m| format!("{}:{}", m.alert, m.article)).collect()
    }
    let ferries = ids(s, Some("ferries"), 10);
    assert_eq!(ferries.len(), 3);
    assert_eq!(ferries[0], format!("ferries:{}", c.id), "the newest batch first");
    assert_eq!(ferries[1], format!("ferries:{}", b.id), "then by publication date, newest first");
    assert_eq!(ids(s, Some("ferries"), 1), [format!("ferries:{}", c.id)]);
    assert_eq!(ids(s, Some("bridges"), 10), [format!("bridges:{}", c.id), format!("bridges:{}", d.id)]);
    assert_eq!(ids(s, None, 3).len(), 3);
    assert_eq!(ids(s, None, 10).len(), 5);
    assert_eq!(s.alerts().unwrap().iter().map(|x| x.matches).collect::<Vec<_>>(), [2, 3]);
    assert!(s.remove_alert("ferries").unwrap());
    assert!(!s.remove_alert("ferries").unwrap());
    assert_eq!(ids(s, None, 10), [format!("bridges:{}", c.id), format!("bridges:{}", d.id)]);
    assert_eq!(s.alerts().unwrap().len(), 1);
    assert!(s.due_deliveries("2999-01-01T00:00:00Z", 10).unwrap().is_empty());
}

fn sources_keep_their_state_and_items(s: &mut dyn Store) {
    let feed = NewSource { url: "https://a.example.test/feed.xml".into(), title: None };
    let front = NewSource { url: "https://b.example.test/world".into(), title: Some("B World".into()) };
    assert_eq!(s.add_sources(&[feed.clone(), front.clone()], 900).unwrap(), 2);
    // Adding again keeps the state; a title the source lacked is filled.
    let named = NewSource { title: Some("A".into()), ..feed.clone() };
    assert_eq!(s.add_sources(&[named], 60).unwrap(), 0);
    let all = s.sources().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!((all[0].title.as_deref(), all[0].interval_secs), (Some("A"), 900));
    assert_eq!(s.due_sources("9999-01-01T00:00:00Z", 10).unwrap().len(), 2);
    assert!(s.due_sources("2000-01-01T00:00:00Z", 10).unwrap().is_empty());

    let stored = doc(Some("https://a.example.test/stored"), "An article stored by an ingest.");
    s.put_batch(&[stored]).unwrap();
    let mut polled = all[0].clone();
    polled.kind = Some("feed".into());
    polled.etag = Some("\"v1\"".into());
    polled.interval_secs = 300;
    polled.next_poll = "2999-01-01T00:00:00Z".into();
    polled.last_success = Some("2026-03-02T08:00:00Z".into());
    let items = [
        SeenItem { url: "https://a.example.test/1".into(), article: Some("0123456789abcdef".into()) },
        SeenItem { url: "https://a.example.test/2".into(), article: None },
    ];
    s.record_poll(&polled, &items).unwrap();
    // Recording the same items again counts nothing twice.
    s.record_poll(&polled, &items).unwrap();
    let after = s.sources().unwrap();
    assert_eq!(after[0].etag.as_deref(), Some("\"v1\""));
    assert_eq!((after[0].articles, after[0].articles_week), (1, 1));
    assert_eq!(after[0].kind.as_deref(), Some("feed"));
    let due: Vec<String> = s.due_sources("2100-01-01T00:00:00Z", 10).unwrap().into_iter().map(|s| s.url).collect();
    assert_eq!(due, std::slice::from_ref(&front.url));
    let asked: Vec<String> = [
        "https://a.example.test/1",
        "https://a.example.test/2",
        "https://a.example.test/3",
        "https://a.example.test/stored",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        s.seen_urls(&asked).unwrap(),
        ["https://a.example.test/1", "https://a.example.test/2", "https://a.example.test/stored"]
    );
}
