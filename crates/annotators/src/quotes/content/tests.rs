use newsgraph_document::{Document, Published, Span};
use newsgraph_pipeline::Pipeline;

use super::train::{gold_tags, repair};
use super::{B, ContentExample, ContentModel, ContentOptions, I, L, O, Trainer, U};
use crate::quotes::merge::{MergeOptions, merge};

/// `text` through the rule pipeline (the quotes annotator without a model).
fn rules(text: &str) -> Option<Document> {
    newsgraph_ner::Recognizer::shared()?;
    let names: Vec<&str> =
        crate::DEFAULT_PIPELINE.iter().map(|n| if *n == "quotes" { "quote-rules" } else { n }).collect();
    let pipeline = Pipeline::from_names(&crate::registry(), &names).unwrap();
    let mut doc = Document::new("text", text.to_string());
    doc.published = Some(Published::parse("2026-03-14").unwrap());
    pipeline.annotate(&mut doc);
    Some(doc)
}

fn span_of(doc: &Document, part: &str) -> Span {
    let at = doc.text.find(part).expect("part of the text");
    Span::new(at, at + part.len())
}

/// Sentences where the reporting word ("surmises") is in neither of the rules' lexicons: what the
/// model learns of it comes from the examples alone.
const TRAINING: &[(&str, &str, &str)] = &[
    ("Lena Varga surmises the harbour will reopen in May.", "the harbour will reopen in May", "surmises"),
    ("The mayor, Piet Olsen, surmises the budget is too small.", "the budget is too small", "surmises"),
    ("Ruth Abebe surmises voters have moved on from the scandal.", "voters have moved on from the scandal", "surmises"),
    ("Carlos Mendes surmises the strike could last a month.", "the strike could last a month", "surmises"),
    ("Yuki Tanaka surmises the ferry timetable must change.", "the ferry timetable must change", "surmises"),
    ("Ivan Petrov surmises that the mine is safe again.", "the mine is safe again", "surmises"),
];

fn trained(epochs: usize) -> Option<(Vec<Document>, ContentModel)> {
    let mut docs = Vec::new();
    for (text, _, _) in TRAINING {
        let before = "The weather was mild. Anna Holm opened her shop late on Monday.";
        let after = "Shops opened late on Monday.";
        docs.push(rules(&format!("{before} {text} {after}"))?);
    }
    let examples: Vec<ContentExample<'_>> = docs
        .iter()
        .zip(TRAINING)
        .map(|(doc, (_, content, cue))| ContentExample {
            doc,
            contents: vec![vec![span_of(doc, content)]],
            cues: vec![span_of(doc, cue)],
        })
        .collect();
    let mut trainer = Trainer::new(&examples, &ContentOptions { epochs, seed: 7, min_cue_count: 2, prune: 0.0 });
    for _ in 0..epochs {
        trainer.epoch();
    }
    let model = trainer.model(MergeOptions { min_confidence: 0.0, ..MergeOptions::default() });
    Some((docs, model))
}

#[test]
fn a_model_learns_a_reporting_word_the_rules_do_not_know() {
    let Some((_, model)) = trained(8) else { return };
    let Some(doc) = rules("Shops opened late. Marta Kowalski surmises the bridge will close next year. It rained.")
    else {
        return;
    };
    assert!(doc.quotes.is_empty(), "the rules alone find nothing here: {:?}", doc.quotes);
    let quotes = merge(&doc, &model, &model.merge);
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    let q = &quotes[0];
    assert!(doc.slice(q.content).starts_with("the bridge will close next year"), "{}", doc.slice(q.content));
    assert_eq!(q.cue.map(|c| doc.slice(c)), Some("surmises"));
    assert_eq!(q.speaker.as_ref().map(|s| doc.slice(s.span)), Some("Marta Kowalski"));
}

