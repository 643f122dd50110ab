"""Following up the Protocol's commitments: the overdue ones marked and filtered in the
admin, and where each stands on the public results page of the session."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Commitment, CommitmentStatus, Protocol, ProtocolStatus
from tests.factories import PastSessionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=30)
LATER = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def held():
    """A held session whose signed Protocol made four commitments: one open and a month past
    its deadline, one postponed and past it too, one fulfilled after its deadline, one open
    and due later; the last has no Russian text."""
    session = PastSessionFactory(number=29)
    protocol = Protocol.objects.create(session=session)
    section = protocol.sections.create(
        position=1, heading_it="Impegni", heading_ru="Обязательства", body_it="T", body_ru="Т"
    )
    rows = [
        ("Aprire uno sportello per le PMI russe", "Открыть бюро для российских МСП", "IT",
         PAST, CommitmentStatus.IN_PROGRESS),
        ("Pubblicare la guida agli investimenti", "Опубликовать руководство по инвестициям",
         "RU", PAST, CommitmentStatus.POSTPONED),
        ("Organizzare una missione a Kazan", "Организовать миссию в Казань", "both", PAST,
         CommitmentStatus.FULFILLED),
        ("Preparare il seminario sulla logistica", "", "IT", LATER,
         CommitmentStatus.NOT_STARTED),
    ]  # fmt: skip
    for position, (text_it, text_ru, side, deadline, status) in enumerate(rows, start=1):
        Commitment.objects.create(
            section=section,
            position=position,
            text_it=text_it,
            text_ru=text_ru,
            side=side,
            institution_it="Camera di commercio di Bologna" if side == "IT" else "",
            institution_ru="Торгово-промышленная палата Болоньи" if side == "IT" else "",
            deadline=deadline,
            status=status,
            status_note_it="Sede individuata" if position == 1 else "",
            status_note_ru="Помещение найдено" if position == 1 else "",
        )
    # Signed (finalizing renders the PDF: not what these tests are about).
    Protocol.objects.filter(pk=protocol.pk).update(
        status=ProtocolStatus.FINAL,
        final_pdf="protocols/protocol-029.pdf",
        final_pdf_sha256="0" * 64,
        finalized_at=timezone.now(),
    )
    return session


def results_url(session, language):
    with translation.override(language):
        return reverse("projects:results", kwargs={"number": session.number})


def test_an_open_commitment_past_its_deadline_is_overdue(held):
    overdue = {c.text_it for c in Commitment.objects.overdue()}
    assert overdue == {
        "Aprire uno sportello per le PMI russe",
        "Pubblicare la guida agli investimenti",
    }
    # A deadline today is not passed yet; a commitment without one never is.
    commitment = Commitment.objects.get(position=4)
    commitment.deadline = TODAY
    assert not commitment.is_overdue()
    commitment.deadline = None
    assert not commitment.is_overdue()
    assert commitment.is_overdue(today=TODAY) is False
    assert Commitment.objects.get(position=1).is_overdue()
    assert not Commitment.objects.get(position=3).is_overdue()


def test_the_admin_marks_and_filters_the_overdue_commitments(client, viewer, held):
    from tests.helpers import log_in

    log_in(client, viewer)
    url = reverse("admin:agreements_commitment_changelist")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert page.count('<span class="commitment-overdue">Scaduto</span>') == 2
    assert "Aggiornato il" in page and "Aggiornata il" not in page
    assert "Scaduti" in page  # the filter
    filtered = client.get(url + "?overdue=yes", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Aprire uno sportello per le PMI russe" in filtered
    assert "Pubblicare la guida agli investimenti" in filtered
    assert "Organizzare una missione a Kazan" not in filtered
    assert "Preparare il seminario sulla logistica" not in filtered
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert russian.count('<span class="commitment-overdue">Просрочено</span>') == 2
    assert "Просроченные" in russian
    # Russian staff read each commitment in Russian.
    assert "Открыть бюро для российских МСП" in russian
    assert "Aprire uno sportello per le PMI russe" not in russian
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.count('<span class="commitment-overdue">Overdue</span>') == 2


def test_the_admin_list_costs_no_query_per_commitment(client, viewer, held):
    from tests.helpers import log_in

    log_in(client, viewer)
    url = reverse("admin:agreements_commitment_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    section = Commitment.objects.first().section
    for number in range(6):
        Commitment.objects.create(
            section=section, text_it=f"Impegno {number}", text_ru="Т", side="IT", deadline=PAST
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('class="commitment-overdue"') == 8
    assert len(many) == len(few)


def test_the_results_page_says_where_each_commitment_stands(client, held):
    page = client.get(results_url(held, "it")).content.decode()
    assert "Impegni del Protocollo" in page
    assert "Aprire uno sportello per le PMI russe" in page
    assert "Camera di commercio di Bologna" in page
    assert "Responsabile: Parte italiana" in page
    assert f"entro il {PAST.day}" in page or f"entro l’{PAST.day}" in page
    assert "<strong>In corso</strong>" in page and "Sede individuata" in page
    assert "<strong>Adempiuto</strong>" in page
    assert page.count('text-bg-danger">Scaduto</span>') == 2

    russian = client.get(results_url(held, "ru")).content.decode()
    assert "Обязательства по Протоколу" in russian
    assert "Открыть бюро для российских МСП" in russian
    assert "Торгово-промышленная палата Болоньи" in russian
    assert "Помещение найдено" in russian
    assert russian.count('text-bg-danger">Просрочено</span>') == 2
    # The commitment without a Russian text is given in Italian, marked as such.
    assert '<span lang="it">Preparare il seminario sulla logistica</span>' in russian
    assert '<span lang="ru">' not in russian

    english = client.get(results_url(held, "en")).content.decode()
    assert '<span lang="it">Aprire uno sportello per le PMI russe</span>' in english
    assert english.count('text-bg-danger">Overdue</span>') == 2


def test_a_draft_protocol_shows_no_commitments(client, held):
    Protocol.objects.filter(session=held).update(status=ProtocolStatus.DRAFT)
    page = client.get(results_url(held, "it")).content.decode()
    assert "Impegni del Protocollo" not in page
    assert "Aprire uno sportello" not in page


def test_a_changed_commitment_shows_at_once_on_the_cached_page(client, held):
    url = results_url(held, "it")
    assert "Sede individuata" in client.get(url).content.decode()
    # The page is now kept for anonymous visitors; the change must reach them at once.
    commitment = Commitment.objects.get(position=1)
    commitment.status = CommitmentStatus.FULFILLED
    commitment.status_note_it = "Sportello aperto il 2 dicembre"
    commitment.save()
    page = client.get(url).content.decode()
    assert "Sportello aperto il 2 dicembre" in page and "Sede individuata" not in page
    assert page.count('text-bg-danger">Scaduto</span>') == 1


def test_the_results_page_costs_as_many_queries_with_more_commitments(
    client, held, django_assert_max_num_queries
):
    url = results_url(held, "ru")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    section = Commitment.objects.first().section
    for number in range(10):
        Commitment.objects.create(
            section=section, text_it=f"Impegno {number}", text_ru=f"Обязательство {number}",
            side="RU", deadline=PAST,
        )  # fmt: skip
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert "Обязательство 9" in page


def test_the_key_figures_of_the_results_agree_with_their_count(client, held):
    """«1 realizzato», «6 realizzati»; «1 предложен», «2 предложено»."""
    from tests.factories import RegistrationFactory, ThematicTableFactory
    from tests.projects.conftest import make_project

    table = ThematicTableFactory(session=held)
    proposer = RegistrationFactory(session=held)
    make_project(proposer, table, status="accepted_table")
    italian = client.get(results_url(held, "it")).content.decode()
    for figure in ("1</strong> proposto", "1</strong> accettato", "1</strong> presentato"):
        assert f"<strong>{figure}<" in italian
    assert "<strong>0</strong> monitorati<" in italian
    assert "<strong>0</strong> realizzati<" in italian
    russian = client.get(results_url(held, "ru")).content.decode()
    assert "<strong>1</strong> предложен<" in russian
    assert "<strong>1</strong> представлен<" in russian
    assert "<strong>0</strong> реализовано<" in russian
    make_project(proposer, table, status="accepted_catalogue")
    italian = client.get(results_url(held, "it")).content.decode()
    assert "<strong>2</strong> proposti<" in italian
    assert "<strong>1</strong> presentato<" in italian
    russian = client.get(results_url(held, "ru")).content.decode()
    assert "<strong>2</strong> предложено<" in russian
