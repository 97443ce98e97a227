"""The command line as a new user meets it: every `top --by`, messages that account
for the options given, empty and missing paths, suggestions, the measures table,
progress and diagnostics of a build, and the bench scripts' usage."""
import io
import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graphkit import analysis
from graphkit.cli import _measure_columns, _width, cli
from graphkit.progress import StageDisplay, diagnostics_summary

from .conftest import DATA, ROOT

STAGES = ('read', 'resolve', 'analyse', 'page', 'write')


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope='module')
def graph_file(tmp_path_factory):
    out = tmp_path_factory.mktemp('built')
    r = run('build', DATA, '-o', out, '--no-html', '-j', '1', '-q')
    assert r.exit_code == 0, r.output
    return out / 'graph.json'


COLUMNS = ['unit', 'type', 'jurisdiction', 'lead', 'support', 'mentions', 'weighted_degree', 'partners',
           'betweenness', 'betweenness_approximate', 'eigenvector', 'pagerank', 'bipartite_degree', 'role']


@pytest.mark.parametrize('by', COLUMNS)
def test_top_by_every_column(graph_file, by):
    r = run('query', graph_file, 'top', '--by', by, '-n', '50', '--json')
    assert r.exit_code == 0 and 'Traceback' not in r.output, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 50 and all(by in row for row in rows)
    values = [row[by] for row in rows]
    if by == 'role':
        ranks = [analysis.ROLE_LABELS.index(v) for v in values]
        assert ranks == sorted(ranks) and values[0] == 'leading'
    elif isinstance(values[0], (int, float)) and not isinstance(values[0], bool):
        assert values == sorted(values, reverse=True)
    else:
        assert [str(v) for v in values] == sorted(str(v) for v in values)


def test_top_by_an_unknown_column_names_the_columns(graph_file):
    r = run('query', graph_file, 'top', '--by', 'bogus')
    assert r.exit_code == 1 and 'unknown column' in r.output and 'pagerank' in r.output
    assert 'Traceback' not in r.output


def test_ambiguity_messages_account_for_the_jurisdiction_given(graph_file):
    r = run('query', graph_file, 'unit', '市教育局')
    assert r.exit_code == 1 and 'ambiguous' in r.output and '--jurisdiction' in r.output
    r = run('query', graph_file, 'unit', '市教育局', '--jurisdiction', '北京市')
    assert r.exit_code == 1 and 'ambiguous' not in r.output
    assert "no unit named '市教育局' in 北京市" in r.output and '普宁市教育局' in r.output
    r = run('query', graph_file, 'unit', '市教育局', '--jurisdiction', '普宁')
    assert r.exit_code == 0 and '普宁市教育局' in r.output


def test_an_unknown_unit_gets_near_names(graph_file):
    r = run('query', graph_file, 'unit', '普宁市财务局')
    assert r.exit_code == 1 and 'did you mean' in r.output and '普宁市财政局' in r.output
    r = run('query', graph_file, 'measures', '市教肓局', '--jurisdiction', '普宁市')
    assert r.exit_code == 1 and 'did you mean: 普宁市教育局' in r.output


def test_empty_and_missing_paths_exit_non_zero_with_one_line(tmp_path):
    (tmp_path / 'empty').mkdir()
    for command in ('extract', 'units'):
        for path in (tmp_path / 'empty', tmp_path / 'missing'):
            r = run(command, path)
            assert r.exit_code == 1, (command, path, r.output)
            assert len(r.output.strip().splitlines()) <= 2 and 'Error:' in r.output
            assert 'name ' not in r.stdout          # no empty table
    r = run('extract', tmp_path / 'empty')
    assert r.output.strip() == f'Error: no documents found in {tmp_path / "empty"}'


def test_no_output_folder_when_nothing_can_be_built(tmp_path):
    r = run('build', tmp_path / 'missing', '-o', tmp_path / 'out', '-j', '1')
    assert r.exit_code == 1 and 'nothing could be built' in r.output
    assert not (tmp_path / 'out').exists()
    r = run('build', tmp_path / 'missing', '-o', tmp_path / 'a' / 'b', '-j', '1')
    assert not (tmp_path / 'a').exists()


