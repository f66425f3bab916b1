"""Compute the annual-report tables from the platform's own data (legal-rules §2, Art. 50).

How a case counts, for a period [start, end] (a calendar year for the annual report, a quarter
for the 季报):

* Only applications with a 收到申请之日 (`receipt_date`, Art. 31) count; one still awaiting
  confirmation of receipt has not been received yet.
* A case is *closed* on its answer date (`answered_on`), or for a withdrawn case on
  `withdrawn_on`. A close date earlier than the receipt date (a data slip) is read as the receipt
  date, so a case is never closed before it arrived.
* 一、本年新收 (`new_received`): receipt date within the period.
* 二、上年结转 (`carried_over`): received before the period and not closed before it started.
* 三、办理结果: closed within the period, counted in the row of its outcome (the outcome keys are
  the 2021 table 三 row keys, `gongkai.applications.outcomes`). A withdrawn case counts as
  （六）其他处理 3.其他. In the 2019 format the three （六） rows are one row `other`.
* 四、结转下年度 (`carried_forward`): received by the end of the period and still open at its end.

Every case received by the end of the period and not closed before its start is therefore in
exactly one of 三 or 四, so R1 (一 + 二 = 三（七） + 四, per column) holds by construction.
Applicant columns: 自然人, or the organisation's subtype (商业企业 … 其他; blank subtype → 其他).

`organ_ids` below is a list of organ ids or a subquery of them (`organ_ids_for`: a province's
3,000 ids stay in the database instead of going out and back as literals).

Table 四 counts each 复议/诉讼 filed within the period, or filed earlier and still undecided at its
start, with its result as at the end of the period (undecided → 尚未审结).

Table 二: 规章 and 行政规范性文件 come from the catalog items that count as policy documents
(`catalog.rules.is_policy_document`, stored as `Item.policy_document`: in the organ's
第二十条第（一）项 column (article "20.1"), in its 政策文件 column, or of kind 政策文件);
an item is a 规章 when its genre is 命令（令） or its 文号 is a “…令第N号”.
The other cells (行政许可/处罚/强制 decisions, 收费金额, 政府集中采购 …) cannot be
known by the platform and are entered by the official with a source note (`manual`
figures). A manual figure also overrides a computed table 二 cell (for example 规章
issued outside the catalog).

For a subtree (汇总) the live figures cover every organ below, and each manual cell is the sum of
the figures the bodies entered in their own reports for the year (blank when nobody entered it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from gongkai.reports.definitions import (
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    Number,
    ReportData,
    ReportFormat,
    Table,
    format_for_year,
)

#: Organ ids: a list, or a subquery of `Organ` primary keys (a subtree).
OrganIds = list[int] | QuerySet[Any, Any]

SCOPE_SELF = "self"
SCOPE_SUBTREE = "subtree"

#: table 二 cells the builder computes from the catalog (all others are manual).
COMPUTED_TABLE2_ROWS = {"regulations", "normative_documents"}


def cell_key(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def manual_cells(fmt: ReportFormat) -> list[str]:
    """table 二 cells the official may enter: every cell (computed ones are overridable)."""
    return [
        cell_key("table2", row.key, col.key)
        for block in fmt.table2
        for row in block.rows
        for col in block.columns
    ]


def parse_number(text: str | int | Decimal | None) -> Number:
    """A figure as typed: integer, or a decimal (万元 amounts); blank → None. Raises ValueError."""
    if text is None:
        return None
    if isinstance(text, int | Decimal):
        return text
    raw = str(text).strip().replace(",", "").replace("，", "")
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None
    if value == value.to_integral_value() and "." not in raw:
        return int(value)
    return value


# ---- table 三 / 四 -------------------------------------------------------------------------


def _empty(rows: Iterable[str], columns: Iterable[str]) -> Table:
    cols = list(columns)
    return {r: dict.fromkeys(cols, 0) for r in rows}


def _column_for(applicant_type: str, org_subtype: str) -> str:
    if applicant_type == "natural":
        return "natural_person"
    return org_subtype if org_subtype in {c.key for c in TABLE3_COLUMNS} else "other"


def _result_row(fmt: ReportFormat, *, withdrawn: bool, outcome: str) -> str:
    key = "other.other" if withdrawn or not outcome else outcome
    if fmt.name == "2019" and key.startswith("other."):
        return "other"
    return key


def _add(table: Table, row: str, column: str, n: int = 1) -> None:
    cell = table[row][column]
    table[row][column] = (cell or 0) + n
    table[row]["total"] = (table[row]["total"] or 0) + n


def applications_table(fmt: ReportFormat, organ_ids: OrganIds, start: date, end: date) -> Table:
    """Table 三 for the organs over [start, end] (see the module docstring for the rules).

    The database groups the applications by what decides their cells (applicant column, outcome,
    received before or within the year, closed before, within or after it) and counts each
    group: a province's subtree has hundreds of thousands of applications and a few hundred
    groups (issue 16 §7: the row-by-row loop took seconds)."""
    from gongkai.applications.models import RELEVANT_UNTIL, Application

    rows = [r.key for r in fmt.table3_rows]
    table = _empty(rows, [c.key for c in TABLE3_COLUMNS])
    # Received by the end and not closed before the start (open, or answered, withdrawn or
    # received on or after it): `application_report_period_idx` answers this range.
    qs = (
        Application.objects.alias(relevant_until=RELEVANT_UNTIL)
        .filter(organ_id__in=organ_ids, receipt_date__isnull=False, receipt_date__lte=end)
        .filter(relevant_until__gte=start)
    )
    # Closed on the answer date, else the withdrawal date; never before it was received.
    qs = qs.annotate(closed=Coalesce("answered_on", "withdrawn_on")).annotate(
        effective=Case(
            When(closed__lt=F("receipt_date"), then=F("receipt_date")),
            default=F("closed"),
            output_field=DateField(),
        )
    )
    groups = qs.annotate(
        state=Case(
            When(effective__isnull=True, then=Value("open")),
            When(effective__lt=start, then=Value("before")),
            When(effective__lte=end, then=Value("closed")),
            default=Value("open"),
            output_field=CharField(),
        ),
        received_now=Case(
            When(receipt_date__gte=start, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        withdrawn=Case(
            When(answered_on__isnull=True, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).values("applicant_type", "org_subtype", "outcome", "state", "received_now", "withdrawn")
    for g in groups.annotate(n=Count("pk")).order_by():
        if g["state"] == "before":
            continue
        column, n = _column_for(g["applicant_type"], g["org_subtype"]), g["n"]
        _add(table, "new_received" if g["received_now"] else "carried_over", column, n)
        if g["state"] == "closed":
            row = _result_row(fmt, withdrawn=g["withdrawn"], outcome=g["outcome"])
            _add(table, row, column, n)
            _add(table, "total_processed", column, n)
        else:
            _add(table, "carried_forward", column, n)
    return table


def challenges_table(organ_ids: OrganIds, start: date, end: date) -> Table:
    """Table 四: one row per group (复议, 直接起诉, 复议后起诉)."""
    from gongkai.applications.models import LegalChallenge

    table = _empty([g.key for g in TABLE4_GROUPS], [c.key for c in TABLE4_COLUMNS])
    qs = LegalChallenge.objects.filter(
        application__organ_id__in=organ_ids, filed_on__lte=end
    ).filter(Q(filed_on__gte=start) | Q(decided_on__isnull=True) | Q(decided_on__gte=start))
    for kind, result, decided in qs.values_list("kind", "result", "decided_on"):
        if kind not in table:
            continue
        column = result if decided is not None and decided <= end else "pending"
        if column not in table[kind] or column == "total":
            column = "other"
        _add(table, kind, column)
    return table


# ---- table 二 --------------------------------------------------------------------------------

#: 规章: published as a 令 (体裁 命令（令）, or a 文号 like 〔2026〕第3号令 / 市政府令第3号).
REGULATION = Q(genre__name="命令（令）") | (
    Q(doc_number__contains="令") & Q(doc_number__contains="第")
)


def documents_table(fmt: ReportFormat, organ_ids: OrganIds, start: date, end: date) -> Table:
    """The computed rows of table 二 (第二十条第（一）项) from the catalog, counted in the
    database: a document is made on its 成文日期 (else its publication day), gone on the day
    its 有效性 became 已废止/已失效 (else its publication day), published on its local
    publication day."""
    from gongkai.catalog.models import Item, Status, Validity

    published = TruncDate("published_at")  # in the current time zone, as the pages show it
    qs = (
        # The stored flag, not the rule over item and column: it reads `item_policy_document_idx`
        # alone on PostgreSQL, where the join scanned every item (issue 16 §7).
        Item.objects.filter(
            organ_id__in=organ_ids,
            policy_document=True,
            status__in=[Status.PUBLISHED, Status.WITHDRAWN],
            published_at__isnull=False,
        ).annotate(
            made=Coalesce("written_on", published, output_field=DateField()),
            published_on=published,
            gone_on=Case(
                When(
                    validity__in=[Validity.REPEALED, Validity.EXPIRED],
                    then=Coalesce("validity_changed_on", published, output_field=DateField()),
                ),
                default=None,
                output_field=DateField(),
            ),
            regulation=Case(
                When(REGULATION, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    within = {"made__gte": start, "made__lte": end}
    counts = {
        "issued": Count("pk", filter=Q(**within)),
        "repealed": Count("pk", filter=Q(gone_on__gte=start, gone_on__lte=end)),
        "in_force": Count(
            "pk", filter=Q(made__lte=end) & (Q(gone_on__isnull=True) | Q(gone_on__gt=end))
        ),
        "new_made": Count("pk", filter=Q(**within)),
        "new_published": Count("pk", filter=Q(published_on__gte=start, published_on__lte=end)),
        "total_published": Count("pk", filter=Q(published_on__lte=end)),
    }
    found: dict[bool, dict[str, Any]] = {
        g["regulation"]: dict(g) for g in qs.values("regulation").annotate(**counts).order_by()
    }
    columns = ("issued", "repealed", "in_force")
    if fmt.name != "2021":
        columns = ("new_made", "new_published", "total_published")
    table: Table = {}
    for row, is_reg in (("regulations", True), ("normative_documents", False)):
        g = found.get(is_reg) or {}
        table[row] = {c: int(g.get(c, 0)) for c in columns}
    return table


def normative_row_from_registers(
    fmt: ReportFormat, organ_ids: Any, start: date, end: date, docs: Table
) -> Table:
    """Table 二's 规范性文件 row where the bodies keep a register (国办发〔2018〕37号: 统一登记、
    统一编号、统一印发): the register's figures for the organs that keep one, plus the catalog's
    for the others in the report's scope. Unchanged when none keeps a register."""
    from gongkai.orgs.models import Organ
    from gongkai.registers.selectors import organs_keeping_register, register_table2_row

    keeping = list(organs_keeping_register(organ_ids).values_list("pk", flat=True))
    if not keeping:
        return docs
    row = register_table2_row(organ_ids=keeping, start=start, end=end)
    others = Organ.objects.filter(pk__in=organ_ids).exclude(pk__in=keeping).values("pk")
    from_catalog = documents_table(fmt, others, start, end)["normative_documents"]
    out = dict(docs)
    out["normative_documents"] = {
        column: row.get(column, 0) + int(from_catalog.get(column) or 0)
        for column in docs["normative_documents"]
    }
    return out


