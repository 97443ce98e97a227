"""Benchmark: `graphkit build` on the sample corpus among hostile files.

Generates (never committed) a folder holding the five sample documents and
hostile files of every kind the reliability issue found — names in GBK bytes
and with control characters, empty and binary files, a PDF whose stream inflates
to 3 GB, a zip part beyond its limit, 300 nested <span>, a page hidden until a
script runs, an old output folder inside the input — and builds it with
`graphkit build -j 2`. Prints, side by side with a clean build of the samples
alone: exit status, lines on stderr per bad file, whether the sample outputs
are byte-identical, peak memory of the build and its workers; then interrupts
a build with SIGTERM in the middle of writing and checks that no temporary file
is left and the previous outputs are intact. Exit status 1 when a check fails.

    python bench/bench_hostile.py run [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, 'data')
COMPARED = ['graph.json', 'graph.graphml', 'graph.gexf', 'measures.jsonl', 'units.csv', 'centrality.csv']
RSS_LIMIT_MB = 1024

BUILD = r'''
import json, resource, sys
from graphkit.cli import main
try:
    main()
finally:
    sys.stderr.write("\nRSS " + json.dumps([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]) + "\n")
'''


def _pdf_bomb(megabytes: int) -> bytes:
    c = zlib.compressobj(9)
    chunk = b'0 0 m\n' * (1 << 17)             # 768 KB
    stream = b''.join(c.compress(chunk) for _ in range(megabytes * 4 // 3)) + c.flush()
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
            b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(stream) + stream + b'\nendstream']
    out, offsets = b'%PDF-1.4\n', []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 5\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % o for o in offsets)
    return out + b'trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % xref


def _zip_bomb() -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<Types/>')
        z.writestr('xl/workbook.xml', '<workbook/>')
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
            block = b'<row>' + b' ' * (1 << 20) + b'</row>'
            for _ in range(64):                 # 64 MB: beyond the 20 MB part limit
                f.write(block)
    return buf.getvalue()


def hostile_files() -> dict[bytes, bytes]:
    """File name (bytes) → content of every hostile input; each must fail or build alone."""
    items = ''.join(f'<p>{i}、推进第{i}项工作。加强落实。(牵头单位:市教育局;责任单位:市财政局)</p>' for i in range(1, 11))
    return {
        '计划'.encode('gbk') + b'.txt': b'',                             # a GBK name, empty
        b'\xff.txt': b'',
        b'forged\nbuilt 999 documents.txt': b'',
        b'esc\x1b[31m.txt': b'\x00' * 4000,
        b'random.txt': bytes((i * 37 + 11) % 256 for i in range(5000)),
        b'bomb.pdf': _pdf_bomb(3000),                                     # 3 GB when inflated
        b'bomb.xlsx': _zip_bomb(),
        b'deep.html': ('<html><body>' + '<span>' * 300 + '说明' + '</span>' * 300 +
                       f'<div class="TRS_Editor">{items}</div></body></html>').encode('utf-8'),
        b'hidden.html': (f'<html><body style="visibility:hidden"><div class="article">{items}</div></body></html>'
                         ).encode('utf-8'),
        b'legacy.doc': b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\x00' * 600,
    }


BAD = 8        # of hostile_files(): the two pages build, the rest fail


def _build(src: str, out: str, jobs: int = 2) -> tuple[int, str, list[float]]:
    r = subprocess.run([sys.executable, '-c', BUILD, 'build', src, '-o', out, '-j', str(jobs), '--no-html'],
                       capture_output=True, cwd=ROOT)
    err = r.stderr.decode('utf-8', 'replace')
    rss = json.loads(err.rsplit('RSS ', 1)[1]) if 'RSS ' in err else [0.0, 0.0]
    return r.returncode, err.rsplit('\nRSS ', 1)[0], rss


def _outputs(out: str) -> dict[str, bytes]:
    return {n: open(os.path.join(out, n), 'rb').read() for n in COMPARED}


def _sigterm_leaves_nothing(src: str, work: str) -> bool:
    """SIGTERM while report.md is written: no temporary file, the old outputs as they were."""
    out = os.path.join(work, 'term')
    _build(src, out, 1)
    before = _tree(out)
    flag = os.path.join(work, 'writing')
    code = ('import time, graphkit.export as e\nreal = e.report_md\n'
            'def slow(*a, **k):\n    open(%r, "w").close(); time.sleep(60); return real(*a, **k)\n'
            'e.report_md = slow\nfrom graphkit.cli import main\nmain()\n') % flag
    proc = subprocess.Popen([sys.executable, '-c', code, 'build', src, '-o', out, '-j', '2', '--no-html'],
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    for _ in range(1200):
        if os.path.exists(flag):
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)
    return _tree(out) == before


def _tree(folder: str) -> dict[str, bytes]:
    """Every file under ``folder`` (the store's tables too), by relative path."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            out[os.path.relpath(path, folder)] = open(path, 'rb').read()
    return out


def run(keep: str | None = None) -> bool:
    work = keep or tempfile.mkdtemp(prefix='graphkit-hostile-')
    clean_src, hostile_src = os.path.join(work, 'clean'), os.path.join(work, 'hostile')
    for folder in (clean_src, hostile_src):
        os.makedirs(folder, exist_ok=True)
        for name in sorted(os.listdir(DATA)):
            if name.endswith('.txt'):
                shutil.copy(os.path.join(DATA, name), folder)
    for name, data in hostile_files().items():
        with open(os.path.join(os.fsencode(hostile_src), name), 'wb') as f:
            f.write(data)
    # an old output folder inside the input: never read again
    _build(clean_src, os.path.join(hostile_src, 'old-out'), 1)
    code_c, err_c, rss_c = _build(clean_src, os.path.join(work, 'out-clean'))
    code_h, err_h, rss_h = _build(hostile_src, os.path.join(work, 'out-hostile'))
    lines = [ln for ln in err_h.splitlines() if ln and not ln.startswith(('built', '0'))]
    failing = [ln for ln in lines if ln.startswith(hostile_src + os.sep)]
    hostile_docs = [ln for ln in err_h.splitlines() if ln.startswith('built')]
    clean_out = _outputs(os.path.join(work, 'out-clean'))
    # the samples' outputs among the failing files (the two pages, which build, left out)
    samples_only = os.path.join(work, 'samples-among-hostile')
    os.makedirs(samples_only, exist_ok=True)
    for name in os.listdir(os.fsencode(hostile_src)):
        if not name.endswith((b'.html',)):
            src = os.path.join(os.fsencode(hostile_src), name)
            dst = os.path.join(os.fsencode(samples_only), name)
            if os.path.isdir(src):
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                shutil.copy(src, dst)
    code_s, err_s, rss_s = _build(samples_only, os.path.join(work, 'out-samples'))
    identical = _outputs(os.path.join(work, 'out-samples')) == clean_out
    sigterm = _sigterm_leaves_nothing(clean_src, work)
    peak = max(rss_h[0], rss_h[1], rss_s[0], rss_s[1])
    rows = [('exit status', code_c, code_h), ('failed files reported', 0, len(failing)),
            ('peak RSS, build / workers (MB)', f'{rss_c[0]:.0f} / {rss_c[1]:.0f}', f'{rss_h[0]:.0f} / {rss_h[1]:.0f}')]
    print(f"{'':34}{'samples':>16}{'samples + hostile':>22}")
    for label, a, b in rows:
        print(f'{label:34}{a!s:>16}{b!s:>22}')
    print(hostile_docs[-1] if hostile_docs else 'no summary line')
    checks = {'exit 0': code_h == 0 and code_s == 0,
              f'one line per bad file ({BAD})': len(failing) == BAD and
              all(sum(1 for ln in failing if key in ln) == 1 for key in ('bomb.pdf', 'bomb.xlsx', 'random.txt', 'forged')),
              'sample outputs byte-identical to a clean build': identical,
              f'peak RSS below {RSS_LIMIT_MB} MB': peak < RSS_LIMIT_MB,
              'SIGTERM mid-write: no temp file, old outputs intact': sigterm}
    for label, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {label}")
    if not all(checks.values()):
        print('stderr of the hostile build:\n' + err_h)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return all(checks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('command', choices=['run'])
    parser.add_argument('--keep', help='keep the generated folders here')
    if len(sys.argv) == 1:
        print(__doc__.strip())
        sys.exit(2)
    args = parser.parse_args()
    sys.exit(0 if run(args.keep) else 1)


if __name__ == '__main__':
    main()
