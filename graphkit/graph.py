"""graph: the bipartite responsibility graph and its query API.

A :class:`ResponsibilityGraph` wraps a ``networkx.Graph`` whose nodes are
measures and units (schema: docs/graph-schema.md) and answers the questions a
researcher asks of it: which unit is this name, which measures does it lead,
who are its partners, who is central.

>>> import graphkit
>>> doc = graphkit.extract_text('1.建设学校。(牵头单位:市教育局;责任单位:市财政局)\\n'
...                             '2.保障经费。(牵头单位:市财政局;责任单位:市教育局)', name='a.txt')
>>> g = ResponsibilityGraph.from_documents([doc])
>>> g.unit('市教育局')['lead'], [m['title'] for m in g.measures('市财政局', role='lead')]
(1, ['保障经费'])
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict

import networkx as nx

from . import analysis
from .model import Document
from .topics import measure_keywords


class UnitNotFound(LookupError):
    """No unit of the graph answers to this name."""


class AmbiguousUnit(LookupError):
    """Several units answer to this name; ``candidates`` lists their canonical names."""

    def __init__(self, name: str, candidates: list[str]):
        super().__init__(f'{name!r} is ambiguous: ' + ', '.join(candidates))
        self.candidates = candidates


def measure_id(doc: str, outline: str) -> str:
    return f'm:{doc}#{outline}'


def unit_id(canonical: str) -> str:
    return f'u:{canonical}'


# --- building ------------------------------------------------------------------

class GraphBuilder:
    """Builds the bipartite graph document by document, as extraction delivers
    them, and resolves unit names once all are in (a merge may need names from
    several documents).

    >>> import graphkit
    >>> b = GraphBuilder()
    >>> b.add(graphkit.extract_text('1.建设学校。(市人社局、市教育局)', name='a.txt'))
    >>> sorted(n for n in b.graph() if n.startswith('u:'))
    ['u:市人力资源社会保障局', 'u:市教育局']
    """

    def __init__(self, aliases=None):
        from .resolution import Resolver, load_aliases
        self.resolver = Resolver(load_aliases(aliases))
        self.documents: list[dict] = []
        self.nodes: dict[str, dict] = {}
        # measure, name, jurisdiction, role, source, clause span in the measure's text (or None)
        self.named: list[tuple[str, str, str, str, str, tuple | None]] = []

    def add(self, doc: Document, keywords_of: dict | None = None) -> None:
        """Add a document's measures; ``keywords_of`` maps ``(doc, outline id)`` to
        keywords (computed here when missing)."""
        jur = doc.jurisdiction or ''
        self.documents.append(dict(doc.meta(), measures=len(doc.measures)))
        for m in doc.measures:
            mid = measure_id(doc.name, m.id)
            kw = (keywords_of or {}).get((doc.name, m.id))
            spans = [_relative(d.span, m) for d in m.duties]
            self.nodes[mid] = dict(kind='measure', bipartite=0, doc=doc.name, outline=m.id, title=m.title,
                                   text=m.text, deadline=m.deadline or '', role_source=m.role_source or '',
                                   persons=list(m.persons),
                                   clauses=[list(s) for s in sorted({s for s in spans if s})],
                                   keywords=kw if kw is not None else measure_keywords(m.title, m.text))
            named = [(d.unit, d.role, d.source, s) for d, s in zip(m.duties, spans)] + \
                [(u, 'mention', 'mention', None) for u in m.mentions]
            self.named += [(mid, name, jur, role, source, span) for name, role, source, span in named]
            self.resolver.add_many([name for name, _, _, _ in named], doc.jurisdiction)

    def graph(self) -> nx.Graph:
        """The graph of the documents added so far, unit names resolved.

        Nodes and edges are inserted in document order (documents come sorted,
        measures in text order): the order is deterministic without sorting."""
        from . import __version__
        from .resolution import full_place, successor
        resolved = self.resolver.resolve_all()
        nodes = dict(self.nodes)
        edges: dict[tuple[str, str], dict] = {}
        written: dict[str, set] = defaultdict(set)
        for mid, name, jur, role, source, span in self.named:
            r = resolved.get((name, jur))
            canon = r.canonical if r else name
            uid = unit_id(canon)
            if uid not in nodes:
                nodes[uid] = {'kind': 'unit', 'bipartite': 1, 'name': canon, 'type': r.type if r else 'other',
                              'jurisdiction': full_place(r.place) if r else jur}
                if successor(canon):        # a merged or renamed central body: what it became
                    nodes[uid]['successor'] = successor(canon)
            written[uid].add(name)
            old = edges.get((mid, uid))
            # Two names of one unit in one clause: keep the stronger role.
            if old is None or _rank(role) < _rank(old['role']):
                edges[(mid, uid)] = {'role': role, 'role_source': source, 'name': name}
                if span:
                    edges[(mid, uid)]['span'] = list(span)
        G = nx.Graph()
        G.graph['generator'] = f'graphkit {__version__}'
        G.graph['documents'] = list(self.documents)
        for uid, names in written.items():
            nodes[uid]['variants'] = sorted(names - {nodes[uid]['name']})
        G.add_nodes_from(nodes.items())
        G.add_edges_from((a, b, d) for (a, b), d in edges.items())
        unit_tallies(G)
        return G


def _relative(span, m) -> tuple[int, int] | None:
    """A clause's document span as offsets in the measure's text; None when it is the
    whole measure (a table row) or outside it."""
    if not span:
        return None
    a, b = max(span[0] - m.span[0], 0), min(span[1] - m.span[0], len(m.text))
    return (a, b) if 0 <= a < b and (a, b) != (0, len(m.text)) else None


def unit_tallies(G: nx.Graph) -> None:
    """Set each unit's ``lead``, ``support`` and ``mentions`` from its edges (they are
    derived: a subgraph counts them again)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for _, u, role in analysis.role_edges(G):
        counts[u][role] += 1
    for u, d in G.nodes(data=True):
        if d.get('kind') == 'unit':
            c = counts[u]
            d.update(lead=c['lead'], support=c['support'], mentions=c['mention'])


