from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def service_worker(request):
    """The service worker at the site's root, so that its scope is the whole portal (templates/common/sw.js).
    Its cache name follows the release: a new deploy replaces every kept static file."""
    response = render(
        request,
        "common/sw.js",
        # In development static names do not change with their content: keep none, or edits would not show.
        {"version": settings.PORTAL_RELEASE, "keep_static": not settings.DEBUG},
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline(request):
    """What the service worker shows without a network: no user, no data."""
    return render(request, "common/offline.html")


def healthz(request):
    """200 when the database answers, 503 when it does not: for the load balancer and uptime checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
