"""Word ``.docx`` → lines; other zip containers are named and refused.

Paragraphs keep the labels of Word's automatic numbering (see
:mod:`graphkit.ingest.numbering`); tables become TAB-joined rows with
``gridSpan``/``vMerge``/``hMerge`` cells repeated; text boxes, content controls
and tracked insertions are read, deletions and field codes are not.
"""
from __future__ import annotations

import re
import zipfile

from ..errors import InputError, UnsupportedFormat
from ..read import CJK, Text, read_text
from .common import _ARCHIVE_HINT, _NOT_DOC, CONVERT, MAX_CHARS, MAX_TEXT_BYTES, _finish, _mb, _short
from .numbering import _Numbering, _int
from .budget import check_members, read_member
from .sheet import read_sheet
from .tables import _MAX_COLUMNS, _span_budget, grid_lines


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
        sheet = _sheet_kind(zf, names) if main is None else None
        if sheet:
            # a workbook (also WPS's .et): its parts within the limit, then calamine
            size = sum(i.file_size for i in zf.infolist())
            if size > max_part:
                raise InputError(path, f'spreadsheet too large when unpacked: {_mb(size)} (limit {_mb(max_part)})')
            check_members(zf, max_part, path)        # before calamine, which trusts the headers
            f.seek(0)
            return read_sheet(path, f.read(), sheet)
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
    return _finish(path, read_text(text, 'docx', unwrap_lines=False), 'the DOCX document')


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


def _sheet_kind(zf: zipfile.ZipFile, names: set) -> str | None:
    """'xlsx' or 'ods' for a spreadsheet in a zip container, else None."""
    if 'xl/workbook.xml' in names or 'xl/workbook.bin' in names:
        return 'xlsx'
    if 'mimetype' in names:
        try:
            mime = zf.read('mimetype')[:100].decode('ascii', 'replace').strip()
        except Exception:
            return None
        if mime == 'application/vnd.oasis.opendocument.spreadsheet':
            return 'ods'
    return None


def _zip_kind(zf: zipfile.ZipFile, names: set) -> tuple[str, str]:
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
    data = read_member(zf, name, limit, name)         # the header's size is not trusted
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

    def _children(self, el, kind: str):
        """The ``kind`` children of a table or row (``tr`` or ``tc``), also inside content controls."""
        for ch in el:
            name = _local(ch.tag)
            if name == kind:
                yield ch
            elif name in ('sdt', 'sdtContent', 'customXml'):
                yield from self._children(ch, kind)

    def _val(self, el, default=None):
        if el is None:
            return default
        return el.get(self.w + 'val', default)

    def table(self, tbl) -> list[str]:
        w = self.w
        rows = list(self._children(tbl, 'tr'))
        cells = [list(self._children(tr, 'tc')) for tr in rows]
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
