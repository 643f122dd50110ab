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

A page's queries read together: within `together(label)`, the `rows()` a block of code asks
for are noted the first time, and read at the block's next runs in one round trip, before
the code asks for them (on PostgreSQL, a statement of its own prepared from theirs, whose
columns each come back as an array of rows, their values as text, turned into Python values
by psycopg2's own type casters as the queries' answers would be). Each `rows()` then takes its
rows as read ahead, as if it had sent its query then; a query the block did not ask for again
is left unused, one it asks for anew is run on its own and noted for the next run. A page of
six short queries thus waits for the database once instead of six times (each round trip on
the loopback costs about a tenth of a millisecond, more than most of these queries take).
"""

import contextlib
import functools
import itertools
import operator
import re

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.transaction import TransactionManagementError

from core.bounded import Bounded

# Compiled queries kept per connection wrapper.
LIMIT = 256
# Blocks of together() whose queries are noted, per connection wrapper (apart from the
# compiled queries: labels can come from a request, and must not push queries out).
BLOCKS_LIMIT = 256
# The names of prepared statements, never reused in a process (a database session outlives
# what `forget_all` forgets).
_names = (f"tf_prepared_{number}" for number in itertools.count(1))


class _Kept(Bounded):
    """The queries kept for one connection wrapper, and its statements prepared on the
    database session they were prepared on."""

    session = None
    statements = ()
    stale = ()
    # Inside together(): the keys of the rows() asked for (noted), and the rows read ahead.
    noted = None
    ahead = None

    def __init__(self):
        super().__init__(LIMIT, forgotten=operator.methodcaller("forget"))
        # For each label of together(), the keys of the rows() its block asked for last.
        self.blocks = Bounded(BLOCKS_LIMIT)

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

    def read(self, found):
        """The rows of the answer `found` (tuples of the query's columns, as the cursor would
        give them), built as run() builds them from the cursor's."""
        compiler = self.compiler
        if compiler.has_extra_select:
            found = [row[: compiler.col_count] for row in found]
        compiler.execute_sql = lambda *arguments, **options: [found]
        try:
            return list(self.queryset._iterable_class(self.queryset))
        finally:
            del compiler.execute_sql

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
    prepared = kept.use(key)
    if prepared is None:
        prepared = make(kept)
        if prepared is not None:
            kept.keep(key, prepared)
    return prepared


def rows(build, *arguments):
    """The rows of `build(*arguments)` as a list, its SQL compiled once for these arguments
    on this connection. `build` must read nothing but `arguments` (pass the day, the
    language or the session number it depends on), must read the default database, and must
    not prefetch (prefetched rows are read by queries of their own, not kept here)."""
    key = (build, arguments)
    kept = _kept(DEFAULT_DB_ALIAS)
    if kept.noted is not None:
        kept.noted[key] = None
        if key in kept.ahead:
            return kept.ahead.pop(key)
    prepared = _found(key, functools.partial(_made, build=build, arguments=arguments))
    return prepared.run() if prepared is not None else []


# PostgreSQL types whose JSON value is the very value psycopg2 gives (bool, int8, int2, int4,
# text, varchar): taken as they come. Any other value comes as its text, cast by psycopg2.
_AS_JSON = frozenset({16, 20, 21, 23, 25, 1043})


