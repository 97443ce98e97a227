"""PDF with a text layer → paragraphs (read with pdfplumber).

Page numbers and running headers/footers are dropped, hard-wrapped lines are
joined into paragraphs, and task tables drawn with ruling lines (牵头单位,
责任单位… in their header) become TAB-joined rows. Scanned, damaged, encrypted
and undecodable PDFs are refused with a one-line message.
"""
from __future__ import annotations

import logging
import re

from ..tables import role_column_words
from ..errors import InputError, UnsupportedFormat
from ..read import Text, read_text
from .budget import MAX_INFLATE, pdf_inflate_budget
from .common import MAX_CHARS, _finish, _mb, _short
from .tables import Grid, grid_lines

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
    with pdf_inflate_budget() as budget:
        return _read_pdf_pages(path, f, pdfplumber, truncated, budget)


def _read_pdf_pages(path: str, f, pdfplumber, truncated: bool, budget) -> Text:
    pages: list[list[PdfLine]] = []
    blank = failed = cid = chars = 0
    columns = 0                  # columns of a task table running on from the previous page
    try:
        pdf = pdfplumber.open(f)
    except Exception as e:
        if budget.exceeded:
            raise _bomb(path) from None
        raise _pdf_error(path, e, truncated) from None
    try:
        with pdf:
            for page in pdf.pages:
                if budget.exceeded:
                    raise _bomb(path)
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
        if budget.exceeded:
            raise _bomb(path) from None
        raise _pdf_error(path, e, truncated) from None
    if budget.exceeded:
        raise _bomb(path)
    if not chars:
        if cid:
            raise InputError(path, 'PDF text cannot be decoded (fonts without a Unicode map): run OCR first')
        if truncated or failed:
            raise InputError(path, 'damaged PDF: no readable text (truncated download?)')
        raise InputError(path, 'PDF has no text layer (scanned?): run OCR first')
    if cid > chars:
        raise InputError(path, 'PDF text cannot be decoded (fonts without a Unicode map): run OCR first')
    text = '\n'.join(pdf_paragraphs(pages))
    out = _finish(path, read_text(text, 'pdf', unwrap_lines=False), 'the PDF')
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
    if not columns and not role_column_words().search(''.join(c.get('text', '') for c in page.chars)):
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
        if not role_column_words().search(head) and not running_on:
            continue
        grid = Grid(len(tops), len(cells))
        for key, c in enumerate(cells):
            cols = [j for j, x in enumerate(xs) if c[0] - 1 <= x < c[2] - 1] or [xs.index(round(c[0], 1))]
            rows = [i for i, t in enumerate(tops) if c[1] - 1 <= t < c[3] - 1] or [tops.index(round(c[1], 1))]
            grid.place(rows, cols, (key, texts[c]))
        size = _percentile([ch.get('size', 0) or 0 for ch in page.chars], 0.5) or 10.0
        lines = []
        for top, row in zip(tops, grid.rows):
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


def _bomb(path: str) -> InputError:
    return InputError(path, f'PDF streams expand beyond {_mb(MAX_INFLATE)} when decompressed '
                            '(a decompression bomb, or a damaged file)')


def _pdf_error(path: str, e: Exception, truncated: bool) -> InputError:
    name = type(e).__name__
    # pdfplumber wraps pdfminer's errors: the password error is inside
    causes = [e, e.__cause__, e.__context__] + [a for a in getattr(e, 'args', ()) if isinstance(a, BaseException)]
    if any(c is not None and ('Password' in type(c).__name__ or 'Encrypt' in type(c).__name__ or
                              'password' in str(c).lower()) for c in causes):
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
