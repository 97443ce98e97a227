"""tables: task tables (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限) → measures.

A task table reaches the text in one of three shapes:

* one line per row, cells separated by TABs (HTML and DOCX ingestion write
  tables this way, merged cells repeated);
* one line per row, cells separated by runs of spaces (copied from a PDF);
* one cell per line, the table flattened (copied from a web page).

Each data row becomes a measure whose roles come from the columns.

>>> rows = find_tables('序号\\t重点任务\\t牵头单位\\t配合单位\\t完成时限\\n'
...                    '1\\t建设智慧校园\\t市教育局\\t市财政局、市大数据局\\t2025年底前')
>>> t = rows[0]
>>> t.columns['lead'], t.rows[0].cells[2]
([2], '市教育局')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import knowledge
from .duties import is_deadline, parse_clause
from .model import Duty
from .units import is_person, looks_like_unit, plausible_name, split_persons, split_units

_HEADER_KINDS = ('seq', 'deadline', 'other', 'person', 'task')   # the order data/table_headers.tsv is tried in


@dataclass
class Row:
    cells: list[str]
    start: int
    end: int


@dataclass
class Table:
    header: list[str]
    columns: dict[str, list[int]]          # kind → column indexes
    rows: list[Row] = field(default_factory=list)
    start: int = 0
    end: int = 0
    repeating: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)   # see _repeats


@knowledge.derived
def _labels_longest_first() -> tuple[tuple[str, str], ...]:
    labels = knowledge.role_keywords()['label']
    return tuple(sorted(labels.items(), key=lambda kv: -len(kv[0])))


@knowledge.derived
def column_kind(header: str) -> str | None:
    """What a header cell announces: 'lead', 'support', 'responsible', 'deadline',
    'task', 'seq', 'other', or None for a cell that is no header word. A note in
    brackets that says nothing known is read past: 责任单位(列第一位的为牵头单位)."""
    kind = _column_kind(header)
    if kind is None and re.search(r'[(（].+[)）]', header):
        kind = _column_kind(re.sub(r'[(（][^)）]*[)）]', '', header))
    return kind


@knowledge.derived
def _column_kind(header: str) -> str | None:
    h = re.sub(r'[\s::()（）]', '', header)
    h = re.sub(r'^(?:19|20)\d\d年度?(?=.)', '', h)        # 2022年预期目标
    if not h or len(h) > 16:
        return None
    if h.endswith(('表', '清单', '方案', '台账')):
        # the table's title above it (重点工作任务分解表), unless a header word says it all
        table = knowledge.words('table_headers.tsv')
        return next((kind for kind in _HEADER_KINDS for word, *how in table.get(kind, ())
                     if (how[0] if how else 'exact') == 'exact' and h == word), None)
    joined = re.fullmatch(r'(.{2,6}?)[与及和](.{2,6})', h) if '/' not in h and '、' not in h else None
    if joined and column_kind(joined.group(1)) in _UNIT_KINDS and column_kind(joined.group(2)) in _UNIT_KINDS:
        h = joined.group(1) + '/' + joined.group(2)         # 责任主体与协同单位
    if '/' in h or '、' in h:
        # 配合/责任单位, 牵头/配合单位: each word with the shared ending; mixed roles
        # make a column whose first unit leads when no lead is named
        parts = re.split('[/、]', h)
        end = re.search(r'(单位|部门|领导|人)$', parts[-1])
        kinds = {column_kind(p + (end.group(1) if end and not p.endswith(end.group(1)) else '')) for p in parts if p}
        if len(kinds) == 1:
            return kinds.pop()
        return 'responsible' if kinds <= {'lead', 'support', 'responsible'} else None
    if len(h) > 12:
        return None
    for keyword, role in _labels_longest_first():
        if h == keyword or (h.startswith(keyword) and len(h) - len(keyword) <= 4):
            return 'other' if role == 'ignore' else role      # lead, support, responsible, deadline, person
    for keyword, role in _labels_longest_first():
        # a word before the label: 协同配合单位, 区级牵头单位
        if len(keyword) >= 3 and h.endswith(keyword) and len(h) - len(keyword) <= 2:
            return 'other' if role == 'ignore' else role
    table = knowledge.words('table_headers.tsv')
    for kind in _HEADER_KINDS:
        for word, *how in table.get(kind, ()):
            match = how[0] if how else 'exact'
            if (h == word if match == 'exact' else h.endswith(word) if match == 'ends' else word in h):
                return kind
    return None


_TARGET = re.compile(r'目标|指标')


def _header_columns(cells: list[str]) -> dict[str, list[int]] | None:
    """Column kind → indexes of a header row; None when the row is no header. A few
    header cells of no known kind (计划投资, 工作成效) are 'unknown' columns, decided
    later by their cells (:func:`settle_unknown_columns`)."""
    kinds = [column_kind(c) for c in cells]
    if len(cells) < 2 or kinds.count(None) > max(1, len(cells) // 3):
        return None
    if 'task' not in kinds:
        # a table of targets: the target column is the task (序号 | 2022年预期目标 | 责任单位)
        target = next((i for i, (c, k) in enumerate(zip(cells, kinds)) if k == 'other' and _TARGET.search(c)), None)
        if target is not None:
            kinds[target] = 'task'
    if not any(k in ('lead', 'responsible') for k in kinds) or 'task' not in kinds:
        return None
    if any(k is None and (not c.strip() or len(c) > 16 or re.search('[。;,]', c)) for k, c in zip(kinds, cells)):
        return None
    kinds = [k or 'unknown' for k in kinds]
    cols: dict[str, list[int]] = {}
    for i, k in enumerate(kinds):
        cols.setdefault(k, []).append(i)
    return cols


def settle_unknown_columns(table: Table) -> None:
    """Decide the columns whose header said nothing known by what their cells hold:
    people (a person column), unit lists (a supporting column, or responsible when
    the table names no lead), anything else (kept out of the roles)."""
    for c in table.columns.pop('unknown', []):
        cells = [r.cells[c] for r in table.rows if c < len(r.cells) and r.cells[c].strip()
                 and not is_category_row(r, table)]
        if not cells:
            kind = 'other'
        elif sum(all(is_person(p) for p in split_persons(x)) for x in cells) >= 0.6 * len(cells):
            kind = 'person'
        elif sum(_is_unit_list(x) for x in cells) >= 0.6 * len(cells):
            kind = 'support' if table.columns.get('lead') else 'responsible'
        else:
            kind = 'other'
        table.columns.setdefault(kind, []).append(c)
        table.columns[kind].sort()


def _split_cells(line: str) -> list[str]:
    if '\t' in line:
        return [c.strip() for c in line.split('\t')]
    if line.count(' | ') >= 2:          # a text rendering: 类别 | 事项名称 | 责任单位 |
        cells = [c.strip() for c in line.strip().strip('|').split(' | ')]
        return [c.rstrip('|').strip() for c in cells]
    return [c.strip() for c in re.split(r'\s{2,}|\u3000+', line.strip()) if c.strip()]


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split('\n'):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


@knowledge.derived
def role_column_words() -> re.Pattern:
    """Words announcing a task table's role column: the field labels of roles.tsv."""
    labels = [k for k, role in knowledge.role_keywords()['label'].items() if role != 'ignore']
    return re.compile('|'.join(map(re.escape, sorted(labels, key=len, reverse=True))))


