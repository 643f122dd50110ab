"""Reset the second factor of staff accounts whose owners lost their phone and recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.authorization import SYSTEM
from staff import services


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and the recovery codes of the given accounts, and record "
        "it in the audit trail. An account that must use a second factor sets up a new one at "
        "its next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="username")

    def handle(self, *usernames, **options):
        User = get_user_model()
        names = options["usernames"]
        users = {
            user.get_username(): user
            for user in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names})
        }
        missing = [name for name in names if name not in users]
        if missing:
            raise CommandError(f"No such user: {', '.join(missing)}")
        for name in names:
            removed = services.remove_second_factor(users[name], by=SYSTEM)
            self.stdout.write(f"{name}: {removed} device(s) removed")
