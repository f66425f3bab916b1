"""Classify one page: clean, suspicious or compromised, with the findings that say why.

Spam patterns from real hacked government pages (platform-features §2): spam words prepended to
the title or first line; 简→繁 conversion artefacts (公務(wù)); pinyin in parentheses between
characters (文(wen)章(zhang)); hidden elements with random short ids (<noframes id="abcde">),
off-screen or zero-size or same-colour blocks full of links (暗链); an official URL in the text
swapped for a spam domain; a government page served under a commercial domain; redirects and
document.write injections.

A page is **compromised** when any finding is HIGH (e.g. a strong lexicon word, spam in the
title, hidden links to other sites), **suspicious** when any is MEDIUM, else **clean** (LOW and
INFO findings are listed but do not taint the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.monitor.detect import html as htmlmod
from gongkai.monitor.detect.domains import host_of, is_allowed_host, is_gov_host, is_local_host
from gongkai.monitor.detect.findings import Finding, Severity, worst
from gongkai.monitor.detect.lexicon import CATEGORY_LABELS, Hit, lexicon
from gongkai.monitor.detect.text import normalise

CLEAN, SUSPICIOUS, COMPROMISED = "clean", "suspicious", "compromised"
VERDICT_LABELS = {CLEAN: "未见异常", SUSPICIOUS: "可疑", COMPROMISED: "疑似被篡改"}
#: 安全、泄密事故等严重问题 (国办秘函〔2019〕19号): "发布或链接反动、暴力、色情等内容",
#: "内容被篡改".
SECURITY_VETO = "安全、泄密事故等严重问题"

_URL = re.compile(
    r"(?:https?://|www\.)[a-z0-9\-.]+\.[a-z]{2,}(?::\d+)?"
    r"(?:[/?#][A-Za-z0-9\-._~:/?#@!$&*+,;=%]*)?",
    re.I | re.ASCII,
)
_CLAIM = re.compile(
    r"本文地址|本文链接|原文地址|原文链接|本页地址|网址|门户网站|政府网站|官方网站|人民政府"
)
_GOV_PAGE = re.compile(
    r"人民政府|政府办公室|政府办|人民代表大会|政协|委员会|管理局|[市县区镇乡]\S{0,6}局"
)
_RANDOM_ID = re.compile(r"^[a-z]{4,8}$|^(?=.*\d)(?=.*[a-z])[a-z0-9]{4,8}$", re.I)
_COMMON_IDS = frozenset(
    [
        "main",
        "page",
        "wrap",
        "header",
        "footer",
        "content",
        "menu",
        "navbar",
        "nav",
        "search",
        "logo",
        "banner",
        "left",
        "right",
        "center",
        "top",
        "bottom",
        "list",
        "news",
        "title",
        "date",
        "time",
        "body",
        "container",
        "inner",
        "box",
        "item",
        "text",
        "more",
        "link",
        "links",
        "tabs",
        "tab",
        "slide",
        "share",
        "print",
        "close",
        "open",
        "frame",
        "view",
    ]
)
_WRITE_HIDDEN = re.compile(
    r"document\.write[\s\S]{0,400}?(display\s*:\s*none|left\s*:\s*-\d{3,})", re.I
)
_JS_REDIRECT = re.compile(
    r"(?:window\.|top\.|document\.)?location(?:\.href)?\s*=\s*['\"]((?:https?:)?//[^'\"]+)['\"]"
    r"|location\.replace\(\s*['\"]((?:https?:)?//[^'\"]+)['\"]",
    re.I,
)
PINYIN_MIN = 5  # fewer "(abc)" after characters are units and file types, not an injection


@dataclass
class PageVerdict:
    verdict: str
    findings: list[Finding] = field(default_factory=list)
    title: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "verdict_label": VERDICT_LABELS[self.verdict],
            "title": self.title,
            "findings": [f.as_dict() for f in self.findings],
        }


def verdict_of(findings: list[Finding]) -> str:
    level = worst(findings)
    if level == Severity.HIGH:
        return COMPROMISED
    if level == Severity.MEDIUM:
        return SUSPICIOUS
    return CLEAN


def _lexicon_findings(
    raw: str, where: str, url: str, *, in_title: bool, hidden: bool
) -> list[Finding]:
    norm = normalise(raw)
    hits = lexicon().scan(norm)
    out: list[Finding] = []
    counted = [h for h in hits if not h.enforcement]
    noted = [h for h in hits if h.enforcement]
    if counted:
        strong = max(h.word.weight for h in counted)
        distinct = {h.word.word: h for h in counted}
        score = sum(h.word.weight for h in distinct.values())
        if in_title or hidden:
            severity = Severity.HIGH if strong >= 2 or score >= 2 else Severity.MEDIUM
        elif strong >= 3 or score >= 5:
            severity = Severity.HIGH
        elif strong >= 2 or score >= 2:
            severity = Severity.MEDIUM
        else:
            severity = Severity.LOW
        words = sorted(distinct)
        cats = sorted({CATEGORY_LABELS.get(h.word.category, h.word.category) for h in counted})
        first = counted[0]
        check = "title_injection" if in_title else ("hidden_spam" if hidden else "spam_lexicon")
        out.append(
            Finding(
                check=check,
                severity=severity,
                evidence=f"{where}出现{'、'.join(cats)}类词语：{'、'.join(words[:8])}",
                url=url,
                snippet=norm.snippet(first.start, first.end),
                indicator=SECURITY_VETO if severity == Severity.HIGH else "",
                data={"words": words, "categories": cats, "score": score},
            )
        )
    if noted:
        first = noted[0]
        out.append(
            Finding(
                check="spam_lexicon",
                severity=Severity.INFO,
                evidence=f"{where}出现{'、'.join(sorted({h.word.word for h in noted}))}，"
                "但在打击整治语境中，未计入",
                url=url,
                snippet=norm.snippet(first.start, first.end),
            )
        )
    if norm.pinyin_parens >= PINYIN_MIN:
        out.append(
            Finding(
                check="pinyin_injection",
                severity=Severity.HIGH if norm.pinyin_parens >= 20 else Severity.MEDIUM,
                evidence=f"{where}有{norm.pinyin_parens}处字间插入“(拼音)”，是采集站、篡改页的特征",
                url=url,
                snippet=_first(
                    raw, r"[\u3400-\u9fff][(（][A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}[)）]"
                ),
                data={"count": norm.pinyin_parens},
            )
        )
    if norm.toned_parens >= 2:
        out.append(
            Finding(
                check="conversion_artifacts",
                severity=Severity.MEDIUM,
                evidence=f"{where}有{norm.toned_parens}处简繁转换留下的带声调拼音，如“公務(wù)”",
                url=url,
                snippet=_first(
                    raw, r"[\u3400-\u9fff][(（][^()（）]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][^()（）]*[)）]"
                ),
                data={"count": norm.toned_parens},
            )
        )
    return out


def _first(text: str, pattern: str) -> str:
    match = re.search(pattern, text)
    if not match:
        return ""
    return " ".join(text[max(match.start() - 20, 0) : match.end() + 20].split())


def _claimed_urls(text: str, url: str) -> list[Finding]:
    """An official URL in the text (本文地址, 门户网站(http://…)) pointing at a non-government
    host: the official address was rewritten (pattern 5)."""
    own = host_of(url)
    out = []
    seen = set()
    for match in _URL.finditer(text):
        target = match.group(0)
        host = host_of(target if "://" in target else "http://" + target)
        if not host or host in seen or is_allowed_host(host, own=own) or is_local_host(host):
            continue
        before = text[max(match.start() - 30, 0) : match.start()]
        if not _CLAIM.search(before):
            continue
        seen.add(host)
        out.append(
            Finding(
                check="rewritten_official_url",
                severity=Severity.HIGH,
                evidence=f"文中以官方地址列出的网址指向非政府域名 {host}",
                url=url,
                snippet=" ".join(text[max(match.start() - 30, 0) : match.end()].split()),
                indicator=SECURITY_VETO,
                data={"host": host},
            )
        )
    return out


def _structure(doc: htmlmod.PageDoc, url: str) -> list[Finding]:
    own = host_of(url)
    out: list[Finding] = []
    for block in doc.hidden:
        offsite = [link for link in block.links if not is_allowed_host(host_of(link.href), own=own)]
        if offsite:
            hosts = sorted({host_of(link.href) for link in offsite})
            out.append(
                Finding(
                    check="hidden_links",
                    severity=Severity.HIGH,
                    evidence=f"隐藏元素（{block.reason}）中有{len(offsite)}个指向其他网站的链接（暗链）："
                    + "、".join(hosts[:5]),
                    url=url,
                    snippet=block.text[:120],
                    path=block.path,
                    indicator=SECURITY_VETO,
                    data={"hosts": hosts, "reason": block.reason},
                )
            )
        elif (
            block.ident
            and _RANDOM_ID.match(block.ident)
            and block.ident.lower() not in _COMMON_IDS
            and (block.text or block.links)
            and not block.accessible
        ):
            out.append(
                Finding(
                    check="random_id_element",
                    severity=Severity.MEDIUM,
                    evidence=f'隐藏的<{block.tag} id="{block.ident}">（{block.reason}）'
                    "含文字或链接，随机短 id 的隐藏元素是篡改页的特征",
                    url=url,
                    snippet=block.text[:120],
                    path=block.path,
                )
            )
        if block.text and not block.accessible:
            out += _lexicon_findings(
                block.text, f"隐藏元素 {block.path} ", url, in_title=False, hidden=True
            )
    for marquee in doc.marquees:
        offsite = [m for m in marquee.links if not is_allowed_host(host_of(m.href), own=own)]
        if offsite and not any(f.path == marquee.path for f in out):
            out.append(
                Finding(
                    check="hidden_links",
                    severity=Severity.MEDIUM,
                    evidence=f"滚动字幕<marquee>中有{len(offsite)}个指向其他网站的链接",
                    url=url,
                    snippet=marquee.text[:120],
                    path=marquee.path,
                )
            )
    for link in doc.links:
        host = host_of(link.href)
        if link.hidden or is_allowed_host(host, own=own):
            continue
        anchor = normalise(link.text)
        anchor_hits = [h for h in lexicon().scan(anchor) if not h.enforcement]
        if anchor_hits:
            out.append(
                Finding(
                    check="spam_link",
                    severity=Severity.HIGH,
                    evidence=f"链接文字“{link.text[:30]}”含垃圾信息词语，指向 {host}",
                    url=url,
                    snippet=link.href,
                    path=link.path,
                    indicator=SECURITY_VETO,
                )
            )
        elif _looks_official(link.text) and not is_gov_host(host) and not is_local_host(host):
            out.append(
                Finding(
                    check="rewritten_official_url",
                    severity=Severity.HIGH,
                    evidence=f"链接文字“{link.text[:40]}”像政府网站地址，实际指向 {host}",
                    url=url,
                    snippet=link.href,
                    path=link.path,
                    indicator=SECURITY_VETO,
                )
            )
        elif not link.chrome:
            out.append(
                Finding(
                    check="offsite_link",
                    severity=Severity.MEDIUM,
                    evidence=f"正文中链到非政府网站 {host}（链接文字“{link.text[:30]}”）",
                    url=url,
                    snippet=link.href,
                    path=link.path,
                    data={"host": host},
                )
            )
    for target in [doc.refresh, *_script_redirects(doc.scripts)]:
        host = host_of(target)
        if target and not is_allowed_host(host, own=own):
            out.append(
                Finding(
                    check="redirect_offsite",
                    severity=Severity.HIGH,
                    evidence=f"页面自动跳转到其他网站 {host}",
                    url=url,
                    snippet=target,
                    indicator=SECURITY_VETO,
                )
            )
    for script in doc.scripts:
        if _WRITE_HIDDEN.search(script):
            out.append(
                Finding(
                    check="script_injection",
                    severity=Severity.MEDIUM,
                    evidence="脚本用 document.write 写出隐藏的内容（暗链的常见写法）",
                    url=url,
                    snippet=" ".join(script.split())[:160],
                )
            )
    return out


def _looks_official(text: str) -> bool:
    return bool(re.search(r"gov\.cn|政府网|人民政府", text or "", re.I))


def _script_redirects(scripts: list[str]) -> list[str]:
    out = []
    for script in scripts:
        for match in _JS_REDIRECT.finditer(script):
            target = match.group(1) or match.group(2)
            out.append("http:" + target if target.startswith("//") else target)
    return out


def _foreign_host(title: str, url: str) -> list[Finding]:
    """A government page (by its title) served under a commercial domain (pattern 6)."""
    host = host_of(url)
    if not host or is_gov_host(host) or is_local_host(host) or is_allowed_host(host):
        return []
    if not _GOV_PAGE.search(title):
        return []
    return [
        Finding(
            check="foreign_host",
            severity=Severity.MEDIUM,
            evidence=f"政府机关的页面出现在非政府域名 {host} 下（整页被镜像或冒用）",
            url=url,
            snippet=title[:80],
        )
    ]


def check_text(text: str, *, url: str = "") -> PageVerdict:
    """A saved page as plain text (first line = title)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    rest = "\n".join(lines[1:])
    findings = _lexicon_findings(first, "首行（标题）", url, in_title=True, hidden=False)
    findings += _lexicon_findings(rest, "正文", url, in_title=False, hidden=False)
    findings += _claimed_urls(text, url)
    findings += _foreign_host(first, url)
    return PageVerdict(verdict_of(findings), _dedupe(findings), first[:200])


def check_html(html: str, *, url: str = "") -> PageVerdict:
    doc = htmlmod.parse(html, url)
    return check_doc(doc, url=url)


def check_doc(doc: htmlmod.PageDoc, *, url: str = "") -> PageVerdict:
    title = doc.title or doc.first_line
    findings = _lexicon_findings(title, "标题", url, in_title=True, hidden=False)
    findings += _lexicon_findings(doc.visible_text, "正文", url, in_title=False, hidden=False)
    findings += _structure(doc, url)
    findings += _claimed_urls(doc.visible_text, url)
    findings += _foreign_host(title, url)
    return PageVerdict(verdict_of(findings), _dedupe(findings), title[:200])


def check_page(content: str, *, url: str = "") -> PageVerdict:
    """HTML or text, whichever the content is."""
    if htmlmod.looks_like_html(content):
        return check_html(content, url=url)
    return check_text(content, url=url)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in sorted(findings, key=lambda f: -Severity.ORDER[f.severity]):
        key = (f.check, f.path, f.snippet, f.evidence)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


__all__ = ["CLEAN", "COMPROMISED", "SUSPICIOUS", "Hit", "PageVerdict", "check_page"]
