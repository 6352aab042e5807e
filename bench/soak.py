#!/usr/bin/env python3
"""Soak: `newsgraph serve` under query load while two `ingest`s of the same files run at once.

    python3 bench/soak.py [--minutes 30] [--articles 200000] [--batches 20] [--connections 50]
                          [--interval 30] [--bin PATH] [--keep DIR]

What it does, on loopback only and for a bounded time:
  1. generates ARTICLES fictional articles (`newsgraph generate`) in BATCHES files;
  2. ingests the first file, then starts `serve` on 127.0.0.1 (port chosen by the system);
  3. starts two `ingest` processes over the remaining files in the same order, at once, into
     the same data directory (each file one command, so the two interleave batch by batch);
  4. meanwhile runs wrk with CONNECTIONS connections for INTERVAL seconds at a time over
     search, article, entity and stats requests (paths refreshed from what the store holds),
     and samples the resident memory of `serve` and of each ingest every few seconds;
  5. stops when both ingests are done or MINUTES have passed (then the ingests are stopped
     with SIGTERM and the count check is skipped), and checks that every generated article
     is stored exactly once (`stats`, and an id count through the API).

Prints one line per interval (requests/s, p50, p99, errors, RSS) and a summary; exits 1 when
a request failed, an ingest failed, or the store does not hold each article once.
Needs wrk (Debian package `wrk`; installed when run as root).
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_mib(pid, field="VmRSS"):
    """Resident memory of a process in MiB (`RssAnon`: its heap, without the mapped files
    the page cache could drop), or None once it has exited."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.load(r)


