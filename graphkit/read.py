"""read: bytes → clean Simplified text.

The first stage of the pipeline. It decodes the bytes (UTF-8, UTF-8 with BOM,
GB18030/GBK/GB2312, Big5, UTF-16), converts Traditional script to Simplified
with OpenCC, strips ruby-pinyin residue such as ``發(fā)展`` and drops page
furniture (share bars, runs of ``|||``, breadcrumbs). Damaged spans (mojibake)
are kept as they are and counted.

>>> clean_text('推動教育高質量發(fā)展')
'推动教育高质量发展'
"""
from __future__ import annotations

import codecs
import collections
import re
from dataclasses import dataclass, field

from . import knowledge

CJK = '\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff'

# Full-width and look-alike punctuation mapped one character to one character,
# so that offsets found in the parsing form are offsets in the faithful text.
_PARSE_MAP = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_PARSE_MAP.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                   0xFE59: 0x28, 0xFE5A: 0x29, 0xFF0E: 0x2E, 0x2027: 0x2E, 0xFF64: 0x3001,
                   0x2236: 0x3A, 0xFE55: 0x3A, 0xFE54: 0x3B, 0xFE50: 0x2C, 0xFF61: 0x3002,
                   0xFE52: 0x2E, 0xFE51: 0x3001})    # small forms: 1﹒ 1﹑
# Bracket kinds are folded to round brackets; 〔〕 is kept apart because it is
# also the bracket of a document number (普府办〔2022〕22号) and of names.
_PARSE_MAP.update({ord('【'): ord('['), ord('】'): ord(']'), ord('［'): ord('['), ord('］'): ord(']')})

_TONES = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ'
# A CJK character followed by a parenthesised pinyin syllable with a tone mark.
_RUBY = re.compile(rf'(?<=[{CJK}])[(（]([a-zü{_TONES}]{{1,7}})[)）]')
_HAS_TONE = re.compile(f'[{_TONES}]')

# Signs of mojibake: a lone '?' or U+FFFD glued to CJK text, the classic
# 锟斤拷/烫烫烫 fillers, and ruby residue cut in half by the damage (秽l(xi).
# Damaged spans: replacement characters and classic mojibake, a question mark
# standing for a lost character between two CJK characters (学?校), and a
# pinyin annotation cut off mid-way (發fā(…).
_DAMAGE_LITERAL = re.compile('\ufffd+|锟斤拷|烫烫烫|屯屯屯')
_DAMAGE_QUESTION = re.compile(rf'\?+[!"“”。;]?(?=[{CJK}])')
_DAMAGE_PINYIN = re.compile(rf'[a-z]{{1,3}}[(（][a-z{_TONES}]{{0,6}}(?![a-z{_TONES}]*[)）])')
_CJK_ONE = re.compile(f'[{CJK}]')


