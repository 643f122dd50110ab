from django.core.management.base import BaseCommand, CommandError

from delegates.demo import load_demo_registrations_for_demo_session


class Command(BaseCommand):
    help = "Give the demo session Italian and Russian demo registrations in every state."

    def handle(self, *args, **options):
        session, created = load_demo_registrations_for_demo_session()
        if session is None:
            raise CommandError("No demo session yet: run `manage.py load_demo_data` first.")
        self.stdout.write(
            f"Demo registrations for session {session.roman_numeral}: {created} created."
        )
