"""export: write a responsibility graph to files — atomically and deterministically.

``write_all`` writes

- graph.json (networkx node-link), graph.graphml and graph.gexf (GEXF 1.3:
  typed attributes, lists as ``liststring``, the page's positions, colours by
  unit type and sizes by responsibility, the units' centralities, edge weights
  lead 3 / support 2 / mention 1), measures.jsonl;
- projection.csv and projection.gexf (units linked by the measures they share),
  matrix.csv (the same as a unit × unit matrix, up to ``MATRIX_MAX_UNITS`` units);
- measures.csv (one row per measure, unit and role: the coding sheet), units.csv,
  centrality.csv and diagnostics.csv — UTF-8 with BOM so that Excel shows
  Chinese, headers and coded values in Chinese (``lang='zh'``, the default) or
  English (``lang='en'``; the words are in data/column_names.tsv and
  data/unit_type_names.tsv);
- report.md and graph.html.

docs/graph-schema.md describes every file. Every file is first written to a
temporary file in the output folder and renamed into place only when all are
ready, so an interrupted build leaves the previous outputs intact. The same
graph gives byte-identical files.
"""
from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import re
import shutil
import sys
import tempfile

import networkx as nx

from . import analysis, knowledge, layout, xmlgraph
from .errors import display_name, display_name_text

def remove_file(path: str) -> None:
    """Remove a file if it is there."""
    try:
        os.unlink(path)
    except OSError:
        pass


def remove_folder(path: str) -> None:
    """Remove a folder and what it holds, if it is there."""
    shutil.rmtree(path, ignore_errors=True)


def replace_folder(staged: str, target: str) -> None:
    """Put the folder ``staged`` in the place of ``target`` (which may exist): the old one is
    moved aside first, then removed."""
    old = None
    if os.path.isdir(target):
        old = tempfile.mkdtemp(prefix=f'.{os.path.basename(target)}.{os.getpid()}.', suffix='.tmp',
                               dir=os.path.dirname(target) or '.')
        os.rmdir(old)
        os.replace(target, old)
    os.replace(staged, target)
    os.chmod(target, 0o777 & ~_umask())     # mkdtemp makes 0700 folders; outputs are ordinary folders
    if old:
        remove_folder(old)


