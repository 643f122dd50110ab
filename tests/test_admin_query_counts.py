"""Every admin changelist makes the same number of queries for 1 row as for many.

`CHANGELISTS` holds, for every registered ModelAdmin, what makes its rows and its literal
count of queries; registering a new ModelAdmin without adding it there makes
`test_every_registered_model_admin_has_a_query_count` fail."""

import json

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    OrganizationFactory,
    PastSessionFactory,
    PersonFactory,
    ProgrammeItemFactory,
    RegionFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
    UserFactory,
)

MANY = 6


def regions(count):
    for index in range(count):
        RegionFactory(code=f"IT-Q{index}")


def sessions(count):
    SessionFactory.create_batch(count)


def editions(count):
    from sessions_app.models import Edition, EditionSource

    for index in range(count):
        edition = Edition.objects.create(
            number=200 + index, host_region=RegionFactory(), session=SessionFactory()
        )
        EditionSource.objects.create(edition=edition, url=f"https://example.org/{index}")


def programme_items(count):
    for _index in range(count):
        session = SessionFactory()
        ProgrammeItemFactory(session=session, table=ThematicTableFactory(session=session))


def thematic_tables(count):
    for _index in range(count):
        ThematicTableFactory(session=SessionFactory())


def organizations(count):
    for _index in range(count):
        OrganizationFactory(region=RegionFactory())


def people(count):
    PersonFactory.create_batch(count)


def registrations(count):
    for _index in range(count):
        RegistrationFactory(session=SessionFactory())


def badge_prints(count):
    from venue.models import BadgePrint

    for _index in range(count):
        session = SessionFactory()
        badge_print = BadgePrint.objects.create(
            session=session, layout="a6", badge_count=1, printed_by=UserFactory()
        )
        badge_print.registrations.add(RegistrationFactory(session=session))


def visa_letters(count):
    from travel.models import VisaLetterRequest

    for _index in range(count):
        VisaLetterRequest.objects.create(
            registration=RussianRegistrationFactory(session=SessionFactory()),
            name_in_passport="IVANOV IVAN",
            passport_number="751234567",
        )


def visa_settings(count):
    from travel.models import VisaSettings

    for _index in range(count):
        VisaSettings.objects.create(session=SessionFactory(), letters_for_submitted=True)


def visa_exceptions(count):
    from travel.models import VisaEntitlementException

    for _index in range(count):
        VisaEntitlementException.objects.create(
            registration=RegistrationFactory(session=SessionFactory()),
            reason="dual citizen",
            granted_by=UserFactory(),
        )


def passport_rules(count):
    from travel.models import PassportRule, PassportRuleKind

    kinds = [(country, kind) for country in ("IT", "RU") for kind in PassportRuleKind.values]
    for country, kind in kinds[:count]:
        PassportRule.objects.create(destination_country=country, kind=kind, value=2, source="x")


def consulates(count):
    from travel.models import Consulate

    for index in range(count):
        consulate = Consulate.objects.create(
            key=f"consulate-{index}",
            country="RU",
            kind="consulate",
            name_it=f"Consolato {index}",
            name_ru=f"Консульство {index}",
            address_it="Via Roma, 1",
            address_ru="Виа Рома, 1",
        )
        consulate.regions.add(RegionFactory(code=f"IT-C{index}"))


def check_ins(count):
    from venue.models import CheckIn

    for _index in range(count):
        registration = RegistrationFactory(session=SessionFactory())
        CheckIn.objects.create(
            registration=registration, session=registration.session, checked_in_by=UserFactory()
        )


def certificates(count):
    from core.authorization import SYSTEM
    from venue.models import CheckIn
    from venue.services.certificates import issue_certificates

    registrations = []
    for _index in range(count):
        registration = RegistrationFactory(session=PastSessionFactory())
        CheckIn.objects.create(registration=registration, session=registration.session)
        registrations.append(registration)
    issue_certificates(registrations, by=SYSTEM)


def agreements(count):
    from tests.agreements.factories import PartyFactory, SignatoryFactory, signed_agreement

    for _index in range(count):
        agreement = signed_agreement(SessionFactory())
        PartyFactory(agreement=agreement)
        SignatoryFactory(agreement=agreement)


def protocols(count):
    from tests.agreements.factories import protocol_with_sections

    for _index in range(count):
        protocol_with_sections(SessionFactory(), count=2)


