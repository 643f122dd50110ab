"""The domain exception of the mailings app."""


class MailingError(Exception):
    """A rule forbids the action; `message` is translated and fit to show the user, `field`
    names the form field concerned when there is one."""

    def __init__(self, message, code="invalid", field=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field

    def __str__(self):
        return str(self.message)
