"""A reviewer's corrections as input (corrections.tsv) and the review page that makes them."""
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit
from graphkit import store
from graphkit.cli import cli
from graphkit.corrections import CorrectionsError, apply, parse_corrections

from .conftest import DATA
from .scoring import _count, _match, norm_unit, score
from .test_render import browser  # noqa: F401  (the module's headless chromium)

sys.path.insert(0, str(Path(__file__).parent))
from render_support import open_offline  # noqa: E402

DOC = '001_e4a5ec15abd1b800.txt'
HEADER = 'document hash\tmeasure\tunit as written\taction\trole\tnote\n'


def sha(path):
    return store.file_hash(path)


def edges(out):
    data = json.loads((out / 'graph.json').read_text(encoding='utf-8'))
    return {(e['source'], e['target']): (e['role'], e['role_source']) for e in data['edges']}


@pytest.mark.parametrize('line, problem', [
    ('abc\t一\t市教育局\tpromote\tlead\t', "action 'promote'"),
    ('abc\t一\t市教育局\trole\tboss\t', "needs a role"),
    ('abc\t一\t\tremove\t\t', 'needs the unit'),
    ('\t一\t市教育局\tremove\t\t', 'document hash'),
])
def test_a_bad_corrections_line_is_named(line, problem):
    with pytest.raises(CorrectionsError, match=re.escape(f'c.tsv line 2: ') + '.*' + re.escape(problem)):
        parse_corrections(HEADER + line + '\n', 'c.tsv')


def test_a_corrected_role_changes_exactly_that_edge(tmp_path):
    plain = tmp_path / 'plain'
    graphkit.build([DATA], out=plain, jobs=1, html=False)
    corrections = tmp_path / 'c.tsv'
    corrections.write_text(HEADER + f'{sha(DATA / DOC)}\t二.(一).1\t市财政局\trole\tlead\tfinance leads\n',
                           encoding='utf-8')
    out = tmp_path / 'out'
    g = graphkit.build([DATA], out=out, jobs=1, html=False, corrections=corrections)
    before, after = edges(plain), edges(out)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    key = (f'm:{DOC}#二.(一).1', 'u:普宁市财政局')
    assert changed == {key} and before[key][0] == 'support' and after[key] == ('lead', 'corrected')
    assert g.review == {'corrected': 1, 'checked': 0, 'problems': []}
    assert '1 corrections applied, 0 measures checked' in (out / 'report.md').read_text(encoding='utf-8')


def test_corrections_that_no_longer_fit_are_reported(tmp_path):
    h = sha(DATA / DOC)
    corrections = tmp_path / 'c.tsv'
    corrections.write_text(HEADER + f'{h}\t九.(九)\t\tchecked\t\t\n'
                           f'{h}\t二.(一).1\t市公安局\tremove\t\t\n'
                           f'{"0" * 64}\t一\t\tchecked\t\t\n'
                           f'{h}\t二.(一).3\t\tnot-a-measure\t\t\n'
                           f'{h}\t二.(二)\t\tchecked\t\t\n', encoding='utf-8')
    r = CliRunner().invoke(cli, ['build', str(DATA), '-o', str(tmp_path / 'out'), '-j', '1', '--no-html',
                                 '--corrections', str(corrections)])
    assert r.exit_code == 0, r.output
    lines = [x for x in r.stderr.splitlines() if 'not applied' in x]
    assert len(lines) == 3
    assert 'c.tsv line 2' in lines[0] and 'no measure 九.(九)' in lines[0]
    assert any('line 3' in x and 'does not name 市公安局' in x for x in lines)
    assert any('line 4' in x and 'no document with hash 000000000000' in x for x in lines)
    g = graphkit.load(tmp_path / 'out')
    assert f'm:{DOC}#二.(一).3' not in g.G and g.G.nodes[f'm:{DOC}#二.(二)']['checked'] is True
    report = (tmp_path / 'out' / 'report.md').read_text(encoding='utf-8')
    assert '2 corrections applied, 1 measures checked by a reviewer; 3 not applied' in report


def test_corrections_count_in_incremental_builds(tmp_path, monkeypatch):
    from graphkit import batch
    docs = tmp_path / 'docs'
    shutil.copytree(DATA, docs, ignore=shutil.ignore_patterns('*.md'))
    c = tmp_path / 'c.tsv'
    c.write_text(HEADER + f'{sha(docs / DOC)}\t二.(二)\t\tchecked\t\t\n', encoding='utf-8')
    first = graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False, corrections=c)
    extracted = []
    real = batch._extract_star
    monkeypatch.setattr(batch, '_extract_star', lambda args: extracted.append(args[1]) or real(args))
    again = graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False, corrections=c)
    assert extracted == [] and again.review == first.review == {'corrected': 1, 'checked': 1, 'problems': []}
    c.write_text(HEADER + f'{sha(docs / DOC)}\t二.(二)\t市委编办\tremove\t\t\n', encoding='utf-8')
    third = graphkit.build([docs], out=tmp_path / 'out', jobs=1, html=False, corrections=c)
    assert extracted == [DOC] and third.review['checked'] == 0
    assert 'u:中共普宁市委机构编制委员会办公室' not in third.G[f'm:{DOC}#二.(二)']


