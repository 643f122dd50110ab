import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from sessions_app.models import ProgrammeItem, ProgrammeItemKind, ThematicTable
from tests.factories import (
    ProgrammeItemFactory,
    RussianSessionFactory,
    SessionFactory,
    ThematicTableFactory,
    session_local_time,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return RussianSessionFactory(
        number=26,
        start_date=datetime.date(2030, 10, 10),
        end_date=datetime.date(2030, 10, 11),
        registration_opens=None,
        registration_closes=None,
    )


def _change_url(session):
    return reverse("admin:sessions_app_session_change", args=[session.pk])


def _session_data(session):
    return {
        "number": str(session.number),
        "status": session.status,
        "host_country": session.host_country,
        "host_region": str(session.host_region_id),
        "city_it": session.city_it,
        "city_ru": session.city_ru,
        "city_en": session.city_en,
        "venue": session.venue,
        "time_zone": session.time_zone,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "date_precision": session.date_precision,
        "registration_opens_0": "",
        "registration_opens_1": "",
        "registration_closes_0": "",
        "registration_closes_1": "",
    }


def _formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def _item_row(day, start, end, *, item=None, **values):
    row = {
        "id": item.pk if item else "",
        "kind": ProgrammeItemKind.PLENARY,
        "title_it": "Sessione plenaria",
        "title_ru": "Пленарное заседание",
        "title_en": "",
        "starts_at_0": day,
        "starts_at_1": start,
        "ends_at_0": day,
        "ends_at_1": end,
        "place_it": "",
        "place_ru": "",
        "table": "",
        "capacity": "",
    }
    row.update(values)
    return row


def _post(client, session, items=(), tables=(), initial_items=0, language="en"):
    data = _session_data(session)
    data.update(_formset("institutions", []))
    data.update(_formset("thematic_tables", list(tables)))
    data.update(_formset("programme_items", list(items), initial=initial_items))
    return client.post(_change_url(session), data, HTTP_ACCEPT_LANGUAGE=language)


def _inline_errors(response):
    formset = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "programme_items"
    )
    return [form.errors for form in formset.formset.forms]


def test_staff_build_tables_and_items_inline_in_the_host_time_zone(admin_client, session):
    table_row = {
        "id": "",
        "name_it": "Edilizia",
        "name_ru": "Строительство",
        "name_en": "Building",
        "sector": "building",
        "capacity": "60",
        "position": "1",
        "italian_moderator_name": "Giulia Bianchi",
        "italian_moderator_title": "",
        "russian_moderator_name": "Алексей Смирнов",
        "russian_moderator_title": "",
        "description_it": "",
        "description_ru": "",
        "description_en": "",
    }
    items = [
        _item_row("2030-10-10", "10:00", "12:30", place_it="Sala plenaria"),
        _item_row(
            "2030-10-11",
            "09:00",
            "13:00",
            kind=ProgrammeItemKind.COMPANY_VISIT,
            title_it="Visita",
            title_ru="Визит",
            capacity="25",
        ),
    ]
    response = _post(admin_client, session, items=items, tables=[table_row])
    assert response.status_code == 302, _inline_errors(response)
    assert session.thematic_tables.get().name_ru == "Строительство"
    plenary, visit = session.programme_items.in_order()
    # Typed as 10:00 in Ekaterinburg (UTC+5): 05:00 UTC.
    assert plenary.starts_at == datetime.datetime(2030, 10, 10, 5, tzinfo=datetime.UTC)
    assert visit.capacity == 25


def test_change_page_lists_items_by_time_in_the_host_time_zone(admin_client, session):
    late = ProgrammeItemFactory(
        session=session,
        starts_at=session_local_time(session, 1, 9),
        ends_at=session_local_time(session, 1, 10),
    )
    early = ProgrammeItemFactory(session=session)
    response = admin_client.get(_change_url(session), HTTP_ACCEPT_LANGUAGE="en")
    formset = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "programme_items"
    )
    assert [form.instance for form in formset.formset.forms] == [early, late]
    content = response.content.decode()
    assert "Asia/Yekaterinburg" in content
    assert 'value="10:00"' in content


