//! Threads: the level above stories. A story is one happening told over a few days; a thread
//! joins stories that continue one another over weeks or months (a breach and its fallout, a
//! leak and the investigations it set off), as Europe Media Monitor's story tracking and
//! Event Registry's event-to-story grouping do.
//!
//! Online like stories: when an article begins a new story, the stories of the last
//! [`THREAD_DAYS`] that share its heaviest features are scored as story candidates are, and
//! the new story continues the closest one if it is close enough and about the same thing
//! in its words (sharing a famous person is not enough). It joins that story's thread, or the
//! two begin one. A story is in at most one thread, and it stays there; the thread's counts
//! are kept as articles arrive, so listing threads reads the thread table alone.

use newsgraph_graph::Profile;

use crate::knowledge::{Thread, ThreadStory};
use crate::links::{days_before, stories_sharing_keys, story_similarity};
use crate::sql::{Sql, Value, args};
use crate::{Result, ThreadFilter};

/// How far back an earlier story can be continued: the span of a developing affair.
const THREAD_DAYS: i64 = 60;
/// Similarity (as stories score it) from which a new story continues an earlier one: below
/// the story threshold, since a later development is told in new words. What decides is
/// mostly [`names_same_affair`]: with it, any threshold from 0.10 to 0.25 gives the same
/// threads on NewsWCL50, MEANTIME, ECB+ and the generated collections (`bench/stories-cv.py`).
const THREAD_SIMILARITY: f32 = 0.15;
/// The words that name what a new story is about: its first article's heaviest words.
const AFFAIR_WORDS: usize = 2;
/// How far down an earlier story's heaviest words they must be found.
const STORY_WORDS: usize = 8;

/// Files a story that `profile` (its first article's) has just begun, on `day`, under the
/// thread of the earlier story it continues, if any; the thread's id.
pub(crate) fn continue_thread(
    tx: &mut dyn Sql,
    story: &str,
    profile: &Profile,
    day: Option<&str>,
) -> Result<Option<String>> {
    let since = day.map(|d| days_before(d, THREAD_DAYS));
    let candidates = stories_sharing_keys(tx, profile, since, Some(story))?;
    let ids: Vec<Value> = candidates.iter().map(Value::from).collect();
    let mut best: Option<(f32, String, Option<String>)> = None;
    for row in
        tx.query_in("SELECT id, profile, thread FROM stories WHERE id IN ({in}) AND merged_into IS NULL", &[], &ids)?
    {
        let p: Profile = serde_json::from_str(&row.text(1)).unwrap_or_default();
        if !names_same_affair(&p, profile) {
            continue;
        }
        let s = story_similarity(&p, profile);
        let id = row.text(0);
        if s >= THREAD_SIMILARITY && best.as_ref().is_none_or(|(b, bid, _)| s > *b || (s == *b && id < *bid)) {
            best = Some((s, id, row.opt(2)));
        }
    }
    let Some((_, earlier, thread)) = best else { return Ok(None) };
    let thread = match thread {
        Some(t) => t,
        None => begin(tx, &earlier)?,
    };
    tx.execute("UPDATE stories SET thread = $2 WHERE id = $1", args![story, &thread])?;
    tx.execute(
        "UPDATE threads SET stories = stories + 1, articles = articles + 1,
            first_seen = CASE WHEN $2 < coalesce(first_seen, '9') THEN $2 ELSE first_seen END,
            last_seen = CASE WHEN $2 > coalesce(last_seen, '') THEN $2 ELSE last_seen END
         WHERE id = $1",
        args![&thread, day],
    )?;
    Ok(Some(thread))
}

/// Whether a new story (`article`, its first article's profile) names the affair an earlier
/// story is about: its [`AFFAIR_WORDS`] heaviest words (entities aside) are all among the
/// earlier story's [`STORY_WORDS`] heaviest. An affair is named by a few rare words (a
/// programme, a company's product, "breach", "indictment") and a later development names
/// them again; the same people in another affair, or the same kind of affair elsewhere,
/// share the everyday words only. Without it, threads chained unrelated stories that shared
/// a person and a template of words: on a generated collection, pairwise precision fell from
/// the stories' 0.92 to between 0.04 and 0.64 over thresholds from 0.18 to 0.30.
fn names_same_affair(story: &Profile, article: &Profile) -> bool {
    fn words(p: &Profile, n: usize) -> Vec<&str> {
        p.0.iter().map(|(k, _)| k.as_str()).filter(|k| !k.starts_with("e:")).take(n).collect()
    }
    let (named, about) = (words(article, AFFAIR_WORDS), words(story, STORY_WORDS));
    named.len() == AFFAIR_WORDS && named.iter().all(|w| about.contains(w))
}

