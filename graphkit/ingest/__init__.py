"""ingest: a file on disk → the read stage's Text.

The format is recognised from the content (magic bytes, then sniffing), not
from the file name: plain text in any encoding, HTML pages saved from a
government portal (also when saved as ``.txt``), MHTML single-file pages, Word
``.docx`` and PDF with a text layer. Each is turned into plain lines and handed
to :func:`graphkit.read.read_text`, so the usual cleaning applies.

Tables are kept as rows: one line per row, cells joined by a TAB, merged cells
(HTML ``rowspan``/``colspan``, Word ``vMerge``/``gridSpan``) repeated in every
row and column they cover. A row made of one cell spanning the whole table (a
group heading such as ``一、强化基础保障``) is one plain line. Outside tables
the text of HTML, DOCX and PDF never holds a TAB.

Anything else raises :class:`~graphkit.errors.InputError` (or its subclass
:class:`~graphkit.errors.UnsupportedFormat`) whose message is one line naming the
file and the problem: empty, binary, legacy ``.doc``/``.wps``, images,
archives, damaged or scanned PDFs, unreadable or vanished files, files above
the size limits.
"""
from __future__ import annotations

import codecs
import logging
import os
import re
import stat
import zipfile

from .errors import InputError, UnsupportedFormat
from .read import CJK, Text, decode, read_bytes, read_text

MAX_BYTES = 100 * 1024 * 1024
"""Files larger than this are refused before anything is read."""
MAX_TEXT_BYTES = 20 * 1024 * 1024
"""Plain text, HTML and MHTML larger than this are refused (text expands in memory)."""
MAX_CHARS = 10_000_000
"""Text extracted from a DOCX or PDF longer than this is refused."""

_HEAD = 64 * 1024
CONVERT = 'convert it to .docx or PDF (e.g. libreoffice --headless --convert-to docx FILE)'
_WS = re.compile(r'[ \t\n\r\f\v]+')


def read_file(path, *, max_bytes: int | None = None, max_text_bytes: int | None = None) -> Text:
    """Read one document file into clean Simplified text.

    Raises :class:`InputError` (one line: ``'<path>: <problem>'``) for a file
    that cannot be read and :class:`UnsupportedFormat` for a format graphkit
    does not read. ``max_bytes`` (default :data:`MAX_BYTES`) limits the file
    size, ``max_text_bytes`` (default :data:`MAX_TEXT_BYTES`) the size of a
    plain-text or HTML file.
    """
    path = os.fspath(path)
    limits = (MAX_BYTES if max_bytes is None else max_bytes,
              MAX_TEXT_BYTES if max_text_bytes is None else max_text_bytes)
    try:
        return _read(path, *limits)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(path, 'file not found (missing, or removed while reading)') from None
    except PermissionError:
        raise InputError(path, 'permission denied: cannot open the file for reading') from None
    except IsADirectoryError:
        raise InputError(path, 'is a directory, not a file') from None
    except MemoryError:
        raise InputError(path, 'out of memory while reading the file') from None
    except OSError as e:
        raise InputError(path, f'cannot read: {e.strerror or e}') from None


def _mb(n: int) -> str:
    return f'{n / 1048576:.1f} MB' if n >= 1048576 else f'{n} bytes'


def _read(path: str, max_bytes: int, max_text_bytes: int) -> Text:
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, 'is a directory, not a file')
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, 'not a regular file (device, pipe or socket)')
    ext = os.path.splitext(path)[1].lower()
    with open(path, 'rb') as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            raise InputError(path, 'empty file')
        if size > max_bytes:
            raise InputError(path, f'file too large: {_mb(size)} (limit {_mb(max_bytes)})')
        head = f.read(_HEAD)
        if not head:
            raise InputError(path, 'empty file')
        kind = _sniff(path, f, head, size, ext)
        if kind == 'pdf':
            return _read_pdf(path, f, size)
        if kind == 'zip':
            return _read_zip(path, f, ext, max_text_bytes)
        # Text-like formats are read whole, within their own limit.
        if size > max_text_bytes:
            what = {'html': 'HTML file', 'mhtml': 'MHTML file'}.get(kind, 'text file')
            raise InputError(path, f'{what} too large: {_mb(size)} (limit {_mb(max_text_bytes)} '
                                   'for text and HTML)')
        # Ask for what fstat announced (plus one byte to notice growth): a larger
        # request would allocate its whole buffer up front.
        data = head + f.read(max(0, min(size, max_text_bytes) + 1 - len(head)))
        if len(data) > max_text_bytes:
            raise InputError(path, f'file grew while reading beyond {_mb(max_text_bytes)}')
    if kind == 'html':
        return _read_html(path, data)
    if kind == 'mhtml':
        return _read_mhtml(path, data)
    return _read_plain(path, data)


# --- recognising the format ---------------------------------------------------------

_IMAGE_HINT = 'an image, not a text document (a scanned page? run OCR first)'
_ARCHIVE_HINT = 'an archive: unpack it and read the documents inside'
_NOT_DOC = 'not a document graphkit reads'

