"""Places: the places table, a document's jurisdiction, the place a name starts with.

``places.tsv`` gives each place its parent and short forms; a name uses one form of
each place (黔南州 for 黔南布依族苗族自治州). A name starts with a place (a chain like
贵州省贵阳市 counts as one), with a bare level that stands for the document's place
or one above it (:func:`_level_place`), or with neither. :func:`place_of` gives the
place of a canonical name.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import knowledge
from .words import LEVELS, _plain, _words

_PLACE_END = re.compile(r'(特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|新区|省|市|县|区|旗|州|盟)$')
_CJK = re.compile(r'[\u4e00-\u9fff]+')
# Characters that never occur in a place name but do in unit names (人民银行普宁市…).
_NOT_IN_PLACE = set('局委办院司行部厅会党政府团队所站校中心馆社组联各与')


@dataclass(frozen=True)
class _Places:
    forms: dict[str, str]                  # any written form → the form names use
    parents: dict[str, frozenset[str]]     # place (used form) → its parents (used forms)
    by_first: dict[str, tuple[str, ...]]   # first character → written forms, longest first
    full: frozenset[str] = frozenset()     # the full names (first column)


def _used_form(full: str, shorts: list[str]) -> str:
    """The form a canonical name uses: 黔南州 for 黔南布依族苗族自治州, else the full name."""
    if full.endswith(('自治州', '自治县')):
        for s in shorts:
            if s.endswith(('州', '县')):
                return s
    return full


@functools.lru_cache(maxsize=None)
def _places() -> _Places:
    rows = [r for r in knowledge.rows('places.tsv') if r and r[0]]
    used = {}
    for r in rows:
        shorts = [s for s in re.split('[、,，]', r[2]) if s] if len(r) > 2 else []
        used[r[0]] = _used_form(r[0], shorts)
    forms: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    for r in rows:
        place = used[r[0]]
        forms[r[0]] = place
        for s in (re.split('[、,，]', r[2]) if len(r) > 2 else []):
            if s:
                forms.setdefault(s, place)
        if len(r) > 1 and r[1]:
            parents.setdefault(place, set()).add(used.get(r[1], r[1]))
    by_first: dict[str, list[str]] = {}
    for f in forms:
        by_first.setdefault(f[0], []).append(f)
    return _Places(forms, {k: frozenset(v) for k, v in parents.items()},
                   {ch: tuple(sorted(v, key=lambda x: (-len(x), x))) for ch, v in by_first.items()},
                   frozenset(used))


def is_place_name(word: str) -> bool:
    """Is ``word`` the name of a place of places.tsv, in full or short (普宁市, 贵阳)?

    >>> is_place_name('普宁市'), is_place_name('贵阳'), is_place_name('教育')
    (True, True, False)
    """
    return word in _places().forms


def full_place(place: str) -> str:
    """The form canonical names use for a place written in short (贵州 → 贵州省);
    unknown places are returned as they are.

    >>> full_place('贵州'), full_place('黔南布依族苗族自治州'), full_place('某某镇')
    ('贵州省', '黔南州', '某某镇')
    """
    return _places().forms.get(place, place)


def names_place(written: str, place: str) -> bool:
    """Does ``written`` (as a user types it: 普宁, 普宁市, 贵州) name ``place``?

    >>> names_place('普宁', '普宁市'), names_place('贵州', '贵州省'), names_place('普宁', '揭阳市')
    (True, True, False)
    """
    if not written or not place:
        return written == place
    return full_place(written) == place or written == _stem(place) or _same_place(written, place)


def _known_place_at(s: str, i: int = 0) -> str:
    """The longest place of places.tsv that ``s`` has at position ``i`` ('' if none)."""
    for form in _places().by_first.get(s[i:i + 1], ()):
        if s.startswith(form, i):
            return form
    return ''


def _is_known_place_start(s: str) -> bool:
    return bool(_known_place_at(s))


def _guess_place(s: str) -> str:
    """A place the table does not know, by its ending: 某某县, 某某市 (not 城市, 社区…).

    >>> _guess_place('清镇市政府'), _guess_place('城市管理局'), _guess_place('人民银行普宁市支行')
    ('清镇市', '', '')
    """
    if s[:1] in '各全本我该' + LEVELS:
        return ''
    for j in range(2, min(len(s), 10) + 1):
        cand = s[:j]
        if not _CJK.fullmatch(cand):
            return ''
        m = _PLACE_END.search(cand)
        if not m:
            continue
        if any(ch in _NOT_IN_PLACE for ch in cand):
            return ''
        if len(cand) == 2 and m.group(1) != '县':
            continue
        if any(cand.endswith(w) for w in _words('not-place')):
            continue
        return cand
    return ''


def _place_prefix(s: str, jurisdiction: str) -> str:
    """The place a name starts with (a chain like 贵州省贵阳市 counts as one), or ''."""
    end = 0
    while True:
        if jurisdiction and s.startswith(jurisdiction, end):
            step = jurisdiction
            if s.startswith('所在', end + len(step)) and s[end + len(step) + 2:end + len(step) + 3] in LEVELS:
                step += s[end + len(step):end + len(step) + 3]     # 某某县所在省: province unknown
        elif end == 0:
            step = _known_place_at(s) or _guess_place(s)
        else:                                 # a chain goes on only with a full place name
            step = _known_place_at(s, end)
            step = step if _PLACE_END.search(step) else ''
        if not step:
            return s[:end]
        end += len(step)


def _chain_parts(chain: str, jurisdiction: str = '') -> list[str]:
    """The places of a chain, outermost first: 杭州市西湖区 → [杭州市, 西湖区]."""
    parts, i = [], 0
    while i < len(chain):
        step = jurisdiction if jurisdiction and chain.startswith(jurisdiction, i) else \
            (_known_place_at(chain, i) or chain[i:])
        parts.append(step)
        i += len(step)
    return parts


def _used(place: str) -> str:
    # A full name takes its used form (黔南布依族苗族自治州 → 黔南州); a short form stays
    # as written (贵州双龙航空港经济区 is a name, not 贵州省…).
    return _places().forms.get(place, place) if place in _places().full else place


def _last_place(chain: str, jurisdiction: str) -> str:
    """The innermost place of a chain: 贵州省贵阳市 → 贵阳市, in its used form."""
    if '所在' in chain:
        return chain                          # 某某县所在省 names one place
    return _used(_chain_parts(chain, jurisdiction)[-1])


@functools.lru_cache(maxsize=None)
def _jurisdiction_info(jurisdiction: str) -> tuple[str, str, str, str]:
    """``(place, its level character, parent place, province)`` of a document's place."""
    place = _last_place(_plain(jurisdiction), '') if jurisdiction else ''
    if not place:
        return '', '', '', ''
    places = _places()
    level = _PLACE_END.search(place)
    level_ch = {'特别行政区': '市', '自治区': '省', '自治州': '州', '自治县': '县', '自治旗': '旗',
                '地区': '市', '林区': '区', '特区': '区'}.get(level.group(1), level.group(1)) if level else ''
    parents = places.parents.get(place, frozenset())
    parent = next(iter(parents)) if len(parents) == 1 else ''
    chain = _chain_parts(_plain(jurisdiction)) if '所在' not in jurisdiction else []
    if len(chain) > 1:
        # 杭州市西湖区: the document says which 西湖区; 中牟县官渡镇: a town's county
        parent = _used(chain[-2])
    province, cur, seen = '', parent if len(chain) > 1 else place, set()
    while cur and cur not in seen:
        seen.add(cur)
        if cur.endswith(('省', '自治区')) or (cur in places.parents and not places.parents[cur]) or \
                (cur in places.forms.values() and cur not in places.parents and cur.endswith('市')):
            province = cur
            break
        ps = places.parents.get(cur, frozenset())
        cur = next(iter(ps)) if len(ps) == 1 else ''
    return place, level_ch, parent, province


