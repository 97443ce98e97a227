"""The interactive network page: one self-contained, offline HTML file.

``render_html(G, path)`` turns a responsibility graph (docs/graph-schema.md)
into a page a researcher can open from disk on a machine with no internet:
the page's own script and style (``templates/``) are inlined — it draws the
network itself, on a canvas, so that 40,000 edges stay interactive — and the
graph travels as JSON inside ``<script type="application/json">`` (gzip and
base64 above ``COMPRESS_ABOVE``). Document text is data: it reaches the page
only through that block (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped)
and is shown with ``textContent``; a Content-Security-Policy with the hash of
the one inline script refuses any other script, inline handler or network
request.

The same graph gives a byte-identical file: nodes, edges and documents are
sorted, layouts are seeded, and nothing depends on the clock.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx

from . import analysis
from .layout import LAYOUTS, browser_iterations, choose_layout, nodes_of_kind, static_positions
from .resolution import search_names
from .xmlgraph import split_list

VIEWS = ('auto', 'bipartite', 'units')
ROLES = ('lead', 'support', 'mention')
# What can size unit nodes besides their numeric attributes: the columns of
# analysis.centrality_table.
SIZE_COLUMNS = ('lead', 'support', 'mentions', 'weighted_degree', 'partners', 'betweenness', 'eigenvector',
                'pagerank', 'bipartite_degree')



# ---------------------------------------------------------------- the graph

def _as_list(value) -> list[str]:
    """A list attribute; a graph read from GEXF carries it as text in Gephi's list syntax
    (a JSON array), from GraphML as items joined by ``|`` (:func:`graphkit.xmlgraph.split_list`)."""
    if value is None or value == '':
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return split_list(value)
        return [str(v) for v in parsed] if isinstance(parsed, list) else [value]
    return [str(v) for v in value]


def _kind(G: nx.Graph, n) -> str:
    return G.nodes[n].get('kind', '')


def units_projection(G: nx.Graph) -> nx.Graph:
    """The unit–unit co-responsibility graph, with the measures each pair shares
    (:func:`graphkit.analysis.co_responsibility`)."""
    return analysis.co_responsibility(G, with_measures=True)


def check_options(view: str = 'auto', size_by: str = 'responsibility', layout: str = 'auto') -> None:
    """Refuse options the page cannot honour, before any work is done (ValueError).

    ``size_by`` may also name a numeric unit attribute of one's own graph;
    graphs built by graphkit have none besides the columns listed here."""
    if view not in VIEWS:
        raise ValueError(f'view={view!r}: choose from {", ".join(VIEWS)}')
    if layout not in LAYOUTS:
        raise ValueError(f'layout={layout!r}: choose from {", ".join(LAYOUTS)}')
    if size_by not in ('responsibility',) + SIZE_COLUMNS:
        raise ValueError(f'size_by={size_by!r}: choose from ' + ', '.join(('responsibility',) + SIZE_COLUMNS))


def unit_sizes(G: nx.Graph, size_by: str = 'responsibility', centrality: list[dict] | None = None) -> dict:
    """The value that sizes each unit node.

    ``responsibility`` (default) is measures led + supported; a column of
    :func:`graphkit.analysis.centrality_table` (``lead``, ``support``,
    ``mentions``, ``weighted_degree``, ``partners``, ``betweenness``,
    ``eigenvector``, ``pagerank``, ``bipartite_degree``) or any other numeric
    unit attribute is used as it is. ``centrality``: that table when the
    caller already has it.
    """
    units = nodes_of_kind(G, 'unit')
    if size_by == 'responsibility':
        return {u: int(G.nodes[u].get('lead', 0)) + int(G.nodes[u].get('support', 0)) for u in units}
    if size_by in SIZE_COLUMNS:
        rows = {r['unit']: r for r in (centrality if centrality is not None else analysis.centrality_table(G))}
        return {u: rows[G.nodes[u].get('name', u)][size_by] for u in units}
    values = {}
    for u in units:
        v = G.nodes[u].get(size_by)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            choices = ', '.join(('responsibility',) + SIZE_COLUMNS)
            raise ValueError(f'size_by={size_by!r}: not a measure of units nor a numeric unit attribute '
                             f'(choose from {choices})')
        values[u] = round(float(v), 6) if isinstance(v, float) else v
    return values


# ------------------------------------------------------------- the payload

_DOC_FIELDS = ('name', 'title', 'number', 'issuer', 'date', 'jurisdiction')


def _graph_documents(G: nx.Graph) -> list[dict]:
    docs = G.graph.get('documents') or []
    if isinstance(docs, str):  # GraphML/GEXF carry the list as a JSON string
        docs = json.loads(docs)
    return [d for d in docs if isinstance(d, dict)]


def page_documents(G: nx.Graph, measures: list = ()) -> list[dict]:
    """The documents, sorted by file name, with any a measure names but the graph does not describe."""
    docs = {str(d.get('name', '')): {k: str(d.get(k) or '') for k in _DOC_FIELDS} for d in _graph_documents(G)}
    for m in measures:
        name = str(G.nodes[m].get('doc', ''))
        docs.setdefault(name, dict.fromkeys(_DOC_FIELDS, '') | {'name': name})
    return [docs[k] for k in sorted(docs)]


def default_title(G: nx.Graph) -> str:
    docs = _graph_documents(G)
    if len(docs) == 1 and docs[0].get('title'):
        return f"{docs[0]['title']} · 责任网络"
    return f'责任网络 · {len(docs)} 份文件' if docs else '责任网络'


# Above these sizes the page opens on the units (co-responsibility) view: the
# bipartite view of thousands of measures is a cloud until one drills down.
AUTO_UNITS_NODES = 2500
AUTO_UNITS_EDGES = 10_000


def choose_view(G: nx.Graph, view: str = 'auto') -> str:
    """``bipartite`` or ``units``: what ``view='auto'`` opens on for this graph."""
    if view not in VIEWS:
        raise ValueError(f'view={view!r}: choose from {", ".join(VIEWS)}')
    if view != 'auto':
        return view
    big = G.number_of_nodes() > AUTO_UNITS_NODES or G.number_of_edges() > AUTO_UNITS_EDGES
    return 'units' if big else 'bipartite'


def _traditional_map(names) -> dict[str, str]:
    """Traditional (and Hong Kong, Taiwan) forms of the characters of ``names`` → the
    Simplified character, so that the page finds 财政局 when 財政局 is typed."""
    chars = sorted({ch for n in names for ch in n if '\u4e00' <= ch <= '\u9fff'})
    out: dict[str, str] = {}
    if not chars:
        return out
    import opencc
    for config in ('s2t', 's2tw', 's2hk'):
        conv = opencc.OpenCC(config)
        converted = conv.convert(''.join(chars))
        if len(converted) != len(chars):
            converted = ''.join(conv.convert(c)[:1] or c for c in chars)
        for simp, trad in zip(chars, converted):
            if trad != simp:
                out.setdefault(trad, simp)
    return dict(sorted(out.items()))


def page_data(G: nx.Graph, view: str = 'auto', size_by: str = 'responsibility',
              layout: str = 'auto', title: str | None = None,
              projection: nx.Graph | None = None, centrality: list[dict] | None = None,
              positions: dict | None = None, measure_files: dict | None = None) -> dict:
    """The JSON the page reads: every text once, edges as index tuples.

    Nodes are numbered units first, then measures (both sorted by node id);
    an edge is ``[measure, unit, role, source, name, span]`` with indices into
    ``measures``, ``units``, ``roles`` and ``sources``, ``name`` the index of the
    name the document used in ``[unit name] + variants`` (or the name itself
    when it is neither), and ``span`` the clause that names the unit as offsets
    in the measure's text (``0`` when unknown). ``coEdges`` is the
    co-responsibility projection, ``[unit, unit, weight, [document indices]]``.
    ``positions`` places every node (laid out here; ``layout`` = ``physics``
    lets the page relax them further). ``projection`` (that graph, with
    measures), ``centrality`` (the centrality table) and ``positions``
    (:func:`graphkit.layout.static_positions` of ``G``): pass them when
    already computed. ``measure_files``: where the page of a graph of units only
    (a large build) finds each unit's measures, ``{'dir': folder beside the page,
    'starts': first unit index of each file}`` (see :func:`measure_file_js`).
    """
    chosen_view = choose_view(G, view)
    chosen = choose_layout(G, layout)
    units = nodes_of_kind(G, 'unit')
    measures = nodes_of_kind(G, 'measure')
    others = [n for n in G if _kind(G, n) not in ('unit', 'measure')]
    if others:
        raise ValueError(f'node {others[0]!r} has kind {_kind(G, others[0])!r}: '
                         "every node must be a 'unit' or a 'measure' (docs/graph-schema.md)")
    docs = page_documents(G, measures)
    doc_index = {d['name']: i for i, d in enumerate(docs)}
    uindex = {u: i for i, u in enumerate(units)}
    mindex = {m: i for i, m in enumerate(measures)}
    sizes = unit_sizes(G, size_by, centrality)
    P = projection if projection is not None else units_projection(G)
    community = {}
    for k, part in enumerate(analysis.communities(P) if P.number_of_edges() else []):
        for u in part:
            community[u] = k

    unit_rows = []
    names = {}
    for u in units:
        a = G.nodes[u]
        name = str(a.get('name') or str(u).removeprefix('u:'))
        variants = [v for v in _as_list(a.get('variants')) if v != name]
        names[u] = [name] + variants
        row = {
            'id': str(u), 'name': name, 'variants': variants,
            # other names one may search for: 普宁市人力资源社会保障局 is also 市人社局
            'aka': [n for n in search_names(name) if n not in variants],
            'type': str(a.get('type') or 'other'),
            'jurisdiction': str(a.get('jurisdiction') or ''),
            'lead': int(a.get('lead', 0)), 'support': int(a.get('support', 0)),
            'mentions': int(a.get('mentions', 0)), 'value': sizes[u],
            'community': community.get(u, -1),
        }
        if a.get('successor'):
            row['successor'] = str(a['successor'])
        unit_rows.append(row)
    measure_rows = []
    for m in measures:
        a = G.nodes[m]
        row = {
            'id': str(m), 'doc': doc_index[str(a.get('doc', ''))], 'outline': str(a.get('outline') or ''),
            'title': str(a.get('title') or ''), 'text': str(a.get('text') or ''),
            'deadline': str(a.get('deadline') or ''), 'roleSource': str(a.get('role_source') or ''),
        }
        clauses = [[int(x), int(y)] for x, y in (_as_spans(a.get('clauses')))]
        if not clauses and 'clauses' not in a:
            # a graph made before clauses were recorded: mark where its units are written
            clauses = _name_spans(row['text'], [G.edges[m, u].get('name') for u in G[m]])
        if clauses:
            row['clauses'] = clauses
        persons = _as_list(a.get('persons'))
        if persons:
            row['persons'] = persons
        measure_rows.append(row)

    sources = sorted({str(d.get('role_source') or '') for _, _, d in G.edges(data=True)})
    edges = []
    for a, b, d in G.edges(data=True):
        m, u = (a, b) if a in mindex else (b, a)
        if m not in mindex or u not in uindex:
            raise ValueError(f'edge {a!r}–{b!r} does not join a measure and a unit')
        role = d.get('role')
        if role not in ROLES:
            raise ValueError(f'edge {a!r}–{b!r} has role {role!r}: expected one of {", ".join(ROLES)}')
        written = str(d.get('name') or '')
        name = names[u].index(written) if written in names[u] else written
        span = _as_spans([d.get('span')]) if d.get('span') else []
        edges.append([mindex[m], uindex[u], ROLES.index(role), sources.index(str(d.get('role_source') or '')),
                      name, list(span[0]) if span else 0])
    edges.sort(key=lambda e: (e[0], e[1]))

    co_edges = []
    for a, b, d in P.edges(data=True):
        i, j = sorted((uindex[a], uindex[b]))
        # the documents the pair shares them in (unknown for a projection made without its measures)
        in_docs = sorted({doc_index[str(G.nodes[m].get('doc', ''))] for m in d.get('measures', ())})
        co_edges.append([i, j, d['weight'], in_docs])
    co_edges.sort()

    pos = static_positions(G) if positions is None else positions
    node_count = len(units) + len(measures)
    all_names = [n for row in unit_rows for n in [row['name'], *row['variants'], *row['aka']]]
    return {
        'title': title if title is not None else default_title(G),
        'generator': str(G.graph.get('generator') or 'graphkit'),
        'view': chosen_view,
        'layout': chosen,
        'iterations': browser_iterations(node_count),
        'sizeBy': size_by,
        'roles': list(ROLES),
        'sources': sources,
        'docs': docs,
        'units': unit_rows,
        'measures': measure_rows,
        'edges': edges,
        'coEdges': co_edges,
        'positions': [list(pos[n]) for n in units + measures],
        't2s': _traditional_map(all_names),
    } | ({'measureFiles': measure_files} if measure_files else {})


def _name_spans(text: str, names) -> list[list[int]]:
    """Every place one of ``names`` is written in ``text``, overlapping places joined."""
    found = []
    for name in {str(n) for n in names if n}:
        at = text.find(name)
        while at >= 0:
            found.append([at, at + len(name)])
            at = text.find(name, at + len(name))
    merged = []
    for x, y in sorted(found):
        if merged and x <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], y)
        else:
            merged.append([x, y])
    return merged


def _as_spans(value) -> list[tuple[int, int]]:
    """Span lists as graph.json, GraphML (JSON text) or Python give them."""
    if value is None or value == '':
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    out = []
    for v in value or []:
        if isinstance(v, str):
            try:
                v = json.loads(v)
            except ValueError:
                continue
        if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v):
            out.append((int(v[0]), int(v[1])))
    return out


# ---------------------------------------------------------------- the page

_UNSAFE_IN_SCRIPT = {'<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029'}
_LONE_SURROGATE = re.compile('[\ud800-\udfff]')


def script_json(obj) -> str:
    """JSON that can sit inside ``<script type="application/json">``.

    ``<`` ``>`` ``&`` can only occur inside JSON strings, where ``\\u003c``
    means the same to JSON.parse but cannot close the script element or open
    a comment; U+2028/2029 are escaped for old JavaScript parsers, and lone
    surrogates so the file stays valid UTF-8.

    >>> script_json({'t': '</script><b>&'})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(',', ':'), allow_nan=False)
    text = re.sub('[<>&\u2028\u2029]', lambda m: _UNSAFE_IN_SCRIPT[m.group()], text)
    return _LONE_SURROGATE.sub(lambda m: '\\u%04x' % ord(m.group()), text)


