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
from collections import Counter

import networkx as nx

RESPONSIBLE = ('lead', 'support')
DEFAULT_WEIGHTS = {'lead': 2.0, 'support': 1.0, 'mention': 0.0}
# Exact betweenness costs about Σ nodes × edges over the components of the
# projection; above this budget it is estimated from a seeded sample of sources.
BETWEENNESS_BUDGET = 600_000     # about 3 s of networkx time


def units(G: nx.Graph) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d.get('kind') == 'unit')


def measures(G: nx.Graph) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d.get('kind') == 'measure')


def _roles_by_measure(G: nx.Graph) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for m in measures(G):
        roles: dict[str, list[str]] = {'lead': [], 'support': []}
        for u in sorted(G[m]):
            role = G[m][u].get('role')
            if role in roles:
                roles[role].append(u)
        out[m] = roles
    return out


def co_responsibility(G: nx.Graph) -> nx.Graph:
    """Unit–unit projection: units linked when responsible for the same measures.

    Edge attributes: ``weight`` (shared measures), ``lead_support`` (measures
    where one leads and the other supports), ``support_support`` (both support),
    ``lead_lead`` (both lead). Mentions do not link units.
    """
    P = nx.Graph()
    for u in units(G):
        P.add_node(u, **G.nodes[u])
    for m, roles in _roles_by_measure(G).items():
        responsible = sorted(set(roles['lead']) | set(roles['support']))
        for a, b in itertools.combinations(responsible, 2):
            la, lb = a in roles['lead'], b in roles['lead']
            kind = 'lead_lead' if la and lb else 'lead_support' if la or lb else 'support_support'
            if not P.has_edge(a, b):
                P.add_edge(a, b, weight=0, lead_support=0, support_support=0, lead_lead=0)
            P[a][b]['weight'] += 1
            P[a][b][kind] += 1
    return P


def coordination(G: nx.Graph) -> nx.DiGraph:
    """Directed lead → support graph: who coordinates whom, weighted by measures."""
    D = nx.DiGraph()
    for u in units(G):
        D.add_node(u, **G.nodes[u])
    for m, roles in _roles_by_measure(G).items():
        for a in roles['lead']:
            for b in roles['support']:
                if D.has_edge(a, b):
                    D[a][b]['weight'] += 1
                else:
                    D.add_edge(a, b, weight=1)
    return D


def _count(G: nx.Graph, role: str) -> dict[str, int]:
    counts = {u: 0 for u in units(G)}
    for a, b, d in G.edges(data=True):
        if d.get('role') == role:
            u = a if G.nodes[a].get('kind') == 'unit' else b
            counts[u] += 1
    return counts


def lead_load(G: nx.Graph) -> dict[str, int]:
    """Measures each unit leads."""
    return _count(G, 'lead')


def support_load(G: nx.Graph) -> dict[str, int]:
    """Measures each unit supports."""
    return _count(G, 'support')


def mention_load(G: nx.Graph) -> dict[str, int]:
    """Measures that mention each unit without making it responsible."""
    return _count(G, 'mention')


def weighted_degree(G: nx.Graph, weights: dict[str, float] | None = None) -> dict[str, float]:
    """Responsibility score: each lead counts ``weights['lead']``, each support ``weights['support']``."""
    w = dict(DEFAULT_WEIGHTS, **(weights or {}))
    out = {u: 0.0 for u in units(G)}
    for a, b, d in G.edges(data=True):
        u = a if G.nodes[a].get('kind') == 'unit' else b
        out[u] += w.get(d.get('role'), 0.0)
    return out


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
    graph) and scaled by the component's share of nodes."""
    out = {u: 0.0 for u in P}
    n = P.number_of_nodes() or 1
    for comp in nx.connected_components(P):
        if len(comp) < 2:
            continue
        if len(comp) == 2:      # two units alone: equal centrality, no solver needed
            values = {u: 2 ** -0.5 for u in comp}
        else:
            H = P.subgraph(sorted(comp))
            try:
                values = nx.eigenvector_centrality_numpy(H, weight='weight')
            except Exception:   # no convergence: fall back to power iteration
                values = nx.eigenvector_centrality(H, weight='weight', max_iter=1000, tol=1e-6)
        for u, v in values.items():
            out[u] = abs(v) * len(comp) / n
    return out


