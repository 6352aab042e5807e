//! Every format writes a small awkward table that reads back the same; Parquet is read
//! with the parquet crate's own reader.

use std::fs::File;
use std::path::{Path, PathBuf};

use newsgraph_export::{Column, ColumnKind, Error, Format, ROW_GROUP_ROWS, Row, Value, writer};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

const COLUMNS: [Column; 4] = [
    Column { name: "id", kind: ColumnKind::Int },
    Column { name: "title", kind: ColumnKind::Text },
    Column { name: "score", kind: ColumnKind::Real },
    Column { name: "note, \"quoted\"", kind: ColumnKind::Text },
];

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Nulls, unicode, commas/quotes/newlines in text, negative and extreme ints, an int in
/// a float column and UTF-8 bytes in a text column.
fn rows() -> Vec<Row> {
    vec![
        Row(vec![Value::Int(1), text("plain"), Value::Real(1.5), text("a, b")]),
        Row(vec![Value::Int(-42), text("Zürich — 東京 🚀"), Value::Real(-2.25), text("he said \"hi\"")]),
        Row(vec![Value::Null, Value::Null, Value::Null, Value::Null]),
        Row(vec![Value::Int(i64::MIN), text("line1\nline2\r\nline3"), Value::Real(1e300), text("")]),
        Row(vec![
            Value::Int(i64::MAX),
            text("comma,quote\",newline\n"),
            Value::Int(7),
            Value::Bytes(b"bytes".to_vec()),
        ]),
        Row(vec![Value::Int(0), text(" leading and trailing "), Value::Real(0.1), text("\"")]),
    ]
}

/// What each row should read back as: ints in the float column become floats, text
/// bytes become text.
fn expected() -> Vec<Row> {
    let mut rows = rows();
    rows[4].0[2] = Value::Real(7.0);
    rows[4].0[3] = text("bytes");
    rows
}

fn write(dir: &Path, format: Format, columns: &[Column], rows: &[Row]) -> PathBuf {
    let path = dir.join(format!("table.{}", format.extension()));
    let mut out = writer(format, columns, Box::new(File::create(&path).unwrap())).unwrap();
    for row in rows {
        out.write(row).unwrap();
    }
    assert_eq!(out.finish().unwrap(), rows.len() as u64);
    path
}

/// A Parquet file's rows, as values.
fn read_parquet(path: &Path) -> Vec<Row> {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            let row = row.unwrap();
            Row(row
                .get_column_iter()
                .map(|(_, field)| match field {
                    Field::Null => Value::Null,
                    Field::Long(n) => Value::Int(*n),
                    Field::Double(x) => Value::Real(*x),
                    Field::Str(s) => Value::Text(s.clone()),
                    other => panic!("unexpected Parquet field {other:?}"),
                })
                .collect())
        })
        .collect()
}

#[test]
fn jsonl_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), Format::Jsonl, &COLUMNS, &rows());
    let content = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = content.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(content.ends_with('\n'));
    // Keys in column order.
    assert_eq!(lines[0], r#"{"id":1,"title":"plain","score":1.5,"note, \"quoted\"":"a, b"}"#);
    assert_eq!(lines[2], r#"{"id":null,"title":null,"score":null,"note, \"quoted\"":null}"#);
    for (line, row) in lines.iter().zip(expected()) {
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
        assert_eq!(object.len(), COLUMNS.len());
        for (column, value) in COLUMNS.iter().zip(&row.0) {
            let json = &object[column.name];
            match value {
                Value::Null => assert!(json.is_null()),
                Value::Int(n) => assert_eq!(json.as_i64(), Some(*n)),
                Value::Real(x) => assert_eq!(json.as_f64(), Some(*x)),
                Value::Text(s) => assert_eq!(json.as_str(), Some(s.as_str())),
                Value::Bytes(_) => unreachable!(),
            }
        }
    }
}

#[test]
fn csv_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), Format::Csv, &COLUMNS, &rows());
    let content = std::fs::read_to_string(&path).unwrap();
    assert!(content.starts_with("id,title,score,\"note, \"\"quoted\"\"\"\r\n1,plain,1.5,\"a, b\"\r\n"));
    assert!(content.contains("\r\n,,,\r\n"), "nulls are empty fields: {content:?}");
    assert!(content.contains("\"line1\nline2\r\nline3\""), "line breaks stay inside quotes: {content:?}");

    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6);
    for (record, row) in records.iter().zip(expected()) {
        assert_eq!(record.len(), COLUMNS.len());
        for (field, value) in record.iter().zip(&row.0) {
            match value {
                // CSV has no null: a null and an empty string are both an empty field.
                Value::Null => assert_eq!(field, ""),
                Value::Int(n) => assert_eq!(field.parse::<i64>().unwrap(), *n),
                Value::Real(x) => assert_eq!(field.parse::<f64>().unwrap(), *x),
                Value::Text(s) => assert_eq!(field, s),
                Value::Bytes(_) => unreachable!(),
            }
        }
    }
}

