"""The article in an HTML page: navigation, headers, footers, share bars,
breadcrumbs and related-link blocks dropped, then the element holding the body
found (a known CMS container, else by text density), and the page's title.
"""
from __future__ import annotations

import re

from .common import _WS

_JUNK_TAGS = frozenset(('nav', 'header', 'footer', 'aside'))
_JUNK_ROLES = frozenset(('navigation', 'banner', 'contentinfo', 'search', 'complementary'))
_JUNK_NAME = re.compile(
    r'^(?:.*[-_])?(?:nav|navbar|navigation|menu|menus|breadcrumbs?|crumbs?|bread|share|bdshare|'
    r'bdsharebuttonbox|footer|foot|header|topbar|top-bar|copyright|sidebar|side-bar|related|relevant|'
    r'xglj|comment|comments|toolbar|tools|print|position|location|dqwz|weizhi|search|login|qrcode|'
    r'ewm|friendlinks?|links|ad|ads|banner|gotop|backtop|pagination|pager)(?:[-_].*)?$', re.I)
# Containers of the article body in Chinese government CMSs (TRS, 开普云 UCAP, 政府网站
# 集约化平台…), then generic names that may also wrap the title and page furniture.
_BODY_NAME = re.compile(
    r'^(?:zoom|trs_editor|trs_ueditor|trs_editor_view|custom_unionstyle|ucap-content|pages_content|'
    r'pages-content|article[-_]?(?:content|body|text|con)|articlecontent|art[-_]?con|zwnr|zw[-_]?con|'
    r'zw|textcontent|ccontent|bt[-_]?content|xxgk[-_]?(?:content|nr)|wz[-_]?con|news[-_]?(?:content|text|con)|'
    r'content[-_]?(?:text|body|con)|main[-_]?text|post[-_]?content|entry[-_]?content)$', re.I)
_CONTENT_NAME = re.compile(
    r'^(?:article|article[-_]?detail|content|contents|con|text|txt|detail|detail[-_]?content|'
    r'main[-_]?content|news[-_]?detail|info[-_]?(?:content|con)|view|wzy|content[-_]?(?:main|detail))$',
    re.I)
_RELATED = re.compile(r'^\s*[【\[]?\s*(?:相关链接|相关文件|相关阅读|相关推荐|相关新闻|相关信息|相关文章|相关稿件|'
                      r'延伸阅读|推荐阅读|热点推荐|猜你喜欢|友情链接|相关解读)\s*[】\]]?\s*[:：]?\s*$')


def _drop(el) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or '') + tail
        else:
            parent.text = (parent.text or '') + tail
    parent.remove(el)


def _page_title(root) -> str | None:
    for m in root.iter('meta'):
        name = (m.get('name') or m.get('property') or '').lower()
        if name in ('articletitle', 'og:title'):
            c = _WS.sub(' ', m.get('content') or '').strip()
            if 4 <= len(c) <= 200:
                return c
    h1 = [_WS.sub(' ', h.text_content()).strip() for h in root.iter('h1')]
    h1 = [h for h in h1 if 4 <= len(h) <= 150]
    t = root.find('.//title')
    title = _WS.sub(' ', t.text_content() or '').strip() if t is not None else ''
    for h in h1:
        if h in title:
            return h
    parts = [p.strip() for p in re.split(r'\s*(?:[_|｜]|--|——|\s-\s)\s*', title)]
    parts = [p for p in parts if 4 <= len(p) <= 150]
    if parts:
        return max(parts, key=len)
    return max(h1, key=len) if h1 else None


class _Stats:
    """Characters of text (not whitespace) under each element, and those inside links."""

    def __init__(self, root):
        self.total: dict = {}
        self.link: dict = {}
        self._walk(root, False)

    @staticmethod
    def _n(s) -> int:
        return len(_WS.sub('', s)) if s else 0

    def _walk(self, el, in_link: bool) -> tuple[int, int]:
        in_link = in_link or el.tag == 'a'
        t = self._n(el.text)
        link = t if in_link else 0
        for child in el:
            if isinstance(child.tag, str):
                ct, cl = self._walk(child, in_link)
                t += ct
                link += cl
            tail = self._n(child.tail)
            t += tail
            if in_link:
                link += tail
        self.total[el] = t
        self.link[el] = link
        return t, link

    def text(self, el) -> int:
        return self.total.get(el, 0) - self.link.get(el, 0)


def _names(el) -> list[str]:
    return (el.get('id') or '').split() + (el.get('class') or '').split()


def _prune(body, stats: _Stats) -> None:
    """Drop navigation, headers, footers, share bars, breadcrumbs and related-link blocks."""
    page = stats.text(body) or 1
    doomed = []
    for el in body.iter():
        if el is body or not isinstance(el.tag, str):
            continue
        junk = el.tag in _JUNK_TAGS or (el.get('role') or '').lower() in _JUNK_ROLES or \
            any(_JUNK_NAME.match(n) and not _CONTENT_NAME.match(n) and not _BODY_NAME.match(n)
                for n in _names(el))
        if junk and stats.text(el) < 0.4 * page:
            doomed.append(el)
    for el in body.iter():
        if not isinstance(el.tag, str) or stats.total.get(el, 0) > 20:
            continue
        if _RELATED.match(el.text_content() or ''):
            node = el
            parent = node.getparent()
            while parent is not None and parent is not body and \
                    stats.text(parent) - stats.text(node) <= 30 and stats.text(parent) < 0.3 * page:
                node, parent = parent, parent.getparent()
            doomed.append(node)
            sib = node.getnext()
            while sib is not None and isinstance(sib.tag, str) and stats.total.get(sib, 0) and \
                    stats.link.get(sib, 0) >= 0.5 * stats.total[sib]:
                doomed.append(sib)
                sib = sib.getnext()
    for el in doomed:
        if el.getparent() is not None:
            _drop(el)


def _main_container(body, stats: _Stats):
    """The element holding the article: a known CMS container, else by text density."""
    page = stats.text(body)
    if not page:
        return body
    for names in (_BODY_NAME, _CONTENT_NAME):
        named = [el for el in body.iter() if isinstance(el.tag, str) and el is not body and
                 any(names.match(n) for n in _names(el))]
        best = max(named, key=stats.text, default=None)      # the first of equals, in page order
        if best is not None and stats.text(best) >= max(20, 0.3 * page):
            size = stats.text(best)
            named = set(named)
            for el in best.iter():
                if el in named and stats.text(el) >= 0.95 * size:
                    best = el               # the innermost container holding nearly all of it
            return best
    el = body
    while True:
        total = stats.text(el)
        kids = [c for c in el if isinstance(c.tag, str)]
        child = max(kids, key=stats.text, default=None)
        if child is None or stats.text(child) < 0.8 * total:
            return el
        if child.tag in ('table', 'tbody', 'thead', 'tfoot', 'tr'):
            # Only a layout table is entered: one of its cells holds nearly all the text.
            cell = max(child.iter('td', 'th'), key=stats.text, default=None)
            if cell is None or stats.text(cell) < 0.8 * total:
                return el
            child = cell
        el = child
