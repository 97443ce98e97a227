"""Benchmark name resolution: 20,000 distinct unit names resolved on one core.

The names combine real places (graphkit/data/places.tsv: cities, counties and
districts of many provinces), real department names and the variant forms documents
use (abbreviations, 和 inserted, 人民政府/政府, 中共 prefix, bracket styles, notes,
stray spaces, a bare 市/县/区 with the document's place). Each name knows the unit it
denotes, so the run also prints pair precision and recall against that truth.

    python bench/bench_resolve.py --names 20000 [--seed 0]

Prints figures only; it asserts nothing about time (the target is < 2 s).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter

from graphkit import knowledge
from graphkit.resolution import Resolver

# canonical core → variant cores a document may write ({L} is the bare level: 市, 县, 区…)
DEPARTMENTS = {
    '人力资源社会保障局': ['人社局', '人力资源和社会保障局', '人力资源社会保障局', '人力资源与社会保障局'],
    '发展改革局': ['发改局', '发展和改革局', '发展改革局'],
    '发展改革委员会': ['发改委', '发展和改革委员会', '发展改革委'],
    '住房城乡建设局': ['住建局', '住房和城乡建设局', '住房城乡建设局'],
    '教育局': ['教育局'],
    '体育局': ['体育局'],
    '教育体育局': ['教体局', '教育和体育局'],
    '财政局': ['财政局'],
    '税务局': ['税务局'],
    '市场监督管理局': ['市场监管局', '市场监督管理局', '市监局'],
    '卫生健康局': ['卫健局', '卫生健康局'],
    '卫生健康委员会': ['卫健委', '卫生健康委员会', '卫生健康委'],
    '医疗保障局': ['医保局', '医疗保障局'],
    '应急管理局': ['应急局', '应急管理局'],
    '退役军人事务局': ['退役军人局', '退役军人事务局'],
    '大数据发展管理局': ['大数据局', '大数据发展管理局', '大数据管理局'],
    '政务服务数据管理局': ['政数局', '政务服务数据管理局'],
    '科学技术局': ['科技局', '科学技术局'],
    '科学技术协会': ['科协', '科学技术协会'],
    '残疾人联合会': ['残联', '残疾人联合会'],
    '妇女联合会': ['妇联', '妇女联合会'],
    '文化广电旅游体育局': ['文广旅体局', '文广旅游体育局', '文化广电旅游体育局'],
    '文化旅游局': ['文旅局', '文化和旅游局'],
    '工业信息化局': ['工信局', '工业和信息化局'],
    '自然资源规划局': ['自然资源和规划局', '自然资源规划局'],
    '自然资源局': ['自然资源局'],
    '生态环境局': ['生态环境局'],
    '公安局': ['公安局'],
    '司法局': ['司法局'],
    '民政局': ['民政局'],
    '审计局': ['审计局'],
    '统计局': ['统计局'],
    '商务局': ['商务局'],
    '农业农村局': ['农业农村局', '农业和农村局'],
    '水务局': ['水务局'],
    '林业局': ['林业局'],
    '交通运输局': ['交通运输局', '交通局'],
    '城市管理局': ['城管局', '城市管理局'],
    '民族宗教事务局': ['民宗局', '民族和宗教事务局', '民族宗教事务局'],
    '国有资产监督管理委员会': ['国资委', '国有资产监督管理委员会'],
    '机关事务管理局': ['机关事务局', '机关事务管理局'],
    '住房公积金管理中心': ['公积金中心', '住房公积金管理中心', '住房公积金中心'],
    '人民防空办公室': ['人防办', '人民防空办公室'],
    '行政审批服务局': ['行政审批服务局', '行政审批局'],
    '数据资源管理局': ['数据资源管理局', '数据资源局'],
    '信访局': ['信访局'],
    '乡村振兴局': ['乡村振兴局'],
    '融媒体中心': ['融媒体中心'],
    '气象局': ['气象局'],
    '人民法院': ['法院', '人民法院'],
    '人民检察院': ['检察院', '人民检察院'],
    '总工会': ['总工会'],
    '工商业联合会': ['工商联', '工商业联合会'],
    '人民政府': ['政府', '人民政府'],
    '人民政府办公室': ['政府办', '政府办公室', '人民政府办公室'],
    '委组织部': ['委组织部'],
    '委宣传部': ['委宣传部'],
    '委统一战线工作部': ['委统战部', '委统一战线工作部'],
    '委机构编制委员会办公室': ['委编办', '委机构编制委员会办公室'],
    '委政法委员会': ['委政法委', '委政法委员会'],
    '委网络安全信息化委员会办公室': ['委网信办', '委网络安全和信息化委员会办公室'],
    '委办公室': ['委办', '委办公室'],
    '纪委监委': ['纪委监委', '纪委{L}监委'],
}
PARTY = {d for d in DEPARTMENTS if d.startswith(('委', '纪委'))}


def places() -> list[tuple[str, str]]:
    """(place, its level character) for every city, county and district in places.tsv."""
    out = []
    for row in knowledge.rows('places.tsv'):
        place = row[0]
        if len(row) < 2 or not row[1] or place.endswith(('新区', '地区', '林区', '特区', '自治区')):
            continue
        level = '州' if place.endswith('自治州') else '县' if place.endswith('自治县') else place[-1]
        if level in '市县区州旗盟':
            out.append((place, level))
    return sorted(set(out))


def variants(place: str, level: str, core: str, rng: random.Random) -> list[str]:
    """Names of one unit of ``place`` as documents write them."""
    out = []
    for v in DEPARTMENTS[core]:
        v = v.replace('{L}', level)
        out.append(place + v)                                 # 普宁市人社局
        out.append(level + v)                                 # 市人社局 (document of the place)
    if core in PARTY:
        out.append('中共' + place + DEPARTMENTS[core][-1].replace('{L}', level))
    if core == '税务局':
        out.append(f'国家税务总局{place}税务局')
    if core == '人民政府':
        out.append(place)                                     # 花溪区: its government
    extra = rng.choice(DEPARTMENTS[core]).replace('{L}', level)
    out.append(f'{level}{extra}(牵头)')                        # a trailing note
    out.append(f' {place} {extra}')                           # stray spaces
    return out


def generate(n: int, seed: int) -> list[tuple[str, str, tuple[str, str]]]:
    """``n`` distinct (name, jurisdiction, true unit) triples.

    Units (a place and a department) are drawn at random, each with all its variants,
    so most units appear under several names.
    """
    rng = random.Random(seed)
    units = [(place, level, core) for place, level in places() for core in DEPARTMENTS]
    rng.shuffle(units)
    seen, out = set(), []
    for place, level, core in units:
        for name in variants(place, level, core, rng):
            if (name, place) not in seen:
                seen.add((name, place))
                out.append((name, place, (place, core)))
            if len(out) == n:
                return out
    return out


def pairs(counter: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counter.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--names', type=int, required=True, help='how many names, e.g. 20000')
    ap.add_argument('--seed', type=int, default=0)
    if len(sys.argv) == 1:
        print(__doc__.strip())
        sys.exit(2)
    args = ap.parse_args()
    if hasattr(os, 'sched_setaffinity'):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})   # one core
    items = generate(args.names, args.seed)
    print(f'names: {len(items)} distinct (name, jurisdiction) from {len(places())} places '
          f'and {len(DEPARTMENTS)} departments')
    start = time.perf_counter()
    r = Resolver()
    for name, jur, _ in items:
        r.add(name, jur)
    res = r.resolve_all()
    elapsed = time.perf_counter() - start
    s = r.stats
    print(f'resolved in {elapsed:.2f} s on one core ({elapsed / len(items) * 1e6:.0f} µs a name; target < 2 s)')
    print(f'canonical keys: {s["keys"]}, units after fuzzy merging: {len({x.canonical for x in res.values()})}')
    n = len(items)
    print(f'candidate pairs compared by the fuzzy stage: {s["candidate_pairs"]:,} in {s["blocks"]:,} blocks; '
          f'all pairs of names: {n * (n - 1) // 2:,}; all pairs of canonical keys: {s["all_pairs"]:,} '
          f'({s["candidate_pairs"] / max(s["all_pairs"], 1):.5%} of them)')
    how = Counter(x.how for x in res.values())
    print('how: ' + ', '.join(f'{k} {v}' for k, v in sorted(how.items())))
    truth = {(name, jur): t for name, jur, t in items}
    pred = {k: v.canonical for k, v in res.items()}
    both = Counter((truth[k], pred[k]) for k in truth)
    tp, gold, got = pairs(both), pairs(Counter(truth.values())), pairs(Counter(pred.values()))
    p, rcl = tp / got if got else 0.0, tp / gold if gold else 0.0
    print(f'pair precision {p:.4f}, recall {rcl:.4f} against the generated truth')
    start = time.perf_counter()
    review = r.review()
    print(f'review: {len(review)} items in {time.perf_counter() - start:.2f} s')


if __name__ == '__main__':
    main()
