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

On PostgreSQL the query is also planned once: its SQL, with its arguments bound (they are the
same every time for the same arguments), becomes a prepared statement of the connection
(`PREPARE`, sent in the same round trip as its first `EXECUTE`), and later calls send only
`EXECUTE` with its name, so PostgreSQL neither parses nor plans it again (planning was most of
its work for these short queries). A prepared statement belongs to the database session: a new
connection prepares again; statements outlive a transaction rolled back; those of queries
forgotten are deallocated. `DATABASE_PREPARED_STATEMENTS = False` turns this off (behind a
pooler in transaction mode, such as PgBouncer's, which moves sessions between clients).

What is kept belongs to one database connection wrapper (one per thread), and is bounded
(the least recently used forgotten first), since arguments can come from a request.
"""

import itertools
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections

# Compiled queries kept per connection wrapper.
LIMIT = 256
# The names of prepared statements, never reused in a process (a database session outlives
# what `forget_all` forgets).
_names = (f"tf_prepared_{number}" for number in itertools.count(1))


class _Kept(OrderedDict):
    """The queries kept for one connection wrapper, and its statements prepared on the
    database session they were prepared on."""

    session = None
    statements = ()
    stale = ()

    def on(self, wrapper):
        """The set of statements prepared on the wrapper's current database session."""
        wrapper.ensure_connection()
        if self.session is not wrapper.connection:
            self.session, self.statements, self.stale = wrapper.connection, set(), []
        return self.statements


class _Prepared:
    """A queryset whose compiler answers with the SQL it compiled the first time (on
    PostgreSQL, the execution of the statement prepared from it)."""

    def __init__(self, queryset, kept):
        self.queryset = queryset
        self.alias = queryset.db
        self.kept = kept
        self.compiler = queryset.query.get_compiler(using=self.alias)
        self.sql = self.compiler.as_sql()  # also sets up the compiler's columns
        wrapper = connections[self.alias]
        self.name = (
            next(_names)
            if wrapper.vendor == "postgresql"
            and getattr(settings, "DATABASE_PREPARED_STATEMENTS", True)
            else None
        )
        self.answer = self.sql
        # The columns are the same at every run: how to convert their values is worked out
        # once (Django asks again for every row set).
        converters = {}
        find_converters = self.compiler.get_converters

        def get_converters(expressions):
            key = tuple(map(id, expressions))
            found = converters.get(key)
            if found is None:
                found = converters[key] = (find_converters(expressions), expressions)
            return found[0]

        self.compiler.get_converters = get_converters
        compile_again = self.compiler.as_sql
        self.compiler.as_sql = lambda *arguments, **options: (
            compile_again(*arguments, **options) if arguments or options else self.answer
        )

    def run(self):
        if self.name is not None:
            self.answer = self._statement()
        queryset = self.queryset._chain()
        # Only this copy, which never leaves this module, reads through the kept compiler.
        queryset.query.get_compiler = self._compiler
        try:
            return list(queryset)
        except Exception:
            if self.name is not None:
                # Whether the statement was prepared is not known: another name next time.
                self.kept.statements.discard(self.name)
                self.name = next(_names)
            raise

    def _statement(self):
        """What executes the prepared statement, preparing it first (in the same round trip)
        on a database session that does not have it yet."""
        wrapper = connections[self.alias]
        statements = self.kept.on(wrapper)
        execute = f"EXECUTE {self.name}"
        if self.name in statements:
            return execute, ()
        with wrapper.cursor() as cursor:
            bound = cursor.mogrify(*self.sql).decode()
        stale = "".join(f"DEALLOCATE {name}; " for name in self.kept.stale)
        self.kept.stale.clear()
        statements.add(self.name)
        # Read as SQL without parameters: a "%" in it is a character, not a placeholder.
        return f"{stale}PREPARE {self.name} AS {bound}; {execute}", None

    def forget(self):
        """Deallocate the statement with the next one prepared on the same session."""
        if self.name in self.kept.statements:
            self.kept.statements.discard(self.name)
            self.kept.stale.append(self.name)

    def _compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler


def _kept(alias):
    wrapper = connections[alias]
    kept = wrapper.__dict__.get("_prepared_queries")
    if kept is None:
        kept = wrapper.__dict__["_prepared_queries"] = _Kept()
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
            prepared = _Prepared(queryset, kept)
        except EmptyResultSet:
            return []
        kept[key] = prepared
        while len(kept) > LIMIT:
            kept.popitem(last=False)[1].forget()
    else:
        kept.move_to_end(key)
    return prepared.run()


def attach(instances, name, build):
    """Prefetch the reverse foreign key `name` of `instances` (of one model) as
    `prefetch_related` would, but by a compiled query: `build(pks)`, given the instances'
    primary keys as a tuple, returns the related rows' queryset (selecting and ordering what
    the page needs, read by `rows`). Each instance's `name` manager then answers `.all()` from
    these rows, and each row knows its instance, without a query."""
    instances = list(instances)
    if not instances:
        return instances
    relation = instances[0]._meta.get_field(name)
    foreign_key = relation.field
    by_pk = {instance.pk: [] for instance in instances}
    for row in rows(build, tuple(by_pk)):
        by_pk[getattr(row, foreign_key.attname)].append(row)
    for instance in instances:
        related = by_pk[instance.pk]
        for row in related:
            foreign_key.set_cached_value(row, instance)
        queryset = getattr(instance, name).get_queryset()
        queryset._result_cache = related
        queryset._prefetch_done = True
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation.cache_name] = (
            queryset
        )
    return instances


def forget_all():
    """Forget the queries kept for every connection of this thread (tests that change the
    database's schema, or the settings the SQL depends on)."""
    for wrapper in connections.all(initialized_only=True):
        wrapper.__dict__.pop("_prepared_queries", None)
