"""Staff accounts in each role of the README's role table, for tests."""

from django.contrib.auth.models import Group

from staff.roles import MINISTRY_ADMINISTRATORS, ORGANIZERS, VIEWERS
from tests.factories import UserFactory

__all__ = ["MINISTRY_ADMINISTRATORS", "ORGANIZERS", "VIEWERS", "role_member"]


def role_member(role, username=None):
    """A staff account (staff status) in the group of `role` and nothing else."""
    user = UserFactory(username=username or f"member-of-{role.split()[0].lower()}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    # Permissions are cached on the user object: hand out a fresh one.
    return type(user).objects.get(pk=user.pk)
