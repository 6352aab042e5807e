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
}
