//! `newsgraph follow SOURCES…`: polls the sources the list files name (OPML or one URL a
//! line) until stopped, storing their articles as `ingest` does; `--once` polls every due
//! source once and exits.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use std::io::IsTerminal;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph_engine::{IngestOptions, Location};
use newsgraph_follow::{
    AddressPolicy, FetchOptions, FollowOptions, Follower, Progress, SourceReport, read_source_list,
};

use crate::exit;
use crate::output::{json_line, open};

#[derive(Args)]
pub struct FollowArgs {
    /// Source lists: OPML files, or text files with one feed, sitemap or section-front URL a line.
    #[arg(required = true)]
    lists: Vec<PathBuf>,
    /// Poll every due source once, store what they deliver, and exit.
    #[arg(long)]
    once: bool,
    /// Print one JSON object per source polled (JSON Lines) instead of a line of text.
    #[arg(long)]
    json: bool,
    /// A URL (or mailto:) where site operators can reach you, sent in the User-Agent.
    #[arg(long, env = "NEWSGRAPH_CONTACT")]
    contact: Option<String>,
    /// Seconds between two requests to one host, at least (a longer Crawl-delay wins).
    #[arg(long, default_value_t = 1.0)]
    min_delay: f64,
    /// Seconds a request may take, body included.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Largest body fetched, in bytes, before and after decompression.
    #[arg(long, default_value_t = 8 << 20)]
    max_bytes: u64,
    /// Sources fetched at once, at most one per host (each host still sees one request at a
    /// time, so a fetching thread mostly waits for its host's turn).
    #[arg(long, default_value_t = 64)]
    threads: usize,
    /// Allow loopback addresses (127.0.0.1, ::1): for a site on this machine, such as the
    /// fake news site of the README. Private and link-local addresses stay refused.
    #[arg(long)]
    allow_loopback: bool,
    /// Seconds the sources a round takes stay this process's: other `follow` processes on the
    /// same store leave them alone. A process killed mid-round leaves its sources to be
    /// polled again when this ends.
    #[arg(long, default_value_t = 600.0)]
    claim_lease: f64,
    /// With --db postgres://…: annotate and store here instead of queueing for workers.
    #[arg(long)]
    here: bool,
}

/// Ctrl-C or SIGTERM: finish the sources in hand, store them, exit. A second one exits at once
/// (what was committed stays; a restart fetches nothing already stored).
fn on_interrupt(stop: Arc<AtomicBool>) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(128 + signal);
            }
            eprintln!("\nstopping: finishing the sources in hand (again to quit at once)");
        }
    });
}

pub fn run(at: &Location, args: FollowArgs) -> Result<u8, Box<dyn std::error::Error>> {
    if !(args.min_delay >= 0.0 && args.timeout > 0.0 && args.claim_lease > 0.0) {
        return Err("--min-delay must be 0 or more, --timeout and --claim-lease more than 0".into());
    }
    let mut sources = Vec::new();
    for list in &args.lists {
        sources.extend(read_source_list(list)?);
    }
    let options = FollowOptions {
        fetch: FetchOptions {
            user_agent: FetchOptions::user_agent_for(args.contact.as_deref()),
            min_delay: Duration::from_secs_f64(args.min_delay),
            timeout: Duration::from_secs_f64(args.timeout),
            max_bytes: args.max_bytes,
            addresses: if args.allow_loopback { AddressPolicy::AllowLoopback } else { AddressPolicy::PublicOnly },
            ..FetchOptions::default()
        },
        threads: args.threads.max(1),
        ingest: IngestOptions { queue: !args.here, ..IngestOptions::default() },
        claim_lease: Duration::from_secs_f64(args.claim_lease),
        ..FollowOptions::default()
    };
    let mut engine = open(at)?;
    let added = engine.add_sources(&sources, options.schedule.initial.as_secs() as i64)?;
    if !args.json {
        eprintln!("following {} sources ({added} new)", sources.len());
    }
    let stop = Arc::new(AtomicBool::new(false));
    on_interrupt(Arc::clone(&stop));
    let follower = Follower::new(options);
    let mut trouble = false;
    // On a terminal, a status line under the per-source lines: totals since the start.
    let bar = (!args.json && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
        bar.enable_steady_tick(Duration::from_millis(250));
        bar.set_message(format!("polling {} sources", sources.len()));
        bar
    });
    // Totals since the start, read by the status line's ticker.
    let totals = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
    let mut print = |r: &SourceReport| {
        trouble |= r.error.is_some() || !r.failed.is_empty();
        totals[0].fetch_add(1, Ordering::Relaxed);
        totals[1].fetch_add(r.stored + r.queued, Ordering::Relaxed);
        totals[2].fetch_add(u64::from(r.error.is_some()) + r.failed.len() as u64, Ordering::Relaxed);
        if args.json {
            let _ = json_line(r);
        } else if let Some(bar) = &bar {
            bar.suspend(|| print_report(r));
        } else {
            print_report(r);
        }
    };
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| -> Result<(), Box<dyn std::error::Error>> {
        if let Some(bar) = &bar {
            scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    bar.set_message(status_line(follower.progress(), &totals));
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
        }
        let run = if args.once {
            follower.poll_due(&mut engine, &stop, &mut print).map(|round| {
                if !args.json {
                    println!(
                        "{} sources polled ({} failed): {} articles stored, {} duplicate, {} queued, {} items failed",
                        round.sources,
                        round.failed_sources,
                        round.stored,
                        round.duplicate,
                        round.queued,
                        round.failed_items
                    );
                }
            })
        } else {
            follower.run(&mut engine, &stop, &mut print)
        };
        done.store(true, Ordering::Relaxed);
        Ok(run?)
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(if trouble { exit::PARTIAL } else { exit::OK })
}

/// The status line: where the round stands, and totals since the start.
fn status_line(progress: Progress, totals: &[AtomicU64; 3]) -> String {
    let [polled, stored, failed] = totals.each_ref().map(|t| t.load(Ordering::Relaxed));
    format!(
        "{} due, {} fetching; {polled} sources polled, {stored} articles stored, {failed} errors",
        progress.due, progress.fetching
    )
}

fn print_report(r: &SourceReport) {
    let kind = r.kind.as_deref().unwrap_or("source");
    match &r.error {
        Some(e) => println!("{kind} {}: failed: {e}; next poll {}", r.source, r.next_poll),
        None if !r.modified => println!("{kind} {}: unchanged; next poll {}", r.source, r.next_poll),
        None => println!(
            "{kind} {}: {} new items, {} stored, {} duplicate, {} failed{}; next poll {}",
            r.source,
            r.new_items,
            r.stored,
            r.duplicate,
            r.failed.len(),
            if r.later > 0 { format!(", {} left for later", r.later) } else { String::new() },
            r.next_poll
        ),
    }
    for f in &r.failed {
        println!("  failed: {}: {}", f.origin, f.reason);
    }
    for w in &r.warnings {
        println!("  warning: {}: {}", w.origin, w.reason);
    }
    for w in &r.retrying {
        println!("  retrying: {}: {}", w.origin, w.reason);
    }
}
