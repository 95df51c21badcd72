"""Public pages kept for visitors without cookies.

A "Gương sáng" story shared on Facebook or Zalo brings many visitors at once, none of them signed in. Their pages
are the same for everyone, so the first visitor's page is kept for a minute and served to the next ones without
queries or template work. Only a plain GET by a visitor with no cookie (no session, no pending message) is served
from or stored in the cache, and only a 200 response that sets no cookie is stored.

The copies of a family of pages are filed under that family's version, an explicit key that the code writing what
the pages show moves (`forget`): a story taken off the page or a new photo shows on the next visit. A version is a
random token, not a counter, so moving it is one write that no concurrent move can undo (a counter on the database
cache is a read and a write).
"""

import hashlib
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

SECONDS = 60


def _version_key(name: str) -> str:
    return f"pages:{name}:version"


def _version(name: str) -> str:
    version = cache.get(_version_key(name))
    if version is None:
        version = secrets.token_hex(8)
        cache.add(_version_key(name), version, None)
        version = cache.get(_version_key(name), version)
    return version


def forget(name: str) -> None:
    """Let the pages of `name` be built again: now (for a page drawn later in this same transaction) and once it has
    committed (a page another process drew in between, from the rows as they were, is not served)."""

    def move():
        cache.set(_version_key(name), secrets.token_hex(8), None)

    move()
    transaction.on_commit(move)


def for_visitors(name: str, seconds: int = SECONDS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.COOKIES.keys() - {settings.CSRF_COOKIE_NAME}:
                return view(request, *args, **kwargs)
            address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            version = _version(name)
            key = f"page:{name}:{version}:{get_language()}:{address}"
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            keepable = response.status_code == 200 and not response.cookies and not response.streaming
            if keepable and _version(name) == version:  # not if what it shows changed while it was built
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator
