use newsgraph_engine::Location;

use crate::exit;
use crate::output::{open, require_existing};

pub fn run(at: &Location) -> Result<u8, Box<dyn std::error::Error>> {
    require_existing(at)?;
    let mut engine = match (open(at), at) {
        (Ok(e), _) => e,
        // An index of an old layout cannot be opened: set it aside and build anew.
        (Err(_), Location::Dir(data)) if data.join("index").exists() => {
            std::fs::remove_dir_all(data.join("index"))?;
            open(at)?
        }
        (Err(e), _) => return Err(e.into()),
    };
    let n = engine.reindex()?;
    println!("indexed {n} articles");
    Ok(exit::OK)
}
