"""Fixtures of the mailbox tests: a city government (its 市长信箱) with two departments, and a
person in each post."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.mailbox.models import Channel, ChannelKind, Letter
from gongkai.mailbox.services.intake import LetterInput, letter_receive
from gongkai.orgs.models import Organ


@pytest.fixture
def city(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)


@pytest.fixture
def dept(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市住房和城乡建设局", parent=city)


@pytest.fixture
def dept2(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市城市管理局", parent=city)


@pytest.fixture
def people(make_user: Callable[..., Any], city: Organ, dept: Organ, dept2: Organ) -> dict[str, Any]:
    return {
        "office": make_user("mb-office", organ=city, roles=("organ_admin",)),
        "city_leader": make_user("mb-city-leader", organ=city, roles=("approver",)),
        "editor": make_user("mb-editor", organ=dept, roles=("editor",)),
        "leader": make_user("mb-leader", organ=dept, roles=("approver",)),
        "editor2": make_user("mb-editor2", organ=dept2, roles=("editor",)),
        "leader2": make_user("mb-leader2", organ=dept2, roles=("approver",)),
        "outsider": make_user("mb-outsider"),
    }


@pytest.fixture
def mayor_box(city: Organ) -> Channel:
    return Channel.objects.get(organ=city, kind=ChannelKind.LEADER)


LETTER = {
    "letter_type": "complaint",
    "title": "小区门口道路积水",
    "body": "幸福路12号小区门口每逢下雨积水严重，请尽快处理。我的电话13912345678。",
    "name": "王芳",
    "phone": "13912345678",
}


@pytest.fixture
def write(mayor_box: Channel) -> Callable[..., Letter]:
    def make(channel: Channel | None = None, **fields: Any) -> Letter:
        data = LetterInput(**{**LETTER, **fields})
        return letter_receive(channel=channel or mayor_box, data=data).letter

    return make
