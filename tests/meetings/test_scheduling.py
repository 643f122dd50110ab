"""The scheduling algorithm on plain data, with properties checked by hypothesis."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.scheduling import Item, Problem, Reason, conflicts, greedy_schedule, schedule


def test_meetings_of_one_delegate_go_to_different_slots():
    problem = Problem(slot_count=3, tables=5, items=[Item(k, 0, k + 1) for k in range(3)])
    result = schedule(problem)
    assert sorted(slot for slot, _ in result.placements.values()) == [0, 1, 2]
    assert not conflicts(problem, result.placements)


def test_a_delegate_with_more_meetings_than_slots_gets_a_reason():
    problem = Problem(slot_count=2, tables=5, items=[Item(k, 0, k + 1) for k in range(3)])
    result = schedule(problem)
    assert result.placed_count == 2
    assert [(u.reason, u.person) for u in result.unplaced] == [(Reason.AGENDA_FULL, 0)]


def test_tables_limit_the_meetings_of_a_slot():
    problem = Problem(slot_count=1, tables=2, items=[Item(k, 2 * k, 2 * k + 1) for k in range(3)])
    result = schedule(problem)
    assert result.placed_count == 2
    assert result.unplaced[0].reason == Reason.NO_TABLE


def test_interpreters_limit_the_meetings_of_a_slot_that_need_them():
    items = [Item(k, 2 * k, 2 * k + 1, needs_interpreter=True) for k in range(3)]
    problem = Problem(slot_count=1, tables=5, items=items, interpreters_per_slot=1)
    result = schedule(problem)
    assert result.placed_count == 1
    assert {u.reason for u in result.unplaced} == {Reason.NO_INTERPRETER}


def test_unavailability_is_respected_and_explained():
    problem = Problem(
        slot_count=2,
        tables=2,
        items=[Item(1, 0, 1), Item(2, 2, 3)],
        unavailable={0: {0}, 1: {1}, 2: {0, 1}},
    )
    result = schedule(problem)
    reasons = {u.key: (u.reason, u.person) for u in result.unplaced}
    assert reasons == {1: (Reason.NO_COMMON_SLOT, None), 2: (Reason.UNAVAILABLE, 2)}


def test_pinned_meetings_stay_and_others_move_around_them():
    items = [Item(1, 0, 1, pinned=(0, 2)), Item(2, 0, 2), Item(3, 3, 4)]
    problem = Problem(slot_count=2, tables=2, items=items)
    result = schedule(problem)
    assert result.placements[1] == (0, 2)
    assert result.placements[2][0] == 1
    assert 3 in result.placements
    assert not conflicts(problem, result.placements)


def test_clashing_pins_are_reported_not_kept():
    items = [
        Item(1, 0, 1, pinned=(0, 1)),
        Item(2, 0, 2, pinned=(0, 2)),
        Item(3, 5, 6, pinned=(7, 1)),
    ]
    result = schedule(Problem(slot_count=2, tables=2, items=items))
    assert {u.key: u.reason for u in result.unplaced} == {
        2: Reason.PINNED_CONFLICT,
        3: Reason.PINNED_INVALID,
    }


def test_the_repair_pass_places_what_a_first_fit_misses():
    # First fit puts (0,1) in slot 0, leaving 2 free only in slot 0 where 0 is busy.
    items = [Item(1, 0, 1), Item(2, 0, 2)]
    problem = Problem(slot_count=2, tables=1, items=items, unavailable={2: {1}})
    assert greedy_schedule(problem).placed_count == 1
    result = schedule(problem)
    assert result.placed_count == 2
    assert not conflicts(problem, result.placements)


def test_a_delegate_keeps_their_table_between_consecutive_meetings():
    items = [Item(k, 0, k + 1) for k in range(3)] + [Item(10, 20, 21)]
    result = schedule(Problem(slot_count=3, tables=3, items=items))
    tables = {result.placements[k][1] for k in range(3)}
    assert len(tables) == 1


@st.composite
def problems(draw):
    slot_count = draw(st.integers(0, 6))
    tables = draw(st.integers(1, 4))
    people = draw(st.integers(2, 10))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, people - 1), st.integers(0, people - 1)).filter(
                lambda pair: pair[0] != pair[1]
            ),
            max_size=30,
            unique_by=lambda pair: frozenset(pair),
        )
    )
    interpreters = draw(st.one_of(st.none(), st.integers(0, 3)))
    unavailable = draw(
        st.dictionaries(
            st.integers(0, people - 1),
            st.sets(st.integers(0, max(slot_count - 1, 0)), max_size=slot_count),
            max_size=people,
        )
    )
    items = []
    for key, (first, second) in enumerate(pairs):
        needs = draw(st.booleans())
        items.append(Item(key, first, second, needs))
    # Pin a few meetings at valid, mutually compatible places, as staff would.
    taken_tables, busy, interpreted = set(), set(), {}
    if slot_count:
        for index, item in enumerate(items):
            if not draw(st.booleans()) or index % 3:
                continue
            slot = draw(st.integers(0, slot_count - 1))
            table = draw(st.integers(1, tables))
            cap_reached = (
                item.needs_interpreter
                and interpreters is not None
                and interpreted.get(slot, 0) >= interpreters
            )
            if (
                (slot, table) in taken_tables
                or (item.first, slot) in busy
                or (item.second, slot) in busy
                or cap_reached
            ):
                continue
            taken_tables.add((slot, table))
            busy.update({(item.first, slot), (item.second, slot)})
            interpreted[slot] = interpreted.get(slot, 0) + item.needs_interpreter
            items[index] = Item(
                item.key, item.first, item.second, item.needs_interpreter, (slot, table)
            )
    return Problem(slot_count, tables, items, interpreters, unavailable)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_schedules_never_conflict_and_keep_pins(problem):
    result = schedule(problem, depth=2)
    assert conflicts(problem, result.placements) == []
    for item in problem.items:
        if item.pinned is not None:
            assert result.placements[item.key] == item.pinned
    placed = set(result.placements)
    unplaced = {u.key for u in result.unplaced}
    assert placed.isdisjoint(unplaced)
    assert placed | unplaced == {item.key for item in problem.items}


@settings(max_examples=200, deadline=None)
@given(problems())
def test_the_scheduler_places_at_least_as_many_as_the_greedy_pass(problem):
    greedy = greedy_schedule(problem)
    assert conflicts(problem, greedy.placements) == []
    assert schedule(problem).placed_count >= greedy.placed_count
