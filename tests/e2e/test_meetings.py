"""A Russian delegate asks an Italian one for a meeting; after scheduling, both agendas show it."""

import pytest

from meetings.models import Meeting
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    UserFactory,
)
from tests.helpers import authenticator_code, enrol_authenticator
from tests.meetings.conftest import make_meeting_point, make_profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_request_from_russia_is_accepted_in_italy_and_lands_on_both_agendas(
    page, phone_page, live_server
):
    session = SessionFactory()
    meeting_point = make_meeting_point(session)
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(italian, offers="Centri di lavoro CNC", looks_for="Distributori negli Urali")
    russian = RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(russian, offers="Станки", looks_for="Итальянские партнёры")

    # The Russian delegate, on a phone, finds the Italian company and asks for a meeting.
    base = f"{live_server.url}/ru/meeting-point/{russian.management_token}"
    phone_page.goto(f"{base}/catalogue/")
    assert "Centri di lavoro CNC" in phone_page.content()
    phone_page.get_by_role("link", name="Запросить встречу").click()
    phone_page.get_by_label("Сообщение").fill("Хотели бы обсудить поставки станков.")
    phone_page.get_by_role("button", name="Отправить запрос").click()
    phone_page.wait_for_url(f"{base}/requests/")
    assert "Ваш запрос отправлен" in phone_page.content()
    assert "Ожидает ответа" in phone_page.content()

    # The Italian delegate accepts it from the requests page.
    italian_base = f"{live_server.url}/it/meeting-point/{italian.management_token}"
    page.goto(f"{italian_base}/requests/")
    assert "Хотели бы обсудить поставки станков." in page.content()
    page.get_by_role("button", name="Accetta").click()
    page.wait_for_url(f"{italian_base}/requests/")
    assert "Ha accettato la richiesta" in page.content()

    # The organizers schedule the Meeting Point from their grid.
    organizer = UserFactory(username="organizer", is_superuser=True)
    organizer.set_password("a-long-password-1")
    organizer.save()
    device = enrol_authenticator(organizer)
    page.goto(f"{live_server.url}/admin/login/?next=/it/meeting-point/staff/{session.number}/")
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    # A superuser: the two-factor login asks for the authenticator's code.
    page.fill("input[name='token-otp_token']", authenticator_code(device))
    page.click("input[type=submit]")
    page.get_by_role("button", name="Pianifica ora").click()
    assert "Incontri collocati: 1 su 1" in page.content()
    meeting = Meeting.objects.get()
    assert meeting.slot is not None
    start = meeting_point.local(meeting_point.slot(meeting.slot).starts_at).strftime("%H:%M")

    page.goto(f"{italian_base}/agenda/")
    row = page.locator("table.meetings-agenda tbody tr").first
    assert start in row.inner_text()
    assert russian.person.full_name in row.inner_text()
    assert russian.person.full_name_latin in row.inner_text()

    phone_page.goto(f"{base}/agenda/")
    row = phone_page.locator("table.meetings-agenda tbody tr").first
    assert start in row.inner_text()
    assert italian.person.full_name in row.inner_text()
    assert str(meeting.table_number) in row.inner_text()
