"""Domain events of the registrations, for the apps above `delegates`.

`delegates` must not import the apps that depend on it (`meetings`, `venue`, `travel`, …). When
something happens to a registration that those apps care about, `delegates` sends one of these
signals and the apps above listen (their receivers are connected in their `AppConfig.ready`).

registration_state_changed
    Sent with `send_robust` after the transaction that changed the state has committed, once
    per registration. Keyword arguments: ``registration`` (the Registration, fresh),
    ``old_state`` and ``new_state`` (RegistrationStatus values), ``actor`` (a User, the
    Registration itself, or SYSTEM) and ``reason`` (text, may be empty).

registrations_erased
    Sent inside the transaction that erases or anonymizes personal data, before it commits,
    so that the apps above erase what they hold about the same people in the same transaction
    (a failure rolls the whole erasure back). Keyword arguments: ``registration_ids`` (a list
    of primary keys) and ``actor``.

registrations_deleted
    Sent inside the transaction that deletes registrations (staff correcting a mistake),
    before the rows go, so that the apps above release and tell what depended on them (the
    rows of their own that reference a registration go with it by cascade). Keyword
    arguments: ``registration_ids`` (a list of primary keys) and ``actor``.
"""

from django.dispatch import Signal

registration_state_changed = Signal()
registrations_erased = Signal()
registrations_deleted = Signal()
