"""Background work of the agreements app: thin wrappers over services."""

from agreements.services import expire_ended_terms
from core.background import background_task


@background_task()
def expire_ended_agreements():
    """Nightly: agreements whose term ended, not tacitly renewable, become expired. Returns
    the primary keys of those expired."""
    return [agreement.pk for agreement in expire_ended_terms()]
