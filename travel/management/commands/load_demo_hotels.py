from django.core.management.base import BaseCommand

from travel.demo import load_demo_hotels


class Command(BaseCommand):
    help = (
        "Give the demo session two hotels with room blocks, and rooms, arrivals and departures "
        "to some of its delegates."
    )

    def handle(self, *args, **options):
        session, created = load_demo_hotels()
        if session is None:
            self.stdout.write("No demo session yet: run `manage.py load_demo_data` first.")
            return
        state = "created" if created else "already present"
        self.stdout.write(f"Hotels of the demo session {session.roman_numeral}: {state}.")
