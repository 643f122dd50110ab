"""Authorization belongs to the action, not to the page: every action of every registered
ModelAdmin, and every custom admin URL that changes something, walked as each role.

The ModelAdmins come from `admin.site._registry` and their actions from `get_actions()` of a
superuser's request (so the actions hidden from a role are POSTed too), so that the admins
and actions added later are walked without touching this file. What each role may run is
restated here from the README's role table, independently of `staff/roles.py`; an action or a
custom URL nobody listed here is taken for the ministry's alone, and a custom URL must be
classified (it changes something, or it only reads) before the walk passes.

A refused POST must change nothing (every row of every table, history and task rows
included), send no e-mail, and answer 403 (staff) or the login page (anyone else). The same
POST by a Ministry administrator, rolled back afterwards, shows that the rows selected are
ones the action would really change.
"""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, reverse
from django.utils import timezone

from staff.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS, VIEWERS
from tests.factories import (
    PastSessionFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
    UserFactory,
)
from tests.helpers import log_in, on_a_check_in_day
from tests.roles import role_member

ANONYMOUS, PUBLIC = "anonymous", "a logged-in member of the public"
ROLES = (ANONYMOUS, PUBLIC, VIEWERS, ORGANIZERS, MINISTRY_ADMINISTRATORS)

# --- the role table, restated ----------------------------------------------------------------

DECISIONS = {"approve_selected", "waitlist_selected", "reject_selected", "cancel_selected"}
BADGES = {"print_badges_a6", "print_badges_a4"}

# Organizers: the programme, registrations, badges, check-in, the Meeting Point. They delete
# only programme items, thematic tables and what belongs to the Meeting Point.
ORGANIZER_ACTIONS = {
    "delegates.registration": DECISIONS | BADGES | {"issue_certificates_action"},
    "sessions_app.session": {"duplicate_programme_action"},
    "sessions_app.programmeitem": {"delete_selected"},
    "sessions_app.thematictable": {"delete_selected"},
    "meetings.meetingpoint": {"schedule_now", "send_agendas", "delete_selected"},
    "meetings.b2bprofile": {"approve", "delete_selected"},
    "meetings.meetingrequest": {"delete_selected"},
    "meetings.meeting": {"mark_held", "release", "delete_selected"},
    # Messages to delegates: they write, send and send again; they delete drafts only.
    "mailings.mailing": {"delete_selected"},
    "mailings.recipient": {"send_again"},
    # Visa letters: they record letters sent and act on refused visas; releasing, the PDFs
    # and revoking need the passport data (the ministry's).
    "travel.visaletterrequest": {
        "mark_letters_sent",
        "waitlist_refused_visas",
        "cancel_refused_visas",
    },
    # They follow the outbox and send a mail again; running a failed task again is the
    # ministry's.
    "post_office.email": {"send_again"},
    # They review, translate and export collaboration projects; deleting one is the
    # ministry's.
    "projects.collaborationproject": {
        "accept_for_table",
        "accept_for_catalogue",
        "decline",
        "mark_translated",
        "mark_checked",
        "mark_needed",
        "export_xlsx",
        "export_csv",
    },
    "projects.followup": {"send_reminder"},
}
# Viewers: read and export actions only, never on personal documents.
VIEWER_ACTIONS = {"projects.collaborationproject": {"export_xlsx", "export_csv"}}
# Actions no role is given, only superusers (README, "Two-factor login"): resetting someone
# else's second factor. Ministry administrators are refused them like the other roles.
SUPERUSER_ACTIONS = {
    "auth.user": {"reset_second_factor"},
}

