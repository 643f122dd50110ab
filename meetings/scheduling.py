"""Placing bilateral meetings into slots and tables: the pure algorithm, free of the ORM.

The problem: every meeting joins two people; a slot holds at most `tables` meetings and at
most `interpreters_per_slot` meetings that need an interpreter; nobody is in two meetings at
once or in a slot they declared unavailable; pinned meetings stay where staff put them.
Tables are interchangeable within a slot, so the search assigns slots and numbers the tables
at the end.

`schedule()` places the most constrained meetings first (least-loaded slot), then runs
ejection-chain repair passes: an unplaced meeting may take a slot if the one or two meetings
in its way can be moved elsewhere, recursively to a small depth, within a time budget.
`greedy_schedule()` is the baseline: input order, first slot that fits, no repair.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field


class Reason:
    """Why a meeting could not be placed."""

    NO_SLOTS = "no_slots"
    UNAVAILABLE = "unavailable"
    NO_COMMON_SLOT = "no_common_slot"
    AGENDA_FULL = "agenda_full"
    NO_TABLE = "no_table"
    NO_INTERPRETER = "no_interpreter"
    PINNED_INVALID = "pinned_invalid"
    PINNED_CONFLICT = "pinned_conflict"


@dataclass(frozen=True)
class Item:
    """One meeting to place. `pinned` is (slot, table) for a meeting placed by hand."""

    key: int
    first: int
    second: int
    needs_interpreter: bool = False
    pinned: tuple | None = None
    # Placed before the others (a request about a collaboration project: meetings/subjects.py).
    priority: bool = False

    @property
    def people(self):
        return (self.first, self.second)


@dataclass
class Problem:
    slot_count: int
    tables: int
    items: list
    interpreters_per_slot: int | None = None
    unavailable: dict = field(default_factory=dict)  # person -> set of slot indexes


@dataclass
class Unplaced:
    key: int
    reason: str
    person: int | None = None  # the delegate the reason is about, when there is one


@dataclass
class Result:
    placements: dict  # key -> (slot, table)
    unplaced: list  # of Unplaced
    seconds: float = 0.0

    @property
    def placed_count(self):
        return len(self.placements)


class _State:
    """Occupation of slots while searching; every change is journaled so it can be undone."""

    def __init__(self, problem):
        self.problem = problem
        self.slot_count = problem.slot_count
        self.tables = problem.tables
        self.interpreter_cap = problem.interpreters_per_slot
        self.unavailable = {
            person: set(slots) for person, slots in (problem.unavailable or {}).items()
        }
        self.busy = defaultdict(dict)  # person -> {slot: key}
        self.members = [set() for _ in range(self.slot_count)]  # keys placed in each slot
        self.interpreted = [0] * self.slot_count
        self.slot_of = {}
        self.items = {item.key: item for item in problem.items}
        self.pinned = set()
        self.journal = []

    def is_available(self, person, slot):
        return slot not in self.unavailable.get(person, ())

    def fits(self, item, slot):
        """May `item` be placed in `slot` as things stand?"""
        first, second = item.people
        if slot in self.busy[first] or slot in self.busy[second]:
            return False
        if not (self.is_available(first, slot) and self.is_available(second, slot)):
            return False
        if len(self.members[slot]) >= self.tables:
            return False
        return not (
            item.needs_interpreter
            and self.interpreter_cap is not None
            and self.interpreted[slot] >= self.interpreter_cap
        )

    def place(self, item, slot):
        self.slot_of[item.key] = slot
        for person in item.people:
            self.busy[person][slot] = item.key
        self.members[slot].add(item.key)
        if item.needs_interpreter:
            self.interpreted[slot] += 1
        self.journal.append(("place", item, slot))

    def remove(self, item):
        slot = self.slot_of.pop(item.key)
        for person in item.people:
            del self.busy[person][slot]
        self.members[slot].discard(item.key)
        if item.needs_interpreter:
            self.interpreted[slot] -= 1
        self.journal.append(("remove", item, slot))

    def rollback(self, mark):
        while len(self.journal) > mark:
            action, item, slot = self.journal.pop()
            if action == "place":
                self.remove(item)
            else:
                self.place(item, slot)
            self.journal.pop()  # the undo's own entry

    def common_slots(self, item):
        first, second = item.people
        return [
            slot
            for slot in range(self.slot_count)
            if self.is_available(first, slot) and self.is_available(second, slot)
        ]


def _place_pinned(state, problem, unplaced):
    """Pinned meetings first, exactly where staff put them; report those that cannot stay."""
    tables_taken = defaultdict(set)
    for item in problem.items:
        if item.pinned is None:
            continue
        slot, table = item.pinned
        if not (0 <= slot < state.slot_count and 1 <= table <= state.tables):
            unplaced.append(Unplaced(item.key, Reason.PINNED_INVALID))
            continue
        first, second = item.people
        if (
            slot in state.busy[first]
            or slot in state.busy[second]
            or table in tables_taken[slot]
            or (
                item.needs_interpreter
                and state.interpreter_cap is not None
                and state.interpreted[slot] >= state.interpreter_cap
            )
        ):
            unplaced.append(Unplaced(item.key, Reason.PINNED_CONFLICT))
            continue
        state.place(item, slot)
        state.pinned.add(item.key)
        tables_taken[slot].add(table)
    return tables_taken


def _number_tables(state, problem, tables_taken):
    """Give each placed meeting a table; a delegate keeps the table of their previous
    meeting when it is free, so hosts can stay seated."""
    placements = {key: state.items[key].pinned for key in state.pinned}
    last_table = {}
    for slot in range(state.slot_count):
        taken = set(tables_taken.get(slot, ()))
        for key in state.members[slot] & state.pinned:
            for person in state.items[key].people:
                last_table[person] = placements[key][1]
        next_free = 1
        for key in sorted(state.members[slot] - state.pinned):
            item = state.items[key]
            table = next(
                (
                    last_table[person]
                    for person in item.people
                    if person in last_table and last_table[person] not in taken
                ),
                None,
            )
            if table is None:
                while next_free in taken:
                    next_free += 1
                table = next_free
            taken.add(table)
            placements[key] = (slot, table)
            for person in item.people:
                last_table[person] = table
    return placements


def _explain(state, item):
    """Why `item` does not fit anywhere in the final state."""
    if state.slot_count == 0:
        return Unplaced(item.key, Reason.NO_SLOTS)
    for person in item.people:
        if not any(state.is_available(person, slot) for slot in range(state.slot_count)):
            return Unplaced(item.key, Reason.UNAVAILABLE, person)
    common = state.common_slots(item)
    if not common:
        return Unplaced(item.key, Reason.NO_COMMON_SLOT)
    causes = Counter()
    busy_people = Counter()
    for slot in common:
        busy = [person for person in item.people if slot in state.busy[person]]
        if busy:
            causes[Reason.AGENDA_FULL] += 1
            busy_people.update(busy)
        elif len(state.members[slot]) >= state.tables:
            causes[Reason.NO_TABLE] += 1
        else:
            causes[Reason.NO_INTERPRETER] += 1
    reason = causes.most_common(1)[0][0]
    person = None
    if reason == Reason.AGENDA_FULL:
        person = busy_people.most_common(1)[0][0]
    return Unplaced(item.key, reason, person)


class _Search:
    """Ejection chains: put an unplaced meeting where one or two movable meetings stand in
    its way, then find those meetings another place, recursively up to `depth`."""

    def __init__(self, state, deadline):
        self.state = state
        self.deadline = deadline

    def insert(self, item, depth, banned):
        state = self.state
        slots = state.common_slots(item)
        for slot in sorted(slots, key=lambda s: len(state.members[s])):
            if state.fits(item, slot):
                state.place(item, slot)
                return True
        if depth == 0 or time.perf_counter() > self.deadline:
            return False
        for slot in slots:
            for evicted in self._blocker_sets(item, slot, banned):
                if depth > 1 and len(evicted) > 1:
                    continue  # deeper levels follow single chains only, to stay fast
                mark = len(state.journal)
                for other in evicted:
                    state.remove(other)
                if not state.fits(item, slot):
                    state.rollback(mark)
                    continue
                state.place(item, slot)
                moved_on = banned | {item.key}
                if all(self.insert(other, depth - 1, moved_on) for other in evicted):
                    return True
                state.rollback(mark)
        return False

    def _blocker_sets(self, item, slot, banned):
        """The sets of movable meetings whose removal would let `item` into `slot`."""
        state = self.state
        blocking = set()
        for person in item.people:
            key = state.busy[person].get(slot)
            if key is not None:
                if key in state.pinned or key in banned:
                    return
                blocking.add(key)
        if len(blocking) > 2:
            return
        base = [state.items[key] for key in sorted(blocking)]
        seats_left = state.tables - (len(state.members[slot]) - len(base))
        interpreters_short = (
            item.needs_interpreter
            and state.interpreter_cap is not None
            and state.interpreted[slot] - sum(o.needs_interpreter for o in base)
            >= state.interpreter_cap
        )
        if seats_left > 0 and not interpreters_short:
            if base:
                yield base
            return
        if len(base) >= 2:
            return
        # One more meeting must leave the slot: a table or an interpreter for `item`.
        for key in sorted(state.members[slot]):
            if key in blocking or key in state.pinned or key in banned:
                continue
            other = state.items[key]
            if interpreters_short and not other.needs_interpreter:
                continue
            yield [*base, other]


def _ease(problem, state):
    """Sort key for the construction: meetings that use little-contested resources first.
    A meeting between two delegates with many requests each spends two scarce agendas, so
    it goes after meetings with less requested delegates; meetings needing an interpreter go
    after the others when interpreters are counted."""
    degree = Counter()
    for item in problem.items:
        degree.update(item.people)

    def free_slots(person):
        return max(1, state.slot_count - len(state.unavailable.get(person, ())))

    counts_interpreters = state.interpreter_cap is not None

    def key(item):
        load = sum(degree[person] / free_slots(person) for person in item.people)
        return (not item.priority, counts_interpreters and item.needs_interpreter, load, item.key)

    return key


def _construct(problem, balanced):
    """A first schedule: balanced (easy meetings first, least-loaded slot) or the plain
    greedy pass (input order, first slot that fits)."""
    state = _State(problem)
    unplaced = []
    tables_taken = _place_pinned(state, problem, unplaced)
    pending = [item for item in problem.items if item.pinned is None]
    if balanced:
        pending.sort(key=_ease(problem, state))
    else:
        pending.sort(key=lambda item: not item.priority)  # stable: input order otherwise
    left = []
    for item in pending:
        candidates = [slot for slot in state.common_slots(item) if state.fits(item, slot)]
        if not candidates:
            left.append(item)
        elif balanced:
            state.place(item, min(candidates, key=lambda s: (len(state.members[s]), s)))
        else:
            state.place(item, candidates[0])
    state.journal.clear()
    return state, tables_taken, unplaced, left


def greedy_schedule(problem):
    """Baseline: meetings in the order given, each in the first slot where it fits."""
    started = time.perf_counter()
    state, tables_taken, unplaced, left = _construct(problem, balanced=False)
    unplaced.extend(_explain(state, item) for item in left)
    placements = _number_tables(state, problem, tables_taken)
    return Result(placements, unplaced, time.perf_counter() - started)


def schedule(problem, depth=1, time_budget=3.0):
    """Place as many meetings as possible; pinned ones stay. Never produces a conflict.

    Builds a balanced first schedule (and the greedy one, keeping the better), then repairs
    it with ejection chains of growing depth until nothing improves or the time is up.
    """
    started = time.perf_counter()
    priority = {item.key for item in problem.items if item.priority}
    state, tables_taken, unplaced, left = max(
        (_construct(problem, balanced=True), _construct(problem, balanced=False)),
        key=lambda built: (len(priority & built[0].slot_of.keys()), len(built[0].slot_of)),
    )
    left.sort(key=lambda item: not item.priority)
    deadline = started + time_budget
    search = _Search(state, deadline)
    capacity = state.slot_count * state.tables
    for level in range(1, depth + 1):
        still_left = []
        for item in left:
            if len(state.slot_of) >= capacity or time.perf_counter() > deadline:
                still_left.append(item)
                continue
            mark = len(state.journal)
            if not search.insert(item, level, frozenset()):
                state.rollback(mark)
                still_left.append(item)
        left = still_left
        state.journal.clear()

    unplaced.extend(_explain(state, item) for item in left)
    placements = _number_tables(state, problem, tables_taken)
    return Result(placements, unplaced, time.perf_counter() - started)


def conflicts(problem, placements):
    """Every rule a set of placements breaks, as readable strings (empty when valid)."""
    problems = []
    items = {item.key: item for item in problem.items}
    people_seen = {}
    tables_seen = {}
    interpreted = Counter()
    unavailable = problem.unavailable or {}
    for key, (slot, table) in placements.items():
        item = items[key]
        if not (0 <= slot < problem.slot_count and 1 <= table <= problem.tables):
            problems.append(f"meeting {key} outside the grid")
        if (slot, table) in tables_seen:
            problems.append(f"table {table} double-booked in slot {slot}")
        tables_seen[(slot, table)] = key
        for person in item.people:
            if (person, slot) in people_seen:
                problems.append(f"person {person} double-booked in slot {slot}")
            people_seen[(person, slot)] = key
            if item.pinned is None and slot in unavailable.get(person, ()):
                problems.append(f"person {person} unavailable in slot {slot}")
        if item.needs_interpreter:
            interpreted[slot] += 1
        if item.pinned is not None and item.pinned != (slot, table):
            problems.append(f"pinned meeting {key} moved")
    cap = problem.interpreters_per_slot
    if cap is not None:
        problems.extend(
            f"slot {slot} needs {count} interpreters"
            for slot, count in interpreted.items()
            if count > cap
        )
    return problems
