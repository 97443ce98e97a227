"""Tables as lines, shared by the HTML, DOCX and PDF readers.

Merged cells are expanded over every grid place they cover (within a budget, so
that absurd spans cannot blow a table up), then each row becomes one line, its
cells joined by TAB. Not to be confused with :mod:`graphkit.tables`, which finds
task tables in the text these lines make.
"""
from __future__ import annotations

_MAX_COLUMNS = 200


def _span_budget(cells: int) -> int:
    """How many grid places the merged cells of a table may cover in all."""
    return 20 * cells + 10_000


class Grid:
    """The places of a table, each holding the cell that covers it: ``rows`` is a
    list of ``{column: cell}``, as :func:`grid_lines` takes it."""

    def __init__(self, rows: int, cells: int):
        self.rows: list[dict] = [{} for _ in range(rows)]
        self.budget = _span_budget(cells)

    def place(self, rows, cols, cell) -> int:
        """Put ``cell`` in the free places of ``rows`` × ``cols`` (sequences of
        indexes); return how many columns it took."""
        if len(rows) * len(cols) > self.budget:    # absurd spans: the cell keeps its own place only
            rows, cols = rows[:1], cols[:1]
        self.budget -= len(rows) * len(cols)
        for i in rows:
            for j in cols:
                self.rows[i].setdefault(j, cell)
        return len(cols)


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
