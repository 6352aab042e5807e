//! `newsgraph-pgcluster [DB…]`: starts a throwaway cluster, creates the named databases,
//! prints `NAME URL` for each, and keeps the cluster up until its standard input closes
//! (benches and scripts use it; the cluster and its dir go when this process does).

use std::io::Read;

fn main() {
    let cluster = match newsgraph_pgcluster::Cluster::start() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("newsgraph-pgcluster: {e}");
            std::process::exit(2);
        }
    };
    for name in std::env::args().skip(1) {
        match cluster.create_database(&name) {
            Ok(url) => println!("{name} {url}"),
            Err(e) => {
                eprintln!("newsgraph-pgcluster: {e}");
                std::process::exit(2);
            }
        }
    }
    println!("ready");
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}