def test_measures_table_fits_the_width_and_keeps_ids_whole():
    rows = [{'id': '第三章.第二节.(十二).3', 'title': '标题' * 20, 'lead': '', 'support': '', 'deadline': ''},
            {'id': '一', 'title': '', 'lead': '', 'support': '', 'deadline': '2025年底前'}]
    for width in (80, 120, 200):
        columns = _measure_columns(rows, width)
        assert dict(columns)['id'] == _width('第三章.第二节.(十二).3')
        assert sum(w for _, w in columns) + 2 * (len(columns) - 1) <= width
        assert 'deadline' in dict(columns)
    assert 'deadline' not in dict(_measure_columns([dict(rows[0])], 100))


def test_extract_table_explains_its_marks_and_shows_deadlines():
    r = run('extract', DATA / '001_e4a5ec15abd1b800.txt')
    lines = r.stdout.splitlines()
    assert any(line.startswith('~') or ' ~' in line for line in lines[2:])
    assert lines[-1].startswith('~X: X is mentioned')
    r = run('extract', ROOT / 'tests' / 'real' / 'corpus' / 'gov-guobanfa-2018-117-ducha-jili.txt')
    assert 'deadline' in r.stdout.splitlines()[1]


@pytest.fixture(scope='module')
def corpus50(tmp_path_factory):
    sys.path.insert(0, str(ROOT / 'bench'))
    import synth
    folder = tmp_path_factory.mktemp('c50')
    synth.write_corpus(str(folder), 50)
    return folder


def test_build_reports_every_stage_when_stderr_is_not_a_terminal(corpus50, tmp_path):
    r = run('build', corpus50, '-o', tmp_path / 'out', '-j', '1')
    assert r.exit_code == 0, r.output
    lines = r.stderr.splitlines()
    for stage in STAGES:
        (line,) = [x for x in lines if x.startswith(stage + ': ')]
        assert line.endswith(' s')
    assert 'read: 50 documents in' in r.stderr
    assert '\r' not in r.stderr
    (summary,) = [x for x in lines if 'diagnostics in' in x]
    assert re.match(r"\d+ diagnostics in \d+ documents: \d+ [a-z-]+.* \(listed in .*diagnostics\.csv", summary)
    assert lines[-1].startswith('built 50 documents')
    assert not any(x.startswith('doc00') for x in lines)      # no per-document lines without -v


def test_quiet_and_verbose(corpus50, tmp_path):
    r = run('build', corpus50, tmp_path / 'missing.txt', '-o', tmp_path / 'q', '-j', '1', '--no-html', '-q')
    assert r.exit_code == 0 and r.stderr.strip().splitlines() == [
        f'{tmp_path / "missing.txt"}: file not found (missing, or removed while reading)']
    r = run('build', corpus50, '-o', tmp_path / 'v', '-j', '1', '--no-html', '-v')
    notes = [x for x in r.stderr.splitlines() if x.startswith('doc00')]
    assert len(notes) >= 50 and all(': ' in x for x in notes)


def test_stage_display_redraws_in_place_and_estimates_only_with_enough_behind_it():
    out, now = io.StringIO(), [0.0]
    show = StageDisplay(out, terminal=True, clock=lambda: now[0])
    for i, t in enumerate((0.0, 0.5, 1.0, 2.9, 3.5)):
        now[0] = t
        show('read', i, 100)
    assert 'left' not in out.getvalue()          # 3 % done after 3 s: too little to go on
    now[0] = 4.0
    show('read', 10, 100)
    assert out.getvalue().endswith('about 36 s left') and '\n' not in out.getvalue()
    now[0] = 5.0
    show('read', 100, 100)
    shown = out.getvalue()
    assert shown.endswith('\n') and shown.rsplit('\r', 1)[1].rstrip() == 'read: 100 documents in 5.0 s'
    assert shown.count('\r') >= 4 and shown.count('\n') == 1


def test_diagnostics_summary_counts_by_kind():
    assert diagnostics_summary({'a': ['damaged: x'] * 3, 'b': ['no-units: y'], 'c': []}) == \
        '4 diagnostics in 2 documents: 3 damaged, 1 no-units'


@pytest.mark.parametrize('script', sorted(p.name for p in (ROOT / 'bench').glob('*.py')))
def test_every_bench_script_prints_its_usage_without_arguments(script):
    r = subprocess.run([sys.executable, str(ROOT / 'bench' / script)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and 'Traceback' not in r.stderr
    assert f'bench/{script}' in r.stdout + r.stderr
