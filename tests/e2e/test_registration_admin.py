"""The registration's change page in the browser (tester's round 5): «Respingi» and «Annulla
la registrazione» ask first on a page that says the delegate is mailed (R15); the thematic
tables selector offers only the registration's session's tables (R8), in Italian (R9).
Screenshots: /tmp/registration-admin-e2e/."""

from pathlib import Path

import pytest

from delegates.models import Registration, RegistrationStatus
from tests.e2e.test_admin_layout import staff_page
from tests.factories import KazanSessionFactory, RegistrationFactory, ThematicTableFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("/tmp/registration-admin-e2e")


@pytest.fixture
def registration():
    kazan = KazanSessionFactory(number=30)
    milan = KazanSessionFactory(number=31)
    ThematicTableFactory(session=kazan, name_it="Edilizia", name_ru="Строительство")
    ThematicTableFactory(session=milan, name_it="Edilizia", name_ru="Строительство")
    ThematicTableFactory(session=milan, name_it="Agroalimentare", name_ru="АПК")
    return RegistrationFactory(session=kazan, status=RegistrationStatus.SUBMITTED)


def test_rejecting_asks_first_then_rejects_and_mails(
    browser, live_server, registration, mailoutbox
):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = staff_page(browser, live_server, "it", "desktop")
    change = f"{live_server.url}/admin/delegates/registration/{registration.pk}/change/"
    page.goto(change)

    # The selector: the session's one «Edilizia», no table of the Milan session; in Italian.
    available = page.locator("#id_thematic_tables_from option").all_inner_texts()
    assert available == ["Edilizia"]
    selector = page.locator(".selector").inner_text()
    assert "Scegli tutte le voci (tavoli tematici)" in selector
    assert "Choose" not in selector
    page.screenshot(path=str(SCREENSHOTS / "it_change.png"), full_page=True)

    page.get_by_role("link", name="Respingi…").click()
    page.wait_for_url("**/transition/reject/")
    text = page.locator("#content-main").inner_text()
    assert "passa allo stato «Respinta»" in text
    assert registration.person.email in text
    page.screenshot(path=str(SCREENSHOTS / "it_reject_confirmation.png"), full_page=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED
    assert mailoutbox == []

    # Going back changes nothing; confirming rejects, and the e-mail leaves.
    page.get_by_role("link", name="No, torna indietro").click()
    page.wait_for_url(change)
    page.get_by_role("link", name="Respingi…").click()
    page.get_by_role("button", name="Sì, respingi la registrazione").click()
    page.wait_for_url(change)
    assert "il delegato è stato avvisato per e-mail" in page.locator(".messagelist").inner_text()
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REJECTED
    assert len(mailoutbox) == 1
    page.context.close()


def test_cancelling_asks_first_in_russian(browser, live_server, registration, mailoutbox):
    page = staff_page(browser, live_server, "ru", "desktop")
    page.goto(f"{live_server.url}/admin/delegates/registration/{registration.pk}/change/")
    page.get_by_role("link", name="Отменить регистрацию…").click()
    page.wait_for_url("**/transition/cancel/")
    text = page.locator("#content-main").inner_text()
    assert "не сможет снова зарегистрироваться" in text
    page.screenshot(path=str(SCREENSHOTS / "ru_cancel_confirmation.png"), full_page=True)
    page.get_by_role("button", name="Да, отменить регистрацию").click()
    page.wait_for_url("**/change/")
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    assert len(mailoutbox) == 1
    page.context.close()
