"""Unit types (party, government, commission, office, mass, collective, …) from a name.

The rules of ``data/unit_types.tsv`` are tried on the canonical core, first match
wins; what they do not cover falls back to :func:`graphkit.units.unit_type`.
"""
from __future__ import annotations

import functools
import re

from .. import knowledge
from .. import units as _units
from .canonical import Explanation, explain
from .places import _jurisdiction_info
from .words import LEVELS, _plain


@functools.lru_cache(maxsize=None)
def _type_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r[0]), r[1]) for r in knowledge.rows('unit_types.tsv') if len(r) >= 2)


def unit_type(name: str, jurisdiction: str | None = None) -> str:
    """The type of a unit from its name (see ``data/unit_types.tsv``).

    >>> [unit_type(n) for n in ('市委组织部', '市纪委监委', '市委编办', '市教育局', '市发改委')]
    ['party', 'party', 'party', 'government', 'commission']
    >>> [unit_type(n) for n in ('市政府办', '市法院', '市残联', '市科协', '各区(市、县)政府', '花溪区政府')]
    ['office', 'judicial', 'mass', 'mass', 'lower-government', 'lower-government']
    >>> [unit_type(n) for n in ('市直有关单位', '各有关部门', '市人民政府', '普宁市第一中学')]
    ['collective', 'collective', 'government', 'school']
    """
    return _unit_type_cached(name, jurisdiction or '')


@functools.lru_cache(maxsize=200_000)
def _unit_type_cached(name: str, jurisdiction: str) -> str:
    jurisdiction = jurisdiction or None
    e = explain(name, jurisdiction)
    core = e.core
    if e.prefix:
        return 'mass'
    for rx, kind in _type_rules():
        if rx.search(core):
            if kind == 'lower-government' and core == '人民政府' and _own_government(e, jurisdiction):
                return 'government'
            return kind
    return _units.unit_type(e.canonical)


def _own_government(e: Explanation, jurisdiction: str | None) -> bool:
    if not e.place or e.place[0] in LEVELS and len(e.place) == 1:
        return True
    if jurisdiction:
        own = _jurisdiction_info(_plain(jurisdiction))
        return e.place in (own[0], own[2], own[3])
    return False
