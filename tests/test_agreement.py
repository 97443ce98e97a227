"""graphkit agreement: the scorer's figures (shared/eval/score.py extraction) on the
sample and real corpora, Cohen's kappa on codings worked out by hand, the command."""
import json
import pathlib

import pytest
from click.testing import CliRunner

from graphkit.agreement import Coding, CodingError, agreement, cohen_kappa, load_coding
from graphkit.cli import cli

from .scoring import f1, score

HERE = pathlib.Path(__file__).resolve().parent
GOLD = HERE / 'gold'                 # the sample corpus's gold (= shared/gold/measures), with unit_variants.json
REAL_GOLD = HERE / 'real' / 'gold'


def _write_jsonl(path, docs):
    """Measures as ``graphkit extract --format jsonl`` writes them."""
    with open(path, 'w', encoding='utf-8') as f:
        for doc in docs:
            for m in doc.measures:
                f.write(json.dumps(m.to_dict(), ensure_ascii=False) + '\n')
    return path


def _scoring_totals(gold_dir, measures_by_doc):
    """tests/scoring.py over every gold file: (tp, fp, fn, gold measures, found)."""
    tp = fp = fn = gold_ms = found = 0
    for path in sorted(gold_dir.glob('*.json')):
        gold = json.loads(path.read_text(encoding='utf-8'))
        if 'measures' not in gold:
            continue
        a, b, c, d = score(gold, measures_by_doc.get(gold['doc'], []))
        tp, fp, fn, gold_ms, found = tp + a, fp + b, fn + c, gold_ms + len(gold['measures']), found + d
    return tp, fp, fn, gold_ms, found


def _consistent(r):
    for v in list(r['roles'].values()) + [r['units']]:
        p, rec, f = v['precision'], v['recall'], v['f1']
        assert f == pytest.approx(2 * p * rec / (p + rec) if p + rec else 0.0)
    for k in ('a', 'b', 'both'):
        assert r['roles']['all'][k] == r['roles']['lead'][k] + r['roles']['support'][k]


# --- the scorer's figures ------------------------------------------------------

def test_sample_corpus_against_its_gold(sample_docs, tmp_path):
    """`score.py extraction` of graphkit's jsonl of data/*.txt against the gold
    (shared/gold/measures, copied to tests/gold) printed measure_recall 1.0,
    triple P/R/F1 1.0 and unit_f1_ignoring_role 1.0."""
    pred = _write_jsonl(tmp_path / 'sample.jsonl', sample_docs.values())
    r = agreement(pred, GOLD)
    assert r['reference'] == 'B' and r['b']['kind'] == 'gold' and r['a']['kind'] == 'measures'
    assert round(r['measure_recall'], 4) == 1.0
    assert [round(r['roles']['all'][k], 4) for k in ('precision', 'recall', 'f1')] == [1.0, 1.0, 1.0]
    assert round(r['units']['f1'], 4) == 1.0
    assert r['documents'] == {'compared': 4, 'only_a': 1, 'only_b': 0}      # 004 has no gold
    assert r['measures']['matched'] == r['b']['measures'] == 124
    assert (r['roles']['lead']['b'], r['roles']['support']['b']) == (69, 244)
    assert r['kappa']['kappa'] == 1.0 and r['kappa']['items'] == 313
    _consistent(r)
    by_doc = {name: [m.to_dict() for m in doc.measures] for name, doc in sample_docs.items()}
    tp, fp, fn, gold_ms, found = _scoring_totals(GOLD, by_doc)
    assert (r['roles']['all']['both'], r['roles']['all']['a'], r['roles']['all']['b']) == (tp, tp + fp, tp + fn)


