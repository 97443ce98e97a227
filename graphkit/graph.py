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
import os
from collections import Counter, defaultdict
from typing import NamedTuple

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
        self.named: list[Named] = []

    def add(self, doc: Document, keywords_of: dict | None = None) -> None:
        """Add a document's measures; ``keywords_of`` maps ``(doc, outline id)`` to
        keywords (computed here when missing)."""
        meta, measure_rows, named = document_rows(doc, keywords_of)
        self.documents.append(meta)
        for row in measure_rows:
            self.nodes[row['id']] = {k: v for k, v in row.items() if k != 'id'}
        self.named += named
        self.resolver.add_many([n.name for n in named], doc.jurisdiction)

    def graph(self) -> nx.Graph:
        """The graph of the documents added so far, unit names resolved.

        Nodes and edges are inserted in document order (documents come sorted,
        measures in text order): the order is deterministic without sorting."""
        return assemble(self.documents, self.nodes.items(), self.named, self.resolver.resolve_all())


class Named(NamedTuple):
    """A unit a measure names, as the document writes it (a row of the store's ``named``)."""
    measure: str                          # measure id
    name: str                             # the unit as written
    jurisdiction: str                     # the document's place ('' when unknown)
    role: str                             # lead, support or mention
    source: str                           # how the role was decided
    span: tuple[int, int] | None          # the clause, in the measure's text
    name_span: tuple[int, int] | None = None   # the name, in the document's text
    name_whole: bool = True               # False: the document writes only part of the name


def document_rows(doc: Document, keywords_of: dict | None = None) -> tuple[dict, list[dict], list[Named]]:
    """What a document adds to the graph: its metadata, its measure nodes (dicts with
    their ``id``) and the units its measures name (:class:`Named`) — the rows the store
    keeps, from which :func:`assemble` makes the graph."""
    jur = doc.jurisdiction or ''
    meta = dict(doc.meta(), measures=len(doc.measures))
    measure_rows, named = [], []
    for m in doc.measures:
        mid = measure_id(doc.name, m.id)
        kw = (keywords_of or {}).get((doc.name, m.id))
        spans = [_relative(d.span, m) for d in m.duties]
        measure_rows.append(dict(id=mid, kind='measure', bipartite=0, doc=doc.name, outline=m.id, title=m.title,
                                 text=m.text, deadline=m.deadline or '', role_source=m.role_source or '',
                                 persons=list(m.persons),
                                 clauses=[list(s) for s in sorted({s for s in spans if s})],
                                 keywords=kw if kw is not None else measure_keywords(m.title, m.text),
                                 span=list(m.span), **({'checked': True} if m.checked else {})))
        named += [Named(mid, d.unit, jur, d.role, d.source, s, d.name_span, d.name_whole)
                  for d, s in zip(m.duties, spans)]
        named += [Named(mid, u, jur, 'mention', 'mention', None) for u in m.mentions]
    return meta, measure_rows, named


def assemble(documents: list[dict], measure_nodes, named, resolved: dict) -> nx.Graph:
    """The graph of measure nodes ``(id, attributes)`` and named units (see
    :func:`document_rows`), names resolved by ``resolved`` (``{(name, jurisdiction):
    Resolution}``). Two names of one unit in one clause keep the stronger role."""
    from . import __version__
    from .resolution import full_place, successor
    nodes = dict(measure_nodes)
    edges: dict[tuple[str, str], dict] = {}
    written: dict[str, set] = defaultdict(set)
    for mid, name, jur, role, source, span, name_span, whole in named:
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
        if old is None or _rank(role) < _rank(old['role']):
            edges[(mid, uid)] = {'role': role, 'role_source': source, 'name': name}
            if span:
                edges[(mid, uid)]['span'] = list(span)
            if name_span:
                edges[(mid, uid)]['name_span'] = list(name_span)
                if not whole:
                    edges[(mid, uid)]['name_whole'] = False
    G = nx.Graph()
    G.graph['generator'] = f'graphkit {__version__}'
    G.graph['documents'] = list(documents)
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


