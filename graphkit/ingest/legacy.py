"""Legacy Office and WPS files (OLE2 compound files): .xls, .doc, .wps.

Excel's .xls (and WPS's .et in that form) is read like any workbook
(:mod:`graphkit.ingest.sheet`). A Word or WPS document has no maintained
Python reader; it is converted by a tool of the machine when one is installed:
LibreOffice (``soffice --headless --convert-to docx``, tables and merged cells
kept) first, else ``antiword`` (text, tables as ``|``-separated rows). With
neither, the file is refused with a hint naming both.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from ..errors import InputError, UnsupportedFormat
from ..read import Text, read_text
from .common import MAX_CHARS, _finish, _short

TIMEOUT = 120
"""Seconds a converter may take on one file."""

NO_CONVERTER = ('install LibreOffice (soffice) or antiword to read it, or save it as .docx '
                '(e.g. libreoffice --headless --convert-to docx FILE)')


def converters() -> list[str]:
    """The converters of legacy Word files found on this machine, in the order tried."""
    return [name for name in ('soffice', 'antiword') if _tool(name)]


def _tool(name: str) -> str | None:
    if name == 'soffice':
        return shutil.which('soffice') or shutil.which('libreoffice')
    return shutil.which(name)


def read_legacy_word(path: str, what: str, max_part: int) -> Text:
    """Convert a legacy Word/WPS document and read it; ``what`` names it in messages."""
    soffice = _tool('soffice')
    if soffice:
        return _via_soffice(path, soffice, max_part)
    antiword = _tool('antiword')
    if antiword:
        return _via_antiword(path, antiword)
    raise UnsupportedFormat(path, f'{what}: {NO_CONVERTER}')


def _via_soffice(path: str, soffice: str, max_part: int) -> Text:
    from .docx import _read_zip
    with tempfile.TemporaryDirectory(prefix='graphkit-doc-') as tmp:
        # a profile of its own: a running LibreOffice of the user does not block the conversion
        source = os.path.join(tmp, 'in' + (os.path.splitext(path)[1].lower() or '.doc'))
        shutil.copyfile(path, source)
        cmd = [soffice, f'-env:UserInstallation=file://{tmp}/profile', '--headless', '--norestore',
               '--convert-to', 'docx', '--outdir', os.path.join(tmp, 'out'), source]
        _run(path, cmd, 'LibreOffice')
        out = os.path.join(tmp, 'out', 'in.docx')
        if not os.path.exists(out):
            raise InputError(path, 'LibreOffice could not convert the document (damaged or not a Word file?)')
        with open(out, 'rb') as f:
            return _read_zip(path, f, '.docx', max_part)


def _via_antiword(path: str, antiword: str) -> Text:
    result = _run(path, [antiword, '-m', 'UTF-8.txt', '-w', '0', path], 'antiword')
    text = result.stdout.decode('utf-8', errors='replace')
    if len(text) > MAX_CHARS:
        raise InputError(path, f'text too long: {len(text):,} characters (limit {MAX_CHARS:,})')
    return _finish(path, read_text('\n'.join(antiword_lines(text)), 'doc', unwrap_lines=False), 'the document')


def antiword_lines(text: str) -> list[str]:
    """antiword's text with its table rows (``|cell|cell|``) as TAB-joined lines;
    a cell antiword wrapped over several rows is joined again.

    >>> antiword_lines('标题\\n|序号|任务   |牵头单位|\\n|1   |建设智慧|市教育局|\\n|    |校园    |        |\\n')
    ['标题', '序号\\t任务\\t牵头单位', '1\\t建设智慧校园\\t市教育局']
    """
    out: list[str] = []
    previous: list[str] | None = None
    for line in text.splitlines():
        if line.startswith('|') and line.rstrip().endswith('|') and line.count('|') >= 3:
            cells = [c.strip() for c in line.strip()[1:-1].split('|')]
            if previous is not None and len(cells) == len(previous) and cells[0] == '' and any(cells):
                previous[:] = [a + b for a, b in zip(previous, cells)]      # a wrapped row
                out[-1] = '\t'.join(previous)
                continue
            previous = cells
            out.append('\t'.join(cells))
        else:
            previous = None
            if line.strip():
                out.append(re.sub(r'\s+', ' ', line).strip())
    return out


def _run(path: str, cmd: list[str], tool: str) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(path, f'{tool} took longer than {TIMEOUT} s to convert the document') from None
    except OSError as e:
        raise InputError(path, f'{tool} could not be run: {_short(e)}') from None
    if result.returncode != 0:
        err = result.stderr.decode('utf-8', errors='replace').strip().splitlines()
        raise InputError(path, f'{tool} could not read the document: {_short(Exception(err[-1] if err else "failed"))}')
    return result