#[test]
fn the_model_reads_back_what_it_wrote_and_refuses_damaged_files() {
    let Some((docs, model)) = trained(2) else { return };
    let bytes = model.to_bytes();
    let back = ContentModel::from_bytes(&bytes).unwrap();
    assert_eq!(back.len(), model.len());
    assert_eq!(back.merge.min_cue_level, model.merge.min_cue_level);
    for doc in &docs {
        assert_eq!(back.spans(doc, true), model.spans(doc, true));
    }
    assert!(ContentModel::from_bytes(&bytes[..bytes.len() - 3]).is_err(), "truncated");
    assert!(ContentModel::from_bytes(b"NGNER05 and more").is_err(), "another model's magic");
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(ContentModel::from_bytes(&longer).is_err(), "trailing bytes");
}

#[test]
fn training_is_reproducible_for_a_seed() {
    let Some((docs, a)) = trained(3) else { return };
    let Some((_, b)) = trained(3) else { return };
    assert_eq!(a.to_bytes(), b.to_bytes());
    assert!(docs.iter().any(|d| !a.spans(d, false).is_empty()));
}

#[test]
fn gold_tags_mark_first_inside_last_and_leave_nested_contents_to_the_outer_one() {
    let Some(doc) = rules("Anna Berg said the plan, which Tom Lind called bold, would fail. Fine.") else { return };
    let outer = span_of(&doc, "the plan, which Tom Lind called bold, would fail");
    let inner = span_of(&doc, "bold");
    let example = ContentExample { doc: &doc, contents: vec![vec![outer], vec![inner]], cues: vec![] };
    let tags = gold_tags(&example);
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let tagged: Vec<(&str, u8)> = words.iter().copied().zip(tags.iter().copied()).filter(|x| x.1 != O).collect();
    assert_eq!(tagged.first(), Some(&("the", B)));
    assert_eq!(tagged.last(), Some(&("fail", L)));
    assert!(tagged[1..tagged.len() - 1].iter().all(|t| t.1 == I), "{tagged:?}");
    let single = ContentExample { doc: &doc, contents: vec![vec![span_of(&doc, "Fine")]], cues: vec![] };
    assert!(gold_tags(&single).contains(&U));
}

#[test]
fn repairs_follow_the_history_the_tagger_made() {
    // Wrongly opened: close where gold is outside.
    assert_eq!(repair(B, O, O), L);
    assert_eq!(repair(I, B, I), L);
    // Wrongly closed: gold's inside begins a new content, or a one-token one at its end.
    assert_eq!(repair(O, I, I), B);
    assert_eq!(repair(L, I, O), U);
    assert_eq!(repair(O, L, O), U);
    // Allowed moves stand.
    assert_eq!(repair(B, I, L), I);
    assert_eq!(repair(O, B, I), B);
}

/// A quote over `content` with `cue` and no speaker.
fn bare_quote(doc: &Document, content: &str, cue: &str) -> newsgraph_document::Quote {
    newsgraph_document::Quote {
        kind: newsgraph_document::QuoteKind::Indirect,
        content: span_of(doc, content),
        parts: Vec::new(),
        speaker: None,
        cue: Some(span_of(doc, cue)),
        addressee: None,
        date: None,
        place: None,
        manner: None,
        confidence: None,
    }
}

#[test]
fn the_speaker_ranker_learns_who_stands_before_the_cue() {
    // The subject before the cue speaks; the name after it ("like Piet Olsen") does not.
    // Untrained, the ranker would take the last candidate: the wrong one.
    let training = [
        ("Lena Varga surmises, like Piet Olsen, that the harbour will reopen.", "Lena Varga"),
        ("Ruth Abebe surmises, like Omar Haddad, that voters have moved on.", "Ruth Abebe"),
        ("Carlos Mendes surmises, like Anna Holm, that the strike will last.", "Carlos Mendes"),
        ("Yuki Tanaka surmises, like Ivan Petrov, that the ferry must change.", "Yuki Tanaka"),
    ];
    let mut docs = Vec::new();
    for (text, _) in &training {
        let Some(doc) = rules(text) else { return };
        docs.push(doc);
    }
    let examples: Vec<_> = docs
        .iter()
        .zip(&training)
        .map(|(doc, (text, name))| {
            let content = &text[text.find("that ").unwrap() + 5..text.len() - 1];
            (doc, vec![bare_quote(doc, content, "surmises")], vec![vec![span_of(doc, name)]])
        })
        .collect();
    let ranker = crate::quotes::speaker::train_speakers(&examples, 5, false);
    assert!(!ranker.weights.is_empty(), "the untrained ranker errs, so training updates it");
    let Some(doc) = rules("Marta Kowalski surmises, like Tom Lind, that the bridge will close.") else { return };
    let mut quotes = vec![bare_quote(&doc, "the bridge will close", "surmises")];
    ranker.rerank(&doc, &mut quotes, 0.0);
    let speaker = quotes[0].speaker.as_ref().expect("a speaker");
    assert_eq!(doc.slice(speaker.span), "Marta Kowalski");
    assert!(speaker.confidence.is_some_and(|c| (0.0..=1.0).contains(&c)));
}

