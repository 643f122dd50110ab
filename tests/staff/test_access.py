"""Who gets in where: every admin page and every organizer page, walked as each staff role, as
a logged-in member of the public and as an anonymous visitor.

The admin pages are built from `admin.site._registry` and the organizer pages from the URL
configuration (paths under `desk/` and `meeting-point/staff/`), so that pages added later
are covered without touching this file. What each role may do is restated here from the
README's role table, independently of the rules in `staff/roles.py`.
"""

import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from staff.models import AuditEvent
from staff.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS, VIEWERS
from tests.factories import (
    ProgrammeItemFactory,
    RegistrationFactory,
    RussianRegistrationFactory,
    SessionFactory,
    ThematicTableFactory,
    UserFactory,
)

DOMAIN_APPS = {
    "sessions_app",
    "delegates",
    "venue",
    "travel",
    "agreements",
    "meetings",
    "mailings",
    "projects",
}
# The background work (the e-mail outbox, the outcome of tasks): every role follows it.
BACKGROUND_APPS = {"post_office", "django_celery_results"}
ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
READ_PAGES = {"changelist", "change", "history"}
ORGANIZER_PREFIXES = ("desk/", "meeting-point/staff/")


def organizer_may(app_label, model, page):
    """The README: the sessions' programme, registrations, badges, letters, check-in and
    meetings; agreements read-only; no user management; sessions and regions are set up by
    the ministry. They follow the background work (sending a mail again is an action, not a
    page)."""
    if app_label in BACKGROUND_APPS:
        return page in READ_PAGES
    if app_label not in DOMAIN_APPS:
        return False
    if page in READ_PAGES:
        return True
    if app_label == "sessions_app":
        return model in {"thematictable", "programmeitem"}
    if app_label in {"delegates", "venue", "travel"}:
        return page == "add"
    if app_label == "mailings":
        # They write messages (and delete drafts) and switch reminders; what was sent and
        # to whom is the portal's record.
        return model == "mailing" or (model == "remindersetting" and page == "add")
    if app_label == "projects":
        # They open the call for projects; proposals come from delegates.
        return model == "call" and page == "add"
    return app_label == "meetings"


def viewer_may(app_label, model, page):
    """Read-only everywhere in the portal's own data and its background work."""
    return app_label in DOMAIN_APPS | BACKGROUND_APPS and page in READ_PAGES


EXPECTATIONS = {ORGANIZERS: organizer_may, VIEWERS: viewer_may}


@pytest.fixture
def client(client):
    # A page that crashes is reported with the others (as a 500), not as the first exception.
    client.raise_request_exception = False
    return client


@pytest.fixture
def portal(db):
    """A portal with something in every table the fixtures know how to fill."""
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("load_history", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())
    session = SessionFactory()
    registration = RegistrationFactory(session=session)
    russian = RussianRegistrationFactory(session=session)
    ThematicTableFactory(session=session)
    ProgrammeItemFactory(session=session)
    _fill_optional_models(session, registration, russian)
    AuditEvent.objects.create(username="someone", action="export", detail="fixture")
    UserFactory(username="existing-account", is_staff=False)
    return session


def _fill_optional_models(session, registration, russian):
    from agreements.models import Agreement
    from meetings.models import Meeting, MeetingPoint
    from venue.models import CheckIn

    Agreement.objects.create(
        kind="memorandum",
        sector="mechanics",
        status="signed",
        title_en="Memorandum",
        signing_date=session.start_date,
    )
    CheckIn.objects.create(registration=registration, session=session)
    start = datetime.datetime.combine(session.start_date, datetime.time(10), tzinfo=datetime.UTC)
    meeting_point = MeetingPoint.objects.create(
        session=session, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    Meeting.objects.create(
        meeting_point=meeting_point, registration_a=registration, registration_b=russian
    )
    _fill_background_models(registration)
    from tests.mailings.conftest import fill_mailings

    fill_mailings(session)
    from delegates.models import RegistrationQuestion

    RegistrationQuestion.objects.create(
        session=session, kind="short_text", label_it="Esigenze", label_ru="Потребности"
    )


def _fill_background_models(registration):
    from django_celery_results.models import TaskResult
    from post_office.models import Email

    Email.objects.create(
        from_email="portal@example.org",
        to=[registration.person.email],
        subject="Fixture",
        message="A body",
        status=1,
    )
    TaskResult.objects.create(
        task_id="fixture-task",
        task_name="delegates.tasks.prepare_badges_task",
        task_args=f'"([{registration.pk}],)"',
        task_kwargs='"{}"',
        status="FAILURE",
    )


def staff_member(role):
    user = UserFactory(username=f"member-of-{role.split()[0].lower()}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def admin_urls():
    """(app_label, model, page, url) for every page of every registered ModelAdmin."""
    urls = []
    for model in admin.site._registry:
        app_label, model_name = model._meta.app_label, model._meta.model_name
        prefix = f"admin:{app_label}_{model_name}"
        urls.append((app_label, model_name, "changelist", reverse(f"{prefix}_changelist")))
        urls.append((app_label, model_name, "add", reverse(f"{prefix}_add")))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            for page in ("change", "history", "delete"):
                urls.append(
                    (app_label, model_name, page, reverse(f"{prefix}_{page}", args=[instance.pk]))
                )
    return urls


def organizer_urls(session, registration):
    """GET-able organizer pages found in the URL configuration, with their arguments filled."""
    values = {"number": session.number, "registration_id": registration.pk, "file_format": "csv"}
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    ":".join(filter(None, [namespace, pattern.namespace])),
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = str(pattern.pattern)
                if not any(route.startswith(p) for p in ORGANIZER_PREFIXES):
                    continue
                arguments = list(pattern.pattern.converters)
                if not set(arguments) <= set(values):
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, reverse(name, kwargs={key: values[key] for key in arguments})))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_the_walk_covers_every_registered_model(portal):
    walked = admin_urls()
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == {f"{app}.{model}" for app, model, page, url in walked}
    opened = {f"{app}.{model}" for app, model, page, url in walked if page == "change"}
    must_open = {
        "sessions_app.session",
        "sessions_app.region",
        "sessions_app.thematictable",
        "sessions_app.programmeitem",
        "delegates.registration",
        "delegates.organization",
        "delegates.person",
        "agreements.agreement",
        "meetings.meeting",
        "staff.auditevent",
        "auth.user",
        "auth.group",
        "post_office.email",
        "django_celery_results.taskresult",
    }
    assert must_open & registered <= opened


