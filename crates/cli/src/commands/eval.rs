use std::path::PathBuf;

use clap::{Args, Subcommand};
use newsgraph_ner::{Score, evaluate, parse_conll};

use crate::exit;

#[derive(Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    task: EvalTask,
}

#[derive(Subcommand)]
enum EvalTask {
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
    },
}

pub fn run(args: EvalArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let (file, predicted, gold_col, model) = match args.task {
        EvalTask::Ner { file, predicted, gold_col, model } => (file, predicted, gold_col, model),
        EvalTask::Timex { gold_dir, out, verbose } => return timex(&gold_dir, out.as_deref(), verbose),
    };
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let docs = parse_conll(&text);
    let score = if predicted {
        let gold = gold_col.unwrap_or(-2);
        let mut score = Score::default();
        for s in docs.iter().flat_map(|d| &d.sentences) {
            score.add_labels(&s.column(gold), &s.column(-1));
        }
        score
    } else {
        let recognizer = super::annotate::recognizer(model.as_deref())?;
        evaluate(&recognizer, &docs, gold_col.unwrap_or(-1))
    };
    print!("{score}");
    Ok(exit::OK)
}

fn timex(
    gold_dir: &std::path::Path,
    out: Option<&std::path::Path>,
    verbose: bool,
) -> Result<u8, Box<dyn std::error::Error>> {
    let results = super::annotate::timeml_dir(gold_dir, out)?;
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
