"""The exceptions newsgraph raises.

Each carries the engine's stable ``code``, the same string the HTTP API answers with in
``{"error": {"code", "message"}}`` (docs/json.md), so code written against one reads the other.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Any error of the engine. ``code`` is ``"internal"`` unless a subclass says otherwise."""

    code: str = "internal"


class BadParameter(NewsgraphError, ValueError):
    """An argument out of range or malformed: a date that is not a date, an unknown table,
    event type, status or format."""

    code = "bad_parameter"


class BadInput(NewsgraphError, ValueError):
    """A text or document from which no article can be read (empty, binary, not a newsgraph
    document)."""

    code = "bad_body"


class TooLarge(NewsgraphError, ValueError):
    """A text longer than one article can be (``newsgraph.MAX_TEXT_BYTES``)."""

    code = "too_large"


class NotFound(NewsgraphError, LookupError):
    """No article, entity, story or thread by that id or name."""

    code = "not_found"


class Ambiguous(NewsgraphError, LookupError):
    """A name or id prefix that fits several: the message lists them."""

    code = "ambiguous"


class Busy(NewsgraphError):
    """Another process writes the search index (an ingest is running); try again later."""

    code = "busy"


class ReindexNeeded(NewsgraphError):
    """The search index was built by an older newsgraph and lacks what was asked for (a
    timeline by hour): run ``newsgraph reindex``."""

    code = "reindex_needed"


class ReadWarning(UserWarning):
    """An input that could not be read (or was read despite a problem) by ``newsgraph.read``;
    reading goes on with the next one."""


__all__ = [
    "NewsgraphError",
    "BadParameter",
    "BadInput",
    "TooLarge",
    "NotFound",
    "Ambiguous",
    "Busy",
    "ReindexNeeded",
    "ReadWarning",
]
