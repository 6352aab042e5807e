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
    let EvalTask::Ner { file, predicted, gold_col, model } = args.task;
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
