"""Word's automatic numbering (``numbering.xml``, list styles in ``styles.xml``)
rendered as the labels a reader sees: ``一、``, ``(一)``, ``1.``, ``①``…
"""
from __future__ import annotations

import re


def _int(value, default: int, lo: int, hi: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return default
    return max(lo, min(n, hi))


class _Numbering:
    """Labels of Word's automatic numbering (``一、``, ``(一)``, ``1.``) rendered into the text."""

    def __init__(self, ns: str, numbering, styles):
        self.w = ns
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        w = ns
        if numbering is not None:
            for a in numbering.iter(w + 'abstractNum'):
                levels = {}
                for lvl in a.iter(w + 'lvl'):
                    ilvl = _int(lvl.get(w + 'ilvl'), 0, 0, 9)
                    fmt = self._val(lvl.find(w + 'numFmt'), 'decimal')
                    text = self._val(lvl.find(w + 'lvlText'), '')
                    start = _int(self._val(lvl.find(w + 'start')), 1, 0, 10 ** 6)
                    levels[ilvl] = (fmt, text, start)
                self.abstract[a.get(w + 'abstractNumId')] = levels
            for n in numbering.iter(w + 'num'):
                overrides = {}
                for o in n.iter(w + 'lvlOverride'):
                    start = o.find(w + 'startOverride')
                    if start is not None:
                        overrides[_int(o.get(w + 'ilvl'), 0, 0, 9)] = _int(self._val(start), 1, 0, 10 ** 6)
                self.nums[n.get(w + 'numId')] = (self._val(n.find(w + 'abstractNumId')), overrides)
        if styles is not None:
            raw, based = {}, {}
            for s in styles.iter(w + 'style'):
                sid = s.get(w + 'styleId')
                numpr = s.find(w + 'pPr/' + w + 'numPr')
                if numpr is not None:
                    raw[sid] = (self._val(numpr.find(w + 'numId')), _int(self._val(numpr.find(w + 'ilvl')), None, 0, 9))
                b = s.find(w + 'basedOn')
                if b is not None:
                    based[sid] = self._val(b)
            for sid in set(raw) | set(based):
                cur, seen = sid, 0
                while cur is not None and cur not in raw and seen < 10:
                    cur, seen = based.get(cur), seen + 1
                if cur in raw:
                    self.styles[sid] = raw[cur]

    def _val(self, el, default=None):
        return default if el is None else el.get(self.w + 'val', default)

    def label(self, p) -> str:
        w = self.w
        ppr = p.find(w + 'pPr')
        if ppr is None:
            return ''
        num_id, ilvl = None, None
        numpr = ppr.find(w + 'numPr')
        if numpr is not None:
            num_id = self._val(numpr.find(w + 'numId'))
            ilvl = _int(self._val(numpr.find(w + 'ilvl')), None, 0, 9)
        if num_id is None:
            style = self._val(ppr.find(w + 'pStyle'))
            num_id, style_lvl = self.styles.get(style, (None, None))
            ilvl = style_lvl if ilvl is None else ilvl
        if num_id is None or num_id == '0' or num_id not in self.nums:
            return ''
        ilvl = ilvl or 0
        abstract, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract)
        if not levels:
            return ''
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        fmt, text, start = levels.get(ilvl, ('decimal', f'%{ilvl + 1}.', 1))
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ('bullet', 'none'):
            return ''

        def number(m):
            k = int(m.group(1)) - 1
            kfmt, _, kstart = levels.get(k, ('decimal', '', 1))
            return format_number(counters.get(k, kstart), kfmt)
        return re.sub(r'%([1-9])', number, text).strip()


_CN_DIGITS = '零一二三四五六七八九'
_CN_LEGAL = '零壹贰叁肆伍陆柒捌玖'


def _cn_number(n: int, digits: str = _CN_DIGITS, ten: str = '十', hundred: str = '百') -> str:
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else '')
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else '')
    if n < 1000:
        rest = n % 100
        tail = '' if not rest else (digits[0] + digits[rest] if rest < 10 else
                                    digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else ''))
        return digits[n // 100] + hundred + tail
    return str(n)


def _letters(n: int, base: str) -> str:
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ''
    for value, sym in ((1000, 'm'), (900, 'cm'), (500, 'd'), (400, 'cd'), (100, 'c'), (90, 'xc'),
                       (50, 'l'), (40, 'xl'), (10, 'x'), (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list number in a Word numbering format.

    >>> [format_number(12, f) for f in ('decimal', 'chineseCounting', 'decimalEnclosedCircle', 'upperRoman')]
    ['12', '十二', '⑫', 'XII']
    """
    if n <= 0:
        return str(n)
    if fmt in ('chineseCounting', 'chineseCountingThousand', 'japaneseCounting', 'taiwaneseCounting',
               'taiwaneseCountingThousand', 'koreanCounting'):
        return _cn_number(n)
    if fmt in ('chineseLegalSimplified', 'japaneseLegal', 'koreanLegal'):
        return _cn_number(n, _CN_LEGAL, '拾', '佰')
    if fmt in ('ideographDigital', 'taiwaneseDigital', 'japaneseDigitalTenThousand'):
        return ''.join(_CN_DIGITS[int(d)] for d in str(n)).replace('零', '〇')
    if fmt == 'ideographTraditional':
        return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10]
    if fmt == 'ideographZodiac':
        return '子丑寅卯辰巳午未申酉戌亥'[(n - 1) % 12]
    if fmt in ('decimalEnclosedCircle', 'decimalEnclosedCircleChinese', 'ideographEnclosedCircle'):
        return chr(0x2460 + n - 1) if n <= 20 else str(n)
    if fmt == 'decimalEnclosedParen':
        return chr(0x2474 + n - 1) if n <= 20 else f'({n})'
    if fmt == 'decimalEnclosedFullstop':
        return chr(0x2488 + n - 1) if n <= 20 else f'{n}.'
    if fmt in ('decimalFullWidth', 'decimalFullWidth2'):
        return ''.join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == 'decimalZero':
        return f'{n:02d}'
    if fmt == 'lowerLetter':
        return _letters(n, 'abcdefghijklmnopqrstuvwxyz')
    if fmt == 'upperLetter':
        return _letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    if fmt == 'lowerRoman':
        return _roman(n)
    if fmt == 'upperRoman':
        return _roman(n).upper()
    return str(n)
