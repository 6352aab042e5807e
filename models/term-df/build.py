#!/usr/bin/env python3
"""Writes models/term-df/term-df.tsv.gz: in how many articles of unlabelled news each content
word occurs, for story profiles' inverse document frequency (crates/graph/src/background.rs).

Source: ../shared/data/unlabeled/ (Reuters-21578, 1987, and BBC News, 2004-05: research use
only, so only counts are kept, never text). Words are cut as `newsgraph_graph::terms` cuts
them (letters, digits and hyphens; lower case; three characters or more; not all digits; no
function or calendar words) and kept when at least three articles use them.

Usage: python3 models/term-df/build.py   (a few seconds)
"""
import gzip, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "data", "unlabeled")
PROFILE = os.path.join(HERE, "..", "..", "crates", "graph", "src", "profile.rs")
MIN_DF = 3

# The stop list is read from the Rust source so the two cannot drift apart.
src = open(PROFILE, encoding="utf-8").read()
block = src[src.index("const STOPWORDS"):]
block = block[block.index("["):block.index("];")]
STOP = set(re.findall(r'"([^"]+)"', block))


def terms(text):
    out = set()
    for w in re.split(r"[^\w-]|_", text):
        w = w.strip("-")
        if len(w) < 3 or w.isdigit():
            continue
        w = w.lower()
        if w not in STOP:
            out.add(w)
    return out


df, docs = Counter(), 0
for name in ("reuters21578.txt.gz", "bbc-news.txt.gz"):
    with gzip.open(os.path.join(DATA, name), "rt", encoding="utf-8") as f:
        for block in f.read().split("\n\n"):
            if block.strip():
                docs += 1
                df.update(terms(block))
out = os.path.join(HERE, "term-df.tsv.gz")
with gzip.GzipFile(out, "wb", mtime=0) as g:
    g.write(f"#docs\t{docs}\n".encode())
    for t, n in sorted(df.items()):
        if n >= MIN_DF:
            g.write(f"{t}\t{n}\n".encode())
kept = sum(1 for n in df.values() if n >= MIN_DF)
print(f"{out}: {docs} articles, {kept} terms of {len(df)}", file=sys.stderr)
