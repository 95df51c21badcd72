"""Errors as problem details (RFC 9457, application/problem+json) with a Vietnamese message:

    {"type": "about:blank", "title": "Không tìm thấy", "status": 404, "detail": "…", "errors": [...]}

Every refusal of the API goes through here, so a client reads one shape whatever went wrong, and nothing in it
says more than the caller may know (a unit outside the token's subtree is "not found", like a missing one)."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

CONTENT_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not signed in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        429: _("Too many requests"),
    }


def problem(status: int, detail: str, errors: list[dict] | None = None) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": _titles().get(status, _("Error")),
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# What a query parameter should look like, said in the message when it does not.
EXPECTED = {
    "ngay": gettext_lazy("a date as YYYY-MM-DD, e.g. 2025-07-01"),
    "updated_since": gettext_lazy("a date and time in ISO 8601, e.g. 2026-01-31T08:00:00+07:00"),
    "page": gettext_lazy("a whole number from 1"),
    "page_size": gettext_lazy("a whole number from 1 to 200"),
}


def _field_errors(exc: ValidationError) -> list[dict]:
    found = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        field = loc[-1] if loc else ""
        expected = EXPECTED.get(field)
        message = (
            _("“%(field)s” must be %(expected)s.") % {"field": field, "expected": expected}
            if expected
            else _("“%(field)s” has a value that cannot be read.") % {"field": field}
        )
        found.append({"field": field, "message": message})
    return found


def install(api) -> None:
    """Make every refusal of `api` a problem document."""

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        errors = _field_errors(exc)
        return problem(400, " ".join(e["message"] for e in errors) or _("The request cannot be read."), errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        # One sentence whether the token is missing, made up, expired or revoked: nothing tells which exist.
        return problem(401, _("Sign in, or send a valid access token (Authorization: Bearer …)."))

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return problem(429, _("Too many requests from this client: wait a minute and try again."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # Django's own 404 messages are English and name models: one Vietnamese sentence instead.
        return problem(404, _("Nothing is found here, or it is outside what this client may read."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem(exc.status_code, str(exc))


def unknown_address(request, rest=""):
    """Any address under /api/ that names no resource."""
    return problem(404, _("No resource of the API is at this address."))
