import codecs

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.read import (count_damage, decode, is_noise, parse_form, read_bytes, read_text,
                           strip_ruby, to_simplified)

from .conftest import DATA

SAMPLE = '二、主要任务\n1.推动教育高质量发展。(牵头单位:市教育局;责任单位:市财政局、市人力资源社会保障局)\n'


def test_decode_utf8_variants():
    assert decode(SAMPLE.encode('utf-8')) == (SAMPLE, 'utf-8')
    assert decode(codecs.BOM_UTF8 + SAMPLE.encode('utf-8')) == (SAMPLE, 'utf-8-sig')
    assert decode(SAMPLE.encode('utf-16'))[0] == SAMPLE


def test_decode_chinese_legacy_encodings():
    text, enc = decode((SAMPLE * 5).encode('gbk'))
    assert text == SAMPLE * 5 and enc == 'gb18030'
    trad = opencc.OpenCC('s2t').convert(SAMPLE * 5)
    text, enc = decode(trad.encode('big5'))
    assert text == trad and enc.startswith(('big5', 'cp950'))


def test_damaged_utf8_stays_utf8_and_is_counted():
    data = (SAMPLE * 20).encode('utf-8')
    data = data[:300] + b'\xff\xfe' + data[300:]
    text, enc = decode(data)
    assert enc == 'utf-8' and text.count('\ufffd') == 2
    assert read_bytes(data).damaged >= 1


def test_traditional_converted_simplified_left_alone():
    assert to_simplified('推動教育高質量發展,優化鄉鎮學校') == ('推动教育高质量发展,优化乡镇学校', True)
    # 著力 is valid Simplified: no rewrite of a Simplified text
    assert to_simplified('著力办好三所学校') == ('著力办好三所学校', False)


def test_ruby_residue_stripped_only_with_tone_marks():
    assert strip_ruby('發(fā)展鄉(xiāng)鎮(zhèn)') == ('發展鄉鎮', 3)
    assert strip_ruby('市教育局(牵头)') == ('市教育局(牵头)', 0)
    assert strip_ruby('规划(2023-2025年)') == ('规划(2023-2025年)', 0)
    assert strip_ruby('统一(tongyi)') == ('统一(tongyi)', 0)


def test_noise_lines():
    for line in ['|||||||||||', '分享到:', '【字体:大 中 小】', '您现在的位置: 首页 > 政务公开',
                 '2.gif', '上一篇 2023年7月31日', '打印本页 关闭窗口']:
        assert is_noise(line), line
    for line in ['一、主要任务', '(市教育局)', '分享优质教育资源,推动共建共享。', '2023年11月18日']:
        assert not is_noise(line), line


def test_read_sample_traditional_document():
    t = read_bytes((DATA / '000_8f9cbb4accac17dc.txt').read_bytes())
    assert t.converted and t.ruby_removed > 300
    assert '牵头单位:市教育局' in t.text and '發' not in t.text and '(fā)' not in t.text
    assert t.damaged >= 5     # 學?!薄翱 and friends are kept and counted
    assert '?!' in t.text


def test_noise_dropped_from_sample():
    t = read_bytes((DATA / '003_e7dfb5008a7212f3.txt').read_bytes())
    assert '|||' not in t.text and t.noise_lines >= 2


def test_damage_patterns():
    assert count_damage('三所學?!薄翱諝W校') == 1
    assert count_damage('乱码\ufffd\ufffd文本') == 1
    assert count_damage('正常的文本,没有损坏?') == 0


@given(st.text(alphabet=st.characters(blacklist_categories=('Cs',)), max_size=200))
@settings(max_examples=200, deadline=None)
def test_parse_form_keeps_offsets(s):
    assert len(parse_form(s)) == len(s)


@given(st.binary(max_size=400))
@settings(max_examples=150, deadline=None)
def test_read_never_crashes_on_bytes(data):
    t = read_bytes(data)
    assert isinstance(t.text, str)


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_read_text_idempotent(s):
    once = read_text(s).text
    assert read_text(once).text == once
