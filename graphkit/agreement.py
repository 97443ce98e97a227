"""Inter-coder agreement between two codings of the same documents.

A *coding* says, for each document, which measures it holds and which units lead
and support each one: graphkit's output (``graphkit extract --format jsonl``, one
measure per line, or ``--format json``), or a reviewer's gold annotation (one
``<doc>.json`` per document, ``{"doc": ..., "measures": [{"title": ..., "lead":
[...], "support": [...]}]}``, where an entry may be a list of alternative names,
any of which counts). :func:`agreement` compares two codings, A and B, by the rules
of the project's extraction scorer (``shared/eval/score.py extraction``), so that
graphkit against the gold gives the scorer's figures:

- **Reference.** One coding is the reference: a gold coding when exactly one of
  the two is gold, else A. Precision is that of the other coding against the
  reference, recall how much of the reference the other coding finds. Only the
  reference's documents are compared; a document only the other coding has is
  counted apart and left out, as the scorer leaves out predictions without gold.
- **Unit names** are compared after NFKC normalisation, with every kind of bracket
  read as ``()`` and white space removed (``县（市、区）政府`` and ``县〔市、区〕 政府``
  are one name); no other variant is merged, so ``市教育局`` and ``教育局`` differ
  unless the gold gives them as alternatives.
- **Measures** are matched by title within each document: the reference's title
  (or one of its ``alt_titles``) against the other coding's title or the first
  300 characters of its text, both without enumeration marks (``一、``, ``(三)``,
  ``第二条``), punctuation and space; a score is 100 when one starts with the
  other (the shorter at least four characters when it is the other coding's),
  else the best of the rapidfuzz ratio and, when the other coding's text is the
  longer, the partial ratio. Pairs scoring at least 85 are matched one to one,
  best score first, then nearest in document order.
- **Triples.** A (measure, unit, role) triple of the reference is found when the
  matched measure of the other coding names the unit (one of its alternatives) in
  the same role; each name of the other coding finds at most one triple, taken in
  the reference's order. The triples of a reference measure left unmatched are
  missed; those of a measure of the other coding left unmatched are extra, unless
  the reference's file for the document says ``"complete": false``. Precision,
  recall and F1 are reported per role and for both roles together (the scorer's
  triple figures), and for units whatever their role (the scorer's
  ``unit_f1_ignoring_role``).
- **Cohen's kappa** is computed on the role decisions over the matched measures.
  The items are the (measure, unit) pairs named by either coder: within each
  matched pair of measures a unit is paired first with the same unit in the same
  role (as the triples are counted), then with the same unit in the other role;
  each name left over is an item the other coder did not name. Each coder puts
  each item in one of three categories, *lead*, *support* or *none* (not named),
  and with p_o the share of items both put in the same category and p_e =
  Σ_k a_k · b_k, a_k and b_k the shares of items each coder puts in category k,

      kappa = (p_o − p_e) / (1 − p_e).

  No item is *none* for both coders, so kappa measures agreement on who is named
  and in which role, beyond what the two coders' category frequencies give by
  chance; measures that are not matched take no part in it (they show in the
  measure counts and in recall and precision). When every item is in one and the
  same category for both coders (p_e = 1), kappa is reported as 1; with no items
  at all, as None.

>>> a = Coding({'d.txt': [{'title': '扩大学位供给', 'lead': ['市教育局'], 'support': ['市财政局']}]}, 'A', gold=True)
>>> b = Coding({'d.txt': [{'title': '一、扩大学位供给', 'lead': ['市教育局'], 'support': ['市人社局']}]}, 'B')
>>> r = agreement(a, b)
>>> r['reference'], r['measures'], r['roles']['all']['f1'], r['kappa']['items'], r['kappa']['kappa']
('A', {'matched': 1, 'only_a': 0, 'only_b': 0}, 0.5, 3, 0.0)
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import InputError

ROLES = ('lead', 'support')
CATEGORIES = ('lead', 'support', 'none')
THRESHOLD = 85

_BRACKETS = str.maketrans({'(': '(', ')': ')', '〔': '(', '〕': ')', '[': '(', ']': ')',
                           '【': '(', '】': ')', '［': '(', '］': ')'})
_ENUM = re.compile(r'^\s*(第[一二三四五六七八九十百]+[章节条]|[((]?[一二三四五六七八九十\d]+[))、.．]?)\s*')
_TITLE_NOISE = re.compile(r'[\s,。、;:“”"‘’《》()()!?·—\-]')


class CodingError(InputError):
    """A coding file that cannot be read: ``str(e)`` is ``'<file>: <problem>'``."""


@dataclass
class Coding:
    """The measures of a coding, by document.

    ``documents`` maps a document's file name to its measures, each a dict with
    ``title`` (and optionally ``alt_titles`` and ``text``), ``lead`` and
    ``support``; an entry of ``lead`` or ``support`` is a name or a list of
    alternative names. ``gold`` tells a reviewer's gold annotation from graphkit's
    output; ``incomplete`` holds the documents whose gold says ``"complete": false``
    (not every measure annotated).

    >>> c = Coding({'d.txt': [{'title': 'T', 'lead': [['市教育局', '教育局']], 'support': []}]}, 'g', gold=True)
    >>> c.measure_count, c.gold
    (1, True)
    """
    documents: dict[str, list[dict]]
    name: str = ''
    gold: bool = False
    incomplete: set[str] = field(default_factory=set)

    @property
    def measure_count(self) -> int:
        return sum(len(ms) for ms in self.documents.values())


def load_coding(path) -> Coding:
    """Read a coding: a folder of gold ``<doc>.json`` files, one gold file, a JSON
    lines file of measures (``graphkit extract --format jsonl``) or graphkit's JSON
    (``--format json``). In a folder, ``.json`` files that hold no ``measures``
    (such as ``unit_variants.json``) are passed over. Raises :class:`CodingError`.

    >>> gold = load_coding('tests/gold')
    >>> len(gold.documents), gold.measure_count, gold.gold
    (4, 124, True)
    >>> gold.documents['001_e4a5ec15abd1b800.txt'][1]['lead']
    ['市自然资源局']
    >>> load_coding('measures-missing.jsonl')
    Traceback (most recent call last):
    ...
    graphkit.agreement.CodingError: measures-missing.jsonl: No such file or directory
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        return _load_folder(name)
    text = _read(name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return _load_lines(name, text)
    if isinstance(data, dict) and 'measures' not in data and {'title', 'lead', 'support'} & set(data):
        return _load_lines(name, text)            # JSON lines of a single measure
    return _load_json(name, data)


def agreement(a, b, threshold: int = THRESHOLD) -> dict:
    """Agreement of two codings (:class:`Coding` objects or paths for
    :func:`load_coding`) of the same documents; see the module's documentation for
    the rules. Returns a dict, ready for JSON:

    - ``a``, ``b``: each coding's ``name``, ``kind`` (``gold`` or ``measures``),
      ``documents`` and ``measures``; ``reference``: ``'A'`` or ``'B'``;
    - ``documents``: ``compared`` (the reference's), ``only_a``, ``only_b``
      (documents one coding alone has: the reference's are compared, their
      measures all missed; the other coding's are left out);
    - ``measures``: ``matched``, ``only_a``, ``only_b`` (in the compared documents);
      ``measure_recall``: matched / the reference's measures;
    - ``roles``: for ``lead``, ``support`` and ``all``, the triples counted in
      ``a`` and ``b``, found in ``both``, and ``precision``, ``recall``, ``f1`` of
      the other coding against the reference; ``units``: the same ignoring role;
    - ``kappa``: ``kappa``, ``items``, ``observed`` (p_o), ``expected`` (p_e) and
      ``table`` (items by A's category, then B's).

    >>> a = Coding({'d.txt': [{'title': '扩大学位供给', 'lead': ['市教育局'], 'support': []},
    ...                       {'title': '保障学校用地', 'lead': ['市自然资源局'], 'support': ['市教育局']}]}, 'A')
    >>> b = Coding({'d.txt': [{'title': '保障学校用地', 'lead': ['市教育局'], 'support': ['市自然资源局']}]}, 'B')
    >>> r = agreement(a, b)
    >>> r['measures'], r['roles']['all']
    ({'matched': 1, 'only_a': 1, 'only_b': 0}, {'a': 3, 'b': 2, 'both': 0, 'precision': 0.0, 'recall': 0.0, 'f1': 0.0})
    >>> r['units']['f1'], r['kappa']['kappa'], r['kappa']['table']['lead']
    (0.8, -1.0, {'lead': 0, 'support': 1, 'none': 0})
    """
    a = a if isinstance(a, Coding) else load_coding(a)
    b = b if isinstance(b, Coding) else load_coding(b)
    swap = b.gold and not a.gold
    ref, other = (b, a) if swap else (a, b)
    counts = {role: [0, 0, 0] for role in ROLES + ('units',)}     # found, extra, missed
    pairs: list[tuple[str, str]] = []                               # (reference's category, other's)
    matched = only_ref = only_other = ref_measures = 0
    for doc, ref_ms in ref.documents.items():
        other_ms = other.documents.get(doc, [])
        match = _match_measures(ref_ms, other_ms, threshold)
        ref_measures += len(ref_ms)
        matched += len(match)
        only_ref += len(ref_ms) - len(match)
        only_other += len(other_ms) - len(match)
        for ri, r in enumerate(ref_ms):
            if ri not in match:
                for role in ROLES:
                    counts[role][2] += len(r[role])
                counts['units'][2] += len(r['lead']) + len(r['support'])
                continue
            o = other_ms[match[ri]]
            for role in ROLES:
                _add(counts[role], _count_role(r[role], o[role]))
            _add(counts['units'], _count_role(r['lead'] + r['support'], o['lead'] + o['support']))
            pairs += _role_items(r, o)
        if doc not in ref.incomplete:
            used = set(match.values())
            for oi, o in enumerate(other_ms):
                if oi not in used:
                    for role in ROLES:
                        counts[role][1] += len(o[role])
                    counts['units'][1] += len(o['lead']) + len(o['support'])
    counts['all'] = [counts['lead'][k] + counts['support'][k] for k in range(3)]
    if swap:
        pairs = [(y, x) for x, y in pairs]
    ref_key, other_key = ('b', 'a') if swap else ('a', 'b')

    def figures(found, extra, missed):
        p, r, f = _prf(found, extra, missed)
        return {'a': 0, 'b': 0, 'both': found, 'precision': p, 'recall': r, 'f1': f,
                ref_key: found + missed, other_key: found + extra}
    left_out = len(set(other.documents) - set(ref.documents))      # the other coding's alone: not compared
    uncoded = len(set(ref.documents) - set(other.documents))       # the reference's alone: all missed
    return {
        'a': _describe(a), 'b': _describe(b), 'reference': 'B' if swap else 'A',
        'documents': {'compared': len(ref.documents), 'only_a': left_out if swap else uncoded,
                      'only_b': uncoded if swap else left_out},
        'measures': {'matched': matched, 'only_a': only_other if swap else only_ref,
                     'only_b': only_ref if swap else only_other},
        'measure_recall': matched / ref_measures if ref_measures else 0.0,
        'roles': {role: figures(*counts[role]) for role in ('lead', 'support', 'all')},
        'units': figures(*counts['units']),
        'kappa': dict(cohen_kappa(pairs), table=_table(pairs)),
    }


def cohen_kappa(pairs) -> dict:
    """Cohen's kappa of two coders' categories, ``pairs`` holding one ``(a, b)`` per
    item: ``{'kappa': (p_o − p_e) / (1 − p_e), 'items': n, 'observed': p_o,
    'expected': p_e}``, p_e = Σ_k a_k · b_k over the shares of items each coder
    puts in category k. kappa is 1 when p_e is 1 (both coders put every item in
    one category), None with no items.

    Two coders, 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = 0.7,
    p_e = 0.5 · 0.6 + 0.5 · 0.4 = 0.5, kappa = 0.2 / 0.5 = 0.4.

    >>> pairs = [('yes', 'yes')] * 20 + [('yes', 'no')] * 5 + [('no', 'yes')] * 10 + [('no', 'no')] * 15
    >>> k = cohen_kappa(pairs)
    >>> round(k['kappa'], 4), k['items'], round(k['observed'], 4), round(k['expected'], 4)
    (0.4, 50, 0.7, 0.5)
    >>> cohen_kappa([('lead', 'lead')])['kappa'], cohen_kappa([])['kappa']
    (1.0, None)
    """
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return {'kappa': None, 'items': 0, 'observed': None, 'expected': None}
    observed = sum(x == y for x, y in pairs) / n
    first, second = _shares(x for x, _ in pairs), _shares(y for _, y in pairs)
    expected = sum(share * second.get(k, 0.0) for k, share in first.items())
    kappa = 1.0 if expected >= 1 - 1e-12 else (observed - expected) / (1 - expected)
    return {'kappa': kappa, 'items': n, 'observed': observed, 'expected': expected}


def _shares(categories) -> dict:
    counts: dict = {}
    for c in categories:
        counts[c] = counts.get(c, 0) + 1
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()}


