"""The outputs of a large build: what fits its size, from the store.

Above ``store.SMALL_BUILD`` measures the bipartite graph is the store's Parquet
tables; files that would hold it whole (graph.json, graph.graphml, graph.gexf,
measures.jsonl) are not written, and report.md says so. The units, their
centralities, the co-responsibility projection and a page of the units are
written from the store's aggregates, without the graph in memory.
"""
from __future__ import annotations

import os
import tempfile

import networkx as nx

from . import export, layout, store as _store
from .render import MEASURE_FILES

SKIPPED = ('graph.json', 'graph.graphml', 'graph.gexf', 'measures.jsonl', 'measures.csv', 'review.html')


def skipped_line(measures: int, out_dir: str) -> str:
    return (f'{measures:,} measures (more than {_store.SMALL_BUILD:,}): {", ".join(SKIPPED)} not written; '
            f'the graph is in {os.path.join(out_dir, "store")} (Parquet, see docs/store-schema.md); '
            f'review.html is written for the documents you choose: graphkit review {out_dir} --document NAME')


def unit_links(store) -> dict[tuple[str, str], float]:
    """Co-occurrence weights of units for the layout, as :func:`graphkit.layout.static_positions`
    computes them from measures (1/(k-1) per measure of k units, mentions half)."""
    rows = store.sql("""
        WITH e AS (SELECT measure, unit, CASE WHEN role = 'mention' THEN 0.5 ELSE 1.0 END AS w FROM edges),
             k AS (SELECT measure, count(*) AS k FROM e GROUP BY measure HAVING count(*) >= 2)
        SELECT a.unit AS a, b.unit AS b, sum(least(a.w, b.w) / (k.k - 1)) AS w
        FROM e a JOIN e b ON a.measure = b.measure AND a.unit < b.unit JOIN k ON k.measure = a.measure
        GROUP BY 1, 2 ORDER BY 1, 2""")
    return {(r['a'], r['b']): float(r['w']) for r in rows}


MEASURE_FILE_ROWS = 20_000     # rows (a unit's measure) per file the page loads; one unit is never split
TITLE_CHARS = 80


def _measure_files_key(units: list[str], docs: list[str]) -> str:
    """What the page's unit and document indices mean, in 16 hexadecimal digits."""
    import hashlib
    return hashlib.sha256(('\n'.join(units) + '\0' + '\n'.join(docs)).encode('utf-8')).hexdigest()[:16]


def write_measure_files(store, units: list[str], docs: list[str], folder: str) -> list[int]:
    """Each unit's measures, for the page of a large build: files of about
    :data:`MEASURE_FILE_ROWS` rows in ``folder`` (``00000.js`` …, see
    :func:`graphkit.render.measure_file_js`), units in the page's order (``units``, by
    node id) and documents by their index in ``docs``; return the first unit index of
    each file. Streamed from the store: memory is one file's rows."""
    from .render import ROLES, measure_file_js
    uindex = {u: i for i, u in enumerate(units)}
    dindex = {d: i for i, d in enumerate(docs)}
    rindex = {r: i for i, r in enumerate(ROLES)}
    key = _measure_files_key(units, docs)
    rows = store.stream(f"""
        SELECT e.unit, m.doc, m.outline, left(CASE WHEN m.title <> '' THEN m.title ELSE m.text END, {TITLE_CHARS}),
               e.role, m.deadline
        FROM edges e JOIN measures m ON m.id = e.measure ORDER BY e.unit, m.seq, m.row""")
    starts: list[int] = []
    chunk: dict[int, list] = {}
    held = 0

    def flush():
        nonlocal chunk, held
        if chunk:
            starts.append(min(chunk))
            export.write_file(os.path.join(folder, f'{len(starts) - 1:05d}.js'),
                              measure_file_js(len(starts) - 1, chunk, key))
        chunk, held = {}, 0

    last = -1
    for unit, doc, outline, title, role, deadline in rows:
        u = uindex[unit]
        if u != last:
            if u < last:
                raise ValueError(f'{store.folder}: edges not in unit order ({unit!r})')
            if held >= MEASURE_FILE_ROWS:
                flush()
            chunk[u], last = [], u
        chunk[u].append([dindex.get(doc, -1), outline or '', title or '', rindex[role], deadline or ''])
        held += 1
    flush()
    return starts


def stage_page(graph, page: str, staged: str, Gu: nx.Graph, P: nx.Graph, rows: list[dict], positions: dict,
               html_options: dict | None = None) -> tuple[str, str]:
    """Write the units page of a store-backed graph (to go to ``page``) into the staged
    file ``staged``, and its measure files into a staged folder beside ``page``; return
    (that folder, where it goes: :func:`graphkit.render.measure_files_dir`)."""
    from .render import measure_files_dir, page_documents, render_html
    folder = os.path.dirname(os.path.abspath(page))
    name = measure_files_dir(page)
    files = tempfile.mkdtemp(prefix=f'.{name}.{os.getpid()}.', suffix='.tmp', dir=folder)
    try:
        units, docs = layout.nodes_of_kind(Gu, 'unit'), [d['name'] for d in page_documents(Gu)]
        starts = write_measure_files(graph.store, units, docs, files)
        # a graph of units only: the page opens on them, whatever view was asked for
        render_html(Gu, staged, projection=P, centrality=rows, positions=positions,
                    measure_files={'dir': name, 'starts': starts, 'key': _measure_files_key(units, docs)},
                    **dict(html_options or {}, view='units'))
    except BaseException:
        export.remove_folder(files)
        raise
    return files, os.path.join(folder, name)


