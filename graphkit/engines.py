"""Reading a corpus into the store: here (processes of this machine) or on a Dask cluster.

Both engines cut the input list into the same batches (``store.BATCH`` files) and
make each batch's rows with the same functions, so they write the same Parquet
bytes. What comes back to the building process is small: per batch, the
documents read, the files that failed, diagnostics and the distinct unit names
with their counts, which are resolved once every batch is in.

A plan says, for each input file, whether to extract it, to take its rows from
the store of an earlier build (same name, same bytes, same graphkit) or to skip
it as a copy of an earlier file.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from . import store as st
from .errors import display_name

EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'   # sha256 of no bytes


@dataclass(frozen=True)
class Entry:
    """One input file in the plan."""
    seq: int                     # position in the input list
    path: str
    name: str                    # the document's name
    sha: str | None              # hash of its bytes (None: unreadable, the extraction says why)
    action: str                  # 'extract', 'reuse' or 'duplicate'
    first: str | None = None     # for a duplicate: the name of the file it copies


@dataclass
class Reading:
    """What reading some batches gave: counts and lines, never the rows themselves."""
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    diagnostics: dict[str, list[str]] = field(default_factory=dict)
    names: Counter = field(default_factory=Counter)      # (name, jurisdiction) → times written
    unread: set = field(default_factory=set)              # names of documents that failed
    corrected: int = 0                                    # corrections applied
    checked: int = 0                                      # measures a reviewer checked
    problems: list[str] = field(default_factory=list)     # corrections not applied, one line each
    hashes: set = field(default_factory=set)              # the hashes of the documents read
    unread_hashes: set = field(default_factory=set)       # the hashes of the files that failed

    def merge(self, other: 'Reading') -> None:
        self.documents += other.documents
        self.errors += other.errors
        self.skipped += other.skipped
        self.diagnostics.update(other.diagnostics)
        self.names.update(other.names)
        self.unread |= other.unread
        self.corrected += other.corrected
        self.checked += other.checked
        self.problems += other.problems
        self.hashes |= other.hashes
        self.unread_hashes |= other.unread_hashes


def plan(files: list[str], names: list[str], target: str | None, generator: str, corrections=None) -> list[Entry]:
    """What to do with each file (see the module doc): rows are reused when the bytes,
    graphkit and the document's corrections are those of the earlier build."""
    from .corrections import load_corrections
    corrections = load_corrections(corrections)
    earlier = _earlier_documents(target, generator)
    out, seen = [], {}
    for i, (f, name) in enumerate(zip(files, names)):
        sha = _hash_or_none(f)
        if sha is not None and sha in seen and sha != EMPTY_SHA:
            out.append(Entry(i, f, name, sha, 'duplicate', seen[sha]))
            continue
        if sha is not None:
            seen[sha] = name
        same = sha is not None and earlier.get(name) == (sha, corrections.digest(sha))
        out.append(Entry(i, f, name, sha, 'reuse' if same else 'extract'))
    return out


def batches(entries: list[Entry]) -> list[list[Entry]]:
    """The plan cut into batches of ``store.BATCH`` input files (a part file each)."""
    return [entries[i:i + st.BATCH] for i in range(0, len(entries), st.BATCH)]


# --- one batch -----------------------------------------------------------------

class BatchReader:
    """Turns a batch's entries into its rows, given each extracted file's result in turn."""

    def __init__(self, number: int, entries: list[Entry], target: str, generator: str, reading: Reading,
                 corrections=None):
        from .corrections import load_corrections
        self.rows = st.BatchRows(number)
        self.reused = _reused_rows(target, [e.name for e in entries if e.action == 'reuse'])
        self.generator, self.reading = generator, reading
        self.corrections = load_corrections(corrections)

    def add(self, entry: Entry, result=None) -> None:
        """Add one entry (``result``: the :class:`graphkit.batch.Extracted` of an extracted file)."""
        from .graph import document_rows
        reading = self.reading
        if entry.action == 'duplicate':
            if entry.first in reading.unread:
                reading.errors.append(f'{display_name(entry.path)}: the same bytes as {display_name(entry.first)}, '
                                      'which could not be read')
            else:
                reading.skipped.append(f'{display_name(entry.path)}: the same bytes as '
                                       f'{display_name(entry.first)}; read once')
        elif entry.action == 'reuse':
            rows = self.reused[entry.name]
            self.rows.add_reused(rows, entry.seq, display_name(entry.path))
            reading.names.update((r['name'], r['jurisdiction']) for r in rows['named'])
            head = rows['documents'][0]
            if head['diagnostics']:
                reading.diagnostics[entry.name] = list(head['diagnostics'])
            reading.corrected += head['corrected'] or 0
            reading.checked += head['checked'] or 0
            reading.problems += list(head['problems'] or [])
            reading.hashes.add(entry.sha)
            reading.documents += 1
        elif result.error:
            reading.errors.append(result.error)
            reading.unread.add(entry.name)
            reading.unread_hashes.add(entry.sha)
        else:
            doc = result.document
            review = correct(doc, entry.sha, self.corrections, reading)
            meta, measure_rows, named = document_rows(doc, result.keywords)
            notes = [str(x) for x in doc.diagnostics]
            self.rows.add_document(entry.seq, display_name(entry.path), entry.sha or '', meta, notes, measure_rows,
                                   named, self.generator, doc.text, review)
            reading.hashes.add(entry.sha)
            reading.names.update((n.name, n.jurisdiction) for n in named)
            if notes:
                reading.diagnostics[entry.name] = notes
            reading.documents += 1

    def write(self, folder: str) -> None:
        self.rows.write(folder)