def test_overlapping_items_in_the_same_place_get_a_field_error_in_russian(admin_client, session):
    items = [
        _item_row("2030-10-10", "10:00", "12:00", place_it="Sala A", title_it="Tavolo A"),
        _item_row("2030-10-10", "11:00", "13:00", place_it="Sala A", title_it="Tavolo B"),
    ]
    response = _post(admin_client, session, items=items, language="ru")
    assert response.status_code == 200
    errors = _inline_errors(response)
    assert errors[0] == {}
    assert errors[1]["place_it"] == [
        "Место «Sala A» уже занято с 10:00 до 12:00: «Пленарное заседание»."
    ]
    assert not ProgrammeItem.objects.exists()
    assert 'value="Tavolo B"' in response.content.decode()


def test_overlap_with_an_item_already_saved_is_found(admin_client, session):
    saved = ProgrammeItemFactory(session=session, place_it="Sala A")
    items = [
        _item_row("2030-10-10", "10:00", "11:00", item=saved, place_it="Sala A"),
        _item_row("2030-10-10", "10:30", "11:30", place_it="sala a"),
    ]
    response = _post(admin_client, session, items=items, initial_items=1)
    assert response.status_code == 200
    assert "place_it" in _inline_errors(response)[1]


def test_items_may_swap_their_slots_in_one_submission(admin_client, session):
    first = ProgrammeItemFactory(session=session, place_it="Sala A")
    second = ProgrammeItemFactory(
        session=session,
        place_it="Sala A",
        starts_at=session_local_time(session, 0, 11),
        ends_at=session_local_time(session, 0, 12),
    )
    items = [
        _item_row("2030-10-10", "11:00", "12:00", item=first, place_it="Sala A"),
        _item_row("2030-10-10", "10:00", "11:00", item=second, place_it="Sala A"),
    ]
    response = _post(admin_client, session, items=items, initial_items=2)
    assert response.status_code == 302, _inline_errors(response)
    first.refresh_from_db()
    assert first.local_starts_at.hour == 11


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            _item_row("2030-10-12", "10:00", "11:00"),
            "starts_at",
            "La sessione si tiene nei giorni 10–11 ottobre 2030: "
            "la voce deve cadere in questi giorni.",
        ),
        (
            _item_row("2030-10-10", "11:00", "10:00"),
            "ends_at",
            "Una voce del programma deve terminare dopo il suo inizio.",
        ),
    ],
)
def test_invalid_items_get_field_errors_in_italian(admin_client, session, row, field, message):
    response = _post(admin_client, session, items=[row], language="it")
    assert response.status_code == 200
    assert _inline_errors(response)[0][field] == [message]


def test_a_table_of_another_session_cannot_be_chosen(admin_client, session):
    foreign = ThematicTableFactory(session=SessionFactory())
    own = ThematicTableFactory(session=session)
    row = _item_row("2030-10-10", "10:00", "11:00", table=foreign.pk)
    response = _post(admin_client, session, items=[row])
    assert "table" in _inline_errors(response)[0]
    row = _item_row("2030-10-10", "10:00", "11:00", table=own.pk)
    assert _post(admin_client, session, items=[row]).status_code == 302


def test_change_page_queries_do_not_grow_with_items(
    admin_client, session, django_assert_max_num_queries
):
    tables = ThematicTableFactory.create_batch(3, session=session)
    for index in range(200):
        ProgrammeItemFactory(session=session, table=tables[index % 3])
    with django_assert_max_num_queries(40):
        response = admin_client.get(_change_url(session))
    assert response.status_code == 200


