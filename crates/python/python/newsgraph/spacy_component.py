"""newsgraph as a spaCy pipeline component, for those who keep their spaCy pipeline.

``nlp.add_pipe("newsgraph")`` (found through the ``spacy_factories`` entry point, or after
``import newsgraph.spacy_component``) annotates each Doc's text with newsgraph and sets:

- ``doc.ents``: the mentions of newsgraph's entities (pronouns left out), labelled ``PER``,
  ``ORG``, ``LOC`` or ``MISC``, replacing those of any earlier ``ner`` component;
- ``doc._.newsgraph``: the whole document dict (docs/json.md);
- ``doc._.quotes``: one dict a quote, ``{"kind", "content": Span, "speaker": Span or None,
  "speaker_name", "cue": Span or None}``;
- ``doc._.time_expressions``: Spans labelled ``DATE``/``TIME``/``DURATION``/``SET``, each
  with its TimeML value in ``span._.timex_value``;
- ``doc._.events``: one dict an event, ``{"type", "status", "trigger": Span, "participants",
  "date", "place"}``.

The text is always read as plain text, so newsgraph's offsets index ``doc.text``. The
component's ``date`` setting anchors relative dates ("on Friday"); ``nlp.pipe`` annotates a
batch at a time in parallel (``threads``, one a core when None).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

import newsgraph
from newsgraph import _native

for _name in ("newsgraph", "quotes", "time_expressions", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("timex_value"):
    Span.set_extension("timex_value", default=None)


class NewsgraphComponent:
    """The ``newsgraph`` pipe: see the module's documentation."""

    def __init__(self, date: Optional[str] = None, threads: Optional[int] = None, batch_size: int = 64) -> None:
        self.date = date
        self.threads = threads
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return self._fill(doc, json.loads(_native.extract(doc.text, self.date, None, None, None, True)))

    def pipe(self, docs: Iterable[Doc], batch_size: Optional[int] = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: List[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._batch(batch)
                batch = []
        yield from self._batch(batch)

    def _batch(self, docs: List[Doc]) -> Iterator[Doc]:
        items = [{"text": d.text, "date": self.date, "plain": True} for d in docs]
        for doc, result in zip(docs, newsgraph.extract_many(items, threads=self.threads, batch_size=len(items) or 1)):
            yield self._fill(doc, result)

    @staticmethod
    def _fill(doc: Doc, result: Dict[str, Any]) -> Doc:
        def span(s: Optional[Dict[str, Any]], label: str = "") -> Optional[Span]:
            if not s:
                return None
            return doc.char_span(s["start"], s["end"], label=label, alignment_mode="expand")

        mentions = [
            span(m, e["type"]) for e in result["entities"] for m in e["mentions"] if not m.get("pronoun")
        ]
        doc.ents = filter_spans([m for m in mentions if m is not None])
        doc._.newsgraph = result
        doc._.quotes = [
            {
                "kind": q["kind"],
                "content": span(q["content"]),
                "speaker": span(q.get("speaker")),
                "speaker_name": (q.get("speaker") or {}).get("name"),
                "cue": span(q.get("cue")),
            }
            for q in result["quotes"]
        ]
        times = []
        for t in result["time_expressions"]:
            s = span(t, t["type"])
            if s is not None:
                s._.timex_value = t.get("value")
                times.append(s)
        doc._.time_expressions = times
        doc._.events = [
            {
                "type": ev["type"],
                "status": ev["status"],
                "trigger": span(ev["trigger"]),
                "participants": ev["participants"],
                "date": ev.get("date"),
                "place": ev.get("place"),
            }
            for ev in result["events"]
        ]
        return doc


@Language.factory(
    "newsgraph",
    default_config={"date": None, "threads": None, "batch_size": 64},
    assigns=["doc.ents", "doc._.newsgraph", "doc._.quotes", "doc._.time_expressions", "doc._.events"],
)
def make_newsgraph(
    nlp: Language, name: str, date: Optional[str], threads: Optional[int], batch_size: int
) -> NewsgraphComponent:
    """The factory behind ``nlp.add_pipe("newsgraph", config={"date": "2026-03-02"})``."""
    return NewsgraphComponent(date=date, threads=threads, batch_size=batch_size)
