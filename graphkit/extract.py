"""extract: a policy document → its measures with lead and supporting units.

Ties the first stages together: read → outline → duties → unit lists.

>>> doc = extract_text('二、主要任务\\n1.扩大学位供给。新建学校10所。(牵头单位:市教育局;责任单位:市财政局)',
...                    name='plan.txt')
>>> m = doc.measures[0]
>>> m.id, m.title, m.lead, m.support, m.role_source
('二.1', '扩大学位供给', ['市教育局'], ['市财政局'], 'labelled')
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import replace

from . import knowledge
from .duties import (Clause, Standing, find_clauses, first_declaration, is_deadline, label_form, label_regex,
                     standing_declarations)
from .flattable import find_flat_tables
from .metadata import document_metadata
from .model import Diagnostic, Document, Duty, Measure
from .outline import Block, Node, faithful, label_of, match_marker, parse
from .read import Text, parse_form, read_bytes, read_text
from .tables import Table, find_tables, is_category_row, row_duties, task_name, task_text
from .units import balanced, find_mentions, unit_type

_HEADING_KINDS_WITH_EMPTY_BODY = ('num', 'pnum', 'circled', 'pcn', 'para', 'shi')


def extract(source, name: str | None = None) -> Document:
    """Extract the measures of one document.

    ``source`` is a path (str or os.PathLike), the document's bytes, or its
    text (a str that is not the path of an existing file).

    >>> doc = extract('data/001_e4a5ec15abd1b800.txt')   # doctest: +SKIP
    >>> doc.measures[0].lead                               # doctest: +SKIP
    ['市教育局']
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        from .ingest import read_data        # the format is recognised from the bytes, as for a file
        return extract_read(read_data(bytes(source), name or 'document'), name or 'document')
    if isinstance(source, os.PathLike) or isinstance(source, str) and _looks_like_path(source):
        path = os.fspath(source)
        from .ingest import read_file
        from .batch import readable_name
        return extract_read(read_file(path), name or readable_name(os.path.basename(path)))
    if not isinstance(source, str):
        raise TypeError(f'extract takes a path, bytes or the text of a document, not {type(source).__name__}')
    return extract_text(source, name or 'document')


_FILE_NAME = re.compile(r'\.(txt|html?|shtml|xhtml|mht|docx?|pdf|wps|md|xlsx?|et|ods)$', re.I)
_SENTENCE = re.compile(r'[。,;:!?()\s]|[\u3000-\u303f\uff01-\uff1f]')


def _looks_like_path(s: str) -> bool:
    """A one-line str naming a file or folder: one that exists, or a name with a document
    extension and nothing of a sentence in it (no Chinese punctuation, no space)."""
    if '\n' in s or len(s) >= 4096:
        return False
    if os.path.exists(s):
        return True
    return _FILE_NAME.search(s.strip()) is not None and not _SENTENCE.search(s.strip())


def extract_text(raw: str, name: str = 'document') -> Document:
    """Extract from text already decoded (Traditional, ruby residue and noise are cleaned)."""
    return extract_read(read_text(raw), name)


def extract_read(read: Text, name: str) -> Document:
    """Extract from the result of the read stage."""
    text = read.text
    meta = document_metadata(text)
    doc = Document(name=name, text=text, encoding=read.encoding, **meta)
    if read.encoding.rsplit('/', 1)[-1] not in ('utf-8', 'str', 'docx', 'pdf', 'xlsx', 'xls', 'ods', 'doc'):
        doc.diagnostics.append(Diagnostic('encoding', f'decoded as {read.encoding}'))
    for note in read.notes:
        code = 'damaged' if 'damaged' in note else 'cleaned'
        doc.diagnostics.append(Diagnostic(code, note))
    p = label_form(parse_form(text))
    tables = find_tables(p)
    tables += [t for t in find_flat_tables(p) if not any(o.start < t.end and t.start < o.end for o in tables)]
    # The outline does not see the tables: their rows are measures of their own.
    masked = p
    for t in tables:
        masked = masked[:t.start] + re.sub(r'[^\n]', ' ', masked[t.start:t.end]) + masked[t.end:]
    tree = parse(text, masked)
    declared_from = first_declaration(p)
    doc.measures = _measures(tree, text, masked, doc, declared_from)
    doc.measures += _table_measures(tables, tree, text, p, doc, declared_from)
    doc.measures.sort(key=lambda m: m.span[0])
    _add_standing(doc.measures, standing_declarations(p))
    _unique_ids(doc.measures)
    for m in doc.measures:
        m.duties = locate_names(m.duties, p, m.span)
    _diagnose(doc, p)
    tree.release()
    return doc