# (offset, magic, what, hint, strong). Weak (short) signatures count only when
# the bytes also look binary.
_SIGNATURES = [
    (0, b'\x89PNG\r\n\x1a\n', 'PNG image', _IMAGE_HINT, True),
    (0, b'\xff\xd8\xff', 'JPEG image', _IMAGE_HINT, True),
    (0, b'GIF87a', 'GIF image', _IMAGE_HINT, True),
    (0, b'GIF89a', 'GIF image', _IMAGE_HINT, True),
    (0, b'II*\x00', 'TIFF image', _IMAGE_HINT, True),
    (0, b'MM\x00*', 'TIFF image', _IMAGE_HINT, True),
    (0, b'8BPS', 'Photoshop image', _IMAGE_HINT, True),
    (0, b'BM', 'BMP image', _IMAGE_HINT, False),
    (0, b'\x00\x00\x01\x00', 'icon image', _IMAGE_HINT, True),
    (0, b'Rar!\x1a\x07', 'RAR archive', _ARCHIVE_HINT, True),
    (0, b'7z\xbc\xaf\x27\x1c', '7-Zip archive', _ARCHIVE_HINT, True),
    (0, b'\x1f\x8b', 'gzip archive', _ARCHIVE_HINT, True),
    (0, b'\xfd7zXZ\x00', 'xz archive', _ARCHIVE_HINT, True),
    (0, b'BZh', 'bzip2 archive', _ARCHIVE_HINT, False),
    (0, b'(\xb5/\xfd', 'zstd archive', _ARCHIVE_HINT, True),
    (257, b'ustar', 'tar archive', _ARCHIVE_HINT, True),
    (0, b'\x7fELF', 'ELF executable', _NOT_DOC, True),
    (0, b'MZ', 'Windows executable', _NOT_DOC, False),
    (0, b'\xca\xfe\xba\xbe', 'Java class or Mach-O binary', _NOT_DOC, True),
    (0, b'\xcf\xfa\xed\xfe', 'Mach-O executable', _NOT_DOC, True),
    (0, b'\xce\xfa\xed\xfe', 'Mach-O executable', _NOT_DOC, True),
    (0, b'\x00asm', 'WebAssembly binary', _NOT_DOC, True),
    (0, b'SQLite format 3\x00', 'SQLite database', _NOT_DOC, True),
    (0, b'ID3', 'MP3 audio', _NOT_DOC, False),
    (0, b'OggS', 'Ogg audio/video', _NOT_DOC, True),
    (0, b'fLaC', 'FLAC audio', _NOT_DOC, True),
    (4, b'ftyp', 'MP4/QuickTime video', _NOT_DOC, True),
    (0, b'\x1aE\xdf\xa3', 'Matroska/WebM video', _NOT_DOC, True),
    (0, b'wOFF', 'web font', _NOT_DOC, True),
    (0, b'wOF2', 'web font', _NOT_DOC, True),
    (0, b'OTTO', 'OpenType font', _NOT_DOC, True),
    (0, b'\x00\x01\x00\x00\x00', 'TrueType font', _NOT_DOC, True),
    (0, b'{\\rtf', 'RTF document', CONVERT, True),
    (0, b'%!PS', 'PostScript document', 'convert it to PDF (e.g. ps2pdf FILE)', True),
    (0, b'AT&TFORM', 'DjVu document', _IMAGE_HINT, True),
    (0, b'PAR1', 'Parquet data file', _NOT_DOC, True),
    (0, b'\x89HDF', 'HDF5 data file', _NOT_DOC, True),
]
_RIFF = {b'WEBP': ('WebP image', _IMAGE_HINT), b'WAVE': ('WAV audio', _NOT_DOC),
         b'AVI ': ('AVI video', _NOT_DOC)}
_OLE2 = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'

