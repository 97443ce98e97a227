"""batch: from files and folders of documents to a responsibility graph and its outputs.

Documents are read and extracted in parallel (one process per core by
default); results keep the order of the sorted input paths, so that the graph
and its files do not depend on which worker finished first. A file that cannot
be read costs only itself: it is reported in one line and the rest builds.
"""
from __future__ import annotations

import contextlib
import gc
import glob
import os
import pathlib
import shutil
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from .errors import InputError, display_name, display_name_text
from .export import MARKER
from .model import Document

DEFAULT_DATA = 'data'
DEFAULT_OUT = 'out'
EXTENSIONS = ('.txt', '.html', '.htm', '.shtml', '.xhtml', '.mht', '.mhtml', '.docx', '.pdf', '.doc', '.wps', '.md',
              '.xlsx', '.xls', '.et', '.ods')


def collect(paths) -> list[str]:
    """Files named by ``paths``: files as given, folders searched recursively for
    documents, glob patterns expanded. Sorted, without duplicates."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[str] = []
    missing: list[str] = []
    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                if MARKER in files:        # graphkit's own outputs (out/ inside the input folder)
                    dirs[:] = []
                    continue
                dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
                for f in files:
                    if f.lower().endswith(EXTENSIONS) and not f.startswith('.') and f.lower() != 'readme.md':
                        found.append(os.path.join(root, f))
        elif os.path.exists(p) or os.path.islink(p):
            found.append(p)
        elif glob.has_magic(p):
            found += [x for x in glob.glob(p, recursive=True) if os.path.isfile(x)]
        else:
            missing.append(p)   # reported by the extraction: 'no such file'
    # One file named two ways (data, ./data/a.txt) is one document: keep its first spelling.
    first: dict[str, str] = {}
    for f in sorted(found):
        first.setdefault(os.path.realpath(f), f)
    return sorted(first.values()) + missing


def check_out_folder(out) -> None:
    """Fail before any work when the output folder cannot be made or written (OSError).

    A folder that does not exist yet is not made here: only a build with something
    to write makes it, so a build of nothing leaves no empty folder behind."""
    shown = display_name(os.fspath(out))
    out = os.path.abspath(os.fspath(out))
    if os.path.exists(out) and not os.path.isdir(out):
        raise OSError(f'{shown}: cannot make the output folder (a file of that name exists)')
    existing = out
    while not os.path.exists(existing):
        parent = os.path.dirname(existing)
        if parent == existing:
            break
        existing = parent
    if not os.path.isdir(existing):
        raise OSError(f'{shown}: cannot make the output folder ({display_name(existing)} is a file)')
    if not os.access(existing, os.W_OK | os.X_OK):
        what = 'the output folder is not writable' if existing == out else \
            f'cannot make the output folder ({display_name(existing)} is not writable)'
        raise OSError(f'{shown}: {what}')


def readable_name(name: str) -> str:
    """A file name as text a user can read and every output can hold (see
    :func:`graphkit.errors.display_name`)."""
    return display_name(name)


def document_names(files: list[str]) -> list[str]:
    """Short unique names: the file name; where two files share it, the path from the
    folder that holds all the inputs — the same however the paths were typed (relative,
    absolute, through a symbolic link), and no path of the user's machine in the outputs.

    >>> document_names(['/x/a/plan.txt', '/x/b/plan.txt', '/x/b/other.txt'])
    ['a/plan.txt', 'b/plan.txt', 'other.txt']
    """
    base = [readable_name(os.path.basename(f)) for f in files]
    counts: dict[str, int] = {}
    for b in base:
        counts[b] = counts.get(b, 0) + 1
    dup = {b for b, n in counts.items() if n > 1}
    if not dup:
        return base
    real = [os.path.realpath(f) for f in files]
    shared = [r for r, b in zip(real, base) if b in dup]
    root = os.path.commonpath([os.path.dirname(r) for r in shared]) if len(shared) > 1 else ''
    names = [readable_name(os.path.relpath(r, root)).replace(os.sep, '/') if b in dup else b
             for r, b in zip(real, base)]
    # one file reached twice (a link): still one name each
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f'{n}~{seen[n]}')
    return out


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
    from .topics import measure_keywords
    try:
        doc = extract(pathlib.Path(path), name=name)      # a path, never text
    except InputError as e:
        return Extracted(path, error=str(e))
    except MemoryError:
        return Extracted(path, error=f'{display_name(path)}: too large to process in memory')
    except Exception as e:      # a bug must not cost the user the rest of the batch
        trace = '\n' + traceback.format_exc() if os.environ.get('GRAPHKIT_DEBUG') else ''
        return Extracted(path, error=f'{display_name(path)}: cannot extract ({type(e).__name__}: '
                                     f'{display_name_text(e)}){trace}')
    if not doc.measures:
        return Extracted(path, error=f'{display_name(path)}: no measures found (not a policy document?)')
    kw = {}
    if with_keywords:
        kw = {(name, m.id): measure_keywords(m.title, m.text) for m in doc.measures}
    return Extracted(path, doc, kw)


def _extract_star(args):
    return extract_one(*args)


def _pool_context(with_keywords: bool):
    """Where fork is available, workers are forked from this process after the
    dictionaries they need are loaded once here (jieba's takes seconds to load,
    and would otherwise be loaded again by every worker)."""
    import multiprocessing
    if 'fork' not in multiprocessing.get_all_start_methods():
        return None
    if with_keywords:
        from .topics import keywords
        keywords('预热')          # loads jieba's dictionary and IDF table
    from .read import _opencc
    _opencc()
    # What the workers inherit is never garbage: keep their collector off it.
    gc.freeze()
    return multiprocessing.get_context('fork')


def _worker_init() -> None:
    # Extraction leaves no reference cycles behind (parse trees are released),
    # so workers run without the cyclic collector, as the build itself does.
    gc.disable()
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)     # the build's own handler is not the worker's
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker is ended when the build that started it is killed
    (otherwise it would wait for work forever)."""
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)          # PR_SET_PDEATHSIG
    except (OSError, AttributeError):           # not Linux: nothing to do
        pass


