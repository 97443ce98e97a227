"""Benchmark: `graphkit build` at scale, the store build vs the in-memory build.

    python bench/bench_scale.py --sizes 2000,10000,50000 [--jobs 2] [--commit REV] [--baseline 627fa37]
                                [--baseline-max 10000] [--corpus /tmp/graphkit-scale] [--keep]

bench/synth.py writes the largest size's synthetic documents once into
CORPUS/all (about 23 KB each, 1.1 GB at 50,000; kept there and reused: files
that exist are not written again); each size builds exactly the first N of
them, through a folder of hard links CORPUS/first-N. For each size,

    python -m graphkit build CORPUS/first-N -o OUT --jobs J --no-html

runs in its own process (stderr is a pipe, so it writes one line as each stage
ends: those lines time the stages and check the build); the RSS of its whole
process tree (the build and its worker processes) is summed every 0.1 s and
the peak kept, with the wall time and the size of OUT on disk. Pages shared
by forked workers count once per process: the sum is an upper bound (their
PSS, each shared page divided among its sharers, is printed as well). The
package built with is this working tree's graphkit, or with --commit that
commit's, from a `git archive` (a tree in the middle of an edit cannot break a
run of an hour); synth.py runs with the same package.

The same command runs with the --baseline commit's package (default 627fa37,
the in-memory build: one networkx graph of the whole corpus) first on
PYTHONPATH, from a `git archive` of that commit, for sizes up to
--baseline-max (default 10,000); above, the memory it would need is printed
instead (its measured MB per document, or 0.47 MB per document).

Printed: a table of documents | wall time | documents/s | peak RSS | output
size for both builds side by side, where the peak is reached (by stage), then
the targets with yes/no: peak RSS <= 2 GiB at 50,000 documents, RSS growing
sublinearly in documents, documents/s at the largest size no more than 20 %
below that at the smallest (time linear), and the 100,000-document figures
projected from these with their arithmetic. Exits 1 when a measured target is
missed. Outputs are removed unless --keep (then they stay in CORPUS/out-*).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'bench'))
from commit_tree import package_tree  # noqa: E402

BASELINE = '627fa37'
RSS_TARGET = 2 * 1024 ** 3          # bytes, at TARGET_DOCS documents
TARGET_DOCS = 50_000
PROJECT_DOCS = 100_000
SPEED_TOLERANCE = 0.20              # documents/s at the largest size vs the smallest
BASELINE_MB_PER_DOC = 0.47          # the in-memory build, measured before the store
SAMPLE_S = 0.1
PSS_EVERY = 10                      # samples
STAGE_LINE = re.compile(r'^(read|resolve|analyse|page|write): ')
BUILT_LINE = re.compile(r'^built (\d+) documents \((\d+) failed\): (\d+) measures, (\d+) units')

# graphkit's command line from the package in argv[1] (python -m graphkit.cli would not run main), which
# is named on stderr first so that the bench can check which package ran
ENTRY = '''
import sys
sys.path.insert(0, sys.argv.pop(1))
import graphkit
print('graphkit from', graphkit.__file__, file=sys.stderr, flush=True)
from graphkit.cli import main
sys.argv[0] = 'graphkit'
main()
'''


def usage() -> str:
    return __doc__.strip()


# --- corpus -----------------------------------------------------------------------

# bench/synth.py with the graphkit of argv[1] (it extracts the sample measures it recombines)
SYNTH = '''
import sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import graphkit, synth
print(len(synth.write_corpus(sys.argv[3], int(sys.argv[4]))))
'''


def write_corpus(corpus: Path, largest: int, package: Path) -> None:
    """CORPUS/all: synth.py's first ``largest`` documents (those missing written)."""
    everything = corpus / 'all'
    t = time.perf_counter()
    subprocess.run([sys.executable, '-c', SYNTH, str(package), str(ROOT / 'bench'), str(everything), str(largest)],
                   check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - t
    if took > 5:
        print(f'(corpus: {largest:,} documents in {everything}, {took:.0f} s)', flush=True)


def corpus_for(corpus: Path, n: int) -> Path:
    """A folder holding exactly the first ``n`` documents of CORPUS/all (hard links)."""
    everything = corpus / 'all'
    folder = corpus / f'first-{n}'
    names = [f'doc{i:05d}.txt' for i in range(n)]          # synth.write_corpus's names
    if folder.is_dir() and len(os.listdir(folder)) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in names:
        try:
            os.link(everything / name, folder / name)
        except OSError:                 # another file system, or no hard links: a symbolic link
            os.symlink(everything / name, folder / name)
    return folder


# --- one build ----------------------------------------------------------------------

def tree_rss(proc, pss: bool = False) -> tuple[int, int, int]:
    """(RSS of ``proc``, RSS of all its descendants, and with ``pss`` the PSS of them all: shared
    pages divided among the processes sharing them), bytes."""
    import psutil
    main = children = shared = 0
    try:
        main = proc.memory_info().rss
        kids = proc.children(recursive=True)
    except psutil.Error:
        return main, 0, 0
    for c in kids:
        try:
            children += c.memory_info().rss
        except psutil.Error:            # ended between the listing and the reading
            pass
    if pss:
        for q in [proc] + kids:
            try:
                with open(f'/proc/{q.pid}/smaps_rollup') as f:
                    shared += next(int(x.split()[1]) * 1024 for x in f if x.startswith('Pss:'))
            except (OSError, StopIteration, ValueError):
                pass
    return main, children, shared


def run_build(package: Path, docs: Path, out: Path, jobs: int) -> dict:
    """Run one build of ``docs`` into ``out`` with the graphkit in ``package``; measure it."""
    import psutil
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(package)] + [p for p in [os.environ.get('PYTHONPATH')]
                                                                           if p]))
    cmd = [sys.executable, '-c', ENTRY, str(package),
           'build', str(docs), '-o', str(out), '--jobs', str(jobs), '--no-html']
    lines: list[tuple[float, str]] = []
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=out.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, encoding='utf-8', errors='replace')

    def read():
        for line in p.stderr:
            lines.append((time.perf_counter() - start, line.rstrip('\n')))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = psutil.Process(p.pid)
    samples: list[tuple[float, int, int]] = []      # (seconds, main, children)
    pss, i = 0, 0
    while p.poll() is None:
        # PSS walks the page tables (~15 ms a GB): once a second
        main, children, shared = tree_rss(proc, pss=i % PSS_EVERY == 0)
        if main:
            samples.append((time.perf_counter() - start, main, children))
        pss, i = max(pss, shared), i + 1
        time.sleep(SAMPLE_S)
    seconds = time.perf_counter() - start
    reader.join()
    text = [line for _, line in lines]
    if p.returncode:
        raise RuntimeError(f'build of {docs} with {package} failed ({p.returncode}):\n' + '\n'.join(text[-20:]))
    ran = (package / 'graphkit' / '__init__.py').resolve()
    if not text or text[0] != f'graphkit from {ran}':
        raise RuntimeError(f'expected graphkit from {ran}, got {text[:1]}')
    built = [m for m in map(BUILT_LINE.match, text) if m]
    if not built:
        raise RuntimeError(f'build of {docs}: no "built …" line in\n' + '\n'.join(text[-20:]))
    documents, failed, measures, units = map(int, built[-1].groups())
    peak = max(samples, key=lambda s: s[1] + s[2]) if samples else (0.0, 0, 0)
    # the peak within each stage: a stage's line is written when it ends
    stages, begun = [], 0.0
    ends = [(at, m.group(1)) for at, m in ((at, STAGE_LINE.match(line)) for at, line in lines) if m]
    for at, stage in ends + [(seconds, 'exit')]:
        inside = [s for s in samples if begun <= s[0] <= at]
        top = max(inside, key=lambda s: s[1] + s[2], default=(0.0, 0, 0))
        stages.append((stage, at - begun, top[1], top[2]))       # (stage, seconds, main, workers)
        begun = at
    return {'seconds': seconds, 'documents': documents, 'failed': failed, 'measures': measures, 'units': units,
            'rss': peak[1] + peak[2], 'rss_main': max((s[1] for s in samples), default=0),
            'rss_workers': max((s[2] for s in samples), default=0), 'peak_at': peak[0], 'pss': pss,
            'stages': stages, 'output': disk_size(out), 'samples': len(samples)}