def meeting_with_request(meeting_point, held=False, table_number=1):
    """An accepted request between two delegates with profiles, and its meeting, placed."""
    from meetings.models import Meeting, MeetingRequest, MeetingRequestStatus
    from tests.meetings.conftest import make_profile

    session = meeting_point.session
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    russian = RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(italian)
    make_profile(russian)
    request = MeetingRequest.objects.create(
        meeting_point=meeting_point,
        sender=italian,
        recipient=russian,
        status=MeetingRequestStatus.ACCEPTED,
        answered_at=timezone.now(),
    )
    return Meeting.objects.create(
        meeting_point=meeting_point,
        request=request,
        registration_a=italian,
        registration_b=russian,
        slot=1,
        table_number=table_number,
        is_held=held,
    )


def meeting_points(count):
    from tests.meetings.conftest import make_meeting_point

    for _index in range(count):
        meeting_point = make_meeting_point(SessionFactory())
        meeting_with_request(meeting_point)
        meeting_with_request(meeting_point, held=True, table_number=2)


def b2b_profiles(count):
    from tests.meetings.conftest import make_meeting_point, make_profile

    for _index in range(count):
        meeting_point = make_meeting_point(SessionFactory())
        make_profile(RegistrationFactory(session=meeting_point.session))


def meeting_requests(count):
    from tests.meetings.conftest import make_meeting_point

    for _index in range(count):
        meeting_with_request(make_meeting_point(SessionFactory()))


def meetings(count):
    from tests.meetings.conftest import make_meeting_point

    for _index in range(count):
        meeting_with_request(make_meeting_point(SessionFactory()))


def emails(count):
    from post_office.models import STATUS, Email

    for index in range(count):
        Email.objects.create(
            from_email="portal@example.org",
            to=[f"delegate{index}@example.org"],
            subject="Your registration",
            message="Body",
            status=STATUS.failed,
        )


def task_results(count):
    from django_celery_results.models import TaskResult

    for index in range(count):
        registration = RegistrationFactory(session=SessionFactory())
        TaskResult.objects.create(
            task_id=f"task-{index}",
            task_name="delegates.tasks.prepare_badges_task",
            task_args=json.dumps(repr(([registration.pk],))),
            task_kwargs=json.dumps(repr({})),
            status="FAILURE",
            result=json.dumps({"exc_type": "OperationalError", "exc_message": ["closed"]}),
        )


def users(count):
    from django.contrib.auth.models import Group

    for index in range(count):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.create(name=f"Group {index}"))


def groups(count):
    from django.contrib.auth.models import Group, Permission

    permission = Permission.objects.first()
    for index in range(count):
        Group.objects.create(name=f"Extra group {index}").permissions.add(permission)


def audit_events(count):
    from staff.models import AuditAction, AuditEvent

    for index in range(count):
        user = UserFactory(is_staff=True)
        AuditEvent.objects.create(
            user=user,
            username=user.username,
            action=AuditAction.EXPORT,
            object_repr=f"Export {index}",
            ip_address="192.0.2.1",
        )


def access_attempts(count):
    from axes.models import AccessAttempt

    for index in range(count):
        AccessAttempt.objects.create(
            username=f"someone{index}",
            ip_address="192.0.2.1",
            user_agent="x",
            failures_since_start=1,
        )


def access_logs(count):
    from axes.models import AccessLog

    for index in range(count):
        AccessLog.objects.create(username=f"someone{index}", ip_address="192.0.2.1", user_agent="x")


def access_failures(count):
    from axes.models import AccessFailureLog

    for index in range(count):
        AccessFailureLog.objects.create(
            username=f"someone{index}", ip_address="192.0.2.1", user_agent="x"
        )


def registration_questions(count):
    from delegates.models import RegistrationQuestion

    for index in range(count):
        RegistrationQuestion.objects.create(
            session=SessionFactory(), kind="short_text", label_it=f"Domanda {index}"
        )


def project_calls(count):
    from tests.projects.conftest import make_call

    for _index in range(count):
        make_call(SessionFactory())


def collaboration_projects(count):
    from tests.projects.conftest import make_project

    session = SessionFactory()
    table = ThematicTableFactory(session=session)
    for _index in range(count):
        make_project(RussianRegistrationFactory(session=session), table)


def follow_ups(count):
    from projects.models import FollowUp

    session = SessionFactory()
    table = ThematicTableFactory(session=session)
    from tests.projects.conftest import make_project

    for _index in range(count):
        project = make_project(RussianRegistrationFactory(session=session), table)
        FollowUp.objects.create(
            session=session,
            kind="project",
            round_months=3,
            registration=project.proposer,
            project=project,
        )


def commitments(count):
    from agreements.models import Commitment, Protocol

    for _index in range(count):
        protocol = Protocol.objects.create(session=SessionFactory())
        section = protocol.sections.create(heading_it="Impegni", heading_ru="Обязательства")
        Commitment.objects.create(section=section, text_it="Fare", text_ru="Сделать", side="IT")


