"""Knowledge tables: the package data files under ``graphkit/data/``.

What graphkit knows about policy documents (attribution keywords, unit-type
suffixes, abbreviations, noise lines…) lives in plain UTF-8 files a user can read
and extend. Lines starting with ``#`` are comments. A user extends a table by
putting a file of the same name in a folder named by the ``GRAPHKIT_DATA``
environment variable (several folders separated by ``os.pathsep``); its rows are
read after the bundled ones, so they add to them or override them.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from importlib import resources


def _paths(name: str):
    yield resources.files('graphkit') / 'data' / name
    for folder in filter(None, os.environ.get('GRAPHKIT_DATA', '').split(os.pathsep)):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            yield path


def lines(name: str) -> list[str]:
    """Non-comment, non-empty lines of a data file (bundled first, then the user's)."""
    out = []
    for path in _paths(name):
        text = path.read_text(encoding='utf-8') if hasattr(path, 'read_text') else \
            open(path, encoding='utf-8').read()
        for line in text.splitlines():
            line = line.rstrip('\n')
            if line.strip() and not line.lstrip().startswith('#'):
                out.append(line)
    return out


def rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file."""
    return [[c.strip() for c in line.split('\t')] for line in lines(name)]


@functools.lru_cache(maxsize=None)
def noise_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p.strip()) for p in lines('noise.txt'))


@functools.lru_cache(maxsize=None)
def role_keywords() -> dict[str, dict[str, str]]:
    """``{'label': {keyword: role}, 'phrase': {keyword: role}}`` from roles.tsv."""
    out: dict[str, dict[str, str]] = {'label': {}, 'phrase': {}}
    for row in rows('roles.tsv'):
        keyword, kind, role = row[:3]
        out[kind][keyword] = role
    return out


@functools.lru_cache(maxsize=None)
def unit_suffixes() -> tuple[tuple[str, str], ...]:
    """``(suffix, unit type)`` pairs, longest suffix first."""
    pairs = {}
    for row in rows('unit_suffixes.tsv'):
        pairs[row[0]] = row[1]
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


@functools.lru_cache(maxsize=None)
def words(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A ``word <TAB> kind [<TAB> more…]`` table grouped by kind, in file order:
    ``{kind: ((word, more…), …)}``."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for row in rows(name):
        if len(row) >= 2:
            out.setdefault(row[1], []).append((row[0], *row[2:]))
    return {kind: tuple(items) for kind, items in out.items()}


@functools.lru_cache(maxsize=None)
def word_list(name: str, kind: str) -> tuple[str, ...]:
    """The words of one kind in a :func:`words` table."""
    return tuple(item[0] for item in words(name).get(kind, ()))


@functools.lru_cache(maxsize=None)
def patterns(name: str) -> tuple[re.Pattern, ...]:
    """Each line of a data file compiled as a regular expression."""
    return tuple(re.compile(p.strip()) for p in lines(name))


@functools.lru_cache(maxsize=None)
def any_pattern(name: str) -> re.Pattern:
    """The regular expressions of a data file as one: ``any_pattern(f).search(s)`` is
    ``any(p.search(s) for p in patterns(f))``, and finds the leftmost match of all,
    in one scan. Named groups are not kept (two lines may use one name)."""
    return re.compile('|'.join(f'(?:{_NAMED_GROUP.sub("(?:", p.pattern)})' for p in patterns(name)) or '(?!)')


_NAMED_GROUP = re.compile(r'\(\?P<\w+>')


@dataclass(frozen=True)
class Body:
    """A central body of national_units.tsv."""
    name: str                      # full name
    category: str                  # 组成部门, 直属机构, 党中央机构, 群团组织 …
    successor: str | None = None   # the body that took over its duties, if merged or renamed
    year: str | None = None        # when it did


_PLAIN_BRACKETS = str.maketrans('（）', '()')


@functools.lru_cache(maxsize=None)
def national_bodies() -> dict[str, Body]:
    """Every name of a central body in national_units.tsv (full and short, brackets
    ASCII) → the body: one knowledge of central names for extraction and resolution.

    >>> national_bodies()['证监会'].name, national_bodies()['银保监会'].successor
    ('中国证券监督管理委员会', '国家金融监督管理总局')
    """
    out: dict[str, Body] = {}
    for row in rows('national_units.tsv'):
        if not row or not row[0]:
            continue
        row = [c.translate(_PLAIN_BRACKETS) for c in row] + [''] * 6
        body = Body(row[0], row[3], row[4] or None, row[5] or None)
        for name in [row[0]] + re.split('[、,，]', row[1]) + re.split('[、,，]', row[2]):
            if name:
                out[name] = body
    return out


_DERIVED = []


def register(*caches) -> None:
    """Have :func:`clear_cache` forget these ``functools.lru_cache`` functions' answers too."""
    _DERIVED.extend(caches)


def derived(func):
    """Cache a pure function of names whose answer depends on the tables;
    :func:`clear_cache` forgets its answers too."""
    cached = functools.lru_cache(maxsize=1 << 16)(func)
    _DERIVED.append(cached)
    return cached


@functools.lru_cache(maxsize=None)
def suffix_index() -> tuple[dict[str, str], tuple[int, ...]]:
    """unit_suffixes.tsv as a dict, and its suffix lengths longest first (fast lookup)."""
    table = dict(unit_suffixes())
    return table, tuple(sorted({len(s) for s in table}, reverse=True))


def clear_cache():
    """Forget loaded tables (after changing ``GRAPHKIT_DATA``)."""
    for f in [noise_patterns, national_bodies, role_keywords, unit_suffixes, words, word_list, patterns, any_pattern, suffix_index] + _DERIVED:
        f.cache_clear()
