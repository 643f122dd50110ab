"""The visa journey in a browser: an Italian delegate to a session in Russia asks for the
letter, gives a passport the Russian rules refuse (the error keeps what was typed), fixes it;
staff release the letter in the admin; the delegate downloads it; its QR code leads to the
page that confirms it. A Russian delegate to the same session is offered no letter."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from sessions_app.models import Region
from tests.factories import (
    OrganizationFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    RussianSessionFactory,
)
from tests.helpers import authenticator_code, enrol_authenticator
from tests.venue.test_badges import decode_qr_codes
from travel.models import Consulate, VisaLetterRequest, VisaLetterStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/visa-e2e"


def test_italian_delegate_gets_a_verified_letter_and_a_russian_one_is_offered_none(
    browser, page, live_server, settings
):
    settings.SITE_URL = live_server.url
    settings.RATE_LIMITS_ENABLED = False
    call_command("load_reference_data", stdout=io.StringIO())
    session = RussianSessionFactory(number=31, city_it="Kazan'", city_ru="Казань")
    lombardy = OrganizationFactory(region=Region.objects.get(code="IT-25"))
    italian = RegistrationFactory(session=session, organization=lombardy)
    russian = RussianRegistrationFactory(session=session)

    # 1. The Italian delegate's private page offers the letter; the form proposes Milan.
    page.goto(f"{live_server.url}/it/registration/{italian.management_token}/")
    page.get_by_role("link", name="Lettera di invito per il visto").click()
    page.wait_for_url(f"**/it/visa-letter/{italian.management_token}/")
    milan = Consulate.objects.get(key="ru-consulate-milan")
    expect(page.locator("#id_consulate_office")).to_have_value(str(milan.pk))

    # 2. A passport valid only 100 days after the session: Russia asks for 180.
    too_short = session.end_date + datetime.timedelta(days=100)
    page.fill("#id_name_in_passport", "Rossi Giulia")
    page.fill("#id_date_of_birth", "1984-03-09")
    page.fill("#id_place_of_birth", "Bergamo")
    page.fill("#id_citizenship", "Italiana")
    page.fill("#id_passport_number", "YA 1234567")
    page.fill("#id_passport_issued_on", "2022-01-10")
    page.fill("#id_passport_expires_on", too_short.isoformat())
    page.fill("#id_passport_blank_pages", "6")
    page.get_by_role("button", name="Richiedi la lettera").click()
    error = page.locator("#id_passport_expires_on").locator("xpath=..").locator(".invalid-feedback")
    expect(error).to_contain_text("180 giorni dopo la fine della sessione")
    expect(error).to_contain_text("Rinnovi prima il passaporto")
    # The error is announced: the summary (role=alert) has the focus, and the rule is named in
    # Italian, its (English) source left to staff.
    summary = page.locator("#form-errors")
    expect(summary).to_have_attribute("role", "alert")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    expect(summary).to_contain_text("È un requisito consolare della Russia.")
    expect(page.locator("#id_passport_expires_on")).to_have_attribute("aria-invalid", "true")
    # Nothing typed is lost.
    expect(page.locator("#id_passport_number")).to_have_value("YA 1234567")
    expect(page.locator("#id_place_of_birth")).to_have_value("Bergamo")
    expect(page.locator("#id_passport_blank_pages")).to_have_value("6")
    page.screenshot(path=f"{SCREENSHOTS}-refused.png", full_page=True)
    assert not VisaLetterRequest.objects.exists()

    # 3. A valid passport: the request goes to staff.
    page.fill(
        "#id_passport_expires_on", (session.end_date + datetime.timedelta(days=800)).isoformat()
    )
    page.get_by_role("button", name="Richiedi la lettera").click()
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    letter_request = VisaLetterRequest.objects.get()
    assert letter_request.passport_number == "YA1234567"
    assert letter_request.consulate_office == milan

    # 4. Staff release it from the admin (two-factor login).
    superuser = get_user_model().objects.create_superuser(
        "staff", "staff@example.org", "a-long-secret-9"
    )
    device = enrol_authenticator(superuser)
    staff = browser.new_context(locale="it-IT")
    admin = staff.new_page()
    admin.goto(f"{live_server.url}/admin/login/?next=/admin/travel/visaletterrequest/")
    admin.fill("#id_username", "staff")
    admin.fill("#id_password", "a-long-secret-9")
    admin.locator("input[type=submit]").click()
    admin.fill("input[name='token-otp_token']", authenticator_code(device))
    admin.locator("input[type=submit]").click()
    admin.wait_for_url("**/admin/travel/visaletterrequest/")
    admin.check(f"input[name=_selected_action][value='{letter_request.pk}']")
    admin.select_option("select[name=action]", "release_letters")
    admin.locator("button[name=index]").click()
    admin.wait_for_load_state()
    assert "1 lettera" in admin.content()
    admin.screenshot(path=f"{SCREENSHOTS}-admin.png", full_page=True)
    staff.close()
    letter_request.refresh_from_db()
    assert letter_request.status == VisaLetterStatus.RELEASED

    # 5. The delegate downloads the letter; its QR code opens the verification page.
    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scarica la lettera (PDF)").click(modifiers=["Alt"])
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    (verification_url,) = decode_qr_codes(pdf)
    assert verification_url.startswith(f"{live_server.url}/ru/verify/visa-letter/")
    page.goto(verification_url)
    expect(page.locator("#verification-result")).to_have_attribute("data-state", "valid")
    expect(page.locator("#letter-number")).to_have_text(letter_request.letter_number)
    page.screenshot(path=f"{SCREENSHOTS}-verified.png", full_page=True)

    # 5b. The released letter's data is read-only; a correction takes a confirmation that
    # the letter is withdrawn, after which its QR code no longer verifies as valid.
    page.goto(f"{live_server.url}/it/visa-letter/{italian.management_token}/")
    expect(page.locator("#letter-data")).to_contain_text("YA1234567")
    expect(page.locator("#id_passport_number")).to_have_count(0)
    page.get_by_role("link", name="Modifica i miei dati del passaporto").click()
    expect(page.locator("#withdraw-confirmation")).to_contain_text("sarà ritirata")
    page.screenshot(path=f"{SCREENSHOTS}-withdraw-confirm.png", full_page=True)
    page.get_by_role("link", name="Sì, ritirare la lettera e modificare i dati").click()
    expect(page.locator("#withdraw-warning")).to_be_visible()
    page.fill("#id_passport_number", "YA 7654321")
    page.get_by_role("button", name="Ritira la lettera e salva i nuovi dati").click()
    expect(page.locator("body")).to_contain_text("è stata ritirata")
    page.goto(verification_url)
    expect(page.locator("#verification-result")).to_have_attribute("data-state", "withdrawn")

    # 6. The Russian delegate to the same session: no letter on offer.
    page.goto(f"{live_server.url}/ru/registration/{russian.management_token}/")
    expect(page.locator(".registration-status-label")).to_be_visible()
    expect(page.get_by_role("link", name="Визовое приглашение")).to_have_count(0)
    assert f"/visa-letter/{russian.management_token}/" not in page.content()
