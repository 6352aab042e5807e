#!/usr/bin/env bash
# Distributed ingest benchmark: COUNT generated articles (default 4,000) queued in a fresh
# database of a throwaway PostgreSQL cluster, then annotated and stored by 1, 2 and 4
# `newsgraph worker` processes on this machine. Prints, per worker count, the wall time from
# the first worker's start to the last one's exit, and articles/s; and, for reference, the
# same corpus through the embedded SQLite ingest. Every run ends with COUNT stored articles
# (checked). THREADS=1 gives each worker one annotation thread (RAYON_NUM_THREADS), so that on a
# small machine the curve shows how workers add up when annotation dominates.
# Usage: [THREADS=n] bench/workers.sh [COUNT] [WORKER COUNTS…]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-4000}
shift || true
sizes=("${@:-1 2 4}")
sizes=(${sizes[@]})
cargo build --release -q -p newsgraph -p newsgraph-pgcluster
target=${CARGO_TARGET_DIR:-target}/release
work=$(mktemp -d)
coproc CLUSTER { "$target/newsgraph-pgcluster" $(for n in "${sizes[@]}"; do echo "w$n"; done); }
trap 'exec {CLUSTER[1]}>&-; rm -rf "$work"' EXIT
declare -A url
while read -r name u <&"${CLUSTER[0]}"; do
  [ "$name" = ready ] && break
  url[$name]=$u
done
"$target/newsgraph" generate --count "$count" --seed 2027 "$work/corpus.jsonl"
echo "corpus: $count articles, $(du -b "$work/corpus.jsonl" | awk '{printf "%.1f MB", $1/1e6}'), $(nproc) cores"

start=$(date +%s.%N)
"$target/newsgraph" --data "$work/sqlite" ingest --json "$work/corpus.jsonl" > /dev/null
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'sqlite ingest (one process): {s:.1f}s, {int(sys.argv[3])/s:.0f} articles/s')" "$start" "$end" "$count"

for n in "${sizes[@]}"; do
  db=${url[w$n]}
  qstart=$(date +%s.%N)
  "$target/newsgraph" --db "$db" ingest --json "$work/corpus.jsonl" > "$work/queue.json"
  qend=$(date +%s.%N)
  start=$(date +%s.%N)
  pids=()
  for i in $(seq "$n"); do
    RAYON_NUM_THREADS=${THREADS:-} "$target/newsgraph" --db "$db" worker --until-empty --json --name "w$i" \
      > "$work/worker$i.json" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  stored=$("$target/newsgraph" --db "$db" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
  [ "$stored" = "$count" ] || { echo "expected $count stored, found $stored" >&2; exit 1; }
  python3 - "$qstart" "$qend" "$start" "$end" "$count" "$n" "$work" <<'PY'
import json, sys
qs, qe, s, e = map(float, sys.argv[1:5])
count, n, work = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
reports = [json.load(open(f"{work}/worker{i}.json")) for i in range(1, n + 1)]
new = sum(r["new"] for r in reports)
linked = [r["links"]["linked"] for r in reports]
print(f"{n} worker(s): queue {qe-qs:.1f}s; work {e-s:.1f}s, {count/(e-s):.0f} articles/s "
      f"(stored per worker {[r['new'] for r in reports]}, linked per worker {linked}, total new {new})")
PY
done
