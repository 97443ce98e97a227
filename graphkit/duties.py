"""duties: attribution clauses → (unit, role).

An attribution clause names the units responsible for a measure. The forms
understood (keywords come from ``data/roles.tsv``, conventions from
``data/conventions.txt``):

* labelled fields — ``(牵头单位:A;责任单位:B、C)``, ``牵头部门:A  配合部门:B``;
* a labelled list with no lead, ``(责任单位:A、B)``, and a bare list ``(A、B、C)``:
  the first listed leads;
* phrases — ``A牵头,B、C配合``, ``由A牵头,B参与``, ``A、B负责``;
* a convention declared once (``排名第一位为牵头单位,下同``) that labels every
  later first-listed lead as ``declared``.

>>> c = parse_clause('牵头单位:市教育局;责任单位:市财政局、市人社局')
>>> [(d.unit, d.role, d.source) for d in c.duties]
[('市教育局', 'lead', 'labelled'), ('市财政局', 'support', 'labelled'), ('市人社局', 'support', 'labelled')]
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from . import knowledge
from .model import Duty
from .units import (LIST_SEPARATORS, OPEN, ROUND_BRACKETS, clean_item, has_place_prefix, is_person, is_place,
                    looks_like_unit, plausible_name, split_persons, split_top, split_units, suffix_type, unclosed_bracket,
                    unit_type, verbs)


@dataclass
class Clause:
    """A parsed attribution clause: its duties, deadline and span (document offsets)."""
    duties: list[Duty]
    deadline: str | None = None
    start: int = 0
    end: int = 0
    declares: bool = False           # the clause declares the first-listed convention
    dropped: list[str] = field(default_factory=list)   # items that were not unit names
    persons: list[str] = field(default_factory=list)   # people named (责任领导:张三), never units


@knowledge.derived
def label_regex() -> re.Pattern:
    """Field labels (牵头单位:, 责任单位 …) from roles.tsv; short ones need a colon."""
    roles = knowledge.role_keywords()['label']
    labels = sorted(roles, key=len, reverse=True)
    # short labels and those naming people (责任人) need their colon: 责任人员 is a word
    needs_colon = {k for k in labels if len(k) <= 2 or roles[k] in ('person', 'ignore')}
    long = '|'.join(re.escape(k) for k in labels if k not in needs_colon) or '(?!)'
    short = '|'.join(re.escape(k) for k in labels if k in needs_colon) or '(?!)'
    # the lookahead on first characters lets the scanner skip most positions fast
    first = ''.join(sorted({re.escape(k[0]) for k in labels})) or '^\\s\\S'
    # 牵头部门(单位): a second word for the field in brackets
    alt = r'(?:\((?:单位|部门|领导|单位、部门|部门、单位)\))?'
    # 责任单位及承办科室(单位): — a second field named beside it, read as one
    also = r'(?:及[\u4e00-\u9fff]{2,6}(?:\([\u4e00-\u9fff、]{1,6}\))?(?=\s*:))?'
    return re.compile(rf'(?=[{first}])(?:(?:{long}){alt}{also}\s*(?::|\s+|(?=[\u4e00-\u9fff]))|'
                      rf'(?:{short}){alt}{also}\s*:)')


@knowledge.derived
def _bracketed_label() -> re.Pattern:
    labels = sorted(knowledge.role_keywords()['label'], key=len, reverse=True)
    return re.compile(r'[\[〔]\s*(' + '|'.join(map(re.escape, labels)) + r')\s*[\]〕]\s?')


def label_form(p: str) -> str:
    """Labels written in brackets, ``【牵头单位】A`` / ``〔责任单位〕B``, as ``牵头单位:A``
    (same length: offsets are kept). A bracket between a name and a separator is a
    role mark, not a label: 市教育局〔牵头〕、市财政局.

    >>> label_form('[牵头单位]市教育局 〔配合单位〕市财政局')
    ' 牵头单位:市教育局  配合单位:市财政局'
    """
    if '[' not in p and '〔' not in p:
        return p

    def label(m: re.Match) -> str:
        before = p[m.start() - 1] if m.start() else ''
        after = p[m.end():m.end() + 1]
        if re.match(r'[\u4e00-\u9fff\w]', before) and not re.match(r'[\u4e00-\u9fff\w]', after):
            return m.group(0)
        return ' ' + m.group(1) + ':' + ' ' * (len(m.group(0)) - len(m.group(1)) - 2)
    return _bracketed_label().sub(label, p)


@knowledge.derived
def _phrase_hint() -> re.Pattern:
    """Any phrase keyword: a sentence without one holds no phrase clause."""
    words = sorted(knowledge.role_keywords()['phrase'], key=len, reverse=True)
    first = ''.join(sorted({re.escape(w[0]) for w in words})) or '^\\s\\S'
    return re.compile(f'(?=[{first}])(?:' + ('|'.join(map(re.escape, words)) or '(?!)') + ')')


@knowledge.derived
def _phrase_keywords() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(knowledge.role_keywords()['phrase'].items(), key=lambda kv: -len(kv[0])))


def _label_role(label: str) -> str:
    return knowledge.role_keywords()['label'][re.sub(r'[\s:]|\(.*\)|及.*', '', label)]


@knowledge.derived
def is_deadline(text: str) -> bool:
    """Is this segment of a clause a deadline (2025年底前, 持续推进)?"""
    text = _SPACE.sub('', text).strip('。.')
    return knowledge.any_pattern('deadlines.txt').search(text) is not None


@knowledge.derived
def declares_convention(text: str) -> bool:
    return knowledge.any_pattern('conventions.txt').search(text) is not None


@knowledge.derived
def _strip_phrase(segment: str) -> tuple[str, str | None]:
    """Split ``A、B牵头`` into ``('A、B', 'lead')``; role None when no keyword ends it."""
    seg = segment.strip().rstrip('。.')
    for keyword, role in _phrase_keywords():
        if seg.endswith(keyword) and len(seg) > len(keyword):
            rest = seg[:-len(keyword)]
            last = clean_item((split_units(rest) or [''])[-1])
            if looks_like_unit(last) or plausible_name(last) and len(split_units(rest)) > 1:
                return rest, role      # a name of a kind graphkit does not know may close a list
            if looks_like_unit(seg):
                continue        # 区政协办 is a unit, not 区政 + 协办
            break               # 各乡镇人民政府按属地落实: more words than the keyword
    return _role_tail(seg)


def _role_tail(seg: str) -> tuple[str, str | None]:
    """A list followed by how it takes part in words the table does not hold as one
    keyword (各乡镇人民政府按属地落实, 县财政局协同推进): the list, and the strongest
    role of the keywords in that tail (牵头 → lead, 配合 → support, else responsible).
    The tail must consist of role keywords and manner words (list_words.tsv)."""
    tokens = _tail_tokens()
    for i in range(len(seg) - 2, 1, -1):
        tail = seg[i:]
        if len(tail) > 14:
            break
        roles = _tokenise_tail(tail, tokens)
        if roles is None or suffix_type(tail):
            continue
        head = seg[:i]
        last = clean_item((split_units(head) or [''])[-1])
        # the list must end in a whole name: 各县(市、区)人民政府|属地负责, not …政府属|地负责
        if looks_like_unit(last) and (suffix_type(last) or is_place(last)):
            return head, 'lead' if 'lead' in roles else 'support' if 'support' in roles else 'responsible'
    return seg, None


@knowledge.derived
def _tail_tokens() -> tuple[tuple[str, str | None], ...]:
    """Role keywords (with their role) and manner words (role None), longest first."""
    words = dict(_phrase_keywords())
    for w in knowledge.word_list('list_words.tsv', 'manner'):
        words.setdefault(w, None)
    return tuple(sorted(words.items(), key=lambda kv: -len(kv[0])))


def _tokenise_tail(tail: str, tokens) -> set | None:
    """The roles of a tail made only of tokens (None if it holds anything else, or
    no word saying a role or an action)."""
    roles, i, acted = set(), 0, False
    while i < len(tail):
        for word, role in tokens:
            if tail.startswith(word, i):
                if role:
                    roles.add(role)
                acted = acted or role is not None or word == '推进'
                i += len(word)
                break
        else:
            return None
    return roles or ({'responsible'} if acted else None)


@knowledge.derived
def _role_marks() -> tuple[re.Pattern, dict[str, str]]:
    """Roles written in brackets after a name, A(牵头): the pattern and word → role."""
    roles = {word: rest[0] for word, *rest in knowledge.words('list_words.tsv').get('mark', ()) if rest}
    words = '|'.join(map(re.escape, sorted(roles, key=len, reverse=True))) or '(?!)'
    return re.compile(rf'[(（〔\[]({words})[)）〕\]]$'), roles


def _units_of(text: str, dropped: list[str], marks: dict | None = None,
              persons: list[str] | None = None) -> list[str]:
    """Unit names of a list known to be one (a labelled field, a checked clause): besides
    recognised unit names it keeps names of kinds graphkit does not know
    (:func:`plausible_name`); ``marks`` collects roles written after a name: A(牵头);
    ``persons`` the names of people (张三, 王小明副区长), which are never units."""
    out = []
    mark, mark_roles = _role_marks()
    for item in split_units(text):
        m = mark.search(item)
        if m:
            item = item[:m.start()]
        item, _ = _strip_phrase(item)
        item = clean_item(item)
        if not item:
            continue
        if is_person(item):
            if persons is not None:
                persons.append(item)
            continue
        if looks_like_unit(item) or plausible_name(item):
            out.append(item)
            if m and marks is not None and mark_roles[m.group(1)] in ('lead', 'support'):
                marks[item] = mark_roles[m.group(1)]
                if m.group(1).startswith(('共同', '联合')):     # A、B(共同牵头): both lead
                    marks.update((earlier, 'lead') for earlier in out)
        else:
            dropped.append(item)
    return out


def _apply_marks(duties: list[Duty], marks: dict) -> list[Duty]:
    """A list that marks its lead, 责任单位:A(牵头)、B: the marks decide the roles."""
    if not any(r == 'lead' for r in marks.values()):
        return duties
    return [Duty(d.unit, marks.get(d.unit, 'support'), 'labelled', d.span) for d in duties]


def _assign_first_listed(units: list[str], source: str, span) -> list[Duty]:
    return [Duty(u, 'lead' if i == 0 else 'support', source, span) for i, u in enumerate(units)]


def parse_clause(body: str, declared: bool = False, strict: bool = True,
                 span: tuple[int, int] | None = None) -> Clause | None:
    """Parse the body of an attribution clause; None when it is not one.

    ``declared``: a first-listed convention is in force (source ``declared``).
    ``strict``: an unlabelled clause must consist of unit names only; set it
    off for text already known to be a clause (a table cell).

    >>> [(d.unit, d.role, d.source) for d in parse_clause('市发展改革委牵头,市财政局、市教育局配合').duties]
    [('市发展改革委', 'lead', 'phrase'), ('市财政局', 'support', 'phrase'), ('市教育局', 'support', 'phrase')]
    >>> parse_clause('2023—2027年') is None
    True
    """
    body = body.strip()
    if '不' in body:       # a standing declaration (…不再列出) is the document's, not this clause's
        body = knowledge.any_pattern('standing.txt').sub('', body).strip()
    c = _parse(_join_spaced(body), declared, strict)
    if c is None:
        return None
    return Clause([Duty(d.unit, d.role, d.source, span) for d in c.duties], c.deadline,
                  declares=c.declares, dropped=list(c.dropped), persons=list(c.persons))


_SPACED = re.compile(r'(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff][ \u3000]+){2,}[\u4e00-\u9fff]')


def _join_spaced(text: str) -> str:
    """Names spaced out character by character (市　教　育　局) written whole."""
    if ' ' not in text and '\u3000' not in text:
        return text
    return _SPACED.sub(lambda m: re.sub(r'[ \u3000]+', '', m.group(0)), text)


_NEXT_ITEM_MARKER = re.compile(r'\n\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．])\s*$')


@knowledge.derived
def _parse(text: str, declared: bool, strict: bool) -> Clause | None:
    """parse_clause without spans; cached, as clause bodies recur across documents
    (callers get copies, never this object)."""
    if not text:
        return None
    span = None
    dropped: list[str] = []
    persons: list[str] = []
    deadline = None
    declares = False
    labels = list(label_regex().finditer(text))
    # Labels inside brackets belong to a unit name, not to the clause.
    labels = [m for m in labels if _depth_at(text, m.start()) == 0]
    if labels:
        fields = []
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            # a field ends at the next label, or at the marker of the next item: (二)责任单位:A\n(三)…
            value = _NEXT_ITEM_MARKER.sub('', text[m.end():end])
            fields.append((_label_role(m.group(0)), value.strip(' \n\t;,。.')))
        prefix = text[:labels[0].start()].strip(' ;,。.')
        if prefix:
            if declares_convention(prefix):
                declares = True
            elif is_deadline(prefix):
                deadline = prefix
            else:
                fields.insert(0, ('responsible', prefix))
        has_lead = any(role == 'lead' for role, _ in fields)
        duties: list[Duty] = []
        marks: dict[str, str] = {}
        for role, content in fields:
            if role == 'ignore':
                continue
            if role == 'person':
                persons += split_persons(content)
                continue
            pieces = []
            for seg, _, _ in split_top(content, ';,。'):
                seg, said = _drop_declaration(seg)
                declares = declares or said
                if not seg or _is_filler(seg):
                    pass
                elif is_deadline(seg) and role != 'deadline':
                    deadline = deadline or seg
                else:
                    pieces.append(seg)
            if role == 'lead':
                # 牵头单位:A,B、C按职责分工负责 — the units after A only help.
                helpers = [s for s in pieces if _strip_phrase(s)[1] in ('support', 'responsible')]
                pieces = [s for s in pieces if s not in helpers]
                for seg in helpers:
                    duties += [Duty(u, 'support', 'phrase', span) for u in _units_of(seg, dropped, marks, persons)]
            content = ','.join(pieces)     # groups stay groups: 襄城区、樊城区人民政府,市教育局
            if role == 'deadline':
                deadline = deadline or content or None
                continue
            phrased = [(seg, _strip_phrase(seg)[1]) for seg in pieces] if role == 'responsible' else []
            if not has_lead and any(r == 'lead' for _, r in phrased) and \
                    not any(d.role == 'lead' for d in duties):
                # 责任单位:A牵头,B、C配合: the phrases say who leads
                for seg, r in phrased:
                    duties += [Duty(u, 'lead' if r == 'lead' else 'support', 'phrase', span)
                               for u in _units_of(seg, dropped, marks, persons)]
                continue
            units = _units_of(content, dropped, marks, persons)
            if role == 'responsible' and not has_lead:
                source = 'declared' if (declared or declares) else 'first-listed'
                if any(d.role == 'lead' for d in duties):
                    duties += [Duty(u, 'support', 'labelled', span) for u in units]
                else:
                    duties += _assign_first_listed(units, source, span)
            else:
                duties += [Duty(u, 'lead' if role == 'lead' else 'support', 'labelled', span)
                           for u in units]
        if not duties and deadline is None:
            return None         # (联系人:王五) after a name is a note, no clause
        return Clause(_dedupe(_apply_marks(duties, marks)), deadline, declares=declares, dropped=dropped,
                      persons=persons)

    # No labels: phrases (A牵头,B配合) or a bare list (A、B、C).
    segments = []
    cut = False         # the list was cut out of a sentence (所需资金由A负责)
    for seg, _, _ in split_top(text, ';,。'):
        seg, said = _drop_declaration(seg)
        declares = declares or said
        if not seg:
            continue
        if _is_filler(seg):
            continue
        if is_deadline(seg):
            deadline = deadline or re.sub(r'\s+', '', seg)
            continue
        if '由' in seg and not seg.startswith('由'):
            head, _, tail = seg.rpartition('由')
            if not looks_like_unit(clean_item(head.split('、')[-1])):
                seg = tail
                cut = True
        units_text, role = _strip_phrase(seg)
        joint = joint_split(units_text) if role in ('lead', 'responsible', None) else None
        if joint:
            # A、B会同C负责: A leads, B and C join in.
            segments.append((joint[0], 'joint'))
            segments.append((joint[1], 'support'))
        else:
            segments.append((units_text, role))
    if not segments:
        return None
    if strict:
        # Every item must be a unit name, else this bracket is not a clause; a name
        # of an unknown kind passes beside known ones when it starts with a place, or
        # when the list closes with a role word (A、B按职责分工负责): then the clause is
        # one by its shape and every item that could be a name is one.
        items = [clean_item(_strip_phrase(item)[0]) for units_text, _ in segments
                 for item in split_units(units_text)]
        known = [looks_like_unit(i) for i in items]
        closed = any(role for _, role in segments) and not cut
        if not all(k or (plausible_name(i) and (has_place_prefix(i) or closed)) for i, k in zip(items, known)):
            return None
        if not any(known):
            return None
    phrased = any(role for _, role in segments)
    duties = []
    marks = {}
    if phrased:
        has_lead = any(role == 'lead' for _, role in segments)
        for units_text, role in segments:
            units = _units_of(units_text, dropped, marks, persons)
            if role == 'lead':
                duties += [Duty(u, 'lead', 'phrase', span) for u in units]
            elif role == 'joint':
                first = not has_lead and not any(d.role == 'lead' for d in duties)
                duties += [Duty(u, 'lead' if first and i == 0 else 'support', 'phrase', span)
                           for i, u in enumerate(units)]
            elif role in ('responsible', None) and not has_lead and \
                    not any(d.role == 'lead' for d in duties):
                # No lead named (A、B负责 / A,B按职责分工落实): the first listed leads.
                source = 'phrase' if role else ('declared' if declared or declares else 'first-listed')
                duties += [Duty(u, 'lead' if i == 0 else 'support', source, span)
                           for i, u in enumerate(units)]
            else:
                duties += [Duty(u, 'support', 'phrase', span) for u in units]
    else:
        units = []
        for units_text, _ in segments:
            units += _units_of(units_text, dropped, marks, persons)
        # A bracket after a noun, 教共体(教育集团), explains it; a bare list of
        # units names at least one unit by its place (市教育局, 花溪区政府, 各乡镇).
        if strict and not any(has_place_prefix(u) for u in units):
            return None
        duties = _assign_first_listed(units, 'declared' if (declared or declares) else 'first-listed',
                                      span)
    if not duties:
        return None
    return Clause(_dedupe(_apply_marks(duties, marks)), deadline, declares=declares, dropped=dropped,
                  persons=persons)


def _drop_declaration(segment: str) -> tuple[str, bool]:
    """Take a declared convention out of a list segment: ``A、B(列第一位的为牵头单位)``
    → ``('A、B', True)``; a segment that is only the declaration → ``('', True)``."""
    if not declares_convention(segment):
        return segment, False
    for start, end in reversed(bracket_groups(segment)):
        if declares_convention(segment[start:end]):
            rest = (segment[:start] + segment[end:]).strip()
            return ('', True) if declares_convention(rest) or not rest else (rest, True)
    return '', True


def _dedupe(duties: list[Duty]) -> list[Duty]:
    """A unit keeps its first (strongest) role only."""
    seen, out = set(), []
    for d in sorted(duties, key=lambda d: d.role != 'lead'):
        if d.unit not in seen:
            seen.add(d.unit)
            out.append(d)
    order = {d.unit: i for i, d in enumerate(duties)}
    return sorted(out, key=lambda d: (d.role != 'lead', order[d.unit]))


_BRACKET = re.compile(r'[(（〔\[【［{)）〕\]】］}]')


def _depth_at(text: str, pos: int) -> int:
    """Bracket depth at ``pos`` (one scan per text: a paragraph of many clauses asks often)."""
    starts, depths = _depth_marks(text)
    return depths[bisect.bisect_right(starts, pos - 1) - 1] if starts and pos > starts[0] else 0


@functools.lru_cache(maxsize=64)
def _depth_marks(text: str) -> tuple[list[int], list[int]]:
    """Offsets of the brackets of a text and the depth after each."""
    starts, depths, depth = [], [], 0
    for m in _BRACKET.finditer(text):
        if m.group() in OPEN:
            depth += 1
        elif depth:
            depth -= 1
        starts.append(m.start())
        depths.append(depth)
    return starts, depths


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """Top-level round-bracket groups ``(start, end)`` (end past the closing bracket)."""
    out, stack = [], []
    for m in ROUND_BRACKETS.finditer(text):
        if m.group() in '(（[〔':
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            if not stack:
                out.append((start, m.end()))
    return out


_SPACE = re.compile(r'\s+')


@knowledge.derived
def _jointly() -> re.Pattern:
    """A会同B: the verbs that join a second unit (list_words.tsv, kind jointly)."""
    words = '|'.join(map(re.escape, knowledge.word_list('list_words.tsv', 'jointly'))) or '(?!)'
    return re.compile(f'{words}')


@knowledge.derived
def joint_split(text: str) -> tuple[str, str] | None:
    """``A、B会同C、D`` → ``('A、B', 'C、D')`` where both sides are lists of unit names
    (a word of the jointly table between them, not inside a name: 省商务厅).

    >>> joint_split('国家发展改革委、财政部会同有关部门'), joint_split('省商务厅')
    (('国家发展改革委、财政部', '有关部门'), None)
    """
    for m in _jointly().finditer(text):
        before, after = text[:m.start()], text[m.end():]
        if not before or before[-1] in LIST_SEPARATORS:
            continue          # 市财政局、商务部: the word opens a name
        sides = [[clean_item(i) for i in split_units(side)] for side in (before, after)]
        if not all(side and all(looks_like_unit(u) for u in side) for side in sides):
            continue
        if len(m.group()) == 1 and not has_place_prefix(sides[1][0]):
            continue          # 商 joins only a name that starts with its place: A商省财政厅
        return before, after
    return None


def _is_filler(segment: str) -> bool:
    """A segment naming no unit: 下同, 同上 (list_words.tsv, kind filler)."""
    return segment in knowledge.word_list('list_words.tsv', 'filler')


_TAIL = re.compile(r'[\s。.;,]*$')
_SENTENCE_END = re.compile(r'\s*[。;]')
_LEVELS_ONLY = re.compile(r'[省市县区乡镇街道社区村场居旗、]+')


def find_clauses(paragraph: str, offset: int = 0, declared_from: int | None = None) -> list[Clause]:
    """Attribution clauses in one paragraph (parse form), with document offsets.

    ``declared_from``: document offset from which a first-listed convention
    holds (None: not declared anywhere).
    """
    out: list[Clause] = []
    taken: list[tuple[int, int]] = []

    def declared(pos):
        return declared_from is not None and pos + offset >= declared_from

    opens = '(' in paragraph or '[' in paragraph or '〔' in paragraph     # parse form: no （
    # 1. Bracketed clauses ending the paragraph or a sentence.
    for start, end in (bracket_groups(paragraph) if opens else ()):
        ends_paragraph = _TAIL.fullmatch(paragraph, end) is not None
        ends_sentence = _SENTENCE_END.match(paragraph, end) is not None
        body = paragraph[start + 1:end - 1]
        # A labelled clause is one wherever it stands: (责任单位:A)加大…。(责任单位:B);
        # so is a list closed by a role word after a full stop: …。(A、B负责)加强…
        after_sentence = start and paragraph[start - 1] in '。;' and _phrase_hint().search(body[-8:])
        if not (ends_paragraph or ends_sentence or after_sentence or label_regex().match(body.lstrip())):
            continue
        if _LEVELS_ONLY.fullmatch(body) and start and paragraph[start - 1] not in ' 。;,、':
            continue        # 各村(社区): the end of a name, not a clause
        clause = parse_clause(body, declared(start), strict=True,
                              span=(offset + start, offset + end))
        if clause:
            clause.start, clause.end = offset + start, offset + end
            out.append(clause)
            taken.append((start, end))
    # 1b. A bracket that never closes, at the end of the paragraph: a damaged clause.
    start = unclosed_bracket(paragraph) if opens else None
    if start is not None and not any(s <= start < e for s, e in taken):
        clause = parse_clause(paragraph[start + 1:].rstrip(' 。.;；'), declared(start), strict=True,
                              span=(offset + start, offset + len(paragraph)))
        if clause:
            clause.start, clause.end = offset + start, offset + len(paragraph)
            out.append(clause)
            taken.append((start, len(paragraph)))
    # 2. Labelled fields outside brackets: 牵头单位:A  配合单位:B (to the paragraph end).
    for m in label_regex().finditer(paragraph):
        if _depth_at(paragraph, m.start()) or any(s <= m.start() < e for s, e in taken):
            continue
        if not re.search(r':', m.group(0)) and not (m.start() == 0 or paragraph[m.start() - 1] in ' \t。;'):
            continue
        end = len(paragraph)
        for s, _ in taken:
            if s > m.start():
                end = min(end, s)
        body = paragraph[m.start():end]
        clause = parse_clause(body, declared(m.start()), span=(offset + m.start(), offset + end))
        if clause:
            clause.start, clause.end = offset + m.start(), offset + end
            out.append(clause)
            taken.append((m.start(), end))
        break
    # Several units saying what each does (A负责统筹…,B负责实施…) come first: the
    # closing-phrase rule below would see only the last of them.
    doers = _doer_clauses(paragraph, offset) if not out and ('负责' in paragraph or '牵头' in paragraph) else []
    if len(doers) > 1:
        out.extend(doers)
    # 3. A closing sentence, or its last comma-separated part, made of phrases:
    #    由A牵头,B、C配合。 / 推进河道整治,由A负责,各区镇配合。
    if not out:
        body = paragraph.rstrip(' \t。.;')
        cut = max(body.rfind('。'), body.rfind(';'))
        sentence = body[cut + 1:]
        if 2 < len(sentence) < 200 and _phrase_hint().search(sentence):
            segs = split_top(sentence, ',')
            for k in range(len(segs)):
                if not any(_strip_phrase(s)[1] for s, _, _ in segs[k:]):
                    break
                at = cut + 1 + segs[k][1]
                clause = parse_clause(sentence[segs[k][1]:], declared(at), strict=True)
                if clause and any(d.source == 'phrase' for d in clause.duties):
                    clause.start, clause.end = offset + at, offset + cut + 1 + len(sentence)
                    clause.duties = [Duty(d.unit, d.role, d.source, (clause.start, clause.end))
                                     for d in clause.duties]
                    out.append(clause)
                    break
    # 4. Units opening a sentence part with what they do: 市委人才办负责统筹…
    if not out:
        out.extend(doers)
    # 5. …由A会同B开展…: A leads, B joins in
    if not out and '会同' in paragraph:
        out.extend(_joint_clauses(paragraph, offset))
    # 6. A paragraph opened by units and a colon, then what they do (a 职责分工 section):
    #    发改部门:负责…; 教育、卫生、人社部门:负责… (when nothing above read it)
    if not out:
        clause = _colon_doer_clause(paragraph, offset)
        if clause:
            out.append(clause)
    out.sort(key=lambda c: c.start)
    return out


_COLON_DOER = re.compile(r'\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）.、．]\s*)?([^,;。\s:]{2,80}?):\s*'
                         r'(牵头负责|负责|牵头|承担|配合|协助|参与)(?![人的同])(?=[\u4e00-\u9fff])')


def _colon_doer_clause(paragraph: str, offset: int) -> Clause | None:
    """``A、B:负责…`` opening a paragraph (parse form: the colon is ``:``): the units
    written before the colon do what follows; the first leads, unless they only help
    (配合, 协助, 参与).

    >>> c = _colon_doer_clause('教育、卫生、人社部门:负责保障公共服务。', 0)
    >>> [(d.unit, d.role) for d in c.duties]
    [('教育部门', 'lead'), ('卫生部门', 'support'), ('人社部门', 'support')]
    >>> _colon_doer_clause('主要职责:负责统筹协调。', 0) is None
    True
    """
    m = _COLON_DOER.match(paragraph)
    if not m:
        return None
    names = [clean_item(i) for i in split_units(m.group(1))]
    if not names or not all(looks_like_unit(n) and (suffix_type(n) or has_place_prefix(n)) and not verbs().search(n)
                            for n in names):
        return None
    helps = m.group(2) in ('配合', '协助', '参与')
    span = (offset + m.start(1), offset + m.end(2))
    return Clause([Duty(n, 'lead' if i == 0 and not helps else 'support', 'phrase', span)
                   for i, n in enumerate(names)], None, start=span[0], end=span[1])


_DOER = re.compile(r'(?:^|(?<=[,;。\s]))由?([^,;。\s由]{2,60}?)(牵头负责|牵头|负责)(?![人同的]|制(?![定订作])|解释)(?=[\u4e00-\u9fff])')


_JOINT = re.compile(r'(?:^|(?<=[,;。\s]))由?([^,;。\s由]{2,30}?)会同(?=[省市县区镇乡各])')


def _joint_clauses(paragraph: str, offset: int) -> list[Clause]:
    """``由A会同B开展…``: at the start of a sentence part, units A, then the units B
    that join them (the longest run of unit names before the verb)."""
    out = []
    for m in _JOINT.finditer(paragraph):
        names = [clean_item(i) for i in split_units(m.group(1))]
        if not names or not all(looks_like_unit(n) and has_place_prefix(n) for n in names):
            continue
        rest = paragraph[m.end():m.end() + 40]
        helpers = next((units for cut in range(len(rest), 1, -1)
                        for units in [[clean_item(i) for i in split_units(rest[:cut])]]
                        if units and all(looks_like_unit(u) and suffix_type(u) and not verbs().search(u) for u in units)
                        and not re.match('[,;。]', rest[cut - 1:cut])), None)
        if not helpers:
            continue
        span = (offset + m.start(1), offset + m.end() + len(''.join(helpers)))
        out.append(Clause([Duty(n, 'lead' if i == 0 else 'support', 'phrase', span) for i, n in enumerate(names)]
                          + [Duty(u, 'support', 'phrase', span) for u in helpers], None, start=span[0], end=span[1]))
    return out


def _doer_clauses(paragraph: str, offset: int) -> list[Clause]:
    """``A负责X,B负责Y``: units at the start of a sentence part, followed by 牵头/负责
    and what they do. The first leads unless one 牵头; the others support."""
    found = []
    for m in _DOER.finditer(paragraph):
        if _depth_at(paragraph, m.start()):
            continue
        doers = m.group(1)
        joint = joint_split(doers)          # A会同B负责: B joins in
        names = [clean_item(i) for i in split_units(joint[0] if joint else doers)]
        helpers = [clean_item(i) for i in split_units(joint[1])] if joint else []
        if not names or not all(looks_like_unit(n) and has_place_prefix(n) for n in names + helpers):
            continue
        found.append((m, names, helpers))
    if not found:
        return []
    # Each part names who does that part: its first unit leads it, unless a part of the
    # same sentence says 牵头 (a part in a sentence of its own is a measure of its own).
    def sentence(m):
        return paragraph.count('。', 0, m.start())
    leads_named = {sentence(m) for m, _, _ in found if m.group(2).startswith('牵头')}
    out = []
    for m, names, helpers in found:
        span = (offset + m.start(1), offset + m.end(2))
        leads = m.group(2).startswith('牵头') or sentence(m) not in leads_named
        duties = [Duty(n, 'lead' if leads and i == 0 else 'support', 'phrase', span) for i, n in enumerate(names)]
        duties += [Duty(n, 'support', 'phrase', span) for n in helpers]
        out.append(Clause(duties, None, start=span[0], end=span[1]))
    return out


@dataclass
class Standing:
    """A standing declaration: units that share every later measure without being listed
    (以下均需各区政府负责,不再列出); ``start``, ``end``: its document offsets."""
    units: list[str]
    start: int
    end: int


def standing_declarations(text: str) -> list[Standing]:
    """The standing declarations of a text (parse form), in order (data/standing.txt).

    >>> [(d.units, d.start) for d in standing_declarations('1.建立制度。(市卫健委负责。以下均需各区政府负责,不再列出)')]
    [(['各区政府'], 15)]
    """
    if '不' not in text:          # every declaration says the units are not listed again
        return []
    out: list[Standing] = []
    for m in knowledge.any_pattern('standing.txt').finditer(text):
        found = next(filter(None, (rx.match(text, m.start()) for rx in knowledge.patterns('standing.txt'))), None)
        if found is None or 'units' not in found.groupdict():
            continue
        units = [u for u in (clean_item(i) for i in split_units(found.group('units'))) if looks_like_unit(u)]
        if units:
            out.append(Standing(units, m.start(), m.end()))
    return out


def first_declaration(text: str) -> int | None:
    """Offset of the first declared first-listed convention in a text, or None."""
    rx = knowledge.any_pattern('conventions.txt')
    if not all('牵头' in p.pattern for p in knowledge.patterns('conventions.txt')):
        m = rx.search(text)
        return m.start() if m else None
    # Every declaration names 牵头: look only around it (a long text holds few).
    i = text.find('牵头')
    while i >= 0:
        m = rx.search(text, max(0, i - 24), i + 24)
        if m:
            return m.start()
        i = text.find('牵头', i + 2)
    return None


__all__ = ['Clause', 'Standing', 'standing_declarations', 'parse_clause', 'find_clauses', 'first_declaration', 'label_regex', 'label_form', 'bracket_groups',
           'is_deadline', 'declares_convention']
