"""Every e-mail of the Meeting Point ends, as every e-mail to a delegate does, with the
footer that gives the recipient their own private link (templates/emails/_footer.txt and
.html), in their language: never the other side's link."""

import pytest

from core.authorization import SYSTEM
from delegates.services.tokens import management_url
from meetings import services
from meetings.models import Meeting
from tests.factories import RegistrationFactory, RussianRegistrationFactory
from tests.mailings.test_signature import FOOTERS
from tests.meetings.conftest import make_profile

pytestmark = pytest.mark.django_db


def test_both_delegates_find_their_own_private_link_in_every_meeting_e_mail(
    meeting_point, italian, russian, mailoutbox, django_capture_on_commit_callbacks
):
    other_italian = RegistrationFactory(session=italian.session, wants_bilateral_meetings=True)
    other_russian = RussianRegistrationFactory(
        session=italian.session, wants_bilateral_meetings=True
    )
    make_profile(other_italian)
    make_profile(other_russian)
    delegates = [italian, russian, other_italian, other_russian]
    assert [d.language for d in delegates] == ["it", "ru", "it", "ru"]

    def step(action, *recipients):
        """Run `action` (its e-mails delivered): one e-mail to each of `recipients`."""
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        assert sorted(m.to[0] for m in mailoutbox[before:]) == sorted(
            r.person.email for r in recipients
        )
        return result

    request = step(lambda: services.send_request(russian, italian, "Buongiorno"), italian)
    step(lambda: services.cancel_request(request, by=russian), italian)  # withdrawn
    step(lambda: services.send_request(russian, italian, "Di nuovo"), italian)  # again
    step(lambda: services.accept_request(request, by=italian), russian)
    meeting = Meeting.objects.get(request=request)
    step(lambda: services.place_meeting(meeting, 0, 1, by=SYSTEM))
    step(lambda: services.send_agendas(meeting_point, by=SYSTEM), italian, russian)
    step(lambda: services.cancel_request(request, by=italian), russian)  # cancelled

    declined = step(lambda: services.send_request(other_italian, russian, "Ciao"), russian)
    step(lambda: services.decline_request(declined, by=russian), other_italian)

    staff_cancelled = step(
        lambda: services.send_request(other_russian, italian, "Здравствуйте"), italian
    )
    step(lambda: services.accept_request(staff_cancelled, by=italian), other_russian)
    meeting = Meeting.objects.get(request=staff_cancelled)
    step(lambda: services.cancel_meetings([meeting], by=SYSTEM), italian, other_russian)

    by_address = {d.person.email: d for d in delegates}
    links = {d.pk: management_url(d) for d in delegates}
    assert len(set(links.values())) == 4
    for message in mailoutbox:
        recipient = by_address[message.to[0]]
        own = links[recipient.pk]
        opening, until = FOOTERS[recipient.language]
        html = message.alternatives[0][0]
        assert f"{opening}\n{own}\n{until} " in message.body
        assert f'{opening}<br>\n<a href="{own}">{own}</a><br>\n{until} ' in html
        for part in (message.body, html):
            assert [pk for pk, link in links.items() if link in part] == [recipient.pk]
    # Received (four times), withdrawn, accepted (twice), the agenda (to both), cancelled,
    # declined, and the meeting cancelled by staff (to both): every kind of meetings/emails.py.
    assert len(mailoutbox) == 13
