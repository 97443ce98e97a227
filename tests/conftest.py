import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / 'data'
GOLD = pathlib.Path(__file__).resolve().parent / 'gold'


@pytest.fixture(scope='session')
def sample_docs():
    """The bundled sample corpus, extracted once per test session."""
    import graphkit
    return {p.name: graphkit.extract(p) for p in sorted(DATA.glob('*.txt'))}


@pytest.fixture(scope='session')
def real_docs():
    """The real documents of tests/real/corpus, extracted once per test session."""
    import graphkit
    folder = pathlib.Path(__file__).resolve().parent / 'real' / 'corpus'
    return {p.name: graphkit.extract(p) for p in sorted(folder.iterdir()) if p.is_file()}


def gold(name):
    return json.loads((GOLD / name).read_text(encoding='utf-8'))