def disk_size(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


# --- report ---------------------------------------------------------------------------

def gib(b: float) -> str:
    return f'{b / 1024 ** 3:.2f} GiB'


def size(b: float) -> str:
    return f'{b / 1024 ** 3:.2f} GiB' if b >= 1024 ** 3 else f'{b / 1024 ** 2:.0f} MiB'


def cells(r: dict | None, note: str = '') -> list[str]:
    if r is None:
        return [note, '', '', '']
    return [f"{r['seconds']:.1f} s", f"{r['documents'] / r['seconds']:.1f}", size(r['rss']), size(r['output'])]


def baseline_need(n: int, baseline: dict[int, dict]) -> tuple[float, str]:
    """(bytes the in-memory build would need for ``n`` documents, the arithmetic)."""
    measured = sorted(baseline)
    if len(measured) >= 2:
        a, b = measured[-2], measured[-1]
        per = (baseline[b]['rss'] - baseline[a]['rss']) / (b - a)
        need = baseline[b]['rss'] + per * (n - b)
        return need, (f'{size(baseline[b]["rss"])} at {b:,} + {per / 1e6:.2f} MB/document (measured '
                      f'{a:,}→{b:,}) × {n - b:,} = ~{need / 1e9:.1f} GB')
    need = BASELINE_MB_PER_DOC * 1e6 * n
    return need, f'{n:,} × {BASELINE_MB_PER_DOC} MB/document = ~{need / 1e9:.1f} GB'


def report(sizes: list[int], ours: dict[int, dict], base: dict[int, dict], args) -> bool:
    import psutil
    machine = psutil.virtual_memory().total
    print()
    head = ['documents', 'measures', 'wall time', 'docs/s', 'peak RSS', 'output']
    ours_label = f'store build ({args.commit or "working tree"})'
    print(f'{"":>21}{ours_label:^44}    {f"in-memory build ({args.baseline})":^44}')
    print(f'{head[0]:>10} {head[1]:>10}' + (''.join(f'{h:>11}' for h in head[2:]) + '    ') * 2)
    for n in sizes:
        r = ours[n]
        note = '—' if n in base else ('not run' if n <= args.baseline_max or args.no_baseline else 'too large')
        row = cells(r) + cells(base.get(n), note)
        print(f'{n:>10,} {r["measures"]:>10,}' + ''.join(f'{c:>11}' for c in row[:4]) + '    '
              + ''.join(f'{c:>11}' for c in row[4:]))
    for n in sizes:
        if n not in base and not args.no_baseline and n > args.baseline_max:
            need, how = baseline_need(n, base)
            fits = 'would not fit' if need > machine else 'not run (above --baseline-max)'
            print(f'  in-memory build at {n:,} documents: {fits}: {how}'
                  + (f' (this machine: {machine / 1e9:.1f} GB)' if need > machine else ''))
    print('\nwhere the memory is (RSS; the main process and the workers at their own peaks; PSS of the tree, '
          'pages shared by the forked workers counted once, sampled each second; by stage: the highest tree '
          'sample while the stage ran (main + workers), the stage\'s seconds, the first from the start of the '
          'process):')
    for label, results in (('store', ours), ('in-memory', base)):
        for n in sizes:
            if n in results:
                r = results[n]
                print(f'  {label:>9} {n:>7,}: main process peak {size(r["rss_main"])}, workers '
                      f'{size(r["rss_workers"])}, tree PSS {size(r["pss"])}; by stage:')
                print('      ' + ', '.join(f'{s} {size(m + w)}' + (f' ({size(m)} + {size(w)})' if w else '')
                                         + f' {t:.0f} s' for s, t, m, w in r['stages']))
    for n in sizes:
        if n in base and base[n]['measures'] != ours[n]['measures']:
            print(f'  note: {n:,} documents: {ours[n]["measures"]:,} measures in the store build, '
                  f'{base[n]["measures"]:,} in the in-memory build')
    for n in sizes:
        if ours[n]['failed'] or ours[n]['documents'] != n:
            print(f'  note: {n:,} documents: the store build read {ours[n]["documents"]:,} '
                  f'({ours[n]["failed"]} failed)')

    print('\ntargets (store build):')
    ok = True
    small, large = sizes[0], sizes[-1]
    a, b = ours[small], ours[large]
    if large >= TARGET_DOCS:
        met = b['rss'] <= RSS_TARGET
        ok &= met
        print(f'  peak RSS ≤ 2 GiB at {TARGET_DOCS:,} documents: {"yes" if met else "NO"} '
              f'({gib(b["rss"])} at {large:,})')
    else:
        print(f'  peak RSS ≤ 2 GiB at {TARGET_DOCS:,} documents: not measured (largest size {large:,}; '
              f'{gib(b["rss"])} there)')
    if len(sizes) >= 2:
        docs_ratio = large / small
        rss_ratio = b['rss'] / a['rss']
        met = rss_ratio < docs_ratio
        ok &= met
        prev = sizes[-2]
        per = (b['rss'] - ours[prev]['rss']) / (large - prev)
        print(f'  RSS sublinear in documents: {"yes" if met else "NO"} (× {rss_ratio:.2f} for × {docs_ratio:.0f} '
              f'documents, {rss_ratio / docs_ratio:.2f} of linear; {per / 1e3:.1f} KB per added document '
              f'{prev:,}→{large:,} over a fixed {size(b["rss"] - per * large)})')
        speed_a, speed_b = a['documents'] / a['seconds'], b['documents'] / b['seconds']
        change = speed_b / speed_a - 1
        met = change >= -SPEED_TOLERANCE
        ok &= met
        print(f'  time linear (documents/s at {large:,} at most {SPEED_TOLERANCE:.0%} below {small:,}): '
              f'{"yes" if met else "NO"} ({speed_b:.1f} vs {speed_a:.1f} documents/s, {change:+.0%}; time '
              f'× {b["seconds"] / a["seconds"]:.1f} for × {docs_ratio:.0f} documents; '
              f'{(large - prev) / (b["seconds"] - ours[prev]["seconds"]):.1f} documents/s for the documents '
              f'added {prev:,}→{large:,})'
              + ('; faster at scale: the fixed costs spread over more documents' if change > SPEED_TOLERANCE
                 else ''))
    else:
        print('  RSS sublinear, time linear: not measured (one size)')

    print(f'\nprojected to {PROJECT_DOCS:,} documents (not measured):')
    speed = b['documents'] / b['seconds']
    t = PROJECT_DOCS / speed
    print(f'  time = {PROJECT_DOCS:,} / {speed:.1f} documents/s (at {large:,}) = {t:,.0f} s '
          f'= {t / 60:.1f} min')
    if len(sizes) >= 2:
        prev = sizes[-2]
        per = (b['rss'] - ours[prev]['rss']) / (large - prev)
        rss = b['rss'] + per * (PROJECT_DOCS - large)
        print(f'  peak RSS = {b["rss"] / 2 ** 20:,.0f} MiB (at {large:,}) + ({b["rss"] / 2 ** 20:,.0f} − '
              f'{ours[prev]["rss"] / 2 ** 20:,.0f}) MiB / ({large:,} − {prev:,}) documents × '
              f'({PROJECT_DOCS:,} − {large:,}) = {rss / 2 ** 20:,.0f} MiB = {gib(rss)}')
    else:
        print('  peak RSS: needs two sizes to extrapolate')
    print(f'\nresult: {"every measured target met" if ok else "a measured target was MISSED"}')
    return ok


def resolve(rev: str) -> str:
    return subprocess.run(['git', '-C', str(ROOT), 'rev-parse', '--verify', rev + '^{commit}'],
                          check=True, capture_output=True, text=True).stdout.strip()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(usage=usage())
    ap.add_argument('--sizes', help='corpus sizes in documents, smallest first, e.g. 2000,10000,50000')
    ap.add_argument('--jobs', type=int, default=2, help='worker processes of each build (default 2)')
    ap.add_argument('--commit', help='build with this commit\'s package (git archive) instead of the working tree')
    ap.add_argument('--baseline', default=BASELINE, help='the in-memory build\'s commit (default 627fa37)')
    ap.add_argument('--baseline-max', type=int, default=10_000,
                    help='largest size the baseline runs at (default 10,000)')
    ap.add_argument('--no-baseline', action='store_true', help='only the store build')
    ap.add_argument('--corpus', default=os.path.join(tempfile.gettempdir(), 'graphkit-scale'),
                    help='folder for the synthetic corpus (kept and reused) and the outputs')
    ap.add_argument('--keep', action='store_true', help='keep the build outputs (CORPUS/out-*)')
    if not (sys.argv[1:] if argv is None else argv):
        print(usage())
        return 2
    args = ap.parse_args(argv)
    if not args.sizes:
        print(usage())
        return 2
    try:
        sizes = sorted({int(x.replace('_', '')) for x in args.sizes.split(',') if x.strip()})
    except ValueError:
        ap.error(f'--sizes: whole numbers separated by commas, not {args.sizes!r}')
    if not sizes or sizes[0] < 1:
        ap.error('--sizes: at least one size of 1 or more documents')
    try:
        import psutil  # noqa: F401
    except ImportError:
        print('psutil is not installed (pip install psutil): it measures the process tree', file=sys.stderr)
        return 2
    corpus = Path(args.corpus).resolve()
    corpus.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix='packages-', dir=corpus))
    ours: dict[int, dict] = {}
    base: dict[int, dict] = {}
    try:
        new, old = ROOT, None
        if args.commit:
            commit = resolve(args.commit)
            args.commit = commit[:7]
            new = package_tree(commit, scratch / commit[:12])
        if not args.no_baseline and sizes[0] <= args.baseline_max:
            commit = resolve(args.baseline)
            args.baseline = commit[:7]
            old = package_tree(commit, scratch / commit[:12])
        write_corpus(corpus, sizes[-1], new)
        for n in sizes:
            docs = corpus_for(corpus, n)
            for label, package, results in (('store', new, ours), ('in-memory', old, base)):
                if package is None or (label == 'in-memory' and n > args.baseline_max):
                    continue
                out = corpus / f'out-{n}-{label}'
                shutil.rmtree(out, ignore_errors=True)          # a fresh build: nothing to reuse
                r = run_build(package, docs, out, args.jobs)
                results[n] = r
                print(f'{n:>7,} documents, {label:>9} build: {r["seconds"]:7.1f} s, '
                      f'{r["documents"] / r["seconds"]:6.1f} documents/s, peak RSS {size(r["rss"])} '
                      f'(at {r["peak_at"]:.0f} s; PSS {size(r["pss"])}), output {size(r["output"])}', flush=True)
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
        ok = report(sizes, ours, base, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f'\ncorpus kept in {corpus} (reused by the next run; remove it when done)'
          + (f'; outputs in {corpus}/out-*' if args.keep else ''))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
