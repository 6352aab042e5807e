use std::io::{self, BufWriter, Write};

use clap::Args;
use newsgraph_engine::{default_pipeline, extract};

use crate::{ReadArgs, exit};

#[derive(Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// One JSON object per article per line (the documented JSON form). Without it, a short
    /// readable summary per article.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ExtractArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let options = super::read_options(&args.read)?;
    let pipeline = default_pipeline();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = 0;
    let mut io_error = None;
    extract(&args.read.paths, &options, &pipeline, 64, &mut |item| {
        if io_error.is_some() {
            return;
        }
        let written = match item {
            Ok((doc, warnings)) => {
                for w in warnings {
                    eprintln!("warning: {}: {w}", doc.origin.as_deref().unwrap_or("-"));
                }
                if args.json {
                    writeln!(out, "{}", doc.to_json())
                } else {
                    writeln!(
                        out,
                        "{}  {}  {}  {}  {} paragraphs, {} sentences  {}",
                        doc.id,
                        doc.published.map(|p| p.date().to_string()).unwrap_or_else(|| "----------".into()),
                        doc.source.as_deref().unwrap_or("-"),
                        doc.dateline_place.as_deref().unwrap_or("-"),
                        doc.paragraphs.len(),
                        doc.sentences.len(),
                        doc.title.as_deref().unwrap_or_else(|| doc.text.lines().next().unwrap_or("")),
                    )
                }
            }
            Err(notice) => {
                failed += 1;
                eprintln!("failed: {}: {}", notice.origin, notice.reason);
                Ok(())
            }
        };
        if let Err(e) = written {
            io_error = Some(e);
        }
    });
    match io_error {
        // A closed pipe (`| head`) is not an error.
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(exit::OK),
        Some(e) => return Err(e.into()),
        None => {}
    }
    out.flush()?;
    Ok(if failed > 0 { exit::PARTIAL } else { exit::OK })
}
