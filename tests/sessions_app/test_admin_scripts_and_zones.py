"""The session's page in the admin: Russian fields in Cyrillic, Italian ones in Latin letters
(round 5, R7), and the time zone of the host country and region (R20)."""

import csv
import datetime
import json
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions_app.models import Country, Region, RegionKind, Session, SessionInstitution
from sessions_app.services.reference import REGIONS_CSV
from sessions_app.time_zones import RUSSIAN_REGION_ZONES, country_zones, proposed_zone
from tests.factories import RegionFactory, RussianSessionFactory, italian_region
from tests.roles import role_member

ADD = "admin:sessions_app_session_add"


def novosibirsk():
    return RegionFactory(
        code="RU-NVS",
        country=Country.RUSSIA,
        kind=RegionKind.OBLAST,
        name_it="Regione di Novosibirsk",
        name_ru="Новосибирская область",
        name_en="Novosibirsk Oblast",
    )


def _form(region, **overrides):
    data = {
        "number": "32",
        "status": "planned",
        "host_country": region.country,
        "host_region": str(region.pk),
        "city_it": "Milano",
        "city_ru": "Милан",
        "city_en": "Milan",
        "venue": "Palazzo Lombardia",
        "venue_ru": "Палаццо Ломбардия",
        "venue_en": "Palazzo Lombardia",
        "time_zone": "Europe/Rome",
        "start_date": "2028-05-20",
        "end_date": "2028-05-21",
        "date_precision": "day",
        "registration_opens_0": "",
        "registration_opens_1": "",
        "registration_closes_0": "",
        "registration_closes_1": "",
        "italian_cochair_name": "Mario Rossi",
        "italian_cochair_name_cyrillic": "Марио Росси",
        "russian_cochair_name": "Иван Петров",
        "russian_cochair_title": "Директор Департамента",
    }
    for prefix in ("institutions", "thematic_tables", "programme_items"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def _institution(country, **values):
    row = {
        "country": country,
        "position": "1",
        "name_it": "Ministero dello Sviluppo Economico della Federazione Russa",
        "name_ru": "Министерство экономического развития Российской Федерации",
        "signatory_name": "Иван Петров",
        **values,
    }
    data = {f"institutions-0-{key}": value for key, value in row.items()}
    data.update({"institutions-TOTAL_FORMS": "1", "institutions-INITIAL_FORMS": "0"})
    return data


@pytest.fixture
def admin(client, db):
    client.force_login(role_member("Ministry administrators", "ministry"))
    return client


def _post(client, data, language="it"):
    return client.post(reverse(ADD), data, HTTP_ACCEPT_LANGUAGE=language)


# --- R7: scripts --------------------------------------------------------------------------


def test_latin_in_the_russian_fields_is_refused_with_the_input_kept(admin):
    response = _post(
        admin,
        _form(
            italian_region(),
            city_ru="Milan",
            russian_cochair_name="Ivan Petrov",
            venue_ru="Palazzo Lombardia, Milan",
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"city_ru", "russian_cochair_name", "venue_ru"}
    assert errors["city_ru"] == ["Scriva questo nome in caratteri cirillici."]
    assert errors["venue_ru"][0].startswith("Scriva questo campo in russo, in caratteri cirillici")
    page = response.content.decode()
    assert 'value="Milan"' in page and 'value="Ivan Petrov"' in page
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "Напишите это имя кириллицей."),
        ("en", "Write this name in Cyrillic letters."),
    ],
)
def test_the_error_is_translated(admin, language, message):
    response = _post(admin, _form(italian_region(), city_ru="Milan"), language)
    assert response.context["adminform"].form.errors["city_ru"] == [message]


def test_cyrillic_in_the_italian_fields_is_refused(admin):
    response = _post(
        admin,
        _form(
            italian_region(),
            city_it="Милан",
            italian_cochair_name="Марио Росси",
            russian_cochair_name_latin="Иван Петров",
        ),
    )
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"city_it", "italian_cochair_name", "russian_cochair_name_latin"}
    assert errors["city_it"] == ["Scriva questo nome in caratteri latini."]