class _Together:
    """The statement that reads the queries `members` ((key, _Prepared) pairs) in one round
    trip: one column per query, the JSON array of its rows, each row an array of its values
    (NULL as null), as text but for the types of _AS_JSON; the PostgreSQL type of each value,
    known from a first run of each query's SQL with no row, decides how psycopg2 turns the
    text into a Python value."""

    def __init__(self, members, kept):
        self.members = members
        self.kept = kept
        self.name = next(_names)
        wrapper = connections[DEFAULT_DB_ALIAS]
        columns, self.types = [], []
        with wrapper.cursor() as cursor:
            for _key, member in members:
                bound = member._bound(wrapper)
                cursor.execute(f"SELECT * FROM ({bound}) AS q LIMIT 0")
                types = [column.type_code for column in cursor.description]
                names = ", ".join(f"c{number}" for number in range(len(types)))
                texts = ", ".join(
                    f"c{number}" if oid in _AS_JSON else f"c{number}::text"
                    for number, oid in enumerate(types)
                )
                # The rows in the order of the query (its ORDER BY, in the subquery: the
                # aggregate reads them in that order, nothing else being done at its level).
                columns.append(
                    f"(SELECT coalesce(json_agg(json_build_array({texts})), '[]') "
                    f"FROM ({bound}) AS q({names}))"
                )
                # The columns whose text psycopg2 casts: (position, type).
                self.types.append(
                    [(number, oid) for number, oid in enumerate(types) if oid not in _AS_JSON]
                )
        self.sql = "SELECT " + ", ".join(columns)

    def run(self):
        """{key: rows} of every member, read now."""
        wrapper = connections[DEFAULT_DB_ALIAS]
        statements = self.kept.on(wrapper)
        if self.name in statements:
            sql = f"EXECUTE {self.name}"
        else:
            stale = "".join(f"DEALLOCATE {name}; " for name in self.kept.stale)
            self.kept.stale.clear()
            statements.add(self.name)
            sql = f"{stale}PREPARE {self.name} AS {self.sql}; EXECUTE {self.name}"
        try:
            with wrapper.cursor() as cursor:
                cursor.execute(sql)  # no parameters: a "%" in it is a character
                answers = cursor.fetchone()
                cast = cursor.cursor.cast
                return {
                    key: member.read(_cast_rows(answer, cast_types, cast))
                    for (key, member), cast_types, answer in zip(
                        self.members, self.types, answers, strict=True
                    )
                }
        except Exception:
            self.kept.statements.discard(self.name)
            self.name = next(_names)
            raise

    def forget(self):
        if self.name in self.kept.statements:
            self.kept.statements.discard(self.name)
            self.kept.stale.append(self.name)


def _cast_rows(answer, cast_types, cast):
    """The rows of a JSON answer (lists of values) as tuples, the text of each value of
    `cast_types` ((position, type)) cast as psycopg2 casts that type."""
    if not cast_types:
        return [tuple(row) for row in answer]
    for row in answer:
        for position, oid in cast_types:
            value = row[position]
            if value is not None:
                row[position] = cast(oid, value)
    return [tuple(row) for row in answer]


@contextlib.contextmanager
def together(label):
    """Read the `rows()` this block asks for in one round trip, ahead of its asking (see the
    module's docstring): those it asked for at its last run under `label` (a hashable value
    that names the block and what decides its queries: the page, its filters). For a block
    that only reads (a page's GET): rows read ahead of a write of the block would be those
    before it. Off where statements are not prepared (another database,
    DATABASE_PREPARED_STATEMENTS = False) and inside another such block (which reads this
    one's queries with its own)."""
    kept = _kept(DEFAULT_DB_ALIAS)
    wrapper = connections[DEFAULT_DB_ALIAS]
    if (
        kept.noted is not None
        or wrapper.vendor != "postgresql"
        or not getattr(settings, "DATABASE_PREPARED_STATEMENTS", True)
    ):
        yield
        return
    kept.noted, kept.ahead = {}, {}
    try:
        kept.ahead = _read_ahead(kept, label)
        yield
    finally:
        noted = tuple(kept.noted)
        kept.noted = kept.ahead = None
    kept.blocks.keep(label, noted)


def _read_ahead(kept, label):
    """{key: rows} of the queries noted under `label`, read in one round trip (nothing the
    first time, nor for fewer than two queries that can match rows)."""
    noted = kept.blocks.use(label)
    if noted is None:
        return {}
    members = []
    for key in noted:
        build, arguments = key
        prepared = _found(key, functools.partial(_made, build=build, arguments=arguments))
        if prepared is not None and not prepared.queryset.query.select_for_update:
            members.append((key, prepared))
    if len(members) < 2:
        return {}
    keys = tuple(key for key, _member in members)
    batch = _found(("read together", keys), lambda kept: _Together(members, kept))
    return batch.run()


def _made(kept, build, arguments):
    """The compiled query of `build(*arguments)` (None: it can match nothing, nothing to
    send)."""
    try:
        return _Prepared(_checked(build(*arguments)), kept)
    except EmptyResultSet:
        return None


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


def forget_noted():
    """Forget what every block of `together` asked for (tests: a block's first run in a test
    then reads query by query, whatever ran before it)."""
    for wrapper in connections.all(initialized_only=True):
        kept = wrapper.__dict__.get("_prepared_queries")
        if kept is not None:
            kept.blocks.clear()


def forget_all():
    """Forget the queries kept for every connection of this thread (tests that change the
    database's schema, or the settings the SQL depends on)."""
    for wrapper in connections.all(initialized_only=True):
        wrapper.__dict__.pop("_prepared_queries", None)