def package_text(*parts: str) -> str:
    """A file of the package (a template, a script, a style sheet) as text."""
    return resources.files('graphkit').joinpath(*parts).read_text(encoding='utf-8')


def inline_script(js: str) -> str:
    """A script made safe to sit inside a <script> element."""
    # an inlined script must not contain its own end tag (in any case), nor open an HTML comment
    return re.sub(r'</(script)', r'<\\/\1', js, flags=re.I).replace('<!--', '<\\!--')


def csp_hash(js: str) -> str:
    """The Content-Security-Policy source that lets exactly this inline script run."""
    digest = hashlib.sha256(js.encode('utf-8')).digest()
    return "'sha256-" + base64.b64encode(digest).decode('ascii') + "'"


# Beside the page of a large build (units only): each unit's measures, in files
# the page loads when a unit is selected. A page opened from disk may not fetch
# files; it may load scripts, which its policy then allows from its own folder.
def measure_files_dir(page: str) -> str:
    """The folder beside a page that holds its measure files: ``graph.html`` → ``graph.measures``."""
    return Path(page).stem + '.measures'


MEASURE_FILES = measure_files_dir('graph.html')


def measure_file_js(number: int, units: dict[int, list], key: str = '') -> bytes:
    """One file of :data:`MEASURE_FILES`: ``graphkitMeasures(number, "key", "…")``, the
    text gzip-compressed JSON ``{unit index: [[document index, outline, title,
    role index, deadline], …]}`` in base64 (deterministic bytes); ``key`` names the
    page's units and documents, so that a page never reads another build's files."""
    import gzip
    text = json.dumps({str(u): rows for u, rows in sorted(units.items())}, ensure_ascii=False,
                      separators=(',', ':'))
    packed = base64.b64encode(gzip.compress(text.encode('utf-8'), compresslevel=6, mtime=0)).decode('ascii')
    if not re.fullmatch(r'[0-9a-f]*', key):
        raise ValueError(f'measure file key {key!r}: hexadecimal digits only')
    return f'graphkitMeasures({int(number)},"{key}","{packed}");\n'.encode('ascii')


