use newsgraph_engine::Location;

use clap::Args;

use crate::exit;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Bearer token that `POST /api/articles` must present; without one, writes are off.
    #[arg(long, env = "NEWSGRAPH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Engines kept open for queries, one thread each (default: one per core).
    #[arg(long)]
    readers: Option<usize>,
    /// Follow the sources these lists name while serving (OPML or one URL a line), as
    /// `newsgraph follow` does; `/api/sources` reports on them.
    #[arg(long, num_args = 1.., value_name = "LIST")]
    follow: Vec<std::path::PathBuf>,
    /// With --follow: a URL (or mailto:) where site operators can reach you, sent in the User-Agent.
    #[arg(long, env = "NEWSGRAPH_CONTACT")]
    contact: Option<String>,
    /// With --follow: allow loopback addresses (a site on this machine).
    #[arg(long)]
    allow_loopback: bool,
    /// Writes (POST, DELETE) one client address may send per minute, after a burst of
    /// --write-burst; over it they are answered 429 `too_many_writes`. 0: no limit.
    #[arg(long, default_value_t = newsgraph_server::Limits::default().writes_per_minute)]
    writes_per_minute: u32,
    /// Writes one client address may send at once.
    #[arg(long, default_value_t = newsgraph_server::Limits::default().write_burst)]
    write_burst: u32,
}

pub fn run(at: &Location, args: ServeArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let mut config = newsgraph_server::Config::new(at.clone());
    config.token = args.token.filter(|t| !t.is_empty());
    config.limits.writes_per_minute = args.writes_per_minute;
    config.limits.write_burst = args.write_burst;
    if let Some(n) = args.readers {
        config.readers = n.max(1);
    }
    if !args.follow.is_empty() {
        let mut sources = Vec::new();
        for list in &args.follow {
            sources.extend(newsgraph_follow::read_source_list(list)?);
        }
        let mut options = newsgraph_follow::FollowOptions::default();
        options.fetch.user_agent = newsgraph_follow::FetchOptions::user_agent_for(args.contact.as_deref());
        if args.allow_loopback {
            options.fetch.addresses = newsgraph_follow::AddressPolicy::AllowLoopback;
        }
        println!("newsgraph: following {} sources", sources.len());
        config.follow = Some(newsgraph_server::Follow { sources, options });
    }
    let writes = if config.token.is_some() { "on (bearer token)" } else { "off (no --token)" };
    newsgraph_server::run(config, &args.addr, |addr| {
        println!("newsgraph: serving {at} on http://{addr}/ (writes {writes}; Ctrl-C stops)");
    })?;
    Ok(exit::OK)
}