def test_russian_text_with_latin_names_and_abbreviations_is_accepted(admin):
    response = _post(
        admin,
        _form(
            italian_region(),
            venue_ru="Конгресс-центр «MiCo», зал A1 (B2B)",
            russian_cochair_title="Директор Департамента развития МСП, ANCE",
        ),
    )
    assert response.status_code == 302
    session = Session.objects.get(number=32)
    assert session.venue_ru == "Конгресс-центр «MiCo», зал A1 (B2B)"


def test_the_signatory_of_a_russian_institution_is_written_in_cyrillic(admin):
    data = _form(italian_region(), **_institution("RU", signatory_name="Ivan Petrov"))
    response = _post(admin, data)
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0].formset
    assert inline.forms[0].errors["signatory_name"] == [
        "Scriva questo nome in caratteri cirillici."
    ]
    assert not Session.objects.exists()

    data = _form(
        italian_region(),
        **_institution(
            "RU", signatory_name="Иван Петров", signatory_name_other_script="Ivan Petrov"
        ),
    )
    assert _post(admin, data).status_code == 302
    institution = SessionInstitution.objects.get()
    assert institution.signatory.latin == "Ivan Petrov"


def test_the_signatory_of_an_italian_institution_is_written_in_latin_letters(admin):
    data = _form(
        italian_region(),
        **_institution(
            "IT",
            name_it="Ministero delle Imprese",
            name_ru="Министерство предприятий",
            signatory_name="Марио Росси",
        ),
    )
    response = _post(admin, data)
    inline = response.context["inline_admin_formsets"][0].formset
    assert "signatory_name" in inline.forms[0].errors


def test_the_russian_moderator_is_written_in_cyrillic(admin):
    row = {
        "name_it": "Meccanica",
        "name_ru": "Машиностроение",
        "sector": "mechanics",
        "russian_moderator_name": "Olga Kuznetsova",
        "italian_moderator_name": "Paolo Ferrari",
        "italian_moderator_title_ru": "UCIMU – Ассоциация производителей станков",
        "position": "1",
    }
    data = _form(italian_region(), **{f"thematic_tables-0-{k}": v for k, v in row.items()})
    data.update({"thematic_tables-TOTAL_FORMS": "1", "thematic_tables-INITIAL_FORMS": "0"})
    response = _post(admin, data)
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    errors = formsets["thematic_tables"].forms[0].errors
    assert set(errors) == {"russian_moderator_name"}


