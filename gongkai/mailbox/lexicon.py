"""The sensitive-word and spam filter's word list.

Read from files, never imported from another app: the mailbox's own list
(`mailbox/data/words.yaml`), the monitor's lexicon when the monitor app is installed (every word
list in its `data/` folder whose name contains "lexicon" or "words"), and the files an operator
adds (`GONGKAI["MAILBOX_LEXICON_FILES"]`). A file is plain text (one word a line, `#` comments)
or YAML (a list of words, or a mapping of categories to lists). The words only flag a letter for
the screener; they never refuse it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps

from gongkai.core.conf import gongkai_settings
from gongkai.core.text import fold_width

logger = logging.getLogger(__name__)

OWN_LIST = Path(__file__).resolve().parent / "data" / "words.yaml"
_SUFFIXES = {".txt", ".yaml", ".yml"}


def _monitor_files() -> list[Path]:
    """The monitor's word lists, found through the app registry (no import of the app)."""
    for config in apps.get_app_configs():
        if config.label == "monitor":
            folder = Path(str(config.path)) / "data"
            if folder.is_dir():
                return sorted(
                    p
                    for p in folder.iterdir()
                    if p.suffix in _SUFFIXES and ("lexicon" in p.name or "words" in p.name)
                )
    return []


def lexicon_files() -> list[Path]:
    extra = [Path(p) for p in gongkai_settings().MAILBOX_LEXICON_FILES]
    return [OWN_LIST, *_monitor_files(), *extra]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def read_words(path: Path) -> set[str]:
    """The words of one file; an unreadable file is logged and skipped (the filter only helps)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("mailbox lexicon %s unreadable: %s", path, exc)
        return set()
    if path.suffix in (".yaml", ".yml"):
        try:
            found = set(_strings(yaml.safe_load(text)))
        except yaml.YAMLError as exc:
            logger.warning("mailbox lexicon %s is not valid YAML: %s", path, exc)
            return set()
    else:
        found = {line.split("#", 1)[0].split(",", 1)[0] for line in text.splitlines()}
    return {fold_width(w).strip().lower() for w in found if w and w.strip()}


@lru_cache(maxsize=4)
def _load(stamp: tuple[tuple[str, float], ...]) -> frozenset[str]:
    words: set[str] = set()
    for name, _mtime in stamp:
        words |= read_words(Path(name))
    return frozenset(w for w in words if len(w) >= 2)


def words() -> frozenset[str]:
    """Every word of every list, read again when a file changes."""
    stamp = []
    for path in lexicon_files():
        try:
            stamp.append((str(path), path.stat().st_mtime))
        except OSError:
            continue
    return _load(tuple(stamp))


def find_words(*texts: str, vocabulary: Iterable[str] | None = None) -> list[str]:
    """The listed words found in `texts` (full-width folded, case-insensitive), sorted."""
    haystack = fold_width(" ".join(texts)).lower()
    return sorted(w for w in (vocabulary if vocabulary is not None else words()) if w in haystack)
