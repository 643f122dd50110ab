"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

`django.core.cache.backends.redis.RedisCacheClient.get_client` builds a new `redis.Redis`
for every operation; with redis-py 8 that costs about 0.2 ms (its table of response
callbacks is filled anew each time), as much as the round trip to Redis itself, and a page
kept for anonymous visitors costs one operation per request. A client is safe to share
between threads (each command borrows a connection from the pool), so this backend keeps
one per pool; pools are Django's own (redis-py opens them anew in a forked process).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *arguments, **options):
        super().__init__(*arguments, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