#[test]
fn dense_small_features_score_bit_for_bit_as_keyed_ones() {
    use super::features::{DenseSink, Tokens, tag_features};
    use super::{CueTable, TAGS};
    let Some((docs, trained)) = trained(2) else { return };
    // Weights for every key the documents produce, every other one left out (a model lacks
    // most features), with values that do not add up exactly.
    let mut weights = std::collections::HashMap::default();
    let mut keys = Vec::new();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for doc in &docs {
        let t = Tokens::new(doc, &trained.cues);
        for i in 0..t.len() {
            keys.clear();
            t.static_features(i, &mut keys);
            for prev in [O, B, I] {
                tag_features(&t, i, prev, O, &mut keys);
            }
            for &k in &keys {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                if rng % 2 == 0 {
                    let w: [f32; TAGS] = std::array::from_fn(|c| ((rng >> (8 * c)) % 1000) as f32 / 7.0 - 70.0);
                    weights.insert(k, w);
                }
            }
        }
    }
    let cues = CueTable { ratio: trained.cues.ratio.clone() };
    let model = ContentModel::new(cues, weights, MergeOptions::default(), Default::default());
    let mut compared = 0;
    for doc in &docs {
        let t = Tokens::new(doc, &model.cues);
        for i in 0..t.len() {
            for prev in [O, B, I] {
                let mut keyed = Vec::new();
                t.static_features(i, &mut keyed);
                tag_features(&t, i, prev, O, &mut keyed);
                let mut by_key = [0f32; TAGS];
                for k in &keyed {
                    if let Some(w) = model.weights.get(k) {
                        for c in 0..TAGS {
                            by_key[c] += w[c];
                        }
                    }
                }
                let mut dense = DenseSink { dense: &model.dense, out: Vec::new() };
                t.static_features(i, &mut dense);
                tag_features(&t, i, prev, O, &mut dense);
                assert!(dense.out.iter().filter(|f| matches!(f, super::Feature::Slot(_))).count() > 20);
                let s = model.scores(&dense.out);
                assert_eq!(s.map(f32::to_bits), by_key.map(f32::to_bits), "token {i} after {prev}");
                compared += 1;
            }
        }
    }
    assert!(compared > 100);
}

#[test]
fn the_dense_table_has_a_row_for_every_combination_of_small_values() {
    let model = ContentModel::new(Default::default(), Default::default(), MergeOptions::default(), Default::default());
    // The sizes the model card gives: 4,292 rows for the 31 small templates.
    assert_eq!(model.dense.rows.len(), 4292);
}

#[test]
fn the_joiner_is_written_after_the_speakers_and_read_back() {
    let Some((_, model)) = trained(2) else { return };
    let without = model.to_bytes();
    let joiner = crate::quotes::Joiner { weights: [(7u64, 0.5f32), (9, -1.0)].into_iter().collect() };
    let bytes = model.with_joiner(joiner.clone()).to_bytes();
    assert_eq!(bytes.len(), without.len() + 4 + 2 * 12);
    let back = ContentModel::from_bytes(&bytes).unwrap();
    assert_eq!(back.joiner.weights, joiner.weights);
    // A file written before the joiner existed reads as a model without one.
    assert!(ContentModel::from_bytes(&without).unwrap().joiner.is_empty());
}
