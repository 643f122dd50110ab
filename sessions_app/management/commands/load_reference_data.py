from django.core.management.base import BaseCommand

from sessions_app.services import load_reference_data


class Command(BaseCommand):
    help = "Load Italy's 20 regions and Russia's 83 federal subjects (idempotent)."

    def handle(self, *args, **options):
        report = load_reference_data()
        self.stdout.write(f"Regions: {report}.")
