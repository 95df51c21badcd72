"""The data's version: what a page kept between requests is filed under, so that no write can leave it showing
what was there before.

Two numbers make it. The shared one lives in the cache that every app server reads and moves when a transaction
that wrote to the portal's tables commits (a write outside a transaction: before the response leaves, see flush()).
The local one is this process's count of writes, committed or not: a page read back inside the transaction that
changed its rows (a test, a view that writes and then renders) must not be the one kept from before.

Writes are seen where they happen, in the database connection (an execute wrapper on every connection), not
through model signals: `update()`, `bulk_create()`, raw SQL and the import's batches all move the version too.
The session, cache and login-attempt tables do not: they change on every sign-in or cache write and no page shows
them.
"""

import atexit
import contextlib
import itertools
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.backends.signals import connection_created

KEY = "data-version"
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(?:\s+TABLE)?)\s+\"?(\w+)",
    re.IGNORECASE,
)
_local = itertools.count(1)
_local_value = 0
_pending = False  # a write outside a transaction that the other processes were not told of yet


def _ignored_tables() -> frozenset:
    tables = {"django_migrations", "django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
    for config in settings.CACHES.values():
        if config["BACKEND"].endswith("DatabaseCache"):
            tables.add(config["LOCATION"])
    return frozenset(tables)


IGNORED = _ignored_tables()


def current() -> str:
    """The version now: pages kept under another one are never served."""
    flush()
    shared = cache.get(KEY)
    if shared is None:
        shared = _start()
    if shared is None:
        # The shared cache is away: other processes' writes cannot be seen, so nothing kept may be served.
        return f"unseen-{secrets.token_hex(8)}"
    return f"{shared}.{_local_value}"


def _start() -> int:
    # From a random number, not 0: a cache emptied (a Redis restart) must not give back a number already used.
    cache.add(KEY, secrets.randbits(48), None)
    return cache.get(KEY)


def _move_shared() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not there (evicted, emptied): any number not used before will do
        _start()
    except DatabaseError:
        # The cache is a table that `migrate` has not made yet: a new database, no page kept anywhere.
        if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
            raise


def _wrote(connection) -> None:
    global _local_value, _pending
    _local_value = next(_local)
    if connection.in_atomic_block:
        # Once per transaction, after it commits: a reader that kept a page from before the commit kept it under
        # the old version. A rolled-back transaction drops the callback with the rest.
        if not any(callback is _move_shared for _, callback, _ in connection.run_on_commit):
            transaction.on_commit(_move_shared, using=connection.alias)
    else:
        # Not now: the statement may still be open (INSERT … RETURNING not yet read), and with the cache in a
        # database table, moving the version runs statements on this same connection. flush() does it.
        _pending = True


def flush() -> None:
    """Move the shared version for the writes this process made outside a transaction. Called before each response
    leaves (DataVersionMiddleware), after a task is queued or done, at exit, and before this process reads it."""
    global _pending
    if _pending:
        _pending = False
        _move_shared()


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    written = _WRITE.match(sql) if isinstance(sql, str) else None
    if written and written.group(1).lower() not in IGNORED:
        _wrote(context["connection"])
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _flush_after_task(**kwargs) -> None:
    flush()


def _flush_at_exit() -> None:
    # The process is ending and may have lost its database or cache already: the kept pages expire within the
    # minute anyway.
    with contextlib.suppress(Exception):
        flush()


def watch_every_connection() -> None:
    from django_tasks.signals import task_enqueued, task_finished

    connection_created.connect(_install, dispatch_uid="data-version")
    # The task worker and the scheduler serve no request: they tell after each task they queue or finish.
    for signal in (task_enqueued, task_finished):
        signal.connect(_flush_after_task, weak=False, dispatch_uid="data-version")
    atexit.register(_flush_at_exit)
