"""Document metadata: title, document number (文号), issuing body, date, jurisdiction.

>>> m = document_metadata('普府办〔2022〕22号\\n普宁市人民政府办公室关于印发普宁市推动义务教育'
...                       '优质均衡发展行动方案的通知\\n普宁市人民政府办公室\\n2022年12月12日')
>>> m['number'], m['issuer'], m['jurisdiction'], m['date']
('普府办〔2022〕22号', '普宁市人民政府办公室', '普宁市', '2022-12-12')
"""
from __future__ import annotations

import collections
import re

from .outline import cn_number

NUMBER = re.compile(r'([\u4e00-\u9fff]{1,12})\s*[〔\[【(（]\s*((?:19|20)\d\d)\s*[〕\]】)）]\s*(\d{1,4})\s*号')
DATE = re.compile(r'((?:19|20)\d\d)\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?')
CN_DATE = re.compile(r'([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日')
ISSUER_SUFFIX = ('人民政府办公室', '人民政府办公厅', '人民政府', '政府办公室', '政府办公厅', '办公室',
                 '办公厅', '委员会', '政府', '局', '厅', '委', '部')
NOTICE = re.compile(r'([\u4e00-\u9fff]{2,30}?(?:' + '|'.join(ISSUER_SUFFIX) + r'))\s*'
                    r'关\s*于\s*(?:印\s*发|转\s*发|发\s*布|下\s*达)?(.{2,120}?)的\s*(?:通\s*知|意\s*见|决\s*定)',
                    re.S)
PLACE = re.compile(r'^(?:中共)?([\u4e00-\u9fff]{1,8}?(?:自治州|自治县|自治旗|自治区|特别行政区|'
                   r'新区|地区|林区|矿区|省|市|县|区|州|盟|旗))')
PLACE_IN_TEXT = re.compile(r'([\u4e00-\u9fff]{2,4}?(?:市|县|区))(?:人民政府|委员会|政府)')


# Level words that PLACE_IN_TEXT takes for places: 各省、自治区、直辖市人民政府.
_NOT_A_PLACE = re.compile(r'^各|直辖|自治区$|设区|省辖|县级|地级|区县|县市|市县|市区')
_NATIONAL_ISSUER = re.compile(r'^(国务院|中共中央|中央|全国|国家|中华人民共和国)|^[^省市县区州盟旗]{2,8}部(办公厅)?$')
_NATIONAL_NUMBER = re.compile(r'^(国发|国办发|国办函|国函|中发|中办发|厅字)')


def is_national(issuer: str | None, number: str | None) -> bool:
    """Is this a document of the central government (国务院办公厅, 国办发〔2023〕10号)?"""
    return bool(issuer and _NATIONAL_ISSUER.match(issuer)) or bool(number and _NATIONAL_NUMBER.match(number))


def jurisdiction_of(issuer: str | None) -> str | None:
    """The place of an issuing body: 普宁市人民政府办公室 → 普宁市; a chain of places as
    written, 杭州市西湖区人民政府 → 杭州市西湖区 (the district of that city).

    >>> jurisdiction_of('杭州市西湖区人民政府办公室'), jurisdiction_of('中共普宁市委办公室')
    ('杭州市西湖区', '普宁市')
    """
    if not issuer:
        return None
    from .resolution.places import _place_prefix
    bare = issuer.removeprefix('中共')
    chain = _place_prefix(bare, '')
    if len(chain) >= 2:
        return chain
    m = PLACE.match(issuer)
    if not m:
        return None
    place = m.group(1)
    return place if len(place) >= 2 else None


_YEAR_BRACKET = re.compile(r'[〔\[【(（]\s*(?:19|20)\d\d\s*[〕\]】)）]')


def _numbers(head: str) -> list[re.Match]:
    """Document numbers (普府办〔2022〕22号), found from their bracketed year: a scan
    for the bracket is fast, one for the characters before it is not."""
    out, end = [], 0
    for y in _YEAR_BRACKET.finditer(head):
        m = NUMBER.search(head, max(end, y.start() - 13), y.end() + 8)
        if m and m.start() >= end:
            out.append(m)
            end = m.end()
    return out


def _places_in_text(text: str) -> list[str]:
    """Places before 人民政府/委员会/政府 (普宁市人民政府), looked for around those words."""
    out, end = [], 0
    for word in re.finditer('人民政府|委员会|政府', text):
        m = PLACE_IN_TEXT.search(text, max(end, word.start() - 5), word.end())
        if m:
            out.append(m.group(1))
            end = m.end()
    return out


def document_metadata(text: str) -> dict:
    """Title, number, issuer, date and jurisdiction from the head of a document."""
    head = text[:6000]
    out = {'title': None, 'number': None, 'issuer': None, 'date': None, 'jurisdiction': None}
    numbers = _numbers(head)
    # The document's own number stands on a line of its own; citations sit in sentences.
    own = [m for m in numbers if re.fullmatch(r'\s*', head[head.rfind('\n', 0, m.start()) + 1:m.start()])
           or head[max(0, m.start() - 1)] in ' \u3000']
    pick = (own or numbers or [None])[0]
    if pick:
        out['number'] = re.sub(r'\s+', '', pick.group(0))
    notice = NOTICE.search(head)
    if notice:
        out['issuer'] = notice.group(1)
        subject = re.sub(r'\s+', '', notice.group(2))
        quoted = re.search(r'《(.+?)》', subject)
        out['title'] = quoted.group(1) if quoted else subject
    else:
        for line in head.split('\n'):
            s = line.strip()
            if 6 <= len(s) <= 60 and re.search(r'(方案|规划|计划|意见|办法|纲要|通知|措施|细则|要点)$', s):
                out['title'] = s
                break
    if not out['issuer']:
        m = re.search(r'^\s*([\u4e00-\u9fff]{2,30}?)文件\s*$', head, re.M) or \
            re.search(r'([\u4e00-\u9fff]{2,20}?(?:人民政府|政府))文件', head)
        if m:
            out['issuer'] = m.group(1)
    dates = [m for m in DATE.finditer(head)]
    alone = [m for m in dates if re.fullmatch(r'\s*', head[head.rfind('\n', 0, m.start()) + 1:m.start()])]
    pick = (alone or dates or [None])[0]
    if pick:
        y, mo, d = (int(g) for g in pick.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            out['date'] = f'{y:04d}-{mo:02d}-{d:02d}'
    else:
        m = CN_DATE.search(head)
        if m:
            y = cn_number(m.group(1))       # 二〇二三 reads digit by digit: 2023
            out['date'] = f'{y:04d}-{cn_number(m.group(2)):02d}-{cn_number(m.group(3)):02d}'
    out['jurisdiction'] = jurisdiction_of(out['issuer'])
    national = is_national(out['issuer'], out['number'])
    if national:
        out['jurisdiction'] = None        # names without a place are national bodies
    elif not out['jurisdiction']:
        places = collections.Counter(place for place in _places_in_text(text[:20000])
                                     if not _NOT_A_PLACE.search(place))
        if places:
            out['jurisdiction'] = places.most_common(1)[0][0]
    if out['title'] is None:
        first = next((line.strip() for line in head.split('\n') if line.strip()), None)
        out['title'] = first[:80] if first else None
    return out
