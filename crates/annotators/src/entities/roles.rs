//! Titles, employers and affiliations of people, from the three places news puts them:
//! before the name ("Bank of Japan Governor Haruhiko Kuroda", "Japanese Finance Minister
//! Taro Aso"), in an appositive ("Masaki Kuwahara, a Tokyo-based senior economist at Nomura
//! Securities Co,") and in a relative clause ("Mr Aso, who is in charge of Japan's currency
//! policy,").

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use newsgraph_document::{Document, Role};

use super::{Mention, SentenceTokens};

/// Honorifics (without their stop) that precede names.
pub(crate) const HONORIFICS: &[&str] =
    &["Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady", "Rev", "Madam"];

/// Title phrases, lower case, their words joined by one space (the list shared with the
/// recogniser). Tokens hold no spaces, so a joined phrase stands for one token sequence.
static TITLES: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    include_str!("../../../../models/gazetteers/titles.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
});

/// Whether tokens `start..end` are a title phrase (case-insensitive), written into `buf`.
fn is_title(words: &Words<'_>, start: usize, end: usize, buf: &mut String) -> bool {
    buf.clear();
    for t in start..end {
        if t > start {
            buf.push(' ');
        }
        let w = words.at(t).unwrap_or("");
        if w.is_ascii() {
            let at = buf.len();
            buf.push_str(w);
            buf[at..].make_ascii_lowercase();
        } else {
            buf.push_str(&w.to_lowercase());
        }
    }
    TITLES.contains(buf.as_str())
}
const LONGEST_TITLE: usize = 4;

/// Whether a word is a nationality adjective ("Japanese", "South Korean").
pub(crate) fn is_nationality(words: &str) -> bool {
    country_of(words).is_some()
}

/// Country of a nationality adjective ("Japanese" → "Japan").
fn country_of(adjective: &str) -> Option<&'static str> {
    Some(match adjective {
        "Japanese" => "Japan",
        "American" | "U.S." => "US",
        "British" => "Britain",
        "Chinese" => "China",
        "German" => "Germany",
        "French" => "France",
        "Russian" => "Russia",
        "Indian" => "India",
        "Italian" => "Italy",
        "Spanish" => "Spain",
        "Canadian" => "Canada",
        "Mexican" => "Mexico",
        "Brazilian" => "Brazil",
        "Korean" | "South Korean" => "South Korea",
        "North Korean" => "North Korea",
        "Australian" => "Australia",
        "Turkish" => "Turkey",
        "Iranian" => "Iran",
        "Israeli" => "Israel",
        "Saudi" => "Saudi Arabia",
        "Egyptian" => "Egypt",
        "Nigerian" => "Nigeria",
        "Kenyan" => "Kenya",
        "South African" => "South Africa",
        "Chilean" => "Chile",
        "Peruvian" => "Peru",
        "Polish" => "Poland",
        "Dutch" => "Netherlands",
        "Swiss" => "Switzerland",
        "Swedish" => "Sweden",
        "Norwegian" => "Norway",
        "Danish" => "Denmark",
        "Finnish" => "Finland",
        "Greek" => "Greece",
        "Ukrainian" => "Ukraine",
        "European" => "EU",
        "Pakistani" => "Pakistan",
        "Afghan" => "Afghanistan",
        "Iraqi" => "Iraq",
        "Syrian" => "Syria",
        "Vietnamese" => "Vietnam",
        "Thai" => "Thailand",
        "Indonesian" => "Indonesia",
        "Filipino" | "Philippine" => "Philippines",
        "Argentine" | "Argentinian" => "Argentina",
        "Colombian" => "Colombia",
        "Venezuelan" => "Venezuela",
        "Cuban" => "Cuba",
        "Irish" => "Ireland",
        "Portuguese" => "Portugal",
        "Austrian" => "Austria",
        "Belgian" => "Belgium",
        "Hungarian" => "Hungary",
        "Czech" => "Czech Republic",
        "Romanian" => "Romania",
        "Estonian" => "Estonia",
        "Latvian" => "Latvia",
        "Lithuanian" => "Lithuania",
        "Ghanaian" => "Ghana",
        "Ethiopian" => "Ethiopia",
        "Malaysian" => "Malaysia",
        "Singaporean" => "Singapore",
        "Taiwanese" => "Taiwan",
        "Qatari" => "Qatar",
        "Lebanese" => "Lebanon",
        "Jordanian" => "Jordan",
        "Palestinian" => "Palestine",
        "Moroccan" => "Morocco",
        "Algerian" => "Algeria",
        "Serbian" => "Serbia",
        "Croatian" => "Croatia",
        "Bulgarian" => "Bulgaria",
        "Georgian" => "Georgia",
        "Maltese" => "Malta",
        _ => return None,
    })
}