def corrections_from_gold(doc, h, gold):
    """The corrections that turn graphkit's extraction of a document into its gold."""
    measures = [{'title': m.title, 'text': m.text, 'lead': m.lead, 'support': m.support} for m in doc.measures]
    matched = _match(gold['measures'], measures)
    lines = []
    for gi, pi in matched.items():
        m, g = doc.measures[pi], gold['measures'][gi]
        want = {}
        for role in ('lead', 'support'):
            for entry in g[role]:
                alts = entry if isinstance(entry, list) else [entry]
                have = [d.unit for d in m.duties if norm_unit(d.unit) in {norm_unit(a) for a in alts}]
                want[have[0] if have else alts[0]] = role
        for d in m.duties:
            if d.unit not in want:
                lines.append((m.id, d.unit, 'remove', ''))
            elif want[d.unit] != d.role:
                lines.append((m.id, d.unit, 'role', want[d.unit]))
        written = {d.unit for d in m.duties}
        lines += [(m.id, u, 'add', role) for u, role in want.items() if u not in written]
    if gold.get('complete', True):
        lines += [(m.id, '', 'not-a-measure', '') for pi, m in enumerate(doc.measures) if pi not in matched.values()]
    return ''.join(f'{h}\t{mid}\t{u}\t{a}\t{r}\t\n' for mid, u, a, r in lines)


def test_gold_turned_into_corrections_reproduces_the_gold(real_docs):
    """On the real documents where extraction is imperfect: every matched measure comes out
    exactly as its gold, and nothing outside the gold is left."""
    from .test_real import REAL
    text, golds = HEADER, {}
    for path in sorted((REAL / 'gold').glob('*.json')):
        gold = json.loads(path.read_text(encoding='utf-8'))
        doc = real_docs[gold['doc']]
        measures = [{'title': m.title, 'text': m.text, 'lead': m.lead, 'support': m.support} for m in doc.measures]
        tp, fp, fn, _ = score(gold, measures)
        if fp or fn:
            golds[gold['doc']] = gold
            text += corrections_from_gold(doc, sha(REAL / 'corpus' / gold['doc']), gold)
    assert len(golds) >= 3
    corrections = parse_corrections(text, 'c.tsv')
    applied = 0
    for name, gold in golds.items():
        doc = graphkit.extract(REAL / 'corpus' / name)
        pairs = _match(gold['measures'], [{'title': m.title, 'text': m.text} for m in doc.measures])
        ids = {doc.measures[pi].id: gi for gi, pi in pairs.items()}
        done = apply(doc, corrections.of(sha(REAL / 'corpus' / name)), 'c.tsv')
        assert done.problems == []
        applied += done.applied
        # each measure matched to its gold is now that gold; the rest are dropped
        assert {m.id for m in doc.measures} == set(ids) or not gold.get('complete', True)
        for m in doc.measures:
            if m.id in ids:
                g = gold['measures'][ids[m.id]]
                for role in ('lead', 'support'):
                    assert _count(g[role], getattr(m, role))[1:] == (0, 0), (name, m.id, role)
    assert applied == len(corrections.lines)


# ------------------------------------------------------------------ the page

@pytest.fixture(scope='module')
def reviewed(tmp_path_factory):
    out = tmp_path_factory.mktemp('review')
    graphkit.build([DATA], out=out, jobs=1)
    return out


def open_review(browser, path):  # noqa: F811
    context, page, log = open_offline(browser, path, wait_stable=False)
    page.wait_for_selector('html[data-ready=true]', state='attached')
    return context, page, log


def test_the_review_page_highlights_every_clause_and_name(browser, reviewed):  # noqa: F811
    context, page, log = open_review(browser, reviewed / 'review.html')
    G = graphkit.load(reviewed).G
    for i, d in enumerate(G.graph['documents']):
        page.evaluate('i => graphkitReview.showDocument(i)', i)
        sections = page.locator('section.measure')
        measures = [m for m, a in G.nodes(data=True) if a.get('doc') == d['name']]
        assert sections.count() == len(measures)
        marked = page.evaluate('''() => [...document.querySelectorAll('section.measure')].map(s =>
            [s.dataset.measure, s.querySelectorAll('mark.clause').length, s.querySelectorAll('.name').length,
             s.querySelectorAll('.chip').length])''')
        for mid, clauses, names, chips in marked:
            node = f"m:{d['name']}#{mid}"
            assert bool(clauses) == bool(G.nodes[node].get('clauses')), node
            assert chips == G.degree(node)
            if any(G[node][u].get('name_span') for u in G[node]):
                assert names >= 1, node
    context.close()
    assert log.blocked == [] and log.console_errors == [] and log.page_errors == []


