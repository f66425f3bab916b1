"""The platform's own settings (`settings.GONGKAI`), each declared once with its type and default.

Read them one way, `gongkai_settings().KEY`, never `settings.GONGKAI[...]`: a key that is missing
from the deployment's dict gets its default here, and a misspelt or mistyped one is reported by
the system check `gongkai.E010`/`gongkai.E011` (`core/checks.py`) instead of being ignored.
The object is cached; `override_settings(GONGKAI=...)` and pytest-django's `settings` fixture
send `setting_changed`, which clears the cache.

`config/settings/base.py` builds the dict with `gongkai_from_environ(os.environ)`: every key
that has an environment variable (field metadata "env", listed in the README) reads it there.
Keys that are legal parameters cite their article; changing them changes what the platform
tells the public, so they have no environment variable.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from gongkai.core.site_file import read_site_file, site_file

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})

Validator = Callable[[Any], str]  # returns "" when the value is fine, else what is wrong


def env_bool(value: str | None, default: bool = False) -> bool:
    """One reading of yes/no environment variables for the whole platform."""
    if value is None:
        return default
    return value.strip().lower() in TRUE_WORDS


def _setting(
    default: Any = MISSING,
    *,
    factory: Callable[[], Any] | None = None,
    env: str = "",
    check: Validator | None = None,
) -> Any:
    metadata = {"env": env, "check": check}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def _positive(value: Any) -> str:
    return "" if value > 0 else "应为正数"


def _not_negative(value: Any) -> str:
    return "" if value >= 0 else "不应为负数"


def _one_of(*choices: str) -> Validator:
    def check(value: Any) -> str:
        return "" if value in choices else f"应为 {' 或 '.join(map(repr, choices))} 之一"

    return check


def _working_day_list(value: Any) -> str:
    if isinstance(value, str) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value
    ):
        return "应为正整数（工作日数）的列表，例如 (5, 3, 1)"
    return ""


def _site_url(value: Any) -> str:
    ok = not value or (str(value).startswith(("https://", "http://")) and " " not in str(value))
    return "" if ok else "应为网站地址，如 https://gongkai.example.gov.cn，或留空"


def _month_day(value: Any) -> str:
    """A "MM-DD" that exists in every year."""
    try:
        month, day = (int(x) for x in str(value).split("-"))
        date(2001, month, day)
    except ValueError:
        return "应为“MM-DD”，例如 03-31"
    return ""


def _index_template(value: Any) -> str:
    try:
        value.format(
            org_code9="123456789", org_code="123456789", uscc="11330100123456789X",
            yyyy="2026", yyyymm="202603", serial=1,
        )  # fmt: skip
    except (KeyError, IndexError, ValueError) as exc:
        return f"无法按令牌 {{org_code9}} {{uscc}} {{yyyy}} {{yyyymm}} {{serial}} 展开（{exc!r}）"
    return ""


def _fee_tiers(value: Any) -> str:
    for method, tiers in value.items():
        if method not in ("by_item", "by_volume"):
            return f"计收方式 {method!r} 应为 'by_item'（按件）或 'by_volume'（按量）"
        for tier in tiers:
            ok = (
                isinstance(tier, list | tuple)
                and len(tier) == 3
                and isinstance(tier[0], int)
                and (tier[1] is None or isinstance(tier[1], int))
                and isinstance(tier[2], int | float | str | Decimal)
            )
            if not ok:
                return f"{method} 的档次 {tier!r} 应为 (起始件/页, 截止件/页或 None, 单价)"
    return ""


def proxy_networks(value: Any) -> list[Any]:
    """TRUSTED_PROXIES as `ipaddress` networks (a string is split at commas); ValueError."""
    import ipaddress

    items = value.split(",") if isinstance(value, str) else list(value)
    return [ipaddress.ip_network(str(v).strip(), strict=False) for v in items if str(v).strip()]


def _networks(value: Any) -> str:
    try:
        proxy_networks(value)
    except (TypeError, ValueError) as exc:
        return f"应为代理服务器的地址或网段列表，如 ('127.0.0.1', '10.0.0.0/8')（{exc}）"
    return ""


def _mailbox_days(value: Any) -> str:
    """The reply periods of the mailbox: letter type → working days (positive integers)."""
    types = ("consult", "complaint", "suggestion", "help")
    if not isinstance(value, Mapping) or set(value) != set(types):
        return f"应为 {{类型: 工作日数}}，类型为 {'、'.join(types)}，例如 {{'consult': 5, …}}"
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value.values()):
        return "工作日数应为正整数"
    return ""


def _hours_by_level(value: Any) -> str:
    """舆情 response hours: level ("critical", "major", "general") → positive hours."""
    levels = ("critical", "major", "general")
    if not isinstance(value, Mapping) or not set(value) <= set(levels):
        return f"应为 {{级别: 小时数}}，级别为 {'、'.join(levels)}，例如 {{'critical': 5, …}}"
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value.values()):
        return "小时数应为正整数"
    return ""


def _organ_days(value: Any) -> str:
    """组织机构代码 → positive number of days."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        return "应为 {组织机构代码: 天数}，例如 {'123456789': 15}"
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in value.values()):
        return "天数应为正整数"
    return ""


