"""Topic keywords of measures (jieba TF-IDF), for the topic × unit table.

Policy filler (推进, 加强, 工作…) is removed by ``data/keyword_stopwords.txt``
and place names by ``data/places.tsv``: a place is where, not what.
"""
from __future__ import annotations

import logging
from collections import Counter

from . import knowledge

_IDF: tuple[dict, float] | None = None


def _idf() -> tuple[dict, float]:
    """jieba's IDF table (and its median, the weight of unknown words), loaded once."""
    global _IDF
    if _IDF is None:
        import jieba
        import jieba.analyse
        jieba.setLogLevel(logging.WARNING)
        table = jieba.analyse.default_tfidf
        _IDF = (table.idf_freq, table.median_idf)
    return _IDF


def keywords(text: str, n: int = 5) -> list[str]:
    """Topic keywords of a short text by TF-IDF over jieba words, policy filler and
    place names removed.

    Like ``jieba.analyse.extract_tags`` without the HMM pass (several times
    faster) and with ties broken by the word, so that the result is stable.

    >>> keywords('加强教师队伍建设,提升乡村教师待遇')
    ['教师队伍', '待遇', '乡村', '教师']
    """
    return list(_keywords(text, n))


@knowledge.derived      # measure titles recur across documents
def _keywords(text: str, n: int) -> tuple[str, ...]:
    import jieba

    from .resolution import is_place_name     # a place is where, not what: no topic
    idf, median = _idf()
    stop = _stopwords()
    counts = Counter(w for w in jieba.cut(text, HMM=False)
                     if len(w) > 1 and w not in stop and not w.isascii() and not is_place_name(w))
    scored = sorted(((c * idf.get(w, median), w) for w, c in counts.items()), key=lambda x: (-x[0], x[1]))
    return tuple(w for _, w in scored[:n])


@knowledge.derived
def _stopwords() -> frozenset[str]:
    return frozenset(w.strip() for line in knowledge.lines('keyword_stopwords.txt') for w in line.split())


def measure_keywords(title: str, text: str) -> list[str]:
    """Keywords of a measure: its title counts twice, then the opening of its body."""
    parts = text.split('。', 2)
    opening = parts[1] if len(parts) > 1 else ''
    return keywords(f'{title}。{title}。{opening[:30]}')