def node_link_json(G: nx.Graph) -> bytes:
    """graph.json: networkx node-link data (``networkx.node_link_graph(data, edges='edges')``
    reads it back), one node or edge per line.

    Written piece by piece rather than through ``nx.node_link_data``, which copies
    every attribute dict of a large graph first."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(',', ':')).encode

    def merged(head: str, attrs: dict) -> str:
        body = dumps(attrs)
        return '{' + head + (',' + body[1:] if len(body) > 2 else '}')

    lines = ['{"directed":false,"multigraph":false,"graph":' + dumps(G.graph) + ',"nodes":[']
    lines.append(',\n'.join(merged('"id":' + dumps(n), d) for n, d in G.nodes(data=True)))
    lines.append('],"edges":[')
    lines.append(',\n'.join(merged(f'"source":{dumps(a)},"target":{dumps(b)}', d) for a, b, d in G.edges(data=True)))
    lines.append(']}\n')
    return '\n'.join(lines).encode('utf-8')


def measures_jsonl(G: nx.Graph) -> bytes:
    lines = []
    for m in analysis.measures(G):
        d = G.nodes[m]
        by_role: dict[str, list] = {'lead': [], 'support': [], 'mention': []}
        written: dict[str, list] = {'lead': [], 'support': [], 'mention': []}
        duties = []
        for u in sorted(G[m]):
            e = G[m][u]
            by_role[e['role']].append(G.nodes[u]['name'])
            written[e['role']].append(e.get('name', G.nodes[u]['name']))
            span = _as_span(e.get('name_span'))
            duties.append({'unit': G.nodes[u]['name'], 'as_written': e.get('name', G.nodes[u]['name']),
                           'role': e['role'], 'name_span': list(span) if span else None,
                           'name_whole': e.get('name_whole', True) is not False})
        lines.append(json.dumps({
            'doc': d['doc'], 'id': d['outline'], 'title': d['title'], 'text': d['text'],
            'lead': by_role['lead'], 'support': by_role['support'], 'mentions': by_role['mention'],
            'lead_as_written': written['lead'], 'support_as_written': written['support'],
            'role_source': d.get('role_source') or None, 'deadline': d.get('deadline') or None,
            'persons': list(d.get('persons') or []), 'keywords': d.get('keywords', []), 'duties': duties,
            'span': list(_as_span(d.get('span')) or []) or None}, ensure_ascii=False))
    return ('\n'.join(lines) + '\n').encode('utf-8') if lines else b''


def _as_span(value) -> tuple[int, int] | None:
    """A span attribute as a graph read back from GraphML/GEXF gives it (JSON text) or as built."""
    if isinstance(value, str):
        value = json.loads(value) if value else None
    return (int(value[0]), int(value[1])) if value else None


# ------------------------------------------------------------------ GraphML and GEXF

def _flat_items(G: nx.Graph):
    """Graph attributes, nodes and edges for GraphML/GEXF, with a ``label`` per node (the
    unit's name, the measure's title): lists of strings as :class:`xmlgraph.StringList`,
    other lists (spans) and dicts as JSON text."""
    graph = {'generator': G.graph.get('generator', ''),
             'documents': json.dumps(G.graph.get('documents', []), ensure_ascii=False, sort_keys=True)}
    node_json = _json_keys(d for _, d in G.nodes(data=True))
    edge_json = _json_keys(d for _, _, d in G.edges(data=True))
    nodes = []
    for n, attrs in G.nodes(data=True):     # the graph's own (deterministic) order
        d = _flat(attrs, node_json)
        d['label'] = attrs.get('name') or attrs.get('title', n)
        nodes.append((n, d))
    edges = [(a, b, _flat(d, edge_json) if any(v.__class__ in _COMPOUND for v in d.values()) else d)
             for a, b, d in G.edges(data=True)]
    return graph, nodes, edges


_COMPOUND = (list, tuple, dict)


def _json_keys(attr_dicts) -> set[str]:
    """Attributes whose lists hold other things than strings (spans): written as JSON text."""
    return {k for d in attr_dicts for k, v in d.items()
            if v.__class__ is dict or v.__class__ in _COMPOUND and any(x.__class__ is not str for x in v)}


def _flat(attrs: dict, json_keys: set[str]) -> dict:
    return {k: (json.dumps(v, ensure_ascii=False) if k in json_keys else xmlgraph.StringList(v))
            if v.__class__ in _COMPOUND else v for k, v in attrs.items()}


# graph.gexf's edge weights: a lead ties a unit to a measure more than a support,
# a support more than a mention (Gephi's layouts and weighted degree use them).
EDGE_WEIGHTS = {'lead': 3, 'support': 2, 'mention': 1}
# Measures in graph.gexf: one neutral grey (the page's), and the page's measure size.
MEASURE_COLOUR = '#adb5bd'
MEASURE_SIZE = 4
# The centrality.csv columns that graph.gexf and projection.gexf add to units.
_CENTRALITY_ATTRS = ('weighted_degree', 'partners', 'betweenness', 'betweenness_approximate', 'eigenvector',
                     'pagerank', 'bipartite_degree', 'role')


def node_viz(G: nx.Graph, positions: dict) -> dict:
    """node → ``(x, y, colour, size)`` as graph.html draws it: its position (y up, as Gephi
    has it), its unit type's colour (measures grey) and a size growing with the measures
    it leads or supports (6 to 28, as on the page; measures 4)."""
    colours = {row[0]: row[2] for row in knowledge.rows('unit_type_names.tsv')}
    resp = {n: int(d.get('lead', 0)) + int(d.get('support', 0))
            for n, d in G.nodes(data=True) if d.get('kind') == 'unit'}
    lo, hi = min(resp.values(), default=0), max(resp.values(), default=0)
    out = {}
    for n, (x, y) in positions.items():
        if n in resp:
            share = (resp[n] - lo) / (hi - lo) if hi > lo else 0.3
            colour = colours.get(G.nodes[n].get('type'), colours['other'])
            out[n] = (x, -y, colour, round(6 + 22 * math.sqrt(share), 2))
        else:
            out[n] = (x, -y, MEASURE_COLOUR, MEASURE_SIZE)
    return out


def _with_centrality(nodes: list, rows: list[dict]) -> list:
    """Unit nodes with their centrality.csv columns added (matched by name)."""
    by_name = {r['unit']: r for r in rows}
    out = []
    for n, d in nodes:
        row = by_name.get(d.get('name')) if d.get('kind') == 'unit' else None
        out.append((n, d | {k: row[k] for k in _CENTRALITY_ATTRS} if row else d))
    return out


def write_gexf(G: nx.Graph, path: str, rows: list[dict], viz: dict) -> None:
    """graph.gexf: GEXF 1.3 with positions, colours, sizes, the units' centralities and edge weights."""
    graph, nodes, edges = _flat_items(G)
    nodes = _with_centrality(nodes, rows)
    edges = [(a, b, d | {'weight': EDGE_WEIGHTS.get(d.get('role'), 1)}) for a, b, d in edges]
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        xmlgraph.write_gexf(f, graph, nodes, edges, creator=G.graph.get('generator', 'graphkit'), viz=viz)