def write_paths(base, path):
    """Request paths for `bench/wrk-cycle.lua`, read from the store as it is now."""
    hits = get(base, "/api/search?limit=100")["hits"]
    words = sorted({w.strip(".,:;'\"").lower() for h in hits for w in (h.get("title") or "").split()
                    if len(w) > 4 and w.isalpha()})
    rng = random.Random(len(hits))
    words = rng.sample(words, min(30, len(words)))
    paths = [f"/api/search?q={urllib.parse.quote(w)}" for w in words]
    paths += [f"/api/articles/{h['id']}" for h in hits[:40]]
    paths += [f"/api/entities/{e['id']}" for e in get(base, "/api/entities?limit=30")["items"]]
    paths += ["/api/stats", "/api/stories?limit=20"]
    rng.shuffle(paths)
    with open(path, "w") as f:
        f.write("".join(p + "\n" for p in paths))
    return len(paths)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--articles", type=int, default=200_000)
    ap.add_argument("--batches", type=int, default=20)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--interval", type=int, default=30, help="seconds per wrk run")
    ap.add_argument("--bin", help="a newsgraph binary (default: build the release one)")
    ap.add_argument("--keep", help="work in this directory and keep it")
    a = ap.parse_args()

    if not shutil.which("wrk"):
        if os.geteuid() == 0:
            subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk",
                           shell=True, check=True, stdout=subprocess.DEVNULL)
        else:
            sys.exit("bench/soak.py needs wrk (Debian package wrk)")
    binary = a.bin
    if not binary:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "newsgraph"], cwd=ROOT, check=True)
        binary = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "newsgraph")
    work = a.keep or tempfile.mkdtemp(prefix="newsgraph-soak-")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, "data")
    deadline = time.monotonic() + a.minutes * 60
    procs = []

    def stop_all():
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()

    try:
        corpus = os.path.join(work, "corpus.jsonl")
        subprocess.run([binary, "generate", "--count", str(a.articles), "--seed", "2026", corpus], check=True)
        with open(corpus) as f:
            lines = f.readlines()
        ids = set()
        files = []
        per = -(-len(lines) // a.batches)
        for b in range(a.batches):
            name = os.path.join(work, f"batch-{b:03}.jsonl")
            with open(name, "w") as f:
                f.writelines(lines[b * per:(b + 1) * per])
            files.append(name)
        os.remove(corpus)
        del lines

        t0 = time.monotonic()
        subprocess.run([binary, "--data", data, "ingest", files[0]], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        print(f"first batch ingested in {time.monotonic() - t0:.0f} s", flush=True)

        log = open(os.path.join(work, "serve.log"), "w")
        serve = subprocess.Popen([binary, "--data", data, "serve", "--addr", "127.0.0.1:0"],
                                 stdout=log, stderr=subprocess.STDOUT)
        procs.append(serve)
        base = None
        for _ in range(300):
            m = re.search(r"http://[0-9.:]+", open(os.path.join(work, "serve.log")).read())
            if m:
                base = m.group(0)
                break
            time.sleep(0.1)
        if not base:
            sys.exit("serve did not start: " + open(os.path.join(work, "serve.log")).read())

        # Two ingests of the same files at once; each file is one command, as a cron job or a
        # follower would run them.
        ingest_logs = []
        ingests = []
        for n in range(2):
            lg = open(os.path.join(work, f"ingest-{n}.log"), "w")
            ingest_logs.append(lg.name)
            script = " && ".join(f"{binary} --data {data} ingest {f}" for f in files[1:]) or "true"
            p = subprocess.Popen(["bash", "-c", f"set -e; {script}"], stdout=lg, stderr=subprocess.STDOUT,
                                 start_new_session=True)
            procs.append(p)
            ingests.append(p)

        memory = []  # (seconds, serve MiB, largest ingest MiB, serve heap MiB)
        running = threading.Event()
        running.set()

        def sample():
            while running.is_set():
                kids = []
                for p in ingests:
                    out = subprocess.run(["pgrep", "-s", str(p.pid), "-x", "newsgraph"], capture_output=True, text=True)
                    kids += [int(x) for x in out.stdout.split()]
                ing = [r for r in (rss_mib(k) for k in kids) if r is not None]
                memory.append((time.monotonic() - t0, rss_mib(serve.pid), max(ing) if ing else None,
                               rss_mib(serve.pid, "RssAnon")))
                time.sleep(3)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        paths_file = os.path.join(work, "paths.txt")
        rows = []
        print(f"{'t s':>6} {'stored':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'non-2xx':>7} "
              f"{'serve MiB':>9} {'heap':>5} {'ingest MiB':>10}", flush=True)
        timed_out = False
        while True:
            if all(p.poll() is not None for p in ingests):
                break
            if time.monotonic() > deadline:
                timed_out = True
                break
            write_paths(base, paths_file)
            out = subprocess.run(["wrk", "-t2", f"-c{a.connections}", f"-d{a.interval}s", "--timeout", "10s",
                                  "-s", os.path.join(ROOT, "bench", "wrk-cycle.lua"), base, "--", paths_file],
                                 capture_output=True, text=True)
            m = re.search(r"^RESULT (.*)$", out.stdout, re.M)
            if not m:
                print(out.stdout, out.stderr)
                rows.append((0, 0, 0, 0, 1, 0))
                continue
            req, rps, p50, p99, errors, status = m.group(1).split()
            stored = get(base, "/api/stats").get("articles")
            mem = memory[-1] if memory else (0, None, None, None)
            rows.append((float(rps), float(p50), float(p99), int(errors), int(status), stored))
            fmt = lambda x: "-" if x is None else f"{x:.0f}"
            print(f"{time.monotonic() - t0:6.0f} {stored:>8} {float(rps):7.0f} {float(p50):8.1f} {float(p99):8.1f} "
                  f"{errors:>6} {status:>7} {fmt(mem[1]):>9} {fmt(mem[3]):>5} {fmt(mem[2]):>10}", flush=True)
        running.clear()
        if timed_out:
            for p in ingests:
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGTERM)
        codes = [p.wait() for p in ingests]
        stats = get(base, "/api/stats")
        serve_mem = [m[1] for m in memory if m[1] is not None]
        print()
        print(f"ingests: exit codes {codes}; {'stopped at the deadline' if timed_out else 'both finished'} "
              f"after {time.monotonic() - t0:.0f} s")
        for n, lg in enumerate(ingest_logs):
            tail = open(lg).read().strip().splitlines()[-2:]
            print(f"  ingest {n}: " + " | ".join(tail))
        total_errors = sum(r[3] + r[4] for r in rows)
        print(f"requests: {len(rows)} intervals of {a.interval} s, errors {total_errors}, "
              f"p99 max {max((r[2] for r in rows), default=0):.1f} ms, "
              f"p99 median {sorted(r[2] for r in rows)[len(rows) // 2] if rows else 0:.1f} ms")
        if serve_mem:
            warm = serve_mem[len(serve_mem) // 4:]
            print(f"serve memory: first {serve_mem[0]:.0f} MiB, after warm-up (first quarter) "
                  f"{min(warm):.0f}-{max(warm):.0f} MiB, last {serve_mem[-1]:.0f} MiB")
        ing_mem = [m[2] for m in memory if m[2] is not None]
        if ing_mem:
            print(f"ingest memory (largest process at each sample): max {max(ing_mem):.0f} MiB")
        ok = total_errors == 0
        if not timed_out:
            ok &= codes == [0, 0]
            expected = a.articles
            held = stats.get("articles")
            print(f"stored articles: {held} (generated {expected}; each must be stored once)")
            ok &= held == expected
        with open(os.path.join(work, "memory.tsv"), "w") as f:
            f.write("seconds\tserve_rss_mib\tingest_rss_mib\tserve_heap_mib\n")
            f.writelines(f"{t:.0f}\t{s}\t{i}\t{h}\n" for t, s, i, h in memory)
        print(f"memory samples: {os.path.join(work, 'memory.tsv')}" if a.keep else "")
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        stop_all()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