def test_anonymous_visitors_and_the_public_are_sent_to_the_login_page(client, portal):
    public_user = UserFactory(username="member-of-public", is_staff=False)
    failures = []
    for who in ("anonymous", "public"):
        if who == "public":
            client.force_login(public_user)
        for *_page, url in admin_urls():
            response = client.get(url)
            if response.status_code != 302 or "/admin/login/" not in response["Location"]:
                failures.append((who, url, response.status_code))
    assert not failures


def test_ministry_administrators_get_every_admin_page(client, portal):
    client.force_login(staff_member(MINISTRY_ADMINISTRATORS))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    failures = []
    for *_page, url in admin_urls():
        status = client.get(url).status_code
        client.force_login(superuser)
        reference = client.get(url).status_code
        client.force_login(staff_member(MINISTRY_ADMINISTRATORS))
        if status != reference or status not in (200, 403):
            failures.append((url, status, reference))
    assert not failures, "\n".join(
        f"{url}: got {got}, superuser {ref}" for url, got, ref in failures
    )
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_add")).status_code == 200


@pytest.mark.parametrize("role", [ORGANIZERS, VIEWERS])
def test_each_role_gets_exactly_its_admin_pages(client, portal, role):
    ministry = staff_member(MINISTRY_ADMINISTRATORS)
    member = staff_member(role)
    may = EXPECTATIONS[role]
    failures = []
    for app_label, model, page, url in admin_urls():
        client.force_login(ministry)
        reference = client.get(url).status_code
        client.force_login(member)
        status = client.get(url).status_code
        # A page the admin disables for everyone (e.g. adding an audit event) stays closed.
        expected = 200 if reference == 200 and may(app_label, model, page) else 403
        if status != expected:
            failures.append((url, status, expected))
    assert not failures, "\n".join(
        f"{url}: got {got}, expected {exp}" for url, got, exp in failures
    )


def test_personal_documents_stay_with_the_ministry(client, portal):
    for role in (ORGANIZERS, VIEWERS):
        member = staff_member(role)
        assert not member.has_perm("travel.view_passport_data")
        assert not member.has_perm("agreements.view_signed_copy")
        assert not member.has_perm("agreements.finalize_protocol")
        assert not member.has_perm("auth.change_user")
    ministry = staff_member(MINISTRY_ADMINISTRATORS)
    assert ministry.has_perm("auth.change_user")
    assert ministry.has_perm("agreements.finalize_protocol")


def test_organizer_pages_open_to_organizers_and_never_to_the_public(client, portal):
    from delegates.models import Registration

    registration = Registration.objects.filter(session=portal).first()
    pages = organizer_urls(portal, registration)
    if not pages:
        pytest.skip("no organizer pages in the URL configuration yet")
    public_user = UserFactory(username="member-of-public", is_staff=False)
    people = {
        "anonymous": None,
        "public": public_user,
        MINISTRY_ADMINISTRATORS: staff_member(MINISTRY_ADMINISTRATORS),
        ORGANIZERS: staff_member(ORGANIZERS),
        VIEWERS: staff_member(VIEWERS),
    }
    failures = []
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, url in pages:
            status = client.get(url).status_code
            if who in ("anonymous", "public"):
                if status == 405:
                    # A POST-only action (check-in, scheduling): the POST must be refused.
                    status = client.post(url).status_code
                allowed = status in (302, 403)
            elif who in (MINISTRY_ADMINISTRATORS, ORGANIZERS):
                # 405: the page answers POST only (a check-in), which is still "in".
                allowed = status in (200, 405)
            else:
                allowed = status in (200, 403, 405)
            if not allowed:
                failures.append((who, name, url, status))
    assert not failures, "\n".join(map(str, failures))
