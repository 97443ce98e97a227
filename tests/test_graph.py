import networkx as nx
import pytest

import graphkit
from graphkit import analysis
from graphkit.graph import AmbiguousUnit, ResponsibilityGraph, UnitNotFound

from .conftest import DATA, gold


@pytest.fixture(scope='module')
def sample_graph():
    return graphkit.build([DATA], jobs=1)


def small_graph():
    a = graphkit.extract_text('1.建设学校。(牵头单位:市教育局;责任单位:市财政局、市人社局)\n'
                              '2.保障经费。(牵头单位:市财政局;责任单位:市教育局)\n'
                              '3.培训教师。(市教育局)\n4.宣传引导。正文。', name='a.txt')
    a.jurisdiction = '甲市'
    b = graphkit.extract_text('1.建设学校。(牵头单位:市教育局;责任单位:市财政局)', name='b.txt')
    b.jurisdiction = '乙市'
    return ResponsibilityGraph.from_documents([a, b])


def test_sample_corpus_figures(sample_graph):
    g = sample_graph
    s = g.summary()
    gold_leads = sum(len(m['lead']) for name in ['000_8f9cbb4accac17dc', '001_e4a5ec15abd1b800',
                                                  '002_bcc968c15fa4bd2a', '003_e7dfb5008a7212f3']
                     for m in gold(name + '.json')['measures'])
    assert s['lead_edges'] == gold_leads == 69
    assert len(g.documents) == 5
    top = g.top('lead', 1)[0]
    assert top['unit'] == '普宁市教育局' and top['lead'] == 40


def test_units_merge_within_a_jurisdiction_only(sample_graph):
    g = sample_graph
    puning = g.unit('市教育局', jurisdiction='普宁市')
    guiyang = g.unit('市教育局', jurisdiction='贵阳市')
    assert puning['name'] != guiyang['name']
    docs = {m['doc'] for m in g.measures(puning['name'], role='lead')}
    assert docs == {'000_8f9cbb4accac17dc.txt', '001_e4a5ec15abd1b800.txt'}
    with pytest.raises(AmbiguousUnit) as e:
        g.unit('市教育局')
    assert len(e.value.candidates) == 2
    for u in analysis.units(g.G):
        assert not g.G.nodes[u]['name'].startswith(('市', '县')), u


def test_unit_lookup_by_variant_and_fuzzy():
    g = small_graph()
    assert g.unit('甲市教育局')['lead'] == 2
    assert g.unit('市人社局', jurisdiction='甲市')['support'] == 1
    with pytest.raises(UnitNotFound):
        g.unit('市气象局')


def test_measures_partners_and_roles():
    g = small_graph()
    led = g.measures('甲市教育局', role='lead')
    assert [m['title'] for m in led] == ['建设学校', '培训教师']
    assert led[0]['support'] == sorted(['甲市财政局', '甲市人力资源社会保障局'])
    partners = g.partners('甲市教育局')
    assert partners[0] == {'unit': '甲市财政局', 'shared': 2, 'it_leads': 1, 'partner_leads': 1,
                           'both_support': 0, 'both_lead': 0}


def test_projections_and_orphans():
    G = small_graph().G
    P = analysis.co_responsibility(G)
    assert P['u:甲市教育局']['u:甲市财政局']['weight'] == 2
    assert P['u:甲市财政局']['u:甲市人力资源社会保障局']['support_support'] == 1
    D = analysis.coordination(G)
    assert D['u:甲市教育局']['u:甲市人力资源社会保障局']['weight'] == 1 and not D.has_edge('u:甲市人力资源社会保障局', 'u:甲市教育局')
    assert analysis.orphans(G) == ['m:a.txt#4']


def test_centrality_rows_and_role_labels():
    rows = {r['unit']: r for r in small_graph().centrality(as_frame=False)}
    edu = rows['甲市教育局']
    assert (edu['lead'], edu['support'], edu['weighted_degree'], edu['role']) == (2, 1, 5.0, 'leading')
    assert rows['甲市人力资源社会保障局']['role'] == 'auxiliary'
    assert not edu['betweenness_approximate']


def test_weights_are_options():
    g = small_graph()
    rows = {r['unit']: r for r in analysis.centrality_table(g.G, {'lead': 3, 'support': 0.5})}
    assert rows['甲市教育局']['weighted_degree'] == 6.5


def test_subgraph_by_document_and_unit():
    g = small_graph()
    sub = g.subgraph(documents='b.txt')
    assert [d['name'] for d in sub.documents] == ['b.txt']
    assert len(analysis.measures(sub.G)) == 1
    sub = g.subgraph(units=['甲市人力资源社会保障局'])
    assert analysis.measures(sub.G) == ['m:a.txt#1']
    assert isinstance(g.to_networkx(), nx.Graph)


def test_keywords_of_measures(sample_graph):
    G = sample_graph.G
    kws = [k for m in analysis.measures(G) for k in G.nodes[m]['keywords']]
    assert '教师' in kws and '推进' not in kws
    table = analysis.topic_table(G, 5)
    assert table and table[0]['measures'] >= table[-1]['measures']


def test_communities_are_seeded():
    P = analysis.co_responsibility(small_graph().G)
    assert analysis.communities(P) == analysis.communities(P)


def test_subgraph_recounts_units():
    docs = []
    for name, text in [('a.txt', '1.建设学校。(牵头单位:市教育局;责任单位:市财政局)\n2.保障经费。(牵头单位:市财政局)'),
                       ('b.txt', '1.培训教师。(牵头单位:市教育局;责任单位:市财政局)')]:
        doc = graphkit.extract_text(text, name=name)
        doc.jurisdiction = '甲市'
        docs.append(doc)
    g = ResponsibilityGraph.from_documents(docs)
    edu, fin = 'u:甲市教育局', 'u:甲市财政局'
    assert (g.G.nodes[edu]['lead'], g.G.nodes[fin]['lead'], g.G.nodes[fin]['support']) == (2, 1, 2)
    sub = g.subgraph(documents='b.txt')
    # counts describe the subgraph, not the whole graph
    assert (sub.G.nodes[edu]['lead'], sub.G.nodes[fin]['lead'], sub.G.nodes[fin]['support']) == (1, 0, 1)
    assert [d['name'] for d in sub.documents] == ['b.txt']
    sub = g.subgraph(units=['市财政局'])
    assert edu not in sub.G and sub.G.nodes[fin]['lead'] == 1
    assert list(sub.G) == [n for n in g.G if n in sub.G]      # graph order kept


def test_unit_jurisdiction_comes_from_the_resolved_name():
    doc = graphkit.extract_text('一、加强师资建设(牵头单位:教育部、市教育局;配合单位:国家发展改革委、省教育厅、'
                                '贵州双龙航空港经济区管委会)', name='p.txt')
    doc.jurisdiction = '普宁市'
    G = ResponsibilityGraph.from_documents([doc]).G
    where = {a['name']: a['jurisdiction'] for _, a in G.nodes(data=True) if a['kind'] == 'unit'}
    assert where == {'教育部': '', '普宁市教育局': '普宁市', '国家发展改革委员会': '',
                     '广东省教育厅': '广东省', '贵州双龙航空港经济区管理委员会': '贵州省'}
