"""outline: clean text → document metadata and the heading tree.

Headings understood: ``第一章`` ``第一节`` ``第一条`` ``一、`` ``(一)`` ``1.`` ``(1)``
``①`` ``专栏1`` and paragraph items ``一是``. Their nesting is not fixed: a
numbering style seen for the first time opens a level below the current one, a
style already open closes the levels below it (the usual way Chinese documents
nest). Numbered items glued on one physical line are split when the numbering
continues (``… 8.健全…。 9.推进…``), never inside a sentence (``新增学位2.02万个``).

>>> tree = parse('一、主要任务\\n(一)扩大供给。\\n1.新建学校。建设10所。\\n2.改善条件。')
>>> [(n.label, n.title) for n in tree.walk()]
[('一', '主要任务'), ('(一)', '扩大供给'), ('1', '新建学校'), ('2', '改善条件')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import knowledge
from .units import unclosed_bracket
from .read import CJK, parse_form

CN_DIGITS = {'零': 0, '〇': 0, '○': 0, 'Ο': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5,
             '六': 6, '七': 7, '八': 8, '九': 9}
CN_NUM = '[一二三四五六七八九十百零〇]+'
CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

# Numbers enclosed in one character: ㈠ (一), ⑴ (1), ⒈ (1.).
ENCLOSED = {**{chr(0x3220 + i): c for i, c in enumerate('一二三四五六七八九十')},
            **{chr(0x2474 + i): str(i + 1) for i in range(20)},
            **{chr(0x2488 + i): str(i + 1) for i in range(20)}}
_DIGITS = '0123456789'
_CN_CHARS = '一二三四五六七八九十百零〇'

# (kind, regex at the start of a block, the characters it can start with); the
# regex's group 1 is the number. Tried in this order.
_MARKER_TABLE = [
    ('chapter', re.compile(rf'第({CN_NUM}|\d+)章\s*'), '第'),
    ('section', re.compile(rf'第({CN_NUM}|\d+)节\s*'), '第'),
    ('article', re.compile(rf'第({CN_NUM}|\d+)条\s*'), '第'),
    ('box', re.compile(r'专栏\s*(\d+|[一二三四五六七八九十]+)[:：.\s]*'), '专'),
    # 一、2025年主要预期目标: a number may follow 、 (not a dot: 一.5)
    ('cn', re.compile(rf'({CN_NUM})\s*(?:、\s*|[.．]\s*(?![\d%]))'), _CN_CHARS),
    ('pcn', re.compile(rf'[(（]({CN_NUM})[)）]\s*[、.．]?\s*'), '(（'),
    ('pcn', re.compile(r'([㈠-㈩])\s*[、.．]?\s*'), '㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩'),
    ('num', re.compile(r'(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*(?![\d%年月日个万亿元所名人]|\.\d)'), _DIGITS),
    ('num', re.compile(r'([⒈-⒛])\s*'), ''.join(chr(0x2488 + i) for i in range(20))),
    ('pnum', re.compile(r'[(（](\d{1,3})[)）]\s*[、.．]?\s*'), '(（'),
    ('pnum', re.compile(r'([⑴-⒇])\s*[、.．]?\s*'), ''.join(chr(0x2474 + i) for i in range(20))),
    ('pnum', re.compile(r'(\d{1,3})[)）]\s*(?![\d%])'), _DIGITS),
    ('circled', re.compile(f'([{CIRCLED}])\\s*'), CIRCLED),
    ('shi', re.compile(r'([一二三四五六七八九十]+)是(?=[\u4e00-\u9fff“"《])'), '一二三四五六七八九十'),
    # inside a 专栏 box only: ◆软件园提质工程 (numbered in order)
    ('bullet', re.compile(r'([◆●■▲◇•])\s*(?=[\u4e00-\u9fff])'), '◆●■▲◇•'),
]
MARKERS = [(kind, rx) for kind, rx, _ in _MARKER_TABLE]
_MARKERS_BY_FIRST: dict[str, list] = {}
for _kind, _rx, _first in _MARKER_TABLE:
    for _ch in _first:
        _MARKERS_BY_FIRST.setdefault(_ch, []).append((_kind, _rx))
# Kinds that may start mid-line, when the numbering continues there.
INLINE_KINDS = ('chapter', 'section', 'cn', 'pcn', 'num', 'pnum')
# A numbered item glued on a line, after a space or the end of a sentence (group 1).
# The character before it is matched, not looked behind at: a charset first scans fast.
_INLINE = re.compile(
    rf'[\s。;!?）)”]\s*(第(?:{CN_NUM}|\d+)[章节]|{CN_NUM}、|[(（]{CN_NUM}[)）]|'
    r'\d{1,3}[.．、](?![\d%]|\.\d)|[(（]\d{1,3}[)）])')


def cn_number(s: str) -> int:
    """Value of a Chinese or Arabic numeral: 十二 → 12, 二十 → 20, 3 → 3, ③ → 3, ㈡ → 2."""
    s = ENCLOSED.get(s, s)
    if s in CIRCLED:
        return CIRCLED.index(s) + 1
    if s.isdecimal():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch == '百':
            total += (current or 1) * 100
            current = 0
        elif ch == '十':
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + CN_DIGITS.get(ch, 0)
    return total + current


@dataclass
class Block:
    """A paragraph, or a heading with the text on its line; offsets in the clean text."""
    start: int
    end: int
    kind: str | None = None          # heading kind, None for a plain paragraph
    number: int = 0
    marker_end: int = 0              # offset where the text after the marker starts


@dataclass
class Node:
    """A heading and what it owns: its own paragraphs and its child headings."""
    kind: str
    number: int
    label: str                       # '二', '(一)', '1', '第三章', '专栏1', '¶2'
    title: str
    start: int
    blocks: list[Block] = field(default_factory=list)
    children: list['Node'] = field(default_factory=list)
    parent: 'Node | None' = None
    title_only: bool = False         # the heading's own line holds only its title
    endmatter: list[Block] = field(default_factory=list)   # root only: 抄送, footers after the body

    def walk(self):
        for c in self.children:
            yield c
            yield from c.walk()

    @property
    def end(self) -> int:
        ends = [b.end for b in self.blocks] + [c.end for c in self.children]
        return max(ends) if ends else self.start

    @property
    def own_end(self) -> int:
        return max((b.end for b in self.blocks), default=self.start)

    def release(self) -> None:
        """Drop the links between nodes, so that the tree is freed without the
        cyclic garbage collector (which a large build keeps switched off)."""
        for child in self.children:
            child.release()
        self.parent = None
        self.children = []

    def path(self) -> list['Node']:
        out, node = [], self
        while node is not None and node.kind != 'root':
            out.append(node)
            node = node.parent
        return out[::-1]


def label_of(kind: str, raw_number: str) -> str:
    raw_number = ENCLOSED.get(raw_number, raw_number)
    return {'chapter': f'第{raw_number}章', 'section': f'第{raw_number}节', 'article': f'第{raw_number}条',
            'box': f'专栏{raw_number}', 'cn': raw_number, 'pcn': f'({raw_number})',
            'num': raw_number, 'pnum': f'({raw_number})', 'circled': raw_number,
            'shi': f'{raw_number}是', 'bullet': raw_number}[kind]


def match_marker(p: str, pos: int = 0):
    """The heading marker at ``pos`` of the parse form: ``(kind, match)`` or None."""
    for kind, rx in _MARKERS_BY_FIRST.get(p[pos:pos + 1], ()):
        m = rx.match(p, pos)
        if m and m.end() < len(p) and p[m.end()] not in '\n':
            return kind, m
        if m and kind in ('chapter', 'section', 'box'):
            return kind, m
    return None


def split_blocks(text: str, p: str | None = None) -> list[Block]:
    """Cut the text into blocks: one per line, plus one per numbered item glued mid-line.

    ``p`` is the parse form of ``text`` when the caller has it already."""
    p = parse_form(text) if p is None else p
    blocks: list[Block] = []
    last: dict[str, int] = {}
    ever: dict[str, int] = {}      # last number of each kind, never reset
    pos = 0
    for line in p.split('\n'):
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        stripped = line.strip()
        if not stripped:
            continue
        s = lstart + (len(line) - len(line.lstrip()))
        starts = [s]
        for m in _INLINE.finditer(p, max(s - 1, 0), lend):
            at = m.start(1)
            hit = match_marker(p, at)
            if not hit or hit[0] not in INLINE_KINDS:
                continue
            kind, mm = hit
            n = cn_number(mm.group(1))
            if _continues(kind, n, last, ever, p, mm.end(), lend):
                starts.append(at)
                last[kind] = ever[kind] = n
                _reset_below(kind, last)
        first = match_marker(p, s)
        if first and first[0] in INLINE_KINDS:
            last[first[0]] = ever[first[0]] = cn_number(first[1].group(1))
            _reset_below(first[0], last)
        for a, b in zip(starts, starts[1:] + [lend]):
            seg = p[a:b]
            end = a + len(seg.rstrip())
            if end > a:
                blocks.append(Block(a, end))
    return blocks


_ORDER = ['chapter', 'section', 'cn', 'pcn', 'num', 'pnum']


def _reset_below(kind: str, last: dict) -> None:
    if kind in _ORDER:
        for k in _ORDER[_ORDER.index(kind) + 1:]:
            last.pop(k, None)


def _continues(kind: str, n: int, last: dict, ever: dict, p: str, after: int, lend: int) -> bool:
    """Is a marker found mid-line the next item of its numbering?

    Items are numbered either afresh in each section or on through the
    document; both continue a numbering."""
    prev = last.get(kind)
    # A heading phrase follows: CJK text reaching a full stop within a short span.
    head = p[after:min(lend, after + 60)]
    if not re.match(f'[{CJK}“"《]', head):
        return False
    if kind == 'num' or kind == 'pnum':
        return n == (prev + 1 if prev is not None else 1) or (prev is None and n == ever.get(kind, -1) + 1)
    if prev is None:
        return n == 1 or (kind in ('pcn', 'cn') and n <= 3 and '。' in head[:40])
    return prev < n <= prev + 5 and re.search('[。;]', head[:45]) is not None


def heading_title(p: str, start: int, end: int) -> tuple[str, bool]:
    """Title of a heading block (from the end of its marker); and whether the block is title-only."""
    body = p[start:end].strip()
    first = re.split(r'(?<=[。!?;])|(?<=\.)(?=\s)', body, maxsplit=1)    # also an ASCII '. '
    sentence = first[0].rstrip('。!?;. ')
    rest = first[1].strip() if len(first) > 1 else ''
    title_only = not rest and len(sentence) <= 60 and not _ends_with_clause(sentence)
    title = sentence
    if len(title) > 30:
        comma = re.search('[,:]', title)
        if comma and comma.start() >= 4:
            title = title[:comma.start()]
    # A bracket that never closes (a damaged clause) is no part of the title.
    unclosed = unclosed_bracket(title)
    if unclosed is not None and unclosed >= 2:
        title = title[:unclosed]
    # A title ending in an attribution bracket: drop the bracket from the title.
    if not rest and title.endswith(')'):
        open_at = title.rfind('(')
        if open_at > 4:
            title = title[:open_at].rstrip('。 ')
    return title.strip(), title_only


def _ends_with_clause(sentence: str) -> bool:
    return sentence.endswith(')') and len(sentence) > 30


def paragraph_heading(p: str, start: int, end: int) -> str | None:
    """The heading phrase of a headed paragraph (``科学规划和建设幼儿园。…``), or None."""
    body = p[start:end].strip()
    m = re.match(rf'([{CJK}“”"《》、\w]{{3,30}}?)[。.]', body)
    if not m:
        return None
    phrase = m.group(1)
    rest = body[m.end():]
    if len(rest) < 10 or re.search(r'[,;:]', phrase) or re.match(r'\d', phrase):
        return None
    return phrase


_TOC_PAGE = re.compile(r'[.·…\s]*\d*\s*$')   # dot leaders and the page number of an entry
TOC_TITLE = re.compile(r'^\s*目\s*录\s*$')


def faithful(text: str, p: str, start: int, phrase: str) -> str:
    """The original text of a phrase found in the parse form at the first non-space from ``start``.

    Titles are found in the parse form (punctuation folded) but shown as written."""
    while start < len(p) and p[start] in ' \t':
        start += 1
    return text[start:start + len(phrase)] if p.startswith(phrase, start) else phrase


_ATTACHMENT_LIST = re.compile(r'附件[:：]\s*(\d{1,2}\s*[.、．]|[^。;]{2,40}$)')
_ATTACHMENT_ITEM = re.compile(r'\d{1,2}\s*[.、．][^。;]{2,40}')


def parse(text: str, p: str | None = None) -> Node:
    """The heading tree of a document's clean text (a root node); ``p``: its parse form."""
    p = parse_form(text) if p is None else p
    root = Node('root', 0, '', '', 0)
    stack = [root]
    blocks = split_blocks(text, p)
    in_toc = ended = False
    toc: list[str] = []
    endmatter = knowledge.any_pattern('endmatter.txt')
    in_list = False
    for i, b in enumerate(blocks):
        line = p[b.start:b.end]
        if ended or (root.children and endmatter.search(line.strip())):
            ended = True    # footers and distribution lists after the body belong to no heading
            root.endmatter.append(b)
            continue
        # 附件:1.项目表 / 2.认定标准: the list of attachments names documents, not tasks
        if _ATTACHMENT_LIST.match(line.strip()) or in_list and _ATTACHMENT_ITEM.fullmatch(line.strip()):
            in_list = True
            root.endmatter.append(b)
            continue
        in_list = False
        if TOC_TITLE.match(line):
            in_toc, toc = True, []
            continue
        hit = match_marker(p, b.start)
        if in_toc:
            entry = _TOC_PAGE.sub('', line.strip())
            # An entry seen before is the body's heading: the contents have ended.
            if (hit and hit[0] in ('chapter', 'section', 'cn', 'pcn', 'num') and len(line) <= 50
                    and '。' not in line and entry not in toc):
                toc.append(entry)
                continue
            in_toc = False
        if hit is None or (hit[0] == 'shi' and stack[-1].kind == 'root'):
            stack[-1].blocks.append(b)
            continue
        kind, m = hit
        if kind == 'bullet' and not any(n.kind == 'box' for n in stack):
            stack[-1].blocks.append(b)          # a bullet outside a box is part of its paragraph
            continue
        b.kind, b.number, b.marker_end = kind, cn_number(m.group(1)), m.end()
        title, title_only = heading_title(p, m.end(), b.end)
        title = faithful(text, p, m.end(), title)
        if kind == 'shi':
            title_only = False
        # Climb: a kind already open closes the levels below it.
        kinds = [n.kind for n in stack]
        if kind in kinds:
            while stack[-1].kind != kind:
                stack.pop()
            stack.pop()
        label = label_of(kind, m.group(1))
        if kind == 'bullet':
            b.number = 1 + sum(1 for c in stack[-1].children if c.kind == 'bullet')
            label = f'·{b.number}'
        node = Node(kind, b.number, label, title, b.start, [b],
                    parent=stack[-1], title_only=title_only)
        stack[-1].children.append(node)
        stack.append(node)
    _join_wrapped_titles(root, text, p)
    _headed_paragraphs(root, text, p)
    return root