def _rank(role: str) -> int:
    return {'lead': 0, 'support': 1, 'mention': 2}.get(role, 3)


# --- the query API -------------------------------------------------------------

class ResponsibilityGraph:
    """A responsibility graph with plain query methods; ``.G`` is the networkx graph."""

    def __init__(self, G: nx.Graph, aliases=None):
        self.G = G
        self.aliases = aliases           # override file or Aliases: also used to look names up
        self._index: dict[str, set[str]] | None = None
        self.errors: list[str] = []                  # files that could not be read (build)
        self.diagnostics: dict[str, list[str]] = {}  # document name → what was noticed

    # construction ------------------------------------------------------------
    @classmethod
    def from_documents(cls, docs: list[Document], aliases=None, keywords_of=None) -> 'ResponsibilityGraph':
        """Resolve the documents' unit names and build their graph."""
        from .resolution import load_aliases
        aliases = load_aliases(aliases)
        builder = GraphBuilder(aliases)
        for doc in docs:
            builder.add(doc, keywords_of)
        return cls(builder.graph(), aliases)

    @property
    def documents(self) -> list[dict]:
        return list(self.G.graph.get('documents', []))

    def __repr__(self):
        return (f'<ResponsibilityGraph: {len(self.documents)} documents, '
                f'{len(analysis.measures(self.G))} measures, {len(analysis.units(self.G))} units>')

    # lookup ------------------------------------------------------------------
    def _name_index(self) -> dict[str, set[str]]:
        if self._index is None:
            index: dict[str, set[str]] = {}
            for u in analysis.units(self.G):
                d = self.G.nodes[u]
                for name in [d['name']] + list(d.get('variants', [])):
                    index.setdefault(name, set()).add(u)
            self._index = index
        return self._index

    def _in_place(self, uid: str, jurisdiction: str) -> bool:
        from .resolution import names_place     # 普宁 names 普宁市
        return names_place(jurisdiction, self.G.nodes[uid].get('jurisdiction') or '')

    def unit_node(self, name: str, jurisdiction: str | None = None) -> str:
        """The node id of the unit a name denotes (any variant; fuzzy as a last resort).

        Raises :class:`AmbiguousUnit` when several units answer (市教育局 in a
        graph of two cities: pass ``jurisdiction``), :class:`UnitNotFound` when none does.
        """
        if unit_id(name) in self.G:
            return unit_id(name)
        index = self._name_index()
        found = set(index.get(name, set()))
        if not found:
            from .resolution import resolve
            for jur in sorted({d.get('jurisdiction') or '' for d in self.documents}):
                uid = unit_id(resolve([name], jur or None, self.aliases)[name])
                if uid in self.G:
                    found.add(uid)
        if jurisdiction:
            found = {u for u in found if self._in_place(u, jurisdiction)} or found
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise AmbiguousUnit(name, sorted(self.G.nodes[u]['name'] for u in found))
        from rapidfuzz import fuzz, process
        choices = {n: us for n, us in index.items()}
        hits = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=5, score_cutoff=86)
        ids = sorted({u for hit, score, _ in hits for u in choices[hit]})
        if jurisdiction:
            ids = [u for u in ids if self._in_place(u, jurisdiction)] or ids
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise AmbiguousUnit(name, sorted(self.G.nodes[u]['name'] for u in ids))
        raise UnitNotFound(f'no unit named {name!r}')

    def unit(self, name: str, jurisdiction: str | None = None) -> dict:
        """The unit a name denotes, as a dict of its attributes (name, variants, type, counts…)."""
        uid = self.unit_node(name, jurisdiction)
        return dict(self.G.nodes[uid], id=uid)

    def measures(self, unit: str | None = None, role: str | None = None,
                 document: str | None = None, jurisdiction: str | None = None) -> list[dict]:
        """Measures (as dicts), optionally of one unit (``jurisdiction`` tells apart
        units of one name in several places), in one role, of one document."""
        G = self.G
        if unit is None:
            ids = analysis.measures(G)
            rows = [dict(G.nodes[m], id=m) for m in ids]
        else:
            uid = self.unit_node(unit, jurisdiction)
            rows = [dict(G.nodes[m], id=m, role=G[uid][m]['role']) for m in G[uid]
                    if role is None or G[uid][m]['role'] == role]
        if unit is None and role is not None:
            rows = [r for r in rows if any(G[r['id']][u]['role'] == role for u in G[r['id']])]
        if document is not None:
            rows = [r for r in rows if r['doc'] == document]
        for r in rows:
            r['lead'] = self._units_of(r['id'], 'lead')
            r['support'] = self._units_of(r['id'], 'support')
        return rows

    def _units_of(self, mid: str, role: str) -> list[str]:
        return sorted(self.G.nodes[u]['name'] for u in self.G[mid] if self.G[mid][u]['role'] == role)

    def partners(self, unit: str, jurisdiction: str | None = None) -> list[dict]:
        """Units responsible together with this one: shared measures, and in which roles."""
        uid = self.unit_node(unit, jurisdiction)
        P = analysis.co_responsibility(self.G)
        D = analysis.coordination(self.G)
        rows = []
        for v in P[uid]:
            d = P[uid][v]
            rows.append({'unit': P.nodes[v]['name'], 'shared': d['weight'],
                         'it_leads': D[uid][v]['weight'] if D.has_edge(uid, v) else 0,
                         'partner_leads': D[v][uid]['weight'] if D.has_edge(v, uid) else 0,
                         'both_support': d['support_support'], 'both_lead': d['lead_lead']})
        rows.sort(key=lambda r: (-r['shared'], r['unit']))
        return rows

    def centrality(self, weights: dict | None = None, as_frame: bool | None = None):
        """Per-unit figures (see :func:`graphkit.analysis.centrality_table`).

        Rows of dicts, or a pandas DataFrame when pandas is installed and
        ``as_frame`` is not False."""
        rows = analysis.centrality_table(self.G, weights)
        if as_frame is False:
            return rows
        try:
            import pandas as pd
        except ImportError:
            if as_frame:
                raise
            return rows
        return pd.DataFrame(rows)

    def top(self, by: str = 'weighted_degree', n: int = 10) -> list[dict]:
        """The ``n`` units ranking highest on a column of :meth:`centrality`."""
        rows = analysis.centrality_table(self.G)
        if rows and by not in rows[0]:
            raise ValueError(f'unknown measure {by!r}; one of: ' + ', '.join(rows[0]))
        return sorted(rows, key=lambda r: (-r[by], r['unit']))[:n]

    def summary(self) -> dict:
        return analysis.summary(self.G)

    def subgraph(self, documents=None, units=None) -> 'ResponsibilityGraph':
        """The graph restricted to some documents and/or to some units (and their measures)."""
        G = self.G
        keep = set(analysis.measures(G))
        if documents is not None:
            docs = {documents} if isinstance(documents, str) else set(documents)
            keep = {m for m in keep if G.nodes[m]['doc'] in docs}
        if units is not None:
            uids = {self.unit_node(u) for u in ([units] if isinstance(units, str) else units)}
            keep = {m for m in keep if uids & set(G[m])}
            nodes = keep | uids
        else:
            nodes = keep | {u for m in keep for u in G[m]}
        H = G.subgraph(nodes).copy()      # in the graph's own order
        kept = {H.nodes[m]['doc'] for m in keep}
        H.graph['documents'] = [d for d in G.graph.get('documents', []) if d['name'] in kept]
        unit_tallies(H)
        return ResponsibilityGraph(H, self.aliases)

    def to_networkx(self) -> nx.Graph:
        """A copy of the underlying networkx graph."""
        return self.G.copy()

    def to_html(self, path, **options) -> None:
        """Write the interactive HTML network (see :func:`graphkit.render.render_html`)."""
        from .render import render_html
        render_html(self.G, path, **options)

    def save(self, out_dir, lang: str = 'zh', **options) -> list[str]:
        """Write every output file into ``out_dir``, the CSV files' headers in ``lang``
        (``zh`` or ``en``; see :func:`graphkit.export.write_all`)."""
        from .export import write_all
        return write_all(self, out_dir, lang=lang, **options)


