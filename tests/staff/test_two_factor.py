"""Two-factor login of staff: who must use it, the wall in front of every page, the login with
an authenticator code or a recovery code, django-otp's throttling, and the superuser's reset.

These tests use a plain django.test.Client: the suite's `client` passes the second factor by
itself (tests/helpers.py)."""

import base64
import datetime
import io
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff import services
from staff.middleware import EXEMPT_NAMESPACES, EXEMPT_VIEWS
from staff.models import AuditAction, AuditEvent
from staff.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS, VIEWERS
from tests.factories import RegistrationFactory, SessionFactory, UserFactory
from tests.helpers import authenticator_code, enrol_authenticator, log_in

LOGIN = "/admin/login/"
VERIFY = "/admin/two-factor/verify/"
SETUP = "/admin/two-factor/setup/"
PASSWORD = "a-long-staff-password-7"


@pytest.fixture
def browser(db):
    """A client that has passed nothing: what a browser is before the login."""
    return Client()


def staff_account(username, role=None, permissions=(), superuser=False):
    user = UserFactory(username=username, is_staff=True, is_superuser=superuser)
    user.set_password(PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def force_login_without_second_factor(client, user):
    # The state of a session that passed the password step only.
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)


def password_step(client, username, password=PASSWORD, next_url="/admin/", **headers):
    return client.post(
        f"{LOGIN}?next={quote(next_url)}",
        {"login-current_step": "auth", "username": username, "password": password},
        **headers,
    )


def code_step(client, code, step="token", next_url="/admin/", **headers):
    return client.post(
        f"{LOGIN}?next={quote(next_url)}",
        {"login-current_step": step, f"{step}-otp_token": code},
        **headers,
    )


def is_verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


# --- who ----------------------------------------------------------------------------------


def test_superusers_and_ministry_administrators_need_a_second_factor(db):
    assert services.needs_second_factor(staff_account("root", superuser=True))
    assert services.needs_second_factor(staff_account("ministero", MINISTRY_ADMINISTRATORS))


@pytest.mark.parametrize("role", [ORGANIZERS, VIEWERS])
def test_organizers_and_viewers_do_not(db, role):
    assert not services.needs_second_factor(staff_account("member", role))


@pytest.mark.parametrize(
    "permission",
    [
        "delegates.view_passport_data",
        "agreements.view_signed_copy",
        "agreements.finalize_protocol",
    ],
)
def test_any_account_given_a_sensitive_permission_needs_one(db, permission):
    assert services.needs_second_factor(staff_account("member", ORGANIZERS, [permission]))


def test_a_sensitive_permission_through_another_group_counts_too(db):
    group = Group.objects.create(name="Protocol office")
    group.permissions.add(Permission.objects.get(codename="finalize_protocol"))
    user = staff_account("protocollo")
    user.groups.add(group)
    assert services.needs_second_factor(user)


def test_an_inactive_account_needs_nothing(db):
    user = staff_account("root", superuser=True)
    user.is_active = False
    assert not services.needs_second_factor(user)


# --- the wall in front of every page ---------------------------------------------------------


def admin_page_urls():
    urls = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls.append(reverse(f"{prefix}_change", args=[instance.pk]))
    return urls + [reverse("admin:index"), reverse("admin:password_change")]


def every_other_page_url():
    """One URL for every named pattern of the URL configuration outside the admin's own, with
    made-up arguments: the wall stands before the view looks at them."""
    samples = {"int": 1, "str": "x", "slug": "x", "path": "x"}
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                converters = getattr(pattern.pattern, "converters", {})
                kwargs = {
                    key: samples.get(type(converter).__name__.removesuffix("Converter").lower())
                    for key, converter in converters.items()
                }
                try:
                    found.append((name, reverse(name, kwargs=kwargs)))
                except NoReverseMatch:
                    continue

    walk(get_resolver().url_patterns, "")
    return found


