"""The printed side of the projects: the next Protocol's annex on the previous session
(commitments with their status, the projects by status), the tables' booklets, and the
presentations in the programme."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from agreements import services as agreement_services
from agreements.models import Commitment, CommitmentStatus, Protocol
from projects import documents
from projects.models import ProjectStatus
from tests.agreements.test_pdf import column, full_text, pdf_lines
from tests.factories import (
    PastSessionFactory,
    ProgrammeItemFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
)
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db

ITALIAN_HEADING = "Stato di attuazione degli impegni della sessione precedente"
RUSSIAN_HEADING = "Ход выполнения обязательств, принятых на предыдущем заседании"


@pytest.fixture
def previous():
    """The XXV session with its final-to-be Protocol, two commitments and projects."""
    session = PastSessionFactory(number=25, start_date=datetime.date(2016, 12, 1))
    protocol = Protocol.objects.create(session=session)
    section = protocol.sections.create(
        position=1, heading_it="Conclusioni", heading_ru="Выводы", body_it="Testo", body_ru="Текст"
    )
    Commitment.objects.create(
        section=section,
        position=1,
        text_it="Organizzare una missione di imprese a Ekaterinburg",
        text_ru="Организовать бизнес-миссию в Екатеринбург",
        side="IT",
        institution_it="ICE",
        institution_ru="Агентство ICE",
        deadline=datetime.date(2017, 6, 30),
        status=CommitmentStatus.FULFILLED,
    )
    Commitment.objects.create(
        section=section,
        position=2,
        text_it="Aprire un ufficio di rappresentanza regionale",
        text_ru="Открыть региональное представительство",
        side="RU",
        status=CommitmentStatus.IN_PROGRESS,
    )
    table = ThematicTableFactory(session=session)
    for status in ("accepted_table", "accepted_table", "accepted_catalogue", "declined"):
        make_project(RussianRegistrationFactory(session=session), table, status=status)
    return session


def test_the_next_protocol_carries_the_bilingual_annex_on_the_previous_session(previous):
    following = PastSessionFactory(number=26, start_date=datetime.date(2017, 10, 12))
    protocol = Protocol.objects.create(session=following)
    protocol.sections.create(position=1, heading_it="Preambolo", heading_ru="Преамбула")
    lines = pdf_lines(agreement_services.render_protocol_pdf(protocol))
    italian = full_text(column(lines, "it"))
    russian = full_text(column(lines, "ru"))
    assert ITALIAN_HEADING in italian and ITALIAN_HEADING not in russian
    assert RUSSIAN_HEADING in russian and RUSSIAN_HEADING not in italian
    # Every commitment with its status, each language in its column.
    assert "Organizzare una missione di imprese a Ekaterinburg" in italian
    assert "Stato: Adempiuto" in italian
    assert "Aprire un ufficio di rappresentanza regionale" in italian
    assert "Stato: In corso" in italian
    assert "Организовать бизнес-миссию в Екатеринбург" in russian
    assert "Статус: Выполнено" in russian
    assert "Открыть региональное представительство" in russian
    assert "Статус: Выполняется" in russian
    # Then the counts of that session's projects by status.
    assert "Progetti proposti: 4" in italian
    assert "Accettati e presentati ai tavoli tematici: 2" in italian
    assert "Предложено проектов: 4" in russian


def test_a_protocol_without_a_previous_one_has_no_such_annex(previous):
    protocol = Protocol.objects.get(session=previous)
    text = full_text(pdf_lines(agreement_services.render_protocol_pdf(protocol)))
    assert ITALIAN_HEADING not in text
    # Its own commitments appear in their section.
    assert "Organizzare una missione di imprese" in text


def test_the_booklet_of_a_table_is_bilingual_with_the_proposers_contacts(call, russian, table):
    project = make_project(
        russian,
        table,
        title_it="Produzione comune di macchine",
        summary_it="Cerchiamo un partner",
        status=ProjectStatus.ACCEPTED_FOR_TABLE,
    )
    make_project(russian, table, title_ru="Отклонённый", status=ProjectStatus.DECLINED)
    lines = pdf_lines(documents.render_booklets_pdf([table]))
    italian = full_text(column(lines, "it"))
    russian_text = full_text(column(lines, "ru"))
    assert "Produzione comune di macchine" in italian
    assert project.title_ru in russian_text
    assert russian.person.email in italian
    assert "Отклонённый" not in russian_text


def test_the_booklet_marks_a_missing_translation_instead_of_the_other_languages_text(
    call, italian, table
):
    italian.position = "Assessore allo sviluppo economico"
    italian.save()
    make_project(
        italian,
        table,
        title_it="Scuola di formazione per saldatori",
        summary_it="Formazione certificata secondo le norme europee.",
        status=ProjectStatus.ACCEPTED_FOR_TABLE,
    )
    lines = pdf_lines(documents.render_booklets_pdf([table]))
    italian_text = full_text(column(lines, "it"))
    russian_text = full_text(column(lines, "ru"))
    assert "Scuola di formazione per saldatori" in italian_text
    assert "Formazione certificata" in italian_text
    assert "Traduzione in preparazione" not in italian_text
    # The Russian column says the translation is coming, twice (title and summary), and does
    # not print the Italian text under Russian labels.
    assert russian_text.count("Перевод готовится") == 2
    assert "saldatori" not in russian_text and "Formazione" not in russian_text
    # The position exists only as typed: shown in both columns, marked as Italian.
    assert "Assessore allo sviluppo economico" in russian_text
    html = documents.render_booklets_html([table])
    russian_column = html.split('<td lang="ru">')[-1]
    assert '<span lang="it">Assessore allo sviluppo economico</span>' in russian_column


def test_the_booklet_is_for_staff_and_the_sessions_approved_delegates(
    client, admin_client, call, russian, table
):
    url = reverse(
        "projects:booklet", kwargs={"token": russian.management_token, "table_id": table.pk}
    )
    assert client.get(url).content.startswith(b"%PDF-")
    russian.status = "submitted"
    russian.save()
    assert client.get(url).status_code == 404
    staff_url = reverse("admin:projects_collaborationproject_booklet", args=[call.session_id])
    assert admin_client.get(staff_url, {"table": table.pk}).content.startswith(b"%PDF-")
    assert client.get(staff_url).status_code == 302


def test_the_programme_lists_each_tables_presentations_in_order(client, italian, russian, table):
    session = table.session
    ProgrammeItemFactory(session=session, kind="thematic_table", table=table, title_it="Tavolo")
    second = make_project(
        italian, table, title_it="Secondo progetto", status="accepted_table", presentation_order=2
    )
    make_project(
        russian, table, title_it="Primo progetto", status="accepted_table", presentation_order=1
    )
    make_project(russian, table, title_it="Solo catalogo", status="accepted_catalogue")
    text = client.get(reverse("sessions_app:programme", args=[session.number])).content.decode()
    assert text.index("Primo progetto") < text.index("Secondo progetto")
    assert "Solo catalogo" not in text
    # A change of order shows at once (the cached page follows the projects).
    second.presentation_order = 0
    second.save()
    text = client.get(reverse("sessions_app:programme", args=[session.number])).content.decode()
    assert text.index("Secondo progetto") < text.index("Primo progetto")
    # On the Russian page an untranslated title is marked Italian, for screen readers.
    with translation.override("ru"):
        russian_url = reverse("sessions_app:programme", args=[session.number])
    russian_page = client.get(russian_url).content.decode()
    assert '<span lang="it">Secondo progetto</span> (' in russian_page
    assert 'lang="it">Secondo' not in text


def test_a_viewer_cannot_change_a_commitment(client, viewer, previous):
    from tests.helpers import log_in

    commitment = Commitment.objects.first()
    log_in(client, viewer)
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "dropped"}).status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.FULFILLED


def test_the_status_of_a_commitment_stays_editable_after_the_protocol_is_final(
    admin_client, previous
):
    protocol = Protocol.objects.get(session=previous)
    protocol.session.italian_cochair_name = "Mario Rossi"
    protocol.session.russian_cochair_name = "Иван Петров"
    protocol.session.save()
    from core.authorization import SYSTEM

    agreement_services.finalize_protocol(protocol, by=SYSTEM)
    commitment = Commitment.objects.get(position=2)
    url = reverse("admin:agreements_commitment_change", args=[commitment.pk])
    response = admin_client.post(
        url, {"status": "fulfilled", "status_note_it": "Aperto", "status_note_ru": "Открыто"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "fulfilled"
    assert commitment.text_it == "Aprire un ufficio di rappresentanza regionale"


def test_the_booklet_gives_the_proposers_position_in_each_columns_language(
    call, russian, italian, table
):
    from meetings.models import B2BProfile

    russian.position = "Коммерческий директор"
    russian.save()
    B2BProfile.objects.create(
        registration=russian,
        offers="Станки",
        looks_for="Партнёры",
        position_other_language="Direttore commerciale",
    )
    italian.position = "Assessore allo sviluppo economico"
    italian.save()
    make_project(russian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE, presentation_order=1)
    italians = make_project(
        italian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE, presentation_order=2
    )
    lines = pdf_lines(documents.render_booklets_pdf([table]))
    italian_text = full_text(column(lines, "it"))
    russian_text = full_text(column(lines, "ru"))
    # Known in both languages: each column reads its own, not the other.
    assert "Direttore commerciale" in italian_text
    assert "Коммерческий директор" not in italian_text
    assert "Коммерческий директор" in russian_text
    assert "Direttore commerciale" not in russian_text
    # Known in one language only (no B2B profile): as typed in both, marked with its language.
    assert "Assessore allo sviluppo economico" in italian_text
    assert "Assessore allo sviluppo economico" in russian_text
    # Given in the other language with the project (by the proposer or by staff): in its column.
    italians.proposer_position_other_language = "Советник по экономическому развитию"
    italians.save()
    lines = pdf_lines(documents.render_booklets_pdf([table]))
    italian_text = full_text(column(lines, "it"))
    russian_text = full_text(column(lines, "ru"))
    assert "Assessore allo sviluppo economico" in italian_text
    assert "Советник по экономическому развитию" not in italian_text
    assert "Советник по экономическому развитию" in russian_text
    assert "Assessore allo sviluppo economico" not in russian_text


def test_the_booklet_of_a_cancelled_session_does_not_say_the_projects_were_presented(
    call, russian, table, project_session
):
    project_session.status = "cancelled"
    project_session.save()
    make_project(russian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    lines = pdf_lines(documents.render_booklets_pdf([table]))
    italian_text = full_text(column(lines, "it"))
    russian_text = full_text(column(lines, "ru"))
    assert "presentati al tavolo" not in italian_text
    assert "accettati per il tavolo tematico" in italian_text
    assert "La sessione è stata annullata: i progetti non sono stati presentati." in italian_text
    assert "представленные на" not in russian_text
    assert "Заседание отменено: проекты не были представлены." in russian_text
