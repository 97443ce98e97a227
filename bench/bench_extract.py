"""Benchmark: extraction speed on one core (read → outline → duties → units).

The bundled corpus (data/*.txt) is extracted over and over until at least
--megabytes of text have gone through, in this one process; prints MB/s of
input bytes (the target of the extraction issue is ≥ 5 MB/s). A second figure
extracts the same volume of distinct synthetic documents (bench/synth.py), for
which no cache of a repeated clause or name helps; a third reads each real
document of --real once (web pages and gov.cn texts, ingestion included).

    python bench/bench_extract.py --megabytes 20 [--real ../shared/corpus-real]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.extract import extract_read  # noqa: E402
from graphkit.read import read_bytes  # noqa: E402


def run(datas: list[bytes], megabytes: float) -> tuple[float, float, int]:
    """Extract ``datas`` in turn until ``megabytes`` went through: (MB, CPU seconds, measures).

    CPU time of this process, so that other work on the machine does not count."""
    target, done, measures = megabytes * 1e6, 0, 0
    start = time.process_time()
    while done < target:
        for data in datas:
            measures += len(extract_read(read_bytes(data), 'bench').measures)
            done += len(data)
            if done >= target:
                break
    return done / 1e6, time.process_time() - start, measures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--megabytes', type=float, required=True)
    parser.add_argument('--real', type=Path, help='a folder of real documents, each read once')
    if len(sys.argv) == 1:
        print(__doc__.strip())
        sys.exit(2)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}) if hasattr(os, 'sched_setaffinity') else None
    corpus = [p.read_bytes() for p in sorted((ROOT / 'data').glob('*.txt'))]
    extract_read(read_bytes(corpus[0]), 'warm-up')       # loads OpenCC and the tables
    mb, seconds, measures = run(corpus, args.megabytes)
    print(f'bundled corpus repeated: {mb:.1f} MB in {seconds:.2f} s of CPU = {mb / seconds:.2f} MB/s on one core '
          f'({measures} measures; target >= 5 MB/s)')

    sys.path.insert(0, str(ROOT / 'bench'))
    import random

    import synth
    rng, pool = random.Random(7), synth.sample_measures()
    docs, size = [], 0
    while size < args.megabytes * 1e6:
        data = synth.document(rng, pool, len(docs)).encode('utf-8')
        docs.append(data)
        size += len(data)
    mb, seconds, measures = run(docs, args.megabytes)
    print(f'distinct synthetic documents: {mb:.1f} MB in {seconds:.2f} s of CPU = {mb / seconds:.2f} MB/s '
          f'({len(docs)} documents, {measures} measures)')
    if args.real:
        from graphkit import extract
        paths = sorted(p for p in args.real.iterdir() if p.is_file() and p.suffix in ('.html', '.htm', '.txt')
                       and p.name != 'README.md')
        size = sum(p.stat().st_size for p in paths)
        start, measures = time.process_time(), 0
        for path in paths:
            measures += len(extract(path).measures)
        seconds = time.process_time() - start
        print(f'distinct real documents, read once: {size / 1e6:.2f} MB in {seconds:.2f} s of CPU = '
              f'{size / 1e6 / seconds:.2f} MB/s ({len(paths)} documents, {measures} measures; page bytes, '
              f'navigation included)')

if __name__ == '__main__':
    main()
