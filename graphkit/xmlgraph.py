"""GraphML and GEXF writers: typed attributes, deterministic, fast.

networkx's writers build a whole ElementTree first, which takes tens of seconds
on a graph of a few thousand documents' measures; these stream the same
formats as text. The files re-read with ``networkx.read_graphml`` /
``networkx.read_gexf`` (attribute types kept) and open in Gephi.

Attribute values must be str, int, float, bool or :class:`StringList`; anything
else is written as its JSON text by the caller. A ``StringList`` is a GEXF 1.3
``liststring`` (Gephi's list syntax, ``["a", "b"]``, also a JSON array) and in
GraphML, which has no list type, its items joined by ``|`` with ``\\`` and ``|``
escaped by a backslash (:func:`join_list`, :func:`split_list`).

>>> import networkx as nx
>>> G = nx.Graph(name='g'); G.add_node('a', n=1, label='A'); G.add_edge('a', 'b', role='lead')
>>> H = nx.parse_graphml(graphml(G)); H.nodes['a']['n'], H['a']['b']['role']
(1, 'lead')
"""
from __future__ import annotations

import io
import re

import networkx as nx

# Characters XML 1.0 does not allow, even escaped.
_INVALID_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;'}
_ESCAPE = re.compile('[&<>"\n\r\t]')


_NEEDS_WORK = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


_SHORT: dict[str, str] = {}     # escaped forms of short strings: roles, kinds, names recur


def esc(value) -> str:
    """A value as XML text, safe in an attribute as in an element (newlines kept)."""
    if value.__class__ is str:
        done = _SHORT.get(value)
        if done is None:
            done = _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], _INVALID_XML.sub('', value)) \
                if _NEEDS_WORK.search(value) else value
            if len(value) <= 40:
                _SHORT[value] = done
        return done
    if isinstance(value, bool):
        return 'true' if value else 'false'
    text = str(value)
    return esc(text) if _NEEDS_WORK.search(text) else text


def _keys(items) -> dict[str, str]:
    """Attribute name → type over all items (int and float together make double)."""
    seen = {(k, _KIND.get(type(v), 'string')) for d in items for k, v in d.items()}
    types: dict[str, str] = {}
    for k, t in sorted(seen):
        old = types.get(k)
        if old is None:
            types[k] = t
        elif old != t:
            types[k] = 'double' if {old, t} <= {'long', 'double'} else 'string'
    return dict(sorted(types.items()))


class StringList(tuple):
    """A list of strings (names, keywords): written as a list where the format has one."""
    __slots__ = ()


_KIND = {bool: 'boolean', int: 'long', float: 'double', str: 'string', StringList: 'liststring'}


def join_list(items) -> str:
    r"""GraphML's text of a list of strings: ``|`` between items, ``\`` and ``|``
    inside an item escaped by a backslash, so that no name can be cut in two.

    >>> join_list(['市教育局', 'A|B'])
    '市教育局|A\\|B'
    >>> split_list(join_list(['市教育局', 'A|B', 'C\\']))
    ['市教育局', 'A|B', 'C\\']
    """
    return '|'.join(s.replace('\\', '\\\\').replace('|', '\\|') for s in items)


def split_list(text: str) -> list[str]:
    """The items of a :func:`join_list` text (``''`` is the empty list)."""
    if not text:
        return []
    items, current, chars = [], [], iter(text)
    for ch in chars:
        if ch == '\\':
            current.append(next(chars, ''))
        elif ch == '|':
            items.append(''.join(current))
            current = []
        else:
            current.append(ch)
    items.append(''.join(current))
    return items


def gephi_list(items) -> str:
    """GEXF 1.3 text of a list of strings, as Gephi writes and reads it: every item
    quoted, ``\\`` and ``"`` escaped by a backslash (also a JSON array of strings)."""
    return '[' + ', '.join('"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"' for s in items) + ']'


def _items(G: nx.Graph):
    nodes = sorted(G.nodes(data=True), key=lambda nd: nd[0])
    edges = sorted(((min(a, b), max(a, b), d) for a, b, d in G.edges(data=True)), key=lambda e: e[:2])
    return dict(G.graph), nodes, edges


def graphml(G: nx.Graph) -> str:
    """GraphML text of an undirected graph."""
    out = io.StringIO()
    write_graphml(out, *_items(G))
    return out.getvalue()


def gexf(G: nx.Graph, creator: str = 'graphkit') -> str:
    """GEXF 1.3 text of an undirected graph; node attribute ``label`` is the node label."""
    out = io.StringIO()
    write_gexf(out, *_items(G), creator=creator)
    return out.getvalue()


def attribute_types(graph: dict, nodes: list, edges: list) -> dict[str, dict[str, str]]:
    """The typed attributes of graph, nodes and edges (what both writers declare)."""
    return {'graph': _keys([graph]), 'node': _keys(d for _, d in nodes), 'edge': _keys(d for _, _, d in edges)}


