"""The store: the record of a build as Parquet tables, queried through DuckDB.

A build writes its rows as extraction delivers them, a part file per batch of
documents (``BATCH`` files of the input list, so that any engine cuts the same
batches and writes the same bytes):

- ``documents``: one row per document read (name, path, content hash, metadata,
  diagnostics);
- ``measures``: one row per measure (the measure node of the graph: outline id,
  title, text, deadline, clauses, keywords …);
- ``named``: one row per unit a measure names (as written), in the document's
  order, with role, source and clause span.

Once every document is in, the names are resolved (they are few) and written
as ``names``; DuckDB then derives ``edges`` (one per measure and unit, the
stronger role kept), ``units`` (with variants and counts) and ``projection``
(units responsible together) without holding the corpus in Python. Columns:
docs/store-schema.md.

>>> import tempfile, graphkit
>>> out = tempfile.mkdtemp()
>>> g = graphkit.build(['data'], out=out, jobs=1, html=False)
>>> s = Store(out + '/store')
>>> s.sql("SELECT count(*) AS n FROM measures")[0]['n'] == g.summary()['measures']
True
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

BATCH = 256                 # input files a part file holds
SMALL_BUILD = 20_000        # measures: up to here a build writes every output as well
STORE = 'store'             # the store's folder inside a build's output folder
FORMAT = 4                  # the layout of the tables; rows of another format are not reused

_LIST = pa.list_(pa.string())
SCHEMAS = {
    'documents': pa.schema([
        ('seq', pa.int32()), ('name', pa.string()), ('path', pa.string()), ('sha256', pa.string()),
        ('title', pa.string()), ('number', pa.string()), ('issuer', pa.string()), ('date', pa.string()),
        ('jurisdiction', pa.string()), ('encoding', pa.string()), ('measures', pa.int32()),
        ('diagnostics', _LIST), ('generator', pa.string()), ('format', pa.int32()), ('text', pa.string()),
        ('corrections', pa.string()), ('corrected', pa.int32()), ('checked', pa.int32()), ('problems', _LIST),
        ('code', pa.string())]),
    'measures': pa.schema([
        ('seq', pa.int32()), ('row', pa.int32()), ('id', pa.string()), ('doc', pa.string()),
        ('outline', pa.string()), ('title', pa.string()), ('text', pa.string()), ('deadline', pa.string()),
        ('role_source', pa.string()), ('persons', _LIST), ('clauses', pa.list_(pa.list_(pa.int32()))),
        ('keywords', _LIST), ('span_start', pa.int32()), ('span_end', pa.int32()), ('checked', pa.bool_())]),
    'named': pa.schema([
        ('seq', pa.int32()), ('row', pa.int32()), ('measure', pa.string()), ('name', pa.string()),
        ('jurisdiction', pa.string()), ('role', pa.string()), ('source', pa.string()),
        ('span_start', pa.int32()), ('span_end', pa.int32()), ('name_start', pa.int32()),
        ('name_end', pa.int32()), ('name_whole', pa.bool_())]),
    'names': pa.schema([
        ('name', pa.string()), ('jurisdiction', pa.string()), ('unit', pa.string()), ('type', pa.string()),
        ('place', pa.string()), ('how', pa.string())]),
}
ROW_TABLES = ('documents', 'measures', 'named')


@functools.lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """A hash of what extraction depends on: graphkit's code and data files and the
    versions of its text libraries. Rows extracted by other code are extracted again
    (the version number alone does not change with every edit)."""
    from importlib import metadata
    root = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__')
        for f in sorted(files):
            if f.endswith(('.py', '.tsv', '.txt')):
                path = os.path.join(folder, f)
                h.update(os.path.relpath(path, root).encode('utf-8'))
                with open(path, 'rb') as fh:
                    h.update(fh.read())
    for lib in ('jieba', 'opencc', 'pdfplumber', 'lxml', 'python-calamine'):
        try:
            h.update(f'{lib} {metadata.version(lib)}'.encode('utf-8'))
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()[:16]


def file_hash(path) -> str:
    """sha256 of a file's bytes, read in blocks."""
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


# --- writing -------------------------------------------------------------------

