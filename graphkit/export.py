"""export: write a responsibility graph to files — atomically and deterministically.

``write_all`` writes graph.json (networkx node-link), graph.graphml and
graph.gexf (typed attributes, open in Gephi), measures.jsonl, units.csv and
centrality.csv (UTF-8 with BOM so that Excel shows Chinese), report.md and
graph.html. Every file is first written to a temporary file in the output
folder and renamed into place only when all are ready, so an interrupted build
leaves the previous outputs intact. The same graph gives byte-identical files.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile

import networkx as nx

from . import analysis, xmlgraph
from .errors import display_name, display_name_text

def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


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


def _flat_items(G: nx.Graph):
    """Graph attributes, nodes and edges for GraphML/GEXF: lists as JSON strings
    and a ``label`` per node (the unit's name, the measure's title)."""
    graph = {'generator': G.graph.get('generator', ''),
             'documents': json.dumps(G.graph.get('documents', []), ensure_ascii=False, sort_keys=True)}
    nodes = []
    for n, attrs in G.nodes(data=True):     # the graph's own (deterministic) order
        d = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
             for k, v in attrs.items()}
        d['label'] = attrs.get('name') or attrs.get('title', n)
        nodes.append((n, d))
    return graph, nodes, list(G.edges(data=True))


def measures_jsonl(G: nx.Graph) -> bytes:
    lines = []
    for m in analysis.measures(G):
        d = G.nodes[m]
        by_role: dict[str, list] = {'lead': [], 'support': [], 'mention': []}
        written: dict[str, list] = {'lead': [], 'support': [], 'mention': []}
        for u in sorted(G[m]):
            e = G[m][u]
            by_role[e['role']].append(G.nodes[u]['name'])
            written[e['role']].append(e.get('name', G.nodes[u]['name']))
        lines.append(json.dumps({
            'doc': d['doc'], 'id': d['outline'], 'title': d['title'], 'text': d['text'],
            'lead': by_role['lead'], 'support': by_role['support'], 'mentions': by_role['mention'],
            'lead_as_written': written['lead'], 'support_as_written': written['support'],
            'role_source': d.get('role_source') or None, 'deadline': d.get('deadline') or None,
            'persons': list(d.get('persons') or []), 'keywords': d.get('keywords', [])}, ensure_ascii=False))
    return ('\n'.join(lines) + '\n').encode('utf-8') if lines else b''


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction='ignore', lineterminator='\r\n')
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode('utf-8-sig')


def units_csv(G: nx.Graph) -> bytes:
    rows = []
    for u in analysis.units(G):
        d = G.nodes[u]
        rows.append({'unit': d['name'], 'type': d.get('type', ''), 'jurisdiction': d.get('jurisdiction', ''),
                     'lead': d.get('lead', 0), 'support': d.get('support', 0),
                     'mentions': d.get('mentions', 0), 'variants': '；'.join(d.get('variants', []))})
    rows.sort(key=lambda r: (-(r['lead'] + r['support']), r['unit']))
    return _csv(rows, ['unit', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'variants'])


def centrality_csv(rows: list[dict]) -> bytes:
    columns = ['unit', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'weighted_degree', 'partners',
               'betweenness', 'betweenness_approximate', 'eigenvector', 'pagerank', 'bipartite_degree', 'role']
    return _csv(rows, columns)


def report_md(G: nx.Graph, rows: list[dict], diagnostics: dict[str, list[str]] | None = None,
              P: nx.Graph | None = None, errors: list[str] | None = None) -> bytes:
    """report.md: a one-page summary of a build (``P``: the projection, if computed)."""
    P = analysis.co_responsibility(G) if P is None else P
    s = analysis.summary(G, P)
    docs = G.graph.get('documents', [])
    out = ['# Responsibility graph report', '',
           f"{len(docs)} documents, {s['measures']} measures, {s['units']} units; "
           f"{s['lead_edges']} lead, {s['support_edges']} support and {s['mention_edges']} mention edges.", '',
           '## Documents', '', '| file | title | number | jurisdiction | measures |', '|---|---|---|---|---|']
    for d in docs:
        out.append(f"| {_cell(d['name'])} | {_cell(d.get('title'))} | {_cell(d.get('number'))} | "
                   f"{_cell(d.get('jurisdiction'))} | {d.get('measures', '')} |")
    merged = [(G.nodes[u]['name'], G.nodes[u]['variants']) for u in analysis.units(G) if G.nodes[u].get('variants')]
    out += ['', f'## Name variants merged ({len(merged)} units)', '']
    out += [f'- {name} ← ' + '、'.join(v) for name, v in merged[:40]]
    if len(merged) > 40:
        out.append(f'- … and {len(merged) - 40} more (units.csv)')
    out += ['', '## Top lead units', '', '| unit | leads | supports | role |', '|---|---|---|---|']
    for r in sorted(rows, key=lambda r: (-r['lead'], r['unit']))[:10]:
        out.append(f"| {_cell(r['unit'])} | {r['lead']} | {r['support']} | {r['role']} |")
    approx = rows and rows[0]['betweenness_approximate']
    out += ['', '## Top brokers (betweenness on the co-responsibility projection'
            + (', approximate' if approx else '') + ')', '', '| unit | betweenness | partners |', '|---|---|---|']
    for r in sorted(rows, key=lambda r: (-r['betweenness'], r['unit']))[:10]:
        out.append(f"| {_cell(r['unit'])} | {r['betweenness']:.4f} | {r['partners']} |")
    out += ['', '## Most frequent partners', '', '| unit | unit | shared measures |', '|---|---|---|']
    for p in analysis.partner_pairs(G, 10, P):
        out.append(f"| {_cell(p['a'])} | {_cell(p['b'])} | {p['weight']} |")
    out += ['', '## Topics (measure keywords) and the units responsible', '',
            '| keyword | measures | units (measures) |', '|---|---|---|']
    for row in analysis.topic_table(G, 10):
        top = '、'.join(f'{u} ({n})' for u, n in list(row['units'].items())[:4])
        out.append(f"| {_cell(row['keyword'])} | {row['measures']} | {_cell(top)} |")
    orph = s['orphan_measures']
    out += ['', f'## Measures with no responsible unit ({len(orph)})', '']
    out += [f"- {_cell(G.nodes[m]['doc'])} {G.nodes[m]['outline']} {_cell(G.nodes[m]['title'])}" for m in orph[:20]]
    if len(orph) > 20:
        out.append(f'- … and {len(orph) - 20} more')
    out += ['', '## Structure', '',
            f"- bipartite density {s['bipartite_density']}, projection density {s['projection_density']}",
            f"- {s['components']} connected components of units (largest: {s['largest_component']})",
            f"- {len(s['communities'])} communities (Louvain, seeded)"]
    if errors:
        out += ['', f'## Files not read ({len(errors)})', '']
        out += [f'- {_cell(line)}' for line in errors]
    if diagnostics:
        out += ['', '## Diagnostics', '']
        for name in sorted(diagnostics):
            out += [f'- {_cell(name)}: {_cell(msg)}' for msg in diagnostics[name]]
    return ('\n'.join(out) + '\n').encode('utf-8')


def _cell(value) -> str:
    return str(value if value is not None else '').replace('|', '\\|').replace('\n', ' ')


def write_all(graph, out_dir, html: bool = True, diagnostics: dict[str, list[str]] | None = None,
              html_options: dict | None = None, errors: list[str] | None = None,
              jobs: int | None = None, progress=None) -> list[str]:
    """Write every output of a graph into ``out_dir``; return the paths written.

    Each file is written to a temporary file beside its target; all are moved
    into place once every one is complete, so an error or Ctrl-C leaves the
    previous outputs as they were. On large graphs, unless ``jobs`` is 1, a
    forked child process (which shares the graph without copying it) writes
    the files that need no analysis while this process computes the analysis
    and writes the rest. ``progress(stage, done, total)`` hears of the stages
    ``analyse``, ``page`` and ``write`` (see :mod:`graphkit.progress`)."""
    if getattr(graph, 'in_store', False):     # a large build: what fits its size, from the store
        from .scale import write_large
        return write_large(graph, out_dir, html, diagnostics, html_options, errors, jobs, progress)
    note = progress or (lambda stage, done, total: None)
    G = graph.G if hasattr(graph, 'G') else graph
    os.makedirs(out_dir, exist_ok=True)
    sweep_stale(out_dir)
    staged: list[tuple[str, str]] = []
    children = []

    def stage(name: str) -> str:
        tmp = _stage(out_dir, name, b'')
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
        # process; the two halves take about as long on a large graph.
        run(_write_plain, G, stage('graph.graphml'), stage('graph.gexf'), stage('units.csv'),
            stage('measures.jsonl'))
        # The page shows which measures a pair shares; one projection serves both.
        units = sum(1 for _, k in G.nodes(data='kind') if k == 'unit')
        note('analyse', 0, units)
        P = analysis.co_responsibility(G, with_measures=html)
        rows = analysis.centrality_table(G, P=P)
        note('analyse', units, units)
        if html:
            from .render import render_html
            note('page', 0, G.number_of_nodes())
            render_html(G, stage('graph.html'), projection=P, centrality=rows, **(html_options or {}))
            note('page', G.number_of_nodes(), G.number_of_nodes())
        note('write', 0, len(staged) + 3)
        _write(stage('graph.json'), node_link_json(G))
        _write(stage('centrality.csv'), centrality_csv(rows))
        _write(stage('report.md'), report_md(G, rows, diagnostics, P, errors))
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
        if not html:
            _unlink(os.path.join(out_dir, 'graph.html'))    # a page of an earlier build would lie
    except BaseException:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        for tmp, _ in staged:
            _unlink(tmp)
        raise
    return [target for _, target in staged]


def _write_plain(G: nx.Graph, graphml_path: str, gexf_path: str, units_path: str, measures_path: str) -> None:
    """Outputs that need no analysis: GraphML, GEXF, units.csv, measures.jsonl."""
    items = _flat_items(G)
    types = xmlgraph.attribute_types(*items)
    with open(graphml_path, 'w', encoding='utf-8', newline='\n') as f:
        xmlgraph.write_graphml(f, *items, types=types)
    with open(gexf_path, 'w', encoding='utf-8', newline='\n') as f:
        xmlgraph.write_gexf(f, *items, creator=G.graph.get('generator', 'graphkit'), types=types)
    _write(units_path, units_csv(G))
    _write(measures_path, measures_jsonl(G))


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
        _write(path, b'This folder holds outputs of graphkit build; graphkit never reads it as input.\n')


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
        if m and not _alive(int(m.group(1))):
            _unlink(os.path.join(out_dir, name))
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True          # another user's process
    return True


def _write(path: str, data: bytes) -> None:
    with open(path, 'wb') as f:
        f.write(data)


_TEMP_NAME = re.compile(r'\.[\w.-]+\.(\d+)\.[\w-]+\.tmp')


def _stage(folder: str, name: str, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f'.{name}.{os.getpid()}.', suffix='.tmp', dir=folder)
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    os.chmod(tmp, 0o666 & ~_umask())    # mkstemp makes 0600 files; outputs are ordinary files
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
