#!/usr/bin/env bash
# Ingest benchmark through the real binary: generates COUNT fictional articles (default
# 10,000), ingests them into a fresh data directory, and reports articles/s, MB/s and peak
# RSS (from /usr/bin/time when present, else from the kernel's accounting of the process).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
cargo build --release -q -p newsgraph
bin=${CARGO_TARGET_DIR:-target}/release/newsgraph
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
python3 - "$work/report.json" "$start" "$end" "$count" "$mb" "$rss_mib" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
start, end, count, mb, rss = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
secs = end - start
assert report["new"] == count, report
print(f"ingest {count} articles ({mb} MB JSONL): {secs:.2f}s wall, {count/secs:.0f} articles/s, {mb/secs:.1f} MB/s, peak RSS {rss} MiB")
PY