# Data larger than this travels gzip-compressed (base64) and is unpacked by the
# browser's DecompressionStream: measure texts compress about four to one.
COMPRESS_ABOVE = 256 * 1024


def encode_data(data: dict) -> tuple[str, str]:
    """``(encoding, text)`` of the data block: ``json`` (escaped for a script element,
    see :func:`script_json`) or, for large graphs, ``gzip+base64`` (deterministic:
    no file name, no time in the gzip header)."""
    text = script_json(data)
    if len(text.encode('utf-8')) <= COMPRESS_ABOVE:
        return 'json', text
    import gzip
    packed = gzip.compress(text.encode('utf-8'), compresslevel=9, mtime=0)
    return 'gzip+base64', base64.b64encode(packed).decode('ascii')


def decode_data(encoding: str, text: str) -> dict:
    """The data of a page's data block (what the page's script reads)."""
    if encoding == 'gzip+base64':
        import gzip
        text = gzip.decompress(base64.b64decode(text)).decode('utf-8')
    return json.loads(text)


def build_html(G: nx.Graph, view: str = 'auto', size_by: str = 'responsibility',
               layout: str = 'auto', title: str | None = None, **computed) -> str:
    """The page as a string (what ``render_html`` writes); ``computed``: see :func:`page_data`."""
    import jinja2

    data = page_data(G, view=view, size_by=size_by, layout=layout, title=title, **computed)
    encoding, block = encode_data(data)
    page_js = inline_script(package_text('templates', 'data.js') + package_text('templates', 'graph.js'))
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    template = env.from_string(package_text('templates', 'graph.html.j2'))
    return template.render(
        title=data['title'], generator=data['generator'], lang='zh-CN',
        css=package_text('templates', 'graph.css'),
        data=block, encoding=encoding, page_js=page_js,
        # a large build's page loads its measure files (scripts of its own folder)
        script_hashes=csp_hash(page_js) + (" 'self'" if data.get('measureFiles') else ''),
    )


def render_html(G: nx.Graph, path, view: str = 'auto', size_by: str = 'responsibility',
                layout: str = 'auto', title: str | None = None, **computed) -> Path:
    """Write the interactive network page of ``G`` to ``path``; return the path.

    ``view``: ``bipartite`` (measures and units), ``units`` (the
    co-responsibility projection) or ``auto`` (the units view for graphs above
    ``AUTO_UNITS_NODES`` nodes or ``AUTO_UNITS_EDGES`` edges); the page
    switches between both. ``size_by``: what sizes unit nodes, see
    ``unit_sizes``. ``layout``: every node is placed here (``static``), and
    ``physics`` (the default up to ``layout.PHYSICS_MAX_NODES`` nodes, with
    ``auto``) lets the page relax the layout a bounded number of steps before
    it freezes. ``title``: the page title, by default from the documents.
    ``projection``, ``centrality``: already computed analyses to reuse (see
    :func:`page_data`).
    """
    path = Path(path)
    text = build_html(G, view=view, size_by=size_by, layout=layout, title=title, **computed)
    # newline='' : write exactly these bytes on every platform (deterministic output)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
    return path
