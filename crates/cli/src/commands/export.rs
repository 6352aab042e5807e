use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use newsgraph_engine::{Location, Table};
use newsgraph_export::{Format, writer};

use crate::exit;
use crate::output::open_existing;

#[derive(Args)]
pub struct ExportArgs {
    /// jsonl, csv or parquet.
    #[arg(long, default_value = "jsonl")]
    format: Format,
    /// articles, entities, mentions, quotes, events, stories, or gdelt (events as GDELT rows).
    #[arg(long)]
    table: Table,
    /// Earliest day (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = super::day)]
    from: Option<chrono::NaiveDate>,
    /// Latest day (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = super::day)]
    to: Option<chrono::NaiveDate>,
    /// Output file (`-` for standard output; not for Parquet).
    out: PathBuf,
}

pub fn run(at: &Location, args: ExportArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let (from, to) = (args.from.map(|d| d.to_string()), args.to.map(|d| d.to_string()));
    let (from, to) = (from.as_deref(), to.as_deref());
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && args.format == Format::Parquet {
        return Err("Parquet needs a file: give a path instead of `-`".into());
    }
    // Name the folder the user gave, not the temporary file beside the target.
    let folder = args.out.parent().filter(|p| !p.as_os_str().is_empty());
    if !to_stdout && let Some(folder) = folder.filter(|f| !f.is_dir()) {
        return Err(
            format!("cannot write {}: the folder {} does not exist", args.out.display(), folder.display()).into()
        );
    }
    let engine = open_existing(at)?;
    // Written beside the target and renamed at the end: a failed export leaves no half file.
    let partial = args.out.with_extension(format!("{}.partial", args.format.extension()));
    let out: Box<dyn Write + Send> = if to_stdout {
        Box::new(std::io::BufWriter::new(std::io::stdout()))
    } else {
        Box::new(std::io::BufWriter::new(
            std::fs::File::create(&partial).map_err(|e| format!("{}: {e}", partial.display()))?,
        ))
    };
    let mut table = writer(args.format, args.table.columns(), out)?;
    let mut failed = None;
    engine.export(args.table, from, to, &mut |row| match table.write(&row) {
        Ok(()) => true,
        Err(e) => {
            failed = Some(e);
            false
        }
    })?;
    if let Some(e) = failed {
        let _ = std::fs::remove_file(&partial);
        return Err(e.into());
    }
    let rows = table.finish()?;
    if !to_stdout {
        std::fs::rename(&partial, &args.out)?;
        eprintln!("wrote {rows} rows of {} to {} ({})", args.table.name(), args.out.display(), args.format);
    }
    Ok(exit::OK)
}
