#!/usr/bin/env python3
"""The recogniser on headlines written in title case, which CoNLL-2003 does not have.

CoNLL writes its headlines in capitals ("JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT").
Many news sites write them in title case instead ("Japan Get Lucky Win, China In Surprise
Defeat"). This takes the lines in capitals of a CoNLL file (at least 90% of their letters
upper case, six letters or more), writes each word with a capital and the rest in lower case
(the gold tags stay), and scores the recogniser on those lines in both forms, with
`newsgraph eval ner`. The same headline should get the same names either way.

Nothing is written into the repository: the derived files go to a temporary directory
(CoNLL text is research-only).

Usage: python3 bench/ner-title-case.py [--conll ../shared/data/conll2003/valid.txt]
           [--bin target/release/newsgraph] [--model FILE]
"""
import argparse, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--conll", default=os.path.join(root, "..", "shared", "data", "conll2003", "valid.txt"))
ap.add_argument("--bin", default=os.path.join(root, "target", "release", "newsgraph"))
ap.add_argument("--model")
args = ap.parse_args()
if not os.path.exists(args.conll):
    sys.exit(f"{args.conll}: not found (CoNLL-2003 is in ../shared/data, see its README)")


def documents(path):
    doc, sent = [], []
    for line in open(path, encoding="utf-8"):
        cols = line.split()
        if not cols:
            if sent:
                doc.append(sent)
            sent = []
        elif cols[0] == "-DOCSTART-":
            if doc or sent:
                yield doc + ([sent] if sent else [])
            doc, sent = [], []
        else:
            sent.append(cols)
    if doc or sent:
        yield doc + ([sent] if sent else [])


def in_capitals(sent):
    letters = [c for cols in sent for c in cols[0] if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) * 10 >= len(letters) * 9


def title(word):
    return word[:1] + word[1:].lower() if word[:1].isalpha() else word


caps, titled, lines = [], [], 0
for doc in documents(args.conll):
    heads = [s for s in doc if in_capitals(s)]
    if not heads:
        continue
    lines += len(heads)
    caps.append(heads)
    titled.append([[[title(c[0])] + c[1:] for c in s] for s in heads])

tmp = tempfile.mkdtemp()
print(f"{args.conll}: {lines} lines in capitals, from {len(caps)} documents")
for name, docs in (("in capitals (as written)", caps), ("in title case", titled)):
    path = os.path.join(tmp, name.split()[1] + ".conll")
    with open(path, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write("-DOCSTART- -X- -X- O\n\n")
            for s in doc:
                f.write("".join(" ".join(c) + "\n" for c in s) + "\n")
    cmd = [args.bin, "eval", "ner", path] + (["--model", args.model] if args.model else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    overall = next(l for l in out.splitlines() if l.strip().startswith("overall"))
    print(f"{name:26} {overall.strip()}")
