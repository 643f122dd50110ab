"""Domain events of the agreements app, for the apps above it (`projects`).

protocol_state_changed
    Sent with `send_robust` after the transaction that changed a Protocol's status has
    committed. Keyword arguments: ``protocol``, ``old_state`` and ``new_state``
    (ProtocolStatus values), ``actor`` (a User or SYSTEM) and ``reason``.
"""

from django.dispatch import Signal

protocol_state_changed = Signal()
