"""The ``graphkit`` command: a thin click layer over the Python API."""
from __future__ import annotations

import contextlib
import json
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
        for doc in docs:
            click.echo(f'{doc.name}  {doc.title or ""}  {doc.number or ""}  {doc.jurisdiction or ""}  '
                       f'({len(doc.measures)} measures)')
            rows = [{'id': m.id, 'title': m.title, 'lead': '、'.join(m.lead),
                     'support': '、'.join(m.support) or ('~' + '、'.join(m.mentions) if m.mentions else '')}
                    for m in doc.measures]
            click.echo(table(rows, [('id', 12), ('title', 30), ('lead', 24), ('support', 60)]))
            click.echo()
    if paths and failed == len(paths):
        sys.exit(1)


def _emit(rows: list[dict], fmt: str, columns: list[tuple[str, int]]) -> None:
    """Rows as a table (default), JSON or CSV on stdout."""
    if fmt == 'json':
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == 'csv':
        import csv
        import io
        buf = io.StringIO()
        names = [c for c, _ in columns] + sorted({k for r in rows for k in r} - {c for c, _ in columns})
        w = csv.DictWriter(buf, fieldnames=names, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow({k: '、'.join(v) if isinstance(v, list) else v for k, v in r.items()})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(table([{k: '、'.join(v) if isinstance(v, list) else
                           (f'{v:.4f}' if isinstance(v, float) else v) for k, v in r.items()} for r in rows],
                         columns))


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
@click.option('--lang', type=click.Choice(['zh', 'en']), default='zh', show_default=True,
              help='Language of the CSV files\' column headers and coded values (roles, unit types): '
                   'Chinese for Excel, or English.')
def build_command(paths, out, aliases, jobs, no_html, view, size_by, strict, lang):
    """Build the responsibility graph of PATHS (files, folders, globs; default: data/).

    Writes into OUT: graph.html, graph.json, graph.graphml, graph.gexf (for
    Gephi), projection.gexf, projection.csv and matrix.csv (units linked by
    shared measures; the matrix up to 5,000 units), measures.csv (one row per
    measure, unit and role), units.csv, centrality.csv, diagnostics.csv,
    measures.jsonl and report.md. A file that cannot be read is reported on one
    line and the rest builds.
    """
    from .batch import build, collect
    from .resolution.aliases import AliasesError
    files = collect(paths or ['data'])
    if not files:
        raise click.ClickException('no documents found' + ('' if paths else ': data/ is empty or missing'))
    bar = None
    if len(files) > 20 and sys.stderr.isatty():
        bar = click.progressbar(length=len(files), label='extracting', file=sys.stderr)

    def progress(done, total, path):
        if bar is not None:
            bar.update(1)

    try:
        with terminated_cleanly():
            graph = build(files, out=out, aliases=aliases, jobs=jobs, progress=progress, html=not no_html,
                          html_options={'view': view, 'size_by': size_by}, lang=lang)
    except AliasesError as e:
        raise click.ClickException(str(e))
    except ValueError as e:
        raise click.UsageError(str(e))
    except OSError as e:                 # the output folder cannot be written
        raise click.ClickException(str(e))
    finally:
        if bar is not None:
            bar.render_finish()
    for line in graph.errors:
        warn(line)
    for name, notes in graph.diagnostics.items():
        for note in notes:
            warn(f'{name}: {note}')
    built = len(graph.documents)
    if built == 0:
        raise click.ClickException('nothing could be built')
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
    from .batch import resolver_for
    from .resolution.aliases import AliasesError
    try:
        index = resolver_for(paths or None, aliases=aliases, jobs=jobs)
    except AliasesError as e:
        raise click.ClickException(str(e))
    for line in index.errors:
        warn(line)
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
@click.argument('graph_file', metavar='GRAPH', type=click.Path(exists=True, dir_okay=False))
@click.option('--aliases', type=click.Path(exists=True, dir_okay=False),
              help='Your merge overrides, also used to look names up.')
@click.pass_context
def query(ctx, graph_file, aliases):
    """Ask a built graph (its graph.json): unit, measures, partners, top."""
    from .graph import GraphFileError, load
    from .resolution.aliases import AliasesError
    try:
        ctx.obj = load(graph_file, aliases=aliases)
    except (GraphFileError, AliasesError) as e:
        raise click.ClickException(str(e))


def _unit_errors(f):
    from functools import wraps

    @wraps(f)
    def wrapper(*args, **kwargs):
        from .graph import AmbiguousUnit, UnitNotFound
        try:
            return f(*args, **kwargs)
        except AmbiguousUnit as e:
            raise click.ClickException(f'{e} (give the full name or --jurisdiction)')
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
              help='lead, support, weighted_degree, betweenness, eigenvector, pagerank, partners …')
@click.option('-n', default=10, show_default=True)
@output_options
@click.pass_obj
def query_top(graph, by, n, fmt):
    """Units ranking highest on a measure."""
    try:
        rows = graph.top(by, n)
    except ValueError as e:
        raise click.ClickException(str(e))
    _emit(rows, fmt, [('unit', 28), (by, 14), ('lead', 5), ('support', 7), ('role', 12)])


@cli.command('render')
@click.argument('graph_file', metavar='GRAPH', type=click.Path(exists=True, dir_okay=False))
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
    """Write the interactive network page of a built graph (its graph.json),
    without extracting again. The page is one file that works offline."""
    from .graph import GraphFileError, load
    try:
        graph = load(graph_file)
    except GraphFileError as e:
        raise click.ClickException(str(e))
    try:
        graph.to_html(output, view=view, size_by=size_by, layout=layout, title=title)
    except ValueError as e:
        raise click.UsageError(str(e))
    warn(f'wrote {output}')


def main():
    from .resolution.aliases import AliasesError
    try:
        cli()
    except AliasesError as e:         # wherever an aliases file is read: one line naming it
        click.echo(f'Error: {e}', err=True)
        sys.exit(1)
