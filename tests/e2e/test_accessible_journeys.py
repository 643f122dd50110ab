"""Accessibility along the journeys, in a real browser with axe-core (WCAG 2.1 AA): a
registration done with the keyboard alone, the form's states (empty, with errors, sent), the
delegate's private pages and the check-in desk, in Italian, Russian and English, on a desktop
and on a 360-pixel phone. Screenshots: /tmp/design-e2e/."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from delegates.models import Registration, RegistrationStatus
from tests.e2e.accessibility import assert_accessible, assert_fits_a_phone
from tests.factories import (
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
)
from tests.meetings.conftest import make_meeting_point, make_profile
from tests.projects.conftest import make_call, make_project
from tests.test_admin_query_counts import meeting_with_request
from tests.travel.hotel_fixtures import hotel_with_block, open_logistics
from travel.models import VisaLetterRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/design-e2e")
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True},
}
DESK_PASSWORD = "desk-password-2026"


def tab_to(page, selector, limit=120):
    """Press Tab until the focus is on `selector`: it must be reachable with the keyboard."""
    for _press in range(limit):
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def snapshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_delegate_registers_with_the_keyboard_alone(browser, live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    settings.RATE_LIMITS_ENABLED = False
    session = SessionFactory(number=30, city_it="Kazan'", city_ru="Казань")
    context = browser.new_context(locale="it-IT", **DEVICES["desktop"])
    page = context.new_page()
    page.goto(f"{live_server.url}/it/sessions/{session.number}/register/")
    page.wait_for_load_state("networkidle")
    # The empty form.
    assert page.locator('.steppers li[aria-current="step"]').inner_text().strip() == "I Suoi dati"
    assert_accessible(page, "empty form")
    snapshot(page, "register-empty-it-desktop")

    # The first thing a keyboard meets is the skip link, which leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#content"

    # Sent empty: the errors, each tied to its field, and the focus on their summary.
    tab_to(page, "#submit-id-submit")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    page.locator("#form-errors").wait_for()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    family_name = page.locator("#id_family_name")
    assert family_name.get_attribute("aria-invalid") == "true"
    described_by = family_name.get_attribute("aria-describedby").split()
    error = page.locator(f"#{described_by[0]}")
    assert "obbligatorio" in error.inner_text()
    assert_accessible(page, "form with errors")
    snapshot(page, "register-errors-it-desktop")

    # The summary's first link leads to the field to correct.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_given_name"
    page.keyboard.press("Enter")
    type_into(page, "#id_given_name", "Giulia")
    type_into(page, "#id_family_name", "Bianchi")
    type_into(page, "#id_email", "giulia.bianchi@example.it")
    type_into(page, "#id_organization_name", "Officine Bianchi")
    tab_to(page, "#id_organization_category")
    page.keyboard.press("ArrowDown")
    type_into(page, "#id_position", "Responsabile export")
    tab_to(page, "#id_privacy_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_privacy_consent").is_checked()
    tab_to(page, "#submit-id-submit")
    page.keyboard.press("Enter")
    # (The address may keep the #fragment of the summary's link: match the path only.)
    page.wait_for_url(re.compile(rf"/it/sessions/{session.number}/register/sent/"))

    # Sent: the second step, and the e-mail with the confirmation link.
    assert "giulia.bianchi@example.it" in page.content()
    assert page.locator('.steppers li[aria-current="step"]').inner_text().strip() == (
        "Conferma dell’e-mail"
    )
    assert_accessible(page, "form sent")
    snapshot(page, "register-sent-it-desktop")
    confirm_url = re.search(
        rf"{re.escape(live_server.url)}/it/registration/confirm/\S+/", mailoutbox[0].body
    ).group(0)
    page.goto(confirm_url)
    assert_accessible(page, "confirmation")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/it/registration/[^/]+/$"))
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.organization.category
    assert_accessible(page, "management page")
    context.close()


def private_pages(italian, russian):
    """The pages a delegate reaches through the private link (the Meeting Point's too)."""
    italian_token, russian_token = italian.management_token, russian.management_token
    return [
        f"registration/{italian_token}/",
        f"registration/{italian_token}/edit/",
        f"registration/{italian_token}/cancel/",
        f"registration/{italian_token}/erase/",
        f"visa-letter/{russian_token}/",
        f"meeting-point/{italian_token}/",
        f"meeting-point/{italian_token}/profile/",
        f"meeting-point/{italian_token}/catalogue/",
        f"meeting-point/{italian_token}/requests/",
        f"meeting-point/{italian_token}/agenda/",
        f"meeting-point/{russian_token}/",
        f"registration/{italian_token}/projects/",
        f"registration/{italian_token}/projects/new/",
        f"registration/{italian_token}/projects/catalogue/",
        f"travel/{russian_token}/",
    ]


def console_errors(page):
    """Script errors, CSP violations and failed loads of the page's resources."""
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Failed to load resource" not in message.text
            and errors.append(message.text)
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.request.resource_type != "document"
            and errors.append(f"{response.status} {response.url}")
        ),
    )
    return errors


