use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use newsgraph_synth::Generator;

use crate::exit;

#[derive(Args)]
pub struct GenerateArgs {
    /// Where to write: a JSON Lines file (`--format jsonl`) or a directory (`--format newswire`).
    out: PathBuf,
    /// How many articles.
    #[arg(long, default_value_t = 10_000)]
    count: u64,
    /// Seed: the same seed gives the same articles.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output format.
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "newswire"])]
    format: String,
    /// Instead of independent articles, a story collection of this many stories (JSON Lines
    /// with a `truth` field per article: story, duplicate group, people), for `eval stories`.
    #[arg(long)]
    stories: Option<usize>,
    /// Instead, a stream of sixteen days with hourly times and known bursts (a steady story,
    /// a quiet one that breaks in the last hours, one outlet spamming a story) and this many
    /// quiet stories (JSON Lines, `truth`: story and pattern), for `trends`.
    #[arg(long, conflicts_with = "stories")]
    bursts: Option<usize>,
}

pub fn run(args: GenerateArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let generator = Generator::new(args.seed);
    let path = args.out.display().to_string();
    let named = |e: std::io::Error| format!("cannot write {path}: {e}");
    let written = if let Some(quiet) = args.bursts {
        let articles = generator.bursts(quiet);
        let mut out = BufWriter::new(File::create(&args.out).map_err(named)?);
        for a in &articles {
            writeln!(out, "{}", a.json_line()).map_err(named)?;
        }
        out.flush().map_err(named)?;
        articles.len() as u64
    } else if let Some(stories) = args.stories {
        let articles = generator.collection(stories);
        let mut out = BufWriter::new(File::create(&args.out).map_err(named)?);
        for a in &articles {
            writeln!(out, "{}", a.json_line()).map_err(named)?;
        }
        out.flush().map_err(named)?;
        articles.len() as u64
    } else if args.format == "jsonl" {
        let mut out = BufWriter::new(File::create(&args.out).map_err(named)?);
        for n in 0..args.count {
            writeln!(out, "{}", generator.article(n).json_line()).map_err(named)?;
        }
        out.flush().map_err(named)?;
        args.count
    } else {
        std::fs::create_dir_all(&args.out).map_err(named)?;
        for n in 0..args.count {
            let file = args.out.join(format!("{n:07}.txt"));
            std::fs::write(&file, generator.article(n).newswire())
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
        args.count
    };
    eprintln!("wrote {written} articles to {path}");
    Ok(exit::OK)
}
