"""graphkit: responsibility graphs from Chinese policy documents.

>>> import graphkit
>>> doc = graphkit.extract('1.扩大学位供给。(市教育局、市财政局)')
>>> doc.measures[0].lead, doc.measures[0].support
(['市教育局'], ['市财政局'])
"""
from .extract import extract, extract_text
from .model import Diagnostic, Document, Duty, Measure

__version__ = '0.1.0'
__all__ = ['extract', 'extract_text', 'Document', 'Measure', 'Duty', 'Diagnostic']
