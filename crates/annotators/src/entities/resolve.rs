//! Grouping mentions into entities: a person's later short names ("Aso", "Mr Aso") join
//! the full name; organisation and place mentions join by normalised name, by acronym
//! ("TPP" ↔ "Trans-Pacific Partnership") and by a few common aliases ("U.S." ↔ "US");
//! subject pronouns join the person they most likely refer to.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use newsgraph_document::{Document, Entity, EntityKind, Mention as EntityMention, Span};

use super::roles::{HONORIFICS, roles_of};
use super::{Mention, SentenceTokens};

struct Group {
    /// Mentions by kind (person, organisation, location, misc).
    kinds: [usize; 4],
    mentions: Vec<Mention>,
    /// Named like a country ("US", "Japan"): a place, whatever the recogniser said.
    is_country: bool,
    /// The distinct texts of its named mentions (indexes of the document's [`Name`]s): what a
    /// new mention is compared with, so that a name repeated a thousand times is compared once.
    texts: Vec<usize>,
}

/// A mention's text with the forms the comparisons read, computed once per text rather than
/// once per comparison (the grouping was a quarter of the entity pipeline's time, most of it
/// allocating the same lower-cased strings again).
struct Name {
    text: String,
    /// [`normalise`]d.
    norm: String,
    /// The [`name_words`], each [`normalise`]d.
    words: Vec<String>,
    acronym: bool,
    initials: String,
}

impl Name {
    fn new(text: &str) -> Name {
        Name {
            text: text.to_string(),
            norm: normalise(text),
            words: name_words(text).iter().map(|w| normalise(w)).collect(),
            acronym: is_acronym(text),
            initials: initials(text),
        }
    }
}

/// Which groups a mention could join, by the words the comparisons look at: a mention is
/// compared only with groups that share one of its keys, never with every group, so that
/// linking stays near-linear in a long document (a 1 MB text has tens of thousands of
/// mentions). The keys cover every way `find_person`, `surname_of` and `find_named` can
/// match; the comparisons themselves are unchanged. Keys are hashes of a kind and a string:
/// two keys that collide only add a candidate, which the comparisons then turn down.
#[derive(Default)]
struct Candidates {
    groups: FxHashMap<u64, Vec<usize>>,
}

/// The kinds of candidate keys.
#[derive(Clone, Copy)]
enum Key {
    Alias,
    Bare,
    BareFirst,
    First,
    Last,
    Acronym,
    Initials,
}

fn key(kind: Key, s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(kind as u8);
    h.write(s.as_bytes());
    h.finish()
}

impl Candidates {
    /// Files group `g` under the keys of one of its (new) mention texts.
    fn add(&mut self, g: usize, name: &Name) {
        let norm = &name.norm;
        let bare = without_legal_form(norm);
        let words = name.words.first().zip(name.words.last());
        let keys = [
            Some(key(Key::Alias, canonical_alias(norm))),
            Some(key(Key::Bare, bare)),
            Some(key(Key::BareFirst, bare.split(' ').next().unwrap_or_default())),
            words.map(|(first, _)| key(Key::First, first)),
            words.map(|(_, last)| key(Key::Last, last)),
            Some(if name.acronym { key(Key::Acronym, norm) } else { key(Key::Initials, &name.initials) }),
        ];
        for k in keys.into_iter().flatten() {
            let list = self.groups.entry(k).or_default();
            if list.last() != Some(&g) {
                list.push(g);
            }
        }
    }

    /// Groups filed under any of `keys`, latest first.
    fn of(&self, keys: &[u64]) -> Vec<usize> {
        let mut out: Vec<usize> = keys.iter().filter_map(|k| self.groups.get(k)).flatten().copied().collect();
        out.sort_unstable_by(|a, b| b.cmp(a));
        out.dedup();
        out
    }

    /// Groups a person's name could continue: sharing its last word, or its first.
    fn for_person(&self, name: &Name) -> Vec<usize> {
        let (Some(first), Some(last)) = (name.words.first(), name.words.last()) else { return Vec::new() };
        self.of(&[key(Key::Last, last), key(Key::First, last), key(Key::Last, first)])
    }