/// Begins a thread with one earlier story in it (named after it).
fn begin(tx: &mut dyn Sql, story: &str) -> Result<String> {
    let id = format!("T{}", story.trim_start_matches('S'));
    tx.execute(
        "INSERT INTO threads (id, title, first_seen, last_seen, stories, articles)
         SELECT $2, title, first_seen, last_seen, 1, size FROM stories WHERE id = $1
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen,
            last_seen = excluded.last_seen, stories = 1, articles = excluded.articles",
        args![story, &id],
    )?;
    tx.execute("UPDATE stories SET thread = $2 WHERE id = $1", args![story, &id])?;
    Ok(id)
}

/// Counts an article that joined `story` (or copies one of its articles) in the story's
/// thread, if it has one.
pub(crate) fn article_joined(tx: &mut dyn Sql, story: &str, day: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE threads SET articles = articles + 1,
            last_seen = CASE WHEN $2 > coalesce(last_seen, '') THEN $2 ELSE last_seen END
         WHERE id = (SELECT thread FROM stories WHERE id = $1)",
        args![story, day],
    )?;
    Ok(())
}

/// Two stories became one (`gone` into `keep`): the kept story stays in its thread, or
/// takes the thread of the one it absorbed if it had none.
pub(crate) fn stories_merged(tx: &mut dyn Sql, keep: &str, gone: &str) -> Result<()> {
    tx.execute(
        "UPDATE stories SET thread = (SELECT thread FROM stories WHERE id = $2) WHERE id = $1 AND thread IS NULL",
        args![keep, gone],
    )?;
    Ok(())
}

const THREAD_HEAD: &str = "SELECT id, title, first_seen, last_seen, stories, articles FROM threads";

fn thread_of(conn: &mut dyn Sql, head: &crate::sql::Row, with_stories: bool) -> Result<Thread> {
    let id = head.text(0);
    let stories = if with_stories {
        conn.query(
            "SELECT id, title, first_seen, last_seen, size FROM stories
             WHERE thread = $1 AND merged_into IS NULL ORDER BY first_seen, id LIMIT 500",
            args![&id],
        )?
        .into_iter()
        .map(|r| ThreadStory {
            id: r.text(0),
            title: r.opt(1),
            first_seen: r.opt(2),
            last_seen: r.opt(3),
            articles: r.int(4).max(0) as u64,
        })
        .collect()
    } else {
        Vec::new()
    };
    Ok(Thread {
        id,
        title: head.opt(1),
        first_seen: head.opt(2),
        last_seen: head.opt(3),
        story_count: head.int(4).max(0) as u64,
        articles: head.int(5).max(0) as u64,
        stories,
    })
}

/// Threads, most recently active first (without their stories).
pub(crate) fn threads(conn: &mut dyn Sql, f: &ThreadFilter) -> Result<Vec<Thread>> {
    let heads = conn.query(
        &format!(
            "{THREAD_HEAD} WHERE (CAST($1 AS TEXT) IS NULL OR last_seen >= $1)
               AND (CAST($2 AS TEXT) IS NULL OR first_seen <= $2)
             ORDER BY last_seen DESC NULLS LAST, articles DESC, id LIMIT $3 OFFSET $4"
        ),
        args![&f.from, &f.to, f.limit.max(1) as i64, f.offset as i64],
    )?;
    heads.iter().map(|h| thread_of(conn, h, false)).collect()
}

/// One thread with its stories in the order they began.
pub(crate) fn thread(conn: &mut dyn Sql, id: &str) -> Result<Option<Thread>> {
    match conn.query_opt(&format!("{THREAD_HEAD} WHERE id = $1"), args![id])? {
        Some(head) => thread_of(conn, &head, true).map(Some),
        None => Ok(None),
    }
}
