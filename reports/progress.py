"""How far an Excel report has got, for the progress bar of an export job.

The report writers (reports.xlsx) call `report(written, total)` as they go; the export job (reports.exports)
listens while it runs one. Elsewhere (the command line, the tests) nobody listens and it costs nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

EVERY = 500  # rows between two reports: the bar moves often enough, the job's row is not written per row

_listener: ContextVar[Callable[[int, int], None] | None] = ContextVar("export_progress", default=None)


@contextmanager
def listening(callback: Callable[[int, int], None]) -> Iterator[None]:
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)


def report(written: int, total: int) -> None:
    callback = _listener.get()
    if callback is not None:
        callback(written, total)
