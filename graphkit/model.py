"""The plain dataclasses that flow between graphkit's stages."""
from __future__ import annotations

from dataclasses import dataclass, field

@dataclass(frozen=True)
class Duty:
    """One unit's responsibility for a measure, as the document states it."""
    unit: str                    # the unit name as written (Simplified)
    role: str                    # 'lead' or 'support'
    source: str                  # how the role was decided: labelled, declared, first-listed, phrase, table
    span: tuple[int, int] | None = None   # the attribution clause, in document offsets
    # where the name is written in the document's text; ``name_whole`` is False when the
    # document writes only part of it (市教育、财政局: 财政局's 市 is shared, 教育局's 局)
    name_span: tuple[int, int] | None = None
    name_whole: bool = True


@dataclass
class Measure:
    """A task of a policy document with the units responsible for it."""
    doc: str                     # file name of the document
    id: str                      # outline path, e.g. '二.(一).1'
    title: str                   # heading phrase
    text: str                    # full text, attribution clause included
    span: tuple[int, int]        # character offsets in the document's clean text
    duties: list[Duty] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    deadline: str | None = None
    path: list[str] = field(default_factory=list)   # titles of the enclosing headings
    persons: list[str] = field(default_factory=list)  # people named as answering for it (责任领导), never units
    checked: bool = False        # a reviewer checked it (corrections.tsv)

    @property
    def lead(self) -> list[str]:
        return [d.unit for d in self.duties if d.role == 'lead']

    @property
    def support(self) -> list[str]:
        return [d.unit for d in self.duties if d.role == 'support']

    @property
    def units(self) -> list[str]:
        return [d.unit for d in self.duties]

    @property
    def role_source(self) -> str | None:
        """How the roles were decided; several sources are joined with '+'."""
        seen = []
        for d in self.duties:
            if d.source not in seen:
                seen.append(d.source)
        return '+'.join(seen) or None

    def to_dict(self) -> dict:
        """The JSON form written by ``graphkit extract --format jsonl``."""
        return {'doc': self.doc, 'id': self.id, 'title': self.title, 'text': self.text,
                'lead': self.lead, 'support': self.support, 'mentions': list(self.mentions),
                'role_source': self.role_source, 'deadline': self.deadline,
                'span': list(self.span), 'path': list(self.path), 'persons': list(self.persons),
                'duties': [{'unit': d.unit, 'role': d.role, 'source': d.source,
                            'name_span': list(d.name_span) if d.name_span else None, 'name_whole': d.name_whole}
                           for d in self.duties]}


@dataclass(frozen=True)
class Diagnostic:
    """Something noticed while reading a document; never part of the data."""
    code: str                    # 'encoding', 'damaged', 'no-units', 'unbalanced', …
    message: str

    def __str__(self) -> str:
        return f'{self.code}: {self.message}'


@dataclass
class Document:
    """An extracted document: metadata, measures and diagnostics.

    Iterating over a Document yields its measures.
    """
    name: str
    text: str = ''
    title: str | None = None
    number: str | None = None        # 文号, e.g. 普府办〔2022〕22号
    issuer: str | None = None
    date: str | None = None          # ISO date when given
    jurisdiction: str | None = None  # 普宁市, 贵阳市, 平阳县 …
    encoding: str | None = None
    measures: list[Measure] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __iter__(self):
        return iter(self.measures)

    def __len__(self):
        return len(self.measures)

    def __getitem__(self, i):
        return self.measures[i]

    def meta(self) -> dict:
        """The document's metadata as a dict (name, title, number, issuer, date, jurisdiction, encoding)."""
        return {k: getattr(self, k) for k in ('name', 'title', 'number', 'issuer', 'date', 'jurisdiction',
                                              'encoding')}
