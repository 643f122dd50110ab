from django.core.management.base import BaseCommand

from projects.demo import load_demo_projects


class Command(BaseCommand):
    help = (
        "Give the demo session its call for collaboration projects and 30 projects, and a "
        "previous demo session its Protocol's commitments and followed-up projects."
    )

    def handle(self, *args, **options):
        created, previous = load_demo_projects()
        if created is None:
            self.stdout.write("No demo session yet: run `manage.py load_demo_data` first.")
            return
        self.stdout.write(f"Collaboration projects of the demo session: {created} created.")
        if previous is not None:
            self.stdout.write(
                f"Previous demo session {previous.roman_numeral}: projects, follow-up answers "
                "and the Protocol's commitments created."
            )
