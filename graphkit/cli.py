"""The ``graphkit`` command: a thin click layer over the Python API."""
from __future__ import annotations

import contextlib
import json
import os
import sys
import unicodedata

import click

from . import __version__


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in s)


def _fit(s: str, width: int) -> str:
    """``s`` cut or padded to ``width`` columns (CJK characters take two).

    >>> _fit('普宁市教育局', 9) + '|', _fit('市教育局', 9) + '|'
    ('普宁市…  |', '市教育局 |')
    """
    out, w = '', 0
    for ch in s:
        cw = _width(ch)
        if w + cw > width:
            cut = out[:-1] + '…'
            return cut + ' ' * (width - _width(cut))
        out += ch
        w += cw
    return out + ' ' * (width - w)


def table(rows: list[dict], columns: list[tuple[str, int]]) -> str:
    """A plain text table; column widths count CJK characters as two."""
    lines = ['  '.join(_fit(name, w) for name, w in columns).rstrip()]
    lines.append('  '.join('-' * w for _, w in columns))
    for row in rows:
        lines.append('  '.join(_fit(str(row.get(name, '')), w) for name, w in columns).rstrip())
    return '\n'.join(lines)


def _none_read(n: int) -> str:
    return 'the file could not be read' if n == 1 else f'none of the {n} files could be read'


def warn(message: str) -> None:
    click.echo(message, err=True)


