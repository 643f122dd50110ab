from django.core.management.base import BaseCommand

from opendata.services.search import rebuild_index


class Command(BaseCommand):
    help = "Write the search index again from the sessions, agreements, projects, organizations."

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(f"Search index: {count} entries.")
