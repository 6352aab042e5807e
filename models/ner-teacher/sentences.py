#!/usr/bin/env python3
"""Unlabelled news stories (`../shared/data/unlabeled/*.txt.gz`: blank line between stories,
one paragraph a line) as tokenised sentences for `teacher.py tag`: one sentence a line,
tokens separated by spaces, a blank line between stories. Tokens follow CoNLL-2003's
conventions (Penn Treebank-like: punctuation, possessive 's and n't split off; hyphenated
words and abbreviations such as U.S. kept whole).

Usage: sentences.py OUT.txt [--every N] [--seed S] [--gum DIR] [FILE.txt.gz...]
  --every N keeps one story in N (chosen by a seeded shuffle), to bound the silver set.
  --gum DIR adds GUM's training documents (`../shared/data/gum`; CC BY) of every genre but
            news (which `bench/gum-ner.py` scores) and Reddit: biographies from Wikipedia,
            Wikivoyage, wikiHow, textbooks and more, with GUM's own tokens.
"""

import argparse
import gzip
import os
import random
import re
import sys
from pathlib import Path

ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "prof.", "gen.", "col.", "lt.", "sgt.", "gov.", "sen.",
    "rep.", "rev.", "co.", "corp.", "inc.", "ltd.", "bros.", "no.", "vs.", "jan.", "feb.", "mar.", "apr.",
    "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "u.s.", "u.k.", "u.n.", "e.g.", "i.e.", "etc.", "mt.",
    "ft.", "a.m.", "p.m.", "dept.", "est.", "fig.",
}
TOKEN = re.compile(
    r"""(?:[A-Za-z]\.){2,}            # U.S., U.K.
      | \d+(?:[.,:/]\d+)*             # 1,000  3.5  12:30  1/2
      | [A-Za-z]+\.(?=\s|$)           # word with a period: decided below
      | n't | [A-Za-z0-9]+(?:[-'&][A-Za-z0-9]+)*(?=n't)
      | '(?:s|S|re|ve|ll|d|m)\b
      | [A-Za-z0-9]+(?:[-&/][A-Za-z0-9]+)*
      | ``|''|--|\.\.\.
      | \S""",
    re.X,
)


def tokens(paragraph):
    out = []
    for m in TOKEN.finditer(paragraph):
        t = m.group(0)
        if t.endswith(".") and len(t) > 1 and t.lower() not in ABBREVIATIONS and not re.fullmatch(r"(?:[A-Za-z]\.)+", t):
            out.extend([t[:-1], "."])
        else:
            out.append(t)
    return out


def sentences(paragraph):
    toks = tokens(paragraph)
    sent = []
    for i, t in enumerate(toks):
        sent.append(t)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        ends = t in {".", "!", "?"} or (t.lower() in ABBREVIATIONS and t.lower() in {"u.s.", "u.k.", "etc."})
        if ends and nxt is not None and (nxt[:1].isupper() or nxt[:1] in "\"'`"):
            yield sent
            sent = []
    if sent:
        yield sent


def gum_documents(root):
    # GUM's splits and CoNLL-U reading are shared with the event-argument converter.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "event-arguments"))
    import gum

    held_out = gum.held_out(f"{root}/splits.md")
    for name in sorted(os.listdir(f"{root}/dep")):
        doc = name.removesuffix(".conllu")
        if not name.endswith(".conllu") or doc in held_out or doc.split("_")[1] in {"news", "reddit"}:
            continue
        yield [[cols[1] for cols in sent] for sent in gum.sentences(f"{root}/dep/{name}")]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("files", nargs="*")
    p.add_argument("--every", type=int, default=1)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--gum")
    args = p.parse_args()
    stories = []
    for path in args.files:
        text = gzip.open(path, "rt", encoding="utf-8").read()
        stories.extend(s for s in text.split("\n\n") if s.strip())
    rng = random.Random(args.seed)
    rng.shuffle(stories)
    kept = stories[:: args.every]
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for story in kept:
            for line in story.splitlines():
                for s in sentences(line.strip()):
                    f.write(" ".join(s) + "\n")
                    n += len(s)
            f.write("\n")
        for doc in gum_documents(args.gum) if args.gum else []:
            for s in doc:
                f.write(" ".join(s) + "\n")
                n += len(s)
            f.write("\n")
    print(f"{len(kept)} of {len(stories)} stories, {n} tokens")


if __name__ == "__main__":
    main()