def mailings(count):
    from mailings.services import send
    from tests.mailings.conftest import make_mailing

    for _index in range(count):
        session = SessionFactory()
        RegistrationFactory(session=session)
        send(make_mailing(session), by=UserFactory(is_superuser=True))


def mailing_recipients(count):
    from mailings.services import send
    from tests.mailings.conftest import make_mailing

    session = SessionFactory()
    for _index in range(count):
        RegistrationFactory(session=session)
    send(make_mailing(session), by=UserFactory(is_superuser=True))


def reminder_settings(count):
    from mailings.models import ReminderSetting

    for _index in range(count):
        ReminderSetting.objects.create(session=SessionFactory(), kind="agenda", is_enabled=False)


def sent_reminders(count):
    from mailings import reminders
    from mailings.services.reminders import send_one

    for _index in range(count):
        registration = RegistrationFactory(session=SessionFactory(), status="pending_confirmation")
        send_one(reminders.get("unconfirmed"), registration)


def _booked_sessions(count):
    """`count` sessions, each with a hotel, a delegate's room and arrival."""
    from core.authorization import SYSTEM
    from tests.travel.hotel_fixtures import hotel_with_block, open_logistics, stay
    from travel.services import hotels

    for _index in range(count):
        session = SessionFactory()
        open_logistics(session)
        _hotel, block = hotel_with_block(session)
        registration = RegistrationFactory(session=session)
        hotels.choose_room(registration, block, **stay(session), by=SYSTEM)
        hotels.save_travel_plan(registration, {"arrival_place": "Orio al Serio"}, by=SYSTEM)


# Model label -> (what makes `count` rows for the changelist, queries it makes for 1 or MANY
# rows, the superuser's login, its session and its second factor included).
CHANGELISTS = {
    "agreements.Agreement": (agreements, 9),
    "agreements.Protocol": (protocols, 7),
    "agreements.Commitment": (commitments, 8),
    "auth.Group": (groups, 6),
    "auth.User": (users, 7),
    "axes.AccessAttempt": (access_attempts, 9),
    "axes.AccessFailureLog": (access_failures, 9),
    "axes.AccessLog": (access_logs, 9),
    "venue.BadgePrint": (badge_prints, 11),
    "venue.CheckIn": (check_ins, 10),
    "venue.Certificate": (certificates, 10),
    "delegates.Organization": (organizations, 6),
    "delegates.Person": (people, 6),
    "delegates.Registration": (registrations, 10),
    "delegates.RegistrationQuestion": (registration_questions, 8),
    "travel.VisaLetterRequest": (visa_letters, 9),
    "travel.VisaSettings": (visa_settings, 6),
    "travel.VisaEntitlementException": (visa_exceptions, 7),
    "travel.PassportRule": (passport_rules, 6),
    "travel.Consulate": (consulates, 6),
    "travel.TravelLogistics": (_booked_sessions, 6),
    "travel.Hotel": (_booked_sessions, 7),
    "travel.HotelBooking": (_booked_sessions, 8),
    "travel.TravelPlan": (_booked_sessions, 10),
    "django_celery_results.TaskResult": (task_results, 10),
    "mailings.Mailing": (mailings, 8),
    "mailings.Recipient": (mailing_recipients, 8),
    "mailings.ReminderSetting": (reminder_settings, 8),
    "mailings.SentReminder": (sent_reminders, 8),
    "meetings.B2BProfile": (b2b_profiles, 7),
    "meetings.Meeting": (meetings, 9),  # the sessions listed, for the note on their zone
    "meetings.MeetingPoint": (meeting_points, 7),
    "meetings.MeetingRequest": (meeting_requests, 10),
    "post_office.Email": (emails, 6),
    "projects.Call": (project_calls, 6),
    "projects.CollaborationProject": (collaboration_projects, 9),
    "projects.FollowUp": (follow_ups, 9),
    "sessions_app.Edition": (editions, 6),
    "sessions_app.ProgrammeItem": (programme_items, 10),
    "sessions_app.Region": (regions, 6),
    "sessions_app.Session": (sessions, 9),
    "sessions_app.ThematicTable": (thematic_tables, 7),
    "staff.AuditEvent": (audit_events, 8),
}


def changelist_url(label):
    app_label, model_name = label.lower().split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def test_every_registered_model_admin_has_a_query_count():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(CHANGELISTS)


@pytest.mark.parametrize("count", [1, MANY])
@pytest.mark.parametrize("label", sorted(CHANGELISTS))
def test_each_changelist_makes_the_same_literal_number_of_queries(
    admin_client, django_assert_num_queries, label, count
):
    make_rows, queries = CHANGELISTS[label]
    make_rows(count)
    url = changelist_url(label)
    with django_assert_num_queries(queries):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= count
