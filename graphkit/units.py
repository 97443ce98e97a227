"""Unit lists: split ``A、B和C`` into unit names, recognise what a unit name looks like.

Splitting never happens inside brackets (``各区〔市、县〕政府`` is one unit), a
suffix shared by a list is handed to every member (``云岩区、南明区政府`` →
云岩区政府, 南明区政府), a prefix shared by a list likewise (``贵安新区各乡镇、街道``
→ 贵安新区各乡镇, 贵安新区各街道), and names glued without a separator are cut
where both parts are unit names (``云岩区花溪区``).

>>> split_units('市教育局、市财政局和市人力资源和社会保障局')
['市教育局', '市财政局', '市人力资源和社会保障局']
>>> split_units('观山湖区、云岩区花溪区、清镇市政府')
['观山湖区政府', '云岩区政府', '花溪区政府', '清镇市政府']
"""
from __future__ import annotations

import functools
import re

from . import knowledge

OPEN, CLOSE = '(（〔[【［{', ')）〕]】］}'
PAIR = dict(zip(OPEN, CLOSE))
LIST_SEPARATORS = '、,，;；'
PLACE_ENDINGS = '省市县区旗州盟'
# Characters that never occur in a unit name but do in running text.
_NOT_IN_NAMES = set('的了把着被让这那么且而但即要按')


def level_words() -> tuple[str, ...]:
    """Bare level words that take the prefix of the list member before them (贵安新区各乡镇、街道)."""
    return knowledge.word_list('list_words.tsv', 'level')


def shared_suffixes() -> tuple[str, ...]:
    """Suffixes that the place names of a list share (观山湖区、云岩区、清镇市政府)."""
    return knowledge.word_list('list_words.tsv', 'shared_suffix')


@knowledge.derived
def _role_words() -> re.Pattern:
    return re.compile('|'.join(map(re.escape, knowledge.word_list('list_words.tsv', 'not_in_name'))) or '(?!)')
_LEADING_JUNK = re.compile(r'^(由|会同|联合|协调|组织|推动|督促|指导|请|及|和|与|以及|或|并|同|各级各|包括|含|如)')
_TRAILING_JUNK = re.compile(r'(等(单位|部门|机构|有关单位|相关单位|有关部门|相关部门)?)$')


_ANY_BRACKET = re.compile('[' + re.escape(OPEN + CLOSE) + ']')


@functools.lru_cache(maxsize=None)
def _separators(separators: str) -> re.Pattern:
    return re.compile(f'[{re.escape(separators)}]')