def test_real_corpus_equals_the_test_scoring(real_docs, tmp_path):
    """Graphkit's extraction of tests/real/corpus against tests/real/gold: the
    triples counted, and so the figures, are tests/scoring.py's (which test_real.py
    holds to its thresholds)."""
    pred = _write_jsonl(tmp_path / 'real.jsonl', real_docs.values())
    r = agreement(pred, REAL_GOLD)
    by_doc = {name: [m.to_dict() for m in doc.measures] for name, doc in real_docs.items()}
    tp, fp, fn, gold_ms, found = _scoring_totals(REAL_GOLD, by_doc)
    got = r['roles']['all']
    assert (got['both'], got['a'] - got['both'], got['b'] - got['both']) == (tp, fp, fn)
    assert got['f1'] == pytest.approx(f1(tp, fp, fn))
    assert r['measures']['matched'] == found and r['measure_recall'] == pytest.approx(found / gold_ms)
    _consistent(r)
    # the same with the gold first: gold stays the reference, the counts swap sides
    s = agreement(REAL_GOLD, pred)
    assert s['reference'] == 'A' and s['roles']['all']['f1'] == got['f1']
    assert (s['roles']['all']['a'], s['roles']['all']['b']) == (got['b'], got['a'])
    assert s['kappa']['kappa'] == pytest.approx(r['kappa']['kappa'])


def _perturbed(gold):
    """A second coding of a gold document, wrong in known ways."""
    out = []
    for i, g in enumerate(gold['measures']):
        if i % 7 == 3:
            continue                                        # a measure left out
        lead = [e[-1] if isinstance(e, list) else e for e in g['lead']]     # one alternative each
        support = [e[0] if isinstance(e, list) else e for e in g['support']]
        if i % 5 == 1 and lead and support:
            lead[0], support[0] = support[0], lead[0]       # roles swapped
        if i % 4 == 2 and support:
            support.pop()                                   # a unit missed
        if i % 6 == 0:
            support.append('某某办公室')                      # a unit too many
        title = f'({i + 1})' + g['title'] if i % 3 == 0 else g['title']
        out.append({'doc': 'corpus/' + gold['doc'], 'title': title, 'text': '', 'lead': lead, 'support': support})
    out.append({'doc': gold['doc'], 'title': '附件说明材料清单', 'text': '', 'lead': ['市政府办公室'], 'support': []})
    return out


def test_a_coding_with_known_errors_scores_as_the_scorer(tmp_path):
    """Independent of extraction: the real gold, with measures dropped, roles
    swapped, units missed and added, alternatives and an extra measure. The figures
    are those `score.py extraction` printed for this file against tests/real/gold
    (rerun it if the gold changes)."""
    by_doc = {}
    with open(tmp_path / 'perturbed.jsonl', 'w', encoding='utf-8') as f:
        for path in sorted(REAL_GOLD.glob('*.json')):
            gold = json.loads(path.read_text(encoding='utf-8'))
            by_doc[gold['doc']] = _perturbed(gold)
            for m in by_doc[gold['doc']]:
                f.write(json.dumps(m, ensure_ascii=False) + '\n')
    r = agreement(tmp_path / 'perturbed.jsonl', REAL_GOLD)
    summary = {'measure_recall': round(r['measure_recall'], 4),
               'triple_precision': round(r['roles']['all']['precision'], 4),
               'triple_recall': round(r['roles']['all']['recall'], 4),
               'triple_f1': round(r['roles']['all']['f1'], 4), 'unit_f1_ignoring_role': round(r['units']['f1'], 4)}
    assert summary == {'measure_recall': 0.8586, 'triple_precision': 0.8223, 'triple_recall': 0.7245,
                       'triple_f1': 0.7703, 'unit_f1_ignoring_role': 0.8639}
    tp, fp, fn, _, found = _scoring_totals(REAL_GOLD, by_doc)
    assert (r['roles']['all']['both'], r['roles']['all']['a'], r['roles']['all']['b']) == (tp, tp + fp, tp + fn)
    assert r['measures'] == {'matched': found, 'only_a': 26, 'only_b': 481 - found}
    _consistent(r)
    assert 0 < r['kappa']['kappa'] < 1


# --- kappa by hand ---------------------------------------------------------------

def _coding(name, *measures, gold=False, doc='d.txt'):
    return Coding({doc: [{'title': t, 'lead': lead, 'support': support} for t, lead, support in measures]},
                  name, gold=gold)


def test_perfect_agreement():
    a = _coding('A', ('扩大学位供给', ['市教育局'], ['市财政局', '市人社局']), ('保障用地', ['市自然资源局'], []))
    b = _coding('B', ('扩大学位供给', ['市教育局'], ['市人社局', '市财政局']), ('保障用地', ['市自然资源局'], []))
    r = agreement(a, b)
    assert r['kappa']['kappa'] == 1.0 and r['kappa']['items'] == 4
    assert all(v['f1'] == 1.0 for v in r['roles'].values())


