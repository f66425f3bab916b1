import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog.models import Column
from gongkai.orgs.models import Organ


def test_new_organ_gets_standard_columns(make_organ) -> None:
    organ = make_organ("某市人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.CITY)
    names = set(Column.objects.filter(organ=organ).values_list("name", flat=True))
    for required in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政策文件",
        "政策解读",
        "政府信息公开年报",
        "重点领域信息公开",
    ]:
        assert required in names
    statutory = Column.objects.get(organ=organ, code="statutory")
    articles = list(statutory.children.values_list("article", flat=True))
    assert articles.count("21") == 7  # Art. 21 city/county topics
    assert sum(1 for a in articles if a.startswith("20.")) == 15


def test_township_and_province_get_their_own_art21_columns(make_organ) -> None:
    town = make_organ("某镇人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.TOWNSHIP)
    province = make_organ("某省人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.PROVINCE)
    assert Column.objects.filter(organ=town, name="宅基地使用情况审核").exists()
    assert not Column.objects.filter(organ=town, name="治安管理").exists()
    assert not Column.objects.filter(organ=province, article="21").exists()


def test_invalid_credit_code_is_refused(make_organ) -> None:
    with pytest.raises(ValidationError) as exc:
        make_organ("坏代码局", credit_code="91350100M000100Y44")
    assert "统一社会信用代码无效" in str(exc.value)
    assert not Organ.objects.filter(name="坏代码局").exists()


def test_subtree_path(make_organ) -> None:
    city = make_organ("市政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("市教育局", parent=city)
    county = make_organ("县政府", parent=city, kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)
    county_dept = make_organ("县教育局", parent=county, level=Organ.Level.COUNTY)
    assert set(city.subtree()) == {city, dept, county, county_dept}
    assert [o.name for o in county_dept.ancestors()] == ["市政府", "县政府"]