def write_graphml(f, graph: dict, nodes: list, edges: list, types: dict | None = None) -> None:
    """Write GraphML to a text file: ``nodes`` are ``(id, attrs)``, ``edges`` ``(a, b, attrs)``, in order;
    ``types``: :func:`attribute_types` of them, when already computed."""
    w = f.write
    keys = types or attribute_types(graph, nodes, edges)
    w("<?xml version='1.0' encoding='utf-8'?>\n"
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    ids: dict[str, dict[str, str]] = {}
    for scope, types in keys.items():
        ids[scope] = {}
        for i, (name, t) in enumerate(types.items()):
            kid = ids[scope][name] = f'{scope[0]}{i}'
            t = 'string' if t == 'liststring' else t
            w(f'  <key id="{kid}" for="{scope}" attr.name="{esc(name)}" attr.type="{t}" />\n')
    w('  <graph edgedefault="undirected">\n')
    lists = {k for scope in keys.values() for k, t in scope.items() if t == 'liststring'}

    def data(scope, d, indent):
        # keys in the order of their declaration (sorted), looked up rather than sorted per item
        return ''.join(f'{indent}<data key="{kid}">{esc(join_list(d[k]) if k in lists else d[k])}</data>\n'
                       for k, kid in ids[scope].items() if k in d)
    w(data('graph', graph, '    '))
    for n, d in nodes:
        w(f'    <node id="{esc(n)}">\n{data("node", d, "      ")}    </node>\n')
    for a, b, d in edges:
        w(f'    <edge source="{esc(a)}" target="{esc(b)}">\n{data("edge", d, "      ")}    </edge>\n')
    w('  </graph>\n</graphml>\n')


def write_gexf(f, graph: dict, nodes: list, edges: list, creator: str = 'graphkit',
               types: dict | None = None, viz: dict | None = None) -> None:
    """Write GEXF 1.3 to a text file (see :func:`write_graphml` for the arguments); an edge's
    numeric ``weight`` is its GEXF weight. ``viz``: node → ``(x, y, '#rrggbb', size)``, written
    as the node's ``viz:position``, ``viz:color`` and ``viz:size`` (Gephi opens the drawing)."""
    w = f.write
    types = types or attribute_types(graph, nodes, edges)
    nkeys = {k: t for k, t in types['node'].items() if k != 'label'}
    ekeys = {k: t for k, t in types['edge'].items() if k not in ('id', 'weight')}
    nid = {k: str(i) for i, k in enumerate(nkeys)}
    eid = {k: str(i) for i, k in enumerate(ekeys)}
    lists = {k for k, t in (*nkeys.items(), *ekeys.items()) if t == 'liststring'}
    viz = viz or {}
    w("<?xml version='1.0' encoding='utf-8'?>\n"
      '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
      f'  <meta>\n    <creator>{esc(creator)}</creator>\n  </meta>\n'
      '  <graph defaultedgetype="undirected" mode="static">\n')
    for cls, keys, ids in (('node', nkeys, nid), ('edge', ekeys, eid)):
        w(f'    <attributes mode="static" class="{cls}">\n')
        w(''.join(f'      <attribute id="{ids[k]}" title="{esc(k)}" type="{t}" />\n' for k, t in keys.items()))
        w('    </attributes>\n')

    def values(d, ids, indent):
        vals = ''.join(f'{indent}  <attvalue for="{i}" value="{esc(gephi_list(d[k]) if k in lists else d[k])}" />\n'
                       for k, i in ids.items() if k in d)
        return f'{indent}<attvalues>\n{vals}{indent}</attvalues>\n' if vals else ''
    w('    <nodes>\n')
    for n, d in nodes:
        w(f'      <node id="{esc(n)}" label="{esc(d.get("label", n))}">\n{values(d, nid, "        ")}'
          f'{_viz(viz.get(n))}      </node>\n')
    w('    </nodes>\n    <edges>\n')
    for i, (a, b, d) in enumerate(edges):
        weight = d.get('weight')
        wt = f' weight="{esc(weight)}"' if isinstance(weight, (int, float)) and not isinstance(weight, bool) else ''
        w(f'      <edge source="{esc(a)}" target="{esc(b)}" id="{i}"{wt}>\n{values(d, eid, "        ")}'
          '      </edge>\n')
    w('    </edges>\n  </graph>\n</gexf>\n')


def _viz(v) -> str:
    if v is None:
        return ''
    x, y, colour, size = v
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return (f'        <viz:color r="{r}" g="{g}" b="{b}" />\n'
            f'        <viz:position x="{x}" y="{y}" z="0.0" />\n'
            f'        <viz:size value="{size}" />\n')