def _table_measures(tables: list[Table], tree: Node, text: str, p: str, doc: Document,
                    declared_from: int | None) -> list[Measure]:
    out = []
    for k, table in enumerate(tables, 1):
        path = _path_at(tree, table.start)
        section, group = None, []
        previous = None
        for r, row in enumerate(table.rows, 1):
            if is_category_row(row, table):
                seq = [row.cells[c] for c in table.columns.get('seq', [])]
                cell = next((c for c in row.cells if c and c not in seq), None) or next(c for c in row.cells if c)
                mark = next((c for c in seq if c and c != cell), '')
                section = _shown(text, p, row.start, cell)
                # Rows are often numbered afresh in each group: the group is part of their id.
                hit = match_marker(cell) or (match_marker(mark + '、' + cell) if mark else None)
                group = [label_of(hit[0], hit[1].group(1)) if hit else f'组{r}']
                continue
            task_p = task_text(table, row)
            if not task_p:
                continue
            name_p = task_name(table, row, previous)
            previous = row
            task = _shown(text, p, row.start, task_p)
            declared = declared_from is not None and row.start >= declared_from
            duties, deadline, persons = row_duties(table, row, declared)
            seq = row.cells[table.columns['seq'][0]] if 'seq' in table.columns else ''
            seq = re.sub(r'[.、．]$', '', (seq or '').strip())       # 1. / 1、
            label = seq if re.fullmatch(r'\d{1,4}', seq) else str(r)
            title_p = name_p or re.split(r'[。;]', task_p, maxsplit=1)[0]   # found in the parse form, shown as written
            if len(title_p) > 30 and re.search(',', title_p[4:]):
                title_p = title_p[:4] + title_p[4:].split(',', 1)[0]
            title = _shown(text, p, row.start, title_p)
            named = {d.unit for d in duties}
            mentions = [u for u in find_mentions(task, tuple(x for x in (doc.jurisdiction,) if x))
                        if u not in named]
            out.append(Measure(doc=doc.name, id='.'.join([n.label for n in path] + [f'表{k}'] + group + [label]),
                               title=title, text=text[row.start:row.end], span=(row.start, row.end),
                               duties=_sorted_duties(duties), mentions=mentions, deadline=deadline,
                               path=[n.title for n in path] + ([section] if section else []), persons=persons))
    return out


def locate_names(duties: list[Duty], p: str, measure_span: tuple[int, int]) -> list[Duty]:
    """The duties with ``name_span``: where each name is written, within its clause (else
    within the measure), in the parse form ``p`` (offsets are the text's). A name a list
    reconstructs (省公安厅、发展改革委 → 省发展改革委) spans the part written, and says so;
    two duties of one name in one clause take its occurrences in turn.

    >>> p = '1.建设学校。(牵头单位:市教育局;配合单位:市财政、人社局)'
    >>> ds = locate_names([Duty('市教育局', 'lead', 'labelled', (7, 36)), Duty('市财政局', 'support', 'labelled', (7, 36))],
    ...                   p, (0, 36))
    >>> [(p[slice(*d.name_span)], d.name_whole) for d in ds]
    [('市教育局', True), ('市财政', False)]
    """
    used: set[tuple[int, int]] = set()
    out = []
    for d in duties:
        region = d.span or measure_span
        found = _find_written(d.unit, p, region, used)
        if found:
            used.add(found[0])
            d = replace(d, name_span=found[0], name_whole=found[1])
        out.append(d)
    return out