class GraphFileError(ValueError):
    """A graph.json that cannot be loaded: ``str(e)`` is one line naming the file and
    what is wrong with it (not JSON, truncated, not the schema of docs/graph-schema.md)."""

    def __init__(self, path, problem: str):
        from .errors import display_name
        super().__init__(f'{display_name(path)}: {problem}')


_ROLES = ('lead', 'support', 'mention')


def load(path, aliases=None) -> ResponsibilityGraph:
    """Load a graph written by ``graphkit build`` (its ``graph.json``); ``aliases``:
    an override file used to look unit names up.

    Raises :class:`GraphFileError` (one line) for a file that is not such a graph.
    """
    from .resolution import load_aliases
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except FileNotFoundError:
        raise GraphFileError(path, 'file not found') from None
    except IsADirectoryError:
        raise GraphFileError(path, 'is a directory, not a graph.json') from None
    except UnicodeDecodeError:
        raise GraphFileError(path, 'not UTF-8 text: not a graph.json written by graphkit build') from None
    except json.JSONDecodeError as e:
        what = 'empty file' if e.pos == 0 and not e.doc.strip() else \
            'truncated JSON' if e.pos >= len(e.doc.rstrip()) else f'not JSON (line {e.lineno}, column {e.colno})'
        raise GraphFileError(path, f'{what}: not a graph.json written by graphkit build') from None
    _check_schema(path, data)
    G = nx.node_link_graph(data, directed=False, multigraph=False, edges='edges')
    return ResponsibilityGraph(G, load_aliases(aliases))