def find_tables(text: str) -> list[Table]:
    """Task tables in a (parse-form) text, each with its data rows and offsets."""
    if not role_column_words().search(text):
        return []            # no column could say who leads: no task table
    lines = _lines(text)
    tables: list[Table] = []
    i = 0
    words = role_column_words()
    while i < len(lines):
        start, end, line = lines[i]
        if len(line) > 14 and not words.search(line):
            i += 1      # neither a header row (it names a role column) nor a header cell (short)
            continue
        cells = _split_cells(line)
        cols = _header_columns(cells) if len(cells) >= 2 else None
        if cols:
            table, i = _rows_inline(lines, i, cells, cols)
            tables.append(table)
            continue
        spaced = line.split()
        cols = _header_columns(spaced) if len(spaced) >= 3 and column_kind(spaced[0]) in ('seq', 'task') \
            and sum(1 for c in spaced if column_kind(c) is None) <= 1 else None
        if cols:
            table, i = _rows_spaced(lines, i, spaced, cols)
            tables.append(table)
            continue
        flat = _flat_header(lines, i)
        if flat:
            header, j = flat
            cols = _header_columns(header)
            table, i = _rows_flat(lines, i, j, header, cols)
            tables.append(table)
            continue
        i += 1
    tables = [t for t in tables if t.rows]
    for t in tables:
        settle_unknown_columns(t)
    return tables


