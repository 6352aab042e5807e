//! The `places` annotator: every place the entity layer found, every people's name that
//! stands for a country ("Turkish officials"), and every place named inside another name
//! ("Kentucky State Police"), resolved to a GeoNames entry with coordinates by
//! `newsgraph_geo`'s resolver: `Entity::geo` for entities, and the `places` layer listing
//! each mention.
//!
//! What it reads from the text, beyond the entities: the words after a comma that follows a
//! place ("Paris, Texas", "Springfield, Ill.") as that place's qualifier, and the
//! dateline's place as context.

use newsgraph_document::{Document, Entity, EntityKind, Geo, Layer, Mention, PlaceKind, PlaceMention, Span};
use newsgraph_geo::{Gazetteer, Resolver, Toponym, Weights, key};
use newsgraph_pipeline::Annotator;

/// Resolves places to coordinates.
pub struct Places {
    gazetteer: &'static Gazetteer,
    weights: Weights,
}

impl Default for Places {
    fn default() -> Places {
        Places { gazetteer: Gazetteer::shared(), weights: Weights::default() }
    }
}

impl Places {
    /// With other weights of evidence (for `eval geo --weights`).
    pub fn with_weights(weights: Weights) -> Places {
        Places { weights, ..Places::default() }
    }
}

/// Longest qualifier read after a comma, in bytes: "Newfoundland and Labrador".
const MAX_QUALIFIER: usize = 32;

/// Population from which a town's name inside another name is taken for the town: large
/// enough to lend its name to institutions ("CBC Toronto", "Edmonton Oilers").
const NAMESAKE_POPULATION: u64 = 100_000;

/// Words that name divisions somewhere but inside another name give a direction.
const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "upper",
    "lower",
    "middle",
    "north east",
    "north west",
    "south east",
    "south west",
];

/// Prepositions after which a name is a place.
const LOCATIVE: &[&str] = &["in", "around", "near", "outside", "across", "throughout", "inside"];

/// Where a toponym came from.
enum Source {
    Entity(usize),
    /// A place inside an entity's mention.
    Inside(Span),
}

impl Annotator for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn annotate(&self, doc: &mut Document) {
        let g = self.gazetteer;
        add_qualifiers(g, doc);
        let mut sources = Vec::new();
        let mut toponyms = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            let demonym = match e.kind {
                EntityKind::Location => false,
                // "Turkish", "Canadians": the recogniser calls a people's name MISC, so a
                // demonym wins over a namesake town ("Spanish, Ontario").
                EntityKind::Misc if g.demonym(&e.name).is_some() => true,
                _ => continue,
            };
            let mut names = vec![e.name.clone()];
            names.extend(e.aliases.iter().cloned());
            let mut qualifiers = Vec::new();
            for m in e.mentions.iter().filter(|m| !m.pronoun) {
                if let Some(q) = qualifier(&doc.text, m.span.end as usize) {
                    qualifiers.push(q.to_string());
                }
            }
            sources.push(Source::Entity(i));
            toponyms.push(Toponym { names, demonym, qualifiers, strict: false });
        }
        for (span, demonym) in inside_names(g, doc) {
            sources.push(Source::Inside(span));
            toponyms.push(Toponym {
                names: vec![doc.slice(span).to_string()],
                demonym,
                qualifiers: vec![],
                strict: true,
            });
        }
        let resolved = Resolver::with_weights(g, self.weights).resolve(&toponyms, doc.dateline_place.as_deref());
        for e in doc.entities.iter_mut() {
            e.geo = None;
        }
        doc.places.clear();
        for (source, r) in sources.into_iter().zip(resolved) {
            let Some(r) = r else { continue };
            let p = g.place(r.place);
            let division = g.division(&p.division).filter(|&d| d != r.place).map(|d| g.place(d).name.to_string());
            let geo = Geo {
                geonameid: p.geonameid,
                name: p.name.to_string(),
                kind: p.kind,
                country: p.country.to_string(),
                division,
                lat: p.lat,
                lon: p.lon,
                confidence: r.confidence,
            };
            match source {
                Source::Entity(i) => {
                    let e = &mut doc.entities[i];
                    for m in e.mentions.iter().filter(|m| !m.pronoun) {
                        doc.places.push(PlaceMention { span: m.span, entity: Some(e.id.clone()), geo: geo.clone() });
                    }
                    e.geo = Some(geo);
                }
                Source::Inside(span) => doc.places.push(PlaceMention { span, entity: None, geo }),
            }
        }
        doc.places.sort_by_key(|p| (p.span.start, p.span.end));
    }
}