def write_projection_gexf(G: nx.Graph, P: nx.Graph, path: str, rows: list[dict], viz: dict) -> None:
    """projection.gexf: the units, placed and coloured as in graph.gexf, linked by the measures
    they share (``weight``) with the pair's ``documents`` and role counts."""
    json_keys = _json_keys(d for _, d in P.nodes(data=True))
    nodes = _with_centrality([(u, _flat(d, json_keys) | {'label': d.get('name', u)})
                              for u, d in sorted(P.nodes(data=True))], rows)
    edges = [(a, b, {'weight': d['weight'], 'documents': _pair_documents(G, d),
                     'lead_support': d['lead_support'], 'support_support': d['support_support'],
                     'lead_lead': d['lead_lead']}) for a, b, d in _pairs(P)]
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        xmlgraph.write_gexf(f, {}, nodes, edges, creator=G.graph.get('generator', 'graphkit'), viz=viz)


def _pairs(P: nx.Graph) -> list:
    """The projection's edges as ``(a, b, attrs)`` with a < b, sorted."""
    return sorted(((min(a, b), max(a, b), d) for a, b, d in P.edges(data=True)), key=lambda e: e[:2])


def _pair_documents(G: nx.Graph, d: dict) -> int:
    """Documents a pair shares measures in: counted by a store, or from the pair's measures."""
    return d['documents'] if 'documents' in d else _documents_of(G, d['measures'])


def _documents_of(G: nx.Graph, measures: list) -> int:
    return len({G.nodes[m].get('doc') for m in measures})


# ------------------------------------------------------------------ the CSV files

LANGS = ('zh', 'en')


def check_lang(lang: str) -> None:
    """Refuse a language the CSV files cannot be written in (ValueError)."""
    if lang not in LANGS:
        raise ValueError(f'lang={lang!r}: choose from {", ".join(LANGS)}')


def _words(lang: str) -> dict[str, dict[str, str]]:
    """kind → {English word: the word written}: column_names.tsv and unit_type_names.tsv
    in Chinese; nothing to translate in English."""
    if lang == 'en':
        return {}
    out = {kind: {en: rest[0] for en, *rest in items if rest}
           for kind, items in knowledge.words('column_names.tsv').items()}
    out['type'] = {row[0]: row[1] for row in knowledge.rows('unit_type_names.tsv')}
    return out


def _write_csv(path: str, columns: list[str], rows, lang: str, codes: dict[str, str] | None = None) -> None:
    """A CSV file of ``rows``, lists in the order of ``columns`` (streamed: a large graph's
    rows are never all in memory); in Chinese the header and the values of ``codes``
    (column → kind in column_names.tsv) are translated."""
    words = _words(lang)
    coded = [(i, words[codes[c]]) for i, c in enumerate(columns) if words and c in (codes or {})]
    with _csv_file(path) as w:
        w.writerow([words.get('column', {}).get(c, c) for c in columns])
        for row in rows:
            for i, table in coded:
                row[i] = table.get(str(row[i]), row[i])
            w.writerow([inert(v) for v in row])


