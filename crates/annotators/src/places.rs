//! The `places` annotator: every place the entity layer found — and every people's name
//! that stands for a country ("Turkish officials") — resolved to a GeoNames entry with
//! coordinates (`Entity::geo`), by `newsgraph_geo`'s resolver.
//!
//! What it reads from the text, beyond the entities: the words after a comma that follows a
//! place ("Paris, Texas", "Springfield, Ill.") as that place's qualifier, and the
//! dateline's place as context.

use newsgraph_document::{Document, EntityKind, Geo, Layer};
use newsgraph_geo::{Gazetteer, Resolver, Toponym};
use newsgraph_pipeline::Annotator;

/// Resolves places to coordinates.
pub struct Places {
    gazetteer: &'static Gazetteer,
}

impl Default for Places {
    fn default() -> Places {
        Places { gazetteer: Gazetteer::shared() }
    }
}

/// Longest qualifier read after a comma, in bytes: "Newfoundland and Labrador".
const MAX_QUALIFIER: usize = 32;

impl Annotator for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn annotate(&self, doc: &mut Document) {
        let g = self.gazetteer;
        let mut which = Vec::new();
        let mut toponyms = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            let demonym = match e.kind {
                EntityKind::Location => false,
                // "Turkish", "Canadians": a country's people or adjective, when the gazetteer
                // knows it as such and not as a place name of its own.
                EntityKind::Misc if g.demonym(&e.name).is_some() && g.lookup(&e.name).is_empty() => true,
                _ => continue,
            };
            let mut names = vec![e.name.clone()];
            names.extend(e.aliases.iter().cloned());
            let mut qualifiers = Vec::new();
            let mut mentions = 0;
            for m in e.mentions.iter().filter(|m| !m.pronoun) {
                mentions += 1;
                if let Some(q) = qualifier(&doc.text, m.span.end as usize) {
                    qualifiers.push(q.to_string());
                }
            }
            which.push(i);
            toponyms.push(Toponym { names, demonym, qualifiers, mentions });
        }
        let resolved = Resolver::new(g).resolve(&toponyms, doc.dateline_place.as_deref());
        for e in doc.entities.iter_mut() {
            e.geo = None;
        }
        for (i, r) in which.into_iter().zip(resolved) {
            let Some(r) = r else { continue };
            let p = g.place(r.place);
            let division = g.division(&p.division).filter(|&d| d != r.place).map(|d| g.place(d).name.to_string());
            doc.entities[i].geo = Some(Geo {
                geonameid: p.geonameid,
                name: p.name.to_string(),
                kind: p.kind,
                country: p.country.to_string(),
                division,
                lat: p.lat,
                lon: p.lon,
                confidence: r.confidence,
            });
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
