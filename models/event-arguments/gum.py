#!/usr/bin/env python3
"""Agents and patients of every verb in GUM's training documents, from its UD parses, in the
events-ood JSON Lines format (`newsgraph train event-arguments --extra FILE`).

    python3 models/event-arguments/gum.py ../shared/data/gum /tmp/gum-args.jsonl

A verb's `nsubj` and `obl:agent` ("by X") are its agent; `obj` and `nsubj:pass` its patient.
A participant's span is its head word with the words that make a name or number of it
(compound, flat, nummod), so a candidate is right when it holds the head. Only the train
split (neither dev nor test, per `splits.md`); Reddit documents are left out (their texts are
not in the CC-BY release). Texts are rebuilt from the tokens, one sentence a line.
"""
import json
import os
import re
import sys

NAME_PARTS = {"compound", "flat", "flat:name", "nummod", "compound:prt"}


def held_out(splits):
    out, section = set(), None
    for line in open(splits, encoding="utf-8"):
        m = re.match(r"##\s+(\S+)", line)
        if m:
            section = m.group(1)
        m = re.match(r"\s*\*\s+(\S+)", line)
        if m and section != "train":
            out.add(m.group(1))
    return out


def sentences(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if sent:
                yield sent
            sent = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            sent.append(cols)
    if sent:
        yield sent


def convert(path):
    text, events = "", []
    for sent in sentences(path):
        if text:
            text += "\n"
        starts, ends = {}, {}
        for k, cols in enumerate(sent):
            tid = int(cols[0])
            starts[tid] = len(text)
            text += cols[1]
            ends[tid] = len(text)
            if "SpaceAfter=No" not in cols[9] and k + 1 < len(sent):
                text += " "
        children = {}
        for cols in sent:
            children.setdefault(int(cols[6]), []).append(cols)

        def span(head):
            ids = [head] + [int(c[0]) for c in children.get(head, []) if c[7] in NAME_PARTS]
            lo, hi = min(ids), max(ids)
            return starts[lo], ends[hi]

        for cols in sent:
            if cols[3] != "VERB":
                continue
            v = int(cols[0])
            parts = []
            for c in children.get(v, []):
                rel = c[7]
                role = {"nsubj": "agent", "obl:agent": "agent", "obj": "patient", "nsubj:pass": "patient"}.get(rel)
                if role:
                    s, e = span(int(c[0]))
                    parts.append({"role": role, "start": s, "end": e, "text": text[s:e], "gold_role": rel})
            events.append({"trigger": {"start": starts[v], "end": ends[v], "text": cols[1]}, "type": None,
                           "status": None, "gold_type": "gum-verb", "participants": parts})
    return text, events


def main(gum, out):
    skip = held_out(os.path.join(gum, "splits.md"))
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for name in sorted(os.listdir(os.path.join(gum, "dep"))):
            doc = name.removesuffix(".conllu")
            if doc in skip or doc.startswith("GUM_reddit"):
                continue
            text, events = convert(os.path.join(gum, "dep", name))
            f.write(json.dumps({"id": doc, "text": text, "dct": None, "source": "GUM", "annotated": None,
                                "events": events}) + "\n")
            n += len(events)
    print(f"{out}: {n} verbs", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
