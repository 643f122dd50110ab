"""The Redis cache backend (core/cache.py): Django's, with one client per connection pool."""

import os
import threading
import uuid

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from core.cache import RedisCache
from tests.helpers import redis_answers, require_service

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def backend():
    require_service(redis_answers(REDIS_URL), f"Redis at {REDIS_URL}")
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_one_client_serves_every_call_and_every_thread():
    cache = backend()
    assert isinstance(cache, DjangoRedisCache)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("greeting", "Ciao, мир", 30)
    seen = {}

    def read():
        seen["value"] = cache.get("greeting")
        seen["same client"] = cache._cache.get_client() is client

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert seen == {"value": "Ciao, мир", "same client": True}
    assert cache.get_many(["greeting", "missing"]) == {"greeting": "Ciao, мир"}
    cache.delete("greeting")
    assert cache.get("greeting") is None


def test_the_client_follows_its_pool_after_a_fork():
    cache = backend()
    cache.set("counter", 1, 30)
    read_fd, write_fd = os.pipe()
    child = os.fork()
    if child == 0:  # a gunicorn worker forked from the master after the cache was used
        try:
            value = cache.incr("counter")
            os.write(write_fd, str(value).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    os.waitpid(child, 0)
    assert os.read(read_fd, 16) == b"2"
    assert cache.get("counter") == 2
    cache.delete("counter")
