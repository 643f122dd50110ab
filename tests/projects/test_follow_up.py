"""The follow-up after a session: run by the task engine on the session's schedule (time moved
forward by giving the task the moment), answered once through its link, reminded by staff."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from post_office.models import Email

from agreements.models import Agreement, Party
from core.authorization import ActionNotAllowed
from meetings.models import Meeting
from projects import reading
from projects.models import FollowUp, FollowUpKind, Progress
from projects.services import ProjectError
from projects.services import follow_up as follow_ups
from projects.tasks import send_due_follow_ups_task
from tests.factories import (
    PastSessionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    ThematicTableFactory,
)
from tests.meetings.conftest import make_meeting_point
from tests.projects.conftest import make_call, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    """A session that ended on 12 October 2027, with its call (3 and 6 months, B2B after 3
    days), two accepted projects, a declined one, a signed agreement and a B2B meeting held."""
    session = PastSessionFactory(
        number=40, start_date=datetime.date(2027, 10, 11), end_date=datetime.date(2027, 10, 12)
    )
    make_call(
        session,
        opens_at=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2027, 9, 1, tzinfo=datetime.UTC),
    )
    table = ThematicTableFactory(session=session)
    italian = RegistrationFactory(session=session)
    russian = RussianRegistrationFactory(session=session)
    make_project(italian, table, status="accepted_table")
    make_project(russian, table, status="accepted_catalogue")
    make_project(russian, table, status="declined")
    agreement = Agreement.objects.create(
        kind="mou",
        title_it="Memorandum tra Bergamo e Ekaterinburg",
        title_ru="Меморандум между Бергамо и Екатеринбургом",
        sector="mechanics",
        session=session,
        signing_date=session.end_date,
        status="signed",
    )
    Party.objects.create(agreement=agreement, side="IT", organization=italian.organization)
    Party.objects.create(agreement=agreement, side="RU", organization=russian.organization)
    meeting_point = make_meeting_point(session)
    Meeting.objects.create(
        meeting_point=meeting_point,
        registration_a=italian,
        registration_b=russian,
        slot=0,
        table_number=1,
        is_held=True,
    )
    return session


def moment(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC).isoformat()


def test_the_schedule_follows_the_session_in_its_time_zone(held):
    rounds = follow_ups.schedule(held.project_call)
    assert [months for months, _due in rounds] == [0, 3, 6]
    assert rounds[0][1] == datetime.datetime(2027, 10, 15, 9, tzinfo=held.tzinfo)
    assert rounds[1][1].date() == datetime.date(2028, 1, 12)
    assert rounds[2][1].date() == datetime.date(2028, 4, 12)


def test_the_periodic_task_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["project-follow-ups"]
    assert entry["task"] == "projects.tasks.send_due_follow_ups_task"


def test_time_moved_forward_through_the_task_engine_asks_each_question_once(held):
    # Before the session ends nothing is asked; the day after, neither.
    assert send_due_follow_ups_task.delay(moment(2027, 10, 13)).get() == 0
    # Three days later: both delegates of the meeting held.
    assert send_due_follow_ups_task.delay(moment(2027, 10, 15)).get() == 2
    assert FollowUp.objects.filter(kind=FollowUpKind.MEETING).count() == 2
    # Once only.
    assert send_due_follow_ups_task.delay(moment(2027, 10, 16)).get() == 0
    # Three months: the two accepted projects and one delegate of each party.
    assert send_due_follow_ups_task.delay(moment(2028, 1, 12)).get() == 4
    assert FollowUp.objects.filter(kind=FollowUpKind.PROJECT, round_months=3).count() == 2
    assert FollowUp.objects.filter(kind=FollowUpKind.AGREEMENT, round_months=3).count() == 2
    # Six months.
    assert send_due_follow_ups_task.delay(moment(2028, 4, 12)).get() == 4
    assert FollowUp.objects.count() == 10
    assert Email.objects.count() == 10
    # In each recipient's language, with one link per answer.
    russian = FollowUp.objects.get(
        kind=FollowUpKind.PROJECT, round_months=3, registration__delegation="RU"
    ).registration
    russian_mail = Email.objects.filter(to=[russian.person.email], subject__contains="проект")
    assert "/ru/follow-up/" in russian_mail.first().message
    assert "?progress=implemented" in russian_mail.first().message


def test_a_round_long_past_is_not_sent(held):
    assert send_due_follow_ups_task.delay(moment(2029, 1, 1)).get() == 0


def test_the_answer_is_kept_with_its_date_and_taken_once(client, held):
    send_due_follow_ups_task.delay(moment(2028, 1, 12)).get()
    question = FollowUp.objects.filter(kind=FollowUpKind.PROJECT).first()
    url = reverse("projects:follow_up", kwargs={"token": question.token})
    # The link of the e-mail preselects the answer and marks the form to send itself.
    page = client.get(url, {"progress": "negotiating"}).content.decode()
    assert 'data-autosubmit="true"' in page
    chosen = page[page.index('value="negotiating"') :].split(">", 1)[0]
    assert "checked" in chosen
    response = client.post(url, {"progress": "negotiating", "note": "Incontro a febbraio"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.progress == Progress.NEGOTIATING
    assert question.answered_at is not None
    assert question.note == "Incontro a febbraio"
    # Used twice: a clear message, nothing changed.
    response = client.post(url, {"progress": "abandoned"})
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.progress == Progress.NEGOTIATING
    with pytest.raises(ProjectError):
        follow_ups.answer(question, progress="abandoned")


def test_a_link_after_the_project_was_withdrawn_is_refused(client, held):
    send_due_follow_ups_task.delay(moment(2028, 1, 12)).get()
    question = FollowUp.objects.filter(kind=FollowUpKind.PROJECT).first()
    question.project.status = "withdrawn"
    question.project.save()
    url = reverse("projects:follow_up", kwargs={"token": question.token})
    response = client.post(url, {"progress": "implemented"})
    assert response.status_code == 410
    question.refresh_from_db()
    assert question.answered_at is None


def test_an_unknown_follow_up_link_is_a_private_404(client):
    response = client.get(reverse("projects:follow_up", kwargs={"token": "x" * 43}))
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_meeting_question_is_answered_in_one_click(client, held):
    send_due_follow_ups_task.delay(moment(2027, 10, 15)).get()
    question = FollowUp.objects.filter(kind=FollowUpKind.MEETING).first()
    url = reverse("projects:follow_up", kwargs={"token": question.token})
    assert client.post(url, {"outcome": "continue"}).status_code == 302
    question.refresh_from_db()
    assert question.outcome == "continue"


def test_staff_remind_those_who_have_not_answered_and_a_viewer_may_not(held, organizer, viewer):
    send_due_follow_ups_task.delay(moment(2028, 1, 12)).get()
    answered = FollowUp.objects.filter(kind=FollowUpKind.PROJECT).first()
    follow_ups.answer(answered, progress="implemented")
    Email.objects.all().delete()
    with pytest.raises(ActionNotAllowed):
        follow_ups.remind_unanswered(held, by=viewer)
    assert follow_ups.remind_unanswered(held, by=organizer) == 3
    assert Email.objects.count() == 3
    assert FollowUp.objects.filter(reminded_at__isnull=False).count() == 3


def test_the_results_page_and_the_statistics(client, held):
    send_due_follow_ups_task.delay(moment(2027, 10, 15)).get()
    send_due_follow_ups_task.delay(moment(2028, 1, 12)).get()
    for question in FollowUp.objects.filter(kind=FollowUpKind.PROJECT):
        follow_ups.answer(question, progress="implemented")
    results = reading.session_results(held)
    assert results["totals"] == {
        "proposed": 3,
        "accepted": 2,
        "presented": 1,
        "followed_up": 2,
        "implemented": 2,
    }
    assert results["meetings_held"] == 1
    response = client.get(reverse("projects:results", kwargs={"number": held.number}))
    assert response.status_code == 200
    # Counts have labels of their own, agreeing with several projects or agreements.
    with translation.override("ru"):
        url = reverse("projects:results", kwargs={"number": held.number})
    text = client.get(url).content.decode()
    for heading in ("Предложено", "Принято", "Представлено", "Реализовано"):
        assert f">{heading}</th>" in text
    assert "Реализовано: 2" in text and "Реализован:" not in text
    # The follow-up is «мониторинг» (locale/GLOSSARY.md), as in the admin, never «опрос».
    assert ">Прошли мониторинг</th>" in text and "<strong>2</strong> прошли мониторинг" in text
    assert "На каком этапе проекты, прошедшие мониторинг" in text and "опрош" not in text
    with translation.override("it"):
        url = reverse("projects:results", kwargs={"number": held.number})
    italian = client.get(url).content.decode()
    assert ">Monitorati</th>" in italian and "<strong>2</strong> monitorati" in italian
    assert "verificat" not in italian
    assert "Полезные, с продолжением:" in text and "Полезная:" not in text
    response = client.get(reverse("statistics"))
    assert "projects-per-edition" in response.content.decode()


def test_the_mailings_scheduler_reminds_unanswered_questions_once_two_weeks_later(held):
    from mailings import reminders
    from projects.receivers import build_follow_up_reminder, due_follow_up_reminders

    assert reminders.get("project_follow_up_unanswered") is not None
    send_due_follow_ups_task.delay(moment(2028, 1, 12)).get()
    asked = datetime.datetime(2028, 1, 12, 12, tzinfo=datetime.UTC)
    assert due_follow_up_reminders(held, asked + datetime.timedelta(days=13)) == []
    due = due_follow_up_reminders(held, asked + datetime.timedelta(days=15))
    assert len(due) == 4
    registration, key = next(pair for pair in due if pair[0].delegation == "RU")
    subject, text, html = build_follow_up_reminder(registration, key)
    assert subject.startswith("Напоминание")
    assert "/ru/follow-up/" in text


def test_the_admin_list_of_follow_ups_names_what_each_question_is_about(held, admin_client):
    """Its column «oggetto» / «предмет» (what a question is about), not the «circa» /
    «около» (approximately) of the historical record's figures, which share the English word."""
    send_due_follow_ups_task.delay(moment(2028, 1, 12)).get()
    url = reverse("admin:projects_followup_changelist")
    for language, subject, approximately in (
        ("it", "Oggetto", "Circa"),
        ("ru", "Предмет", "Около"),
    ):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = admin_client.get(url).content.decode()
        assert f">{subject}<" in page or f">{subject}</a>" in page
        assert f">{approximately}<" not in page


@pytest.mark.parametrize(
    ("language", "follow_ups", "calls", "wrong"),
    [
        ("ru", "Вопросы мониторинга", "Приём заявок на проекты", ("Опросы", "Приёмы проектов")),
        ("it", "Domande di monitoraggio", "Inviti a presentare progetti", ("Verifiche",)),
        ("en", "Follow-ups", "Calls for projects", ()),
    ],
)
def test_the_admin_names_the_follow_up_and_the_call_as_the_glossary_does(
    admin_client, language, follow_ups, calls, wrong
):
    """One concept, one term in each language: the admin's sidebar and the follow-up's own
    pages (R13: «Verifiche» in Italian was «Опросы» in Russian)."""
    index = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)
    listing = admin_client.get(
        reverse("admin:projects_followup_changelist"), HTTP_ACCEPT_LANGUAGE=language
    )

    text = index.content.decode()
    assert follow_ups in text and calls in text
    for term in wrong:
        assert term not in text
    assert follow_ups in listing.content.decode()