# Custom admin URLs (by URL name): who may use those that change something; those that only
# read or export are listed apart. A URL in neither list fails the walk until classified.
EVERY_STAFF_WHO_CHANGE = {ORGANIZERS, MINISTRY_ADMINISTRATORS}
STATE_CHANGING_URLS = {
    "delegates_registration_transition": EVERY_STAFF_WHO_CHANGE,
    "delegates_registration_promote": EVERY_STAFF_WHO_CHANGE,
    "venue_badgeprint_prepare": EVERY_STAFF_WHO_CHANGE,
    "sessions_app_session_duplicate_programme": EVERY_STAFF_WHO_CHANGE,
    "delegates_registrationquestion_logistics_block": EVERY_STAFF_WHO_CHANGE,
    "mailings_mailing_test": EVERY_STAFF_WHO_CHANGE,
    "mailings_mailing_send": EVERY_STAFF_WHO_CHANGE,
    "mailings_mailing_send_failed": EVERY_STAFF_WHO_CHANGE,
    "mailings_remindersetting_session": EVERY_STAFF_WHO_CHANGE,
    "travel_visaletterrequest_revoke": {MINISTRY_ADMINISTRATORS},
    "agreements_protocol_start_from_previous": {MINISTRY_ADMINISTRATORS},
    "agreements_protocol_outline": {MINISTRY_ADMINISTRATORS},
    "agreements_protocol_finalize": {MINISTRY_ADMINISTRATORS},
    # Django's page that sets another account's password (user management: the ministry's).
    "auth_user_password_change": {MINISTRY_ADMINISTRATORS},
}
# What the form of a custom URL needs, beyond the programme copy's `source` and `replace`.
NEW_PASSWORD = "Un-altro-segreto-2025"
URL_DATA = {
    "mailings_remindersetting_session": {"kind": "agenda", "enable": "0"},
    "travel_visaletterrequest_revoke": {"reason": "replaced by a colleague"},
    "auth_user_password_change": {
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
}
READ_ONLY_URLS = {
    "projects_collaborationproject_counts",
    "projects_collaborationproject_booklet",
    "projects_collaborationproject_presentation",
    "delegates_registration_report",
    "delegates_registration_session_report",
    "delegates_registration_export_csv",
    "delegates_registration_export_xlsx",
    "travel_visaletterrequest_letter",
    "agreements_protocol_preview",
    "sessions_app_session_control_room",
    "mailings_mailing_preview",
    "travel_plans",
    "travel_plans_session",
    "travel_plans_download",
}
# Models of which the walk cannot make a row, with the reason.
NO_ROWS_POSSIBLE = {}


def may_run(role, label, action):
    if action in SUPERUSER_ACTIONS.get(label, set()):
        return False
    if role == MINISTRY_ADMINISTRATORS:
        return True
    if role == ORGANIZERS:
        return action in ORGANIZER_ACTIONS.get(label, set())
    if role == VIEWERS:
        return action in VIEWER_ACTIONS.get(label, set())
    return False


# --- a portal with rows the actions would change ---------------------------------------------


@pytest.fixture
def client(client):
    # A crash is reported with the other failures (as a 500), not as the first exception.
    client.raise_request_exception = False
    return client


@pytest.fixture
def portal(db, settings, tmp_path):
    """At least one row in every table an action works on, in states where each action would
    change something: a registration to decide on, one on the waiting list with a free place,
    an empty draft protocol after one with sections, unapproved B2B profiles, a meeting placed
    by hand, an expired login attempt, an e-mail that failed, a task that failed, a staff
    account with an authenticator app…"""
    settings.MEDIA_ROOT = tmp_path / "private"
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_results.models import TaskResult
    from post_office.models import STATUS, Email

    from agreements.models import Protocol
    from core.authorization import SYSTEM
    from meetings import services as meeting_services
    from staff.models import AuditEvent
    from tests.agreements.factories import ProtocolSectionFactory, signed_agreement
    from tests.helpers import enrol_authenticator
    from tests.meetings.conftest import make_meeting_point, make_profile
    from tests.travel.test_letters import passport_data
    from travel.models import (
        Consulate,
        PassportRule,
        VisaEntitlementException,
        VisaLetterRequest,
        VisaSettings,
    )
    from venue.models import BadgePrint
    from venue.services import checkin
    from venue.services.badges import badge_token

    session = SessionFactory(capacity_italian=10)
    source = SessionFactory()
    ThematicTableFactory(session=source)
    ProgrammeItemFactory(session=source)
    ThematicTableFactory(session=session)
    ProgrammeItemFactory(session=session)

    RegistrationFactory(session=session, status="submitted")
    RegistrationFactory(session=session, status="waitlisted", waitlisted_at=timezone.now())
    italian = RegistrationFactory(session=session, wants_bilateral_meetings=True)
    russian = RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    letter = VisaLetterRequest.objects.create(registration=russian)
    for field, value in passport_data(session).items():
        setattr(letter, field, value)
    letter.save()
    # A letter released whose visa was refused (what the tracking actions act on).
    refused = VisaLetterRequest.objects.create(
        registration=RussianRegistrationFactory(session=session),
        status="released",
        released_at=timezone.now(),
        letter_version=1,
        visa_outcome="refused",
    )
    for field, value in passport_data(session).items():
        setattr(refused, field, value)
    refused.save()
    # The visa workflow's data (a rule of the other country: the letter above stays ready).
    VisaSettings.objects.create(session=session)
    VisaEntitlementException.objects.create(
        registration=RegistrationFactory(session=session), reason="dual citizen"
    )
    PassportRule.objects.create(
        destination_country="RU", kind="min_blank_pages", value=2, source="consular rules"
    )
    Consulate.objects.create(
        key="consulate",
        country="IT",
        kind="consulate",
        name_it="Consolato",
        name_ru="Консульство",
        address_it="Via",
        address_ru="ул.",
    )
    # Hotels and transfers: a hotel with a room taken, an arrival to plan.
    from tests.travel.hotel_fixtures import hotel_with_block, open_logistics, stay
    from travel.services import hotels

    open_logistics(session)
    _hotel, block = hotel_with_block(session, rooms=5)
    hotels.choose_room(italian, block, **stay(session), by=SYSTEM)
    hotels.save_travel_plan(italian, {"arrival_place": "Orio al Serio"}, by=SYSTEM)
    with on_a_check_in_day(session):
        checkin.scan(session, badge_token(italian), SYSTEM)
    BadgePrint.objects.create(session=session, layout="a6", badge_count=1)

    signed_agreement(session)
    earlier = Protocol.objects.create(session=PastSessionFactory(number=1))
    ProtocolSectionFactory(protocol=earlier)
    ProtocolSectionFactory(protocol=Protocol.objects.create(session=session))
    Protocol.objects.create(session=source)  # an empty draft, after the earlier one
    from sessions_app.models import Edition

    Edition.objects.create(number=40, session=source)  # the historical record

    meeting_point = make_meeting_point(session)
    make_profile(italian)
    make_profile(russian)
    other = RussianRegistrationFactory(session=session, wants_bilateral_meetings=True)
    make_profile(other)
    meeting_services.send_request(other, italian, "")
    meeting_services.create_meeting_by_staff(meeting_point, italian, russian, 0, 1, by=SYSTEM)

    from tests.mailings.conftest import fill_mailings

    fill_mailings(session)
    from delegates.models import RegistrationQuestion

    RegistrationQuestion.objects.create(
        session=session, kind="short_text", label_it="Esigenze", label_ru="Потребности"
    )
    AuditEvent.objects.create(username="someone", action="export", detail="fixture")
    # The background work: a mail the server refused for good, a badge preparation whose
    # worker met a database restart.
    Email.objects.create(
        from_email="portal@example.org",
        to=["anna@example.ru"],
        subject="Your registration",
        message="Body",
        status=STATUS.failed,
        number_of_retries=12,
    )
    TaskResult.objects.create(
        task_id="failed-task",
        task_name="delegates.tasks.prepare_badges_task",
        task_args=json.dumps(repr(([italian.pk],))),
        task_kwargs=json.dumps(repr({})),
        status="FAILURE",
        result=json.dumps({"exc_type": "OperationalError", "exc_message": ["server closed"]}),
    )
    enrol_authenticator(UserFactory(username="lost-phone", is_staff=True))
    long_ago = timezone.now() - datetime.timedelta(days=30)
    attempt = AccessAttempt.objects.create(
        username="someone", ip_address="192.0.2.1", failures_since_start=1, user_agent="x"
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=long_ago)
    AccessLog.objects.create(username="someone", ip_address="192.0.2.1", user_agent="x")
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1", user_agent="x")
    # Collaboration projects: one to review and translate, one translated.
    from projects.models import Call
    from tests.projects.conftest import make_project

    Call.objects.create(
        session=session,
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    table = session.thematic_tables.first()
    from agreements.models import Commitment
    from projects.models import FollowUp

    Commitment.objects.create(
        section=earlier.sections.first(), text_it="Fare", text_ru="Сделать", side="both"
    )
    for state in ("needed", "translated"):
        project = make_project(
            russian, table, title_it="Titolo", summary_it="Sommario", translation_state=state
        )
    FollowUp.objects.create(
        session=session, kind="project", round_months=3, registration=russian, project=project
    )
    return session


@pytest.fixture
def people(portal):
    users = {role: role_member(role) for role in (VIEWERS, ORGANIZERS, MINISTRY_ADMINISTRATORS)}
    users[PUBLIC] = UserFactory(username="member-of-the-public", is_staff=False)
    users[ANONYMOUS] = None
    return users


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="root", is_staff=True, is_superuser=True)
    return request


def every_action():
    """(model, label, action name) for every action of every registered ModelAdmin, as a
    superuser is offered them."""
    request = superuser_request()
    found = []
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.get_actions(request):
            found.append((model, model._meta.label_lower, name))
    return found


def selected_rows(model):
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:20])


