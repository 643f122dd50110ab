"""Browser journey of issue 17: an organizer writes a message in the admin, previews it in
each language, sends a test to herself and sends it; a Russian delegate registers answering
the organizers' question in Russian."""

import pytest
from playwright.sync_api import expect

from delegates.models import QuestionKind, RegistrationQuestion
from mailings.models import Mailing, MailingState
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from tests.roles import ORGANIZERS, role_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/mailings-e2e"
PASSWORD = "a-long-secret-9"


def test_staff_send_a_message_and_a_russian_delegate_answers_a_question(
    browser, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    settings.RATE_LIMITS_ENABLED = False
    session = SessionFactory(number=26, city_it="Ekaterinburg", city_ru="Екатеринбург")
    italian = RegistrationFactory(session=session)
    russian = RussianRegistrationFactory(session=session)
    RegistrationQuestion.objects.create(
        session=session,
        kind=QuestionKind.ONE_CHOICE,
        label_it="Parteciperà alla cena ufficiale?",
        label_ru="Будете ли вы на официальном ужине?",
        choices_it="Sì\nNo",
        choices_ru="Да, буду\nНет",
        is_required=True,
    )
    organizer = role_member(ORGANIZERS, username="organizzatrice")
    organizer.email = "organizzatrice@example.org"
    organizer.set_password(PASSWORD)
    organizer.save()

    # 1. The organizer logs in (Italian browser) and writes the message.
    staff = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    admin.set_default_timeout(15000)
    admin.goto(f"{live_server.url}/admin/login/?next=/admin/mailings/mailing/add/")
    admin.fill("#id_username", "organizzatrice")
    admin.fill("#id_password", PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url("**/admin/mailings/mailing/add/")
    admin.select_option("#id_session", str(session.pk))
    # First with nothing written: refused with a translated message.
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".errornote, .errorlist").first).to_be_visible()
    assert "vuoto in tutte le lingue" in admin.content()
    admin.fill("#id_subject_it", "Cena ufficiale")
    admin.fill("#id_body_it", "{address}\n\nLa aspettiamo alla cena ufficiale.\n{link}")
    admin.fill("#id_subject_ru", "Официальный ужин")
    admin.fill("#id_body_ru", "{address}\n\nЖдём вас на официальном ужине.\n{link}")
    admin.select_option("#id_fallback_language", "it")
    admin.locator("input[name=_continue]").click()
    admin.wait_for_url("**/admin/mailings/mailing/*/change/**")
    mailing = Mailing.objects.get()

    # 2. The preview shows each language as its recipients will read it.
    admin.get_by_role("link", name="Anteprima e invio").click()
    admin.wait_for_url(f"**/admin/mailings/mailing/{mailing.pk}/preview/")
    russian_preview = admin.locator("#preview-ru")
    expect(russian_preview).to_contain_text("Официальный ужин")
    expect(russian_preview).to_contain_text("Здравствуйте,")
    expect(admin.locator("#preview-en")).to_contain_text("Nessuna versione in inglese")
    expect(admin.locator(".mailing-total")).to_contain_text("2 delegati")
    admin.screenshot(path=f"{SCREENSHOTS}-preview.png", full_page=True)

    # 3. A test to herself, then the real sending.
    admin.get_by_role("button", name="Inviami una prova").click()
    expect(admin.locator(".messagelist")).to_contain_text("organizzatrice@example.org")
    assert [message.to for message in mailoutbox] == [["organizzatrice@example.org"]] * 3
    admin.get_by_role("button", name="Invia a 2 delegati").click()
    expect(admin.locator(".messagelist")).to_contain_text("in invio a 2 delegati")
    mailing.refresh_from_db()
    assert mailing.state == MailingState.SENT
    delivered = {message.to[0]: message for message in mailoutbox[3:]}
    assert delivered[russian.person.email].subject == "Официальный ужин"
    assert delivered[italian.person.email].subject == "Cena ufficiale"
    admin.get_by_role("link", name="2 destinatari").click()
    expect(admin.locator("#result_list")).to_contain_text("Inviato")
    admin.screenshot(path=f"{SCREENSHOTS}-recipients.png", full_page=True)
    staff.close()
