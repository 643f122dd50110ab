"""A registration's thematic tables are those of its own session (tester's round 5, R8):
sessions repeat their tables' names («Edilizia» in XXIX and XXX), and a delegate of Kazan'
put on a table of the Milan session counted in that table's places, lists and calendar.
The admin offers only the session's tables and refuses others on save, the services refuse
them, and any other path (an import, the shell) meets the model's guard. The same for a hotel
room of another session, and for records moved to another session once saved."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from delegates.models import Registration, RegistrationStatus
from delegates.services import RegistrationError
from delegates.services.registration import update_registration
from sessions_app.models import ThematicTable
from tests.delegates.test_admin import _posted_values
from tests.factories import RegistrationFactory, SessionFactory, ThematicTableFactory
from tests.helpers import log_in
from tests.travel.hotel_fixtures import hotel_with_block, stay
from travel.models import HotelBooking

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sessions():
    """Two sessions with a table of the same name each, as XXIX and XXX had."""
    first, second = SessionFactory(number=30), SessionFactory(number=31)
    own = ThematicTableFactory(session=first, name_it="Edilizia", name_ru="Строительство")
    other = ThematicTableFactory(session=second, name_it="Edilizia", name_ru="Строительство")
    return first, second, own, other


def _change_data(client, registration):
    change = reverse("admin:delegates_registration_change", args=[registration.pk])
    page = client.get(change)
    data = _posted_values(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data |= {f"{inline.formset.prefix}-TOTAL_FORMS": "0"}
        data |= {f"{inline.formset.prefix}-INITIAL_FORMS": "0"}
    return change, page, data


def test_the_change_page_offers_only_the_tables_of_the_registration_s_session(
    client, organizer, two_sessions
):
    first, _second, own, other = two_sessions
    registration = RegistrationFactory(session=first, status=RegistrationStatus.SUBMITTED)
    log_in(client, organizer)
    _change, page, _data = _change_data(client, registration)
    offered = page.context["adminform"].form.fields["thematic_tables"].queryset
    assert list(offered) == [own]
    assert f'value="{other.pk}"' not in page.content.decode()


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("it", "Scelga tra i tavoli tematici della sessione della registrazione."),
        ("ru", "Выберите один из тематических круглых столов заседания этой регистрации."),
    ],
)
def test_a_table_of_another_session_is_refused_on_save(
    client, organizer, two_sessions, language, refusal
):
    first, _second, own, other = two_sessions
    registration = RegistrationFactory(session=first, status=RegistrationStatus.SUBMITTED)
    log_in(client, organizer)
    client.cookies["taskforce_language"] = language
    change, _page, data = _change_data(client, registration)
    response = client.post(change, data | {"thematic_tables": [str(other.pk)]})
    assert response.status_code == 200
    assert refusal in html.unescape(response.content.decode())
    assert list(registration.thematic_tables.all()) == []
    assert client.post(change, data | {"thematic_tables": [str(own.pk)]}).status_code == 302
    assert list(registration.thematic_tables.all()) == [own]


def test_the_add_page_names_each_table_with_its_session_until_the_session_is_known(
    client, organizer, two_sessions
):
    first, _second, own, other = two_sessions
    log_in(client, organizer)
    add = reverse("admin:delegates_registration_add")
    text = html.unescape(client.get(add).content.decode())
    assert "Edilizia (XXXI)" in text and "Edilizia (XXX)" in text
    narrowed = client.get(add, {"session": first.pk})
    assert list(narrowed.context["adminform"].form.fields["thematic_tables"].queryset) == [own]


def test_the_add_page_refuses_a_table_of_another_session_with_a_clear_error(
    client, organizer, two_sessions
):
    first, _second, _own, other = two_sessions
    person = RegistrationFactory().person
    log_in(client, organizer)
    data = {
        "session": first.pk,
        "person": person.pk,
        "delegation": "IT",
        "organization": RegistrationFactory().organization.pk,
        "position": "Sindaco",
        "role": "official",
        "thematic_tables": [other.pk],
        "company_visit_bookings-TOTAL_FORMS": "0",
        "company_visit_bookings-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:delegates_registration_add"), data)
    assert response.status_code == 200
    assert "Scelga tra i tavoli tematici della sessione della registrazione." in (
        html.unescape(response.content.decode())
    )
    assert not Registration.objects.filter(person=person, session=first).exists()
    # The form's own check, behind the narrowed choices: the table's session named.
    from delegates.admin import RegistrationAdminForm

    form = RegistrationAdminForm(data=data)
    with translation.override("it"):
        assert not form.is_valid()
        assert form.errors["thematic_tables"] == [
            "«Edilizia» è un tavolo tematico della XXXI sessione, non della sessione di questa "
            "registrazione (XXX sessione)."
        ]


def test_the_model_refuses_a_table_of_another_session_on_every_path(two_sessions):
    first, _second, own, other = two_sessions
    registration = RegistrationFactory(session=first)
    attempts = [
        lambda: registration.thematic_tables.add(other),
        lambda: other.registrations.add(registration),
        lambda: registration.thematic_tables.set([own, other]),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            attempt()
        assert "XXXI" in str(refused.value)
    assert not registration.thematic_tables.exists()
    registration.thematic_tables.set([own])
    own.registrations.add(RegistrationFactory(session=first))
    assert own.registrations.count() == 2
    assert not other.registrations.exists()


def test_the_delegate_s_edit_refuses_a_table_of_another_session(two_sessions):
    from tests.delegates.conftest import details

    first, _second, own, other = two_sessions
    registration = RegistrationFactory(session=first, status=RegistrationStatus.SUBMITTED)
    with pytest.raises(RegistrationError) as refused:
        update_registration(registration, details(thematic_tables=[other]))
    assert refused.value.field == "thematic_tables"
    assert list(registration.thematic_tables.all()) == []
    update_registration(registration, details(thematic_tables=[own]))
    assert list(registration.thematic_tables.all()) == [own]


def test_a_hotel_room_of_another_session_is_refused_on_the_field(client, organizer, two_sessions):
    first, second, _own, _other = two_sessions
    registration = RegistrationFactory(session=first, status=RegistrationStatus.SUBMITTED)
    _hotel, own_block = hotel_with_block(first)
    _hotel, other_block = hotel_with_block(second, name_it="Hotel Milano")
    log_in(client, organizer)
    add = reverse("admin:travel_hotelbooking_add")
    text = html.unescape(client.get(add).content.decode())
    assert "(XXXI)" in text and "(XXX)" in text
    data = {"registration": registration.pk, "room_block": other_block.pk, **stay(first)}
    response = client.post(add, data)
    assert response.status_code == 200
    assert "Scelga una camera in un albergo della sessione della registrazione" in (
        html.unescape(response.content.decode())
    )
    assert not HotelBooking.objects.exists()
    assert client.post(add, data | {"room_block": own_block.pk}).status_code == 302
    booking = HotelBooking.objects.get()
    change = client.get(reverse("admin:travel_hotelbooking_change", args=[booking.pk]))
    assert list(change.context["adminform"].form.fields["room_block"].queryset) == [own_block]


def test_a_table_stays_in_its_session_once_saved(client, organizer, two_sessions):
    first, second, own, _other = two_sessions
    RegistrationFactory(session=first).thematic_tables.add(own)
    log_in(client, organizer)
    page = client.get(reverse("admin:sessions_app_thematictable_change", args=[own.pk]))
    assert "session" not in page.context["adminform"].form.fields
    assert ThematicTable.objects.get(pk=own.pk).session == first
