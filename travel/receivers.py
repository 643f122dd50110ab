"""What travel does when something happens to a registration (delegates/signals.py)."""

from django.dispatch import receiver

from core.authorization import SYSTEM
from delegates.models import Registration
from delegates.signals import registrations_erased
from sessions_app.signals import reference_data_loaded
from travel.services.letters import erase_passport_data
from travel.services.reference import load_visa_reference_data


@receiver(registrations_erased, dispatch_uid="travel.erase_letters_of_erased_registrations")
def erase_letters_of_erased_registrations(sender, registration_ids, **kwargs):
    """Erasure and anonymization: the passport data of their visa letter requests goes too,
    in the erasing transaction (a failure rolls the erasure back)."""
    erase_passport_data(Registration.objects.filter(pk__in=registration_ids), by=SYSTEM)


@receiver(reference_data_loaded, dispatch_uid="travel.load_visa_reference_data")
def load_consulates_and_passport_rules(sender, **kwargs):
    """`load_reference_data` also loads the consulates and the passport rules."""
    return load_visa_reference_data()