/// The tokens of a sentence as text.
struct Words<'a> {
    doc: &'a Document,
    range: std::ops::Range<usize>,
}

impl<'a> Words<'a> {
    fn at(&self, t: usize) -> Option<&'a str> {
        self.range.contains(&t).then(|| self.doc.slice(self.doc.tokens[t].span))
    }
}

/// Longest title phrase ending at token `end - 1` (case-insensitive): its first token.
fn title_ending_at(words: &Words<'_>, end: usize) -> Option<usize> {
    let mut buf = String::new();
    (1..=LONGEST_TITLE).rev().find_map(|len| {
        let start = end.checked_sub(len)?;
        if start < words.range.start {
            return None;
        }
        is_title(words, start, end, &mut buf).then_some(start)
    })
}

/// A title inside a name the recogniser ran together with it ("Mayor Lena Fischer" at the
/// start of a sentence, "Tidewater Chief Executive Anton Verwey" as one span): the title's
/// first token and the name's first token. Titles are roles, never part of a name. A title
/// that opens the span must leave a first and a last name ("General Electric" is not
/// General Electric); after an employer, one capitalised name will do. The title takes in
/// the portfolio and rank words before it ("Finance Minister", "Senior Vice President").
pub(crate) fn title_inside(doc: &Document, tokens: std::ops::Range<usize>) -> Option<(usize, usize)> {
    let words = Words { doc, range: tokens.clone() };
    tokens.clone().find_map(|start| {
        let end = title_starting_at(&words, start)?;
        let need = if start == tokens.start { 2 } else { 1 };
        if end + need > tokens.end || !(end..tokens.end).all(|t| words.at(t).is_some_and(capitalised)) {
            return None;
        }
        Some((title_with_qualifiers(&words, start), end))
    })
}

/// An employer the recogniser left unnamed, between the start of `within` and a title
/// right before a person's name at `name_start` ("Tidewater Chief Executive Anton Verwey",
/// "Tidewater" untagged): capitalised words, "of"/"and" inside, not a country (the roles
/// take those), none of them in a recognised name (`named`).
pub(crate) fn employer_before_title(
    doc: &Document,
    within: std::ops::Range<usize>,
    name_start: usize,
    named: impl Fn(usize) -> bool,
) -> Option<std::ops::Range<usize>> {
    let words = Words { doc, range: within };
    let mut end = name_start;
    if words.at(end.wrapping_sub(1)).is_some_and(|w| HONORIFICS.contains(&w.trim_end_matches('.'))) {
        end -= 1;
    }
    let end = title_with_qualifiers(&words, title_ending_at(&words, end)?);
    let mut start = end;
    while let Some(w) = words.at(start.wrapping_sub(1)) {
        let t = start - 1;
        let joiner = matches!(w, "of" | "and" | "&") && words.at(t.wrapping_sub(1)).is_some_and(capitalised);
        if named(t) || !(capitalised(w) && country_of(w).is_none() && !HONORIFICS.contains(&w) || joiner) {
            break;
        }
        start = t;
    }
    if words.at(start) == Some("The") {
        start += 1;
    }
    (start < end).then_some(start..end)
}

/// A title that ends a span after a name ("Harlow Mining Senior Vice President", "Bank of
/// England Governor"): where the title starts, qualifiers included, when a capitalised word
/// stands before it. The name before is the employer; the title is a role.
pub(crate) fn title_at_end(doc: &Document, tokens: std::ops::Range<usize>) -> Option<usize> {
    let words = Words { doc, range: tokens.clone() };
    let start = title_with_qualifiers(&words, title_ending_at(&words, tokens.end)?);
    (start > tokens.start && words.at(start - 1).is_some_and(capitalised)).then_some(start)
}

