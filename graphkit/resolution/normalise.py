"""The core of a name (what follows its place), normalised by rules and the abbreviation table.

Rules that do not change identity (和/与, 政府→人民政府, 各/相关 of collectives,
纪委市监委, level lists), then the abbreviation table scanned left to right with the
longest key first, then short endings spelled out (委→委员会, 办→办公室).
"""
from __future__ import annotations

import functools
import re

from .. import knowledge
from .. import units as _units
from .levels import _LEVEL_ORDER, _collective_levels, _expand_tokens, _render_levels
from .words import LEVELS, _abbreviation_index, _abbreviations, _word_pairs, _words

_JIWEI = re.compile(f'纪委[{LEVELS}]监委')
# 和/与 after two characters of a name and before more (not 共和国, 和平, 和谐).
_CONJUNCTION = re.compile(r'(?<=[\u4e00-\u9fff]{2})(?<!共)[和与](?![平谐睦美])(?=[\u4e00-\u9fff])')
_GE_YOUGUAN = re.compile(r'^各(?=有关|相关)')
_XIANGGUAN = re.compile(r'相关(?=(单位|部门|机构|高校|学校|院校|企业|成员单位|组织)$)')
_GE_GOVERNMENT = re.compile(r'^(各[^政]*?)(?<!人民)政府')


_PREFECTURE_CITIES = re.compile(r'各(设区市|省辖市|地级市|市)(?:\(?(州|盟|地区|州、盟)\)?)?(?:[、,]|(?=县))(?=[县区])')


def _normalise_core(core: str, party_form: bool, steps: list) -> str:
    """Rules and table on the part of a name after its place."""
    core = _drop_conjunctions(core, steps)
    if core.endswith('街道办'):
        steps.append(('rule', '街道办→街道办事处'))
        core += '事处'
    # 各市、县(市、区): the 市 listed before 县 are the prefecture-level cities, another
    # collective than the county-level 市 of 各县(市、区).
    cities = _PREFECTURE_CITIES.match(core)
    if cities and _collective_levels('各' + core[cities.end():]):
        rest = _normalise_core('各' + core[cities.end():], party_form, steps)
        head = f'{cities.group(1)}({cities.group(2)})' if cities.group(2) else cities.group(1)
        return '各' + head + '、' + rest[1:]
    levels = _collective_levels(core)
    if levels:
        tokens, tail = levels
        m = _TOWN_OFFICES.fullmatch(tail)
        if m:                                   # 各乡镇人民政府(街道办事处)
            tokens, tail = tokens + ['街道'], m.group(1)
        tokens = _expand_tokens(tokens)
        if len(set(tokens)) > 1 and all(t in _COUNTY_TIER for t in tokens):
            # 各区县(市) = 各区、县(市) = 各县市区: the county-level governments, a 县级市
            # often left unwritten; 区 is not (各县(市) leaves the districts out)
            ordered = ['县', '市', '区'] if '区' in tokens else ['县', '市']
        elif tokens[0] in ('省', '省级') and set(tokens) <= _PROVINCE_TIER and tokens != ['省'] and \
                tail in _GOVERNMENT_TAILS:
            # 各省(区、市) = 各省、自治区、直辖市 = 各省级: the province-level governments
            ordered = ['省', '自治区', '直辖市']
        else:
            ordered = sorted(set(tokens), key=lambda t: _LEVEL_ORDER[t])
        head = '各' + _render_levels(ordered)
        if tail in _GOVERNMENT_TAILS and ordered[-1] not in _NO_GOVERNMENT:
            # with or without 政府: 各区县 = 各区县政府; 各街道 = 各街道办事处
            tail = '办事处' if ordered == ['街道'] else '' if '街道' in ordered else '人民政府'
        if head != core[:len(core) - len(tail)]:
            steps.append(('rule', f'levels {core[:len(core) - len(tail)]}→{head}'))
        return head + (_normalise_body(tail, party_form, steps) if tail else '')
    return _normalise_body(core, party_form, steps)