def _table(pairs) -> dict:
    out = {x: {y: 0 for y in CATEGORIES} for x in CATEGORIES}
    for x, y in pairs:
        out[x][y] += 1
    return out


def _add(total: list, counts: tuple) -> None:
    for k, v in enumerate(counts):
        total[k] += v


def _prf(found: int, extra: int, missed: int) -> tuple[float, float, float]:
    p = found / (found + extra) if found + extra else 0.0
    r = found / (found + missed) if found + missed else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _describe(c: Coding) -> dict:
    return {'name': c.name, 'kind': 'gold' if c.gold else 'measures', 'documents': len(c.documents),
            'measures': c.measure_count}


# --- the scorer's rules ---------------------------------------------------------

def _norm_unit(s: str) -> str:
    s = unicodedata.normalize('NFKC', s).translate(_BRACKETS)
    return re.sub(r'\s+', '', s)


def _norm_title(s) -> str:
    s = _ENUM.sub('', unicodedata.normalize('NFKC', s or ''))
    return _TITLE_NOISE.sub('', s)


def _alternatives(entry) -> set[str]:
    return {_norm_unit(a) for a in (entry if isinstance(entry, list) else [entry])}


def _title_score(ref: dict, other: dict) -> int:
    """The scorer's ``title_score``: the reference's titles against the other
    coding's title and the start of its text."""
    from rapidfuzz import fuzz
    best = 0
    title = _norm_title(other.get('title', ''))
    text = _norm_title(other.get('text', ''))[:300]
    for t in [ref.get('title', '')] + list(ref.get('alt_titles') or []):
        t = _norm_title(t)
        if not t:
            continue
        for p in (title, text):
            if not p:
                continue
            if p.startswith(t) or t.startswith(p) and len(p) >= 4:
                return 100
            best = max(best, fuzz.ratio(t, p), fuzz.partial_ratio(t, p) if len(p) >= len(t) else 0)
    return best


