"""A reviewer's corrections, applied to what extraction found (before names are resolved).

A corrections file is what the review page (``review.html``) exports: tab-separated,
one change a line, ``#`` for comments, an optional header line::

    document hash   measure   unit as written   action   role   note

- ``document hash``: sha256 of the document's file (the review page shows it; so
  does the store's ``documents`` table) — a correction holds for those bytes only;
- ``measure``: the measure's outline id (``二.(一).3``);
- ``action``: ``role`` (the unit gets ``role``), ``remove`` (the unit is not
  responsible), ``add`` (the unit, written in the measure, gets ``role``),
  ``not-a-measure`` (the measure is dropped), ``checked`` (a reviewer checked it);
- ``role``: ``lead``, ``support`` or ``mention`` for ``role`` and ``add``.

A correction whose document or measure is gone (the document changed) or whose
unit the measure does not name is reported, never silently dropped.

>>> c = parse_corrections('abc\\t二.(一)\\t市财政局\\trole\\tlead\\t\\n', 'c.tsv')
>>> c.lines[0].action, c.lines[0].role, c.lines[0].line
('role', 'lead', 1)
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from .errors import display_name
from .model import Document, Duty

ACTIONS = ('role', 'remove', 'add', 'not-a-measure', 'checked')
ROLES = ('lead', 'support', 'mention')
HEADER = ('document hash', 'measure', 'unit as written', 'action', 'role', 'note')


class CorrectionsError(ValueError):
    """A corrections file that cannot be read: one line naming the file (and line)."""


@dataclass(frozen=True)
class Correction:
    line: int
    doc_hash: str
    measure: str
    unit: str
    action: str
    role: str = ''
    note: str = ''

    def shown(self, source: str) -> str:
        return f'{source} line {self.line}'


@dataclass
class Corrections:
    """The corrections of a file, by document hash."""
    source: str = ''
    lines: list[Correction] = field(default_factory=list)
    _by_hash: dict = field(default_factory=dict, repr=False, compare=False)

    def of(self, sha: str | None) -> list[Correction]:
        """The corrections of the document with this hash, in file order."""
        if sum(map(len, self._by_hash.values())) != len(self.lines):     # indexed once, again if lines change
            self._by_hash.clear()
            for c in self.lines:
                self._by_hash.setdefault(c.doc_hash, []).append(c)
        return list(self._by_hash.get(sha, [])) if sha else []

    def digest(self, sha: str | None) -> str:
        """A hash of the corrections of one document ('' for none): rows corrected by other
        corrections are not reused."""
        mine = self.of(sha)
        if not mine:
            return ''
        text = '\n'.join('\t'.join((c.measure, c.unit, c.action, c.role)) for c in mine)
        return hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]


def load_corrections(path) -> Corrections:
    """Read a corrections file (UTF-8, with or without BOM); None or '' gives none."""
    if path is None or path == '':
        return Corrections()
    if isinstance(path, Corrections):
        return path
    try:
        with open(path, encoding='utf-8-sig') as f:
            text = f.read()
    except FileNotFoundError:
        raise CorrectionsError(f'{display_name(path)}: file not found') from None
    except UnicodeDecodeError:
        raise CorrectionsError(f'{display_name(path)}: not UTF-8 text') from None
    return parse_corrections(text, display_name(path))


def parse_corrections(text: str, source: str = 'corrections') -> Corrections:
    out = Corrections(source)
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith('#'):
            continue
        cells = raw.split('\t')
        if tuple(c.strip().lower() for c in cells[:len(HEADER)]) == HEADER[:len(cells)]:
            continue
        cells += [''] * (6 - len(cells))
        sha, measure, unit, action, role, note = (c.strip() for c in cells[:6])
        where = f'{source} line {n}'
        if action not in ACTIONS:
            raise CorrectionsError(f'{where}: action {action!r} is not one of {", ".join(ACTIONS)}')
        if not sha or not measure:
            raise CorrectionsError(f'{where}: a document hash and a measure id are needed')
        if action in ('role', 'add') and role not in ROLES:
            raise CorrectionsError(f'{where}: {action} needs a role ({", ".join(ROLES)}), not {role!r}')
        if action in ('role', 'remove', 'add') and not unit:
            raise CorrectionsError(f'{where}: {action} needs the unit as written')
        out.lines.append(Correction(n, sha, measure, unit, action, role, note))
    return out


@dataclass
class Applied:
    """What applying corrections to one document did."""
    applied: int = 0
    checked: list[str] = field(default_factory=list)      # measure ids a reviewer checked
    problems: list[str] = field(default_factory=list)     # one line each


def apply(doc: Document, corrections: list[Correction], source: str, locate=None) -> Applied:
    """Apply one document's corrections to it in place. ``locate(duties, measure)`` gives
    added duties their name spans."""
    result = Applied()
    by_id = {m.id: m for m in doc.measures}
    dropped = set()
    for c in corrections:
        m = by_id.get(c.measure)
        if m is None or c.measure in dropped:
            result.problems.append(f'{c.shown(source)}: {doc.name} has no measure {c.measure} any more '
                                   '(the document changed?): not applied')
            continue
        if c.action == 'not-a-measure':
            dropped.add(c.measure)
        elif c.action == 'checked':
            result.checked.append(c.measure)
        elif c.action == 'add':
            m.duties = [d for d in m.duties if d.unit != c.unit]
            m.mentions = [u for u in m.mentions if u != c.unit]
            if c.role == 'mention':
                m.mentions.append(c.unit)
            else:
                added = [Duty(c.unit, c.role, 'corrected')]
                m.duties += locate(added, m) if locate else added
        else:
            named = [d for d in m.duties if d.unit == c.unit]
            mentioned = c.unit in m.mentions
            if not named and not mentioned:
                result.problems.append(f'{c.shown(source)}: measure {c.measure} of {doc.name} does not name '
                                       f'{c.unit}: not applied')
                continue
            m.duties = [d for d in m.duties if d.unit != c.unit]
            m.mentions = [u for u in m.mentions if u != c.unit]
            if c.action == 'role' and c.role == 'mention':
                m.mentions.append(c.unit)
            elif c.action == 'role':
                duty = named[0] if named else Duty(c.unit, c.role, 'corrected')
                duty = replace(duty, role=c.role, source='corrected')
                m.duties.append(duty if duty.name_span or not locate else locate([duty], m)[0])
        result.applied += 1
    doc.measures = [m for m in doc.measures if m.id not in dropped]
    for m in doc.measures:
        m.duties = _leads_first(m.duties)
        if m.id in result.checked:
            m.checked = True
    return result


def _leads_first(duties: list[Duty]) -> list[Duty]:
    return [d for d in duties if d.role == 'lead'] + [d for d in duties if d.role != 'lead']
