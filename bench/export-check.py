#!/usr/bin/env python3
"""Checks that files written by newsgraph-export load in real data engines.

Usage: python3 bench/export-check.py [--rows N] FILE [FILE ...]

Each FILE is .parquet, .csv or .jsonl (the format is taken from the extension). Loads it
with DuckDB and with pandas, prints each one's row count, column types and nulls per
column, and exits non-zero if either fails to load it or they disagree on the row count
(or, with --rows N, either reads other than N rows: newsgraph's own count, so that a test can
check the files against what newsgraph says it wrote).

Needs `pip install duckdb pandas pyarrow` (pyarrow is pandas' Parquet engine). Both a manual
check and part of `cargo test` (crates/cli/tests/export.rs). Sample files:
`cargo run -p newsgraph-export --example sample -- /tmp/export-sample`.
"""

import sys

import duckdb
import pandas as pd


def duckdb_source(path, kind):
    quoted = "'" + path.replace("'", "''") + "'"
    return {
        "parquet": f"read_parquet({quoted})",
        "csv": f"read_csv({quoted})",
        "jsonl": f"read_json({quoted}, format = 'newline_delimited')",
    }[kind]


def load_pandas(path, kind):
    if kind == "parquet":
        return pd.read_parquet(path)
    if kind == "csv":
        return pd.read_csv(path)
    return pd.read_json(path, lines=True)


def check(path, expected=None):
    kind = path.rsplit(".", 1)[-1].lower()
    if kind not in ("parquet", "csv", "jsonl"):
        print(f"{path}: unknown extension (expected .parquet, .csv or .jsonl)")
        return False
    print(f"== {path} ({kind})")

    con = duckdb.connect()
    source = duckdb_source(path, kind)
    (duck_rows,) = con.execute(f"SELECT count(*) FROM {source}").fetchone()
    columns = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    print(f"duckdb {duckdb.__version__}: {duck_rows} rows")
    for name, type_, *_ in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        (nulls,) = con.execute(f"SELECT count(*) FILTER (WHERE {quoted} IS NULL) FROM {source}").fetchone()
        print(f"  {name:<20} {type_:<10} nulls={nulls}")
    if kind == "parquet":
        groups = con.execute(f"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')").fetchone()[0]
        print(f"  row groups: {groups}")
    print("  first row:", con.execute(f"SELECT * FROM {source} LIMIT 1").fetchone())

    frame = load_pandas(path, kind)
    print(f"pandas {pd.__version__}: {len(frame)} rows")
    nulls = frame.isna().sum()
    for name, dtype in frame.dtypes.items():
        print(f"  {name:<20} {str(dtype):<10} nulls={nulls[name]}")

    if duck_rows != len(frame):
        print(f"MISMATCH: duckdb read {duck_rows} rows, pandas {len(frame)}")
        return False
    if expected is not None and duck_rows != expected:
        print(f"MISMATCH: expected {expected} rows, both read {duck_rows}")
        return False
    print("ok: both read", duck_rows, "rows")
    return True


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip())
        return 2
    args = sys.argv[1:]
    expected = None
    if args[:1] == ["--rows"]:
        expected, args = int(args[1]), args[2:]
    ok = bool(args)
    for path in args:
        try:
            ok = check(path, expected) and ok
        except Exception as err:  # report every file, then fail
            print(f"FAILED {path}: {type(err).__name__}: {err}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