def _find_written(name: str, p: str, region: tuple[int, int], used: set) -> tuple[tuple[int, int], bool] | None:
    """``((start, end), whole)`` of a name in ``p[region]``: the name itself (spaces and line
    breaks allowed between its characters), else the longest part of it (at least two
    characters, its start or its end) that is written; None when not even that is."""
    lo, hi = region
    for whole, part in [(True, name)] + [(False, q) for q in _parts(name)]:
        for m in _written_pattern(part).finditer(p, lo, hi):
            if (m.start(), m.end()) not in used:
                return (m.start(), m.end()), whole
    return None


@functools.lru_cache(maxsize=8192)
def _written_pattern(part: str) -> re.Pattern:
    """A name with spaces or line breaks allowed between its characters (compiled once:
    there are more names than the re module's own cache holds)."""
    return re.compile(r'\s*'.join(map(re.escape, part)))


def _parts(name: str) -> list[str]:
    """The beginnings and ends of a name, longest first, at least half of it (and two characters)."""
    parts = [q for k in range(len(name) - 1, max(1, (len(name) + 1) // 2 - 1), -1) for q in (name[:k], name[-k:])]
    return list(dict.fromkeys(parts))


def _add_standing(measures: list[Measure], declarations: list[Standing]) -> None:
    """Units declared once for every following task (以下均需A负责,不再列出) support
    each later measure that has units, and the declaring measure, where they are
    ordinary members of its list (added when the declaration alone names them)."""
    for d in declarations:
        for m in measures:
            if (m.span[0] >= d.end or m.span[0] <= d.start < m.span[1]) and m.duties:
                have = set(m.units)
                m.duties += [Duty(u, 'support', 'declared', (d.start, d.end)) for u in d.units if u not in have]


def _unique_ids(measures: list[Measure]) -> None:
    """An outline path names one measure: a repeated one gets ``~2``, ``~3`` (numbering
    restarted where the outline does not show it)."""
    seen: dict[str, int] = {}
    for m in measures:
        seen[m.id] = seen.get(m.id, 0) + 1
        if seen[m.id] > 1:
            m.id = f'{m.id}~{seen[m.id]}'


def _shown(text: str, p: str, start: int, cell: str) -> str:
    """A table cell as the document writes it (cells are found in the parse form)."""
    at = p.find(cell, start)
    return text[at:at + len(cell)] if at >= 0 else cell


def _path_at(tree: Node, offset: int) -> list[Node]:
    """The headings enclosing an offset of the text."""
    path, nodes = [], tree.children
    while True:
        inside = [n for n in nodes if n.start <= offset]
        if not inside:
            return path
        node = inside[-1]
        path.append(node)
        nodes = node.children


# --- measures from the heading tree -----------------------------------------

def _merge_shi(node: Node) -> None:
    """``一是/二是`` items are points of their measure, except in a 专栏 box."""
    for child in list(node.children):
        _merge_shi(child)
    if node.kind != 'box' and node.kind != 'root':
        keep = []
        for child in node.children:
            if child.kind == 'shi':
                node.blocks.extend(child.blocks + [b for g in child.walk() for b in g.blocks])
                keep.extend(c for c in child.children if c.kind != 'shi')
            else:
                keep.append(child)
        node.children = keep
        node.blocks.sort(key=lambda b: b.start)


def _measures(tree: Node, text: str, p: str, doc: Document, declared_from: int | None) -> list[Measure]:
    _merge_shi(tree)
    nontask = knowledge.any_pattern('nontask_headings.txt')
    containers = knowledge.any_pattern('container_headings.txt')
    known_units: list[str] = []
    groups: list[tuple[str, str, list[Block], list[Clause], Node, list[Clause]]] = []

    found: dict[tuple[int, int], list[Clause]] = {}

    def clauses_of(block: Block) -> list[Clause]:
        key = (block.start, block.end)
        if key not in found:        # several rules look at one block's clauses
            found[key] = find_clauses(p[block.start:block.end], block.start, declared_from)
        return found[key]

    def field_only(node: Node) -> bool:
        """(四)责任单位:A,B。 — an item that is only a labelled attribution field."""
        if len(node.blocks) != 1:
            return False
        b = node.blocks[0]
        body = p[b.marker_end or b.start:b.end].strip()
        return _only_a_field(body) and any(c.duties for c in clauses_of(b))

    def points_of_one_measure(node: Node) -> bool:
        """2.强化支撑。(1)…(2)…(A牵头,B配合): numbered points whose only clause closes
        the last one are the points of their heading's measure; so are items whose last
        is only the field naming the units: 一、X (一)适用范围… (二)责任单位:A。"""
        kids = node.children
        if node.kind in ('root', 'box') or len(kids) < 2:
            return False
        fielded = field_only(kids[-1])
        points = node.kind == 'article' or all(k.kind in ('pnum', 'circled') for k in kids)
        if not (fielded or points and not any(k.children for k in kids)):
            return False
        if any(c.duties for b in node.blocks for c in clauses_of(b)):
            return False
        has = [any(c.duties for n in [k, *k.walk()] for b in n.blocks for c in clauses_of(b)) for k in kids]
        return has[-1] and not any(has[:-1])

    def fields_of_one_measure(node: Node) -> bool:
        """三、实施… (一)责任领导:… (二)责任单位:A (三)协办单位:B (四)项目内容:…: items of
        which every one naming units is only a labelled field are the fields of their
        heading's measure (an item that is only a field has no task of its own)."""
        kids = node.children
        if node.kind in ('root', 'box') or len(kids) < 2:
            return False
        if any(c.duties for b in node.blocks for c in clauses_of(b)):
            return False
        named = [k for k in kids if any(c.duties for n in [k, *k.walk()] for b in n.blocks for c in clauses_of(b))]
        return len(named) >= 2 and all(field_only(k) and not k.children for k in named)

    def clause_after_items(node: Node) -> list[Clause]:
        """一、… 1.… 2.… (以上任务由A牵头,B配合): a clause standing on its own line after
        the last item, when no item has one, is the clause of every item."""
        kids = node.children
        if node.kind in ('root', 'box') or len(kids) < 2 or kids[-1].children or len(kids[-1].blocks) < 2:
            return []
        last = kids[-1].blocks[-1]
        body = p[last.start:last.end].strip()
        if not (body[:1] in '([' and body[-1:] in ')]' or body.startswith('以上')):
            return []
        found = clauses_of(last)
        if not found or not any(c.duties for c in found) or \
                any(c.duties for k in kids for b in k.blocks if b is not last for c in clauses_of(b)) or \
                any(c.duties for b in node.blocks for c in clauses_of(b)):
            return []
        kids[-1].blocks.remove(last)
        return found

    def visit(node: Node, ids: list[str], skip: bool, inherited: list[Clause]):
        node_id = '.'.join(ids)
        if points_of_one_measure(node) or fields_of_one_measure(node):
            node.blocks = sorted(node.blocks + [b for k in node.walk() for b in k.blocks], key=lambda b: b.start)
            node.children = []
        inherited = clause_after_items(node) or inherited
        skip = skip or nontask.search(node.title) is not None
        own = _merge_label_lines(node.blocks, p)
        per_block = [clauses_of(b) for b in own]
        for cl in per_block:
            for c in cl:
                known_units.extend(d.unit for d in c.duties)
        # Split the node's own blocks: the heading's measure, then continuation
        # paragraphs that carry an attribution clause of their own.
        head: list[Block] = []
        head_clauses: list[Clause] = []
        extra: list[tuple[list[Block], list[Clause]]] = []
        pending: list[Block] = []
        for b, cl in zip(own, per_block):
            if not any(c.duties for c in head_clauses) and not extra:
                head.append(b)
                head_clauses.extend(cl)
            elif cl and not any(c.duties for c in cl):
                # A deadline line (完成时限:…) completes the measure above it.
                (extra[-1][1] if extra else head_clauses).extend(cl)
                (extra[-1][0] if extra else head).extend(pending + [b])
                pending = []
            elif cl:
                extra.append((pending + [b], cl))
                pending = []
            else:
                pending.append(b)
        head.extend(pending)
        # A 专栏 box illustrates its section; the section is still a measure of its own.
        is_leaf = all(c.kind == 'box' for c in node.children)
        if node.kind == 'root':
            body_title = None
        else:
            body_title = node.title
        # A heading that is only a title and its clause, above items of its own:
        # 一、实施产业链群培育工程(牵头单位:A;责任单位:B) — the clause is the items'.
        passes_down = (node.kind not in ('root', 'box') and not is_leaf and not extra and
                       _only_title_and_clauses(p, head, head_clauses, node.title))
        if passes_down:
            inherited = head_clauses
        elif node.kind != 'root' and node.kind != 'box':
            has_body = len(head) > 1 or not node.title_only or node.kind in _HEADING_KINDS_WITH_EMPTY_BODY
            summary = containers.fullmatch(node.title) is not None
            if head_clauses or (is_leaf and not skip and has_body and not summary):
                groups.append((node_id, body_title, head, head_clauses, node, inherited))
        elif head_clauses:
            groups.append((node_id or '¶', _opening_phrase(text, p, head[0]), head, head_clauses, node, []))
        for k, (blocks, cl) in enumerate(extra, 1):
            groups.append((f'{node_id}+{k}' if node_id else f'¶{k}', _opening_phrase(text, p, blocks[0]),
                           blocks, cl, node, []))
        for child in node.children:
            visit(child, ids + [child.label], skip, inherited)

    visit(tree, [], False, [])
    visit = None     # a recursive closure is a reference cycle: break it
    places = tuple(x for x in (doc.jurisdiction,) if x)
    known = tuple(sorted(set(known_units), key=len, reverse=True))
    measures: list[Measure] = []
    for node_id, title, blocks, clauses, node, inherited in groups:
        path = [n.title for n in node.path()[:-1]] if node.kind != 'root' else []
        for k, (start, end, part) in enumerate(_clause_parts(p, blocks[0].start, blocks[-1].end, clauses)):
            if k:
                part_id, part_title = f'{node_id}/{k + 1}', _opening_phrase(text, p, Block(start, end))
            else:
                part_id, part_title = node_id, title or _opening_phrase(text, p, blocks[0])
            measures.append(_measure(doc, text, p, part_id, part_title, start, end, part, inherited, path,
                                     places, known))
    measures.sort(key=lambda m: m.span[0])
    return measures


def _measure(doc: Document, text: str, p: str, node_id: str, title: str, start: int, end: int,
             clauses: list[Clause], inherited: list[Clause], path: list[str], places: tuple[str, ...],
             known: tuple[str, ...]) -> Measure:
    duties: list[Duty] = []
    deadline = None
    for c in clauses:
        for d in c.duties:
            if d.unit not in {x.unit for x in duties}:
                duties.append(d)
        deadline = deadline or c.deadline
    if any(d.role == 'lead' and d.source in ('labelled', 'phrase') for d in duties):
        # (牵头单位:A)(责任单位:B): a lead named in one clause; the first listed of
        # another only says who is responsible, and supports
        duties = [Duty(d.unit, 'support', d.source, d.span) if d.role == 'lead' and
                  d.source in ('first-listed', 'declared') else d for d in duties]
    if inherited:
        duties, deadline = _with_section_clause(duties, deadline, inherited)
    # Mentions: unit names in the text outside the attribution clauses.
    masked = p[start:end]
    for c in clauses:
        a, b = c.start - start, c.end - start
        masked = masked[:a] + ' ' * (b - a) + masked[b:]
    # Titles of other documents (《…》) name their issuers, not this measure's units.
    masked = re.sub(r'《[^《》]*》', lambda m: ' ' * len(m.group(0)), masked)
    deadline = deadline or _deadline_sentence(masked)
    named = {d.unit for d in duties}
    mentions = [u for u in find_mentions(masked, places, known) if u not in named]
    persons = list(dict.fromkeys(x for c in clauses for x in c.persons))
    return Measure(doc=doc.name, id=node_id, title=title, text=text[start:end], span=(start, end),
                   duties=_sorted_duties(duties), mentions=mentions, deadline=deadline, path=path,
                   persons=persons)


def _clause_parts(p: str, start: int, end: int, clauses: list[Clause]) -> list[tuple[int, int, list[Clause]]]:
    """A measure's text cut where one attributed sentence group ends and the next begins:
    ``(五)推进X。…。(A、B负责)加强Y,…。(C负责)`` is two measures, as is
    ``A牵头负责…工作。B负责…。``. A bracketed clause ends its sentence group; a clause
    opening a sentence (A负责…) owns the sentence it opens. Clauses within one sentence
    (A负责X,B负责Y; 牵头单位:A 责任单位:B) stay one measure."""
    attributed = sorted((c for c in clauses if c.duties), key=lambda c: c.start)
    if len(attributed) < 2:
        return [(start, end, clauses)]
    cuts = []
    for c, following in zip(attributed, attributed[1:]):
        if p[c.start] in '([〔':
            cut = c.end
        else:
            stop = p.find('。', c.end, following.start)
            cut = stop + 1 if stop >= 0 else -1
        between = p[cut:following.start] if cut >= 0 else ''
        if cut < 0 or ('。' not in p[c.end:following.start] and '\n' not in p[c.end:following.start]) \
                or len(_HAN.findall(between if p[following.start] in '([〔' else p[following.start:following.end + 8])) < 6:
            return [(start, end, clauses)]
        cuts.append(cut)
    bounds = [start] + cuts + [end]
    parts = []
    for a, z in zip(bounds, bounds[1:]):
        while a < z and p[a] in ' \t\n。;,':
            a += 1
        parts.append((a, z, [c for c in clauses if a <= c.start < z]))
    return parts


_HAN = re.compile(r'[\u4e00-\u9fff]')


def _only_title_and_clauses(p: str, head: list[Block], clauses: list[Clause], title: str) -> bool:
    """Is the heading's text its title and attribution clauses, nothing more?"""
    if not clauses or len(head) != 1 or not any(c.duties for c in clauses):
        return False
    b = head[0]
    rest = p[b.marker_end or b.start:b.end]
    for c in clauses:
        a, z = c.start - (b.marker_end or b.start), c.end - (b.marker_end or b.start)
        rest = rest[:max(a, 0)] + rest[max(z, 0):]
    return len(rest.strip(' \t。.;,')) <= len(title) + 1


def _with_section_clause(duties: list[Duty], deadline: str | None,
                         section: list[Clause]) -> tuple[list[Duty], str | None]:
    """An item under a heading that names its units: with no clause of its own the item
    takes the heading's; when its own list names no lead (责任单位:B、C, first listed)
    the heading's lead leads and the item's units support."""
    above = [d for c in section for d in c.duties]
    deadline = deadline or next((c.deadline for c in section if c.deadline), None)
    if not duties:
        return list(above), deadline
    leads = [d for d in above if d.role == 'lead' and d.source != 'first-listed']
    if leads and all(d.source == 'first-listed' for d in duties if d.role == 'lead'):
        own = [Duty(d.unit, 'support', d.source, d.span) for d in duties if d.unit not in {x.unit for x in leads}]
        return leads + own, deadline
    return duties, deadline


def _deadline_sentence(p: str) -> str | None:
    """A sentence of the measure that is a deadline and nothing else: …。2024年6月底前完成。"""
    for sentence in p.replace(';', '。').replace('\n', '。').split('。'):
        sentence = sentence.strip(' ,')
        if 4 <= len(sentence) <= 20 and is_deadline(sentence):
            return sentence
    # …,2024年6月底前完成整治任务。: a part of a sentence opening with its deadline
    m = _DEADLINE_OPENING.search(p) if '前' in p else None
    return m.group(1) if m else None


_DEADLINE_OPENING = re.compile(r'(?:^|[,。;\n])\s*((?:19|20)\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?(?:前|以前|之前))'
                               r'(?=完成|全面完成|基本完成|实现)')


def _only_a_field(body: str) -> bool:
    """Is this item only a labelled field (责任单位:A,B), with no task of its own
    (not 牵头单位:A。主要任务:推进…)?"""
    m = label_regex().match(body)
    if m is None or ':' not in m.group(0):
        return False
    rest = body[m.end():].rstrip(' \n。.;')
    return '。' not in rest and ':' not in rest


def _merge_label_lines(blocks: list[Block], p: str) -> list[Block]:
    """A line that starts with a field label (牵头单位: / 责任单位: / 完成时限:) continues
    the attribution of the line above it: the two are read as one paragraph."""
    out: list[Block] = []
    for b in blocks:
        # after its marker too: (二)责任单位:A, an item that is only a field (see fields_of_one_measure)
        starts = label_regex().match(p, b.start) or \
            (label_regex().match(p, b.marker_end) if b.marker_end and _only_a_field(p[b.marker_end:b.end].strip())
             else None)
        if out and starts and ':' in starts.group(0):
            prev = out[-1]
            out[-1] = Block(prev.start, b.end, prev.kind, prev.number, prev.marker_end)
        else:
            out.append(b)
    return out


def _sorted_duties(duties: list[Duty]) -> list[Duty]:
    order = {id(d): i for i, d in enumerate(duties)}
    return sorted(duties, key=lambda d: (d.role != 'lead', order[id(d)]))


def _opening_phrase(text: str, p: str, block: Block) -> str:
    """The opening phrase of a paragraph: up to the first comma or full stop."""
    s = p[block.start:block.end].strip()
    m = re.match(r'[^,。;:(]{2,40}', s)
    return faithful(text, p, block.start, (m.group(0) if m else s[:30]).strip())


_BRACKET_CHARS = re.compile(r'[()（）〔〕\[\]【】]')


def _diagnose(doc: Document, p: str) -> None:
    with_units = [m for m in doc.measures if m.duties]
    if not doc.measures:
        doc.diagnostics.append(Diagnostic('no-measures', 'no measures found'))
    elif not with_units:
        mentioning = sum(1 for m in doc.measures if m.mentions)
        doc.diagnostics.append(Diagnostic(
            'no-attribution', f'no attribution clauses: {len(doc.measures)} measures name no responsible unit'
                              + (f' ({mentioning} of them mention units)' if mentioning else '')))
    else:
        orphans = [m.id for m in doc.measures if not m.duties]
        if orphans:
            shown = ', '.join(orphans[:8]) + (' …' if len(orphans) > 8 else '')
            doc.diagnostics.append(Diagnostic('no-units', f'{len(orphans)} measures without units: {shown}'))
    unknown = list(dict.fromkeys(d.unit for m in doc.measures for d in m.duties if unit_type(d.unit) == 'unknown'))
    if unknown:
        shown = ', '.join(unknown[:12]) + (' …' if len(unknown) > 12 else '')
        doc.diagnostics.append(Diagnostic(
            'unknown-units', f'{len(unknown)} name{"s" if len(unknown) > 1 else ""} kept as units by position '
                             f'(no known unit ending; extend unit_suffixes.tsv or national_units.tsv): {shown}'))
    if not balanced(''.join(_BRACKET_CHARS.findall(p))):
        doc.diagnostics.append(Diagnostic('unbalanced', 'unbalanced brackets in the text'))
