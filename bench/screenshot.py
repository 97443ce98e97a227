"""Screenshots of the network page for the README (docs/*.png).

    python bench/screenshot.py --sample -o sample.png         # the hand-written sample graph
    python bench/screenshot.py out/graph.json -o shot.png      # a graph graphkit build wrote
    python bench/screenshot.py --synthetic 300 -o docs/graph-300.png
    python bench/screenshot.py --synthetic 300 -o docs/graph-300-unit.png --select 温州市财政局

Renders the graph with graphkit.render.render_html, opens it in headless
chromium with the network cut off (tests/render_support.py) and saves a PNG.
``screenshot(html_path, png_path)`` does the last part for any rendered page.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'tests'))

import networkx as nx  # noqa: E402
from render_support import browser_unavailable, chromium, open_offline, sample_graph  # noqa: E402

from graphkit.render import render_html  # noqa: E402


def screenshot(html_path, png_path, width=1600, height=1000, select=None) -> Path:
    """Open ``html_path`` offline in headless chromium and save a PNG of the page.

    ``select``: a unit name or variant to search for and highlight first.
    """
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        context, page, log = open_offline(browser, html_path, width=width, height=height)
        if select:
            page.fill('#search', select)
            page.press('#search', 'Enter')
        page.wait_for_timeout(300)
        page.screenshot(path=str(png_path))
        context.close()
    if log.blocked or log.console_errors or log.page_errors:
        raise RuntimeError(f'page misbehaved: {log}')
    return png_path


def load_graph(path) -> nx.Graph:
    """A graph.json as graphkit build writes it."""
    import graphkit
    return graphkit.load(path).G


def synthetic_graph(n_docs: int) -> nx.Graph:
    """The graph of ``n_docs`` documents of bench/synth.py, as graphkit build makes it."""
    import graphkit
    sys.path.insert(0, str(ROOT / 'bench'))
    import synth
    with tempfile.TemporaryDirectory() as tmp:
        synth.write_corpus(tmp, n_docs)
        return graphkit.build([tmp], html=False).G


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description='Write a PNG of the graphkit network page.')
    ap.add_argument('graph', nargs='?', help='a graph.json written by graphkit build')
    ap.add_argument('--sample', action='store_true', help='the hand-written sample graph of the tests')
    ap.add_argument('--synthetic', type=int, metavar='N', help='the graph of N synthetic documents (bench/synth.py)')
    ap.add_argument('-o', '--output', required=True)
    ap.add_argument('--view', default='auto', choices=['auto', 'bipartite', 'units'])
    ap.add_argument('--size-by', default='responsibility')
    ap.add_argument('--layout', default='auto', choices=['auto', 'physics', 'static'])
    ap.add_argument('--select', help='search for this unit and highlight it before the shot')
    ap.add_argument('--width', type=int, default=1600)
    ap.add_argument('--height', type=int, default=1000)
    if not (sys.argv[1:] if argv is None else argv):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    args = ap.parse_args(argv)
    if sum(map(bool, (args.graph, args.sample, args.synthetic))) != 1:
        ap.print_usage(sys.stderr)
        print('give one of GRAPH, --sample, --synthetic N', file=sys.stderr)
        return 2
    reason = browser_unavailable()
    if reason:
        print(f'cannot take a screenshot: {reason}', file=sys.stderr)
        return 2
    G = load_graph(args.graph) if args.graph else sample_graph() if args.sample else synthetic_graph(args.synthetic)
    with tempfile.TemporaryDirectory() as tmp:
        page = render_html(G, Path(tmp) / 'graph.html', view=args.view, size_by=args.size_by, layout=args.layout)
        out = screenshot(page, args.output, args.width, args.height, select=args.select)
    print(out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
