"""GraphML and GEXF writers: typed attributes, deterministic, fast.

networkx's writers build a whole ElementTree first, which takes tens of seconds
on a graph of a few thousand documents' measures; these stream the same
formats as text. The files re-read with ``networkx.read_graphml`` /
``networkx.read_gexf`` (attribute types kept) and open in Gephi.

Attribute values must be str, int, float or bool; anything else is written as
its JSON text by the caller.

>>> import networkx as nx
>>> G = nx.Graph(name='g'); G.add_node('a', n=1, label='A'); G.add_edge('a', 'b', role='lead')
>>> H = nx.parse_graphml(graphml(G)); H.nodes['a']['n'], H['a']['b']['role']
(1, 'lead')
"""
from __future__ import annotations

import re

import networkx as nx

# Characters XML 1.0 does not allow, even escaped.
_INVALID_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;'}
_ESCAPE = re.compile('[&<>"\n\r\t]')


def esc(value) -> str:
    """A value as XML text, safe in an attribute as in an element (newlines kept)."""
    if isinstance(value, bool):
        value = 'true' if value else 'false'
    text = _INVALID_XML.sub('', str(value))
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text)


def _kind(value) -> str:
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'long'
    if isinstance(value, float):
        return 'double'
    return 'string'


def _keys(items) -> dict[str, str]:
    """Attribute name → type over all items (int and float together make double)."""
    types: dict[str, str] = {}
    for data in items:
        for k, v in data.items():
            t = _kind(v)
            old = types.get(k)
            if old is None:
                types[k] = t
            elif old != t:
                types[k] = 'double' if {old, t} <= {'long', 'double'} else 'string'
    return dict(sorted(types.items()))


def _edges(G: nx.Graph):
    return sorted((tuple(sorted((a, b))) for a, b in G.edges))


def graphml(G: nx.Graph) -> str:
    """GraphML text of an undirected graph."""
    nodes = sorted(G.nodes)
    edges = _edges(G)
    gkeys = _keys([G.graph])
    nkeys = _keys(G.nodes[n] for n in nodes)
    ekeys = _keys(G[a][b] for a, b in edges)
    ids = {}
    out = ["<?xml version='1.0' encoding='utf-8'?>",
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for scope, keys in (('graph', gkeys), ('node', nkeys), ('edge', ekeys)):
        for name, t in keys.items():
            kid = f'{scope[0]}{len([k for k in ids if k[0] == scope])}'
            ids[(scope, name)] = kid
            out.append(f'  <key id="{kid}" for="{scope}" attr.name="{esc(name)}" attr.type="{t}" />')
    out.append('  <graph edgedefault="undirected">')

    def data(scope, d, indent):
        return [f'{indent}<data key="{ids[(scope, k)]}">{esc(v)}</data>'
                for k, v in sorted(d.items()) if (scope, k) in ids]
    out += data('graph', G.graph, '    ')
    for n in nodes:
        out.append(f'    <node id="{esc(n)}">')
        out += data('node', G.nodes[n], '      ')
        out.append('    </node>')
    for a, b in edges:
        out.append(f'    <edge source="{esc(a)}" target="{esc(b)}">')
        out += data('edge', G[a][b], '      ')
        out.append('    </edge>')
    out += ['  </graph>', '</graphml>']
    return '\n'.join(out) + '\n'


_GEXF_TYPES = {'long': 'long', 'double': 'double', 'boolean': 'boolean', 'string': 'string'}


def gexf(G: nx.Graph, creator: str = 'graphkit') -> str:
    """GEXF 1.2 text of an undirected graph; node attribute ``label`` is the node label."""
    nodes = sorted(G.nodes)
    edges = _edges(G)
    nkeys = {k: t for k, t in _keys(G.nodes[n] for n in nodes).items() if k != 'label'}
    ekeys = {k: t for k, t in _keys(G[a][b] for a, b in edges).items() if k not in ('id', 'weight')}
    nid = {k: str(i) for i, k in enumerate(nkeys)}
    eid = {k: str(i) for i, k in enumerate(ekeys)}
    out = ["<?xml version='1.0' encoding='utf-8'?>",
           '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
           'version="1.2">',
           f'  <meta>\n    <creator>{esc(creator)}</creator>\n  </meta>',
           '  <graph defaultedgetype="undirected" mode="static" name="">']
    for cls, keys, ids in (('node', nkeys, nid), ('edge', ekeys, eid)):
        out.append(f'    <attributes mode="static" class="{cls}">')
        out += [f'      <attribute id="{ids[k]}" title="{esc(k)}" type="{_GEXF_TYPES[t]}" />'
                for k, t in keys.items()]
        out.append('    </attributes>')

    def values(d, ids, indent):
        vals = [f'{indent}  <attvalue for="{ids[k]}" value="{esc(v)}" />' for k, v in sorted(d.items()) if k in ids]
        return [f'{indent}<attvalues>'] + vals + [f'{indent}</attvalues>'] if vals else []
    out.append('    <nodes>')
    for n in nodes:
        d = G.nodes[n]
        out.append(f'      <node id="{esc(n)}" label="{esc(d.get("label", n))}">')
        out += values(d, nid, '        ')
        out.append('      </node>')
    out += ['    </nodes>', '    <edges>']
    for i, (a, b) in enumerate(edges):
        weight = G[a][b].get('weight')
        w = f' weight="{esc(weight)}"' if isinstance(weight, (int, float)) and not isinstance(weight, bool) else ''
        out.append(f'      <edge source="{esc(a)}" target="{esc(b)}" id="{i}"{w}>')
        out += values(G[a][b], eid, '        ')
        out.append('      </edge>')
    out += ['    </edges>', '  </graph>', '</gexf>']
    return '\n'.join(out) + '\n'
