from django.core.management.base import BaseCommand, CommandError

from core.background import enqueue
from delegates.models import Registration
from sessions_app.models import Session
from venue.services.badge_pages import prepare_badges


class Command(BaseCommand):
    help = (
        "Render ahead of printing the badge of every approved registration that has none or "
        "an out-of-date one, so that printing them all takes seconds. Approvals do this in the "
        "background (the task workers), and a periodic job catches up on the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--session",
            type=int,
            dest="number",
            help="Only this session (its number); default: every session not yet ended.",
        )
        parser.add_argument(
            "--in-background",
            action="store_true",
            help="Queue the preparation of the missing badges for the task workers and return.",
        )

    def handle(self, *args, number=None, in_background=False, **options):
        if in_background:
            enqueue("delegates.tasks.prepare_missing_badges")
            self.stdout.write("The preparation of the missing badges is queued.")
            return
        if number is None:
            sessions = list(Session.objects.upcoming())
        else:
            sessions = list(Session.objects.filter(number=number))
            if not sessions:
                raise CommandError(f"There is no session number {number}.")
        for session in sessions:
            rendered = prepare_badges(Registration.objects.filter(session=session))
            self.stdout.write(f"Session {session.number}: {rendered} badges rendered.")