# --- what "nothing changed" means --------------------------------------------------------------

# Login sessions change with every request; they are not the portal's data.
NOT_COMPARED = {"sessions.session"}
AUDIT_TRAIL = "staff.auditevent"


def database_state(ignore=()):
    """Every row of every table, history and task tables included: on PostgreSQL a digest
    of each table's rows in one query, elsewhere the rows themselves."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_COMPARED | set(ignore) and not model._meta.proxy
    ]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        digests = " UNION ALL ".join(
            f"SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f"FROM {quote(model._meta.db_table)} t"
            for model in models
        )
        with connection.cursor() as cursor:
            cursor.execute(digests, [model._meta.label_lower for model in models])
            return dict(cursor.fetchall())
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values_list())
        for model in models
    }


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


@dataclass
class Outcome:
    status: int
    location: str
    changed: list
    mails: int
    is_file: bool


def post_and_compare(client, url, data, capture, ignore=()):
    mail.outbox.clear()
    before = database_state(ignore)
    with capture(execute=True):
        response = client.post(url, data)
    after = database_state(ignore)
    return Outcome(
        status=response.status_code,
        location=response.get("Location", ""),
        changed=changed_tables(before, after),
        mails=len(mail.outbox),
        is_file="attachment" in response.get("Content-Disposition", "")
        or response.get("Content-Type", "").startswith(("application/pdf", "text/csv")),
    )


def refusal_problem(role, outcome):
    """Why `outcome` is not a clean refusal, or None."""
    problems = []
    if outcome.changed:
        problems.append(f"changed {', '.join(outcome.changed)}")
    if outcome.mails:
        problems.append(f"{outcome.mails} e-mail(s) left")
    if role in (ANONYMOUS, PUBLIC):
        if outcome.status != 302 or "/admin/login/" not in outcome.location:
            problems.append(f"answered {outcome.status} {outcome.location}, not the login page")
    elif outcome.status != 403:
        problems.append(f"answered {outcome.status} {outcome.location}, not 403")
    return "; ".join(problems) or None


def log_in_as(client, user):
    # django-axes reacts to a logout by removing expired login attempts: rows walked here.
    with override_settings(AXES_ENABLED=False):
        client.logout()
    if user is not None:
        log_in(client, user)


# --- the tests -------------------------------------------------------------------------------


def test_every_action_of_every_admin_declares_its_permissions(db):
    missing = []
    request = superuser_request()
    for model, model_admin in admin.site._registry.items():
        for name, (function, _name, _description) in model_admin.get_actions(request).items():
            if not getattr(function, "allowed_permissions", None):
                missing.append(f"{model._meta.label_lower}: {name}")
    assert not missing, "actions without permissions=[...]: " + ", ".join(missing)


def test_every_model_with_actions_has_rows_to_act_on(portal):
    empty = sorted(
        {
            label
            for model, label, _action in every_action()
            if not selected_rows(model) and label not in NO_ROWS_POSSIBLE
        }
    )
    assert not empty, (
        f"no row to select for {', '.join(empty)}: create one in the `portal` fixture, or list "
        "the model in NO_ROWS_POSSIBLE with the reason"
    )


def test_each_role_is_offered_exactly_its_actions(client, people):
    failures = []
    actions = every_action()
    for role in (VIEWERS, ORGANIZERS, MINISTRY_ADMINISTRATORS):
        log_in_as(client, people[role])
        for model in admin.site._registry:
            label = model._meta.label_lower
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            response = client.get(url)
            offered = set()
            if response.status_code == 200 and response.context["action_form"] is not None:
                choices = response.context["action_form"].fields["action"].choices
                offered = {name for name, _label in choices if name}
            expected = {
                name
                for _model, action_label, name in actions
                if action_label == label and may_run(role, label, name)
            }
            if offered != expected:
                failures.append(
                    f"{role} on {label}: offered {sorted(offered)}, expected {sorted(expected)}"
                )
    assert not failures, "\n".join(failures)


def test_every_action_is_refused_to_every_role_that_may_not_run_it(
    client, people, django_capture_on_commit_callbacks
):
    failures, walked = [], 0
    for model, label, action in every_action():
        rows = selected_rows(model)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        data = {"action": action, "index": 0, "post": "yes", ACTION_CHECKBOX_NAME: rows}
        for role in ROLES:
            if may_run(role, label, action):
                continue
            log_in_as(client, people[role])
            outcome = post_and_compare(client, url, data, django_capture_on_commit_callbacks)
            walked += 1
            problem = refusal_problem(role, outcome)
            if problem:
                failures.append(f"{role}: {label} {action} on {len(rows)} rows: {problem}")
    assert walked > 100
    assert not failures, "\n".join(failures)


# Actions that change nothing by design: they answer with a document or lead to a form.
ACTIONS_THAT_ONLY_ANSWER = {
    ("travel.visaletterrequest", "generate_letters"),
    ("sessions_app.session", "duplicate_programme_action"),
}


# What an action's intermediate form adds (the reason of a decline).
ACTION_DATA = {
    ("projects.collaborationproject", "decline"): {
        "reason_code": "out_of_scope",
        "reason_it": "",
        "reason_ru": "",
    }
}


def attended_delegate():
    """A delegate who checked in at a session now over: the one row the certificates action
    acts on (the portal's registrations are of sessions to come, which badge printing needs)."""
    from venue.models import CheckIn

    attended = RegistrationFactory(session=PastSessionFactory(number=2))
    CheckIn.objects.create(registration=attended, session=attended.session)
    return {ACTION_CHECKBOX_NAME: [attended.pk]}


# Rows made for one action only, inside its rolled-back transaction: returns the data to post.
ACTION_ROWS = {("delegates.registration", "issue_certificates_action"): attended_delegate}


def test_the_rows_walked_are_ones_each_action_really_changes(
    client, people, django_capture_on_commit_callbacks
):
    """The positive control: as a Ministry administrator (a superuser for the actions only
    superusers have), each action (Django's deletion apart) changes a table, sends an e-mail
    or answers with a document; rolled back."""
    superuser = UserFactory(username="technical-administrator", is_superuser=True)
    acting = None
    idle = []
    for model, label, action in every_action():
        if action == "delete_selected":
            continue
        actor = (
            superuser
            if action in SUPERUSER_ACTIONS.get(label, set())
            else people[MINISTRY_ADMINISTRATORS]
        )
        if actor != acting:
            log_in_as(client, actor)
            acting = actor
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        data = {"action": action, "index": 0, ACTION_CHECKBOX_NAME: selected_rows(model)}
        data.update(ACTION_DATA.get((label, action), {}))
        with transaction.atomic():
            if (label, action) in ACTION_ROWS:
                data.update(ACTION_ROWS[(label, action)]())
            outcome = post_and_compare(client, url, data, django_capture_on_commit_callbacks)
            transaction.set_rollback(True)
        did_something = outcome.changed or outcome.mails or outcome.is_file
        if (label, action) in ACTIONS_THAT_ONLY_ANSWER:
            did_something = outcome.is_file or outcome.status == 302
        if outcome.status >= 400 or not did_something:
            idle.append(f"{label} {action}: {outcome}")
    assert not idle, "\n".join(idle)


# --- custom admin URLs -------------------------------------------------------------------------

STANDARD_PAGES = {"changelist", "add", "history", "delete", "change"}
HISTORY_REVERT = "_simple_history"  # django-simple-history's earlier version of a row


def may_change(role, label):
    """The role table: who may change rows of a model (and so revert them)."""
    if role == MINISTRY_ADMINISTRATORS:
        return True
    if role == ORGANIZERS:
        return label.startswith(
            ("delegates.", "venue.", "travel.", "meetings.", "projects.", "mailings.")
        ) or label in {
            "sessions_app.programmeitem",
            "sessions_app.thematictable",
        }
    return False


@dataclass
class CustomUrl:
    name: str
    url: str
    data: dict
    allowed: set  # the roles that may use it to change something

    @property
    def is_read_only(self):
        return self.name in READ_ONLY_URLS


def custom_admin_urls(portal):
    """Every named URL a ModelAdmin adds to Django's own, with its arguments filled from the
    portal's rows, and the roles that may change something through it."""
    from delegates.admin import TRANSITIONS
    from sessions_app.models import Session

    source = Session.objects.exclude(pk=portal.pk).filter(programme_items__isnull=False).first()
    data = {"source": source.pk, "replace": "on"}
    request = superuser_request()
    found = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        standard = {prefix + page for page in STANDARD_PAGES}
        rows = selected_rows(model)[:3]
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            name = pattern.name
            if name in standard:
                continue
            if name.endswith(HISTORY_REVERT):
                for obj in model._default_manager.filter(pk__in=rows):
                    version = obj.history.order_by("history_date", "history_id").first()
                    if version is None:
                        continue
                    allowed = {
                        role
                        for role in ROLES
                        if may_change(role, model._meta.label_lower)
                        and model_admin.has_change_permission(request, obj)
                    }
                    url = reverse(f"admin:{name}", args=[obj.pk, version.history_id])
                    found.append(CustomUrl(name, url, {}, allowed))
                continue
            choices = {
                "object_id": rows,
                "pk": rows,
                "id": rows,
                "session_id": [portal.pk],
                "number": [portal.number],
                "transition": list(TRANSITIONS),
                "document": ["rooming", "transfers"],
                "extension": ["xlsx", "pdf"],
            }
            combinations = [{}]
            for argument in pattern.pattern.converters:
                # A URL whose arguments the walk cannot fill would never be walked.
                assert argument in choices, f"{name}: give the walk values for <{argument}>"
                combinations = [
                    {**combination, argument: value}
                    for combination in combinations
                    for value in choices.get(argument, [])
                ]
            allowed = STATE_CHANGING_URLS.get(name, set())
            for kwargs in combinations:
                url = reverse(f"admin:{name}", kwargs=kwargs)
                found.append(CustomUrl(name, url, {**data, **URL_DATA.get(name, {})}, allowed))
    return found


def test_every_custom_admin_url_is_classified(portal):
    names = {url.name for url in custom_admin_urls(portal)}
    reverts = {name for name in names if name.endswith(HISTORY_REVERT)}
    unknown = names - reverts - set(STATE_CHANGING_URLS) - READ_ONLY_URLS
    assert not unknown, (
        f"classify {', '.join(sorted(unknown))} in STATE_CHANGING_URLS (who may) or READ_ONLY_URLS"
    )
    assert set(STATE_CHANGING_URLS) <= names
    assert "delegates_registration_simple_history" in reverts


def test_custom_admin_urls_that_change_something_refuse_every_other_role(
    client, people, portal, django_capture_on_commit_callbacks
):
    failures, walked = [], 0
    urls = custom_admin_urls(portal)
    # Reading is walked once per URL name: some of those pages render PDFs.
    first_of_each = {}
    for url in urls:
        first_of_each.setdefault(url.name, url.url)
    for role in ROLES:
        log_in_as(client, people[role])
        for url in urls:
            if url.is_read_only:
                if first_of_each[url.name] != url.url:
                    continue
                # Reading may leave a trace in the audit trail, nothing else.
                outcome = post_and_compare(
                    client, url.url, url.data, django_capture_on_commit_callbacks, {AUDIT_TRAIL}
                )
                if outcome.changed or outcome.mails or outcome.status >= 500:
                    failures.append(f"{role}: POST {url.url} (read-only) gave {outcome}")
                continue
            if role in url.allowed:
                continue
            outcome = post_and_compare(
                client, url.url, url.data, django_capture_on_commit_callbacks
            )
            walked += 1
            problem = refusal_problem(role, outcome)
            if problem:
                failures.append(f"{role}: POST {url.url}: {problem}")
    assert walked > 100
    assert not failures, "\n".join(failures)


def test_the_custom_urls_walked_really_change_something_for_those_who_may(
    client, people, portal, django_capture_on_commit_callbacks
):
    """The positive control of the previous walk, rolled back: for each URL that changes
    something, at least one of the POSTs walked does change a table or send an e-mail.
    (Reverting to an earlier version needs the whole form: tests/sessions_app/
    test_authorization.py does it.)"""
    effective = set()
    for url in custom_admin_urls(portal):
        if url.name not in STATE_CHANGING_URLS:
            continue
        for role in url.allowed:
            log_in_as(client, people[role])
            with transaction.atomic():
                outcome = post_and_compare(
                    client, url.url, url.data, django_capture_on_commit_callbacks
                )
                transaction.set_rollback(True)
            assert outcome.status < 400, (role, url, outcome)
            if outcome.changed or outcome.mails:
                effective.add((url.name, role))
    expected = {(name, role) for name, roles in STATE_CHANGING_URLS.items() for role in roles}
    assert expected - effective == set()


def test_no_post_to_an_organizer_page_lets_a_viewer_or_the_public_change_anything(
    client, people, portal, django_capture_on_commit_callbacks
):
    """The organizer pages outside the admin (check-in desk, badges, attendance, the Meeting
    Point's grid and scheduler), POSTed by those who may only read, or not even that."""
    from tests.staff.test_access import organizer_urls

    registration = portal.registrations.filter(status="approved").first()
    pages = organizer_urls(portal, registration)
    assert pages
    failures = []
    for role in (ANONYMOUS, PUBLIC, VIEWERS):
        log_in_as(client, people[role])
        for name, url in pages:
            outcome = post_and_compare(
                client, url, {"code": "x"}, django_capture_on_commit_callbacks, {AUDIT_TRAIL}
            )
            if outcome.changed or outcome.mails or outcome.status >= 500:
                failures.append(f"{role}: POST {name} {url}: {outcome}")
    assert not failures, "\n".join(failures)
