"""The check-in desk keeps working when the venue's network drops: badges are checked against
the downloaded list, queued, and sent once the network returns."""

import re

import pytest

from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_desk import desk_user, log_in_to_the_desk, scan
from tests.factories import RegistrationFactory, RussianRegistrationFactory, SessionFactory
from venue.models import CheckIn, CheckInMethod, OfflineScan
from venue.services.badges import badge_token

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_three_badges_checked_in_offline_are_synced_once_online(page, live_server):
    session = SessionFactory(number=32, under_way=True)
    registrations = [
        RussianRegistrationFactory(session=session),
        RegistrationFactory(session=session),
        RussianRegistrationFactory(session=session),
    ]
    online = RegistrationFactory(session=session)
    desk_user()
    log_in_to_the_desk(page, live_server, session)
    panel = page.locator("#desk-offline")
    page.locator('#desk-offline[data-list-state="ready"]').wait_for()
    list_status = page.locator("#desk-list-status").inner_text()
    assert "4" in list_status
    # "Scaricato il 5 dicembre alle 14:40, utilizzabile fino al 6 dicembre alle 14:40 (ora di
    # Bergamo, UTC+1)" ("l’8 dicembre", "all’11 dicembre" on those days).
    assert re.search(
        r"Scaricato (il |l’)\d+ \w+ alle \d\d:\d\d, utilizzabile fino (al |all’)\d+ \w+ alle "
        r"\d\d:\d\d \(ora di Bergamo, UTC\+\d\)",
        list_status,
    ), list_status
    # The service worker is in control, so the desk page itself loads without network.
    # Awaited in the page rather than polled with wait_for_function, whose string predicate is
    # evaluated with eval(), which the desk's Content Security Policy rightly refuses.
    assert page.evaluate(
        """() => navigator.serviceWorker.controller !== null || new Promise((resolve) =>
            navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""
    )

    # A badge checked in online first: offline, the list knows it is checked in.
    scan(page, badge_token(online))
    page.locator(".desk-card[data-outcome=ok]").wait_for()

    page.context.set_offline(True)
    page.locator('#desk-offline[data-network="offline"]').wait_for()
    assert "Offline" in page.locator("#desk-network").inner_text()
    page.reload()
    page.locator('#desk-offline[data-list-state="ready"]').wait_for()

    for number, registration in enumerate(registrations, start=1):
        scan(page, badge_token(registration).lower() if number == 2 else badge_token(registration))
        card = page.locator(".desk-card[data-outcome=queued]")
        card.wait_for()
        assert registration.person.full_name_latin in card.inner_text()
        assert "in attesa di invio" in card.inner_text()
        assert page.locator("#desk-queue").get_attribute("data-count") == str(number)
    assert page.locator('[data-count="arrived"]').inner_text() == "4"
    # The same badge again, or one checked in online: already checked in, nothing queued.
    for code in (badge_token(registrations[0]), badge_token(online)):
        scan(page, code)
        page.locator(".desk-card[data-outcome=already_checked_in]").wait_for()
        page.locator("#desk-result").evaluate("(element) => element.replaceChildren()")
    # A code not in the list: refused on the device, in the desk's language.
    scan(page, "TF32-999:FORGEDFORGEDFORGEDFORGED00")
    unknown = page.locator(".desk-card[data-outcome=unknown]")
    unknown.wait_for()
    assert "non è nell’elenco scaricato" in unknown.inner_text()
    assert page.locator("#desk-queue").get_attribute("data-count") == "3"
    assert CheckIn.objects.count() == 1
    assert_accessible(page, "the desk offline")

    page.context.set_offline(False)
    page.locator('#desk-queue[data-count="0"]').wait_for()
    assert panel.get_attribute("data-network") == "online"
    synced = page.locator("#desk-synced .desk-synced-item[data-outcome=checked_in]")
    assert synced.count() == 3
    assert "Inviato" in synced.first.inner_text()
    assert_accessible(page, "the desk back online, check-ins sent")
    check_ins = CheckIn.objects.filter(session=session)
    offline_check_ins = check_ins.filter(method=CheckInMethod.OFFLINE)
    assert {c.registration_id for c in offline_check_ins} == {r.pk for r in registrations}
    assert check_ins.count() == 4
    assert OfflineScan.objects.count() == 3
    # Synced once: another round sends nothing more.
    page.locator("#desk-sync-now").click()
    page.wait_for_timeout(500)
    assert page.locator("#desk-synced .desk-synced-item").count() == 3
    assert OfflineScan.objects.count() == 3


def test_a_server_that_does_not_answer_is_met_by_the_list_and_logout_wipes_it(page, live_server):
    session = SessionFactory(number=33, under_way=True)
    registration = RegistrationFactory(session=session)
    behind_the_gateway = RussianRegistrationFactory(session=session)
    desk_user()
    log_in_to_the_desk(page, live_server, session, language="ru")
    page.locator('#desk-offline[data-list-state="ready"]').wait_for()

    # The venue's network is up but the way out is not: the scan gets no answer.
    page.route("**/scan/", lambda route: route.abort())
    page.route("**/offline/sync/", lambda route: route.abort())
    scan(page, badge_token(registration))
    card = page.locator(".desk-card[data-outcome=queued]")
    card.wait_for()
    assert "ждёт отправки" in card.inner_text()
    assert page.locator("#desk-offline").get_attribute("data-network") == "offline"
    assert page.locator("#desk-queue").get_attribute("data-count") == "1"
    # A gateway whose server does not answer (503) counts as no network too.
    page.unroute("**/scan/")
    page.route("**/scan/", lambda route: route.fulfill(status=503, body="Service Unavailable"))
    page.locator("#desk-result").evaluate("(element) => element.replaceChildren()")
    scan(page, badge_token(behind_the_gateway))
    page.locator(".desk-card[data-outcome=queued]").wait_for()
    assert page.locator("#desk-queue").get_attribute("data-count") == "2"

    # Signed out meanwhile: the desk says so and keeps the queue.
    page.unroute("**/offline/sync/")
    page.route("**/offline/sync/", lambda route: route.fulfill(status=403, body="Forbidden"))
    page.locator("#desk-sync-now").click()
    page.get_by_text("войдите снова").wait_for()
    assert page.locator("#desk-queue").get_attribute("data-count") == "2"

    page.unroute("**/scan/")
    page.unroute("**/offline/sync/")
    page.locator("#desk-sync-now").click()
    page.locator('#desk-queue[data-count="0"]').wait_for()
    assert {check_in.method for check_in in CheckIn.objects.all()} == {CheckInMethod.OFFLINE}
    assert CheckIn.objects.count() == 2

    # A list past its time is not used: wiped, and the desk says so.
    page.evaluate(
        """() => {
            const key = 'taskforce.desk.33.list';
            const list = JSON.parse(localStorage.getItem(key));
            list.expires_at = '2020-01-01T00:00:00Z';
            localStorage.setItem(key, JSON.stringify(list));
        }"""
    )
    page.context.set_offline(True)
    page.reload()
    page.locator('#desk-offline[data-list-state="expired"]').wait_for()
    scan(page, badge_token(registration))
    assert "истёк" in page.locator(".desk-card[data-outcome=expired]").inner_text()
    assert page.evaluate("localStorage.getItem('taskforce.desk.33.list')") is None
    page.context.set_offline(False)
    page.locator('#desk-offline[data-list-state="ready"]').wait_for()

    stored = "Object.keys(localStorage).filter((key) => key.startsWith('taskforce.desk.33.'))"
    assert page.evaluate(stored)
    page.goto(f"{live_server.url}/admin/")
    # A check-in still waiting to be sent (the network dropped again): the first "Log out"
    # says that logging out deletes it, and keeps everything.
    page.evaluate(
        """() => localStorage.setItem(
            'taskforce.desk.33.queue', JSON.stringify([{scan_id: 'waiting-scan-0001'}]))"""
    )
    warning = page.locator("#desk-logout-warning")
    assert not warning.is_visible()
    page.locator("#logout-form button").click()
    warning.wait_for(state="visible")
    assert any(
        words in warning.text_content()
        for words in ("ещё не отправлены", "non sono ancora stati inviati", "not been sent yet")
    )
    assert page.evaluate(stored)
    # Logging out again: everything the desk kept on the device is wiped.
    page.locator("#logout-form button").click()
    page.wait_for_load_state()
    assert page.evaluate(stored) == []
    assert page.evaluate("caches.keys()") == []


def test_the_downloaded_list_s_dates_elide_the_italian_article(page, live_server):
    """«Scaricato l’8 marzo …, utilizzabile fino all’11 marzo …»: the desk writes the dates of
    its list in the browser, with the article elided as the server's pages do."""
    session = SessionFactory(number=34, under_way=True)
    RegistrationFactory(session=session)
    desk_user()
    log_in_to_the_desk(page, live_server, session)
    page.locator('#desk-offline[data-list-state="ready"]').wait_for()
    year = session.start_date.year + 1
    page.evaluate(
        f"""() => {{
            const key = 'taskforce.desk.34.list';
            const list = JSON.parse(localStorage.getItem(key));
            list.issued_at = '{year}-03-08T09:00:00Z';
            list.expires_at = '{year}-03-11T09:00:00Z';
            localStorage.setItem(key, JSON.stringify(list));
        }}"""
    )
    # The page reloads offline only once the service worker is in control (see above).
    assert page.evaluate(
        """() => navigator.serviceWorker.controller !== null || new Promise((resolve) =>
            navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))"""
    )
    page.context.set_offline(True)
    page.reload()
    page.locator('#desk-offline[data-list-state="ready"]').wait_for()
    list_status = page.locator("#desk-list-status").inner_text()
    assert "Scaricato l’8 marzo alle 10:00, utilizzabile fino all’11 marzo alle 10:00" in (
        list_status
    ), list_status