def test_two_by_two_table():
    """Ten units of one measure, each lead or support for both coders:

                  B lead  B support
        A lead       4        1        (u1-u4; u5)
        A support    2        3        (u9, u10; u6-u8)

    p_o = 7/10; A puts 5/10 in lead, B 6/10; p_e = .5 × .6 + .5 × .4 = .5;
    kappa = (.7 − .5) / (1 − .5) = 0.4."""
    u = [f'单位{i}' for i in range(1, 11)]
    a = _coding('A', ('任务', u[0:5], u[5:10]))
    b = _coding('B', ('任务', u[0:4] + u[8:10], u[4:8]))
    r = agreement(a, b)
    k = r['kappa']
    assert (k['items'], k['observed'], k['expected']) == (10, pytest.approx(0.7), pytest.approx(0.5))
    assert k['kappa'] == pytest.approx(0.4)
    assert k['table']['lead'] == {'lead': 4, 'support': 1, 'none': 0}
    assert k['table']['support'] == {'lead': 2, 'support': 3, 'none': 0}
    lead, support, both = r['roles']['lead'], r['roles']['support'], r['roles']['all']
    assert (lead['a'], lead['b'], lead['both']) == (5, 6, 4)
    assert (support['a'], support['b'], support['both']) == (5, 4, 3)
    assert (both['precision'], both['recall']) == (pytest.approx(0.7), pytest.approx(0.7))
    assert r['units']['f1'] == 1.0                 # the same ten units, whatever their role


def test_units_named_by_one_coder_only():
    """A: lead X, support Y Z; B: lead X, support Y W. Items X (lead, lead),
    Y (support, support), Z (support, none), W (none, support): p_o = 2/4; both
    coders 1/4 lead, 2/4 support, 1/4 none, p_e = 1/16 + 4/16 + 1/16 = 3/8;
    kappa = (1/2 − 3/8) / (5/8) = 0.2."""
    a = _coding('A', ('任务', ['X局'], ['Y局', 'Z局']))
    b = _coding('B', ('任务', ['X局'], ['Y局', 'W局']))
    k = agreement(a, b)['kappa']
    assert k['items'] == 4 and k['kappa'] == pytest.approx(0.2)
    assert k['table']['none'] == {'lead': 0, 'support': 1, 'none': 0}


def test_roles_swapped_is_total_disagreement():
    a = _coding('A', ('任务', ['X局'], ['Y局']))
    b = _coding('B', ('任务', ['Y局'], ['X局']))
    r = agreement(a, b)
    assert r['kappa']['kappa'] == pytest.approx(-1.0)
    assert r['roles']['all']['f1'] == 0.0 and r['units']['f1'] == 1.0


def test_cohen_kappa_edge_cases():
    assert cohen_kappa([])['kappa'] is None
    assert cohen_kappa([('lead', 'lead')] * 3)['kappa'] == 1.0          # p_e = 1
    assert cohen_kappa([('a', 'b'), ('b', 'a')])['kappa'] == pytest.approx(-1.0)


def test_unmatched_measures_alternatives_and_incomplete_gold():
    gold = Coding({'d.txt': [{'title': '扩大学位供给', 'lead': [['市教育局', '教育局']], 'support': []},
                             {'title': '保障学校建设用地', 'lead': ['市自然资源局'], 'support': []}]},
                  'gold', gold=True)
    pred = _coding('pred', ('一、扩大学位供给', ['教育局'], []), ('完全无关的另一件事情', ['市财政局'], []))
    r = agreement(pred, gold)
    assert r['reference'] == 'B'
    assert r['measures'] == {'matched': 1, 'only_a': 1, 'only_b': 1}
    assert (r['roles']['all']['both'], r['roles']['all']['a'], r['roles']['all']['b']) == (1, 2, 2)
    assert r['kappa']['items'] == 1 and r['kappa']['kappa'] == 1.0     # unmatched measures take no part
    gold.incomplete.add('d.txt')                     # not every measure annotated: extra measures cost nothing
    r = agreement(pred, gold)
    assert (r['roles']['all']['a'], r['roles']['all']['precision']) == (1, 1.0)


