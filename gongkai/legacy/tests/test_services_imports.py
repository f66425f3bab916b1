"""Importing a saved archive folder: items with their original 索引号 and dates, attachments,
what could not be mapped in the report; a dry run writes nothing; a rerun skips what is done."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.catalog.models import Item, Status, Validity
from gongkai.core.models import AuditEvent
from gongkai.legacy.models import LegacyPage, LegacyRun, Outcome, SourceKind
from gongkai.legacy.services.imports import SKIPPED, ImportOptions, ImportReport, import_site
from gongkai.legacy.sources import Source, SourcePage, archive_source
from gongkai.legacy.tests.sites import Article, default_articles, write_site

Run = Callable[..., ImportReport]


def _by_title(report: ImportReport) -> dict[str, Any]:
    return {p.title: p for p in report.pages}


@pytest.mark.parametrize("layout", ["trs", "dahan", "plain"])
def test_archive_import_keeps_index_number_dates_and_attachments(
    tmp_path: Path, layout: str, run_archive: Run
) -> None:
    write_site(tmp_path, layout)
    report = run_archive(tmp_path)
    pages = _by_title(report)
    assert report.not_information == 1  # the index page
    first = Item.objects.get(title="岚山县就业补贴申领办法")
    assert first.status == Status.PUBLISHED
    assert first.index_number == "11330100MB0000001X/2024-00011"
    assert timezone.localtime(first.published_at).date() == date(2024, 3, 5)
    assert first.written_on == date(2024, 3, 1)
    assert first.doc_number == "岚人社发〔2024〕3号"
    assert first.topic is not None and first.topic.label == "综合政务\\政务公开"
    assert first.column.code == "policy"  # a page with a 文号 goes to 政策文件
    assert [a.original_name for a in first.attachments.all()] == ["P020240305.pdf"]
    assert pages["岚山县就业补贴申领办法"].outcome == Outcome.PUBLISHED
    assert pages["岚山县就业补贴申领办法"].problems == []
    legacy = LegacyPage.objects.get(item=first)
    assert legacy.original_index_no == "11330100MB0000001X/2024-00011"
    assert legacy.old_path.endswith("1229_101.html") or legacy.old_path.endswith("101.html")
    assert AuditEvent.objects.filter(action="legacy_page.import").count() == 4


def test_unmapped_values_are_reported(tmp_path: Path, run_archive: Run) -> None:
    write_site(tmp_path, "trs")
    report = run_archive(tmp_path)
    problems = _by_title(report)["关于公布第一批技能培训机构的通告"].problems
    assert "主题分类未能对应：不存在的分类" in problems
    assert "成文日期无法识别：2024年13月40日" in problems
    item = Item.objects.get(title="关于公布第一批技能培训机构的通告")
    assert item.validity == Validity.REPEALED
    assert item.topic is None
    assert item.status == Status.PUBLISHED  # 发布日期 was readable
    assert timezone.localtime(item.published_at).date() == date(2024, 2, 20)


def test_page_without_header_is_imported_with_what_can_be_read(
    tmp_path: Path, run_archive: Run
) -> None:
    write_site(tmp_path, "dahan")
    report = run_archive(tmp_path)
    entry = _by_title(report)["岚山县人社局工作动态（无表头）"]
    assert entry.outcome == Outcome.DRAFT
    assert any("没有信息公开表头" in p for p in entry.problems)
    assert any("没有可识别的日期" in p for p in entry.problems)
    item = Item.objects.get(pk=entry.item_id)
    assert item.status == Status.DRAFT and "现将有关事项通知如下" in item.body
    assert LegacyPage.objects.get(item=item).problems == entry.problems
    assert "没有信息公开表头" in report.as_text()


def test_dry_run_writes_nothing(tmp_path: Path, run_archive: Run) -> None:
    write_site(tmp_path, "plain")
    report = run_archive(tmp_path, dry_run=True)
    assert Item.objects.count() == 0
    assert LegacyRun.objects.count() == LegacyPage.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="legacy").exists()
    assert len(report.pages) == 4
    data = report.as_json()
    assert data["dry_run"] is True
    third = next(p for p in data["pages"] if p["title"] == "关于公布第一批技能培训机构的通告")
    assert "主题分类未能对应：不存在的分类" in third["problems"]
    assert third["fields"]["有效性"] == "已废止"
    assert "试导入（未写入任何数据）" in report.as_text()


def test_rerun_skips_imported_pages_and_limit_resumes(tmp_path: Path, run_archive: Run) -> None:
    write_site(tmp_path, "trs")
    first = run_archive(tmp_path, limit=2)
    assert len(first.pages) == 2 and Item.objects.count() == 2
    second = run_archive(tmp_path)
    outcomes = [p.outcome for p in second.pages]
    assert outcomes.count(SKIPPED) == 2 and len(outcomes) == 4
    assert Item.objects.count() == 4
    third = run_archive(tmp_path)
    assert {p.outcome for p in third.pages} == {SKIPPED}
    assert Item.objects.count() == 4 and LegacyPage.objects.count() == 4


def test_interrupted_run_is_continued(tmp_path: Path, dept: Any, people: dict[str, Any]) -> None:
    write_site(tmp_path, "plain")
    options = ImportOptions(source_label="old-site", source_kind=SourceKind.ARCHIVE)
    real = archive_source(tmp_path)

    def breaks_after_two() -> Iterator[SourcePage]:
        for n, page in enumerate(real.pages):
            if n == 3:
                raise KeyboardInterrupt  # the operator pressed Ctrl-C
            yield page

    broken = Source(pages=breaks_after_two(), fetch=real.fetch, notes=[])
    with pytest.raises(KeyboardInterrupt):
        import_site(actor=people["importer"], organ=dept, source=broken, options=options)
    run = LegacyRun.objects.get()
    assert run.finished_at is None
    done = LegacyPage.objects.count()
    assert done >= 1
    report = import_site(
        actor=people["importer"], organ=dept, source=archive_source(tmp_path), options=options
    )
    assert LegacyRun.objects.get().pk == run.pk == report.run_id  # the same run, continued
    assert LegacyRun.objects.get().finished_at is not None
    assert sum(1 for p in report.pages if p.outcome == SKIPPED) == done
    assert Item.objects.count() == 4


def test_only_organ_admin_may_import(tmp_path: Path, run_archive: Run) -> None:
    write_site(tmp_path, "trs")
    with pytest.raises(PermissionDenied):
        run_archive(tmp_path, actor="editor")
    assert Item.objects.count() == 0 and LegacyRun.objects.count() == 0


def test_without_secrecy_and_approver_posts_items_wait(tmp_path: Path, run_archive: Run) -> None:
    write_site(tmp_path, "trs")
    report = run_archive(tmp_path, actor="admin")
    item = Item.objects.get(title="岚山县就业补贴申领办法")
    assert item.status == Status.SECRECY_REVIEW
    # The original 索引号 and date wait on the item for whoever 签发 it.
    assert item.index_number == "11330100MB0000001X/2024-00011"
    assert _by_title(report)["岚山县就业补贴申领办法"].outcome == Outcome.WAITING


def test_scanner_finding_stops_before_publication(tmp_path: Path, run_archive: Run) -> None:
    article = Article(
        201, "困难群众救助名单", published_on="2024-01-02", body="<p>联系人手机13812345678。</p>"
    )
    write_site(tmp_path, "trs", [article])
    report = run_archive(tmp_path)
    item = Item.objects.get(title="困难群众救助名单")
    assert item.status == Status.SECRECY_REVIEW
    assert any("保密扫描" in p for p in report.pages[0].problems)


def test_index_number_clash_is_renumbered(tmp_path: Path, run_archive: Run) -> None:
    articles = default_articles()[:2]
    articles[1].index_no = articles[0].index_no
    write_site(tmp_path, "trs", articles)
    report = run_archive(tmp_path)
    numbers = sorted(Item.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == 2 and articles[0].index_no in numbers
    assert any("已被本机关其他信息使用" in p for page in report.pages for p in page.problems)


def test_unsupported_attachment_is_listed(tmp_path: Path, run_archive: Run) -> None:
    article = Article(301, "附件为旧格式的通知", attachments=["old.doc"])
    write_site(tmp_path, "plain", [article])
    report = run_archive(tmp_path)
    assert any("格式不受支持" in p for p in report.pages[0].problems)
    assert Item.objects.get().status == Status.PUBLISHED  # the body is enough


def test_attachment_failing_validation_is_listed(tmp_path: Path, run_archive: Run) -> None:
    article = Article(302, "附件损坏的通知", attachments=["broken.pdf"])
    write_site(tmp_path, "plain", [article])
    (tmp_path / "xxgk" / "broken.pdf").write_bytes(b"not a pdf at all")
    report = run_archive(tmp_path)
    assert any("broken.pdf" in p and "未导入" in p for p in report.pages[0].problems)
    assert Item.objects.get().attachments.count() == 0


def test_archive_page_bound_is_noted(tmp_path: Path, dept: Any, people: dict[str, Any]) -> None:
    write_site(tmp_path, "trs")
    options = ImportOptions(source_label="bounded", source_kind=SourceKind.ARCHIVE, dry_run=True)
    source = archive_source(tmp_path, max_pages=2)
    report = import_site(actor=people["importer"], organ=dept, source=source, options=options)
    assert len(report.pages) + report.not_information == 2
    assert any("按上限只读取前 2 个" in note for note in report.notes)