def _rows_inline(lines, i, header, cols) -> tuple[Table, int]:
    table = Table(header, cols, start=lines[i][0], end=lines[i][1])
    j = i + 1
    # A two-level header (责任单位 over 牵头单位 | 配合单位): the second row names the columns.
    nxt = _next_nonblank(lines, j)
    if nxt is not None:
        cells = _split_cells(lines[nxt][2])
        second = _header_columns(cells)
        if second and len(cells) >= len(header) - 1:
            header = cells + header[len(cells):]
            table.header, table.columns = header, _header_columns(header)
            table.end, j = lines[nxt][1], nxt + 1
    n = len(header)
    while j < len(lines):
        start, end, line = lines[j]
        if not line.strip():
            j += 1
            continue
        cells = _split_cells(line)
        if len(cells) == 1 and len(line.strip()) <= 40:
            # A group heading spanning the table (一、强化基础保障), when rows go on after it
            # (not the header of the next table)
            after = _next_nonblank(lines, j + 1)
            following = _split_cells(lines[after][2]) if after is not None else []
            if 2 <= len(following) <= n + 1 and not _new_header(following, table):
                table.rows.append(Row([line.strip()] * n, start, end))
                j += 1
                continue
            break
        if len(cells) < 2 or len(cells) > n + 1:
            break
        # Trailing empty cells are dropped by the writers of these rows: pad them.
        cells = cells + [''] * (n - len(cells))
        if table.rows and not _fits(cells[:n], table.columns):
            cells = _shifted(cells, n, table.columns, table.rows[-1].cells)
        if cells[:n] == header or _header_columns(cells[:n]) == table.columns:
            j += 1              # the header again, after a page break
            continue
        if _new_header(cells, table):
            break               # the header of another table
        if table.rows and _continues(table, cells):
            _extend(table, table.rows[-1], cells[:n], end)
        else:
            table.rows.append(Row(cells[:n], start, end))
        table.end = end
        j += 1
    while table.rows and is_category_row(table.rows[-1], table):
        table.rows.pop()    # a heading after the last row belongs to the text that follows
    return table, j


def _rows_spaced(lines, i, header, cols) -> tuple[Table, int]:
    """Rows of a table whose cells a text rendering separated by single spaces
    (序号 目标任务 责任单位 推进情况), a cell of several lines continuing on the lines
    below its row (区农业农村委 / 区林业局 / …): a row starts at its number; a line
    without one is a group heading, or continues the row above (units go to its unit
    column, other text to its next empty column)."""
    table = Table(header, cols, start=lines[i][0], end=lines[i][1])
    n = len(header)
    seq = cols.get('seq', [None])[0]
    unit_cols = _unit_columns(cols)
    expected = 1
    j = i + 1
    while j < len(lines):
        start, end, line = lines[j]
        tokens = line.split()
        j += 1
        if not tokens:
            continue
        if tokens == header:
            continue                    # the header again, on the next page
        if seq == 0 and (tokens[0] == str(expected) or _row_number(tokens[0], expected)) and len(tokens) >= 2:
            expected = int(tokens[0]) + 1
            if len(tokens) > n:         # spaces inside the text: the task takes them
                task = (cols.get('task') or [1])[-1]
                extra = len(tokens) - n
                tokens = tokens[:task] + [' '.join(tokens[task:task + extra + 1])] + tokens[task + extra + 1:]
            table.rows.append(Row(tokens + [''] * (n - len(tokens)), start, end))
        elif _GROUP_CELL.match(line.strip()) or re.match(r'[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]',
                                                         line.strip()):
            if len(line.strip()) > 60:
                break
            table.rows.append(Row([line.strip()] * n, start, end))
        elif table.rows and not is_category_row(table.rows[-1]) and len(tokens) <= n:
            row = table.rows[-1]
            for tok in tokens:
                if unit_cols and _is_unit_list(tok, loose=True) and not is_deadline(tok):
                    c = unit_cols[-1] if row.cells[unit_cols[0]] else unit_cols[0]
                    row.cells[c] = '、'.join(x for x in (row.cells[c], tok) if x)
                else:
                    empty = next((c for c in range(n) if not row.cells[c] and c not in unit_cols), None)
                    if empty is None:
                        row.cells[-1] += tok
                    else:
                        row.cells[empty] = tok
            row.end = end
        else:
            break
        table.end = end
    while table.rows and is_category_row(table.rows[-1], table):
        table.rows.pop()
    return table, _line_index_after(lines, table.end)