# --- reading codings and the command ---------------------------------------------

def test_load_codings(tmp_path):
    folder = load_coding(GOLD)                       # unit_variants.json passed over
    assert folder.gold and len(folder.documents) == 4
    one = load_coding(GOLD / '002_bcc968c15fa4bd2a.json')
    assert one.gold and list(one.documents) == ['002_bcc968c15fa4bd2a.txt']
    assert one.documents['002_bcc968c15fa4bd2a.txt'] == folder.documents['002_bcc968c15fa4bd2a.txt']
    (tmp_path / 'empty.jsonl').write_text('', encoding='utf-8')
    assert load_coding(tmp_path / 'empty.jsonl').documents == {}
    (tmp_path / 'bad.jsonl').write_text('{"doc": "a.txt", "title": "T", "lead": "市教育局"}\n', encoding='utf-8')
    with pytest.raises(CodingError, match='line 1: "lead" is not a list'):
        load_coding(tmp_path / 'bad.jsonl')


def test_extract_json_output_is_a_coding(tmp_path):
    """`graphkit extract --format json` (documents with their measures) reads as the jsonl does."""
    runner = CliRunner()
    files = [str(HERE.parent / 'data' / '001_e4a5ec15abd1b800.txt')]
    for fmt in ('json', 'jsonl'):
        r = runner.invoke(cli, ['extract', '--format', fmt, '-j', '1'] + files)
        assert r.exit_code == 0, r.output
        (tmp_path / f'm.{fmt}').write_text(r.stdout, encoding='utf-8')
    a, b = load_coding(tmp_path / 'm.json'), load_coding(tmp_path / 'm.jsonl')
    assert list(a.documents) == ['001_e4a5ec15abd1b800.txt'] and a.measure_count == b.measure_count == 20
    assert agreement(a, b)['kappa']['kappa'] == 1.0


def test_command(sample_docs, tmp_path):
    pred = str(_write_jsonl(tmp_path / 'sample.jsonl', sample_docs.values()))
    runner = CliRunner()
    r = runner.invoke(cli, ['agreement', pred, str(GOLD)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith('A: ') and lines[0].endswith('compared)')
    assert lines[1].startswith('B: ') and lines[1].endswith('the reference)')
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.split()[:1] in (['lead'], ['support'], ['all'])}
    assert rows['all'] == ['313', '313', '313', '1.0000', '1.0000', '1.0000']
    assert rows['lead'][:3] == ['69', '69', '69']
    assert any(line.startswith("Cohen's kappa (measure, unit, role): 1.0000") for line in lines)
    assert 'measures: 124 matched, 4 only in A, 0 only in B' in r.stdout
    j = runner.invoke(cli, ['agreement', pred, str(GOLD), '--json'])
    assert j.exit_code == 0
    data = json.loads(j.stdout)
    assert data == json.loads(json.dumps(agreement(pred, GOLD)))
    assert data['reference'] == 'B' and data['roles']['all']['f1'] == 1.0 and data['kappa']['kappa'] == 1.0


@pytest.mark.parametrize('content, problem', [
    (None, 'No such file or directory'),
    ('{"doc": "a.txt", "title": "T"\n', 'line 1: not JSON'),
    ('[1, 2]', 'item 1: not a JSON object'),
    ('{"about": "no measures here"}', 'neither a gold file'),
])
def test_command_on_a_bad_file(tmp_path, content, problem):
    bad = tmp_path / 'codes.jsonl'
    if content is not None:
        bad.write_text(content, encoding='utf-8')
    r = CliRunner().invoke(cli, ['agreement', str(bad), str(GOLD)])
    assert r.exit_code == 1 and r.stdout == ''
    assert r.stderr.splitlines() == [r.stderr.strip()] and r.stderr.startswith(f'Error: {bad}: {problem}')
    r = CliRunner().invoke(cli, ['agreement', str(GOLD), str(tmp_path)])          # a folder without gold
    assert r.exit_code == 1 and r.stderr.startswith(f'Error: {tmp_path}: no gold files')
