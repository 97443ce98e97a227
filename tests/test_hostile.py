"""The sample corpus built among hostile files (bench/bench_hostile.py): exit 0, one
line per bad file, the samples' outputs byte-identical to a clean build, peak memory
below 1 GiB, nothing left behind by a SIGTERM in the middle of writing."""
import pathlib
import sys

BENCH = pathlib.Path(__file__).resolve().parent.parent / 'bench'


def test_a_build_among_hostile_files(capsys):
    sys.path.insert(0, str(BENCH))
    try:
        import bench_hostile
    finally:
        sys.path.remove(str(BENCH))
    ok = bench_hostile.run()
    out = capsys.readouterr().out
    assert ok, out
    assert 'FAIL' not in out