class BatchRows:
    """The rows of one batch of documents, in input order."""

    def __init__(self, batch: int):
        self.batch = batch
        self.rows: dict[str, list[dict]] = {t: [] for t in ROW_TABLES}

    def add_document(self, seq: int, path: str, sha: str, meta: dict, diagnostics: list[str],
                     measure_rows: list[dict], named: list, generator: str, text: str = '',
                     review: dict | None = None) -> None:
        """Add a document as :func:`graphkit.graph.document_rows` gives it (``text``: its
        full text, which the review page shows; ``review``: what its corrections did,
        ``corrections`` (their digest), ``corrected``, ``checked`` and ``problems``)."""
        self.rows['documents'].append(dict(meta, seq=seq, path=path, sha256=sha, diagnostics=list(diagnostics),
                                           generator=generator, format=FORMAT, code=code_fingerprint(), text=text,
                                           **(review or {'corrections': '', 'corrected': 0, 'checked': 0,
                                                         'problems': []})))
        for i, m in enumerate(measure_rows):
            self.rows['measures'].append(dict(m, seq=seq, row=i, span_start=m['span'][0], span_end=m['span'][1],
                                              checked=bool(m.get('checked'))))
        for i, n in enumerate(named):
            self.rows['named'].append({'seq': seq, 'row': i, 'measure': n.measure, 'name': n.name,
                                       'jurisdiction': n.jurisdiction, 'role': n.role, 'source': n.source,
                                       'span_start': n.span[0] if n.span else None,
                                       'span_end': n.span[1] if n.span else None,
                                       'name_start': n.name_span[0] if n.name_span else None,
                                       'name_end': n.name_span[1] if n.name_span else None,
                                       'name_whole': n.name_whole})

    def add_reused(self, rows: dict[str, list[dict]], seq: int, path: str) -> None:
        """Add a document's rows taken from an earlier store (its position and path renewed)."""
        for table in ROW_TABLES:
            self.rows[table] += [dict(r, seq=seq, **({'path': path} if table == 'documents' else {}))
                                 for r in rows.get(table, [])]

    def write(self, folder: str) -> None:
        """Write the batch's part files (none for a batch without documents)."""
        if not self.rows['documents']:
            return
        for table in ROW_TABLES:
            write_table(folder, table, self.rows[table], f'part-{self.batch:05d}.parquet')


def write_table(folder: str, table: str, rows: list[dict], file: str = 'part-00000.parquet') -> str:
    schema = SCHEMAS[table]
    data = pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)
    os.makedirs(os.path.join(folder, table), exist_ok=True)
    path = os.path.join(folder, table, file)
    pq.write_table(data, path, compression='zstd')
    return path


def write_names(folder: str, resolved: dict) -> None:
    """The resolution of every (name, jurisdiction): its unit, type and place."""
    rows = [{'name': name, 'jurisdiction': jur, 'unit': r.canonical, 'type': r.type, 'place': r.place,
             'how': r.how} for (name, jur), r in sorted(resolved.items())]
    write_table(folder, 'names', rows)


def derive(folder: str, memory_limit: str = '1GB') -> None:
    """``edges``, ``units`` and ``projection`` from the rows and the names, in DuckDB."""
    from .resolution import full_place, successor
    con = _connect(folder, memory_limit)
    con.execute(_EDGES_SQL)
    con.execute(f"COPY edges TO '{_sql_path(folder, 'edges')}' (FORMAT parquet, COMPRESSION zstd)")
    units = con.execute(_UNITS_SQL).fetchall()
    rows = []
    for uid, name, type_, place, jur, variants, lead, support, mentions, first in units:
        rows.append({'id': uid, 'name': name, 'type': type_, 'jurisdiction': full_place(place or ''),
                     'successor': successor(name) or None, 'variants': sorted(v for v in variants if v != name),
                     'lead': lead, 'support': support, 'mentions': mentions, 'first': first})
    units_table = pa.Table.from_pylist(rows, schema=_UNITS_SCHEMA)
    os.makedirs(os.path.join(folder, 'units'), exist_ok=True)
    pq.write_table(units_table, os.path.join(folder, 'units', 'part-00000.parquet'), compression='zstd')
    con.execute(f"COPY ({_PROJECTION_SQL}) TO '{_sql_path(folder, 'projection')}' "
                "(FORMAT parquet, COMPRESSION zstd)")
    con.close()


_UNITS_SCHEMA = pa.schema([
    ('id', pa.string()), ('name', pa.string()), ('type', pa.string()), ('jurisdiction', pa.string()),
    ('successor', pa.string()), ('variants', _LIST), ('lead', pa.int64()), ('support', pa.int64()),
    ('mentions', pa.int64()), ('first', pa.int64())])

