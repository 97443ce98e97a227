""":func:`explain` and :func:`canonical`: the canonical form of one name, step by step.

A pure function of the name and the document's place: clean the text, cut a
trailing note, drop 中共 and vertical prefixes (国家税务总局…), rewrite the youth
league and CPPCC forms, split off the place or bare level, normalise the core
(:mod:`.normalise`), qualify the place by the document's, and read a bare place or
town as its government. Every step is recorded in the :class:`Explanation`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import units as _units
from .levels import _collective_levels, _level_list, _starts_with_word
from .normalise import _normalise_core
from .places import (_PLACE_END, _is_known_place_start, _is_place, _jurisdiction_info, _places,
                     _known_place_at, _last_place, _level_place, _place_prefix, _stem)
from .words import LEVELS, _plain, _word_pairs, _words, national_branch, national_name

_TRAILING_BRACKET = re.compile(r'\(([^()]*)\)$')
_LEAGUE = re.compile(f'团([{LEVELS}])委')


def _split_note(name: str) -> tuple[str, str]:
    """Cut a trailing bracketed note that is not part of the name.

    A note is another name of the same body, one body with two or more plates
    (市教育局(市委教育工委), 市发改委(物价局), 市大数据管理中心(市信息中心、市信用中心)),
    or a remark (牵头); a list of levels is part of a collective name (各乡镇(场、街道))
    and stays.

    >>> _split_note('市教育局(市委教育工委)'), _split_note('各乡镇(场、街道)')
    (('市教育局', '(市委教育工委)'), ('各乡镇(场、街道)', ''))
    >>> _split_note('市发改委(物价局)'), _split_note('第二中学(初中部)')
    (('市发改委', '(物价局)'), ('第二中学(初中部)', ''))
    """
    m = _TRAILING_BRACKET.search(name)
    if not m or m.start() == 0:
        return name, ''
    inner, head = m.group(1), name[:m.start()]
    if _level_list(inner) is not None:
        return name, ''
    if inner in _words('note') or all(_is_plate(p) for p in _PLATE_SEPARATORS.split(inner)):
        return head, m.group(0)
    return name, ''


_PLATE_SEPARATORS = re.compile('[、,，;；]')
# A second plate written bare ends like a body of government; a bare word with
# another ending may be a part of the unit (第二中学(初中部), 医院(本部)) and stays.
_PLATE_ENDINGS = ('局', '委员会', '委', '办公室', '厅', '署')


def _is_plate(text: str) -> bool:
    """Is a bracketed ``text`` another name of the body before it? It carries its own
    level or place (市委教育工委, 长春市文物局), or is a bare bureau (物价局)."""
    if not text:
        return False
    if text[:1] in LEVELS or _is_known_place_start(text) or text.startswith(('中共', '共青团', '团')):
        return True
    return len(text) >= 3 and text.endswith(_PLATE_ENDINGS) and _units.unit_type(text) in _PLATE_TYPES


_PLATE_TYPES = ('government', 'party', 'commission', 'office', 'judicial', 'mass')


def plate_names(name: str) -> list[str]:
    """The other names a body gives itself in a trailing note: one body, several plates.

    >>> plate_names('市大数据管理中心（市信息中心、市信用中心）'), plate_names('市教育局(牵头)')
    (['市信息中心', '市信用中心'], [])
    """
    note = _split_note(_plain(name))[1]
    if not note or note[1:-1] in _words('note'):
        return []
    return [p for p in _PLATE_SEPARATORS.split(note[1:-1]) if p]


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
    if not jurisdiction:
        return _explain_cached(name, '', '')
    place = _jurisdiction_info(jurisdiction)[0]
    # A chain (杭州市西湖区, 中牟县官渡镇) also says what lies above the place.
    chain = _plain(jurisdiction)
    return _explain_cached(name, place, chain if chain != place else '')


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
def _explain_cached(name: str, jurisdiction: str, chain: str = '') -> Explanation:
    steps: list[tuple[str, str]] = []
    s = _plain(name)
    if s != name:
        steps.append(('rule', 'clean'))
    s, note = _split_note(s)
    if note:
        steps.append(('rule', f'drop note {note}'))
    own = _own_town_government(s, jurisdiction)
    if own:
        steps.append(('rule', f'{s}→{own} (the document\'s own town)'))
        return Explanation(name, own, jurisdiction, own[len(jurisdiction):], '', tuple(steps))
    full = national_name(s, central=not jurisdiction) or national_branch(s, _is_known_place_start) or \
        _regulator_branch(s)
    if full:
        steps.append(('table', f'{s}→{full}'))
        s = full
    s, party = _drop_party_prefix(s, steps)
    s = _drop_vertical_prefix(s, jurisdiction, steps)
    prefix, s = _youth_league(s, steps)
    s = _cppcc(s, steps)
    place, level, core = _split(s, jurisdiction)
    core = _normalise_core(core, party or bool(prefix), steps)
    park = _park_province(place, level, core, jurisdiction, steps)
    place = park or _place_form(_qualify(place, level, core, jurisdiction, steps, chain), core,
                                chain or jurisdiction, steps)
    if place and not core.startswith('委') and core.startswith(_words('party-body')):
        steps.append(('rule', f'{core}→委{core} (a party committee body)'))
        core = '委' + core
    core = _place_government(place, core, steps)
    core = _town(core, steps)
    return Explanation(name, prefix + place + core, place, core, prefix, tuple(steps))


_TOWN_LEVEL = re.compile(r'(镇|乡|街道)(人民政府|政府|办事处|街道办事处|办)?')


def _own_town_government(s: str, jurisdiction: str) -> str | None:
    """镇政府 in a town's document is that town's government (elsewhere 镇政府 are many)."""
    m = _TOWN_LEVEL.fullmatch(s)
    if not m or not jurisdiction or not jurisdiction.endswith(m.group(1)) or len(jurisdiction) <= len(m.group(1)):
        return None
    return jurisdiction + ('办事处' if m.group(1) == '街道' else '人民政府')


_REGULATOR_OFFICE = {'分局': '监管分局', '局': '监管局'}


def _regulator_branch(s: str) -> str | None:
    """宿州银保监分局 → 中国银行保险监督管理委员会宿州监管分局: a regulator's local office
    written as place + short name (resolve_words.tsv, kind regulator)."""
    for word, body in _word_pairs('regulator'):
        i = s.find(word)
        if i < 2 or s[i + len(word):] not in _REGULATOR_OFFICE:
            continue
        place, full = s[:i], national_name(_plain(body), central=True)
        if full and _is_known_place_start(place) and len(_known_place_at(place, 0)) == len(place):
            return full + place + _REGULATOR_OFFICE[s[i + len(word):]]
    return None


def _park_province(place: str, level: str, core: str, jurisdiction: str, steps: list) -> str:
    """A development zone with a proper name (双龙航空港经济区) is named with its province's
    short form or with no place (贵州双龙航空港经济区 = 双龙航空港经济区 in a 贵州 document):
    either is the province's, under the name the zone itself uses (贵州…). '' for a
    generic zone (高新区), which is its place's, and for a zone written with a city."""
    if level or not core or _units.unit_type(core) != 'park' or not _proper_park(core):
        return ''
    province = _province_of(place) if place else (_jurisdiction_info(jurisdiction)[3] if jurisdiction else '')
    if not province:
        return ''
    # the zone's own name uses the province's short form (广西, not 广西壮族)
    short = min((f for f, full in _places().forms.items() if full == province and 2 <= len(f) < len(province)),
                key=len, default=province)
    steps.append(('rule', f'park of {province}: {short}'))
    return short


