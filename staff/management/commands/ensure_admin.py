import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from staff.roles import ORGANIZERS, VIEWERS

# The demo's accounts of the two roles that need no second factor (staff/roles.py): each
# created once, with a random password printed once, like the administrator.
DEMO_ROLE_ACCOUNTS = (("organizer", ORGANIZERS), ("viewer", VIEWERS))


class Command(BaseCommand):
    help = (
        "Make sure a local administrator exists. The first run creates one with a random "
        "password and prints it once; later runs change nothing. With --demo-roles, also an "
        "Organizer ('organizer') and a Viewer ('viewer') account, the same way (make run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--demo-roles",
            action="store_true",
            help="also create the demo's 'organizer' and 'viewer' accounts if missing",
        )

    def handle(self, *args, username, demo_roles=False, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write(
                "An administrator account exists (reset its password with "
                f"`.venv/bin/python manage.py changepassword {username}`)."
            )
        else:
            user, _ = User.objects.get_or_create(username=username)
            user.is_superuser = True
            password = self._activate(user)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Administrator created: user name '{username}', password '{password}' "
                    "(shown only now; keep it; its first login sets up an authenticator app)."
                )
            )
        if demo_roles:
            for account, role in DEMO_ROLE_ACCOUNTS:
                self._ensure_role_account(User, account, role)

    def _activate(self, user):
        password = secrets.token_urlsafe(12)
        user.is_staff = user.is_active = True
        user.set_password(password)
        user.save()
        return password

    def _ensure_role_account(self, User, username, role):
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"The demo account '{username}' ({role}) exists.")
            return
        user = User(username=username)
        password = self._activate(user)
        # The groups and their permissions are made by the migrations (staff/roles.py).
        user.groups.add(Group.objects.get(name=role))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo account created: {role}, user name '{username}', password "
                f"'{password}' (shown only now)."
            )
        )