_FORMULA_START = ('=', '+', '-', '@', '\t', '\r')


def inert(value):
    """A cell Excel will not run: text from a document that starts like a formula
    (=, +, -, @) gets a leading apostrophe, which Excel shows as text (OWASP's advice
    against CSV injection); numbers stay numbers.

    >>> [inert(v) for v in ('=SUM(A1)', '-1', -1, '市教育局')]
    ["'=SUM(A1)", "'-1", -1, '市教育局']
    """
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


@contextlib.contextmanager
def _csv_file(path: str):
    """A CSV writer for Excel: UTF-8 with a BOM, CRLF line ends."""
    with open(path, 'w', encoding='utf-8-sig', newline='') as f:
        yield csv.writer(f, lineterminator='\r\n')


UNITS_COLUMNS = ['unit', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'variants']


def write_units_csv(G: nx.Graph, path: str, lang: str = 'zh') -> None:
    """units.csv: one row per unit, the most responsible first; variants joined by ；."""
    rows = []
    for u in analysis.units(G):
        d = G.nodes[u]
        rows.append([d['name'], d.get('type', ''), d.get('jurisdiction', ''), d.get('lead', 0),
                     d.get('support', 0), d.get('mentions', 0), '；'.join(d.get('variants', []))])
    rows.sort(key=lambda r: (-(r[3] + r[4]), r[0]))
    _write_csv(path, UNITS_COLUMNS, rows, lang, {'type': 'type'})


CENTRALITY_COLUMNS = ['unit', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'weighted_degree',
                      'partners', 'betweenness', 'betweenness_approximate', 'eigenvector', 'pagerank',
                      'bipartite_degree', 'role']


def write_centrality_csv(rows: list[dict], path: str, lang: str = 'zh') -> None:
    """centrality.csv: the rows of :func:`graphkit.analysis.centrality_table`."""
    _write_csv(path, CENTRALITY_COLUMNS, ([r[c] for c in CENTRALITY_COLUMNS] for r in rows), lang,
               {'type': 'type', 'role': 'unit_role', 'betweenness_approximate': 'boolean'})


MEASURES_COLUMNS = ['doc', 'doc_title', 'outline', 'title', 'role', 'unit', 'unit_as_written', 'name_start',
                    'name_end', 'unit_type', 'jurisdiction', 'deadline', 'role_source', 'text']
_ROLE_ORDER = {'lead': 0, 'support': 1, 'mention': 2}


def write_measures_csv(G: nx.Graph, path: str, lang: str = 'zh') -> None:
    """measures.csv, the coding sheet: one row per measure, unit and role (leads, supports,
    mentions, each by unit name), one row with no unit for a measure that names none;
    measures in the graph's order (documents in turn, each in its text order). The unit
    as written comes with where the document writes it (character offsets in its text)."""
    titles = {d.get('name'): d.get('title') or '' for d in G.graph.get('documents', [])}

    def rows():
        for m in analysis.measures(G):
            d = G.nodes[m]
            head = [d['doc'], titles.get(d['doc'], ''), d['outline'], d['title']]
            tail = [d.get('deadline') or '']
            linked = sorted(G[m].items(),
                            key=lambda ue: (_ROLE_ORDER.get(ue[1]['role'], 3), G.nodes[ue[0]]['name']))
            if not linked:
                yield head + ['', '', '', '', '', '', ''] + tail + [d.get('role_source') or '', d['text']]
            for u, e in linked:
                unit = G.nodes[u]
                where = _as_span(e.get('name_span')) or ('', '')
                yield head + [e['role'], unit['name'], e.get('name', unit['name']), *where, unit.get('type', ''),
                              unit.get('jurisdiction', '')] + tail + [e.get('role_source') or '', d['text']]
    _write_csv(path, MEASURES_COLUMNS, rows(), lang,
               {'role': 'role', 'unit_type': 'type', 'role_source': 'role_source'})


PROJECTION_COLUMNS = ['source', 'target', 'weight', 'documents', 'lead_support']


