"""The shared cache on Redis, forgiving when Redis is away.

Nothing the portal keeps in the cache is the only copy: figures can be counted again, a kept page built again,
a recurring job's slot claimed on the next look. So when Redis does not answer, every page must still be served
from the database instead of answering 500: a read finds nothing, a write is dropped, `add` claims nothing (a
recurring job waits for Redis rather than run twice), and the failure is logged once per outage. After a failure
Redis is not asked again for a few seconds, so a Redis that hangs costs a request at most one short timeout.

Sessions do not live here (they are in the database): a session deleted at logout while Redis was away must not
come back from a cache that missed the delete.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0


def _forgiving(fallback):
    """Run the cache call; when Redis is unreachable (or was within RETRY_SECONDS), answer `fallback(args)`."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.down_until > time.monotonic():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                if not self.down_until:
                    logger.error("The cache (Redis) is unreachable, pages are served without it: %s", error)
                self.down_until = time.monotonic() + RETRY_SECONDS
                return fallback(*args, **kwargs)
            if self.down_until:
                logger.warning("The cache (Redis) answers again")
                self.down_until = 0.0
            return result

        return wrapper

    return decorator


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, *args, **kwargs):
    return default


def _empty(*args, **kwargs):
    return {}


def _no_failures(*args, **kwargs):
    return []


class ForgivingRedisCache(RedisCache):
    down_until = 0.0  # monotonic time until which Redis is not asked (0: it answered last time)

    add = _forgiving(_false)(RedisCache.add)
    get = _forgiving(_default)(RedisCache.get)
    set = _forgiving(_nothing)(RedisCache.set)
    touch = _forgiving(_false)(RedisCache.touch)
    delete = _forgiving(_false)(RedisCache.delete)
    get_many = _forgiving(_empty)(RedisCache.get_many)
    has_key = _forgiving(_false)(RedisCache.has_key)
    incr = _forgiving(_nothing)(RedisCache.incr)
    set_many = _forgiving(_no_failures)(RedisCache.set_many)
    delete_many = _forgiving(_nothing)(RedisCache.delete_many)
    clear = _forgiving(_false)(RedisCache.clear)
