"""A knowledge base built from examples/: the queries answer in the CLI's JSON shapes, and
tables have the rows `newsgraph export` writes."""

import json

import pytest

import newsgraph
from conftest import ROOT, run_cli


def test_ingest_reports_and_is_idempotent(examples_kb):
    kb, _, report = examples_kb
    assert report["new"] >= 30 and report["failed"] == 0, report
    assert {"new", "versions", "duplicate", "failed", "skipped", "failures", "warnings", "files", "links"} <= set(report)
    again = kb.ingest(ROOT / "examples")
    assert (again["new"], again["duplicate"]) == (0, report["new"])


def test_search(examples_kb, cli):
    kb, data, _ = examples_kb
    results = kb.search("ferry")
    assert results["total"] > 0
    hit = results["hits"][0]
    assert {"id", "score", "title", "source", "published", "snippet", "highlights"} <= set(hit)
    assert results == json.loads(run_cli(cli, data, "search", "ferry", "--json").stdout)
    everything = kb.search("*", limit=5)
    assert len(everything["hits"]) == 5 and everything["total"] >= 30
    source = hit["source"]
    if source:
        assert all(h["source"].lower() == source.lower() for h in kb.search("*", source=source, limit=100)["hits"])


def test_timeline(examples_kb, cli):
    kb, data, _ = examples_kb
    timeline = kb.timeline("ferry")
    assert timeline == json.loads(run_cli(cli, data, "timeline", "ferry", "--json").stdout)
    everything = kb.timeline("", by="hour")
    assert everything == json.loads(run_cli(cli, data, "timeline", "", "--by", "hour", "--json").stdout)
    with pytest.raises(newsgraph.BadParameter):
        kb.timeline("ferry", by="fortnight")


def test_article(examples_kb):
    kb, _, _ = examples_kb
    hit = kb.search("*", limit=1)["hits"][0]
    doc = kb.article(hit["id"])
    assert doc["id"] == hit["id"] and doc["story"]
    assert kb.article(hit["id"][:10])["id"] == hit["id"]
    for s in doc["sentences"]:
        assert doc["text"][s["start"]:s["end"]] == s["text"]


def test_entity_and_network(examples_kb, cli):
    kb, data, _ = examples_kb
    people = [e for e in kb.table("entities", arrow=True).to_pylist() if e["type"] == "PER"]
    busiest = max(people, key=lambda e: e["articles"])
    profile = kb.entity(busiest["name"])
    assert profile["id"] == busiest["id"] and profile["articles"] == busiest["articles"]
    assert {"aliases", "roles", "mentions_by_day", "quotes", "events", "cooccurring"} <= set(profile)
    assert profile == json.loads(run_cli(cli, data, "entity", busiest["name"], "--json").stdout)
    assert kb.entity(busiest["id"])["id"] == busiest["id"]
    network = kb.network(busiest["id"])
    assert all({"id", "name", "relation", "weight"} <= set(edge) for edge in network)


def test_stories(examples_kb, cli):
    kb, data, _ = examples_kb
    stories = kb.stories(limit=100)
    assert stories and all(s["articles"] for s in stories)
    assert stories == json.loads(run_cli(cli, data, "stories", "--limit", "100", "--json").stdout)
    assert kb.story(stories[0]["id"]) == stories[0]
    assert kb.search("*", story=stories[0]["id"], limit=100)["total"] == len(stories[0]["articles"])


def test_threads(tmp_path, cli):
    """A breach, its fine three weeks later (one thread of two stories) and the same bank's
    stadium deal (no thread)."""
    def article(title, text, day):
        return json.dumps({"title": title, "text": text, "published": day, "source": "Fjord Post",
                           "url": f"https://fjord-post.example.test/{day}"})
    lines = [
        article("Halvorsen Bank breach exposes customer records",
                "Hackers broke into Halvorsen Bank and copied the records of two million customers, the bank "
                "said on Monday. The breach went unnoticed for a month. Chief executive Ingrid Solberg said "
                "passwords were not taken.", "2026-03-02"),
        article("Halvorsen Bank breach: customers told to watch their accounts",
                "Halvorsen Bank asked customers to watch their accounts after the breach of its records by "
                "hackers. Ingrid Solberg said the breach was the largest at a Nordic lender.", "2026-03-03"),
        article("Regulators fine Halvorsen Bank over breach of customer records",
                "Regulators fined Halvorsen Bank 40 million euros over the breach of customer records, saying "
                "the bank ignored warnings about its systems before hackers struck. Ingrid Solberg said the "
                "bank would not appeal.", "2026-03-24"),
        article("Halvorsen Bank names new football stadium in Bergen",
                "Halvorsen Bank will sponsor the new football stadium in Bergen, the club said. The stadium "
                "opens in August and the football season starts with a derby. Ingrid Solberg will attend the "
                "opening match.", "2026-04-06"),
    ]
    corpus = tmp_path / "breach.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    with newsgraph.open(data) as kb:
        kb.ingest([corpus])
        threads = kb.threads()
        assert [(t["stories_count"], t["articles"]) for t in threads] == [(2, 3)]
        assert threads == json.loads(run_cli(cli, data, "threads", "--json").stdout)
        assert kb.threads(from_="2026-03-25") == []
        one = kb.thread(threads[0]["id"])
        assert one == json.loads(run_cli(cli, data, "thread", threads[0]["id"], "--json").stdout)
        assert [s["title"] for s in one["stories"]][1].startswith("Regulators fine")
        found = kb.search("*", thread=threads[0]["id"], limit=10)
        assert found["total"] == 3 and not any("stadium" in h["title"] for h in found["hits"])
        assert kb.timeline("*", thread=threads[0]["id"])["total"] == 3
        assert kb.search("*", thread="Tnonexistent")["total"] == 0
        with pytest.raises(newsgraph.NotFound):
            kb.thread("Tnonexistent")


def test_quotes_and_events(examples_kb, cli):
    kb, data, _ = examples_kb
    quotes = kb.quotes(limit=50)
    assert quotes and quotes == json.loads(run_cli(cli, data, "quotes", "--limit", "50", "--json").stdout)
    events = kb.events(limit=50)
    assert events and events == json.loads(run_cli(cli, data, "events", "--limit", "50", "--json").stdout)
    kind = events[0]["type"]
    assert all(e["type"] == kind for e in kb.events(type=kind, limit=100))


def test_tables_have_the_rows_the_cli_exports(examples_kb, cli, tmp_path):
    kb, data, _ = examples_kb
    for name in newsgraph.TABLES:
        out = tmp_path / f"{name}.jsonl"
        run_cli(cli, data, "export", "--table", name, "--format", "jsonl", str(out))
        exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        table = kb.table(name, arrow=True)
        assert table.to_pylist() == exported, name
    events = kb.table("events")
    assert type(events).__name__ == "DataFrame"
    assert len(events) > 0 and list(events.columns)[:3] == ["article", "seq", "type"]
    assert len(kb.table("events", from_="2999-01-01")) == 0
