"""Events of sessions_app, for the apps above it (they connect in their receivers.py).

`reference_data_loaded`: `manage.py load_reference_data` has loaded the regions, in its
transaction; a receiver loads its own app's reference data and returns a one-line report
the command prints."""

from django.dispatch import Signal

reference_data_loaded = Signal()
