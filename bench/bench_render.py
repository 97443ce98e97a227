"""Benchmark: page load → stable, frozen layout, graphkit's page vs pyvis's default.

    python bench/bench_render.py [--nodes 3000] [--edges 10000] [--runs 3] [--pyvis-timeout 150]

Both pages show the same generated responsibility graph (tests/render_support.
large_graph: 3,000 nodes, 10,000 edges by default) in the same headless
Debian chromium, one after the other in one run. Time is measured from
navigation start (performance.now() = 0) inside the page, by hooking
vis.Network's event emitter before the page's scripts run, identically for
both pages:

* stable  = the first ``afterDrawing`` once the layout is settled: right away
  when physics is off, otherwise after ``stabilizationIterationsDone``;
* frozen  = stable and no physics running any more: physics off from the
  start or switched off (graphkit), or vis's ``stabilized`` event, when the
  simulation that keeps running after the stabilisation iterations comes to
  rest (pyvis).

pyvis's page is ``pyvis.network.Network(cdn_resources='in_line').from_nx(G)``
with default options, written by ``generate_html()``: ``in_line`` inlines
the vis-network 9.1.2 bundled in the pyvis package instead of loading it from
a CDN (whose copy, checked by an integrity hash, cannot be served offline) and
changes nothing else; the template's bootstrap requests are aborted. The
edge attribute ``source`` is renamed for pyvis, whose
``add_edge(source, to, **options)`` refuses it. graphkit's page must need no
request at all.

Exits non-zero when graphkit's page is not frozen within 5 s or not faster
than pyvis's default.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'tests'))

from render_support import CHROMIUM_ARGS, CHROMIUM, browser_unavailable, large_graph  # noqa: E402

from graphkit.render import render_html  # noqa: E402

LIMIT_S = 5.0

# Runs before any script of the page: catches vis.Network as the UMD bundle
# assigns it (``vis = vis || {}; vis.Network = …``) and wraps its emit().
HOOK = r'''
(() => {
  const t = window.__bench = {};
  const visHolder = {};
  let Network;
  Object.defineProperty(visHolder, 'Network', {
    configurable: true, enumerable: true,
    get() { return Network; },
    set(N) {
      Network = N;
      const emit = N.prototype.emit;
      N.prototype.emit = function (name) {
        const now = performance.now();
        if (name === 'startStabilizing' && t.started === undefined) t.started = now;
        if (name === 'stabilizationIterationsDone' && t.iterationsDone === undefined) t.iterationsDone = now;
        if (name === 'stabilized' && t.stabilized === undefined) t.stabilized = now;
        if (name === 'stabilizationProgress') t.progress = [now, arguments[1].iterations, arguments[1].total];
        if (name === 'afterDrawing') {
          if (t.firstDraw === undefined) t.firstDraw = now;
          const settled = t.started === undefined || t.iterationsDone !== undefined;
          if (settled && t.stable === undefined) {
            t.stable = now;
            t.physicsOn = !!(this.physics && this.physics.physicsEnabled && this.physics.options.enabled);
            if (!t.physicsOn) t.frozen = now;
          }
          if (t.stable !== undefined && t.frozen === undefined && t.stabilized !== undefined) t.frozen = t.stabilized;
          if (t.frozen === undefined && this.physics && this.physics.options.enabled === false) t.frozen = now;
        }
        return emit.apply(this, arguments);
      };
    }
  });
  window.vis = visHolder;
})();
'''


def pyvis_page(G, folder: Path) -> Path:
    """pyvis's default rendering of G, with vis-network inlined so that it loads offline."""
    from pyvis.network import Network

    # the schema's edge attribute ``source`` collides with pyvis's add_edge(source, to, …)
    # argument: from_nx() raises TypeError on graphkit's graph as it is, so rename it
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d['how'] = d.pop('source')
    net = Network(cdn_resources='in_line')
    net.from_nx(H)
    path = folder / 'pyvis.html'
    path.write_text(net.generate_html(), encoding='utf-8')
    return path


def measure(browser, path: Path, timeout_s: float) -> dict:
    """Open ``path`` offline and wait for a frozen layout (or timeout_s); return the page's timings in ms."""
    context = browser.new_context(viewport={'width': 1280, 'height': 800}, service_workers='block')
    blocked = []

    def route(r):
        if r.request.url.startswith('file:'):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    context.route('**/*', route)
    page = context.new_page()
    page.add_init_script(HOOK)
    errors = []
    page.on('pageerror', lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until='commit')
    deadline = time.monotonic() + timeout_s
    timings = {}
    while time.monotonic() < deadline:
        # evaluate() goes through the debugger protocol, which the page's CSP does not restrict
        timings = page.evaluate('window.__bench ? Object.assign({}, window.__bench) : {}')
        if timings.get('frozen') is not None:
            break
        time.sleep(0.1)
    context.close()
    timings.update(blocked=blocked, errors=errors)
    return timings


