"""The ``graphkit`` command: a thin click layer over the Python API."""
from __future__ import annotations

import json
import pathlib
import sys
import unicodedata

import click

from . import __version__
from .errors import InputError
from .extract import extract


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in s)


def _fit(s: str, width: int) -> str:
    out, w = '', 0
    for ch in s:
        cw = _width(ch)
        if w + cw > width:
            return out[:-1] + '…' + ' ' * (width - w) if out else ''
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


@click.group()
@click.version_option(__version__, prog_name='graphkit')
def cli():
    """Responsibility graphs from Chinese policy documents: measures, the units
    that lead and support them, and the network they form."""


@cli.command('extract')
@click.argument('files', nargs=-1, required=True, type=click.Path())
@click.option('--format', 'fmt', type=click.Choice(['table', 'jsonl', 'json']), default='table',
              show_default=True, help='Output format.')
def extract_command(files, fmt):
    """Extract measures and their lead and supporting units from FILES.

    Diagnostics go to stderr; the exit status is non-zero only when no file
    could be read.

    \b
    Example:
        graphkit extract --format jsonl data/*.txt > measures.jsonl
    """
    docs, failed = [], 0
    for path in files:
        try:
            doc = extract(pathlib.Path(path))
        except InputError as e:
            warn(str(e))
            failed += 1
            continue
        except OSError as e:
            warn(f'{path}: cannot read: {e.strerror or e}')
            failed += 1
            continue
        except Exception as e:  # one bad file must not stop the batch
            warn(f'{path}: cannot extract: {type(e).__name__}: {e}')
            failed += 1
            continue
        for d in doc.diagnostics:
            warn(f'{path}: {d}')
        docs.append(doc)
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
    if files and failed == len(files):
        sys.exit(1)


def main():
    cli()
