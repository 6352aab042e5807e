"""Bad input raises a clear exception carrying the engine's stable code, and never crashes
the interpreter."""

import pytest

import newsgraph
from newsgraph.errors import BadInput, BadParameter, NewsgraphError, NotFound, TooLarge


def test_bytes_and_none_are_type_errors():
    with pytest.raises(TypeError, match="decode it first"):
        newsgraph.extract(b"Ferry fares rise in Oslo.")
    with pytest.raises(TypeError, match="not NoneType"):
        newsgraph.extract(None)
    with pytest.raises(TypeError, match="not int"):
        newsgraph.extract("Ferry fares rise.", date=20260302)
    with pytest.raises(TypeError, match="decode bytes first"):
        list(newsgraph.extract_many([b"bytes"]))
    with pytest.raises(TypeError, match="use extract"):
        newsgraph.extract_many("one text")


def test_a_50_mb_string_is_refused_before_annotation():
    huge = "The ferry company raised fares on Monday. " * (50_000_000 // 42)
    with pytest.raises(TooLarge) as raised:
        newsgraph.extract(huge)
    assert raised.value.code == "too_large"
    assert str(newsgraph.MAX_TEXT_BYTES) in str(raised.value)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, NewsgraphError)


@pytest.mark.parametrize("date", ["someday", "2018-02-30", "", "21/04/2018", "2018-13-01"])
def test_invalid_dates_are_bad_parameters(date):
    with pytest.raises(BadParameter, match="date") as raised:
        newsgraph.extract("Ferry fares rise in Oslo.", date=date)
    assert raised.value.code == "bad_parameter"
    with pytest.raises(BadParameter):
        list(newsgraph.extract_many([{"text": "Fares rise.", "date": date}]))


@pytest.mark.parametrize("text", ["", "   \n\n ", "\x00\x01\x02\x03\x04 binary"])
def test_texts_without_an_article_are_bad_input(text):
    with pytest.raises(BadInput) as raised:
        newsgraph.extract(text)
    assert raised.value.code == "bad_body"


def test_odd_but_readable_text_is_annotated():
    doc = newsgraph.extract("\ud7ff \u2028 \ufeff Fares rose in Oslo. " + "x" * 10_000)
    assert doc["text"]
    with pytest.raises(UnicodeEncodeError):
        newsgraph.extract("a lone surrogate \ud800 here")


def test_a_bad_item_raises_in_its_turn():
    results = newsgraph.extract_many(["Fares rose in Oslo.", "", "Fares fell in Bergen."], batch_size=8)
    assert next(results)["text"] == "Fares rose in Oslo."
    with pytest.raises(BadInput):
        next(results)
    assert next(results)["text"] == "Fares fell in Bergen."


def test_a_failing_iterable_raises_after_the_items_before_it():
    def items():
        yield "Fares rose in Oslo."
        raise RuntimeError("the caller's own error")

    results = newsgraph.extract_many(items())
    assert next(results)["text"] == "Fares rose in Oslo."
    with pytest.raises(RuntimeError, match="the caller's own error"):
        next(results)


def test_bad_options():
    with pytest.raises(BadParameter, match="threads"):
        newsgraph.extract_many(["x"], threads=0)
    with pytest.raises(BadParameter, match="format"):
        newsgraph.read(".", format="pdf")
    with pytest.raises(BadParameter):
        list(newsgraph.extract_many([{"title": "no text"}]))


def test_knowledge_base_errors(examples_kb):
    kb, _, _ = examples_kb
    with pytest.raises(BadParameter, match="unknown table") as raised:
        kb.table("nope")
    assert raised.value.code == "bad_parameter"
    with pytest.raises(BadParameter, match="not a day"):
        kb.search("ferry", from_="yesterday")
    with pytest.raises(BadParameter, match="country"):
        kb.search("ferry", country="France")
    with pytest.raises(BadParameter, match="event type"):
        kb.events(type="teleport")
    with pytest.raises(NotFound) as raised:
        kb.entity("Nobody Nowhere-Atall")
    assert raised.value.code == "not_found" and isinstance(raised.value, LookupError)
    with pytest.raises(NotFound):
        kb.article("ffffffffffffffff")
    with pytest.raises(NotFound):
        kb.network("Nobody Nowhere-Atall")


def test_a_data_directory_that_is_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(BadParameter, match="not a data directory"):
        newsgraph.open(f)


def test_a_closed_knowledge_base_raises(tmp_path):
    with newsgraph.open(tmp_path / "data") as kb:
        assert kb.search("*")["total"] == 0
    with pytest.raises(NewsgraphError, match="closed"):
        kb.search("*")