def _new_header(cells: list[str], table: Table) -> bool:
    """Is this row the header of another table (other columns than ``table``'s)?"""
    cols = _header_columns(cells)
    return cols is not None and cols != table.columns and cells[:len(table.header)] != table.header


def _next_nonblank(lines, j) -> int | None:
    while j < len(lines):
        if lines[j][2].strip():
            return j
        j += 1
    return None


def _flat_header(lines, i) -> tuple[list[str], int] | None:
    header, j = [], i
    while j < len(lines) and len(header) < 12:
        cell = _flat_cell(lines[j][2])
        if not cell:
            j += 1
            continue
        if column_kind(cell) is None and not (header and _unknown_header_cell(lines, j, cell)):
            break
        header.append(cell)
        j += 1
    if len(header) >= 3 and _header_columns(header):
        return header, j
    return None


def _unknown_header_cell(lines, j, cell: str) -> bool:
    """A header cell of no known kind (1-10月推进情况, 是否达序) inside a flattened header:
    short, no sentence, no number, and a known header cell follows within three cells."""
    if len(cell) > 16 or '。' in cell or cell.isdigit():
        return False
    ahead = [c for c in (_flat_cell(line) for _, _, line in lines[j + 1:j + 8]) if c][:3]
    for c in ahead:
        if c.isdigit():
            return False
        if column_kind(c) is not None:
            return True
    return False


def _row_number(cell: str, at_least: int) -> bool:
    """A row number not below ``at_least`` (a table of chosen rows skips numbers), not a year."""
    return cell.isdigit() and len(cell) <= 3 and int(cell) >= at_least


def _flat_cell(line: str) -> str:
    """A cell of a flattened table; a text rendering may close each cell with ``|`` and
    write ``|`` alone between rows (序号 | / 1 | / … / |)."""
    cell = line.strip()
    return cell[:-1].rstrip() if cell.endswith('|') else cell


_GROUP_CELL = re.compile(r'([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])[^。]{1,30}$')


def _rows_flat(lines, i, j, header, cols) -> tuple[Table, int]:
    """Group the cells that follow a flattened header into rows.

    With a 序号 column, a row starts at each next sequence number, so a missing
    cell does not shift the rest and a cell wrapped onto a second line joins its
    column; a header repeated after a page break is skipped, a group row
    (一、提振家电消费) kept as one. Without one, cells are taken n at a time.
    """
    table = Table(header, cols, start=lines[i][0], end=lines[j - 1][1])
    n = len(header)
    cells = [(s, e, _flat_cell(line)) for s, e, line in lines[j:] if _flat_cell(line)]
    seq_col = cols.get('seq', [None])[0]
    k, expected = 0, 1
    while k < len(cells):
        if seq_col == 0:
            if [c[2] for c in cells[k:k + n]] == header:
                k += n          # the header again, on the next page
                continue
            cell = cells[k][2]
            if cell != str(expected):
                after = cells[k + 1][2] if k + 1 < len(cells) else ''
                if _GROUP_CELL.match(cell) and (after in (str(expected), '1') or _GROUP_CELL.match(after) or
                                                _row_number(after, expected)):
                    table.rows.append(Row([cell] * n, cells[k][0], cells[k][1]))
                    if after == '1':
                        expected = 1
                    k += 1
                    continue
                if not _row_number(cell, expected):
                    break
                expected = int(cell)    # rows chosen from a longer table: 3, 68, 69
            m = k + 1

            def ends_row(c: str, m: int) -> bool:
                # the next number, or once the row is full, a group row or a later number
                return c == str(expected + 1) or m - k >= n - 1 and (_GROUP_CELL.match(c) is not None or
                                                                    _row_number(c, expected + 1))
            while m < len(cells) and m - k < n and not ends_row(cells[m][2], m):
                m += 1
            # more cells before the next number: a unit or deadline cell on several lines
            # (a column of units one per line: 区教体局 / 东孝街道 / 孝顺镇 / …)
            while m < len(cells) and not ends_row(cells[m][2], m) and \
                    (is_deadline(cells[m][2]) or _is_unit_list(cells[m][2], loose=True) or
                     _is_empty_cell(cells[m][2])):
                m += 1
            group = cells[k:m]
            expected += 1
        else:
            group = cells[k:k + n]
            if len(group) < n or any(column_kind(c[2]) for c in group):
                break
            m = k + n
        row = [c[2] for c in group]
        if len(row) != n or not _fits(row, cols):
            row = _place_row(row, header, cols, table.rows[-1].cells if table.rows else None)
        table.rows.append(Row(row, group[0][0], group[-1][1]))
        table.end = group[-1][1]
        k = m
    while table.rows and is_category_row(table.rows[-1]):
        table.rows.pop()
    return table, _line_index_after(lines, table.end)


