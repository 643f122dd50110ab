"""Domain events of the collaboration projects.

project_state_changed
    Sent with `send_robust` after the transaction that changed a project's status has
    committed. Keyword arguments: ``project`` (fresh), ``old_state`` and ``new_state``
    (ProjectStatus values), ``actor`` (a User, the proposer's Registration, or SYSTEM) and
    ``reason`` (text, may be empty).
"""

from django.dispatch import Signal

project_state_changed = Signal()
