#!/usr/bin/env python3
"""Story clustering measured the way its settings are chosen: B-cubed F1 over five folds of
ECB+ training topics (fold f = the f-th of every five topics, each fold clustered on its own),
then, for reporting only, ECB+ dev, NewsWCL50, MEANTIME and three generated collections
(pairwise F1, the regression floor of 0.90). Each line gives stories, then threads (stories
that continue one another) scored against the same gold clusters.

Stories are clustered online, so the order articles arrive in matters where dates do not
decide it (ECB+ has no dates; NewsWCL50's five outlets report each event the same day), and
the sets' files list each event's articles together, the kindest order there is. With
`--orders N` the folds, ECB+ dev and NewsWCL50 are also clustered in N shuffled orders
(seeds 1…N) and reported as mean ± sd over them: a setting should win there, not only in the
file's order.

    python3 bench/stories-cv.py [NEWSGRAPH_BINARY] [--orders N]

Needs ../shared/data/stories/ecbplus-traindev.jsonl and ../shared/data/stories-ood/newswcl50.jsonl
(research-only texts: the folds are written to a temporary directory, never to the repository).
"""
import argparse, json, os, random, re, statistics, subprocess, tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
ECB = os.path.join(SHARED, "stories", "ecbplus-traindev.jsonl")
WCL = os.path.join(SHARED, "stories-ood", "newswcl50.jsonl")
MEANTIME = os.path.join(SHARED, "stories-ood", "meantime.jsonl")
_cli = argparse.ArgumentParser(description="Story clustering: ECB+ topic folds, dev and out-of-domain sets.")
_cli.add_argument("binary", nargs="?", default=os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "newsgraph"))
_cli.add_argument("--orders", type=int, default=0, help="also cluster in this many shuffled arrival orders")
_ARGS = _cli.parse_args()
BIN, ORDERS = _ARGS.binary, _ARGS.orders
LINE = re.compile(r"^(stories|threads) .*pairwise P ([\d.]+) R ([\d.]+) F1 ([\d.]+) \| B-cubed P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", re.M)


def score(args):
    out = subprocess.run([BIN, "eval", "stories", *args], capture_output=True, text=True, check=True).stdout
    return {m.group(1): [float(x) for x in m.groups()[1:]] for m in LINE.finditer(out)}


def main():
    records = [json.loads(l) for l in open(ECB, encoding="utf-8") if l.strip()]
    train = [r for r in records if r["split"] == "train"]
    topics = sorted({r["topic"] for r in train})
    tmp = tempfile.mkdtemp()
    jobs = {}
    for f in range(5):
        held = {t for i, t in enumerate(topics) if i % 5 == f}
        path = os.path.join(tmp, f"fold{f}.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for r in train:
                if r["topic"] in held:
                    out.write(json.dumps(r) + "\n")
        jobs[f"fold {f}"] = [path]
    jobs["ECB+ dev"] = [ECB, "--split", "dev"]
    jobs["NewsWCL50"] = [WCL]
    dev = [r for r in records if r["split"] == "dev"]
    wcl = [json.loads(l) for l in open(WCL, encoding="utf-8") if l.strip()]
    for seed in range(1, ORDERS + 1):
        shuffled = {f"fold {f}": [r for i, t in enumerate(topics) if i % 5 == f for r in train if r["topic"] == t]
                    for f in range(5)}
        shuffled["ECB+ dev"] = dev
        shuffled["NewsWCL50"] = wcl
        for name, rows in shuffled.items():
            rows = rows[:]
            random.Random(seed).shuffle(rows)
            path = os.path.join(tmp, f"{name.replace(' ', '_')}-order{seed}.jsonl")
            with open(path, "w", encoding="utf-8") as out:
                out.writelines(json.dumps(r) + "\n" for r in rows)
            jobs[f"{name} order {seed}"] = [path]
    jobs["MEANTIME"] = [MEANTIME]
    for seed in (1, 2, 3):
        path = os.path.join(tmp, f"generated{seed}.jsonl")
        subprocess.run([BIN, "generate", "--stories", "100", "--seed", str(seed), path], capture_output=True, check=True)
        jobs[f"generated {seed}"] = [path]
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(jobs, pool.map(score, jobs.values())))
    for level in ("stories", "threads"):
        folds = [results[f"fold {f}"][level][5] for f in range(5)]
        print(f"{level}: ECB+ train, 5 topic folds: B-cubed F1 {statistics.mean(folds):.3f} ± {statistics.pstdev(folds):.3f} "
              f"({' '.join(f'{x:.3f}' for x in folds)})")
        for name in ("ECB+ dev", "NewsWCL50", "MEANTIME"):
            p, r, f1 = results[name][level][3:]
            print(f"{level}: {name}: B-cubed P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        for seed in (1, 2, 3):
            p, r, f1 = results[f"generated {seed}"][level][:3]
            print(f"{level}: generated {seed}: pairwise P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        if ORDERS:
            cv = [statistics.mean(results[f"fold {f} order {o}"][level][5] for f in range(5)) for o in range(1, ORDERS + 1)]
            print(f"{level}: ECB+ train, 5 topic folds, {ORDERS} shuffled orders: B-cubed F1 "
                  f"{statistics.mean(cv):.3f} ± {statistics.pstdev(cv):.3f} over orders ({' '.join(f'{x:.3f}' for x in cv)})")
            for name in ("ECB+ dev", "NewsWCL50"):
                f1s = [results[f"{name} order {o}"][level][5] for o in range(1, ORDERS + 1)]
                print(f"{level}: {name}, {ORDERS} shuffled orders: B-cubed F1 {statistics.mean(f1s):.3f} ± "
                      f"{statistics.pstdev(f1s):.3f} ({' '.join(f'{x:.3f}' for x in f1s)})")

if __name__ == "__main__":
    main()