# Control bytes that do not occur in text (TAB, LF, VT, FF, CR, and the SO, SI and
# ESC of ISO-2022 encodings excepted).
_CTRL = bytes([*range(0, 9), *range(0x10, 0x1b), *range(0x1c, 0x20), 0x7f])


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: not text in any single-byte-based encoding."""
    if not data:
        return False
    n = len(data)
    nul = data.count(0)
    ctrl = n - len(data.translate(None, _CTRL))
    return nul > max(1, n // 1000) or ctrl > max(2, n // 50)


def _sniff(path: str, f, head: bytes, size: int, ext: str) -> str:
    """The kind of file: 'pdf', 'zip', 'html', 'mhtml' or 'text'; raise for the rest."""
    if b'%PDF-' in head[:1024]:
        return 'pdf'
    if head.startswith((b'PK\x03\x04', b'PK\x05\x06', b'PK\x07\x08')):
        return 'zip'
    if head.startswith(_OLE2):
        tail = b''
        if size > _HEAD:
            f.seek(max(_HEAD, size - _HEAD))
            tail = f.read(_HEAD)
        what, hint = _ole2_kind(head + tail, ext)
        raise UnsupportedFormat(path, f'{what}: {hint}')
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _text_kind(path, head, ext)
    binary = _looks_binary(head)
    for offset, magic, what, hint, strong in _SIGNATURES:
        if head.startswith(magic, offset) and (strong or binary):
            raise UnsupportedFormat(path, f'{what}: {hint}')
    if head.startswith(b'RIFF') and head[8:12] in _RIFF:
        what, hint = _RIFF[head[8:12]]
        raise UnsupportedFormat(path, f'{what}: {hint}')
    if not head.strip(b'\x00'):
        raise InputError(path, 'file holds only NUL bytes')
    if _looks_binary(head.rstrip(b'\x00')) and _utf16_guess(head) is None:
        raise UnsupportedFormat(path, 'binary file, not text, HTML, DOCX or PDF')
    return _text_kind(path, head, ext)


def _ole2_kind(blob: bytes, ext: str) -> tuple[str, str]:
    """Name an OLE2 compound file (legacy Office/WPS) from its stream names."""
    def has(name):
        return name.encode('utf-16-le') in blob
    if has('EncryptedPackage') or has('EncryptionInfo'):
        return 'password-protected Office document', 'remove the password and save it as .docx'
    if ext == '.wps':
        return 'WPS document (.wps)', CONVERT
    if has('WordDocument') or ext in ('.doc', '.dot'):
        return 'legacy Word .doc', CONVERT
    if has('Workbook') or ext in ('.xls', '.et'):
        return 'legacy Excel workbook', 'save the table as .docx, HTML or text'
    if has('PowerPoint Document') or ext in ('.ppt', '.dps'):
        return 'legacy PowerPoint presentation', CONVERT
    return 'legacy Office/WPS file (OLE2)', CONVERT


_HTML_START = re.compile(r'\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|'
                         r'script|style|div|table|p|span|center|font|form|h[1-6]|br|section|'
                         r'article|base)\b', re.S | re.I)
_HTML_ANY = re.compile(r'<(?:!doctype\s+html|html|body)\b[^<>]*>', re.I)
_HTML_EXT = ('.html', '.htm', '.shtml', '.xhtml', '.jsp', '.asp', '.aspx', '.php')


def _text_kind(path: str, head: bytes, ext: str) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        s = head[:8192].decode('utf-16', errors='replace')
    else:
        s = head[:8192].decode('latin-1').lstrip('\ufeff\xef\xbb\xbf')
    low = s.lower()
    if re.match(r'\s*(mime-version|content-type|from|subject|date|content-location|'
                r'x-[a-z-]+):', low) and 'multipart/' in low[:4096]:
        return 'mhtml'
    if low.lstrip().startswith('<?xml'):
        if re.search(r'<html\b', low):
            return 'html'
        if '<svg' in low:
            raise UnsupportedFormat(path, f'SVG image: {_IMAGE_HINT}')
        if 'word.document' in low or 'wordml' in low:
            raise UnsupportedFormat(path, f'Word 2003 XML document: {CONVERT}')
        raise UnsupportedFormat(path, 'XML data file, not a document (text, HTML, DOCX or PDF)')
    if _HTML_START.match(s) or _HTML_ANY.search(s):
        return 'html'
    if ext in _HTML_EXT and re.search(r'<[a-z!/][^<>]{0,200}>', low):
        return 'html'
    return 'text'


def _utf16_guess(data: bytes) -> str | None:
    """The UTF-16 byte order of BOM-less UTF-16 text, or None."""
    sample = data[:8192]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    for enc in ('utf-16-le', 'utf-16-be'):
        s = sample.decode(enc, errors='replace')
        good = sum(1 for ch in s if ch in '\n\r\t' or ' ' <= ch <= '~' or
                   '\u3000' <= ch <= '\u9fff' or '\uff00' <= ch <= '\uffef' or ch in '\u2014\u2026\u201c\u201d')
        if good >= 0.97 * len(s):
            return enc
    return None


# --- plain text ------------------------------------------------------------------------

def _read_plain(path: str, data: bytes) -> Text:
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not has_bom:
        body = data.rstrip(b'\x00')          # NUL padding of a damaged download
        if _looks_binary(body):
            enc = _utf16_guess(data)
            if enc is None:
                raise UnsupportedFormat(path, 'binary file, not text, HTML, DOCX or PDF')
            return _finish(path, read_text(data.decode(enc, errors='replace'), enc), 'the text file')
        data = body
    return _finish(path, read_bytes(data), 'the text file')


def _finish(path: str, text: Text, where: str) -> Text:
    if not text.text.strip():
        raise InputError(path, f'no text found in {where}')
    return text


# --- HTML ------------------------------------------------------------------------------

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
_PAGE_META_LABEL = re.compile(r'(来源|信息来源|文章来源|发布时间|发布日期|更新时间|浏览次数|浏览量|点击数|点击量|'
                              r'阅读次数|阅读量|访问量|作者|责任编辑|编辑|字体|字号)\s*[:：]')
_RELATED = re.compile(r'^\s*[【\[]?\s*(?:相关链接|相关文件|相关阅读|相关推荐|相关新闻|相关信息|相关文章|相关稿件|'
                      r'延伸阅读|推荐阅读|热点推荐|猜你喜欢|友情链接|相关解读)\s*[】\]]?\s*[:：]?\s*$')
_HIDDEN = re.compile(r'display\s*:\s*none|visibility\s*:\s*hidden', re.I)
_BLOCK_TAGS = frozenset('address article aside blockquote body center dd details dir div dl dt fieldset '
                        'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li '
                        'main menu nav ol p section summary tbody td tfoot th thead tr ul caption'.split())


def _read_html(path: str, data: bytes, declared: str | None = None, kind: str = 'html') -> Text:
    text, enc = decode_html(data, declared)
    try:
        lines = html_lines(text)
    except RecursionError:
        raise InputError(path, 'HTML nested too deeply to read') from None
    return _finish(path, read_text('\n'.join(lines), f'{kind}/{enc}'), 'the HTML page')


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
        return _finish(path, read_text(raw, f'mhtml/{enc}'), 'the MHTML file')
    return _read_html(path, payload, part.get_content_charset(), 'mhtml')


def html_lines(text: str) -> list[str]:
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
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in _DROP_TAGS or el.get('hidden') is not None or \
                _HIDDEN.search(el.get('style') or '') or el.get('aria-hidden') == 'true':
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


_MAX_COLUMNS = 200


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
    grid: list[dict] = [{} for _ in range(n)]
    key = 0
    budget = _span_budget(sum(len(r) for r in cells))
    for r, row in enumerate(cells):
        c = 0
        for cell in row:
            while c in grid[r]:
                c += 1
            if c >= _MAX_COLUMNS:
                break
            rs = _span(cell.get('rowspan'), n - r)
            cs = _span(cell.get('colspan'), _MAX_COLUMNS - c)
            if rs * cs > budget:          # absurd spans: the cell keeps its own place only
                rs = cs = 1
            budget -= rs * cs
            text = _cell_text(cell)
            key += 1
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    grid[i].setdefault(j, (key, text))
            c += cs
    for line in grid_lines(grid):
        out.line(line)


def _span_budget(cells: int) -> int:
    """How many grid places the merged cells of a table may cover in all."""
    return 20 * cells + 10_000


def grid_lines(grid: list[dict]) -> list[str]:
    """Rows of an expanded table grid (``{column: (cell key, text)}`` per row) as lines.

    Cells are joined by TAB; trailing empty cells are left out; an empty row is
    skipped; a row that is one cell spanning the whole table is its text alone.
    A merged cell's text is repeated in every place it covers, unless the
    repetitions would grow the table beyond ten times its own text (then they
    are left empty).
    """
    width = max((max(row) + 1 for row in grid if row), default=0)
    own = {k: len(t) for row in grid for k, t in row.values()}
    budget = 10 * sum(own.values()) + 100_000
    seen: set = set()
    lines = []
    for row in grid:
        cells = [row.get(j, (None, '')) for j in range(width)]
        texts = []
        for k, t in cells:
            if k in seen and budget <= 0:
                t = ''
            seen.add(k)
            budget -= len(t)
            texts.append(t.strip())
        if not any(texts):
            continue
        keys = {k for k, _ in cells}
        if width > 1 and len(keys) == 1 and None not in keys:
            lines.append(texts[0])
            continue
        while texts and not texts[-1]:
            texts.pop()
        lines.append('\t'.join(texts))
    return lines


# --- DOCX and other zip containers ---------------------------------------------------

def _read_zip(path: str, f, ext: str, max_part: int) -> Text:
    """A zip container: a Word document is read (its XML parts within ``max_part``
    bytes uncompressed); any other zip is named and refused."""
    f.seek(0)
    try:
        zf = zipfile.ZipFile(f)
        names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        what = 'DOCX' if ext in ('.docx', '.docm', '.dotx') else 'zip archive'
        raise InputError(path, f'damaged {what}: not a complete zip file (truncated download?): {e}') from None
    with zf:
        main = _docx_main(zf, names)
        if main is None:
            what, hint = _zip_kind(zf, names)
            raise UnsupportedFormat(path, f'{what}: {hint}')
        try:
            text = docx_text(zf, main, max_part)
        except InputError as e:
            raise InputError(path, e.problem) from None
        except RecursionError:
            raise InputError(path, 'damaged DOCX: XML nested too deeply') from None
        except Exception as e:  # zlib, CRC, XML errors of a damaged archive
            raise InputError(path, f'damaged DOCX: {type(e).__name__}: {_short(e)}') from None
    if len(text) > MAX_CHARS:
        raise InputError(path, f'text too long: {len(text):,} characters (limit {MAX_CHARS:,})')
    return _finish(path, read_text(text, 'docx'), 'the DOCX document')


def _short(e: Exception) -> str:
    s = _WS.sub(' ', str(e)).strip()
    return s[:120] + '…' if len(s) > 120 else s


def _docx_main(zf: zipfile.ZipFile, names: set) -> str | None:
    """The name of the main WordprocessingML part, or None when this is no Word file."""
    if '_rels/.rels' in names:
        try:
            rels = zf.read('_rels/.rels')
        except Exception:
            rels = b''
        for m in re.finditer(rb'<Relationship\b[^>]*>', rels):
            tag = m.group(0)
            typ = re.search(rb'Type="([^"]*)"', tag)
            target = re.search(rb'Target="([^"]*)"', tag)
            if typ and target and typ.group(1).endswith(b'/officeDocument'):
                name = target.group(1).decode('utf-8', 'replace').lstrip('/')
                if name in names and (name.startswith('word/') or name.endswith('document.xml')):
                    return name
    return 'word/document.xml' if 'word/document.xml' in names else None


def _zip_kind(zf: zipfile.ZipFile, names: set) -> tuple[str, str]:
    if 'xl/workbook.xml' in names:
        return 'Excel workbook (.xlsx)', 'save the table as .docx, HTML or text'
    if 'ppt/presentation.xml' in names:
        return 'PowerPoint presentation (.pptx)', CONVERT
    if 'OFD.xml' in names or 'ofd.xml' in names:
        return 'OFD document', 'convert it to PDF or .docx'
    if 'mimetype' in names:
        try:
            mime = zf.read('mimetype')[:100].decode('ascii', 'replace').strip()
        except Exception:
            mime = ''
        if mime == 'application/vnd.oasis.opendocument.text':
            return 'OpenDocument text (.odt)', 'convert it to .docx (e.g. libreoffice --headless --convert-to docx FILE)'
        if mime == 'application/epub+zip':
            return 'EPUB e-book', _NOT_DOC
        if mime.startswith('application/vnd.oasis.opendocument'):
            return 'OpenDocument file', CONVERT
    return f'zip archive ({len(names)} files), not a Word .docx', _ARCHIVE_HINT


def _xml(zf: zipfile.ZipFile, name: str, limit: int):
    from lxml import etree
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise InputError(name, f'DOCX part {name} too large: {_mb(info.file_size)} uncompressed '
                               f'(limit {_mb(limit)})')
    data = zf.read(name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True,
                             remove_comments=True, remove_pis=True)
    return etree.fromstring(data, parser)


def _local(tag) -> str:
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def docx_text(zf: zipfile.ZipFile, main: str = 'word/document.xml', limit: int = MAX_TEXT_BYTES) -> str:
    """The text of a Word document: paragraphs and table rows in document order."""
    root = _xml(zf, main, limit)
    if root is None:
        raise InputError(main, 'damaged DOCX: the document part is not XML')
    ns = root.tag[:root.tag.index('}') + 1] if root.tag.startswith('{') else ''
    body = root.find(ns + 'body')
    if body is None:
        return ''
    folder = main.rsplit('/', 1)[0] + '/' if '/' in main else ''
    names = set(zf.namelist())

    def part(name):
        full = folder + name
        if full in names:
            try:
                return _xml(zf, full, limit)
            except Exception:
                return None
        return None
    reader = _Docx(ns, _Numbering(ns, part('numbering.xml'), part('styles.xml')))
    return '\n'.join(reader.blocks(body))


_SKIP_IN_RUN = frozenset(('pPr', 'rPr', 'delText', 'instrText', 'del', 'moveFrom', 'Fallback',
                          'footnoteReference', 'endnoteReference', 'commentReference', 'fldData',
                          'annotationRef', 'sectPr', 'tblPr'))


class _Docx:
    def __init__(self, ns: str, numbering: '_Numbering'):
        self.w = ns
        self.num = numbering
        self.key = 0

    def blocks(self, container) -> list[str]:
        """Lines of the paragraphs and tables directly in a body, cell or text box."""
        lines: list[str] = []
        for el in container:
            name = _local(el.tag)
            if name == 'p':
                lines.extend(self.paragraph(el))
            elif name == 'tbl':
                lines.extend(self.table(el))
            elif name in ('sdt', 'sdtContent', 'customXml', 'ins', 'moveTo', 'smartTag'):
                lines.extend(self.blocks(el))
            elif name == 'AlternateContent':
                lines.extend(self.blocks(_choice(el)))
        return lines

    def paragraph(self, p) -> list[str]:
        parts: list[str] = []
        extra: list[str] = []
        self._runs(p, parts, extra)
        text = ''.join(parts).replace('\t', ' ')
        label = self.num.label(p)
        if label:
            glue = ' ' if re.search(f'[{CJK}A-Za-z0-9]$', label) else ''
            text = label + glue + text.lstrip()
        lines = [s.rstrip() for s in text.split('\n')]
        return [s for s in lines if s.strip()] + extra

    def _runs(self, el, parts: list[str], extra: list[str]) -> None:
        for ch in el:
            name = _local(ch.tag)
            if name == 't':
                parts.append(ch.text or '')
            elif name in ('tab', 'ptab'):
                parts.append(' ')
            elif name in ('br', 'cr'):
                parts.append('\n')
            elif name == 'noBreakHyphen':
                parts.append('-')
            elif name in _SKIP_IN_RUN or not name:
                continue
            elif name == 'txbxContent':
                extra.extend(self.blocks(ch))
            elif name == 'AlternateContent':
                self._runs(_choice(ch), parts, extra)
            elif name in ('tbl', 'p'):            # block content in odd places
                extra.extend(self.blocks([ch]))
            else:
                self._runs(ch, parts, extra)

    def _cells(self, tr):
        for el in tr:
            name = _local(el.tag)
            if name == 'tc':
                yield el
            elif name in ('sdt', 'sdtContent', 'customXml'):
                yield from self._cells(el)

    def _rows(self, tbl):
        for el in tbl:
            name = _local(el.tag)
            if name == 'tr':
                yield el
            elif name in ('sdt', 'sdtContent', 'customXml'):
                yield from self._rows(el)

    def _val(self, el, default=None):
        if el is None:
            return default
        return el.get(self.w + 'val', default)

    def table(self, tbl) -> list[str]:
        w = self.w
        rows = list(self._rows(tbl))
        cells = [list(self._cells(tr)) for tr in rows]
        if all(len(r) <= 1 for r in cells) or any(tc.find('.//' + w + 'tbl') is not None
                                                  for r in cells for tc in r):
            # A one-column box (专栏) or a layout table: cells are blocks.
            return [line for r in cells for tc in r for line in self.blocks(tc)]
        grid: list[dict] = []
        prev: dict = {}
        budget = _span_budget(sum(len(r) for r in cells))
        for tr, row in zip(rows, cells):
            trpr = tr.find(w + 'trPr')
            col = _int(self._val(trpr.find(w + 'gridBefore') if trpr is not None else None), 0, 0, 50)
            here: dict = {}
            for tc in row:
                if col >= _MAX_COLUMNS:
                    break
                tcpr = tc.find(w + 'tcPr')
                find = (lambda n: tcpr.find(w + n)) if tcpr is not None else (lambda n: None)
                span = _int(self._val(find('gridSpan')), 1, 1, _MAX_COLUMNS - col)
                span = span if span <= budget else 1
                budget -= span
                vmerge, hmerge = find('vMerge'), find('hMerge')
                if vmerge is not None and self._val(vmerge, 'continue') != 'restart':
                    cell = prev.get(col, (None, ''))
                elif hmerge is not None and self._val(hmerge, 'continue') != 'restart':
                    cell = here.get(col - 1, (None, ''))
                else:
                    self.key += 1
                    text = ' '.join(s.strip() for s in self.blocks(tc)).replace('\t', ' ')
                    cell = (self.key, text)
                for j in range(col, col + span):
                    here[j] = cell
                col += span
            grid.append(here)
            prev = here
        return grid_lines(grid)


def _choice(alternate):
    """The mc:Choice of an mc:AlternateContent (else its mc:Fallback)."""
    kids = [c for c in alternate if _local(c.tag) == 'Choice'] or \
        [c for c in alternate if _local(c.tag) == 'Fallback']
    return kids[0] if kids else []


def _int(value, default: int, lo: int, hi: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return max(lo, min(n, hi))


class _Numbering:
    """Labels of Word's automatic numbering (``一、``, ``(一)``, ``1.``) rendered into the text."""

    def __init__(self, ns: str, numbering, styles):
        self.w = ns
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        w = ns
        if numbering is not None:
            for a in numbering.iter(w + 'abstractNum'):
                levels = {}
                for lvl in a.iter(w + 'lvl'):
                    ilvl = _int(lvl.get(w + 'ilvl'), 0, 0, 9)
                    fmt = self._val(lvl.find(w + 'numFmt'), 'decimal')
                    text = self._val(lvl.find(w + 'lvlText'), '')
                    start = _int(self._val(lvl.find(w + 'start')), 1, 0, 10 ** 6)
                    levels[ilvl] = (fmt, text, start)
                self.abstract[a.get(w + 'abstractNumId')] = levels
            for n in numbering.iter(w + 'num'):
                overrides = {}
                for o in n.iter(w + 'lvlOverride'):
                    start = o.find(w + 'startOverride')
                    if start is not None:
                        overrides[_int(o.get(w + 'ilvl'), 0, 0, 9)] = _int(self._val(start), 1, 0, 10 ** 6)
                self.nums[n.get(w + 'numId')] = (self._val(n.find(w + 'abstractNumId')), overrides)
        if styles is not None:
            raw, based = {}, {}
            for s in styles.iter(w + 'style'):
                sid = s.get(w + 'styleId')
                numpr = s.find(w + 'pPr/' + w + 'numPr')
                if numpr is not None:
                    raw[sid] = (self._val(numpr.find(w + 'numId')), _int(self._val(numpr.find(w + 'ilvl')), None, 0, 9))
                b = s.find(w + 'basedOn')
                if b is not None:
                    based[sid] = self._val(b)
            for sid in set(raw) | set(based):
                cur, seen = sid, 0
                while cur is not None and cur not in raw and seen < 10:
                    cur, seen = based.get(cur), seen + 1
                if cur in raw:
                    self.styles[sid] = raw[cur]

    def _val(self, el, default=None):
        return default if el is None else el.get(self.w + 'val', default)

    def label(self, p) -> str:
        w = self.w
        ppr = p.find(w + 'pPr')
        if ppr is None:
            return ''
        num_id, ilvl = None, None
        numpr = ppr.find(w + 'numPr')
        if numpr is not None:
            num_id = self._val(numpr.find(w + 'numId'))
            ilvl = _int(self._val(numpr.find(w + 'ilvl')), None, 0, 9)
        if num_id is None:
            style = self._val(ppr.find(w + 'pStyle'))
            num_id, style_lvl = self.styles.get(style, (None, None))
            ilvl = style_lvl if ilvl is None else ilvl
        if num_id is None or num_id == '0' or num_id not in self.nums:
            return ''
        ilvl = ilvl or 0
        abstract, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract)
        if not levels:
            return ''
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        fmt, text, start = levels.get(ilvl, ('decimal', f'%{ilvl + 1}.', 1))
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ('bullet', 'none'):
            return ''

        def number(m):
            k = int(m.group(1)) - 1
            kfmt, _, kstart = levels.get(k, ('decimal', '', 1))
            return format_number(counters.get(k, kstart), kfmt)
        return re.sub(r'%([1-9])', number, text).strip()


