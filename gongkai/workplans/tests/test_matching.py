"""Organ phrases matched to the plan organ's subtree: groups, names, short forms, and none."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.orgs.models import Organ
from gongkai.workplans.matching import match_phrases

pytestmark = pytest.mark.django_db


def test_phrases_to_organs(
    city: Organ, finance: Organ, housing: Organ, county: Organ, county_dept: Organ,
    elsewhere: Organ, make_organ: Any,
) -> None:  # fmt: skip
    hrss = make_organ("测试市人力资源和社会保障局", parent=city)
    other_finance = make_organ("另一市财政局", parent=elsewhere)
    phrases = ["市政府办公室", "各县（区、市）人民政府", "市直各单位", "市财政局", "市住建局",
               "市人社局", "财政局", "开发区管委会", "另一市财政局"]  # fmt: skip
    got = match_phrases(city, phrases)
    assert got["市政府办公室"].organs == [city] and got["市政府办公室"].group == "self"
    assert got["各县（区、市）人民政府"].organs == [county]
    assert set(got["市直各单位"].organs) == {finance, housing, hrss}
    assert got["市财政局"].organs == [finance]  # not 东湖县财政局: “市” names the level
    assert got["市住建局"].organs == [housing]  # 住建局 → 住房和城乡建设局
    assert got["市人社局"].organs == [hrss]
    # 财政局 alone fits the city's and the county's: a person chooses.
    assert not got["财政局"].matched and set(got["财政局"].candidates) == {finance, county_dept}
    assert not got["开发区管委会"].matched and got["开发区管委会"].candidates == []
    # An organ of another tree is never a candidate.
    assert not got["另一市财政局"].matched and other_finance not in got["另一市财政局"].candidates