def _match_measures(ref_ms: list, other_ms: list, threshold: int) -> dict:
    """Greedy one-to-one matching, best score first, then nearest in document order:
    ``{reference index: other index}``."""
    pairs = []
    for ri, r in enumerate(ref_ms):
        for oi, o in enumerate(other_ms):
            s = _title_score(r, o)
            if s >= threshold:
                pairs.append((-s, abs(ri - oi), ri, oi))
    pairs.sort()
    used_r, used_o, out = set(), set(), {}
    for _, _, ri, oi in pairs:
        if ri in used_r or oi in used_o:
            continue
        used_r.add(ri)
        used_o.add(oi)
        out[ri] = oi
    return out


def _count_role(ref_entries: list, other_entries: list) -> tuple[int, int, int]:
    """(found, extra, missed) of one measure: each reference entry, in order, takes
    the first free entry of the other coding that shares an alternative."""
    free = [_alternatives(e) for e in other_entries]
    found = 0
    for entry in ref_entries:
        alts = _alternatives(entry)
        for i, o in enumerate(free):
            if o & alts:
                found += 1
                free.pop(i)
                break
    return found, len(free), len(ref_entries) - found


def _role_items(ref: dict, other: dict) -> list[tuple[str, str]]:
    """The kappa items of a matched pair of measures, as (reference's category,
    other's): same unit in the same role first (as :func:`_count_role` pairs
    them), then the same unit in the other role, then the names left over."""
    left_r = [(role, _alternatives(e)) for role in ROLES for e in ref[role]]
    left_o = [(role, _alternatives(e)) for role in ROLES for e in other[role]]
    items = []
    for same_role in (True, False):
        rest = []
        for role, alts in left_r:
            for i, (o_role, o_alts) in enumerate(left_o):
                if (o_role == role) == same_role and o_alts & alts:
                    items.append((role, o_role))
                    left_o.pop(i)
                    break
            else:
                rest.append((role, alts))
        left_r = rest
    return items + [(role, 'none') for role, _ in left_r] + [('none', role) for role, _ in left_o]