/// Places named inside the mentions of organisations and other names: "Kentucky" in
/// "Kentucky State Police", "Canada" in "Environment Canada", "Canadian" in "The Canadian
/// Press". A run of one to three capitalised tokens, longest first, that is a country, a
/// division, a demonym or a large city — never the whole mention, which the recogniser
/// judged not to be a place, unless a locative preposition comes before it ("around
/// Lyon"). Each with whether it is a demonym.
fn inside_names(g: &Gazetteer, doc: &Document) -> Vec<(Span, bool)> {
    let mut found = Vec::new();
    // A division or city counts by its own name only: other names include common words
    // ("South" for a Southern Province); and never a compass word, which names divisions
    // in several countries ("South", Cameroon) but inside a name is a direction.
    let is_place = |k: &str| {
        if COMPASS.contains(&k) {
            return false;
        }
        g.lookup_key(k).iter().any(|&p| {
            let p = g.place(p);
            let own = || key(&p.name) == k;
            match p.kind {
                PlaceKind::Country | PlaceKind::Continent => true,
                PlaceKind::Admin1 => own(),
                PlaceKind::City => p.population >= NAMESAKE_POPULATION && own(),
                PlaceKind::Admin2 => false,
            }
        })
    };
    // Organisations and other names, but not the demonyms that are places themselves.
    let named = |e: &&Entity| match e.kind {
        EntityKind::Organisation => true,
        EntityKind::Misc => g.demonym(&e.name).is_none(),
        _ => false,
    };
    for e in doc.entities.iter().filter(named) {
        for m in e.mentions.iter().filter(|m| !m.pronoun) {
            let first = doc.tokens.partition_point(|t| t.span.start < m.span.start);
            let tokens: Vec<Span> =
                doc.tokens[first..].iter().take_while(|t| t.span.end <= m.span.end).map(|t| t.span).collect();
            // After a locative preposition the whole name is a place the recogniser took for
            // an organisation, as sports pages teach it to ("around Lyon", "in Georgia").
            let located =
                first > 0 && LOCATIVE.contains(&doc.slice(doc.tokens[first - 1].span).to_lowercase().as_str());
            if tokens.len() < 2 && !located {
                continue;
            }
            let mut i = 0;
            while i < tokens.len() {
                let mut step = 1;
                for n in (1..=3.min(tokens.len() - i)).rev() {
                    let span = Span::new(tokens[i].start as usize, tokens[i + n - 1].end as usize);
                    if n == tokens.len() && !located {
                        continue;
                    }
                    let text = doc.slice(span);
                    if !text.chars().next().is_some_and(char::is_uppercase) {
                        continue;
                    }
                    let k = key(text);
                    let demonym = n == 1 && g.demonym_key(&k).is_some();
                    let place = is_place(&k);
                    if demonym || place {
                        found.push((span, demonym && !place));
                        step = n;
                        break;
                    }
                }
                i += step;
            }
        }
    }
    found
}

