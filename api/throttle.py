"""The API's rate limit: so many requests a minute per token (or per signed-in user), answered 429 with
Retry-After beyond it. A fixed one-minute window, one add and one increment a request, counted in the "api_rate"
cache: Redis when the portal has it, so that every app server counts together; otherwise each process's memory
(the database cache would make every read of the API a write)."""

import time

from django.conf import settings
from django.core.cache import caches
from ninja.throttling import BaseThrottle

WINDOW = 60


class PerClientRate(BaseThrottle):
    def allow_request(self, request) -> bool:
        auth = getattr(request, "auth", None)
        token_id = getattr(auth, "token_id", None)
        if token_id is not None:
            who = f"t{token_id}"
        elif getattr(auth, "is_authenticated", False):
            who = f"u{auth.pk}"
        else:
            who = f"a{self.get_ident(request)}"
        now = time.time()
        window = int(now // WINDOW)
        self.retry_after = (window + 1) * WINDOW - now
        key = f"api-rate:{who}:{window}"
        cache = caches["api_rate"]
        cache.add(key, 0, WINDOW + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, WINDOW + 5)
            count = 1
        return count <= settings.API_REQUESTS_PER_MINUTE

    def wait(self) -> float:
        return max(1.0, self.retry_after)
