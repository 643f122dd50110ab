"""Events of the visa workflow, for the apps above travel (mailings, the control room).

`visa_outcome_reported`: sent after the commit when a delegate (or staff) reports what
became of the visa application; arguments `letter_request`, `old_outcome`, `new_outcome`,
`actor`."""

from django.dispatch import Signal

visa_outcome_reported = Signal()
