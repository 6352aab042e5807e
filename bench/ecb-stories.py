#!/usr/bin/env python3
"""Story clustering on real news: ECB+ documents grouped by the event they report.

Converts ../shared/data/stories/ecbplus-traindev.jsonl into the collection format of
`newsgraph eval stories` (each document its own duplicate group, its ECB+ event cluster as
the story, no people, one publication day for all: ECB+ has no dates) and scores newsgraph's
stories pairwise (its duplicate and entity lines mean nothing here: ECB+ marks neither). A check beside the generated collections, whose stories are written by
`newsgraph generate`: thresholds tuned on one must not fall apart on the other.

Usage: python3 bench/ecb-stories.py [--ecb FILE] [--bin PATH]
"""
import argparse, json, os, subprocess, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--ecb", default=os.path.join(root, "..", "shared", "data", "stories", "ecbplus-traindev.jsonl"))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
ap.add_argument("--bin", default=os.path.join(target, "release", "newsgraph"))
args = ap.parse_args()

with tempfile.TemporaryDirectory() as tmp:
    collection = os.path.join(tmp, "ecb.jsonl")
    with open(args.ecb, encoding="utf-8") as src, open(collection, "w", encoding="utf-8") as out:
        for line in src:
            r = json.loads(line)
            out.write(json.dumps({
                "published": "2026-01-05", "source": "ECB+", "title": r.get("title"), "text": r["text"],
                "url": f"https://ecbplus.example.test/{r['id']}",
                "truth": {"duplicate_group": f"D{r['id']}", "people": {}, "story": r["cluster"]},
            }) + "\n")
    run = subprocess.run([args.bin, "--data", os.path.join(tmp, "data"), "eval", "stories", collection],
                         capture_output=True, text=True, check=True)
    print(run.stdout, end="")
