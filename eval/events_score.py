#!/usr/bin/env python3
"""Independent scorer for events: gold paragraphs (eval/events-dev.json) against system
documents, one JSON per line, each with "origin" set to the paragraph id (what
`newsgraph eval events FILE --out SYSTEM.jsonl` writes).

usage: events_score.py GOLD.json SYSTEM.jsonl

Matching (the same rules as `newsgraph eval events`, written separately): same type, and the
participant names correspond one to one, compared lower-case without honorifics or a leading
"the", one name's words a contiguous run of the other's. Greedy in gold order.

The sets annotate only events with a named participant (guideline 1): system participants
without an entity (descriptions such as "police") are left out, and so are system events
with no named participant left.
"""
import json, sys

HONORIFICS = {"the", "mr", "mrs", "ms", "dr", "sir"}

def words(name):
    w = [x.rstrip(".") for x in name.lower().replace("\u2019", "'").replace(",", " ").split()]
    while w and w[0] in HONORIFICS:
        w = w[1:]
    return w

def same(a, b):
    a, b = words(a), words(b)
    s, l = (a, b) if len(a) <= len(b) else (b, a)
    return bool(s) and any(l[i:i + len(s)] == s for i in range(len(l) - len(s) + 1))

def participants_match(g, s):
    if len(g["participants"]) != len(s["participants"]):
        return False
    used = [False] * len(s["participants"])
    for gp in g["participants"]:
        for i, sp in enumerate(s["participants"]):
            if not used[i] and same(gp["name"], sp["name"]):
                used[i] = True
                break
        else:
            return False
    return True

def main():
    gold = json.load(open(sys.argv[1]))
    system = {}
    for line in open(sys.argv[2]):
        if line.strip():
            d = json.loads(line)
            for e in d.get("events", []):
                e["participants"] = [p for p in e.get("participants", []) if p.get("entity")]
            d["events"] = [e for e in d.get("events", []) if e["participants"]]
            system[d.get("origin")] = d
    n_gold = n_sys = matched = status_ok = dated = date_ok = 0
    for p in gold:
        evs = system.get(p["id"], {}).get("events", [])
        n_gold += len(p["events"])
        n_sys += len(evs)
        used = [False] * len(evs)
        for g in p["events"]:
            for i, s in enumerate(evs):
                if not used[i] and s["type"] == g["type"] and participants_match(g, s):
                    used[i] = True
                    matched += 1
                    status_ok += s["status"] == g["status"]
                    if g.get("date"):
                        dated += 1
                        date_ok += s.get("date") == g["date"]
                    break
    pr = matched / n_sys if n_sys else 0.0
    rc = matched / n_gold if n_gold else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    print(f"gold {n_gold} system {n_sys} matched {matched}")
    print(f"type+participants P {pr:.3f} R {rc:.3f} F1 {f1:.3f}")
    print(f"status accuracy {status_ok / matched if matched else 0:.3f}")
    print(f"date accuracy {date_ok / dated if dated else 0:.3f}")

if __name__ == "__main__":
    main()