def write_projection_csv(G: nx.Graph, P: nx.Graph, path: str, lang: str = 'zh') -> None:
    """projection.csv: one row per pair of units sharing measures (``P``: the projection with
    its measures), the pair sharing most first: shared measures (``weight``), documents
    they are shared in, and measures where one leads and the other supports."""
    name = dict(P.nodes(data='name'))
    rows = []
    for a, b, d in P.edges(data=True):
        pair = sorted((name[a], name[b]))
        rows.append(pair + [d['weight'], _pair_documents(G, d), d['lead_support']])
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    _write_csv(path, PROJECTION_COLUMNS, rows, lang)


# matrix.csv is dense (units²): above this many units (25 million cells, about 50 MB) it
# is not written; projection.csv holds the same pairs as an edge list. 3,000 documents
# name about 3,200 units.
MATRIX_MAX_UNITS = 5000


def write_matrix_csv(P: nx.Graph, path: str, lang: str = 'zh') -> None:
    """matrix.csv: units × units, the measures each pair shares (UCINET, R): the first row and
    column name the units (sorted), the diagonal is 0. One row is built at a time."""
    units = sorted(P, key=lambda u: P.nodes[u].get('name', u))
    index = {u: i for i, u in enumerate(units)}
    names = [P.nodes[u].get('name', u) for u in units]
    with _csv_file(path) as w:
        w.writerow([_words(lang).get('column', {}).get('unit', 'unit')] + [inert(n) for n in names])
        for u, name in zip(units, names):
            row = [0] * len(units)
            for v, d in P[u].items():
                row[index[v]] = d['weight']
            w.writerow([inert(name)] + row)


DIAGNOSTICS_COLUMNS = ['doc', 'kind', 'message']


def write_diagnostics_csv(diagnostics: dict[str, list[str]] | None, path: str, lang: str = 'zh') -> None:
    """diagnostics.csv: what was noticed reading each document, one line a row; ``kind`` is
    the text before the first ': ' of the line (``damaged``, ``no-units``…)."""
    rows = []
    for name in sorted(diagnostics or {}):
        for line in diagnostics[name]:
            kind, sep, message = line.partition(': ')
            rows.append([name, kind, message] if sep else [name, '', line])
    _write_csv(path, DIAGNOSTICS_COLUMNS, rows, lang, {'kind': 'diagnostic'})


def report_md(G: nx.Graph, rows: list[dict], diagnostics: dict[str, list[str]] | None = None,
              P: nx.Graph | None = None, errors: list[str] | None = None, review: dict | None = None) -> bytes:
    """report.md: a one-page summary of a build (``P``: the projection, if computed)."""
    P = analysis.co_responsibility(G) if P is None else P
    s = analysis.summary(G, P)
    docs = G.graph.get('documents', [])
    out = md_head(len(docs), s)
    out += ['## Documents', '', '| file | title | number | jurisdiction | measures |', '|---|---|---|---|---|']
    for d in docs:
        out.append(f"| {md_cell(d['name'])} | {md_cell(d.get('title'))} | {md_cell(d.get('number'))} | "
                   f"{md_cell(d.get('jurisdiction'))} | {d.get('measures', '')} |")
    merged = [(G.nodes[u]['name'], G.nodes[u]['variants']) for u in analysis.units(G) if G.nodes[u].get('variants')]
    out += ['', f'## Name variants merged ({len(merged)} units)', '']
    out += [f'- {name} ← ' + '、'.join(v) for name, v in merged[:40]]
    if len(merged) > 40:
        out.append(f'- … and {len(merged) - 40} more (units.csv)')
    out += [''] + md_top_units(rows)
    out += md_partners((p['a'], p['b'], p['weight']) for p in analysis.partner_pairs(G, 10, P))
    out += ['', '## Topics (measure keywords) and the units responsible', '',
            '| keyword | measures | units (measures) |', '|---|---|---|']
    for row in analysis.topic_table(G, 10):
        top = '、'.join(f'{u} ({n})' for u, n in list(row['units'].items())[:4])
        out.append(f"| {md_cell(row['keyword'])} | {row['measures']} | {md_cell(top)} |")
    orph = s['orphan_measures']
    out += ['', f'## Measures with no responsible unit ({len(orph)})', '']
    out += [f"- {md_cell(G.nodes[m]['doc'])} {G.nodes[m]['outline']} {md_cell(G.nodes[m]['title'])}" for m in orph[:20]]
    if len(orph) > 20:
        out.append(f'- … and {len(orph) - 20} more')
    out += md_structure(s)
    return md_end(out, review, errors, diagnostics)


