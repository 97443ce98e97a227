"""ingest: formats recognised from content, HTML/DOCX/PDF to lines, bad input to one-line errors.

Every fixture is built here, in tmp_path: a government portal page, a .docx
made with python-docx, PDFs written by hand (a Type0 font with Identity-H
encoding and a ToUnicode map, so no font file and no PDF library is needed).
"""
from __future__ import annotations

import glob
import io
import shutil
import os
import random
import tracemalloc
import zipfile

import opencc
import pytest

from graphkit.errors import InputError, UnsupportedFormat
from graphkit.ingest import PdfLine, pdf_paragraphs, read_file
from graphkit.read import Text, read_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = sorted(glob.glob(os.path.join(HERE, '..', 'data', '*.txt')))


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def lines(text: Text) -> list[str]:
    return text.text.split('\n')


# --- fixtures ----------------------------------------------------------------------------

TITLE = '普宁市人民政府办公室关于印发普宁市推动义务教育优质均衡发展行动方案的通知'

PORTAL_PAGE = f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}_普宁市人民政府门户网站</title>
<meta name="ArticleTitle" content="{TITLE}">
<script type="text/javascript">var s = "<p>脚本里的文字</p>"; document.write(s);</script>
<style>.zoom p {{ line-height: 2; }}</style>
</head>
<body>
<div class="header"><div class="logo">普宁市人民政府门户网站</div>
  <form class="search"><input type="text" value="请输入关键字"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
  <li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府文件</div>
<div class="article">
  <h1 class="title">{TITLE}</h1>
  <div class="info">来源：普宁市人民政府　发布时间：2023-01-28 19:10　浏览次数：<span id="hits">128</span></div>
  <div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
  <div id="zoom"><div class="TRS_Editor">
    <p style="text-align:center">普府办〔2022〕22号</p>
    <p>各乡、镇人民政府，各街道办事处，市府直属有关单位：</p>
    <p>　　《普宁市推动义务教育优质均衡发展行动方案》业经市人民政府同意，
       现印发给你们，请认真组织实施。</p>
    <p style="text-align:right">普宁市人民政府办公室<br/>2022年12月12日</p>
    <p>&nbsp;</p>
    <h2>普宁市推动义务教育优质均衡发展行动方案</h2>
    <h3>一、总体要求</h3>
    <p>　　为加快推进我市义务教育优质均衡发展，制定本方案。</p>
    <h3>二、主要任务</h3>
    <table border="1" cellspacing="0">
      <thead>
        <tr><th rowspan="2">序号</th><th rowspan="2">任务</th><th colspan="2">责任单位</th>
            <th rowspan="2">完成时限</th></tr>
        <tr><th>牵头单位</th><th>配合单位</th></tr>
      </thead>
      <tbody>
        <tr><td colspan="5"><strong>（一）扩大优质教育资源供给</strong></td></tr>
        <tr><td>1</td><td>新建、改扩建公办学校10所</td><td rowspan="3">市教育局</td>
            <td>市自然资源局、市住房城乡建设局</td><td>2025年底前</td></tr>
        <tr><td>2</td><td><p>保障义务教育学校用地。</p><p>优先安排用地指标。</p></td>
            <td>市自然资源局</td><td>2024年底前</td></tr>
        <tr><td>3</td><td>落实教师编制	动态调整</td><td>市委编办、市财政局</td><td>长期坚持</td></tr>
        <tr><td>4</td><td>加强经费保障</td><td>市财政局</td><td>各镇人民政府<br>各街道办事处</td>
            <td>持续推进</td></tr>
      </tbody>
    </table>
    <p>三、保障措施</p>
    <p>　　各责任单位要按照职责分工抓好落实。</p>
    <div class="xglj"><h4>相关链接</h4><ul><li><a href="/a">广东省推动义务教育优质均衡发展行动方案</a></li></ul></div>
    <p>相关文件：</p>
    <ul><li><a href="/b">关于统筹推进县域内城乡义务教育一体化改革发展的实施意见</a></li>
        <li><a href="/c">广东省促进学前教育普惠健康发展行动方案</a></li></ul>
  </div></div>
  <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a>
    <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><p>主办：普宁市人民政府办公室　承办：普宁市政务服务数据管理局</p>
  <p>网站标识码：4452810001　粤ICP备05080001号</p></div>
