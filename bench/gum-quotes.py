#!/usr/bin/env python3
"""Quotations out of domain: GUM's news documents (Wikinews) as a recall yardstick for quotes.

GUM marks quotations (`<quote>`) but not who said them, nor indirect speech: so only the
recall of its quotations means something here (a newsgraph quote matches when it covers half
of a quotation's characters, as `eval quotes` counts). Test-partition documents are left
out. Writes GUM's train and dev news documents as a brat split (text rebuilt from tokens,
one space between them, a blank line between paragraphs; each quotation a Content), then
runs `newsgraph eval quotes` on it twice: the rules alone and with the shipped model.

Usage: python3 bench/gum-quotes.py [--gum ../shared/data/gum/xml] [--bin PATH] [--out DIR]
"""
import argparse, glob, os, re, subprocess, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
ap = argparse.ArgumentParser()
ap.add_argument("--gum", default=os.path.join(root, "..", "shared", "data", "gum", "xml"))
ap.add_argument("--bin", default=os.path.join(target, "release", "newsgraph"))
ap.add_argument("--out", default=tempfile.mkdtemp(prefix="gum-quotes-"))
args = ap.parse_args()

os.makedirs(os.path.join(args.out, "text"), exist_ok=True)
os.makedirs(os.path.join(args.out, "attributions"), exist_ok=True)
docs = quotes = 0
for path in sorted(glob.glob(os.path.join(args.gum, "GUM_news_*.xml"))):
    src = open(path, encoding="utf-8").read()
    part = re.search(r'partition="(\w+)"', src)
    if part and part.group(1) == "test":
        continue
    date = re.search(r'dateCreated="([\d-]+)"', src).group(1)
    text, spans, open_at, pos, first = [], [], [], 0, True
    for line in src.split("\n"):
        if re.match(r"<(p|head|list|item)\b", line):
            if text and not text[-1].endswith("\n"):
                text.append("\n\n")
                pos += 2
            first = True
        elif line.startswith("<quote"):
            open_at.append(pos + (0 if first else 1))
        elif line.startswith("</quote"):
            if open_at:
                spans.append((open_at.pop(), pos))
        elif line.startswith("<") or not line.strip():
            continue
        else:
            tok = line.split("\t")[0]
            if not first:
                text.append(" ")
                pos += 1
            text.append(tok)
            pos += len(tok)
            first = False
    t = "".join(text)
    base = f"gum_{date}_{os.path.basename(path)[len('GUM_news_'):-4]}"
    open(os.path.join(args.out, "text", base + ".txt"), "w", encoding="utf-8").write(t)
    with open(os.path.join(args.out, "attributions", base + ".ann"), "w", encoding="utf-8") as ann:
        for i, (s, e) in enumerate(spans):
            ann.write(f"T{i + 1}\tContent {s} {e}\t{t[s:e]}\nE{i + 1}\tAttribution:T{i + 1} Content:T{i + 1}\n")
    docs += 1
    quotes += len(spans)
print(f"{docs} GUM news documents (train + dev), {quotes} quotations, in {args.out}")
for name, extra in (("rules alone", ["--model", "rules"]), ("with the model", [])):
    out = subprocess.run([args.bin, "eval", "quotes", args.out, *extra], capture_output=True, text=True, check=True)
    line = next(l for l in out.stdout.splitlines() if l.startswith("all"))
    recall = re.search(r"R ([\d.]+)", line).group(1)
    matched = re.search(r"(\d+) matched", line).group(1)
    print(f"{name:16} recall of GUM quotations {recall} ({matched} of {quotes})")