def _table2(
    fmt: ReportFormat,
    computed: Table,
    manual: Mapping[str, Number],
    *,
    regulations_in_catalog: bool,
) -> Table:
    out: Table = {}
    for block in fmt.table2:
        for row in block.rows:
            out[row.key] = {}
            for col in block.columns:
                key = cell_key("table2", row.key, col.key)
                value: Number = None
                if row.key in computed and (row.key != "regulations" or regulations_in_catalog):
                    value = computed[row.key].get(col.key)
                if key in manual:
                    value = manual[key]
                out[row.key][col.key] = value
    return out


# ---- whole report ----------------------------------------------------------------------------


def organ_ids_for(organ: Any, scope: str) -> OrganIds:
    """The organs a report covers: the organ, or its subtree as a subquery (汇总)."""
    if scope == SCOPE_SUBTREE:
        return organ.subtree().values("pk")
    return [organ.pk]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("季度应为1至4")
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def build_tables(
    organ: Any, *, year: int, scope: str, start: date, end: date, manual: Mapping[str, Number]
) -> dict[str, Table]:
    fmt = format_for_year(year)
    ids = organ_ids_for(organ, scope)
    docs = documents_table(fmt, ids, start, end)
    docs = normative_row_from_registers(fmt, ids, start, end, docs)
    # An organ with no 规章 in the catalog enters the row itself (most departments make none).
    has_regulations = any(docs["regulations"].values())
    return {
        "table2": _table2(fmt, docs, manual, regulations_in_catalog=has_regulations),
        "table3": applications_table(fmt, ids, start, end),
        "table4": challenges_table(ids, start, end),
    }


