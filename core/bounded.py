"""A bounded memory of a process: what is kept to be reused (rendered forms and pages,
compiled queries, the documents answered), at most so many entries, the least recently used
forgotten first.

Its keys can come from requests (an address, a query string, a form's digest), so each such
memory is bounded; one shared implementation keeps the rule (and its thread safety) the same
everywhere.
"""

import threading
from collections import OrderedDict

_MISSING = object()


class Bounded(OrderedDict):
    """At most `limit` entries, the least recently used (kept or found by `use`) forgotten
    first, each given to `forgotten(value)` if set (to free what it holds). Safe to share
    between threads: `use` and `keep` are atomic. Plain reads (`get`, `in`) do not count as a
    use."""

    def __init__(self, limit, forgotten=None):
        super().__init__()
        self.limit = limit
        self._forgotten = forgotten
        self._lock = threading.Lock()

    def use(self, key, default=None):
        """The value kept under `key` (`default` if none), now the most recently used."""
        with self._lock:
            value = self.get(key, _MISSING)
            if value is _MISSING:
                return default
            self.move_to_end(key)
            return value

    def keep(self, key, value):
        """Keep `value` under `key` as the most recently used, forgetting the least recently
        used beyond the limit."""
        with self._lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.limit:
                _key, old = self.popitem(last=False)
                if self._forgotten is not None:
                    self._forgotten(old)

    def discard(self, key):
        """Forget `key` if it is kept."""
        with self._lock:
            self.pop(key, None)