def _join_wrapped_titles(root: Node, text: str, p: str) -> None:
    """A title broken over two lines (构建…的 / 学前教育公共服务体系) is joined."""
    for node in root.walk():
        if not node.title_only or len(node.blocks) < 2 or node.kind in ('num', 'pnum', 'shi'):
            continue
        nxt = node.blocks[1]
        line = p[nxt.start:nxt.end].strip()
        if (len(line) <= 24 and not re.search(r'[。,;:、]', line) and
                (len(node.blocks) == 2 or re.search(r'[的和与及“]$', node.title))):
            node.title += faithful(text, p, nxt.start, line)
            node.blocks[0] = Block(node.blocks[0].start, nxt.end, node.blocks[0].kind,
                                   node.blocks[0].number, node.blocks[0].marker_end)
            del node.blocks[1]


def _headed_paragraphs(root: Node, text: str, p: str) -> None:
    """Under a title-only heading, headed paragraphs become measures of their own."""
    containers = knowledge.any_pattern('container_headings.txt')
    for node in list(root.walk()):
        if not node.title_only or len(node.blocks) < 2:
            continue
        heads = [(b, paragraph_heading(p, b.start, b.end)) for b in node.blocks[1:]]
        heads = [(b, h and faithful(text, p, b.start, h)) for b, h in heads]
        count = sum(1 for _, h in heads if h)
        if not count or (count < 2 and not containers.search(node.title)):
            continue
        own, current, n = [node.blocks[0]], None, 0
        new_children = []
        for b, h in heads:
            if h:
                n += 1
                current = Node('para', n, f'¶{n}', h, b.start, [b], parent=node)
                new_children.append(current)
            elif current is not None:
                current.blocks.append(b)
            else:
                own.append(b)
        node.blocks = own
        node.children = new_children + node.children
        node.children.sort(key=lambda c: c.start)
