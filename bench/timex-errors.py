#!/usr/bin/env python3
"""Sorts the value errors that `newsgraph eval timex DIR --verbose` lists into kinds, to see
which are the system's and which are the gold's own conventions or slips.

    newsgraph eval timex ../shared/data/timeml/AQUAINT --verbose | python3 bench/timex-errors.py
"""
import datetime
import re
import sys
from collections import Counter

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
LINE = re.compile(r'^(\S+): gold "(.*?)" (\w+) (\S+)\s+\| system "(.*?)" (\w+) (\S+)$')


def day(v):
    try:
        return datetime.date.fromisoformat(v[:10])
    except ValueError:
        return None


def kind(gtext, gval, sval):
    if gval == sval:
        return "same value (extent or type only)"
    named = [i for i, w in enumerate(WEEKDAYS) if w in gtext.lower()]
    g, s = day(gval), day(sval)
    if named and g and g.weekday() != named[0]:
        return "gold date is not the weekday it names"
    if named and g and s and abs((g - s).days) == 7:
        return "weekday: the other direction (tense)"
    if g and s and g == s and sval.startswith(gval[:10]) and "T" in sval and "T" not in gval:
        return "part of day: gold leaves it out"
    if "X" in gval and "X" not in sval:
        return "gold underspecified (X)"
    if gval[:4].isdigit() and sval[:4].isdigit() and gval[:4] == sval[:4] and gval != sval:
        if ("W" in sval) != ("W" in gval) or len(gval) != len(sval) or ("Q" in gval) != ("Q" in sval):
            return "same year, other granularity"
    if gval.startswith("P") != sval.startswith("P"):
        return "duration against date"
    return "other"


def main():
    kinds = Counter()
    examples = {}
    for line in sys.stdin:
        m = LINE.match(line.strip())
        if not m:
            continue
        _, gtext, _, gval, stext, _, sval = m.groups()
        k = kind(gtext, gval, sval)
        kinds[k] += 1
        examples.setdefault(k, []).append(f'"{gtext}" {gval} / "{stext}" {sval}')
    for k, n in kinds.most_common():
        print(f"{n:4d}  {k}")
        for e in examples[k][:4]:
            print(f"        {e}")


if __name__ == "__main__":
    main()
