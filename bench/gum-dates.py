#!/usr/bin/env python3
"""Time expressions out of domain: GUM's `<date when=…>` tags beside newsgraph's time layer.

GUM (../shared/data/gum/xml) marks calendar dates in many genres (news, interviews,
biographies, fiction, …) with their ISO value. This script rebuilds each document's text
from its tokens, gives it GUM's `dateCreated` as publication date, runs
`newsgraph extract --json`, and reports for the `when` dates: how many newsgraph finds
(a time expression overlapping the tag), and how many of those it gives the same value
(`--MM-DD` and `-YYYY` forms compared on what they specify). GUM tags dates only, not
durations, sets or weekdays alone, so precision is not measurable here.

Only the train and dev documents are read (splits.md); the test splits are left alone.

Usage: python3 bench/gum-dates.py [--gum DIR] [--bin PATH] [--split train,dev] [--verbose]
"""
import argparse, json, os, re, subprocess, tempfile
from xml.sax.saxutils import unescape

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
ap = argparse.ArgumentParser()
ap.add_argument("--gum", default=os.path.join(root, "..", "shared", "data", "gum"))
ap.add_argument("--bin", default=os.path.join(target, "release", "newsgraph"))
ap.add_argument("--split", default="train,dev")
ap.add_argument("--verbose", action="store_true")
args = ap.parse_args()

# splits.md lists dev, test and test2 documents under "## name" headings; the rest is train.
listed, section = {}, None
for line in open(os.path.join(args.gum, "splits.md"), encoding="utf-8"):
    if line.startswith("## "):
        section = line[3:].strip()
    m = re.match(r"\s*\*\s*(\S+)", line)
    if m and section:
        listed[m.group(1)] = section
wanted = set(args.split.split(","))


def document(path):
    """(dct, text, gold dates [(start, end, when)]) of one GUM XML file."""
    text, gold, open_dates, para = [], [], [], False
    pos = 0
    dct = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("<text "):
            m = re.search(r'dateCreated="([0-9]{4}-[0-9]{2}-[0-9]{2})', line)
            dct = m.group(1) if m else None
        elif line.startswith("<date"):
            m = re.search(r'\bwhen="([^"]+)"', line)
            open_dates.append((pos, m.group(1) if m else None))
        elif line.startswith("</date"):
            start, when = open_dates.pop()
            if when:
                gold.append((start, pos, when))
        elif line in ("<p>", "</p>", "<head>", "</head>") or line.startswith(("<p ", "<head ")):
            para = True
        elif line.startswith("<") and line.endswith(">"):
            continue
        elif "\t" in line:
            tok = unescape(line.split("\t")[0], {"&quot;": '"', "&apos;": "'"})
            sep = "\n\n" if para and text else (" " if text else "")
            para = False
            text.append(sep + tok)
            pos += len(sep)
            # A date starts at its first token, not at the separator before it.
            open_dates = [(pos if s == pos - len(sep) else s, w) for s, w in open_dates]
            pos += len(tok)
    # Gold ends were recorded after the last token; starts were moved past separators.
    return dct, "".join(text), gold


def same_value(when, value):
    if when.startswith("--"):  # month-day without a year
        return value[4:].startswith(when[1:])
    return value == when or value.startswith(when + "T")


docs = []
for name in sorted(os.listdir(os.path.join(args.gum, "xml"))):
    base = name.removesuffix(".xml")
    if listed.get(base, "train") not in wanted:
        continue
    dct, text, gold = document(os.path.join(args.gum, "xml", name))
    if dct and gold:
        docs.append((base, dct, text, gold))

with tempfile.TemporaryDirectory() as tmp:
    inp = os.path.join(tmp, "gum.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for base, dct, text, _ in docs:
            f.write(json.dumps({"published": dct, "title": base, "text": text, "url": f"https://gum.example.test/{base}"}) + "\n")
    out = subprocess.run([args.bin, "extract", "--json", "--format", "jsonl", inp], capture_output=True, text=True, check=True)
    results = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]

by_title = {r.get("title"): r for r in results}
n = found = right = 0
for base, dct, text, gold in docs:
    r = by_title.get(base, {})
    tx = r.get("time_expressions", [])
    for s, e, when in gold:
        n += 1
        hits = [t for t in tx if t["start"] < e and s < t["end"]]
        if hits:
            found += 1
            if any(same_value(when, t["value"]) for t in hits):
                right += 1
            elif args.verbose:
                print(f"{base}: {text[s:e]!r} gold {when}, newsgraph {[t['value'] for t in hits]}")
        elif args.verbose:
            print(f"{base}: {text[s:e]!r} gold {when}, missed")

print(f"GUM {args.split}: {len(docs)} documents, {n} dated expressions (when=)")
print(f"found    {found}/{n} = {found / max(n, 1):.3f}")
print(f"value    {right}/{found} of those found = {right / max(found, 1):.3f}; {right}/{n} of all = {right / max(n, 1):.3f}")
