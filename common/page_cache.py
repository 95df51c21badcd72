"""Pages kept between requests: public pages for visitors without cookies, and a signed-in person's own pages.

A "Gương sáng" story shared on Facebook or Zalo brings many visitors at once, none of them signed in. Their pages
are the same for everyone, so the first visitor's page is kept for a minute and served to the next ones without
queries or template work. Only a plain GET by a visitor with no cookie (no session, no pending message) is served
from or stored in the cache, and only a 200 response that sets no cookie is stored. The copies are filed under the
data's version (common.data_version), like a signed-in person's pages below: a story taken off the page, a new
photo, a person's or a unit's new name — any write — shows on the next visit.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.translation import get_language

from . import data_version

SECONDS = 60


def for_visitors(name: str, seconds: int = SECONDS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.COOKIES.keys() - {settings.CSRF_COOKIE_NAME}:
                return view(request, *args, **kwargs)
            address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            version = data_version.current()
            key = f"page:{name}:{version}:{get_language()}:{address}"
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            keepable = response.status_code == 200 and not response.cookies and not response.streaming
            if keepable and data_version.current() == version:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator


# A signed-in person's pages.
#
# A cadre on a slow connection reloads the form, goes back to the campaign page, opens home again; an office
# reloads its queue and dashboard through the day. Between two such views nothing may have changed, and then the
# page need not be built again. A page is kept for SESSION_PAGE_SECONDS (a setting) in this process's memory (only
# the one session reads it back, so it is not worth a write to the shared cache), filed under the session, the
# address, the day and the data's version (common.data_version): any write anywhere, in any process, files every
# kept page away, and so does midnight (deadlines count in days). What is kept is the page with its CSRF token taken
# out; each response served from it gets a freshly masked token, as a rendered page would (so compression cannot be
# used to read it, see TextGZipMiddleware). Not kept: a page with a message on it or waiting, one that set a cookie
# or changed the session, any response but a 200, anything but a GET.
#
# It spares the reloads, not the first view: in a deadline-day rush, when every view is someone's first and writes
# come every second, pages are built afresh, which is what `make bench` also measures ("built").

_session_pages = LocMemCache("session-pages", {"OPTIONS": {"MAX_ENTRIES": 500}})
_TOKEN_SLOT = b"\x00csrf-token\x00"
_TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_HEADERS_NOT_KEPT = {"content-length", "set-cookie"}


def _session_page_address(request) -> str | None:
    if not settings.SESSION_PAGE_SECONDS or request.method != "GET" or "messages" in request.COOKIES:
        return None
    session = request.session
    if not session.session_key or not session.get(SESSION_KEY) or "_messages" in session:
        return None
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{timezone.localdate():%Y%m%d}:{get_language()}:{session.session_key}:{address}"


def _keepable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and not request.session.modified
        and not (messages is not None and messages.added_new)
    )


def _without_token(request, content: bytes) -> bytes:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def slot(match):
        token = match.group(0)
        return _TOKEN_SLOT if _unmask_cipher_token(token.decode()) == secret else token

    return _TOKEN_LIKE.sub(slot, content)


def _served(request, kept) -> HttpResponse:
    content, headers = kept
    if _TOKEN_SLOT in content:
        content = content.replace(_TOKEN_SLOT, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def for_session(view):
    """Keep the pages this view shows a signed-in person (see above); every other request goes to the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        address = _session_page_address(request)
        if address is None:
            return view(request, *args, **kwargs)
        version = data_version.current()
        key = f"{version}:{address}"
        kept = _session_pages.get(key)
        if kept is not None:
            return _served(request, kept)
        response = view(request, *args, **kwargs)
        if _keepable(request, response) and data_version.current() == version:
            headers = [(name, value) for name, value in response.items() if name.lower() not in _HEADERS_NOT_KEPT]
            kept = (_without_token(request, response.content), headers)
            _session_pages.set(key, kept, settings.SESSION_PAGE_SECONDS)
        return response

    return wrapper


def forget_session_pages() -> None:
    """Drop every kept page of this process (tests)."""
    _session_pages.clear()
