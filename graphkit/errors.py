"""Errors about input files: one clear line naming the file and the problem.

Every message names a file by :func:`display_name`, so that a name in bytes that
are not UTF-8 (a GBK name from a zip made on Chinese Windows) or holding control
characters (a newline, an ESC sequence) can neither break the output it is
written to nor forge a line of it.
"""
from __future__ import annotations

import os


def display_name(name) -> str:
    """A file name or path as text a user can read and every output can hold: bytes
    that are not UTF-8 read as GB18030, control characters replaced by ``?``.

    >>> display_name('a\\x1b[31m.txt'), display_name(os.fsdecode('计划'.encode('gbk')) + '.txt')
    ('a?[31m.txt', '计划.txt')
    >>> display_name('x\\nbuilt 999 documents')
    'x?built 999 documents'
    """
    raw = os.fsencode(name) if isinstance(name, (str, bytes, os.PathLike)) else str(name).encode('utf-8', 'replace')
    for encoding in ('utf-8', 'gb18030'):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode('utf-8', 'replace')
    return ''.join('?' if ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 or 0xd800 <= ord(ch) < 0xe000 else ch
                   for ch in text)


class InputError(Exception):
    """A document that cannot be read: ``str(e)`` is ``'<path>: <problem>'``, the path
    shown by :func:`display_name` (``e.path`` keeps it as given)."""

    def __init__(self, path, problem: str):
        super().__init__(f'{display_name(path)}: {display_name_text(problem)}')
        self.path = path
        self.problem = problem


def display_name_text(text: str) -> str:
    """A message's own text on one line (a newline in it would start a forged line)."""
    return ''.join(' ' if ch in '\r\n' else '?' if ord(ch) < 32 and ch != '\t' else ch for ch in str(text))


class UnsupportedFormat(InputError):
    """A file format graphkit does not read (images, archives, presentations…)."""