    /// Groups a name could be another form of (see `find_named`, `surname_of`).
    fn for_name(&self, name: &Name) -> Vec<usize> {
        let norm = &name.norm;
        let bare = without_legal_form(norm);
        self.of(&[
            key(Key::Alias, canonical_alias(norm)),
            key(Key::Bare, bare),
            key(Key::BareFirst, bare),
            key(Key::Bare, bare.split(' ').next().unwrap_or_default()),
            key(Key::Last, norm),
            if name.acronym { key(Key::Initials, norm) } else { key(Key::Acronym, &name.initials) },
        ])
    }
}

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organisation => 1,
        EntityKind::Location => 2,
        EntityKind::Misc => 3,
    }
}

impl Group {
    fn kind(&self) -> EntityKind {
        if self.is_country {
            return EntityKind::Location;
        }
        // The most frequent kind; on a tie the first in `kind_index` order.
        let mut best = 0;
        for k in 1..4 {
            if self.kinds[k] > self.kinds[best] {
                best = k;
            }
        }
        [EntityKind::Person, EntityKind::Organisation, EntityKind::Location, EntityKind::Misc][best]
    }
}

/// Normalised name: lower case, dots and possessives dropped, spaces collapsed.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let kept = word.chars().filter(|c| !matches!(c, '.' | '’' | '\''));
        // A word of dots alone leaves no trace, not even a space.
        let mut kept = kept.peekable();
        if kept.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(kept);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        // Whole-string lower-casing: a final sigma depends on its neighbours.
        out.to_lowercase()
    }
}

/// Common aliases of the same name.
fn canonical_alias(n: &str) -> &str {
    match n {
        "us" | "usa" | "united states" | "united states of america" | "america" => "united states",
        "uk" | "britain" | "great britain" | "united kingdom" => "united kingdom",
        "eu" | "european union" => "european union",
        "un" | "united nations" => "united nations",
        other => other,
    }
}

/// Initials of the capitalised words (hyphenated parts count): "Trans-Pacific Partnership" → "tpp".
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Country names (GeoNames, the list the recogniser also uses) and their common aliases.
pub(crate) fn is_country(name: &str) -> bool {
    is_country_normalised(&normalise(name))
}

/// [`is_country`] of a [`normalise`]d name.
fn is_country_normalised(n: &str) -> bool {
    static COUNTRIES: std::sync::LazyLock<FxHashSet<String>> = std::sync::LazyLock::new(|| {
        include_str!("../../../../models/gazetteers/location-country.txt").lines().map(normalise).collect()
    });
    COUNTRIES.contains(n) || matches!(canonical_alias(n), "united states" | "united kingdom")
}

fn is_acronym(s: &str) -> bool {
    let letters: String = s.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.chars().count()) && letters.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Name tokens without honorifics.
fn name_words(text: &str) -> Vec<&str> {
    text.split_whitespace().filter(|w| !HONORIFICS.contains(&w.trim_end_matches('.'))).collect()
}

const PRONOUNS: &[&str] = &["he", "she", "him", "his", "her"];

