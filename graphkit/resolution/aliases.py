"""The user's override file: forced merges and forbidden merges of unit names.

One line a rule: ``variant<TAB>canonical`` merges, ``!a<TAB>b`` keeps apart, an
optional third column limits the line to one jurisdiction (see :meth:`Aliases.parse`).

The merges are read as a graph: a chain (a→b, b→c) sends a and b to c; a cycle
(a→b, b→a) names no canonical unit, and a merge that a ``!`` line forbids (directly
or through a chain) contradicts it — both are errors naming their lines, never a
silent choice. A line that is not a rule is an error too. The file may be UTF-8
(with or without BOM), UTF-16 with BOM or GB18030.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path


class AliasesError(ValueError):
    """An aliases file that cannot be used: one line naming the file, the lines and the problem."""


@dataclass
class Aliases:
    """A user's overrides: forced merges and forbidden merges.

    ``merges`` holds ``(variant, canonical, jurisdiction or None)``, each variant sent
    to the end of its chain; ``forbids`` holds ``(a, b, jurisdiction or None)``;
    ``lines`` the line number of each rule, in the same order (merges, then forbids).
    """
    merges: list[tuple[str, str, str | None]] = field(default_factory=list)
    forbids: list[tuple[str, str, str | None]] = field(default_factory=list)
    source: str = ''
    lines: dict[tuple[str, str, str, str | None], int] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str, source: str = '') -> 'Aliases':
        """Read ``variant<TAB>canonical`` and ``!a<TAB>b`` lines (CSV also works).

        A third column names the jurisdiction the line is for; ``#`` starts a comment.

        >>> a = Aliases.parse('# mine\\n市政数局\\t市政务服务数据管理局\\n!市教育局,市教育体育局\\n')
        >>> a.merges, a.forbids
        ([('市政数局', '市政务服务数据管理局', None)], [('市教育局', '市教育体育局', None)])
        >>> Aliases.parse('a\\tb\\nb\\tc\\n').merges           # a chain ends where it ends
        [('a', 'c', None), ('b', 'c', None)]
        >>> Aliases.parse('a\\tb\\nb\\ta\\n', 'my.tsv')
        Traceback (most recent call last):
        ...
        graphkit.resolution.aliases.AliasesError: my.tsv: lines 1, 2: a cycle (a → b → a) names no canonical unit: drop one line
        """
        name = source or 'aliases'
        out = cls(source=source)
        merges: dict[tuple[str, str | None], tuple[str, int]] = {}
        bad: list[int] = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            try:
                cells = next(csv.reader(io.StringIO(line), delimiter='\t' if '\t' in line else ','))
            except csv.Error:
                bad.append(number)
                continue
            cells = [c.strip() for c in cells]
            forbid = cells[0].startswith('!')
            if forbid:
                cells[0] = cells[0][1:].strip()
            if len(cells) < 2 or len(cells) > 3 or not cells[0] or not cells[1] or cells[0] == cells[1]:
                bad.append(number)
                continue
            jur = cells[2] if len(cells) > 2 and cells[2] else None
            if forbid:
                out.forbids.append((cells[0], cells[1], jur))
                out.lines[('!', cells[0], cells[1], jur)] = number
                continue
            old = merges.get((cells[0], jur))
            if old and old[0] != cells[1]:
                raise AliasesError(f'{name}: lines {old[1]}, {number}: {cells[0]} is sent to two units '
                                   f'({old[0]}, {cells[1]})')
            merges[(cells[0], jur)] = (cells[1], number)
        if bad:
            shown = ', '.join(map(str, bad[:10])) + (' …' if len(bad) > 10 else '')
            raise AliasesError(f'{name}: line{"s" if len(bad) > 1 else ""} {shown}: not a rule '
                               '("variant<TAB>canonical" or "!a<TAB>b", optional third column: a place)')
        for (variant, jur), (target, number) in merges.items():
            end = _chain_end(variant, jur, merges, name)
            out.merges.append((variant, end, jur))
            out.lines[('=', variant, end, jur)] = number
        _check_forbids(out, merges, name)
        return out


def _chain_end(variant: str, jur: str | None, merges: dict, name: str) -> str:
    """Follow a→b→c to c (a jurisdiction's own lines first, then the general ones)."""
    seen = [variant]
    numbers = []
    cur = variant
    while True:
        step = merges.get((cur, jur)) or merges.get((cur, None))
        if step is None:
            return cur
        target, number = step
        numbers.append(number)
        if target in seen:
            chain = ' → '.join(seen[seen.index(target):] + [target])
            shown = ', '.join(map(str, sorted(set(numbers))))
            raise AliasesError(f'{name}: lines {shown}: a cycle ({chain}) names no canonical unit: drop one line')
        seen.append(target)
        cur = target


def _check_forbids(out: Aliases, merges: dict, name: str) -> None:
    """A forbidden pair that the merges join (directly or through a chain) is a contradiction."""
    ends: dict[tuple[str, str | None], str] = {(v, j): t for v, t, j in out.merges}
    for a, b, jur in out.forbids:
        ea = ends.get((a, jur)) or ends.get((a, None)) or a
        eb = ends.get((b, jur)) or ends.get((b, None)) or b
        if ea == eb:
            lines = [out.lines[('!', a, b, jur)]]
            lines += [n for (kind, v, _, j), n in out.lines.items() if kind == '=' and v in (a, b) and j in (jur, None)]
            shown = ', '.join(map(str, sorted(set(lines))))
            raise AliasesError(f'{name}: lines {shown}: {a} and {b} are both merged into {ea} and kept apart')


def load_aliases(path) -> Aliases:
    """The override file at ``path`` (an :class:`Aliases` or None passes through).

    Raises :class:`AliasesError` (one line naming the file) for a file that cannot be
    read or used."""
    if path is None or isinstance(path, Aliases):
        return path or Aliases()
    p = Path(os.fspath(path))
    from ..errors import display_name
    shown = display_name(os.fspath(path))
    try:
        data = p.read_bytes()
    except OSError as e:
        raise AliasesError(f'{shown}: cannot read the aliases file ({e.strerror or e})') from None
    return Aliases.parse(_decode(data, shown), shown)


def _decode(data: bytes, shown: str) -> str:
    for bom, enc in ((codecs.BOM_UTF8, 'utf-8-sig'), (codecs.BOM_UTF16_LE, 'utf-16'), (codecs.BOM_UTF16_BE, 'utf-16')):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                break
    for enc in ('utf-8', 'gb18030'):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if '\x00' not in text:
            return text
    raise AliasesError(f'{shown}: not a text file in UTF-8, UTF-16 (with BOM) or GB18030')
