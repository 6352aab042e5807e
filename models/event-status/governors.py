#!/usr/bin/env python3
"""Learns which words govern an event modally, factively or counterfactively from TimeML
subordination links (SLINK): for each governing event word (lower-cased, as written), how
often it governs another event by each relation type. The events layer reads the table
(models/event-status/governors.tsv) to tell "plans to buy" (MODAL: the buying may not
happen) from "failed to buy" (COUNTER_FACTIVE: it did not) and "denied buying"
(NEG_EVIDENTIAL).

usage: python3 models/event-status/governors.py ../shared/data/timeml/TimeBank ../shared/data/timeml/AQUAINT \
           > models/event-status/governors.tsv
"""
import glob, os, re, sys
from collections import Counter, defaultdict

TYPES = ["MODAL", "FACTIVE", "COUNTER_FACTIVE", "NEG_EVIDENTIAL", "CONDITIONAL", "EVIDENTIAL"]
counts = defaultdict(Counter)
for folder in sys.argv[1:]:
    for path in sorted(glob.glob(os.path.join(folder, "*.tml"))):
        raw = open(path, encoding="utf-8").read()
        words = {m.group(1): m.group(2).lower() for m in re.finditer(r'<EVENT[^>]*eid="(\w+)"[^>]*>([^<]*)</EVENT>', raw)}
        inst = {}
        for m in re.finditer(r"<MAKEINSTANCE([^>]*)/?>", raw):
            a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            inst[a.get("eiid")] = a.get("eventID")
        for m in re.finditer(r"<SLINK([^>]*)/?>", raw):
            a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            word = words.get(inst.get(a.get("eventInstanceID")))
            if word and a.get("relType") in TYPES:
                counts[word.strip()][a["relType"]] += 1
print("# word\t" + "\t".join(TYPES))
print("# learned from TimeML SLINKs by models/event-status/governors.py")
for word in sorted(counts):
    if " " in word or not word:
        continue
    print(word + "\t" + "\t".join(str(counts[word][t]) for t in TYPES))