# one edge per measure and unit: the stronger role, the first such name as written
_EDGES_SQL = """
CREATE TEMP TABLE edges AS
WITH resolved AS (
    SELECT n.seq, n.row, n.measure, 'u:' || r.unit AS unit, n.role, n.source, n.name,
           n.span_start, n.span_end, n.name_start, n.name_end, n.name_whole,
           CASE n.role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 WHEN 'mention' THEN 2 ELSE 3 END AS rank
    FROM named n JOIN names r ON r.name = n.name AND r.jurisdiction = n.jurisdiction),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY measure, unit ORDER BY rank, seq, row) AS pick,
              min(seq::BIGINT * 1000000 + row) OVER (PARTITION BY measure, unit) AS first
    FROM resolved)
SELECT measure, unit, role, source AS role_source, name, span_start, span_end, name_start, name_end, name_whole,
       first
FROM ranked WHERE pick = 1 ORDER BY first
"""

_UNITS_SQL = """
WITH counts AS (
    SELECT unit, count(*) FILTER (WHERE role = 'lead') AS lead, count(*) FILTER (WHERE role = 'support') AS support,
           count(*) FILTER (WHERE role = 'mention') AS mentions
    FROM edges GROUP BY unit),
written AS (
    SELECT 'u:' || r.unit AS unit, any_value(r.unit) AS name,
           arg_min(r.type, n.seq::BIGINT * 1000000 + n.row) AS type,
           arg_min(r.place, n.seq::BIGINT * 1000000 + n.row) AS place,
           arg_min(n.jurisdiction, n.seq::BIGINT * 1000000 + n.row) AS jurisdiction,
           list_sort(list_distinct(list(n.name))) AS variants, min(n.seq::BIGINT * 1000000 + n.row) AS first
    FROM named n JOIN names r ON r.name = n.name AND r.jurisdiction = n.jurisdiction
    GROUP BY 1)
SELECT w.unit, w.name, w.type, w.place, w.jurisdiction, w.variants, c.lead, c.support, c.mentions, w.first
FROM written w JOIN counts c ON c.unit = w.unit ORDER BY w.first
"""

_PROJECTION_SQL = """
WITH r AS (SELECT e.measure, e.unit, e.role, m.doc FROM edges e JOIN measures m ON m.id = e.measure
           WHERE e.role IN ('lead', 'support'))
SELECT a.unit AS a, b.unit AS b, count(*) AS weight,
       count(*) FILTER (WHERE (a.role = 'lead') <> (b.role = 'lead')) AS lead_support,
       count(*) FILTER (WHERE a.role = 'support' AND b.role = 'support') AS support_support,
       count(*) FILTER (WHERE a.role = 'lead' AND b.role = 'lead') AS lead_lead,
       count(DISTINCT a.doc) AS documents
FROM r a JOIN r b ON a.measure = b.measure AND a.unit < b.unit
GROUP BY a.unit, b.unit ORDER BY a.unit, b.unit
"""


def _sql_path(folder: str, table: str) -> str:
    path = os.path.join(folder, table)
    os.makedirs(path, exist_ok=True)
    return os.path.join(path, 'part-00000.parquet').replace("'", "''")


def _connect(folder: str, memory_limit: str = '1GB', read_only: bool = False):
    """An in-memory DuckDB with a view per table of the store. ``read_only``: the
    connection can read the store's files and nothing else, and cannot be reconfigured
    (a user's query must not read or write other files, nor load extensions)."""
    import duckdb
    con = duckdb.connect(config={'memory_limit': memory_limit, 'threads': max(1, (os.cpu_count() or 1))})
    for table in sorted(os.listdir(folder)):
        parts = os.path.join(folder, table)
        files = sorted(f for f in os.listdir(parts) if f.endswith('.parquet')) if os.path.isdir(parts) else []
        if files:
            # the files by name (a folder may hold [ or * that a glob would read)
            listed = ', '.join("'" + os.path.join(parts, f).replace("'", "''") + "'" for f in files)
            con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet([{listed}])')
    if read_only:
        root = os.path.abspath(folder).replace("'", "''")
        con.execute(f"SET allowed_directories = ['{root}']")
        con.execute('SET enable_external_access = false')
        con.execute('SET lock_configuration = true')
    return con


