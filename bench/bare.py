"""The yardstick of `bench/http_pages.py`: a bare one-query Django view — one SELECT over 100 rows rendered by a
small template, no middleware, no sessions — served by the same gunicorn as the portal; and its JSON twin (the same
rows as a JSON list at /json/), the yardstick of the API.

    DJANGO_SETTINGS_MODULE=bench.bare gunicorn bench.bare:application
"""

import os
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

if not settings.configured:
    import dj_database_url

    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {}}],
        USE_TZ=True,
    )

import django  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.template import Context, Engine  # noqa: E402
from django.urls import path  # noqa: E402

django.setup()
TEMPLATE = Engine().from_string(
    "<!doctype html><html><body><ul>{% for id, name in rows %}<li>{{ id }} {{ name }}</li>{% endfor %}</ul>"
    "</body></html>"
)


def _rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM organizations_unit ORDER BY id LIMIT 100")
        return cursor.fetchall()


def bare(request):
    return HttpResponse(TEMPLATE.render(Context({"rows": _rows()})))


def bare_json(request):
    return JsonResponse({"results": [{"id": pk, "name": name} for pk, name in _rows()]})


urlpatterns = [path("", bare), path("json/", bare_json)]
application = get_wsgi_application()
