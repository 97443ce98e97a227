"""The ground every resolution rule stands on: the word tables and the plain form of a name.

``resolve_words.tsv`` lists words by kind (fillers, notes, national prefixes…) and
``abbreviations.tsv`` maps variants to canonical words; both are read through
:mod:`graphkit.knowledge`, so ``GRAPHKIT_DATA`` extends them. :func:`_plain` (NFKC,
one bracket style, Simplified characters, no whitespace) is the form every rule and
every table key works on.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .. import knowledge
from .. import units as _units

LEVELS = '省市县区州旗盟'           # a bare level starting a name: 市教育局, 县委办
_SPACE = re.compile(r'\s+')


@functools.lru_cache(maxsize=None)
def _words(kind: str) -> tuple[str, ...]:
    """Words of one kind from resolve_words.tsv, longest first."""
    found = {row[1] for row in knowledge.rows('resolve_words.tsv') if len(row) > 1 and row[0] == kind}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=None)
def _word_pairs(kind: str) -> tuple[tuple[str, str], ...]:
    """(word, column 3) of one kind of resolve_words.tsv, longest word first."""
    found = {row[1]: row[2] for row in knowledge.rows('resolve_words.tsv')
             if len(row) > 2 and row[0] == kind and row[1] and row[2]}
    return tuple(sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@functools.lru_cache(maxsize=None)
def _abbreviations() -> dict[str, str]:
    """``{variant: canonical}`` from abbreviations.tsv; every canonical form maps to itself.

    >>> _abbreviations()['人社'], _abbreviations()['人力资源社会保障']
    ('人力资源社会保障', '人力资源社会保障')
    """
    table: dict[str, str] = {}
    for row in knowledge.rows('abbreviations.tsv'):
        if len(row) >= 2 and row[0] and row[1]:
            table[_plain(row[0])] = _plain(row[1])      # later rows (the user's) win
    for value in list(table.values()):
        table.setdefault(value, value)
    return table


@knowledge.derived
def _national_names() -> tuple[dict[str, str], dict[str, str]]:
    """national_units.tsv as two maps to the full name: short names valid anywhere
    (国家发改委, 中宣部, 国办) and those valid in central documents only (发展改革委)."""
    anywhere: dict[str, str] = {}
    central: dict[str, str] = {}
    for row in knowledge.rows('national_units.tsv'):
        if not row or not row[0]:
            continue
        full = _plain(row[0])
        for column, table in ((1, anywhere), (2, central)):
            for short in (re.split('[、,，]', row[column]) if len(row) > column else []):
                if _plain(short) and _plain(short) != full:
                    table[_plain(short)] = full
    return anywhere, central


@knowledge.derived
def _national_prefixes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every name of national_units.tsv by first character, longest first: ``(name, full)``."""
    anywhere, central = _national_names()
    pairs = {**central, **anywhere, **{full: full for full in anywhere.values()},
             **{full: full for full in central.values()}}
    index: dict[str, list[tuple[str, str]]] = {}
    for short, full in pairs.items():
        index.setdefault(short[0], []).append((short, full))
    return {ch: tuple(sorted(v, key=lambda p: -len(p[0]))) for ch, v in index.items()}


def national_branch(name: str, starts_with_place) -> str | None:
    """A central body's branch written with the body's short name, 人民银行杭州中心支行:
    the same with its full name (中国人民银行杭州中心支行), or None."""
    for short, full in _national_prefixes().get(name[:1], ()):
        if name.startswith(short) and len(name) > len(short) and starts_with_place(name[len(short):]) \
                and name.endswith(_words('branch')):
            return full + name[len(short):] if short != full else None
    return None


def national_name(name: str, central: bool) -> str | None:
    """The full name of a central body written short (``name`` in plain form), or None.
    ``central``: the document has no place of its own."""
    anywhere, only_central = _national_names()
    return anywhere.get(name) or (only_central.get(name) if central else None)


@functools.lru_cache(maxsize=None)
def _abbreviation_index() -> dict[str, tuple[str, ...]]:
    """Table keys by first character, longest first (the scanner tries them in order)."""
    index: dict[str, list[str]] = {}
    for key in _abbreviations():
        index.setdefault(key[0], []).append(key)
    return {ch: tuple(sorted(keys, key=lambda k: (-len(k), k))) for ch, keys in index.items()}


@knowledge.derived
def _short_forms_index() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(canonical form, its shorter variants)``, longest canonical form first."""
    shorter: dict[str, set[str]] = {}
    for variant, full in _abbreviations().items():
        if variant != full and len(variant) < len(full):
            shorter.setdefault(full, set()).add(variant)
    return tuple(sorted(((full, tuple(sorted(vs))) for full, vs in shorter.items()),
                        key=lambda kv: (-len(kv[0]), kv[0])))


def short_forms(name: str, limit: int = 12) -> list[str]:
    """Shorter names a reader may use for a canonical name, by the abbreviation table.

    >>> short_forms('普宁市人力资源社会保障局')
    ['普宁市人力社保局', '普宁市人社局', '普宁市人资社保局']
    >>> short_forms('贵阳市发展改革委员会')
    ['贵阳市发展改革委', '贵阳市发改委', '贵阳市发改委员会']
    """
    out = []
    for full, variants in _short_forms_index():
        at = name.find(full)
        if at >= 0:
            out += [name[:at] + v + name[at + len(full):] for v in variants]
        if len(out) >= limit:
            break
    # The 委 → 委员会 and 办 → 办公室 rules, read backwards: 发改委员会 → 发改委.
    for long, short in (('委员会', '委'), ('办公室', '办')):
        out += [n[:-len(long)] + short for n in out + [name] if n.endswith(long)]
    return sorted(set(out) - {name})[:limit]


_BRACKETS = str.maketrans({'（': '(', '）': ')', '〔': '(', '〕': ')', '[': '(', ']': ')',
                           '【': '(', '】': ')', '［': '(', '］': ')', '{': '(', '}': ')',
                           '〈': '(', '〉': ')', '<': '(', '>': ')'})


def _plain(text: str) -> str:
    """NFKC, one bracket style, no whitespace: the form every rule works on.

    >>> _plain(' 各区〔市、县〕政府 ')
    '各区(市、县)政府'
    """
    text = _simplified(unicodedata.normalize('NFKC', text).translate(_BRACKETS))
    text = _SPACE.sub('', text)
    while '()' in text:
        text = text.replace('()', '')
    text = text.strip('。.,，、;；:：')
    while text[:1] == '(' and text[-1:] == ')' and _units.balanced(text[1:-1]):
        text = text[1:-1].strip('。.,，、;；:：')   # (市教育局): the whole name in brackets
    return text


def _simplified(text: str) -> str:
    """人力資源和社會保障局 → 人力资源和社会保障局 (OpenCC), when enough of it is Traditional.

    A name with a single changed character out of many stays as written: OpenCC
    rewrites a few valid Simplified characters in context.
    """
    if text.isascii():
        return text
    from ..read import _opencc            # one converter for the whole package
    converted = _opencc().convert(text)
    if converted == text or len(converted) != len(text):
        return text
    changed = sum(a != b for a, b in zip(text, converted))
    return converted if changed >= 2 or changed / len(text) >= 0.2 else text