def test_the_demo_and_historical_data_stay_valid(db):
    from django.core.management import call_command

    from sessions_app.models import Edition, ProgrammeItem, ThematicTable

    call_command("load_reference_data", verbosity=0)
    call_command("load_history", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    checked = 0
    for model in (Session, SessionInstitution, ThematicTable, ProgrammeItem, Edition):
        for row in model.objects.all():
            row.full_clean()
            checked += 1
    assert checked > 60
    # The historical record follows the same rule when staff correct it.
    edition = Edition.objects.exclude(city_ru="").first()
    edition.city_ru = "Ancona"
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert set(error.value.message_dict) == {"city_ru"}


# --- R20: time zones ----------------------------------------------------------------------


def test_a_session_in_russia_does_not_keep_the_zone_of_rome(admin):
    region = novosibirsk()
    data = _form(
        region,
        city_it="Novosibirsk",
        city_ru="Новосибирск",
        city_en="Novosibirsk",
        venue="",
        venue_ru="",
        venue_en="",
    )
    response = _post(admin, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["time_zone"] == [
        "Europe/Rome non è un fuso orario del Paese ospitante (Russia): la regione ospitante "
        "(Regione di Novosibirsk) ha il fuso Asia/Novosibirsk."
    ]
    assert not Session.objects.exists()

    # Moscow time is a Russian zone, but not Novosibirsk's (UTC+3, not UTC+7).
    response = _post(admin, {**data, "time_zone": "Europe/Moscow"})
    assert "Asia/Novosibirsk" in response.context["adminform"].form.errors["time_zone"][0]

    response = _post(admin, {**data, "time_zone": "Asia/Novosibirsk"})
    assert response.status_code == 302
    session = Session.objects.get(number=32)
    assert session.utc_offsets_display == "UTC+7"


def test_a_session_in_italy_keeps_the_zone_of_rome(admin):
    response = _post(admin, _form(italian_region(), time_zone="Europe/Moscow"))
    assert response.context["adminform"].form.errors["time_zone"] == [
        "Europe/Moscow non è un fuso orario del Paese ospitante (Italia): la regione ospitante "
        "(Lombardia) ha il fuso Europe/Rome."
    ]
    assert _post(admin, _form(italian_region())).status_code == 302


def test_a_zone_of_the_same_time_as_the_region_is_accepted(db):
    # Kirov and Moscow keep the same time: Europe/Moscow for Kirov Oblast shows right times.
    region = RegionFactory(code="RU-KIR", country=Country.RUSSIA, kind=RegionKind.OBLAST)
    session = RussianSessionFactory(host_region=region, time_zone="Europe/Moscow")
    assert session.time_zone_error() is None


def test_the_select_offers_the_zones_of_italy_and_russia(admin):
    region = novosibirsk()
    italy = italian_region()
    response = admin.get(reverse(ADD), HTTP_ACCEPT_LANGUAGE="it")
    field = response.context["adminform"].form.fields["time_zone"]
    zones = [value for value, _label in field.choices if value]
    assert zones[0] == "Europe/Rome"
    assert set(zones) == {"Europe/Rome", *country_zones("RU")}
    assert "Africa/Abidjan" not in zones and "Europe/Simferopol" not in zones
    labels = dict(field.choices)
    assert labels["Europe/Rome"] == "Italia – Europe/Rome, UTC+1/UTC+2"
    assert labels["Asia/Novosibirsk"] == "Russia – Asia/Novosibirsk, UTC+7"
    # Choosing the region proposes its zone (static/js/session_time_zone.js).
    widget_zones = json.loads(field.widget.attrs["data-region-zones"])
    assert widget_zones[str(region.pk)] == "Asia/Novosibirsk"
    assert widget_zones[str(italy.pk)] == "Europe/Rome"
    assert "js/session_time_zone.js" in response.content.decode()
    assert "Scelta la regione, viene proposto il suo fuso" in str(field.help_text)

    response = _post(admin, _form(italy, time_zone="Africa/Abidjan"))
    assert "time_zone" in response.context["adminform"].form.errors


def test_every_region_the_portal_knows_has_a_zone_of_its_country():
    with REGIONS_CSV.open(encoding="utf-8") as rows:
        regions = [Region(code=row["code"], country=row["country"]) for row in csv.DictReader(rows)]
    russian = {region.code for region in regions if region.country == Country.RUSSIA}
    assert len(russian) == 83
    assert set(RUSSIAN_REGION_ZONES) == russian
    offsets = set()
    for region in regions:
        zone = proposed_zone(region)
        assert zone in country_zones(region.country), region.code
        noon = datetime.datetime(2027, 1, 15, 12)
        offsets.add(zoneinfo.ZoneInfo(zone).utcoffset(noon).total_seconds() / 3600)
    # Italy (UTC+1 in winter) and Russia from Kaliningrad (UTC+2) to Kamchatka (UTC+12).
    assert offsets == {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("RU-TA", "Europe/Moscow"),
        ("RU-SVE", "Asia/Yekaterinburg"),
        ("RU-PRI", "Asia/Vladivostok"),
        ("RU-KGD", "Europe/Kaliningrad"),
        ("RU-NVS", "Asia/Novosibirsk"),
        ("IT-25", "Europe/Rome"),
    ],
)
def test_the_zone_proposed_for_a_region(code, zone):
    assert proposed_zone(Region(code=code, country=code[:2])) == zone
