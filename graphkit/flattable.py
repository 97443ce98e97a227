"""Task tables whose cell boundaries a crawler or a copy-paste removed.

A site archiver that saves a page's text runs the cells of a table together:
the header is one word after another (``工作任务工作要求牵头单位配合/责任单位``),
then every row on the same line, its cells glued with no separator
(``3.建立…机制。区经济发展局区行政审批局区直各有关单位,…``), a blank cell left
as one space, the group rows of the table (``二、加强…公开``) between rows. This
module finds such a header, cuts the rows at their consecutive numbers, and puts
each row's cells back by what they are: the task (to its last full stop), then
the unit columns in the header's order, then a deadline.

>>> text = ('附件 任务分解表序号工作任务牵头单位配合单位完成时限'
...         '1.建设智慧校园。市教育局市财政局、市大数据局2025年底前'
...         '2.推进课后服务。 市教育局2024年6月底前')
>>> t = find_flat_tables(text)[0]
>>> [r.cells for r in t.rows]
[['建设智慧校园。', '市教育局', '市财政局、市大数据局', '2025年底前'], ['推进课后服务。', '', '市教育局', '2024年6月底前']]
"""
from __future__ import annotations

import re

from . import knowledge
from .duties import is_deadline
from .tables import Row, Table, column_kind
from .units import LIST_SEPARATORS, clean_item, looks_like_unit, national_body, split_glued, split_units

_UNIT_KINDS = ('lead', 'responsible', 'support')
# Punctuation that never occurs inside a header run.
_NOT_HEADER = re.compile(r'[。,;:!?“”《》\d]')
_CATEGORY = re.compile(r'([一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)])[^。,;:\d]{2,40}$')


@knowledge.derived
def _header_words() -> re.Pattern:
    """Header words of role and deadline columns, joined by / or 、 too (配合/责任单位)."""
    labels = sorted(knowledge.role_keywords()['label'], key=len, reverse=True)
    words = '|'.join(map(re.escape, labels))
    return re.compile(rf'(?:[\u4e00-\u9fff]{{2,4}}[/、])?(?:{words})')


@knowledge.derived
def _label_endings() -> tuple[str, ...]:
    """The last two characters of every header word (单位, 部门, 牵头, 时限 …)."""
    return tuple(sorted({w[-2:] for w in knowledge.role_keywords()['label'] if len(w) >= 2}))


def _header(line: str) -> tuple[int, int, list[str]] | None:
    """The glued header of a flattened table in ``line``: (start, end, column kinds in
    order, the task first). It holds a lead or responsible column and a second column."""
    # two header words at least: counted first, the regex scan is the costly part
    if sum(line.count(e) for e in _label_endings()) < 2:
        return None
    found = []
    for m in _header_words().finditer(line):
        kind = column_kind(m.group(0))
        if kind is None:
            continue
        if found and (m.start() - found[-1][1] > 12 or _NOT_HEADER.search(line, found[-1][1], m.start())):
            if len(found) >= 2 and any(k in ('lead', 'responsible') for _, _, k in found):
                break
            found = []
        found.append((m.start(), m.end(), 'other' if kind not in _UNIT_KINDS + ('deadline',) else kind))
    kinds = [k for _, _, k in found]
    if len(found) < 2 or not any(k in ('lead', 'responsible') for k in kinds):
        return None
    start = found[0][0]
    # the task columns before the role columns: 序号工作任务工作要求
    while start > 0 and found[0][0] - start < 20 and re.match(r'[\u4e00-\u9fff/]', line[start - 1]) \
            and line[start - 1] != '表':
        start -= 1
    return start, found[-1][1], ['task'] + kinds


def find_flat_tables(text: str) -> list[Table]:
    """Flattened task tables in a (parse-form) text: each a Table whose header names
    the task, then the role and deadline columns, and whose rows are cut back into cells."""
    tables = []
    pos = 0
    for line in text.split('\n'):
        if len(line) > 60:
            found = _header(line)
            if found:
                table = _table(line, pos, *found)
                if table.rows:
                    tables.append(table)
        pos += len(line) + 1
    return tables


def _row_starts(line: str, start: int) -> list[tuple[int, int]]:
    """(offset of the number, offset of the task) of rows 1, 2, 3 … after ``start``."""
    out, expected = [], 1
    for m in re.finditer(r'(?<![\d.])(\d{1,3})\s*[.、．]?\s*(?=[\u4e00-\u9fff“])', line[start:]):
        if int(m.group(1)) == expected:
            out.append((start + m.start(), start + m.end()))
            expected += 1
    return out


