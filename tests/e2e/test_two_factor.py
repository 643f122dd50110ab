"""Two-factor login in the browser: a Ministry administrator sets up the authenticator app at
the first login, keeps the recovery codes and reaches the admin; later logins ask for the code."""

import base64
import re

from django.contrib.auth.models import Group
from django_otp.oath import totp
from playwright.sync_api import expect

from staff.roles import MINISTRY_ADMINISTRATORS
from tests.factories import UserFactory
from tests.helpers import authenticator_code, enrol_authenticator

SCREENSHOTS = "/tmp/e2e-two-factor"
PASSWORD = "a-long-ministry-password-3"


def ministry_administrator(username="ministero"):
    user = UserFactory(username=username, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=MINISTRY_ADMINISTRATORS))
    return user


def password_step(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_a_ministry_administrator_sets_up_the_app_and_reaches_the_admin(page, live_server):
    ministry_administrator()
    target = "/admin/delegates/registration/"
    password_step(page, live_server, "ministero", target)

    # No device yet: the password opens the set-up page, nothing else.
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/\?next="))
    expect(page.locator("h1")).to_have_text("Attiva l’autenticazione a due fattori")
    assert "passaporti, copie firmate" in page.content()
    qr_code = page.locator(".two-factor-qr img")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0
    page.screenshot(path=f"{SCREENSHOTS}-setup.png", full_page=True)
    page.goto(f"{live_server.url}{target}")
    assert "/admin/two-factor/setup/" in page.url

    # The app is given the key written under the QR code, and shows its first code.
    secret = page.locator("#two-factor-secret").inner_text()
    page.fill("input[name='generator-token']", f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Attiva").click()
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/complete/"))
    page.screenshot(path=f"{SCREENSHOTS}-complete.png", full_page=True)

    page.locator("input[value='Crea i codici di recupero']").click()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    page.screenshot(path=f"{SCREENSHOTS}-recovery-codes.png", full_page=True)

    page.get_by_role("link", name="Li ho conservati: continua").click()
    page.wait_for_url(f"{live_server.url}{target}")
    expect(page.locator("#content h1")).to_contain_text("registrazion")
    page.screenshot(path=f"{SCREENSHOTS}-admin.png", full_page=True)
    # The account's two-factor page, linked from every admin page.
    page.get_by_role("link", name="Autenticazione a due fattori").click()
    expect(page.locator(".two-factor-status")).to_contain_text("10 codici non usati")
    assert "Disattiva" not in page.content()
    page.screenshot(path=f"{SCREENSHOTS}-profile.png", full_page=True)

    # The next login asks for the app's code; a recovery code works once in its place.
    page.locator("#logout-form button").click()
    password_step(page, live_server, "ministero", target)
    code_field = page.locator("input[name='token-otp_token']")
    expect(code_field).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}-code-step.png", full_page=True)
    page.get_by_role("button", name="Usi un codice di recupero").click()
    page.fill("input[name='backup-otp_token']", codes[0])
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{target}")


def test_the_code_step_in_russian_refuses_a_wrong_code_then_accepts_the_right_one(
    phone_page, live_server
):
    user = ministry_administrator("ministerstvo")
    device = enrol_authenticator(user)
    password_step(phone_page, live_server, "ministerstvo", "/admin/")
    expect(phone_page.locator(".two-factor-help")).to_contain_text("Введите 6-значный код")
    phone_page.fill("input[name='token-otp_token']", "000000")
    phone_page.click("input[type=submit]")
    expect(phone_page.locator(".errornote")).to_contain_text("Код неверен")
    phone_page.screenshot(path=f"{SCREENSHOTS}-wrong-code-ru.png", full_page=True)
    # django-otp pauses the device after a wrong code: the right one passes once it is over.
    phone_page.wait_for_timeout(1100)
    phone_page.fill("input[name='token-otp_token']", authenticator_code(device))
    phone_page.click("input[type=submit]")
    phone_page.wait_for_url(f"{live_server.url}/admin/")
    expect(phone_page.locator("#site-name")).to_be_visible()