_FULL_PLACE_KINDS = ('government', 'party', 'commission', 'office', 'judicial', 'mass', 'lower-government')


def _place_form(place: str, core: str, jurisdiction: str, steps: list) -> str:
    """The form of its place a unit's name uses. A body of government of the document's
    place (or one above it) is named with the place in full (常州税务局 → 常州市税务局 in a
    常州市 document); a company with the short form company names use (国网宿州供电公司,
    市供电公司 → 宿州供电公司). Schools, parks and other proper names keep the place as
    written, and so does a body named after a place it is not in (台湾工作办公室)."""
    if not place or not core or place in LEVELS:
        return place
    places = _places()
    kind = _units.unit_type(core)
    if kind == 'enterprise':
        short = _stem(place)
        if short and places.forms.get(short) == place and place.endswith(('市', '县')):
            steps.append(('rule', f'company: {place}→{short}'))
            return short
        return place
    full = places.forms.get(place, place)
    own, _, parent, province = _jurisdiction_info(jurisdiction) if jurisdiction else ('', '', '', '')
    if full != place and place not in places.full and kind in _FULL_PLACE_KINDS and full in (own, parent, province):
        steps.append(('rule', f'place {place}→{full}'))
        return full
    return place


def _proper_park(core: str) -> bool:
    rest = core
    for word in _words('park-word'):
        rest = rest.replace(word, '')
    return len(rest) >= 2


def _province_of(place: str) -> str:
    """The full name of a province written in full or short (贵州 → 贵州省), else ''."""
    places = _places()
    full = places.forms.get(place, '')
    return full if full and not places.parents.get(full) and full.endswith(('省', '自治区')) else ''


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
    if s[:1] in LEVELS and (_PLACE_END.search(_known_place_at(s, 1)) or
                            jurisdiction and s.startswith(jurisdiction, 1)):
        return _split(s[1:], jurisdiction)    # 市普宁市…: the level adds nothing (省台湾工作办 keeps it)
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


def _qualify(place: str, level: str, core: str, jurisdiction: str, steps: list, chain: str = '') -> str:
    """The place part of the canonical name: its own place, or the document's."""
    if place:
        last = _last_place(place, jurisdiction)
        if last != place:
            steps.append(('rule', f'place {place}→{last}'))
        return last
    if level:
        target, how = _level_place(level, core, chain or jurisdiction)
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
