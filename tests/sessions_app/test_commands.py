import io

import pytest
from django.core.management import CommandError, call_command

from sessions_app.models import Country, DatePrecision, Region, Session
from sessions_app.services import DEMO_SESSION_NUMBER


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_reference_data_has_20_italian_and_83_russian_regions_with_every_name():
    run("load_reference_data")
    assert Region.objects.italian().count() == 20
    assert Region.objects.russian().count() == 83
    for field in ("name_it", "name_ru", "name_en", "kind"):
        assert not Region.objects.filter(**{field: ""}).exists(), field


@pytest.mark.django_db
def test_reference_data_codes_match_pycountry():
    import pycountry

    run("load_reference_data")
    expected = {
        s.code
        for s in pycountry.subdivisions.get(country_code="IT")
        if s.type in ("Region", "Autonomous region")
    } | {s.code for s in pycountry.subdivisions.get(country_code="RU")}
    assert set(Region.objects.values_list("code", flat=True)) == expected


@pytest.mark.django_db
def test_russian_names_are_in_cyrillic():
    run("load_reference_data")
    sverdlovsk = Region.objects.get(code="RU-SVE")
    assert sverdlovsk.name_ru == "Свердловская область"
    assert all(
        any("а" <= ch.lower() <= "я" for ch in name)
        for name in Region.objects.values_list("name_ru", flat=True)
    )


@pytest.mark.django_db
def test_load_reference_data_is_idempotent():
    run("load_reference_data")
    Region.objects.filter(code="IT-25").update(name_en="Wrong")
    assert "1 updated" in run("load_reference_data")
    assert "0 created, 0 updated, 103 unchanged" in run("load_reference_data")
    assert Region.objects.get(code="IT-25").name_en == "Lombardy"


@pytest.mark.django_db
def test_load_history_gives_a_session_to_each_edition_held_at_a_known_place_and_date(
    reference_data,
):
    run("load_history")
    assert set(Session.objects.values_list("number", flat=True)) == {
        8, 12, 14, 15, 16, 17, 18, 19, 21, 22, 23, 25, 26, 27
    }  # fmt: skip
    bergamo = Session.objects.get(number=25)
    assert bergamo.host_region.code == "IT-25"
    assert (bergamo.historical_registrations_italian, bergamo.historical_registrations_russian) == (
        310,
        83,
    )
    assert str(bergamo.start_date) == "2016-12-01"
    ekaterinburg = Session.objects.get(number=26)
    assert ekaterinburg.host_country == Country.RUSSIA
    assert ekaterinburg.time_zone == "Asia/Yekaterinburg"
    kaluga = Session.objects.get(number=16)
    assert kaluga.date_precision == DatePrecision.YEAR
    assert kaluga.dates_display == "2010"
    for session in Session.objects.all():
        session.full_clean()


@pytest.mark.django_db
def test_load_history_needs_the_reference_data():
    with pytest.raises(CommandError):
        run("load_history")


@pytest.mark.django_db
def test_demo_data_is_an_upcoming_session_with_registration_open(reference_data):
    assert "created" in run("load_demo_data")
    demo = Session.objects.get(number=DEMO_SESSION_NUMBER)
    demo.full_clean()
    assert demo.is_registration_open()
    assert "already present" in run("load_demo_data")
    assert Session.objects.filter(number=DEMO_SESSION_NUMBER).count() == 1


@pytest.mark.django_db
def test_ensure_admin_creates_one_admin_with_a_random_password_once():
    from django.contrib.auth import get_user_model

    first = run("ensure_admin")
    assert "Administrator created" in first
    password = first.split("password '")[1].split("'")[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert len(password) >= 12
    second = run("ensure_admin")
    assert "exists" in second and password not in second
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_ensure_admin_with_demo_roles_creates_an_organizer_and_a_viewer_once(client):
    from django.contrib.auth import get_user_model

    from staff.roles import ORGANIZERS, VIEWERS

    first = run("ensure_admin", "--demo-roles")
    passwords = {
        username: first.split(f"user name '{username}', password '")[1].split("'")[0]
        for username in ("admin", "organizer", "viewer")
    }
    User = get_user_model()
    organizer = User.objects.get(username="organizer")
    viewer = User.objects.get(username="viewer")
    assert organizer.is_staff and not organizer.is_superuser
    assert list(organizer.groups.values_list("name", flat=True)) == [ORGANIZERS]
    assert list(viewer.groups.values_list("name", flat=True)) == [VIEWERS]
    assert organizer.check_password(passwords["organizer"])
    # An Organizer needs no second factor: the password opens the admin.
    response = client.post(
        "/admin/login/?next=/admin/delegates/registration/",
        {
            "login-current_step": "auth",
            "username": "organizer",
            "password": passwords["organizer"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/delegates/registration/"
    assert client.get("/admin/delegates/registration/").status_code == 200

    second = run("ensure_admin", "--demo-roles")
    assert all(password not in second for password in passwords.values())
    assert User.objects.count() == 3
