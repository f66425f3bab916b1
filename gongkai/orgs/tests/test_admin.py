from gongkai.catalog.models import Column
from gongkai.core.identifiers import make_org_code, make_uscc
from gongkai.orgs.models import Organ


def test_organ_added_in_admin_gets_columns(admin_client) -> None:
    org = make_org_code("55500001")
    response = admin_client.post(
        "/admin/orgs/organ/add/",
        {
            "name": "测试县人民政府",
            "kind": "government",
            "level": "county",
            "credit_code": make_uscc(registration="11", division="330100", org_code9=org),
            "org_code": org,
            "sort_order": 1,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organ = Organ.objects.get(name="测试县人民政府")
    assert Column.objects.filter(organ=organ, code="guide").exists()
    assert Column.objects.filter(organ=organ, name="治安管理").exists()