def extract_all(files: list[str], jobs: int | None = None, progress=None,
                with_keywords: bool = True) -> list[Extracted]:
    """Extract every file, in parallel over ``jobs`` processes (default: all cores).

    ``progress(done, total, path)`` is called as files complete (in input order)."""
    return list(iter_extract(files, jobs, progress, with_keywords))


def iter_extract(files: list[str], jobs: int | None = None, progress=None, with_keywords: bool = True,
                 names: list[str] | None = None):
    """Like :func:`extract_all`, but yields each result, in input order, as soon as it is ready.
    ``names``: the documents' names (default: :func:`document_names` of ``files``).

    A worker that dies (killed for memory, a crash in a parser library) costs
    only the file it was reading: the rest goes on in a new pool, one file at a
    time until the file that kills workers is found and reported."""
    names = document_names(files) if names is None else names
    jobs = jobs or os.cpu_count() or 1
    tasks = [(f, n, with_keywords) for f, n in zip(files, names)]
    done = 0
    if jobs <= 1 or len(files) <= 1:
        for r in map(_extract_star, tasks):
            done += 1
            if progress:
                progress(done, len(files), r.path)
            yield r
        return
    workers, suspect = min(jobs, len(files)), False
    while done < len(tasks):
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(with_keywords),
                                   initializer=_worker_init)
        chunk = 1 if suspect else max(1, min(16, (len(tasks) - done) // (workers * 8) or 1))
        iterator = pool.map(_extract_star, tasks[done:], chunksize=chunk)   # forks the workers
        gc.unfreeze()
        start = done
        try:
            for r in iterator:
                done += 1
                if progress:
                    progress(done, len(files), r.path)
                yield r
        except BrokenProcessPool:
            if suspect and done == start:
                # One worker, one file at a time: this file is the one that kills it.
                path = tasks[done][0]
                done += 1
                yield Extracted(path, error=f'{display_name(path)}: the process reading it died '
                                            '(crash or out of memory)')
            workers, suspect = 1, True
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def build(paths=None, out=None, aliases=None, jobs: int | None = None, progress=None,
          html: bool = True, html_options: dict | None = None, lang: str = 'zh', engine: str = 'local',
          scheduler: str | None = None, corrections=None):
    """Build the responsibility graph of documents; write its files when ``out`` is given.

    ``paths``: files, folders or glob patterns (default: the bundled ``data/``).
    ``jobs``: processes to use (default: all cores; 1 keeps everything in this one).
    ``progress``: called as ``progress(stage, done, total)`` for the stages ``read``
    (documents), ``resolve`` (unit names), and with ``out`` ``analyse`` (units),
    ``page`` (nodes) and ``write`` (files); see :mod:`graphkit.progress`.
    ``engine``: ``local`` (this machine's processes) or ``dask`` (a Dask cluster at
    ``scheduler``, or a local one of ``jobs`` workers; see :mod:`graphkit.engines`);
    both write the same store, so ``dask`` needs ``out``.
    ``lang``: the language of the CSV files' headers and coded values (``zh`` or ``en``).
    ``corrections``: a reviewer's corrections file (see :mod:`graphkit.corrections`),
    applied after extraction and before resolution; the returned graph's ``review``
    says how many were applied, how many measures were checked, and which could not be.
    Returns a :class:`graphkit.graph.ResponsibilityGraph` whose ``errors`` lists
    the files that could not be read (one line each) and ``diagnostics`` maps
    document names to what was noticed while reading them.

    >>> g = build(['data'], jobs=1)          # doctest: +SKIP
    >>> g.unit('市教育局', jurisdiction='普宁市')['lead']     # doctest: +SKIP
    40
    """
    if out is not None and html:
        from .render import check_options
        check_options(**(html_options or {}))      # a bad option fails now, not after extracting
    from .corrections import load_corrections
    corrections = load_corrections(corrections)     # a bad file fails now, not after extracting
    if engine not in ('local', 'dask'):
        raise ValueError(f'engine {engine!r}: local or dask')
    if engine == 'dask' and out is None:
        raise ValueError('the dask engine writes a store: give an output folder (out=)')
    if out is not None:
        from .export import check_lang
        check_lang(lang)
        check_out_folder(out)
    with _collector_paused():
        graph = _build(paths, out, aliases, jobs, progress, html, html_options, lang, engine, scheduler,
                       corrections)
    return graph


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector, off while the graph is built.

    Building allocates millions of long-lived objects and hardly any cycles;
    each full collection would walk all of them (a third of the build time
    on a large corpus). It is switched back on, and catches up, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(paths, out, aliases, jobs, progress, html, html_options, lang='zh', engine='local', scheduler=None,
           corrections=None):
    from .resolution import load_aliases
    files = collect(paths if paths is not None else [_default_data()])
    aliases = load_aliases(aliases)
    note = progress or _no_progress
    if out is None:
        return _build_in_memory(files, aliases, jobs, note, corrections)
    return _build_with_store(files, os.fspath(out), aliases, jobs, note, html, html_options, lang, engine,
                             scheduler, corrections)


def _build_in_memory(files, aliases, jobs, note, corrections):
    """The graph of ``files`` held in memory, nothing written (``build`` without ``out``):
    the same plan as a build with a store (a file whose bytes another has is read once)."""
    from . import __version__
    from . import engines
    from .graph import GraphBuilder, ResponsibilityGraph
    builder = GraphBuilder(aliases)
    reading = engines.Reading()
    entries = engines.plan(files, document_names(files), None, f'graphkit {__version__}', corrections)
    todo = [e for e in entries if e.action == 'extract']
    results = iter_extract([e.path for e in todo], jobs, names=[e.name for e in todo])
    note('read', 0, len(entries))
    # Documents are added as the workers deliver them: this process would idle otherwise.
    for i, e in enumerate(entries, 1):
        if e.action == 'duplicate':
            line = f'{display_name(e.path)}: the same bytes as {display_name(e.first)}'
            if e.first in reading.unread:
                reading.errors.append(line + ', which could not be read')
            else:
                reading.skipped.append(line + '; read once')
        else:
            r = next(results)
            if r.error:
                reading.errors.append(r.error)
                reading.unread.add(e.name)
                reading.unread_hashes.add(e.sha)
            else:
                reading.hashes.add(e.sha)
                engines.correct(r.document, e.sha, corrections, reading)
                builder.add(r.document, r.keywords)
                if r.document.diagnostics:
                    reading.diagnostics[r.document.name] = [str(x) for x in r.document.diagnostics]
        note('read', i, len(entries))
    names = len(builder.resolver)
    note('resolve', 0, names)
    graph = ResponsibilityGraph(builder.graph(), aliases)
    note('resolve', names, names)
    graph.errors, graph.diagnostics, graph.skipped = reading.errors, reading.diagnostics, reading.skipped
    graph.review = _review(reading, corrections)
    return graph


def _review(reading, corrections) -> dict:
    """What a build's corrections did: applied, measures checked, lines not applied."""
    gone = []
    for c in corrections.lines:
        if c.doc_hash in reading.unread_hashes:
            gone.append(f'{c.shown(corrections.source)}: its document ({c.doc_hash[:12]}…) could not be read: '
                        'not applied')
        elif c.doc_hash not in reading.hashes:
            gone.append(f'{c.shown(corrections.source)}: no document with hash {c.doc_hash[:12]}… in this build '
                        '(changed, or not given): not applied')
    return {'corrected': reading.corrected, 'checked': reading.checked, 'problems': reading.problems + gone}


def _build_with_store(files, out, aliases, jobs, note, html, html_options, lang='zh', engine='local',
                      scheduler=None, corrections=None):
    """Read the files into the store (memory: one batch and the distinct names),
    resolve, derive the tables, then write the outputs that fit the build's size."""
    from . import __version__
    from . import engines
    from . import store as st
    from .graph import ResponsibilityGraph
    from .resolution import Resolver
    if engine == 'dask':                  # workers may run elsewhere: paths that mean the same there
        files, out = [os.path.abspath(f) for f in files], os.path.abspath(out)
    target = os.path.join(out, st.STORE)
    st.recover(target)
    st.sweep_stale(out)
    generator = f'graphkit {__version__}'
    entries = engines.plan(files, document_names(files), target, generator, corrections)
    tmp = os.path.join(out, f'.{st.STORE}-tmp-{os.getpid()}')
    made_out = not os.path.exists(out)
    try:
        if engine == 'dask':
            reading = engines.read_with_dask(entries, tmp, target, generator, jobs, note, scheduler, corrections)
        else:
            reading = engines.read_locally(entries, tmp, target, generator, jobs, note, corrections)
        if not reading.documents:
            graph = ResponsibilityGraph(_empty_graph(generator), aliases)
            graph.errors, graph.diagnostics, graph.skipped = reading.errors, reading.diagnostics, reading.skipped
            graph.review = _review(reading, corrections)
            return graph
        resolver = Resolver(aliases)
        for (name, jur), n in sorted(reading.names.items()):
            resolver.add(name, jur or None, n)
        note('resolve', 0, len(resolver))
        st.write_names(tmp, resolver.resolve_all())
        st.derive(tmp)
        note('resolve', len(resolver), len(resolver))
        store = st.Store(tmp)
        large = store.count('measures') > st.SMALL_BUILD
        graph = ResponsibilityGraph.from_store(store, aliases) if large else \
            ResponsibilityGraph(store.graph(), aliases)
        graph.errors, graph.diagnostics, graph.skipped = reading.errors, reading.diagnostics, reading.skipped
        graph.review = _review(reading, corrections)
        texts = None if large or not html else review_texts(store)
        graph.save(out, html=html, diagnostics=reading.diagnostics, html_options=html_options,
                   errors=reading.errors + reading.skipped, jobs=jobs, progress=note, lang=lang, review=graph.review,
                   texts=texts)
        store.close()
        st.swap_in(tmp, target)
        graph.store = st.Store(target)
        return graph
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if made_out and os.path.isdir(out) and not os.listdir(out):
            os.rmdir(out)           # nothing was built: no empty folder left behind


def review_texts(store) -> dict:
    from .review import texts_of
    return texts_of(store)


def _empty_graph(generator: str):
    import networkx as nx
    G = nx.Graph()
    G.graph.update(generator=generator, documents=[])
    return G


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def resolver_for(paths=None, aliases=None, jobs: int | None = None):
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
