"""Publication: the office's choice, only with consent, masked, scanned (services/publication)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.mailbox.models import Letter
from gongkai.mailbox.services import publication as pub
from gongkai.mailbox.services import workflow as wf
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


def _answered(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ, **kw: Any
) -> Letter:
    reply = kw.pop("reply", "王女士/先生您好！经核实，已安排疏通，王芳反映的问题已解决。")
    letter = wf.letter_assign(actor=people["office"], letter=write(**kw), organ=dept, reason="住建")
    letter = wf.letter_submit_reply(actor=people["editor"], letter=letter, text=reply)
    return wf.letter_approve_reply(actor=people["leader"], letter=letter)


def test_published_with_consent_and_masked(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _answered(write, people, dept, consent_publish=True, address="测试市幸福路12号")
    letter = pub.letter_publish(actor=people["office"], letter=letter)
    assert letter.published and letter.published_at is not None
    for text in (letter.published_title, letter.published_body, letter.published_reply):
        assert "王芳" not in text and "13912345678" not in text
    assert "幸福路**号" in letter.published_body and "王*" in letter.published_reply
    letter = pub.letter_unpublish(actor=people["leader"], letter=letter, reason="留言人要求撤下")
    assert not letter.published and letter.published_body == ""


def test_a_reply_is_never_published_without_consent(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _answered(write, people, dept, consent_publish=False)
    with pytest.raises(ValidationError, match="未同意公开"):
        pub.letter_publish(actor=people["office"], letter=letter)
    # Nor by any code path: the database refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=letter.pk).update(published=True)


def test_not_before_the_reply_nor_with_a_secrecy_mark(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = write(consent_publish=True)
    with pytest.raises(ValidationError, match="答复后才能公开"):
        pub.letter_publish(actor=people["office"], letter=letter)
    marked = _answered(
        write,
        people,
        dept,
        consent_publish=True,
        title="排水问题",
        reply="此件为内部资料，不得外传。经核实已处理。",
    )
    with pytest.raises(ValidationError, match="密级或内部资料"):
        pub.letter_publish(actor=people["office"], letter=marked)


def test_only_the_office_or_the_leader_publishes(
    write: Callable[..., Letter], people: dict[str, Any], dept: Organ
) -> None:
    letter = _answered(write, people, dept, consent_publish=True)
    with pytest.raises(PermissionDenied):
        pub.letter_publish(actor=people["editor"], letter=letter)
    with pytest.raises(PermissionDenied):
        pub.letter_publish(actor=people["leader2"], letter=letter)
