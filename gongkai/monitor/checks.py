"""The site checks, each a small registered class (issue 17 §3): what it reads from the
inspection, its findings, the single-veto indicator it may fail, and its deductions.

Page-level detection (spam, hidden links, integrity) runs as each page arrives
(`inspect.Inspection.add`); `TamperCheck` and `IntegrityCheck` gather those findings here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from gongkai.monitor import own, rules
from gongkai.monitor.data import indicators
from gongkai.monitor.detect.domains import host_of, is_local_host
from gongkai.monitor.detect.findings import Finding, Severity

if TYPE_CHECKING:
    from gongkai.monitor.inspect import ColumnSpec, Inspection, PageRecord


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    veto: rules.Outcome | None = None
    deductions: dict[str, float] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)


class Check:
    code = ""
    label = ""
    indicator = ""  # the single-veto indicator this check decides ("" for none)

    def run(self, insp: Inspection) -> CheckResult:
        raise NotImplementedError


REGISTRY: list[Check] = []


def register(cls: type[Check]) -> type[Check]:
    REGISTRY.append(cls())
    return cls


def _points(key: str, count: float) -> dict[str, float]:
    per = float(indicators()["deductions"][key]["per"])
    return {key: per * count} if count else {}


@register
class AvailabilityCheck(Check):
    """站点无法访问: the site's probes over the past week, this run's home fetch included."""

    code = "availability"
    label = "站点可访问"
    indicator = rules.UNREACHABLE

    def run(self, insp: Inspection) -> CheckResult:
        tries = [p for p in [insp.home, *insp.home_retries] if p is not None]
        probes, failed = insp.probes or (0, 0)
        slow_ms = int(indicators()["single_veto"]["unreachable"]["timeout_s"]) * 1000
        probes += len(tries)
        failed += sum(1 for p in tries if p.dead or p.elapsed_ms >= slow_ms)
        outcome = rules.unreachable(probes=probes, failed=failed)
        findings = []
        if outcome.fails:
            last = tries[-1] if tries else None
            findings.append(
                Finding(
                    check=self.code,
                    severity=Severity.HIGH,
                    evidence=outcome.reason
                    + (f"；本次：{last.error or last.http_status}" if last else ""),
                    url=insp.base_url,
                    indicator=self.indicator,
                )
            )
        if insp.aborted:
            findings.append(
                Finding("crawl_aborted", Severity.MEDIUM, insp.aborted, url=insp.base_url)
            )
        return CheckResult(findings, outcome, figures={"probes": probes, "failed": failed})


def _reachable(insp: Inspection) -> bool:
    home = insp.home
    return home is not None and not home.dead


@register
class HomepageUpdateCheck(Check):
    """首页不更新: the newest date on the home page (or, for a home page that is only a list of
    column entrances, on the second-level pages); our own data for our own sites."""

    code = "homepage_update"
    label = "首页更新"
    indicator = rules.HOMEPAGE_STALE

    def run(self, insp: Inspection) -> CheckResult:
        if not _reachable(insp):
            return CheckResult(figures={"skipped": "首页无法访问"})
        home = insp.home
        if home is None:
            return CheckResult()
        newest = home.newest
        source = "首页"
        if insp.own_site:
            newest, source = own.homepage_newest(insp.own_organs()), "本平台数据"
        elif newest is None:
            second = [p.newest for p in insp.pages if p.depth == 1 and p.newest and not p.external]
            newest, source = (max(second), "二级页面") if second else (None, "首页")
        outcome = rules.homepage_stale(newest=newest, today=insp.today)
        findings = []
        if outcome.fails:
            findings.append(
                Finding(
                    self.code, Severity.HIGH, outcome.reason, url=home.url, indicator=self.indicator
                )
            )
        figures = {"newest": newest.isoformat() if newest else None, "source": source}
        return CheckResult(findings, outcome, figures=figures)


def discover_columns(insp: Inspection) -> list[ColumnSpec]:
    """Columns named in the home page's navigation (by the words of `column_keywords`)."""
    from gongkai.monitor.inspect import ColumnSpec

    home = insp.home
    if home is None:
        return []
    keywords = indicators()["column_keywords"]
    found: dict[str, ColumnSpec] = {}
    for text, url in home.facts.get("nav", []):
        if url in found or url.rstrip("/") == insp.base_url.rstrip("/"):
            continue
        for kind, words in keywords.items():
            if any(w in text for w in words):
                found[url] = ColumnSpec(name=text, url=url, kind=kind)
                break
    return list(found.values())


