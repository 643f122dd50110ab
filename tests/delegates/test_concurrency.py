"""The capacity race: many delegates submitting and confirming at the same moment, in real
threads with their own database connections. None over capacity, none lost.

Run on PostgreSQL (`DATABASE_URL=postgres://…`), where `select_for_update` on the session row
serialises the capacity checks. Skipped on SQLite: the test database there is in memory with a
shared cache, whose table locks fail at once instead of waiting (the file database of
`make run` waits, and its IMMEDIATE transactions serialise writers)."""

import threading

import pytest
from django.db import connection

from delegates.models import Person, Registration, RegistrationStatus
from delegates.services import (
    RegistrationError,
    cancel,
    confirm_email,
    submit_registration,
)
from tests.delegates.conftest import details
from tests.helpers import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The in-memory SQLite test database fails shared-cache table locks instead of waiting.
    pytest.mark.postgresql(reason="a capacity race between real threads"),
]
Status = RegistrationStatus
THREADS = 40


def run_in_threads(jobs):
    return run_at_once(jobs, refusals=RegistrationError)


def test_concurrent_confirmations_never_overfill_the_session(session):
    capacity = THREADS // 3
    session.capacity_italian = capacity
    session.save()
    pending = [
        submit_registration(session, details(email=f"d{n}@example.org"))[0] for n in range(THREADS)
    ]
    outcomes = run_in_threads([lambda r=r: confirm_email(r).status for r in pending])

    assert [o for o in outcomes if o[0] != "ok"] == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count(Status.SUBMITTED) == capacity
    assert statuses.count(Status.WAITLISTED) == THREADS - capacity
    assert statuses.count(Status.PENDING_CONFIRMATION) == 0


def test_concurrent_submissions_lose_nothing_and_never_duplicate(session):
    emails = [f"d{n % (THREADS // 2)}@example.org" for n in range(THREADS)]  # each twice
    outcomes = run_in_threads(
        [lambda e=e: submit_registration(session, details(email=e))[1] for e in emails]
    )

    assert [o for o in outcomes if o[0] == "error"] == []
    assert Person.objects.count() == THREADS // 2
    assert Registration.objects.count() == THREADS // 2
    # The second of each pair either refreshed the pending registration or was refused.
    assert all(o[1] in ("created", "updated", "duplicate") for o in outcomes)


def test_cancellations_and_confirmations_racing_keep_the_count_exact(session):
    capacity = THREADS // 4
    session.capacity_italian = capacity
    session.save()
    holders = []
    for n in range(capacity):
        registration = submit_registration(session, details(email=f"h{n}@example.org"))[0]
        holders.append(confirm_email(registration))
    newcomers = [
        submit_registration(session, details(email=f"n{n}@example.org"))[0]
        for n in range(THREADS - capacity)
    ]
    leaving = holders[: capacity // 2]
    jobs = [lambda r=r: cancel(r, by=r).status for r in leaving]
    jobs += [lambda r=r: confirm_email(r).status for r in newcomers]
    outcomes = run_in_threads(jobs)

    assert [o for o in outcomes if o[0] != "ok"] == []
    holding = Registration.objects.holding_place().count()
    waiting = Registration.objects.waitlisted().count()
    cancelled = Registration.objects.filter(status=Status.CANCELLED).count()
    assert holding == capacity  # every freed place was taken again, none twice
    assert cancelled == len(leaving)
    assert holding + waiting + cancelled == THREADS


def _in_thread(job):
    """Start `job` in a thread with its own connection; (thread, outcome list)."""
    outcome = []

    def worker():
        try:
            outcome.append(("ok", job()))
        except Exception as error:  # reported by the assertions of the test
            outcome.append(("error", repr(error)))
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    return thread, outcome


def test_submitting_waits_for_no_session_lock_and_confirming_does(session):
    """Places are given at confirmation, under the session's lock; a submission holds none,
    so a rush of submissions never queues on the session row."""
    from django.db import transaction

    from delegates.services.lifecycle import lock_session

    pending = submit_registration(session, details(email="first@example.org"))[0]
    locked, release = threading.Event(), threading.Event()

    def hold_the_session_lock():
        with transaction.atomic():
            lock_session(session)
            locked.set()
            release.wait(timeout=60)
        return "released"

    holder, _ = _in_thread(hold_the_session_lock)
    assert locked.wait(timeout=30)
    try:
        submitter, submitted = _in_thread(
            lambda: submit_registration(session, details(email="second@example.org"))[1]
        )
        submitter.join(timeout=20)
        assert submitted == [("ok", "created")]
        confirmer, confirmed = _in_thread(lambda: confirm_email(pending).status)
        confirmer.join(timeout=2)
        assert confirmer.is_alive() and confirmed == []  # waits for the session's lock
    finally:
        release.set()
    holder.join(timeout=30)
    confirmer.join(timeout=30)
    assert confirmed == [("ok", Status.SUBMITTED)]