def test_changing_a_role_exports_the_line_that_changes_the_edge(browser, reviewed, tmp_path):  # noqa: F811
    context, page, log = open_review(browser, reviewed / 'review.html')
    i = page.evaluate(f'graphkitReview.data.docs.findIndex(d => d.name === "{DOC}")')
    page.evaluate('i => graphkitReview.showDocument(i)', i)
    section = page.locator('section.measure[data-measure="二.(一).1"]')
    section.locator('.chip[data-unit="市财政局"]').click()
    page.locator('#menu button[data-role="lead"]').click()
    assert section.locator('.chip[data-unit="市财政局"]').get_attribute('data-role') == 'lead'
    tsv = page.evaluate('graphkitReview.exportTSV()')
    context.close()
    assert tsv == HEADER + f'{sha(DATA / DOC)}\t二.(一).1\t市财政局\trole\tlead\t\n'
    (tmp_path / 'c.tsv').write_text(tsv, encoding='utf-8')
    graphkit.build([DATA], out=tmp_path / 'out', jobs=1, html=False, corrections=tmp_path / 'c.tsv')
    before, after = edges(reviewed), edges(tmp_path / 'out')
    assert {k for k in before if before[k] != after.get(k)} == {(f'm:{DOC}#二.(一).1', 'u:普宁市财政局')}


def test_changes_survive_a_reload_and_text_is_never_run(browser, tmp_path):  # noqa: F811
    docs = tmp_path / 'docs'
    docs.mkdir()
    (docs / 'x.txt').write_text('𠮷𫖯县方案\n一、任务\n1.<img src=x onerror="window.__xss=1">建设学校<script>window.__xss=2</script>。'
                                '(牵头单位:市教育局;配合单位:市<b>财政</b>局)\n', encoding='utf-8')
    graphkit.build([docs], out=tmp_path / 'out', jobs=1)
    path = tmp_path / 'out' / 'review.html'
    assert '<script>window.__xss' not in path.read_text(encoding='utf-8')
    context, page, log = open_review(browser, path)
    assert page.evaluate('typeof window.__xss') == 'undefined'
    assert '<script>window.__xss=2</script>' in page.inner_text('#doc-body')
    assert page.evaluate('document.querySelectorAll("#doc-body img, #doc-body script, #doc-body b").length') == 0
    # characters beyond the BMP before them shift nothing: the names are underlined where written
    assert page.evaluate('[...document.querySelectorAll(".name")].map(x => x.textContent)')[0] == '市教育局'
    page.evaluate('graphkitReview.record(0, graphkitReview.data.measures[0].id, "", "checked")')
    page.reload()
    page.wait_for_selector('html[data-ready=true]', state='attached')
    assert page.evaluate('graphkitReview.changes().length') == 1
    assert page.locator('section.measure.checked').count() == 1
    context.close()
    assert log.blocked == [] and log.page_errors == []


def test_the_sample_gold_turned_into_corrections_over_a_damaged_extraction_is_reproduced(sample_docs):
    """The sample corpus is extracted exactly: damage the extraction (roles swapped, units
    dropped and invented), then the gold's corrections must undo every change."""
    import copy
    from dataclasses import replace

    from .conftest import GOLD
    checked = 0
    for path in sorted(GOLD.glob('0*.json')):
        gold = json.loads(path.read_text(encoding='utf-8'))
        doc = copy.deepcopy(sample_docs[gold['doc']])
        for k, m in enumerate(doc.measures):
            if k % 3 == 0 and m.duties:
                m.duties = [replace(d, role='support' if d.role == 'lead' else 'lead') for d in m.duties]
            if k % 5 == 1 and m.duties:
                m.duties = m.duties[1:]
            if k % 7 == 2:
                m.duties = m.duties + [replace(m.duties[0], unit='市某某局')] if m.duties else m.duties
        h = sha(DATA / gold['doc'])
        corrections = parse_corrections(HEADER + corrections_from_gold(doc, h, gold), 'c.tsv')
        checked += len(corrections.lines)
        done = apply(doc, corrections.of(h), 'c.tsv')
        assert done.problems == [] and done.applied == len(corrections.lines)
        measures = [{'title': m.title, 'text': m.text, 'lead': m.lead, 'support': m.support} for m in doc.measures]
        tp, fp, fn, found = score(gold, measures)
        assert fp == fn == 0 and found == len(gold['measures'])
    assert checked >= 30        # corrections of every kind were needed
