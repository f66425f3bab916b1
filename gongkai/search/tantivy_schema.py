"""The tantivy index's schema and documents: shared by the backend (`tantivy`) and the writer
processes of its parallel loading (`tantivy_load`).

Every searched word goes into one ranked `text` field (see `tantivy`'s module docstring for
why); `title` is kept alone for suggestions, `keys` holds the exact 文号/索引号 keys, and the
unsigned fields serve the filters and facets.
"""

from __future__ import annotations

from typing import Any

import tantivy as tv

from gongkai.search import analysis
from gongkai.search.base import organ_year
from gongkai.search.documents import VALIDITY_CODES, IndexDoc

SCHEMA_VERSION = "2"
TOKENIZER = "gk_simple"
#: A title counts this many times in `text` (BM25 saturates term frequency, so this acts like a
#: moderate boost of title words without a boost query).
TITLE_REPEAT = 3
FACET_FIELDS = {
    "organ": "organ_id",
    "topic": "topic_id",
    "genre": "genre_id",
    "year": "year",
    "validity": "validity",
}


def build_schema() -> tv.Schema:
    b = tv.SchemaBuilder()
    b.add_unsigned_field("id", indexed=True, fast=True)
    b.add_unsigned_field("sig", fast=True)
    b.add_text_field("text", tokenizer_name=TOKENIZER, index_option="position")
    b.add_text_field("title", tokenizer_name=TOKENIZER, index_option="basic")
    b.add_text_field("keys", tokenizer_name="raw", index_option="basic")
    for name in ("organs", "columns", "topics", "organ_years"):
        b.add_unsigned_field(name, indexed=True)
    for name in FACET_FIELDS.values():
        b.add_unsigned_field(name, indexed=True, fast=True)
    b.add_integer_field("published", indexed=True, fast=True)
    return b.build()


def register_tokenizer(index: tv.Index) -> tv.Index:
    # Letter/digit runs only: spaces (between jieba words) and punctuation separate tokens.
    index.register_tokenizer(TOKENIZER, tv.TextAnalyzerBuilder(tv.Tokenizer.simple()).build())
    return index


#: The IndexDoc values a writer needs, as a plain tuple: what `load` sends to its writer
#: processes (a tuple pickles ~4× faster than the dataclass).
Packed = tuple[Any, ...]


def pack(doc: IndexDoc) -> Packed:
    return (
        doc.id,
        doc.signature,
        doc.title,
        doc.meta,
        doc.body,
        doc.keys,
        doc.organs,
        doc.columns,
        doc.topics,
        doc.organ_id,
        doc.topic_id,
        doc.genre_id,
        doc.year,
        VALIDITY_CODES.get(doc.validity, 0),
        doc.published_ts,
    )


def to_fields(doc: IndexDoc | Packed) -> dict[str, Any]:
    """The tantivy document of an IndexDoc (segmentation happens here)."""
    (pk, sig, title, meta, body, keys, organs, columns, topics, organ_id, topic_id, genre_id,
     year, validity, published) = doc if isinstance(doc, tuple) else pack(doc)  # fmt: skip
    title_text = analysis.index_text(title)
    rest = analysis.index_text(meta + "\n" + body)
    # The 文号 is in `meta` once; written twice more it weighs like the title (issue 5: title
    # and 文号 rank above the body).
    number = next((k[3:] for k in keys if k.startswith("dn:")), "")
    weighted = [title_text] * TITLE_REPEAT + [analysis.index_text(number)] * (TITLE_REPEAT - 1)
    return {
        "id": pk,
        "sig": sig,
        "text": " ".join([*weighted, rest]),
        "title": title_text,
        "keys": keys,
        "organs": organs,
        "organ_years": [organ_year(o, year) for o in organs],
        "columns": columns,
        "topics": topics,
        "organ_id": organ_id,
        "topic_id": topic_id,
        "genre_id": genre_id,
        "year": year,
        "validity": validity,
        "published": published,
    }