@contextlib.contextmanager
def terminated_cleanly():
    """SIGTERM (timeout, docker stop, a CI cancelling) ends the build as Ctrl-C does:
    its temporary files are removed and the previous outputs stay."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)
    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group()
@click.version_option(__version__, prog_name='graphkit')
def cli():
    """Responsibility graphs from Chinese policy documents: measures, the units
    that lead and support them, and the network they form."""


@cli.command('extract')
@click.argument('files', nargs=-1, required=True, type=click.Path(readable=False))
@click.option('--format', 'fmt', type=click.Choice(['table', 'jsonl', 'json']), default='table',
              show_default=True, help='Output format.')
@click.option('-j', '--jobs', type=click.IntRange(min=1), default=None,
              help='Worker processes (default: all cores).')
def extract_command(files, fmt, jobs):
    """Extract measures and their lead and supporting units from FILES (files,
    folders, globs).

    Diagnostics go to stderr; the exit status is non-zero only when no file
    could be read.

    \b
    Example:
        graphkit extract --format jsonl data/*.txt > measures.jsonl
    """
    from .batch import collect, iter_extract
    paths = collect(files)
    if not paths:
        raise click.ClickException(f'no documents found in {", ".join(files)}')
    docs, failed = [], 0
    for r in iter_extract(paths, jobs, with_keywords=False):
        if r.error:
            warn(r.error)
            failed += 1
            continue
        for d in r.document.diagnostics:
            warn(f'{r.path}: {d}')
        docs.append(r.document)
    if fmt == 'jsonl':
        for doc in docs:
            for m in doc.measures:
                click.echo(json.dumps(m.to_dict(), ensure_ascii=False))
    elif fmt == 'json':
        out = [dict(doc.meta(), measures=[m.to_dict() for m in doc.measures],
                    diagnostics=[str(d) for d in doc.diagnostics]) for doc in docs]
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        _echo_measure_tables(docs)
    if failed == len(paths):
        raise click.ClickException(_none_read(len(paths)))


MENTION_MARK = '~'


def _echo_measure_tables(docs) -> None:
    """Each document's measures as a table as wide as the terminal: full outline ids,
    a deadline column when a measure has a deadline, a legend when a mark is used."""
    import shutil
    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 160
    marked = False
    for doc in docs:
        click.echo(f'{doc.name}  {doc.title or ""}  {doc.number or ""}  {doc.jurisdiction or ""}  '
                   f'({len(doc.measures)} measures)')
        rows = []
        for m in doc.measures:
            support = '、'.join(m.support)
            if m.mentions:
                support = (support + ' ' if support else '') + MENTION_MARK + '、'.join(m.mentions)
                marked = True
            rows.append({'id': m.id, 'title': m.title, 'lead': '、'.join(m.lead), 'support': support,
                         'deadline': m.deadline or ''})
        click.echo(table(rows, _measure_columns(rows, width)))
        click.echo()
    if marked:
        click.echo(f'{MENTION_MARK}X: X is mentioned by the measure without being made responsible for it')


def _measure_columns(rows: list[dict], width: int) -> list[tuple[str, int]]:
    """Column widths for the measures table: the id in full, the rest shared out."""
    id_w = max([_width('id')] + [_width(r['id']) for r in rows])
    deadline_w = min(max([0] + [_width(r['deadline']) for r in rows]), 16)
    columns = [('id', id_w)]
    free = width - id_w - 2 * (4 if deadline_w else 3) - (max(deadline_w, _width('deadline')) if deadline_w else 0)
    free = max(free, 40)
    columns += [('title', free * 3 // 10), ('lead', free * 3 // 10), ('support', free - 2 * (free * 3 // 10))]
    if deadline_w:
        columns.append(('deadline', max(deadline_w, _width('deadline'))))
    return columns


def _emit(rows: list[dict], fmt: str, columns: list[tuple[str, int]]) -> None:
    """Rows as a table (default), JSON or CSV on stdout (any value: dates, decimals and
    nested lists, as a SQL query may give them, are written as text)."""
    if fmt == 'json':
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    elif fmt == 'csv':
        import csv
        import io

        from .export import inert
        buf = io.StringIO()
        names = [c for c, _ in columns] + sorted({k for r in rows for k in r} - {c for c, _ in columns})
        w = csv.DictWriter(buf, fieldnames=names, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow({k: inert(_text(v)) for k, v in r.items()})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(table([{k: _text(v) for k, v in r.items()} for r in rows], columns))


def _text(value):
    """A value for a table or CSV cell: lists joined with 、, floats to 4 places."""
    if isinstance(value, (list, tuple)):
        return '、'.join(str(_text(v)) for v in value)
    if isinstance(value, float):
        return f'{value:.4f}'
    return value if isinstance(value, (str, int)) or value is None else str(value)


def output_options(f):
    f = click.option('--csv', 'fmt', flag_value='csv', help='Output CSV.')(f)
    f = click.option('--json', 'fmt', flag_value='json', help='Output JSON.')(f)
    return click.option('--table', 'fmt', flag_value='table', default=True, hidden=True)(f)


@cli.command('build')
@click.argument('paths', nargs=-1, type=click.Path(readable=False))
@click.option('-o', '--out', default='out', show_default=True, type=click.Path(file_okay=False),
              help='Folder for the outputs.')
@click.option('--aliases', type=click.Path(exists=True, dir_okay=False),
              help='Your merge overrides: "variant<TAB>canonical", "!a<TAB>b" never merges.')
@click.option('-j', '--jobs', type=click.IntRange(min=1), default=None,
              help='Worker processes (default: all cores).')
@click.option('--no-html', is_flag=True, help='Do not write graph.html.')
@click.option('--view', type=click.Choice(['auto', 'bipartite', 'units']), default='auto', show_default=True,
              help='What graph.html shows first: measures and units, units only, or auto (units only '
                   'for large graphs); the page switches between both.')
@click.option('--size-by', default='responsibility', show_default=True,
              help='What sizes units in graph.html (see graphkit render --help).')
@click.option('--strict', is_flag=True, help='Exit non-zero when any file cannot be read.')
@click.option('--corrections', type=click.Path(exists=True, dir_okay=False),
              help='A reviewer\'s corrections (corrections.tsv, exported by review.html): applied after '
                   'extraction; a line that no longer fits its document is reported.')
@click.option('--lang', type=click.Choice(['zh', 'en']), default='zh', show_default=True,
              help='Language of the CSV files\' column headers and coded values (roles, unit types): '
                   'Chinese for Excel, or English.')
@click.option('--engine', type=click.Choice(['local', 'dask']), default='local', show_default=True,
              help='Where documents are read: this machine\'s processes, or a Dask cluster (pip install '
                   '"graphkit[dask]"); both write the same store.')
@click.option('--scheduler', metavar='ADDRESS', help='The Dask scheduler (tcp://host:8786) for --engine dask; '
                                                      'default: a local cluster of --jobs workers.')
@click.option('-q', '--quiet', is_flag=True, help='No progress and no summary: only files that cannot be read.')
@click.option('-v', '--verbose', is_flag=True, help='Every diagnostic on its own line (default: a summary).')
def build_command(paths, out, aliases, jobs, no_html, view, size_by, strict, corrections, lang, engine, scheduler,
                  quiet, verbose):
    """Build the responsibility graph of PATHS (files, folders, globs; default: data/).

    Writes into OUT: graph.html, graph.json, graph.graphml, graph.gexf (for
    Gephi), projection.gexf, projection.csv and matrix.csv (units linked by
    shared measures; the matrix up to 5,000 units), measures.csv (one row per
    measure, unit and role), units.csv, centrality.csv, diagnostics.csv,
    measures.jsonl, review.html (to correct the extraction), report.md and
    store/ (the build's Parquet tables). Above 20,000 measures the files
    holding the whole graph are left out (report.md says which) and graph.html
    shows the units, each unit's measures in graph.measures/ beside it. A file that cannot be read is reported on one line and the
    rest builds. Progress goes to stderr, a line per stage (redrawn in place on
    a terminal); what was noticed while reading is summarised at the end.
    """
    from .batch import build, collect
    from .corrections import CorrectionsError
    from .progress import StageDisplay, diagnostics_summary
    from .resolution.aliases import AliasesError
    files = collect(paths or ['data'])
    if not files:
        raise click.ClickException('no documents found' + ('' if paths else ': data/ is empty or missing'))
    display = None if quiet else StageDisplay(click.get_text_stream('stderr'), terminal=sys.stderr.isatty())
    try:
        with terminated_cleanly():
            graph = build(files, out=out, aliases=aliases, jobs=jobs, progress=display, html=not no_html,
                          html_options={'view': view, 'size_by': size_by}, lang=lang, engine=engine,
                          scheduler=scheduler, corrections=corrections)
    except (AliasesError, CorrectionsError) as e:
        raise click.ClickException(str(e))
    except ValueError as e:
        raise click.UsageError(str(e))
    except RuntimeError as e:            # an engine that is not installed
        raise click.ClickException(str(e))
    except OSError as e:                 # the output folder cannot be written
        raise click.ClickException(str(e))
    finally:
        if display is not None:
            display.close()
    for line in graph.errors:
        warn(line)
    for line in graph.review['problems']:
        warn(line)
    if not quiet:
        for line in graph.skipped:
            warn(line)
        if graph.review['corrected'] or graph.review['checked']:
            warn(f"{graph.review['corrected']} corrections applied, {graph.review['checked']} measures checked")
    built = len(graph.documents)
    if built == 0:
        raise click.ClickException('nothing could be built' + (f': {_none_read(len(files))}'
                                                               if graph.errors else ''))
    if verbose:
        for name, notes in graph.diagnostics.items():
            for note in notes:
                warn(f'{name}: {note}')
    elif graph.diagnostics and not quiet:
        warn(f'{diagnostics_summary(graph.diagnostics)} (listed in {out}/diagnostics.csv; -v shows them here)')
    if not quiet:
        s = graph.summary()
        warn(f"built {built} documents ({len(graph.errors)} failed): {s['measures']} measures, "
             f"{s['units']} units → {out}/")
    if strict and graph.errors:
        sys.exit(1)


@cli.command('units')
@click.argument('paths', nargs=-1, type=click.Path(readable=False))
@click.option('--aliases', type=click.Path(exists=True, dir_okay=False),
              help='Your merge overrides: "variant<TAB>canonical", "!a<TAB>b" never merges.')
@click.option('--review', is_flag=True, help='List uncertain merges and near misses with scores.')
@click.option('-j', '--jobs', type=click.IntRange(min=1), default=None,
              help='Worker processes (default: all cores).')
@output_options
def units_command(paths, aliases, review, jobs, fmt):
    """List the units of PATHS (default: data/) with their name variants, types and counts.

    With --review, list what deserves a look instead: fuzzy merges (lowest
    score first), abbreviations that fit two units, and near misses kept apart
    with the reason. Put your decisions in an --aliases file.
    """
    from .batch import collect, resolver_for
    from .resolution.aliases import AliasesError
    if paths and not collect(paths):
        raise click.ClickException(f'no documents found in {", ".join(paths)}')
    try:
        index = resolver_for(paths or None, aliases=aliases, jobs=jobs)
    except AliasesError as e:
        raise click.ClickException(str(e))
    for line in index.errors:
        warn(line)
    if not len(index):
        raise click.ClickException('no unit names found' + (f': {_none_read(len(index.errors))}'
                                                             if index.errors else ''))
    if review:
        rows = [{'kind': i.kind, 'score': round(i.score), 'a': i.a, 'b': i.b, 'note': i.note}
                for i in index.review()]
        _emit(rows, fmt, [('kind', 11), ('score', 5), ('a', 30), ('b', 30), ('note', 40)])
    else:
        rows = index.units()
        columns = [('name', 32), ('type', 16), ('jurisdiction', 12), ('count', 5), ('variants', 60)]
        if any('successor' in r for r in rows):
            columns.insert(3, ('successor', 24))
            rows = [dict(r, successor=r.get('successor', '')) for r in rows]
        _emit(rows, fmt, columns)


JURISDICTION = click.option('--jurisdiction', help='Place of the unit when the name is ambiguous (普宁市).')


@cli.group('query')
@click.argument('graph_file', metavar='GRAPH', type=click.Path(exists=True))
@click.option('--aliases', type=click.Path(exists=True, dir_okay=False),
              help='Your merge overrides, also used to look names up.')
@click.pass_context
def query(ctx, graph_file, aliases):
    """Ask a built graph (its output folder, or its graph.json): unit, measures,
    partners, top, or sql for anything else."""
    from .graph import GraphFileError, load
    from .resolution.aliases import AliasesError
    try:
        ctx.obj = load(graph_file, aliases=aliases)
    except (GraphFileError, AliasesError) as e:
        raise click.ClickException(str(e))


@query.command('sql')
@click.argument('statement')
@output_options
@click.pass_obj
def query_sql(graph, statement, fmt):
    """A read-only SQL query (SELECT …) over the build's store; GRAPH is the output
    folder. Tables and columns: docs/store-schema.md.

    \b
    Example:
        graphkit query out sql "SELECT unit, count(*) AS n FROM edges WHERE role = 'lead' GROUP BY 1 ORDER BY n DESC LIMIT 5"
    """
    try:
        rows = graph.sql(statement)
    except Exception as e:        # the query's own error, in one line
        raise click.ClickException(str(e).splitlines()[0])
    _emit(rows, fmt, [(c, max(8, min(40, max([_width(str(r[c])) for r in rows] + [_width(c)]))))
                      for c in (rows[0] if rows else [])])


def _unit_errors(f):
    from functools import wraps

    @wraps(f)
    def wrapper(*args, **kwargs):
        from .graph import AmbiguousUnit, UnitNotFound
        try:
            return f(*args, **kwargs)
        except AmbiguousUnit as e:
            hint = 'give the full name' if kwargs.get('jurisdiction') else 'give the full name or --jurisdiction'
            raise click.ClickException(f'{e} ({hint})')
        except UnitNotFound as e:
            raise click.ClickException(str(e))
    return wrapper


@query.command('unit')
@click.argument('name')
@JURISDICTION
@output_options
@click.pass_obj
@_unit_errors
def query_unit(graph, name, jurisdiction, fmt):
    """The unit NAME denotes (any variant): canonical name, type, counts."""
    u = graph.unit(name, jurisdiction)
    row = {k: u[k] for k in ('name', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'variants')}
    _emit([row], fmt, [('name', 28), ('type', 16), ('jurisdiction', 12), ('lead', 5), ('support', 7),
                       ('mentions', 8), ('variants', 40)])


@query.command('measures')
@click.argument('name')
@click.option('--role', type=click.Choice(['lead', 'support', 'mention']))
@JURISDICTION
@output_options
@click.pass_obj
@_unit_errors
def query_measures(graph, name, role, jurisdiction, fmt):
    """Measures of the unit NAME, optionally in one role."""
    rows = [{k: m.get(k) for k in ('doc', 'outline', 'title', 'role', 'lead', 'support', 'deadline')}
            for m in graph.measures(name, role=role, jurisdiction=jurisdiction)]
    _emit(rows, fmt, [('doc', 26), ('outline', 12), ('title', 30), ('role', 8), ('lead', 24), ('support', 40)])


@query.command('partners')
@click.argument('name')
@JURISDICTION
@output_options
@click.pass_obj
@_unit_errors
def query_partners(graph, name, jurisdiction, fmt):
    """Units responsible together with NAME, by shared measures."""
    _emit(graph.partners(name, jurisdiction), fmt, [('unit', 30), ('shared', 6), ('it_leads', 8), ('partner_leads', 13),
                                      ('both_support', 12)])


@query.command('top')
@click.option('--by', default='weighted_degree', show_default=True,
              help='A column of the centrality table: lead, support, mentions, weighted_degree, partners, '
                   'betweenness, eigenvector, pagerank, bipartite_degree (highest first), or type, '
                   'jurisdiction, role, unit (grouped, busiest first).')
@click.option('-n', default=10, show_default=True)
@output_options
@click.pass_obj
def query_top(graph, by, n, fmt):
    """Units ranking highest on a measure."""
    try:
        rows = graph.top(by, n)
    except ValueError as e:
        raise click.ClickException(str(e))
    columns = [('unit', 28), (by, 14), ('lead', 5), ('support', 7), ('role', 12)]
    _emit(rows, fmt, [c for i, c in enumerate(columns) if c[0] not in [x for x, _ in columns[:i]]])


@cli.command('render')
@click.argument('graph_file', metavar='GRAPH', type=click.Path(exists=True))
@click.option('-o', '--output', default='graph.html', show_default=True, type=click.Path(dir_okay=False))
@click.option('--view', type=click.Choice(['auto', 'bipartite', 'units']), default='auto', show_default=True,
              help='Measures and units, units only (the co-responsibility projection), or auto: units only '
                   'above 2,500 nodes or 10,000 edges.')
@click.option('--size-by', default='responsibility', show_default=True,
              help='responsibility (led + supported), lead, support, mentions, weighted_degree, partners, '
                   'betweenness, eigenvector, pagerank, bipartite_degree, or a numeric unit attribute.')
@click.option('--layout', type=click.Choice(['auto', 'physics', 'static']), default='auto', show_default=True,
              help='static: laid out here; physics: laid out here, then relaxed by the page a bounded number '
                   'of steps; auto: physics up to 500 nodes.')
@click.option('--title', help='Page title (default: from the documents).')
def render_command(graph_file, output, view, size_by, layout, title):
    """Write the interactive network page of a built graph (its graph.json, or the
    output folder of a build), without extracting again. The page is one file that
    works offline; a large build's page reads each unit's measures from a folder
    beside it (graph.html → graph.measures/)."""
    from .graph import GraphFileError, load
    try:
        graph = load(graph_file)
    except GraphFileError as e:
        raise click.ClickException(str(e))
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    try:
        graph.to_html(output, view=view, size_by=size_by, layout=layout, title=title)
    except ValueError as e:
        raise click.UsageError(str(e))
    warn(f'wrote {output}')


@cli.command('review')
@click.argument('out', type=click.Path(exists=True, file_okay=False))
@click.option('-o', '--output', type=click.Path(dir_okay=False), help='Where to write it (default: OUT/review.html).')
@click.option('--document', 'documents', multiple=True, metavar='NAME',
              help='Only this document (its name in the build; several allowed). Needed for a large build.')
def review_command(out, output, documents):
    """Write the review page of the build in OUT: each document's text with its
    measures, clauses and units marked, where a reviewer corrects roles, removes or
    adds units and marks measures checked, then exports corrections.tsv for
    graphkit build --corrections."""
    from .graph import GraphFileError
    from .review import write_review
    try:
        path = write_review(out, output, list(documents) or None)
    except (GraphFileError, ValueError) as e:
        raise click.ClickException(str(e))
    warn(f'wrote {path}')


@cli.command('agreement')
@click.argument('a', type=click.Path())
@click.argument('b', type=click.Path())
@click.option('--json', 'as_json', is_flag=True, help='Output JSON.')
def agreement_command(a, b, as_json):
    """Agreement of two codings A and B of the same documents (graphkit's
    `extract --format jsonl` output, a gold <doc>.json or a folder of them):
    precision, recall and F1 of (measure, unit, role) triples per role, and
    Cohen's kappa on the role of each (measure, unit). A gold coding is the
    reference when only one is gold, else A. Measures are matched by title as
    shared/eval/score.py matches them, whose figures these are.

    \b
    Example:
        graphkit extract --format jsonl data/*.txt > measures.jsonl
        graphkit agreement measures.jsonl tests/gold
    """
    from .agreement import CodingError, agreement
    from .errors import display_name
    try:
        r = agreement(a, b)
    except CodingError as e:
        raise click.ClickException(str(e))
    if as_json:
        click.echo(json.dumps(r, ensure_ascii=False, indent=1))
        return
    ref, other = ('A', 'B') if r['reference'] == 'A' else ('B', 'A')
    for key in ('A', 'B'):
        c = r[key.lower()]
        click.echo(f"{key}: {display_name(c['name'])}  ({c['kind']}, {c['measures']} measures in {c['documents']} "
                   f"documents; {'the reference' if key == ref else 'compared'})")
    click.echo(f'precision and recall of {other} against {ref}, the reference; measures matched by title')
    click.echo()
    fmt = '{:.4f}'.format
    rows = [{'role': role, 'A': v['a'], 'B': v['b'], 'both': v['both'], 'precision': fmt(v['precision']),
             'recall': fmt(v['recall']), 'F1': fmt(v['f1'])} for role, v in r['roles'].items()]
    click.echo(table(rows, [('role', 7), ('A', 6), ('B', 6), ('both', 6), ('precision', 9), ('recall', 6),
                            ('F1', 6)]))
    u = r['units']
    click.echo(f"units, role ignored: precision {fmt(u['precision'])}  recall {fmt(u['recall'])}  F1 {fmt(u['f1'])}")
    click.echo()
    m, d = r['measures'], r['documents']
    click.echo(f"measures: {m['matched']} matched, {m['only_a']} only in A, {m['only_b']} only in B "
               f"(in the {d['compared']} documents of {ref})")
    if d['only_' + ref.lower()]:
        click.echo(f"documents only in {ref}, their measures all missed: {d['only_' + ref.lower()]}")
    if d['only_' + other.lower()]:
        click.echo(f"documents only in {other}, left out: {d['only_' + other.lower()]}")
    k = r['kappa']
    if k['kappa'] is None:
        click.echo("Cohen's kappa: n/a (no unit named in the matched measures)")
    else:
        click.echo(f"Cohen's kappa (measure, unit, role): {fmt(k['kappa'])}  on {k['items']} (measure, unit) items "
                   f"of the matched measures (p_o {fmt(k['observed'])}, p_e {fmt(k['expected'])})")


def main():
    from .resolution.aliases import AliasesError
    try:
        cli()
    except AliasesError as e:         # wherever an aliases file is read: one line naming it
        click.echo(f'Error: {e}', err=True)
        sys.exit(1)
