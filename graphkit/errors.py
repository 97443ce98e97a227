"""Errors about input files: one clear line naming the file and the problem."""
from __future__ import annotations


class InputError(Exception):
    """A document that cannot be read: ``str(e)`` is ``'<path>: <problem>'``."""

    def __init__(self, path: str, problem: str):
        super().__init__(f'{path}: {problem}')
        self.path = path
        self.problem = problem


class UnsupportedFormat(InputError):
    """A file format graphkit does not read (legacy .doc/.wps, images, archives…)."""
