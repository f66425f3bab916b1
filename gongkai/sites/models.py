"""网站集约化 (issue 20 §5; 国办发〔2017〕47号《政府网站发展指引》 on 集约化 and 统一平台): one
deployment serves the city portal and the sites of its departments, counties and towns.

A `Site` is one public site of the platform: its own host names (`SiteHost`), name, 网站标识码,
备案 numbers, theme colour, home page layout and home page sections; its content is the catalog
of its root organ's subtree. Staff, workflow, search and reports stay shared. Exactly one site is
the primary one (the city portal): unknown host names are answered as the primary site.
With no `Site` row at all, the platform is one site whose identity comes from the site file
(`core/site_file.py`), as before this app.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.orgs.models import Organ


class Layout(models.TextChoices):
    """首页版式: the arrangement of the home page sections (the per-site CSS sets the grid)."""

    GRID = "grid", "栏目并列（多列网格）"
    TWO = "two", "两列"
    SINGLE = "single", "单列（栏目上下排列）"


class Site(models.Model):
    name = models.CharField("网站名称", max_length=100)
    root_organ = models.ForeignKey(
        Organ,
        verbose_name="主办机关",
        on_delete=models.PROTECT,
        related_name="hosted_sites",
        help_text="网站展示该机关及其下属机关的公开信息。",
    )
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    id_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp = models.CharField("ICP备案号", max_length=60, blank=True)
    psb = models.CharField("公安机关备案号", max_length=60, blank=True)
    colour = models.CharField("主题色", max_length=7, default="#b4111c")
    layout = models.CharField(
        "首页版式", max_length=16, choices=Layout.choices, default=Layout.GRID
    )
    #: The column kinds (`catalog.Column.Kind`) whose latest items the home page shows, in order.
    home_kinds = models.JSONField("首页栏目", default=list, blank=True)
    is_primary = models.BooleanField("主站（门户）", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "网站"
        verbose_name_plural = "网站"
        ordering = ["-is_primary", "root_organ__tree_key", "pk"]
        constraints = [
            # At most one primary site (the services keep exactly one once any site exists).
            models.UniqueConstraint(
                fields=["is_primary"], condition=Q(is_primary=True), name="sites_one_primary"
            ),
            models.UniqueConstraint(
                fields=["id_code"], condition=~Q(id_code=""), name="sites_unique_id_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("office_sites:edit", args=[self.pk])


class SiteHost(models.Model):
    """A host name a site answers on: lowercase, without port; one site per host name."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField("域名", max_length=253, unique=True)

    class Meta:
        verbose_name = "网站域名"
        verbose_name_plural = "网站域名"
        ordering = ["site", "pk"]  # the first host of a site is its canonical one

    def __str__(self) -> str:
        return self.host