/// A division or country written after a place and a comma ("Surrey, B.C.", "Austin, TX")
/// is a place mention even where the recogniser saw none: it joins the entity of the same
/// name, or becomes a place entity of its own. Entities are renumbered in text order, as the
/// entity layer numbers them; nothing refers to their ids yet.
fn add_qualifiers(g: &Gazetteer, doc: &mut Document) {
    let mut added = false;
    let mut spans = Vec::new();
    for e in doc.entities.iter().filter(|e| e.kind == EntityKind::Location) {
        for m in e.mentions.iter().filter(|m| !m.pronoun) {
            if let Some(q) = qualifier(&doc.text, m.span.end as usize) {
                let start = q.as_ptr() as usize - doc.text.as_ptr() as usize;
                spans.push(Span::new(start, start + q.len()));
            }
        }
    }
    // Mentions by start, and place entities by name key, so that a text of many places stays
    // linear (up to a log).
    let mut taken: Vec<(u32, u32)> =
        doc.entities.iter().flat_map(|e| &e.mentions).map(|m| (m.span.start, m.span.end)).collect();
    taken.sort_unstable();
    let longest = taken.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
    let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, e) in doc.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityKind::Location) {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            by_key.entry(key(n)).or_insert(i);
        }
    }
    for span in spans {
        // A mention overlapping the span starts before its end and no earlier than the
        // longest mention reaches back.
        let from = taken.partition_point(|&(s, _)| s + longest <= span.start);
        let to = taken.partition_point(|&(s, _)| s < span.end);
        if taken[from..to.max(from)].iter().any(|&(s, e)| s < span.end && span.start < e) {
            continue;
        }
        let text = doc.slice(span).to_string();
        let division_or_country = g
            .lookup(&text)
            .iter()
            .copied()
            .chain(g.postal(&text))
            .any(|p| matches!(g.place(p).kind, PlaceKind::Country | PlaceKind::Admin1));
        if !division_or_country {
            continue;
        }
        let mention = Mention { span, pronoun: false };
        match by_key.get(&key(&text)).copied() {
            Some(i) => {
                let e = &mut doc.entities[i];
                let at = e.mentions.partition_point(|m| m.span.start < span.start);
                e.mentions.insert(at, mention);
            }
            None => {
                by_key.insert(key(&text), doc.entities.len());
                doc.entities.push(Entity {
                    id: String::new(),
                    global: None,
                    kind: EntityKind::Location,
                    name: text,
                    aliases: vec![],
                    roles: vec![],
                    mentions: vec![mention],
                    geo: None,
                });
            }
        }
        added = true;
    }
    if added {
        doc.entities.sort_by_key(|e| e.mentions.first().map_or(0, |m| m.span.start));
        for (i, e) in doc.entities.iter_mut().enumerate() {
            e.id = format!("E{}", i + 1);
        }
    }
}

/// The words after ", " that follows a mention ending at `end`: capitalised words (and
/// "and", "of" between them) up to the next comma, semicolon, bracket, quote or line end,
/// or up to a word ending in a period, which closes the qualifier — kept when the word is an
/// abbreviation ("Ill."), dropped when it ends a sentence ("Texas."). None when no comma
/// follows, or the next word is not capitalised (", which ...").
fn qualifier(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?.strip_prefix(',')?;
    let rest = rest.trim_start_matches(' ');
    let base = text.len() - rest.len();
    let mut stop = 0;
    for (i, word) in word_starts(rest) {
        if i > MAX_QUALIFIER {
            break;
        }
        let bare = word.trim_end_matches(|c: char| matches!(c, ',' | ';' | ':' | ')' | '"' | '”' | '’'));
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        if !capital {
            // "Newfoundland and Labrador", "Isle of Man": a joining word goes on only to
            // another capitalised word.
            if stop > 0 && (bare == "and" || bare == "of") && bare.len() == word.len() {
                continue;
            }
            break;
        }
        if let Some(w) = bare.strip_suffix('.') {
            let abbreviation = w.chars().count() <= 4 || w.contains('.');
            stop = i + if abbreviation { bare.len() } else { w.len() };
            break;
        }
        stop = i + bare.len();
        if bare.len() < word.len() {
            break;
        }
    }
    (stop > 0).then(|| &text[base..base + stop])
}