# --- reading -------------------------------------------------------------------

class Store:
    """A store folder opened for reading: SQL over its tables, rows, the graph."""

    def __init__(self, folder):
        self.folder = os.fspath(folder)
        if not os.path.isdir(os.path.join(self.folder, 'documents')):
            raise FileNotFoundError(f'{self.folder}: not a graphkit store (no documents table)')
        self.con = _connect(self.folder, read_only=True)
        self._documents: list[dict] | None = None

    def sql(self, query: str, params=None) -> list[dict]:
        """Rows of one reading query (SELECT or WITH … SELECT) as dicts; the connection
        reads the store's files only."""
        cur = self._execute(query, params)
        names, seen = [], {}
        for d in cur.description:        # two columns of one name both stay (name, name_2)
            seen[d[0]] = seen.get(d[0], 0) + 1
            names.append(d[0] if seen[d[0]] == 1 else f'{d[0]}_{seen[d[0]]}')
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def stream(self, query: str, params=None, size: int = 10_000):
        """The rows of one reading query as tuples, fetched ``size`` at a time (memory: one
        chunk, however many rows the query gives). The query is checked and run now, on a
        cursor of its own: other queries meanwhile do not cut it short."""
        cur = self._execute(query, params, self.con.cursor())

        def rows():
            try:
                while True:
                    chunk = cur.fetchmany(size)
                    if not chunk:
                        return
                    yield from chunk
            finally:
                cur.close()
        return rows()

    def _execute(self, query: str, params=None, con=None):
        import duckdb
        statements = duckdb.extract_statements(query)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise ValueError('only reading queries (SELECT …) are allowed on a store')
        return (con or self.con).execute(query, params or [])

    def tables(self) -> list[str]:
        return [r['name'] for r in self.sql("SELECT table_name AS name FROM information_schema.tables "
                                            "ORDER BY table_name")]

    def count(self, table: str) -> int:
        return self.sql(f'SELECT count(*) AS n FROM {table}')[0]['n']

    def documents(self) -> list[dict]:
        """Document metadata as the graph's ``documents`` attribute has it, in input order
        (read once; their texts are not read)."""
        if self._documents is None:
            keys = ('name', 'title', 'number', 'issuer', 'date', 'jurisdiction', 'encoding', 'measures')
            self._documents = self.sql(f'SELECT {", ".join(keys)} FROM documents ORDER BY seq')
        return [dict(d) for d in self._documents]

    def rows(self, table: str, where: str = '', params=None) -> list[dict]:
        """A row table in input order (documents, measures or named), optionally filtered."""
        order = 'seq' if table == 'documents' else 'seq, row'
        return self.sql(f'SELECT * FROM {table} {where} ORDER BY {order}', params)

    def graph(self):
        """The networkx graph of the build, as :class:`graphkit.graph.GraphBuilder` makes it."""
        from .graph import assemble
        measures = [(r['id'], _measure_node(r)) for r in self.rows('measures')]
        named = [named_of(r) for r in self.rows('named')]
        resolved = {(r['name'], r['jurisdiction']): _Resolved(r['unit'], r['type'], r['place'])
                    for r in self.sql('SELECT * FROM names')}
        return assemble(self.documents(), measures, named, resolved)

    def close(self) -> None:
        self.con.close()


def named_of(row: dict):
    """A row of ``named`` as :class:`graphkit.graph.Named`."""
    from .graph import Named
    return Named(row['measure'], row['name'], row['jurisdiction'], row['role'], row['source'],
                 (row['span_start'], row['span_end']) if row['span_start'] is not None else None,
                 (row['name_start'], row['name_end']) if row['name_start'] is not None else None,
                 row['name_whole'] if row['name_whole'] is not None else True)


class _Resolved:
    """What :func:`graphkit.graph.assemble` reads of a resolution."""
    __slots__ = ('canonical', 'type', 'place')

    def __init__(self, canonical, type_, place):
        self.canonical, self.type, self.place = canonical, type_, place


_MEASURE_KEYS = ('kind', 'bipartite', 'doc', 'outline', 'title', 'text', 'deadline', 'role_source', 'persons',
                 'clauses', 'keywords', 'span')