pub(crate) fn resolve(doc: &Document, sentences: &SentenceTokens, mentions: Vec<Mention>) -> Vec<Entity> {
    let mut in_mention = vec![false; doc.tokens.len()];
    for m in &mentions {
        in_mention[m.tokens.clone()].fill(true);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index = Candidates::default();
    // Each distinct mention text, read once.
    let mut names: Vec<Name> = Vec::new();
    let mut by_text: FxHashMap<&str, usize> = FxHashMap::default();
    for m in mentions {
        let text = doc.slice(m.span);
        let named = !m.pronoun;
        let n = *by_text.entry(text).or_insert_with(|| {
            names.push(Name::new(text));
            names.len() - 1
        });
        let (name, known) = (&names[n], Known { groups: &groups, names: &names });
        let target = if m.kind == EntityKind::Person {
            find_person(&known, &index.for_person(name), name)
        } else {
            // A surname the recogniser took for something else ("Verwey declined"), once the
            // document has named the person in full, is that person.
            let candidates = index.for_name(name);
            find_named(&known, &candidates, name, m.kind).or_else(|| surname_of(&known, &candidates, name))
        };
        let country = is_country_normalised(&name.norm);
        let g = match target {
            Some(g) => {
                groups[g].kinds[kind_index(m.kind)] += 1;
                groups[g].is_country |= country;
                groups[g].mentions.push(m);
                g
            }
            None => {
                let mut kinds = [0; 4];
                kinds[kind_index(m.kind)] = 1;
                groups.push(Group { kinds, is_country: country, mentions: vec![m], texts: Vec::new() });
                groups.len() - 1
            }
        };
        if named && !groups[g].texts.contains(&n) {
            index.add(g, name);
            groups[g].texts.push(n);
        }
    }
    add_acronyms(doc, sentences, &mut groups);
    add_descriptions(doc, sentences, &mut groups);
    add_pronouns(doc, sentences, &mut groups);

    let mut entities: Vec<Entity> = groups
        .into_iter()
        .map(|mut g| {
            g.mentions.sort_by_key(|m| m.span.start);
            let kind = g.kind();
            let named: Vec<&Mention> = g.mentions.iter().filter(|m| !m.pronoun).collect();
            let name = best_name(doc, &named, kind);
            let mut aliases: Vec<String> = Vec::new();
            for m in &named {
                let text = doc.slice(m.span).to_string();
                // "Mr Aso": the honorific before a name belongs to how the text calls it.
                if let Some(h) = m.tokens.start.checked_sub(1).map(|t| doc.slice(doc.tokens[t].span))
                    && HONORIFICS.contains(&h.trim_end_matches('.'))
                {
                    let with = format!("{h} {text}");
                    if with != name && !aliases.contains(&with) {
                        aliases.push(with);
                    }
                }
                if text != name && !aliases.contains(&text) {
                    aliases.push(text);
                }
            }
            let roles =
                if kind == EntityKind::Person { roles_of(doc, sentences, &named, &in_mention) } else { Vec::new() };
            let mentions = g.mentions.iter().map(|m| EntityMention { span: m.span, pronoun: m.pronoun }).collect();
            Entity { id: String::new(), global: None, kind, name, aliases, roles, mentions, geo: None }
        })
        .collect();
    entities.sort_by_key(|e| e.mentions.first().map_or(0, |m| m.span.start));
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("E{}", i + 1);
    }
    entities
}

/// The fullest name: a proper name before a description ("the central bank"), then most
/// name words, then the earliest; acronyms only when nothing else.
fn best_name(doc: &Document, named: &[&Mention], kind: EntityKind) -> String {
    named
        .iter()
        .enumerate()
        .map(|(i, m)| (i, doc.slice(m.span)))
        .max_by_key(|(i, t)| {
            let words = if kind == EntityKind::Person { name_words(t).len() } else { t.split_whitespace().count() };
            let proper = t.chars().next().is_some_and(char::is_uppercase) && !t.starts_with("The ");
            (proper, !is_acronym(t), words, std::cmp::Reverse(*i))
        })
        .map(|(_, t)| t)
        .map(|t| if kind == EntityKind::Person { name_words(t).join(" ") } else { t.to_string() })
        .unwrap_or_default()
}

/// A person group this name continues: the same name, or a name whose words contain (or
/// are contained in) this one's — the most recent such group.
/// The groups so far and the names their texts index.
struct Known<'a> {
    groups: &'a [Group],
    names: &'a [Name],
}

impl Known<'_> {
    fn texts<'b>(&'b self, g: &'b Group) -> impl Iterator<Item = &'b Name> + Clone + 'b {
        g.texts.iter().map(|&t| &self.names[t])
    }
}

