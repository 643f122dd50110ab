from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    """Travel of the delegates: visa invitation letters, hotels, arrivals and departures."""

    name = "travel"
    verbose_name = _("Travel: visa letters, hotels and transfers")

    def ready(self):
        from delegates.services.given_up import contribute_to_given_up
        from delegates.services.privacy import contribute_to_personal_data
        from delegates.services.questions import contribute_to_logistics_block
        from travel import receivers  # noqa: F401  (connects to delegates.signals)
        from travel.services.hotels import (
            room_given_up,
            switch_on_logistics,
            transfers_given_up,
            travel_personal_data,
        )

        # The standard logistics block of the registration questions switches on ours too.
        contribute_to_logistics_block(switch_on_logistics)
        # The delegate's data download lists their hotel room, arrival and departure.
        contribute_to_personal_data(travel_personal_data)
        # A cancellation e-mail says the room and the transfers were given up.
        contribute_to_given_up(room_given_up, order=10)
        contribute_to_given_up(transfers_given_up, order=40)
