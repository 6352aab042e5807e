//! Fictional news articles, generated deterministically from a seed, for benchmarks, load
//! tests and crash tests: newswire-like prose with people and their titles, organisations,
//! places, quotes and dates, so that every pipeline layer has work to do.
//!
//! Not a source of training or evaluation data: the text is template-made and says nothing
//! true.
//!
//! ```
//! let a = newsgraph_synth::Generator::new(7).article(0);
//! let b = newsgraph_synth::Generator::new(7).article(0);
//! assert_eq!(a.text, b.text);
//! assert!(a.text.contains(" said"));
//! ```

mod bursts;

pub use bursts::{BURST_HOURS, END, HOURS, Pattern, StreamArticle};

/// A generated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Headline.
    pub title: String,
    /// Body: paragraphs separated by blank lines.
    pub text: String,
    /// Publication day, `YYYY-MM-DD`.
    pub date: String,
    /// Fictional outlet.
    pub source: String,
    /// Dateline place.
    pub place: String,
    /// A fictional URL, unique per article.
    pub url: String,
}

impl Article {
    /// The article in the newswire text format.
    pub fn newswire(&self) -> String {
        format!(" date {} {} ({}) - {}\n", self.date, self.place.to_uppercase(), self.source.to_uppercase(), self.text)
    }

    /// The article as one JSON Lines record.
    pub fn json_line(&self) -> String {
        serde_json::json!({
            "title": self.title, "text": self.text, "published": self.date, "source": self.source, "url": self.url,
        })
        .to_string()
    }
}

/// Deterministic article generator (SplitMix64 underneath: no dependency, same output on
/// every platform).
pub struct Generator {
    seed: u64,
}

const FIRST: &[&str] = &[
    "Amara", "Bruno", "Chen", "Dalia", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo",
    "Nadia", "Omar", "Petra", "Quentin", "Rosa", "Sven", "Tamar", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zofia",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Novak",
    "Moreau",
    "Tanaka",
    "Ferreira",
    "Kowalski",
    "Mensah",
    "Larsen",
    "Rahman",
    "Petrov",
    "Silva",
    "Nakamura",
    "Brandt",
    "Osei",
    "Varga",
    "Castillo",
    "Ibrahim",
    "Holm",
    "Duarte",
    "Sato",
];
const PLACES: &[&str] = &[
    "Geneva", "Nairobi", "Lisbon", "Oslo", "Durban", "Seoul", "Lima", "Warsaw", "Hanoi", "Accra", "Tallinn", "Quito",
    "Valletta", "Tbilisi", "Dakar", "Auckland",
];
const COUNTRIES: &[&str] =
    &["Norway", "Kenya", "Portugal", "Peru", "Ghana", "Estonia", "Chile", "Vietnam", "Malta", "Senegal"];