def _schedule(value: Any) -> str:
    for path, interval in value.items():
        if not isinstance(path, str) or "." not in path:
            return f"{path!r} 应为任务的完整路径，如'gongkai.catalog.tasks.release_scheduled_items'"
        if isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0:
            return f"{path} 的间隔 {interval!r} 应为正数（秒）"
    return ""


def _number_template(value: Any) -> str:
    """A register number format: tokens {agency} {year} {serial}; {year} and {serial} once each."""
    try:
        value.format(agency="岚政规", year="2026", serial=1)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        return f"无法按令牌 {{agency}} {{year}} {{serial}} 展开（{exc!r}）"
    if value.count("{year}") != 1 or value.count("{serial}") != 1:
        return "应恰好各含一次 {year} 和 {serial}"
    return ""


#: The longest six calendar months (July to December), in days.
SIX_MONTHS_DAYS = 184


def _audit_retention(value: Any) -> str:
    return "" if value >= SIX_MONTHS_DAYS else f"应不少于{SIX_MONTHS_DAYS}天（六个月）"


@dataclass(frozen=True, kw_only=True)
class GongkaiSettings:
    """Every key of `settings.GONGKAI`. Add a key here (with a docstring) before reading it."""

    INDEX_NUMBER_TEMPLATE: str = _setting(
        "{org_code9}/{yyyy}-{serial:05d}",
        env="GONGKAI_INDEX_NUMBER_TEMPLATE",
        check=_index_template,
    )
    """索引号 template (legal-rules §5.2, 《政府信息公开目录系统实施指引（试行）》): tokens
    {org_code9} {org_code} {uscc} {yyyy} {yyyymm} {serial:05d}."""

    INDEX_SERIAL_RESET: str = _setting(
        "year", env="GONGKAI_INDEX_SERIAL_RESET", check=_one_of("year", "month")
    )
    """When the 索引号 serial starts again at 1: "year" or "month" (legal-rules §5.2)."""

    ENABLE_REDACTED_ATTRIBUTE: bool = _setting(False, env="GONGKAI_ENABLE_REDACTED_ATTRIBUTE")
    """删减后公开 as a 公开属性: a local practice (seed 001), not in the 条例; off by default."""

    PUBLICATION_DEADLINE_WORKING_DAYS: int = _setting(20, check=_positive)
    """Art. 26 of the 条例: publish within 20 working days of forming or changing the information
    (the 公开时限 of the back office's timeliness list)."""

    DUE_SOON_WORKING_DAYS: int = _setting(3, check=_positive)
    """The "due soon" window of the back office (publication timeliness list and application queue):
    a deadline at most this many working days ahead. Office practice, not a legal parameter."""

    REMINDER_WORKING_DAYS: typing.Sequence[int] = _setting((5, 3, 1), check=_working_day_list)
    """When the handler and the 公开办 are reminded of an application's answer due date: this
    many working days before it (issue 13; each once per due date, the nearest that applies).
    Office practice, not a legal parameter; the overdue notice comes on the day after the date."""

    OFFICE_URL: str = _setting("", env="GONGKAI_OFFICE_URL", check=_site_url)
    """The address staff reach the site at (e.g. https://gongkai.example.gov.cn), for the links
    in e-mailed notices; empty: the e-mail names the page without the host."""

    INTERPRETATION_WITHIN_WORKING_DAYS: int = _setting(
        3, env="GONGKAI_INTERPRETATION_WITHIN_WORKING_DAYS", check=_positive
    )
    """政策解读 expected within N working days of its policy (三同步 practice: 国办发〔2016〕80号
    asks that the interpretation be prepared and approved together with the policy)."""

    FEE_TIME_EXCLUDED: bool = _setting(True, env="GONGKAI_FEE_TIME_EXCLUDED")
    """Whether the fee-payment window is left out of the answer period like consultation time
    (国办函〔2020〕109号; the national wording is UNVERIFIED, legal-rules §3)."""

    FEE_TIERS: Mapping[str, typing.Sequence[typing.Sequence[Any]]] = _setting(
        factory=dict, check=_fee_tiers
    )
    """Replacement 信息处理费 tables (国办函〔2020〕109号 Art. 4 按件, Art. 5 按量), by method
    ("by_item" / "by_volume"): a list of (first, last or None, price per unit). Empty: the
    national tables in `applications/fees.py`."""

    APPLY_MIN_FILL_SECONDS: int = _setting(4, check=_not_negative)
    """An online application form submitted faster than this is taken for a robot and refused."""

    ANNUAL_REPORT_DEPARTMENT_DEADLINE: str = _setting("01-31", check=_month_day)
    """Art. 49: 县级以上人民政府部门 publish their annual report by 31 January ("MM-DD")."""

    ANNUAL_REPORT_GOVERNMENT_DEADLINE: str = _setting("03-31", check=_month_day)
    """Art. 49: 县级以上地方人民政府 publish their annual report by 31 March ("MM-DD")."""

    ANNUAL_REPORT_TOWNSHIP_DEADLINE: str = _setting("03-31", check=_month_day)
    """乡镇、街道: Art. 49 names no date, local practice varies; 31 March by default ("MM-DD")."""

    MAX_UPLOAD_MB: int = _setting(50, env="GONGKAI_MAX_UPLOAD_MB", check=_positive)
    """Largest attachment accepted, in MiB."""

    TRUSTED_PROXIES: typing.Sequence[str] = _setting(
        (), env="GONGKAI_TRUSTED_PROXIES", check=_networks
    )
    """Reverse proxies whose X-Forwarded-For is believed (issue 16): addresses or networks, e.g.
    ("127.0.0.1", "10.0.0.0/8"), or one comma-separated string. The client's address (rate
    limits) is read right to left through these hops only; empty: REMOTE_ADDR itself."""

    STALE_TASK_MINUTES: int = _setting(30, env="GONGKAI_STALE_TASK_MINUTES", check=_positive)
    """A background task RUNNING for longer than this is taken for one whose worker died (kill
    -9, power loss) and is queued again, or failed after `STALE_TASK_ATTEMPTS` runs
    (`core/tasks_recovery.py`). Longer than the longest task (a full search rebuild)."""

    STALE_TASK_ATTEMPTS: int = _setting(3, check=_positive)
    """How many times a task may be started before a stale run fails it instead of requeuing."""

    PAGE_CACHE: bool = _setting(True, env="GONGKAI_PAGE_CACHE")
    """Serve anonymous public pages from the page cache (`portal/pagecache.py`); "0" renders
    every request (for a deployment that wants to compare, or a cache it does not trust)."""

    PAGE_CACHE_SECONDS: int = _setting(86400, check=_positive)
    """Longest a cached page is kept. Freshness does not depend on it (a change makes the pages
    it touches misses at once); it bounds memory, and staleness if the cache could not be told
    of a change (logged as an error)."""

    SEARCH_CACHE_SECONDS: int = _setting(600, check=_positive)
    """Longest a search results page is kept: anyone can ask new queries, so they go sooner."""

    SEARCH_FALLBACK_SCAN: int = _setting(50_000, check=_positive)
    """While the search index is missing or rebuilding, the database fallback reads at most this
    many of the newest public items (an `icontains` over their text): on a province-sized
    catalog reading them all took 25–60 s a page (docs/benchmarks.md). The results page says
    when older items were left unread."""

    SITE_NAME: str = _setting("政府信息公开平台", env="GONGKAI_SITE_NAME")
    """The site's name in the page header and titles."""

    SITE_SPONSOR: str = _setting("", env="GONGKAI_SITE_SPONSOR")
    """主办单位 in every page's footer (《政府网站发展指引》, 国办发〔2017〕47号); empty: not shown,
    and `gongkai check --deploy` warns (portal.W201). So do the three below."""

    SITE_ID_CODE: str = _setting("", env="GONGKAI_SITE_ID_CODE")
    """政府网站标识码 (10 digits; footer and <meta name="SiteIDCode">, 国办发〔2017〕47号)."""

    SITE_ICP: str = _setting("", env="GONGKAI_SITE_ICP")
    """ICP备案编号, e.g. 京ICP备05070218号 (国办发〔2017〕47号)."""

    SITE_PSB: str = _setting("", env="GONGKAI_SITE_PSB")
    """公安机关备案号, e.g. 京公网安备 11010502030143号 (国办发〔2017〕47号)."""

    SITE_CONTACT: str = _setting("", env="GONGKAI_SITE_CONTACT")
    """联系电话或邮箱 in the footer."""

    SITES_ID_CODE_PATTERN: str = _setting(r"(\d{10}|bm\d{8})")
    """网站标识码 of the sites of the platform (`gongkai/sites/rules.py: id_code_problem`): 10
    characters, local sites 10 digits and 国务院部门 sites "bm" and 8 digits (国办发〔2017〕47号;
    the format has no published standard text, hence a setting)."""

    TRADITIONAL_VARIANT: str = _setting(
        "s2tw", env="GONGKAI_TRADITIONAL_VARIANT", check=_one_of("s2tw", "s2hk", "s2twp")
    )
    """The 繁體 standard of the 繁體版 (OpenCC configuration, `core/text.TRADITIONAL_VARIANTS`):
    "s2tw" 台湾正体 (default), "s2hk" 香港繁体, "s2twp" 台湾正体 with Taiwan's vocabulary. Never
    OpenCC's base forms (爲, 羣, 裏). "s2twp" also rewrites terms of law and administration
    (信息 → 資訊, 文件 → 檔案, 程序 → 程式, 对象 → 物件), so it is not the default."""

    # ---- 互动交流: the mailbox (issue 18). Every number below is LOCAL PRACTICE (each site's
    # 信箱管理办法 sets its own); the defaults follow common 市长信箱 rules, not a national text.
    # Only the three-month veto (legal-rules §4.1, 互动回应差) is the inspection's own rule and
    # is therefore not a setting (`mailbox/deadlines.py: veto_date`).

    MAILBOX_SCREENING_WORKING_DAYS: int = _setting(2, check=_positive)
    """A letter is screened (受理 / 不予受理 / 重复 / 转办) within this many working days of its
    writing. Local practice (default 2)."""

    MAILBOX_REPLY_WORKING_DAYS: Mapping[str, int] = _setting(
        factory=lambda: {"consult": 5, "complaint": 15, "suggestion": 15, "help": 10},
        check=_mailbox_days,
    )
    """Reply period per letter type, in working days from acceptance (受理): 咨询 5, 投诉 15,
    建议 15, 求助 10 by default. Local practice: each site's 信箱管理办法 sets its own."""

    MAILBOX_MAX_EXTENSION_WORKING_DAYS: int = _setting(10, check=_positive)
    """One extension of a reply period, with a reason, of at most this many working days (local
    practice, default 10)."""

    MAILBOX_RATING_WORKING_DAYS: int = _setting(5, check=_positive)
    """The writer may rate a reply within this many working days of it; after that the letter is
    taken as 满意 (默认满意). Local practice (default 5)."""

    MAILBOX_REMINDER_WORKING_DAYS: typing.Sequence[int] = _setting((2, 1), check=_working_day_list)
    """Handlers and the 公开办 are reminded this many working days before a reply is due (local
    practice); the overdue notice follows the day after."""

    MAILBOX_ALERT_DAYS: typing.Sequence[int] = _setting((30, 45, 60), check=_working_day_list)
    """Escalating alerts for a valid letter still unanswered this many calendar days after it
    was written: the handler and its 公开办, then the 公开办 of the mailbox, then every 公开办
    above: long before the three-month veto of the website inspection (local practice)."""

    MAILBOX_MAX_LETTER_CHARS: int = _setting(3000, check=_positive)
    """Longest letter accepted, in characters (local practice; longer material goes in an
    attachment)."""

    MAILBOX_MAX_ATTACHMENT_MB: int = _setting(10, check=_positive)
    """Largest attachment of a letter, in MiB (at most `MAX_UPLOAD_MB`)."""

    MAILBOX_LEXICON_FILES: typing.Sequence[str] = _setting(())
    """Extra word lists for the mailbox's sensitive-word and spam filter (text, one word a line,
    or YAML). The mailbox's own list (`mailbox/data/words.yaml`) and, when the monitor app is
    installed, the monitor's lexicon (its `data/` folder) are always read."""

    # ---- 公众参与 (issue 18 points 3-6): consultations, surveys, proposals, 舆情.

    PARTICIPATION_MAJOR_DECISION_MIN_DAYS: int = _setting(30, check=_positive)
    """《重大行政决策程序暂行条例》(国务院令第713号) Art. 14: a 重大行政决策 is open for comment
    "一般不少于30日" (calendar days); a shorter period must say why (`shortened_reason`)."""

    PARTICIPATION_OTHER_MIN_DAYS: int = _setting(7, check=_positive)
    """Minimum comment period of other drafts, in calendar days: set by each organ's own rules
    (local practice, default 7)."""

    PARTICIPATION_ORGAN_MIN_DAYS: Mapping[str, int] = _setting(factory=dict, check=_organ_days)
    """An organ's own minimum period for drafts other than 重大行政决策, by its 组织机构代码
    (`Organ.org_code`) → calendar days, e.g. {"123456789": 15}; organs not listed use
    `PARTICIPATION_OTHER_MIN_DAYS` (each organ's rules set it: local practice)."""

    PARTICIPATION_MAX_COMMENT_CHARS: int = _setting(2000, check=_positive)
    """Longest online comment on a draft, in characters (local practice)."""

    PARTICIPATION_PROPOSAL_REPLY_MONTHS: int = _setting(3, check=_positive)
    """代表建议 and 政协提案 are answered within this many months of 交办 (代表法 Art. 43: three
    months; six for a matter 涉及面广、处理难度大, `PARTICIPATION_PROPOSAL_COMPLEX_MONTHS`)."""

    PARTICIPATION_PROPOSAL_COMPLEX_MONTHS: int = _setting(6, check=_positive)
    """The longer reply period of a 涉及面广、处理难度大 建议 (代表法 Art. 43: six months)."""

    PARTICIPATION_OPINION_RESPONSE_HOURS: Mapping[str, int] = _setting(
        factory=lambda: {"critical": 5, "major": 5, "general": 48}, check=_hours_by_level
    )
    """政务舆情 response time by level, in hours from notice (国办发〔2016〕61号: 特别重大、重大
    突发事件 authoritative information within 5 hours; others within 48 hours)."""

    PARTICIPATION_OPINION_PRESS_HOURS: Mapping[str, int] = _setting(
        factory=lambda: {"critical": 24, "major": 24}, check=_hours_by_level
    )
    """Press conference time by level, in hours from notice (国办发〔2016〕61号: 特别重大、重大
    within 24 hours); levels not listed need none."""

    PARTICIPATION_SURVEY_ANSWERS_PER_IP: int = _setting(20, check=_positive)
    """At most this many answers to one survey from one network address (a school or an office
    shares one address; the cookie keeps one answer per browser)."""

    MONITOR_LEXICON_FILES: typing.Sequence[str] = _setting(())
    """Extra spam word lists of the website monitor (issue 17), in the format of
    `monitor/data/lexicon.txt` (词,类别,权重 a line), read besides that file."""

    MONITOR_WHITELIST_FILES: typing.Sequence[str] = _setting(())
    """Extra lists of ordinary government phrases the monitor must not flag (彩票公益金), in the
    format of `monitor/data/whitelist.txt` (one phrase a line), read besides that file."""

    # ---- 行政规范性文件 register (issue 19 §1; 国办发〔2018〕37号). Local practice: each
    # province's 规范性文件管理办法 sets the period (most say 5 years) and the notice ahead.

    REGISTERS_VALIDITY_YEARS: int = _setting(5, check=_positive)
    """Default validity period of a 规范性文件 from its 施行日期, in years (国办发〔2018〕37号
    asks for a validity period; five years is the common provincial rule). An entry may state
    its own."""

    REGISTERS_LAPSE_NOTICE_DAYS: int = _setting(60, check=_positive)
    """The issuing organ is told this many calendar days before a 规范性文件 lapses, so it can
    renew (重新登记 / 延续) it or let it lapse (local practice, default 60)."""

    REGISTERS_NUMBER_TEMPLATE: str = _setting(
        "{agency}〔{year}〕{serial}号", check=_number_template
    )
    """Default format of a register number (统一编号), e.g. 岚政规〔2026〕3号: tokens {agency}
    (the organ's 规范性文件代字), {year}, {serial}. An organ's series may set its own."""

    INVENTORIES_REVIEW_MONTHS: int = _setting(12, check=_positive)
    """政务公开负面清单 (issue 19 §3): default 复核周期 in months of an entry that states none
    (the 负面清单 is 定期复核 / 动态调整; the period is local practice, commonly once a year)."""

    # ---- Accounts (issue 16 §2, 等保 level 3): lockout, sessions, audit retention.

    LOGIN_FAILURE_LIMIT: int = _setting(5, env="GONGKAI_LOGIN_FAILURE_LIMIT", check=_positive)
    """Wrong passwords (or second-factor codes) for one user name before it is locked for
    `LOGIN_LOCKOUT_MINUTES` (`core/lockout.py`), on the office and the admin sign-in alike."""

    LOGIN_IP_FAILURE_LIMIT: int = _setting(
        20, env="GONGKAI_LOGIN_IP_FAILURE_LIMIT", check=_positive
    )
    """Failed sign-ins from one client address (whatever the user names) before that address is
    locked for `LOGIN_LOCKOUT_MINUTES`: stops guessing across many accounts."""

    LOGIN_LOCKOUT_MINUTES: int = _setting(15, env="GONGKAI_LOGIN_LOCKOUT_MINUTES", check=_positive)
    """How long a locked user name or address stays locked (failures are counted over the same
    window)."""

    SESSION_IDLE_MINUTES: int = _setting(30, env="GONGKAI_SESSION_IDLE_MINUTES", check=_positive)
    """A signed-in session (staff) or an applicant's session unused for this long ends
    (`core/sessions.py`); the session's whole life is Django's SESSION_COOKIE_AGE besides."""

    AUDIT_RETENTION_DAYS: int = _setting(
        365, env="GONGKAI_AUDIT_RETENTION_DAYS", check=_audit_retention
    )
    """How long audit events are kept at least (网络安全法 Art. 21, 等保: logs kept no less than
    six months). The platform itself never deletes or edits an event; the system check
    `gongkai.E011` refuses a value under 184 days (the longest six months)."""

    SCHEDULE: Mapping[str, float] = _setting(factory=dict, check=_schedule)
    """Periodic tasks: dotted path of a django-tasks task → interval in seconds. `gongkai serve`
    and `gongkai scheduler` enqueue each at its interval (`core/schedule.py`); the registry itself
    is spelt out in `config/settings/base.py`."""


