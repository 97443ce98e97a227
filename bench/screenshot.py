"""Screenshot of the network page for the README: docs/graph.png.

    python bench/screenshot.py                       # the hand-written sample graph
    python bench/screenshot.py out/graph.json        # a graph saved as node-link JSON
    python bench/screenshot.py out/graph.json -o docs/graph.png --view units --select 市教育局

Renders the graph with graphkit.render.render_html, opens it in headless
chromium with the network cut off (tests/render_support.py) and saves a PNG.
``screenshot(html_path, png_path)`` does the last part for any rendered page.
"""
from __future__ import annotations

import argparse
import json
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
            page.wait_for_timeout(600)  # the focus animation
        page.wait_for_timeout(200)
        page.screenshot(path=str(png_path))
        context.close()
    if log.blocked or log.console_errors or log.page_errors:
        raise RuntimeError(f'page misbehaved: {log}')
    return png_path


def load_graph(path) -> nx.Graph:
    """A graph saved as node-link JSON (either ``edges`` or the older ``links`` key)."""
    data = json.loads(Path(path).read_text(encoding='utf-8'))
    return nx.node_link_graph(data, edges='links' if 'links' in data else 'edges')


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description='Write a PNG of the graphkit network page.')
    ap.add_argument('graph', nargs='?', help='node-link JSON of a graph (default: the test sample graph)')
    ap.add_argument('-o', '--output', default=str(ROOT / 'docs' / 'graph.png'))
    ap.add_argument('--view', default='bipartite', choices=['bipartite', 'units'])
    ap.add_argument('--size-by', default='responsibility')
    ap.add_argument('--layout', default='auto', choices=['auto', 'physics', 'static'])
    ap.add_argument('--select', help='search for this unit and highlight it before the shot')
    ap.add_argument('--width', type=int, default=1600)
    ap.add_argument('--height', type=int, default=1000)
    args = ap.parse_args(argv)
    reason = browser_unavailable()
    if reason:
        print(f'cannot take a screenshot: {reason}', file=sys.stderr)
        return 2
    G = load_graph(args.graph) if args.graph else sample_graph()
    with tempfile.TemporaryDirectory() as tmp:
        page = render_html(G, Path(tmp) / 'graph.html', view=args.view, size_by=args.size_by, layout=args.layout)
        out = screenshot(page, args.output, args.width, args.height, select=args.select)
    print(out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
