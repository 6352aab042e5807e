use std::path::PathBuf;

use clap::{Args, Subcommand};
use newsgraph_ner::{ConllDocument, Recognizer, Score, evaluate, parse_conll};

use crate::exit;

#[derive(Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    task: EvalTask,
}

#[derive(Subcommand)]
enum EvalTask {
    /// Quotes against brat attribution files (PolNeAR): DIR holds text/NAME.txt and
    /// attributions/NAME[_annotator].ann. Content matches overlap 50% of the gold content;
    /// speakers and cues are scored on matched contents; "direct" restricts to contents in
    /// quotation marks. Several annotators' files are each scored (micro-averaged).
    Quotes {
        /// The split directory.
        dir: PathBuf,
        /// Also write NAME.json (the `extract --json` document) here, for other scorers.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A content model file (`newsgraph train quotes --out`) to use instead of the
        /// shipped one; `rules` for the rules alone.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Events against hand-annotated paragraphs (`eval/events-dev.json`): precision, recall
    /// and F1 of type+participants, then status, date, place and role accuracy on matches.
    /// A JSON Lines file is a public set (MEANTIME, RAMS, WikiEvents as
    /// `../shared/data/events-ood` holds them), scored as `events_ood_score.py` does: triggers,
    /// types, statuses and participant spans.
    Events {
        /// The JSON file of annotated paragraphs, or a public set in JSON Lines.
        file: PathBuf,
        /// Also write the system events here, one JSON line a document (for
        /// `eval/events_score.py`, or for `events_ood_score.py` on a public set).
        #[arg(long)]
        out: Option<PathBuf>,
        /// List each missed, wrong and false event (on a public set: typed gold events missed
        /// or typed otherwise, and system events with no gold event of their type).
        #[arg(long)]
        verbose: bool,
        /// The gold marks only some events (RAMS: one per window): no event precision.
        #[arg(long)]
        recall_only: bool,
    },
    /// The status component alone on a public set with statuses (MEANTIME): for every gold
    /// trigger, the status the layer gives that word in its context; accuracy and macro-F1
    /// over happened, scheduled, negated and hypothetical.
    EventsStatus {
        /// The public set (JSON Lines).
        file: PathBuf,
        /// Also write the gold triggers with the assigned statuses here (the scorer's
        /// SYSTEM format).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Stories (and, for generated collections, near-duplicates and entity merges): pairwise
    /// and B-cubed precision, recall and F1. Reads a generated collection (`newsgraph
    /// generate --stories N FILE`, JSON Lines with `truth`) or a labelled set of real news
    /// (JSON Lines with `text` and `cluster`, optionally `date`, `title`, `source`, `split`:
    /// ECB+, NewsWCL50, MEANTIME as `../shared/data` holds them).
    Stories {
        /// The collection.
        file: PathBuf,
        /// Only the records of this `split` (ECB+: `train` or `dev`).
        #[arg(long)]
        split: Option<String>,
        /// Also write `{item: cluster}` files for `cluster_score.py` here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Breaking stories: on streams from `newsgraph generate --bursts N` (one file per
    /// seed), precision and recall of "breaking" hour by hour, bursts caught in their first
    /// hour, and the detection delay.
    Trends {
        /// The streams.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Places: resolves every place of each article of a geoparsing set (JSON Lines
    /// `{id, text, toponyms}` as `../shared/data/geo` holds TR-News and WikToR) and scores the
    /// coordinates as `geo_score.py` does: share of gold toponyms found, accuracy within
    /// 161 km, mean and median error, AUC.
    Geo {
        /// The set (JSON Lines).
        file: PathBuf,
        /// Also write the system toponyms here (the scorer's SYSTEM file).
        #[arg(long)]
        out: Option<PathBuf>,
        /// List each gold toponym missed, or resolved more than 161 km away.
        #[arg(long)]
        verbose: bool,
        /// Evidence weights other than the shipped ones, `name=value,…` (country, continent,
        /// admin1, capital, qualifier, same_country, same_division, dateline), for choosing
        /// them by cross-validation (`bench/geo_cv.py`).
        #[arg(long)]
        weights: Option<String>,
        /// Only the documents whose position is K modulo N (`K/N`).
        #[arg(long)]
        fold: Option<String>,
    },
    /// Time expressions: strips the TIMEX3 of every `.tml` file in GOLD_DIR, annotates it,
    /// and scores the TempEval-3 way (strict and relaxed span, type and value).
    Timex {
        /// Directory of gold TimeML files.
        gold_dir: PathBuf,
        /// Also write the annotated files here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// List each wrong or missing expression.
        #[arg(long)]
        verbose: bool,
    },
    /// Named entities: exact-span precision, recall and F1 per type and overall (as conlleval).
    Ner {
        /// CoNLL file with the gold IOB tag in the last column (the model tags it), or with
        /// a prediction column already (`--predicted`).
        file: PathBuf,
        /// The file already holds predictions: gold in `--gold-col`, prediction last.
        #[arg(long)]
        predicted: bool,
        /// Gold column (0-based; negative counts from the end).
        #[arg(long, allow_hyphen_values = true)]
        gold_col: Option<isize>,
        /// A model file to use instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Also write each token with its gold and predicted IOB tags (conlleval's input,
        /// so `../shared/tools/conll_score.py` can check the figures).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(args: EvalArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let (file, predicted, gold_col, model, out) = match args.task {
        EvalTask::Ner { file, predicted, gold_col, model, out } => (file, predicted, gold_col, model, out),
        EvalTask::Timex { gold_dir, out, verbose } => return timex(&gold_dir, out.as_deref(), verbose),
        EvalTask::Quotes { dir, out, model } => return quotes(&dir, out.as_deref(), model.as_deref()),
        EvalTask::Events { file, out, verbose, recall_only } => {
            // A JSON array is the hand-written format; JSON Lines (one object a line) a public set.
            let lines = std::fs::read(&file)
                .map(|b| b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{'))
                .unwrap_or(file.extension().is_some_and(|e| e == "jsonl"));
            if lines {
                super::event_ood_eval::run(&file, out.as_deref(), recall_only, verbose)?;
                return Ok(exit::OK);
            }
            return events(&file, out.as_deref(), verbose);
        }
        EvalTask::EventsStatus { file, out } => {
            super::event_ood_eval::status(&file, out.as_deref())?;
            return Ok(exit::OK);
        }
        EvalTask::Geo { file, out, verbose, weights, fold } => {
            let weights = super::geo_eval::parse_weights(weights.as_deref().unwrap_or(""))?;
            let fold = match fold {
                Some(f) => {
                    let (k, n) = f.split_once('/').ok_or("--fold: expected K/N")?;
                    let (k, n): (usize, usize) = (k.parse()?, n.parse()?);
                    if n == 0 || k >= n {
                        return Err("--fold K/N needs K < N".into());
                    }
                    Some((k, n))
                }
                None => None,
            };
            let options = super::geo_eval::Options { out: out.as_deref(), verbose, weights, fold };
            super::geo_eval::run(&file, &options)?;
            return Ok(exit::OK);
        }
        EvalTask::Trends { files } => {
            super::trend_eval::run(&files)?;
            return Ok(exit::OK);
        }
        EvalTask::Stories { file, split, out } => {
            super::story_eval::run(&file, split.as_deref(), out.as_deref())?;
            return Ok(exit::OK);
        }
    };
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let docs = parse_conll(&text);
    // No gold, no score: every figure would be a meaningless zero.
    let gold_column = gold_col.unwrap_or(if predicted { -2 } else { -1 });
    if !docs.iter().flat_map(|d| &d.sentences).any(|s| s.column(gold_column).iter().any(|t| *t != "O")) {
        return Err(format!("{}: no gold entities (is it a CoNLL file with IOB tags?)", file.display()).into());
    }
    let score = if predicted {
        let gold = gold_col.unwrap_or(-2);
        let mut score = Score::default();
        for s in docs.iter().flat_map(|d| &d.sentences) {
            score.add_labels(&s.column(gold), &s.column(-1));
        }
        score
    } else {
        let recognizer = super::annotate::recognizer(model.as_deref())?;
        if let Some(out) = &out {
            write_predictions(&recognizer, &docs, gold_column, out)?;
        }
        evaluate(&recognizer, &docs, gold_col.unwrap_or(-1))
    };
    print!("{score}");
    Ok(exit::OK)
}

/// Writes `word gold predicted` per token, sentences apart, documents under `-DOCSTART-`.
fn write_predictions(
    recognizer: &Recognizer,
    docs: &[ConllDocument],
    gold_column: isize,
    out: &std::path::Path,
) -> Result<(), String> {
    let mut text = String::new();
    for d in docs {
        text.push_str("-DOCSTART- O O\n\n");
        let sentences: Vec<Vec<&str>> = d.sentences.iter().map(|s| s.words()).collect();
        for ((s, words), spans) in d.sentences.iter().zip(&sentences).zip(recognizer.spans(&sentences)) {
            let mut predicted = vec!["O".to_string(); words.len()];
            for span in spans {
                for (i, tag) in predicted.iter_mut().enumerate().take(span.end).skip(span.start) {
                    let prefix = if i == span.start { "B" } else { "I" };
                    *tag = format!("{prefix}-{}", span.kind.label());
                }
            }
            for ((word, gold), tag) in words.iter().zip(s.column(gold_column)).zip(&predicted) {
                text.push_str(&format!("{word} {gold} {tag}\n"));
            }
            text.push('\n');
        }
    }
    std::fs::write(out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))
}

fn timex(
    gold_dir: &std::path::Path,
    out: Option<&std::path::Path>,
    verbose: bool,
) -> Result<u8, Box<dyn std::error::Error>> {
    let results = super::annotate::timeml_dir(gold_dir, out)?;
    if results.is_empty() {
        return Err(format!("{}: no TimeML (.tml) files to score", gold_dir.display()).into());
    }
    let mut counts = newsgraph_time::timeml::Counts::default();
    for (name, gold, system) in &results {
        counts.add(gold, system);
        if verbose {
            let text = std::fs::read_to_string(gold_dir.join(name)).unwrap_or_default();
            let file = newsgraph_time::timeml::TimemlFile::parse(&text).map_err(|e| format!("{name}: {e}"))?;
            let show =
                |t: &newsgraph_time::timeml::Timex| format!("{:?} {} {}", &file.text[t.start..t.end], t.kind, t.value);
            for g in gold {
                match system.iter().find(|s| s.start < g.end && g.start < s.end) {
                    None => println!("{name}: missed   {}", show(g)),
                    Some(s) if s.start != g.start || s.end != g.end || s.value != g.value || s.kind != g.kind => {
                        println!("{name}: gold {}  | system {}", show(g), show(s))
                    }
                    _ => {}
                }
            }
            for s in system.iter().filter(|s| !gold.iter().any(|g| s.start < g.end && g.start < s.end)) {
                println!("{name}: spurious {}", show(s));
            }
        }
    }
    print!("{counts}");
    Ok(exit::OK)
}

fn quotes(
    dir: &std::path::Path,
    out: Option<&std::path::Path>,
    model: Option<&std::path::Path>,
) -> Result<u8, Box<dyn std::error::Error>> {
    use super::attribution::{Counts, base_name, read_ann, score};
    let rules_only = model.is_some_and(|p| p.as_os_str() == "rules");
    let model = match model {
        Some(p) if !rules_only => {
            let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Some(newsgraph_annotators::ContentModel::from_bytes(&bytes)?)
        }
        _ => None,
    };
    let pipeline = if model.is_some() || rules_only {
        super::quote_training::rules_pipeline()?
    } else {
        newsgraph_engine::default_pipeline()
    };
    let anns_dir = dir.join("attributions");
    let mut anns: Vec<PathBuf> = std::fs::read_dir(&anns_dir)
        .map_err(|e| format!("cannot read {}: {e}", anns_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    if anns.is_empty() {
        return Err(format!("{}: no brat annotation (.ann) files to score", anns_dir.display()).into());
    }
    if let Some(o) = out {
        std::fs::create_dir_all(o)?;
    }
    let mut counts = [Counts::default(); 2];
    let mut docs: std::collections::HashMap<String, newsgraph_document::Document> = std::collections::HashMap::new();
    for ann in &anns {
        let Some(base) = base_name(ann) else { continue };
        let txt = dir.join("text").join(format!("{base}.txt"));
        if !txt.exists() {
            continue;
        }
        if !docs.contains_key(&base) {
            let text = std::fs::read_to_string(&txt)?;
            let mut doc = newsgraph_document::Document::new("text", text);
            // PolNeAR file names carry the publication date: source_YYYY-MM-DD_slug.
            doc.published = base.split('_').find_map(|p| newsgraph_document::Published::parse(p).ok());
            pipeline.annotate(&mut doc);
            if let Some(m) = &model {
                doc.quotes = newsgraph_annotators::merge(&doc, m, &m.merge);
            }
            if let Some(o) = out {
                std::fs::write(o.join(format!("{base}.json")), doc.to_json())?;
            }
            docs.insert(base.clone(), doc);
        }
        let gold = read_ann(&std::fs::read_to_string(ann)?);
        score(&docs[&base], &gold, &mut counts);
    }
    println!("{} annotation files, {} articles", anns.len(), docs.len());
    println!("{}", counts[0].line("all"));
    println!("{}", counts[1].line("direct"));
    Ok(exit::OK)
}

fn events(
    file: &std::path::Path,
    out: Option<&std::path::Path>,
    verbose: bool,
) -> Result<u8, Box<dyn std::error::Error>> {
    use super::event_eval::{Counts, Paragraph, score};
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let paragraphs: Vec<Paragraph> =
        serde_json::from_str(&text).map_err(|e| format!("{}: not an events file: {e}", file.display()))?;
    if paragraphs.is_empty() {
        return Err(format!("{}: no annotated paragraphs to score", file.display()).into());
    }
    let pipeline = newsgraph_engine::default_pipeline();
    let mut counts = Counts::default();
    let mut lines = String::new();
    for p in &paragraphs {
        let mut doc = newsgraph_document::Document::new("text", p.text.clone());
        doc.published =
            Some(newsgraph_document::Published::parse(&p.date).map_err(|e| format!("{}: bad date: {e}", p.id))?);
        doc.origin = Some(p.id.clone());
        pipeline.annotate(&mut doc);
        score(p, &doc, &mut counts, verbose);
        lines.push_str(&doc.to_json());
        lines.push('\n');
    }
    if let Some(o) = out {
        std::fs::write(o, lines).map_err(|e| format!("cannot write {}: {e}", o.display()))?;
    }
    println!("{} paragraphs", paragraphs.len());
    println!("{}", counts.report());
    Ok(exit::OK)
}
