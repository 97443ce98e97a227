"""analysis: who leads, who brokers, who works with whom.

Functions over the bipartite responsibility graph (see docs/graph-schema.md):
projections of it onto units, per-unit measures (load, centralities, a role
label) and per-graph figures (density, components, communities, orphans, the
most frequent partner pairs). Every result is deterministic.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node('m:a#1', kind='measure'); G.add_node('m:a#2', kind='measure')
>>> for u in 'XYZ': G.add_node('u:' + u, kind='unit', name=u)
>>> G.add_edge('m:a#1', 'u:X', role='lead'); G.add_edge('m:a#1', 'u:Y', role='support')
>>> G.add_edge('m:a#2', 'u:X', role='lead'); G.add_edge('m:a#2', 'u:Z', role='support')
>>> P = co_responsibility(G)
>>> sorted((a, b, d['weight'], d['lead_support']) for a, b, d in P.edges(data=True))
[('u:X', 'u:Y', 1, 1), ('u:X', 'u:Z', 1, 1)]
>>> lead_load(G)['u:X']
2
"""
from __future__ import annotations

import itertools
import weakref
from collections import Counter

import networkx as nx

RESPONSIBLE = ('lead', 'support')
DEFAULT_WEIGHTS = {'lead': 2.0, 'support': 1.0, 'mention': 0.0}
# Exact betweenness costs about Σ nodes × edges over the components of the
# projection; above this budget it is estimated from a seeded sample of sources.
BETWEENNESS_BUDGET = 100_000     # about a second of networkx time


def units(G: nx.Graph) -> list[str]:
    """Unit nodes, sorted by id."""
    return sorted(n for n, k in G.nodes(data='kind') if k == 'unit')


def measures(G: nx.Graph) -> list[str]:
    """Measure nodes in the graph's order: documents in turn, each in its text order."""
    return [n for n, k in G.nodes(data='kind') if k == 'measure']


def role_edges(G: nx.Graph):
    """``(measure, unit, role)`` for every edge, in the graph's edge order."""
    kind = dict(G.nodes(data='kind'))
    for a, b, role in G.edges(data='role'):
        yield (a, b, role) if kind[a] == 'measure' else (b, a, role)


_ROLES: 'weakref.WeakKeyDictionary[nx.Graph, tuple]' = weakref.WeakKeyDictionary()


def _roles_by_measure(G: nx.Graph) -> dict[str, tuple[list[str], list[str]]]:
    """measure → (sorted leads, sorted supports), in one pass over the edges.

    Several analyses need it; it is kept for a graph as long as the graph's
    size does not change (analyses run on finished graphs)."""
    size = (G.number_of_nodes(), G.number_of_edges())
    cached = _ROLES.get(G)
    if cached is not None and cached[0] == size:
        return cached[1]
    out: dict[str, tuple[list[str], list[str]]] = {m: ([], []) for m in measures(G)}
    for m, u, role in role_edges(G):
        if role == 'lead':
            out[m][0].append(u)
        elif role == 'support':
            out[m][1].append(u)
    for leads, sups in out.values():
        leads.sort()
        sups.sort()
    _ROLES[G] = (size, out)
    return out


def co_responsibility(G: nx.Graph, with_measures: bool = False) -> nx.Graph:
    """Unit–unit projection: units linked when responsible for the same measures.

    Edge attributes: ``weight`` (shared measures), ``lead_support`` (measures
    where one leads and the other supports), ``support_support`` (both support),
    ``lead_lead`` (both lead), and with ``with_measures`` the list ``measures``
    of the measures shared. Mentions do not link units; units sharing nothing
    stay as isolated nodes.
    """
    pairs: dict[tuple[str, str], list] = {}
    for m, (leads, sups) in _roles_by_measure(G).items():
        lead_set = set(leads)
        for a, b in itertools.combinations(sorted(lead_set | set(sups)), 2):
            la, lb = a in lead_set, b in lead_set
            k = 3 if la and lb else 1 if la or lb else 2
            c = pairs.get((a, b))
            if c is None:
                c = pairs[(a, b)] = [0, 0, 0, 0, []]
            c[0] += 1
            c[k] += 1
            if with_measures:
                c[4].append(m)
    P = nx.Graph()
    P.graph.update(G.graph)
    P.add_nodes_from((u, G.nodes[u]) for u in units(G))
    for (a, b), c in sorted(pairs.items()):
        P.add_edge(a, b, weight=c[0], lead_support=c[1], support_support=c[2], lead_lead=c[3])
        if with_measures:
            P[a][b]['measures'] = c[4]
    return P