def ordered_subgraph(G: nx.Graph, keep) -> nx.Graph:
    """A copy of the part of ``G`` on the nodes ``keep``, nodes and edges in ``G``'s order
    (``G.subgraph`` goes through a set: its order would change from run to run)."""
    keep = set(keep)
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
    H.add_edges_from((a, b, dict(d)) for a, b, d in G.edges(data=True) if a in keep and b in keep)
    return H


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
    """A responsibility graph with plain query methods; ``.G`` is the networkx graph.

    A graph opened from a large build's store (:meth:`from_store`) answers the same
    questions by SQL over the store and makes ``.G`` only when it is asked for."""

    def __init__(self, G: nx.Graph | None, aliases=None, store=None):
        self._G = G
        self.store = store               # graphkit.store.Store of the build, when there is one
        self.aliases = aliases           # override file or Aliases: also used to look names up
        self._index: dict[str, set[str]] | None = None
        self._units: dict[str, dict] | None = None
        self._cache: dict = {}
        self.errors: list[str] = []                  # files that could not be read (build)
        self.skipped: list[str] = []                 # files read once under another path (build)
        self.diagnostics: dict[str, list[str]] = {}  # document name → what was noticed
        self.review: dict = {'corrected': 0, 'checked': 0, 'problems': []}   # what corrections did (build)

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

    @classmethod
    def from_store(cls, store, aliases=None) -> 'ResponsibilityGraph':
        """A graph answered by SQL over a build's store (see :mod:`graphkit.store`)."""
        return cls(None, aliases, store)

    @property
    def G(self) -> nx.Graph:
        """The networkx graph (from a store: assembled on first use, which holds the whole
        corpus in memory — prefer :meth:`subgraph` on a large build)."""
        if self._G is None:
            self._G = self.store.graph()
        return self._G

    @property
    def in_store(self) -> bool:
        """Are questions answered from the store (the graph is not in memory)?"""
        return self._G is None and self.store is not None

    @property
    def documents(self) -> list[dict]:
        if self.in_store:
            return self.store.documents()
        return list(self.G.graph.get('documents', []))

    def __repr__(self):
        s = self.summary() if self.in_store else None
        n_m = s['measures'] if s else len(analysis.measures(self.G))
        n_u = s['units'] if s else len(analysis.units(self.G))
        return f'<ResponsibilityGraph: {len(self.documents)} documents, {n_m} measures, {n_u} units>'

    def _unit_attrs(self) -> dict[str, dict]:
        """``{unit id: attributes}`` of every unit."""
        if self._units is None:
            from .store import units_of
            self._units = units_of(self.store) if self.in_store else \
                {u: self.G.nodes[u] for u in analysis.units(self.G)}
        return self._units

    # lookup ------------------------------------------------------------------
    def _name_index(self) -> dict[str, set[str]]:
        if self._index is None:
            index: dict[str, set[str]] = {}
            for u, d in sorted(self._unit_attrs().items()):
                for name in [d['name']] + list(d.get('variants', [])):
                    index.setdefault(name, set()).add(u)
            self._index = index
        return self._index

    def _in_place(self, uid: str, jurisdiction: str) -> bool:
        from .resolution import names_place     # 普宁 names 普宁市
        attrs = self._unit_attrs()[uid]
        place = attrs.get('jurisdiction') or ''
        if place:
            return names_place(jurisdiction, place)
        # a place graphkit does not know: the unit's name says where it is
        return attrs.get('name', '').startswith(jurisdiction)

    def unit_node(self, name: str, jurisdiction: str | None = None) -> str:
        """The node id of the unit a name denotes (any variant; fuzzy as a last resort).

        Raises :class:`AmbiguousUnit` when several units answer (市教育局 in a
        graph of two cities: pass ``jurisdiction``), :class:`UnitNotFound` when none does.
        """
        units = self._unit_attrs()
        if unit_id(name) in units:
            return unit_id(name)
        index = self._name_index()
        found = set(index.get(name, set()))
        if not found:
            from .resolution import resolve
            for jur in sorted({d.get('jurisdiction') or '' for d in self.documents}):
                uid = unit_id(resolve([name], jur or None, self.aliases)[name])
                if uid in units:
                    found.add(uid)
        where = ''
        if jurisdiction:
            here = {u for u in found if self._in_place(u, jurisdiction)}
            if found and not here:
                raise UnitNotFound(f'no unit named {name!r} in {jurisdiction}; that name is '
                                   + ', '.join(sorted(units[u]['name'] for u in found)))
            found, where = here, f' in {jurisdiction}'
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise AmbiguousUnit(name + where, sorted(units[u]['name'] for u in found))
        from rapidfuzz import fuzz, process
        choices = {n: us for n, us in index.items()}
        hits = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=5, score_cutoff=86)
        ids = sorted({u for hit, score, _ in hits for u in choices[hit]})
        if jurisdiction:
            ids = [u for u in ids if self._in_place(u, jurisdiction)]
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise AmbiguousUnit(name + where, sorted(units[u]['name'] for u in ids))
        raise UnitNotFound(f'no unit named {name!r}{where}' + self._did_you_mean(name, jurisdiction))

    def _did_you_mean(self, name: str, jurisdiction: str | None) -> str:
        """'; did you mean: A, B?' with the closest names and variants (of the place when given)."""
        from rapidfuzz import fuzz, process
        index = self._name_index()
        names = [n for n, us in index.items()
                 if not jurisdiction or any(self._in_place(u, jurisdiction) for u in us)]
        hits = process.extract(name, names, scorer=fuzz.WRatio, limit=12, score_cutoff=50)
        units: list[str] = []
        for hit, _, _ in hits:
            for u in sorted(index[hit]):
                if self._unit_attrs()[u]['name'] not in units:
                    units.append(self._unit_attrs()[u]['name'])
        return f'; did you mean: {", ".join(units[:3])}?' if units else ''

    def unit(self, name: str, jurisdiction: str | None = None) -> dict:
        """The unit a name denotes, as a dict of its attributes (name, variants, type, counts…)."""
        uid = self.unit_node(name, jurisdiction)
        return dict(self._unit_attrs()[uid], id=uid)

    def measures(self, unit: str | None = None, role: str | None = None,
                 document: str | None = None, jurisdiction: str | None = None) -> list[dict]:
        """Measures (as dicts), optionally of one unit (``jurisdiction`` tells apart
        units of one name in several places), in one role, of one document."""
        if self.in_store:
            from .store import measures_of
            uid = self.unit_node(unit, jurisdiction) if unit is not None else None
            return measures_of(self.store, uid, role, document)
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
        P = self.projection()
        if self.in_store:
            from .store import lead_support_of
            pairs = self._cached('lead_support', lambda: lead_support_of(self.store))
        else:
            pairs = analysis._lead_support_pairs(self.G)
        rows = []
        for v in P[uid]:
            d = P[uid][v]
            rows.append({'unit': P.nodes[v]['name'], 'shared': d['weight'],
                         'it_leads': pairs.get((uid, v), 0), 'partner_leads': pairs.get((v, uid), 0),
                         'both_support': d['support_support'], 'both_lead': d['lead_lead']})
        rows.sort(key=lambda r: (-r['shared'], r['unit']))
        return rows

    def centrality(self, weights: dict | None = None, as_frame: bool | None = None):
        """Per-unit figures (see :func:`graphkit.analysis.centrality_table`).

        Rows of dicts, or a pandas DataFrame when pandas is installed and
        ``as_frame`` is not False."""
        rows = self._centrality(weights)
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
        """The ``n`` units ranking highest on a column of :meth:`centrality`.

        A numeric column ranks from the highest; a text column (unit, type,
        jurisdiction, role) groups units by its value (roles from ``leading``), the
        busiest first within each group."""
        rows = self._centrality()
        if rows and by not in rows[0]:
            raise ValueError(f'unknown column {by!r}; one of: ' + ', '.join(rows[0]))
        if rows and isinstance(rows[0][by], (int, float)) and not isinstance(rows[0][by], bool):
            return sorted(rows, key=lambda r: (-r[by], r['unit']))[:n]
        order = analysis.ROLE_LABELS if by == 'role' else ()
        return sorted(rows, key=lambda r: (order.index(r[by]) if r[by] in order else len(order), str(r[by]),
                                           -r['weighted_degree'], r['unit']))[:n]

    def _centrality(self, weights: dict | None = None) -> list[dict]:
        if not self.in_store:
            return analysis.centrality_table(self.G, weights)
        from .store import centrality_of
        make = lambda: centrality_of(self.store, weights, self._unit_attrs(), self.projection())  # noqa: E731
        return make() if weights else [dict(r) for r in self._cached('centrality', make)]

    def _cached(self, key: str, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def projection(self) -> nx.Graph:
        """The unit–unit co-responsibility graph (see :func:`graphkit.analysis.co_responsibility`)."""
        if self.in_store:
            from .store import projection_of
            return self._cached('projection', lambda: projection_of(self.store, self._unit_attrs()))
        return analysis.co_responsibility(self.G)

    def summary(self) -> dict:
        if self.in_store:
            from .store import summary_of
            return self._cached('summary', lambda: summary_of(self.store, self._unit_attrs(), self.projection()))
        return analysis.summary(self.G)

    def subgraph(self, documents=None, units=None, jurisdiction: str | None = None) -> 'ResponsibilityGraph':
        """The graph restricted to some documents, to some units (and their measures)
        and/or to the documents of one place. From a store, only those rows are read."""
        docs = {documents} if isinstance(documents, str) else set(documents) if documents is not None else None
        uids = {self.unit_node(u) for u in ([units] if isinstance(units, str) else units)} \
            if units is not None else None
        if jurisdiction is not None:
            from .resolution import names_place
            place = {d['name'] for d in self.documents if names_place(jurisdiction, d.get('jurisdiction') or '')}
            docs = place if docs is None else docs & place
        if self.in_store:
            from .store import subgraph_of
            return ResponsibilityGraph(subgraph_of(self.store, docs, uids), self.aliases)
        G = self.G
        keep = set(analysis.measures(G))
        if docs is not None:
            keep = {m for m in keep if G.nodes[m]['doc'] in docs}
        if uids is not None:
            keep = {m for m in keep if uids & set(G[m])}
            nodes = keep | uids
        else:
            nodes = keep | {u for m in keep for u in G[m]}
        H = ordered_subgraph(G, nodes)
        kept = {H.nodes[m]['doc'] for m in keep}
        H.graph['documents'] = [d for d in G.graph.get('documents', []) if d['name'] in kept]
        unit_tallies(H)
        return ResponsibilityGraph(H, self.aliases)

    def sql(self, query: str, params=None) -> list[dict]:
        """Rows of a read-only SQL query over the build's store (tables: docs/store-schema.md)."""
        if self.store is None:
            raise ValueError('no store: SQL needs a graph loaded from a build\'s output folder')
        return self.store.sql(query, params)

    def to_networkx(self) -> nx.Graph:
        """A copy of the underlying networkx graph."""
        return self.G.copy()

    def to_html(self, path, **options) -> None:
        """Write the interactive HTML network (see :func:`graphkit.render.render_html`); of a
        large build (answered from its store), the page of its units, each unit's measures
        in a folder beside it (``graph.html`` → ``graph.measures/``)."""
        if self.in_store:
            from .scale import write_page
            write_page(self, path, **options)
            return
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
    """Load a graph written by ``graphkit build``: its output folder (the store in it) or
    its ``graph.json``; ``aliases``: an override file used to look unit names up.

    From a folder, a build of up to ``store.SMALL_BUILD`` measures is loaded whole; a
    larger one is answered by SQL over the store (:meth:`ResponsibilityGraph.from_store`).
    Raises :class:`GraphFileError` (one line) for what is not such a graph.
    """
    from .resolution import load_aliases
    if os.path.isdir(path):
        return _load_store(path, load_aliases(aliases))
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


def _load_store(path, aliases) -> ResponsibilityGraph:
    from . import store as st
    folder = os.path.join(path, st.STORE) if os.path.isdir(os.path.join(path, st.STORE)) else path
    try:
        store = st.Store(folder)
    except FileNotFoundError:
        raise GraphFileError(path, "no graph here: neither a build's output folder nor its store") from None
    if store.count('measures') > st.SMALL_BUILD:
        return ResponsibilityGraph.from_store(store, aliases)
    return ResponsibilityGraph(store.graph(), aliases, store)


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
