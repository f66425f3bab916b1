"""The site identity 《政府网站发展指引》 asks of every page: footer items and SiteIDCode."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

IDENTITY = {
    "SITE_SPONSOR": "岚川市人民政府办公室",
    "SITE_ID_CODE": "4309000001",
    "SITE_ICP": "湘ICP备00000001号",
    "SITE_PSB": "湘公网安备 43090202000001号",
    "SITE_CONTACT": "0737-0000000",
}


def test_footer_and_meta_show_the_configured_identity(client: Client, settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, **IDENTITY}
    html = client.get(reverse("portal:home")).content.decode()
    assert '<meta name="SiteIDCode" content="4309000001">' in html
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "主办单位：岚川市人民政府办公室" in footer and "网站标识码：4309000001" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">湘ICP备00000001号</a>' in footer
    assert "registerSystemInfo?recordcode=43090202000001" in footer
    assert "联系方式：0737-0000000" in footer


def test_nothing_empty_is_shown_and_deploy_check_warns(
    client: Client, settings: Any, capsys: Any
) -> None:
    settings.GONGKAI = {**settings.GONGKAI, **dict.fromkeys(IDENTITY, "")}
    html = client.get(reverse("portal:home")).content.decode()
    assert "SiteIDCode" not in html and "footer-site" not in html
    call_command("check", "--deploy", "--tag", "gongkai")
    err = capsys.readouterr().err
    assert "portal.W201" in err and "政府网站标识码" in err
