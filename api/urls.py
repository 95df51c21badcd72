from django.http import JsonResponse
from django.urls import path, re_path, reverse

from .problems import unknown_address
from .site import api


def index(request):
    """/api/v1/: where the document and its page are (before ninja's own root, which answers only in DEBUG)."""
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
        }
    )


urlpatterns = [
    path("api/v1/", index, name="api_index"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_address, name="api_unknown"),
]
