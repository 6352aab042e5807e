//! Following the news: sources polled over HTTP, politely, for as long as it runs.
//!
//! A source is an RSS/Atom feed, a sitemap or sitemap index (Google News sitemaps
//! included), or a section front whose links are articles; source lists are OPML or plain
//! text ([`read_source_list`]). The [`Follower`] polls the sources that are due on an
//! adaptive [`Schedule`], fetches each new item's page ([`Fetcher`]: robots.txt, one
//! request at a time per host with a delay, conditional GET, capped and bounded bodies,
//! public addresses only unless told otherwise), reads it with the HTML reader (the feed's
//! own text when the page cannot be had), dates it and canonicalises its URL, and stores
//! it through [`newsgraph_engine::Engine::ingest_documents`] — the same pipeline, store,
//! linking and index as `ingest`. Sources and their fetch state live in the store.
//!
//! It does not parse HTML or feeds itself beyond finding items and links (the readers do),
//! and it knows nothing of command lines.

mod address;
mod article;
mod canonical;
mod error;
pub mod fake_site;
mod fetch;
mod follower;
mod listing;
mod lists;
mod politeness;
mod schedule;

pub use address::{AddressPolicy, is_public};
pub use article::{Made, make_article};
pub use canonical::{canonical_url, date_in_url};
pub use error::{Error, Result};
pub use fetch::{FetchError, FetchOptions, Fetched, Fetcher, Page, Validators};
pub use follower::{FollowOptions, Follower, MAX_THREADS, Progress, RoundReport, SourceReport, Turn};
pub use listing::{Entry, Kind, Listing, read_listing};
pub use lists::{parse_source_list, read_source_list};
pub use schedule::{Health, Schedule, articles_per_day, health, stamp};
