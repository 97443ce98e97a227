"""Write graphkit/data/places.tsv from the statistical division codes.

Usage: python tools/places_table.py CODES_DIR [CURRENT_TABLE]

CODES_DIR holds provinces.csv, cities.csv and areas.csv of the 统计用区划代码
(National Bureau of Statistics; the CSV export of github.com/modood/
Administrative-divisions-of-China, codes of 2023-06-30, published 2023-09-11).
Every province, prefecture and county-level division is written with its
parent; short forms are generated for provinces, prefectures and autonomous
counties (黔南布依族苗族自治州 → 黔南州、黔南; 三都水族自治县 → 三都县) — not for
other counties, whose bare stems are common words (和平, 新华, 城关). Rows of
CURRENT_TABLE (default: the bundled table) that the codes do not hold (新区,
short forms written by hand) are kept. The statistical codes' own areas (code
digits 5–6 from 70 to 79: 开发区, 管理区 for statistics only) are left out.
"""
import csv
import os
import re
import sys

ETHNIC = re.compile(
    '(?:壮|回|维吾尔|藏|蒙古|朝鲜|满|苗|彝|土家|布依|侗|瑶|白|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|'
    '景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|'
    '裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族?$')


def strip_peoples(stem: str) -> str:
    """黔南布依族苗族 → 黔南, 巴里坤哈萨克 → 巴里坤; a stem that is a people's own name
    keeps it (东乡族 → 东乡)."""
    while True:
        m = ETHNIC.search(stem)
        if not m or m.start() < 2:
            return stem[:-1] if stem.endswith('族') and len(stem) > 2 else stem
        stem = stem[:m.start()]


HEADER = """# Places: administrative divisions that start unit names (普宁市教育局, 黔南州民宗委).
# Columns: place <TAB> parent place ('' for a province-level place) <TAB> short forms, separated by 、
# Source: 统计用区划代码 of the National Bureau of Statistics (codes of 2023-06-30, published
# 2023-09-11; CSV export of github.com/modood/Administrative-divisions-of-China), written by
# tools/places_table.py: every province, prefecture and county-level division (the
# statistics-only areas, code digits 5-6 from 70 to 79, left out), plus rows kept by hand
# (新区, older short forms). Short forms are generated for provinces, prefectures and
# autonomous counties only: bare county stems are common words (和平, 新华, 城关).
# Used to cut a unit name into its place and the rest, to find the province or the
# prefecture above a document's place (省教育厅 in a 普宁市 document is 广东省教育厅), and
# to keep 和 inside 和平区 or 和田市. A place with several parents (朝阳区 of 北京市 and of
# 长春市) has one row per parent. Places not listed are still found by their endings
# (…市, …县, …区, …旗, …州); add rows in GRAPHKIT_DATA/places.tsv for your own places.
# Canonical names use the full name, except that an autonomous prefecture or county
# uses its short form ending in 州/县 (黔南州, 三都县); other short forms (普宁, 贵州)
# are recognised but left as written.
"""


def shorts(name: str, level: str) -> list[str]:
    """Generated short forms of a division's name."""
    if level == 'province':
        stem = re.sub('(省|市|特别行政区|自治区)$', '', name)
        return [strip_peoples(stem)] if stem != name else []
    if name.endswith('自治州'):
        stem = strip_peoples(name[:-3])
        return [stem + '州', stem]
    if name.endswith(('自治县', '自治旗')):
        stem = strip_peoples(name[:-3])
        return [stem + name[-1]] if len(stem) >= 2 else []
    if level == 'prefecture':
        stem = re.sub('(市|地区|盟)$', '', name)
        return [stem] if stem != name and len(stem) >= 2 else []
    return []


COUNTY_END = re.compile('(区|县|市|旗)$')


def read(path):
    with open(path, encoding='utf-8') as f:
        return list(csv.DictReader(f))


def main(argv):
    if not argv:
        print(__doc__.strip())
        return 2
    codes = argv[0]
    current = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'graphkit', 'data',
                                                         'places.tsv')
    kept = []
    by_name = {}
    for line in open(current, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        row = (line.rstrip('\n').split('\t') + ['', ''])[:3]
        kept.append(row)
        by_name.setdefault((row[0], row[1]), row)
    provinces = {r['code']: r['name'] for r in read(os.path.join(codes, 'provinces.csv'))}
    cities = {}
    rows = []
    for code, name in provinces.items():
        rows.append((name, '', shorts(name, 'province')))
    for r in read(os.path.join(codes, 'cities.csv')):
        parent = provinces[r['provinceCode']]
        if r['name'] in ('市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'):
            cities[r['code']] = parent          # counties straight under the province
            continue
        cities[r['code']] = r['name']
        rows.append((r['name'], parent, shorts(r['name'], 'prefecture')))
    for r in read(os.path.join(codes, 'areas.csv')):
        parent = cities[r['cityCode']]
        if 70 <= int(r['code'][4:6]) <= 79 or r['name'] == parent or not COUNTY_END.search(r['name']):
            continue        # statistics-only areas; 东莞市 under itself; 西沙群岛
        rows.append((r['name'], parent, shorts(r['name'], 'county')))
    out, seen = [], set()
    for name, parent, forms in rows:
        old = by_name.get((name, parent))
        forms = list(dict.fromkeys((old[2].split('、') if old and old[2] else []) + forms))
        out.append(f'{name}\t{parent}\t{"、".join(f for f in forms if f)}')
        seen.add((name, parent))
    extra = [f'{r[0]}\t{r[1]}\t{r[2]}' for r in kept if (r[0], r[1]) not in seen]
    text = HEADER + '\n'.join(out) + '\n# --- kept by hand: not in the codes ---\n' + '\n'.join(extra) + '\n'
    with open(current, 'w', encoding='utf-8') as f:
        f.write(text)
    print(f'{len(out)} divisions from the codes, {len(extra)} rows kept by hand → {current}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
