"""HTML and MHTML pages → lines.

The bytes are decoded (BOM, valid UTF-8, the declared charset, detection); the
article body is chosen (see :mod:`graphkit.ingest.article`) and rendered as
lines, tables as TAB-joined rows with ``rowspan``/``colspan`` repeated in every
place they cover. An MHTML single-file page is unpacked to its HTML (or
plain-text) part.
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..read import Text, decode, read_text
from .article import _Stats, _drop, _main_container, _page_title, _prune
from .common import _HEAD, _WS, _finish
from .tables import _MAX_COLUMNS, Grid, grid_lines

_META_CHARSET = re.compile(rb'<meta[^>]{0,300}?charset\s*=\s*["\']?\s*([A-Za-z0-9_.:-]{2,40})', re.I)
_XML_ENCODING = re.compile(rb'<\?xml[^>]{0,100}encoding\s*=\s*["\']([A-Za-z0-9_.:-]{2,40})', re.I)


def _charset_candidates(name: str | None) -> list[str]:
    if not name:
        return []
    name = name.strip().lower()
    if name.startswith(('gb', 'x-gb', 'cp936', 'ms936', 'euc-cn', 'x-euc-cn')):
        return ['gb18030']
    if 'big5' in name or name in ('cp950', 'ms950', 'x-x-big5'):
        return ['cp950', 'big5hkscs']
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return []
    if name in ('gb2312', 'gbk', 'gb18030', 'hz'):
        return ['gb18030']
    if name in ('big5', 'cp950', 'big5hkscs'):
        return ['cp950', 'big5hkscs']
    if name in ('utf-16', 'utf-16-le', 'utf-16-be', 'utf-32'):
        return []                    # a meta tag cannot be read in these without a BOM
    return [name]


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of an HTML page: BOM, then valid UTF-8, then the declared
    charset (``<meta charset>``, the XML declaration or ``declared``), then detection.

    >>> decode_html('<meta charset="gb2312"><p>推动教育发展</p>'.encode('gbk'))
    ('<meta charset="gb2312"><p>推动教育发展</p>', 'gb18030')
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    try:
        return data.decode('utf-8'), 'utf-8'
    except UnicodeDecodeError:
        pass
    head = data[:_HEAD]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    names = _charset_candidates(declared) + _charset_candidates(m.group(1).decode('ascii') if m else None)
    for enc in names:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    for enc in names:
        text = data.decode(enc, errors='replace')
        if text.count('\ufffd') <= max(2, len(text) // 1000):
            return text, enc
    return decode(data)


_DROP_TAGS = frozenset('script style noscript iframe frame frameset object embed applet svg math canvas '
                       'template head title meta link base select option optgroup button input textarea '
                       'map area audio video source track picture img dialog'.split())
_PAGE_META_LABEL = re.compile(r'(来源|信息来源|文章来源|发布时间|发布日期|更新时间|浏览次数|浏览量|点击数|点击量|'
                              r'阅读次数|阅读量|访问量|作者|责任编辑|编辑|字体|字号)\s*[:：]')
_HIDDEN = re.compile(r'display\s*:\s*none|visibility\s*:\s*hidden', re.I)
_BLOCK_TAGS = frozenset('address article aside blockquote body center dd details dir div dl dt fieldset '
                        'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li '
                        'main menu nav ol p section summary tbody td tfoot th thead tr ul caption'.split())


def _read_html(path: str, data: bytes, declared: str | None = None, kind: str = 'html') -> Text:
    text, enc = decode_html(data, declared)
    notes: list[str] = []
    try:
        lines = _page_lines(text, notes)
    except RecursionError:
        raise InputError(path, 'HTML nested too deeply to read') from None
    read = read_text('\n'.join(lines), f'{kind}/{enc}', unwrap_lines=False)
    read.notes.extend(notes)
    return _finish(path, read, 'the HTML page')


def _read_mhtml(path: str, data: bytes) -> Text:
    import email
    import email.policy
    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        parts = [p for p in msg.walk() if not p.is_multipart()]
        html = next((p for p in parts if p.get_content_type() == 'text/html'), None)
        part = html or next((p for p in parts if p.get_content_type() == 'text/plain'), None)
        payload = part.get_payload(decode=True) if part is not None else None
    except Exception as e:  # the email parser on damaged input
        raise InputError(path, f'damaged MHTML file: {type(e).__name__}') from None
    if not payload:
        raise InputError(path, 'MHTML file holds no HTML or text part')
    if html is None:
        raw, enc = decode(payload)
        return _finish(path, read_text(raw, f'mhtml/{enc}', unwrap_lines=False), 'the MHTML file')
    return _read_html(path, payload, part.get_content_charset(), 'mhtml')


# Inline markup: dropped (its text kept) from a page nested deeper than libxml2 reads
# (it stops at 256 levels and silently loses the rest); blocks and tables stay.
_INLINE_TAG = re.compile(r'</?(?:span|font|b|strong|i|em|u|s|strike|small|big|sub|sup|o:p|st1:[\w-]+|w:[\w-]+|'
                         r'ins|mark|label|abbr|cite|code|var|kbd|q|nobr|wbr)\b[^<>]*>', re.I)
_TAG = re.compile(r'<(/?)([a-zA-Z][\w:.-]*)[^<>]*?(/?)>')
_VOID = frozenset('area base br col embed hr img input link meta param source track wbr'.split())
_MAX_DEPTH = 200


def _depth(text: str) -> int:
    """The deepest nesting of elements in a page (a quick scan of its tags)."""
    depth = deepest = 0
    for m in _TAG.finditer(text):
        if m.group(2).lower() in _VOID or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _page_lines(text: str, notes: list[str]) -> list[str]:
    """:func:`html_lines`, and what was noticed: a page nested too deep for the parser
    (its inline markup dropped, or text beyond the limit lost), hidden text kept."""
    deep = _depth(text) if text.count('<') > _MAX_DEPTH else 0
    if deep > _MAX_DEPTH:
        text = _INLINE_TAG.sub('', text)
        after = _depth(text)
        notes.append(f'HTML nested {deep} levels deep: inline markup dropped to read it'
                      if after <= 250 else
                      f'HTML nested {after} levels deep (damaged): text below level 255 may be lost')
    return html_lines(text, notes)


def html_lines(text: str, notes: list[str] | None = None) -> list[str]:
    """The article body of an HTML page as lines; table rows as TAB-joined cells.

    >>> html_lines('<div class="nav"><a href="/">首页</a></div><div id="zoom"><p>一、总体要求</p>'
    ...            '<table><tr><td rowspan="2">市教育局</td><td>任务一</td></tr><tr><td>任务二</td></tr>'
    ...            '</table></div>')
    ['一、总体要求', '市教育局\\t任务一', '市教育局\\t任务二']
    """
    import lxml.html
    from lxml import etree
    text = re.sub(r'^\s*<\?xml[^>]*>', '', text)
    text = re.sub('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]', '', text)
    if not text.strip():
        return []
    # Without huge_tree libxml2 caps the nesting depth at 256, which keeps the
    # recursive walks below Python's recursion limit.
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    if root is None:
        return []
    title = _page_title(root)
    hidden = []
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in _DROP_TAGS:
            _drop(el)
        elif el.tag not in ('html', 'body') and (
                el.get('hidden') is not None or _HIDDEN.search(el.get('style') or '') or
                el.get('aria-hidden') == 'true'):
            hidden.append(el)
    # Hidden furniture (menus, share bars, templates) goes; an element holding most of
    # the page's text is the article a script will show, and stays.
    total = _WS.sub('', root.text_content() or '')
    for el in hidden:
        if el.getparent() is None:
            continue
        size = len(_WS.sub('', el.text_content() or ''))
        if size > 40 and size >= 0.5 * len(total):
            if notes is not None:
                notes.append('the page hides its text until a script shows it: hidden text kept')
            continue
        _drop(el)
    body = root.find('body')
    if body is None:
        body = root
    stats = _Stats(body)
    _prune(body, stats)
    stats = _Stats(body)
    main = _main_container(body, stats)
    out = _Lines()
    _render(main, out)
    out.br()
    # The article's own furniture: 来源：… 发布时间：… 浏览次数：…
    lines = [s for s in out.lines if len(s) > 150 or len(set(_PAGE_META_LABEL.findall(s))) < 2]
    if title and main is not body:
        key = re.sub(r'\s+', '', title)
        if key not in re.sub(r'\s+', '', ''.join(lines)[:1000]):
            lines.insert(0, title)
    return lines


class _Lines:
    def __init__(self):
        self.lines: list[str] = []
        self.buf: list[str] = []

    def add(self, s) -> None:
        if s:
            self.buf.append(s)

    def br(self) -> None:
        if self.buf:
            s = _WS.sub(' ', ''.join(self.buf)).strip(' ')
            self.buf = []
            if s.strip():
                self.lines.append(s)

    def line(self, s: str) -> None:
        self.br()
        if s.strip():
            self.lines.append(s)


def _render(el, out: _Lines) -> None:
    tag = el.tag
    if not isinstance(tag, str):
        return
    if tag == 'br':
        out.br()
        return
    if tag == 'table':
        out.br()
        _render_table(el, out)
        return
    if tag == 'pre':
        out.br()
        for line in el.text_content().splitlines():
            out.line(line.replace('\t', ' ').rstrip())
        return
    block = tag in _BLOCK_TAGS
    if block:
        out.br()
    out.add(el.text)
    for child in el:
        _render(child, out)
        out.add(child.tail)
    if block:
        out.br()


def _cell_text(cell) -> str:
    out = _Lines()
    _render(cell, out)
    out.br()
    return ' '.join(out.lines).replace('\t', ' ')


def _span(value, cap: int) -> int:
    m = re.match(r'\s*(\d+)', value or '')
    n = int(m.group(1)) if m else 1
    if n == 0:
        return cap
    return max(1, min(n, cap))


def _render_table(table, out: _Lines) -> None:
    rows = []
    for child in table:
        if child.tag == 'tr':
            rows.append(child)
        elif child.tag in ('thead', 'tbody', 'tfoot'):
            rows.extend(c for c in child if c.tag == 'tr')
        elif child.tag == 'caption':
            out.line(_cell_text(child))
    cells = [[c for c in tr if c.tag in ('td', 'th')] for tr in rows]
    layout = (not rows or all(len(r) <= 1 for r in cells) or table.find('.//table') is not None or
              any(len(c.text_content()) > 3000 for r in cells for c in r))
    if layout:
        # A table used for page layout or as a one-column box: its cells are blocks.
        if not rows:
            for child in table:
                if child.tag != 'caption':
                    _render(child, out)
        for row in cells:
            for cell in row:
                _render(cell, out)
                out.br()
        return
    n = len(rows)
    grid = Grid(n, sum(len(r) for r in cells))
    key = 0
    for r, row in enumerate(cells):
        c = 0
        for cell in row:
            while c in grid.rows[r]:
                c += 1
            if c >= _MAX_COLUMNS:
                break
            rs = _span(cell.get('rowspan'), n - r)
            cs = _span(cell.get('colspan'), _MAX_COLUMNS - c)
            key += 1
            c += grid.place(range(r, r + rs), range(c, c + cs), (key, _cell_text(cell)))
    for line in grid_lines(grid.rows):
        out.line(line)