def _columns(insp: Inspection) -> list[ColumnSpec]:
    from gongkai.monitor.inspect import ColumnSpec

    if insp.columns:
        return insp.columns
    if insp.own_site:
        cols = [
            ColumnSpec(
                c.name, c.url, c.kind, c.first_level, None, c.newest, c.blank, True, c.counted
            )
            for c in own.columns(insp.own_organs(), base_url=insp.base_url)
        ]
        discovered = [c for c in discover_columns(insp) if c.kind == "interaction"]
        return cols + discovered
    return discover_columns(insp)


def _page(insp: Inspection, url: str) -> PageRecord | None:
    wanted = url.rstrip("/")
    return next((p for p in insp.pages if p.url.rstrip("/") == wanted and not p.external), None)


@register
class ColumnsCheck(Check):
    """栏目不更新: update windows by kind, 应更新但长期未更新, and 空白栏目."""

    code = "columns"
    label = "栏目更新"
    indicator = rules.COLUMNS_STALE

    def run(self, insp: Inspection) -> CheckResult:
        if not _reachable(insp):
            return CheckResult(figures={"skipped": "首页无法访问"})
        findings: list[Finding] = []
        key_stale = long_stale = blank = unread = noted = 0
        home_links = set(insp.home.links) if insp.home else set()
        rows: list[dict[str, Any]] = []
        for col in _columns(insp):
            if col.kind == "interaction":
                continue
            newest, is_blank = col.newest, col.blank
            if not col.own:
                page = _page(insp, col.url)
                if page is None or page.dead:
                    unread += 1
                    rows.append({"name": col.name, "url": col.url, "state": "未能读取"})
                    continue
                newest = page.newest
                content = set(page.facts.get("content_links", [])) - home_links - {page.url}
                is_blank = newest is None and not content
            window = rules.column_window(col.kind, col.window)
            state = "正常"
            if not col.counted:
                if is_blank or rules.column_is_stale(
                    newest=newest, window=window, today=insp.today
                ):
                    noted += 1
                    findings.append(
                        Finding(
                            "subsite_column",
                            Severity.INFO,
                            f"下级机关栏目“{col.name}”"
                            + ("为空白栏目" if is_blank else f"超过{window}天未更新")
                            + "（该机关的网站单独检查时计入）",
                            url=col.url,
                        )
                    )
                continue
            if is_blank:
                blank += 1
                state = "空白栏目"
                findings.append(
                    Finding(
                        "column_blank",
                        Severity.MEDIUM,
                        f"“{col.name}”是空白栏目（自开设以来没有任何信息）",
                        url=col.url,
                    )
                )
            elif rules.column_is_stale(newest=newest, window=window, today=insp.today):
                state = "未按时更新"
                if rules.counts_for_first_rule(col.kind, col.first_level):
                    key_stale += 1
                else:
                    long_stale += 1
                when = (
                    f"最新信息为{newest:%Y-%m-%d}"
                    if newest
                    else "栏目信息未注明发布时间（视为不更新）"
                )
                findings.append(
                    Finding(
                        "column_stale",
                        Severity.MEDIUM,
                        f"“{col.name}”（{_kind_label(col.kind)}）{when}，超过{window}天未更新",
                        url=col.url,
                    )
                )
            rows.append(
                {
                    "name": col.name,
                    "url": col.url,
                    "kind": col.kind,
                    "newest": newest.isoformat() if newest else None,
                    "window": window,
                    "state": state,
                }
            )
        outcome = rules.columns_stale(key_stale=key_stale, long_stale=long_stale, blank=blank)
        if outcome.fails:
            for f in findings:
                f.indicator = self.indicator
            findings.insert(
                0,
                Finding(
                    self.code,
                    Severity.HIGH,
                    outcome.reason,
                    url=insp.base_url,
                    indicator=self.indicator,
                ),
            )
        deductions = {
            **_points("column_stale", key_stale + long_stale),
            **_points("column_blank", blank),
        }
        figures = {
            "columns": len(rows),
            "stale": key_stale + long_stale,
            "blank": blank,
            "unread": unread,
            "subsite_noted": noted,
            "rows": rows[:200],
        }
        return CheckResult(findings, outcome, deductions, figures)