def correct(doc, sha, corrections, reading: Reading) -> dict:
    """Apply a document's corrections (counted in ``reading``); what they did, as the
    store keeps it (``corrections``: their digest, ``corrected``, ``checked``, ``problems``)."""
    mine = corrections.of(sha)
    if not mine:
        return {'corrections': '', 'corrected': 0, 'checked': 0, 'problems': []}
    from .corrections import apply
    from .extract import locate_names
    from .read import parse_form
    p = parse_form(doc.text)
    done = apply(doc, mine, corrections.source, lambda duties, m: locate_names(duties, p, m.span))
    reading.corrected += done.applied
    reading.checked += len(done.checked)
    reading.problems += done.problems
    return {'corrections': corrections.digest(sha), 'corrected': done.applied, 'checked': len(done.checked),
            'problems': done.problems}


def read_batch(batch: tuple[int, list[Entry]], folder: str, target: str, generator: str,
               corrections=None) -> Reading:
    """Read one numbered batch in this process and write its part files (a Dask task)."""
    from .batch import extract_one
    number, entries = batch
    reading = Reading()
    reader = BatchReader(number, entries, target, generator, reading, corrections)
    for e in entries:
        reader.add(e, extract_one(e.path, e.name) if e.action == 'extract' else None)
    reader.write(folder)
    return reading


# --- the engines -----------------------------------------------------------------

def read_locally(entries: list[Entry], folder: str, target: str, generator: str, jobs, note,
                 corrections=None) -> Reading:
    """Extract over this machine's processes, in input order, writing each batch when it is full."""
    from .batch import iter_extract
    todo = [e for e in entries if e.action == 'extract']
    results = iter_extract([e.path for e in todo], jobs, names=[e.name for e in todo])
    reading = Reading()
    done = 0
    note('read', 0, len(entries))
    for number, chunk in enumerate(batches(entries)):
        reader = BatchReader(number, chunk, target, generator, reading, corrections)
        for e in chunk:
            reader.add(e, next(results) if e.action == 'extract' else None)
            done += 1
            note('read', done, len(entries))
        reader.write(folder)
    return reading


def read_with_dask(entries: list[Entry], folder: str, target: str, generator: str, jobs, note,
                   scheduler: str | None = None, corrections=None) -> Reading:
    """Extract on a Dask cluster: a bag of batches, each read and written by a worker.

    ``scheduler``: the address of a running scheduler (``tcp://host:8786``); without
    one, a local cluster of ``jobs`` worker processes. The workers must see the input
    files and the output folder at the same paths (a shared file system)."""
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("the dask engine needs dask and distributed: pip install 'graphkit[dask]'") from None
    chunks = batches(entries)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        bag = db.from_sequence(list(enumerate(chunks)), npartitions=max(1, len(chunks)))
        parts = bag.map(read_batch, folder, target, generator, corrections).to_delayed()
        futures = client.compute(parts)
        order = {f.key: i for i, f in enumerate(futures)}
        results: list = [None] * len(futures)
        done = 0
        note('read', 0, len(entries))
        for future in as_completed(futures):
            i = order[future.key]
            try:
                results[i] = future.result()
            except Exception as e:       # a worker lost (killed, out of memory): the batch's files fail
                results[i] = [_batch_failed(chunks[i], e)]
            done += len(chunks[i])
            note('read', done, len(entries))
        reading = Reading()
        for part in results:            # in batch order, as the local engine goes
            for r in part:
                reading.merge(r)
        return reading
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _batch_failed(chunk: list[Entry], error: Exception) -> Reading:
    """What a batch whose worker was lost gives: one line for each of its files."""
    reading = Reading()
    why = f'{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ""}'.rstrip(': ')
    for e in chunk:
        reading.errors.append(f'{display_name(e.path)}: the Dask worker reading its batch failed ({why})')
        reading.unread.add(e.name)
        reading.unread_hashes.add(e.sha)
    return reading


# --- an earlier store ------------------------------------------------------------

def _hash_or_none(path: str) -> str | None:
    try:
        return st.file_hash(path)
    except OSError:
        return None                   # the extraction reports what is wrong with it


def _earlier_documents(target: str, generator: str) -> dict[str, str]:
    """``{document name: (content hash, corrections digest)}`` of an earlier store made
    by this very code (none without ``target``)."""
    if not target:
        return {}
    try:
        store = st.Store(target)
    except OSError:
        return {}
    try:
        rows = store.sql('SELECT * EXCLUDE (text) FROM documents')
    except Exception:             # a store of another layout: start afresh
        return {}
    finally:
        store.close()
    code = st.code_fingerprint()
    return {r['name']: (r['sha256'], r['corrections'] or '') for r in rows
            if r['generator'] == generator and r.get('format') == st.FORMAT and r.get('code') == code
            and r['sha256']}


def _reused_rows(target: str, names: list[str]) -> dict[str, dict[str, list[dict]]]:
    """The rows of documents taken unchanged from the earlier store, by document name."""
    if not names:
        return {}
    store = st.Store(target)
    try:
        out: dict[str, dict[str, list[dict]]] = {n: {t: [] for t in st.ROW_TABLES} for n in names}
        docs = store.rows('documents', 'WHERE name IN (SELECT unnest(?))', [names])
        seqs = {d['seq']: d['name'] for d in docs}
        for d in docs:
            out[d['name']]['documents'].append(d)
        for table in ('measures', 'named'):
            for r in store.rows(table, 'WHERE seq IN (SELECT unnest(?))', [sorted(seqs)]):
                out[seqs[r['seq']]][table].append(r)
        return out
    finally:
        store.close()
