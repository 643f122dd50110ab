"""Who acts and whether they may (core/authorization.py): the actor convention of the
services and the admin's checks on saves, deletions, reverts and POSTed actions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from core.authorization import (
    SYSTEM,
    ActionNotAllowed,
    history_user,
    require_permission,
    user_may,
)
from delegates.models import Organization
from tests.factories import OrganizationFactory, RegistrationFactory, UserFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


def test_the_portal_itself_may_and_nobody_unnamed_may(organizer):
    require_permission(SYSTEM, "delegates.change_registration")
    require_permission(organizer, "delegates.change_registration")
    for nobody in (None, AnonymousUser(), "organizer", RegistrationFactory()):
        with pytest.raises(ActionNotAllowed):
            require_permission(nobody, "delegates.change_registration")


def test_a_user_needs_every_permission_named(organizer):
    assert user_may(organizer, "delegates.change_registration", "meetings.change_meeting")
    assert not user_may(organizer, "delegates.change_registration", "agreements.change_protocol")
    with pytest.raises(ActionNotAllowed):
        require_permission(organizer, "delegates.change_registration", "auth.change_user")


def test_an_inactive_account_may_nothing(organizer):
    organizer.is_active = False
    assert not user_may(organizer, "delegates.view_registration")


def test_the_refusal_says_why_in_the_language_of_the_page(viewer):
    with pytest.raises(ActionNotAllowed) as refused:
        require_permission(viewer, "delegates.change_registration")
    with translation.override("it"):
        assert "non" in str(refused.value).lower()
    with translation.override("ru"):
        assert "не" in str(refused.value).lower()


def test_only_accounts_are_written_in_the_history(organizer):
    assert history_user(organizer) is organizer
    assert history_user(SYSTEM) is None
    assert history_user(RegistrationFactory()) is None
    assert history_user(AnonymousUser()) is None


# --- the admin ------------------------------------------------------------------------------


def organization_form(organization, **changes):
    data = {
        "name_latin": organization.name_latin,
        "name_cyrillic": organization.name_cyrillic,
        "country": organization.country,
        "region": organization.region_id,
        "category": organization.category,
        "sector": organization.sector,
        "city": organization.city,
        "website": organization.website,
    }
    data.update(changes)
    return data


def earlier_version(organization):
    organization.city = "Brescia"
    organization.save()
    return organization.history.order_by("history_date").first()


def test_a_viewer_cannot_revert_a_row_to_an_earlier_version(client, viewer):
    organization = OrganizationFactory(city="Bergamo")
    version = earlier_version(organization)
    url = reverse(
        "admin:delegates_organization_simple_history",
        args=[organization.pk, version.history_id],
    )
    log_in(client, viewer)
    assert client.get(url).status_code == 200  # reading an earlier version is fine
    history = organization.history.count()
    response = client.post(url, organization_form(organization, city="Bergamo"))
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.city == "Brescia"
    assert organization.history.count() == history


def test_an_organizer_reverts_a_row_to_an_earlier_version(client, organizer):
    organization = OrganizationFactory(city="Bergamo")
    version = earlier_version(organization)
    url = reverse(
        "admin:delegates_organization_simple_history",
        args=[organization.pk, version.history_id],
    )
    log_in(client, organizer)
    response = client.post(url, organization_form(organization, city="Bergamo"))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.city == "Bergamo"


def test_a_viewer_cannot_save_or_delete_even_by_posting_the_forms(client, viewer):
    organization = OrganizationFactory(city="Bergamo")
    log_in(client, viewer)
    change = reverse("admin:delegates_organization_change", args=[organization.pk])
    assert client.post(change, organization_form(organization, city="X")).status_code == 403
    delete = reverse("admin:delegates_organization_delete", args=[organization.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    add = reverse("admin:delegates_organization_add")
    assert client.post(add, organization_form(organization, name_latin="New")).status_code == 403
    organization.refresh_from_db()
    assert organization.city == "Bergamo"
    assert Organization.objects.count() == 1


def test_an_action_the_user_is_not_offered_is_refused_even_among_others(client, organizer):
    organization = OrganizationFactory()
    log_in(client, organizer)
    response = client.post(
        reverse("admin:delegates_organization_changelist"),
        {
            "action": "delete_selected",
            "index": 0,
            "post": "yes",
            "_selected_action": [organization.pk],
        },
    )
    assert response.status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_no_action_chosen_is_not_a_refusal(client, organizer):
    OrganizationFactory()
    log_in(client, organizer)
    response = client.post(
        reverse("admin:delegates_organization_changelist"),
        {"action": "", "index": 0, "_selected_action": []},
    )
    assert response.status_code in (200, 302)


def test_a_superuser_may_still_do_everything(client):
    organization = OrganizationFactory()
    log_in(client, UserFactory(username="root", is_superuser=True))
    response = client.post(
        reverse("admin:delegates_organization_changelist"),
        {
            "action": "delete_selected",
            "index": 0,
            "post": "yes",
            "_selected_action": [organization.pk],
        },
    )
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=organization.pk).exists()