# County-level governments, whichever a list names: 县, 区, 县级市 (a 市 listed after
# them, the prefecture-level cities being read apart above), 旗, 自治县.
_COUNTY_TIER = frozenset(('县', '区', '市', '县级市', '旗', '自治县'))
_PROVINCE_TIER = frozenset(('省', '省级', '自治区', '直辖市', '区', '市'))
_GOVERNMENT_TAILS = ('', '政府', '人民政府', '办事处', '街道办事处')
_NO_GOVERNMENT = ('村', '社区', '居', '场', '农场', '林场')     # 各村(社区): no government of their own
_TOWN_OFFICES = re.compile(r'((?:人民)?政府)\((?:街道)?办事处\)')


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
    core = _order_parts(core, steps)
    # 人民政府交警大队: the department first, then the bureau it belongs to
    return _implied_parent(_government_department(core, steps), steps)


@functools.lru_cache(maxsize=None)
def _parts_table() -> tuple[dict[str, str], tuple[str, ...], dict[str, int]]:
    """bureau_parts.tsv: ({written form: part}, written forms longest first, {part: order})."""
    forms: dict[str, str] = {}
    order: dict[str, int] = {}
    for row in knowledge.rows('bureau_parts.tsv'):
        if not row or not row[0]:
            continue
        order.setdefault(row[0], len(order))
        for form in [row[0]] + (re.split('[、,]', row[1]) if len(row) > 1 else []):
            if form:
                forms.setdefault(form, row[0])
    return forms, tuple(sorted(forms, key=len, reverse=True)), order


def merger_parts(stem: str) -> tuple[str, ...] | None:
    """The parts of a merged bureau's stem, in the table's order, or None when the stem
    is not made of two or more parts (bureau_parts.tsv).

    >>> merger_parts('规划资源'), merger_parts('文旅体'), merger_parts('文化'), merger_parts('教育体育')
    (('自然资源', '规划'), ('文化', '旅游', '体育'), None, None)
    """
    forms, longest, order = _parts_table()
    parts, i = [], 0
    while i < len(stem):
        form = next((f for f in longest if stem.startswith(f, i)), None)
        if form is None:
            return None
        parts.append(forms[form])
        i += len(form)
    if len(parts) < 2 or len(set(parts)) < len(parts):
        return None
    return tuple(sorted(parts, key=order.get))


def _implied_parent(core: str, steps: list) -> str:
    """交通警察支队 → 公安局交通警察支队: a unit written without the bureau it belongs to."""
    for word, parent in _word_pairs('implied-parent'):
        if core.startswith(word) and len(core) > len(word):
            steps.append(('rule', f'+{parent} before {word}'))
            return parent + core
    return core


def _order_parts(core: str, steps: list) -> str:
    """规划和自然资源局 → 自然资源规划局: a merged bureau's parts in one order."""
    hit = _units.suffix_type(core)
    if not hit or hit[0] == core:
        return core
    stem = core[:-len(hit[0])]
    parts = merger_parts(stem)
    if parts is None or ''.join(parts) == stem:
        return core
    out = ''.join(parts) + hit[0]
    steps.append(('rule', f'parts {stem}→{"".join(parts)}'))
    return out


def _government_department(core: str, steps: list) -> str:
    """市政府外办 is 市外办, 省人民政府国资委 is 省国资委: a department named with its
    government; the government's own office (人民政府办公室) keeps it."""
    if not core.startswith('人民政府') or len(core) <= 4:
        return core
    rest = core[4:]
    if rest.startswith(('办公', '办', '驻')) or rest.startswith(_words('keep-government')) or \
            not _units.suffix_type(rest):
        return core
    steps.append(('rule', f'drop 人民政府 before {rest}'))
    return _government_department(rest, steps)


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