const TITLES: &[&str] = &[
    "Finance Minister",
    "Trade Minister",
    "central bank Governor",
    "Prime Minister",
    "Foreign Minister",
    "union leader",
    "chief executive",
];
const ORGS: &[&str] = &[
    "Harbourline Capital",
    "Northgate Shipping",
    "Meridian Bank",
    "Solara Energy",
    "Kestrel Airlines",
    "Atlas Mining Co",
    "the Ministry of Finance",
    "the Port Authority",
    "the central bank",
    "the Workers' Union",
];
const SOURCES: &[&str] = &["Meridian Wire", "Northstar News", "Capital Post", "Harbour Ledger", "Tagus Herald"];
const TOPICS: &[&str] = &[
    "tariffs on steel",
    "a port strike",
    "interest rates",
    "a bridge contract",
    "fishing quotas",
    "fuel prices",
    "a new rail line",
    "pension reform",
    "a mining licence",
    "water rationing",
];
const VERBS: &[&str] = &["met", "criticised", "warned", "visited", "praised", "called on", "spoke with"];
const DAYS: &[&str] =
    &["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "earlier this month"];

impl Generator {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Generator {
        Generator { seed }
    }

    /// Article number `n` (the same `n` always gives the same article).
    pub fn article(&self, n: u64) -> Article {
        let mut r = Rng(self.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let person = |r: &mut Rng| format!("{} {}", r.pick(FIRST), r.pick(LAST));
        let (a, b, c) = (person(&mut r), person(&mut r), person(&mut r));
        let (a_last, b_last) = (a.split(' ').nth(1).unwrap_or(""), b.split(' ').nth(1).unwrap_or(""));
        let place = r.pick(PLACES).to_string();
        let country = r.pick(COUNTRIES);
        let topic = r.pick(TOPICS);
        let org = r.pick(ORGS);
        let source = r.pick(SOURCES).to_string();
        let title_a = r.pick(TITLES);
        let title_b = r.pick(TITLES);
        let day = r.pick(DAYS);
        let month = 1 + r.below(12);
        let dom = 1 + r.below(28);
        let date = format!("2026-{month:02}-{dom:02}");
        let figure = 2 + r.below(97);
        let mut paras = vec![
            format!(
                "{country}'s {title_a} {a} {} {title_b} {b} in {place} {day} over {topic}, as pressure grew on the government to act.",
                r.pick(VERBS)
            ),
            format!(
                "\"We will not accept a deal that hurts our workers,\" Mr {a_last} told reporters after the meeting, adding that talks would resume within {figure} days."
            ),
            format!(
                "{b}, who has led {org} since {}, said the two sides remained far apart on {topic}.",
                2010 + r.below(15)
            ),
            format!(
                "According to {c}, a senior analyst at {}, the dispute could cost the economy about {figure} million dollars a month if it drags on.",
                r.pick(ORGS)
            ),
        ];
        for _ in 0..r.below(4) {
            paras.push(format!(
                "Mr {b_last} {} {} in {} {}, and officials said a further meeting was scheduled for {}.",
                r.pick(VERBS),
                person(&mut r),
                r.pick(PLACES),
                r.pick(DAYS),
                ["next week", "next month", "April 26-27", "the end of the year"][r.below(4) as usize]
            ));
        }
        paras.push(format!("The talks, article {n} in this series, continue."));
        Article {
            title: format!("{a} and {b} clash over {topic} in {place}"),
            text: paras.join("\n\n"),
            date,
            source,
            url: format!("https://news.example.test/{}/{n}", self.seed),
            place,
        }
    }
}

/// An article of a generated story collection, with the truth about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionArticle {
    /// The article.
    pub article: Article,
    /// The story it tells.
    pub story: String,
    /// Articles sharing a group are near-duplicates (a wire copy and its republications).
    pub duplicate_group: String,
    /// The people it names: full name and the person's id (two people may share a surname).
    pub people: Vec<(String, String)>,
}

impl CollectionArticle {
    /// As a JSON Lines record: the article, plus `truth` (kept by readers as metadata).
    pub fn json_line(&self) -> String {
        let people: serde_json::Map<String, serde_json::Value> =
            self.people.iter().map(|(n, id)| (n.clone(), serde_json::Value::from(id.as_str()))).collect();
        serde_json::json!({
            "title": self.article.title, "text": self.article.text, "published": self.article.date,
            "source": self.article.source, "url": self.article.url,
            "truth": {"story": self.story, "duplicate_group": self.duplicate_group, "people": people},
        })
        .to_string()
    }
}

/// Given names and surnames of the collection's cast: surnames repeat across people, so
/// that "Mr Brandt" in one story is not "Mr Brandt" in another.
const CAST_FIRST: &[&str] = &[
    "Amara", "Bruno", "Dalia", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo", "Nadia",
    "Omar", "Petra", "Rosa", "Sven", "Tamar", "Vera", "Yusuf", "Zofia", "Anouk", "Bilal", "Carmen", "Dmitri",
];
const CAST_LAST: &[&str] = &["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Brandt", "Mensah", "Castillo"];
const OUTLETS: &[&str] = &[
    "Meridian Wire",
    "Northstar News",
    "Capital Post",
    "Harbour Ledger",
    "Tagus Herald",
    "Baltic Courier",
    "Andes Daily",
    "Savanna Times",
];
const SUBJECT_NAMES: &[&str] = &[
    "Amber", "Cobalt", "Harbour", "Granite", "Willow", "Falcon", "Crescent", "Juniper", "Basalt", "Meridian",
    "Saffron", "Tundra", "Orchid", "Beacon", "Sierra", "Lagoon",
];
const SUBJECT_ENDINGS: &[&str] = &["", "vale", "ford", "mere", "gate", "wick", "holm", "stead"];
const SUBJECT_KINDS: &[&str] = &["project", "accord", "tender", "plan", "scheme", "programme", "reform", "fund"];
const ACTIONS: &[(&str, &str, &str)] = &[
    ("walked out of", "walkout", "talks on"),
    ("signed", "signing of", "an agreement on"),
    ("rejected", "rejection of", "a proposal on"),
    ("announced", "announcement of", "a plan for"),
    ("blocked", "blocking of", "a deal on"),
];

impl Generator {
    /// A collection of `stories` stories, each told by several outlets over a few days, some
    /// articles republished with other boilerplate, a headline and small edits; people drawn
    /// from a shared cast, so that some appear in several stories and some share a surname.
    pub fn collection(&self, stories: usize) -> Vec<CollectionArticle> {
        let mut r = Rng(self.seed ^ 0x5EED_C011);
        // The cast: distinct full names, about three people per surname.
        let mut cast: Vec<String> = Vec::new();
        for (i, first) in CAST_FIRST.iter().enumerate() {
            cast.push(format!("{first} {}", CAST_LAST[i % CAST_LAST.len()]));
        }
        let mut out = Vec::new();
        for s in 0..stories {
            let a = r.below(cast.len() as u64) as usize;
            let mut b = r.below(cast.len() as u64) as usize;
            if b == a {
                b = (a + 1) % cast.len();
            }
            let (pa, pb) = (cast[a].clone(), cast[b].clone());
            let surname = |p: &str| p.rsplit(' ').next().unwrap_or("").to_string();
            let (la, lb) = (surname(&pa), surname(&pb));
            let org = ORGS[r.below(ORGS.len() as u64) as usize].trim_start_matches("the ");
            let place = r.pick(PLACES);
            let country = r.pick(COUNTRIES);
            // What the story is about: a named project, deal or plan of its own.
            let topic = format!(
                "the {}{} {} {}",
                SUBJECT_NAMES[s % SUBJECT_NAMES.len()],
                SUBJECT_ENDINGS[(s / SUBJECT_NAMES.len()) % SUBJECT_ENDINGS.len()],
                r.pick(TOPICS).rsplit(' ').next().unwrap_or("plan"),
                r.pick(SUBJECT_KINDS)
            );
            let topic = topic.as_str();
            let (verb, noun, object) = ACTIONS[r.below(ACTIONS.len() as u64) as usize];
            let title_a = r.pick(TITLES);
            let base = 1 + r.below(300) as i64;
            let n_articles = 3 + r.below(5);
            for k in 0..n_articles {
                let day = base + r.below(3) as i64;
                let date = chrono_day(day);
                let outlet = OUTLETS[(s + k as usize) % OUTLETS.len()];
                let when = r.pick(DAYS);
                let n1 = 2 + r.below(90);
                let n2 = 10 + r.below(80);
                let month = r.pick(&["January", "March", "May", "July", "September", "November"]);
                let lead = match r.below(6) {
                    0 => format!(
                        "{country}'s {title_a} {pa} {verb} {object} {topic} in {place} {when}, a move {pb} of {org} called premature."
                    ),
                    1 => format!(
                        "{title_a} {pa} {verb} {object} {topic} {when}, deepening a dispute that has gripped {place} since {month}."
                    ),
                    2 => format!("In {place}, {pa} {verb} {object} {topic} {when}, defying {org} and its leader {pb}."),
                    3 => format!("{pb} of {org} reacted angrily after {pa} {verb} {object} {topic} in {place} {when}."),
                    4 => format!(
                        "The {noun} {object} {topic} by {pa} {when} left {org} scrambling for a response in {place}."
                    ),
                    _ => format!(
                        "{pa}, {country}'s {title_a}, {verb} {object} {topic} {when}, officials in {place} said."
                    ),
                };
                let mut rest = vec![
                    match r.below(5) {
                        0 => format!("\"This is about {topic} and nothing else,\" {pa} told reporters in {place}."),
                        1 => format!(
                            "\"We did what we had to do,\" Mr {la} said, adding that {n1} officials had worked on the file."
                        ),
                        2 => format!("{pb} said the decision was \"a mistake that will cost {country} dearly\"."),
                        3 => format!(
                            "\"Nobody asked us,\" Mr {lb} said in an interview, estimating losses of {n2} million dollars."
                        ),
                        _ => format!("\"We will not back down,\" {pa} said at a news conference on {topic}."),
                    },
                    match r.below(4) {
                        0 => format!("{org} said it would respond within {n1} days."),
                        1 => format!("Shares of companies exposed to {topic} fell {n1} percent in early trading."),
                        2 => format!("Unions estimated that {n2},000 workers could be affected by the end of {month}."),
                        _ => format!("Opposition lawmakers demanded a hearing on {topic} before {month}."),
                    },
                    match r.below(4) {
                        0 => format!("The dispute over {topic} began in {month}, when {org} first raised concerns."),
                        1 => format!(
                            "{country} has spent about {n2} million dollars on {topic} over the past {n1} years."
                        ),
                        2 => {
                            format!("Analysts at several banks said the {noun} could delay investment by {n1} months.")
                        }
                        _ => format!("It was the {n1}th meeting of the working group since it was set up in {month}."),
                    },
                    match r.below(3) {
                        0 => format!(
                            "Mr {la} is expected to meet {pb} next week, according to two officials in {country}."
                        ),
                        1 => format!("{pb} has asked for talks, and a decision is due within {n1} days."),
                        _ => format!("Neither {pa} nor {pb} would say whether a compromise on {topic} was possible."),
                    },
                ];
                // Shuffle and keep three or four of the follow-up sentences.
                for i in (1..rest.len()).rev() {
                    let j = r.below(i as u64 + 1) as usize;
                    rest.swap(i, j);
                }
                rest.truncate(3 + r.below(2) as usize);
                let mut paras = vec![lead];
                paras.extend(rest);
                let title = match r.below(6) {
                    0 => format!("{pa} {verb} {object} {topic} in {place}"),
                    1 => format!("{org} chief {pb} criticises {noun} {topic} deal"),
                    2 => format!("{place}: {topic} row deepens after {la} move"),
                    3 => format!("What the {place} {topic} decision means for {country}"),
                    4 => format!("{country} {topic} dispute escalates as {la} acts"),
                    _ => format!("{org} vows response after {topic} {noun}"),
                };
                let article = Article {
                    title,
                    text: paras.join("\n\n"),
                    date: date.clone(),
                    source: outlet.to_string(),
                    place: place.to_string(),
                    url: format!("https://{}.example.test/{s}/{k}", outlet.to_lowercase().replace(' ', "-")),
                };
                let people = vec![(pa.clone(), format!("P{a}")), (pb.clone(), format!("P{b}"))];
                let group = format!("D{s}-{k}");
                // Republished: other boilerplate, another headline, a word changed.
                if r.below(10) < 3 {
                    let other = OUTLETS[(s + k as usize + 3) % OUTLETS.len()];
                    let copy = Article {
                        title: format!("{} (update)", article.title.replace(" in ", " at ")),
                        text: format!(
                            "By {other} staff\n\n{}\n\n(Reporting by {other} correspondents; editing by the {other} desk.)",
                            article.text.replacen("said", "told reporters", 1)
                        ),
                        date: date.clone(),
                        source: other.to_string(),
                        place: place.to_string(),
                        url: format!("https://{}.example.test/{s}/{k}/copy", other.to_lowercase().replace(' ', "-")),
                    };
                    out.push(CollectionArticle {
                        article: copy,
                        story: format!("S{s}"),
                        duplicate_group: group.clone(),
                        people: people.clone(),
                    });
                }
                out.push(CollectionArticle { article, story: format!("S{s}"), duplicate_group: group, people });
            }
        }
        out
    }
}

/// Day `n` of 2026 as `YYYY-MM-DD`.
fn chrono_day(n: i64) -> String {
    const MONTHS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = n.clamp(1, 365);
    for (m, len) in MONTHS.iter().enumerate() {
        if d <= *len {
            return format!("2026-{:02}-{d:02}", m + 1);
        }
        d -= len;
    }
    "2026-12-31".to_string()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_differ_and_formats_hold() {
        let g = Generator::new(1);
        let (a, b) = (g.article(1), g.article(2));
        assert_ne!(a.text, b.text);
        assert!(a.newswire().starts_with(" date 2026-"));
        let v: serde_json::Value = serde_json::from_str(&a.json_line()).unwrap();
        assert_eq!(v["title"], a.title.as_str());
    }

    #[test]
    fn collections_repeat_stories_and_copies() {
        let c = Generator::new(3).collection(20);
        assert!(c.len() >= 60);
        let copies = c.iter().filter(|a| c.iter().filter(|b| b.duplicate_group == a.duplicate_group).count() > 1);
        assert!(copies.count() >= 2);
        assert_eq!(c, Generator::new(3).collection(20));
        assert_eq!(chrono_day(32), "2026-02-01");
    }
}
