"""Seed the working-day calendar with the State Council notices 2004–2026 (chinese-calendar 1.11.0).

Rerunnable: a year already imported or edited by hand (origin other than "seed") is left alone,
seeded years are rewritten, and a new calendar version is created only when the content hash
changes. The snapshot and hash logic repeats `gongkai.core.workcal.content` on purpose (migrations
must not import app code); a test checks that both give the same hash.
"""

import hashlib
import json

from django.db import migrations

SEED_YEARS = range(2004, 2027)
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
# Notice URLs as cited in the chinese-calendar source (legal-rules §6.1).
NOTICES = {
    2019: ("http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm", "",
           "2019-03-22 调整劳动节：5月1日至4日放假，4月28日、5月5日上班"
           "（http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm）"),
    2020: ("http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm", "",
           "2020-01-27 春节假期延长至2月2日"
           "（http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm）"),
    2021: ("http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm", "", ""),
    2022: ("http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm",
           "国办发明电〔2021〕11号", ""),
    2023: ("http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm", "", ""),
    2024: ("https://www.gov.cn/zhengce/content/202310/content_6911527.htm", "", ""),
    2025: ("https://www.gov.cn/zhengce/content/202411/content_6986382.htm", "", ""),
    2026: ("https://www.gov.cn/zhengce/content/202511/content_7047090.htm", "", ""),
}
SEED_NOTE = "种子数据：chinese-calendar 1.11.0（国务院办公厅历年节假日安排通知）"


def _snapshot(year_model, day_model):
    years = {}
    for year, status in year_model.objects.values_list("year", "status"):
        years[year] = {"status": status, "holidays": {}, "workdays": {}}
    rows = day_model.objects.values_list("calendar_year__year", "date", "kind", "name")
    for year, day, kind, name in rows:
        years[year]["holidays" if kind == "holiday" else "workdays"][day.isoformat()] = name
    for entry in years.values():
        for key in ("holidays", "workdays"):
            entry[key] = dict(sorted(entry[key].items()))
    return {"format": 1, "years": {str(y): years[y] for y in sorted(years)}}


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarVersion = apps.get_model("core", "CalendarVersion")

    per_year = {y: [] for y in SEED_YEARS}
    for day, name in chinese_calendar.holidays.items():
        if day.year in per_year:
            per_year[day.year].append((day, "holiday", NAMES.get(name, name)))
    for day, name in chinese_calendar.workdays.items():
        if day.year in per_year and day.weekday() >= 5:
            per_year[day.year].append((day, "workday", NAMES.get(name, name)))

    for year, days in per_year.items():
        url, number, note = NOTICES.get(year, ("", "", ""))
        row, created = CalendarYear.objects.get_or_create(
            year=year, defaults={"status": "published", "origin": "seed"}
        )
        if not created and row.origin != "seed":
            continue  # imported or edited since: the newer data wins
        row.status = "published"
        row.origin = "seed"
        row.notice_title = f"国务院办公厅关于{year}年部分节假日安排的通知" if url else ""
        row.notice_number = number
        row.notice_url = url
        row.note = "；".join(x for x in (note, SEED_NOTE) if x)
        row.save()
        CalendarDay.objects.filter(calendar_year=row).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar_year=row, date=d, kind=k, name=n) for d, k, n in sorted(days)
        )

    snapshot = _snapshot(CalendarYear, CalendarDay)
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    latest = CalendarVersion.objects.order_by("-number").first()
    if latest is None or latest.content_hash != content_hash:
        CalendarVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            content_hash=content_hash,
            data=snapshot,
            reason="初始数据：2004—2026年节假日安排（chinese-calendar 1.11.0）",
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_workcal_years_and_days")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
