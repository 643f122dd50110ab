"""Domain events of the Meeting Point, for the apps above `meetings`.

Both are sent with `send_robust` after the transaction that made the change has committed.

meeting_request_state_changed
    Keyword arguments: ``request`` (the MeetingRequest), ``old_state`` and ``new_state``
    (MeetingRequestStatus values), ``actor`` (a Registration, a User or SYSTEM), ``reason``.

meeting_state_changed
    Keyword arguments: ``meeting`` (the Meeting; a cancelled one keeps its row, with the
    status "cancelled" and no place), ``meeting_id``, ``old_state`` and ``new_state`` (MeetingState
    values: unplaced, placed, held, cancelled), ``actor``, ``reason``.
"""

from django.dispatch import Signal

meeting_request_state_changed = Signal()
meeting_state_changed = Signal()