# The sections report.md has in a build of any size (scale.report_md writes a large build's).

def md_head(documents: int, s: dict) -> list[str]:
    return ['# Responsibility graph report', '',
            f"{documents} documents, {s['measures']} measures, {s['units']} units; "
            f"{s['lead_edges']} lead, {s['support_edges']} support and {s['mention_edges']} mention edges.", '']


def md_top_units(rows: list[dict]) -> list[str]:
    """The top lead units and the top brokers of the centrality table."""
    out = ['## Top lead units', '', '| unit | leads | supports | role |', '|---|---|---|---|']
    for r in sorted(rows, key=lambda r: (-r['lead'], r['unit']))[:10]:
        out.append(f"| {md_cell(r['unit'])} | {r['lead']} | {r['support']} | {r['role']} |")
    approx = rows and rows[0]['betweenness_approximate']
    out += ['', '## Top brokers (betweenness on the co-responsibility projection'
            + (', approximate' if approx else '') + ')', '', '| unit | betweenness | partners |', '|---|---|---|']
    for r in sorted(rows, key=lambda r: (-r['betweenness'], r['unit']))[:10]:
        out.append(f"| {md_cell(r['unit'])} | {r['betweenness']:.4f} | {r['partners']} |")
    return out


def md_partners(pairs) -> list[str]:
    """``(unit, unit, shared measures)`` pairs, most shared first."""
    out = ['', '## Most frequent partners', '', '| unit | unit | shared measures |', '|---|---|---|']
    return out + [f'| {md_cell(a)} | {md_cell(b)} | {w} |' for a, b, w in pairs]


def md_structure(s: dict, orphans: bool = False) -> list[str]:
    """Densities, components, communities; ``orphans``: the count of measures without units
    too (where no section lists them)."""
    out = ['', '## Structure', '']
    if orphans:
        out.append(f"- {len(s['orphan_measures'])} measures with no responsible unit")
    out += [f"- bipartite density {s['bipartite_density']}, projection density {s['projection_density']}",
            f"- {s['components']} connected components of units (largest: {s['largest_component']})",
            f"- {len(s['communities'])} communities (Louvain, seeded)"]
    if s['units'] > MATRIX_MAX_UNITS:
        out.append(f"- matrix.csv not written: {s['units']} units, more than {MATRIX_MAX_UNITS} "
                   '(projection.csv lists the same pairs)')
    return out


def md_end(out: list[str], review, errors, diagnostics) -> bytes:
    """The report's last sections (corrections, files not read, diagnostics), as bytes."""
    out = out + review_md(review)
    if errors:
        out += ['', f'## Files not read ({len(errors)})', '']
        out += [f'- {md_cell(line)}' for line in errors]
    if diagnostics:
        out += ['', '## Diagnostics', '']
        for name in sorted(diagnostics):
            out += [f'- {md_cell(name)}: {md_cell(msg)}' for msg in diagnostics[name]]
    return ('\n'.join(out) + '\n').encode('utf-8')


def review_md(review: dict | None) -> list[str]:
    """report.md's lines on a reviewer's corrections (none without any)."""
    if not review or not (review['corrected'] or review['checked'] or review['problems']):
        return []
    out = ['', '## Corrections', '',
           f"{review['corrected']} corrections applied, {review['checked']} measures checked by a reviewer"
           + (f"; {len(review['problems'])} not applied:" if review['problems'] else '.')]
    if review['problems']:
        out.append('')
    return out + [f'- {md_cell(line)}' for line in review['problems']]


def md_cell(value) -> str:
    """A value as one cell of a Markdown table."""
    return str(value if value is not None else '').replace('|', '\\|').replace('\n', ' ')