/// Whether these tokens are a title and nothing else ("Interior Minister", "Chief
/// Executive"): a role, not a name.
pub(crate) fn is_title_phrase(doc: &Document, tokens: std::ops::Range<usize>) -> bool {
    let words = Words { doc, range: tokens.clone() };
    title_ending_at(&words, tokens.end).is_some_and(|start| title_with_qualifiers(&words, start) == tokens.start)
}

/// Where a title starts once the rank and portfolio words before it are taken in ("Senior
/// Vice President", "Finance Minister"), within `words`.
fn title_with_qualifiers(words: &Words<'_>, mut start: usize) -> usize {
    while start > words.range.start && words.at(start - 1).is_some_and(|w| is_title_modifier(w) || is_portfolio(w)) {
        start -= 1;
    }
    start
}

/// Words that name a minister's or official's portfolio before the title ("Finance
/// Minister", "Majority Leader"): part of the title, not an employer.
fn is_portfolio(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "finance"
            | "foreign"
            | "defense"
            | "defence"
            | "trade"
            | "treasury"
            | "interior"
            | "justice"
            | "health"
            | "education"
            | "energy"
            | "economy"
            | "economic"
            | "home"
            | "state"
            | "labor"
            | "labour"
            | "agriculture"
            | "transport"
            | "environment"
            | "commerce"
            | "industry"
            | "culture"
            | "majority"
            | "minority"
            | "prime"
            | "general"
            | "attorney"
            | "police"
            | "army"
            | "marketing"
            | "operating"
            | "financial"
            | "technology"
            | "investment"
            | "research"
            | "head"
    )
}

/// Longest title phrase starting at token `start`: one past its last token.
fn title_starting_at(words: &Words<'_>, start: usize) -> Option<usize> {
    let mut buf = String::new();
    (1..=LONGEST_TITLE).rev().find_map(|len| {
        let end = start + len;
        if end > words.range.end {
            return None;
        }
        is_title(words, start, end, &mut buf).then_some(end)
    })
}

fn text(doc: &Document, tokens: std::ops::Range<usize>) -> String {
    if tokens.is_empty() {
        return String::new();
    }
    doc.text[doc.tokens[tokens.start].span.start as usize..doc.tokens[tokens.end - 1].span.end as usize].to_string()
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Roles given to a person's named mentions.
///
/// `in_mention[t]` tells whether token `t` lies in any recognised name: a name right before
/// a title is its employer or country, not part of it ("US Treasury Secretary").
pub(crate) fn roles_of(
    doc: &Document,
    sentences: &SentenceTokens,
    named: &[&Mention],
    in_mention: &[bool],
) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::new();
    let mut push = |r: Role| {
        if !r.title.is_empty() && !roles.iter().any(|o| o.title.eq_ignore_ascii_case(&r.title) && o.of == r.of) {
            roles.push(r);
        }
    };
    for m in named {
        let words = Words { doc, range: sentences.ranges[m.sentence].clone() };
        // Before the name, skipping an honorific: [of] TITLE [Mr] Name.
        let mut end = m.tokens.start;
        if words.at(end.wrapping_sub(1)).is_some_and(|w| HONORIFICS.contains(&w.trim_end_matches('.'))) {
            end -= 1;
        }
        if let Some(start) = title_ending_at(&words, end) {
            // Capitalised words before a title extend it when they are part of it
            // ("Treasury Secretary"); what comes before is the employer or country.
            let mut title_start = start;
            while let Some(w) = words.at(title_start.wrapping_sub(1)) {
                let before = title_start - 1;
                let part = (capitalised(w) && country_of(w).is_none() && !in_mention[before]) || is_title_modifier(w);
                if part && w != "'s" {
                    title_start = before;
                } else {
                    break;
                }
            }
            let of = affiliation_before(doc, &words, title_start);
            push(Role { title: text(doc, title_start..end), of, place: None });
        }
        // After the name: ", (a|an|the) [X-based] [adjectives] TITLE (at|of|for|with) ORG,".
        let after = m.tokens.end;
        if words.at(after) == Some(",") {
            push_appositive(doc, &words, after + 1, &mut push);
        }
    }
    roles
}