def _measure_node(row: dict) -> dict:
    node = dict(row, kind='measure', bipartite=0)
    node['clauses'] = [list(c) for c in row['clauses'] or []]
    node['persons'] = list(row['persons'] or [])
    node['keywords'] = list(row['keywords'] or [])
    node['span'] = [row['span_start'], row['span_end']]
    out = {k: node[k] for k in _MEASURE_KEYS}
    if row.get('checked'):
        out['checked'] = True
    return out


# --- the folder ----------------------------------------------------------------

def swap_in(new: str, target: str) -> None:
    """Replace the store ``target`` by the finished store ``new`` (both in one folder):
    a reader sees the old store or the new one, and an interruption keeps the old."""
    old = target + f'.old-{os.getpid()}'
    if os.path.exists(target):
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def sweep_stale(out: str) -> None:
    """Remove the store folders of builds that were killed (``.store-tmp-PID`` of a dead PID)."""
    from .export import process_alive
    if not os.path.isdir(out):
        return
    for name in os.listdir(out):
        m = re.fullmatch(r'\.' + STORE + r'-tmp-(\d+)', name)
        if m and not process_alive(int(m.group(1))):
            shutil.rmtree(os.path.join(out, name), ignore_errors=True)


def recover(target: str) -> None:
    """After a build killed between the two renames of :func:`swap_in`: put the old store back."""
    parent, base = os.path.split(target)
    if os.path.exists(target) or not os.path.isdir(parent or '.'):
        return
    olds = sorted(f for f in os.listdir(parent or '.') if f.startswith(base + '.old-'))
    if olds:
        os.replace(os.path.join(parent, olds[-1]), target)


# --- the graph's questions, answered by SQL ---------------------------------------

def units_of(store: Store) -> dict[str, dict]:
    """``{unit id: attributes}`` as the graph's unit nodes carry them, in graph order."""
    out = {}
    for r in store.sql('SELECT * FROM units ORDER BY first'):
        d = {'kind': 'unit', 'bipartite': 1, 'name': r['name'], 'type': r['type'], 'jurisdiction': r['jurisdiction']}
        if r['successor']:
            d['successor'] = r['successor']
        d.update(variants=list(r['variants']), lead=r['lead'], support=r['support'], mentions=r['mentions'])
        out[r['id']] = d
    return out


def projection_of(store: Store, units: dict[str, dict] | None = None):
    """The co-responsibility projection (see :func:`graphkit.analysis.co_responsibility`)."""
    import networkx as nx
    units = units_of(store) if units is None else units
    P = nx.Graph()
    P.graph.update(generator=store.sql('SELECT any_value(generator) AS g FROM documents')[0]['g'],
                   documents=store.documents())
    P.add_nodes_from(sorted(units.items()))
    for r in store.sql('SELECT * FROM projection ORDER BY a, b'):
        P.add_edge(r['a'], r['b'], weight=r['weight'], lead_support=r['lead_support'],
                   support_support=r['support_support'], lead_lead=r['lead_lead'], documents=r['documents'])
    return P


def lead_support_of(store: Store):
    """``(lead, support) → measures`` where the first leads and the second supports."""
    from collections import Counter
    rows = store.sql("""SELECT a.unit AS lead, b.unit AS support, count(*) AS n
                        FROM edges a JOIN edges b ON a.measure = b.measure
                        WHERE a.role = 'lead' AND b.role = 'support' GROUP BY 1, 2""")
    return Counter({(r['lead'], r['support']): r['n'] for r in rows})


def centrality_of(store: Store, weights=None, units=None, P=None) -> list[dict]:
    """:func:`graphkit.analysis.centrality_table` over the store's aggregates."""
    from collections import Counter

    from . import analysis
    units = units_of(store) if units is None else units
    P = projection_of(store, units) if P is None else P
    counts = {u: Counter({'lead': d['lead'], 'support': d['support'], 'mention': d['mentions']})
              for u, d in units.items()}
    for c in counts.values():
        for k in [k for k, v in c.items() if not v]:
            del c[k]
    return analysis.centrality_rows(units, counts, P, lead_support_of(store), store.count('measures'), weights)


