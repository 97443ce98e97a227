"""Benchmark: `graphkit build` end to end on a synthetic corpus.

Extraction, resolution, graph, analysis and every output file but the HTML
page, for 200 and 2,000 synthetic documents (real measures and units
recombined, see synth.py), with --jobs 2 and --jobs 1 side by side. Prints
documents per second, peak memory, the growth from 200 to 2,000 documents and
the speed-up of two workers over one. Each figure is the median of --runs
runs (the machine's speed varies from run to run), runs of the two --jobs
settings interleaved.

    python bench/bench_build.py --sizes 200,2000 [--jobs 2,1] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

RUN = r'''
import json, resource, sys, time
import graphkit
t = time.perf_counter()
g = graphkit.build([sys.argv[1]], out=sys.argv[2], jobs=int(sys.argv[3]), html=False)
elapsed = time.perf_counter() - t
s = g.summary()
print(json.dumps({"seconds": elapsed, "documents": len(g.documents), "measures": s["measures"],
                  "units": s["units"], "errors": len(g.errors),
                  "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
'''


def run(corpus: str, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([sys.executable, '-c', RUN, corpus, out, str(jobs)], capture_output=True, text=True,
                           check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sizes', required=True, help='corpus sizes in documents, e.g. 200,2000')
    ap.add_argument('--jobs', default='2,1')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--corpus', default=os.path.join(tempfile.gettempdir(), 'graphkit-synth'))
    if len(sys.argv) == 1:
        print(__doc__.strip())
        sys.exit(2)
    args = ap.parse_args()
    from synth import write_corpus
    sizes = [int(x) for x in args.sizes.split(',')]
    jobs = [int(x) for x in args.jobs.split(',')]
    results = {}
    for n in sizes:
        folder = os.path.join(args.corpus, str(n))
        paths = write_corpus(folder, n)
        mb = sum(os.path.getsize(p) for p in paths) / 1e6
        runs = {j: [] for j in jobs}
        for _ in range(args.runs):
            for j in jobs:
                runs[j].append(run(folder, j))
        for j in jobs:
            r = dict(runs[j][0], seconds=statistics.median(x['seconds'] for x in runs[j]),
                     rss_main_mb=max(x['rss_main_mb'] for x in runs[j]),
                     rss_worker_mb=max(x['rss_worker_mb'] for x in runs[j]))
            results[(n, j)] = r
            spread = ', '.join(f"{x['seconds']:.1f}" for x in runs[j])
            print(f"{n:5d} documents ({mb:5.1f} MB)  --jobs {j}: {r['seconds']:6.1f} s (runs: {spread})  "
                  f"{r['documents'] / r['seconds']:6.1f} documents/s  {r['measures']} measures  "
                  f"{r['units']} units  peak memory {r['rss_main_mb']:.0f} MB main, "
                  f"{r['rss_worker_mb']:.0f} MB per worker", flush=True)
    for j in jobs:
        if len(sizes) >= 2 and (sizes[0], j) in results and (sizes[-1], j) in results:
            a, b = results[(sizes[0], j)], results[(sizes[-1], j)]
            growth = b['seconds'] / a['seconds']
            print(f"--jobs {j}: {sizes[0]} → {sizes[-1]} documents: time × {growth:.1f} "
                  f"for × {sizes[-1] / sizes[0]:.0f} documents ({growth / (sizes[-1] / sizes[0]):.2f} of linear)")
    if 1 in jobs and len(jobs) > 1:
        for n in sizes:
            other = [j for j in jobs if j != 1][0]
            print(f"{n} documents: --jobs {other} vs --jobs 1 speed-up "
                  f"{results[(n, 1)]['seconds'] / results[(n, other)]['seconds']:.2f}×")


if __name__ == '__main__':
    main()
