from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.authorization import SYSTEM
from delegates.services import anonymize_sessions_older_than


class Command(BaseCommand):
    help = (
        "Anonymize the registrations of sessions that ended more than N years ago: names, "
        "e-mails, phones and positions are erased (history included); counts by session, "
        "delegation, organization and status stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=getattr(settings, "REGISTRATION_ANONYMIZE_AFTER_YEARS", 5),
            help="Age in years of the sessions to anonymize (default: %(default)s).",
        )

    def handle(self, *args, years, **options):
        if years < 1:
            raise CommandError("--years must be at least 1.")
        registrations, people = anonymize_sessions_older_than(years, by=SYSTEM)
        self.stdout.write(
            f"Anonymized {registrations} registrations and {people} people "
            f"of sessions ended more than {years} years ago."
        )
