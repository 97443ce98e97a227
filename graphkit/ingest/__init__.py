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

This module recognises the format and applies the size limits; the readers
are its submodules: :mod:`~graphkit.ingest.html` (HTML and MHTML, the article
chosen by :mod:`~graphkit.ingest.article`), :mod:`~graphkit.ingest.docx` (list
labels by :mod:`~graphkit.ingest.numbering`) and :mod:`~graphkit.ingest.pdf`.
They share :mod:`~graphkit.ingest.tables` (merged cells, rows as lines) and
:mod:`~graphkit.ingest.common` (limits, messages).
"""
from __future__ import annotations

import codecs
import io
import os
import re
import stat

from ..errors import InputError, UnsupportedFormat
from ..read import Text, read_bytes, read_text
from .common import (_ARCHIVE_HINT, _HEAD, _IMAGE_HINT, _NOT_DOC, CONVERT, MAX_BYTES, MAX_CHARS, MAX_TEXT_BYTES,
                     _finish, _mb)
from .docx import _read_zip, docx_text
from .html import _read_html, _read_mhtml, decode_html, html_lines
from .legacy import read_legacy_word
from .sheet import read_sheet
from .numbering import format_number
from .pdf import PdfLine, _read_pdf, pdf_paragraphs
from .tables import grid_lines

__all__ = ['CONVERT', 'MAX_BYTES', 'MAX_CHARS', 'MAX_TEXT_BYTES', 'PdfLine', 'decode_html', 'docx_text',
           'format_number', 'grid_lines', 'html_lines', 'pdf_paragraphs', 'read_data', 'read_file']


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


def read_data(data: bytes, name: str = 'document', *, max_bytes: int | None = None,
              max_text_bytes: int | None = None) -> Text:
    """Read a document given as bytes, its format recognised from the content exactly as
    :func:`read_file` does (``name`` names it in messages and gives a hint of its kind).

    >>> read_data('二、主要任务'.encode('gbk')).text
    '二、主要任务'
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f'read_data takes bytes, not {type(data).__name__}')
    limits = (MAX_BYTES if max_bytes is None else max_bytes,
              MAX_TEXT_BYTES if max_text_bytes is None else max_text_bytes)
    data = bytes(data)
    try:
        return _read_open(name, io.BytesIO(data), len(data), os.path.splitext(name)[1].lower(), *limits,
                          source=data)
    except InputError:
        raise
    except MemoryError:
        raise InputError(name, 'out of memory while reading the document') from None


def _read(path: str, max_bytes: int, max_text_bytes: int) -> Text:
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, 'is a directory, not a file')
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, 'not a regular file (device, pipe or socket)')
    ext = os.path.splitext(path)[1].lower()
    with open(path, 'rb') as f:
        return _read_open(path, f, os.fstat(f.fileno()).st_size, ext, max_bytes, max_text_bytes)


def _read_open(path: str, f, size: int, ext: str, max_bytes: int, max_text_bytes: int,
               source: bytes | None = None) -> Text:
    """Read an open binary file (a real file, or the bytes given to :func:`read_data`:
    ``source``); ``path`` names it in messages."""
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
    if kind == 'xls':
        f.seek(0)
        return read_sheet(path, f.read(), 'xls')
    if kind.startswith('doc:'):
        if source is None:
            return read_legacy_word(path, kind[4:], max_text_bytes)
        return _legacy_from_bytes(path, source, ext, kind[4:], max_text_bytes)
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
    """Many NUL or control bytes: not text in any single-byte-based encoding (a few
    NUL bytes in a long text are damage, not a binary format)."""
    if not data:
        return False
    n = len(data)
    nul = data.count(0)
    ctrl = n - len(data.translate(None, _CTRL))
    return nul > max(8, n // 200) or ctrl > max(2, n // 50)


def _sniff(path: str, f, head: bytes, size: int, ext: str) -> str:
    """The kind of file: 'pdf', 'zip', 'xls', 'doc:<what>', 'html', 'mhtml' or 'text';
    raise for the rest."""
    if _is_pdf(f, head, size):
        return 'pdf'
    if head.startswith((b'PK\x03\x04', b'PK\x05\x06', b'PK\x07\x08')):
        return 'zip'
    if head.startswith(_OLE2):
        tail = b''
        if size > _HEAD:
            f.seek(max(_HEAD, size - _HEAD))
            tail = f.read(_HEAD)
        what, hint = _ole2_kind(head + tail, ext)
        if what == 'legacy Excel workbook':
            return 'xls'
        if what in ('legacy Word .doc', 'WPS document (.wps)'):
            return 'doc:' + what
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


_PDF_HEADER = re.compile(rb'%PDF-\d\.\d')


def _is_pdf(f, head: bytes, size: int) -> bool:
    """A PDF starts with %PDF-1.x (a few junk bytes may come first); a text that only
    mentions %PDF- is no PDF: a PDF also ends with its cross-reference (startxref / %%EOF)."""
    m = _PDF_HEADER.search(head, 0, 1024)
    if not m:
        return False
    if m.start() == 0 and (size <= _HEAD or _looks_binary(head[:4096]) or b'obj' in head[:4096]):
        return True
    f.seek(max(0, size - 2048))
    tail = f.read(2048)
    return b'startxref' in tail or b'%%EOF' in tail


def _legacy_from_bytes(name: str, data: bytes, ext: str, what: str, max_part: int) -> Text:
    """A legacy Word file given as bytes: the converters need a file."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix='graphkit-bytes-') as tmp:
        path = os.path.join(tmp, 'document' + (ext or '.doc'))
        with open(path, 'wb') as out:
            out.write(data)
        try:
            return read_legacy_word(path, what, max_part)
        except InputError as e:
            raise InputError(name, e.problem) from None


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
    nuls = 0
    if not has_bom:
        body = data.rstrip(b'\x00')          # NUL padding of a damaged download
        if _looks_binary(body):
            enc = _utf16_guess(data)
            if enc is None:
                raise UnsupportedFormat(path, 'binary file, not text, HTML, DOCX or PDF')
            return _finish(path, read_text(data.decode(enc, errors='replace'), enc), 'the text file')
        nuls = body.count(0)
        data = body.replace(b'\x00', b'') if nuls else body     # NUL bytes inside: damage, dropped
    text = read_bytes(data)
    if nuls:
        text.notes.append(f'{nuls} NUL bytes dropped from the damaged text')
    return _finish(path, text, 'the text file')
