"""The optional spaCy component: `nlp.add_pipe("newsgraph")` on a blank English pipeline
(no spaCy model needed)."""

import pytest

import newsgraph

spacy = pytest.importorskip("spacy", reason="notice: spaCy is not installed; the optional component is not tested")

TEXT = (
    'Finance Minister Amara Osei said on Monday that Ghana would cut fuel duties. "We will not wait," '
    "Osei told reporters in Accra."
)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgraph", config={"date": "2026-03-02"})
    return nlp


def test_the_component_sets_entities_quotes_and_times(nlp):
    doc = nlp(TEXT)
    assert ("Amara Osei", "PER") in {(e.text, e.label_) for e in doc.ents}
    assert ("Ghana", "LOC") in {(e.text, e.label_) for e in doc.ents}
    assert doc._.newsgraph == newsgraph.extract(TEXT, date="2026-03-02")
    quote = next(q for q in doc._.quotes if q["kind"] == "direct")
    assert quote["speaker_name"] == "Amara Osei" and "We will not wait" in quote["content"].text
    [monday] = doc._.time_expressions
    assert (monday.text, monday.label_, monday._.timex_value) == ("Monday", "DATE", "2026-03-02")


def test_the_text_is_always_plain(nlp):
    # A newswire header stays in the Doc's text, so spans still index it.
    doc = nlp(" date 2026-03-02 ACCRA (NORTHSTAR) - Osei spoke in Accra.")
    assert doc._.newsgraph["text"] == doc.text
    assert "Osei" in {e.text for e in doc.ents}


def test_pipe_equals_calls_one_by_one(nlp):
    texts = [TEXT, "Prime Minister Hana Sato met President Oskar Lind in Tokyo on Friday."] * 3
    piped = [(d._.newsgraph, [(e.start_char, e.end_char, e.label_) for e in d.ents]) for d in nlp.pipe(texts)]
    called = [(d._.newsgraph, [(e.start_char, e.end_char, e.label_) for e in d.ents]) for d in map(nlp, texts)]
    assert piped == called
