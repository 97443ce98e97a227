"""A byte budget on decompression: a small file that inflates to gigabytes (a
decompression bomb, or a zip whose header lies about a part's size) is refused
before it can exhaust memory.

:func:`read_member` reads a zip member in chunks, whatever its header says;
:func:`pdf_inflate_budget` makes pdfminer's Flate decoding (the PDF reader's) stop
at the budget: pdfminer decodes with the module ``zlib`` it imported, which is
replaced, for one document, by :class:`_BudgetZlib`.
"""
from __future__ import annotations

import contextlib
import zlib

from ..errors import InputError
from .common import _mb

MAX_INFLATE = 128 * 1024 * 1024
"""Bytes the compressed streams of one document may expand to, in all."""

_CHUNK = 1 << 20


def read_member(zf, name: str, limit: int, path: str) -> bytes:
    """A zip member's bytes, read in chunks and refused beyond ``limit`` bytes (the
    header's size is not trusted)."""
    parts, size = [], 0
    with zf.open(name) as f:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise InputError(path, f'part {name} expands beyond {_mb(limit)} when unpacked '
                                       '(a decompression bomb, or a damaged file)')
            parts.append(chunk)
    return b''.join(parts)


def check_members(zf, limit: int, path: str) -> None:
    """Unpack every member of a zip and discard it: refuse the file when they expand,
    in all, beyond ``limit`` bytes (before a reader that trusts the headers sees it)."""
    left = limit
    for info in zf.infolist():
        with zf.open(info) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                left -= len(chunk)
                if left < 0:
                    raise InputError(path, f'the file expands beyond {_mb(limit)} when unpacked '
                                           '(a decompression bomb, or a damaged file)')


class BudgetExceeded(Exception):
    """The compressed streams of a document expanded beyond their budget."""


class _Inflater:
    def __init__(self, owner: '_BudgetZlib', inner):
        self.owner, self.inner = owner, inner

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self.inner.decompress(data, self.owner.left + 1)
        self.owner.spend(len(out), bool(self.inner.unconsumed_tail))
        return out

    def flush(self, *args) -> bytes:
        out = self.inner.flush(*args)
        self.owner.spend(len(out), False)
        return out

    def __getattr__(self, name):
        return getattr(self.inner, name)


class _BudgetZlib:
    """The part of the zlib module pdfminer uses, within a byte budget."""
    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    def __init__(self, limit: int):
        self.left = limit
        self.exceeded = False

    def spend(self, n: int, more: bool) -> None:
        self.left -= n
        if self.left < 0 or more:
            self.exceeded = True
            raise BudgetExceeded

    def decompress(self, data: bytes, *args) -> bytes:
        d = _Inflater(self, zlib.decompressobj(*args[1:2]) if len(args) > 1 else zlib.decompressobj())
        out = d.decompress(data)
        return out + d.flush()

    def decompressobj(self, *args, **kwargs):
        return _Inflater(self, zlib.decompressobj(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(zlib, name)


@contextlib.contextmanager
def pdf_inflate_budget(limit: int = MAX_INFLATE):
    """Within the block, pdfminer's Flate streams expand to ``limit`` bytes in all;
    yields the budget (``exceeded`` tells whether a stream was cut)."""
    import pdfminer.pdftypes as types
    budget = _BudgetZlib(limit)
    saved = types.zlib
    types.zlib = budget
    try:
        yield budget
    finally:
        types.zlib = saved
