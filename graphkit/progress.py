"""Progress of a build, stage by stage, as the command line shows it.

A build reports ``progress(stage, done, total)``: ``read`` (documents), ``resolve``
(unit names), ``analyse`` (units), ``write`` (files) and ``page`` (nodes), each
starting at ``done == 0`` and ending at ``done == total``. :class:`StageDisplay`
turns those calls into one line per stage: updated in place on a terminal, written
once when the stage ends otherwise (a log, a CI job, a pipe).

>>> import io
>>> out = io.StringIO()
>>> show = StageDisplay(out, terminal=False, clock=iter(range(100)).__next__)
>>> show('read', 0, 2); show('read', 1, 2); show('read', 2, 2); show('resolve', 0, 40); show('resolve', 40, 40)
>>> print(out.getvalue(), end='')
read: 2 documents in 2.0 s
resolve: 40 unit names in 1.0 s
"""
from __future__ import annotations

import time

STAGES = {
    'read': ('reading documents', 'documents'),
    'resolve': ('resolving unit names', 'unit names'),
    'analyse': ('analysing the network', 'units'),
    'write': ('writing files', 'files'),
    'page': ('drawing the page', 'nodes'),
}
_REFRESH_S = 0.1        # a terminal line is redrawn at most this often
_ESTIMATE_AFTER_S = 3.0  # no estimate of the time left before this much has passed …
_ESTIMATE_AFTER = 0.05   # … and this share of the stage is done


class StageDisplay:
    """A ``progress`` callback that shows stages on ``stream`` (see the module doc).

    ``terminal``: redraw one line in place (with an estimate of the time left once
    there is enough to go on); otherwise write a line when each stage ends."""

    def __init__(self, stream, terminal: bool, clock=time.monotonic):
        self.stream, self.terminal, self.clock = stream, terminal, clock
        self.stage: str | None = None
        self.ended: str | None = None
        self.started = self.drawn = 0.0
        self.done = self.total = 0
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == self.ended and done >= total:
            return                      # told twice that it ended
        now = self.clock()
        if stage != self.stage:
            self.close()
            self.stage, self.ended, self.started, self.drawn = stage, None, now, 0.0
        self.done, self.total = done, total
        if done >= total:
            self._finish(now)
        elif self.terminal and now - self.drawn >= _REFRESH_S:
            self.drawn = now
            self._draw(self._running_line(now))

    def close(self) -> None:
        """End the current stage's line: a stage that never reported its end (an
        interruption, an error) says how far it got."""
        if self.stage is not None and self.done < self.total:
            self._finish(self.clock(), stopped=True)

    def _finish(self, now: float, stopped: bool = False) -> None:
        label, unit = STAGES.get(self.stage, (self.stage, 'items'))
        if stopped:
            line = f'{self.stage}: stopped after {self.done:,} of {self.total:,} {unit}, {now - self.started:.1f} s'
        else:
            line = f'{self.stage}: {self.total:,} {unit[:-1] if self.total == 1 else unit} in {now - self.started:.1f} s'
        if self.terminal:
            self._draw(line)
            self.stream.write('\n')
            self.width = 0
        else:
            self.stream.write(line + '\n')
        self.stream.flush()
        self.stage, self.ended = None, self.stage

    def _running_line(self, now: float) -> str:
        label, unit = STAGES.get(self.stage, (self.stage, 'items'))
        elapsed = now - self.started
        line = f'{label}: {self.done:,}/{self.total:,} {unit}, {elapsed:.0f} s'
        share = self.done / self.total if self.total else 0
        if elapsed >= _ESTIMATE_AFTER_S and share >= _ESTIMATE_AFTER:
            line += f', about {elapsed * (1 - share) / share:.0f} s left'
        return line

    def _draw(self, line: str) -> None:
        pad = max(self.width - len(line), 0)
        self.stream.write('\r' + line + ' ' * pad)
        self.stream.flush()
        self.width = len(line)


def diagnostics_summary(diagnostics: dict[str, list[str]]) -> str:
    """One line for what was noticed while reading: how many of each kind.

    >>> diagnostics_summary({'a.txt': ['damaged: 7 spans', 'no-units: 1 measure'], 'b.txt': ['no-units: 2']})
    '3 diagnostics in 2 documents: 2 no-units, 1 damaged'
    """
    kinds: dict[str, int] = {}
    for lines in diagnostics.values():
        for line in lines:
            kind = line.split(':', 1)[0].strip() if ':' in line else 'other'
            kinds[kind] = kinds.get(kind, 0) + 1
    total = sum(kinds.values())
    parts = ', '.join(f'{n} {k}' for k, n in sorted(kinds.items(), key=lambda kn: (-kn[1], kn[0])))
    docs = sum(1 for lines in diagnostics.values() if lines)
    return f'{total} diagnostic{"s" * (total != 1)} in {docs} document{"s" * (docs != 1)}: {parts}'
