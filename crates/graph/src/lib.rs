//! Across articles: the algorithms that tie one article to the rest of the collection.
//!
//! - [`Fingerprint`]: MinHash over word shingles, banded for locality-sensitive lookup, to
//!   find near-duplicates (wire copies with other boilerplate, headlines or small edits).
//! - [`Profile`]: an article's or a story's weighted terms and entities, compared by cosine,
//!   for online story clustering; [`Background`] says how common each word is in news at
//!   large, so that a young collection weighs its words sensibly.
//! - [`identity`]: keys under which a document's entities are looked up among the entities
//!   already known, and the conservative rules for merging them.
//!
//! Nothing here stores anything: a store keeps fingerprints, story profiles and entity keys
//! in its tables and calls these functions (see `newsgraph-store`'s `links` module).

mod background;
mod fingerprint;
pub mod identity;
mod profile;

pub use background::Background;
pub use fingerprint::{BANDS, Fingerprint};
pub use profile::{Profile, terms};
