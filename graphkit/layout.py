"""Node positions for the page, laid out here once, in numpy.

Units are placed by a force layout of their co-responsibility, measures beside
their units, the connected parts of the graph packed side by side; seeded, so
that the same graph gets the same picture. ``layout='physics'`` (the default
for small graphs) also lets the page relax the positions a bounded number of
steps before it freezes them.
"""
from __future__ import annotations

import itertools
import math

import networkx as nx

LAYOUTS = ('auto', 'physics', 'static')
PHYSICS_MAX_NODES = 500
# Node-iterations the browser may spend stabilising (about 2 s), then it freezes.
PHYSICS_BUDGET = 60_000

_SEED = 20240501


def nodes_of_kind(G: nx.Graph, kind: str) -> list:
    """The ``unit`` or ``measure`` nodes of ``G``, sorted by id."""
    return sorted((n for n in G if G.nodes[n].get('kind', '') == kind), key=str)


def browser_iterations(node_count: int) -> int:
    """Physics iterations the page may run before it freezes the layout."""
    return max(100, min(400, PHYSICS_BUDGET // max(node_count, 1)))


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
    # the n×n repulsion in float32 (two and a half times faster, and precise enough to
    # place nodes); positions and the other forces in float64
    kk, floor = np.float32(k * k), np.float32(1e-8)
    for _ in range(iterations):
        fx = np.empty(n)
        fy = np.empty(n)
        xs, ys = x.astype(np.float32), y.astype(np.float32)
        for start in range(0, n, block):  # x and y apart: n×n arrays, not n×n×2
            dx = xs[start:start + block, None] - xs[None, :]
            dy = ys[start:start + block, None] - ys[None, :]
            inv = dx * dx
            inv += dy * dy
            np.maximum(inv, floor, out=inv)
            np.divide(kk, inv, out=inv)
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


def static_positions(G: nx.Graph, seed: int = _SEED, unit_links: dict | None = None) -> dict:
    """Positions in pixels for every node, laid out here (no browser physics).

    Units are laid out first with a force layout of their co-occurrence
    (weight 1/(k-1) per measure of k units, so a measure naming 20 units does
    not pull harder than one naming two; mentions count half); each measure
    then sits at the weighted centre of its units (lead ×3), measures that
    fall on the same spot spread on a sunflower spiral around it, and
    measures with no unit line up below. Units keep their place in the units
    view, so switching views does not move them.

    ``unit_links``: those co-occurrence weights ``{(unit, unit): weight}`` when ``G``
    holds the units only (a large build's store aggregates them).
    """
    units = nodes_of_kind(G, 'unit')
    measures = nodes_of_kind(G, 'measure')
    index = {u: i for i, u in enumerate(units)}
    pair_weight: dict[tuple[int, int], float] = {}
    for (a, b), w in (unit_links or {}).items():
        i, j = sorted((index[a], index[b]))
        pair_weight[(i, j)] = pair_weight.get((i, j), 0.0) + w
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
    if unit_links:
        G = nx.Graph(G)
        G.add_edges_from(unit_links)
    pos = _pack_components(G, pos)
    if orphans:
        xs = [p[0] for p in pos.values()] or [0.0]
        ys = [p[1] for p in pos.values()] or [0.0]
        per_row = max(10, int(math.sqrt(len(orphans)) * 2))
        for i, m in enumerate(orphans):
            pos[m] = (min(xs) + (i % per_row) * 40.0, max(ys) + 120.0 + (i // per_row) * 40.0)
    return {v: (round(x), round(y)) for v, (x, y) in pos.items()}


def _pack_components(G: nx.Graph, pos: dict, gap: float = 80.0) -> dict:
    """Set the connected parts of the graph side by side, the largest first, in rows
    about as wide as the whole is tall: repulsion alone pushes parts that share no
    unit to the far corners, and fitting the view then shrinks everything."""
    placed = [n for n in pos]
    if len(placed) < 2:
        return pos
    H = G.subgraph(placed)
    parts = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    if len(parts) < 2:
        return pos
    boxes = []
    for c in parts:
        xs = [pos[n][0] for n in c]
        ys = [pos[n][1] for n in c]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.3, max(w for _, _, w, _ in boxes))
    out = {}
    x = y = row_height = 0.0
    for c, (x0, y0, w, h) in zip(parts, boxes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n in c:
            out[n] = (pos[n][0] - x0 + x, pos[n][1] - y0 + y)
        x += w
        row_height = max(row_height, h)
    return out


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
