#!/usr/bin/env python3
"""Names out of domain: GUM's news documents (Wikinews, 2004-2019) as a CoNLL yardstick.

GUM annotates every entity mention (names, descriptions, pronouns) with a type. A mention
counts here as a name when its words, leading determiners dropped, are proper nouns (with
"of", "and", "the" or "&" between them); GUM's person, organization and place become PER,
ORG and LOC. MISC is not scored: GUM has no such class (nationalities are not mentions).
Writes the converted file, has `newsgraph annotate` (and, with --spacy, spaCy sm under
Python 3.12) tag it, and scores PER/ORG/LOC by exact span on both.

Usage: python3 bench/gum-ner.py [--gum ../shared/data/gum/dep] [--bin PATH] [--model FILE]
"""
import argparse, os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
ap = argparse.ArgumentParser()
ap.add_argument("--gum", default=os.path.join(root, "..", "shared", "data", "gum", "dep"))
ap.add_argument("--bin", default=os.path.join(target, "release", "newsgraph"))
ap.add_argument("--model")
ap.add_argument("--genre", default="news")
args = ap.parse_args()

TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
JOINERS = {"of", "and", "the", "&", "de"}


def documents():
    for name in sorted(os.listdir(args.gum)):
        if not name.startswith(f"GUM_{args.genre}_") or not name.endswith(".conllu"):
            continue
        sentences, tokens = [], []
        for line in open(os.path.join(args.gum, name), encoding="utf-8"):
            line = line.rstrip("\n")
            if not line:
                if tokens:
                    sentences.append(tokens)
                tokens = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            tokens.append((cols[1], cols[3], cols[9]))
        if tokens:
            sentences.append(tokens)
        yield name, sentences


def gold_tags(sentence):
    tags = ["O"] * len(sentence)
    open_ = {}
    spans = []
    for i, (_, _, misc) in enumerate(sentence):
        m = re.search(r"Entity=([^|]*)", misc)
        if not m:
            continue
        for part in re.findall(r"\([^()]*\)?|\d+\)", m.group(1)):
            if part.startswith("("):
                body = part.strip("()")
                fields = body.split("-")
                eid, etype = fields[0], fields[1] if len(fields) > 1 else ""
                if part.endswith(")"):
                    spans.append((i, i + 1, etype))
                else:
                    open_.setdefault(eid, []).append((i, etype))
            else:
                eid = part.rstrip(")")
                if open_.get(eid):
                    start, etype = open_[eid].pop()
                    spans.append((start, i + 1, etype))
    for start, end, etype in sorted(spans, key=lambda s: s[0] - s[1]):
        if etype not in TYPES:
            continue
        while start < end and sentence[start][1] == "DET":
            start += 1
        words = sentence[start:end]
        if not words or words[0][1] != "PROPN" or words[-1][1] != "PROPN":
            continue
        if not all(p == "PROPN" or w.lower() in JOINERS for w, p, _ in words):
            continue
        if any(t != "O" for t in tags[start:end]):
            continue
        tags[start] = "B-" + TYPES[etype]
        for k in range(start + 1, end):
            tags[k] = "I-" + TYPES[etype]
    return tags


def spans(tags):
    out, start, kind = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        p, _, k = t.partition("-")
        if start is not None and (p != "I" or k != kind):
            out.add((start, i, kind))
            start = None
        if p == "B" or (p == "I" and start is None):
            start, kind = i, k
    return {s for s in out if s[2] in ("PER", "ORG", "LOC")}


def score(gold, pred):
    g = p = c = 0
    by = {}
    for gs, ps in zip(gold, pred):
        a, b = spans(gs), spans(ps)
        g += len(a); p += len(b); c += len(a & b)
        for k in ("PER", "ORG", "LOC"):
            x, y = {s for s in a if s[2] == k}, {s for s in b if s[2] == k}
            t = by.setdefault(k, [0, 0, 0])
            t[0] += len(x); t[1] += len(y); t[2] += len(x & y)
    f = lambda g, p, c: 200 * c / max(g + p, 1)
    return f"F1 {f(g, p, c):.2f} (P {100 * c / max(p, 1):.2f} R {100 * c / max(g, 1):.2f}; {g} gold) " + ", ".join(
        f"{k} {f(*v):.2f}" for k, v in by.items())


docs = list(documents())
gold = [gold_tags(s) for _, sents in docs for s in sents]
with tempfile.TemporaryDirectory() as tmp:
    conll = os.path.join(tmp, "gum.conll")
    with open(conll, "w", encoding="utf-8") as f:
        for _, sents in docs:
            f.write("-DOCSTART- -X- -X- O\n\n")
            for s in sents:
                for (w, _, _), t in zip(s, gold_tags(s)):
                    f.write(f"{w} _ _ {t}\n")
                f.write("\n")
    out = os.path.join(tmp, "pred.conll")
    cmd = [args.bin, "annotate", "--format", "conll", conll, out] + (["--model", args.model] if args.model else [])
    subprocess.run(cmd, check=True)
    pred, cur = [], []
    for line in open(out, encoding="utf-8"):
        cols = line.split()
        if not cols:
            if cur:
                pred.append(cur)
            cur = []
        elif cols[0] != "-DOCSTART-":
            cur.append(cols[-1])
    if cur:
        pred.append(cur)
print(f"GUM {args.genre}: {len(docs)} documents, {len(gold)} sentences")
print("newsgraph:", score(gold, pred))
