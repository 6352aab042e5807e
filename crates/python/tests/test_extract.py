"""`extract`, `extract_many` and `read`: the JSON contract of docs/json.md from Python."""

import importlib.util
import json
import subprocess

import pytest

import newsgraph
from conftest import ROOT

TOP_LEVEL = [
    "id", "url", "source", "dateline_place", "published", "title", "authors", "language",
    "related_stories", "reader", "duplicate_of", "story", "origin", "text",
    "paragraphs", "sentences", "entities", "quotes", "time_expressions", "events",
]


def spans(doc):
    """Every span of every layer: sentences and paragraphs, mentions, quote parts, triggers."""
    yield from doc["paragraphs"]
    yield from doc["sentences"]
    for e in doc["entities"]:
        yield from e["mentions"]
    for q in doc["quotes"]:
        yield q["content"]
        if q.get("cue"):
            yield q["cue"]
    yield from doc["time_expressions"]
    for ev in doc["events"]:
        yield ev["trigger"]


def name_key(s):
    """`name_key` of the independent scorer: lower case, spaces collapsed, leading honorific dropped."""
    words = (s or "").lower().replace("\u2019", "'").split()
    while words and words[0] in {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam"}:
        words = words[1:]
    return " ".join(words)


def names_of(e):
    return {name_key(e["name"])} | {name_key(a) for a in e.get("aliases", [])} | {
        name_key(m["text"]) for m in e["mentions"] if not m.get("pronoun")
    }


@pytest.fixture(scope="module")
def seed(shared):
    """The seed article through `extract`, and what it must contain."""
    text = (shared / "seed" / "000_f5e73e40193edf61.txt").read_text(encoding="utf-8")
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    return newsgraph.extract(text), expected


def test_seed_article_metadata_and_body(seed):
    """Mirrors crates/cli/tests/extract.rs `seed_article_metadata_and_body`."""
    doc, _ = seed
    assert set(TOP_LEVEL) <= set(doc)
    assert (doc["published"], doc["dateline_place"], doc["source"]) == ("2018-04-21", "TOKYO", "BLOOMBERG")
    assert doc["reader"] == "newswire"
    assert doc["related_stories"] == [
        "Japan finance minister suspects US wants bilateral FTA",
        "Japan to propose new framework to discuss trade with US: Nikkei",
        "Japan warns G-20 that protectionism will hurt financial markets",
    ]
    for absent in ["Related Story", "date 2018-04-21", "(BLOOMBERG)", "TOKYO"]:
        assert absent not in doc["text"]
    assert doc["text"].startswith("Japanese Finance Minister Taro Aso won't have an easy homecoming.")
    for s in spans(doc):
        assert doc["text"][s["start"]:s["end"]] == s["text"]


def test_extract_is_the_cli_extract(seed, shared, cli, tmp_path):
    """The same document, key for key, as `newsgraph extract --json` prints for the same text
    (but for `origin`: a path there, `<text>` here)."""
    doc, _ = seed
    note = tmp_path / "note.txt"
    note.write_text("Ferry fares rise\n\nThe ferry company in Ålesund raised fares on Monday.\n", encoding="utf-8")
    for path, ours in [
        (shared / "seed" / "000_f5e73e40193edf61.txt", doc),
        (note, newsgraph.extract(note.read_text(encoding="utf-8"), date="2026-03-02")),
    ]:
        args = [cli, "extract", str(path), "--json"] + (["--date", "2026-03-02"] if path == note else [])
        theirs = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
        assert (theirs.pop("origin"), ours["origin"]) == (str(path), "<text>")
        assert {k: v for k, v in ours.items() if k != "origin"} == theirs


def test_seed_entities_match_the_expected_extraction(seed):
    """Mirrors `seed_entities_match_the_expected_extraction`."""
    doc, expected = seed

    def find(name, types):
        return next((e for e in doc["entities"] if e["type"] in types and name_key(name) in names_of(e)), None)

    for p in expected["people"]:
        e = find(p["name"], ["PER"])
        assert e is not None, f"person {p['name']}"
        assert name_key(e["name"]) == name_key(p["name"])
        for alias in p["aliases"]:
            assert name_key(alias) in names_of(e), f"alias {alias} of {p['name']}"
        for role in p["roles"]:
            title = role["title"].lower()
            assert any(
                all(w in (r.get("title") or "").lower() for w in title.split())
                and ("of" not in role or role["of"].lower() in ((r.get("of") or "") + (r.get("title") or "")).lower())
                for r in e["roles"]
            ), f"role {role} of {p['name']}: {e['roles']}"
    for o in expected["organizations"]:
        assert find(o, ["ORG", "MISC"]), f"organisation {o}"
    for p in expected["places"]:
        assert find(p, ["LOC"]), f"place {p}"
    for o in expected["other_entities"]:
        e = find(o["name"], ["ORG", "MISC", "LOC"])
        assert e is not None, o
        for alias in o["aliases"]:
            assert name_key(alias) in names_of(e), f"alias {alias}"
    # "he" in "he said he's not considering stepping down" is Mr Aso: a code-point offset.
    aso = find("Taro Aso", ["PER"])
    he = doc["text"].index("he said he's")
    assert any(m.get("pronoun") and m["start"] == he for m in aso["mentions"]), "pronoun he -> Taro Aso"


def test_seed_events_match_the_expected_extraction(seed):
    """Mirrors `seed_events_match_the_expected_extraction`."""
    doc, expected = seed
    events = doc["events"]
    for ev in expected["events"]:
        assert any(
            se["type"] == ev["type"]
            and all(name_key(p) in {name_key(x.get("name")) for x in se["participants"]} for p in ev["participants"])
            and ("date" not in ev or (se.get("date") or "").startswith(ev["date"]))
            and ("status" not in ev or se["status"] == ev["status"])
            and ("place" not in ev or se.get("place") == ev["place"])
            for se in events
        ), f"event {ev}"
    statuses = {e["status"] for e in events if e["type"] == "resign"}
    assert {"hypothetical", "negated"} <= statuses


def test_seed_scores_full_with_the_independent_scorer(seed, shared):
    """../shared/tools/seed_score.py finds every expected item, as it does on `extract --json`."""
    spec = importlib.util.spec_from_file_location("seed_score", shared / "tools" / "seed_score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    doc, expected = seed
    scores = scorer.check(expected, doc)
    assert all(found == total for found, total in scores.values()), scores


def test_spans_are_code_points_in_python():
    text = "Ålesund, Norway — Mayor Åse Lindqvist said on Monday that the ferry to Tromsø would run again. 😀 She was pleased."
    doc = newsgraph.extract(text, date="2026-03-02")
    assert doc["text"] == text and doc["reader"] == "text"
    assert doc["published"] == "2026-03-02"
    assert doc["sentences"] and doc["entities"]
    for s in spans(doc):
        assert text[s["start"]:s["end"]] == s["text"]
    monday = [t for t in doc["time_expressions"] if t["text"] == "Monday"]
    assert monday and monday[0]["value"] == "2026-03-02"


def test_given_values_replace_the_read_ones():
    doc = newsgraph.extract(
        "Ferry fares rise in Oslo.", date="2026-03-02", url="https://example.org/a", title="Fares", source="Northstar"
    )
    assert (doc["url"], doc["title"], doc["source"], doc["published"]) == (
        "https://example.org/a", "Fares", "Northstar", "2026-03-02"
    )
    # The id covers title and body, as for any reader.
    assert doc["id"] != newsgraph.extract("Ferry fares rise in Oslo.")["id"]


TEXTS = [
    "Finance Minister Amara Osei said on Monday that Ghana would cut fuel duties.",
    " date 2026-03-02 ACCRA (NORTHSTAR) - Osei spoke in Accra. \"We will not wait,\" he said.",
    "Prime Minister Hana Sato met President Oskar Lind in Tokyo on Friday.",
    "Police arrested 14 villagers after the blast, officials said.",
] * 5


def test_extract_many_equals_extract_one_by_one():
    one_by_one = [newsgraph.extract(t) for t in TEXTS]
    assert list(newsgraph.extract_many(TEXTS)) == one_by_one
    # Streaming from a generator, in small batches, on one thread or two: the same documents.
    assert list(newsgraph.extract_many((t for t in TEXTS), threads=1, batch_size=3)) == one_by_one
    assert list(newsgraph.extract_many(iter(TEXTS), threads=2, batch_size=7)) == one_by_one


def test_extract_many_takes_dicts_and_read_documents(tmp_path):
    item = {"text": TEXTS[0], "date": "2026-03-02", "source": "Northstar"}
    [doc] = newsgraph.extract_many([item])
    assert doc == newsgraph.extract(TEXTS[0], date="2026-03-02", source="Northstar")
    read = list(newsgraph.read(ROOT / "examples" / "newswire"))
    annotated = list(newsgraph.extract_many(read))
    assert [d["id"] for d in annotated] == [d["id"] for d in read]
    assert all(d["sentences"] for d in annotated)
    assert any(d["entities"] for d in annotated)


def test_read_yields_every_example_format():
    docs = list(newsgraph.read(ROOT / "examples"))
    assert len(docs) >= 30
    assert {"newswire", "text", "jsonl", "html", "feed"} <= {d["reader"] for d in docs}
    assert any("crawl.warc.gz#record" in d["origin"] for d in docs)
    assert all(d["sentences"] == [] and d["text"].strip() for d in docs), "read does not annotate"


def test_read_stops_early_without_reading_on(tmp_path):
    reading = newsgraph.read(ROOT / "examples")
    first = next(reading)
    assert first["text"]
    del reading  # the reading thread stops on its own


def test_read_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("A ferry strike ended in Oslo.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\x03binary")
    with pytest.warns(newsgraph.ReadWarning, match="b.txt"):
        docs = list(newsgraph.read(tmp_path))
    assert [d["text"] for d in docs] == ["A ferry strike ended in Oslo."]
    with pytest.raises(FileNotFoundError):
        newsgraph.read(tmp_path / "missing")
