"""The three staff roles exist after `migrate` and hold what their rules grant."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from staff.roles import (
    MINISTRY_ADMINISTRATORS,
    ORGANIZERS,
    VIEWERS,
    role_allows,
    sync_role_permissions,
)


def existing(names):
    """The permissions among `names` that the apps define (some arrive with apps added later)."""
    defined = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    return {name for name in names if name in defined}


def codenames(role):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_migrate_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        MINISTRY_ADMINISTRATORS,
        ORGANIZERS,
        VIEWERS,
    }


@pytest.mark.django_db
def test_ministry_administrators_hold_everything_including_user_management():
    granted = codenames(MINISTRY_ADMINISTRATORS)
    assert (
        existing(
            {
                "auth.add_user",
                "auth.change_user",
                "auth.change_group",
                "agreements.finalize_protocol",
                "agreements.view_signed_copy",
                "delegates.view_passport_data",
                "delegates.delete_registration",
                "staff.view_auditevent",
            }
        )
        <= granted
    )
    assert "auth.add_user" in granted
    # The audit trail is never edited by hand, not even by them.
    assert "staff.change_auditevent" not in granted
    assert "staff.delete_auditevent" not in granted


@pytest.mark.django_db
def test_organizers_run_the_session_but_finalize_nothing_and_manage_no_users():
    granted = codenames(ORGANIZERS)
    assert {
        "sessions_app.add_programmeitem",
        "sessions_app.change_thematictable",
        "sessions_app.view_session",
        "delegates.add_registration",
        "delegates.change_registration",
        "delegates.view_registration",
        "agreements.view_agreement",
    } <= granted
    for forbidden in (
        "agreements.finalize_protocol",
        "agreements.change_agreement",
        "agreements.view_signed_copy",
        "delegates.view_passport_data",
        "delegates.delete_registration",
        "sessions_app.change_session",
        "sessions_app.change_region",
        "auth.view_user",
        "auth.change_user",
        "staff.view_auditevent",
    ):
        assert forbidden not in granted, forbidden
    assert not any(name.startswith("auth.") for name in granted)


@pytest.mark.django_db
def test_organizers_print_badges_and_check_in_when_those_permissions_exist():
    granted = codenames(ORGANIZERS)
    for custom in ("delegates.print_badges", "delegates.check_in"):
        if Permission.objects.filter(
            content_type__app_label="delegates", codename=custom.split(".")[1]
        ).exists():
            assert custom in granted


@pytest.mark.django_db
def test_viewers_only_read_and_never_personal_documents():
    granted = codenames(VIEWERS)
    assert granted, "viewers must read something"
    assert all(name.split(".")[1].startswith("view_") for name in granted)
    assert "delegates.view_registration" in granted
    assert "delegates.view_passport_data" not in granted
    assert "agreements.view_signed_copy" not in granted
    assert not any(name.startswith(("auth.", "staff.", "axes.")) for name in granted)


def test_rules_read_as_patterns():
    assert role_allows(VIEWERS, "meetings", "meeting", "view_meeting")
    assert not role_allows(VIEWERS, "meetings", "meeting", "change_meeting")
    assert role_allows(ORGANIZERS, "meetings", "meeting", "delete_meeting")
    assert not role_allows(ORGANIZERS, "agreements", "protocol", "finalize_protocol")
    assert role_allows(MINISTRY_ADMINISTRATORS, "anything", "new", "whatever")


@pytest.mark.django_db
def test_a_model_added_later_gets_its_permissions_at_the_next_migrate():
    # A permission appearing later (as a new model's do) is assigned by the post_migrate hook.
    content_type = ContentType.objects.create(app_label="meetings", model="futuremodel")
    for action in ("view", "change"):
        Permission.objects.create(
            content_type=content_type, codename=f"{action}_futuremodel", name=action
        )
    call_command("migrate", verbosity=0)
    assert "meetings.view_futuremodel" in codenames(VIEWERS)
    assert "meetings.change_futuremodel" not in codenames(VIEWERS)
    assert "meetings.change_futuremodel" in codenames(ORGANIZERS)


@pytest.mark.django_db
def test_sync_is_idempotent_and_restores_rule_permissions():
    viewers = Group.objects.get(name=VIEWERS)
    viewers.permissions.add(Permission.objects.get(codename="change_user"))
    sync_role_permissions()
    sync_role_permissions()
    assert "auth.change_user" not in codenames(VIEWERS)
    assert Group.objects.filter(name=VIEWERS).count() == 1
