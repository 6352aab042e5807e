//! Writes a sample table in every format, to check the files with other tools:
//! `cargo run -p newsgraph-export --example sample -- DIR [ROWS]` writes
//! `DIR/sample.jsonl`, `DIR/sample.csv` and `DIR/sample.parquet` (ROWS rows, 150,000 by
//! default: three Parquet row groups).

use std::fs::File;
use std::path::PathBuf;

use newsgraph_export::{Column, ColumnKind, Format, Row, Value, writer};

const COLUMNS: [Column; 5] = [
    Column { name: "id", kind: ColumnKind::Int },
    Column { name: "day", kind: ColumnKind::Text },
    Column { name: "title", kind: ColumnKind::Text },
    Column { name: "score", kind: ColumnKind::Real },
    Column { name: "mentions", kind: ColumnKind::Int },
];

const TITLES: [&str; 6] = [
    "Plain title",
    "Zürich — 東京 🚀",
    "Commas, \"quotes\" and\na line break",
    "",
    "Minister says \"no\"",
    "Ünïcödé, again",
];

fn row(n: i64) -> Row {
    let title = if n % 11 == 5 { Value::Null } else { Value::Text(TITLES[n as usize % TITLES.len()].to_string()) };
    let score = if n % 13 == 0 { Value::Null } else { Value::Real(n as f64 / 7.0 - 1000.0) };
    let mentions = if n % 17 == 0 { Value::Null } else { Value::Int(500 - n) };
    Row(vec![Value::Int(n), Value::Text(format!("2024-01-{:02}", n % 28 + 1)), title, score, mentions])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: sample DIR [ROWS]")?);
    let rows: i64 = args.next().map_or(Ok(150_000), |n| n.parse())?;
    std::fs::create_dir_all(&dir)?;
    for format in Format::ALL {
        let path = dir.join(format!("sample.{}", format.extension()));
        let mut out = writer(format, &COLUMNS, Box::new(File::create(&path)?))?;
        for n in 0..rows {
            out.write(&row(n))?;
        }
        let written = out.finish()?;
        println!("{}: {written} rows, {} bytes", path.display(), std::fs::metadata(&path)?.len());
    }
    Ok(())
}
