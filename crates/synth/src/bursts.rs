//! A stream of articles with known bursts, for trends and breaking-story detection: each
//! story follows a [`Pattern`] over hours, and the truth says which stories break in the
//! last hours.

use super::{Article, COUNTRIES, DAYS, Generator, ORGS, OUTLETS, PLACES, Rng, SUBJECT_KINDS, SUBJECT_NAMES, TITLES};

/// Hours the stream spans: sixteen days, ending at [`END`].
pub const HOURS: i64 = 16 * 24;
/// The instant just after the stream's last hour (its "now").
pub const END: &str = "2026-03-17T00:00:00Z";
/// Day of 2026 the stream starts on (1 March).
const FIRST_DAY: i64 = 60;
/// Hours at the end of the stream in which bursts happen.
pub const BURST_HOURS: i64 = 5;

/// How a story's articles fall over the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// A big story that stays big: an article every four hours from rotating outlets.
    Steady,
    /// A quiet story (two articles over the fortnight) that suddenly gets twelve articles
    /// from eight outlets in the last hours: breaking.
    Burst,
    /// One outlet spamming a story: one article over the fortnight, then ten from that
    /// outlet alone in the last hours.
    Spam,
    /// A few articles at random hours.
    Quiet,
}

impl Pattern {
    /// Its name in the truth.
    pub fn name(self) -> &'static str {
        match self {
            Pattern::Steady => "steady",
            Pattern::Burst => "burst",
            Pattern::Spam => "spam",
            Pattern::Quiet => "quiet",
        }
    }
}

/// An article of the stream, with its story and the story's pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamArticle {
    /// The article; its `date` is an RFC 3339 instant (UTC).
    pub article: Article,
    /// The story it tells.
    pub story: String,
    /// How that story's articles fall.
    pub pattern: Pattern,
}

impl StreamArticle {
    /// As a JSON Lines record, with `truth`: the story and its pattern.
    pub fn json_line(&self) -> String {
        serde_json::json!({
            "title": self.article.title, "text": self.article.text, "published": self.article.date,
            "source": self.article.source, "url": self.article.url,
            "truth": {"story": self.story, "pattern": self.pattern.name()},
        })
        .to_string()
    }
}

/// Hour `h` of the stream as an RFC 3339 instant, `minute` past.
fn instant(h: i64, minute: u64) -> String {
    format!("{}T{:02}:{minute:02}:00Z", super::chrono_day(FIRST_DAY + h / 24), h % 24)
}

impl Generator {
    /// A stream over [`HOURS`] hours: one story of each pattern but [`Pattern::Quiet`], and
    /// `quiet` quiet ones, oldest article first.
    pub fn bursts(&self, quiet: usize) -> Vec<StreamArticle> {
        let mut r = Rng(self.seed ^ 0xB0B5_7EA3);
        let mut plan = vec![Pattern::Steady, Pattern::Burst, Pattern::Spam];
        plan.extend(std::iter::repeat_n(Pattern::Quiet, quiet));
        let mut out = Vec::new();
        for (s, pattern) in plan.into_iter().enumerate() {
            // (hour, outlet) of each article.
            let times: Vec<(i64, usize)> = match pattern {
                Pattern::Steady => (0..HOURS / 4).map(|i| (i * 4 + 1, i as usize % 6)).collect(),
                Pattern::Burst => [(250, 0), (330, 0)]
                    .into_iter()
                    .chain((0..12).map(|i| (HOURS - BURST_HOURS + i % BURST_HOURS, i as usize % 8)))
                    .collect(),
                Pattern::Spam => std::iter::once((300, 3)).chain((0..10).map(|i| (HOURS - 1 - i % 4, 3))).collect(),
                Pattern::Quiet => (0..3).map(|_| (r.below(HOURS as u64) as i64, r.below(8) as usize)).collect(),
            };
            let story = Story::new(&mut r, s);
            for (k, (hour, outlet)) in times.into_iter().enumerate() {
                let outlet = OUTLETS[(outlet + s) % OUTLETS.len()];
                let mut article = story.article(&mut r, outlet, k);
                article.date = instant(hour, r.below(60));
                out.push(StreamArticle { article, story: format!("S{s}"), pattern });
            }
        }
        out.sort_by(|a, b| a.article.date.cmp(&b.article.date).then_with(|| a.article.url.cmp(&b.article.url)));
        out
    }
}

/// What one story is about: its people, organisation, place and subject.
struct Story {
    n: usize,
    person: String,
    other: String,
    org: &'static str,
    place: &'static str,
    country: &'static str,
    topic: String,
    title: &'static str,
}