_EMPTY_CELLS = frozenset(('/', '／', '-', '—', '——', '无', '\\'))


def _is_empty_cell(cell: str) -> bool:
    """A cell that says it is empty (/, —, 无)."""
    return cell.strip() in _EMPTY_CELLS


def _is_unit_list(cell: str, loose: bool = False) -> bool:
    """Is the cell a list of units? ``loose``: names of a kind graphkit does not know count
    too (孝顺镇 in a unit column), as where a unit column runs on over several lines."""
    units = split_units(cell)
    return bool(units) and all(looks_like_unit(u) or loose and plausible_name(u) for u in units)


def _line_index_after(lines, offset: int) -> int:
    for idx, (s, _, _) in enumerate(lines):
        if s > offset:
            return idx
    return len(lines)


def _shifted(cells: list[str], n: int, cols, previous: list[str]) -> list[str]:
    """A row missing its first cells, which span rows (类别 over several rows): the
    cells moved right to where they fit, the first ones the previous row's."""
    seq = cols.get('seq', [])
    if seq and cells[seq[0]].isdigit():
        return cells            # its number stands where it should: not shifted
    units = _unit_columns(cols)
    for shift in (1, 2):
        if any(cells[n - shift:]) or len(cells) < n:
            break
        moved = previous[:shift] + cells[:n - shift]
        # every unit column of the moved row holds a list of units graphkit knows
        if _fits(moved, cols) and all(not moved[c] or _is_empty_cell(moved[c]) or _is_unit_list(moved[c])
                                      for c in units):
            return moved + cells[n:]
    return cells


def _unit_columns(cols) -> list[int]:
    """The lead, responsible and support columns, in order."""
    return sorted(c for k in _UNIT_KINDS for c in cols.get(k, []))


def _fits(row: list[str], cols) -> bool:
    """Do the cells of a full row fit their columns: units (or nothing) in the unit
    columns, no unit list in the last text column?"""
    for c in _unit_columns(cols):
        if row[c] and not _is_empty_cell(row[c]) and (not _is_unit_list(row[c], loose=True) or is_person(row[c])):
            return False
    for c in cols.get('person', []):
        if c < len(row) and row[c] and _is_unit_list(row[c]):
            return False
    # a unit in the last text column after a sentence in the one before: the row is shifted
    tasks = cols.get('task') or []
    return not (len(tasks) >= 2 and row[tasks[-2]].endswith('。') and _is_unit_list(row[tasks[-1]]) and
                '。' not in row[tasks[-1]])


