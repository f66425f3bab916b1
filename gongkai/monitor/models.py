"""网站监管 (issue 17): the registry of sites and their columns, each run's pages and findings,
availability probes, and the approved text of what gongkai published (the integrity check).

No status workflow: a run is unfinished while `finished_at` is empty (and then resumable).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from gongkai.orgs.models import Organ


class SiteKind(models.TextChoices):
    PORTAL = "portal", "政府门户网站"
    DEPARTMENT = "department", "部门网站"


class Platform(models.TextChoices):
    GONGKAI = "gongkai", "本平台（gongkai）"
    EXTERNAL = "external", "其他系统"


class ColumnKind(models.TextChoices):
    NEWS = "news", "动态要闻"
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策文件"
    PERSONNEL = "personnel", "人事"
    PLAN = "plan", "规划计划"
    INTERACTION = "interaction", "互动"
    OTHER = "other", "其他"


class Site(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name="主办机关", on_delete=models.PROTECT, related_name="monitored_sites"
    )
    name = models.CharField("网站名称", max_length=100)
    base_url = models.URLField("首页地址", max_length=300, unique=True)
    kind = models.CharField("网站类型", max_length=16, choices=SiteKind.choices)
    platform = models.CharField(
        "建设方式", max_length=16, choices=Platform.choices, default=Platform.EXTERNAL
    )
    id_code = models.CharField("政府网站标识码", max_length=10, blank=True)
    max_pages = models.PositiveIntegerField("每次最多抓取页数", default=300)
    alert_emails = models.CharField(
        "告警邮箱", max_length=500, blank=True, help_text="多个邮箱用逗号分隔；另发站内通知。"
    )
    active = models.BooleanField("监测中", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "监测网站"
        verbose_name_plural = "监测网站"
        ordering = ["organ__tree_key", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitor:site", args=[self.pk])

    @property
    def is_own(self) -> bool:
        return self.platform == Platform.GONGKAI


class SiteColumn(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目名称", max_length=60)
    url = models.URLField("栏目地址", max_length=500, blank=True)
    kind = models.CharField("栏目类型", max_length=16, choices=ColumnKind.choices)
    first_level = models.BooleanField("一级栏目", default=True)
    window_days = models.PositiveIntegerField(
        "更新时限（天）", null=True, blank=True, help_text="留空：按检查指标（动态要闻 14 天等）。"
    )
    catalog_column = models.ForeignKey(
        "catalog.Column",
        verbose_name="本平台栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "监测栏目"
        verbose_name_plural = "监测栏目"
        ordering = ["site", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.site} / {self.name}"


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", "每日监测"
    MANUAL = "manual", "人工发起"
    COMMAND = "command", "命令行"


class Verdict(models.TextChoices):
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Run(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField("发起方式", max_length=16, choices=Trigger.choices)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    pages = models.PositiveIntegerField("抓取页数", default=0)
    verdict = models.CharField("结论", max_length=8, choices=Verdict.choices, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    single_veto = models.JSONField("单项否决", default=list, blank=True)
    summary = models.JSONField("各项检查", default=dict, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "监测记录"
        verbose_name_plural = "监测记录"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.site} {self.started_at:%Y-%m-%d %H:%M}"


class Page(models.Model):
    """One fetch of a run: what came back, how long it took, and the content's hash."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="fetched")
    url = models.CharField("地址", max_length=2000)
    url_hash = models.CharField(max_length=64)
    depth = models.PositiveSmallIntegerField("层级", default=0)
    referrer = models.CharField("来源页", max_length=2000, blank=True)
    external = models.BooleanField("外部链接", default=False)
    fetched_at = models.DateTimeField("抓取时间")
    http_status = models.PositiveSmallIntegerField("HTTP状态", null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)
    content_hash = models.CharField("内容哈希", max_length=64, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    encoding = models.CharField("字符集", max_length=30, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    truncated = models.BooleanField("超长截断", default=False)
    redirects = models.JSONField("跳转", default=list, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    newest_date = models.DateField("最新日期", null=True, blank=True)
    links = models.JSONField("站内链接", default=list, blank=True)
    facts = models.JSONField("检查用数据", default=dict, blank=True)
    verdict = models.CharField("内容判断", max_length=12, blank=True)

    class Meta:
        verbose_name = "抓取页面"
        verbose_name_plural = "抓取页面"
        constraints = [
            models.UniqueConstraint(fields=["run", "url_hash"], name="monitor_page_once_per_run")
        ]

    def __str__(self) -> str:
        return self.url


class Severity(models.TextChoices):
    INFO = "info", "提示"
    LOW = "low", "轻微"
    MEDIUM = "medium", "可疑"
    HIGH = "high", "严重"


class Finding(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="findings")
    check_name = models.CharField("检查项", max_length=40, db_index=True)
    severity = models.CharField("严重程度", max_length=8, choices=Severity.choices)
    indicator = models.CharField("单项否决指标", max_length=40, blank=True)
    url = models.CharField("页面", max_length=2000, blank=True)
    evidence = models.TextField("证据")
    snippet = models.TextField("摘录", blank=True)
    path = models.CharField("元素位置", max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "监测发现"
        verbose_name_plural = "监测发现"
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.evidence[:40]}"


class Probe(models.Model):
    """An availability probe of a site's home page (站点无法访问: ≥20 a day over a week)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField("时间", db_index=True)
    ok = models.BooleanField("打开")
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "可用性探测"
        verbose_name_plural = "可用性探测"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.site} {self.at:%Y-%m-%d %H:%M}"


class ApprovedText(models.Model):
    """The text of an item as it was approved and published: the integrity check compares the
    served page with it. Kept at each publication (receivers.py)."""

    item = models.ForeignKey(
        "catalog.Item", on_delete=models.CASCADE, related_name="+", verbose_name="政府信息"
    )
    title = models.CharField("标题", max_length=300)
    text = models.TextField("正文文字")
    sha256 = models.CharField(max_length=64)
    approved_at = models.DateTimeField("发布时间")

    class Meta:
        verbose_name = "发布时的正文"
        verbose_name_plural = "发布时的正文"
        ordering = ["item", "-approved_at", "-pk"]

    def __str__(self) -> str:
        return self.title
