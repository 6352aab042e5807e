use newsgraph_engine::Location;

use crate::exit;
use crate::output::{lock_writer, open, require_existing};

pub fn run(at: &Location) -> Result<u8, Box<dyn std::error::Error>> {
    require_existing(at)?;
    let _writing = lock_writer(at, "reindex")?;
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