#[test]
fn parquet_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), Format::Parquet, &COLUMNS, &rows());
    assert_eq!(read_parquet(&path), expected());

    let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
    let metadata = reader.metadata();
    assert_eq!(metadata.num_row_groups(), 1);
    assert_eq!(metadata.file_metadata().num_rows(), 6);
    let schema = metadata.file_metadata().schema_descr();
    let described: Vec<String> = schema
        .columns()
        .iter()
        .map(|c| {
            format!(
                "{} {} {:?} {:?}",
                c.name(),
                c.physical_type(),
                c.logical_type_ref(),
                c.self_type().get_basic_info().repetition()
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "id INT64 None OPTIONAL",
            "title BYTE_ARRAY Some(String) OPTIONAL",
            "score DOUBLE None OPTIONAL",
            "note, \"quoted\" BYTE_ARRAY Some(String) OPTIONAL",
        ]
    );
    assert_eq!(schema.column(1).converted_type(), parquet::basic::ConvertedType::UTF8);
}

#[test]
fn zero_rows_make_valid_files() {
    let dir = tempfile::tempdir().unwrap();

    let jsonl = write(dir.path(), Format::Jsonl, &COLUMNS, &[]);
    assert_eq!(std::fs::read_to_string(jsonl).unwrap(), "");

    let csv = write(dir.path(), Format::Csv, &COLUMNS, &[]);
    assert_eq!(std::fs::read_to_string(csv).unwrap(), "id,title,score,\"note, \"\"quoted\"\"\"\r\n");

    let parquet = write(dir.path(), Format::Parquet, &COLUMNS, &[]);
    assert_eq!(read_parquet(&parquet), []);
    let reader = SerializedFileReader::new(File::open(&parquet).unwrap()).unwrap();
    assert_eq!(reader.metadata().num_row_groups(), 0);
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    assert_eq!(reader.metadata().file_metadata().schema_descr().num_columns(), 4);
}

#[test]
fn non_finite_floats() {
    let dir = tempfile::tempdir().unwrap();
    let columns = [Column { name: "x", kind: ColumnKind::Real }];
    let rows: Vec<Row> =
        [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0].into_iter().map(|x| Row(vec![Value::Real(x)])).collect();

    let jsonl = std::fs::read_to_string(write(dir.path(), Format::Jsonl, &columns, &rows)).unwrap();
    assert_eq!(jsonl, "{\"x\":null}\n{\"x\":null}\n{\"x\":null}\n{\"x\":-0.0}\n");

    // One column: csv quotes an empty field so the record is not an empty line.
    let csv = std::fs::read_to_string(write(dir.path(), Format::Csv, &columns, &rows)).unwrap();
    assert_eq!(csv, "x\r\n\"\"\r\n\"\"\r\n\"\"\r\n-0.0\r\n");

    // Parquet doubles keep them.
    let parquet = read_parquet(&write(dir.path(), Format::Parquet, &columns, &rows));
    let values: Vec<f64> = parquet.iter().map(|r| if let Value::Real(x) = r.0[0] { x } else { panic!() }).collect();
    assert!(values[0].is_nan());
    assert_eq!(values[1..3], [f64::INFINITY, f64::NEG_INFINITY]);
    assert!(values[3] == 0.0 && values[3].is_sign_negative());
}

