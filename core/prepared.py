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
import re
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.transaction import TransactionManagementError

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

    def __init__(self, queryset, kept, variables=()):
        self.queryset = queryset
        self.alias = queryset.db
        self.kept = kept
        # For each value given at every run (`rows_by`), where it goes among the parameters.
        self.variables = variables
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
        queryset.query.get_compiler = self._compiler
        compile_again = self.compiler.as_sql
        self.compiler.as_sql = lambda *arguments, **options: (
            compile_again(*arguments, **options) if arguments or options else self.answer
        )

    def run(self, values=()):
        if self.queryset.query.select_for_update and connections[self.alias].get_autocommit():
            # What Django's compiler checks when it compiles: a lock lasts a transaction.
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        if self.name is not None:
            self.answer = self._statement(values)
        elif self.variables:
            sql, params = self.sql
            params = list(params)
            for positions, value in zip(self.variables, values, strict=True):
                for position in positions:
                    params[position] = value
            self.answer = sql, params
        try:
            # The kept queryset (it never leaves this module) read by its own iterable, as
            # the queryset would read itself, without a copy of it at every run.
            return list(self.queryset._iterable_class(self.queryset))
        except Exception:
            if self.name is not None:
                # Whether the statement was prepared is not known: another name next time.
                self.kept.statements.discard(self.name)
                self.name = next(_names)
            raise

    def _statement(self, values):
        """What executes the prepared statement, preparing it first (in the same round trip)
        on a database session that does not have it yet. The values given at every run are
        the statement's parameters ($1, $2, …); the other arguments are bound in it."""
        wrapper = connections[self.alias]
        statements = self.kept.on(wrapper)
        execute = f"EXECUTE {self.name}"
        if self.variables:
            execute += "(" + ", ".join(["%s"] * len(self.variables)) + ")"
        if self.name in statements:
            return execute, list(values)
        bound = self._bound(wrapper)
        stale = "".join(f"DEALLOCATE {name}; " for name in self.kept.stale)
        self.kept.stale.clear()
        statements.add(self.name)
        if not self.variables:
            # Read as SQL without parameters: a "%" in it is a character, not a placeholder.
            return f"{stale}PREPARE {self.name} AS {bound}; {execute}", None
        return f"{stale}PREPARE {self.name} AS {bound.replace('%', '%%')}; {execute}", list(values)

    def _bound(self, wrapper):
        """The SQL with its fixed arguments written in, and $n for the n-th value given at
        every run."""
        sql, params = self.sql
        parameter = {
            position: f"${number}"
            for number, positions in enumerate(self.variables, start=1)
            for position in positions
        }
        if not parameter:
            with wrapper.cursor() as cursor:
                return cursor.mogrify(sql, params).decode()
        pieces, index = [], 0
        with wrapper.cursor() as cursor:
            for piece in _PLACEHOLDER.split(sql):
                if piece == "%%":
                    pieces.append("%")
                elif piece == "%s":
                    pieces.append(
                        parameter.get(index) or cursor.mogrify("%s", [params[index]]).decode()
                    )
                    index += 1
                else:
                    pieces.append(piece)
        return "".join(pieces)

    def forget(self):
        """Deallocate the statement with the next one prepared on the same session."""
        if self.name in self.kept.statements:
            self.kept.statements.discard(self.name)
            self.kept.stale.append(self.name)

    def _compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler


_PLACEHOLDER = re.compile(r"(%%|%s)")


def _kept(alias):
    wrapper = connections[alias]
    kept = wrapper.__dict__.get("_prepared_queries")
    if kept is None:
        kept = wrapper.__dict__["_prepared_queries"] = _Kept()
    return kept


def _checked(queryset):
    if queryset._prefetch_related_lookups or queryset.db != DEFAULT_DB_ALIAS:
        raise ValueError("a prepared query reads the default database and never prefetches")
    return queryset


def _found(key, make):
    """The query kept under `key` on this thread's connection, else the one `make(kept)`
    gives (None: nothing to keep), kept with the least recently used forgotten beyond LIMIT."""
    kept = _kept(DEFAULT_DB_ALIAS)
    prepared = kept.get(key)
    if prepared is not None:
        kept.move_to_end(key)
        return prepared
    prepared = make(kept)
    if prepared is not None:
        kept[key] = prepared
        while len(kept) > LIMIT:
            kept.popitem(last=False)[1].forget()
    return prepared


def rows(build, *arguments):
    """The rows of `build(*arguments)` as a list, its SQL compiled once for these arguments
    on this connection. `build` must read nothing but `arguments` (pass the day, the
    language or the session number it depends on), must read the default database, and must
    not prefetch (prefetched rows are read by queries of their own, not kept here)."""

    def make(kept):
        try:
            return _Prepared(_checked(build(*arguments)), kept)
        except EmptyResultSet:
            return None  # a query that can match nothing: nothing to send

    prepared = _found((build, arguments), make)
    return prepared.run() if prepared is not None else []


# Stand-ins for the values of `rows_by`, by type: two sets, so that where the values go among
# the parameters is known by where the two compilations differ.
_STAND_INS = {
    int: (lambda number: 30_011 + number, lambda number: 30_031 + number),
    str: (lambda number: f"\x01prepared-a-{number}", lambda number: f"\x01prepared-b-{number}"),
}


def rows_by(build, *values):
    """The rows of `build(*values)`, for a query whose values change at every call (a primary
    key read from a link, an e-mail address): compiled once, with stand-ins, and run with the
    values as its parameters (on PostgreSQL, of its prepared statement). The values are of
    the type the columns compare with (an int for a key, a str for a text): they are not
    converted as a queryset's filter would. `build` must read nothing but `values` and give
    the same SQL whatever they are (a query whose shape depends on them is refused), must
    read the default database and must not prefetch."""

    def make(kept):
        try:
            makers = [_STAND_INS[type(value)] for value in values]
        except KeyError as error:
            raise TypeError(f"rows_by takes int and str values, not {error}") from None
        first = [maker[0](number) for number, maker in enumerate(makers)]
        second = [maker[1](number) for number, maker in enumerate(makers)]
        queryset = _checked(build(*first))
        (sql, params), (other_sql, other_params) = (
            build(*stand_ins).query.sql_with_params() for stand_ins in (first, second)
        )
        variables = [[] for _value in values]
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("the query's SQL depends on its values: use rows()")
        for position, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if one == other:
                continue
            if one not in first or first.index(one) != second.index(other):
                raise ValueError("the query's SQL depends on its values: use rows()")
            variables[first.index(one)].append(position)
        if not all(variables):
            raise ValueError("a value of rows_by is not a parameter of the query")
        return _Prepared(queryset, kept, variables)

    key = (build, "by", tuple(type(value) for value in values))
    return _found(key, make).run(values)


def get_by(build, *values):
    """The one row of `build(*values)` (see `rows_by`), as `QuerySet.get` gives it: the
    model's DoesNotExist when there is none."""
    found = rows_by(build, *values)
    if not found:
        raise build(*values).model.DoesNotExist
    return found[0]


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
