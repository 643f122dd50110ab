from django.core.management.base import BaseCommand

from agreements.services import load_demo_agreements


class Command(BaseCommand):
    help = (
        "Load demo agreements and protocols for the XXV session and the demo session XXX "
        "(idempotent; run after load_history and load_demo_data)."
    )

    def handle(self, *args, **options):
        report = load_demo_agreements()
        self.stdout.write(f"Demo agreements: {report}.")