def _level_place(level: str, core: str, jurisdiction: str) -> tuple[str, str]:
    """The place a bare level stands for in a document of ``jurisdiction``.

    Returns ``(place, how)``; ``place`` is '' when the jurisdiction is unknown.

    >>> _level_place('市', '教育局', '普宁市'), _level_place('省', '教育厅', '普宁市')
    (('普宁市', '市→普宁市'), ('广东省', '省→广东省'))
    >>> _level_place('市', '生态环境局普宁分局', '普宁市')[0], _level_place('市', '教育局', '平阳县')[0]
    ('揭阳市', '温州市')
    """
    place, own, parent, province = _jurisdiction_info(jurisdiction)
    if not place:
        return '', ''
    stem = _stem(place)
    if level == '省':
        target = province or (place if own == '省' else f'{place}所在省')
    elif level == own and not (stem and stem in core and parent):
        target = place
    else:
        # 市教育局 in a 平阳县 document, 市生态环境局普宁分局 in a 普宁市 one: the city above.
        target = parent or f'{place}所在{level}'
    return target, f'{level}→{target}'


def _stem(place: str) -> str:
    """普宁 of 普宁市, 黔南 of 黔南州 (for names like 普宁职业技术学校)."""
    stem = _PLACE_END.sub('', place)
    return stem if len(stem) >= 2 else ''


def place_of(name: str) -> str:
    """The place a canonical name starts with ('' when none).

    >>> place_of('普宁市教育局'), place_of('共青团普宁市委'), place_of('揭阳市生态环境局普宁分局')
    ('普宁市', '普宁市', '揭阳市')
    """
    s = _plain(name)
    if s.startswith('共青团'):
        s = s[3:]
    chain = _place_prefix(s, '')
    return _last_place(chain, '') if chain else ''


def _stem_place(canonical_name: str, jurisdiction: str) -> str:
    """普宁市 for 普宁职业技术学校 named in a 普宁市 document (a name led by the place's stem)."""
    place = _jurisdiction_info(jurisdiction)[0] if jurisdiction else ''
    stem = _stem(place)
    return place if stem and canonical_name.startswith(stem) else ''


def _is_place(text: str) -> bool:
    return bool(text) and (_known_place_at(text) == text or _guess_place(text) == text)


def _same_place(a: str, b: str) -> bool:
    """Do two written jurisdictions name one place (黔南州, 黔南布依族苗族自治州)?"""
    return bool(a) and bool(b) and _jurisdiction_info(a)[0] == _jurisdiction_info(b)[0]