def _lead_support_pairs(G: nx.Graph) -> Counter:
    """``(lead, support)`` → measures where the first leads and the second supports."""
    weights: Counter = Counter()
    for leads, sups in _roles_by_measure(G).values():
        for a in leads:
            for b in sups:
                weights[(a, b)] += 1
    return weights


def coordination(G: nx.Graph) -> nx.DiGraph:
    """Directed lead → support graph: who coordinates whom, weighted by measures."""
    D = nx.DiGraph()
    D.add_nodes_from((u, G.nodes[u]) for u in units(G))
    D.add_edges_from((a, b, {'weight': w}) for (a, b), w in sorted(_lead_support_pairs(G).items()))
    return D


def loads(G: nx.Graph) -> dict[str, Counter]:
    """unit → Counter of its roles: how many measures it leads, supports, is mentioned in."""
    out = {u: Counter() for u in units(G)}
    for _, u, role in role_edges(G):
        out[u][role] += 1
    return out


def lead_load(G: nx.Graph) -> dict[str, int]:
    """Measures each unit leads."""
    return {u: c['lead'] for u, c in loads(G).items()}


def support_load(G: nx.Graph) -> dict[str, int]:
    """Measures each unit supports."""
    return {u: c['support'] for u, c in loads(G).items()}


def mention_load(G: nx.Graph) -> dict[str, int]:
    """Measures that mention each unit without making it responsible."""
    return {u: c['mention'] for u, c in loads(G).items()}


def weighted_degree(G: nx.Graph, weights: dict[str, float] | None = None,
                    counts: dict[str, Counter] | None = None) -> dict[str, float]:
    """Responsibility score: each lead counts ``weights['lead']``, each support ``weights['support']``."""
    w = dict(DEFAULT_WEIGHTS, **(weights or {}))
    counts = loads(G) if counts is None else counts
    return {u: float(sum(w.get(role, 0.0) * n for role, n in c.items())) for u, c in counts.items()}


ROLE_LABELS = ('leading', 'core partner', 'auxiliary', 'none')     # the labels of role_label, first first


def role_label(led: int, supported: int) -> str:
    """``leading`` (mostly leads), ``core partner`` (supports broadly, leads some),
    ``auxiliary`` (supports a few measures only).

    >>> role_label(10, 3), role_label(2, 12), role_label(0, 2)
    ('leading', 'core partner', 'auxiliary')
    """
    total = led + supported
    if total == 0:
        return 'none'
    if led >= supported and led >= 2 or led / total >= 0.5 and led >= 1:
        return 'leading'
    if total >= 5 or led >= 1:
        return 'core partner'
    return 'auxiliary'


def betweenness(P: nx.Graph, seed: int = 42) -> tuple[dict[str, float], bool]:
    """Betweenness on the projection (distance = 1 / shared measures); ``(values, approximate)``.

    Exact while the work (Σ nodes × edges per component) stays within
    BETWEENNESS_BUDGET, else estimated from a seeded sample of sources sized to
    that budget, and labelled approximate."""
    H = _distance_graph(P)
    n = H.number_of_nodes()
    cost = sum(len(c) * H.subgraph(c).number_of_edges() for c in nx.connected_components(H))
    if cost <= BETWEENNESS_BUDGET or n < 3:
        return nx.betweenness_centrality(H, weight='distance'), False
    k = max(32, min(n - 1, int(n * BETWEENNESS_BUDGET / cost)))
    return nx.betweenness_centrality(H, k=k, weight='distance', seed=seed), True


