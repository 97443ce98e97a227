"""A synthetic corpus for benchmarks: real measures and real unit names recombined.

Measures are taken from the bundled sample documents (their text and titles),
units from real department names, places from real prefecture- and county-level
cities; each document follows one of the attribution conventions graphkit
reads (labelled fields, 责任单位 lists, a declared first-listed convention,
phrases, a task table) and is about as large as a real action plan (15–60 KB).

    python bench/synth.py OUT_DIR N      # writes N documents into OUT_DIR
"""
from __future__ import annotations

import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

PLACES = ['普宁市', '揭阳市', '贵阳市', '遵义市', '安顺市', '平阳县', '瑞安市', '温州市', '四会市', '肇庆市',
          '佛山市', '江门市', '惠州市', '梅州市', '汕头市', '湛江市', '茂名市', '清远市', '韶关市', '河源市',
          '绵阳市', '德阳市', '宜宾市', '泸州市', '南充市', '乐山市', '湖州市', '嘉兴市', '绍兴市', '金华市',
          '台州市', '丽水市', '衢州市', '宁波市', '洛阳市', '开封市', '南阳市', '信阳市', '商丘市', '许昌市',
          '赣州市', '九江市', '上饶市', '吉安市', '宜春市', '株洲市', '湘潭市', '衡阳市', '岳阳市', '常德市',
          '桂林市', '柳州市', '玉林市', '钦州市', '大理市', '曲靖市', '玉溪市', '昭通市', '天水市', '庆阳市']
DEPARTMENTS = ['教育局', '财政局', '发展改革局', '人力资源社会保障局', '自然资源局', '住房城乡建设局', '民政局',
               '卫生健康局', '市场监管局', '公安局', '司法局', '审计局', '税务局', '交通运输局', '农业农村局',
               '水利局', '商务局', '文化广电旅游体育局', '应急管理局', '生态环境局', '科技局', '工业和信息化局',
               '退役军人事务局', '医疗保障局', '统计局', '林业局', '大数据局', '政务服务数据管理局', '委编办',
               '委组织部', '委宣传部', '纪委监委', '妇联', '残联', '科协', '总工会', '团委', '政府办公室']
VARIANTS = {'人力资源社会保障局': ['人社局', '人力资源和社会保障局'], '发展改革局': ['发改局', '发展和改革局'],
            '住房城乡建设局': ['住建局', '住房和城乡建设局'], '市场监管局': ['市场监督管理局'],
            '卫生健康局': ['卫健局'], '委编办': ['委机构编制委员会办公室'], '文化广电旅游体育局': ['文广旅体局'],
            '工业和信息化局': ['工信局'], '医疗保障局': ['医保局'], '残联': ['残疾人联合会'], '妇联': ['妇女联合会']}
COLLECTIVE = ['各乡镇人民政府', '各街道办事处', '各区县人民政府', '市直有关单位']


def sample_measures() -> list[tuple[str, str]]:
    """(title, body) pairs of the real measures of the sample corpus, clauses removed."""
    import re

    import graphkit
    data = os.path.join(os.path.dirname(HERE), 'data')
    out = []
    for name in sorted(os.listdir(data)):
        if not name.endswith('.txt'):
            continue
        for m in graphkit.extract(os.path.join(data, name)):
            body = m.text
            body = re.sub(r'[(（][^()（）]*(牵头|责任|单位|局|办|委)[^()（）]*[)）]\s*$', '', body.strip())
            body = re.sub(r'^\s*(第.{1,3}[章节]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])', '', body)
            if len(body) > 40:
                out.append((m.title, body.split('\n')[0]))
    return out


def _unit(rng, place_short: str, dept: str) -> str:
    name = rng.choice([dept] + VARIANTS.get(dept, [])) if rng.random() < 0.3 else dept
    return ('市' if rng.random() < 0.8 else place_short) + name


def _units(rng, place_short):
    k = rng.choice([1, 2, 3, 3, 4, 5, 6, 8])
    depts = rng.sample(DEPARTMENTS, k)
    units = [_unit(rng, place_short, d) for d in depts]
    if rng.random() < 0.3:
        units.append(rng.choice(COLLECTIVE))
    return units


def document(rng: random.Random, measures: list[tuple[str, str]], index: int) -> str:
    place = rng.choice(PLACES)
    short = place
    n = rng.randint(15, 45)
    style = rng.choice(['labelled', 'responsible', 'declared', 'phrase', 'table'])
    lines = [f'{place}人民政府办公室关于印发{place}教育高质量发展行动方案({index})的通知',
             f'{place[0]}府办〔2023〕{index}号', '各乡镇人民政府,市直有关单位:',
             '现将方案印发给你们,请认真贯彻落实。', f'{place}人民政府办公室', '2023年5月6日',
             f'{place}教育高质量发展行动方案', '一、总体要求', '坚持以人民为中心,推动高质量发展。', '二、重点任务']
    chosen = [rng.choice(measures) for _ in range(n)]
    if style == 'table':
        lines.append('序号\t重点任务\t牵头单位\t配合单位\t完成时限')
        for i, (title, body) in enumerate(chosen, 1):
            units = _units(rng, short)
            lines.append(f'{i}\t{title}。{body[:120]}\t{units[0]}\t{"、".join(units[1:])}\t2025年底前')
    else:
        section = 0
        for i, (title, body) in enumerate(chosen, 1):
            if (i - 1) % 6 == 0:
                section += 1
                lines.append(f'({"一二三四五六七八九十"[min(section, 10) - 1]})实施第{section}项行动。')
            units = _units(rng, short)
            lead, rest = units[0], '、'.join(units[1:])
            if style == 'labelled':
                clause = f'(牵头单位:{lead}' + (f';责任单位:{rest})' if rest else ')')
            elif style == 'responsible':
                clause = f'(责任单位:{"、".join(units)})'
            elif style == 'declared':
                clause = f'({"、".join(units)}' + (',排名第一位为牵头单位,下同)' if i == 1 else ')')
            else:
                clause = f'({lead}牵头' + (f',{rest}配合)' if rest else ')')
            lines.append(f'{i}.{title}。{body}{clause}')
    lines += ['三、保障措施', '(一)加强组织领导。各地各部门要高度重视,抓好落实。']
    return '\n'.join(lines) + '\n'


def write_corpus(folder: str, n: int, seed: int = 7) -> list[str]:
    """Write ``n`` synthetic documents into ``folder``; return their paths."""
    rng = random.Random(seed)
    measures = sample_measures()
    os.makedirs(folder, exist_ok=True)
    paths = []
    for i in range(n):
        path = os.path.join(folder, f'doc{i:05d}.txt')
        if not os.path.exists(path):
            with open(path, 'w', encoding='utf-8') as f:
                f.write(document(rng, measures, i + 1))
        else:
            document(rng, measures, i + 1)   # keep the generator in step
        paths.append(path)
    return paths


if __name__ == '__main__':
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    out, count = sys.argv[1], int(sys.argv[2])
    paths = write_corpus(out, count)
    size = sum(os.path.getsize(p) for p in paths)
    print(f'{len(paths)} documents, {size / 1e6:.1f} MB, {size / len(paths) / 1e3:.1f} KB each')
