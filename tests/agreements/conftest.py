import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


def grant(user, *codenames):
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=name)
        )
    # Permissions are cached on the user object: fetch it again.
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(db):
    """Staff who may edit protocols but not finalize them."""
    return grant(
        UserFactory(username="editor"),
        "agreements.view_protocol",
        "agreements.change_protocol",
        "agreements.add_protocolsection",
        "agreements.change_protocolsection",
        "agreements.delete_protocolsection",
        "agreements.view_protocolsection",
    )


@pytest.fixture
def finalizer(db):
    """Staff who may also finalize protocols."""
    return grant(
        UserFactory(username="finalizer"),
        "agreements.view_protocol",
        "agreements.change_protocol",
        "agreements.view_protocolsection",
        "agreements.change_protocolsection",
        "agreements.finalize_protocol",
    )