impl Story {
    fn new(r: &mut Rng, n: usize) -> Story {
        const FIRST: &[&str] = &["Anouk", "Bilal", "Carmen", "Dmitri", "Esther", "Felix", "Greta", "Hugo"];
        const LAST: &[&str] = &["Varga", "Oduya", "Lindgren", "Sorensen", "Pereira", "Nakamura", "Achebe", "Kovac"];
        // Distinct people for the first 32 stories (64 names), so that stories are not
        // merged for sharing a name.
        let name = |p: usize| format!("{} {}", FIRST[p % FIRST.len()], LAST[(p + p / FIRST.len()) % LAST.len()]);
        let (person, other) = (name(n), name(n + 32));
        Story {
            n,
            person,
            other,
            org: ORGS[n % ORGS.len()].trim_start_matches("the "),
            place: PLACES[n % PLACES.len()],
            country: r.pick(COUNTRIES),
            topic: format!(
                "the {} {}",
                SUBJECT_NAMES[n % SUBJECT_NAMES.len()],
                SUBJECT_KINDS[(n / SUBJECT_NAMES.len() + n) % SUBJECT_KINDS.len()]
            ),
            title: r.pick(TITLES),
        }
    }

    /// Article `k` of the story by `outlet`: the same people, place and subject, told in
    /// other words each time.
    fn article(&self, r: &mut Rng, outlet: &str, k: usize) -> Article {
        let Story { person, other, org, place, country, topic, title, .. } = self;
        let when = r.pick(DAYS);
        let (n1, n2) = (2 + r.below(90), 10 + r.below(80));
        let lead = match r.below(4) {
            0 => format!(
                "{country}'s {title} {person} defended {topic} in {place} {when}, a plan {other} of {org} called reckless."
            ),
            1 => format!(
                "{title} {person} pressed ahead with {topic} {when}, deepening a dispute with {org} in {place}."
            ),
            2 => format!("In {place}, {person} stood by {topic} {when}, defying {org} and its leader {other}."),
            _ => format!("{other} of {org} hit back after {person} backed {topic} in {place} {when}."),
        };
        let mut rest = [
            format!("\"We will see {topic} through,\" {person} told reporters in {place}."),
            format!("{org} said it would respond within {n1} days."),
            format!("{country} has spent about {n2} million dollars on {topic} over the past {n1} years."),
            format!("{other} has asked for talks on {topic}, and a decision is due within {n2} days."),
            format!("Officials in {place} said {n1} meetings on {topic} had been held since the start of the year."),
        ];
        for i in (1..rest.len()).rev() {
            let j = r.below(i as u64 + 1) as usize;
            rest.swap(i, j);
        }
        let mut paras = vec![lead];
        paras.extend(rest.into_iter().take(3));
        let title = match r.below(3) {
            0 => format!("{person} defends {topic} in {place}"),
            1 => format!("{org} and {other} challenge {topic}"),
            _ => format!("{place}: row over {topic} grows"),
        };
        let slug = outlet.to_lowercase().replace(' ', "-");
        Article {
            title,
            text: paras.join("\n\n"),
            date: String::new(),
            source: outlet.to_string(),
            place: place.to_string(),
            url: format!("https://{slug}.example.test/bursts/{}/{k}", self.n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_fall_in_the_last_hours_and_steady_stories_do_not() {
        let stream = Generator::new(5).bursts(4);
        assert_eq!(stream, Generator::new(5).bursts(4));
        let last = instant(HOURS - BURST_HOURS, 0);
        let recent = |p: Pattern| stream.iter().filter(|a| a.pattern == p && a.article.date >= last).count();
        assert_eq!((recent(Pattern::Burst), recent(Pattern::Spam)), (12, 10));
        assert!(recent(Pattern::Steady) <= 2);
        let burst_outlets: std::collections::HashSet<&str> = stream
            .iter()
            .filter(|a| a.pattern == Pattern::Burst && a.article.date >= last)
            .map(|a| a.article.source.as_str())
            .collect();
        assert_eq!(burst_outlets.len(), 8);
        assert!(stream.iter().all(|a| a.article.date.as_str() < END));
        let texts: std::collections::HashSet<&str> = stream.iter().map(|a| a.article.text.as_str()).collect();
        assert_eq!(texts.len(), stream.len(), "every article says something of its own");
        assert_eq!(instant(0, 5), "2026-03-01T00:05:00Z");
        let people: std::collections::HashSet<String> = (0..32)
            .flat_map(|n| {
                let s = Story::new(&mut Rng(1), n);
                [s.person, s.other]
            })
            .collect();
        assert_eq!(people.len(), 64, "no two stories share a person");
    }
}