def desk_user():
    user = get_user_model().objects.create_user("desk", "desk@example.org", DESK_PASSWORD)
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(codename="check_in", content_type__app_label="venue")
    )
    return user


@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_private_pages_and_the_desk_are_accessible_on_a_desktop_and_a_phone(
    browser, live_server, settings, language
):
    settings.RATE_LIMITS_ENABLED = False
    settings.PRIVATE_LINK_RATE_LIMIT = 10_000
    session = SessionFactory(number=30, city_it="Kazan'", city_ru="Казань")
    point = make_meeting_point(session)
    meeting = meeting_with_request(point)
    italian, russian = meeting.registration_a, meeting.registration_b
    RegistrationFactory.create_batch(2, session=session)
    waiting = RussianRegistrationFactory(session=session, status="submitted")
    make_profile(waiting)
    VisaLetterRequest.objects.create(
        registration=russian, name_in_passport="SHCHERBAKOVA IULIIA", passport_number="751234567"
    )
    # A call for projects open, with a Russian project in the delegates' catalogue.
    make_call(session)
    table = session.thematic_tables.first() or ThematicTableFactory(session=session)
    make_project(russian, table, status="accepted_table")
    # The session's hotels, open for the delegates' choice.
    open_logistics(session)
    hotel_with_block(session, rooms=3)
    desk_user()
    for device, options in DEVICES.items():
        context = browser.new_context(locale=language, **options)
        page = context.new_page()
        errors = console_errors(page)
        for path in private_pages(italian, russian):
            url = f"{live_server.url}/{language}/{path}"
            response = page.goto(url)
            assert response.status == 200, url
            assert page.locator("html").get_attribute("lang") == language
            # The tab's title is plain text: no markup, no private link in it.
            title = page.title()
            assert "<" not in title and ".pdf" not in title, (url, title)
            assert italian.management_token not in title, (url, title)
            assert russian.management_token not in title, (url, title)
            name = re.sub(r"[^a-z-]+", "-", path.split("/")[0] + "-" + path.split("/")[-2])
            snapshot(page, f"private-{name}-{language}-{device}")
            assert_accessible(page, f"{url} ({device})")
            if device == "phone":
                assert_fits_a_phone(page, url)
        # The check-in desk, after the staff login.
        desk = f"/{language}/desk/{session.number}/"
        page.goto(f"{live_server.url}/admin/login/?next={desk}")
        page.fill("#id_username", "desk")
        page.fill("#id_password", DESK_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}{desk}")
        page.wait_for_load_state("networkidle")
        snapshot(page, f"desk-{language}-{device}")
        assert_accessible(page, f"desk ({device})")
        if device == "phone":
            assert_fits_a_phone(page, desk)
        page.locator("#search-q").fill(italian.person.family_name)
        page.keyboard.press("Enter")
        page.wait_for_load_state("networkidle")
        assert_accessible(page, f"desk search ({device})")
        assert errors == [], errors
        context.close()


@pytest.mark.parametrize("language", ["ru", "it"])
def test_the_project_form_sent_empty_focuses_its_error_summary(
    browser, live_server, settings, language
):
    settings.RATE_LIMITS_ENABLED = False
    session = SessionFactory(number=30, city_it="Kazan'", city_ru="Казань")
    make_call(session)
    ThematicTableFactory(session=session)
    factory = RussianRegistrationFactory if language == "ru" else RegistrationFactory
    proposer = factory(session=session, status="approved")
    context = browser.new_context(locale=language, **DEVICES["phone"])
    page = context.new_page()
    url = f"{live_server.url}/{language}/registration/{proposer.management_token}/projects/new/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    tab_to(page, ".project-form button[type=submit]", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    page.locator("#form-errors").wait_for()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.locator("#form-errors").get_attribute("role") == "alert"
    title_field = page.locator(f"#id_title_{language}")
    assert title_field.get_attribute("aria-invalid") == "true"
    error_id = title_field.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").inner_text().strip()
    assert_accessible(page, f"project form with errors ({language})")
    snapshot(page, f"project-form-errors-{language}-phone")
    # The summary's first link leads to the first field to correct.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#id_title_{language}"
    context.close()
