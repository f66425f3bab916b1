"""Replies drafted from templates (`data/replies.yaml`, one per letter type, operator-editable).

The draft starts from the template of the letter's type, filled with the writer's form of address
and the letter's title; the handler edits it before sending it for approval.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from gongkai.mailbox.models import Letter

TEMPLATES = Path(__file__).resolve().parent / "data" / "replies.yaml"


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    data = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def salutation(letter: Letter) -> str:
    """王芳 → 王女士/先生: the surname, never the full name (the reply may be published)."""
    return f"{letter.name[:1]}女士/先生" if letter.name else "您好"


def draft_from_template(letter: Letter) -> str:
    template = templates().get(letter.letter_type, "{称呼}您好！\n……\n{机关}")
    return (
        template.replace("{称呼}", salutation(letter))
        .replace("{标题}", letter.title)
        .replace("{机关}", letter.organ.name)
        .strip()
    )
