"""Resolving many names together: overrides, blocked fuzzy merging, review.

:class:`Resolver` gives every (name, jurisdiction) its canonical key, applies the
user's overrides, then merges a key into a longer one only inside blocks of one
place, one kind of unit (suffix) and one head character, and only when one name
abbreviates the other (:func:`abbreviates`). :meth:`Resolver.review` lists the
uncertain merges and the near misses with the guard that kept them apart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .. import units as _units
from .aliases import load_aliases
from .canonical import _split, canonical, explain, plate_names
from .kinds import unit_type
from .normalise import merger_parts
from .places import _level_place, _same_place, _stem_place
from .words import LEVELS, _plain, _words


def _place_only(canonical_name: str) -> str:
    """place_of for a canonical name (cached through explain): '' for a bare level."""
    place = explain(canonical_name).place
    return '' if place in LEVELS else place


_NUMERALS = set('0123456789一二三四五六七八九十百零〇第')
# Kinds of unit whose names the fuzzy stage may merge; schools, enterprises and
# collectives are named too freely for abbreviation rules to be safe.
FUZZY_TYPES = frozenset({'government', 'commission', 'office', 'party', 'mass', 'judicial', 'park'})


def abbreviates(short: str, long: str) -> bool:
    """Is ``short`` an abbreviation of ``long`` (both cores without their suffix)?

    Chinese abbreviations keep the first character of each word: every character of
    ``short`` occurs in order in ``long``, the first ones coincide, and what ``long``
    has beyond them is at most one character right after a kept one (the rest of a
    two-character word) or a filler word of ``resolve_words.tsv`` (发展, 管理, 服务,
    事务, 工作…). So no whole word is dropped: 教育 is no abbreviation of 教育体育, nor
    卫生 of 卫生监督.

    >>> abbreviates('政数', '政务服务数据管理'), abbreviates('市场监管', '市场监督管理')
    (True, True)
    >>> abbreviates('大数据', '大数据发展管理'), abbreviates('文广旅体', '文化广电旅游体育')
    (True, True)
    >>> abbreviates('教育', '教育体育'), abbreviates('卫生', '卫生监督'), abbreviates('文体', '文化广电旅游体育')
    (False, False, False)
    """
    if len(short) < 2 or len(short) >= len(long) or short[0] != long[0]:
        return False
    positions, j = [], 0
    for ch in short:
        j = long.find(ch, j)
        if j < 0:
            return False
        positions.append(j)
        j += 1
    bounds = positions + [len(long)]
    for k, pos in enumerate(positions):
        gap = long[pos + 1:bounds[k + 1]]
        if not gap:
            continue
        if any(ch in _NUMERALS for ch in gap):
            return False
        rest = gap[1:] if gap[:1] and not any(gap.startswith(w) for w in _words('filler')) else gap
        for w in _words('filler'):
            rest = rest.replace(w, '')
        if rest:
            return False
    return True


def _stem_and_suffix(core: str) -> tuple[str, str]:
    """委组织部 → ('组织', '部'); 科学技术协会 → ('科学技术', '协会')."""
    body = core[1:] if core.startswith('委') and len(core) > 1 else core
    hit = _units.suffix_type(body)
    suffix = hit[0] if hit and hit[0] != body else ''
    stem = body[:len(body) - len(suffix)] if suffix else body
    return stem, suffix


@dataclass(frozen=True)
class Resolution:
    """What one (name, jurisdiction) resolved to, and why."""
    name: str
    jurisdiction: str
    canonical: str
    type: str
    place: str
    how: str                         # 'identity', 'rule', 'table', 'fuzzy' or 'alias'
    steps: tuple[str, ...] = ()      # readable steps: 'table 人社→人力资源社会保障', …
    score: float | None = None       # rapidfuzz ratio of the merged names (fuzzy only)
    via: str = ''                    # fuzzy: the canonical form merged; alias: the alias line


@dataclass(frozen=True)
class ReviewItem:
    """An uncertain merge or a near-miss for ``graphkit units --review``."""
    kind: str                        # 'fuzzy-merge', 'rule-merge' (plates, 办公厅), 'near-miss' or 'ambiguous'
    a: str
    b: str
    score: float
    note: str


class Resolver:
    """Resolve unit names of many documents together.

    >>> r = Resolver()
    >>> r.add('市人社局', '普宁市'); r.add('普宁市人力资源和社会保障局', '普宁市')
    >>> r.add('市人社局', '贵阳市'); r.add('市大数据局', '贵阳市'); r.add('市大数据管理局', '贵阳市')
    >>> res = r.resolve_all()
    >>> res[('市人社局', '普宁市')].canonical, res[('市人社局', '贵阳市')].canonical
    ('普宁市人力资源社会保障局', '贵阳市人力资源社会保障局')
    >>> x = res[('市大数据管理局', '贵阳市')]
    >>> x.canonical, x.how, x.score is not None
    ('贵阳市大数据发展管理局', 'fuzzy', True)
    """

    def __init__(self, aliases=None, fuzzy: bool = True):
        self.aliases = load_aliases(aliases)
        self.fuzzy = fuzzy
        self._items: set[tuple[str, str]] = set()
        # Canonical keys are computed as names arrive (during a build, while the
        # workers extract), so that resolve_all has only the merging left to do.
        self._keyed: dict[tuple[str, str], tuple] = {}
        self._counts: Counter = Counter()
        self._result: dict[tuple[str, str], Resolution] | None = None
        self._merges: list[ReviewItem] = []
        self._ambiguous: list[ReviewItem] = []
        self._plates: set[tuple[str, str, str]] = set()   # (other plate, name, jurisdiction)
        self.stats: dict[str, int] = {}

    def add(self, name: str, jurisdiction: str | None = None, count: int = 1) -> None:
        """Add a name as a document of ``jurisdiction`` writes it (``count`` times)."""
        if name and name.strip():
            item = (name, jurisdiction or '')
            if item not in self._items:
                self._items.add(item)
                self._keyed[item] = self._key(*item)
                self._plates.update((p, name, item[1]) for p in plate_names(name))
                self._result = None
            self._counts[item] += count

    def __len__(self) -> int:
        """How many distinct (name, jurisdiction) were added."""
        return len(self._items)

    def add_many(self, names, jurisdiction: str | None = None) -> None:
        for n in names:
            self.add(n, jurisdiction)

    # -- resolution --------------------------------------------------------------
    def resolve_all(self) -> dict[tuple[str, str], Resolution]:
        """``{(name, jurisdiction): Resolution}`` for every added name."""
        if self._result is not None:
            return self._result
        items = sorted(self._items)
        keyed = {item: self._keyed[item] for item in items}
        root = {k: k for k, _ in keyed.values()}
        merged: dict[str, tuple[float, str]] = {}
        self._merges, self._ambiguous = [], []
        if self.fuzzy:
            # keys some document wrote short (by the abbreviation table): only these may
            # be a merged bureau named by some of its parts
            short = {key for key, (how, steps, _) in keyed.values() if any(s.startswith('table') for s in steps)}
            root, merged = self._fuzzy(sorted(root), self._forbidden(keyed), short)
        plated = self._merge_plates(keyed, root)
        plated.update(self._merge_office_halls(keyed, root))
        out = {}
        for item, (key, (how, steps, via)) in keyed.items():
            final = root.get(key, key)
            score = None
            if final != key and how != 'alias' and key in plated:
                how, via = 'rule', plated[key][1]
                steps = steps + (f'rule {plated[key][0]}',)
            elif final != key and how != 'alias':
                how, (score, via) = 'fuzzy', merged[key]
                steps = steps + (f'fuzzy {key}→{final} ({score:.0f})',)
            jur = item[1]
            out[item] = Resolution(item[0], jur, final, unit_type(final, jur or None),
                                   _place_only(final) or _stem_place(final, jur), how, steps, score, via)
        self._result = out
        return out

    def _key(self, name: str, jur: str) -> tuple[str, tuple[str, tuple[str, ...], str]]:
        """The canonical key of one item and (how, steps, via) before fuzzy merging."""
        e = explain(name, jur or None)
        steps = tuple(f'{k} {w}' for k, w in e.steps)
        merges, forbids = self._alias_index(jur)
        plain = _plain(name)
        line = merges.get(plain) or merges.get(e.canonical)
        if line:
            variant, target = line
            return canonical(target, jur or None), ('alias', steps, f'{variant}\t{target}')
        for a, b in forbids.get(plain, ()):
            if canonical(a, jur or None) == canonical(b, jur or None):
                return self._literal(name, jur), ('alias', steps, f'!{a}\t{b}')
        return e.canonical, (e.how, steps, '')

    def _alias_index(self, jur: str):
        """The alias lines that hold in documents of ``jur``, indexed: ``({plain variant or
        its canonical form: (variant, target)}, {plain a: [(a, b)]})``. Built once per
        jurisdiction, so that resolving is linear in names plus lines."""
        cache = self.__dict__.setdefault('_alias_cache', {})
        if jur in cache:
            return cache[jur]
        merges: dict[str, tuple[str, str]] = {}
        for variant, target, only in self.aliases.merges:
            if only and not _same_place(only, jur):
                continue
            merges.setdefault(_plain(variant), (variant, target))
        for variant, target, only in self.aliases.merges:
            if not only or _same_place(only, jur):
                merges.setdefault(canonical(variant, jur or None), (variant, target))
        forbids: dict[str, list[tuple[str, str]]] = {}
        for a, b, only in self.aliases.forbids:
            if not only or _same_place(only, jur):
                forbids.setdefault(_plain(a), []).append((a, b))
        cache[jur] = (merges, forbids)
        return cache[jur]

    @staticmethod
    def _literal(name: str, jur: str) -> str:
        """A name kept apart by a forbid line: its place, and the rest as written."""
        s = _plain(name)
        place, level, core = _split(s, jur)
        target = _level_place(level, core, jur)[0] if level else ''
        return (target or place or level) + core

    def _forbidden(self, keyed) -> set[frozenset[str]]:
        out = set()
        jurs = {j for _, j in keyed}
        for a, b, only in self.aliases.forbids:
            for jur in (sorted(j for j in jurs if _same_place(only, j)) if only else sorted(jurs)):
                ka, kb = canonical(a, jur or None), canonical(b, jur or None)
                if ka != kb:
                    out.add(frozenset((ka, kb)))
        return out

    def _fuzzy(self, keys: list[str], forbidden: set[frozenset[str]], short: frozenset | set = frozenset()):
        """Merge a key into a longer one it abbreviates, inside blocks; see :func:`abbreviates`."""
        blocks: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        parted: dict[tuple[str, ...], list[tuple[str, frozenset]]] = {}
        for key in keys:
            e = explain(key)
            if unit_type(key) not in FUZZY_TYPES:
                continue
            stem, suffix = _stem_and_suffix(e.core)
            if len(stem) < 2:
                continue
            party = '委' if e.core.startswith('委') else ''
            blocks.setdefault((e.prefix, e.place, party, suffix, stem[0]), []).append((key, stem))
            parts = merger_parts(stem)
            if parts:
                parted.setdefault((e.prefix, e.place, party, suffix), []).append((key, frozenset(parts)))
        root = {k: k for k in keys}
        members = {k: {k} for k in keys}
        merged: dict[str, tuple[float, str]] = {}
        compared = 0
        self._merge_parts(parted, root, members, merged, forbidden, short)
        for block in blocks.values():
            block.sort(key=lambda ks: (-len(ks[1]), ks[0]))
            for i, (key, stem) in enumerate(block):
                targets: dict[str, tuple[float, str]] = {}
                for other, ostem in block[:i]:
                    if len(ostem) <= len(stem):
                        continue
                    compared += 1
                    if abbreviates(stem, ostem):
                        targets.setdefault(root[other], (fuzz.ratio(stem, ostem), other))
                if len(targets) > 1:
                    self._ambiguous.append(ReviewItem('ambiguous', key, ' | '.join(sorted(targets)), 0.0,
                                                      'abbreviates several units: kept apart'))
                    continue
                if not targets:
                    continue
                (target, (score, via)), = targets.items()
                if any(frozenset((x, y)) in forbidden for x in members[key] for y in members[target]):
                    self._ambiguous.append(ReviewItem('near-miss', key, target, score, 'forbidden by aliases'))
                    continue
                root[key] = target
                members[target] |= members.pop(key)
                merged[key] = (score, via)
                self._merges.append(ReviewItem('fuzzy-merge', key, target, score,
                                               f'{stem} abbreviates {_stem_and_suffix(explain(via).core)[0]}'))
        n = len(keys)
        self.stats = {'names': len(self._items), 'keys': n, 'blocks': len(blocks),
                      'candidate_pairs': compared, 'all_pairs': n * (n - 1) // 2}
        return root, merged

    def _merge_plates(self, keyed, root) -> dict[str, tuple[str, str]]:
        """One body with several plates: a document writing 市发改委(物价局) says that its
        物价局 is the 发改委, so the 物价局 of that place is merged into it wherever written.
        Returns ``{merged key: (why, written form that said so)}``."""
        out = {}
        for plate, name, jur in sorted(self._plates):
            other = canonical(plate, jur or None)
            if other not in root or (name, jur) not in keyed:
                continue
            self._join(root, other, root.get(keyed[(name, jur)][0], keyed[(name, jur)][0]),
                       f'{plate}: another plate of {name}', name, out)
        return out

    def _merge_office_halls(self, keyed, root) -> dict[str, tuple[str, str]]:
        """政府办/府办/委办 expand to 办公室, but a province's or a large city's office is a
        办公厅: where a place has a 办公厅 and a short name expanded to its 办公室, they are one."""
        out = {}
        keys = set(root)
        for (name, jur), (key, (how, steps, _)) in sorted(keyed.items()):
            if not key.endswith('办公室') or 'rule 办→办公室' not in steps:
                continue
            hall = key[:-1] + '厅'
            if hall in keys:
                self._join(root, key, root.get(hall, hall), f'{name}: the 办公厅 of its place', name, out)
        return out

    def _join(self, root, key, target, why, via, out) -> None:
        """Point ``key`` and everything merged into it at ``target``."""
        old = root.get(key, key)
        if old == target:
            return
        for k, r in list(root.items()):
            if r == old:
                root[k] = target
                out[k] = (why, via)
        self._merges.append(ReviewItem('rule-merge', old, target, 100.0, why))

    def _merge_parts(self, parted, root, members, merged, forbidden, short) -> None:
        """A merged bureau named short by some of its parts (文旅体局 of a 文化广电旅游体育局):
        within one place and kind, the only unit whose parts include them all. A name
        written out (文化和旅游局) is a bureau of its own."""
        for block in parted.values():
            for key, parts in sorted(block, key=lambda kp: (-len(kp[1]), kp[0])):
                if key not in short:
                    continue
                supers = {root[other] for other, more in block if parts < more}
                if len(supers) > 1:
                    self._ambiguous.append(ReviewItem('ambiguous', key, ' | '.join(sorted(supers)), 0.0,
                                                      'names part of several merged bureaus: kept apart'))
                    continue
                if not supers:
                    continue
                target = supers.pop()
                if any(frozenset((x, y)) in forbidden for x in members[key] for y in members[target]):
                    self._ambiguous.append(ReviewItem('near-miss', key, target, 0.0, 'forbidden by aliases'))
                    continue
                root.update({k: target for k, r in root.items() if r == key})
                members[target] |= members.pop(key)
                score = fuzz.ratio(explain(key).core, explain(target).core)
                merged[key] = (score, target)
                self._merges.append(ReviewItem('fuzzy-merge', key, target, score,
                                               f'{"、".join(sorted(parts))}: parts of {target}'))

    # -- reporting ---------------------------------------------------------------
    def groups(self) -> dict[str, list[tuple[str, str]]]:
        """``{canonical: [(name, jurisdiction), …]}``, sorted."""
        out: dict[str, list[tuple[str, str]]] = {}
        for item, res in sorted(self.resolve_all().items()):
            out.setdefault(res.canonical, []).append(item)
        return dict(sorted(out.items()))

    def units(self) -> list[dict]:
        """One row per unit for ``graphkit units``: name, type, jurisdiction, variants, count.

        >>> r = Resolver(); r.add('市人社局', '普宁市', 2); r.add('市人力资源和社会保障局', '普宁市')
        >>> r.units()
        [{'name': '普宁市人力资源社会保障局', 'type': 'government', 'jurisdiction': '普宁市', \
'variants': ['市人力资源和社会保障局', '市人社局'], 'count': 3}]
        """
        from . import successor
        rows = []
        res = self.resolve_all()
        for name, items in self.groups().items():
            first = res[items[0]]
            row = {'name': name, 'type': first.type, 'jurisdiction': first.place,
                   'variants': sorted({n for n, _ in items}),
                   'count': sum(self._counts[i] for i in items)}
            if successor(name):           # a merged or renamed central body: what it became
                row['successor'] = successor(name)
            rows.append(row)
        return sorted(rows, key=lambda r: (r['jurisdiction'], r['name']))

    def review(self, threshold: float = 60) -> list[ReviewItem]:
        """Merges made across names (every fuzzy merge, lowest score first, then the
        rule merges of plates and 办公厅) and near-misses.

        A near-miss is a pair of units of one place whose cores are close
        (rapidfuzz ratio ≥ ``threshold``) but were kept apart, with the guard that
        kept them apart.
        """
        self.resolve_all()
        finals = sorted({r.canonical for r in self._result.values()})
        by_place: dict[str, list[tuple[str, str]]] = {}
        for name in finals:
            e = explain(name)
            by_place.setdefault(e.prefix + e.place, []).append((name, e.core))
        near = []
        for block in by_place.values():
            if len(block) < 2:
                continue
            cores = [c for _, c in block]
            scores = process.cdist(cores, cores, scorer=fuzz.ratio, score_cutoff=threshold)
            for i in range(len(block)):
                for j in range(i + 1, len(block)):
                    if scores[i][j]:
                        near.append(ReviewItem('near-miss', block[i][0], block[j][0], float(scores[i][j]),
                                               _why_apart(block[i][1], block[j][1])))
        merges = sorted(self._merges, key=lambda r: (r.score, r.a))
        return merges + sorted(self._ambiguous, key=lambda r: r.a) + \
            sorted(near, key=lambda r: (-r.score, r.a, r.b))


def _why_apart(a: str, b: str) -> str:
    """The guard that keeps two close cores apart, in words."""
    sa, xa = _stem_and_suffix(a)
    sb, xb = _stem_and_suffix(b)
    if xa != xb:
        return f'different kind of unit ({xa or "-"} / {xb or "-"})'
    if sa[:1] != sb[:1]:
        return f'different head word ({sa[:2]} / {sb[:2]})'
    return 'neither abbreviates the other'