def pagerank(G: nx.Graph) -> dict[str, float]:
    """PageRank on the lead → support coordination graph, reversed so that
    leads accumulate the importance of the units they coordinate."""
    D = coordination(G).reverse(copy=True)
    if D.number_of_nodes() == 0:
        return {}
    return nx.pagerank(D, weight='weight')


def bipartite_degree(G: nx.Graph) -> dict[str, float]:
    """Bipartite degree centrality of units (degree / number of measures)."""
    n_measures = len(measures(G)) or 1
    return {u: sum(1 for v in G[u] if G[u][v].get('role') in RESPONSIBLE) / n_measures for u in units(G)}


def centrality_table(G: nx.Graph, weights: dict[str, float] | None = None,
                     P: nx.Graph | None = None) -> list[dict]:
    """One row per unit: loads, weighted degree, centralities and role, sorted by
    weighted degree (then name). ``P``: the projection, when already computed."""
    P = co_responsibility(G) if P is None else P
    led, sup, men = lead_load(G), support_load(G), mention_load(G)
    wdeg = weighted_degree(G, weights)
    btw, approximate = betweenness(P)
    eig = eigenvector(P)
    pr = pagerank(G)
    bdeg = bipartite_degree(G)
    rows = []
    for u in units(G):
        d = G.nodes[u]
        rows.append({
            'unit': d.get('name', u), 'type': d.get('type', ''), 'jurisdiction': d.get('jurisdiction', ''),
            'lead': led[u], 'support': sup[u], 'mentions': men[u], 'weighted_degree': wdeg[u],
            'partners': P.degree(u), 'betweenness': round(btw.get(u, 0.0), 6),
            'betweenness_approximate': approximate, 'eigenvector': round(eig.get(u, 0.0), 6),
            'pagerank': round(pr.get(u, 0.0), 6), 'bipartite_degree': round(bdeg[u], 6),
            'role': role_label(led[u], sup[u])})
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
    return [m for m in measures(G)
            if not any(G[m][u].get('role') in RESPONSIBLE for u in G[m])]


def summary(G: nx.Graph, P: nx.Graph | None = None) -> dict:
    """Per-graph figures: sizes, density, components, communities, orphans."""
    P = co_responsibility(G) if P is None else P
    comps = sorted((sorted(c) for c in nx.connected_components(P)), key=lambda c: (-len(c), c))
    n_m, n_u = len(measures(G)), len(units(G))
    resp_edges = sum(1 for _, _, d in G.edges(data=True) if d.get('role') in RESPONSIBLE)
    return {
        'measures': n_m, 'units': n_u,
        'lead_edges': sum(1 for _, _, d in G.edges(data=True) if d.get('role') == 'lead'),
        'support_edges': sum(1 for _, _, d in G.edges(data=True) if d.get('role') == 'support'),
        'mention_edges': sum(1 for _, _, d in G.edges(data=True) if d.get('role') == 'mention'),
        'bipartite_density': round(resp_edges / (n_m * n_u), 6) if n_m and n_u else 0.0,
        'projection_density': round(nx.density(P), 6) if n_u > 1 else 0.0,
        'components': len(comps), 'largest_component': len(comps[0]) if comps else 0,
        'communities': communities(P), 'orphan_measures': orphans(G),
    }


def topic_table(G: nx.Graph, top: int = 20) -> list[dict]:
    """Topic × unit: for the most frequent measure keywords, the units responsible
    for measures carrying them (counts)."""
    freq = Counter(k for m in measures(G) for k in G.nodes[m].get('keywords', []))
    rows = []
    for word, n in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        by_unit = Counter()
        for m in measures(G):
            if word in G.nodes[m].get('keywords', []):
                for u in G[m]:
                    if G[m][u].get('role') in RESPONSIBLE:
                        by_unit[G.nodes[u].get('name', u)] += 1
        rows.append({'keyword': word, 'measures': n,
                     'units': dict(sorted(by_unit.items(), key=lambda kv: (-kv[1], kv[0])))})
    return rows
