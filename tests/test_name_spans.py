"""Every duty points at the words that name its unit in the document's text (issue:
every edge traceable to its sentence)."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphkit
from graphkit.extract import locate_names
from graphkit.model import Duty
from graphkit.read import parse_form


def written(doc, d):
    """The text a duty's name_span covers, as the parsers read it, spaces aside."""
    return re.sub(r'\s', '', parse_form(doc.text[slice(*d.name_span)]))


def check(docs):
    partial = 0
    for name, doc in docs.items():
        for m in doc.measures:
            for d in m.duties:
                assert d.name_span, (name, m.id, d.unit)
                w = written(doc, d)
                if d.name_whole:
                    assert w == d.unit, (name, m.id, d.unit, w)
                else:
                    partial += 1
                    assert d.unit.startswith(w) or d.unit.endswith(w), (name, m.id, d.unit, w)
                    assert len(w) * 2 >= len(d.unit)
                if d.span:                            # inside its clause
                    assert d.span[0] <= d.name_span[0] and d.name_span[1] <= d.span[1]
    return partial


def test_every_duty_of_the_samples_points_at_its_name(sample_docs):
    check(sample_docs)


def test_every_duty_of_the_real_documents_points_at_its_name(real_docs):
    partial = check(real_docs)
    assert 0 < partial < 100        # lists sharing a prefix (省公安厅、财政厅) name part of a unit


def test_two_duties_of_one_name_take_its_occurrences_in_turn():
    p = '由市教育局牵头,市教育局、市财政局配合'
    ds = locate_names([Duty('市教育局', 'lead', 'phrase', (0, 20)), Duty('市教育局', 'support', 'phrase', (0, 20))],
                      p, (0, 20))
    assert [p[slice(*d.name_span)] for d in ds] == ['市教育局', '市教育局']
    assert [d.name_span for d in ds] == [(1, 5), (8, 12)]


def test_a_name_broken_over_lines_is_found_whole():
    p = '牵头单位:市教\n育局;配合单位:市财政局'       # a table cell's name over two lines, rejoined
    (d,) = locate_names([Duty('市教育局', 'lead', 'table', (0, len(p)))], p, (0, len(p)))
    assert d.name_whole and p[slice(*d.name_span)] == '市教\n育局'


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(['市教育局', '市财政局', '市人力资源社会保障局', '团市委', '各乡镇']), min_size=1, max_size=5),
       st.sampled_from(['、', ',', '和']))
def test_labelled_lists_point_at_each_name(units, sep):
    text = '一、任务\n1.建设学校。(牵头单位:' + units[0] + (';配合单位:' + sep.join(units[1:]) if units[1:] else '') + ')'
    doc = graphkit.extract_text(text, name='a.txt')
    for d in doc.measures[0].duties:
        assert written(doc, d) == d.unit and d.name_whole