def _table(line: str, offset: int, start: int, end: int, kinds: list[str]) -> Table:
    header = [k for k in kinds]
    columns: dict[str, list[int]] = {}
    for i, k in enumerate(kinds):
        columns.setdefault(k, []).append(i)
    table = Table(header, columns, start=offset + start, end=offset + end)
    starts = _row_starts(line, end)
    if len(starts) < 2:
        return table
    category = line[end:starts[0][0]].strip()
    if category:
        table.rows.append(Row([category] * len(kinds), offset + end, offset + starts[0][0]))
    for k, (number, task_at) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else _table_end(line, task_at, kinds)
        chunk = line[task_at:stop]
        after = _CATEGORY.search(chunk.rstrip())
        next_category = None
        if after and k + 1 < len(starts):
            next_category = (after.group(0).strip(), task_at + after.start())
            chunk = chunk[:after.start()]
        cells = _cells(chunk, kinds)
        if cells is None:
            break
        table.rows.append(Row(cells, offset + number, offset + task_at + len(chunk.rstrip())))
        table.end = offset + task_at + len(chunk.rstrip())
        if next_category:
            text, at = next_category
            table.rows.append(Row([text] * len(kinds), offset + at, offset + at + len(text)))
    return table


def _table_end(line: str, task_at: int, kinds: list[str]) -> int:
    """Where the last row ends: at the page furniture after the table (来源:, 附件下载),
    else the line's end."""
    m = re.search(r'\s(来源|附件下载|相关附件|扫一扫|打印本页|关闭窗口|责任编辑)', line[task_at:])
    return task_at + m.start() if m else len(line)


def _cells(chunk: str, kinds: list[str]) -> list[str] | None:
    """A row's text cut into the cells of ``kinds`` (task first)."""
    tail_kinds = kinds[1:]
    units = [i for i, k in enumerate(tail_kinds) if k in _UNIT_KINDS]
    deadline_col = next((i for i, k in enumerate(tail_kinds) if k == 'deadline'), None)
    body = chunk.rstrip()
    deadline = ''
    if deadline_col is not None:
        # the longest tail that is a deadline (2025年底前, 长期坚持)
        at = next((i for i in range(max(0, len(body) - 30), len(body) - 1) if is_deadline(body[i:])), None)
        if at is not None:
            deadline, body = body[at:].strip(), body[:at]
    cut = _task_end(body)
    if cut is None:
        return None
    task, rest = body[:cut].strip(), body[cut:]
    cells = [''] * len(tail_kinds)
    parts = _unit_cells(rest, len(units))
    for i, part in zip(units, parts):
        cells[i] = part
    if deadline_col is not None:
        cells[deadline_col] = deadline
    return [task] + cells


def _all_units(text: str) -> bool:
    names = [clean_item(n) for n in split_units(text)]
    return bool(names) and all(looks_like_unit(n) for n in names)


def _task_end(body: str) -> int | None:
    """Where the task's text ends and the unit cells begin: at the last full stop
    (or space) after which only unit names follow."""
    for m in reversed(list(re.finditer(r'[。;]', body))):
        rest = body[m.end():].strip()
        if not rest or _all_units(rest):
            return m.end()
    # a blank cell left as a space: the space stays with the cells (it says which is blank)
    for m in reversed(list(re.finditer(r'\s', body.rstrip()))):
        if _all_units(body[m.end():]):
            return m.start()
    # no stop: the longest tail of unit names that starts as a name does (县教育局…)
    for i in range(min(len(body), 4), len(body)):
        if _opens_name(body, i) and _all_units(body[i:]):
            return i
    return None


def _opens_name(text: str, i: int) -> bool:
    """Does a unit name start at ``i``: a level (市, 县, 各…), a known place, a central body?"""
    if text[i] in '省市县区州盟旗各':
        return text[i - 1] not in '省市县区州盟旗各'
    from .resolution import is_place_name
    return any(is_place_name(text[i:i + k]) for k in (2, 3, 4)) or \
        any(national_body(text[i:j]) for j in range(i + 2, min(len(text), i + 16) + 1))


def _unit_cells(rest: str, n: int) -> list[str]:
    """The text of ``n`` unit cells glued together. A cell left blank is one space;
    two filled cells meet where two names are glued without a separator: the last
    such place before the first separator, as the second cell's lists are
    separated (区经济发展局区行政审批局|区直各有关单位,各区属事业单位)."""
    if n <= 1:
        return [rest.strip()]
    if rest.startswith(' ') or not rest.strip():
        return [''] + _unit_cells(rest.strip(), n - 1) if rest.strip() else [''] * n
    first_sep = min((i for i, ch in enumerate(rest) if ch in LIST_SEPARATORS + ' '), default=len(rest))
    glued = _glue_points(rest[:first_sep])
    if not glued:
        return [rest.strip()] + [''] * (n - 1)
    cut = glued[-1]
    return [rest[:cut]] + _unit_cells(rest[cut:], n - 1)


def _glue_points(text: str) -> list[int]:
    """Offsets where one unit name ends and the next begins, in names glued together."""
    names = split_glued(text)
    if len(names) < 2 or ''.join(names) != text:
        return []
    ends, at = [], 0
    for name in names[:-1]:
        at += len(name)
        ends.append(at)
    return ends