def test_duplicate_action_opens_the_copy_form_for_one_session(admin_client, session):
    changelist = reverse("admin:sessions_app_session_changelist")
    response = admin_client.post(
        changelist, {"action": "duplicate_programme_action", "_selected_action": [session.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:sessions_app_session_duplicate_programme", args=[session.pk]
    )


def test_duplicate_action_refuses_several_sessions(admin_client, session):
    other = SessionFactory()
    response = admin_client.post(
        reverse("admin:sessions_app_session_changelist"),
        {"action": "duplicate_programme_action", "_selected_action": [session.pk, other.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "Select exactly one session" in response.content.decode()


def test_staff_duplicate_a_programme_from_another_session(admin_client, session, admin_user):
    source = SessionFactory(
        start_date=datetime.date(2029, 5, 9), end_date=datetime.date(2029, 5, 10)
    )
    ThematicTableFactory(session=source)
    ProgrammeItemFactory.create_batch(2, session=source)
    url = reverse("admin:sessions_app_session_duplicate_programme", args=[session.pk])

    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "(9–10 May 2029, 2 items)" in page.content.decode()

    response = admin_client.post(url, {"source": source.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert session.programme_items.count() == 2
    assert session.thematic_tables.count() == 1
    assert session.programme_items.first().history.get().history_user == admin_user

    again = admin_client.post(url, {"source": source.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 200
    assert "already has a programme" in again.content.decode()
    replaced = admin_client.post(url, {"source": source.pk, "replace": "on"})
    assert replaced.status_code == 302
    assert session.programme_items.count() == 2


def test_duplicate_view_needs_change_permission(client, session, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(viewer)
    url = reverse("admin:sessions_app_session_duplicate_programme", args=[session.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "admin:sessions_app_programmeitem_changelist",
        "admin:sessions_app_programmeitem_add",
        "admin:sessions_app_thematictable_changelist",
        "admin:sessions_app_thematictable_add",
    ],
)
def test_programme_admin_pages_open(admin_client, session, name):
    ProgrammeItemFactory(session=session)
    assert admin_client.get(reverse(name)).status_code == 200


def test_standalone_item_form_uses_the_host_time_zone(admin_client, session):
    item = ProgrammeItemFactory(session=session)
    response = admin_client.get(reverse("admin:sessions_app_programmeitem_change", args=[item.pk]))
    assert 'value="10:00"' in response.content.decode()
    assert ThematicTable.objects.count() == 0


def test_staff_create_a_session_with_its_programme_at_once(admin_client, session):
    data = _session_data(session)
    data.update(number="41", start_date="2031-03-05", end_date="2031-03-06")
    data.update(_formset("institutions", []))
    data.update(_formset("thematic_tables", []))
    items = [
        _item_row("2031-03-05", "10:00", "12:00", place_ru="Зал А"),
        _item_row("2031-03-05", "11:00", "12:30", place_ru="Зал А"),
    ]
    data.update(_formset("programme_items", items))
    response = admin_client.post(reverse("admin:sessions_app_session_add"), data)
    assert response.status_code == 200
    assert "place_ru" in _inline_errors(response)[1]

    items[1] = _item_row("2031-03-05", "12:00", "12:30", place_ru="Зал А")
    data.update(_formset("programme_items", items))
    response = admin_client.post(reverse("admin:sessions_app_session_add"), data)
    assert response.status_code == 302
    created = ProgrammeItem.objects.filter(session__number=41).in_order()
    assert [item.local_starts_at.hour for item in created] == [10, 12]


def test_the_item_form_offers_its_session_s_tables_named_with_the_session(admin_client, session):
    foreign = ThematicTableFactory(session=SessionFactory(), name_it="Meccanica")
    own = ThematicTableFactory(session=session, name_it="Meccanica")
    url = reverse("admin:sessions_app_programmeitem_add")
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert f"Meccanica ({own.session.roman_numeral})" in page
    assert f"Meccanica ({foreign.session.roman_numeral})" in page
    page = admin_client.get(f"{url}?session={session.pk}", HTTP_ACCEPT_LANGUAGE="it")
    text = page.content.decode()
    assert f"Meccanica ({own.session.roman_numeral})" in text
    assert f"Meccanica ({foreign.session.roman_numeral})" not in text


@pytest.mark.parametrize(
    ("language", "note"),
    [
        (
            "it",
            "Date e orari di questa pagina sono nel fuso orario della città ospitante: "
            "ora di Ekaterinburg, UTC+5.",
        ),
        (
            "ru",
            "Даты и время на этой странице указаны в часовом поясе города проведения: "
            "местное время, Екатеринбург, UTC+5.",
        ),
    ],
)
def test_pages_with_session_times_name_the_zone_after_the_host_city(
    admin_client, russian_session, language, note
):
    """The session page said "…città ospitante: Europe/Moscow", and Django's script added
    "Nota: Sei 3 ore in ritardo rispetto al server." (in the "tu" form, and about a "server"
    that is the host city here and Rome on other pages): the zone is named as on the public
    pages, and the admin's stylesheet hides Django's warning."""
    from django.contrib.staticfiles import finders

    item = ProgrammeItemFactory(session=russian_session)
    admin_client.cookies["taskforce_language"] = language
    for url in (
        reverse("admin:sessions_app_session_change", args=[russian_session.pk]),
        reverse("admin:sessions_app_programmeitem_change", args=[item.pk]),
    ):
        page = admin_client.get(url).content.decode()
        assert note in " ".join(page.replace("&#x27;", "'").split()), url
        assert "Asia/Yekaterinburg." not in page
        assert "css/admin_timezone.css" in page
    stylesheet = Path(finders.find("css/admin_timezone.css")).read_text(encoding="utf-8")
    assert ".timezonewarning {\n  display: none;" in stylesheet
