from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meeting Point (B2B)")

    def ready(self):
        from delegates.services.given_up import contribute_to_given_up
        from meetings import receivers  # noqa: F401
        from meetings.services import meetings_given_up

        # A cancellation e-mail says the B2B meetings and requests were given up.
        contribute_to_given_up(meetings_given_up, order=30)