<script>var _hmt = _hmt || []; /* 统计代码 */</script>
</body></html>
'''

PORTAL_LINES = [
    TITLE,
    '普府办〔2022〕22号',
    '各乡、镇人民政府，各街道办事处，市府直属有关单位：',
    '　　《普宁市推动义务教育优质均衡发展行动方案》业经市人民政府同意， 现印发给你们，请认真组织实施。',
    '普宁市人民政府办公室',
    '2022年12月12日',
    '普宁市推动义务教育优质均衡发展行动方案',
    '一、总体要求',
    '　　为加快推进我市义务教育优质均衡发展，制定本方案。',
    '二、主要任务',
    '序号\t任务\t责任单位\t责任单位\t完成时限',
    '序号\t任务\t牵头单位\t配合单位\t完成时限',
    '（一）扩大优质教育资源供给',
    '1\t新建、改扩建公办学校10所\t市教育局\t市自然资源局、市住房城乡建设局\t2025年底前',
    '2\t保障义务教育学校用地。 优先安排用地指标。\t市教育局\t市自然资源局\t2024年底前',
    '3\t落实教师编制 动态调整\t市教育局\t市委编办、市财政局\t长期坚持',
    '4\t加强经费保障\t市财政局\t各镇人民政府 各街道办事处\t持续推进',
    '三、保障措施',
    '　　各责任单位要按照职责分工抓好落实。',
]

FURNITURE = ['首页', '当前位置', '分享到', '微信', '打印', '关闭窗口', '主办', 'ICP', '标识码', '搜索',
             '脚本里的文字', '统计', '相关链接', '相关文件', '广东省推动', '一体化改革', '浏览次数',
             '门户网站', 'line-height', '_hmt']


def test_html_portal_page_gives_article_and_table_rows(tmp_path):
    path = write(tmp_path, 'page.html', PORTAL_PAGE.encode('gbk'))
    text = read_file(path)
    assert lines(text) == PORTAL_LINES
    assert text.encoding == 'html/gb18030'
    for junk in FURNITURE:
        assert junk not in text.text, junk


def test_html_saved_as_txt_and_utf8_with_wrong_meta_charset(tmp_path):
    # Saved as .txt: recognised from content. Declared gb2312 but really UTF-8.
    path = write(tmp_path, 'page.txt', PORTAL_PAGE.encode('utf-8'))
    text = read_file(path)
    assert lines(text) == PORTAL_LINES
    assert text.encoding == 'html/utf-8'
    # A UTF-8 BOM and no declaration at all.
    page = PORTAL_PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '')
    path = write(tmp_path, 'bom.htm', b'\xef\xbb\xbf' + page.encode('utf-8'))
    assert lines(read_file(path)) == PORTAL_LINES


def test_html_big5_traditional_page_is_simplified(tmp_path):
    page = ('<html><head><meta charset="big5"><title>教育發展規劃</title></head><body>'
            '<div class="menu"><a href="/">網站首頁</a></div>'
            '<div class="content"><p>一、總體要求</p><p>推動義務教育優質均衡發展，落實立德樹人根本任務。</p>'
            '<table><tr><td>任務</td><td>牽頭單位</td></tr><tr><td>擴大學位供給</td><td>市教育局</td></tr>'
            '</table></div></body></html>')
    path = write(tmp_path, 'big5.html', page.encode('big5'))
    text = read_file(path)
    assert lines(text) == ['教育发展规划', '一、总体要求', '推动义务教育优质均衡发展，落实立德树人根本任务。',
                           '任务\t牵头单位', '扩大学位供给\t市教育局']
    assert text.encoding == 'html/cp950' and text.converted


def test_html_without_known_container_uses_text_density(tmp_path):
    body = ''.join(f'<p>（{n}）第{n}项措施的内容，要求各单位认真落实，确保取得实效。</p>' for n in '一二三四五')
    page = ('<html><head><title>某县教育事业发展规划 - 某县人民政府</title></head>'
            '<body><table width="1000"><tr><td class="left">'
            '<ul><li><a href="/1">机构概况</a></li><li><a href="/2">政策文件</a></li>'
            '<li><a href="/3">工作动态</a></li></ul></td>'
            f'<td class="right"><div class="bt">某县教育事业发展规划</div><div class="x7">{body}</div></td>'
            '</tr></table><div class="foot">版权所有：某县人民政府 联系电话：0000-1234567</div></body></html>')
    path = write(tmp_path, 'plain.html', page.encode('utf-8'))
    got = lines(read_file(path))
    assert got == ['某县教育事业发展规划'] + [
        f'（{n}）第{n}项措施的内容，要求各单位认真落实，确保取得实效。' for n in '一二三四五']


def test_html_table_spans_are_repeated(tmp_path):
    page = ('<html><body><div class="article-content"><p>附件：任务分工表</p><table>'
            '<tr><td></td><td> </td></tr>'
            '<tr><td>序号</td><td>任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>'
            '<tr><td>1</td><td>任务一</td><td rowspan="0">县教育局</td><td colspan="2" rowspan="2">县财政局</td></tr>'
            '<tr><td>2</td><td>任务二</td></tr>'
            '<tr><td>3</td><td>任务三</td><td></td><td>2025年</td></tr>'
            '</table></div></body></html>')
    got = lines(read_file(write(tmp_path, 't.html', page.encode('utf-8'))))
    assert got == ['附件：任务分工表',
                   '序号\t任务\t牵头单位\t配合单位\t完成时限',
                   '1\t任务一\t县教育局\t县财政局\t县财政局',
                   '2\t任务二\t县教育局\t县财政局\t县财政局',
                   '3\t任务三\t县教育局\t\t2025年']


def test_mhtml_single_file_page(tmp_path):
    html = PORTAL_PAGE.encode('gbk')
    import base64
    mht = (b'From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\n'
           b'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
           b'------B\r\nContent-Type: text/html; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n'
           b'Content-Location: http://www.puning.gov.cn/a.html\r\n\r\n' +
           base64.encodebytes(html) + b'\r\n------B--\r\n')
    text = read_file(write(tmp_path, 'page.mht', mht))
    assert lines(text) == PORTAL_LINES
    assert text.encoding == 'mhtml/gb18030'


# --- DOCX ---------------------------------------------------------------------------------

def _numbered(doc, paragraph, num_id: int, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement('w:numPr')
    for tag, val in (('w:ilvl', level), ('w:numId', num_id)):
        el = OxmlElement(tag)
        el.set(qn('w:val'), str(val))
        numpr.append(el)
    ppr.append(numpr)


def _add_chinese_numbering(doc) -> int:
    """Add a list definition 一、 / （一） / 1. to the document; return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    numbering = doc.part.numbering_part.element
    levels = ''.join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate([('chineseCounting', '%1、'), ('chineseCounting', '（%2）'),
                                         ('decimal', '%3.')]))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def make_docx() -> bytes:
    import docx
    doc = docx.Document()
    doc.add_paragraph('普府办〔2022〕22号')
    doc.add_heading('普宁市推动义务教育优质均衡发展行动方案', level=1)
    num = _add_chinese_numbering(doc)
    _numbered(doc, doc.add_paragraph('总体要求'), num, 0)
    _numbered(doc, doc.add_paragraph('指导思想'), num, 1)
    doc.add_paragraph('为加快推进义务教育优质均衡发展，\t制定本方案。')
    _numbered(doc, doc.add_paragraph('工作目标'), num, 1)
    _numbered(doc, doc.add_paragraph('主要任务'), num, 0)
    table = doc.add_table(rows=5, cols=5)
    rows = [['序号', '任务', '牵头单位', '配合单位', '完成时限'],
            ['1', '新建学校10所', '市教育局', '市自然资源局', '2025年底前'],
            ['2', '保障学校用地', '', '市住房城乡建设局', '2024年底前'],
            ['3', '加强经费保障', '市财政局', '各镇人民政府', ''],
            ['(二)完善保障机制', '', '', '', '']]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2))           # vMerge: the lead unit over two rows
    table.cell(3, 3).merge(table.cell(3, 4))           # gridSpan
    table.cell(3, 3).add_paragraph('各街道办事处')       # two paragraphs in a cell
    table.cell(4, 0).merge(table.cell(4, 4))           # a group row across the table
    doc.add_paragraph('')
    box = doc.add_table(rows=1, cols=1)                 # a one-column box (专栏)
    box.cell(0, 0).text = '专栏1 重点工程'
    box.cell(0, 0).add_paragraph('1.新建学校项目')
    _numbered(doc, doc.add_paragraph('保障措施'), num, 0)
    p = doc.add_paragraph('各责任单位')
    p.add_run().add_break()
    p.add_run('要抓好落实。')
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


DOCX_LINES = [
    '普府办〔2022〕22号',
    '普宁市推动义务教育优质均衡发展行动方案',
    '一、总体要求',
    '（一）指导思想',
    '为加快推进义务教育优质均衡发展， 制定本方案。',
    '（二）工作目标',
    '二、主要任务',
    '序号\t任务\t牵头单位\t配合单位\t完成时限',
    '1\t新建学校10所\t市教育局\t市自然资源局\t2025年底前',
    '2\t保障学校用地\t市教育局\t市住房城乡建设局\t2024年底前',
    '3\t加强经费保障\t市财政局\t各镇人民政府 各街道办事处\t各镇人民政府 各街道办事处',
    '(二)完善保障机制',
    '专栏1 重点工程',
    '1.新建学校项目',
    '三、保障措施',
    '各责任单位',
    '要抓好落实。',
]


def test_docx_paragraphs_and_task_table_in_order(tmp_path):
    text = read_file(write(tmp_path, 'plan.docx', make_docx()))
    assert lines(text) == DOCX_LINES
    assert text.encoding == 'docx'


def test_docx_recognised_by_content_not_name(tmp_path):
    assert lines(read_file(write(tmp_path, 'plan.doc', make_docx()))) == DOCX_LINES
    assert lines(read_file(write(tmp_path, 'download', make_docx()))) == DOCX_LINES


# --- PDF ----------------------------------------------------------------------------------

def make_pdf(pages, width=595, height=842) -> bytes:
    """A PDF whose pages hold text at given places: ``(x, y_from_top, size, text)``,
    and ruling lines ``('L', x1, y1, x2, y2)``.

    Text is shown with a Type0 font in Identity-H encoding (a glyph id per UTF-16
    code unit) and a ToUnicode map, so text extraction works without a font
    file. ``text=None`` draws a filled rectangle instead (a page without text).
    """
    objs = {}
    font_id, cid_id, desc_id, tounicode_id, first = 3, 4, 5, 6, 7
    kids, codes = [], set()
    for k, items in enumerate(pages):
        page_id, content_id = first + 2 * k, first + 2 * k + 1
        kids.append(page_id)
        ops = []
        for item in items:
            if item[0] == 'L':                      # a ruling line
                _, x1, y1, x2, y2 = item
                ops.append(f'0.5 w {x1} {height - y1} m {x2} {height - y2} l S')
                continue
            x, y, size, text = item
            if text is None:
                ops.append(f'{x} {height - y} 100 50 re f')
                continue
            codes.update(ord(ch) >> 8 for ch in text)
            hexs = ''.join(f'{ord(ch):04X}' for ch in text)
            ops.append(f'BT /F1 {size} Tf 1 0 0 1 {x} {height - y} Tm <{hexs}> Tj ET')
        stream = '\n'.join(ops).encode('ascii')
        objs[content_id] = b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream'
        objs[page_id] = (f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] '
                         f'/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>').encode()
    objs[1] = b'<< /Type /Catalog /Pages 2 0 R >>'
    objs[2] = f'<< /Type /Pages /Kids [{" ".join(f"{k} 0 R" for k in kids)}] /Count {len(kids)} >>'.encode()
    objs[font_id] = (f'<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H '
                     f'/DescendantFonts [{cid_id} 0 R] /ToUnicode {tounicode_id} 0 R >>').encode()
    objs[cid_id] = (f'<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun '
                    f'/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> '
                    f'/FontDescriptor {desc_id} 0 R /DW 1000 /CIDToGIDMap /Identity >>').encode()
    objs[desc_id] = (b'<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] '
                     b'/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>')
    ranges = [f'<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>' for hi in sorted(codes)]
    cmap = ('/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n'
            '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n'
            '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n'
            '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
            ''.join(f'{len(ranges[i:i + 100])} beginbfrange\n' + '\n'.join(ranges[i:i + 100]) + '\nendbfrange\n'
                    for i in range(0, len(ranges), 100)) +
            'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend').encode()
    objs[tounicode_id] = b'<< /Length %d >>\nstream\n' % len(cmap) + cmap + b'\nendstream'
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b'%d 0 obj\n' % i + objs[i] + b'\nendobj\n'
    xref, size = len(out), max(objs) + 1
    out += b'xref\n0 %d\n0000000000 65535 f \n' % size
    for i in range(1, size):
        out += b'%010d 00000 n \n' % offsets[i]
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (size, xref)
    return bytes(out)


LEFT, SIZE, PER_LINE = 72, 12, 20          # a 20-character measure, first lines indented two


def typeset(paragraphs, lines_per_page=12):
    """Lay paragraphs out like a Chinese official document: wrapped at PER_LINE
    characters, first line indented, a running header and a page number."""
    placed = []
    for kind, text in paragraphs:
        if kind == 'title':
            placed.append((LEFT + (PER_LINE - len(text)) * SIZE / 2, text))
            continue
        indent, first = 2, True
        while text:
            room = PER_LINE - (indent if first else 0)
            chunk, text = text[:room], text[room:]
            placed.append((LEFT + (indent * SIZE if first else 0), chunk))
            first = False
    pages = []
    for start in range(0, len(placed), lines_per_page):
        n = len(pages) + 1
        items = [(LEFT, 40, 9, '普宁市人民政府办公室文件'),
                 (LEFT + 8 * SIZE, 800, 10, f'- {n} -')]
        for k, (x, text) in enumerate(placed[start:start + lines_per_page]):
            items.append((x, 80 + 20 * k, SIZE, text))
        pages.append(items)
    return pages


PDF_PARAGRAPHS = [
    ('title', '普宁市教育发展行动方案'),
    ('body', '一、总体要求'),
    ('body', '为全面贯彻落实党的二十大精神，加快推进我市义务教育优质均衡发展，努力让每个孩子都能享有公平而有质量的教育，结合我市实际，制定本方案。'),
    ('body', '二、主要任务'),
    ('body', '（一）扩大学位供给'),
    ('body', '新建、改扩建一批公办中小学校，到2025年新增公办学位10000个以上，有效缓解城区学位紧张问题，满足适龄儿童入学需求。（牵头单位：市教育局；配合单位：市自然资源局、市住房城乡建设局）'),
    ('body', '（二）加强教师队伍建设'),
    ('body', '1.完善教师补充机制'),
    ('body', '落实中小学教职工编制标准，盘活事业编制存量，优先保障教育发展需要。'),
]


def test_pdf_text_layer_without_furniture_and_with_paragraphs_joined(tmp_path):
    pdf = make_pdf(typeset(PDF_PARAGRAPHS))
    text = read_file(write(tmp_path, 'plan.pdf', pdf))
    assert lines(text) == [t for _, t in PDF_PARAGRAPHS]
    assert text.encoding == 'pdf' and not text.notes


def test_pdf_recognised_by_content_and_blank_pages_noted(tmp_path):
    pages = typeset(PDF_PARAGRAPHS) + [[(100, 300, None, None)]]
    text = read_file(write(tmp_path, 'scan.txt', make_pdf(pages)))
    assert lines(text) == [t for _, t in PDF_PARAGRAPHS]
    assert text.notes == [f'1 of {len(pages)} PDF pages have no text layer (scanned?)']


def test_pdf_paragraph_rules():
    L = lambda t, x0, top, page_width=PER_LINE: PdfLine(t, x0, x0 + len(t) * 10, top, 10)  # noqa: E731
    pages = [[L('第3页', 100, 10), L('（一）标题没有标点', 100, 50),
              L('正文一行写满了但是没有结束还要继续写下去', 80, 70),
              L('第二行也写满了然后就换到了下一页继续写', 80, 90)],
             [L('共5页 第4页', 100, 10), L('下一页的续行。', 80, 50), L('1.编号行不与上一行合并', 80, 70),
              L('3/12', 100, 800)]]
    assert pdf_paragraphs(pages) == [
        '（一）标题没有标点',
        '正文一行写满了但是没有结束还要继续写下去第二行也写满了然后就换到了下一页继续写下一页的续行。',
        '1.编号行不与上一行合并']


def draw_table(x0, top, widths, height, cells, size=10):
    """Items of a ruled table: ``cells`` are ``(row, col, rowspan, colspan, lines)``."""
    items = []
    xs = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    for r, c, rs, cs, lines in cells:
        left, right = xs[c], xs[c + cs]
        upper, lower = top + r * height, top + (r + rs) * height
        items += [('L', left, upper, right, upper), ('L', left, lower, right, lower),
                  ('L', left, upper, left, lower), ('L', right, upper, right, lower)]
        for k, line in enumerate(lines):
            items.append((left + 3, upper + 3 + size + 13 * k, size, line))   # baseline
    return items


TABLE_PAGE = [(72, 60, 12, '二、主要任务'),
              (96, 80, 12, '各单位要按照下表分工落实。')] + draw_table(
    60, 100, [30, 130, 80, 130, 80], 44, [
        (0, 0, 1, 1, ['序号']), (0, 1, 1, 1, ['任务']), (0, 2, 1, 1, ['牵头单位']),
        (0, 3, 1, 1, ['配合单位']), (0, 4, 1, 1, ['完成时限']),
        (1, 0, 1, 5, ['（一）扩大优质资源供给']),
        (2, 0, 1, 1, ['1']), (2, 1, 1, 1, ['新建、改扩建一批公办中小', '学校10所']), (2, 2, 2, 1, ['市教育局']),
        (2, 3, 1, 1, ['市自然资源局', '市住房城乡建设局']), (2, 4, 1, 1, ['2025年底前']),
        (3, 0, 1, 1, ['2']), (3, 1, 1, 1, ['保障学校用地']),
        (3, 3, 1, 1, ['市财政局']), (3, 4, 1, 1, ['2024年底前']),
    ]) + [(72, 340, 12, '三、保障措施'), (96, 360, 12, '各责任单位要抓好落实。')] + draw_table(
    60, 390, [100, 100], 20, [(0, 0, 1, 1, ['指标']), (0, 1, 1, 1, ['目标值']),
                              (1, 0, 1, 1, ['学位数']), (1, 1, 1, 1, ['10000'])])


def test_pdf_task_table_becomes_rows_with_merged_cells_repeated(tmp_path):
    text = read_file(write(tmp_path, 'table.pdf', make_pdf([TABLE_PAGE])))
    assert lines(text) == [
        '二、主要任务',
        '各单位要按照下表分工落实。',
        '序号\t任务\t牵头单位\t配合单位\t完成时限',
        '（一）扩大优质资源供给',
        '1\t新建、改扩建一批公办中小学校10所\t市教育局\t市自然资源局 市住房城乡建设局\t2025年底前',
        '2\t保障学校用地\t市教育局\t市财政局\t2024年底前',
        '三、保障措施',
        '各责任单位要抓好落实。',
        '指标 目标值',                     # not a task table: stays text
        '学位数 10000',
    ]


def test_pdf_task_table_running_on_to_the_next_page(tmp_path):
    more = [(72, 40, 9, '普宁市人民政府办公室文件')] + draw_table(60, 60, [30, 130, 80, 130, 80], 30, [
        (0, 0, 1, 1, ['3']), (0, 1, 1, 1, ['落实教师编制']), (0, 2, 1, 1, ['市委编办']),
        (0, 3, 1, 1, ['市教育局']), (0, 4, 1, 1, ['长期坚持'])]) + [(72, 120, 12, '四、附则')]
    first = [(72, 40, 9, '普宁市人民政府办公室文件')] + TABLE_PAGE[:TABLE_PAGE.index((72, 340, 12, '三、保障措施'))]
    got = lines(read_file(write(tmp_path, 'two.pdf', make_pdf([first, more]))))
    assert got[-3:] == ['2\t保障学校用地\t市教育局\t市财政局\t2024年底前',
                        '3\t落实教师编制\t市委编办\t市教育局\t长期坚持', '四、附则']


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path, 'scan.pdf', make_pdf([[(100, 300, None, None)], [(100, 300, None, None)]]))
    with pytest.raises(InputError, match=r'scan\.pdf: PDF has no text layer \(scanned\?\): run OCR first$'):
        read_file(path)


# --- encodings of the sample corpus ---------------------------------------------------------

S2TW = opencc.OpenCC('s2tw')


@pytest.mark.parametrize('sample', SAMPLES, ids=os.path.basename)
def test_samples_in_other_encodings_read_the_same(sample, tmp_path):
    original = open(sample, 'rb').read()
    expected = read_bytes(original)
    assert read_file(sample) == expected
    u = original.decode('utf-8')
    for name, data in (('gbk.txt', u.encode('gb18030')), ('bom.txt', b'\xef\xbb\xbf' + original),
                       ('utf16.txt', u.encode('utf-16'))):
        got = read_file(write(tmp_path, name, data))
        assert got.text == expected.text, name
    # Big5 holds Traditional script: the same Traditional text in UTF-8 gives the same result.
    trad = ''.join(ch if _encodable(ch, 'big5') else '?' for ch in S2TW.convert(u))
    got = read_file(write(tmp_path, 'big5.txt', trad.encode('big5')))
    assert got.text == read_bytes(trad.encode('utf-8')).text
    assert got.converted


def _encodable(ch: str, enc: str) -> bool:
    try:
        ch.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def test_bomless_utf16_is_text_not_binary(tmp_path):
    original = open(SAMPLES[1], 'rb').read()
    got = read_file(write(tmp_path, 'u16.txt', original.decode('utf-8').encode('utf-16-le')))
    assert got.text == read_bytes(original).text and got.encoding == 'utf-16-le'


# --- bad input ----------------------------------------------------------------------------------

def _ole2(stream_name: str) -> bytes:
    return b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(504) + stream_name.encode('utf-16-le') + bytes(2000)


def _zip(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


BAD_INPUTS = [
    ('empty.txt', b'', InputError, 'empty file'),
    ('blank.txt', ' \n\u3000\n'.encode('utf-8'), InputError, 'no text found in the text file'),
    ('nuls.txt', bytes(100), InputError, 'file holds only NUL bytes'),
    ('random.txt', random.Random(1).randbytes(5000), UnsupportedFormat, 'binary file'),
    ('locked.docx', _ole2('EncryptedPackage'), UnsupportedFormat, 'password-protected Office document'),
    ('archive.docx', _zip({'a.txt': '推动教育发展'}), UnsupportedFormat, 'zip archive (1 files), not a Word .docx'),
    ('table.xlsx', _zip({'xl/workbook.xml': '<workbook/>'}), InputError, 'damaged or unreadable spreadsheet (xlsx)'),
    ('old.xls', _ole2('Workbook'), InputError, 'damaged or unreadable spreadsheet (xls)'),
    ('doc.ofd', _zip({'OFD.xml': '<ofd:OFD/>'}), UnsupportedFormat, 'OFD document: convert it to PDF'),
    ('scan.png', b'\x89PNG\r\n\x1a\n' + bytes(100), UnsupportedFormat, 'PNG image: an image, not a text document'),
    ('scan.jpg', b'\xff\xd8\xff\xe0' + bytes(100), UnsupportedFormat, 'JPEG image'),
    ('files.rar', b'Rar!\x1a\x07\x00' + bytes(100), UnsupportedFormat, 'RAR archive: an archive'),
    ('files.gz', b'\x1f\x8b\x08\x00' + bytes(100), UnsupportedFormat, 'gzip archive'),
    ('tool.exe', b'MZ\x90\x00\x03' + bytes(300), UnsupportedFormat, 'Windows executable'),
    ('prog', b'\x7fELF\x02\x01\x01' + bytes(100), UnsupportedFormat, 'ELF executable'),
    ('doc.rtf', b'{\\rtf1\\ansi\\ansicpg936 \\par}', UnsupportedFormat, 'RTF document: convert it'),
    ('data.xml', b'<?xml version="1.0"?><rows><row>1</row></rows>', UnsupportedFormat, 'XML data file'),
    ('empty.html', b'<html><body><script>var a=1;</script></body></html>', InputError,
     'no text found in the HTML page'),
]


@pytest.mark.parametrize('name,message', [
    ('old.doc', 'legacy Word .doc: install LibreOffice (soffice) or antiword to read it, or save it as .docx'),
    ('old.wps', 'WPS document (.wps): install LibreOffice (soffice) or antiword to read it'),
])
def test_a_legacy_word_file_without_a_converter_names_both(tmp_path, monkeypatch, name, message):
    from graphkit.ingest import legacy
    monkeypatch.setattr(legacy, '_tool', lambda name: None)
    path = write(tmp_path, name, _ole2('WordDocument'))
    with pytest.raises(UnsupportedFormat) as info:
        read_file(path)
    assert_one_line(info.value, path, message)


@pytest.mark.skipif(not shutil.which('antiword'), reason='antiword is not installed')
def test_a_damaged_legacy_word_file_is_one_line_from_the_converter(tmp_path, monkeypatch):
    from graphkit.ingest import legacy
    monkeypatch.setattr(legacy, '_tool', lambda name: shutil.which(name) if name == 'antiword' else None)
    path = write(tmp_path, 'old.doc', _ole2('WordDocument'))
    with pytest.raises(InputError) as info:
        read_file(path)
    assert_one_line(info.value, path, 'antiword could not read the document')


@pytest.mark.parametrize('name,data,error,message', BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gives_one_line_naming_the_file(tmp_path, name, data, error, message):
    path = write(tmp_path, name, data)
    with pytest.raises(error) as info:
        read_file(path)
    assert_one_line(info.value, path, message)


def assert_one_line(e: InputError, path: str, message: str):
    s = str(e)
    assert '\n' not in s
    assert s.startswith(f'{path}: ') and e.path == path
    assert message in e.problem, s


def test_truncated_and_damaged_containers(tmp_path):
    pdf = make_pdf(typeset(PDF_PARAGRAPHS))
    for cut in (len(pdf) // 3, len(pdf) - 40, 200, 20):
        path = write(tmp_path, f'cut{cut}.pdf', pdf[:cut])
        with pytest.raises(InputError) as info:
            read_file(path)
        assert_one_line(info.value, path, 'damaged PDF')
    docx = make_docx()
    path = write(tmp_path, 'cut.docx', docx[:len(docx) // 2])
    with pytest.raises(InputError) as info:
        read_file(path)
    assert_one_line(info.value, path, 'damaged DOCX: not a complete zip file')
    broken = _zip({'word/document.xml': b'\x00\x01 not xml at all'})
    path = write(tmp_path, 'broken.docx', broken)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert_one_line(info.value, path, 'damaged DOCX')


def test_missing_directory_and_unreadable(tmp_path, monkeypatch):
    missing = str(tmp_path / 'gone.txt')
    with pytest.raises(InputError) as info:
        read_file(missing)
    assert_one_line(info.value, missing, 'file not found')
    with pytest.raises(InputError) as info:
        read_file(str(tmp_path))
    assert_one_line(info.value, str(tmp_path), 'is a directory')
    path = write(tmp_path, 'secret.txt', '推动教育发展'.encode('utf-8'))
    os.chmod(path, 0)
    if os.access(path, os.R_OK):             # root reads anything: simulate the refusal
        real_open = open

        def refuse(file, *args, **kwargs):
            if file == path:
                raise PermissionError(13, 'Permission denied', file)
            return real_open(file, *args, **kwargs)
        monkeypatch.setattr('builtins.open', refuse)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert_one_line(info.value, path, 'permission denied')


def test_file_vanishing_between_stat_and_open(tmp_path, monkeypatch):
    path = write(tmp_path, 'brief.txt', '推动教育发展'.encode('utf-8'))
    real_open = open

    def vanish(file, *args, **kwargs):
        if file == path:
            os.remove(path)
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr('builtins.open', vanish)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert_one_line(info.value, path, 'file not found')


def test_size_limits(tmp_path):
    path = str(tmp_path / 'huge.txt')
    with open(path, 'wb') as f:
        f.write('推动教育高质量发展。\n'.encode('utf-8') * (50 * 1024 * 1024 // 31 + 1))
    assert os.path.getsize(path) >= 50 * 1024 * 1024
    tracemalloc.start()
    with pytest.raises(InputError) as info:
        read_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert_one_line(info.value, path, 'text file too large: 50.0 MB (limit 20.0 MB for text and HTML)')
    assert peak < 1024 * 1024                 # refused without reading it
    with pytest.raises(InputError) as info:
        read_file(path, max_bytes=10 * 1024 * 1024)
    assert_one_line(info.value, path, 'file too large: 50.0 MB (limit 10.0 MB)')
    docx = write(tmp_path, 'plan.docx', make_docx())
    with pytest.raises(InputError) as info:
        read_file(docx, max_bytes=1000)
    assert_one_line(info.value, docx, 'file too large')


def test_memory_stays_bounded_for_a_large_text(tmp_path):
    data = b'\n'.join(open(p, 'rb').read() for p in SAMPLES) * 5       # about 0.9 MB
    path = write(tmp_path, 'long.txt', data)
    tracemalloc.start()
    read_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 15 * len(data)


# --- fuzzing ----------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_SEEDS = [('a.txt', open(p, 'rb').read()[:6000]) for p in SAMPLES] + [
    ('a.html', PORTAL_PAGE.encode('gbk')), ('a.docx', make_docx()),
    ('a.pdf', make_pdf(typeset(PDF_PARAGRAPHS[:4], lines_per_page=4)[:1] + [TABLE_PAGE]))]
_FUZZ_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _read_fuzzed(tmp_path, name: str, data: bytes):
    path = write(tmp_path, name, data)
    try:
        got = read_file(path)
    except InputError as e:
        assert '\n' not in str(e) and str(e).startswith(path + ': ')
        return
    assert isinstance(got, Text) and got.text.strip()


@_FUZZ_SETTINGS
@given(data=st.binary(max_size=3000), name=st.sampled_from(['x.txt', 'x.html', 'x.docx', 'x.pdf', 'x']))
def test_fuzz_random_bytes(tmp_path, data, name):
    _read_fuzzed(tmp_path, name, data)


@_FUZZ_SETTINGS
@given(seed=st.sampled_from(range(len(_SEEDS))),
       edits=st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=8), st.integers(0, 8)), max_size=6),
       cut=st.floats(0.05, 1.0))
def test_fuzz_mutated_documents(tmp_path, seed, edits, cut):
    name, data = _SEEDS[seed]
    data = bytearray(data)
    for where, insert, delete in edits:
        at = int(where * len(data))
        data[at:at + delete] = insert
    _read_fuzzed(tmp_path, name, bytes(data[:max(1, int(cut * len(data)))]))


def _roles(path):
    import graphkit
    return [(m.title, m.lead, m.support, m.deadline, m.role_source) for m in graphkit.extract(path)
            if m.duties]


def test_html_task_table_gives_measures_with_roles(tmp_path):
    path = write(tmp_path, 'page.html', PORTAL_PAGE.encode('gbk'))
    assert _roles(path) == [
        ('新建、改扩建公办学校10所', ['市教育局'], ['市自然资源局', '市住房城乡建设局'], '2025年底前', 'table'),
        ('保障义务教育学校用地', ['市教育局'], ['市自然资源局'], '2024年底前', 'table'),
        ('落实教师编制 动态调整', ['市教育局'], ['市委编办', '市财政局'], '长期坚持', 'table'),
        ('加强经费保障', ['市财政局'], ['各镇人民政府', '各街道办事处'], '持续推进', 'table')]


def test_docx_and_pdf_task_tables_give_measures_with_roles(tmp_path):
    docx = _roles(write(tmp_path, 'plan.docx', make_docx()))
    assert docx and all(source == 'table' for *_, source in docx)
    pdf = _roles(write(tmp_path, 'table.pdf', make_pdf([TABLE_PAGE])))
    assert pdf == [
        ('新建、改扩建一批公办中小学校10所', ['市教育局'], ['市自然资源局', '市住房城乡建设局'], '2025年底前', 'table'),
        ('保障学校用地', ['市教育局'], ['市财政局'], '2024年底前', 'table')]
