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
}

pub fn run(args: GenerateArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let generator = Generator::new(args.seed);
    if let Some(stories) = args.stories {
        let mut out = BufWriter::new(File::create(&args.out)?);
        for a in generator.collection(stories) {
            writeln!(out, "{}", a.json_line())?;
        }
        out.flush()?;
    } else if args.format == "jsonl" {
        let mut out = BufWriter::new(File::create(&args.out)?);
        for n in 0..args.count {
            writeln!(out, "{}", generator.article(n).json_line())?;
        }
        out.flush()?;
    } else {
        std::fs::create_dir_all(&args.out)?;
        for n in 0..args.count {
            std::fs::write(args.out.join(format!("{n:07}.txt")), generator.article(n).newswire())?;
        }
    }
    Ok(exit::OK)
}