@dataclass
class Text:
    """A document's text after reading: faithful Simplified text plus what was noticed."""
    text: str
    encoding: str
    converted: bool = False          # Traditional → Simplified applied
    ruby_removed: int = 0            # pinyin annotations stripped
    damaged: int = 0                 # damaged spans (mojibake) kept in the text
    noise_lines: int = 0             # page-furniture lines dropped
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of a Chinese document; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised exactly; any
    other encoding is detected by charset-normalizer. Text that is UTF-8 with a
    few damaged bytes stays UTF-8, the bad bytes replaced by U+FFFD.

    >>> decode('推动教育高质量发展，落实立德树人根本任务。'.encode('gb18030'))
    ('推动教育高质量发展，落实立德树人根本任务。', 'gb18030')
    """
    for bom, enc in ((codecs.BOM_UTF8, 'utf-8-sig'), (codecs.BOM_UTF16_LE, 'utf-16'),
                     (codecs.BOM_UTF16_BE, 'utf-16')):
        if data.startswith(bom):
            return data.decode(enc, errors='replace'), enc
    try:
        return data.decode('utf-8'), 'utf-8'
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep it UTF-8 and count the damage.
    text = data.decode('utf-8', errors='replace')
    bad = text.count('\ufffd')
    wide = sum(1 for ch in text if ord(ch) > 0x7f) - bad
    if wide > 50 * bad:
        return text, 'utf-8'
    mixed = _decode_lines(data)
    if mixed is not None:
        return mixed, 'utf-8+gb18030'
    import charset_normalizer
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return data.decode('gb18030', errors='replace'), 'gb18030?'
    enc = best.encoding
    # GBK and GB2312 are subsets of GB18030: decoding with the superset loses nothing.
    if enc in ('gbk', 'gb2312', 'cp936', 'hz'):
        enc = 'gb18030'
    return data.decode(enc, errors='replace'), enc


def _decode_lines(data: bytes) -> str | None:
    """A file joined from a UTF-8 part and a GBK part (copied together from two
    sources): each line in the codec it is valid in, when whole lines of both occur.

    >>> _decode_lines('一、总体要求\\n三、保障措施\\n'.encode('utf-8') + '二、主要任务\\n'.encode('gbk'))
    '一、总体要求\\n三、保障措施\\n二、主要任务\\n'
    """
    out, utf8, gb = [], 0, 0
    for line in data.split(b'\n'):
        try:
            text = line.decode('utf-8')
            wide = [ch for ch in text if ord(ch) > 0x7f]
            # GBK bytes are now and then valid UTF-8 too, but never read as Chinese
            if not wide or sum(_is_chinese(ch) for ch in wide) >= 0.9 * len(wide):
                out.append(text)
                utf8 += len(wide) >= 4
                continue
        except UnicodeDecodeError:
            pass
        try:
            out.append(line.decode('gb18030'))
            gb += 1
        except UnicodeDecodeError:
            return None
    return '\n'.join(out) if utf8 >= 2 and gb else None


def _is_chinese(ch: str) -> bool:
    return '\u4e00' <= ch <= '\u9fff' or '\u3000' <= ch <= '\u303f' or '\uff00' <= ch <= '\uffef' or \
        ch in '“”‘’—…·'


_CANDIDATES = ['gb18030', 'gbk', 'gb2312', 'big5', 'big5hkscs', 'cp950', 'utf_16', 'utf_32']


def to_simplified(text: str) -> tuple[str, bool]:
    """Convert Traditional script to Simplified when the text is mainly Traditional.

    Simplified text is left alone: OpenCC would otherwise rewrite a few valid
    Simplified characters in context.
    """
    if len(text) > 4000:
        # Three samples tell (OpenCC costs a millisecond per 20 kB): mostly Simplified,
        # the text is left alone; clearly Traditional, it is converted whole.
        sample = text[:1000] + text[len(text) // 2:len(text) // 2 + 1000] + text[-1000:]
        share = _traditional_share(sample, _opencc().convert(sample))
        if share < 0.005:
            return text, False
        if share > 0.05:
            return _opencc().convert(text), True
    converted = _opencc().convert(text)
    if converted == text:
        return text, False
    if len(converted) == len(text) and _traditional_share(text, converted) < 0.01:
        return text, False
    return converted, True


def _traditional_share(text: str, converted: str) -> float:
    """Characters OpenCC changed, per CJK character (texts of the same length)."""
    # CJK characters and full-width punctuation take three bytes in UTF-8, ASCII one
    cjk = max(1, (len(text.encode('utf-8', 'surrogatepass')) - len(text)) // 2)
    changed = 0
    for i in range(0, len(text), 256):      # equal slices compare in C; count inside the others
        a, b = text[i:i + 256], converted[i:i + 256]
        if a != b:
            changed += sum(map(str.__ne__, a, b))
    return changed / cjk


_CC = None


def _opencc():
    global _CC
    if _CC is None:
        import opencc
        # hk2s: Traditional to Simplified, Hong Kong variant forms (衞, 綫, 裏) included
        _CC = opencc.OpenCC('hk2s')
    return _CC


def strip_ruby(text: str) -> tuple[str, int]:
    """Remove ruby-pinyin residue: ``發(fā)展`` → ``發展``; return the text and the count."""
    if not _HAS_TONE.search(text):
        return text, 0          # a removed annotation always holds a tone mark
    count = 0

    def drop(m):
        nonlocal count
        if _HAS_TONE.search(m.group(1)):
            count += 1
            return ''
        return m.group(0)
    return _RUBY.sub(drop, text), count


_WORDY = re.compile(f'[{CJK}A-Za-z0-9]')


def is_noise(line: str) -> bool:
    """True for page furniture: separator runs, share bars, breadcrumbs, image names."""
    s = line.strip()
    if not s:
        return False
    if not _WORDY.search(s):
        return len(s) >= 3 or set(s) <= set('|_=*#-~·•')
    return knowledge.any_pattern('noise.txt').search(s) is not None


_PARSE_PAIRS = tuple((chr(k), chr(v)) for k, v in _PARSE_MAP.items())


def parse_form(text: str) -> str:
    """The text as the parsers see it: one character for one, punctuation folded."""
    # str.replace of the characters present is several times faster than translate
    for old, new in _PARSE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def count_damage(text: str) -> int:
    """How many damaged spans the text holds (each kind looked for only when a
    character it needs is there: the common case costs a few substring tests)."""
    n = 0
    if '\ufffd' in text or '锟' in text or '烫烫' in text or '屯屯' in text:
        n += len(_DAMAGE_LITERAL.findall(text))
    for rx, needed in ((_DAMAGE_QUESTION, '?'), (_DAMAGE_PINYIN, None)):
        if needed and needed not in text:
            continue
        n += sum(1 for m in rx.finditer(text) if m.start() and _CJK_ONE.match(text, m.start() - 1))
    return n


def clean_text(raw: str) -> str:
    """Clean already-decoded text (convenience for tests and the Python API)."""
    return read_text(raw).text


_NARROW = re.compile('[\x00-\u10ff\uff61-\uffdc\uffe8-\uffee]+')


def _width(line: str) -> int:
    """Display width: CJK and full-width characters count two."""
    return 2 * len(line) - len(''.join(_NARROW.findall(line)))


# What starts a paragraph of its own: an indentation or a heading number.
_PARAGRAPH_START = re.compile(r'[\s\u3000]|第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+[、.．]|'
                              r'[(（][一二三四五六七八九十\d]+[)）]|\d{1,3}[.、．](?!\d)|[①-⑳]|专栏')


def _depth(line: str) -> int:
    return sum(line.count(c) for c in '(（') - sum(line.count(c) for c in ')）')


def _close_brackets(lines: list[str]) -> tuple[list[str], int]:
    """A line left inside a bracket that the next line closes continues on it:
    ``(牵头单位:市农业农村`` + ``局;配合单位:…)``."""
    out: list[str] = []
    joined = 0
    for line in lines:
        prev = out[-1] if out else ''
        if prev and ('(' in prev or '（' in prev) and '\t' not in prev and _depth(prev) > 0 and line.strip() \
                and not _PARAGRAPH_START.match(line) \
                and _depth(prev) + _depth(line) == 0 and len(line) < 200:
            out[-1] = prev + line
            joined += 1
        else:
            out.append(line)
    return out, joined


def unwrap(lines: list[str]) -> tuple[list[str], int]:
    """Join the lines of text copied from a PDF or a fixed-width page, where every
    paragraph is cut at the same width: ``(lines, how many were joined)``.

    A text is hard-wrapped when a third of its lines (at least 8) have one display
    width give or take two; a line then continues the one above when that one is
    full and it does not open a paragraph (indentation, heading number), across
    the blank lines a dropped page footer leaves.
    """
    lines, joined = _close_brackets(lines)
    lengths = collections.Counter(len(line) for line in lines if len(line) >= 15)
    filled = sum(1 for line in lines if line.strip())
    if not lengths or max(sum(lengths[n + d] for d in range(-4, 5)) for n in lengths) < max(8, filled / 4):
        return lines, joined    # no length shared by a quarter of the lines: not hard-wrapped (a fast test)
    widths = [_width(line) for line in lines if line.strip()]
    if len(widths) < 8:
        return lines, joined
    counts = collections.Counter(w for w in widths if w >= 30)
    if not counts:
        return lines, joined
    full, hits = max(((w, sum(counts[w + d] for d in range(-2, 3))) for w in counts), key=lambda x: (x[1], x[0]))
    if hits < 8 or hits < len(widths) / 3:
        return lines, joined
    out: list[str] = []
    blank_run = 0
    for line in lines:
        if not line.strip():
            blank_run += 1
            continue
        prev = out[-1] if out else ''
        if prev and _width(prev) >= full - 4 and not _PARAGRAPH_START.match(line) and blank_run <= 3 \
                and '\t' not in prev and '\t' not in line:       # table rows stay rows
            out[-1] = prev + line
            joined += 1
        else:
            out.extend([''] * blank_run)
            out.append(line)
        blank_run = 0
    return out, joined


def read_text(raw: str, encoding: str = 'str', unwrap_lines: bool = True) -> Text:
    """Clean decoded text: line endings, Traditional → Simplified, ruby residue, noise.

    ``unwrap_lines``: join hard-wrapped lines (plain text; HTML, DOCX and PDF
    readers give paragraphs and table rows already)."""
    raw = raw.replace('\r\n', '\n').replace('\r', '\n').replace('\ufeff', '')
    raw = raw.replace('\u2028', '\n').replace('\u2029', '\n').replace('\x0c', '\n')
    raw = re.sub('[\x00-\x08\x0b\x0e-\x1f\x7f]', '', raw)
    text, ruby = strip_ruby(raw)
    text, converted = to_simplified(text)
    kept, dropped = [], 0
    for line in text.split('\n'):
        if is_noise(line):
            dropped += 1
            continue
        kept.append(line.rstrip())
    kept, joined = unwrap(kept) if unwrap_lines else (kept, 0)
    text = '\n'.join(kept)
    text = re.sub(r'\n{3,}', '\n\n', text).strip('\n')
    out = Text(text=text, encoding=encoding, converted=converted, ruby_removed=ruby,
               damaged=count_damage(text), noise_lines=dropped)
    if joined:
        out.notes.append(f'{joined} hard-wrapped lines joined to their paragraphs')
    if converted:
        out.notes.append('Traditional script converted to Simplified')
    if ruby:
        out.notes.append(f'{ruby} ruby-pinyin annotations removed')
    if out.damaged:
        out.notes.append(f'{out.damaged} damaged spans (mojibake) kept as they are')
    return out


def read_bytes(data: bytes) -> Text:
    """Decode and clean the bytes of a plain-text document."""
    raw, encoding = decode(data)
    return read_text(raw, encoding)