# --- reading codings ------------------------------------------------------------

def _read(name: str) -> str:
    try:
        with open(name, encoding='utf-8-sig') as f:
            return f.read()
    except OSError as e:
        raise CodingError(name, e.strerror or str(e)) from None
    except UnicodeDecodeError:
        raise CodingError(name, 'not UTF-8 text') from None


def _load_folder(name: str) -> Coding:
    documents, incomplete, seen = {}, set(), {}
    for entry in sorted(os.listdir(name)):
        if not entry.endswith('.json'):
            continue
        path = os.path.join(name, entry)
        if os.path.isdir(path):
            continue
        try:
            data = json.loads(_read(path))
        except json.JSONDecodeError as e:
            raise CodingError(path, f'not JSON: {e}') from None
        if not isinstance(data, dict) or 'measures' not in data:
            continue
        doc, measures, complete = _gold_document(path, data)
        if doc in seen:
            raise CodingError(path, f'document {doc} is coded by {seen[doc]} too')
        seen[doc] = entry
        documents[doc] = measures
        if not complete:
            incomplete.add(doc)
    if not documents:
        raise CodingError(name, 'no gold files (<doc>.json with "doc" and "measures") in this folder')
    return Coding(documents, name, gold=True, incomplete=incomplete)


def _load_json(name: str, data) -> Coding:
    if isinstance(data, dict) and 'measures' in data:
        doc, measures, complete = _gold_document(name, data)
        return Coding({doc: measures}, name, gold=True, incomplete=set() if complete else {doc})
    if not isinstance(data, list):
        raise CodingError(name, 'neither a gold file ("doc", "measures") nor measures as graphkit extract writes them')
    documents: dict[str, list[dict]] = {}
    for n, item in enumerate(data, 1):
        if isinstance(item, dict) and 'measures' in item:          # graphkit extract --format json
            if not isinstance(item['measures'], list):
                raise CodingError(name, f'document {n}: measures is not a list')
            for k, m in enumerate(item['measures'], 1):
                m = _measure(name, f'document {n}, measure {k}', m)
                doc = os.path.basename(str(m.get('doc') or item.get('doc') or item.get('name') or ''))
                documents.setdefault(doc, []).append(m)
        else:
            m = _measure(name, f'item {n}', item)
            documents.setdefault(os.path.basename(str(m.get('doc', ''))), []).append(m)
    return Coding(documents, name)