def _fields() -> dict[str, Field[Any]]:
    return {f.name: f for f in fields(GongkaiSettings)}


def _parse_env(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        return env_bool(raw)
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfigured(
                f"环境变量 {name} 应为整数，现为 {raw!r}。"
                f" / Environment variable {name} must be an integer, got {raw!r}."
            ) from None
    return raw


def gongkai_from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every key at its default, overridden by the site file (`GONGKAI_SITE_FILE`) and then by
    its environment variable where one is set."""
    hints = typing.get_type_hints(GongkaiSettings)
    path = site_file(environ)
    from_file = read_site_file(path) if path else {}
    values: dict[str, Any] = {}
    for name, f in _fields().items():
        env = f.metadata["env"]
        if env and env in environ:
            values[name] = _parse_env(env, environ[env], hints[name])
        elif name in from_file:
            values[name] = from_file[name]
        elif f.default_factory is not MISSING:
            values[name] = f.default_factory()
        else:
            values[name] = f.default
    return {**from_file, **values}


@functools.cache
def gongkai_settings() -> GongkaiSettings:
    """The typed view of `settings.GONGKAI` (cached; cleared when the setting is overridden)."""
    configured: Mapping[str, Any] = getattr(settings, "GONGKAI", {}) or {}
    known = _fields()
    return GongkaiSettings(**{k: v for k, v in configured.items() if k in known})


def _clear_cache(*, setting: str, **kwargs: Any) -> None:
    if setting == "GONGKAI":
        gongkai_settings.cache_clear()


setting_changed.connect(_clear_cache, dispatch_uid="gongkai.core.conf.clear_cache")


@dataclass(frozen=True)
class Problem:
    key: str
    unknown: bool  # True: no such key; False: the value has the wrong type or is invalid
    message: str


def _type_ok(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint) or hint
    if origin is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin is Mapping or origin is dict:
        return isinstance(value, Mapping)
    return isinstance(value, origin)


_TYPE_NAMES = {
    str: "字符串 str",
    int: "整数 int",
    bool: "布尔值 bool",
    typing.get_origin(typing.Sequence[int]): "列表 list",
}


def problems(configured: Mapping[str, Any]) -> list[Problem]:
    """Unknown keys, wrong types and invalid values in a `GONGKAI` dict (for the system check)."""
    known = _fields()
    hints = typing.get_type_hints(GongkaiSettings)
    found: list[Problem] = []
    for key, value in configured.items():
        if key not in known:
            found.append(Problem(key, True, f"GONGKAI 中没有 {key!r} 这一项"))
            continue
        hint = hints[key]
        if not _type_ok(value, hint):
            origin = typing.get_origin(hint) or hint
            expected = _TYPE_NAMES.get(origin, "映射 dict")
            found.append(
                Problem(key, False, f"GONGKAI[{key!r}] 应为{expected}，现为 {type(value).__name__}")
            )
            continue
        check: Validator | None = known[key].metadata["check"]
        wrong = check(value) if check else ""
        if wrong:
            found.append(Problem(key, False, f"GONGKAI[{key!r}] {wrong}"))
    return found
