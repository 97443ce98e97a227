import json

from click.testing import CliRunner

from graphkit.cli import cli

from .conftest import DATA

SAMPLE = str(DATA / '001_e4a5ec15abd1b800.txt')


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_extract_jsonl_fields():
    r = run('extract', '--format', 'jsonl', SAMPLE)
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 20
    first = rows[0]
    for key in ('doc', 'id', 'title', 'text', 'lead', 'support', 'mentions', 'role_source', 'deadline'):
        assert key in first
    assert first['doc'] == '001_e4a5ec15abd1b800.txt' and first['id'] == '二.(一).1'
    assert first['lead'] == ['市教育局'] and first['role_source'] == 'declared'


def test_extract_json_has_document_metadata():
    r = run('extract', '--format', 'json', SAMPLE)
    (doc,) = json.loads(r.stdout)
    assert doc['number'] == '普府办〔2022〕22号' and doc['jurisdiction'] == '普宁市'
    assert len(doc['measures']) == 20


def test_extract_table_is_readable():
    r = run('extract', SAMPLE)
    assert r.exit_code == 0
    assert '保障义务教育学校用地' in r.stdout and '市自然资源局' in r.stdout


def test_diagnostics_go_to_stderr_not_to_the_data():
    r = run('extract', '--format', 'jsonl', str(DATA / '000_8f9cbb4accac17dc.txt'))
    assert 'damaged' in r.stderr and 'damaged' not in r.stdout


def test_a_missing_file_is_one_line_and_the_rest_still_extracts(tmp_path):
    missing = str(tmp_path / 'nope.txt')
    r = run('extract', '--format', 'jsonl', missing, SAMPLE)
    assert r.exit_code == 0
    errors = [line for line in r.stderr.splitlines() if 'nope.txt' in line]
    assert len(errors) == 1 and 'Traceback' not in r.stderr
    assert len(r.stdout.splitlines()) == 20


def test_exit_status_when_nothing_could_be_read(tmp_path):
    r = run('extract', str(tmp_path / 'nope.txt'))
    assert r.exit_code != 0


def test_query_measures_and_partners_tell_units_apart_by_jurisdiction(tmp_path):
    from .conftest import DATA
    out = tmp_path / 'out'
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(out), '--no-html', '-j', '1'])
    assert r.exit_code == 0, r.output
    graph = str(out / 'graph.json')
    for command in ('measures', 'partners'):
        r = CliRunner().invoke(cli, ['query', graph, command, '市教育局'])
        assert r.exit_code == 1 and 'ambiguous' in r.output and '普宁市教育局' in r.output
    r = CliRunner().invoke(cli, ['query', graph, 'measures', '市教育局', '--jurisdiction', '贵阳市', '--json'])
    rows = json.loads(r.stdout)
    assert rows and {row['doc'] for row in rows} == {'002_bcc968c15fa4bd2a.txt'}
    r = CliRunner().invoke(cli, ['query', graph, 'partners', '市教育局', '--jurisdiction', '普宁', '--json'])
    assert r.exit_code == 0 and json.loads(r.stdout)[0]['unit'].startswith('普宁市')