/// The words of a line with their byte offsets.
fn word_starts(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let line = s.split('\n').next().unwrap_or("");
    line.split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_pipeline::Pipeline;

    fn places(text: &str, dateline: Option<&str>) -> Vec<(String, String, String)> {
        let pipeline =
            Pipeline::from_names(&crate::registry(), &["paragraphs", "tokens", "sentences", "entities", "places"])
                .unwrap();
        let mut doc = Document::new("text", text.to_string());
        doc.dateline_place = dateline.map(str::to_string);
        pipeline.annotate(&mut doc);
        doc.entities
            .iter()
            .filter_map(|e| {
                let g = e.geo.as_ref()?;
                Some((e.name.clone(), g.country.clone(), g.division.clone().unwrap_or_default()))
            })
            .collect()
    }

    fn find<'a>(found: &'a [(String, String, String)], name: &str) -> &'a (String, String, String) {
        found.iter().find(|f| f.0 == name).unwrap_or_else(|| panic!("{name} not resolved in {found:?}"))
    }

    #[test]
    fn qualifiers_are_the_capitalised_words_after_a_comma() {
        let t = "He lives in Paris, Texas. She works in Springfield, Ill., near the river.";
        assert_eq!(qualifier(t, t.find("Paris").unwrap() + 5), Some("Texas"));
        assert_eq!(qualifier(t, t.find("Springfield").unwrap() + 11), Some("Ill."));
        let t = "They met in Paris, which was cold, and in London, officials said.";
        assert_eq!(qualifier(t, t.find("Paris").unwrap() + 5), None);
        assert_eq!(qualifier(t, t.find("London").unwrap() + 6), None);
    }

    #[test]
    fn paris_texas_is_not_france() {
        let found = places("The storm hit Paris, Texas, on Monday, and residents of Paris cleared the roads.", None);
        let paris = find(&found, "Paris");
        assert_eq!((paris.1.as_str(), paris.2.as_str()), ("US", "Texas"), "{found:?}");
        let found = places("Tourists crowded the museums of Paris on Monday, the French culture ministry said.", None);
        assert_eq!(find(&found, "Paris").1, "FR");
        assert_eq!(find(&found, "French").1, "FR", "a demonym stands for its country");
    }

    #[test]
    fn a_division_after_a_comma_is_a_place_even_where_the_recogniser_saw_none() {
        let found = places("She grew up in Surrey, B.C. and moved to Austin, TX, in 2010.", None);
        assert_eq!(find(&found, "B.C.").1, "CA", "{found:?}");
        assert_eq!(find(&found, "Surrey").1, "CA", "{found:?}");
    }

    #[test]
    fn places_inside_other_names_are_mentions_of_no_entity() {
        let pipeline =
            Pipeline::from_names(&crate::registry(), &["paragraphs", "tokens", "sentences", "entities", "places"])
                .unwrap();
        let mut doc =
            Document::new("text", "Kentucky State Police said the driver was taken to a hospital.".to_string());
        pipeline.annotate(&mut doc);
        let ky = doc.places.iter().find(|p| doc.slice(p.span) == "Kentucky").expect("Kentucky inside the name");
        assert_eq!((ky.entity.as_deref(), ky.geo.kind), (None, PlaceKind::Admin1));
        let mut doc = Document::new("text", "The South Korean Trade Minister spoke.".to_string());
        pipeline.annotate(&mut doc);
        assert!(doc.places.iter().all(|p| doc.slice(p.span) != "South"), "{:?}", doc.places);
    }

    #[test]
    fn an_event_carries_its_place_coordinates() {
        let pipeline = Pipeline::from_names(&crate::registry(), crate::DEFAULT_PIPELINE).unwrap();
        let mut doc = Document::new(
            "text",
            "Japanese Prime Minister Shinzo Abe met Emmanuel Macron in Paris on Monday.".to_string(),
        );
        pipeline.annotate(&mut doc);
        let meeting = doc.events.iter().find(|e| e.place.as_deref() == Some("Paris")).expect("a meeting in Paris");
        let geo = meeting.geo.as_ref().expect("the place's coordinates");
        assert_eq!(geo.country, "FR");
        assert!((geo.lat - 48.85).abs() < 0.1 && (geo.lon - 2.35).abs() < 0.1, "{geo:?}");
    }

    #[test]
    fn georgia_near_atlanta_is_the_us_state() {
        let found = places("Voters in Atlanta lined up for hours as Georgia counted the ballots.", None);
        assert_eq!(find(&found, "Georgia").1, "US", "{found:?}");
        let found = places("Russian troops crossed into Georgia, the government in Tbilisi said.", None);
        assert_eq!(find(&found, "Georgia").1, "GE", "{found:?}");
    }

    #[test]
    fn the_dateline_decides_between_namesakes() {
        let text = "Police closed Richmond Road after the crash near Richmond on Tuesday.";
        let found = places(text, Some("VANCOUVER"));
        assert_eq!(find(&found, "Richmond").1, "CA", "{found:?}");
        let found = places(text, Some("NORFOLK, Va."));
        assert_eq!(find(&found, "Richmond").1, "US", "{found:?}");
    }
}