def split_top(text: str, separators: str = LIST_SEPARATORS) -> list[tuple[str, int, int]]:
    """Split at separators outside brackets; return ``(piece, start, end)`` triples.

    >>> [p for p, _, _ in split_top('A、B(C、D),E')]
    ['A', 'B(C、D)', 'E']
    """
    if not _ANY_BRACKET.search(text):      # the common case, in C
        out, start = [], 0
        for m in _separators(separators).finditer(text):
            out.append((text[start:m.start()], start, m.start()))
            start = m.end()
        out.append((text[start:], start, len(text)))
        return [(p.strip(), s + len(p) - len(p.lstrip()), e - (len(p) - len(p.rstrip())))
                for p, s, e in out if p.strip()]
    out, depth, start = [], [], 0
    for i, ch in enumerate(text):
        if ch in PAIR:
            depth.append(PAIR[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in CLOSE and not depth:
            continue
        elif ch in separators and not depth:
            out.append((text[start:i], start, i))
            start = i + 1
    out.append((text[start:], start, len(text)))
    return [(p.strip(), s + len(p) - len(p.lstrip()), e - (len(p) - len(p.rstrip())))
            for p, s, e in out if p.strip()]


ROUND_BRACKETS = re.compile(r'[(（\[〔)）\]〕]')     # brackets that enclose clauses


def unclosed_bracket(text: str) -> int | None:
    """Offset of the first round bracket that is never closed, or None.

    >>> unclosed_bracket('保障经费(市财政局'), unclosed_bracket('市教育局(牵头)')
    (4, None)
    """
    stack = []
    for m in ROUND_BRACKETS.finditer(text):
        if m.group() in '(（[〔':
            stack.append(m.start())
        elif stack:
            stack.pop()
    return stack[0] if stack else None


def balanced(text: str) -> bool:
    depth = []
    for ch in text:
        if ch in PAIR:
            depth.append(PAIR[ch])
        elif ch in CLOSE:
            if not depth or depth.pop() != ch:
                return False
    return not depth


_TRAILING_NOTE = re.compile(r'[(（〔\[][^()（）〔〕\[\]]*[)）〕\]]$')
_NOTES = re.compile(r'[(（〔\[][^()（）〔〕\[\]]*[)）〕\]]')
_HAN = re.compile(r'[\u4e00-\u9fff]+')
_SPACES = re.compile(r'\s+')


@knowledge.derived
def suffix_type(name: str) -> tuple[str, str] | None:
    """The longest known unit suffix of ``name`` and its unit type, or None.

    A trailing note in brackets is looked through: 市教育局(市委教育工委) ends in 局."""
    table, lengths = knowledge.suffix_index()
    core = _TRAILING_NOTE.sub('', name) or name
    for candidate in (name, core):
        for k in lengths:
            if len(candidate) >= k and candidate[-k:] in table:
                return candidate[-k:], table[candidate[-k:]]
    return None


@knowledge.derived
def is_place(name: str) -> bool:
    """A bare place name: 花溪区, 清镇市, 普宁市, 平阳县 (not 各县市区, not 高新区)."""
    if not (2 <= len(name) <= 8 and name[-1] in PLACE_ENDINGS and _HAN.fullmatch(name) is not None):
        return False
    if name.startswith('各') or any(ch in _NOT_IN_NAMES for ch in name):
        return False
    hit = suffix_type(name)
    return not (hit and hit[1] == 'park')


def has_place_prefix(name: str) -> bool:
    """Does the name start with a level or place: 市/县/区/省/各…, 花溪区…, 中共…?"""
    if name[:1] in '省市县区州盟旗镇乡各团' or name.startswith(('中共', '国家', '中国', '全国')):
        return True
    return any(is_place(name[:i]) for i in range(2, min(len(name), 8) + 1))


_LOCAL_COLLECTIVE = re.compile(r'属地(?:[县市区]级?)?(?:乡镇|街道|镇街|镇|乡|村|社区|政府|党委|党委政府|党委和政府|部门|'
                               r'主管部门|管理部门|单位)(?:人民政府|政府|党委|办事处)?')
_ROLE_COLLECTIVE = re.compile(r'各[\u4e00-\u9fff]{0,12}(?:牵头|配合|协办|参与)(?:单位|部门)')


@knowledge.derived
def looks_like_unit(name: str) -> bool:
    """Does this string read like the name of a unit (department, government, body)?

    >>> looks_like_unit('市教育局'), looks_like_unit('各乡镇场街道'), looks_like_unit('2025年底前')
    (True, True, False)
    """
    name = name.strip()
    if not 2 <= len(name) <= 45 or not balanced(name):
        return False
    if national_body(name):
        return True
    if re.search(r'[。;；:：!！?？“”"《》\d]', name):
        return False
    bare = _NOTES.sub('', name)
    if _LOCAL_COLLECTIVE.fullmatch(bare):       # 属地乡镇, 属地政府: the local ones, a collective
        return True
    if _ROLE_COLLECTIVE.fullmatch(bare):        # 各项目牵头单位, 各配合部门: the units of that role
        bare = bare[:-4]
        return len(bare) <= 12 and not (_role_words().search(bare) or verbs().search(bare) or
                                        any(ch in _NOT_IN_NAMES for ch in bare))
    if any(ch in _NOT_IN_NAMES for ch in bare) or _LEADING_JUNK.match(bare) or \
            _role_words().search(bare.replace('政协', '')):      # 区政协办 holds no 协办
        return False
    if bare.startswith('各') and len(bare) >= 2:
        return len(bare) <= 20 and not verbs().search(bare)
    if '有关' in bare or '相关' in bare:      # 有关部门; 相关市(州)人民政府
        return bool(re.search(r'(单位|部门|机构|高校|学校|企业|成员单位|组织|人民政府|政府|管委会)$', bare))
    hit = suffix_type(name)
    if hit:
        return len(name) > len(hit[0]) or hit[0] in ('妇联', '残联', '科协', '团委', '侨联', '文联',
                                                   '工商联', '总工会', '共青团')
    return is_place(name)


def national_body(name: str) -> knowledge.Body | None:
    """The central body a name (full or short) stands for, from national_units.tsv."""
    return knowledge.national_bodies().get(name.translate(_ASCII_BRACKETS))


_ASCII_BRACKETS = str.maketrans('（）', '()')
# Unit types of central bodies whose name ends in no known suffix (人民银行, 审计署).
_CATEGORY_TYPES = {'党中央机构': 'party', '群团组织': 'mass', '中央企业': 'enterprise', '金融机构': 'enterprise',
                   '国家机关': 'other', '中央军委机构': 'other'}


@knowledge.derived
def verbs() -> re.Pattern:
    """Words of running text (list_words.tsv, kind verb): no part of a name of an unknown kind."""
    return re.compile('|'.join(map(re.escape, knowledge.word_list('list_words.tsv', 'verb'))) or '(?!)')


@knowledge.derived
def plausible_name(name: str) -> bool:
    """Could this be a unit whose kind graphkit does not know (杭州某某物业, 县红白理事会)?
    For list items whose neighbours or label already say they are units: Han
    characters (and brackets) only, short, no particle, role word or verb.

    >>> plausible_name('县红白理事会'), plausible_name('加强宣传引导'), plausible_name('市教育局的')
    (True, False, False)
    """
    name = name.strip()
    # two characters with no known ending are a word (受理, 备案), not a name
    if not 3 <= len(name) <= 25 or not balanced(name) or re.search(r'[^\u4e00-\u9fff()（）〔〕·]', name):
        return False
    bare = _NOTES.sub('', name)
    return not (any(ch in _NOT_IN_NAMES for ch in bare) or _LEADING_JUNK.match(bare) or
                _role_words().search(bare) or verbs().search(bare))


@knowledge.derived
def _person_words() -> tuple[tuple[str, ...], re.Pattern]:
    words = knowledge.words('persons.tsv')
    titles = sorted((w for w, *_ in words.get('title', ())), key=len, reverse=True)
    return (tuple(w for w, *_ in words.get('surname', ())),
            re.compile('^(?:' + ('|'.join(map(re.escape, titles)) or '(?!)') + ')|(?:' +
                       ('|'.join(map(re.escape, titles)) or '(?!)') + ')$'))


@knowledge.derived
def is_person(name: str) -> bool:
    """Does this list item name a person rather than a unit: a family name and one or
    two characters (张三, 欧阳明), with or without an office (副区长张三, 张三(副区长)),
    or an office alone (分管副区长)? From data/persons.tsv.

    >>> is_person('张三'), is_person('王小明(副区长)'), is_person('分管副区长'), is_person('王局长')
    (True, True, True, True)
    >>> is_person('市教育局'), is_person('单位'), is_person('江北区'), is_person('文化和旅游部'), is_person('曹宅镇')
    (False, False, False, False, False)
    """
    surnames, titled = _person_words()
    name = _SPACES.sub('', name)
    had_title = False
    note = _TRAILING_NOTE.search(name)
    if note and note.start() and titled.search(note.group(0)[1:-1]):
        name, had_title = name[:note.start()], True
    while True:
        m = titled.search(name)
        if not m or not m.group(0):
            break
        name, had_title = name[:m.start()] + name[m.end():], True
    if not name or had_title and name in surnames:
        return had_title          # 分管副区长; 王局长
    if not 2 <= len(name) <= 4 or _HAN.fullmatch(name) is None or suffix_type(name) or \
            national_body(name) or is_place(name) or _is_township(name) and len(name) >= 3:
        return False        # 曹宅镇, 孟村乡: townships, not people
    return name.startswith(surnames) and (len(name) <= 3 or name[:2] in surnames)


def split_persons(text: str) -> list[str]:
    """The people of a cell or field: split at separators and spaces, an office
    alone joined to the name beside it (副市长 王强 → 副市长王强).

    >>> split_persons('副市长 王强、张伟'), split_persons('刘洋 陈静')
    (['副市长王强', '张伟'], ['刘洋', '陈静'])
    """
    pieces = [p for p, _, _ in split_top(text, LIST_SEPARATORS + ' \u3000\t')]
    surnames, titled = _person_words()
    out: list[str] = []
    for piece in pieces:
        if out and titled.fullmatch(out[-1]) and not titled.fullmatch(piece):
            out[-1] += piece
        else:
            out.append(piece)
    return out


@knowledge.derived
def unit_type(name: str) -> str:
    """Coarse unit type from the name's suffix (``collective`` for 各…/有关…)."""
    bare = _NOTES.sub('', name)
    if re.search(r'(有关|相关)', bare) or (bare.startswith('各') and
                                        not re.search(r'(政府|办事处)$', bare)):
        return 'collective'
    if is_place(name):
        return 'lower-government'
    body = national_body(name)
    if body:       # 人民银行 is a ministry, though 银行 ends the names of enterprises
        hit = suffix_type(body.name)
        return _CATEGORY_TYPES.get(body.category) or \
            (hit[1] if hit and hit[1] in ('commission', 'office') else 'government')
    hit = suffix_type(name)
    return hit[1] if hit else 'unknown'


@knowledge.derived
def _contact_note() -> re.Pattern:
    words = '|'.join(map(re.escape, knowledge.word_list('list_words.tsv', 'contact'))) or '(?!)'
    return re.compile(rf'[,，;；、]?\s*(?:{words})[:：]?[^()（）]*(?=[)）])')


@knowledge.derived
def clean_item(item: str) -> str:
    """Strip what surrounds a unit name in a list: 由…, …等, spaces, stray brackets."""
    item = _SPACES.sub('', item).strip('。.,，、;；:：')
    if '(' in item or '（' in item:
        item = _contact_note().sub('', item).replace('()', '').replace('（）', '')
    while True:
        new = _LEADING_JUNK.sub('', item, count=1) if not item.startswith('各级') else item
        new = _TRAILING_JUNK.sub('', new) if new not in ('有关部门', '有关单位') else new
        if new == item:
            break
        item = new
    # A lone unmatched bracket left over from a cut clause.
    if item and item[-1] in CLOSE and not balanced(item):
        item = item[:-1]
    if item and item[0] in OPEN and not balanced(item):
        item = item[1:]
    return item


_STRONG_ENDINGS = ('局', '政府', '中心', '办公室', '办公厅', '厅', '院', '部', '联合会', '分局', '处',
                   '办事处', '公司', '集团', '管委会', '街道', '区', '县', '市', '旗')


_BRANCH = re.compile(r'(.{2,8}?)(分局|支队|大队|中队|分中心|分院|分所|管理所|派出所)')


def split_glued(item: str) -> list[str]:
    """Cut names glued without a separator, where every part is a unit name.

    >>> split_glued('云岩区花溪区'), split_glued('市委宣传部市教育局'), split_glued('清镇市政府')
    (['云岩区', '花溪区'], ['市委宣传部', '市教育局'], ['清镇市政府'])
    """
    if len(item) < 5 or not _HAN.fullmatch(item) or item.startswith('各'):
        return [item]     # 各县市区政府 is one collective, not 各县 + 市区政府
    for i in range(2, len(item) - 1):
        left, right = item[:i], item[i:]
        if not left.endswith(_STRONG_ENDINGS) or not looks_like_unit(left):
            continue
        # The right part must stand on its own: not a bare suffix (清镇市|政府),
        # not a word starting with a level (市区, 县域), and start like a name.
        hit = suffix_type(right)
        if hit and hit[0] == right or _PREFIX_WORDS.match(right):
            continue
        if right[0] == '各':
            continue      # 贵安新区各乡镇: the towns of a place, one collective
        if left.startswith(('国家', '中国')) and right[0] not in '市县区省' and has_place_prefix(right):
            continue      # 国家税务总局湖南省税务局: a national body's branch in a place
        branch = _BRANCH.fullmatch(right)
        if branch and is_place(branch.group(1)):
            continue      # 市公安局天河区分局: the city bureau's branch in a district
        if right[0] in '市县区省' and len(right) >= 3 or has_place_prefix(right):
            rest = split_glued(right)
            if all(looks_like_unit(r) for r in rest) and (is_place(left) == is_place(rest[0]) or
                                                          not is_place(left)):
                return [left] + rest
    return [item]


_CONJUNCTION = re.compile('(和|及|与|以及)')


def split_conjunctions(item: str) -> list[str]:
    """Cut ``A和B`` when both sides are unit names (but not 人力资源和社会保障局).

    >>> split_conjunctions('市财政局和市人力资源和社会保障局')
    ['市财政局', '市人力资源和社会保障局']
    """
    for m in _CONJUNCTION.finditer(item):
        left, right = item[:m.start()], item[m.end():]
        if not (looks_like_unit(left) and suffix_type(left)) or not right:
            continue
        hit = suffix_type(right)
        if hit and hit[0] == right:
            # 各区(县、市)党委和政府: the government of the same places
            shared = next((x for x in shared_suffixes() if left.endswith(x)), None)
            if shared and right in shared_suffixes() and len(left) > len(shared):
                return [left, left[:-len(shared)] + right]
            continue
        if right[0] in '市县区省各' or has_place_prefix(right) or hit:
            rest = split_conjunctions(right)
            if all(looks_like_unit(r) for r in rest):
                return [left] + rest
    return [item]


def split_units(text: str) -> list[str]:
    """Split a list of unit names as a document writes it.

    >>> split_units('贵安新区各乡镇、街道')
    ['贵安新区各乡镇', '贵安新区各街道']
    >>> split_units('各区〔市、县〕政府,市直有关单位')
    ['各区〔市、县〕政府', '市直有关单位']
    """
    return list(_split_units(text))


@knowledge.derived
def _split_units(text: str) -> tuple[str, ...]:
    out = []
    # A suffix or prefix is shared within a 、-list, not across commas:
    # 咸宁高新区，各县市区政府 are two groups.
    for group, _, _ in split_top(text, ',，;；'):
        items = []
        for listed, _, _ in split_top(group, '、'):
          for raw in _rejoin_lines([p for p, _, _ in split_top(listed, ' \u3000\t')]):
            for piece in _split_etc(raw):
                piece = clean_item(piece)
                if not piece:
                    continue
                for part in split_conjunctions(piece):
                    items.extend(split_glued(clean_item(part)))
        items = [i for i in items if i]
        _join_levels(items)
        _share_suffix(items)
        _share_prefix(items)
        _share_department_prefix(items)
        out.extend(items)
    return tuple(out)


_ETC_AND = re.compile(r'等(?:和|及|以及|与)(?=[\u4e00-\u9fff])')
_ETC_COLLECTIVE = re.compile(r'等((?:各)?(?:有关|相关)[\u4e00-\u9fff]{2,8})$')


def _split_etc(piece: str) -> list[str]:
    """``等`` ends a part of a list: ``A、B等和各省级人民政府`` → …B | 各省级人民政府, and
    ``X等有关部门(和单位)`` names X and the collective (``X等部门``, ``X等`` name X only).

    >>> _split_etc('全国总工会等和各省级人民政府'), _split_etc('商务部等有关部门和单位')
    (['全国总工会', '各省级人民政府'], ['商务部', '有关部门和单位'])
    """
    if '等' not in piece:
        return [piece]
    out = []
    # never inside brackets: 市教育局(等和…) is one piece
    parts = _ETC_AND.split(piece)
    if not all(balanced(p) for p in parts):
        parts = [piece]
    for part in parts:
        m = _ETC_COLLECTIVE.search(part)
        if m and m.start() >= 2 and looks_like_unit(m.group(1)) and unit_type(m.group(1)) == 'collective':
            out += [part[:m.start()], m.group(1)]
        else:
            out.append(part)
    return out


def _rejoin_lines(fragments: list[str]) -> list[str]:
    """Pieces of a list that were apart only by a space or a line break (a table cell's
    lines): a name broken over lines is one again (区政务服务 / 数据管理局), a bracket
    alone on its line belongs to the name above (区大数据中心 / (区信息中心)).

    >>> _rejoin_lines(['区政务服务', '数据管理局']), _rejoin_lines(['区财政局', '区金融办'])
    (['区政务服务数据管理局'], ['区财政局', '区金融办'])
    >>> _rejoin_lines(['区大数据中心', '(区信息中心)'])
    ['区大数据中心(区信息中心)']
    """
    if len(fragments) < 2:
        return fragments
    out: list[str] = []
    i = 0
    while i < len(fragments):
        frag = fragments[i]
        if out and frag[:1] in OPEN and balanced(frag) and looks_like_unit(out[-1]):
            out[-1] += frag
            i += 1
            continue
        # 区 / 财政金融 / 局: a fragment that is no name, with the next ones, is one
        k = next((k for k in (1, 2) if i + k < len(fragments) and not looks_like_unit(frag) and
                  not is_person(frag) and looks_like_unit(''.join(fragments[i:i + k + 1]))), 0)
        out.append(''.join(fragments[i:i + k + 1]))
        i += k + 1
    return out


_LEVEL_WORD = r'(?:设区市|省辖市|地级市|县级市|自治县|[省市县区乡镇旗州盟])'
_LEVEL_RUN_START = re.compile(rf'各(?:有关|相关)?{_LEVEL_WORD}+([(（〔][省市县区乡镇旗州盟、]+[)）〕])?')
_LEVEL_RUN_ITEM = re.compile(rf'(?:{_LEVEL_WORD}|园区)+([(（〔][省市县区乡镇旗州盟、]+[)）〕])?')


# 各区、市财政局 is the districts and the city's bureau: a run of levels goes down, not up
_LEVEL_RANK = {'省': 0, '市': 1, '州': 1, '盟': 1, '县': 2, '区': 2, '旗': 2, '园': 2, '乡': 3, '镇': 3}


def _department_of_levels(rest: str) -> bool:
    """Is ``rest`` a department that each government of a level run has (各区、县|教育局;
    各县区、园区|燃气管理部门), not a word of the last level (市|直有关单位, 县|级…)?"""
    return len(rest) >= 3 and not rest.startswith(('直', '级', '属', '域', '内', '外', '有关', '相关', '各')) and \
        bool(suffix_type(rest)) and looks_like_unit(rest) and not verbs().search(rest) and '有关' not in rest


def _join_levels(items: list[str]) -> None:
    """各区、县(市)政府 is one collective unit, as 各区〔市、县〕政府 is: a run of bare
    level words after 各… whose last member carries the suffix (or a bracket); a run of
    bare level words alone (各区、县级市; 各有关区、县级市) is the governments of those levels.

    >>> for items in (['市教育局', '各区', '县级市'], ['各有关区', '县级市', '市直有关单位'], ['各区', '市财政局'],
    ...               ['各区', '县教育局'], ['各县区', '园区燃气管理部门'], ['各县', '市直有关单位']):
    ...     _join_levels(items); print(items)
    ['市教育局', '各区、县级市']
    ['各有关区、县级市', '市直有关单位']
    ['各区', '市财政局']
    ['各区、县教育局']
    ['各县区、园区燃气管理部门']
    ['各县', '市直有关单位']
    """
    i = 0
    while i < len(items):
        if _LEVEL_RUN_START.fullmatch(items[i]):
            j = i + 1
            while j < len(items) and _LEVEL_RUN_ITEM.fullmatch(items[j]):
                j += 1
            tail = items[j] if j < len(items) else ''
            m = _LEVEL_RUN_ITEM.match(tail)
            if m and (tail[m.end():] in shared_suffixes() or _department_of_levels(tail[m.end():]) and
                      _LEVEL_RANK.get(tail[0], 9) >= _LEVEL_RANK.get(items[i].lstrip('各有关相')[:1], 0)):
                items[i:j + 1] = ['、'.join(items[i:j + 1])]
            elif j > i + 1:
                items[i:j] = ['、'.join(items[i:j])]
        i += 1


_PARK_SUFFIXES = ('管委会', '管理委员会', '党工委')


def _is_park(name: str) -> bool:
    """A park's name (高新区, 兰州经开区), not its committee (高新区管委会)."""
    hit = suffix_type(name)
    return bool(hit) and hit[1] == 'park' and hit[0] not in _PARK_SUFFIXES and \
        _HAN.fullmatch(name) is not None and len(name) <= 10


def _is_place_or_park(name: str) -> bool:
    return is_place(name) or _is_park(name)


def _is_township(name: str) -> bool:
    """A bare township name: 大盛镇, 新集乡, 城关街道."""
    return (3 <= len(name) <= 8 and name.endswith(('镇', '乡', '街道')) and not name.startswith('各')
            and _HAN.fullmatch(name) is not None and not any(ch in _NOT_IN_NAMES for ch in name))


_FIELD_WORD = re.compile(r'[\u4e00-\u9fff]{2,8}')


def _share_suffix(items: list[str]) -> None:
    """A suffix written once for a run of list members: places (A、B、C县人民政府), townships,
    parks, and departments named by their field (教育、卫生、人社部门 → 教育部门 …).

    >>> items = ['市发改委', '教育', '卫生', '人社部门']; _share_suffix(items); items
    ['市发改委', '教育部门', '卫生部门', '人社部门']
    """
    if len(items) < 2:
        return
    last = items[-1]
    if last.endswith('部门') and len(last) > 2 and not re.search('有关|相关|^各', last):
        i = len(items) - 2
        while i >= 0 and _FIELD_WORD.fullmatch(items[i]) and not suffix_type(items[i]) and \
                not looks_like_unit(items[i]) and not verbs().search(items[i]) and not is_place(items[i]) and \
                not is_person(items[i]):
            items[i] += '部门'
            i -= 1
        if i < len(items) - 2:
            return
    for suffix in shared_suffixes():
        if last.endswith(suffix):
            head = last[:-len(suffix)]
            same = is_place if is_place(head) else _is_township if _is_township(head) else None
            if suffix in _PARK_SUFFIXES and (same is not None or _is_park(head)):
                same = _is_place_or_park     # 济南高新区、南部山区、起步区管委会
            if same is None:
                continue
            i = len(items) - 2
            while i >= 0 and same(items[i]) and not items[i].endswith(suffix):
                items[i] += suffix
                i -= 1
            return


_LEVEL_IN_WORD = re.compile(r'[省市县区](场|民|域|级|内|外|属|情|长|容|貌)')
_PREFIX_END = ('局', '委', '厅', '办', '部', ')', '）', '〕', '县', '市', '区', '省', '州')


def _names_a_place(item: str) -> bool:
    from .resolution import is_place_name     # resolution reads unit names: imported late
    return any(is_place_name(item[:k]) for k in (2, 3, 4))


def _share_department_prefix(items: list[str]) -> None:
    """A department written without the prefix of the one before it takes that prefix:
    各县(市、区)教育局、公安局 → …、各县(市、区)公安局; 市公安局网安支队、技侦支队."""
    for i in range(1, len(items)):
        item = items[i]
        hit = suffix_type(item)
        if not hit or len(item) > 6 or item.startswith('各') or has_place_prefix(item) or \
                not looks_like_unit(item) or any(ch in item for ch in '省市县区州盟旗镇乡') or _names_a_place(item):
            continue      # 贵安新区经济发展局, 大连海事局 name their own place
        prev = items[i - 1]
        for k in range(len(prev) - len(hit[0]) - 1, 0, -1):
            head, rest = prev[:k], prev[k:]
            if head.endswith(_PREFIX_END) and has_place_prefix(head) and (suffix_type(rest) or ('',))[0] == hit[0] \
                    and not _LEVEL_IN_WORD.match(prev, k - 1):      # 各区|市场监管部门, not 各区市|场…
                items[i] = head + item
                break


def _share_prefix(items: list[str]) -> None:
    for i in range(1, len(items)):
        if items[i] in level_words():
            m = re.match(r'(.+?各)', items[i - 1])
            if m and len(m.group(1)) > 1 and balanced(m.group(1)):
                items[i] = m.group(1) + items[i]
            elif items[i - 1].startswith('各'):
                items[i] = '各' + items[i]


# --- mentions -------------------------------------------------------------

# A bare 市/县/区/省 starts a unit name unless it ends a word: 城市, 全县, 社区, 我市.
_WORD_BEFORE_PREFIX = set('城全本我该各跨省县市区社园地山景片辖郊都超上门股集夜乡镇街')
# Characters of running text that never occur inside a mentioned name.
_NOT_IN_MENTIONS = _NOT_IN_NAMES | set('为以于与和及或在将对把是有要应等从向按')
_MENTION_SKIP = ('署', '所', '站', '队', '处', '科', '部', '院', '委', '办', '场', '厅', '会')
# Words that start with 市/县/区/省 but are no unit: 市场, 县域, 区域, 省级 …
_PREFIX_WORDS = re.compile(r'[省市县区](场|民|域|区|城|县|市|级|内|外|属|情|长|委书记|配套|直属|镇|乡|两级|三级|四级|五级)')
# Words ending in 局 that are no department: 布局, 格局, 大局 …
_NOT_A_BUREAU = set('布格结大全当开变新战僵残饭棋赌')
# A place and a kind of school is a category, not a unit: 平阳县中小学.
_GENERIC = re.compile(r'[\u4e00-\u9fff]{0,6}[省市县区](中小学校?|中学|小学|学校|幼儿园|高校|中职学校|职业院校)')


@knowledge.derived
def _mention_body() -> re.Pattern:
    """What follows a mention's place or level: 教育局, 委宣传部, 政府办公室…"""
    suffixes = {s for s, kind in knowledge.unit_suffixes()
                if kind != 'collective' and s not in _MENTION_SKIP}
    suffixes |= {'宣传部', '组织部', '统战部', '委员会', '卫健委', '发改委', '政法委', '编办', '法院',
                 '检察院', '研究院', '党校', '教育厅', '财政厅', '办公厅', '人大常委会', '政协'}
    alternation = '|'.join(sorted((re.escape(s) for s in suffixes), key=len, reverse=True))
    return re.compile(rf'(?:委|政府)?[\u4e00-\u9fff]{{0,10}}?(?:{alternation})')


_MENTION_START = re.compile('中共|[省市县区]')


def _mention_starts(text: str, places: tuple[str, ...]) -> list[tuple[int, int]]:
    """``(start, end of the place or level)`` of every possible mention, in order:
    at 中共, a bare level, or a place of the document (longest first)."""
    out = {}
    for m in _MENTION_START.finditer(text):
        i = m.start()
        j = i + 2 if m.group() == '中共' else i
        place = next((p for p in places if text.startswith(p, j)), None)
        if place:
            out.setdefault(i, j + len(place))
        elif j < len(text) and text[j] in '省市县区':
            out.setdefault(i, j + 1)
    for place in places:
        i = text.find(place)
        while i >= 0:
            out.setdefault(i, i + len(place))
            i = text.find(place, i + 1)
    return sorted(out.items())


def find_mentions(text: str, places: tuple[str, ...] = (), known: tuple[str, ...] = ()) -> list[str]:
    """Unit names that a measure's text mentions (not attribution), in order, unique.

    ``places`` are place names whose units may be mentioned with their place
    (普宁市, 平阳县); ``known`` are unit names met elsewhere in the document.

    >>> find_mentions('由市财政局和市人力资源社会保障局根据考核结果确定')
    ['市财政局', '市人力资源社会保障局']
    >>> find_mentions('充分利用县妇联、县精神文明指导中心等资源,全市中小学')
    ['县妇联', '县精神文明指导中心']
    """
    body = _mention_body()
    places = tuple(sorted(places, key=len, reverse=True))
    found: dict[str, int] = {}
    i = 0
    for i_start, after in _mention_starts(text, places):
        if i_start < i:
            continue
        bare = text[i_start] in '省市县区'
        if bare and (i_start and text[i_start - 1] in _WORD_BEFORE_PREFIX or
                     _PREFIX_WORDS.match(text, i_start)):
            continue
        m = body.match(text, after)
        if not m:
            continue
        name = text[i_start:m.end()]
        for part in split_conjunctions(name):
            if re.match(r'[省市县区](一?级|内|外|以上|以下)', part) or '工作' in part or \
                    any(c in _NOT_IN_MENTIONS for c in part):
                continue    # 市级示范学校, 省内学校: a level or running text, not a unit
            if part.endswith('局') and part[-2:-1] in _NOT_A_BUREAU or _GENERIC.fullmatch(part):
                continue
            if bare and part not in known and (verbs().match(part, 1) or
                                               part[1:].startswith(knowledge.word_list('list_words.tsv', 'after_level'))):
                continue    # 在区建设科技产业园: 区 + a verb is running text
            # A school or kindergarten is named with its place (普宁市第一中学);
            # 县特殊教育学校 after a bare 县 is a kind of school, not one.
            if bare and unit_type(part) == 'school' and part not in known:
                continue
            if looks_like_unit(part) or part in known:
                found.setdefault(part, i_start)
        i = m.end()
    for name in known:
        pos = text.find(name)
        if pos >= 0 and not any(name in f for f in found):
            found.setdefault(name, pos)
    return [n for n, _ in sorted(found.items(), key=lambda kv: kv[1])]
