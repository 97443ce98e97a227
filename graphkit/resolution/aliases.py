"""The user's override file: forced merges and forbidden merges of unit names.

One line a rule: ``variant<TAB>canonical`` merges, ``!a<TAB>b`` keeps apart, an
optional third column limits the line to one jurisdiction (see :meth:`Aliases.parse`).
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Aliases:
    """A user's overrides: forced merges and forbidden merges.

    ``merges`` holds ``(variant, canonical, jurisdiction or None)``; ``forbids`` holds
    ``(a, b, jurisdiction or None)``.
    """
    merges: list[tuple[str, str, str | None]] = field(default_factory=list)
    forbids: list[tuple[str, str, str | None]] = field(default_factory=list)
    source: str = ''

    @classmethod
    def parse(cls, text: str, source: str = '') -> 'Aliases':
        """Read ``variant<TAB>canonical`` and ``!a<TAB>b`` lines (CSV also works).

        A third column names the jurisdiction the line is for; ``#`` starts a comment.

        >>> a = Aliases.parse('# mine\\n市政数局\\t市政务服务数据管理局\\n!市教育局,市教育体育局\\n')
        >>> a.merges, a.forbids
        ([('市政数局', '市政务服务数据管理局', None)], [('市教育局', '市教育体育局', None)])
        """
        out = cls(source=source)
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            cells = next(csv.reader(io.StringIO(line), delimiter='\t' if '\t' in line else ','))
            cells = [c.strip() for c in cells]
            if len(cells) < 2 or not cells[0] or not cells[1]:
                continue
            jur = cells[2] if len(cells) > 2 and cells[2] else None
            if cells[0].startswith('!'):
                out.forbids.append((cells[0][1:].strip(), cells[1], jur))
            else:
                out.merges.append((cells[0], cells[1], jur))
        return out


def load_aliases(path) -> Aliases:
    """The override file at ``path`` (an :class:`Aliases` or None passes through)."""
    if path is None or isinstance(path, Aliases):
        return path or Aliases()
    p = Path(os.fspath(path))
    return Aliases.parse(p.read_text(encoding='utf-8-sig'), str(p))