def _kind_label(kind: str) -> str:
    from gongkai.monitor.models import ColumnKind

    return str(dict(ColumnKind.choices).get(kind, kind))


@register
class DeadLinksCheck(Check):
    """死链/错链: internal pages and external links that do not open (deduction; target <1%)."""

    code = "dead_links"
    label = "链接可用性"

    def run(self, insp: Inspection) -> CheckResult:
        checked = [p for p in insp.pages if p.depth > 0]
        dead = [p for p in checked if p.dead]
        findings = [
            Finding(
                "dead_link",
                Severity.LOW,
                f"{'外部' if p.external else '站内'}链接无法打开：{p.error or p.http_status}",
                url=p.referrer,
                snippet=p.url,
            )
            for p in dead[:200]
        ]
        ok = rules.dead_link_ratio_ok(dead=len(dead), total=len(checked))
        figures = {
            "checked": len(checked),
            "dead": len(dead),
            "internal_dead": sum(1 for p in dead if not p.external),
            "ratio": round(len(dead) / len(checked), 4) if checked else 0.0,
            "within_target": ok,
        }
        return CheckResult(findings, None, _points("dead_links", len(dead)), figures)


@register
class InteractionCheck(Check):
    """互动回应差: our mailbox's figures for our own sites (failed when the mailbox is not
    installed); elsewhere the configured or discovered 互动 column's messages and dates."""

    code = "interaction"
    label = "互动回应"
    indicator = rules.INTERACTION

    def run(self, insp: Inspection) -> CheckResult:
        if not _reachable(insp):
            return CheckResult(figures={"skipped": "首页无法访问"})
        figures: dict[str, Any] = {}
        if insp.own_site:
            data = own.interaction(insp.own_organs(), today=insp.today)
            figures = {
                "source": "本平台互动交流" if data.installed else "未安装互动交流功能",
                "channels": data.channels,
                "unanswered_over_three_months": data.unanswered_over,
            }
            has_channel, oldest = data.has_channel, data.oldest_unanswered
            if oldest and not rules.within_lookback(oldest, insp.today):
                oldest = None
        else:
            cols = [c for c in _columns(insp) if c.kind == "interaction"]
            pages = [p for p in (_page(insp, c.url) for c in cols) if p is not None and not p.dead]
            has_channel = bool(pages)
            waiting = [
                date.fromisoformat(d)
                for p in pages
                for d in p.facts.get("unanswered", [])
                if rules.within_lookback(date.fromisoformat(d), insp.today)
            ]
            oldest = min(waiting, default=None)
            figures = {
                "source": "互动栏目",
                "columns": [c.url for c in cols],
                "waiting": len(waiting),
            }
        outcome = rules.interaction(
            has_channel=has_channel, oldest_unanswered=oldest, today=insp.today
        )
        findings = []
        if outcome.fails:
            findings.append(
                Finding(
                    self.code,
                    Severity.HIGH,
                    outcome.reason,
                    url=insp.base_url,
                    indicator=self.indicator,
                )
            )
        return CheckResult(findings, outcome, figures=figures)


def _article(insp: Inspection, page: PageRecord) -> bool:
    """An article page (what must show its publication date): on our own sites an item page;
    elsewhere a page below the columns with text, few links, no form and no query string."""
    if page.external or page.dead:
        return False
    if insp.own_site:
        return bool(own.ITEM_PATH.search(page.url))
    return (
        page.depth >= 2
        and "?" not in page.url
        and not page.facts.get("form")
        and page.facts.get("text_chars", 0) >= 200
        and len(page.facts.get("content_links", [])) <= 5
    )