def _load_lines(name: str, text: str) -> Coding:
    documents: dict[str, list[dict]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            m = json.loads(line)
        except json.JSONDecodeError as e:
            raise CodingError(name, f'line {n}: not JSON: {e}') from None
        m = _measure(name, f'line {n}', m)
        documents.setdefault(os.path.basename(str(m.get('doc', ''))), []).append(m)
    return Coding(documents, name)


def _gold_document(name: str, data: dict) -> tuple[str, list[dict], bool]:
    if not isinstance(data.get('doc'), str) or not data['doc']:
        raise CodingError(name, 'a gold file needs "doc", the name of its document')
    if not isinstance(data['measures'], list):
        raise CodingError(name, '"measures" is not a list')
    measures = [_measure(name, f'measure {k}', m) for k, m in enumerate(data['measures'], 1)]
    return data['doc'], measures, data.get('complete', True) is not False


def _measure(name: str, where: str, m) -> dict:
    """A measure with ``lead`` and ``support`` checked: lists whose entries are names
    or lists of alternative names (a missing role or null is empty)."""
    if not isinstance(m, dict):
        raise CodingError(name, f'{where}: not a JSON object')
    if not {'title', 'lead', 'support'} & set(m):
        raise CodingError(name, f'{where}: not a measure (no "title", "lead" or "support")')
    m = dict(m)
    for role in ROLES:
        entries = m.get(role) or []
        if not isinstance(entries, list) or not all(
                isinstance(e, str) or isinstance(e, list) and e and all(isinstance(x, str) for x in e)
                for e in entries):
            raise CodingError(name, f'{where}: "{role}" is not a list of unit names')
        m[role] = entries
    for key in ('title', 'text'):
        if m.get(key) is not None and not isinstance(m[key], str):
            raise CodingError(name, f'{where}: "{key}" is not text')
    alt = m.get('alt_titles') or []
    if not isinstance(alt, list) or not all(isinstance(t, str) for t in alt):
        raise CodingError(name, f'{where}: "alt_titles" is not a list of titles')
    m['alt_titles'] = alt
    return m
