"""The shared cache: Redis, and a table in the database while Redis is away (issue 14).

A cache is an optimisation, never a dependency of a write or a page (CONVENTIONS, Faults). But
some of what is cached must not simply vanish in an outage: allauth keeps its sign-in rate limits
and the authenticator codes already used in the cache. So when Redis does not answer, every call
goes to Django's own database cache instead of failing, and limits go on counting there.

Why our own backend rather than a library (checked in 2026):
- django-redis's IGNORE_EXCEPTIONS answers "nothing there" and "not stored": rate limits would be
  forgotten, and allauth's cache lock (cache.add) would never be taken, refusing every sign-in.
- django-cache-fallback 0.4.0 switches to a fallback backend on any exception (a missing key's
  ValueError from incr included), defaults set()'s timeout to "for ever", and after an outage
  leaves Redis serving what it held before, however much changed meanwhile.
Both also try Redis first on every call of an outage; this one leaves it alone for a few seconds.

After an outage: a key written to the database while Redis was away is removed from Redis when
Redis answers again, and the database copy is emptied, so Redis's value from before the outage
(back from its append-only file) never outlives a change made during it; the next reader computes
it afresh. A process that never saw the outage reads Redis's copy until a process that did sees
Redis answer (within RETRY_AFTER_SECONDS of its next cache call); what the pages compute expires
within minutes anyway. Rate-limit counts written in the outage start again from Redis's.
"""

import logging
from collections.abc import Iterable
from time import monotonic
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Created by crag/migrations/0006_cache_table.py (the application's role is granted its rows by
# `grant_app_role`, as for every table), so no deployment has to run `createcachetable`.
FALLBACK_TABLE = "crag_cache_fallback"
# After a failure, a process uses the database for this long before trying Redis again: a Redis
# that does not answer at all would otherwise cost the connect timeout on every call.
RETRY_AFTER_SECONDS = 5.0
REDIS_AWAY = (RedisConnectionError, RedisTimeoutError)


class RedisWithDatabaseFallback(BaseCache):
    """CACHES backend: LOCATION and OPTIONS as for Django's RedisCache; the other settings
    (TIMEOUT, KEY_PREFIX, VERSION, KEY_FUNCTION) apply to both stores alike."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.redis = RedisCache(server, params)
        self.database = DatabaseCache(FALLBACK_TABLE, {k: v for k, v in params.items() if k != "OPTIONS"})
        self._retry_at: float | None = None  # None while Redis answers

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self._retry_at is None or monotonic() >= self._retry_at:
            try:
                if self._retry_at is not None:
                    self._forget_what_changed_meanwhile()
                    self._retry_at = None
                    logger.warning("cache: Redis answers again; the database copy is emptied")
                return getattr(self.redis, method)(*args, **kwargs)
            except REDIS_AWAY:
                if self._retry_at is None:
                    logger.warning("cache: Redis unreachable, using the database meanwhile", exc_info=True)
                self._retry_at = monotonic() + RETRY_AFTER_SECONDS
        return getattr(self.database, method)(*args, **kwargs)

    def _forget_what_changed_meanwhile(self) -> None:
        """Remove from Redis every key the outage wrote to the database, then the database's rows
        (the keys are stored made: prefixed and versioned, as Redis holds them)."""
        connection = connections[router.db_for_write(self.database.cache_model_class)]
        table = connection.ops.quote_name(FALLBACK_TABLE)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608 - a constant name
            keys = [key for (key,) in cursor.fetchall()]
        if not keys:
            return
        self.redis._cache.delete_many(keys)
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(keys))
            cursor.execute(f"DELETE FROM {table} WHERE cache_key IN ({marks})", keys)  # noqa: S608

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._call("add", key, value, timeout, version))

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", key, default, version)

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._call("touch", key, timeout, version))

    def delete(self, key: str, version: int | None = None) -> bool:
        return bool(self._call("delete", key, version))

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        return dict(self._call("get_many", list(keys), version))

    def has_key(self, key: str, version: int | None = None) -> bool:
        return bool(self._call("has_key", key, version))

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return int(self._call("incr", key, delta, version))

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        return list(self._call("set_many", data, timeout, version))

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        self._call("delete_many", list(keys), version)

    def clear(self) -> None:
        self._call("clear")

    def close(self, **kwargs: Any) -> None:
        self.redis.close(**kwargs)
        self.database.close(**kwargs)