def seconds(ms) -> str:
    return '—' if ms is None else f'{ms / 1000:.2f} s'


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--nodes', type=int, default=3000)
    ap.add_argument('--edges', type=int, default=10_000)
    ap.add_argument('--runs', type=int, default=3, help='runs of graphkit\'s page (median); pyvis runs once')
    ap.add_argument('--layout', default='auto', choices=['auto', 'physics', 'static'])
    ap.add_argument('--pyvis-timeout', type=float, default=150.0,
                    help='seconds to wait for pyvis to freeze (its 1,000 default iterations can take far longer)')
    ap.add_argument('--keep', help='folder to keep the two pages in')
    args = ap.parse_args(argv)

    reason = browser_unavailable()
    if reason:
        print(f'cannot run: {reason}', file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    G = large_graph(args.nodes, args.edges)
    kinds = [d['kind'] for _, d in G.nodes(data=True)]
    print(f'graph: {G.number_of_nodes()} nodes ({kinds.count("measure")} measures, {kinds.count("unit")} units), '
          f'{G.number_of_edges()} edges')
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix='graphkit-bench-'))
    folder.mkdir(parents=True, exist_ok=True)

    t = time.perf_counter()
    ours = render_html(G, folder / 'graphkit.html', layout=args.layout)
    render_s = time.perf_counter() - t
    theirs = pyvis_page(G, folder)
    print(f'graphkit render_html: {render_s:.2f} s in Python, {os.path.getsize(ours) / 1e6:.2f} MB, one file')
    print(f'pyvis page: {os.path.getsize(theirs) / 1e6:.2f} MB')
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runs = [measure(browser, ours, 60) for _ in range(args.runs)]
        pv = measure(browser, theirs, args.pyvis_timeout)
        browser.close()

    for r in runs:
        if r['blocked'] or r['errors']:
            print(f'graphkit page misbehaved: requests {r["blocked"]}, errors {r["errors"]}', file=sys.stderr)
            return 1
    frozen = [r.get('frozen') for r in runs]
    ok_runs = [f for f in frozen if f is not None]
    ours_ms = statistics.median(ok_runs) if len(ok_runs) == len(runs) else None
    print()
    print('time from navigation start, in headless chromium:')
    print(f'  graphkit ({runs[0].get("started") is None and "static layout" or "bounded physics"}): '
          f'stable, frozen layout {seconds(ours_ms)} '
          f'(median of {len(runs)}: {", ".join(seconds(f) for f in frozen)})')
    stable_note = f'stable (stabilisation iterations done) {seconds(pv.get("stable"))}'
    if pv.get('frozen') is not None:
        frozen_note = f'frozen (physics at rest) {seconds(pv["frozen"])}'
    else:
        frozen_note = f'not frozen after {args.pyvis_timeout:.0f} s (physics still running)'
    print(f'  pyvis default:  {stable_note}; {frozen_note}')
    names = sorted({u.rsplit('/', 1)[-1] for u in pv['blocked']})
    print(f'  pyvis requests aborted: {len(pv["blocked"])} ({", ".join(names) or "none"})')
    if 'progress' in pv:
        at, done, total = pv['progress']
        note = '' if done >= total else f' (all {total} at this rate: ≈ {seconds(at * total / max(done, 1))})'
        print(f'  pyvis stabilisation: {done}/{total} iterations after {seconds(at)}{note}')
    if pv['errors'] or pv.get('started') is None:
        print(f'pyvis page did not run: {pv["errors"] or "no stabilisation started"}', file=sys.stderr)
        return 1

    # compare with pyvis's *earliest* settled moment, which flatters pyvis
    pyvis_best = pv.get('stable') if pv.get('stable') is not None else pv.get('frozen')
    within = ours_ms is not None and ours_ms <= LIMIT_S * 1000
    faster = ours_ms is not None and (pyvis_best is None or ours_ms < pyvis_best)
    ratio = f' ({pyvis_best / ours_ms:.0f}× faster than pyvis reaching even "stable")' if (
        faster and pyvis_best) else ''
    print(f'graphkit ≤ {LIMIT_S:.0f} s: {"yes" if within else "NO"}; faster than pyvis default: '
          f'{"yes" if faster else "NO"}{ratio}')
    print(f'pages in {folder}')
    return 0 if within and faster else 1


if __name__ == '__main__':
    sys.exit(main())
