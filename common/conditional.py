"""Conditional GET for signed-in pages worth not rebuilding: a reload answers 304 Not Modified, with no queries
for the figures and no template, while nothing the page shows has changed.

The ETag is a hash of the versions the services move for the data the page shows (common.versions), the person
who asks (their name, flags and unread count are in the page's header), the CSRF cookie the page's forms carry a
token for, today's date (a page "as of today"), the language, the address, and the code that draws it. The
response says `Cache-Control: private, no-cache`: the browser keeps the page for this person alone and asks each
time, and no shared cache stores it. A page with a message waiting is always drawn (the message is shown once).

    @revalidated(lambda request, slug: campaign_version_names(request, slug))
    def campaign_detail(request, slug): ...
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from . import versions


@cache
def code_fingerprint() -> str:
    """The code, templates and translations this process serves (a deploy changes it without PORTAL_RELEASE)."""
    digest = hashlib.sha256(settings.PORTAL_RELEASE.encode())
    base = Path(settings.BASE_DIR)
    for pattern in ("*/*.py", "templates/**/*.html", "locale/**/*.mo"):
        for path in sorted(base.glob(pattern)):
            if ".venv" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _csrf_secret(request) -> str:
    """The secret the page's forms carry a token for (made now on a first visit, as drawing the page would)."""
    get_token(request)
    return request.META.get("CSRF_COOKIE", "")


def page_etag(request, names: Iterable[str]) -> str | None:
    """The ETag of a page showing the data of `names` to this request's user; None when it must be drawn."""
    if len(get_messages(request)):  # counted, not read: still shown on the page drawn
        return None
    user = request.user
    parts = [
        code_fingerprint(),
        versions.current(*names),
        f"{user.pk}:{user.get_username()}:{user.get_full_name()}:{user.is_staff}:{user.is_superuser}",
        str(getattr(user, "unread_notifications", "")),
        _csrf_secret(request),
        timezone.localdate().isoformat(),
        get_language() or "",
        request.get_full_path(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def revalidated(names_of: Callable[..., Iterable[str] | None]):
    """Serve the view conditionally: `names_of(request, *args, **kwargs)` gives the version names of what the page
    shows (None: draw it, e.g. an object the user may not see, which the view then refuses)."""

    def etag(request, *args, **kwargs):
        if request.method != "GET" or not request.user.is_authenticated:
            return None
        names = names_of(request, *args, **kwargs)
        return page_etag(request, names) if names is not None else None

    def decorator(view):
        conditional = condition(etag_func=etag)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if request.method == "GET":
                patch_cache_control(response, private=True, no_cache=True)
            return response

        return wrapper

    return decorator
