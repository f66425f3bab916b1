"""The tsvector literal of the postgres backend (built in Python; no database needed)."""

from __future__ import annotations

from gongkai.search.documents import IndexDoc
from gongkai.search.postgres import MAX_POS, tsvector_literal


def doc(title: str, meta: str, body: str) -> IndexDoc:
    return IndexDoc(
        id=1, title=title, meta=meta, body=body, keys=[], organs=[], columns=[], topics=[]
    )


def test_positions_weights_and_a_gap_between_fields():
    # Title words are weight A, meta B, body C; ten positions separate fields, so a quoted
    # phrase never matches across them. 就业补贴 is followed by its sub-words (analysis).
    literal = tsvector_literal(doc("就业补贴", "人社局", "就业 o'neil 补贴"))
    assert literal == "'就业补贴':1A '就业':2A,25C '补贴':3A,28C '人社局':14B 'o':26C 'neil':27C"


def test_overlong_tokens_are_left_out_and_positions_stop_at_the_maximum():
    body = " ".join(["x" * 201, *(f"w{i}" for i in range(MAX_POS + 5))])
    literal = tsvector_literal(doc("", "", body))
    assert "x" * 201 not in literal
    entries = dict(part.split(":") for part in literal.split(" "))
    # The body starts after two empty fields (1 + 10 + 10); the skipped token took no position.
    assert entries["'w0'"] == "21C"
    assert entries[f"'w{MAX_POS + 4}'"] == f"{MAX_POS}C"  # PostgreSQL's limit
