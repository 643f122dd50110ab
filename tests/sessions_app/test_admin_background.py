"""The admin of the background work: the outbox's "send again" and the tasks' "run again",
each allowed only to the roles that may do it."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_celery_results.models import TaskResult
from post_office.models import STATUS, Email

from delegates.models import PreparedBadge, RegistrationStatus
from staff.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS, VIEWERS
from tests.factories import RegistrationFactory, UserFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

EMAILS_URL = reverse("admin:post_office_email_changelist")
TASKS_URL = reverse("admin:django_celery_results_taskresult_changelist")


def member(role):
    user = UserFactory(username=f"member-{role.split()[0].lower()}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def outbox_email(status=STATUS.failed, to="anna@example.ru"):
    return Email.objects.create(
        from_email="portal@example.org",
        to=[to],
        subject="Your registration",
        message="Body",
        status=status,
        number_of_retries=12 if status == STATUS.failed else None,
    )


def failed_task(registrations):
    """A failed badge preparation as the result backend keeps it (arguments as their repr,
    JSON-encoded)."""
    return TaskResult.objects.create(
        task_id="failed-task",
        task_name="delegates.tasks.prepare_badges_task",
        task_args=json.dumps(repr(([r.pk for r in registrations],))),
        task_kwargs=json.dumps(repr({})),
        status="FAILURE",
        result=json.dumps({"exc_type": "OperationalError", "exc_message": ["server closed"]}),
    )


def post_action(client, url, action, objects):
    return client.post(url, {"action": action, "_selected_action": [obj.pk for obj in objects]})


@pytest.mark.parametrize("role", [MINISTRY_ADMINISTRATORS, ORGANIZERS])
def test_staff_who_may_send_a_failed_mail_again(
    client, role, mailoutbox, django_capture_on_commit_callbacks
):
    failed, sent = outbox_email(), outbox_email(status=STATUS.sent, to="old@example.org")
    log_in(client, member(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(client, EMAILS_URL, "send_again", [failed, sent])
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == STATUS.sent
    # The mail that had left already is not sent twice.
    assert [message.to for message in mailoutbox] == [["anna@example.ru"]]


def test_viewers_cannot_send_a_mail_again(client, mailoutbox, django_capture_on_commit_callbacks):
    failed = outbox_email()
    log_in(client, member(VIEWERS))
    assert client.get(EMAILS_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, EMAILS_URL, "send_again", [failed])
    failed.refresh_from_db()
    assert failed.status == STATUS.failed
    assert mailoutbox == []


def test_only_those_who_may_act_on_a_mail_read_its_body(client):
    email = outbox_email()
    url = reverse("admin:post_office_email_change", args=[email.pk])
    log_in(client, member(VIEWERS))
    assert "Body" not in client.get(url).content.decode()
    log_in(client, member(ORGANIZERS))
    assert "Body" in client.get(url).content.decode()


def test_ministry_administrators_run_a_failed_task_again(
    client, session, django_capture_on_commit_callbacks
):
    registrations = RegistrationFactory.create_batch(
        2, session=session, status=RegistrationStatus.APPROVED
    )
    result = failed_task(registrations)
    log_in(client, member(MINISTRY_ADMINISTRATORS))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(client, TASKS_URL, "run_again", [result])
    assert response.status_code == 302
    # Tasks run eagerly in the tests: the badges are prepared, the failure is replaced.
    assert PreparedBadge.objects.count() == 2
    assert not TaskResult.objects.filter(pk=result.pk).exists()


@pytest.mark.parametrize("role", [ORGANIZERS, VIEWERS])
def test_organizers_and_viewers_see_failed_tasks_but_cannot_run_them(client, session, role):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    result = failed_task([registration])
    log_in(client, member(role))
    assert "prepare_badges_task" in client.get(TASKS_URL).content.decode()
    post_action(client, TASKS_URL, "run_again", [result])
    assert TaskResult.objects.get(pk=result.pk).status == "FAILURE"
    assert not PreparedBadge.objects.exists()


def test_a_task_that_did_not_fail_is_not_run_again(client, session):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    result = failed_task([registration])
    TaskResult.objects.filter(pk=result.pk).update(status="SUCCESS")
    log_in(client, member(MINISTRY_ADMINISTRATORS))
    post_action(client, TASKS_URL, "run_again", [result])
    assert TaskResult.objects.filter(pk=result.pk).exists()
    assert not PreparedBadge.objects.exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_outbox_list_takes_the_same_queries_for_1_or_20_mails(
    client, count, django_assert_num_queries
):
    for index in range(count):
        outbox_email(to=f"delegate{index}@example.org")
    log_in(client, member(VIEWERS))
    with django_assert_num_queries(7):
        assert client.get(EMAILS_URL).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_task_list_takes_the_same_queries_for_1_or_20_tasks(
    client, session, count, django_assert_num_queries
):
    registration = RegistrationFactory(session=session, status=RegistrationStatus.APPROVED)
    for index in range(count):
        failed_task([registration])
        TaskResult.objects.filter(task_id="failed-task").update(task_id=f"task-{index}")
    log_in(client, member(VIEWERS))
    with django_assert_num_queries(11):
        assert client.get(TASKS_URL).status_code == 200


def test_the_services_check_the_acting_staff_member_too(session):
    from django.core.exceptions import PermissionDenied

    from sessions_app.services import background, outbox

    failed = outbox_email()
    result = failed_task([RegistrationFactory(session=session, status="approved")])
    viewer = member(VIEWERS)
    with pytest.raises(PermissionDenied):
        outbox.send_again(Email.objects.all(), by=viewer)
    with pytest.raises(PermissionDenied):
        background.run_again([result], by=member(ORGANIZERS))
    failed.refresh_from_db()
    assert failed.status == STATUS.failed
    assert TaskResult.objects.filter(pk=result.pk).exists()


def test_the_services_say_who_acts_as_every_service_that_changes_state(session):
    """The convention of core/authorization.py: `by` is required, and nobody (None, an
    anonymous visitor) is refused; the portal itself (SYSTEM, a command) may act."""
    from django.contrib.auth.models import AnonymousUser

    from core.authorization import SYSTEM, ActionNotAllowed
    from sessions_app.services import background, outbox

    failed = outbox_email()
    result = failed_task([RegistrationFactory(session=session, status="approved")])
    with pytest.raises(TypeError):
        outbox.send_again(Email.objects.all())
    with pytest.raises(TypeError):
        background.run_again([result])
    for nobody in (None, AnonymousUser()):
        with pytest.raises(ActionNotAllowed):
            outbox.send_again(Email.objects.all(), by=nobody)
        with pytest.raises(ActionNotAllowed):
            background.run_again([result], by=nobody)
    failed.refresh_from_db()
    assert failed.status == STATUS.failed
    assert TaskResult.objects.filter(pk=result.pk).exists()
    assert outbox.send_again(Email.objects.all(), by=SYSTEM) == 1