def write_all(graph, out_dir, html: bool = True, diagnostics: dict[str, list[str]] | None = None,
              html_options: dict | None = None, errors: list[str] | None = None,
              jobs: int | None = None, lang: str = 'zh', progress=None, review: dict | None = None,
              texts: dict | None = None) -> list[str]:
    """Write every output of a graph into ``out_dir``; return the paths written.

    ``lang``: the language of the CSV files' headers and coded values, ``zh``
    (default) or ``en``. Each file is written to a temporary file beside its
    target; all are moved into place once every one is complete, so an error
    or Ctrl-C leaves the previous outputs as they were. On large graphs, unless
    ``jobs`` is 1, forked child processes (which share the graph without
    copying it) write the files that need no analysis, and graph.gexf, while
    this process computes the analysis and writes the rest. ``progress(stage,
    done, total)`` hears of the stages ``analyse``, ``page`` and ``write`` (see
    :mod:`graphkit.progress`). ``review``: what a reviewer's corrections did (for
    report.md); ``texts``: document name → (text, hash), with which review.html is
    written beside graph.html. A graph answered from a large build's store gets the
    outputs that fit its size (:func:`graphkit.scale.write_large`)."""
    check_lang(lang)
    if getattr(graph, 'in_store', False):
        from .scale import write_large
        return write_large(graph, out_dir, html, diagnostics, html_options, errors, jobs, progress, lang, review)
    if not html:
        texts = None
    note = progress or (lambda stage, done, total: None)
    G = graph.G if hasattr(graph, 'G') else graph
    os.makedirs(out_dir, exist_ok=True)
    sweep_stale(out_dir)
    staged: list[tuple[str, str]] = []
    children = []

    def stage(name: str) -> str:
        tmp = stage_file(out_dir, name, b'')
        staged.append((tmp, os.path.join(out_dir, name)))
        return tmp

    parallel = (jobs or os.cpu_count() or 1) > 1

    def run(func, *args):
        child = _in_child(func, *args) if parallel else None
        if child is None:
            func(*args)
        else:
            children.append(child)

    try:
        # The files that need no analysis are written meanwhile by a second
        # process, and graph.gexf by a third once the analysis is done.
        run(_write_plain, G, stage('graph.graphml'), stage('units.csv'), stage('measures.jsonl'),
            stage('measures.csv'), lang)
        # The page and projection.csv need the measures a pair shares; one projection serves all.
        units = sum(1 for _, k in G.nodes(data='kind') if k == 'unit')
        note('analyse', 0, units)
        P = analysis.co_responsibility(G, with_measures=True)
        rows = analysis.centrality_table(G, P=P)
        note('analyse', units, units)
        positions = layout.static_positions(G)      # seconds on a large graph: once, for the page and the GEXF
        viz = node_viz(G, positions)
        run(write_gexf, G, stage('graph.gexf'), rows, viz)
        if html:
            from .render import render_html
            note('page', 0, G.number_of_nodes())
            render_html(G, stage('graph.html'), projection=P, centrality=rows, positions=positions,
                        **(html_options or {}))
            if texts is not None:
                from .review import REVIEW, build_review_html
                write_file(stage(REVIEW), build_review_html(G, texts).encode('utf-8'))
            note('page', G.number_of_nodes(), G.number_of_nodes())
        note('write', 0, 1)
        write_file(stage('graph.json'), node_link_json(G))
        write_centrality_csv(rows, stage('centrality.csv'), lang)
        write_projection_csv(G, P, stage('projection.csv'), lang)
        write_projection_gexf(G, P, stage('projection.gexf'), rows, viz)
        with_matrix = P.number_of_nodes() <= MATRIX_MAX_UNITS
        if with_matrix:
            write_matrix_csv(P, stage('matrix.csv'), lang)
        write_diagnostics_csv(diagnostics, stage('diagnostics.csv'), lang)
        write_file(stage('report.md'), report_md(G, rows, diagnostics, P, errors, review))
        for child in children:
            child.join()
            if child.exitcode != 0:
                raise OSError(f'{display_name(out_dir)}: a process writing the outputs failed '
                              f'(exit code {child.exitcode}; its reason is on the line above)')
        # report.md goes last: once it is new, every file beside it is.
        for tmp, target in sorted(staged, key=lambda st: st[1].endswith('report.md')):
            os.replace(tmp, target)
        mark_output(out_dir)
        note('write', len(staged), len(staged))
        # a file of an earlier build would lie about this graph
        if not html:
            remove_file(os.path.join(out_dir, 'graph.html'))
        if not with_matrix:
            remove_file(os.path.join(out_dir, 'matrix.csv'))
        from .render import MEASURE_FILES     # a large build's, which this graph's page does not read
        remove_folder(os.path.join(out_dir, MEASURE_FILES))
    except BaseException:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        for tmp, _ in staged:
            remove_file(tmp)
        raise
    return [target for _, target in staged]