def _check_schema(path, data) -> None:
    """The node-link form of docs/graph-schema.md: nodes of kind measure or unit, edges
    between a measure and a unit with a role."""
    if not isinstance(data, dict) or not isinstance(data.get('nodes'), list) or \
            not isinstance(data.get('edges'), list):
        raise GraphFileError(path, 'not a graph.json written by graphkit build (no "nodes" and "edges" lists)')
    kinds = {}
    required = {'measure': ('doc', 'outline', 'title'), 'unit': ('name', 'type')}
    for i, node in enumerate(data['nodes']):
        if not isinstance(node, dict) or 'id' not in node:
            raise GraphFileError(path, f'node {i} has no id')
        kind = node.get('kind')
        if kind not in required:
            raise GraphFileError(path, f'node {node["id"]!r}: kind {kind!r} is neither measure nor unit')
        missing = [k for k in required[kind] if not isinstance(node.get(k), str)]
        if missing:
            raise GraphFileError(path, f'{kind} node {node["id"]!r} lacks {", ".join(missing)}')
        kinds[node['id']] = kind
    for i, edge in enumerate(data['edges']):
        if not isinstance(edge, dict):
            raise GraphFileError(path, f'edge {i} is not an object')
        ends = [kinds.get(edge.get(k)) for k in ('source', 'target')]
        if None in ends:
            raise GraphFileError(path, f'edge {i} joins a node that is not in the graph')
        if sorted(ends) != ['measure', 'unit']:
            raise GraphFileError(path, f'edge {i} does not join a measure and a unit')
        if edge.get('role') not in _ROLES:
            raise GraphFileError(path, f'edge {i}: role {edge.get("role")!r} is not lead, support or mention')
