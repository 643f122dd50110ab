"""The whole journey: a Russian delegate registers in Russian with a Cyrillic name, confirms
from the e-mail, staff approve in the admin, the delegate sees "approved"."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from delegates.models import Registration, RegistrationStatus
from tests.factories import SessionFactory
from tests.helpers import authenticator_code, enrol_authenticator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/registration-e2e"


def link_in(body, pattern):
    match = re.search(pattern, body)
    assert match, body
    return match.group(0)


def test_russian_delegate_registers_confirms_and_is_approved(
    browser, phone_page, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    settings.RATE_LIMITS_ENABLED = False
    session = SessionFactory(number=26, city_it="Ekaterinburg", city_ru="Екатеринбург")
    page = phone_page  # a Russian browser on a phone

    # 1. The session page invites to register; the form is in Russian.
    page.goto(f"{live_server.url}/ru/sessions/{session.number}/")
    page.get_by_role("link", name="Зарегистрироваться на заседание").click()
    page.wait_for_url(f"**/ru/sessions/{session.number}/register/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#id_delegation_1").is_checked()  # RU preselected in Russian

    # 2. A Cyrillic name: the passport spelling is proposed (ICAO Doc 9303). The name
    # fields say their purpose to the browser's autofill (WCAG 1.3.5).
    assert page.locator("#id_given_name").get_attribute("autocomplete") == "given-name"
    assert page.locator("#id_family_name").get_attribute("autocomplete") == "family-name"
    assert page.locator("#id_patronymic").get_attribute("autocomplete") == "additional-name"
    page.fill("#id_given_name", "Юлия")
    page.fill("#id_family_name", "Щербакова")
    expect(page.locator("#id_family_name_latin")).to_have_value("Shcherbakova")
    expect(page.locator("#id_given_name_latin")).to_have_value("Iuliia")
    expect(page.locator("#transliteration-note")).to_contain_text("ICAO")
    page.fill("#id_given_name_latin", "Yulia")  # corrected to match the passport
    page.fill("#id_email", "yulia.shcherbakova@example.ru")
    page.fill("#id_organization_name", "Уралмаш")
    page.select_option("#id_organization_category", "company")
    page.fill("#id_position", "Директор по экспорту")
    # Bootstrap Italia draws the box on the label (the input itself is transparent): a phone
    # user taps the box, at the start of the label, not the link to the notice inside it.
    page.locator("label[for=id_privacy_consent]").click(position={"x": 4, "y": 4})
    expect(page.locator("#id_privacy_consent")).to_be_checked()
    page.screenshot(path=f"{SCREENSHOTS}-form.png", full_page=True)
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url(f"**/ru/sessions/{session.number}/register/sent/")
    assert "yulia.shcherbakova@example.ru" in page.content()

    # 3. The e-mail, in Russian, carries the confirmation link.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "Подтвердите" in message.subject
    confirm_url = link_in(
        message.body, rf"{re.escape(live_server.url)}/ru/registration/confirm/\S+/"
    )
    page.goto(confirm_url)
    page.get_by_role("button", name="Подтвердить регистрацию").click()
    page.wait_for_url("**/ru/registration/**")
    assert "Подана" in page.inner_text(".registration-status-label")
    manage_url = page.url

    registration = Registration.objects.get()
    assert registration.person.given_name == "Юлия"
    assert registration.person.given_name_latin == "Yulia"
    assert registration.status == RegistrationStatus.SUBMITTED

    # 4. Staff approve in the admin (Italian browser, login form).
    superuser = get_user_model().objects.create_superuser(
        "staff", "staff@example.org", "a-long-secret-9"
    )
    device = enrol_authenticator(superuser)
    staff = browser.new_context(locale="it-IT")
    admin = staff.new_page()
    admin.goto(f"{live_server.url}/admin/login/?next=/admin/delegates/registration/")
    admin.fill("#id_username", "staff")
    admin.fill("#id_password", "a-long-secret-9")
    admin.locator("input[type=submit]").click()
    # A superuser: the two-factor login asks for the authenticator's code.
    admin.fill("input[name='token-otp_token']", authenticator_code(device))
    admin.locator("input[type=submit]").click()
    admin.wait_for_url("**/admin/delegates/registration/")
    admin.fill("#searchbar", "Щербакова")
    admin.keyboard.press("Enter")
    admin.wait_for_load_state()
    admin.check(f"input[name=_selected_action][value='{registration.pk}']")
    admin.select_option("select[name=action]", "approve_selected")
    admin.locator("button[name=index]").click()
    admin.wait_for_load_state()
    assert "1 registrazione approvata" in admin.content()
    admin.screenshot(path=f"{SCREENSHOTS}-admin.png", full_page=True)
    staff.close()

    # 5. The delegate is told by e-mail, in Russian, and sees "approved".
    assert "одобрена" in mailoutbox[-1].subject
    page.goto(manage_url)
    assert "Одобрена" in page.inner_text(".registration-status-label")
    page.screenshot(path=f"{SCREENSHOTS}-approved.png", full_page=True)
