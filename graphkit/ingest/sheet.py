"""Spreadsheets (.xlsx, .xls, .ods, and WPS's .et) → lines, one table row a line.

Task tables are often published as Excel workbooks. Each sheet is read with
python-calamine (a maintained reader of every Excel format and ODF); merged
ranges are repeated over every cell they cover, as HTML and Word tables are,
and each row becomes one line of TAB-joined cells. Numbers are written as a
person would (``1``, not ``1.0``), dates as ``2024年12月31日``.
"""
from __future__ import annotations

import datetime
import io

from ..errors import InputError
from ..read import Text, read_text
from .common import MAX_CHARS, _finish, _short
from .tables import _MAX_COLUMNS, Grid, grid_lines

MAX_CELLS = 2_000_000
"""Sheets holding more cells than this in all are refused (a task table has hundreds)."""


def sheet_lines(data: bytes) -> list[str]:
    """The lines of every sheet of a workbook given as bytes (a sheet's name first).

    Raises ValueError when the bytes are not a workbook calamine reads."""
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    lines: list[str] = []
    cells = 0
    for index, name in enumerate(book.sheet_names):
        sheet = book.get_sheet_by_index(index)
        height, width = sheet.total_height, min(sheet.total_width, _MAX_COLUMNS)
        cells += height * width
        if cells > MAX_CELLS:
            raise ValueError(f'sheets too large: more than {MAX_CELLS:,} cells')
        rows = sheet.to_python(skip_empty_area=False)
        if not any(any(_text(v) for v in row) for row in rows):
            continue
        grid = Grid(len(rows), sum(len(r) for r in rows))
        merged = {}
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
            merged[(r0, c0)] = (r1, c1)
        covered = set()
        for (r0, c0), (r1, c1) in merged.items():
            covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
        key = 0
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:_MAX_COLUMNS]):
                if (r, c) in covered:
                    continue
                key += 1
                r1, c1 = merged.get((r, c), (r, c))
                grid.place(range(r, min(r1, len(rows) - 1) + 1), range(c, min(c1, _MAX_COLUMNS - 1) + 1),
                           (key, _text(value)))
        if len(book.sheet_names) > 1:
            lines.append(name)
        lines += grid_lines(grid.rows)
    return lines


def _text(value) -> str:
    if value is None:
        return ''
    if isinstance(value, bool):
        return '是' if value else '否'
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if not (value.hour or value.minute) else value
        if isinstance(value, datetime.datetime):
            return f'{value.year}年{value.month}月{value.day}日 {value.hour:02d}:{value.minute:02d}'
    if isinstance(value, datetime.date):
        return f'{value.year}年{value.month}月{value.day}日'
    return str(value).replace('\t', ' ').replace('\r', '').replace('\n', ' ').strip()


def read_sheet(path: str, data: bytes, kind: str) -> Text:
    """Read a workbook's bytes (``kind``: 'xlsx', 'xls', 'ods') into the read stage's Text."""
    try:
        lines = sheet_lines(data)
    except InputError:
        raise
    except Exception as e:       # calamine on a damaged or unsupported workbook
        raise InputError(path, f'damaged or unreadable spreadsheet ({kind}): {_short(e)}') from None
    text = '\n'.join(lines)
    if len(text) > MAX_CHARS:
        raise InputError(path, f'text too long: {len(text):,} characters (limit {MAX_CHARS:,})')
    return _finish(path, read_text(text, kind, unwrap_lines=False), 'the spreadsheet')
