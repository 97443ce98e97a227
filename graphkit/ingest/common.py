"""What the ingest readers share: the size limits, the hints of the refusal
messages, and the helpers that word a problem in one line.

The limits are re-exported by :mod:`graphkit.ingest`, where the public API lives.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..read import Text

MAX_BYTES = 100 * 1024 * 1024
"""Files larger than this are refused before anything is read."""
MAX_TEXT_BYTES = 20 * 1024 * 1024
"""Plain text, HTML and MHTML larger than this are refused (text expands in memory)."""
MAX_CHARS = 10_000_000
"""Text extracted from a DOCX or PDF longer than this is refused."""

_HEAD = 64 * 1024
CONVERT = 'convert it to .docx or PDF (e.g. libreoffice --headless --convert-to docx FILE)'
_WS = re.compile(r'[ \t\n\r\f\v]+')

_IMAGE_HINT = 'an image, not a text document (a scanned page? run OCR first)'
_ARCHIVE_HINT = 'an archive: unpack it and read the documents inside'
_NOT_DOC = 'not a document graphkit reads'


def _mb(n: int) -> str:
    return f'{n / 1048576:.1f} MB' if n >= 1048576 else f'{n} bytes'


def _short(e: Exception) -> str:
    s = _WS.sub(' ', str(e)).strip()
    return s[:120] + '…' if len(s) > 120 else s


def _finish(path: str, text: Text, where: str) -> Text:
    if not text.text.strip():
        raise InputError(path, f'no text found in {where}')
    return text
