from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django_tasks import task_backends


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


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    """The shared cache (Redis or the database table) takes a value and gives it back."""
    key = "healthz:probe"
    cache.set(key, "ok", timeout=30)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache lost a value")
    return "ok"


def _queue() -> str:
    """The task queue answers; says how many tasks wait for a worker."""
    backend = task_backends["default"]
    if backend.__class__.__name__ == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        return f"ok ({DBTaskResult.objects.ready().count()} waiting)"
    if backend.__class__.__name__ == "RQBackend":
        import django_rq

        queue = django_rq.get_queue("default")
        queue.connection.ping()
        return f"ok ({queue.count} waiting)"
    return "ok (inline)"


def healthz(request):
    """Which parts answer: the database, the shared cache and the task queue. 503 only without the database, which
    no page can do without; a cache or queue that is away leaves the pages served ("degraded", still 200), so a
    load balancer keeps sending people to this server while uptime checks see what is down."""
    answer = {}
    for part, check in (("database", _database), ("cache", _cache), ("queue", _queue)):
        try:
            answer[part] = check()
        except Exception:  # any failure of a part: that part is down
            answer[part] = "unreachable"
    down = [part for part in ("database", "cache", "queue") if answer[part] == "unreachable"]
    answer["status"] = "error" if "database" in down else ("degraded" if down else "ok")
    return JsonResponse(answer, status=503 if "database" in down else 200)
