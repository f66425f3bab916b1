"""One inspection of one site: the pages a crawl brought (as they come), then the report.

`Inspection.add(fetched)` turns a fetch into a `PageRecord` (the facts the checks need, small
enough to store) and the page's own findings (spam, hidden links, integrity); `report()` runs
every registered check (`checks.py`) over the records and scores the site. The same object
serves `gongkai monitor scan` (nothing stored) and the daily run (each record stored at once, so
a crawl stopped half-way resumes from the database).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from gongkai.monitor import own
from gongkai.monitor.crawler import Fetched
from gongkai.monitor.data import indicators
from gongkai.monitor.detect.classify import CLEAN, check_doc, check_text
from gongkai.monitor.detect.dates import find_dates
from gongkai.monitor.detect.domains import host_of
from gongkai.monitor.detect.findings import Finding, Severity
from gongkai.monitor.detect.html import PageDoc
from gongkai.orgs.models import Organ


@dataclass
class ColumnSpec:
    name: str
    url: str
    kind: str
    first_level: bool = True
    window: int | None = None  # days; None: the indicators' window for the kind
    # From our own data (no crawling needed); None: read from the crawled page.
    newest: date | None = None
    blank: bool | None = None
    own: bool = False
    counted: bool = True  # counts for the veto (False: a sub-site's column, noted only)


@dataclass
class PageRecord:
    url: str
    depth: int
    external: bool
    http_status: int | None
    error: str
    elapsed_ms: int
    referrer: str = ""
    title: str = ""
    newest: date | None = None
    links: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    verdict: str = ""

    @property
    def dead(self) -> bool:
        return bool(self.error) or self.http_status is None or self.http_status >= 400


@dataclass
class SiteReport:
    url: str
    today: date
    own: bool
    pages: int
    single_veto: list[str]
    verdict: str
    verdict_text: str
    score: float | None
    findings: list[Finding]
    checks: dict[str, dict[str, Any]]
    deductions: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "date": self.today.isoformat(),
            "own_site": self.own,
            "pages": self.pages,
            "single_veto": self.single_veto,
            "verdict": "合格" if self.verdict == "pass" else "不合格",
            "verdict_text": self.verdict_text,
            "score": self.score,
            "deductions": self.deductions,
            "checks": self.checks,
            "findings": [f.as_dict() for f in self.findings],
        }


def _status_words() -> tuple[list[str], list[str]]:
    words = indicators()["interaction_status"]
    return list(words["unanswered"]), list(words["answered"])


def page_facts(doc: PageDoc, *, today: date) -> dict[str, Any]:
    """What the site checks read from a page, kept with the page record."""
    dates = find_dates(doc.visible_text, today=today)
    internal_host = host_of(doc.url)
    content = sorted(
        {
            link.href
            for link in doc.links
            if not link.chrome and not link.hidden and host_of(link.href) == internal_host
        }
    )
    nav = [
        [link.text[:20], link.href]
        for link in doc.links
        if link.text and len(link.text) <= 12 and host_of(link.href) == internal_host
    ][:300]
    unanswered_words, answered_words = _status_words()
    waiting: list[str] = []
    answered = 0
    for row in doc.rows:
        row_dates = find_dates(row.text, today=today)
        if not row_dates:
            continue
        if any(w in row.text for w in unanswered_words):
            waiting.append(min(row_dates).isoformat())
        elif any(w in row.text for w in answered_words):
            answered += 1
    return {
        "dated": bool(dates),
        "content_links": content[:300],
        "nav": nav,
        "unanswered": sorted(waiting)[:100],
        "answered": answered,
        "text_chars": len(doc.visible_text),
        "form": doc.has_form,
    }


class Inspection:
    def __init__(
        self,
        *,
        base_url: str,
        today: date,
        kind: str = "portal",
        columns: list[ColumnSpec] | None = None,
        organs: list[Organ] | None = None,
        own_site: bool | None = None,
        probes: tuple[int, int] | None = None,
    ) -> None:
        self.base_url = base_url
        self.today = today
        self.kind = kind
        self.columns = list(columns or [])
        self.organs = organs
        # None: decide from the home page (is it this installation's?)
        self.own_site = own_site
        self.probes = probes
        self.pages: list[PageRecord] = []
        self.page_findings: list[Finding] = []
        self.home_retries: list[PageRecord] = []
        self.aborted = ""  # why the crawl stopped early, if it did

    def add(self, fetched: Fetched) -> tuple[PageRecord, list[Finding]]:
        record = PageRecord(
            url=fetched.url,
            depth=fetched.depth,
            external=fetched.external,
            http_status=fetched.http_status,
            error=fetched.error,
            elapsed_ms=fetched.elapsed_ms,
            referrer=fetched.referrer,
            links=fetched.links,
        )
        findings: list[Finding] = []
        doc = fetched.doc
        if doc is not None:
            record.title = doc.title[:300]
            record.facts = page_facts(doc, today=self.today)
            dates = find_dates(doc.visible_text, today=self.today)
            record.newest = max(dates) if dates else None
            verdict = check_doc(doc, url=fetched.url)
            record.verdict = verdict.verdict
            findings = verdict.findings
            if fetched.depth == 0 and self.own_site is None:
                self.own_site = own.is_own_site(doc)
            if self.own_site:
                findings += self._integrity(fetched.url, doc)
        elif fetched.text and not fetched.external:
            verdict = check_text(fetched.text, url=fetched.url)
            record.verdict = verdict.verdict
            findings = verdict.findings
        if findings and any(f.severity == Severity.HIGH for f in findings):
            record.verdict = "compromised"
        elif not record.verdict and not fetched.external and fetched.text:
            record.verdict = CLEAN
        self.pages.append(record)
        self.page_findings += findings
        return record, findings

    def restore(self, record: PageRecord, findings: list[Finding]) -> None:
        """A page stored by an earlier session of the same run (resuming)."""
        self.pages.append(record)
        self.page_findings += findings

    def _integrity(self, url: str, doc: PageDoc) -> list[Finding]:
        from gongkai.monitor.checks import integrity_findings

        match = own.ITEM_PATH.search(url)
        if not match:
            return []
        diff = own.compare(int(match.group(1)), doc)
        return integrity_findings(url, diff) if diff else []

    @property
    def home(self) -> PageRecord | None:
        return next((p for p in self.pages if p.depth == 0 and not p.external), None)

    def own_organs(self) -> list[Organ]:
        return self.organs if self.organs is not None else own.root_organs()

    def report(self) -> SiteReport:
        from gongkai.monitor import checks, rules

        findings: list[Finding] = []
        summary: dict[str, dict[str, Any]] = {}
        vetoes: list[str] = []
        deductions: dict[str, float] = {}
        for check in checks.REGISTRY:
            result = check.run(self)
            findings += result.findings
            summary[check.code] = {"label": check.label, **result.figures}
            if result.veto and result.veto.fails:
                summary[check.code]["veto"] = result.veto.reason
                if check.indicator not in vetoes:
                    vetoes.append(check.indicator)
            for key, points in result.deductions.items():
                deductions[key] = deductions.get(key, 0.0) + points
        vetoes = [v for v in rules.VETO_ORDER if v in vetoes]
        points = rules.score(deductions)
        verdict, text = rules.verdict(vetoes=vetoes, points=points)
        return SiteReport(
            url=self.base_url,
            today=self.today,
            own=bool(self.own_site),
            pages=sum(1 for p in self.pages if not p.external),
            single_veto=vetoes,
            verdict=verdict,
            verdict_text=text,
            score=None if vetoes else points,
            findings=findings,
            checks=summary,
            deductions={k: round(v, 1) for k, v in deductions.items() if v},
        )


def record_dict(record: PageRecord) -> dict[str, Any]:
    out = asdict(record)
    out["newest"] = record.newest.isoformat() if record.newest else None
    return out
