"""newsgraph: news text in, people, organisations, places, quotes, time expressions, events
and stories out; and a knowledge base to question across articles.

The same engine as the ``newsgraph`` command line, as a native module. Everything it returns
is plain Python (dicts, lists, str, int, float, None) in the JSON shapes of docs/json.md, and
tables come as pandas DataFrames::

    import newsgraph

    doc = newsgraph.extract("Finance Minister Amara Osei said on Monday that Ghana would cut fuel duties.",
                            date="2026-03-02")
    [(e["type"], e["name"]) for e in doc["entities"]]
    s = doc["sentences"][0]
    assert doc["text"][s["start"]:s["end"]] == s["text"]   # spans are code points

    for doc in newsgraph.extract_many(texts, threads=4):   # parallel, streaming
        ...

    kb = newsgraph.open("newsgraph-data")                  # or "postgres://…"
    kb.ingest(["examples"])
    kb.search("ferry", source="Tagus Herald")["hits"]
    kb.entity("Kim Seo-yeon")["roles"]
    events = kb.table("events")                           # pandas.DataFrame

Errors are the exceptions of :mod:`newsgraph.errors`, each with the engine's stable ``code``.
"""

from __future__ import annotations

import json as _json
import os as _os
import warnings as _warnings
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native
from .errors import (
    Ambiguous,
    BadInput,
    BadParameter,
    Busy,
    NewsgraphError,
    NotFound,
    ReadWarning,
    ReindexNeeded,
    TooLarge,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

from . import errors

__all__ = [
    "extract",
    "extract_many",
    "read",
    "open",
    "KnowledgeBase",
    "TABLES",
    "MAX_TEXT_BYTES",
    "errors",
    *errors.__all__,
]

#: A document in the JSON form of docs/json.md: ``id``, ``url``, ``source``, ``published``,
#: ``title``, ``text``, … and the layers ``paragraphs``, ``sentences``, ``entities``,
#: ``quotes``, ``time_expressions``, ``events`` (and ``places``).
Document = Dict[str, Any]

#: The longest text :func:`extract` takes, in UTF-8 bytes; longer raises :class:`TooLarge`.
MAX_TEXT_BYTES: int = _native.MAX_TEXT_BYTES

#: The tables :meth:`KnowledgeBase.table` reads (docs/export.md).
TABLES: Tuple[str, ...] = tuple(_native.tables())

PathLike = Union[str, "_os.PathLike[str]"]


def _text(value: object, what: str) -> str:
    """``value`` when it is a str; a TypeError that says what to do otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be str, not {type(value).__name__}: decode it first, e.g. data.decode('utf-8')")
    raise TypeError(f"{what} must be str, not {type(value).__name__}")


def _optional_text(value: object, what: str) -> Optional[str]:
    return None if value is None else _text(value, what)


def extract(
    text: str,
    *,
    date: Optional[str] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
) -> Document:
    """Annotates one article's text and returns the document as a dict (docs/json.md).

    The text is read as ``newsgraph extract`` reads a file: a newswire header
    (``date 2018-04-21 TOKYO (BLOOMBERG) - …``) is taken apart into date, place and source,
    an HTML page is reduced to its article, anything else is plain text kept unchanged, so
    every span's ``start``/``end`` index the string itself:
    ``doc["text"][s["start"]:s["end"]] == s["text"]``.

    ``date`` (``YYYY-MM-DD``, or an ISO 8601 date-time) anchors relative time expressions
    ("on Friday"); ``url``, ``title`` and ``source`` fill the document's fields. Each given
    value replaces what the text itself says. Nothing is stored.

    Raises :class:`TypeError` for a non-str text, :class:`BadParameter` for a bad date,
    :class:`BadInput` for a text with no article in it (empty, binary) and
    :class:`TooLarge` past :data:`MAX_TEXT_BYTES`.
    """
    return _json.loads(
        _native.extract(
            _text(text, "text"),
            _optional_text(date, "date"),
            _optional_text(url, "url"),
            _optional_text(title, "title"),
            _optional_text(source, "source"),
        )
    )


def extract_many(
    items: Iterable[Union[str, Dict[str, Any]]],
    *,
    threads: Optional[int] = None,
    batch_size: int = 256,
) -> Iterator[Document]:
    """Annotates many articles in parallel and yields their documents in input order.

    ``items`` is any iterable (a generator too: it is read ``batch_size`` items at a time,
    never whole) of texts, or of dicts with ``text`` and optionally ``date``, ``url``,
    ``title``, ``source`` (as :func:`extract` takes them), or of documents from
    :func:`read`. Each batch is annotated on ``threads`` threads (one a core when None) with
    the interpreter released, so other Python threads run meanwhile.

    Results equal ``extract`` called on each item. An item that cannot be annotated raises
    its exception when its turn comes, after the documents before it.
    """
    return map(_json.loads, _native.extract_many(items, threads, batch_size))


def read(
    paths: Union[PathLike, Sequence[PathLike]],
    *,
    date: Optional[str] = None,
    format: Optional[str] = None,
    max_bytes: int = 64 << 20,
) -> Iterator[Document]:
    """Yields the documents in files and directories, as read, without annotating them.

    Every format ``newsgraph ingest`` reads: newswire text, plain text, JSON Lines, HTML
    pages, RSS/Atom feeds and WARC/ARC crawls, gzipped or not; directories are walked in
    name order. ``format`` (``newswire``, ``text``, ``jsonl``, ``html``, ``feed``, ``warc``)
    skips sniffing; ``date`` is the publication date of inputs that carry none. Documents
    have their metadata and text, and empty layers: pass them to :func:`extract_many` to
    annotate them.

    A file or record that cannot be read is reported as a :class:`ReadWarning` and reading
    goes on; a path that does not exist raises :class:`FileNotFoundError` at once.
    """
    if isinstance(paths, (str, _os.PathLike)):
        paths = [paths]
    paths = [_os.fspath(p) for p in paths]
    for p in paths:
        if not _os.path.exists(p):
            raise FileNotFoundError(p)
    reading = _native.read(paths, _optional_text(date, "date"), _optional_text(format, "format"), max_bytes)
    return _documents(reading)


def _documents(reading: Iterator[Tuple[str, str, List[str]]]) -> Iterator[Document]:
    for kind, value, notes in reading:
        if kind == "failed":
            _warnings.warn(f"{value}: {notes[0]}", ReadWarning, stacklevel=2)
            continue
        doc = _json.loads(value)
        for note in notes:
            _warnings.warn(f"{doc.get('origin')}: {note}", ReadWarning, stacklevel=2)
        yield doc


def _listing(from_: Optional[str], to: Optional[str], source: Optional[str], limit: int, offset: int) -> Dict[str, Any]:
    """What every listing takes besides its own filters (the native side's ``Listing``)."""
    return {"from_": from_, "to": to, "source": source, "limit": limit, "offset": offset}


class KnowledgeBase:
    """A newsgraph knowledge base: a data directory (SQLite store and search index) or a
    PostgreSQL database. Open one with :func:`open`.

    Every answer has the shape of the matching CLI command's ``--json`` output
    (docs/json.md). Days are ``YYYY-MM-DD`` strings; ``from_``/``to`` bound them, inclusive.
    A knowledge base may be shared by Python threads; calls release the interpreter while
    the engine works. Use it as a context manager, or call :meth:`close`, to let go of its
    files.
    """

    def __init__(self, location: PathLike) -> None:
        location = _os.fspath(location)
        self.location: str = location
        self._kb = _native.KnowledgeBase(location)

    def __repr__(self) -> str:
        return f"newsgraph.KnowledgeBase({self.location!r})"

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Lets go of the store and the index; later calls raise :class:`NewsgraphError`."""
        self._kb.close()

    def ingest(
        self,
        paths: Union[PathLike, Sequence[PathLike]],
        *,
        date: Optional[str] = None,
        format: Optional[str] = None,
        batch_size: int = 256,
        queue: bool = False,
    ) -> Dict[str, Any]:
        """Reads, annotates, stores and indexes files and directories; returns the report of
        ``ingest --json``: ``new``, ``duplicate``, ``failed``, ``failures``, ``files``, … .

        Ingesting the same articles again stores nothing new (they count as duplicates).
        Bad inputs are counted in the report, not raised. With a PostgreSQL store,
        ``queue=True`` only queues the articles for ``newsgraph worker`` processes.
        """
        if isinstance(paths, (str, _os.PathLike)):
            paths = [paths]
        paths = [_os.fspath(p) for p in paths]
        for p in paths:
            if not _os.path.exists(p):
                raise FileNotFoundError(p)
        return _json.loads(
            self._kb.ingest(paths, _optional_text(date, "date"), _optional_text(format, "format"), batch_size, queue)
        )

    def search(
        self,
        q: str = "",
        *,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        entity: Optional[str] = None,
        story: Optional[str] = None,
        thread: Optional[str] = None,
        country: Optional[str] = None,
        near: Union[None, str, Tuple[float, float, float]] = None,
        limit: int = 10,
        offset: int = 0,
    ) -> Dict[str, Any]:
        """Full-text search: ``{"total", "hits": [{"id", "score", "title", "source",
        "published", "snippet", "highlights"}]}``.

        ``q`` takes phrases in quotes, ``-word`` and ``title:word``; ``""`` or ``"*"``
        matches every article. Filters: publication days ``from_``/``to``, ``source``
        (any case), ``entity`` (a name or global id), ``story`` (id), ``thread`` (id: the
        articles of its stories), ``country`` (ISO 3166-1 alpha-2) and ``near``
        (``(lat, lon, km)`` or ``"lat,lon,km"``).
        """
        if isinstance(near, tuple):
            near = ",".join(str(x) for x in near)
        return _json.loads(
            self._kb.search(
                _text(q, "q"), from_, to, source, entity, story, country, near, limit, offset, thread=thread
            )
        )

    def timeline(
        self,
        q: str = "",
        *,
        by: str = "day",
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        entity: Optional[str] = None,
        story: Optional[str] = None,
        thread: Optional[str] = None,
        country: Optional[str] = None,
        near: Union[None, str, Tuple[float, float, float]] = None,
    ) -> Dict[str, Any]:
        """Attention over time (``timeline --json``): the articles a search matches per
        ``by`` = ``"day"`` or ``"hour"`` (UTC), each period with ``count``, ``all`` (every
        article of that period) and ``share``; articles without a date are counted apart.

        Takes :meth:`search`'s query and filters. Raises :class:`ReindexNeeded` for hours on
        an index an older newsgraph built."""
        if isinstance(near, tuple):
            near = ",".join(str(x) for x in near)
        return _json.loads(
            self._kb.timeline(_text(q, "q"), by, from_, to, source, entity, story, country, near, thread=thread)
        )

    def article(self, id: str) -> Document:
        """One stored article by id (or a unique id prefix) in the document form, with its
        layers and ``duplicate_of``, ``story`` and global entity ids. Raises
        :class:`NotFound`, or :class:`Ambiguous` for a prefix of several ids."""
        return _json.loads(self._kb.article(_text(id, "id")))

    def entity(self, name: str) -> Dict[str, Any]:
        """One entity across articles (``entity --json``): ``id``, ``name``, ``type``,
        ``aliases``, ``roles``, ``articles``, ``first_seen``, ``last_seen``,
        ``mentions_by_day``, ``quotes``, ``events``, ``cooccurring``.

        ``name`` may be a full name, a surname, an alias or a global id. Raises
        :class:`NotFound`, or :class:`Ambiguous` when a surname fits several people."""
        return _json.loads(self._kb.entity(_text(name, "name")))

    def quotes(
        self,
        *,
        by: Optional[str] = None,
        about: Optional[str] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        limit: int = 20,
        offset: int = 0,
    ) -> List[Dict[str, Any]]:
        """Quotes, newest first: ``[{"article", "speaker", "speaker_name", "kind",
        "content", "cue", "date", "day"}]``; ``by`` a speaker's name or id, ``about`` words
        the quote contains."""
        return _json.loads(self._kb.quotes(_listing(from_, to, source, limit, offset), by, about))

    def events(
        self,
        *,
        type: Optional[str] = None,
        with_: Optional[str] = None,
        status: Optional[str] = None,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        limit: int = 20,
        offset: int = 0,
    ) -> List[Dict[str, Any]]:
        """Events, newest first: ``[{"article", "type", "status", "date", "day", "place",
        "what", "evidence", "participants"}]``. ``type`` is an event type of docs/events.md
        (``meet``, ``visit``, …), ``with_`` a participant's name or id, ``status`` one of
        ``happened``, ``ongoing``, ``scheduled``, ``negated``, ``hypothetical``."""
        return _json.loads(self._kb.events(_listing(from_, to, source, limit, offset), type, with_, status))

    def stories(
        self,
        *,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        limit: int = 20,
        offset: int = 0,
    ) -> List[Dict[str, Any]]:
        """Stories (articles about one happening, across sources and days), most recently
        active first: ``[{"id", "title", "first_seen", "last_seen", "articles", "sources",
        "entities"}]``."""
        return _json.loads(self._kb.stories(_listing(from_, to, source, limit, offset)))

    def story(self, id: str) -> Dict[str, Any]:
        """One story by id, shaped as in :meth:`stories`. Raises :class:`NotFound`."""
        return _json.loads(self._kb.story(_text(id, "id")))

    def threads(
        self,
        *,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        limit: int = 20,
        offset: int = 0,
    ) -> List[Dict[str, Any]]:
        """Threads (stories that continue one another over weeks or months: an affair and its
        later developments), most recently active first: ``[{"id", "title", "first_seen",
        "last_seen", "stories_count", "articles"}]``."""
        return _json.loads(self._kb.threads(_listing(from_, to, None, limit, offset)))

    def thread(self, id: str) -> Dict[str, Any]:
        """One thread by id, with its ``stories`` in order. Raises :class:`NotFound`."""
        return _json.loads(self._kb.thread(_text(id, "id")))

    def network(self, name: str, *, limit: int = 20, offset: int = 0) -> List[Dict[str, Any]]:
        """Who an entity met, was quoted with or appears with, heaviest ties first:
        ``[{"id", "name", "relation", "weight"}]``. Raises :class:`NotFound`."""
        return _json.loads(self._kb.network(_text(name, "name"), limit, offset))

    def table(
        self,
        name: str,
        *,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        arrow: bool = False,
    ) -> Union["pandas.DataFrame", "pyarrow.Table"]:
        """One export table (docs/export.md) as a pandas DataFrame, or a pyarrow Table with
        ``arrow=True``.

        ``name`` is one of :data:`TABLES`: ``articles``, ``entities``, ``mentions``,
        ``quotes``, ``events``, ``stories``, ``gdelt``, ``places``. The rows and columns are
        those of ``newsgraph export --format parquet``: the engine writes the Parquet in
        memory and pyarrow reads it column by column, with no Python loop over rows.
        ``from_``/``to`` keep rows whose days overlap the range. Needs ``pyarrow`` (and
        ``pandas`` for a DataFrame): ``pip install 'newsgraph[tables]'``.
        """
        try:
            import pyarrow
            import pyarrow.parquet
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("KnowledgeBase.table needs pyarrow: pip install pyarrow pandas") from e
        data = self._kb.parquet(_text(name, "name"), from_, to)
        table = pyarrow.parquet.read_table(pyarrow.BufferReader(data))
        return table if arrow else table.to_pandas()


def open(location: PathLike) -> KnowledgeBase:
    """Opens the knowledge base at a data directory (created when missing, as by
    ``newsgraph ingest``) or a ``postgres://`` / ``postgresql://`` URL."""
    return KnowledgeBase(location)
