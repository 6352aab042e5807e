#!/usr/bin/env python3
"""Main-text extraction of HTML pages: newsgraph against trafilatura, side by side.

Data: trafilatura's evaluation set (`eval/`, `cache/` and `evaldata.json`, which maps
each page URL to {"file": NAME, "with": [snippets], "without": [snippets], ...}).

Scoring is trafilatura's own (tests/comparison.py, evaluate_result): per page, each
`with` snippet found in the extracted text is a true positive, else a false negative;
each `without` snippet found is a false positive, else a true negative. Totals over all
pages give precision, recall, F1 and accuracy. A page that fails counts as empty text.

Speed is the wall time of extraction only, on one thread: Python trafilatura's
`extract()` calls (pages already in memory); newsgraph's whole `extract` run (process
start, reading, decoding, extraction and newsgraph's annotation of every article);
for `--jsonl` files, the sum of their per-page `secs` fields when they have them.

Usage:
  html_extraction.py --newsgraph target/release/newsgraph
  html_extraction.py --pages /tmp/htmleval --newsgraph PATH --jsonl dom_smoothie=ds.jsonl
  html_extraction.py --pages DIR --skip-python --jsonl NAME=FILE ...

Needs Python 3 and `pip install trafilatura` (with justext 3 also `lxml_html_clean`).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

DEFAULT_TARBALL = "/work/shared/data/html/trafilatura-eval.tar.zst"
CHUNK = 200  # files per newsgraph invocation, well below argument-length limits


# --------------------------------------------------------------------------- data


def unpack(tarball, dest):
    subprocess.run(["tar", "--zstd", "-xf", tarball, "-C", dest], check=True)
    return dest


def find_root(pages_dir):
    """The folder holding evaldata.json (the tarball may nest it one level down)."""
    if os.path.isfile(os.path.join(pages_dir, "evaldata.json")):
        return pages_dir
    for name in sorted(os.listdir(pages_dir)):
        cand = os.path.join(pages_dir, name)
        if os.path.isfile(os.path.join(cand, "evaldata.json")):
            return cand
    sys.exit(f"no evaldata.json under {pages_dir}")


def load_cases(root):
    """[(file_name, abs_path, item)] in evaldata order; like trafilatura's loader, a
    page is looked for in cache/ first, then in eval/."""
    with open(os.path.join(root, "evaldata.json"), encoding="utf-8") as f:
        data = json.load(f)
    cases, missing = [], []
    for _url, item in data.items():
        name = item["file"]
        path = os.path.join(root, "cache", name)
        if not os.path.isfile(path):
            path = os.path.join(root, "eval", name)
        if not os.path.isfile(path):
            missing.append(name)
            continue
        cases.append((name, os.path.abspath(path), item))
    if missing:
        print(f"warning: {len(missing)} pages named in evaldata.json are missing", file=sys.stderr)
    return cases


# ------------------------------------------------------------------------ scoring


def evaluate_result(text, item):
    """trafilatura's evaluate_result: (TP, FN, FP, TN) for one page."""
    text = text or ""
    tp = fn = fp = tn = 0
    for snippet in item["with"]:
        if snippet in text:
            tp += 1
        else:
            fn += 1
    for snippet in item["without"]:
        if snippet in text:
            fp += 1
        else:
            tn += 1
    return tp, fn, fp, tn


def score(cases, texts):
    """texts: {file_name: text}; a page with no entry counts as empty text."""
    tp = fn = fp = tn = 0
    for name, _path, item in cases:
        a, b, c, d = evaluate_result(texts.get(name, ""), item)
        tp, fn, fp, tn = tp + a, fn + b, fp + c, tn + d
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = (tp + tn) / (tp + fn + fp + tn) if tp + fn + fp + tn else 0.0
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "precision": precision,
            "recall": recall, "f1": f1, "accuracy": accuracy}


def texts_by_name(cases, records):
    """Maps {origin, text} records to evaldata file names (by path, else by base name);
    several records for one page are joined."""
    by_path = {os.path.normpath(p): n for n, p, _ in cases}
    names = {n for n, _, _ in cases}
    out = {}
    for origin, text in records:
        name = by_path.get(os.path.normpath(os.path.abspath(origin)))
        if name is None:
            base = os.path.basename(origin)
            name = base if base in names else None
        if name is None:
            continue
        out[name] = (out[name] + "\n" + text) if name in out else (text or "")
    return out


# ------------------------------------------------------------------------ systems


def run_python_trafilatura(cases):
    import trafilatura

    pages = [(name, open(path, "rb").read()) for name, path, _ in cases]
    texts, failed = {}, 0
    start = time.perf_counter()
    for name, html in pages:
        try:
            # Raw bytes: trafilatura detects the encoding itself (some pages are not UTF-8).
            text = trafilatura.extract(html)
        except Exception as e:  # noqa: BLE001 - a failing page counts as empty text
            print(f"failed: {name}: {e}", file=sys.stderr)
            text = None
        if text is None:
            failed += 1
        texts[name] = text or ""
    secs = time.perf_counter() - start
    return texts, secs, failed, f"trafilatura {trafilatura.__version__}"


