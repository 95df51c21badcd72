"""The read-only API (django-ninja): /api/v1/, its OpenAPI document at /api/v1/openapi.json and a page to read
it at /api/v1/docs (Swagger UI from ninja's own static files, no CDN).

Every list and record goes through the same policies as the pages (organizations.policies); a service token reads
as its unit's office (api.auth). Refusals are problem documents in Vietnamese (api.problems)."""

import pydantic_core
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import problems
from .answers import private
from .auth import BearerToken, SignedIn
from .routes import campaigns, ratings, reader, sheets, stories, units
from .throttle import PerClientRate

# The refusals every operation may answer, in the OpenAPI document (a client generated from it knows them).
REFUSALS = {
    "400": "Tham số không hợp lệ",
    "401": "Chưa đăng nhập hoặc mã truy cập sai, hết hạn, đã thu hồi",
    "404": "Không tìm thấy, hoặc ngoài phạm vi được xem",
    "429": "Quá nhiều yêu cầu: chờ theo Retry-After",
}


class VietnameseJSON(JSONRenderer):
    """What ninja itself writes (the document): UTF-8 as it is ("Cái Đôi Vàm", not "C\\u00e1i …")."""

    def render(self, request, data, *, response_status):
        return pydantic_core.to_json(data)


class PortalAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__  # "unit_list": what a generated client names its method

    def create_response(self, request, data, *, status=None, temporal_response=None):
        return private(super().create_response(request, data, status=status, temporal_response=temporal_response))

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"]["Problem"] = problems.Problem.json_schema()
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, description in REFUSALS.items():
                    if status == "401" and not operation.get("security"):
                        continue
                    operation["responses"].setdefault(status, {"description": description, "content": problem})
        return schema


api = PortalAPI(
    title="Cổng rèn luyện cán bộ Đoàn – API",
    version="1",
    description=str(
        _(
            "Read-only access to units, campaigns, coverage, sheets, evaluations, unit ratings, check-ins and the "
            "public Gương sáng stories. Send a service token as “Authorization: Bearer dtn_…” (an office makes "
            "one in the admin), or be signed in to the portal."
        )
    ),
    urls_namespace="api",
    auth=[BearerToken(), SignedIn()],
    throttle=[PerClientRate()],
    renderer=VietnameseJSON(),
)
problems.install(api)
for module in (reader, units, campaigns, sheets, ratings, stories):
    api.add_router("", module.router)
