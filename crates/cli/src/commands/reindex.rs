use std::path::Path;

use crate::exit;
use crate::output::open;

pub fn run(data: &Path) -> Result<u8, Box<dyn std::error::Error>> {
    let mut engine = match open(data) {
        Ok(e) => e,
        // An index of an old layout cannot be opened: set it aside and build anew.
        Err(_) if data.join("index").exists() => {
            std::fs::remove_dir_all(data.join("index"))?;
            open(data)?
        }
        Err(e) => return Err(e.into()),
    };
    let n = engine.reindex()?;
    println!("indexed {n} articles");
    Ok(exit::OK)
}
