"""Rules of the sites: one pure function per rule, with its source.

- Host names: one site per host name (issue 20, bad input: "a host name claimed by two sites");
  a host must also be one this deployment accepts (`ALLOWED_HOSTS`, docs/sites.md), otherwise
  Django answers 400 before any site is looked up.
- 网站标识码: 《政府网站发展指引》 (国办发〔2017〕47号) gives every government site a 10-character
  code shown in the footer and `<meta name="SiteIDCode">`. Local sites have 10 digits (the 6-digit
  行政区划代码 and a serial), 国务院部门 sites "bm" and 8 digits; the pattern is a setting
  (`SITES_ID_CODE_PATTERN`) as the format is not published as a standard text.
- Theme colour: WCAG 2.1 success criterion 1.4.3 (contrast minimum, level AA): text against its
  background at least 4.5:1. The header shows white text on the theme colour and the colour is
  used for text on white, so a colour must reach 4.5:1 against white (GB/T 37668-2019
  《信息技术 互联网内容无障碍可访问性技术要求与测试方法》 takes the same figure).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

from django.http.request import split_domain_port, validate_host

#: WCAG 2.1 SC 1.4.3: contrast of normal text, level AA.
MIN_CONTRAST = 4.5
WHITE = "#ffffff"

#: The theme colours offered (value, name); each keeps AA contrast with white (tested).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#b4111c", "中国红"),
    ("#a0162b", "绛红"),
    ("#8a4b00", "赭石"),
    ("#1e6b3a", "墨绿"),
    ("#005f73", "青蓝"),
    ("#0b4a8f", "政务蓝"),
    ("#1d5fa8", "天蓝"),
    ("#6b3fa0", "紫"),
    ("#3d4f5c", "石板灰"),
)

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 definition of relative luminance of an sRGB colour "#rrggbb"."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour_problem(colour: str) -> str:
    """Why `colour` cannot be a theme colour ("" when it can): WCAG 2.1 SC 1.4.3 (AA)."""
    if not _HEX.match(colour or ""):
        return "主题色应为 #RRGGBB 格式的颜色值。"
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MIN_CONTRAST:
        return (
            f"主题色 {colour} 与白色的对比度为 {ratio:.2f}:1，低于无障碍要求的 "
            f"{MIN_CONTRAST}:1（WCAG 2.1 AA），请选择更深的颜色。"
        )
    return ""


def darker(colour: str, factor: float = 0.78) -> str:
    """The navigation bar's shade of the theme colour (darker keeps the contrast above AA)."""
    r, g, b = (int(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def normalise_host(raw: str) -> tuple[str, str]:
    """(host, problem): a host name as the request's Host header names it, lowercase, without
    scheme, port, path or trailing dot. A Chinese domain is stored in its IDNA (xn--) form,
    which is what browsers send."""
    text = (raw or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0]
    if not text.isascii():
        try:
            text = text.encode("idna").decode("ascii")
        except UnicodeError:
            return "", f"“{raw.strip()}”不是有效的域名。"
    host, _port = split_domain_port(text)
    host = host.rstrip(".")
    if not host:
        return "", f"“{raw.strip()}”不是有效的域名。"
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host, ""
    except ValueError:
        pass
    if len(host) > 253 or not all(_LABEL.match(label) for label in host.split(".")):
        return "", f"“{raw.strip()}”不是有效的域名。"
    return host, ""


def host_problem(host: str, allowed_hosts: Sequence[str]) -> str:
    """A host this deployment does not accept (`ALLOWED_HOSTS`) could never be served: Django
    refuses the request (400) before the site is looked up. Adding such a site needs a change of
    GONGKAI_ALLOWED_HOSTS (or a wildcard domain like ".example.gov.cn" there), docs/sites.md."""
    if validate_host(host, list(allowed_hosts)):
        return ""
    return (
        f"域名“{host}”不在本部署允许的域名（GONGKAI_ALLOWED_HOSTS）之内，"
        "请运维人员先加入该域名或其上级域名（如 .example.gov.cn）。"
    )


def id_code_problem(code: str, pattern: str) -> str:
    """网站标识码 (国办发〔2017〕47号): 10 characters of the configured pattern, or empty."""
    if not code:
        return ""
    if len(code) != 10 or not re.fullmatch(pattern, code):
        return "网站标识码应为10位（地方政府网站为10位数字，国务院部门网站为 bm 加8位数字）。"
    return ""
