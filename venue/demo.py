"""Demo check-ins of a session already held (`make run`): who came, scanned at the desk on the
morning of the first day, so that attendance, the statistics and the certificates of
attendance can be tried on the demo as on a real past session."""

import datetime

from venue.models import CheckIn, CheckInMethod

# One delegate in eight did not come: a certificate is refused to them, as in real life.
ABSENT_EVERY = 8


def give_demo_check_ins(session, registrations):
    """Check in `registrations` of the held `session` (but one in ABSENT_EVERY) between 08:30
    and 09:30 of its first day, in its host city's time; those checked in are left as they
    are. Returns how many were created."""
    first_morning = datetime.datetime.combine(
        session.start_date, datetime.time(8, 30), tzinfo=session.tzinfo
    )
    created = 0
    for position, registration in enumerate(registrations, start=1):
        if position % ABSENT_EVERY == 0:
            continue
        _check_in, made = CheckIn.objects.get_or_create(
            registration=registration,
            defaults={
                "session": session,
                "checked_in_at": first_morning + datetime.timedelta(minutes=7 * position % 60),
                "method": CheckInMethod.SCAN,
            },
        )
        created += made
    return created
