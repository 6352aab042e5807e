#!/usr/bin/env bash
# Ingest benchmark through the real binary: generates COUNT fictional articles (default
# 10,000), ingests them into a fresh data directory, and reports articles/s, MB/s and peak
# RSS (from /usr/bin/time when present, else from the kernel's accounting of the process),
# then runs annotation alone on the same corpus (`extract --json` to /dev/null) and reports
# ingest's rate as a share of it. The machine may be shared: the two runs are back to back,
# so the ratio is the figure to compare between runs.
#   bash bench/ingest.sh [COUNT]     (NEWSGRAPH_BIN=path skips the build and runs that binary)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
if [ -z "${NEWSGRAPH_BIN:-}" ]; then
  cargo build --release -q -p newsgraph
fi
bin=${NEWSGRAPH_BIN:-${CARGO_TARGET_DIR:-target}/release/newsgraph}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --count "$count" --seed 2026 "$work/corpus.jsonl"
mb=$(du -b "$work/corpus.jsonl" | awk '{printf "%.1f", $1/1e6}')
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$work/rss" "$bin" --data "$work/data" ingest --json "$work/corpus.jsonl" > "$work/report.json"
  rss_mib=$(awk '{printf "%.0f", $1/1024}' "$work/rss")
else
  "$bin" --data "$work/data" ingest --json "$work/corpus.jsonl" > "$work/report.json" &
  pid=$!
  peak=0
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$peak" ] && peak=$r
    sleep 0.05
  done
  wait "$pid"
  rss_mib=$((peak / 1024))
fi
end=$(date +%s.%N)
# Annotation alone: the same articles read and annotated, their JSON written nowhere.
extract_start=$(date +%s.%N)
"$bin" extract --json "$work/corpus.jsonl" > /dev/null
extract_end=$(date +%s.%N)
python3 - "$work/report.json" "$start" "$end" "$count" "$mb" "$rss_mib" "$extract_start" "$extract_end" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
start, end, count, mb, rss = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
extract = float(sys.argv[8]) - float(sys.argv[7])
secs = end - start
assert report["new"] == count, report
print(f"ingest {count} articles ({mb} MB JSONL): {secs:.2f}s wall, {count/secs:.0f} articles/s, {mb/secs:.1f} MB/s, peak RSS {rss} MiB")
print(f"annotation alone (extract --json > /dev/null): {extract:.2f}s wall, {count/extract:.0f} articles/s; ingest runs at {extract/secs:.0%} of it")
stages = report.get("stages")
if stages:
    print("ingest stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
PY
