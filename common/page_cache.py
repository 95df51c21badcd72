"""Public pages kept in the shared cache for visitors without cookies.

A "Gương sáng" story shared on Facebook or Zalo brings many visitors at once, none of them signed in. Their pages
are the same for everyone, so the first visitor's page is kept for a minute and served to the next ones without
queries or template work. Only a plain GET by a visitor with no cookie (no session, no pending message) is served
from or stored in the cache, and only a 200 response that sets no cookie is stored. A change to the pages' own
rows bumps their version (`changed(name)`), so a story taken off the page leaves it at once; a change elsewhere (a
person's or a unit's name) shows within the minute.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

SECONDS = 60


def _version_key(name: str) -> str:
    return f"page-version:{name}"


def changed(name: str) -> None:
    """What the pages called `name` show has changed: earlier copies are never served again."""
    key = _version_key(name)
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, None)


def for_visitors(name: str, seconds: int = SECONDS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.COOKIES.keys() - {settings.CSRF_COOKIE_NAME}:
                return view(request, *args, **kwargs)
            address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"page:{name}:{cache.get(_version_key(name), 0)}:{get_language()}:{address}"
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator
