"""The site's routes: each app's urls.py (same paths and names as before), the admin, and public uploads."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

admin.site.site_header = _("Youth Union cadre training portal – office")
admin.site.site_title = _("Cadre training portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("common.urls")),
    path("", include("accounts.urls")),
    path("", include("notices.urls")),
    path("", include("organizations.urls")),
    path("", include("campaigns.urls")),
    path("", include("registrations.urls")),
    path("", include("checkins.urls")),
    path("", include("evaluations.urls")),
    path("", include("reports.urls")),
    path("", include("unitratings.urls")),
    path("", include("unitreports.urls")),
    path("", include("documents.urls")),
    path("", include("privacy.urls")),
    path("", include("messaging.urls")),
    path("", include("programmes.urls")),
    path("", include("meetings.urls")),
    path("", include("feedback.urls")),
    path("", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Public uploads (published story photos) in development; in production the web server serves MEDIA_ROOT.
    # Private uploads are never under MEDIA_ROOT: they go through common.private_files.
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    )
