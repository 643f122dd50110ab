"""The historical record: every edition of editions.csv loaded, idempotently, with what the
sources say and nothing they do not; its page, the session page's sources and figures, the
CSV, and the admin where staff correct it."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from sessions_app.models import (
    Confidence,
    DatePrecision,
    Edition,
    EditionSource,
    EditionStatus,
    FigureKind,
    ReportedFigure,
    Session,
)
from sessions_app.services.history import EDITIONS_CSV, FIGURES_CSV, load_history
from staff.roles import ORGANIZERS, VIEWERS
from tests.factories import PastSessionFactory, UserFactory
from tests.helpers import log_in


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def csv_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _field_value(bound_field):
    value = bound_field.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    return value


def change_form_data(response):
    """What the admin's change form would post back unchanged, inlines included."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _field_value(form[name])
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = _field_value(inline_form[name])
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    return data


@pytest.fixture
def history(reference_data):
    load_history()


# Each edition that sources date and place: (number, attempt) -> start, end, city (it, ru),
# region. Written out here, not read from the file, so that a change of the data shows.
SOURCED = {
    (8, 1): ("2005-10-26", "2005-10-27", "Ancona", "Анкона", "IT-57"),
    (12, 1): ("2007-10-25", "2007-10-26", "Napoli", "Неаполь", "IT-72"),
    (14, 1): ("2008-10-27", "2008-10-28", "Sanremo", "Сан-Ремо", "IT-42"),
    (15, 1): ("2009-12-10", "2009-12-11", "Venezia", "Венеция", "IT-34"),
    (17, 1): ("2010-11-18", "2010-11-19", "Bari", "Бари", "IT-75"),
    (18, 1): ("2011-05-26", "2011-05-27", "Ul’janovsk", "Ульяновск", "RU-ULY"),
    (19, 1): ("2011-10-20", "2011-10-22", "Catania", "Катания", "IT-82"),
    (21, 1): (
        "2012-10-23",
        "2012-10-26",
        "San Benedetto del Tronto",
        "Сан-Бенедетто-дель-Тронто",
        "IT-57",
    ),
    (22, 1): ("2013-05-27", "2013-05-30", "Nižnij Novgorod", "Нижний Новгород", "RU-NIZ"),
    (23, 1): ("2013-11-12", "2013-11-13", "Torino", "Турин", "IT-21"),
    (25, 1): ("2016-12-01", "2016-12-02", "Bergamo", "Бергамо", "IT-25"),
    (26, 1): ("2017-10-12", "2017-10-13", "Ekaterinburg", "Екатеринбург", "RU-SVE"),
    (27, 1): ("2018-11-29", "2018-11-30", "Firenze", "Флоренция", "IT-52"),
    (28, 1): ("2019-10-29", "2019-10-30", "Kaliningrad", "Калининград", "RU-KGD"),
}


@pytest.mark.django_db
def test_load_history_loads_every_row_of_the_data(history):
    rows = csv_rows(EDITIONS_CSV)
    assert Edition.objects.count() == len(rows) == 29
    # The numbering is whole: I to XXVIII, XXVIII twice (postponed, then online).
    assert sorted(set(Edition.objects.values_list("number", flat=True))) == list(range(1, 29))
    for row in rows:
        edition = Edition.objects.filter(number=int(row["number"])).order_by("sequence")
        urls = set(row["sources"].split())
        assert urls <= {
            url for item in edition for url in item.sources.values_list("url", flat=True)
        }
    assert EditionSource.objects.count() == sum(len(row["sources"].split()) for row in rows)
    assert ReportedFigure.objects.count() == len(csv_rows(FIGURES_CSV))


@pytest.mark.django_db
def test_load_history_is_idempotent(reference_data):
    first = run("load_history")
    assert "editions: 29 created" in first
    second = run("load_history")
    assert "0 created, 0 updated" in second
    for kind, count in (("editions", 29), ("sources", 56), ("figures", 33), ("sessions", 14)):
        assert f"{kind}: 0 created, 0 updated, {count} unchanged" in second
    assert Edition.objects.count() == 29
    assert Session.objects.count() == 14


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(SOURCED))
def test_each_sourced_edition_keeps_its_date_and_city(history, key):
    start, end, city_it, city_ru, region = SOURCED[key]
    edition = Edition.objects.get(number=key[0], sequence=key[1])
    assert edition.confidence == Confidence.SOURCED
    assert edition.date_precision == DatePrecision.DAY
    assert (str(edition.start_date), str(edition.end_date)) == (start, end)
    assert (edition.city_it, edition.city_ru, edition.host_region.code) == (
        city_it,
        city_ru,
        region,
    )
    if edition.status == EditionStatus.HELD:
        assert (str(edition.session.start_date), edition.session.city_it) == (start, city_it)


