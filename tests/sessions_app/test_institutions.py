"""The institutions of a session are data of that session, as named at its time (issue 14)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from sessions_app.models import Session, SessionInstitution
from sessions_app.services.institutions import (
    data_controller,
    default_institutions,
    give_default_institutions,
)
from tests.factories import PastSessionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_ministry_is_mimit_from_2022_and_mise_before():
    assert default_institutions(datetime.date(2016, 12, 1))[0]["name_it"] == (
        "Ministero dello Sviluppo Economico"
    )
    assert default_institutions(datetime.date(2022, 11, 20))[0]["name_it"] == (
        "Ministero delle Imprese e del Made in Italy"
    )
    russian = default_institutions(datetime.date(2027, 2, 15))[1]
    assert russian["name_ru"] == "Министерство экономического развития Российской Федерации"
    assert russian["address"].startswith("125993, Москва")  # the postcode first in Russia


def test_the_historical_editions_keep_the_names_of_their_time():
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("load_history", stdout=io.StringIO())
    bergamo = Session.objects.get(number=25)
    assert data_controller(bergamo).name_it == "Ministero dello Sviluppo Economico"
    assert bergamo.institutions.count() == 2
    # Loading again adds nothing.
    call_command("load_history", stdout=io.StringIO())
    assert bergamo.institutions.count() == 2


def test_the_session_cochairs_sign_for_the_default_institutions():
    session = SessionFactory(
        start_date=datetime.date(2027, 2, 15), end_date=datetime.date(2027, 2, 16)
    )
    italian, russian = give_default_institutions(session)
    assert italian.signatory_name == "Mario Rossi"
    assert russian.signatory.latin == "Ivan Petrov"
    assert russian.signatory.cyrillic == "Иван Петров"
    assert give_default_institutions(session) == []


def privacy_page(client, language, session=None):
    with translation.override(language):
        url = reverse("delegates:privacy")
    if session is not None:
        url += f"?session={session.number}"
    return client.get(url).content.decode()


def test_the_privacy_notice_names_the_controller_of_the_session(client):
    current = SessionFactory(
        start_date=datetime.date.today() + datetime.timedelta(days=60),
        end_date=datetime.date.today() + datetime.timedelta(days=61),
    )
    give_default_institutions(current)
    old = PastSessionFactory(
        start_date=datetime.date(2016, 12, 1), end_date=datetime.date(2016, 12, 2)
    )
    give_default_institutions(old)

    italian = privacy_page(client, "it")
    assert "Ministero delle Imprese e del Made in Italy" in italian
    assert "Sviluppo Economico" in italian  # the Russian partner's Italian name only
    assert "Ministero dello Sviluppo Economico," not in italian
    russian = privacy_page(client, "ru")
    assert "Министерство предприятий и «Сделано в Италии» Итальянской Республики" in russian
    assert "Made in Italy" not in russian  # one Russian name, the interface's
    assert "Министерство экономического развития Российской Федерации" in russian
    assert "Ministero dello Sviluppo Economico," in privacy_page(client, "it", old)


def test_staff_edit_the_institutions_inline_on_the_session(admin_client):
    session = SessionFactory()
    give_default_institutions(session)
    response = admin_client.get(reverse("admin:sessions_app_session_change", args=[session.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="institutions-TOTAL_FORMS"' in content
    assert "Ministero delle Imprese e del Made in Italy" in content
    assert SessionInstitution.objects.filter(session=session).count() == 2


def test_a_session_created_in_the_admin_gets_todays_ministries(admin_client):
    from tests.sessions_app.test_admin import _session_form

    response = admin_client.post(reverse("admin:sessions_app_session_add"), _session_form())
    assert response.status_code == 302
    session = Session.objects.get()
    assert data_controller(session).name_it == "Ministero delle Imprese e del Made in Italy"
    assert session.institutions.filter(country="RU").exists()
