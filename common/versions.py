"""Named versions of what pages show, moved by the writes that change it: the key of a cached piece of data and
the ETag of a page (Zulip's and pretix's explicit cache keys).

A version is a random token, not a counter: moving it is one write that no concurrent move can undo (a counter on
the database cache is a read and a write). A write inside a transaction moves its names once the transaction
commits, all together, however many rows it changed (a deletion cascading over a campaign's 60,000 sheets is one
write to the cache, not 60,000); until then the transaction itself reads those names as "changed": a fresh token
on every read, so nothing is served from or kept under them while its rows differ from everyone else's.

    versions.current(versions.of(Campaign, 12), versions.TREE)   # "9f2c…-41ab…", one cache read for all
    versions.move(versions.of(Campaign, 12))                     # a write to campaign 12's data

Which saves move which name is declared by the apps (`track`, below, in their AppConfig.ready): a model's saves and
deletes move the version of the row it belongs to (its campaign's, found through its foreign keys), or a fixed name
(TREE). A write that sends no
signal (`update()`, `bulk_create`) moves the name itself.
"""

import secrets
from collections.abc import Callable

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

TREE = "tree"  # the units, their spans and lineage, people, memberships, positions and grants
SHARED = "shared"  # rows many campaigns show: documents (plans, legal bases), rating schemes and levels


def _key(name: str) -> str:
    return f"version:{name}"


# The versions a request has read, so that its ETag and the data it keeps read each name once (a page asks for the
# same names two or three times). Only while a request is served: a task worker lives for hours and reads afresh.
# A move made by the request itself updates them (_set).
_request = Local()


def _begin_request(**_signal) -> None:
    _request.seen = {}


def _end_request(**_signal) -> None:
    _request.seen = None


request_started.connect(_begin_request, dispatch_uid="versions-request-started")
request_finished.connect(_end_request, dispatch_uid="versions-request-finished")


def _pending(create: bool = False) -> set[str] | None:
    """The names this transaction moved, to be moved in the cache when it commits; None outside a transaction or
    before its first move. The set lives as long as its commit callback is registered (a commit runs it, a rollback
    drops it, a savepoint rolled back drops it if it was registered there)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    kept = getattr(connection, "_versions_pending", None)
    if kept is not None and any(entry[1] is kept[1] for entry in connection.run_on_commit):
        return kept[0]
    if not create:
        return None
    pending: set[str] = set()

    def moved():
        _set(pending)

    transaction.on_commit(moved)
    connection._versions_pending = (pending, moved)
    return pending


def _set(names) -> None:
    if names:
        moved = {name: secrets.token_hex(8) for name in names}
        cache.set_many({_key(name): token for name, token in moved.items()}, None)
        seen = getattr(_request, "seen", None)
        if seen is not None:
            seen.update(moved)


def current(*names: str) -> str:
    """The versions of `names`, joined: what a cached piece of data or a page's ETag is filed under."""
    pending = _pending() or set()
    seen = getattr(_request, "seen", None)
    known = seen if seen is not None else {}
    wanted = [_key(name) for name in names if name not in pending and name not in known]
    found = cache.get_many(wanted) if wanted else {}
    tokens = []
    for name in names:
        if name in pending:  # changed by this transaction, not yet by everyone's: never the same twice
            tokens.append(secrets.token_hex(8))
            continue
        token = known.get(name) or found.get(_key(name))
        if token is None:
            token = secrets.token_hex(8)
            cache.add(_key(name), token, None)
            token = cache.get(_key(name), token)
        if seen is not None:
            seen[name] = token
        tokens.append(token)
    return "-".join(tokens)


def move(*names: str) -> None:
    """Let what is filed under `names` be built again: at once outside a transaction, else when it commits."""
    pending = _pending(create=True)
    if pending is None:
        _set(names)
    else:
        pending.update(names)


def remember(names: list[str], key: str, build: Callable[[], object], seconds: int = 3600) -> object:
    """What `build()` gives, kept under `key` and the current versions of `names` (data, not a page: the caller
    draws it for its user). A write moving one of `names` while it is built leaves it under the old versions,
    where no reader looks again."""
    if _pending() and not _pending().isdisjoint(names):
        return build()  # this transaction changed what it reads: neither served nor kept
    address = f"data:{key}:{current(*names)}"
    kept = cache.get(address)
    if kept is not None:
        return kept[0]
    built = build()
    cache.set(address, (built,), seconds)
    return built


def of(model: type[models.Model], pk) -> str:
    """The version name of one row's data (a campaign's: "campaigns.campaign:12")."""
    return f"{model._meta.label_lower}:{pk}"


def _path_to(model: type[models.Model], owner: type[models.Model], depth: int = 3) -> list[str] | None:
    """The foreign keys that lead from `model` to `owner` (["registration", "campaign"]), the shortest found."""
    paths = [([], model)]
    for _ in range(depth):
        longer = []
        for path, current_model in paths:
            for field in current_model._meta.concrete_fields:
                if field.many_to_one or field.one_to_one:
                    if field.related_model is owner:
                        return [*path, field.name]
                    longer.append(([*path, field.name], field.related_model))
        paths = longer
    return None


def _owner_id(instance: models.Model, path: list[str]) -> int | None:
    for name in path[:-1]:
        instance = getattr(instance, name, None)
        if instance is None:
            return None
    return getattr(instance, f"{path[-1]}_id", None)


def track(*tracked: type[models.Model], owner: type[models.Model] | None = None, name: str = "") -> None:
    """Move a version on every save and delete of `tracked`: the fixed `name`, or the version of the `owner` row
    each row belongs to, found through its foreign keys (the owner model itself: its own row's)."""
    for model in tracked:
        if name:
            moves: Callable = lambda instance, name=name: move(name)  # noqa: E731
        elif model is owner:
            moves = lambda instance: move(of(owner, instance.pk))  # noqa: E731
        else:
            path = _path_to(model, owner)
            if path is None:
                raise ValueError(f"{model.__name__} has no foreign key leading to {owner.__name__}")

            def moves(instance, path=path):
                found = _owner_id(instance, path)
                if found is not None:
                    move(of(owner, found))

        def receiver(sender, instance, moves=moves, **signal):
            if not signal.get("raw"):  # fixtures being loaded: nothing is cached from them yet
                moves(instance)

        uid = f"versions-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