def test_an_unverified_administrator_is_sent_to_the_code_step_from_every_admin_page(browser):
    session = SessionFactory()
    RegistrationFactory(session=session)
    administrator = staff_account("root", superuser=True)
    enrol_authenticator(administrator)
    force_login_without_second_factor(browser, administrator)
    failures = []
    for url in admin_page_urls():
        response = browser.get(url)
        if response.status_code != 302 or response["Location"] != f"{VERIFY}?next={quote(url)}":
            failures.append((url, response.status_code, response.get("Location")))
    assert not failures, "\n".join(map(str, failures))
    assert len(admin_page_urls()) > 30


def test_no_other_page_answers_an_unverified_ministry_administrator_either(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    force_login_without_second_factor(browser, ministry)
    pages = every_other_page_url()
    names = {name for name, url in pages}
    # The organizer pages and the documents with personal data are among them.
    assert {
        "delegates_desk:desk",
        "delegates_desk:attendance_export",
        "meetings:staff_grid",
        "meetings:staff_interpreters_xlsx",
        "agreements:signed_copy",
    } <= names
    failures = []
    for name, url in pages:
        match = resolve(url)
        if match.namespace in EXEMPT_NAMESPACES or match.view_name in EXEMPT_VIEWS:
            continue
        response = browser.get(url)
        if response.status_code != 302 or not response["Location"].startswith(VERIFY):
            failures.append((name, url, response.status_code))
    assert not failures, "\n".join(map(str, failures))


def test_an_action_posted_by_an_unverified_session_changes_nothing(browser):
    from delegates.models import Registration, RegistrationStatus

    registration = RegistrationFactory(session=SessionFactory())
    before = registration.status
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    force_login_without_second_factor(browser, ministry)
    response = browser.post(
        reverse("admin:delegates_registration_changelist"),
        {"action": "reject_selected", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert (
        Registration.objects.get(pk=registration.pk).status
        == before
        != (RegistrationStatus.REJECTED)
    )


def test_an_account_without_a_device_is_sent_to_set_one_up(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    force_login_without_second_factor(browser, ministry)
    response = browser.get("/admin/delegates/registration/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={quote('/admin/delegates/registration/')}"


def test_the_code_step_of_a_logged_in_session_verifies_it(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    device = enrol_authenticator(ministry)
    force_login_without_second_factor(browser, ministry)
    target = "/admin/delegates/registration/"
    page = browser.get(f"{VERIFY}?next={quote(target)}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "enter the 6-digit code that your authenticator app shows now" in page.content.decode()
    wrong = browser.post(f"{VERIFY}?next={quote(target)}", {"otp_token": "000000"})
    assert wrong.status_code == 200 and not is_verified(browser)
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(minutes=1)
    device.save()
    right = browser.post(
        f"{VERIFY}?next={quote(target)}", {"otp_token": authenticator_code(device)}
    )
    assert right.status_code == 302 and right["Location"] == target
    assert is_verified(browser)
    assert browser.get(target).status_code == 200


def test_a_permission_given_during_a_session_raises_the_wall_at_the_next_page(browser):
    organizer = staff_account("organizzatrice", ORGANIZERS)
    assert password_step(browser, "organizzatrice").status_code == 302
    assert browser.get("/admin/").status_code == 200
    organizer.user_permissions.add(Permission.objects.get(codename="view_passport_data"))
    response = browser.get("/admin/delegates/visaletterrequest/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_staff_who_need_no_second_factor_pass_the_wall(browser):
    viewer = staff_account("lettore", VIEWERS)
    force_login_without_second_factor(browser, viewer)
    assert browser.get("/admin/delegates/registration/").status_code == 200


def test_a_device_reset_ends_the_verified_state_of_an_open_session(browser, admin_user):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    log_in(browser, ministry)
    assert browser.get("/admin/").status_code == 200
    services.remove_second_factor(ministry, by=admin_user)
    response = browser.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


# --- the login --------------------------------------------------------------------------------


def test_the_password_then_the_right_code_logs_in(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    device = enrol_authenticator(ministry)
    step = password_step(browser, "ministero", HTTP_ACCEPT_LANGUAGE="en")
    assert step.status_code == 200
    assert 'name="token-otp_token"' in step.content.decode()
    assert "_auth_user_id" not in browser.session
    response = code_step(browser, authenticator_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert is_verified(browser)
    assert browser.get("/admin/delegates/registration/").status_code == 200


def test_a_wrong_code_is_refused_and_the_device_is_throttled(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    device = enrol_authenticator(ministry)
    password_step(browser, "ministero")
    refused = code_step(browser, "000000", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "This code is not valid" in refused.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Throttled: even the right code is refused until the pause is over.
    paused = code_step(browser, authenticator_code(device), HTTP_ACCEPT_LANGUAGE="en")
    assert "Verification is paused after 1 wrong code" in paused.content.decode()
    assert "_auth_user_id" not in browser.session
    # The pause doubles with every wrong code.
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=2)
    device.save()
    code_step(browser, "111111")
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=1.5)
    device.save()
    still_paused = code_step(browser, authenticator_code(device), HTTP_ACCEPT_LANGUAGE="it")
    assert "La verifica è sospesa dopo 2 codici errati" in still_paused.content.decode()
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=3)
    device.save()
    assert code_step(browser, authenticator_code(device)).status_code == 302
    assert is_verified(browser)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_entered_too_late_starts_the_login_again(browser, settings):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    device = enrol_authenticator(ministry)
    password_step(browser, "ministero")
    session = browser.session
    session["wizard_login"]["authentication_time"] -= settings.TWO_FACTOR_LOGIN_TIMEOUT + 1
    session.save()
    response = code_step(browser, authenticator_code(device), HTTP_ACCEPT_LANGUAGE="it")
    page = response.content.decode()
    assert "È passato troppo tempo da quando ha inserito la password" in page
    assert 'name="password"' in page
    assert "_auth_user_id" not in browser.session


def test_a_code_cannot_be_used_twice(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    device = enrol_authenticator(ministry)
    password_step(browser, "ministero")
    code = authenticator_code(device)
    assert code_step(browser, code).status_code == 302
    other = Client()
    password_step(other, "ministero")
    assert code_step(other, code).status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_recovery_code_works_once(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    first, second, *_rest = services.generate_recovery_codes(ministry)
    password_step(browser, "ministero")
    choose = browser.post(LOGIN, {"login-current_step": "token", "wizard_goto_step": "backup"})
    assert 'name="backup-otp_token"' in choose.content.decode()
    assert code_step(browser, first, step="backup").status_code == 302
    assert is_verified(browser)
    assert StaticToken.objects.filter(device__user=ministry).count() == 9

    again = Client()
    password_step(again, "ministero")
    again.post(LOGIN, {"login-current_step": "token", "wizard_goto_step": "backup"})
    reused = code_step(again, first, step="backup", HTTP_ACCEPT_LANGUAGE="en")
    assert reused.status_code == 200
    assert "not valid, or it has already been used" in reused.content.decode()
    StaticDevice.objects.filter(user=ministry).update(throttling_failure_timestamp=None)
    assert code_step(again, second, step="backup").status_code == 302


def test_an_organizer_logs_in_with_the_password_only(browser):
    staff_account("organizzatrice", ORGANIZERS)
    response = password_step(browser, "organizzatrice", next_url="/admin/delegates/registration/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/delegates/registration/"
    assert browser.get("/admin/delegates/registration/").status_code == 200


def test_an_organizer_given_passport_data_must_set_up_and_use_a_second_factor(browser):
    staff_account("organizzatrice", ORGANIZERS, ["delegates.view_passport_data"])
    target = "/admin/delegates/registration/"
    response = password_step(browser, "organizzatrice", next_url=target)
    assert response.status_code == 302
    # The password alone opens no page: first the set-up.
    blocked = browser.get(target)
    assert blocked["Location"] == f"{SETUP}?next={quote(target)}"
    setup = browser.get(blocked["Location"], HTTP_ACCEPT_LANGUAGE="en")
    page = setup.content.decode()
    assert "passports, signed copies" in page
    assert 'src="/admin/two-factor/qrcode/"' in page
    assert browser.get("/admin/two-factor/qrcode/")["Content-Type"].startswith("image/svg+xml")
    code = f"{totp(base64.b32decode(setup.context['secret_key'])):06d}"
    done = browser.post(
        f"{SETUP}?next={quote(target)}",
        {"staff_setup_view-current_step": "generator", "generator-token": code},
    )
    assert done.status_code == 302
    assert done["Location"] == f"/admin/two-factor/setup/complete/?next={quote(target, safe='')}"
    assert is_verified(browser)
    assert TOTPDevice.objects.get(user__username="organizzatrice").confirmed
    assert browser.get(target).status_code == 200
    # The next login asks for the code.
    browser.logout()
    assert password_step(browser, "organizzatrice").status_code == 200
    assert "_auth_user_id" not in browser.session


def test_a_wrong_first_code_does_not_set_up_the_device(browser):
    user = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    force_login_without_second_factor(browser, user)
    browser.get(SETUP)
    response = browser.post(
        SETUP,
        {"staff_setup_view-current_step": "generator", "generator-token": "12345"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "This code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_an_account_with_an_authenticator_cannot_set_up_a_second_one(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    force_login_without_second_factor(browser, ministry)
    for response in (
        browser.get(SETUP),
        browser.post(
            SETUP, {"staff_setup_view-current_step": "generator", "generator-token": "123456"}
        ),
    ):
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=ministry).count() == 1


def test_a_non_staff_account_cannot_log_in(browser):
    user = UserFactory(username="pubblico", is_staff=False)
    user.set_password(PASSWORD)
    user.save()
    response = password_step(browser, "pubblico", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "staff account" in response.content.decode()


def test_the_login_and_code_posts_are_rate_limited_per_address():
    for path in (LOGIN, VERIFY, SETUP):
        assert resolve(path).func.rate_limit_scope == "staff_login"


@pytest.mark.parametrize(
    "language,expected",
    [
        ("it", "Inserisca il codice di 6 cifre"),
        ("ru", "Введите 6-значный код"),
        ("en", "Enter the 6-digit code"),
    ],
)
def test_the_code_step_speaks_the_browser_language(browser, language, expected):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    page = password_step(browser, "ministero", HTTP_ACCEPT_LANGUAGE=language)
    assert expected in page.content.decode()


# --- recovery codes, the account's page -------------------------------------------------------


def test_recovery_codes_are_shown_once_then_only_counted(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    log_in(browser, ministry)
    url = reverse("two_factor:backup_tokens")
    created = browser.post(url, HTTP_ACCEPT_LANGUAGE="en")
    codes = created.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in created.content.decode() for code in codes)
    later = browser.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not any(code in later for code in codes)
    assert "10 unused recovery codes left" in later
    # New codes replace the old ones.
    new_codes = browser.post(url).context["codes"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)


def test_recovery_codes_need_a_verified_session(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    force_login_without_second_factor(browser, ministry)
    response = browser.post(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not StaticToken.objects.exists()


def test_a_viewer_may_enroll_voluntarily_and_turn_it_off(browser):
    viewer = staff_account("lettore", VIEWERS)
    device = enrol_authenticator(viewer)
    password_step(browser, "lettore")
    assert code_step(browser, authenticator_code(device)).status_code == 302
    profile = browser.get(reverse("two_factor:profile"), HTTP_ACCEPT_LANGUAGE="en")
    assert reverse("two_factor:disable") in profile.content.decode()
    response = browser.post(reverse("two_factor:disable"), {"understand": "on"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=viewer).exists()
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.RESET_SECOND_FACTOR and event.username == "lettore"


def test_an_account_that_needs_a_second_factor_cannot_turn_it_off(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    log_in(browser, ministry)
    assert browser.get(reverse("two_factor:disable")).status_code == 403
    assert browser.post(reverse("two_factor:disable"), {"understand": "on"}).status_code == 403
    assert TOTPDevice.objects.filter(user=ministry).exists()
    profile = browser.get(reverse("two_factor:profile")).content.decode()
    assert reverse("two_factor:disable") not in profile


def test_the_admin_links_to_the_accounts_two_factor_page(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("two_factor:profile") in page


# --- the superuser's reset -------------------------------------------------------------------


def test_a_superuser_resets_an_account_from_the_admin_and_it_is_audited(admin_client, admin_user):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    services.generate_recovery_codes(ministry)
    changelist = reverse("admin:auth_user_changelist")
    assert "reset_second_factor" in admin_client.get(changelist).content.decode()
    response = admin_client.post(
        changelist,
        {"action": "reset_second_factor", "_selected_action": [ministry.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=ministry).exists()
    assert not StaticDevice.objects.filter(user=ministry).exists()
    event = AuditEvent.objects.get(action=AuditAction.RESET_SECOND_FACTOR)
    assert event.user == admin_user
    assert event.object_type == "auth.user" and event.object_id == str(ministry.pk)
    assert event.object_repr == "ministero"
    assert "2 device(s) removed" in event.detail
    # The account sets up a new device at its next login.
    again = Client()
    assert password_step(again, "ministero").status_code == 302
    assert again.get("/admin/")["Location"].startswith(SETUP)


def test_a_ministry_administrator_cannot_reset_anyone(db, client):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    colleague = staff_account("collega", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(colleague)
    log_in(client, ministry)
    changelist = reverse("admin:auth_user_changelist")
    assert "reset_second_factor" not in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "reset_second_factor", "_selected_action": [colleague.pk]}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert not AuditEvent.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.remove_second_factor(colleague, by=ministry)


def test_the_reset_command_removes_the_devices_and_is_audited(db):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    out = io.StringIO()
    call_command("reset_two_factor", "ministero", stdout=out)
    assert "ministero: 1 device(s) removed" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=ministry).exists()
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.RESET_SECOND_FACTOR
    assert event.user is None and "manage.py" in event.detail


def test_nobody_resets_a_second_factor_without_saying_who_acts(db):
    from django.contrib.auth.models import AnonymousUser

    from core.authorization import ActionNotAllowed

    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    with pytest.raises(TypeError):
        services.remove_second_factor(ministry)
    for nobody in (None, AnonymousUser()):
        with pytest.raises(ActionNotAllowed):
            services.remove_second_factor(ministry, by=nobody)
    assert TOTPDevice.objects.filter(user=ministry).exists()
    assert not AuditEvent.objects.exists()


def test_the_reset_command_names_an_unknown_account(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nessuno"):
        call_command("reset_two_factor", "nessuno")


def test_the_user_list_shows_who_has_a_second_factor(admin_client):
    enrolled = staff_account("iscritto", VIEWERS)
    enrol_authenticator(enrolled)
    staff_account("senza", VIEWERS)
    response = admin_client.get(reverse("admin:auth_user_changelist"))
    rows = {user.username: user.second_factor for user in response.context["cl"].result_list}
    assert rows["iscritto"] is True and rows["senza"] is False


def test_malformed_input_on_the_two_factor_pages_is_never_a_500(browser):
    ministry = staff_account("ministero", MINISTRY_ADMINISTRATORS)
    enrol_authenticator(ministry)
    browser.raise_request_exception = False
    statuses = [
        browser.get(f"{LOGIN}?next=%00").status_code,
        browser.post(LOGIN, {"username": "x"}).status_code,
        password_step(browser, "minis\x00tero").status_code,
        password_step(browser, "ministero").status_code,
        code_step(browser, "12\x0034").status_code,
        browser.post(
            LOGIN, {"login-current_step": "backup", "backup-otp_token": "\x00"}
        ).status_code,
    ]
    force_login_without_second_factor(browser, ministry)
    statuses += [
        browser.get(f"{VERIFY}?next=%00&recovery=%00").status_code,
        browser.post(VERIFY, {"otp_token": "\x00", "next": "\x00"}).status_code,
        browser.get("/admin/two-factor/qrcode/").status_code,
    ]
    assert 500 not in statuses, statuses
