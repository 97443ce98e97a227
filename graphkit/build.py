"""build: from files and folders of documents to a responsibility graph and its outputs.

Documents are read and extracted in parallel (one process per core by
default); results keep the order of the sorted input paths, so that the graph
and its files do not depend on which worker finished first. A file that cannot
be read costs only itself: it is reported in one line and the rest builds.
"""
from __future__ import annotations

import glob
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from .errors import InputError
from .model import Document

DEFAULT_DATA = 'data'
DEFAULT_OUT = 'out'
EXTENSIONS = ('.txt', '.html', '.htm', '.docx', '.pdf', '.doc', '.wps', '.md')


def collect(paths) -> list[str]:
    """Files named by ``paths``: files as given, folders searched recursively for
    documents, glob patterns expanded. Sorted, without duplicates."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: set[str] = set()
    missing: list[str] = []
    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
                for f in files:
                    if f.lower().endswith(EXTENSIONS) and not f.startswith('.') and f.lower() != 'readme.md':
                        found.add(os.path.join(root, f))
        elif os.path.exists(p) or os.path.islink(p):
            found.add(p)
        elif glob.has_magic(p):
            found.update(x for x in glob.glob(p, recursive=True) if os.path.isfile(x))
        else:
            missing.append(p)   # reported by the extraction: 'no such file'
    return sorted(found) + missing


def document_names(files: list[str]) -> list[str]:
    """Short unique names: the file name, or the path when two files share a name."""
    base = [os.path.basename(f) for f in files]
    dup = {b for b in base if base.count(b) > 1}
    return [os.path.normpath(f) if b in dup else b for f, b in zip(files, base)]


@dataclass
class Extracted:
    """What one worker returns for one file."""
    path: str
    document: Document | None = None
    keywords: dict = field(default_factory=dict)
    error: str | None = None


def extract_one(path: str, name: str, with_keywords: bool = True) -> Extracted:
    """Extract one file (in a worker): the document and its measures' keywords, or the error."""
    from .extract import extract
    from .graph import measure_keywords
    try:
        doc = extract(path, name=name)
    except InputError as e:
        return Extracted(path, error=str(e))
    except MemoryError:
        return Extracted(path, error=f'{path}: too large to process in memory')
    except Exception as e:      # a bug must not cost the user the rest of the batch
        return Extracted(path, error=f'{path}: cannot extract ({type(e).__name__}: {e})')
    if not doc.measures:
        return Extracted(path, error=f'{path}: no measures found (not a policy document?)')
    kw = {}
    if with_keywords:
        kw = {(name, m.id): measure_keywords(m.title, m.text) for m in doc.measures}
    doc.text = ''     # the graph keeps measure texts; the full text need not cross processes
    return Extracted(path, doc, kw)


def _extract_star(args):
    return extract_one(*args)


def extract_all(files: list[str], jobs: int | None = None, progress=None,
                with_keywords: bool = True) -> list[Extracted]:
    """Extract every file, in parallel over ``jobs`` processes (default: all cores).

    ``progress(done, total, path)`` is called as files complete (in input order)."""
    names = document_names(files)
    jobs = jobs or os.cpu_count() or 1
    tasks = [(f, n, with_keywords) for f, n in zip(files, names)]
    results: list[Extracted] = []
    if jobs <= 1 or len(files) <= 1:
        iterator = map(_extract_star, tasks)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)))
        chunk = max(1, min(16, len(files) // (jobs * 8) or 1))
        iterator = pool.map(_extract_star, tasks, chunksize=chunk)
    try:
        for i, r in enumerate(iterator, 1):
            results.append(r)
            if progress:
                progress(i, len(files), r.path)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return results


def build(paths=None, out=None, aliases=None, jobs: int | None = None, progress=None,
          html: bool = True, html_options: dict | None = None):
    """Build the responsibility graph of documents; write its files when ``out`` is given.

    ``paths``: files, folders or glob patterns (default: the bundled ``data/``).
    ``jobs``: processes to use (default: all cores; 1 keeps everything in this one).
    Returns a :class:`graphkit.graph.ResponsibilityGraph` whose ``errors`` lists
    the files that could not be read (one line each) and ``diagnostics`` maps
    document names to what was noticed while reading them.

    >>> g = build(['data'], jobs=1)          # doctest: +SKIP
    >>> g.unit('市教育局', jurisdiction='普宁市')['lead']     # doctest: +SKIP
    40
    """
    from .graph import ResponsibilityGraph
    files = collect(paths if paths is not None else [_default_data()])
    results = extract_all(files, jobs, progress)
    docs = [r.document for r in results if r.document is not None]
    keywords = {k: v for r in results for k, v in r.keywords.items()}
    graph = ResponsibilityGraph.from_documents(docs, aliases=aliases, keywords_of=keywords)
    graph.errors = [r.error for r in results if r.error]
    graph.diagnostics = {d.name: [str(x) for x in d.diagnostics] for d in docs if d.diagnostics}
    if out is not None and docs:
        graph.save(out, html=html, diagnostics=graph.diagnostics, html_options=html_options, errors=graph.errors,
                   jobs=jobs)
    return graph


def name_index(paths=None, aliases=None, jobs: int | None = None):
    """Extract documents and resolve their unit names; return the :class:`~graphkit.resolution.Resolver`
    (``.units()`` lists units with variants, ``.review()`` the uncertain merges and near misses).

    Files that cannot be read are listed in the returned resolver's ``errors``."""
    from .resolution import Resolver
    resolver = Resolver(aliases)
    resolver.errors = []
    for r in extract_all(collect(paths if paths is not None else [_default_data()]), jobs,
                         with_keywords=False):
        if r.error:
            resolver.errors.append(r.error)
            continue
        for m in r.document.measures:
            resolver.add_many(list(m.units) + list(m.mentions), r.document.jurisdiction)
    return resolver


def _default_data() -> str:
    """The bundled sample corpus: ./data when run from the project, else the package's copy."""
    return DEFAULT_DATA
