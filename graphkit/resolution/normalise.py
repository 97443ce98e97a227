"""The core of a name (what follows its place), normalised by rules and the abbreviation table.

Rules that do not change identity (和/与, 政府→人民政府, 各/相关 of collectives,
纪委市监委, level lists), then the abbreviation table scanned left to right with the
longest key first, then short endings spelled out (委→委员会, 办→办公室).
"""
from __future__ import annotations

import functools
import re

from .. import units as _units
from .levels import _LEVEL_ORDER, _collective_levels, _expand_tokens, _render_levels
from .words import LEVELS, _abbreviation_index, _abbreviations, _words

_JIWEI = re.compile(f'纪委[{LEVELS}]监委')
# 和/与 after two characters of a name and before more (not 共和国, 和平, 和谐).
_CONJUNCTION = re.compile(r'(?<=[\u4e00-\u9fff]{2})(?<!共)[和与](?![平谐睦美])(?=[\u4e00-\u9fff])')
_GE_YOUGUAN = re.compile(r'^各(?=有关|相关)')
_XIANGGUAN = re.compile(r'相关(?=(单位|部门|机构|高校|学校|院校|企业|成员单位|组织)$)')
_GE_GOVERNMENT = re.compile(r'^(各[^政]*?)(?<!人民)政府')


_PREFECTURE_CITIES = re.compile(r'各(设区市|省辖市|地级市|市)(?:\(?(州|盟|地区|州、盟)\)?)?[、,](?=[县区])')


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
        ordered = sorted(set(_expand_tokens(tokens)), key=lambda t: _LEVEL_ORDER[t])
        head = '各' + _render_levels(ordered)
        if head != core[:len(core) - len(tail)]:
            steps.append(('rule', f'levels {core[:len(core) - len(tail)]}→{head}'))
        return head + (_normalise_body(tail, party_form, steps) if tail else '')
    return _normalise_body(core, party_form, steps)


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
    return _government_department(core, steps)


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
