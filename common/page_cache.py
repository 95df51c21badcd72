"""Public pages kept for visitors without cookies.

A "Gương sáng" story shared on Facebook or Zalo brings many visitors at once, none of them signed in. Their pages
are the same for everyone, so the first visitor's page is kept for a minute and served to the next ones without
queries or template work. Only a plain GET by a visitor with no cookie (no session, no pending message) is served
from or stored in the cache, and only a 200 response that sets no cookie is stored.

The copies of a family of pages are filed under that family's version (common.versions), which the code writing
what the pages show moves (`forget`): a story taken off the page or a new photo shows on the next visit.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from . import versions

SECONDS = 60


def forget(name: str) -> None:
    """Let the pages of `name` be built again (now, and once the transaction has committed)."""
    versions.move(f"pages:{name}")


def for_visitors(name: str, seconds: int = SECONDS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.COOKIES.keys() - {settings.CSRF_COOKIE_NAME}:
                return view(request, *args, **kwargs)
            address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            version = versions.current(f"pages:{name}")
            key = f"page:{name}:{version}:{get_language()}:{address}"
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            keepable = response.status_code == 200 and not response.cookies and not response.streaming
            changed_meanwhile = versions.current(f"pages:{name}") != version
            if keepable and not changed_meanwhile:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator
