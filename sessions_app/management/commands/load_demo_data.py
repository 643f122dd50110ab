from django.core.management.base import BaseCommand, CommandError

from sessions_app.models import Region
from sessions_app.services import load_demo_session


class Command(BaseCommand):
    help = "Load demo data for development: an upcoming session with registration open."

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError("No regions yet: run `manage.py load_reference_data` first.")
        session, created = load_demo_session()
        state = "created" if created else "already present"
        self.stdout.write(f"Demo session {session.roman_numeral} ({session.city_en}): {state}.")
