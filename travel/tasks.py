"""Background work of the travel app: thin wrappers over services, taking primary keys."""

from core.background import background_task
from travel.services.retention import erase_expired_passport_data as erase_expired


@background_task()
def erase_expired_passport_data():
    """Periodic: erase the passport data of the sessions whose retention period is over.
    Returns {session number: requests erased}."""
    return {str(number): count for number, count in erase_expired().items()}
