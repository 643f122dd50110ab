"""The change history pages of the admin (django-simple-history, core/admin.py HistoryAdmin):
translated, values as the forms show them, times in the host city's zone."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from delegates.models import RegistrationStatus
from delegates.services import approve
from tests.factories import RegistrationFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


def _content(response):
    """The text of the page's content, tags dropped, spaces (no-break ones too) collapsed."""
    page = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", page[page.index('id="content"') :])
    return " ".join(html.unescape(text).replace("\xa0", " ").split())


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        (
            "it",
            [
                "Scelga una data dall’elenco per tornare a una versione precedente.",
                "Oggetto Data e ora Operazione Modificato da Motivo della modifica Modifiche",
                "Approvazione",
                "Stato: Inviata → Approvata",
                "Creazione — —",
                "2 voci",
                "Date e orari di questa pagina sono nel fuso orario della città ospitante: "
                "ora di Ekaterinburg, UTC+5.",
            ],
            ["Choose a date", "Changed by", "Change reason", "Changes", "Nessuno"],
        ),
        (
            "ru",
            [
                "Чтобы вернуться к предыдущей версии, выберите дату в списке ниже.",
                "Объект Дата и время Действие Кем изменено Причина изменения Изменения",
                "Одобрение",
                "Статус: Подана → Одобрена",
                "Создание — —",
                "2 записи",
                "местное время, Екатеринбург, UTC+5",
            ],
            ["Changes", "Нет"],
        ),
    ],
)
def test_registration_history_reads_as_the_admin_in_the_reader_s_language(
    client, russian_session, ministry_administrator, language, expected, absent
):
    """Approving a registration once showed "Stato: submitted → approved", "None →
    2026-12-05 11:38:25.423499+00:00", the reason "approved" and English headers."""
    registration = RegistrationFactory(session=russian_session, status=RegistrationStatus.SUBMITTED)
    approve(registration, by=ministry_administrator)
    registration.refresh_from_db()
    log_in(client, ministry_administrator)
    client.cookies["taskforce_language"] = language
    url = reverse("admin:delegates_registration_history", args=[registration.pk])

    text = _content(client.get(url))

    with translation.override(language):
        local = timezone.localtime(registration.decided_at, russian_session.tzinfo)
        decided = formats.date_format(local, "DATETIME_FORMAT").replace("\xa0", " ")
        label = str(type(registration)._meta.get_field("decided_at").verbose_name)
    assert f"{label[0].upper()}{label[1:]}: — → {decided}" in text
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in [*absent, "None", "submitted", "approved", "+00:00"]:
        assert phrase not in text, phrase


def test_history_of_what_belongs_to_no_session_stays_in_the_portal_s_zone(admin_client):
    from sessions_app.models import Region, RegionKind

    region = Region.objects.create(
        code="IT-ZZ", country="IT", kind=RegionKind.values[0], name_it="Prova", name_ru="Проба"
    )
    admin_client.cookies["taskforce_language"] = "it"
    text = _content(
        admin_client.get(reverse("admin:sessions_app_region_history", args=[region.pk]))
    )
    assert "Creazione" in text
    assert "fuso orario della città ospitante" not in text


def test_the_version_to_revert_to_shows_its_times_in_the_host_city_s_zone(
    admin_client, russian_session
):
    """The revert page of a programme item (Yekaterinburg, UTC+5) types and shows 09:00 as
    the change page does, not Rome's 05:00, and says which zone."""
    from tests.factories import ProgrammeItemFactory, session_local_time

    item = ProgrammeItemFactory(
        session=russian_session,
        starts_at=session_local_time(russian_session, 0, 9),
        ends_at=session_local_time(russian_session, 0, 10),
    )
    version = item.history.earliest()
    admin_client.cookies["taskforce_language"] = "it"
    page = admin_client.get(
        reverse(
            "admin:sessions_app_programmeitem_simple_history",
            args=[item.pk, version.history_id],
        )
    ).content.decode()
    assert 'name="starts_at_1" value="09:00"' in page
    assert "ora di Ekaterinburg, UTC+5" in page
