#!/usr/bin/env python3
"""Writes `crates/server/assets/world.path`: the outline of every country as one SVG path
in an equirectangular projection in half degrees (x = 2 (longitude + 180), y = 2 (90 -
latitude), so the world is 720 x 360 units), coordinates rounded to whole units and repeated points dropped (about
50 km at the equator: enough for a map a page wide). The map pages draw places on it (`pages/map.rs`).

Source: Natural Earth 1:110m admin-0 countries (public domain, https://www.naturalearthdata.com)
as the PyPI package geopandas 0.14.4 bundles it (`naturalearth_lowres`); read with pyshp (MIT).

Usage: python3 world.py [OUT]   (needs `pip download` and `pip install pyshp`)
"""
import io, os, subprocess, sys, tempfile, zipfile

import shapefile  # pyshp

HERE = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "crates", "server", "assets", "world.path")
tmp = tempfile.mkdtemp()
subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "geopandas==0.14.4"], check=True)
wheel = zipfile.ZipFile(os.path.join(tmp, next(f for f in os.listdir(tmp) if f.startswith("geopandas"))))
base = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
reader = shapefile.Reader(shp=io.BytesIO(wheel.read(base + ".shp")), shx=io.BytesIO(wheel.read(base + ".shx")),
                          dbf=io.BytesIO(wheel.read(base + ".dbf")))
parts_out = []
for shape in reader.shapes():
    starts = list(shape.parts) + [len(shape.points)]
    for a, b in zip(starts, starts[1:]):
        ring, last = [], None
        for lon, lat in shape.points[a:b]:
            p = (round((lon + 180) * 2), round((90 - lat) * 2))
            if p != last:
                ring.append(p)
                last = p
        if len(ring) >= 4:  # smaller islands vanish at this scale
            parts_out.append("M" + " ".join(f"{x} {y}" for x, y in ring) + "Z")
with open(out, "w") as f:
    f.write("".join(parts_out))
print(f"{out}: {len(parts_out)} rings, {os.path.getsize(out)} bytes")
