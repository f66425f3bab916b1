"""What gets indexed for one item, built from the catalog (read-only) for every backend.

An `IndexDoc` holds the source text of each field (original, unsegmented) and the numbers the
filters and facets need. Backends segment with `analysis` when they write. `signature` is a
hash of everything indexed, so `gongkai search verify` can find stale entries cheaply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.catalog.models import Attachment, Column, Item, Topic, Validity
from gongkai.catalog.selectors import public_items
from gongkai.orgs.models import Organ
from gongkai.search import analysis

VALIDITY_CODES = {v: i for i, v in enumerate(Validity.values)}


@dataclass
class IndexDoc:
    id: int
    title: str
    meta: str  # 文号, 索引号, keywords, 内容概述, organ chain, column, 主题, 体裁
    body: str  # 正文 (tags stripped) and attachment text
    keys: list[str]  # exact 文号/索引号 keys
    organs: list[int]  # the organ and its ancestors (organ subtree filter)
    columns: list[int]  # the column and its ancestors
    topics: list[int]  # the topic and its parent
    organ_id: int = 0
    topic_id: int = 0
    genre_id: int = 0
    year: int = 0  # year published
    validity: str = Validity.VALID
    published: datetime | None = None
    signature: int = field(default=0)

    def __post_init__(self) -> None:
        if not self.signature:
            self.signature = compute_signature(self)

    @property
    def published_ts(self) -> int:
        """Microseconds since the epoch (items published in the same second keep their order)."""
        if self.published is None:
            return 0
        delta = self.published - datetime(1970, 1, 1, tzinfo=UTC)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def compute_signature(doc: IndexDoc) -> int:
    h = hashlib.blake2b(digest_size=7)
    for part in (
        analysis.DICT_VERSION,
        doc.title,
        doc.meta,
        doc.body,
        "|".join(doc.keys),
        ",".join(map(str, doc.organs + doc.columns + doc.topics)),
        f"{doc.genre_id}:{doc.year}:{doc.validity}:{doc.published_ts}",
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return int.from_bytes(h.digest(), "big")  # 56 bits: fits signed 64-bit columns


class Lookups:
    """Organ/column/topic names and ancestor chains, loaded once per batch (no N+1)."""

    def __init__(self, *, organ_ids: Iterable[int] | None = None) -> None:
        """`organ_ids`: the columns of these organs only (a column's parents are its organ's),
        for a batch of a few organs: the database fallback's candidates, not the 70,000
        columns of a province."""
        self.organs = {o.pk: o for o in Organ.objects.all()}
        columns = Column.objects.all()
        if organ_ids is not None:
            columns = columns.filter(organ_id__in=set(organ_ids))
        self.columns = {c.pk: c for c in columns}
        self.topics = {t.pk: t for t in Topic.objects.all()}

    def organ_chain(self, organ_id: int) -> list[Organ]:
        organ = self.organs.get(organ_id)
        if organ is None:
            return []
        ids = [int(x) for x in organ.path.strip("/").split("/") if x]
        return [self.organs[i] for i in ids if i in self.organs] or [organ]

    def column_chain(self, column_id: int) -> list[Column]:
        chain: list[Column] = []
        current = self.columns.get(column_id)
        while current is not None and len(chain) < 10:
            chain.insert(0, current)
            current = self.columns.get(current.parent_id) if current.parent_id else None
        return chain

    def topic_chain(self, topic_id: int | None) -> list[Topic]:
        topic = self.topics.get(topic_id) if topic_id else None
        if topic is None:
            return []
        parent = self.topics.get(topic.parent_id) if topic.parent_id else None
        return [parent, topic] if parent else [topic]


def build_doc(item: Item, lookups: Lookups) -> IndexDoc:
    organs = lookups.organ_chain(item.organ_id)
    columns = lookups.column_chain(item.column_id)
    topics = lookups.topic_chain(item.topic_id)
    genre = item.genre.name if item.genre_id and item.genre else ""
    meta_parts = [
        item.doc_number,
        item.index_number,
        item.keywords,
        item.summary,
        " ".join(o.name + " " + o.short_name for o in organs),
        " ".join(c.name for c in columns),
        " ".join(t.name for t in topics),
        genre,
    ]
    attachments: Iterable[Attachment] = item.attachments.all()
    body = strip_tags(item.body) + "\n" + "\n".join(a.extracted_text for a in attachments)
    published = item.published_at
    year = timezone.localtime(published).year if published else 0
    return IndexDoc(
        id=item.pk,
        title=item.title,
        meta="\n".join(p for p in meta_parts if p),
        body=body.strip(),
        keys=analysis.doc_keys(item.doc_number, item.index_number),
        organs=[o.pk for o in organs],
        columns=[c.pk for c in columns],
        topics=[t.pk for t in topics],
        organ_id=item.organ_id,
        topic_id=item.topic_id or 0,
        genre_id=item.genre_id or 0,
        year=year,
        validity=item.validity,
        published=published,
    )


def indexable_items() -> QuerySet[Item]:
    """Exactly what the public may find: published 主动公开 items (条例 Art. 19–26)."""
    return (
        public_items()
        .select_related("genre")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.only("item_id", "extracted_text"))
        )
    )


def iter_docs(
    *,
    after_id: int = 0,
    batch: int = 500,
    ids: Iterable[int] | None = None,
    shard: tuple[int, int] | None = None,
) -> Iterator[list[IndexDoc]]:
    """Public items as IndexDocs in id order, in batches (resumable from `after_id`).

    `shard=(k, n)` keeps the items with `id % n == k` (one writer's share of a rebuild).
    """
    lookups = Lookups()
    qs = indexable_items().order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if shard is not None:
        qs = qs.alias(shard_no=Mod("pk", shard[1])).filter(shard_no=shard[0])
    last = after_id
    while True:
        chunk = list(qs.filter(pk__gt=last)[:batch])
        if not chunk:
            return
        last = chunk[-1].pk
        yield [build_doc(item, lookups) for item in chunk]


def doc_for(item_id: int) -> IndexDoc | None:
    """The IndexDoc of a public item, or None when it must not be in the index."""
    for docs in iter_docs(ids=[item_id]):
        return docs[0] if docs else None
    return None


def public_signatures() -> dict[int, int]:
    """Signature of every public item (for verify)."""
    out: dict[int, int] = {}
    for docs in iter_docs(batch=1000):
        out.update((d.id, d.signature) for d in docs)
    return out


def as_dict(doc: IndexDoc) -> dict[str, Any]:
    return {"id": doc.id, "title": doc.title, "year": doc.year, "validity": doc.validity}