@register
class UndatedPagesCheck(Check):
    """未注明发布时间: article pages without a date (2015 普查: 视为不更新)."""

    code = "undated_pages"
    label = "发布时间"

    def run(self, insp: Inspection) -> CheckResult:
        articles = [p for p in insp.pages if _article(insp, p)]
        undated = [p for p in articles if not p.facts.get("dated")]
        findings = [
            Finding("undated_page", Severity.LOW, f"页面“{p.title[:40]}”未注明发布时间", url=p.url)
            for p in undated[:100]
        ]
        figures = {"articles": len(articles), "undated": len(undated)}
        return CheckResult(findings, None, _points("undated_pages", len(undated)), figures)


@register
class DomainCheck(Check):
    """国办发〔2017〕47号: .gov.cn, www.□□□.gov.cn for portals, ○○○.□□□.gov.cn for departments."""

    code = "domain"
    label = "域名规范"

    def run(self, insp: Inspection) -> CheckResult:
        host = host_of(insp.base_url)
        if is_local_host(host):
            return CheckResult(figures={"host": host, "note": "本地或内网地址，不适用域名规则"})
        problem = rules.domain_problem(host, kind=insp.kind)
        if not problem:
            return CheckResult(figures={"host": host})
        finding = Finding(self.code, Severity.MEDIUM, problem, url=insp.base_url)
        return CheckResult(
            [finding], None, _points("domain", 1), {"host": host, "problem": problem}
        )


@register
class TamperCheck(Check):
    """挂马、篡改、暗链、垃圾信息 (安全、泄密事故等严重问题 item 3–4): the pages' findings."""

    code = "tamper"
    label = "篡改与垃圾信息"
    indicator = rules.SECURITY

    def run(self, insp: Inspection) -> CheckResult:
        found = [f for f in insp.page_findings if f.check != "integrity"]
        high = [f for f in found if f.severity == Severity.HIGH]
        medium = [f for f in found if f.severity == Severity.MEDIUM]
        pages = {f.url for f in high}
        outcome = rules.Outcome(
            bool(high),
            f"{len(pages)}个页面出现垃圾信息、暗链或被篡改的迹象" if high else "未见篡改迹象",
        )
        suspicious = {f.url for f in medium} - pages
        figures = {
            "compromised_pages": len(pages),
            "suspicious_pages": len(suspicious),
            "pages_checked": sum(1 for p in insp.pages if p.verdict),
        }
        return CheckResult(found, outcome, _points("tamper", len(suspicious)), figures)


def integrity_findings(url: str, diff: own.IntegrityDiff) -> list[Finding]:
    inserted = "；".join(diff.inserted)[:300]
    removed = "；".join(diff.removed)[:300]
    parts = []
    if diff.title_changed:
        parts.append("标题与发布时不同")
    if diff.inserted:
        parts.append(f"多出{len(diff.inserted)}处文字")
    if diff.removed:
        parts.append(f"缺少{len(diff.removed)}处文字")
    basis = "发布时保存的版本" if diff.baseline_kept else "数据库中的现行版本"
    return [
        Finding(
            check="integrity",
            severity=Severity.HIGH,
            evidence=f"页面内容与审核通过的版本（{basis}）不一致：" + "，".join(parts),
            url=url,
            snippet=f"+ {inserted}" + (f"\n- {removed}" if removed else ""),
            path="section.item-body",
            indicator=rules.SECURITY,
            data={
                "item": diff.item_id,
                "inserted": diff.inserted[:20],
                "removed": diff.removed[:20],
            },
        )
    ]


@register
class IntegrityCheck(Check):
    """Pages gongkai published, compared with their approved text (issue 17 §4)."""

    code = "integrity"
    label = "内容完整性"
    indicator = rules.SECURITY

    def run(self, insp: Inspection) -> CheckResult:
        found = [f for f in insp.page_findings if f.check == "integrity"]
        compared = sum(1 for p in insp.pages if own.ITEM_PATH.search(p.url)) if insp.own_site else 0
        outcome = rules.Outcome(bool(found), f"{len(found)}个页面与审核通过的版本不一致")
        figures = {"compared": compared, "changed": len(found)}
        return CheckResult(found, outcome, _points("integrity", len(found)), figures)