def write_page(graph, page, **html_options) -> None:
    """The page of a store-backed graph (``graph.to_html`` of a large build): its units,
    each unit's measures in the folder beside it."""
    page = os.fspath(page)
    os.makedirs(os.path.dirname(os.path.abspath(page)), exist_ok=True)
    Gu = units_graph(graph)
    positions = layout.static_positions(Gu, unit_links=unit_links(graph.store))
    staged = export.stage_file(os.path.dirname(os.path.abspath(page)), os.path.basename(page), b'')
    try:
        files, target = stage_page(graph, page, staged, Gu, graph.projection(), graph.centrality(as_frame=False),
                                   positions, html_options)
    except BaseException:
        export.remove_file(staged)
        raise
    export.replace_folder(files, target)
    os.replace(staged, page)


def units_graph(graph) -> nx.Graph:
    """The units of a store-backed graph as a graph of unit nodes only (no measures)."""
    G = nx.Graph()
    G.graph.update(generator=graph.store.sql('SELECT any_value(generator) AS g FROM documents')[0]['g'],
                   documents=graph.documents)
    G.add_nodes_from(graph._unit_attrs().items())
    return G


def write_large(graph, out_dir, html: bool = True, diagnostics: dict | None = None,
                html_options: dict | None = None, errors: list[str] | None = None,
                jobs: int | None = None, progress=None, lang: str = 'zh', review: dict | None = None,
                texts: dict | None = None) -> list[str]:
    """Write the outputs of a store-backed graph into ``out_dir`` (staged, then moved
    into place together, as :func:`graphkit.export.write_all` does)."""
    note = progress or (lambda stage, done, total: None)
    os.makedirs(out_dir, exist_ok=True)
    export.sweep_stale(out_dir)
    store = graph.store
    staged: list[tuple[str, str]] = []
    folders: list[tuple[str, str]] = []

    def stage(name: str) -> str:
        tmp = export.stage_file(out_dir, name, b'')
        staged.append((tmp, os.path.join(out_dir, name)))
        return tmp

    try:
        Gu = units_graph(graph)
        note('analyse', 0, Gu.number_of_nodes())
        P = graph.projection()
        rows = graph.centrality(as_frame=False)
        summary = graph.summary()
        positions = layout.static_positions(Gu, unit_links=unit_links(store))
        viz = export.node_viz(Gu, positions)
        note('analyse', Gu.number_of_nodes(), Gu.number_of_nodes())
        if html:
            note('page', 0, Gu.number_of_nodes())
            folders.append(stage_page(graph, os.path.join(out_dir, 'graph.html'), stage('graph.html'),
                                      Gu, P, rows, positions, html_options))
            note('page', Gu.number_of_nodes(), Gu.number_of_nodes())
        export.write_units_csv(Gu, stage('units.csv'), lang)
        export.write_centrality_csv(rows, stage('centrality.csv'), lang)
        export.write_projection_csv(Gu, P, stage('projection.csv'), lang)
        export.write_projection_gexf(Gu, P, stage('projection.gexf'), rows, viz)
        with_matrix = P.number_of_nodes() <= export.MATRIX_MAX_UNITS
        if with_matrix:
            export.write_matrix_csv(P, stage('matrix.csv'), lang)
        export.write_diagnostics_csv(diagnostics, stage('diagnostics.csv'), lang)
        export.write_file(stage('report.md'), report_md(graph, rows, summary, P, out_dir, diagnostics, errors, review))
        for tmp, target in folders:
            export.replace_folder(tmp, target)
        for tmp, target in sorted(staged, key=lambda st: st[1].endswith('report.md')):
            os.replace(tmp, target)
        for name in SKIPPED + (() if html else ('graph.html',)) + (() if with_matrix else ('matrix.csv',)):
            export.remove_file(os.path.join(out_dir, name))     # an earlier build's would lie
        if not html:
            export.remove_folder(os.path.join(out_dir, MEASURE_FILES))
        export.mark_output(out_dir)
        note('write', len(staged), len(staged))
    except BaseException:
        for tmp, _ in staged:
            export.remove_file(tmp)
        for tmp, _ in folders:
            export.remove_folder(tmp)
        raise
    return [target for _, target in staged]


def report_md(graph, rows: list[dict], s: dict, P: nx.Graph, out_dir: str, diagnostics=None, errors=None,
              review=None) -> bytes:
    """report.md of a large build: sizes, the files not written, top units, partners."""
    out = export.md_head(len(graph.documents), s) + [skipped_line(s['measures'], out_dir), '']
    out += export.md_top_units(rows)
    pairs = sorted(((P.nodes[a]['name'], P.nodes[b]['name'], d['weight']) for a, b, d in P.edges(data=True)),
                   key=lambda p: (-p[2], p[0], p[1]))[:10]
    out += export.md_partners(pairs)
    out += export.md_structure(s, orphans=True)
    return export.md_end(out, review, errors, diagnostics)
