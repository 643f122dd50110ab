"""Querysets compiled once: the public pages' fixed queries, without Django building and
compiling their SQL again on every request.

Django turns a queryset into SQL anew each time it runs it: cloning the queryset at every
filter, resolving every expression, quoting every column. For the short queries of a public
page that is two to four times what PostgreSQL takes to answer them, and it is most of what a
page costs on the first visit after a change (its rendering is reused while its data are the
same: core/rendered.py). `rows(build, *arguments)` runs `build(*arguments)` (a function that
returns a queryset and reads nothing but its arguments) the first time, and keeps the SQL it
compiled to, with the compiler that knows how to turn the rows into model instances, related
rows (select_related), annotations or dictionaries (values()); later calls with the same
arguments send that SQL again and build fresh rows from the answer. The rows are always read
from the database: only the SQL is kept.

What is kept belongs to one database connection wrapper (one per thread), and is bounded
(the least recently used forgotten first), since arguments can come from a request.
"""

from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections

# Compiled queries kept per connection wrapper.
LIMIT = 256


class _Prepared:
    """A queryset whose compiler answers with the SQL it compiled the first time."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.alias = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.alias)
        self.sql = self.compiler.as_sql()  # also sets up the compiler's columns
        compile_again = self.compiler.as_sql
        self.compiler.as_sql = lambda *arguments, **options: (
            compile_again(*arguments, **options) if arguments or options else self.sql
        )

    def run(self):
        queryset = self.queryset._chain()
        # Only this copy, which never leaves this module, reads through the kept compiler.
        queryset.query.get_compiler = self._compiler
        return list(queryset)

    def _compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler


def _kept(alias):
    wrapper = connections[alias]
    kept = wrapper.__dict__.get("_prepared_queries")
    if kept is None:
        kept = wrapper.__dict__["_prepared_queries"] = OrderedDict()
    return kept


def rows(build, *arguments):
    """The rows of `build(*arguments)` as a list, its SQL compiled once for these arguments
    on this connection. `build` must read nothing but `arguments` (pass the day, the
    language or the session number it depends on), must read the default database, and must
    not prefetch (prefetched rows are read by queries of their own, not kept here)."""
    kept = _kept(DEFAULT_DB_ALIAS)
    key = (build, arguments)
    prepared = kept.get(key)
    if prepared is None:
        queryset = build(*arguments)
        if queryset._prefetch_related_lookups or queryset.db != DEFAULT_DB_ALIAS:
            raise ValueError("a prepared query reads the default database and never prefetches")
        try:
            prepared = _Prepared(queryset)
        except EmptyResultSet:
            return []
        kept[key] = prepared
        while len(kept) > LIMIT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return prepared.run()


def forget_all():
    """Forget the queries kept for every connection of this thread (tests that change the
    database's schema, or the settings the SQL depends on)."""
    for wrapper in connections.all(initialized_only=True):
        wrapper.__dict__.pop("_prepared_queries", None)