def _place_row(row: list[str], header: list[str], cols, previous: list[str] | None = None) -> list[str]:
    """Cells of a row with cells missing or a cell cut over several lines: put each
    where its content fits. The number goes to the 序号 column; text cells fill the
    last text columns, the missing ones being the first, a category cell spanning
    several rows (事项分类 | 事项名称 | 项目内容) that keeps the previous row's value;
    unit cells fill the unit columns in order, the last taking every unit cell left
    (a column of units one per line); an empty mark (/, —, 无) leaves its column empty."""
    out = [''] * len(header)
    unit_cols = _unit_columns(cols)
    deadline_cols = cols.get('deadline', [])
    rest = [c for c in range(len(header)) if c not in unit_cols and c not in deadline_cols]
    seq = cols.get('seq', [None])[0]
    texts: list[str] = []
    units: list[str] = []
    if row and seq is not None and row[0].isdigit():
        out[seq] = row[0]
        rest.remove(seq)
        row = row[1:]
    def unit_like(cell, loose):
        return _is_empty_cell(cell) or is_deadline(cell) or \
            '。' not in cell and _is_unit_list(cell, loose=loose) and not is_person(cell)
    # the units start at the first unit graphkit knows that a unit, an empty mark or the
    # deadline follows (a task may read like a unit: 新建一批中小学校); failing that, after
    # the last cell that is no unit
    first = next((i for i in range(1, len(row)) if not is_deadline(row[i]) and unit_like(row[i], loose=False)
                  and (i + 1 == len(row) or unit_like(row[i + 1], loose=True))), None)
    if first is None:
        first = len(row)
        while first > 1 and unit_like(row[first - 1], loose=True):
            first -= 1
    if not unit_cols:
        first = len(row)
    late: list[str] = []
    for i, cell in enumerate(row):
        if deadline_cols and is_deadline(cell) and not out[deadline_cols[0]] and (i >= first or not texts):
            out[deadline_cols[0]] = cell
        elif i < first:
            texts.append(cell)
        elif unit_like(cell, loose=True):
            units.append('' if _is_empty_cell(cell) or is_deadline(cell) else cell.rstrip('、,'))
        else:
            late.append(cell)       # a second line of the task after its units (a merged cell)
    # after the units: people in the person column, else the columns after the units
    # (推进情况), else a second line of the task (a merged cell)
    after_units = [c for c in rest if unit_cols and c > unit_cols[-1]]
    for cell in late:
        people = split_persons(cell)
        column = next((c for c in cols.get('person', []) if not out[c] and is_person(people[0] if people else cell)),
                      None)
        if column is None:
            column = next((c for c in after_units if not out[c] and c not in cols.get('person', [])), None)
        if column is not None:
            out[column] = cell
            rest.remove(column)
        elif texts:
            texts[-1] = '\n'.join([texts[-1], cell])
    # text cells fill the task columns, the last ones (a category spanning rows is missing
    # from the first); more text cells than task columns fill the other columns in order
    tasks = [c for c in cols.get('task', []) if c in rest]
    targets = tasks if 0 < len(texts) <= len(tasks) else [c for c in rest if c not in after_units] or rest
    skipped = targets[:max(0, len(targets) - len(texts))]
    for c, cell in zip(targets[len(skipped):], texts):
        out[c] = cell
    for c in skipped:
        if previous and cols.get('task') and c in cols['task'] and c != cols['task'][-1]:
            out[c] = previous[c]        # a category spanning rows
    for i, c in enumerate(unit_cols):
        if i == len(unit_cols) - 1:
            out[c] = '、'.join(u for u in units[i:] if u)
        elif i < len(units):
            out[c] = units[i]
    return out


def row_duties(table: Table, row: Row, declared: bool = False) -> tuple[list[Duty], str | None, list[str]]:
    """Duties, deadline and persons of one row, from its lead / support / responsible,
    deadline and person (责任领导, 责任人) columns; people in a unit column are persons too."""
    span = (row.start, row.end)
    duties: list[Duty] = []
    persons: list[str] = []

    def cell_of(c):
        cell = row.cells[c].strip() if c < len(row.cells) else ''
        return '' if cell in _EMPTY else cell
    # a blank lead cell: the first unit of the responsible column (else of the
    # supporting one) leads
    lead_cols = table.columns.get('lead', [])
    has_lead = any(cell_of(c) for c in lead_cols)
    stand_in = None
    if lead_cols and not has_lead:
        stand_in = next((c for k in ('responsible', 'support') for c in table.columns.get(k, []) if cell_of(c)), None)
    for kind in ('lead', 'responsible', 'support'):
        for c in table.columns.get(kind, []):
            cell = cell_of(c)
            if not cell:
                continue
            label = {'lead': '牵头单位', 'support': '配合单位', 'responsible': '责任单位'}[kind]
            if kind == 'responsible' and has_lead:
                label = '配合单位'
            if c == stand_in:
                label = '责任单位'
            clause = parse_clause(f'{label}:{cell}', declared=declared, span=span)
            if not clause:
                continue
            persons += clause.persons
            for d in clause.duties:
                source = 'declared' if d.source == 'declared' else 'table'     # the column says the role
                if d.unit not in {x.unit for x in duties}:
                    duties.append(Duty(d.unit, d.role, source, span))
    deadline = None
    for c in table.columns.get('deadline', []):
        if c < len(row.cells) and row.cells[c].strip():
            deadline = row.cells[c].strip()
            break
    for c in table.columns.get('person', []):
        persons += split_persons(cell_of(c))
    return duties, deadline, list(dict.fromkeys(persons))


