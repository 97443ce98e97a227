"""Name resolution: one canonical name per real unit, across variants and places.

Documents name one unit many ways (市人社局, 市人力资源和社会保障局, 普宁市人力资源社会
保障局) and one name means different units in different places (市教育局 of a 普宁市
document is 普宁市教育局, of a 贵阳市 document 贵阳市教育局). Resolution works in two
stages, each explainable:

1. :func:`canonical` — a pure function of the name and the document's place: clean
   the text, expand abbreviations from ``data/abbreviations.tsv``, apply rules that
   do not change identity (和/与, 人民政府/政府, 中共, brackets, trailing notes) and
   qualify a bare 市/县/区 by the document's place.
2. :class:`Resolver` — merges what the table does not know, with rapidfuzz, only
   inside blocks of one place, one kind of unit (suffix) and one head character,
   and only when one name abbreviates the other (see :func:`abbreviates`).

>>> canonical('市人社局', '普宁市')
'普宁市人力资源社会保障局'
>>> canonical('中共普宁市委机构编制委员会办公室') == canonical('市委编办', '普宁市')
True
>>> canonical('市教育局', '贵阳市'), canonical('揭阳市生态环境局普宁分局', '普宁市')
('贵阳市教育局', '揭阳市生态环境局普宁分局')
>>> names = ['市大数据局', '市大数据发展管理局', '市科协', '市科技局']
>>> sorted(set(resolve(names, '贵阳市').values()))
['贵阳市大数据发展管理局', '贵阳市科学技术协会', '贵阳市科学技术局']

Every table is a plain file in ``graphkit/data/`` that ``GRAPHKIT_DATA`` extends.
"""
from __future__ import annotations

from .. import knowledge
from .aliases import Aliases, load_aliases
from .canonical import Explanation, _explain_cached, canonical, explain
from .fuzzy import Resolution, Resolver, ReviewItem, abbreviates
from .kinds import _type_rules, _unit_type_cached, unit_type
from .normalise import _kept_wei
from .places import _jurisdiction_info, _places, full_place, is_place_name, names_place, place_of
from .words import _abbreviation_index, _abbreviations, _word_pairs, _words, short_forms

__all__ = ['canonical', 'explain', 'unit_type', 'abbreviates', 'load_aliases', 'Aliases',
           'Explanation', 'Resolution', 'ReviewItem', 'Resolver', 'resolve', 'resolve_documents',
           'place_of', 'full_place', 'successor', 'names_place', 'is_place_name', 'search_names', 'short_forms', 'clear_cache']


# The tables behind resolution are cached: graphkit.knowledge.clear_cache() forgets them too.
knowledge.register(_words, _word_pairs, _abbreviations, _abbreviation_index, _places, _type_rules, _explain_cached,
                   _jurisdiction_info, _unit_type_cached, _kept_wei)
clear_cache = knowledge.clear_cache


@knowledge.derived
def _successors() -> dict[str, str]:
    """Canonical name of a merged or renamed central body → its successor's."""
    out = {}
    for body in knowledge.national_bodies().values():
        if body.successor:
            out[canonical(body.name)] = canonical(body.successor)
    return out


def successor(name: str) -> str | None:
    """The canonical name of the body that took over a merged or renamed central body
    (national_units.tsv, column 5); None for a body that still exists or is not known.
    A 2016 document's 工商总局 stays that body: the link only tells what it became.

    >>> successor(canonical('工商总局')), successor(canonical('银保监会')), successor('教育部')
    ('国家市场监督管理总局', '国家金融监督管理总局', None)
    """
    return _successors().get(name)


def search_names(name: str) -> list[str]:
    """Names a user may type for a canonical unit name: its short forms, each also
    with its place written as the bare level (普宁市人社局 → 市人社局).

    >>> search_names('普宁市人力资源社会保障局')[:4]
    ['市人力社保局', '市人力资源社会保障局', '市人社局', '市人资社保局']
    """
    names = [name] + short_forms(name)
    place = place_of(name)
    if place and place[-1] in '省市县区旗州盟':
        names += [place[-1] + n[len(place):] for n in names if n.startswith(place)]
    return sorted(set(names) - {name})


def resolve(names, jurisdiction: str | None = None, aliases=None) -> dict[str, str]:
    """Map each name to its canonical unit name (names of one document place).

    ``aliases`` is a path to an override file or an :class:`Aliases`.

    >>> got = resolve(['市教育局', '普宁市教育局', '市体育局', '市人民政府', '市政府办'], '普宁市')
    >>> got['市教育局'] == got['普宁市教育局'] != got['市体育局'], got['市政府办']
    (True, '普宁市人民政府办公室')
    """
    r = Resolver(aliases)
    names = list(names)
    r.add_many(names, jurisdiction)
    res = r.resolve_all()
    jur = jurisdiction or ''
    return {n: (res[(n, jur)].canonical if (n, jur) in res else n) for n in names}


def resolve_documents(docs, aliases=None) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """For graph building: ``({(name, document jurisdiction): canonical}, {canonical: type})``."""
    r = Resolver(aliases)
    for doc in docs:
        for m in doc.measures:
            r.add_many(list(m.units) + list(m.mentions), doc.jurisdiction)
    res = r.resolve_all()
    return ({k: v.canonical for k, v in res.items()},
            {v.canonical: v.type for v in res.values()})
