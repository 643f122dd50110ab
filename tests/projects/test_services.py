import datetime

import pytest
from django.utils import timezone, translation
from post_office.models import Email

from core.authorization import SYSTEM, ActionNotAllowed
from projects.models import CollaborationProject, ProjectStatus, TranslationState
from projects.services import ProjectError, lifecycle, proposals
from projects.signals import project_state_changed
from tests.factories import SessionFactory, ThematicTableFactory
from tests.projects.conftest import make_project, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_russian_delegate_proposes_a_project_in_russian(call, russian, values):
    project = proposals.propose(russian, values=values, presentation=pdf_upload())
    assert project.status == ProjectStatus.PROPOSED
    assert project.original_language == "ru"
    assert project.title_ru == "Совместное производство станков"
    assert project.translation_state == TranslationState.NEEDS_TRANSLATION
    assert project.proposer_region == russian.organization.region
    assert project.presentation.name.startswith(f"projects/{call.session_id}/")


def test_a_proposal_in_both_languages_counts_as_translated(call, russian, values):
    values.update(title_it="Produzione comune", summary_it="Cerchiamo un partner.")
    project = proposals.propose(russian, values=values)
    assert project.translation_state == TranslationState.TRANSLATED


def test_a_late_proposal_is_refused_with_the_deadline_in_the_host_city_zone(call, russian, values):
    late = call.closes_at + datetime.timedelta(minutes=1)
    with pytest.raises(ProjectError) as error:
        proposals.propose(russian, values=values, now=late)
    assert "deadline" in str(error.value)
    # 18:xx Rome time is named as such.
    assert "UTC+1" in str(error.value) or "UTC+2" in str(error.value)
    assert not CollaborationProject.objects.exists()


def test_a_proposal_before_the_call_opens_is_refused(call, russian, values):
    with pytest.raises(ProjectError, match="opens on"):
        proposals.propose(russian, values=values, now=call.opens_at - datetime.timedelta(hours=1))


def test_a_table_of_another_session_is_refused(call, russian, values):
    values["thematic_table"] = ThematicTableFactory(session=SessionFactory())
    with pytest.raises(ProjectError, match="another session"):
        proposals.propose(russian, values=values)
    assert not CollaborationProject.objects.exists()


