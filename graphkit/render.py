"""The interactive network page: one self-contained, offline HTML file.

``render_html(G, path)`` turns a responsibility graph (docs/graph-schema.md)
into a page a researcher can open from disk on a machine with no internet:
vis-network (``assets/``) and the page's own script and style
(``templates/``) are inlined, and the graph travels as JSON inside
``<script type="application/json">``. Document text is data: it reaches the
page only through that JSON block (with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped) and is shown with ``textContent``; a Content-Security-Policy with the
hashes of the two inline scripts refuses any other script, inline handler or
network request.

The same graph gives a byte-identical file: nodes, edges and documents are
sorted, layouts are seeded, and nothing depends on the clock.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import re
from importlib import resources
from pathlib import Path

import networkx as nx

from . import analysis
from .resolution import search_names

VIEWS = ('bipartite', 'units')
LAYOUTS = ('auto', 'physics', 'static')
ROLES = ('lead', 'support', 'mention')
# What can size unit nodes besides their numeric attributes: the columns of
# analysis.centrality_table.
SIZE_COLUMNS = ('lead', 'support', 'mentions', 'weighted_degree', 'partners', 'betweenness', 'eigenvector',
                'pagerank', 'bipartite_degree')

# vis-network's physics costs about 30 µs per node and iteration in headless
# chromium on the CI machine (3,000 nodes: 85 ms an iteration), so the browser
# lays out small graphs only; larger ones are laid out here, once, in numpy.
PHYSICS_MAX_NODES = 500
# Node-iterations the browser may spend stabilising (about 2 s), then it freezes.
PHYSICS_BUDGET = 60_000

_SEED = 20240501


# ---------------------------------------------------------------- the graph

def _as_list(value) -> list[str]:
    """A list attribute; GraphML/GEXF exports carry lists as JSON strings."""
    if value is None or value == '':
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return [str(v) for v in parsed] if isinstance(parsed, list) else [value]
    return [str(v) for v in value]


def _kind(G: nx.Graph, n) -> str:
    return G.nodes[n].get('kind', '')


def _sorted_nodes(G: nx.Graph, kind: str) -> list:
    return sorted((n for n in G if _kind(G, n) == kind), key=str)


def units_projection(G: nx.Graph) -> nx.Graph:
    """The unit–unit co-responsibility graph, with the measures each pair shares
    (:func:`graphkit.analysis.co_responsibility`)."""
    return analysis.co_responsibility(G, with_measures=True)


def check_options(view: str = 'bipartite', size_by: str = 'responsibility', layout: str = 'auto') -> None:
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
    units = _sorted_nodes(G, 'unit')
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


# --------------------------------------------------------------- the layout

def _force_layout(n: int, edges, seed: int, iterations: int):
    """Fruchterman–Reingold in numpy: n×2 positions in about a unit square.

    ``edges`` are (i, j, weight). Written here rather than calling
    ``nx.spring_layout`` because networkx switches to a per-node Python loop
    from 500 nodes on (25 s for 3,000 nodes). The repulsion is computed in
    blocks of rows so memory stays small for a few thousand nodes.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return pos * 0
    k = 1.0 / math.sqrt(n)
    I = np.array([e[0] for e in edges], dtype=np.intp)
    J = np.array([e[1] for e in edges], dtype=np.intp)
    W = np.array([e[2] for e in edges], dtype=float)
    t = 0.1
    dt = t / (iterations + 1)
    block = max(1, 4_000_000 // n)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        fx = np.empty(n)
        fy = np.empty(n)
        for start in range(0, n, block):  # x and y apart: n×n arrays, not n×n×2
            dx = x[start:start + block, None] - x[None, :]
            dy = y[start:start + block, None] - y[None, :]
            inv = dx * dx
            inv += dy * dy
            np.maximum(inv, 1e-8, out=inv)
            np.divide(k * k, inv, out=inv)
            fx[start:start + block] = np.einsum('ij,ij->i', dx, inv)
            fy[start:start + block] = np.einsum('ij,ij->i', dy, inv)
        if len(I):
            ex, ey = x[I] - x[J], y[I] - y[J]
            pull = np.sqrt(ex * ex + ey * ey) * W / k
            np.subtract.at(fx, I, ex * pull)
            np.add.at(fx, J, ex * pull)
            np.subtract.at(fy, I, ey * pull)
            np.add.at(fy, J, ey * pull)
        # a weak pull to the centre keeps isolated units and small components in view
        fx -= (x - x.mean()) * (k * 2)
        fy -= (y - y.mean()) * (k * 2)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(length, t) / length
        x += fx * step
        y += fy * step
        t -= dt
    return np.column_stack([x, y])


def _spread(raw, spacing: float = 100.0):
    """Centre and scale a layout so units sit ``spacing`` px from their nearest
    neighbour (median), and bring far outliers (units with nothing in common
    with the rest, which repulsion pushes away) back to the edge of the
    drawing, so that fitting the view does not shrink everything else.
    """
    import numpy as np

    xy = raw - np.median(raw, axis=0)
    n = len(xy)
    if n < 2:
        return xy
    nearest = np.empty(n)
    block = max(1, 4_000_000 // n)
    for start in range(0, n, block):
        d2 = ((xy[start:start + block, None, :] - xy[None, :, :]) ** 2).sum(-1)
        d2[np.arange(len(d2)), np.arange(start, start + len(d2))] = np.inf
        nearest[start:start + block] = np.sqrt(d2.min(1))
    xy = xy * (spacing / max(float(np.median(nearest)), 1e-9))
    radius = np.sqrt((xy ** 2).sum(1))
    limit = float(np.percentile(radius, 95)) * 1.15 + spacing
    far = radius > limit
    xy[far] *= (limit / radius[far])[:, None]
    return xy


def static_positions(G: nx.Graph, seed: int = _SEED) -> dict:
    """Positions in pixels for every node, laid out here (no browser physics).

    Units are laid out first with a force layout of their co-occurrence
    (weight 1/(k-1) per measure of k units, so a measure naming 20 units does
    not pull harder than one naming two; mentions count half); each measure
    then sits at the weighted centre of its units (lead ×3), measures that
    fall on the same spot spread on a sunflower spiral around it, and
    measures with no unit line up below. Units keep their place in the units
    view, so switching views does not move them.
    """
    units = _sorted_nodes(G, 'unit')
    measures = _sorted_nodes(G, 'measure')
    index = {u: i for i, u in enumerate(units)}
    pair_weight: dict[tuple[int, int], float] = {}
    for m in measures:
        linked = sorted({index[u]: (0.5 if G[m][u].get('role') == 'mention' else 1.0)
                         for u in G[m] if u in index}.items())
        if len(linked) < 2:
            continue
        share = 1.0 / (len(linked) - 1)
        for (a, wa), (b, wb) in itertools.combinations(linked, 2):
            pair_weight[(a, b)] = pair_weight.get((a, b), 0.0) + share * min(wa, wb)
    # the log keeps a pair sharing 200 measures from collapsing onto itself
    edges = [(a, b, 1.0 + math.log(w)) if w >= 1 else (a, b, w) for (a, b), w in sorted(pair_weight.items())]
    n = len(units)
    iterations = 120 if n <= 1000 else 60
    raw = _spread(_force_layout(n, edges, seed, iterations)) if n else []
    pos = {u: (float(raw[i][0]), float(raw[i][1])) for i, u in enumerate(units)}

    golden = math.pi * (3 - math.sqrt(5))
    crowd: dict[tuple[int, int], int] = {}
    orphans = []
    for m in measures:
        weights = [(u, 3.0 if G[m][u].get('role') == 'lead' else
                    1.0 if G[m][u].get('role') == 'support' else 0.3) for u in sorted(G[m], key=str) if u in pos]
        if not weights:
            orphans.append(m)
            continue
        total = sum(w for _, w in weights)
        cx = sum(pos[u][0] * w for u, w in weights) / total
        cy = sum(pos[u][1] * w for u, w in weights) / total
        spot = (round(cx / 8), round(cy / 8))
        i = crowd.get(spot, 0)
        crowd[spot] = i + 1
        # a measure of a single unit would sit on the unit: start the spiral outside it
        r = (34.0 if len(weights) == 1 else 10.0) + 13.0 * math.sqrt(i)
        pos[m] = (cx + r * math.cos(i * golden), cy + r * math.sin(i * golden))
    if orphans:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        per_row = max(10, int(math.sqrt(len(orphans)) * 2))
        for i, m in enumerate(orphans):
            pos[m] = (min(xs) + (i % per_row) * 40.0, max(ys) + 120.0 + (i // per_row) * 40.0)
    return {v: (round(x), round(y)) for v, (x, y) in pos.items()}


def _numpy_available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def choose_layout(G: nx.Graph, layout: str = 'auto') -> str:
    """``physics`` or ``static``: what ``layout='auto'`` picks for this graph."""
    if layout not in LAYOUTS:
        raise ValueError(f'layout={layout!r}: choose from {", ".join(LAYOUTS)}')
    if layout == 'static' and not _numpy_available():
        raise ImportError("layout='static' needs numpy (pip install numpy)")
    if layout != 'auto':
        return layout
    if len(G) <= PHYSICS_MAX_NODES or not _numpy_available():
        return 'physics'
    return 'static'


# ------------------------------------------------------------- the payload

_DOC_FIELDS = ('name', 'title', 'number', 'issuer', 'date', 'jurisdiction')


def _graph_documents(G: nx.Graph) -> list[dict]:
    docs = G.graph.get('documents') or []
    if isinstance(docs, str):  # GraphML/GEXF carry the list as a JSON string
        docs = json.loads(docs)
    return [d for d in docs if isinstance(d, dict)]


def _documents(G: nx.Graph, measures: list) -> list[dict]:
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


def page_data(G: nx.Graph, view: str = 'bipartite', size_by: str = 'responsibility',
              layout: str = 'auto', title: str | None = None,
              projection: nx.Graph | None = None, centrality: list[dict] | None = None) -> dict:
    """The JSON the page reads: every text once, edges as index tuples.

    Nodes are numbered units first, then measures (both sorted by node id);
    an edge is ``[measure, unit, role, source, name]`` with indices into
    ``measures``, ``units``, ``roles`` and ``sources``, and ``name`` the
    index of the name the document used in ``[unit name] + variants`` (or
    the name itself when it is neither). ``coEdges`` is the co-responsibility
    projection, ``[unit, unit, weight, [document indices]]``. ``projection``
    (that graph, with measures) and ``centrality`` (the centrality table):
    pass them when already computed.
    """
    if view not in VIEWS:
        raise ValueError(f'view={view!r}: choose from {", ".join(VIEWS)}')
    chosen = choose_layout(G, layout)
    units = _sorted_nodes(G, 'unit')
    measures = _sorted_nodes(G, 'measure')
    others = [n for n in G if _kind(G, n) not in ('unit', 'measure')]
    if others:
        raise ValueError(f'node {others[0]!r} has kind {_kind(G, others[0])!r}: '
                         "every node must be a 'unit' or a 'measure' (docs/graph-schema.md)")
    docs = _documents(G, measures)
    doc_index = {d['name']: i for i, d in enumerate(docs)}
    uindex = {u: i for i, u in enumerate(units)}
    mindex = {m: i for i, m in enumerate(measures)}
    sizes = unit_sizes(G, size_by, centrality)

    unit_rows = []
    names = {}
    for u in units:
        a = G.nodes[u]
        name = str(a.get('name') or str(u).removeprefix('u:'))
        variants = [v for v in _as_list(a.get('variants')) if v != name]
        names[u] = [name] + variants
        unit_rows.append({
            'id': str(u), 'name': name, 'variants': variants,
            # other names one may search for: 普宁市人力资源社会保障局 is also 市人社局
            'aka': [n for n in search_names(name) if n not in variants],
            'type': str(a.get('type') or 'other'),
            'jurisdiction': str(a.get('jurisdiction') or ''),
            'lead': int(a.get('lead', 0)), 'support': int(a.get('support', 0)),
            'mentions': int(a.get('mentions', 0)), 'value': sizes[u],
        })
    measure_rows = []
    for m in measures:
        a = G.nodes[m]
        measure_rows.append({
            'id': str(m), 'doc': doc_index[str(a.get('doc', ''))], 'outline': str(a.get('outline') or ''),
            'title': str(a.get('title') or ''), 'text': str(a.get('text') or ''),
            'deadline': str(a.get('deadline') or ''), 'roleSource': str(a.get('role_source') or ''),
        })

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
        edges.append([mindex[m], uindex[u], ROLES.index(role), sources.index(str(d.get('role_source') or '')),
                      name])
    edges.sort(key=lambda e: (e[0], e[1]))

    P = projection if projection is not None else units_projection(G)
    co_edges = []
    for a, b, d in P.edges(data=True):
        i, j = sorted((uindex[a], uindex[b]))
        in_docs = sorted({doc_index[str(G.nodes[m].get('doc', ''))] for m in d['measures']})
        co_edges.append([i, j, d['weight'], in_docs])
    co_edges.sort()

    positions = None
    if chosen == 'static':
        pos = static_positions(G)
        positions = [list(pos[n]) for n in units + measures]
    node_count = len(units) + len(measures)
    return {
        'title': title if title is not None else default_title(G),
        'generator': str(G.graph.get('generator') or 'graphkit'),
        'view': view,
        'layout': chosen,
        'iterations': max(100, min(400, PHYSICS_BUDGET // max(node_count, 1))),
        'sizeBy': size_by,
        'roles': list(ROLES),
        'sources': sources,
        'docs': docs,
        'units': unit_rows,
        'measures': measure_rows,
        'edges': edges,
        'coEdges': co_edges,
        'positions': positions,
    }


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


def _package_text(*parts: str) -> str:
    return resources.files('graphkit').joinpath(*parts).read_text(encoding='utf-8')


def _inline_script(js: str) -> str:
    # an inlined script must not contain its own end tag (in any case), nor open an HTML comment
    return re.sub(r'</(script)', r'<\\/\1', js, flags=re.I).replace('<!--', '<\\!--')


def _csp_hash(js: str) -> str:
    digest = hashlib.sha256(js.encode('utf-8')).digest()
    return "'sha256-" + base64.b64encode(digest).decode('ascii') + "'"


def build_html(G: nx.Graph, view: str = 'bipartite', size_by: str = 'responsibility',
               layout: str = 'auto', title: str | None = None, **computed) -> str:
    """The page as a string (what ``render_html`` writes); ``computed``: see :func:`page_data`."""
    import jinja2

    data = page_data(G, view=view, size_by=size_by, layout=layout, title=title, **computed)
    vis_js = _inline_script(_package_text('assets', 'vis-network.min.js'))
    page_js = _inline_script(_package_text('templates', 'graph.js'))
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    template = env.from_string(_package_text('templates', 'graph.html.j2'))
    return template.render(
        title=data['title'], generator=data['generator'], lang='zh-CN',
        css=_package_text('templates', 'graph.css'),
        data=script_json(data), vis_js=vis_js, page_js=page_js,
        script_hashes=' '.join([_csp_hash(vis_js), _csp_hash(page_js)]),
    )


def render_html(G: nx.Graph, path, view: str = 'bipartite', size_by: str = 'responsibility',
                layout: str = 'auto', title: str | None = None, **computed) -> Path:
    """Write the interactive network page of ``G`` to ``path``; return the path.

    ``view``: ``bipartite`` (measures and units) or ``units`` (the
    co-responsibility projection; the page switches between both).
    ``size_by``: what sizes unit nodes, see ``unit_sizes``. ``layout``:
    ``physics`` (vis-network stabilises for a bounded number of iterations,
    then freezes), ``static`` (positions computed here, physics off) or
    ``auto`` (physics up to ``PHYSICS_MAX_NODES`` nodes). ``title``: the
    page title, by default from the documents. ``projection``, ``centrality``:
    already computed analyses to reuse (see :func:`page_data`).
    """
    path = Path(path)
    text = build_html(G, view=view, size_by=size_by, layout=layout, title=title, **computed)
    # newline='' : write exactly these bytes on every platform (deterministic output)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
    return path
