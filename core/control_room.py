"""The registry of the staff's control room: each app contributes the block of what it holds
for one session.

The control room (the admin's page of a session, and the admin index for the next session)
shows, at a glance and in the staff's language, what a session still needs. It knows no app:
each app declares a function in its `control_room.py` (imported by `CoreConfig.ready`)::

    @register(order=30)
    def visa_letters(session):
        return Block(title=..., figures=[Figure(...)], actions=[Action(..., permissions)])

The function takes the session and returns a `Block` or None (nothing to say for that
session). It must run a constant number of queries, whatever the number of sessions and
registrations (the control room's query-count test holds every block to it). Figures link to
the admin list they count; a figure with `waiting=True` is something that waits for a decision
and is also listed at the top of the page. Actions name the permission they need: the page
shows an action only to those who hold it, so that Viewers see every figure and no button.

Apps added later (collaboration projects, mailings) add their own `control_room.py` the same
way; nothing else changes.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """One count: `value`, optionally `of` a total (a capacity, the approved registrations),
    linking to the admin list it counts."""

    label: str
    value: int
    url: str = ""
    of: int | None = None
    waiting: bool = False


@dataclass(frozen=True)
class Action:
    """A button to the page where staff act; shown only to users holding every one of
    `permissions` ("app_label.codename")."""

    label: str
    url: str
    permissions: tuple


@dataclass(frozen=True)
class Table:
    """A small table (registrations by delegation and state): `rows` are (header, cells)."""

    caption: str
    columns: list
    rows: list


@dataclass
class Block:
    title: str
    figures: list = field(default_factory=list)
    state: str = ""
    table: Table | None = None
    actions: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (label, url) to the lists of the block
    order: int = 0

    @property
    def waiting(self):
        return [figure for figure in self.figures if figure.waiting and figure.value]


@dataclass(frozen=True)
class Contributor:
    function: object
    order: int

    @property
    def name(self):
        return f"{self.function.__module__}.{self.function.__qualname__}"


_contributors = {}


def register(*, order):
    """Register the decorated function(session) -> Block | None, laid out by `order`."""

    def decorator(function):
        contributor = Contributor(function, order)
        _contributors[contributor.name] = contributor
        return function

    return decorator


def unregister(function):
    """Forget a registered function (for tests that register their own)."""
    _contributors.pop(f"{function.__module__}.{function.__qualname__}", None)


def contributors():
    return sorted(_contributors.values(), key=lambda c: (c.order, c.name))


def blocks(session, user):
    """The blocks of `session` in order, each with only the actions `user` may take."""
    result = []
    for contributor in contributors():
        block = contributor.function(session)
        if block is None:
            continue
        block.order = contributor.order
        block.actions = [
            action
            for action in block.actions
            if all(user.has_perm(permission) for permission in action.permissions)
        ]
        result.append(block)
    return result


def overview(session, user):
    """The control room of `session` as `user` sees it: {"session", "blocks", "waiting"}, where
    `waiting` lists every figure of every block that waits for a decision (count above 0)."""
    session_blocks = blocks(session, user)
    return {
        "control_room_session": session,
        "blocks": session_blocks,
        "waiting": [figure for block in session_blocks for figure in block.waiting],
    }


def admin_list(url_name, **filters):
    """The address of an admin changelist (`url_name`) filtered by `filters`."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse(url_name)
    return f"{url}?{urlencode(filters)}" if filters else url
