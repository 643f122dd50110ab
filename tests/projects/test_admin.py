import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from post_office.models import Email

from projects.models import ProjectStatus, TranslationState
from tests.helpers import log_in
from tests.projects.conftest import make_project, pdf_bytes

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:projects_collaborationproject_changelist"


def post_action(client, action, projects, **extra):
    data = {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [p.pk for p in projects]}
    data.update(extra)
    return client.post(reverse(CHANGELIST), data)


def test_an_organizer_accepts_in_bulk_with_an_email_to_each(
    client, organizer, call, italian, russian, table
):
    projects = [make_project(italian, table), make_project(russian, table)]
    log_in(client, organizer)
    response = post_action(client, "accept_for_table", projects)
    assert response.status_code == 302
    for project in projects:
        project.refresh_from_db()
        assert project.status == ProjectStatus.ACCEPTED_FOR_TABLE
    assert Email.objects.count() == 2


def test_declining_asks_for_the_reason_first(client, organizer, call, italian, table):
    project = make_project(italian, table)
    log_in(client, organizer)
    response = post_action(client, "decline", [project])
    assert response.status_code == 200
    assert b"reason" in response.content
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    # "Other" needs the note.
    response = post_action(client, "decline", [project], reason_code="other", reason_it="")
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    response = post_action(
        client,
        "decline",
        [project],
        reason_code="other",
        reason_it="Non pertinente",
        reason_ru="Не по теме",
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.DECLINED
    assert project.decline_reason == "other"
    assert (project.decision_note_it, project.decision_note_ru) == ("Non pertinente", "Не по теме")


def test_declining_in_bulk_gives_each_proposer_the_reason_in_their_language(
    client, organizer, call, italian, russian, table
):
    projects = [make_project(italian, table), make_project(russian, table)]
    log_in(client, organizer)
    response = post_action(client, "decline", projects, reason_code="out_of_scope", reason="")
    assert response.status_code == 302
    russian_email = Email.objects.get(to=[russian.person.email])
    italian_email = Email.objects.get(to=[italian.person.email])
    assert "Не соответствует темам тематических круглых столов" in russian_email.message
    assert "Fuori dai temi" not in russian_email.message
    assert "Fuori dai temi dei tavoli tematici di questa sessione" in italian_email.message
    assert "круглых столов" not in italian_email.message


def test_a_viewer_reads_and_exports_but_cannot_act(client, viewer, call, italian, table):
    project = make_project(italian, table)
    log_in(client, viewer)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert post_action(client, "accept_for_table", [project]).status_code == 403
    assert post_action(client, "mark_checked", [project]).status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    assert not Email.objects.exists()
    response = post_action(client, "export_xlsx", [project])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    change = reverse("admin:projects_collaborationproject_change", args=[project.pk])
    response = client.post(change, {"title_it": "Cambiato"})
    assert response.status_code == 403


def test_the_list_of_what_still_needs_translating(admin_client, call, russian, table):
    waiting = make_project(russian, table, title_ru="Ждёт перевода")
    make_project(
        russian,
        table,
        title_ru="Переведён",
        title_it="Tradotto",
        summary_it="S",
        translation_state=TranslationState.TRANSLATED,
    )
    make_project(russian, table, title_ru="Отозван", status=ProjectStatus.WITHDRAWN)
    response = admin_client.get(reverse(CHANGELIST), {"to_translate": "yes"})
    assert list(response.context["cl"].result_list) == [waiting]


def test_staff_add_the_italian_translation_in_the_admin(admin_client, call, russian, table):
    project = make_project(russian, table)
    change = reverse("admin:projects_collaborationproject_change", args=[project.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        title_it="Produzione comune di macchine",
        summary_it="Cerchiamo un partner.",
        thematic_table=table.pk,
        translation_state=TranslationState.NEEDS_TRANSLATION,
    )
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.title_it == "Produzione comune di macchine"
    assert project.translation_state == TranslationState.TRANSLATED


def test_counts_per_table_and_delegation(admin_client, call, italian, russian, table):
    make_project(italian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    make_project(russian, table)
    make_project(russian, table, status=ProjectStatus.DECLINED)
    url = reverse("admin:projects_collaborationproject_counts", args=[call.session_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    rows = response.context["report"]["rows"]
    cells = dict(rows[0]["cells"])
    assert cells["IT"]["total"] == 1
    assert cells["RU"]["total"] == 2
    assert cells["RU"]["to_translate"] == 1


def test_staff_open_the_presentation_through_a_checked_view(
    admin_client, client, call, italian, table, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    project = make_project(italian, table)
    project.presentation.save("x.pdf", ContentFile(pdf_bytes()))
    url = reverse("admin:projects_collaborationproject_presentation", args=[project.pk])
    assert admin_client.get(url).content.startswith(b"%PDF-")
    assert client.get(url).status_code == 302  # to the login


def test_a_rule_broken_in_the_admin_is_an_error_of_the_form_with_nothing_lost(
    admin_client, call, russian, table
):
    """Both titles emptied: staff see why once, on the form they filled, and nothing is saved
    (the admin also turns a refusal of the service into such an error: ServiceRefusalsAsErrors)."""
    project = make_project(russian, table)
    change = reverse("admin:projects_collaborationproject_change", args=[project.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(title_it="", title_ru="", summary_it="Un riassunto appena scritto")
    response = admin_client.post(change, data)
    assert response.status_code == 200
    refused = response.context["adminform"].form
    assert refused.non_field_errors() == ["Dia al progetto un titolo in italiano o in russo."]
    assert refused["summary_it"].value() == "Un riassunto appena scritto"
    project.refresh_from_db()
    assert project.title_ru


def test_staff_are_told_that_a_decision_about_a_held_session_is_not_emailed(
    client, organizer, call, italian, table
):
    from sessions_app.models import SessionStatus

    session = call.session
    session.status = SessionStatus.HELD
    session.save()
    project = make_project(italian, table)
    log_in(client, organizer)
    response = post_action(client, "accept_for_table", [project])
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED_FOR_TABLE
    assert not Email.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert (
        "Nessuna e-mail è stata inviata per i progetti di una sessione già tenuta "
        f"({session.roman_numeral}): la decisione è solo registrata."
    ) in page


# The project list at a laptop's width: both titles in one column, the table and the order of
# presentation under the session, the delegation under the organization, the translation under
# the status.
PROJECT_COLUMNS = {
    "it": ["titolo", "sessione", "organizzazione", "stato"],
    "ru": ["название", "заседание", "организация", "статус"],
}
PROJECT_FACTS = {
    "it": "Linea comune di lavorazione CNC Совместная линия обработки XXX Meccanica, n. 3 "
    "Meccanica Orobica S.r.l. Italia Accettato per la presentazione al tavolo tematico "
    "Traduzione verificata",
    "ru": "Linea comune di lavorazione CNC Совместная линия обработки XXX Машиностроение, "
    "№\u00a03 Meccanica Orobica S.r.l. Италия Принят для представления на тематическом "
    "круглом столе Перевод проверен",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_project_list_keeps_every_fact_in_few_columns(
    admin_client, project_session, table, language
):
    from tests.factories import RegistrationFactory
    from tests.helpers import changelist_columns_and_row

    project_session.number = 30
    project_session.save(update_fields=["number"])
    proposer = RegistrationFactory(
        session=project_session, organization__name_latin="Meccanica Orobica S.r.l."
    )
    make_project(
        proposer,
        table,
        title_it="Linea comune di lavorazione CNC",
        title_ru="Совместная линия обработки",
        status=ProjectStatus.ACCEPTED_FOR_TABLE,
        translation_state=TranslationState.CHECKED,
        presentation_order=3,
    )
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse(CHANGELIST))
    columns, row = changelist_columns_and_row(response, "CNC")
    assert columns == PROJECT_COLUMNS[language]
    assert PROJECT_FACTS[language] in row


def test_the_decline_note_in_italian_and_russian_reaches_each_proposer_in_theirs(
    client, organizer, call, italian, russian, table
):
    projects = [make_project(italian, table), make_project(russian, table)]
    log_in(client, organizer)
    page = client.post(
        reverse(CHANGELIST),
        {"action": "decline", ACTION_CHECKBOX_NAME: [p.pk for p in projects], "index": 0},
    ).content.decode()
    assert 'name="reason_it"' in page and 'name="reason_ru"' in page
    response = post_action(
        client,
        "decline",
        projects,
        reason_code="incomplete",
        reason_it="Aggiunga i dati di fatturato.",
        reason_ru="Добавьте данные об обороте.",
    )
    assert response.status_code == 302
    russian_email = Email.objects.get(to=[russian.person.email])
    italian_email = Email.objects.get(to=[italian.person.email])
    for email, wanted, unwanted in (
        (russian_email, "Примечание организаторов: Добавьте данные об обороте.", "Aggiunga"),
        (italian_email, "Nota degli organizzatori: Aggiunga i dati di fatturato.", "Добавьте"),
    ):
        assert wanted in email.message
        assert unwanted not in email.message + email.html_message
        assert "перевод" not in email.message and "traduzione" not in email.message


def test_a_decline_note_in_one_language_says_so_until_staff_add_the_other(
    client, admin_client, organizer, call, italian, russian, table
):
    project = make_project(russian, table)
    log_in(client, organizer)
    post_action(
        client, "decline", [project], reason_code="other", reason_it="Il progetto è già finanziato."
    )
    # The Russian proposer reads the Italian note, told which language it is in.
    email = Email.objects.get(to=[russian.person.email])
    assert (
        "Примечание организаторов: Il progetto è già finanziato. "
        "(на итальянском языке, перевод готовится)"
    ) in email.message
    assert '<span lang="it">Il progetto è già finanziato.</span>' in email.html_message
    own = reverse("projects:own", kwargs={"token": russian.management_token})
    own = own.replace("/it/", "/ru/")
    page = client.get(own).content.decode()
    assert '<span lang="it">Il progetto è già finanziato.</span>' in page
    assert "перевод готовится" in page
    # Staff add the Russian note on the declined project's page: the proposer reads it.
    change = reverse("admin:projects_collaborationproject_change", args=[project.pk])
    form = admin_client.get(change).context["adminform"].form
    assert "decision_note_ru" in form.fields
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(thematic_table=table.pk, decision_note_ru="Проект уже финансируется.")
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = client.get(own).content.decode()
    assert "Примечание организаторов: Проект уже финансируется." in page
    assert "Il progetto" not in page and "перевод готовится" not in page
    # Not declined: the notes are the decision's, not editable.
    accepted = make_project(italian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    change = reverse("admin:projects_collaborationproject_change", args=[accepted.pk])
    assert "decision_note_it" not in admin_client.get(change).context["adminform"].form.fields


# The follow-ups list at a laptop's width: the kind and the round under the subject, the
# reminder's day under the question's time, the answer's time under the answer.
FOLLOW_UP_COLUMNS = {
    "it": ["destinatario", "oggetto", "chiesto il", "risposta"],
    "ru": ["адресат", "предмет", "дата запроса", "ответ"],
}
FOLLOW_UP_FACTS = {
    "it": "Pannelli termoisolanti per il clima continentale Progetto di collaborazione · "
    "12 mesi dopo la sessione 19/05/2027 12:00\u00a0UTC+3 sollecitato il 02/06/2027 "
    "Accordo firmato 08/06/2027 12:00\u00a0UTC+3",
    "ru": "Теплоизоляционные панели для континентального климата Проект сотрудничества · "
    "через 12 месяцев после заседания 19.05.2027 12:00\u00a0UTC+3 напоминание 02.06.2027 "
    "Соглашение подписано 08.06.2027 12:00\u00a0UTC+3",
}


@pytest.mark.parametrize("language", ["it", "ru"])
def test_the_follow_up_list_keeps_every_fact_in_few_columns(admin_client, language):
    import datetime

    from projects.models import FollowUp
    from tests.factories import (
        KazanSessionFactory,
        RussianRegistrationFactory,
        ThematicTableFactory,
    )
    from tests.helpers import changelist_columns_and_row

    kazan = KazanSessionFactory(number=30)
    project = make_project(
        RussianRegistrationFactory(session=kazan),
        ThematicTableFactory(session=kazan),
        title_it="Pannelli termoisolanti per il clima continentale",
        title_ru="Теплоизоляционные панели для континентального климата",
    )
    asked = datetime.datetime(2027, 5, 19, 9, 0, tzinfo=datetime.UTC)  # 12:00 in Kazan
    FollowUp.objects.create(
        session=kazan,
        kind="project",
        round_months=12,
        registration=project.proposer,
        project=project,
        sent_at=asked,
        reminded_at=asked + datetime.timedelta(days=14),
        answered_at=asked + datetime.timedelta(days=20),
        progress="agreement_signed",
    )
    admin_client.cookies["taskforce_language"] = language
    response = admin_client.get(reverse("admin:projects_followup_changelist"))
    columns, row = changelist_columns_and_row(response, "UTC+3")
    assert columns == FOLLOW_UP_COLUMNS[language]
    assert FOLLOW_UP_FACTS[language] in row
    # The list runs in the host city's zone and says so.
    assert ("ora di Kazan’, UTC+3" if language == "it" else "местное время, Казань, UTC+3") in (
        response.content.decode()
    )
