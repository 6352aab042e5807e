use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use newsgraph_ner::{Recognizer, iob2_from_spans, parse_conll};

use crate::exit;

#[derive(Args)]
pub struct AnnotateArgs {
    /// Input format.
    #[arg(long, value_parser = ["conll"])]
    format: String,
    /// Input file.
    input: PathBuf,
    /// Output file.
    output: PathBuf,
    /// A model file to use instead of the built-in one.
    #[arg(long)]
    model: Option<PathBuf>,
}

/// The built-in recogniser, or one loaded from `path`.
pub fn recognizer(path: Option<&Path>) -> Result<Recognizer, String> {
    match path {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Recognizer::from_bytes(&bytes).map_err(|e| format!("{}: {e}", p.display()))
        }
        None => Recognizer::builtin()
            .ok_or_else(|| "this build carries no NER model; run `newsgraph train ner`".to_string()),
    }
}

/// CoNLL in, the same lines out with the predicted IOB2 tag appended, keeping the given
/// tokens, sentence breaks and `-DOCSTART-` lines.
pub fn run(args: AnnotateArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let recognizer = recognizer(args.model.as_deref())?;
    let text =
        std::fs::read_to_string(&args.input).map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    let mut out =
        BufWriter::new(File::create(&args.output).map_err(|e| format!("cannot write {}: {e}", args.output.display()))?);
    let starts_with_docstart = text.trim_start().starts_with("-DOCSTART-");
    for (i, doc) in parse_conll(&text).iter().enumerate() {
        if starts_with_docstart || i > 0 {
            writeln!(out, "-DOCSTART- -X- -X- O\n")?;
        }
        let sentences: Vec<Vec<&str>> = doc.sentences.iter().map(|s| s.words()).collect();
        for (s, spans) in doc.sentences.iter().zip(recognizer.spans(&sentences)) {
            for (line, tag) in s.lines.iter().zip(iob2_from_spans(&spans, s.lines.len())) {
                writeln!(out, "{line} {tag}")?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(exit::OK)
}
