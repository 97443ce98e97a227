import re

from click.testing import CliRunner

import graphkit
from graphkit import render
from graphkit.cli import cli

from .conftest import DATA


def test_render_command_writes_an_offline_page(tmp_path):
    graphkit.build([DATA / '001_e4a5ec15abd1b800.txt'], out=tmp_path, jobs=1, html=False)
    out = tmp_path / 'units.html'
    r = CliRunner().invoke(cli, ['render', str(tmp_path / 'graph.json'), '-o', str(out), '--view', 'units',
                                 '--size-by', 'pagerank'])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding='utf-8')
    m = re.search(r'<script type="application/json" id="graphkit-data" data-encoding="([^"]+)">(.*?)</script>',
                  html, re.S)
    data = render.decode_data(m.group(1), m.group(2))
    assert (data['view'], data['sizeBy']) == ('units', 'pagerank')
    assert not re.search(r'(src|href)\s*=\s*["\']?https?:', html)
    r = CliRunner().invoke(cli, ['render', str(tmp_path / 'graph.json'), '-o', str(out), '--size-by', 'name'])
    assert r.exit_code == 2 and 'size_by' in r.output


def test_build_writes_the_page_too(tmp_path):
    r = CliRunner().invoke(cli, ['build', str(DATA / '002_bcc968c15fa4bd2a.txt'), '-o', str(tmp_path), '-j', '1'])
    assert r.exit_code == 0, r.output
    assert (tmp_path / 'graph.html').stat().st_size > 100_000
