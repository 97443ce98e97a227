"""Name resolution: one canonical name per real unit, across variants and places.

Documents name one unit many ways (市人社局, 市人力资源和社会保障局, 普宁市人力资源社会
保障局) and one name means different units in different places (市教育局 of a 普宁市
document is 普宁市教育局, of a 贵阳市 document 贵阳市教育局). Resolution works in two
stages, each explainable:

1. :func:`canonical` — a pure function of the name and the document's place: clean
   the text, expand abbreviations from ``data/abbreviations.tsv``, apply rules that
   do not change identity (和/与, 人民政府/政府, 中共, brackets, trailing notes) and
   qualify a bare 市/县/区 by the document's place.
2. :class:`Resolver` — merges what the table does not know, with rapidfuzz, only
   inside blocks of one place, one kind of unit (suffix) and one head character,
   and only when one name abbreviates the other (see :func:`abbreviates`).

>>> canonical('市人社局', '普宁市')
'普宁市人力资源社会保障局'
>>> canonical('中共普宁市委机构编制委员会办公室') == canonical('市委编办', '普宁市')
True
>>> canonical('市教育局', '贵阳市'), canonical('揭阳市生态环境局普宁分局', '普宁市')
('贵阳市教育局', '揭阳市生态环境局普宁分局')
>>> names = ['市大数据局', '市大数据发展管理局', '市科协', '市科技局']
>>> sorted(set(resolve(names, '贵阳市').values()))
['贵阳市大数据发展管理局', '贵阳市科学技术协会', '贵阳市科学技术局']

Every table is a plain file in ``graphkit/data/`` that ``GRAPHKIT_DATA`` extends.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from . import knowledge
from . import units as _units

__all__ = ['canonical', 'explain', 'unit_type', 'abbreviates', 'load_aliases', 'Aliases',
           'Explanation', 'Resolution', 'ReviewItem', 'Resolver', 'resolve', 'resolve_documents',
           'place_of', 'clear_cache']

# --- knowledge tables ----------------------------------------------------------------

LEVELS = '省市县区州旗盟'           # a bare level starting a name: 市教育局, 县委办
_PLACE_END = re.compile(r'(特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|新区|省|市|县|区|旗|州|盟)$')
_CJK = re.compile(r'[\u4e00-\u9fff]+')
# Characters that never occur in a place name but do in unit names (人民银行普宁市…).
_NOT_IN_PLACE = set('局委办院司行部厅会党政府团队所站校中心馆社组联各与')
_SPACE = re.compile(r'\s+')
_TRAILING_BRACKET = re.compile(r'\(([^()]*)\)$')
_LEAGUE = re.compile(f'团([{LEVELS}])委')
_JIWEI = re.compile(f'纪委[{LEVELS}]监委')
# 和/与 after two characters of a name and before more (not 共和国, 和平, 和谐).
_CONJUNCTION = re.compile(r'(?<=[\u4e00-\u9fff]{2})(?<!共)[和与](?![平谐睦美])(?=[\u4e00-\u9fff])')
_GE_YOUGUAN = re.compile(r'^各(?=有关|相关)')
_XIANGGUAN = re.compile(r'相关(?=(单位|部门|机构|高校|学校|院校|企业|成员单位|组织)$)')
_GE_GOVERNMENT = re.compile(r'^(各[^政]*?)(?<!人民)政府')


@functools.lru_cache(maxsize=None)
def _words(kind: str) -> tuple[str, ...]:
    """Words of one kind from resolve_words.tsv, longest first."""
    found = {row[1] for row in knowledge.rows('resolve_words.tsv') if len(row) > 1 and row[0] == kind}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=None)
def _abbreviations() -> dict[str, str]:
    """``{variant: canonical}`` from abbreviations.tsv; every canonical form maps to itself.

    >>> _abbreviations()['人社'], _abbreviations()['人力资源社会保障']
    ('人力资源社会保障', '人力资源社会保障')
    """
    table: dict[str, str] = {}
    for row in knowledge.rows('abbreviations.tsv'):
        if len(row) >= 2 and row[0] and row[1]:
            table[_plain(row[0])] = _plain(row[1])      # later rows (the user's) win
    for value in list(table.values()):
        table.setdefault(value, value)
    return table


@functools.lru_cache(maxsize=None)
def _abbreviation_index() -> dict[str, tuple[str, ...]]:
    """Table keys by first character, longest first (the scanner tries them in order)."""
    index: dict[str, list[str]] = {}
    for key in _abbreviations():
        index.setdefault(key[0], []).append(key)
    return {ch: tuple(sorted(keys, key=lambda k: (-len(k), k))) for ch, keys in index.items()}


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


@functools.lru_cache(maxsize=None)
def _type_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r[0]), r[1]) for r in knowledge.rows('unit_types.tsv') if len(r) >= 2)


def clear_cache() -> None:
    """Forget loaded tables (after changing ``GRAPHKIT_DATA``)."""
    for f in (_words, _abbreviations, _abbreviation_index, _places, _type_rules, _explain_cached,
              _jurisdiction_info, _unit_type_cached, _kept_wei):
        f.cache_clear()
    knowledge.clear_cache()


# --- cleaning ---------------------------------------------------------------------------

_BRACKETS = str.maketrans({'（': '(', '）': ')', '〔': '(', '〕': ')', '[': '(', ']': ')',
                           '【': '(', '】': ')', '［': '(', '］': ')', '{': '(', '}': ')',
                           '〈': '(', '〉': ')', '<': '(', '>': ')'})


def _plain(text: str) -> str:
    """NFKC, one bracket style, no whitespace: the form every rule works on.

    >>> _plain(' 各区〔市、县〕政府 ')
    '各区(市、县)政府'
    """
    text = _simplified(unicodedata.normalize('NFKC', text).translate(_BRACKETS))
    text = _SPACE.sub('', text)
    while '()' in text:
        text = text.replace('()', '')
    text = text.strip('。.,，、;；:：')
    while text[:1] == '(' and text[-1:] == ')' and _units.balanced(text[1:-1]):
        text = text[1:-1].strip('。.,，、;；:：')   # (市教育局): the whole name in brackets
    return text


_T2S = []


def _simplified(text: str) -> str:
    """人力資源和社會保障局 → 人力资源和社会保障局 (OpenCC), when enough of it is Traditional.

    A name with a single changed character out of many stays as written: OpenCC
    rewrites a few valid Simplified characters in context.
    """
    if text.isascii():
        return text
    if not _T2S:
        try:
            import opencc
            _T2S.append(opencc.OpenCC('t2s').convert)
        except Exception:                # pragma: no cover - OpenCC is a dependency
            _T2S.append(lambda t: t)
    converted = _T2S[0](text)
    if converted == text or len(converted) != len(text):
        return text
    changed = sum(a != b for a, b in zip(text, converted))
    return converted if changed >= 2 or changed / len(text) >= 0.2 else text


def _split_note(name: str) -> tuple[str, str]:
    """Cut a trailing bracketed note that is not part of the name.

    A note is another name of the same body (市教育局(市委教育工委): one body, two
    plates) or a remark (牵头); a list of levels is part of a collective name
    (各乡镇(场、街道)) and stays.

    >>> _split_note('市教育局(市委教育工委)'), _split_note('各乡镇(场、街道)')
    (('市教育局', '(市委教育工委)'), ('各乡镇(场、街道)', ''))
    """
    m = _TRAILING_BRACKET.search(name)
    if not m or m.start() == 0:
        return name, ''
    inner, head = m.group(1), name[:m.start()]
    if _level_list(inner) is not None:
        return name, ''
    # A second name carries its own level or place (市委教育工委); a bare word may be
    # a part of the unit (第二中学(初中部)) and stays.
    if inner in _words('note') or inner[:1] in LEVELS or _is_known_place_start(inner) \
            or inner.startswith(('中共', '共青团', '团')):
        return head, m.group(0)
    return name, ''


# --- places -----------------------------------------------------------------------------

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


def _last_place(chain: str, jurisdiction: str) -> str:
    """The innermost place of a chain: 贵州省贵阳市 → 贵阳市, in its used form."""
    if '所在' in chain:
        return chain                          # 某某县所在省 names one place
    parts, i = [], 0
    while i < len(chain):
        step = jurisdiction if jurisdiction and chain.startswith(jurisdiction, i) else \
            (_known_place_at(chain, i) or chain[i:])
        parts.append(step)
        i += len(step)
    last = parts[-1]
    # A full name takes its used form (黔南布依族苗族自治州 → 黔南州); a short form stays
    # as written (贵州双龙航空港经济区 is a name, not 贵州省…).
    return _places().forms.get(last, last) if last in _places().full else last


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
    province, cur, seen = '', place, set()
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


def _place_only(canonical_name: str) -> str:
    """place_of for a canonical name (cached through explain): '' for a bare level."""
    place = explain(canonical_name).place
    return '' if place in LEVELS else place


def _stem_place(canonical_name: str, jurisdiction: str) -> str:
    """普宁市 for 普宁职业技术学校 named in a 普宁市 document (a name led by the place's stem)."""
    place = _jurisdiction_info(jurisdiction)[0] if jurisdiction else ''
    stem = _stem(place)
    return place if stem and canonical_name.startswith(stem) else ''


# --- the canonical form ------------------------------------------------------------------

@dataclass(frozen=True)
class Explanation:
    """How :func:`explain` turned a name into its canonical form."""
    name: str                          # the name as written
    canonical: str                     # the canonical name
    place: str                         # its place ('' when unknown), e.g. 普宁市
    core: str                          # the canonical name without prefix and place
    prefix: str = ''                   # 共青团 for youth-league committees
    steps: tuple[tuple[str, str], ...] = ()   # ('rule' | 'table', what), in order

    @property
    def how(self) -> str:
        """'table' when a table row was used, else 'rule' when a rule was, else 'identity'."""
        kinds = {k for k, _ in self.steps}
        return 'table' if 'table' in kinds else 'rule' if kinds else 'identity'


def explain(name: str, jurisdiction: str | None = None) -> Explanation:
    """The canonical form of ``name`` with every step that produced it.

    >>> e = explain('市人力资源和社会保障局', '普宁市')
    >>> e.canonical, e.how
    ('普宁市人力资源社会保障局', 'rule')
    >>> for step in explain('市人社局', '普宁市').steps: print(*step)
    table 人社→人力资源社会保障
    rule qualify 市→普宁市
    """
    return _explain_cached(name, _jurisdiction_info(jurisdiction)[0] if jurisdiction else '')


def canonical(name: str, jurisdiction: str | None = None) -> str:
    """The canonical name of a unit: table and rules, no fuzzy matching.

    ``jurisdiction`` is the place of the document that names the unit.

    >>> canonical('市发展和改革委员会', '贵阳市'), canonical('市发改委', '贵阳市')
    ('贵阳市发展改革委员会', '贵阳市发展改革委员会')
    >>> canonical('各区〔市、县〕政府', '贵阳市') == canonical('各区(市、县)人民政府', '贵阳市')
    True
    >>> canonical('花溪区'), canonical('国家税务总局普宁市税务局'), canonical('市纪委市监委', '普宁市')
    ('花溪区人民政府', '普宁市税务局', '普宁市纪委监委')
    """
    return explain(name, jurisdiction).canonical


@functools.lru_cache(maxsize=200_000)
def _explain_cached(name: str, jurisdiction: str) -> Explanation:
    steps: list[tuple[str, str]] = []
    s = _plain(name)
    if s != name:
        steps.append(('rule', 'clean'))
    s, note = _split_note(s)
    if note:
        steps.append(('rule', f'drop note {note}'))
    s, party = _drop_party_prefix(s, steps)
    s = _drop_vertical_prefix(s, jurisdiction, steps)
    prefix, s = _youth_league(s, steps)
    s = _cppcc(s, steps)
    place, level, core = _split(s, jurisdiction)
    core = _normalise_core(core, party or bool(prefix), steps)
    place = _qualify(place, level, core, jurisdiction, steps)
    core = _place_government(place, core, steps)
    core = _town(core, steps)
    return Explanation(name, prefix + place + core, place, core, prefix, tuple(steps))


def _drop_party_prefix(s: str, steps: list) -> tuple[str, bool]:
    """中共普宁市委组织部 → 普宁市委组织部 (the party committee is 市委 either way)."""
    for p in ('中国共产党', '中共'):
        if s.startswith(p) and len(s) > len(p):
            steps.append(('rule', f'drop {p}'))
            return s[len(p):], True
    return s, False


def _drop_vertical_prefix(s: str, jurisdiction: str, steps: list) -> str:
    """国家税务总局普宁市税务局 → 普宁市税务局: the local office is named by its place."""
    for p in _words('vertical'):
        rest = s[len(p):]
        if s.startswith(p) and rest and (_place_prefix(rest, jurisdiction) or rest[0] in LEVELS):
            steps.append(('rule', f'drop {p}'))
            return rest
    return s


def _youth_league(s: str, steps: list) -> tuple[str, str]:
    """团市委 / 共青团普宁市委员会 → ('共青团', 市委 / 普宁市委)."""
    m = _LEAGUE.fullmatch(s)
    if m:
        steps.append(('rule', '团市委→共青团市委'))
        return '共青团', m.group(1) + '委'
    if s.startswith('共青团') and len(s) > 3:
        return '共青团', s[3:]
    return '', s


_CPPCC = re.compile(r'^(?:中国人民政治协商会议|政协)(.+?)委员会$')


def _cppcc(s: str, steps: list) -> str:
    """政协普宁市委员会 / 中国人民政治协商会议普宁市委员会 → 普宁市政协."""
    m = _CPPCC.match(s)
    if m and (m.group(1)[-1] in LEVELS or _PLACE_END.search(m.group(1))):
        steps.append(('rule', '政协…委员会→…政协'))
        return m.group(1) + '政协'
    return s


def _split(s: str, jurisdiction: str) -> tuple[str, str, str]:
    """``(place, bare level, rest)`` of a name.

    >>> _split('普宁市市场监管局', '普宁市'), _split('市市场监管局', ''), _split('市场监管局', '')
    (('普宁市', '', '市场监管局'), ('', '市', '市场监管局'), ('', '', '市场监管局'))
    """
    place = _place_prefix(s, jurisdiction)
    if place:
        return place, '', s[len(place):]
    if _collective_levels(s):
        return '', '', s                      # 区县政府, 乡镇: levels, not one level
    if s.startswith('新区') and jurisdiction.endswith('新区') and len(s) > 2:
        return '', '新区', s[2:]
    if s in LEVELS:
        return '', s, ''                      # 市 alone: the place itself
    if s[:1] in LEVELS and (_known_place_at(s, 1) or jurisdiction and s.startswith(jurisdiction, 1)):
        return _split(s[1:], jurisdiction)    # 市普宁市…: the level adds nothing
    if s[:1] in LEVELS and len(s) > 1 and not _starts_with_word(s) and _level_applies(s[0], jurisdiction):
        return '', s[0], s[1:]
    return '', '', s


def _level_applies(level: str, jurisdiction: str) -> bool:
    """Is a bare level the document's own place or one above it (not a lower one)?

    区教育局 in a 贵阳市 document is no level of 贵阳市: it stays part of the name.
    """
    if not jurisdiction:
        return True
    own = _jurisdiction_info(jurisdiction)[1]
    return level in ('省', own) or (level in '市州盟' and own in '县区旗市')


def _starts_with_word(s: str) -> bool:
    """Does a name starting with 市/县/区 start with a word instead (市场监管局)?

    It is a level when a known word follows it (市市场监管局, 市民政局, 市政协), a
    word when the name itself starts with one (市场监管局, 市容环境卫生管理局).

    >>> _starts_with_word('市场监管局'), _starts_with_word('市市场监管局'), _starts_with_word('市民宗委')
    (True, False, False)
    """
    rest = s[1:].replace('和', '').replace('与', '')          # 市民族和宗教事务局: 民族宗教事务 follows
    if rest.startswith(('政府', '人民政府', '委')) or rest.startswith(_words('not-level')):
        return False
    index = _abbreviation_index()
    if any(rest.startswith(k) for k in index.get(rest[:1], ()) if len(k) > 1):
        return False
    if s.startswith(_words('not-level')):
        return True
    return any(s.startswith(k) for k in index.get(s[0], ()) if len(k) > 1)


# Levels a collective name lists: 各区(市、县), 各乡镇(场、街道). Their order does not matter.
_LEVEL_TOKENS = ('街道', '社区', '农场', '林场', '乡', '镇', '场', '县', '市', '区', '旗', '州', '盟', '村', '居')
_LEVEL_FIRST = frozenset(t[0] for t in _LEVEL_TOKENS)
_LEVEL_ORDER = {t: i for i, t in enumerate(('县', '市', '区', '旗', '州', '盟', '乡', '镇', '农场', '林场', '场',
                                           '街道', '社区', '村', '居'))}


def _level_list(text: str) -> list[str] | None:
    """The levels of a bracketed or flat list (市、县 / 乡镇场街道), None if not only levels."""
    tokens, i = [], 0
    while i < len(text):
        if text[i] in '()、,，':
            i += 1
            continue
        tok = next((t for t in _LEVEL_TOKENS if text.startswith(t, i)), None)
        if tok is None:
            return None
        tokens.append(tok)
        i += len(tok)
    return tokens or None


_BARE_LEVEL_TAIL = re.compile(r'(人民政府|政府|党委|党委政府|党委和政府|办事处)?')


def _collective_levels(core: str) -> tuple[list[str], str] | None:
    """Split ``各<levels><tail>``: 各区(市、县)政府 → (['区', '市', '县'], '政府').

    Without 各, a list of levels alone or before 政府/党委 is the same collective:
    乡镇人民政府 = 各乡镇人民政府, 区县政府 = 各区县政府.
    """
    if core[1:2] not in _LEVEL_FIRST if core.startswith('各') else core[:1] not in _LEVEL_FIRST:
        return None
    if not core.startswith('各'):
        got = _collective_levels('各' + core)
        if got and len(core) > 1 and _BARE_LEVEL_TAIL.fullmatch(got[1]) and \
                (len(_expand_tokens(got[0])) > 1 or got[0][0] not in '县市区旗州盟'):
            return got                        # 县政府 alone is one government, not a list
        return None
    i, tokens, depth = 1, [], 0
    while i < len(core):
        ch = core[i]
        if ch in '(、,，' or (ch == ')' and depth):
            depth += ch == '('
            depth -= ch == ')'
            i += 1
            continue
        tok = next((t for t in _LEVEL_TOKENS if core.startswith(t, i)), None)
        if tok is None or len(tok) == 1 and tok in LEVELS and _starts_with_word(core[i:]):
            break                             # 各县市场监管局: 市场 is a word
        tokens.append(tok)
        i += len(tok)
    if not tokens or depth:
        return None
    return tokens, core[i:]


def _normalise_core(core: str, party_form: bool, steps: list) -> str:
    """Rules and table on the part of a name after its place."""
    core = _drop_conjunctions(core, steps)
    if core.endswith('街道办'):
        steps.append(('rule', '街道办→街道办事处'))
        core += '事处'
    levels = _collective_levels(core)
    if levels:
        tokens, tail = levels
        ordered = sorted(set(_expand_tokens(tokens)), key=lambda t: _LEVEL_ORDER[t])
        head = '各' + _render_levels(ordered)
        if head != core[:len(core) - len(tail)]:
            steps.append(('rule', f'levels {core[:len(core) - len(tail)]}→{head}'))
        return head + (_normalise_body(tail, party_form, steps) if tail else '')
    return _normalise_body(core, party_form, steps)


def _render_levels(levels: list[str]) -> str:
    """县(市、区) for county-level lists, 乡镇场街道 for the rest (one fixed order)."""
    if len(levels) > 1 and all(t in '县市区旗' for t in levels):
        return f"{levels[0]}({'、'.join(levels[1:])})"
    return ''.join(levels)


def _expand_tokens(tokens: list[str]) -> list[str]:
    return [t for tok in tokens for t in (['乡', '镇'] if tok == '乡镇' else [tok])]


def _normalise_body(core: str, party_form: bool, steps: list) -> str:
    new = _JIWEI.sub('纪委监委', core)
    if new != core:
        steps.append(('rule', '纪委市监委→纪委监委'))
        core = new
    core = _collective_words(core, steps)
    if party_form and (core == '委员会' or core.startswith('委员会') and core[3:4] != '办'):
        steps.append(('rule', '委员会→委'))
        core = '委' + core[3:]
    core = _people_government(core, steps)
    core = _apply_table(core, steps)
    core = _expand_endings(core, steps)
    return core


def _drop_conjunctions(core: str, steps: list) -> str:
    """人力资源和社会保障局 → 人力资源社会保障局: 和/与 joining the words of one name.

    Only after two characters of the name, so a 和 that starts it (和平区… is a
    place, cut off before) is never touched, nor 共和国, 和平, 和谐.

    >>> _drop_conjunctions('自然资源和规划局', []), _drop_conjunctions('和谐办', [])
    ('自然资源规划局', '和谐办')
    """
    out = _CONJUNCTION.sub('', core) if ('和' in core or '与' in core) else core
    if out != core:
        steps.append(('rule', '和/与'))
    return out


def _collective_words(core: str, steps: list) -> str:
    """各有关部门 = 有关部门 = 各相关部门: 各 and 相关 add nothing to a collective."""
    out = _GE_YOUGUAN.sub('', core)
    out = _XIANGGUAN.sub('有关', out)
    if out != core:
        steps.append(('rule', f'{core}→{out}'))
    return out


def _people_government(core: str, steps: list) -> str:
    """政府 of a place is its 人民政府: 市政府办 → 市人民政府办公室; 政府采购中心 stays.

    县府办 is 县政府办 with 政 left out.
    """
    if core.startswith('人民政府'):
        return core
    if core.startswith('府办'):
        core = '政' + core
    if core.startswith('政府') and not any(core.startswith(w, 2) for w in _words('keep-government')):
        steps.append(('rule', '政府→人民政府'))
        return '人民' + core
    m = _GE_GOVERNMENT.match(core)
    if m:
        steps.append(('rule', '政府→人民政府'))
        return m.group(1) + '人民' + core[m.end(1):]
    return core


def _apply_table(core: str, steps: list) -> str:
    """Scan left to right; at each position take the longest table key (variant or canonical).

    >>> _apply_table('文广旅体局', []), _apply_table('文广旅游体育局', []), _apply_table('退役军人事务局', [])
    ('文化广电旅游体育局', '文化广电旅游体育局', '退役军人事务局')
    """
    table, index = _abbreviations(), _abbreviation_index()
    out, i = [], 0
    while i < len(core):
        key = next((k for k in index.get(core[i], ()) if core.startswith(k, i)
                    and not _spelled_out(k, table[k], core, i)), None)
        if key is None:
            out.append(core[i])
            i += 1
            continue
        value = table[key]
        if value != key:
            steps.append(('table', f'{key}→{value}'))
        out.append(value)
        i += len(key)
    return ''.join(out)


def _spelled_out(key: str, value: str, core: str, i: int) -> bool:
    """Does the text go on to spell out the word the key's last character stands for?

    文广旅游体育局: 文广旅 would expand to 文化广电旅游 and leave 游体育局 behind, but
    旅游 is written out, so only 文广 is an abbreviation here.
    """
    j = i + len(key)
    return key != value and j < len(core) and value.endswith(key[-1] + core[j])


@functools.lru_cache(maxsize=None)
def _kept_wei() -> tuple[str, ...]:
    """Canonical forms ending in 委 that are names, not a commission's short form (纪委, 党工委)."""
    return tuple(v for v in set(_abbreviations().values()) if v.endswith('委')) + ('党委',)


def _expand_endings(core: str, steps: list) -> str:
    """发展改革委 → 发展改革委员会, 人民政府办 → 人民政府办公室."""
    if core.endswith('委') and len(core) >= 3 and core[-2] not in LEVELS + '党' and \
            not core.endswith(_kept_wei()):
        steps.append(('rule', '委→委员会'))
        return core + '员会'
    if core.endswith('办') and len(core) >= 2:
        steps.append(('rule', '办→办公室'))
        return core + '公室'
    return core


_LOCAL_BU = ('宣传部', '组织部', '统战部', '统一战线工作部', '武装部', '政治部', '工作部', '人事部', '指挥部')


def _national(s: str) -> bool:
    """A national unit is never qualified: 国家发展改革委, 教育部, 海关总署.

    A name ending in 部 without a place is a ministry, unless it is a local
    committee's department (宣传部, 人民武装部, 防汛抗旱指挥部).
    """
    if s.startswith(_words('national')):
        return True
    if s.endswith('部') and '委' not in s and not s.endswith(_LOCAL_BU):
        return True
    return s.endswith(('总局', '总署'))


def _mentions_place(s: str, jurisdiction: str) -> bool:
    """Does a name carry a place inside (人民银行普宁市支行, 国家税务总局普宁市税务局)?"""
    if jurisdiction and (jurisdiction in s or (_stem(jurisdiction) and _stem(jurisdiction) in s)):
        return True
    return any(len(p) >= 3 for i in range(1, len(s)) for p in [_known_place_at(s, i)])


def _qualify(place: str, level: str, core: str, jurisdiction: str, steps: list) -> str:
    """The place part of the canonical name: its own place, or the document's."""
    if place:
        last = _last_place(place, jurisdiction)
        if last != place:
            steps.append(('rule', f'place {place}→{last}'))
        return last
    if level:
        target, how = _level_place(level, core, jurisdiction)
        if target:
            steps.append(('rule', f'qualify {how}'))
            return target
        return level
    if not jurisdiction or not core or _national(core) or _mentions_place(core, jurisdiction):
        return ''
    if _units.unit_type(core) == 'enterprise':
        return ''
    target = _jurisdiction_info(jurisdiction)[0]
    steps.append(('rule', f'qualify +{target}'))
    return target


def _is_place(text: str) -> bool:
    return bool(text) and (_known_place_at(text) == text or _guess_place(text) == text)


def _place_government(place: str, core: str, steps: list) -> str:
    """A bare place named as a unit is its government: 花溪区 → 花溪区人民政府."""
    if core or not place or place[0] in LEVELS and len(place) == 1:
        return core
    if place.endswith(('新区', '开发区', '高新区')) or not _is_place(place):
        return core
    steps.append(('rule', '+人民政府'))
    return '人民政府'


_TOWN = re.compile(r'^([\u4e00-\u9fff]{2,6}?)(镇|乡|街道)(人民政府|政府|办事处|街道办|街道办事处)?$')
_NOT_TOWN = ('城乡', '城镇', '乡镇', '村镇', '集镇', '小镇', '重镇', '名镇', '古镇', '街道')


def _town(core: str, steps: list) -> str:
    """A town or street named as a unit is its government: 流沙镇 → 流沙镇人民政府.

    (Its place is the document's: 普宁市流沙镇人民政府.)
    """
    m = _TOWN.match(core)
    if not m or core.startswith('各') or len(m.group(1)) + len(m.group(2)) < 3 or core.startswith(_NOT_TOWN) \
            or m.group(1).endswith(('乡', '城', '村')):
        return core
    body = m.group(1) + m.group(2) + ('办事处' if m.group(2) == '街道' else '人民政府')
    if body != core:
        steps.append(('rule', f'{core}→{body}'))
    return body


# --- unit types -----------------------------------------------------------------------

def unit_type(name: str, jurisdiction: str | None = None) -> str:
    """The type of a unit from its name (see ``data/unit_types.tsv``).

    >>> [unit_type(n) for n in ('市委组织部', '市纪委监委', '市委编办', '市教育局', '市发改委')]
    ['party', 'party', 'party', 'government', 'commission']
    >>> [unit_type(n) for n in ('市政府办', '市法院', '市残联', '市科协', '各区(市、县)政府', '花溪区政府')]
    ['office', 'judicial', 'mass', 'mass', 'lower-government', 'lower-government']
    >>> [unit_type(n) for n in ('市直有关单位', '各有关部门', '市人民政府', '普宁市第一中学')]
    ['collective', 'collective', 'government', 'school']
    """
    return _unit_type_cached(name, jurisdiction or '')


@functools.lru_cache(maxsize=200_000)
def _unit_type_cached(name: str, jurisdiction: str) -> str:
    jurisdiction = jurisdiction or None
    e = explain(name, jurisdiction)
    core = e.core
    if e.prefix:
        return 'mass'
    for rx, kind in _type_rules():
        if rx.search(core):
            if kind == 'lower-government' and core == '人民政府' and _own_government(e, jurisdiction):
                return 'government'
            return kind
    return _units.unit_type(e.canonical)


def _own_government(e: Explanation, jurisdiction: str | None) -> bool:
    if not e.place or e.place[0] in LEVELS and len(e.place) == 1:
        return True
    if jurisdiction:
        own = _jurisdiction_info(_plain(jurisdiction))
        return e.place in (own[0], own[2], own[3])
    return False


# --- the user's override file ------------------------------------------------------------

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


def _same_place(a: str, b: str) -> bool:
    """Do two written jurisdictions name one place (黔南州, 黔南布依族苗族自治州)?"""
    return bool(a) and bool(b) and _jurisdiction_info(a)[0] == _jurisdiction_info(b)[0]


# --- fuzzy merging --------------------------------------------------------------------

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
    kind: str                        # 'fuzzy-merge', 'near-miss' or 'ambiguous'
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
        self._counts: Counter = Counter()
        self._result: dict[tuple[str, str], Resolution] | None = None
        self._merges: list[ReviewItem] = []
        self._ambiguous: list[ReviewItem] = []
        self.stats: dict[str, int] = {}

    def add(self, name: str, jurisdiction: str | None = None, count: int = 1) -> None:
        """Add a name as a document of ``jurisdiction`` writes it (``count`` times)."""
        if name and name.strip():
            item = (name, jurisdiction or '')
            if item not in self._items:
                self._items.add(item)
                self._result = None
            self._counts[item] += count

    def add_many(self, names, jurisdiction: str | None = None) -> None:
        for n in names:
            self.add(n, jurisdiction)

    # -- resolution --------------------------------------------------------------
    def resolve_all(self) -> dict[tuple[str, str], Resolution]:
        """``{(name, jurisdiction): Resolution}`` for every added name."""
        if self._result is not None:
            return self._result
        items = sorted(self._items)
        keyed = {item: self._key(*item) for item in items}
        root = {k: k for k, _ in keyed.values()}
        merged: dict[str, tuple[float, str]] = {}
        self._merges, self._ambiguous = [], []
        if self.fuzzy:
            root, merged = self._fuzzy(sorted(root), self._forbidden(keyed))
        out = {}
        for item, (key, (how, steps, via)) in keyed.items():
            final = root.get(key, key)
            score = None
            if final != key and how != 'alias':
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
        for variant, target, only in self.aliases.merges:
            if only and not _same_place(only, jur):
                continue
            if _plain(variant) == _plain(name) or canonical(variant, jur or None) == e.canonical:
                return canonical(target, jur or None), ('alias', steps, f'{variant}\t{target}')
        for a, b, only in self.aliases.forbids:
            if (not only or _same_place(only, jur)) and _plain(a) == _plain(name) and \
                    canonical(a, jur or None) == canonical(b, jur or None):
                literal = self._literal(name, jur)
                return literal, ('alias', steps, f'!{a}\t{b}')
        return e.canonical, (e.how, steps, '')

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

    def _fuzzy(self, keys: list[str], forbidden: set[frozenset[str]]):
        """Merge a key into a longer one it abbreviates, inside blocks; see :func:`abbreviates`."""
        blocks: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for key in keys:
            e = explain(key)
            if unit_type(key) not in FUZZY_TYPES:
                continue
            stem, suffix = _stem_and_suffix(e.core)
            if len(stem) < 2:
                continue
            party = '委' if e.core.startswith('委') else ''
            blocks.setdefault((e.prefix, e.place, party, suffix, stem[0]), []).append((key, stem))
        root = {k: k for k in keys}
        members = {k: {k} for k in keys}
        merged: dict[str, tuple[float, str]] = {}
        compared = 0
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
        rows = []
        res = self.resolve_all()
        for name, items in self.groups().items():
            first = res[items[0]]
            rows.append({'name': name, 'type': first.type, 'jurisdiction': first.place,
                         'variants': sorted({n for n, _ in items}),
                         'count': sum(self._counts[i] for i in items)})
        return sorted(rows, key=lambda r: (r['jurisdiction'], r['name']))

    def review(self, threshold: float = 60) -> list[ReviewItem]:
        """Uncertain merges (every fuzzy merge, lowest score first) and near-misses.

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


# --- the API -----------------------------------------------------------------------------

def resolve(names, jurisdiction: str | None = None, aliases=None) -> dict[str, str]:
    """Map each name to its canonical unit name (names of one document place).

    ``aliases`` is a path to an override file or an :class:`Aliases`.

    >>> got = resolve(['市教育局', '普宁市教育局', '市体育局', '市人民政府', '市政府办'], '普宁市')
    >>> got['市教育局'] == got['普宁市教育局'] != got['市体育局'], got['市政府办']
    (True, '普宁市人民政府办公室')
    """
    r = Resolver(aliases)
    names = list(names)
    r.add_many(names, jurisdiction)
    res = r.resolve_all()
    jur = jurisdiction or ''
    return {n: (res[(n, jur)].canonical if (n, jur) in res else n) for n in names}


def resolve_documents(docs, aliases=None) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """For graph building: ``({(name, document jurisdiction): canonical}, {canonical: type})``."""
    r = Resolver(aliases)
    for doc in docs:
        for m in doc.measures:
            r.add_many(list(m.units) + list(m.mentions), doc.jurisdiction)
    res = r.resolve_all()
    return ({k: v.canonical for k, v in res.items()},
            {v.canonical: v.type for v in res.values()})
