"""Organ phrases of a 工作要点 (“市发改委”, “各县（区、市）人民政府”) matched to the organ tree.

Only organs of the plan's own subtree are candidates (a task can go nowhere else). A phrase is
- a group (`data/groups.yaml`): the governments below the plan's organ, its townships, its
  departments, or the organ itself (市政府办公室 is the office of the 公开办's government);
- else one organ: the phrase, with its short forms expanded (`data/abbreviations.yaml`), equal
  to an organ's name, short name, or name without its place (岚川市教育局 → 市教育局, 教育局).
A phrase that matches no organ, or several, is left for a person to choose (the import's
confirmation page); nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from gongkai.orgs.models import Organ

DATA = Path(__file__).resolve().parent / "data"
_PLACE = re.compile(r"^(.+?[省市县区镇乡])(.+)$")


@cache
def abbreviations() -> dict[str, str]:
    loaded = yaml.safe_load((DATA / "abbreviations.yaml").read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in loaded.items()}


@cache
def groups() -> list[tuple[re.Pattern[str], str]]:
    loaded = yaml.safe_load((DATA / "groups.yaml").read_text(encoding="utf-8")) or []
    return [(re.compile(str(g["pattern"])), str(g["means"])) for g in loaded]


GROUP_LABELS = {
    "governments": "下级人民政府",
    "townships": "乡镇（街道）",
    "departments": "直属部门和单位",
    "self": "本级",
}


@dataclass
class Match:
    phrase: str
    organs: list[Organ] = field(default_factory=list)
    group: str = ""  # a key of GROUP_LABELS when the phrase names a group
    candidates: list[Organ] = field(default_factory=list)  # several organs fit: choose

    @property
    def matched(self) -> bool:
        return bool(self.organs)

    @property
    def group_label(self) -> str:
        return GROUP_LABELS.get(self.group, "")


def name_variants(organ: Organ) -> set[str]:
    """How a plan may write the organ: its name, short name, and the name without its place
    (with and without the level character: 市教育局, 教育局)."""
    out = {organ.name}
    if organ.short_name:
        out.add(organ.short_name)
    m = _PLACE.match(organ.name)
    if m and len(m.group(2)) >= 2:
        out |= {m.group(2), m.group(1)[-1] + m.group(2)}
    return out


def phrase_variants(phrase: str) -> set[str]:
    """The phrase as written and with its short forms expanded (市发改委 → 市发展和改革委员会)."""
    out = {phrase}
    for short, full in abbreviations().items():
        if phrase.endswith(short):
            out.add(phrase[: -len(short)] + full)
    return out


def _group_organs(root: Organ, tree: list[Organ], means: str) -> list[Organ]:
    if means == "self":
        return [root]
    if means == "governments":
        return [o for o in tree if o.parent_id == root.pk and o.kind == Organ.Kind.GOVERNMENT]
    if means == "townships":
        return [o for o in tree if o.level == Organ.Level.TOWNSHIP]
    if means == "departments":
        kinds = {Organ.Kind.DEPARTMENT, Organ.Kind.UNIT}
        return [o for o in tree if o.parent_id == root.pk and o.kind in kinds]
    return []


def match_phrases(root: Organ, phrases: list[str]) -> dict[str, Match]:
    """phrase → its organs in `root`'s subtree (one read of the subtree for all phrases)."""
    tree = list(root.subtree().order_by("tree_key"))
    index: dict[str, list[Organ]] = {}
    for organ in tree:
        for variant in name_variants(organ):
            index.setdefault(variant, []).append(organ)
    result: dict[str, Match] = {}
    for phrase in phrases:
        match = Match(phrase=phrase)
        for pattern, means in groups():
            if pattern.search(phrase):
                match.group = means
                match.organs = _group_organs(root, tree, means)
                break
        else:
            found: dict[int, Organ] = {}
            for variant in phrase_variants(phrase):
                for organ in index.get(variant, []):
                    found[organ.pk] = organ
            if len(found) == 1:
                match.organs = list(found.values())
            else:
                match.candidates = sorted(found.values(), key=lambda o: o.tree_key)
        result[phrase] = match
    return result