/// Words that qualify a title and belong to it ("senior economist", "former Prime Minister").
fn is_title_modifier(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "senior"
            | "chief"
            | "deputy"
            | "former"
            | "acting"
            | "lead"
            | "principal"
            | "assistant"
            | "associate"
            | "executive"
            | "managing"
            | "junior"
            | "top"
            | "interim"
            | "vice"
            | "outgoing"
            | "incoming"
    )
}

/// The employer or country just before a title: "Bank of Japan", "US", "Japan's", "Japanese".
fn affiliation_before(doc: &Document, words: &Words<'_>, title_start: usize) -> Option<String> {
    let mut end = title_start;
    if words.at(end.wrapping_sub(1)) == Some("'s") || words.at(end.wrapping_sub(1)) == Some("’s") {
        end -= 1;
    }
    let last = words.at(end.wrapping_sub(1))?;
    if let Some(country) = country_of(last) {
        return Some(country.to_string());
    }
    if !capitalised(last) {
        return None;
    }
    // Walk back over a capitalised name, allowing "of"/"and"/"for" inside it ("Bank of Japan").
    let mut start = end - 1;
    while let Some(w) = words.at(start.wrapping_sub(1)) {
        let joiner =
            matches!(w, "of" | "and" | "for" | "&") && words.at(start.wrapping_sub(2)).is_some_and(capitalised);
        if capitalised(w) && !HONORIFICS.contains(&w) || joiner {
            start -= 1;
        } else {
            break;
        }
    }
    // A sentence-initial "The" is not part of the name.
    if words.at(start).is_some_and(|w| w == "The") {
        start += 1;
    }
    (start < end).then(|| text(doc, start..end))
}

fn push_appositive(doc: &Document, words: &Words<'_>, mut t: usize, push: &mut impl FnMut(Role)) {
    let limit = (t + 14).min(words.range.end);
    let relative = matches!(words.at(t), Some("who"));
    if relative {
        t += 1;
        if !matches!(words.at(t), Some("is" | "was" | "has" | "had" | "became" | "serves" | "served")) {
            return;
        }
        t += 1;
        if words.at(t) == Some("been") {
            t += 1;
        }
        // "who is in charge of Japan's currency policy"
        if words.at(t) == Some("in") && words.at(t + 1) == Some("charge") && words.at(t + 2) == Some("of") {
            let end = (t..limit).find(|&i| matches!(words.at(i), Some("," | "." | ";"))).unwrap_or(limit);
            let of = (t + 3..end).find(|&i| words.at(i).is_some_and(capitalised)).map(|i| {
                let mut j = i + 1;
                while j < end && words.at(j).is_some_and(capitalised) {
                    j += 1;
                }
                text(doc, i..j)
            });
            push(Role { title: text(doc, t..end).replace(" 's", "'s"), of, place: None });
            return;
        }
    }
    if matches!(words.at(t), Some("a" | "an" | "the" | "A" | "An" | "The")) {
        t += 1;
    }
    let mut place = None;
    let mut i = t;
    while i < limit {
        let Some(w) = words.at(i) else { break };
        if matches!(w, "," | "." | ";" | ":" | "\"" | "“" | "”" | "(" | ")") {
            break;
        }
        if let Some(p) = w.strip_suffix("-based") {
            place = Some(p.to_string());
        }
        if let Some(end) = title_starting_at(words, i) {
            let mut start = i;
            while start > t && words.at(start - 1).is_some_and(is_title_modifier) {
                start -= 1;
            }
            let of = match words.at(end) {
                Some("at" | "of" | "for" | "with" | "from") => {
                    let s = end + 1;
                    let s = if matches!(words.at(s), Some("the")) { s + 1 } else { s };
                    let mut e = s;
                    while e < limit && words.at(e).is_some_and(|w| capitalised(w) || matches!(w, "of" | "&" | "and")) {
                        e += 1;
                    }
                    while e > s && words.at(e - 1).is_some_and(|w| matches!(w, "of" | "&" | "and")) {
                        e -= 1;
                    }
                    (e > s).then(|| text(doc, s..e))
                }
                _ => None,
            };
            // Possessive owner before the title inside the appositive: "Japan's finance minister".
            let of = of
                .or_else(|| (i >= t + 2 && matches!(words.at(i - 1), Some("'s" | "’s"))).then(|| text(doc, t..i - 1)));
            push(Role { title: text(doc, start..end), of, place: place.clone() });
            return;
        }
        i += 1;
    }
}