fn find_person(known: &Known<'_>, candidates: &[usize], name: &Name) -> Option<usize> {
    let words = &name.words;
    if words.is_empty() {
        return None;
    }
    candidates.iter().find_map(|&i| {
        let g = &known.groups[i];
        if g.kind() != EntityKind::Person {
            return None;
        }
        let names = || known.texts(g).map(|t| &t.words);
        // "Jana Okafor" does not continue "Amara Okafor" through a "Mr Okafor" in between:
        // two full names that differ are two people.
        let conflicts = words.len() > 1
            && names().any(|o| o.len() > 1 && o != words)
            && !names().any(|o| o.len() > 1 && (o.ends_with(words) || words.ends_with(o)));
        if conflicts {
            return None;
        }
        let matches = names().any(|other| {
            if other == words {
                return true;
            }
            let (short, long) = if words.len() <= other.len() { (words, other) } else { (other, words) };
            // "Aso" ⊂ "Taro Aso": the shorter name's words are the longer's last (or first) words.
            !short.is_empty() && (long.ends_with(short) || (short.len() == 1 && long.first() == short.first()))
        });
        matches.then_some(i)
    })
}

/// A person group whose full name (two words or more) ends in this one word.
fn surname_of(known: &Known<'_>, candidates: &[usize], name: &Name) -> Option<usize> {
    let text = name.text.as_str();
    if text.contains(char::is_whitespace) || !text.starts_with(char::is_uppercase) || name.acronym {
        return None;
    }
    let word = &name.norm;
    candidates.iter().find_map(|&i| {
        let g = &known.groups[i];
        let full = |t: &Name| t.words.len() >= 2 && t.words.last() == Some(word);
        (g.kind() == EntityKind::Person && known.texts(g).any(full)).then_some(i)
    })
}

/// Legal-form words that end a company's name and that the text drops in later mentions.
const LEGAL_FORMS: &[&str] = &[
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "co",
    "company",
    "ltd",
    "limited",
    "plc",
    "llc",
    "llp",
    "lp",
    "ag",
    "sa",
    "nv",
    "bv",
    "se",
    "spa",
    "gmbh",
    "holdings",
    "group",
];

/// A normalised organisation name without its legal form ("harlow mining corp" → "harlow mining").
fn without_legal_form(norm: &str) -> &str {
    let mut name = norm;
    while let Some((rest, last)) = name.rsplit_once(' ') {
        if !LEGAL_FORMS.contains(&last.trim_end_matches(',')) {
            break;
        }
        name = rest.trim_end_matches(',').trim_end_matches(" &");
    }
    name
}

/// A group with the same normalised name, a known alias, or a matching acronym; for an
/// organisation also the same name without its legal form ("Harlow Mining Corp." and
/// "Harlow Mining"), or the first word of its name ("Harlow").
fn find_named(known: &Known<'_>, candidates: &[usize], name: &Name, kind: EntityKind) -> Option<usize> {
    let norm = &name.norm;
    let alias = canonical_alias(norm);
    let acronym = name.acronym;
    let organisation = kind == EntityKind::Organisation;
    let bare = without_legal_form(norm);
    candidates.iter().find_map(|&i| {
        let g = &known.groups[i];
        let both_organisations = organisation && g.kind() == EntityKind::Organisation;
        known
            .texts(g)
            .any(|other| {
                if canonical_alias(&other.norm) == alias {
                    return true;
                }
                if both_organisations && !acronym && !other.acronym {
                    let other_bare = without_legal_form(&other.norm);
                    let first_word =
                        |long: &str, short: &str| !short.contains(' ') && long.split(' ').next() == Some(short);
                    if other_bare == bare || first_word(other_bare, bare) || first_word(bare, other_bare) {
                        return true;
                    }
                }
                if acronym && !other.acronym && other.initials == *norm {
                    return true;
                }
                !acronym && other.acronym && name.initials == other.norm
            })
            .then_some(i)
    })
}

