"""Collective level lists (各区(市、县), 各乡镇(场、街道), 区县政府) and bare levels.

A list of levels names a collective of governments, in any order and bracketing;
:func:`_collective_levels` reads one and :func:`_render_levels` writes it in one
fixed form. :func:`_starts_with_word` tells a leading level (市市场监管局) from a
word that starts with a level character (市场监管局).
"""
from __future__ import annotations

import re

from .words import LEVELS, _abbreviation_index, _words


def _starts_with_word(s: str) -> bool:
    """Does a name starting with 市/县/区 start with a word instead (市场监管局)?

    It is a level when a known word follows it (市市场监管局, 市民政局, 市政协), a
    word when the name itself starts with one (市场监管局, 市容环境卫生管理局).

    >>> _starts_with_word('市场监管局'), _starts_with_word('市市场监管局'), _starts_with_word('市民宗委')
    (True, False, False)
    """
    rest = s[1:].replace('和', '').replace('与', '')          # 市民族和宗教事务局: 民族宗教事务 follows
    if rest.startswith(('政府', '人民政府', '委')) or rest.startswith(_words('not-level')) or \
            rest.startswith(_words('after-level')):
        return False
    index = _abbreviation_index()
    if any(rest.startswith(k) for k in index.get(rest[:1], ()) if len(k) > 1):
        return False
    if s.startswith(_words('not-level')):
        return True
    return any(s.startswith(k) for k in index.get(s[0], ()) if len(k) > 1)


# Levels a collective name lists: 各区(市、县), 各乡镇(场、街道). Their order does not matter.
_LEVEL_TOKENS = ('省直管县', '省级', '省辖市', '设区市', '地级市', '县级市', '自治区', '直辖市', '自治州', '自治县', '街道', '社区',
                 '农场', '林场', '省', '乡', '镇', '场', '县', '市', '区', '旗', '州', '盟', '村', '居')
_LEVEL_FIRST = frozenset(t[0] for t in _LEVEL_TOKENS)
_LEVEL_ORDER = {t: i for i, t in enumerate(('省', '省级', '自治区', '直辖市', '省辖市', '设区市', '地级市', '自治州', '省直管县',
                                           '县', '自治县', '县级市', '市', '区', '旗', '州', '盟', '乡', '镇', '农场',
                                           '林场', '场', '街道', '社区', '村', '居'))}


# A level that names one government when written alone (县政府, 省政府); 乡镇政府, and
# 镇政府 or 街道办 in a county's document, are many.
_SINGLE_GOVERNMENT = ('省', '自治区', '直辖市', '自治州', '自治县', '县', '市', '区', '旗', '州', '盟')


def _level_list(text: str) -> list[str] | None:
    """The levels of a bracketed or flat list (市、县 / 乡镇场街道), None if not only levels."""
    tokens, i = [], 0
    while i < len(text):
        if text[i] in '()、,，':
            i += 1
            continue
        tok = next((t for t in _LEVEL_TOKENS if text.startswith(t, i)), None)
        if tok is None:
            return None
        tokens.append(tok)
        i += len(tok)
    return tokens or None


_BARE_LEVEL_TAIL = re.compile(r'(人民政府|政府|党委|党委政府|党委和政府|办事处)?')


def _collective_levels(core: str) -> tuple[list[str], str] | None:
    """Split ``各<levels><tail>``: 各区(市、县)政府 → (['区', '市', '县'], '政府').

    Without 各, a list of levels alone or before 政府/党委 is the same collective:
    乡镇人民政府 = 各乡镇人民政府, 区县政府 = 各区县政府.
    """
    if core[1:2] not in _LEVEL_FIRST if core.startswith('各') else core[:1] not in _LEVEL_FIRST:
        return None
    if not core.startswith('各'):
        got = _collective_levels('各' + core)
        if got and len(core) > 1 and _BARE_LEVEL_TAIL.fullmatch(got[1]) and \
                (len(_expand_tokens(got[0])) > 1 or got[0][0] not in _SINGLE_GOVERNMENT):
            return got                        # 县政府 alone is one government, not a list
        return None
    i, tokens, depth = 1, [], 0
    while i < len(core):
        ch = core[i]
        if ch in '(、,，' or (ch == ')' and depth):
            depth += ch == '('
            depth -= ch == ')'
            i += 1
            continue
        tok = next((t for t in _LEVEL_TOKENS if core.startswith(t, i)), None)
        if tok is None or len(tok) == 1 and tok in LEVELS and _starts_with_word(core[i:]):
            break                             # 各县市场监管局: 市场 is a word
        tokens.append(tok)
        i += len(tok)
    if not tokens or depth:
        return None
    if core[i - 1] in '、,，' and i < len(core):
        i -= 1                                # 各县区、园区燃气管理部门: the 、 stays with what follows
    return tokens, core[i:]


def _render_levels(levels: list[str]) -> str:
    """县(市、区) for county-level lists, 乡镇场街道 for the rest (one fixed order)."""
    if len(levels) > 1 and all(t in ('县', '市', '区', '旗', '自治县') for t in levels):
        return f"{levels[0]}({'、'.join(levels[1:])})"
    return ''.join(levels)


def _expand_tokens(tokens: list[str]) -> list[str]:
    return [t for tok in tokens for t in (['乡', '镇'] if tok == '乡镇' else [tok])]
