import pytest

from agreements.models import Party
from meetings.models import Meeting
from sessions_app.models import Country
from tests.agreements.factories import AgreementFactory
from tests.factories import (
    PastSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    italian_region,
    russian_region,
)
from tests.meetings.conftest import make_meeting_point


def worked_together(count):
    """`count` past sessions at each of which Lombardia (IT-25) and Sverdlovsk (RU-SVE) each
    sent one approved delegate, signed one public agreement and held one B2B meeting."""
    sessions = []
    for _index in range(count):
        session = PastSessionFactory()
        italian = RegistrationFactory(session=session)
        russian = RussianRegistrationFactory(session=session)
        agreement = AgreementFactory(session=session)
        Party.objects.create(
            agreement=agreement, side=Country.ITALY, organization=italian.organization
        )
        Party.objects.create(agreement=agreement, side=Country.RUSSIA, region=russian_region())
        Meeting.objects.create(
            meeting_point=make_meeting_point(session),
            registration_a=russian,
            registration_b=italian,
        )
        sessions.append(session)
    return sessions


@pytest.fixture
def lombardy(db):
    return italian_region()


@pytest.fixture
def sverdlovsk(db):
    return russian_region()
