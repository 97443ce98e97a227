import re

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.xmlgraph import gexf, graphml


def sample():
    G = nx.Graph(generator='graphkit test', documents='[]')
    G.add_node('m:a.txt#1', kind='measure', text='<script>alert("x")</script> & 市\n第二行\t\x0b', lead=0)
    G.add_node('u:市教育局', kind='unit', label='市教育局', lead=3, betweenness=0.25, exact=True)
    G.add_edge('m:a.txt#1', 'u:市教育局', role='lead', name='市教育局')
    return G


def test_graphml_round_trip_keeps_types_and_text():
    H = nx.parse_graphml(graphml(sample()))
    assert H.nodes['m:a.txt#1']['text'] == '<script>alert("x")</script> & 市\n第二行\t'
    u = H.nodes['u:市教育局']
    assert (u['lead'], u['betweenness'], u['exact']) == (3, 0.25, True)
    assert H['m:a.txt#1']['u:市教育局']['role'] == 'lead'


def test_gexf_round_trip_keeps_types_labels_and_text():
    import io
    H = nx.read_gexf(io.BytesIO(gexf(sample()).encode('utf-8')))
    assert H.nodes['u:市教育局']['label'] == '市教育局'
    assert H.nodes['u:市教育局']['lead'] == 3 and H.nodes['u:市教育局']['betweenness'] == 0.25
    assert H.nodes['m:a.txt#1']['text'].startswith('<script>') and '\n第二行' in H.nodes['m:a.txt#1']['text']


@given(st.text(max_size=80))
@settings(max_examples=150, deadline=None)
def test_any_text_stays_well_formed(s):
    G = nx.Graph()
    G.add_node('n', text=s)
    H = nx.parse_graphml(graphml(G))
    assert H.nodes['n'].get('text', '') == re.sub('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]', '', s)
