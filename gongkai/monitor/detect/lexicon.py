"""The spam lexicon and the whitelist of ordinary government phrases, from data files.

`data/lexicon.txt` (词,类别,权重) and `data/whitelist.txt` (one phrase a line), plus the files an
operator names in `GONGKAI["MONITOR_LEXICON_FILES"]` / `["MONITOR_WHITELIST_FILES"]`. Both are
compiled into one Aho-Corasick automaton (pyahocorasick): one pass over a page finds every word
and every whitelisted phrase; a word overlapping a whitelisted phrase is not a hit (彩票 in
彩票公益金). Read again when a file changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from gongkai.core.text import fold_width, to_simplified
from gongkai.monitor.detect.text import Normalised

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent.parent / "data"
LEXICON_FILE = DATA / "lexicon.txt"
WHITELIST_FILE = DATA / "whitelist.txt"

CATEGORY_LABELS = {
    "gambling": "博彩赌博",
    "lottery": "私彩",
    "live_sports": "体育直播",
    "porn": "色情",
    "drugs": "毒品",
    "other": "其他",
}

#: Words that mean the text is *about* fighting the thing (打击赌博的通知): a hit next to one of
#: them is noted, not counted.
ENFORCEMENT = (
    "打击", "整治", "查处", "严厉", "取缔", "破获", "侦破", "抓获", "严禁", "禁止", "举报",
    "违法犯罪", "专项行动", "涉赌", "涉黄", "涉毒", "禁毒", "戒毒", "警示", "防范", "提醒",
)  # fmt: skip


@dataclass(frozen=True)
class Word:
    word: str
    category: str
    weight: int


@dataclass(frozen=True)
class Hit:
    word: Word
    start: int  # in Normalised.squeezed
    end: int
    enforcement: bool  # next to a word of enforcement (打击…): not counted


def _clean(line: str) -> str:
    return line.split("#", 1)[0].strip()


def _norm_word(word: str) -> str:
    return to_simplified(fold_width(word).lower()).replace(" ", "")


def read_lexicon(path: Path) -> list[Word]:
    words = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("monitor lexicon %s unreadable: %s", path, exc)
        return []
    for number, line in enumerate(lines, 1):
        raw = _clean(line)
        if not raw:
            continue
        parts = [p.strip() for p in raw.split(",")]
        word = _norm_word(parts[0])
        category = parts[1] if len(parts) > 1 and parts[1] else "other"
        try:
            weight = int(parts[2]) if len(parts) > 2 and parts[2] else 2
        except ValueError:
            log.warning("monitor lexicon %s:%d: weight %r is not a number", path, number, parts[2])
            weight = 2
        if len(word) >= 2:
            words.append(Word(word, category, max(1, min(weight, 3))))
    return words


def read_phrases(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("monitor whitelist %s unreadable: %s", path, exc)
        return []
    return [w for w in (_norm_word(_clean(line)) for line in lines) if len(w) >= 2]


def _files() -> tuple[list[Path], list[Path]]:
    from gongkai.core.conf import gongkai_settings

    conf = gongkai_settings()
    lexicons = [LEXICON_FILE, *(Path(p) for p in conf.MONITOR_LEXICON_FILES)]
    whitelists = [WHITELIST_FILE, *(Path(p) for p in conf.MONITOR_WHITELIST_FILES)]
    return lexicons, whitelists


class Lexicon:
    def __init__(self, words: list[Word], phrases: list[str]) -> None:
        self.words = {w.word: w for w in words}
        self.phrases = set(phrases)
        self.enforcement = tuple(ENFORCEMENT)
        automaton = ahocorasick.Automaton()
        for w in self.words.values():
            automaton.add_word(w.word, ("w", w.word))
        for p in self.phrases:
            automaton.add_word(p, ("p", p))
        self._automaton = automaton
        self._empty = not (self.words or self.phrases)
        if not self._empty:
            automaton.make_automaton()

    def scan(self, norm: Normalised) -> list[Hit]:
        """Lexicon words in the text, except inside or across a whitelisted phrase."""
        if self._empty or not norm.squeezed:
            return []
        text = norm.squeezed
        found: list[tuple[int, int, str]] = []
        masked: list[tuple[int, int]] = []
        for end, (kind, key) in self._automaton.iter(text):
            start = end - len(key) + 1
            if kind == "p":
                masked.append((start, end + 1))
            else:
                found.append((start, end + 1, key))
        hits = []
        for start, end, key in found:
            if any(a < end and start < b for a, b in masked):
                continue
            context = text[max(start - 30, 0) : end + 30]
            enforcement = any(e in context for e in self.enforcement)
            hits.append(Hit(self.words[key], start, end, enforcement))
        return hits


@lru_cache(maxsize=4)
def _build(stamp: tuple[tuple[str, float], ...], split: int) -> Lexicon:
    paths = [Path(name) for name, _ in stamp]
    words: list[Word] = []
    for path in paths[:split]:
        words.extend(read_lexicon(path))
    phrases: list[str] = []
    for path in paths[split:]:
        phrases.extend(read_phrases(path))
    return Lexicon(words, phrases)


def lexicon() -> Lexicon:
    """The lexicon of the data files, compiled once and again when a file changes."""
    lexicons, whitelists = _files()
    stamp = []
    for path in [*lexicons, *whitelists]:
        try:
            stamp.append((str(path), path.stat().st_mtime))
        except OSError:
            log.warning("monitor word list %s is missing", path)
            stamp.append((str(path), 0.0))
    return _build(tuple(stamp), len(lexicons))
