from django.core.management.base import BaseCommand
from django.db import transaction

from sessions_app.services import load_reference_data
from sessions_app.signals import reference_data_loaded


class Command(BaseCommand):
    help = (
        "Load Italy's 20 regions and Russia's 83 federal subjects, and the reference data of "
        "the other apps (consulates, passport rules); idempotent."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            report = load_reference_data()
            # The apps above add theirs (travel: consulates and passport rules).
            results = reference_data_loaded.send(sender=self.__class__)
        self.stdout.write(f"Regions: {report}.")
        for _receiver, result in results:
            if result:
                self.stdout.write(f"{result}.")