def _distance_graph(P: nx.Graph) -> nx.Graph:
    """A copy of the projection with ``distance = 1 / weight``, nodes in sorted order."""
    H = nx.Graph()
    H.add_nodes_from(sorted(P.nodes))
    for a, b, d in sorted(P.edges(data=True)):
        H.add_edge(a, b, distance=1.0 / d.get('weight', 1))
    return H


def eigenvector(P: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality on the projection, 0 for isolated units.

    Computed per connected component (it is undefined on a disconnected
    graph) and scaled by the component's share of nodes. Dense symmetric
    eigensolver (deterministic, unlike ARPACK's random start) up to 2,000
    nodes a component, power iteration from a fixed start beyond."""
    import numpy as np
    out = {u: 0.0 for u in P}
    n = P.number_of_nodes() or 1
    for comp in sorted((sorted(c) for c in nx.connected_components(P)), key=lambda c: c[0]):
        if len(comp) < 2:
            continue
        H = P.subgraph(comp)
        if len(comp) <= 2000:
            A = nx.to_numpy_array(H, nodelist=comp, weight='weight')
            vector = np.abs(np.linalg.eigh(A)[1][:, -1])
            values = dict(zip(comp, vector / (np.linalg.norm(vector) or 1.0)))
        else:
            values = nx.eigenvector_centrality(H, weight='weight', max_iter=1000, tol=1e-9,
                                               nstart={u: 1.0 for u in comp})
        for u, v in values.items():
            out[u] = float(abs(v)) * len(comp) / n
    return out


def pagerank(G: nx.Graph) -> dict[str, float]:
    """PageRank on the coordination graph with its edges reversed (support → lead),
    so that leads accumulate the importance of the units they coordinate."""
    return pagerank_of_pairs(units(G), _lead_support_pairs(G))


def pagerank_of_pairs(unit_ids, lead_support: Counter) -> dict[str, float]:
    """:func:`pagerank` from the units and the ``(lead, support) → measures`` counts."""
    R = nx.DiGraph()
    R.add_nodes_from(unit_ids)
    R.add_edges_from((b, a, {'weight': w}) for (a, b), w in sorted(lead_support.items()))
    if R.number_of_nodes() == 0:
        return {}
    return nx.pagerank(R, weight='weight')


def bipartite_degree(G: nx.Graph, counts: dict[str, Counter] | None = None) -> dict[str, float]:
    """Bipartite degree centrality of units: measures they are responsible for / all measures."""
    n_measures = len(measures(G)) or 1
    counts = loads(G) if counts is None else counts
    return {u: (c['lead'] + c['support']) / n_measures for u, c in counts.items()}


def centrality_table(G: nx.Graph, weights: dict[str, float] | None = None,
                     P: nx.Graph | None = None) -> list[dict]:
    """One row per unit: loads, weighted degree, centralities and role, sorted by
    weighted degree (then name). ``P``: the projection, when already computed."""
    P = co_responsibility(G) if P is None else P
    return centrality_rows({u: G.nodes[u] for u in units(G)}, loads(G), P, _lead_support_pairs(G),
                           len(measures(G)), weights)


def centrality_rows(unit_attrs: dict[str, dict], counts: dict[str, Counter], P: nx.Graph, lead_support: Counter,
                    n_measures: int, weights: dict[str, float] | None = None) -> list[dict]:
    """:func:`centrality_table` from what it needs of a graph: the units' attributes (by
    id), their role counts, the projection, the ``(lead, support)`` counts and the number
    of measures — which a store aggregates without building the bipartite graph."""
    wdeg = weighted_degree(None, weights, counts)
    btw, approximate = betweenness(P)
    eig = eigenvector(P)
    pr = pagerank_of_pairs(sorted(unit_attrs), lead_support)
    rows = []
    for u in sorted(unit_attrs):
        d, c = unit_attrs[u], counts[u]
        rows.append({
            'unit': d.get('name', u), 'type': d.get('type', ''), 'jurisdiction': d.get('jurisdiction', ''),
            'lead': c['lead'], 'support': c['support'], 'mentions': c['mention'],
            'weighted_degree': wdeg[u],
            'partners': P.degree(u) if u in P else 0, 'betweenness': round(btw.get(u, 0.0), 6),
            'betweenness_approximate': approximate, 'eigenvector': round(eig.get(u, 0.0), 6),
            'pagerank': round(pr.get(u, 0.0), 6),
            'bipartite_degree': round((c['lead'] + c['support']) / (n_measures or 1), 6),
            'role': role_label(c['lead'], c['support'])})
    rows.sort(key=lambda r: (-r['weighted_degree'], -r['lead'], r['unit']))
    return rows


def communities(P: nx.Graph, seed: int = 42) -> list[list[str]]:
    """Louvain communities of the projection (seeded), largest first."""
    if P.number_of_edges() == 0:
        return [[u] for u in sorted(P)]
    parts = nx.community.louvain_communities(P, weight='weight', seed=seed)
    return sorted((sorted(c) for c in parts), key=lambda c: (-len(c), c))


def partner_pairs(G: nx.Graph, n: int = 10, P: nx.Graph | None = None) -> list[dict]:
    """The most frequent pairs of units responsible together."""
    P = co_responsibility(G) if P is None else P
    rows = [{'a': P.nodes[a].get('name', a), 'b': P.nodes[b].get('name', b), **d}
            for a, b, d in P.edges(data=True)]
    for r in rows:
        if r['a'] > r['b']:
            r['a'], r['b'] = r['b'], r['a']
    rows.sort(key=lambda r: (-r['weight'], r['a'], r['b']))
    return rows[:n]


def orphans(G: nx.Graph) -> list[str]:
    """Measures that no unit leads or supports."""
    responsible = {m for m, _, role in role_edges(G) if role in RESPONSIBLE}
    return [m for m in measures(G) if m not in responsible]


def summary(G: nx.Graph, P: nx.Graph | None = None) -> dict:
    """Per-graph figures: sizes, density, components, communities, orphans."""
    P = co_responsibility(G) if P is None else P
    comps = sorted((sorted(c) for c in nx.connected_components(P)), key=lambda c: (-len(c), c))
    n_m, n_u = len(measures(G)), len(units(G))
    roles = Counter(role for _, _, role in G.edges(data='role'))
    resp_edges = roles['lead'] + roles['support']
    return {
        'measures': n_m, 'units': n_u,
        'lead_edges': roles['lead'], 'support_edges': roles['support'], 'mention_edges': roles['mention'],
        'bipartite_density': round(resp_edges / (n_m * n_u), 6) if n_m and n_u else 0.0,
        'projection_density': round(nx.density(P), 6) if n_u > 1 else 0.0,
        'components': len(comps), 'largest_component': len(comps[0]) if comps else 0,
        'communities': communities(P), 'orphan_measures': orphans(G),
    }


def topic_table(G: nx.Graph, top: int = 20) -> list[dict]:
    """Topic × unit: for the most frequent measure keywords, the units responsible
    for measures carrying them (counts)."""
    all_measures = measures(G)
    freq = Counter(k for m in all_measures for k in G.nodes[m].get('keywords', []))
    chosen = [word for word, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    by_word: dict[str, Counter] = {word: Counter() for word in chosen}
    for m in all_measures:                      # one pass over the measures
        words = [w for w in G.nodes[m].get('keywords', []) if w in by_word]
        if not words:
            continue
        names = [G.nodes[u].get('name', u) for u in G[m] if G[m][u].get('role') in RESPONSIBLE]
        for w in set(words):
            by_word[w].update(names)
    return [{'keyword': word, 'measures': freq[word],
             'units': dict(sorted(by_word[word].items(), key=lambda kv: (-kv[1], kv[0])))} for word in chosen]
