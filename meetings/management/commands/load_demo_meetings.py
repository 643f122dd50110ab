from django.core.management.base import BaseCommand

from meetings.demo import load_demo_meetings


class Command(BaseCommand):
    help = "Give the demo session a Meeting Point with delegates, requests and a schedule."

    def handle(self, *args, **options):
        meeting_point, created = load_demo_meetings()
        if meeting_point is None:
            self.stdout.write("No demo session yet: run `manage.py load_demo_data` first.")
            return
        state = "created" if created else "already present"
        self.stdout.write(
            f"Meeting Point of the demo session {meeting_point.session.roman_numeral}: {state}."
        )