def subtree_manual(organ: Any, year: int) -> dict[str, Number]:
    """汇总: sum each manual cell over the bodies' own (本机关) reports for the year."""
    from gongkai.reports.models import AnnualReport

    sums: dict[str, Number] = {}
    reports = AnnualReport.objects.filter(
        organ__path__startswith=organ.path, year=year, scope=SCOPE_SELF
    )
    for figures in reports.values_list("manual_figures", flat=True):
        for key, entry in (figures or {}).items():
            try:
                value = parse_number(entry.get("value"))
            except ValueError:
                continue
            if value is None:
                continue
            current = sums.get(key)
            sums[key] = value if current is None else current + value
    return sums


def manual_values(figures: Mapping[str, Any]) -> dict[str, Number]:
    """The numbers of stored manual figures (`{cell: {"value": "12", "source": "…"}}`)."""
    out: dict[str, Number] = {}
    for key, entry in figures.items():
        try:
            value = parse_number(entry.get("value") if isinstance(entry, dict) else entry)
        except ValueError:
            continue
        if value is not None:
            out[key] = value
    return out


def build_report_data(
    organ: Any,
    year: int,
    *,
    scope: str = SCOPE_SELF,
    manual: Mapping[str, Number] | None = None,
    sections: Mapping[str, str] | None = None,
) -> ReportData:
    """The report of `organ` for `year` from live data; `manual` fills what the platform lacks."""
    fmt = format_for_year(year)
    start, end = year_bounds(year)
    figures = dict(subtree_manual(organ, year)) if scope == SCOPE_SUBTREE else {}
    figures.update(manual or {})
    tables = build_tables(organ, year=year, scope=scope, start=start, end=end, manual=figures)
    return ReportData(
        format=fmt.name,
        year=year,
        organ=organ.name,
        tables=tables,
        sections=dict(sections or {}),
    )


# ---- stored snapshots ------------------------------------------------------------------------


def data_to_json(data: ReportData) -> dict[str, Any]:
    """JSON-safe form (decimals as strings) used for snapshots and `report build --format json`."""

    def num(v: Number) -> Any:
        return str(v) if isinstance(v, Decimal) else v

    return {
        "format": data.format,
        "year": data.year,
        "organ": data.organ,
        "tables": {
            t: {r: {c: num(v) for c, v in cols.items()} for r, cols in rows.items()}
            for t, rows in data.tables.items()
        },
        "sections": dict(data.sections),
    }


def data_from_json(raw: Mapping[str, Any]) -> ReportData:
    def num(v: Any) -> Number:
        if isinstance(v, str):
            return Decimal(v)
        return v

    return ReportData(
        format=raw.get("format", "2021"),
        year=raw.get("year"),
        organ=raw.get("organ"),
        tables={
            t: {r: {c: num(v) for c, v in cols.items()} for r, cols in rows.items()}
            for t, rows in (raw.get("tables") or {}).items()
        },
        sections=dict(raw.get("sections") or {}),
    )