/// Adds bare acronyms of multi-word names that the recogniser left untagged: "the
/// Trans-Pacific Partnership (TPP)" makes every later "TPP" a mention of it.
fn add_acronyms(doc: &Document, sentences: &SentenceTokens, groups: &mut [Group]) {
    let mut tagged = vec![false; doc.tokens.len()];
    for g in groups.iter() {
        for m in &g.mentions {
            tagged[m.tokens.clone()].fill(true);
        }
    }
    let mut by_acronym: FxHashMap<String, usize> = FxHashMap::default();
    for (i, g) in groups.iter().enumerate() {
        if g.kind() == EntityKind::Person {
            continue;
        }
        for m in &g.mentions {
            let text = doc.slice(m.span);
            let letters = initials(text);
            if text.split_whitespace().count() >= 2 && letters.len() >= 2 {
                by_acronym.entry(letters.to_uppercase()).or_insert(i);
            }
        }
    }
    if by_acronym.is_empty() {
        return;
    }
    for (si, range) in sentences.ranges.iter().enumerate() {
        for t in range.clone() {
            if tagged[t] {
                continue;
            }
            let word = doc.slice(doc.tokens[t].span);
            if let Some(&g) = by_acronym.get(word) {
                let kind = groups[g].kind();
                groups[g].mentions.push(Mention {
                    span: doc.tokens[t].span,
                    kind,
                    sentence: si,
                    tokens: t..t + 1,
                    pronoun: false,
                });
            }
        }
    }
}

/// Definite descriptions that the text makes unambiguous: "the central bank" or "the bank"
/// is the document's only organisation named "… Bank …" mentioned before it ("Bank of
/// Japan"); likewise "the ministry", "the company", "the party", "the union".
fn add_descriptions(doc: &Document, sentences: &SentenceTokens, groups: &mut [Group]) {
    const HEADS: &[(&[&str], &[&str])] = &[
        (&["central", "bank"], &["bank", "reserve"]),
        (&["bank"], &["bank"]),
        (&["ministry"], &["ministry"]),
        (&["company"], &["co", "corp", "inc", "ltd", "plc", "company", "group"]),
        (&["party"], &["party"]),
        (&["union"], &["union"]),
    ];
    let mut tagged = vec![false; doc.tokens.len()];
    for g in groups.iter() {
        for m in &g.mentions {
            tagged[m.tokens.clone()].fill(true);
        }
    }
    // Per head: each organisation named with it, by the end of its first such mention, in
    // order. Asking every group at every description cost a long text its length squared.
    let named: Vec<Vec<(u32, usize)>> = HEADS
        .iter()
        .map(|(_, name_words)| {
            let names = |m: &Mention| {
                doc.slice(m.span)
                    .split_whitespace()
                    .any(|w| name_words.iter().any(|n| w.trim_end_matches('.').eq_ignore_ascii_case(n)))
            };
            let mut firsts: Vec<(u32, usize)> = groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.kind() == EntityKind::Organisation)
                .filter_map(|(i, g)| {
                    g.mentions.iter().filter(|m| !m.pronoun && names(m)).map(|m| m.span.end).min().map(|end| (end, i))
                })
                .collect();
            firsts.sort_unstable();
            firsts
        })
        .collect();
    let mut found: Vec<(usize, Mention)> = Vec::new();
    for (si, range) in sentences.ranges.iter().enumerate() {
        for t in range.clone() {
            if !doc.slice(doc.tokens[t].span).eq_ignore_ascii_case("the") || tagged.get(t + 1).copied().unwrap_or(true)
            {
                continue;
            }
            for (h, (words, _)) in HEADS.iter().enumerate() {
                let end = t + 1 + words.len();
                if end > range.end
                    || !words
                        .iter()
                        .enumerate()
                        .all(|(k, w)| doc.slice(doc.tokens[t + 1 + k].span).eq_ignore_ascii_case(w))
                {
                    continue;
                }
                let start = doc.tokens[t].span.start;
                // Organisations named with the head word, mentioned before this description:
                // when there is exactly one, the description is it.
                if named[h].partition_point(|&(e, _)| e <= start) == 1 {
                    let g = named[h][0].1;
                    let span = Span::new(start as usize, doc.tokens[end - 1].span.end as usize);
                    found.push((
                        g,
                        Mention { span, kind: EntityKind::Organisation, sentence: si, tokens: t..end, pronoun: false },
                    ));
                }
                break;
            }
        }
    }
    for (g, m) in found {
        groups[g].mentions.push(m);
    }
}

