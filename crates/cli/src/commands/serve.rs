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
}

pub fn run(at: &Location, args: ServeArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let mut config = newsgraph_server::Config::new(at.clone());
    config.token = args.token.filter(|t| !t.is_empty());
    if let Some(n) = args.readers {
        config.readers = n.max(1);
    }
    let writes = if config.token.is_some() { "on (bearer token)" } else { "off (no --token)" };
    newsgraph_server::run(config, &args.addr, |addr| {
        println!("newsgraph: serving {at} on http://{addr}/ (writes {writes}; Ctrl-C stops)");
    })?;
    Ok(exit::OK)
}
