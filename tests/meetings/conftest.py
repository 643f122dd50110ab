import datetime

import pytest
from django.utils import timezone

from meetings.models import B2BProfile, MeetingBreak, MeetingPoint
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory


def make_meeting_point(session, **values):
    """A Meeting Point on the session's first day, 15:00–17:00 local time, 20-minute slots,
    a break 16:00–16:20 (so 5 slots), 3 tables."""
    day = session.start_date
    zone = session.tzinfo
    defaults = {
        "starts_at": datetime.datetime.combine(day, datetime.time(15), tzinfo=zone),
        "ends_at": datetime.datetime.combine(day, datetime.time(17), tzinfo=zone),
        "slot_minutes": 20,
        "tables": 3,
    }
    defaults.update(values)
    meeting_point = MeetingPoint.objects.create(session=session, **defaults)
    MeetingBreak.objects.create(
        meeting_point=meeting_point,
        starts_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=zone),
        ends_at=datetime.datetime.combine(day, datetime.time(16, 20), tzinfo=zone),
        label="Coffee",
    )
    return meeting_point


def make_profile(registration, **values):
    defaults = {
        "offers": "CNC machining centres",
        "looks_for": "Distributors in the Urals",
        "sectors": ["mechanics"],
        "languages": ["it", "en"] if registration.delegation == "IT" else ["ru", "en"],
    }
    defaults.update(values)
    return B2BProfile.objects.create(registration=registration, **defaults)


@pytest.fixture
def meeting_session(db):
    return SessionFactory()


@pytest.fixture
def meeting_point(meeting_session):
    return make_meeting_point(meeting_session)


@pytest.fixture
def italian(meeting_session):
    registration = RegistrationFactory(session=meeting_session, wants_bilateral_meetings=True)
    make_profile(registration)
    return registration


@pytest.fixture
def russian(meeting_session):
    registration = RussianRegistrationFactory(
        session=meeting_session, wants_bilateral_meetings=True
    )
    make_profile(registration, offers="Станки и оборудование", looks_for="Italian partners")
    return registration


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are matched in English; tests of pages choose their language by URL."""
    from django.utils import translation

    with translation.override("en"):
        yield