#[test]
fn rows_that_do_not_match_the_schema_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let path = dir.path().join(format!("bad.{format}"));
        let mut out = writer(format, &COLUMNS, Box::new(File::create(&path).unwrap())).unwrap();

        let short = out.write(&Row(vec![Value::Int(1), text("a")])).unwrap_err();
        assert!(matches!(short, Error::MissingValue { column: "score", columns: 4, values: 2 }), "{short:?}");
        assert_eq!(short.to_string(), "row has 2 values for 4 columns: no value for column `score`");

        let long = out.write(&Row(vec![Value::Null; 5])).unwrap_err();
        assert!(matches!(long, Error::ExtraValues { columns: 4, values: 5, .. }), "{long:?}");

        let kind = out.write(&Row(vec![text("1"), text("a"), Value::Null, Value::Null])).unwrap_err();
        assert_eq!(kind.to_string(), "column `id` holds integers, not text");

        let real_in_int = out.write(&Row(vec![Value::Real(1.0), Value::Null, Value::Null, Value::Null])).unwrap_err();
        assert_eq!(real_in_int.to_string(), "column `id` holds integers, not a float");

        let int_in_text = out.write(&Row(vec![Value::Null, Value::Int(3), Value::Null, Value::Null])).unwrap_err();
        assert_eq!(int_in_text.to_string(), "column `title` holds text, not an integer");

        let bad_bytes = Row(vec![Value::Null, Value::Bytes(vec![0xff, 0xfe]), Value::Null, Value::Null]);
        let bytes = out.write(&bad_bytes).unwrap_err();
        assert_eq!(bytes.to_string(), "column `title` holds text, not bytes that are not UTF-8");

        // Nothing of a refused row was written; the writer goes on.
        out.write(&rows()[0]).unwrap();
        assert_eq!(out.finish().unwrap(), 1, "{format}");
        match format {
            Format::Jsonl => assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1),
            Format::Csv => assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2),
            Format::Parquet => assert_eq!(read_parquet(&path), rows()[..1]),
        }
    }
}

#[test]
fn bad_schemas_are_refused() {
    for format in Format::ALL {
        let empty = writer(format, &[], Box::new(std::io::sink())).err().unwrap();
        assert!(matches!(empty, Error::Schema(_)), "{empty:?}");
        let twice = [Column { name: "a", kind: ColumnKind::Int }, Column { name: "a", kind: ColumnKind::Text }];
        let twice = writer(format, &twice, Box::new(std::io::sink())).err().unwrap();
        assert_eq!(twice.to_string(), "invalid table schema: column `a` appears twice");
    }
}

#[test]
fn large_tables_make_several_row_groups() {
    let dir = tempfile::tempdir().unwrap();
    let columns = [Column { name: "n", kind: ColumnKind::Int }, Column { name: "s", kind: ColumnKind::Text }];
    let total = 2 * ROW_GROUP_ROWS + 10;
    let rows: Vec<Row> = (0..total as i64)
        .map(|n| Row(vec![Value::Int(n), if n % 7 == 0 { Value::Null } else { Value::Text(format!("row {n}")) }]))
        .collect();
    let path = write(dir.path(), Format::Parquet, &columns, &rows);

    let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
    let groups: Vec<i64> = reader.metadata().row_groups().iter().map(|g| g.num_rows()).collect();
    assert_eq!(groups, [ROW_GROUP_ROWS as i64, ROW_GROUP_ROWS as i64, 10]);
    assert_eq!(reader.metadata().file_metadata().num_rows(), total as i64);
    assert_eq!(read_parquet(&path), rows);
}

#[test]
fn formats_parse_and_display() {
    for format in Format::ALL {
        assert_eq!(format.to_string().parse::<Format>().unwrap(), format);
    }
    assert_eq!("JSONL".parse::<Format>().unwrap(), Format::Jsonl);
    assert_eq!(Format::Parquet.to_string(), "parquet");
    let err = "xlsx".parse::<Format>().unwrap_err();
    assert_eq!(err.to_string(), "unknown export format `xlsx` (expected jsonl, csv or parquet)");
}
