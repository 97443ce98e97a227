"""review.html: a build's documents as a reviewer reads them, and their corrections.

One self-contained offline page (inline script allowed by its hash only, like
graph.html). Each document shows its text with every measure marked, the
attribution clauses highlighted and each unit's name underlined where it is
written; beside each measure, its units as chips coloured by role. A reviewer
changes a role, removes a unit, adds one by selecting its name in the text,
marks a measure "not a measure" or "checked"; the page keeps the changes (in the
browser's localStorage) and exports them as corrections.tsv, which
``graphkit build --corrections`` applies (:mod:`graphkit.corrections`).

Text from documents is data: the page builds every node with textContent.
"""
from __future__ import annotations

import hashlib
import os

import networkx as nx

from . import analysis
from .render import csp_hash, encode_data, inline_script, package_text

REVIEW = 'review.html'


def review_data(G: nx.Graph, texts: dict[str, tuple[str, str]]) -> dict:
    """The JSON the review page reads. ``texts``: document name → (its text, its hash).

    Offsets are the document text's: a measure's ``span``, its ``clauses`` and each
    duty's ``name_span``."""
    docs = [d for d in G.graph.get('documents', []) if d['name'] in texts]
    doc_index = {d['name']: i for i, d in enumerate(docs)}
    units = analysis.units(G)
    unit_index = {u: i for i, u in enumerate(units)}
    measures = []
    for m in analysis.measures(G):
        a = G.nodes[m]
        if a['doc'] not in doc_index or not a.get('span'):
            continue
        start = int(_pair(a['span'])[0])
        duties = []
        for u, e in sorted(G[m].items(), key=lambda ue: (_RANK.get(ue[1]['role'], 3), ue[0])):
            span = _pair(e.get('name_span'))
            duties.append([unit_index[u], e.get('name') or G.nodes[u]['name'], e['role'],
                           e.get('role_source') or '', list(span) if span else 0,
                           0 if e.get('name_whole') is False else 1])
        measures.append({
            'doc': doc_index[a['doc']], 'id': a['outline'], 'title': a.get('title') or '',
            'span': list(_pair(a['span'])),
            'clauses': [[start + x, start + y] for x, y in (_pair(c) for c in _list(a.get('clauses')))],
            'checked': bool(a.get('checked')), 'duties': duties})
    out_docs = [{'name': d['name'], 'title': d.get('title') or '', 'number': d.get('number') or '',
                 'jurisdiction': d.get('jurisdiction') or '', 'sha': texts[d['name']][1],
                 'text': texts[d['name']][0]} for d in docs]
    for doc in out_docs:        # the page counts in UTF-16 code units, Python in characters
        shift = _utf16_shift(doc['text'])
        if shift is None:
            continue
        for m in measures:
            if out_docs[m['doc']] is doc:
                m['span'] = [shift(x) for x in m['span']]
                m['clauses'] = [[shift(x), shift(y)] for x, y in m['clauses']]
                for d in m['duties']:
                    if d[4]:
                        d[4] = [shift(d[4][0]), shift(d[4][1])]
    key = hashlib.sha256('\n'.join(d['sha'] for d in out_docs).encode('utf-8')).hexdigest()[:16]
    return {
        'title': f'审阅 · {len(out_docs)} 份文件', 'generator': str(G.graph.get('generator') or 'graphkit'),
        'key': key, 'docs': out_docs, 'measures': measures,
        'units': [{'name': G.nodes[u]['name'], 'type': G.nodes[u].get('type') or 'other'} for u in units],
    }


_RANK = {'lead': 0, 'support': 1, 'mention': 2}


def _utf16_shift(text: str):
    """Character offset → UTF-16 offset for a text with characters beyond the BMP (rare
    CJK characters of names, 𠮷), which JavaScript counts twice; None when there are none.

    >>> _utf16_shift('甲乙') is None, _utf16_shift('𠮷甲')(1), _utf16_shift('𠮷甲')(2)
    (True, 2, 3)
    """
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return None
    import bisect
    return lambda i: i + bisect.bisect_left(astral, i)


def _list(value) -> list:
    if isinstance(value, str):
        import json
        return json.loads(value) if value else []
    return list(value or [])


def _pair(value):
    value = _list(value) if isinstance(value, str) else value
    return (int(value[0]), int(value[1])) if value else None


def build_review_html(G: nx.Graph, texts: dict[str, tuple[str, str]]) -> str:
    """The review page as a string."""
    import jinja2
    data = review_data(G, texts)
    encoding, block = encode_data(data)
    page_js = inline_script(package_text('templates', 'data.js') + package_text('templates', 'review.js'))
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(package_text('templates', 'review.html.j2'))
    return template.render(title=data['title'], generator=data['generator'], lang='zh-CN',
                           css=package_text('templates', 'review.css'), data=block, encoding=encoding,
                           page_js=page_js, script_hashes=csp_hash(page_js))


def texts_of(store, names=None) -> dict[str, tuple[str, str]]:
    """Document name → (text, hash), from a build's store (optionally some documents only)."""
    where, params = ('WHERE name IN (SELECT unnest(?))', [sorted(names)]) if names is not None else ('', None)
    return {r['name']: (r['text'] or '', r['sha256'] or '')
            for r in store.sql(f'SELECT name, text, sha256 FROM documents {where}', params)}


def write_review(out_dir, path=None, documents=None) -> str:
    """Write the review page of the build in ``out_dir`` (from its store): every document,
    or ``documents`` (names) only. Returns the path written."""
    from .export import stage_file
    from .graph import load
    graph = load(out_dir)
    if graph.store is None:
        raise ValueError(f'{out_dir}: no store here (review needs the output folder of graphkit build)')
    names = set(documents) if documents is not None else None
    if names is None and graph.in_store:
        raise ValueError('a large build: choose the documents to review (--document NAME, several allowed)')
    texts = texts_of(graph.store, names)
    missing = sorted((names or set()) - set(texts))
    if missing:
        raise ValueError(f'no document named {", ".join(missing)} in {out_dir} (the names are those of report.md)')
    G = graph.G if names is None else graph.subgraph(documents=sorted(names)).G
    target = os.fspath(path) if path else os.path.join(os.fspath(out_dir), REVIEW)
    html = build_review_html(G, texts).encode('utf-8')
    tmp = stage_file(os.path.dirname(target) or '.', os.path.basename(target), html)
    os.replace(tmp, target)
    graph.store.close()
    return target