/// Adds pronoun mentions: "he"/"she"/"his"/"him"/"her" refer to the subject of their
/// sentence when a person comes before them there, else to the first person (usually the
/// subject) of the closest earlier sentence that names one.
fn add_pronouns(doc: &Document, sentences: &SentenceTokens, groups: &mut [Group]) {
    // First person mention of each sentence, and every person mention by start.
    let mut people: Vec<(usize, Span, usize)> = Vec::new(); // (sentence, span, group)
    for (g, group) in groups.iter().enumerate() {
        if group.kind() != EntityKind::Person {
            continue;
        }
        for m in &group.mentions {
            people.push((m.sentence, m.span, g));
        }
    }
    people.sort_by_key(|(s, span, _)| (*s, span.start));
    let mut found: Vec<(usize, Mention)> = Vec::new();
    for (si, range) in sentences.ranges.iter().enumerate() {
        for t in range.clone() {
            let word = doc.slice(doc.tokens[t].span);
            if !PRONOUNS.iter().any(|p| word.eq_ignore_ascii_case(p)) {
                continue;
            }
            let span = doc.tokens[t].span;
            // `people` is sorted by sentence: this sentence's are found by binary search (a
            // scan of all of them per pronoun cost a long text its length squared).
            let here = people.partition_point(|p| p.0 < si);
            let same = people[here..].iter().take_while(|p| p.0 == si).find(|(_, sp, _)| sp.end <= span.start);
            let antecedent = same.or_else(|| {
                let prev = people[..here].last()?.0;
                // Only close antecedents: a pronoun three sentences after the last name is
                // too uncertain to resolve.
                (si - prev <= 2).then(|| &people[people.partition_point(|p| p.0 < prev)])
            });
            if let Some(&(_, _, g)) = antecedent {
                let kind = EntityKind::Person;
                found.push((g, Mention { span, kind, sentence: si, tokens: t..t + 1, pronoun: true }));
            }
        }
    }
    for (g, m) in found {
        groups[g].mentions.push(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_drops_dots_and_apostrophes_and_collapses_spaces() {
        assert_eq!(normalise("  U.S.  Dept .  O'Neill’s "), "us dept oneills");
        assert_eq!(normalise(". ."), "");
        // Not ASCII: lower-cased as a whole string, so a final sigma stays final.
        assert_eq!(normalise("ΟΔΥΣΣΕΑΣ Π."), "οδυσσεας π");
    }

    #[test]
    fn a_group_takes_its_most_frequent_kind_and_the_first_on_a_tie() {
        let group = |kinds| Group { kinds, mentions: Vec::new(), is_country: false, texts: Vec::new() };
        assert_eq!(group([1, 2, 0, 0]).kind(), EntityKind::Organisation);
        assert_eq!(group([0, 1, 1, 0]).kind(), EntityKind::Organisation);
        assert_eq!(group([0, 0, 0, 1]).kind(), EntityKind::Misc);
    }

    #[test]
    fn candidate_keys_find_other_forms_of_a_name() {
        let mut index = Candidates::default();
        index.add(0, &Name::new("Harlow Mining Corp."));
        index.add(1, &Name::new("Taro Aso"));
        index.add(2, &Name::new("Trans-Pacific Partnership"));
        assert_eq!(index.for_name(&Name::new("Harlow Mining")), vec![0]);
        assert_eq!(index.for_person(&Name::new("Mr Aso")), vec![1]);
        assert_eq!(index.for_name(&Name::new("TPP")), vec![2]);
        assert!(index.for_name(&Name::new("Kestrel Bay")).is_empty());
    }
}
