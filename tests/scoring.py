"""The extraction score of shared/eval/score.py, for the tests: measures matched to
gold by title, then (measure, unit, role) triples counted; a gold entry may be a
list of alternatives."""
import re
import unicodedata

from rapidfuzz import fuzz

_BRACKETS = str.maketrans({'(': '(', ')': ')', '〔': '(', '〕': ')', '[': '(', ']': ')',
                           '【': '(', '】': ')', '［': '(', '］': ')'})
_ENUM = re.compile(r'^\s*(第[一二三四五六七八九十百]+[章节条]|[((]?[一二三四五六七八九十\d]+[))、.．]?)\s*')


def norm_unit(s):
    return re.sub(r'\s+', '', unicodedata.normalize('NFKC', s).translate(_BRACKETS))


def norm_title(s):
    s = _ENUM.sub('', unicodedata.normalize('NFKC', s or ''))
    return re.sub(r'[\s,。、;:“”"‘’《》()()!?·—\-]', '', s)


def _title_score(gold, pred):
    best = 0
    for g in [gold['title']] + gold.get('alt_titles', []):
        g = norm_title(g)
        for p in (norm_title(pred['title']), norm_title(pred['text'])[:300]):
            if not g or not p:
                continue
            if p.startswith(g) or g.startswith(p) and len(p) >= 4:
                return 100
            best = max(best, fuzz.ratio(g, p), fuzz.partial_ratio(g, p) if len(p) >= len(g) else 0)
    return best


def _match(gold_ms, pred_ms):
    pairs = sorted((-s, abs(gi - pi), gi, pi) for gi, g in enumerate(gold_ms) for pi, p in enumerate(pred_ms)
                   for s in [_title_score(g, p)] if s >= 85)
    used_g, used_p, out = set(), set(), {}
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out[gi] = pi
    return out


def _count(gold_entries, pred_names):
    free = [norm_unit(p) for p in pred_names]
    tp = 0
    for entry in gold_entries:
        alts = {norm_unit(a) for a in (entry if isinstance(entry, list) else [entry])}
        for i, p in enumerate(free):
            if p in alts:
                tp += 1
                free.pop(i)
                break
    return tp, len(free), len(gold_entries) - tp


def score(gold, measures):
    """``(tp, fp, fn, gold measures found)`` of one document: ``gold`` a gold file's
    content, ``measures`` dicts with title, text, lead and support."""
    matched = _match(gold['measures'], measures)
    tp = fp = fn = 0
    for gi, g in enumerate(gold['measures']):
        if gi not in matched:
            fn += len(g['lead']) + len(g['support'])
            continue
        p = measures[matched[gi]]
        for role in ('lead', 'support'):
            a, b, c = _count(g[role], p[role])
            tp, fp, fn = tp + a, fp + b, fn + c
    if gold.get('complete', True):
        fp += sum(len(p['lead']) + len(p['support']) for pi, p in enumerate(measures) if pi not in matched.values())
    return tp, fp, fn, len(matched)


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
