"""The check-in desk in a browser: a scanner types the badge code and Enter."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from venue.models import CheckIn
from venue.services.badges import badge_token

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "desk-password-2026"


def desk_user():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("desk", "desk@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="venue")
    )
    return user


def log_in_to_the_desk(page, live_server, session, language="it"):
    desk_url = f"/{language}/desk/{session.number}/"
    page.goto(f"{live_server.url}/admin/login/?next={desk_url}")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{desk_url}")


def scan(page, code):
    """What a handheld scanner does: type the code into the focused field, then Enter."""
    page.locator("#scan-code").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def test_scan_ok_then_already_checked_in(page, live_server):
    session = SessionFactory(number=30, city_it="Kazan'", city_ru="Казань", under_way=True)
    registration = RussianRegistrationFactory(session=session)
    RegistrationFactory(session=session)
    desk_user()
    log_in_to_the_desk(page, live_server, session)
    assert page.locator('[data-count="arrived"]').inner_text() == "0"

    scan(page, badge_token(registration))
    card = page.locator(".desk-card[data-outcome=ok]")
    card.wait_for()
    assert "OK" in card.inner_text()
    assert registration.person.full_name in card.inner_text()
    assert page.locator('[data-count="arrived"]').inner_text() == "1"
    assert page.locator('[data-count="ru-arrived"]').inner_text() == "1"
    # The field is empty and focused again, ready for the next badge.
    assert page.locator("#scan-code").input_value() == ""
    assert page.evaluate("document.activeElement.id") == "scan-code"

    scan(page, badge_token(registration))
    again = page.locator(".desk-card[data-outcome=already_checked_in]")
    again.wait_for()
    assert "Accredito già registrato" in again.inner_text()
    assert CheckIn.objects.count() == 1

    scan(page, "TF30-1:FORGEDFORGEDFORGEDFORGED00")
    page.locator(".desk-card[data-outcome=invalid]").wait_for()
    assert page.locator('[data-count="arrived"]').inner_text() == "1"


def test_find_by_name_check_in_and_undo_in_russian(page, live_server):
    session = SessionFactory(number=31, under_way=True)
    registration = RussianRegistrationFactory(session=session)
    desk_user()
    log_in_to_the_desk(page, live_server, session, language="ru")
    page.fill("#search-q", registration.person.family_name)
    button = page.locator("#search-results .desk-action button")
    button.wait_for()
    button.click()
    page.locator(".desk-card[data-outcome=ok]").wait_for()
    assert "аккредитация отмечена" in page.locator(".desk-card").inner_text()
    page.locator(".desk-card .desk-action button").click()
    page.locator(".desk-card[data-outcome=undone]").wait_for()
    assert page.locator('[data-count="arrived"]').inner_text() == "0"
    assert not CheckIn.objects.exists()
