"""What the API's views answer: their data written as JSON straight away.

ninja would first rebuild the data as the response's pydantic model, then turn that into dicts and then into JSON,
on every request; for a page of a hundred rows that is most of the request's time. The views' data is already of
the documented shape, which the tests check for every endpoint against the OpenAPI document (schemathesis), so it
is written once, by pydantic's encoder (dates and times in ISO 8601, UTF-8 text as it is)."""

from functools import wraps

import pydantic_core
from django.http import HttpResponse

CONTENT_TYPE = "application/json; charset=utf-8"


def private(response: HttpResponse) -> HttpResponse:
    # Personal data: kept by no shared cache, and a reply for one token or session is never another's.
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Authorization, Cookie"
    return response


def answer(data) -> HttpResponse:
    return private(HttpResponse(pydantic_core.to_json(data), content_type=CONTENT_TYPE))


def answered(view):
    """Write what `view` returns as the answer (the route still declares its response model, for the document)."""

    @wraps(view)
    def answering(request, *args, **kwargs):
        return answer(view(request, *args, **kwargs))

    return answering
