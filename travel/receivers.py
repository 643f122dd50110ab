"""What travel does when something happens to a registration (delegates/signals.py)."""

from django.dispatch import receiver

from core.authorization import SYSTEM
from delegates.models import PLACE_HOLDING_STATUSES, Registration, RegistrationStatus
from delegates.signals import registration_state_changed, registrations_erased
from sessions_app.signals import reference_data_loaded
from travel.models import VisaLetterRequest, VisaLetterStatus
from travel.services.hotels import erase_travel_data, release_room
from travel.services.letters import change_letter_state, erase_passport_data
from travel.services.reference import load_visa_reference_data


@receiver(registrations_erased, dispatch_uid="travel.erase_letters_of_erased_registrations")
def erase_letters_of_erased_registrations(sender, registration_ids, **kwargs):
    """Erasure and anonymization: the passport data of their visa letter requests goes too,
    and their hotel rooms, arrivals and departures, in the erasing transaction (a failure
    rolls the erasure back)."""
    erase_passport_data(Registration.objects.filter(pk__in=registration_ids), by=SYSTEM)
    erase_travel_data(registration_ids)


@receiver(reference_data_loaded, dispatch_uid="travel.load_visa_reference_data")
def load_consulates_and_passport_rules(sender, **kwargs):
    """`load_reference_data` also loads the consulates and the passport rules."""
    return load_visa_reference_data()


@receiver(
    registration_state_changed, dispatch_uid="travel.revoke_letters_of_withdrawn_registrations"
)
def revoke_letters_of_withdrawn_registrations(sender, registration, new_state, **kwargs):
    """A cancelled or rejected delegate no longer comes: their letter is revoked, so that a
    consulate checking it learns so."""
    if new_state not in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        return
    letter_request = VisaLetterRequest.objects.filter(
        registration=registration,
        status__in=(VisaLetterStatus.RELEASED, VisaLetterStatus.SENT),
    ).first()
    if letter_request is not None:
        letter_request.revocation_reason = f"registration {new_state}"
        change_letter_state(
            letter_request,
            VisaLetterStatus.REVOKED,
            by=SYSTEM,
            reason=f"registration {new_state}",
            fields=("revocation_reason",),
        )


@receiver(
    registration_state_changed, dispatch_uid="travel.release_rooms_of_withdrawn_registrations"
)
def release_rooms_of_withdrawn_registrations(
    sender, registration, new_state, old_state=None, **kwargs
):
    """A registration that no longer holds a place (cancelled, rejected, moved to the waiting
    list) gives its hotel room back to the others, once the change is committed. One just
    submitted (no state before) has no room to give back: not looked up."""
    if new_state in PLACE_HOLDING_STATUSES or old_state is None:
        return
    release_room(registration, by=SYSTEM)
