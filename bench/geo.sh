#!/usr/bin/env bash
# Scores place resolution on the geoparsing development sets with `newsgraph eval geo` and
# checks that ../shared/tools/geo_score.py, run on the system file it writes, agrees.
#   bash bench/geo.sh [NEWSGRAPH_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${CARGO_TARGET_DIR:-$HOME/.cache/newsgraph/target}/release/newsgraph}
data=$here/../shared/data/geo
out=$(mktemp -d)
for set in trnews wiktor; do
    echo "== $set"
    "$bin" eval geo "$data/$set.jsonl" --out "$out/$set.jsonl" | tee "$out/$set.txt"
    ours=$(awk '/^acc161_all/ {print $2}' "$out/$set.txt")
    theirs=$(python3 "$here/../shared/tools/geo_score.py" "$data/$set.jsonl" "$out/$set.jsonl" --json |
        python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["acc161_all"])')
    [ "$ours" = "$theirs" ] || { echo "disagreement on $set: eval geo $ours, geo_score.py $theirs" >&2; exit 1; }
    echo "geo_score.py agrees: acc161_all $theirs"
done