_CN_DIGITS = '零一二三四五六七八九'
_CN_LEGAL = '零壹贰叁肆伍陆柒捌玖'


def _cn_number(n: int, digits: str = _CN_DIGITS, ten: str = '十', hundred: str = '百') -> str:
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else '')
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else '')
    if n < 1000:
        rest = n % 100
        tail = '' if not rest else (digits[0] + digits[rest] if rest < 10 else
                                    digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else ''))
        return digits[n // 100] + hundred + tail
    return str(n)


def _letters(n: int, base: str) -> str:
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ''
    for value, sym in ((1000, 'm'), (900, 'cm'), (500, 'd'), (400, 'cd'), (100, 'c'), (90, 'xc'),
                       (50, 'l'), (40, 'xl'), (10, 'x'), (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list number in a Word numbering format.

    >>> [format_number(12, f) for f in ('decimal', 'chineseCounting', 'decimalEnclosedCircle', 'upperRoman')]
    ['12', '十二', '⑫', 'XII']
    """
    if n <= 0:
        return str(n)
    if fmt in ('chineseCounting', 'chineseCountingThousand', 'japaneseCounting', 'taiwaneseCounting',
               'taiwaneseCountingThousand', 'koreanCounting'):
        return _cn_number(n)
    if fmt in ('chineseLegalSimplified', 'japaneseLegal', 'koreanLegal'):
        return _cn_number(n, _CN_LEGAL, '拾', '佰')
    if fmt in ('ideographDigital', 'taiwaneseDigital', 'japaneseDigitalTenThousand'):
        return ''.join(_CN_DIGITS[int(d)] for d in str(n)).replace('零', '〇')
    if fmt == 'ideographTraditional':
        return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10]
    if fmt == 'ideographZodiac':
        return '子丑寅卯辰巳午未申酉戌亥'[(n - 1) % 12]
    if fmt in ('decimalEnclosedCircle', 'decimalEnclosedCircleChinese', 'ideographEnclosedCircle'):
        return chr(0x2460 + n - 1) if n <= 20 else str(n)
    if fmt == 'decimalEnclosedParen':
        return chr(0x2474 + n - 1) if n <= 20 else f'({n})'
    if fmt == 'decimalEnclosedFullstop':
        return chr(0x2488 + n - 1) if n <= 20 else f'{n}.'
    if fmt in ('decimalFullWidth', 'decimalFullWidth2'):
        return ''.join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == 'decimalZero':
        return f'{n:02d}'
    if fmt == 'lowerLetter':
        return _letters(n, 'abcdefghijklmnopqrstuvwxyz')
    if fmt == 'upperLetter':
        return _letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    if fmt == 'lowerRoman':
        return _roman(n)
    if fmt == 'upperRoman':
        return _roman(n).upper()
    return str(n)


# --- PDF -------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r'^\s*(?:[-—–－~～]\s*\d{1,4}\s*[-—–－~～]|[-—–－]\s*[一二三四五六七八九十百]+\s*[-—–－]|'
    r'第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|'
    r'\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[\d\s]{1,5}|'
    r'[-—–－]?\s*[ivxlcIVXLC]{1,6}\s*[-—–－]?)\s*$', re.I)
_HEADING_START = re.compile(
    r'^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇编]|[一二三四五六七八九十]+\s*[、.．]|'
    r'[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,3}\s*[、.．](?!\d)|[①-⑳⑴-⒇]|'
    r'附件|附表|[一二三四五六七八九十]+是)')
_SENTENCE_END = re.compile(r'[。！？!?；;：:…]["”’）)」』】》]*$')
_CID = re.compile(r'\(cid:\d+\)')

logging.getLogger('pdfminer').setLevel(logging.ERROR)


class PdfLine:
    """A line of a PDF page: its text and where it stands (``row``: a table row)."""
    __slots__ = ('text', 'x0', 'x1', 'top', 'size', 'row')

    def __init__(self, text: str, x0: float, x1: float, top: float, size: float, row: bool = False):
        self.text, self.x0, self.x1, self.top, self.size, self.row = text, x0, x1, top, size, row

    def __repr__(self):
        return f'PdfLine({self.text!r}, {self.x0:.0f}, {self.x1:.0f}, {self.top:.0f}, {self.size:.0f})'


def _read_pdf(path: str, f, size: int) -> Text:
    try:
        import pdfplumber
    except ImportError:
        raise UnsupportedFormat(path, 'PDF: reading PDFs needs pdfplumber (pip install pdfplumber)') from None
    f.seek(max(0, size - 2048))
    truncated = b'%%EOF' not in f.read()
    f.seek(0)
    pages: list[list[PdfLine]] = []
    blank = failed = cid = chars = 0
    columns = 0                  # columns of a task table running on from the previous page
    try:
        pdf = pdfplumber.open(f)
    except Exception as e:
        raise _pdf_error(path, e, truncated) from None
    try:
        with pdf:
            for page in pdf.pages:
                try:
                    rows, columns = _pdf_task_tables(page, columns)
                    if rows:
                        boxes = [box for box, _ in rows]
                        text_page = page.filter(lambda o: o.get('object_type') != 'char' or
                                                not _in_boxes(o, boxes))
                    else:
                        text_page = page
                    raw = text_page.extract_text_lines(x_tolerance_ratio=0.4, return_chars=True)
                except Exception:
                    failed += 1
                    pages.append([])
                    continue
                finally:
                    page.close()
                lines = [ln for _, table in rows for ln in table]
                chars += sum(len(ln.text) for ln in lines)
                for ln in raw:
                    text = ln['text']
                    found = len(_CID.findall(text))
                    if found:
                        cid += found
                        text = _CID.sub('', text)
                    text = text.replace('\t', ' ').strip()
                    if not text:
                        continue
                    sizes = sorted(c.get('size', 0) or 0 for c in ln['chars']) or [0]
                    lines.append(PdfLine(text, ln['x0'], ln['x1'], ln['top'], sizes[len(sizes) // 2]))
                    chars += len(text)
                if not lines:
                    blank += 1
                lines.sort(key=lambda ln: ln.top)
                pages.append(lines)
                if chars > MAX_CHARS:
                    raise InputError(path, f'text too long: more than {MAX_CHARS:,} characters')
    except InputError:
        raise
    except Exception as e:
        raise _pdf_error(path, e, truncated) from None
    if not chars:
        if cid:
            raise InputError(path, 'PDF text cannot be decoded (fonts without a Unicode map): run OCR first')
        if truncated or failed:
            raise InputError(path, 'damaged PDF: no readable text (truncated download?)')
        raise InputError(path, 'PDF has no text layer (scanned?): run OCR first')
    if cid > chars:
        raise InputError(path, 'PDF text cannot be decoded (fonts without a Unicode map): run OCR first')
    text = '\n'.join(pdf_paragraphs(pages))
    out = _finish(path, read_text(text, 'pdf'), 'the PDF')
    n = len(pages)
    if blank:
        out.notes.append(f'{blank} of {n} PDF pages have no text layer (scanned?)')
    if failed:
        out.notes.append(f'{failed} of {n} PDF pages could not be read (damaged)')
    if cid:
        out.notes.append(f'{cid} PDF characters without a Unicode map dropped')
    if truncated:
        out.notes.append('PDF looks truncated (no %%EOF marker)')
    return out


_TASK_HEADER = re.compile(r'牵头|责任单位|责任部门|配合单位|配合部门|参与单位|协办单位|主办单位|承办单位')


def _in_boxes(obj, boxes) -> bool:
    cx, cy = (obj['x0'] + obj['x1']) / 2, (obj['top'] + obj['bottom']) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _pdf_task_tables(page, columns: int):
    """Task tables drawn with ruling lines on a PDF page, as table-row lines.

    Only a table whose first rows name responsible units (牵头单位, 责任单位…), or
    one continuing a task table of the previous page with the same columns, is
    read as a table; any other table stays text. Returns ``([(bbox, lines)],
    columns of the last task table)``.
    """
    edges = len(page.lines) + len(page.rects) + len(page.curves)
    if not 4 <= edges <= 5000:               # no ruling lines, or a drawing rather than a table
        return [], 0
    if not columns and not _TASK_HEADER.search(''.join(c.get('text', '') for c in page.chars)):
        return [], 0
    found = []
    for table in page.find_tables():
        cells = [c for c in table.cells if c]
        xs = sorted({round(c[0], 1) for c in cells})
        tops = sorted({round(c[1], 1) for c in cells})
        running_on = columns == len(xs) and not found
        if len(xs) < 2 or len(tops) < 2 and not running_on:
            continue
        texts = {c: _pdf_cell_text(page, c) for c in cells}
        head = ' '.join(t for c, t in texts.items() if round(c[1], 1) in tops[:2])
        if not _TASK_HEADER.search(head) and not running_on:
            continue
        grid: list[dict] = [{} for _ in tops]
        budget = _span_budget(len(cells))
        for key, c in enumerate(cells):
            cols = [j for j, x in enumerate(xs) if c[0] - 1 <= x < c[2] - 1] or [xs.index(round(c[0], 1))]
            rows = [i for i, t in enumerate(tops) if c[1] - 1 <= t < c[3] - 1] or [tops.index(round(c[1], 1))]
            if len(cols) * len(rows) > budget:
                cols, rows = cols[:1], rows[:1]
            budget -= len(cols) * len(rows)
            for i in rows:
                for j in cols:
                    grid[i].setdefault(j, (key, texts[c]))
        size = _percentile([ch.get('size', 0) or 0 for ch in page.chars], 0.5) or 10.0
        lines = []
        for top, row in zip(tops, grid):
            for text in grid_lines([row]) if row else []:
                # grid_lines sees one row at a time: keep the table's width.
                lines.append(PdfLine(text, table.bbox[0], table.bbox[2], top, size, row=True))
        found.append((table.bbox, lines))
        columns = len(xs)
    return found, columns if found else 0


def _pdf_cell_text(page, box) -> str:
    """The text in a table cell: wrapped lines joined, separate short lines kept apart by a space."""
    try:
        raw = page.crop(box, strict=False).extract_text_lines(x_tolerance_ratio=0.4, return_chars=True)
    except Exception:
        return ''
    out = ''
    prev = None
    for ln in raw:
        text = _CID.sub('', ln['text']).replace('\t', ' ').strip()
        if not text:
            continue
        size = (ln['chars'][0].get('size') if ln['chars'] else 0) or 10.0
        line = PdfLine(text, ln['x0'], ln['x1'], ln['top'], size)
        if prev is None:
            out = text
        elif _continues(prev, line, box[0] + size, box[2] - 0.5 * size, indent=False):
            out += text
        else:
            out += ' ' + text
        prev = line
    return out


def _pdf_error(path: str, e: Exception, truncated: bool) -> InputError:
    name = type(e).__name__
    if 'Password' in name or 'Encrypt' in name:
        return InputError(path, 'PDF is password-protected or encrypted: remove the password first')
    what = 'damaged PDF (truncated download?)' if truncated else 'damaged PDF'
    if not str(e).strip():
        return InputError(path, f'{what}: {name}')
    if name in ('PdfminerException', 'PDFSyntaxError', 'PSEOF'):
        return InputError(path, f'{what}: {_short(e)}')
    return InputError(path, f'{what}: {name}: {_short(e)}')


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def _strip_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Drop page numbers and running headers/footers (lines repeated on most pages)."""
    edge = 2
    pages = [[ln for k, ln in enumerate(lines)
              if ln.row or not ((k < edge or k >= len(lines) - edge) and _PAGE_NUMBER.match(ln.text))]
             for lines in pages]
    n = sum(1 for lines in pages if lines)
    if n < 2:
        return pages
    seen: dict[str, list[float]] = {}
    for lines in pages:
        keys = set()
        for k, ln in enumerate(lines):
            if not ln.row and (k < edge + 1 or k >= len(lines) - edge - 1):
                key = re.sub(r'\d+', '#', re.sub(r'\s+', '', ln.text))
                if key not in keys:
                    keys.add(key)
                    seen.setdefault(key, []).append(ln.top)
    need = max(2, (n + 1) // 2) if n >= 3 else 2
    running = {key: _percentile(tops, 0.5) for key, tops in seen.items() if len(tops) >= need}
    if not running:
        return pages
    out = []
    for lines in pages:
        kept = []
        for k, ln in enumerate(lines):
            if not ln.row and (k < edge + 1 or k >= len(lines) - edge - 1):
                key = re.sub(r'\d+', '#', re.sub(r'\s+', '', ln.text))
                if key in running and abs(ln.top - running[key]) <= 6:
                    continue
            kept.append(ln)
        out.append(kept)
    return out


def pdf_paragraphs(pages: list[list[PdfLine]]) -> list[str]:
    """Lines of PDF pages → paragraphs: furniture removed, hard-wrapped lines joined.

    A line is continued by the next when it reaches the right margin, does not end
    a sentence, and the next line is neither indented nor a heading.

    >>> L = lambda t, x0, x1, top: PdfLine(t, x0, x1, top, 10)
    >>> pdf_paragraphs([[L('一、总体要求', 100, 160, 50), L('为推动教育发展，落实', 100, 200, 62),
    ...                  L('立德树人根本任务。', 80, 170, 74), L('- 1 -', 130, 150, 800)]])
    ['一、总体要求', '为推动教育发展，落实立德树人根本任务。']
    """
    pages = _strip_furniture(pages)
    body = [ln for lines in pages for ln in lines]
    if not body:
        return []
    long = [ln for ln in body if len(ln.text) >= 8 and not ln.row] or body
    left = _percentile([ln.x0 for ln in long], 0.1)
    right = _percentile([ln.x1 for ln in long], 0.9)
    out: list[str] = []
    prev = None
    for ln in body:
        if prev is not None and _continues(prev, ln, left, right):
            glue = ' ' if re.search('[A-Za-z]$', out[-1]) and re.match('[A-Za-z]', ln.text) else ''
            out[-1] += glue + ln.text
        else:
            out.append(ln.text)
        prev = ln
    return out


def _continues(prev: PdfLine, nxt: PdfLine, left: float, right: float, indent: bool = True) -> bool:
    if prev.row or nxt.row or _SENTENCE_END.search(prev.text) or _HEADING_START.match(nxt.text):
        return False
    size = prev.size or 10.0
    if prev.x1 < right - 1.5 * size:
        return False              # a short line ends its paragraph (or is a heading)
    return not indent or nxt.x0 <= left + 1.0 * (nxt.size or size)   # an indented line starts one
