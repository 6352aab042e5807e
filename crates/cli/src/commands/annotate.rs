use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use newsgraph_document::{Document, Published};
use newsgraph_ner::{Recognizer, iob2_from_spans, parse_conll};
use newsgraph_pipeline::Pipeline;
use newsgraph_time::timeml::{TimemlFile, Timex};

use crate::exit;

#[derive(Args)]
pub struct AnnotateArgs {
    /// Input format: `conll` (a file of CoNLL-2003 columns) or `timeml` (a directory of
    /// TempEval-3 `.tml` files).
    #[arg(long, value_parser = ["conll", "timeml"])]
    format: String,
    /// Input file (conll) or directory (timeml).
    input: PathBuf,
    /// Output file (conll) or directory (timeml).
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
    if args.format == "timeml" {
        return timeml(&args.input, &args.output);
    }
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

/// Annotates every `.tml` file of `input` into `output`: TIMEX3 tags in `<TEXT>` replaced by
/// newsgraph's, everything else unchanged. Returns the gold and system TIMEX3 per file.
/// One file's name, gold TIMEX3 and newsgraph's.
pub type TimexResult = (String, Vec<Timex>, Vec<Timex>);

pub fn timeml_dir(input: &Path, output: Option<&Path>) -> Result<Vec<TimexResult>, String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml") || p.to_string_lossy().ends_with(".TE3input"))
        .collect();
    names.sort();
    if let Some(out) = output {
        std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    let pipeline =
        Pipeline::from_names(&newsgraph_annotators::registry(), &["paragraphs", "tokens", "sentences", "time"])
            .map_err(|e| e.to_string())?;
    let mut results = Vec::new();
    for path in names {
        let raw = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file = TimemlFile::parse(&raw).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut doc = Document::new("timeml", file.text.clone());
        let dct = file.dct.as_deref().and_then(|d| Published::parse(d.get(..10).unwrap_or(d)).ok());
        if dct.is_none() {
            eprintln!(
                "warning: {}: no usable document creation time; relative values stay underspecified",
                path.display()
            );
        }
        doc.published = dct;
        pipeline.annotate(&mut doc);
        let system = Timex::of_expressions(&doc.text, &doc.time_expressions);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if let Some(out) = output {
            std::fs::write(out.join(&name), file.write(&system)).map_err(|e| format!("cannot write {name}: {e}"))?;
        }
        results.push((name, file.timexes.clone(), system));
    }
    Ok(results)
}

fn timeml(input: &Path, output: &Path) -> Result<u8, Box<dyn std::error::Error>> {
    let results = timeml_dir(input, Some(output))?;
    eprintln!("annotated {} files into {}", results.len(), output.display());
    Ok(exit::OK)
}
