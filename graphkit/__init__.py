"""graphkit: responsibility graphs from Chinese policy documents.

>>> import graphkit
>>> doc = graphkit.extract('1.扩大学位供给。(市教育局、市财政局)')
>>> doc.measures[0].lead, doc.measures[0].support
(['市教育局'], ['市财政局'])
"""
__version__ = '0.1.0'

from .batch import build  # noqa: E402
from .errors import InputError  # noqa: E402
from .extract import extract, extract_text  # noqa: E402
from .graph import AmbiguousUnit, GraphFileError, ResponsibilityGraph, UnitNotFound, load  # noqa: E402
from .model import Diagnostic, Document, Duty, Measure  # noqa: E402
from .resolution import Resolver, canonical, load_aliases, resolve  # noqa: E402

__all__ = ['extract', 'extract_text', 'build', 'load', 'resolve', 'canonical', 'Resolver', 'load_aliases',
           'ResponsibilityGraph', 'AmbiguousUnit', 'UnitNotFound', 'GraphFileError', 'InputError', 'Document',
           'Measure', 'Duty', 'Diagnostic']
