"""Background tasks: the only writers of the index (`gongkai db_worker`; inline in tests)."""

from __future__ import annotations

from django_tasks import task

from gongkai.core.cache_tags import SEARCH, bump_on_commit
from gongkai.search.handler import get_backend
from gongkai.search.services import index_item, refresh_below, reindex


@task()
def index_item_task(item_id: int) -> bool:
    """Bring one item's index entry in line with the catalog (publish, withdraw, validity)."""
    indexed = index_item(get_backend(), item_id)
    # The index is written and committed: search pages cached before now are stale.
    bump_on_commit(SEARCH)
    return indexed


@task()
def rebuild_index() -> int:
    """Full rebuild, resuming an interrupted one; returns the number of items indexed.

    Every web process that finds the index unusable queues this once; the first run makes the
    index ready and the later ones then do nothing.
    """
    backend = get_backend()
    if backend.is_ready():
        return 0
    indexed = reindex(backend, resume=True).indexed
    bump_on_commit(SEARCH)
    return indexed


@task()
def refresh_below_task(kind: str, pk: int) -> int:
    """Re-index the public items of an organ subtree or a column subtree (after a rename/move)."""
    count = refresh_below(get_backend(), kind, pk)
    bump_on_commit(SEARCH)
    return count