def test_empty_titles_in_both_languages_are_refused(call, russian, values):
    values["title_ru"] = "   "
    with pytest.raises(ProjectError, match="title"):
        proposals.propose(russian, values=values)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>%PDF-1.4 not really</html>", "not a PDF"),
        (b"GIF89a" + b"x" * 100, "not a PDF"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(call, russian, values, content, message):
    with pytest.raises(ProjectError, match=message):
        proposals.propose(russian, values=values, presentation=pdf_upload(content=content))
    assert not CollaborationProject.objects.exists()


def test_an_oversize_pdf_is_refused(call, russian, values, settings):
    settings.PROJECT_PRESENTATION_MAX_BYTES = 100
    with pytest.raises(ProjectError, match="too large"):
        proposals.propose(russian, values=values, presentation=pdf_upload(content=pdf_bytes(3)))


def test_a_cancelled_registration_cannot_propose(call, russian, values):
    russian.status = "cancelled"
    russian.save()
    with pytest.raises(ProjectError, match="submitted or approved"):
        proposals.propose(russian, values=values)


def test_the_proposer_edits_until_the_deadline_and_not_after(call, russian, table):
    project = make_project(russian, table)
    proposals.edit(project, by=russian, values={"title_ru": "Новое название"})
    project.refresh_from_db()
    assert project.title_ru == "Новое название"
    with pytest.raises(ProjectError, match="deadline"):
        proposals.edit(
            project,
            by=russian,
            values={"title_ru": "Опоздали"},
            now=call.closes_at + datetime.timedelta(seconds=1),
        )
    project.refresh_from_db()
    assert project.title_ru == "Новое название"


def test_another_delegate_cannot_edit_or_withdraw_the_project(call, russian, italian, table):
    project = make_project(russian, table)
    with pytest.raises(ActionNotAllowed):
        proposals.edit(project, by=italian, values={"title_ru": "x"})
    with pytest.raises(ActionNotAllowed):
        lifecycle.withdraw(project, by=italian)


def test_the_proposer_withdraws_before_the_deadline_but_not_after(call, russian, table):
    project = make_project(russian, table)
    with pytest.raises(ProjectError, match="deadline"):
        lifecycle.withdraw(project, by=russian, now=call.closes_at)
    project = lifecycle.withdraw(project, by=russian)
    assert project.status == ProjectStatus.WITHDRAWN
    assert project.withdrawn_at is not None


@pytest.mark.parametrize(
    ("service", "status", "subject_word"),
    [
        (lifecycle.accept_for_table, ProjectStatus.ACCEPTED_FOR_TABLE, "стол"),
        (lifecycle.accept_for_catalogue, ProjectStatus.ACCEPTED_FOR_CATALOGUE, "каталог"),
    ],
)
def test_acceptance_mails_the_proposer_in_their_language(
    call, russian, table, organizer, service, status, subject_word
):
    project = make_project(russian, table)
    service(project, by=organizer)
    project.refresh_from_db()
    assert project.status == status
    assert project.decided_at is not None
    email = Email.objects.get(to=[russian.person.email])
    assert "Линия обработки" in email.subject
    assert subject_word in (email.subject + email.message).lower()
    assert "Уважаем" in email.message or "Здравствуйте" in email.message


def test_declining_needs_a_reason_and_mails_it(call, italian, table, organizer):
    project = make_project(italian, table)
    with pytest.raises(ProjectError, match="reason"):
        lifecycle.decline(project, by=organizer, reason=" ")
    assert not Email.objects.exists()
    lifecycle.decline(project, by=organizer, reason="Fuori tema per questo tavolo")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DECLINED
    email = Email.objects.get()
    assert "Fuori tema per questo tavolo" in email.message
    assert "Gentile" in email.message or "Linea di lavorazione" in email.message


def test_a_viewer_cannot_review(call, italian, table, viewer):
    project = make_project(italian, table)
    with pytest.raises(ActionNotAllowed):
        lifecycle.accept_for_table(project, by=viewer)
    with pytest.raises(ActionNotAllowed):
        proposals.set_translation_state([project], TranslationState.CHECKED, by=viewer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    assert not Email.objects.exists()


def test_a_withdrawn_project_cannot_be_accepted(call, italian, table, organizer):
    project = make_project(italian, table, status=ProjectStatus.WITHDRAWN)
    with pytest.raises(ProjectError, match="cannot become"):
        lifecycle.accept_for_table(project, by=organizer)


def test_the_state_change_is_published_after_the_commit(
    call, italian, table, organizer, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["old_state"], kwargs["new_state"], kwargs["actor"]))

    project_state_changed.connect(receiver)
    try:
        project = make_project(italian, table)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.accept_for_table(project, by=organizer)
    finally:
        project_state_changed.disconnect(receiver)
    assert received == [(ProjectStatus.PROPOSED, ProjectStatus.ACCEPTED_FOR_TABLE, organizer)]


def test_history_records_the_staff_member(call, italian, table, organizer):
    project = make_project(italian, table)
    lifecycle.accept_for_table(project, by=organizer)
    entry = project.history.first()
    assert entry.history_user == organizer
    assert entry.status == ProjectStatus.ACCEPTED_FOR_TABLE


def test_translation_states_and_what_still_needs_translating(call, russian, table, organizer):
    untranslated = make_project(russian, table)
    translated = make_project(russian, table, title_it="Linea", summary_it="Sommario")
    changed, refused = proposals.set_translation_state(
        [untranslated, translated], TranslationState.CHECKED, by=organizer
    )
    assert [p.pk for p in changed] == [translated.pk]
    assert [p.pk for p in refused] == [untranslated.pk]
    assert list(CollaborationProject.objects.needing_translation()) == [untranslated]


def test_staff_adding_the_translation_makes_the_project_translated(call, russian, table, organizer):
    project = make_project(russian, table)
    project.title_it = "Produzione comune di macchine"
    project.summary_it = "Cerchiamo un partner."
    proposals.save_by_staff(project, by=organizer)
    project.refresh_from_db()
    assert project.translation_state == TranslationState.TRANSLATED


def test_the_proposer_changing_a_checked_text_sends_it_back_to_staff(call, russian, table):
    project = make_project(
        russian, table, title_it="Linea", summary_it="Sommario", translation_state="checked"
    )
    proposals.edit(project, by=russian, values={"summary_ru": "Новое описание"})
    project.refresh_from_db()
    assert project.translation_state == TranslationState.TRANSLATED


def test_the_order_of_presentation(call, italian, russian, table, organizer):
    first = make_project(italian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    second = make_project(russian, table, status=ProjectStatus.ACCEPTED_FOR_TABLE)
    proposals.set_presentation_order(table, [second.pk, first.pk], by=organizer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.presentation_order, first.presentation_order) == (1, 2)


def test_system_may_review(call, italian, table):
    project = make_project(italian, table)
    lifecycle.accept_for_catalogue(project, by=SYSTEM)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED_FOR_CATALOGUE
    assert timezone.now() - project.decided_at < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("held", ["marked held", "days past"])
def test_a_decision_for_a_session_already_over_is_recorded_but_not_emailed(
    call, italian, russian, table, organizer, held
):
    from sessions_app.models import SessionStatus

    session = call.session
    if held == "marked held":
        session.status = SessionStatus.HELD
    else:
        session.start_date = timezone.localdate() - datetime.timedelta(days=60)
        session.end_date = session.start_date + datetime.timedelta(days=1)
    session.save()
    accepted = make_project(italian, table)
    declined = make_project(russian, table)
    lifecycle.accept_for_table(accepted, by=organizer)
    lifecycle.decline(declined, by=organizer, reason="Вне тематики")
    accepted.refresh_from_db()
    declined.refresh_from_db()
    assert accepted.status == ProjectStatus.ACCEPTED_FOR_TABLE and accepted.decided_at
    assert declined.status == ProjectStatus.DECLINED
    assert declined.history.first().history_change_reason == "Вне тематики"
    # Neither "will be presented at the table" after the table, nor a link that may be dead.
    assert not Email.objects.exists()


def test_a_decision_before_the_session_is_emailed(call, italian, table, organizer):
    assert not call.session.has_ended()
    lifecycle.accept_for_table(make_project(italian, table), by=organizer)
    assert Email.objects.get(to=[italian.person.email])


def test_the_decline_reason_is_in_each_proposers_language_only(
    call, italian, russian, table, organizer
):
    for registration in (italian, russian):
        lifecycle.decline(
            make_project(registration, table), by=organizer, reason_code="out_of_scope"
        )
    russian_email = Email.objects.get(to=[russian.person.email])
    italian_email = Email.objects.get(to=[italian.person.email])
    for email in (russian_email, italian_email):
        assert email.html_message  # the HTML part says the same
    assert "Причина: Не соответствует темам тематических круглых столов этого заседания" in (
        russian_email.message
    )
    assert "Причина: Не соответствует" in russian_email.html_message
    assert "Fuori" not in russian_email.message + russian_email.html_message
    assert "Motivazione: Fuori dai temi dei tavoli tematici di questa sessione" in (
        italian_email.message
    )
    assert "Не соответствует" not in italian_email.message + italian_email.html_message
    assert "Примечание" not in russian_email.message


def test_a_note_goes_with_the_reason_and_other_needs_one(call, russian, table, organizer):
    project = make_project(russian, table)
    with pytest.raises(ProjectError, match="note"):
        lifecycle.decline(project, by=organizer, reason_code="other")
    with pytest.raises(ProjectError):
        lifecycle.decline(project, by=organizer, reason_code="made_up")
    assert not Email.objects.exists()
    lifecycle.decline(project, by=organizer, reason_code="duplicate", reason="См. проект № 12.")
    project.refresh_from_db()
    # A note in one language goes to the field of its script.
    assert (project.decline_reason, project.decision_note_ru) == ("duplicate", "См. проект № 12.")
    assert project.decision_note_it == ""
    message = Email.objects.get().message
    assert "Причина: Этот же проект уже был предложен" in message
    assert "Примечание организаторов: См. проект № 12." in message
