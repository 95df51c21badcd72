"""Work that recurs — reminders, the export watchdog, expired files, the nightly backup — run on the task workers.

Each app registers its jobs in its AppConfig.ready():

    periodic.register("exports.remove_expired", every=3600, run=remove_expired)

`manage.py periodic` (one small process: `make run` starts it, deploy/ has its systemd unit) wakes every few
seconds and queues each job that is due as a task (`run_periodic`). Due means: its slot (the current multiple of
`every` seconds) has not been claimed yet in the shared cache, so two schedulers on two servers queue it once.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django_tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: int  # seconds
    run: Callable[[], object]


_JOBS: dict[str, Periodic] = {}


def register(name: str, *, every: int, run: Callable[[], object]) -> None:
    _JOBS[name] = Periodic(name, every, run)


def jobs() -> list[Periodic]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def claim(job: Periodic, now: float | None = None) -> bool:
    """True once per slot of `job.every` seconds, across every scheduler sharing the cache."""
    slot = int((now if now is not None else time.time()) // job.every)
    return cache.add(f"periodic:{job.name}:{slot}", 1, timeout=job.every * 2)


def queue_due(now: float | None = None) -> list[str]:
    """Queue every job whose slot is free. Returns their names."""
    queued = []
    for job in jobs():
        if claim(job, now):
            run_periodic.enqueue(job.name)
            queued.append(job.name)
    return queued


@task()
def run_periodic(name: str):
    job = _JOBS.get(name)
    if job is None:
        logger.warning("Unknown periodic job %s", name)
        return None
    result = job.run()
    logger.info("Periodic job %s: %s", name, result)
    return result if isinstance(result, (int, str, dict, list)) or result is None else str(result)
