"""Reports read from a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL).

Only code that asks for it reads there: `with replica_reads():` around the figures of a dashboard and the rows of
an export job, which read many rows and can be a few seconds behind. Everything else — sign-in, scope checks, the
workflow steps and every write — stays on the primary, so a cadre always sees their own change at once. Without a
replica configured the router answers nothing and Django uses the default database, as before.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
# Never from the replica, even inside replica_reads(): the cache table (a value just set must read back) and the
# sessions (a sign-in just made must be seen).
PRIMARY_ONLY = {"django_cache", "sessions"}

_reading: ContextVar[bool] = ContextVar("replica_reads", default=False)


def configured() -> bool:
    """Whether reads inside replica_reads() go to a replica (which can be a few seconds behind the primary)."""
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads inside replica_reads() go to the replica, when there is one."""

    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in connections.settings and model._meta.app_label not in PRIMARY_ONLY:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # the replica follows the primary; nothing is migrated on it
