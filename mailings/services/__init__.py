"""Business rules of the mailings app: messages to delegates and reminders."""

from mailings.services.exceptions import MailingError
from mailings.services.messages import (
    check_content,
    content_errors,
    preview,
    send,
    send_failed_again,
    send_test,
    write_batch,
)
from mailings.services.recipients import select_recipients

__all__ = [
    "MailingError",
    "check_content",
    "content_errors",
    "preview",
    "select_recipients",
    "send",
    "send_failed_again",
    "send_test",
    "write_batch",
]
