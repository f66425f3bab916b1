"""Which hosts are government hosts (国办发〔2017〕47号: .gov.cn), which are allowed in
government text (data/allowed_domains.txt), and the host of a URL."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

ALLOWED_FILE = Path(__file__).resolve().parent.parent / "data" / "allowed_domains.txt"


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def is_gov_host(host: str) -> bool:
    """A government host: ends in .gov.cn (or is gov.cn), or a Chinese 政务 domain."""
    return host == "gov.cn" or host.endswith((".gov.cn", ".政务", ".政务.cn", ".xn--zfr164b"))


def is_local_host(host: str) -> bool:
    """127.0.0.1, localhost, private addresses: test and intranet sites."""
    if host in ("localhost", "testserver") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


@lru_cache(maxsize=1)
def allowed_domains() -> frozenset[str]:
    try:
        lines = ALLOWED_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(
        ln.split("#", 1)[0].strip().lower() for ln in lines if ln.split("#", 1)[0].strip()
    )


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def is_allowed_host(host: str, *, own: str = "") -> bool:
    """A link to this host is normal in government text: the page's own host (and its parent
    domain's hosts), a government host, or a listed media/registry domain."""
    if not host:
        return True
    if own and (host == own or _same_site(host, own)):
        return True
    if is_gov_host(host):
        return True
    return any(_under(host, d) for d in allowed_domains())


def _same_site(a: str, b: str) -> bool:
    """www.x.gov.cn and mzj.x.gov.cn are one site family; for IPs and localhost only equal."""
    if is_local_host(a) or is_local_host(b):
        return a == b
    return ".".join(a.split(".")[-3:]) == ".".join(b.split(".")[-3:])