def summary_of(store: Store, units=None, P=None) -> dict:
    """:func:`graphkit.analysis.summary` over the store."""
    import networkx as nx

    from . import analysis
    units = units_of(store) if units is None else units
    P = projection_of(store, units) if P is None else P
    roles = {r['role']: r['n'] for r in store.sql('SELECT role, count(*) AS n FROM edges GROUP BY role')}
    n_m, n_u = store.count('measures'), len(units)
    comps = sorted((sorted(c) for c in nx.connected_components(P)), key=lambda c: (-len(c), c))
    resp = roles.get('lead', 0) + roles.get('support', 0)
    orphans = [r['id'] for r in store.sql(
        """SELECT id FROM measures WHERE id NOT IN (SELECT measure FROM edges WHERE role IN ('lead', 'support'))
           ORDER BY seq, row""")]
    return {
        'measures': n_m, 'units': n_u,
        'lead_edges': roles.get('lead', 0), 'support_edges': roles.get('support', 0),
        'mention_edges': roles.get('mention', 0),
        'bipartite_density': round(resp / (n_m * n_u), 6) if n_m and n_u else 0.0,
        'projection_density': round(nx.density(P), 6) if n_u > 1 else 0.0,
        'components': len(comps), 'largest_component': len(comps[0]) if comps else 0,
        'communities': analysis.communities(P), 'orphan_measures': orphans,
    }


def measures_of(store: Store, unit: str | None = None, role: str | None = None,
                document: str | None = None) -> list[dict]:
    """Measures as :meth:`graphkit.graph.ResponsibilityGraph.measures` gives them."""
    where, params = [], []
    if unit is not None:
        where.append('m.id IN (SELECT measure FROM edges WHERE unit = ?' + (' AND role = ?' if role else '') + ')')
        params += [unit] + ([role] if role else [])
    elif role is not None:
        where.append('m.id IN (SELECT measure FROM edges WHERE role = ?)')
        params.append(role)
    if document is not None:
        where.append('m.doc = ?')
        params.append(document)
    rows = store.sql('SELECT m.* FROM measures m' + (' WHERE ' + ' AND '.join(where) if where else '')
                     + ' ORDER BY m.seq, m.row', params)
    ids = [r['id'] for r in rows]
    by_measure: dict[str, dict[str, list[str]]] = {i: {'lead': [], 'support': [], 'mention': []} for i in ids}
    own: dict[str, str] = {}
    for e in store.sql("""SELECT e.measure, e.role, e.unit, u.name FROM edges e JOIN units u ON u.id = e.unit
                          WHERE e.measure IN (SELECT unnest(?))""", [ids]):
        by_measure[e['measure']][e['role']].append(e['name'])
        if e['unit'] == unit:
            own[e['measure']] = e['role']
    out = []
    for r in rows:
        d = dict(_measure_node(r), id=r['id'])
        if unit is not None:
            d['role'] = own[r['id']]
        d['lead'] = sorted(by_measure[r['id']]['lead'])
        d['support'] = sorted(by_measure[r['id']]['support'])
        out.append(d)
    return out


def subgraph_of(store: Store, documents=None, unit_ids=None):
    """The networkx graph of some documents and/or of the measures of some units: only
    those rows are read from the store."""
    from .graph import assemble
    where, params = [], []
    if documents is not None:
        where.append('doc IN (SELECT unnest(?))')
        params.append(sorted(documents))
    if unit_ids is not None:
        where.append('id IN (SELECT measure FROM edges WHERE unit IN (SELECT unnest(?)))')
        params.append(sorted(unit_ids))
    clause = ('WHERE ' + ' AND '.join(where)) if where else ''
    measures = store.rows('measures', clause, params)
    ids = [r['id'] for r in measures]
    named = store.rows('named', 'WHERE measure IN (SELECT unnest(?))', [ids])
    names = {(r['name'], r['jurisdiction']) for r in named}
    resolved = {(r['name'], r['jurisdiction']): _Resolved(r['unit'], r['type'], r['place'])
                for r in store.sql('SELECT * FROM names') if (r['name'], r['jurisdiction']) in names}
    docs = {r['doc'] for r in measures}
    G = assemble([d for d in store.documents() if d['name'] in docs],
                 [(r['id'], _measure_node(r)) for r in measures],
                 [named_of(r) for r in named],
                 resolved)
    if unit_ids is not None:
        keep = set(ids) | set(unit_ids)
        from .graph import ordered_subgraph
        G = ordered_subgraph(G, keep)
    # a unit is the whole build's unit (all its variants), its counts those of the part
    units = units_of(store)
    for u, d in G.nodes(data=True):
        if d['kind'] == 'unit':
            d.clear()
            d.update(units[u])
    from .graph import unit_tallies
    unit_tallies(G)
    return G