@pytest.mark.django_db
def test_what_the_sources_do_not_say_stays_unknown(history):
    rome = Edition.objects.get(number=4)  # 28 July, year not established
    assert (rome.city_it, rome.date_precision, rome.year, rome.start_date) == (
        "Roma",
        DatePrecision.UNKNOWN,
        None,
        None,
    )
    assert rome.session is None
    kaluga = Edition.objects.get(number=16)
    assert (kaluga.date_precision, kaluga.year, kaluga.start_date) == (
        DatePrecision.YEAR,
        2010,
        None,
    )
    for number in (1, 2, 3, 5, 6, 7):
        edition = Edition.objects.get(number=number)
        assert not edition.has_public_record
        assert (edition.city_it, edition.host_country, edition.year) == ("", "", None)
    for number in (9, 10, 11, 13, 20, 24):
        # A year or a country inferred from the alternation, with sources that tell of them:
        # more than a number, though no session in the portal.
        edition = Edition.objects.get(number=number)
        assert edition.confidence == Confidence.INFERRED
        assert edition.has_public_record
        assert edition.session is None
    with translation.override("en"):
        assert Edition.objects.get(number=1).dates_display == "date unknown"
        assert Edition.objects.get(number=1).place_display == "place unknown"
        assert Edition.objects.get(number=9).dates_display == "2006"


@pytest.mark.django_db
def test_the_postponed_and_the_online_xxviii_are_both_on_record(history):
    postponed, online = Edition.objects.filter(number=28).order_by("sequence")
    assert postponed.status == EditionStatus.POSTPONED and not postponed.is_online
    assert postponed.session is None
    assert online.status == EditionStatus.HELD and online.is_online
    assert (online.city_it, online.host_region) == ("", None)
    assert online.confidence == Confidence.INFERRED
    assert not Session.objects.filter(number=28).exists()


@pytest.mark.django_db
def test_a_correction_by_staff_is_never_overwritten(history, admin_client):
    bari = Edition.objects.get(number=17)
    url = reverse("admin:sessions_app_edition_change", args=[bari.pk])
    response = admin_client.get(url)
    data = change_form_data(response)
    data["venue"] = "Teatro Petruzzelli"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    bari.refresh_from_db()
    assert bari.venue == "Teatro Petruzzelli"
    assert bari.history.filter(history_user__isnull=False).exists()
    assert "1 kept as corrected by staff" in run("load_history")
    bari.refresh_from_db()
    assert bari.venue == "Teatro Petruzzelli"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [VIEWERS, ORGANIZERS])
def test_viewers_and_organizers_cannot_change_the_record(history, client, role):
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    log_in(client, user)
    bari = Edition.objects.get(number=17)
    url = reverse("admin:sessions_app_edition_change", args=[bari.pk])
    assert client.get(url).status_code == 200  # they read it
    response = client.post(url, {"number": 17, "sequence": 1, "venue": "Elsewhere"})
    assert response.status_code == 403
    bari.refresh_from_db()
    assert bari.venue == ""
    assert client.get(reverse("admin:sessions_app_edition_add")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "ru", "en"])
def test_the_history_page_lists_every_edition_in_each_language(history, client, language):
    response = client.get(f"/{language}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    for number in range(1, 29):
        assert f'id="edition-{number}-1"' in page
    assert 'id="edition-28-2"' in page
    with translation.override(language):
        from django.utils.translation import gettext

        assert gettext("No public record found") in page
        assert gettext("Postponed") in page
        assert gettext("date unknown") in page
    assert "https://it.rbth.com/articles/2010/07/02/" in page  # sources are links


@pytest.mark.django_db
def test_the_session_page_shows_both_figures_where_sources_disagree(history, client):
    page = client.get("/en/sessions/25/").content.decode()
    # The ministry counted about 83 Russians; ANSA expected 85: both, each with its source.
    assert "about 83" in page and "85" in page
    assert "sviluppoeconomico.gov.it" in page and "ansa.it" in page
    assert "sources disagree" in page
    # Kept apart from what the portal itself counts.
    assert "not counted by the portal" in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_the_history_page_makes_a_constant_number_of_queries(
    reference_data, client, django_assert_num_queries, count
):
    load_history()
    Edition.objects.filter(number__gt=count).delete()
    Session.objects.filter(number__gt=count).delete()
    for number in range(count):  # the portal's own sessions, after the record's editions
        PastSessionFactory(number=100 + number)
    # The editions, their sources and figures; the portal's sessions off the record; the
    # sessions held counted as the statistics page counts them (two).
    with django_assert_num_queries(6):
        response = client.get("/it/history/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-3"') == 2 * count


@pytest.mark.django_db
def test_the_history_csv_has_one_row_per_edition(history, client):
    response = client.get("/it/history.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 29
    bergamo = next(row for row in rows if row["number"] == "25")
    assert (bergamo["start_date"], bergamo["city_ru"], bergamo["region_code"]) == (
        "2016-12-01",
        "Бергамо",
        "IT-25",
    )
    assert "russian_participants=85" in bergamo["reported_figures"]
    first = next(row for row in rows if row["number"] == "1")
    assert (first["public_record_found"], first["date_precision"]) == ("no", "unknown")


@pytest.mark.django_db
def test_an_edition_is_checked_before_it_is_saved(reference_data):
    from django.core.exceptions import ValidationError

    edition = Edition(number=40, date_precision=DatePrecision.DAY)
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "start_date" in error.value.message_dict
    edition = Edition(
        number=40, date_precision=DatePrecision.YEAR, year=2020,
        start_date=datetime.date(2021, 1, 5),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "year" in error.value.message_dict
    assert FigureKind.PARTICIPANTS.label
