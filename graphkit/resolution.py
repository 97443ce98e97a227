"""Temporary glue until the resolution module lands: jurisdiction qualification only."""
from __future__ import annotations

from .units import unit_type


def canonical_name(name: str, jurisdiction: str | None = None) -> str:
    if jurisdiction and name[:1] in '市县区' and not name.startswith(jurisdiction):
        return jurisdiction + name[1:] if name[0] == jurisdiction[-1] else jurisdiction + name
    return name


def resolve_documents(docs, aliases=None):
    canonical, types = {}, {}
    for doc in docs:
        for m in doc.measures:
            for name in m.units + m.mentions:
                c = canonical_name(name, doc.jurisdiction)
                canonical[(name, doc.jurisdiction or '')] = c
                types[c] = unit_type(name)
    return canonical, types