def _write_plain(G: nx.Graph, graphml_path: str, units_path: str, measures_path: str, measures_csv_path: str,
                 lang: str) -> None:
    """Outputs that need no analysis: GraphML, units.csv, measures.jsonl, measures.csv."""
    graph, nodes, edges = _flat_items(G)
    with open(graphml_path, 'w', encoding='utf-8', newline='\n') as f:
        xmlgraph.write_graphml(f, graph, nodes, edges)
    write_units_csv(G, units_path, lang)
    write_file(measures_path, measures_jsonl(G))
    write_measures_csv(G, measures_csv_path, lang)


# Below this many edges a forked writer costs more than it saves.
FORK_MIN_EDGES = 20000


def _in_child(func, *args):
    """Run ``func(*args)`` in a forked process (which shares the graph without
    copying it); None where fork is unavailable, and for small graphs where a
    process costs more than it saves."""
    import multiprocessing
    G = args[0]
    if G.number_of_edges() < FORK_MIN_EDGES or 'fork' not in multiprocessing.get_all_start_methods():
        return None
    child = multiprocessing.get_context('fork').Process(target=_child_main, args=(func, *args), daemon=True)
    child.start()
    return child


def _child_main(func, *args) -> None:
    """A forked writer: its failure (disk full) is one line on stderr, not a traceback."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)       # ended by the build: no message
    try:
        func(*args)
    except BaseException as e:          # noqa: BLE001 — reported, and the exit code says it failed
        sys.stderr.write(f'graphkit: writing the outputs: {display_name_text(e)}\n')
        sys.stderr.flush()
        os._exit(1)


MARKER = '.graphkit-output'
"""A file in every output folder: graphkit never collects such a folder as input."""


def mark_output(out_dir: str) -> None:
    path = os.path.join(out_dir, MARKER)
    if not os.path.exists(path):
        write_file(path, b'This folder holds outputs of graphkit build; graphkit never reads it as input.\n')


def sweep_stale(out_dir: str) -> int:
    """Remove the temporary files of builds that died (killed, or the machine stopped)
    before they could clean up: their names carry the writing process's id."""
    removed = 0
    try:
        names = os.listdir(out_dir)
    except OSError:
        return 0
    for name in names:
        m = _TEMP_NAME.fullmatch(name)
        if m and not process_alive(int(m.group(1))):
            path = os.path.join(out_dir, name)
            if os.path.isdir(path) and not os.path.islink(path):
                remove_folder(path)     # a large build's staged measure files
            else:
                remove_file(path)
            removed += 1
    return removed


def process_alive(pid: int) -> bool:
    """Is the process ``pid`` running (the writer of a temporary file, a store folder)?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True          # another user's process
    return True


def write_file(path: str, data: bytes) -> None:
    """Write bytes to a (staged) file."""
    with open(path, 'wb') as f:
        f.write(data)


_TEMP_NAME = re.compile(r'\.[\w.-]+\.(\d+)\.[\w-]+\.tmp')


def stage_file(folder: str, name: str, data: bytes) -> str:
    """A temporary file beside ``name`` in ``folder`` holding ``data`` (renamed into place
    when every output is ready); its name says which process writes it."""
    fd, tmp = tempfile.mkstemp(prefix=f'.{name}.{os.getpid()}.', suffix='.tmp', dir=folder)
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    os.chmod(tmp, 0o666 & ~_umask())    # mkstemp makes 0600 files; outputs are ordinary files
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