_UNIT_KINDS = ('lead', 'responsible', 'support')
_EMPTY = ('/', '-', '—', '无', '／', '－', '——')


def _continues(table: Table, cells: list[str]) -> bool:
    """A line with no number and no task but units or a deadline: the cells of the
    row above wrapped onto a second line."""
    cols = table.columns
    if any(cells[c] for k in ('seq', 'task') for c in cols.get(k, []) if c < len(cells)):
        return False
    return any(cells[c] for k in _UNIT_KINDS + ('deadline',) for c in cols.get(k, []) if c < len(cells))


def _extend(table: Table, row: Row, cells: list[str], end: int) -> None:
    units = {c for k in _UNIT_KINDS for c in table.columns.get(k, [])}
    for c, cell in enumerate(cells):
        if not cell:
            continue
        old = row.cells[c]
        glue = '、' if c in units and old and old[-1] not in '、,;' else ''
        row.cells[c] = old + glue + cell if old else cell
    row.end = end
    table.end = end


def task_text(table: Table, row: Row) -> str:
    cols = table.columns.get('task', [])
    parts = [row.cells[c] for c in cols if c < len(row.cells) and row.cells[c]]
    # Merged category cells repeat over rows; the task itself is the last task column.
    return parts[-1] if parts else ''


def _repeats(table: Table, col: int) -> bool:
    """Does a value of this column stand in two rows of the table (a cell spanning rows)?
    Worked out once per table and column."""
    if col not in table.repeating:
        seen, found = set(), False
        for r in table.rows:
            value = r.cells[col] if col < len(r.cells) else ''
            if value and value in seen and not is_category_row(r):
                found = True
                break
            seen.add(value)
        table.repeating[col] = found
    return table.repeating[col]


def task_name(table: Table, row: Row, previous: Row | None) -> str | None:
    """The task's own name when the table gives one apart from its text
    (任务名称 | 主要内容): a first task column that is not repeated from the row above."""
    cols = [c for c in table.columns.get('task', []) if c < len(row.cells)]
    if len(cols) < 2:
        return None
    # a column whose cells repeat over rows holds categories (事项分类 | 事项名称 | 项目内容;
    # 工作任务 over several 具体措施): the name is in the first column that does not
    named = [c for c in cols[:-1] if not _repeats(table, c)]
    if not named:
        return None
    cols = named + cols[-1:]
    name = row.cells[cols[0]]
    if not name or name == row.cells[cols[-1]] or len(name) > 40:
        return None
    if previous is not None and previous.cells[cols[0]] == name:
        return None          # a merged cell: the group of several rows
    return name


def is_category_row(row: Row, table: Table | None = None) -> bool:
    """A row spanning the whole table (its cell repeated), or, in a table whose columns
    are known, a row with a short heading and neither number nor units
    (``一 | 信息基础设施 | | |``): a section of the table."""
    values = {c for c in row.cells if c}
    if len(values) == 1 and len(row.cells) > 2:
        return True
    if table is None:
        return False
    cols = table.columns
    if any(row.cells[c] for k in _UNIT_KINDS + ('deadline',) for c in cols.get(k, []) if c < len(row.cells)):
        return False
    seq = [row.cells[c] for c in cols.get('seq', []) if c < len(row.cells)]
    if seq and re.fullmatch(r'\d{1,3}', seq[0] or ''):
        return False
    text = [c for c in row.cells if c and c not in seq]
    return len(text) == 1 and len(text[0]) <= 20 and '。' not in text[0]
