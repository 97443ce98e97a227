"""ingest: a file on disk → the read stage's Text (plain text for now)."""
from __future__ import annotations

from .read import Text, read_bytes


def read_file(path: str) -> Text:
    """Read one document file into clean Simplified text."""
    with open(path, 'rb') as f:
        data = f.read()
    return read_bytes(data)
