"""A new session in the admin, in a browser: choosing a Russian region proposes its time
zone (round 5, R20: a session in Novosibirsk kept «Europe/Rome», five hours off)."""

import pytest

from sessions_app.models import Country, RegionKind, Session
from tests.e2e.test_admin_layout import staff_page
from tests.factories import RegionFactory, italian_region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _choose_region(page, typed, name):
    page.click("#id_host_region + .select2 .select2-selection")
    page.fill(".select2-search__field", typed)
    # The results come from the autocomplete view: wait for the region's own row.
    page.click(f".select2-results__option:has-text('{name}')")
    page.wait_for_function(
        "name => document.querySelector('#id_host_region option:checked')?.textContent === name",
        arg=name,
    )


def test_choosing_the_region_proposes_its_zone(browser, live_server):
    italian_region()
    RegionFactory(
        code="RU-NVS",
        country=Country.RUSSIA,
        kind=RegionKind.OBLAST,
        name_it="Regione di Novosibirsk",
        name_ru="Новосибирская область",
        name_en="Novosibirsk Oblast",
    )
    page = staff_page(browser, live_server, "it", "desktop")
    page.goto(f"{live_server.url}/admin/sessions_app/session/add/")
    assert page.input_value("#id_time_zone") == "Europe/Rome"
    options = page.eval_on_selector_all("#id_time_zone option", "os => os.map(o => o.value)")
    assert "Africa/Abidjan" not in options and "Asia/Novosibirsk" in options

    page.fill("#id_number", "32")
    page.select_option("#id_host_country", "RU")
    _choose_region(page, "Novosib", "Regione di Novosibirsk")
    assert page.input_value("#id_time_zone") == "Asia/Novosibirsk"
    page.fill("#id_city_it", "Novosibirsk")
    page.fill("#id_city_ru", "Новосибирск")
    page.fill("#id_start_date", "2028-05-20")
    page.fill("#id_end_date", "2028-05-21")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    session = Session.objects.get(number=32)
    assert session.time_zone == "Asia/Novosibirsk"
    assert "UTC+7" in page.content()

    # Back to an Italian region: Rome's zone again.
    _choose_region(page, "Lombard", "Lombardia")
    assert page.input_value("#id_time_zone") == "Europe/Rome"


def test_opening_a_session_never_replaces_its_stored_zone(browser, live_server):
    """The admin fires "change" on every related field as the page loads: the region's
    proposal replaced the stored zone of every session opened (Europe/Moscow for Kirov, whose
    capital keeps Europe/Kirov at the same offset), and the programme's times were then read
    in the new zone on saving. Only a region staff change proposes a zone."""
    from tests.factories import KazanSessionFactory

    kirov = RegionFactory(
        code="RU-KIR",
        country=Country.RUSSIA,
        kind=RegionKind.OBLAST,
        name_it="Regione di Kirov",
        name_ru="Кировская область",
        name_en="Kirov Oblast",
    )
    session = KazanSessionFactory(
        number=33,
        host_region=kirov,
        city_it="Kirov",
        city_ru="Киров",
        city_en="Kirov",
        time_zone="Europe/Moscow",
    )
    page = staff_page(browser, live_server, "it", "desktop")
    page.goto(f"{live_server.url}/admin/sessions_app/session/{session.pk}/change/")
    page.wait_for_load_state("load")
    assert page.input_value("#id_time_zone") == "Europe/Moscow"
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    session.refresh_from_db()
    assert session.time_zone == "Europe/Moscow"
