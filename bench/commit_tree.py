"""A commit's ``graphkit`` package unpacked into a folder, for benchmarks that compare
this working tree with an earlier commit (bench_render.py, bench_scale.py).

    python bench/commit_tree.py COMMIT FOLDER      # unpack COMMIT's graphkit/ into FOLDER

Imported, ``package_tree(commit, folder)`` does the same and returns the folder.
"""
from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_tree(commit: str, folder: Path) -> Path:
    """``commit``'s ``graphkit`` package, unpacked into ``folder`` once (``git archive``)."""
    folder = Path(folder)
    if not (folder / 'graphkit').exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(['git', '-C', str(ROOT), 'archive', commit, 'graphkit'],
                                 check=True, capture_output=True).stdout
        tar = folder / 'package.tar'
        tar.write_bytes(archive)
        with tarfile.open(tar) as t:
            t.extractall(folder, filter='data')
        tar.unlink()
    return folder


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip())
        return 2
    print(package_tree(argv[0], Path(argv[1])))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
