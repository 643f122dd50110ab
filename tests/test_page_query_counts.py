"""List pages make the same literal number of queries for 1 row as for many.

The lists with their own test beside the rest of their page's tests: home, sessions,
programme and its calendar, registration form (its tables and visits), agreements registry,
Meeting Point catalogue, requests and agenda, statistics, the outbox and task lists of the
admin; every admin changelist in tests/test_admin_query_counts.py. These are the others."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    RegionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
    UserFactory,
)
from tests.helpers import log_in

MANY = 8


@pytest.fixture
def desk_client(client, db):
    user = UserFactory(username="desk")
    user.user_permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="venue"),
        Permission.objects.get(codename="view_checkin", content_type__app_label="venue"),
    )
    log_in(client, user)
    return client


@pytest.mark.parametrize("count", [1, MANY])
def test_the_desk_search_lists_the_delegates_found_in_constant_queries(
    desk_client, django_assert_num_queries, count
):
    session = SessionFactory()
    for index in range(count):
        RegistrationFactory(
            session=session,
            person=PersonFactory(family_name="Rossi", given_name=f"Anna {index}"),
            organization=OrganizationFactory(region=RegionFactory()),
        )
    url = reverse("venue:search", kwargs={"number": session.number})
    with django_assert_num_queries(6):
        response = desk_client.get(url, {"q": "Rossi"})
    assert response.content.decode().count("Anna ") == count


@pytest.mark.parametrize("count", [1, MANY])
def test_the_desk_lists_the_thematic_tables_in_constant_queries(
    desk_client, django_assert_num_queries, count
):
    session = SessionFactory()
    ThematicTableFactory.create_batch(count, session=session)
    url = reverse("venue:desk", kwargs={"number": session.number})
    with django_assert_num_queries(7):
        response = desk_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, MANY])
def test_the_meeting_grid_lists_the_meetings_in_constant_queries(
    client, db, django_assert_num_queries, count
):
    from meetings.models import Meeting
    from tests.meetings.conftest import make_meeting_point

    log_in(client, UserFactory(is_superuser=True, is_staff=True))
    meeting_point = make_meeting_point(SessionFactory(), tables=MANY)
    for index in range(count):
        Meeting.objects.create(
            meeting_point=meeting_point,
            registration_a=RegistrationFactory(session=meeting_point.session),
            registration_b=RussianRegistrationFactory(session=meeting_point.session),
            slot=index % 2,
            table_number=index // 2 + 1,
        )
    url = reverse("meetings:staff_grid", args=[meeting_point.session.number])
    with django_assert_num_queries(9):
        response = client.get(url)
    placed = [meeting for _slot, cells in response.context["rows"] for meeting in cells if meeting]
    assert len(placed) == count


@pytest.mark.parametrize("count", [1, MANY])
def test_an_agreement_lists_its_parties_and_signatories_in_constant_queries(
    client, db, django_assert_num_queries, count
):
    from tests.agreements.factories import AgreementFactory, PartyFactory, SignatoryFactory

    agreement = AgreementFactory()
    for _index in range(count):
        PartyFactory(agreement=agreement, organization=OrganizationFactory(), name="")
        PartyFactory(agreement=agreement, side="RU", region=RegionFactory(), name="")
        SignatoryFactory(agreement=agreement)
    url = reverse("agreements:agreement_detail", args=[agreement.pk])
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count("Paolo Verdi") >= count


@pytest.mark.parametrize("count", [1, MANY])
def test_the_organization_search_lists_matches_in_constant_queries(
    client, db, django_assert_num_queries, count
):
    for index in range(count):
        RegistrationFactory(organization__name_latin=f"Meccanica Bergamasca {index}")
    with django_assert_num_queries(1):
        response = client.get(reverse("delegates:organization_search"), {"q": "meccanica"})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, MANY])
def test_the_meeting_point_home_lists_the_delegates_meetings_in_constant_queries(
    client, db, django_assert_num_queries, count
):
    from meetings.models import Meeting
    from tests.meetings.conftest import make_meeting_point, make_profile

    # One meeting per slot: ten hours of one-hour slots (a break aside) hold MANY of them.
    meeting_point = make_meeting_point(SessionFactory(), slot_minutes=60)
    meeting_point.ends_at = meeting_point.starts_at + datetime.timedelta(hours=10)
    meeting_point.save()
    italian = RegistrationFactory(session=meeting_point.session, wants_bilateral_meetings=True)
    make_profile(italian)
    for index in range(count):
        partner = RussianRegistrationFactory(
            session=meeting_point.session, wants_bilateral_meetings=True
        )
        make_profile(partner)
        Meeting.objects.create(
            meeting_point=meeting_point,
            registration_a=italian,
            registration_b=partner,
            slot=index,
            table_number=1,
        )
    url = reverse("meetings:home", args=[italian.management_token])
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["meetings"]) == count
