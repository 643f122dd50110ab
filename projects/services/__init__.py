"""Business rules of the collaboration projects (see each module)."""


class ProjectError(Exception):
    """A rule of the collaboration projects forbids the action; the message is translated and
    fit to show. `field` names the form field it is about, when there is one."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)
