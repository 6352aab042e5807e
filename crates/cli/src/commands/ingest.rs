use newsgraph_engine::Location;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph_engine::{IngestOptions, IngestReport};

use crate::output::{json_line, lock_writer, open};
use crate::{ReadArgs, exit};

/// How often progress is written when stderr is not a terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);

#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
    /// With --db postgres://…: annotate and store here instead of queueing for workers.
    #[arg(long)]
    here: bool,
    /// Articles per batch (one store transaction each).
    #[arg(long, default_value_t = 256)]
    batch_size: usize,
}

/// On Ctrl-C (or SIGTERM), says how far the ingest got and how to finish it, then exits
/// at once: whatever was committed stays, and rerunning the command stores the rest and
/// indexes what the store holds but the index does not (the same recovery as after a crash).
fn on_interrupt(stored: Arc<AtomicU64>) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            eprintln!(
                "\ninterrupted: {} articles read and committed so far; run the same command again to finish (it indexes what is left)",
                stored.load(Ordering::Relaxed)
            );
            std::process::exit(128 + signal);
        }
    });
}

pub fn run(at: &Location, args: IngestArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let read = super::read_options(&args.read)?;
    let _writing = lock_writer(at, "ingest")?;
    let mut engine = open(at)?;
    let stored = Arc::new(AtomicU64::new(0));
    on_interrupt(stored.clone());
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
    bar.enable_steady_tick(Duration::from_millis(250));
    // A terminal gets the spinner; a log file (stderr redirected, a service) a plain line now
    // and then, so a long ingest is never silent.
    let terminal = std::io::stderr().is_terminal();
    // The share read is counted in whole files: shown when there are several.
    let total = newsgraph_readers::input_size(&args.read.paths).filter(|&(t, n)| t > 0 && n > 1).map(|(t, _)| t);
    // The first batch is reported at once, then a line every LOG_EVERY.
    let mut last_line: Option<Instant> = None;
    let options = IngestOptions { read, batch_size: args.batch_size.max(1), queue: !args.here, origin_as: None };
    let report = engine.ingest(&args.read.paths, &options, &mut |p| {
        stored.store(p.articles, Ordering::Relaxed);
        let secs = p.elapsed.as_secs_f64().max(1e-6);
        let share = total
            .map(|t| {
                format!(", {:.0}% of {:.1} MB", (p.input_bytes as f64 / t as f64 * 100.0).min(100.0), t as f64 / 1e6)
            })
            .unwrap_or_default();
        let line = format!(
            "{} articles, {} failed, {:.0} articles/s, {:.1} MB/s{share}",
            p.articles,
            p.failed,
            p.articles as f64 / secs,
            p.bytes as f64 / 1e6 / secs
        );
        if terminal {
            bar.set_message(line);
        } else if last_line.is_none_or(|t| t.elapsed() >= LOG_EVERY) {
            eprintln!("ingest: {line}");
            last_line = Some(Instant::now());
        }
    });
    bar.finish_and_clear();
    let report = report.map_err(|e| -> Box<dyn std::error::Error> {
        if e.is_disk_full() {
            format!(
                "the disk holding {at} is full ({e}); every batch stored before it filled is kept: free space and run the same command again to finish"
            )
            .into()
        } else {
            e.into()
        }
    })?;
    if args.json {
        json_line(&report)?;
    } else {
        print_report(&report);
    }
    // Nothing read at all: a wrong path or a folder of other files, not a successful ingest.
    if report.articles() == 0 && report.failed == 0 && report.skipped == 0 && report.recovered == 0 {
        let paths: Vec<String> = args.read.paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("newsgraph: no article files found in {}", paths.join(", "));
        return Ok(exit::PARTIAL);
    }
    Ok(if report.failed > 0 { exit::PARTIAL } else { exit::OK })
}

fn print_report(r: &IngestReport) {
    let secs = r.elapsed.as_secs_f64().max(1e-6);
    println!(
        "{} articles: {} new ({} new versions), {} duplicate; {} failed; {} records skipped; {:.2}s, {:.0} articles/s, {:.2} MB/s",
        r.articles(),
        r.new,
        r.versions,
        r.duplicate,
        r.failed,
        r.skipped,
        secs,
        r.articles() as f64 / secs,
        r.bytes as f64 / 1e6 / secs,
    );
    if r.queued > 0 {
        println!("{} articles queued for workers: run `newsgraph worker --db …` to annotate and store them", r.queued);
    }
    if r.recovered > 0 {
        println!("indexed {} articles left over from an interrupted ingest", r.recovered);
    }
    let containers: Vec<_> = r.files.iter().filter(|(_, c)| c.records > 1 || c.skipped > 0).collect();
    if !containers.is_empty() {
        println!("containers:");
        for (file, c) in containers {
            println!(
                "  {file}: {} records, {} articles, {} skipped, {} failed",
                c.records, c.articles, c.skipped, c.failed
            );
        }
    }
    for w in &r.warnings {
        println!("warning: {}: {}", w.origin, w.reason);
    }
    for f in &r.failures {
        println!("failed: {}: {}", f.origin, f.reason);
    }
}