def run_newsgraph(binary, cases, save=None):
    paths = [p for _, p, _ in cases]
    records, failed = [], 0
    start = time.perf_counter()
    for i in range(0, len(paths), CHUNK):
        proc = subprocess.run(
            [binary, "extract", "--format", "html", "--json", *paths[i:i + CHUNK]],
            capture_output=True, text=True, env={**os.environ, "RAYON_NUM_THREADS": "1"},
        )
        for line in proc.stdout.splitlines():
            line = line.strip()
            if line:
                obj = json.loads(line)
                records.append((obj.get("origin") or "", obj.get("text") or ""))
        for line in proc.stderr.splitlines():
            if line.startswith("failed: "):
                failed += 1
        if proc.returncode not in (0, 1):
            print(f"newsgraph exited {proc.returncode}: {proc.stderr[-500:]}", file=sys.stderr)
    secs = time.perf_counter() - start
    if save:
        with open(save, "w", encoding="utf-8") as f:
            for origin, text in records:
                f.write(json.dumps({"origin": origin, "text": text}, ensure_ascii=False) + "\n")
    return texts_by_name(cases, records), secs, failed


def load_jsonl(path, cases):
    """A JSONL of {origin, text[, ok][, secs]}: texts, summed secs (or None), failures."""
    records, secs, failed, timed = [], 0.0, 0, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            records.append((obj.get("origin") or "", obj.get("text") or ""))
            if "secs" in obj:
                secs += float(obj["secs"])
                timed = True
            if obj.get("ok") is False:
                failed += 1
    return texts_by_name(cases, records), (secs if timed else None), failed


# ------------------------------------------------------------------------- report


def table(rows, base_rate):
    head = ["system", "precision", "recall", "F1", "accuracy", "pages", "failed",
            "seconds", "pages/s", "speed vs python"]
    lines = []
    for r in rows:
        s = r["score"]
        rate = r["pages"] / r["secs"] if r["secs"] else None
        ratio = (rate / base_rate) if (rate and base_rate) else None
        lines.append([
            r["system"], f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
            f"{s['accuracy']:.3f}", str(r["pages"]), str(r["failed"]),
            f"{r['secs']:.1f}" if r["secs"] is not None else "-",
            f"{rate:.1f}" if rate else "-",
            f"{ratio:.2f}x" if ratio else "-",
        ])
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
    fmt = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                  for i, (c, w) in enumerate(zip(cells, widths)))
    out = [fmt(head), fmt(["-" * w for w in widths])]
    out += [fmt(l) for l in lines]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tarball", default=DEFAULT_TARBALL, help="evaluation tarball (.tar.zst)")
    ap.add_argument("--pages", help="already unpacked evaluation folder (skips the tarball)")
    ap.add_argument("--newsgraph", help="newsgraph binary to run (`extract --format html --json`)")
    ap.add_argument("--jsonl", action="append", default=[], metavar="SYSTEM=FILE",
                    help="also score an existing JSONL of {origin, text[, secs]} (repeatable)")
    ap.add_argument("--skip-python", action="store_true", help="do not run Python trafilatura")
    ap.add_argument("--save-dir", help="write each run system's {origin, text} JSONL here")
    ap.add_argument("--json-out", help="write the results as JSON to this file")
    ap.add_argument("--limit", type=int, help="only the first N pages (for a quick try)")
    args = ap.parse_args()

    tmp = None
    if args.pages:
        root = find_root(args.pages)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="htmleval-")
        t0 = time.perf_counter()
        root = find_root(unpack(args.tarball, tmp.name))
        print(f"unpacked {args.tarball} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    cases = load_cases(root)
    if args.limit:
        cases = cases[:args.limit]
    n = len(cases)
    n_with = sum(len(i["with"]) for _, _, i in cases)
    n_without = sum(len(i["without"]) for _, _, i in cases)
    print(f"{n} pages, {n_with} 'with' and {n_without} 'without' snippets", file=sys.stderr)
    if args.save_dir:
        os.makedirs(args.save_dir, exist_ok=True)

    rows, notes, base_rate = [], [], None
    if not args.skip_python:
        texts, secs, failed, label = run_python_trafilatura(cases)
        rows.append({"system": f"python {label}", "score": score(cases, texts), "pages": n,
                     "failed": failed, "secs": secs})
        base_rate = n / secs
        if args.save_dir:
            with open(os.path.join(args.save_dir, "python-trafilatura.jsonl"), "w", encoding="utf-8") as f:
                for name, path, _ in cases:
                    f.write(json.dumps({"origin": path, "text": texts.get(name, "")}, ensure_ascii=False) + "\n")
    if args.newsgraph:
        debug = f"{os.sep}debug{os.sep}" in os.path.abspath(args.newsgraph)
        label = "newsgraph (debug build)" if debug else "newsgraph"
        if debug:
            notes.append("newsgraph is a debug build: its speed is not representative of a release build.")
        notes.append("newsgraph's time is its whole `extract` run, annotation of each article included.")
        save = os.path.join(args.save_dir, "newsgraph.jsonl") if args.save_dir else None
        texts, secs, failed = run_newsgraph(args.newsgraph, cases, save)
        rows.append({"system": label, "score": score(cases, texts), "pages": n, "failed": failed, "secs": secs})
    for spec in args.jsonl:
        name, _, path = spec.partition("=")
        if not path:
            sys.exit(f"--jsonl wants SYSTEM=FILE, got {spec!r}")
        texts, secs, failed = load_jsonl(path, cases)
        rows.append({"system": name, "score": score(cases, texts), "pages": n, "failed": failed, "secs": secs})

    print(table(rows, base_rate))
    for note in notes:
        print(f"note: {note}")
    print("note: scores are trafilatura's evaluate_result; a failed page counts as empty text.")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
