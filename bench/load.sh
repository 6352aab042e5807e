#!/usr/bin/env bash
# Load test of `newsgraph serve` on loopback: fills a store with COUNT generated fictional
# articles (default 100,000; kept in LOAD_DATA when set, so a rerun skips the fill), starts
# the release server, and runs wrk with CONNECTIONS (100) connections for DURATION (20s)
# against search, article and entity endpoints, one target after another. Prints requests/s,
# p99 latency and errors (non-2xx answers, socket errors, timeouts) per target.
# TARGETS picks targets ("search"), SERVE_ARGS passes options to serve ("--readers 3").
# Targets: p99 under 50 ms, zero errors. Traffic stays on 127.0.0.1; every run is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-100000}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-100}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "bench/load.sh needs wrk (Debian package wrk)" >&2
    exit 2
  fi
fi

cargo build --release -q -p newsgraph
bin=${CARGO_TARGET_DIR:-target}/release/newsgraph
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
data=${LOAD_DATA:-$work/data}

if [ ! -s "$data/newsgraph.db" ]; then
  echo "filling $data with $count generated articles…"
  "$bin" generate --count "$count" --seed 2026 "$work/corpus.jsonl"
  start=$(date +%s)
  # One JSON Lines file of ~100 MB: above the default per-file limit of 64 MiB.
  "$bin" --data "$data" ingest --json --max-bytes $((1 << 30)) "$work/corpus.jsonl" > "$work/ingest.json"
  echo "ingested in $(( $(date +%s) - start ))s: $(head -c 200 "$work/ingest.json")…"
  rm -f "$work/corpus.jsonl"
fi

"$bin" --data "$data" serve --addr 127.0.0.1:0 ${SERVE_ARGS:-} > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  grep -q "http://" "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
[ -n "$base" ] || { cat "$work/serve.log"; exit 2; }
echo "server: $base ($(curl -s "$base/api/stats" | head -c 120)…)"

# Request paths from what the store holds: ids of articles and entities, words of titles.
python3 - "$base" "$work" <<'PY'
import json, sys, urllib.request, random
base, work = sys.argv[1], sys.argv[2]
get = lambda p: json.load(urllib.request.urlopen(base + p))
hits = []
for offset in range(0, 1000, 100):
    hits += get(f"/api/search?limit=100&offset={offset}")["hits"]
random.seed(2026)
words = sorted({w.strip(".,:;'\"").lower() for h in hits for w in (h["title"] or "").split() if len(w) > 4 and w.isalpha()})
words = random.sample(words, min(60, len(words)))
sources = sorted({h["source"] for h in hits if h["source"]})
search = [f"/api/search?q={w}" for w in words]
search += [f"/api/search?q={a}+{b}" for a, b in zip(words[::2], words[1::2])]
search += [f"/api/search?q={w}&source={urllib.request.quote(random.choice(sources))}&from=2020-01-01" for w in words[:20]]
articles = [f"/api/articles/{h['id']}" for h in hits]
entities = [f"/api/entities/{e['id']}" for e in get("/api/entities?limit=100")["items"]]
for name, paths in [("search", search), ("article", articles), ("entity", entities)]:
    assert paths, name
    with open(f"{work}/{name}.paths", "w") as f:
        f.write("".join(p + "\n" for p in paths))
PY

printf '%-8s %10s %10s %9s %9s %7s\n' target requests "req/s" "p50 ms" "p99 ms" errors
for target in ${TARGETS:-search article entity}; do
  # Each path once before measuring, so that what is measured is the steady state (entity
  # profiles are kept until the store changes); WARM=0 measures from cold.
  if [ "${WARM:-1}" = 1 ]; then
    python3 - "$base" "$work/$target.paths" <<'PY'
import sys, urllib.request
base = sys.argv[1]
for path in open(sys.argv[2]).read().split():
    urllib.request.urlopen(base + path).read()
PY
  fi
  wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$duration" --timeout 5s -s bench/wrk-cycle.lua "$base" -- "$work/$target.paths" > "$work/$target.out"
  read -r _ requests rps p50 p99 socket status < <(grep '^RESULT' "$work/$target.out")
  printf '%-8s %10s %10s %9s %9s %7s\n' "$target" "$requests" "$rps" "$p50" "$p99" "$((socket + status))"
done
