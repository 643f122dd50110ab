from django.core.management.base import BaseCommand, CommandError

from sessions_app.models import Region
from sessions_app.services import load_history


class Command(BaseCommand):
    help = (
        "Load every edition known from public records, its sources and reported figures "
        "(idempotent; rows corrected by staff are kept)."
    )

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError("No regions yet: run `manage.py load_reference_data` first.")
        report = load_history()
        self.stdout.write(f"Historical record: {report}.")
