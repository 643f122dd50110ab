"""The Protocol: composing it, rendering its bilingual PDF, finalizing (freezing) it.

Who acts (`by`, required; see `core.authorization`): staff who may change protocols
compose them, and only those who may finalize freeze them (Ministry administrators in the
role table); anyone else gets ActionNotAllowed and nothing changes."""

import dataclasses
import hashlib
import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements import annexes
from agreements.models import (
    Commitment,
    Protocol,
    ProtocolIsFinal,
    ProtocolSection,
    ProtocolStatus,
    SectionKind,
)
from agreements.services.registry import annex_agreements
from agreements.signals import protocol_state_changed
from core.authorization import (
    history_user,
    require_permission,
)
from core.documents import stored_pdf
from core.pdf import render_pdf
from core.text import italian_elision
from sessions_app.models import Country, long_date

logger = logging.getLogger(__name__)

FINALIZE_PERMISSION = "agreements.finalize_protocol"
# Writing the sections of a draft.
COMPOSE_PERMISSIONS = ("agreements.change_protocol", "agreements.add_protocolsection")


def require_composer(by):
    require_permission(
        by, *COMPOSE_PERMISSIONS, message=_("You are not allowed to write into protocols.")
    )


class ProtocolError(ValidationError):
    """A rule of protocol composition forbids the action; the message says which."""


def _bilingual(message):
    """The same message in Italian and in Russian, for headings of both columns."""
    texts = []
    for language in ("it", "ru"):
        with translation.override(language):
            texts.append(str(message))
    return texts


DEFAULT_SECTIONS = [
    (SectionKind.PREAMBLE, _("Preamble")),
    (SectionKind.PARTICIPANTS, _("Participants")),
    (SectionKind.CONCLUSIONS, _("Conclusions")),
    (SectionKind.NEXT_SESSION, _("Next session")),
]


def previous_protocol(protocol):
    """The protocol of the closest earlier session that has one, or None."""
    return (
        Protocol.objects.select_related("session")
        .filter(session__number__lt=protocol.session.number)
        .order_by("-session__number")
        .first()
    )


def _refuse_unless_draft_and_empty(protocol):
    if protocol.is_stored_as_final():
        raise ProtocolIsFinal(protocol)
    if protocol.sections.exists():
        raise ProtocolError(
            _("The protocol already has sections: remove them first to start again."),
            code="protocol_has_sections",
        )


@transaction.atomic
def add_default_sections(protocol, *, by):
    """Give an empty draft the usual outline: preamble, participants, one section per thematic
    table of the session, conclusions and next session, headings in both languages."""
    require_composer(by)
    protocol = Protocol.objects.select_for_update().select_related("session").get(pk=protocol.pk)
    _refuse_unless_draft_and_empty(protocol)
    outline = [(kind, *_bilingual(label), "") for kind, label in DEFAULT_SECTIONS[:2]]
    for table in _thematic_tables(protocol.session):
        outline.append(
            (
                SectionKind.THEMATIC_TABLE,
                _table_heading(table, "it"),
                _table_heading(table, "ru"),
                table.pk,
            )
        )
    outline += [(kind, *_bilingual(label), "") for kind, label in DEFAULT_SECTIONS[2:]]
    sections = []
    for position, (kind, heading_it, heading_ru, _table) in enumerate(outline, start=1):
        section = ProtocolSection(
            protocol=protocol,
            position=position,
            kind=kind,
            heading_it=heading_it,
            heading_ru=heading_ru,
        )
        section._history_user = history_user(by)
        section.save()
        sections.append(section)
    return sections


def _thematic_tables(session):
    tables = getattr(session, "thematic_tables", None)
    return list(tables.all()) if tables is not None else []


def _table_heading(table, language):
    with translation.override(language):
        return gettext("Thematic table: %(name)s") % {"name": table.localized("name", language)}


@transaction.atomic
def start_from_previous_protocol(protocol, *, by):
    """Copy the sections of the previous session's protocol into an empty draft, to be edited.
    Raises ProtocolError when there is no previous protocol or the draft is not empty."""
    require_composer(by)
    protocol = Protocol.objects.select_for_update().select_related("session").get(pk=protocol.pk)
    _refuse_unless_draft_and_empty(protocol)
    previous = previous_protocol(protocol)
    if previous is None:
        raise ProtocolError(
            _("There is no protocol of an earlier session to start from."),
            code="no_previous_protocol",
        )
    copies = []
    for section in previous.sections.order_by("position", "pk"):
        copy = ProtocolSection(
            protocol=protocol,
            position=section.position,
            kind=section.kind,
            heading_it=section.heading_it,
            heading_ru=section.heading_ru,
            body_it=section.body_it,
            body_ru=section.body_ru,
        )
        copy._history_user = history_user(by)
        copy.save()
        copies.append(copy)
    logger.info(
        "protocol_started_from_previous protocol=%s previous=%s sections=%s",
        protocol.pk,
        previous.pk,
        len(copies),
    )
    return previous, copies


# Protocol PDF


def _side_texts(protocol, language):
    """What one column of the PDF needs in `language`, computed under that language."""
    session = protocol.session
    with translation.override(language):
        return {
            "language": language,
            "title": protocol.title(language),
            "place": protocol.place(language),
            "date": long_date(protocol.date),
            "session_dates": session.dates_display,
            "city": session.localized("city", language),
            "region": session.host_region.localized("name", language),
        }


def page_counter_css(language):
    """CSS `content` for "Page X of Y" in `language`, built from the translated sentence so
    that word order follows the language: `"Pagina " counter(page) " di " counter(pages)`."""
    with translation.override(language):
        sentence = gettext("Page %(number)s of %(total)s") % {
            "number": "\x00page\x00",
            "total": "\x00pages\x00",
        }
    parts = []
    for index, piece in enumerate(sentence.split("\x00")):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'"{escaped}"')
    return mark_safe(" ".join(parts))  # noqa: S308 - built from our own catalogue, escaped


def signatories(session):
    """The two signature blocks of the Protocol, each co-chair's name in both scripts (the
    Russian one Cyrillic first), title in both languages, and institution as named then."""
    institutions = {institution.country: institution for institution in session.institutions.all()}
    blocks = []
    for country, cochair, title_in in (
        (Country.ITALY, session.italian_cochair, session.italian_cochair_title_in),
        (Country.RUSSIA, session.russian_cochair, session.russian_cochair_title_in),
    ):
        institution = institutions.get(country)
        own_first = cochair.for_reader("ru" if country == Country.RUSSIA else "it")
        names = [own_first]
        other = cochair.latin if own_first == cochair.cyrillic else cochair.cyrillic
        if other and other != own_first:
            names.append(other)
        titles = [title for title in dict.fromkeys((title_in("it"), title_in("ru"))) if title]
        blocks.append(
            {
                "country": country,
                "names": names,
                "titles": titles,
                "institutions": (
                    [institution.localized("name", "it"), institution.localized("name", "ru")]
                    if institution
                    else []
                ),
            }
        )
    return blocks


def previous_session_annex(protocol):
    """The annex on the previous session: its Protocol's commitments with where each stands,
    and the figures the apps above give about that session. None without a previous one."""
    previous = previous_protocol(protocol)
    if previous is None:
        return None
    return {
        "session": previous.session,
        "italian_title": previous.title("it"),
        "russian_title": previous.title("ru"),
        "commitments": list(Commitment.objects.of_protocol(previous)),
        "figures": annexes.figures(previous.session),
    }


def protocol_context(protocol, *, is_draft):
    session = protocol.session
    sections = list(protocol.sections.order_by("position", "pk").prefetch_related("commitments"))
    return {
        "previous_annex": previous_session_annex(protocol),
        "signatories": signatories(session),
        "protocol": protocol,
        "session": session,
        "sections": sections,
        "italian": _side_texts(protocol, "it"),
        "russian": _side_texts(protocol, "ru"),
        "annex": annex_agreements(session),
        "is_draft": is_draft,
        "page_counter_it": page_counter_css("it"),
        "page_counter_ru": page_counter_css("ru"),
    }


def render_protocol_pdf(protocol, *, is_draft=None):
    """The Protocol as a bilingual PDF (bytes): Italian left, Russian right, section by
    section; every page of a draft carries the DRAFT watermark."""
    if is_draft is None:
        is_draft = not protocol.is_final
    html = render_to_string("pdf/protocol.html", protocol_context(protocol, is_draft=is_draft))
    return render_pdf(html)


# What a draft Protocol shows: its sections, the session, the agreements of its annex and their
# parties (core/public_cache.py).
DRAFT_TOPICS = ("agreements", "sessions", "organizations")


def draft_topics():
    """The topics above, and those of the figures other apps add to the annex."""
    return tuple(dict.fromkeys(DRAFT_TOPICS + annexes.topics()))


def draft_protocol_pdf_path(protocol):
    """The stored PDF of a draft Protocol (core/documents.py): rendered again only when
    something it shows changed. For staff only: the views check who asks."""
    return stored_pdf(
        "protocol-draft",
        f"{protocol.pk}:{translation.get_language()}",
        draft_topics(),
        lambda: render_to_string("pdf/protocol.html", protocol_context(protocol, is_draft=True)),
    )


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def _check_ready_to_finalize(protocol):
    session = protocol.session
    # The Protocol is signed at the session: not before its first day, in the host city.
    if not session.has_started():
        raise ProtocolError(
            italian_elision(
                _(
                    "The protocol is signed at the session: it can be finalized from "
                    "%(date)s, the session's first day."
                )
                % {"date": long_date(session.start_date)}
            ),
            code="session_not_held",
        )
    if not protocol.sections.exists():
        raise ProtocolError(
            _("An empty protocol cannot be finalized: add its sections first."),
            code="protocol_is_empty",
        )
    if not (protocol.session.italian_cochair_name and protocol.session.russian_cochair_name):
        raise ProtocolError(
            _("Record both co-chairs on the session before finalizing: they sign the protocol."),
            code="cochairs_missing",
        )


def finalize_refusal(protocol):
    """Why `protocol` cannot be finalized yet (a sentence), or None: what the confirmation
    page says instead of offering the button."""
    try:
        _check_ready_to_finalize(protocol)
    except ProtocolError as error:
        return " ".join(error.messages)
    return None


@dataclasses.dataclass(frozen=True)
class ProtocolTransition:
    """From `sources` to `target`: who may (`permission`; SYSTEM always may), what must hold
    first (`check`), what it does (`effect`, which saves)."""

    name: str
    sources: tuple
    target: str
    permission: str
    refusal: object
    check: object
    effect: object


# Draft (editable, PDF watermarked DRAFT) -> final (frozen PDF, checksum). A final
# protocol never changes again: there is no way back.
PROTOCOL_TRANSITIONS = (
    ProtocolTransition(
        "finalize",
        (ProtocolStatus.DRAFT,),
        ProtocolStatus.FINAL,
        FINALIZE_PERMISSION,
        _("You are not allowed to finalize protocols."),
        _check_ready_to_finalize,
        lambda protocol, by, reason: _freeze(protocol, by, reason),
    ),
)
PROTOCOL_TABLE = {
    (source, row.target): row for row in PROTOCOL_TRANSITIONS for source in row.sources
}


def change_protocol_state(protocol, to, *, by, reason=""):
    """Move a protocol to the status `to`, as `by`: the one function every change of a
    protocol's status goes through. Checks the actor and the rules, saves with one history
    entry (actor and reason) and, after the commit, sends `protocol_state_changed`."""
    rows = [row for row in PROTOCOL_TRANSITIONS if row.target == to]
    for row in rows:
        require_permission(by, row.permission, message=row.refusal)
    with transaction.atomic():
        locked = (
            Protocol.objects.select_for_update()
            .select_related("session", "session__host_region")
            .get(pk=protocol.pk)
        )
        source = locked.status
        row = PROTOCOL_TABLE.get((source, to))
        if row is None:
            if source == ProtocolStatus.FINAL:
                raise ProtocolIsFinal(locked)
            raise ProtocolError(
                _("A protocol that is “%(status)s” cannot become “%(target)s”.")
                % {"status": locked.get_status_display(), "target": ProtocolStatus(to).label},
                code="not_allowed",
            )
        row.check(locked)
        locked = row.effect(locked, by, reason or row.name)
        transaction.on_commit(
            partial(_publish, locked, source, row.target, by, reason or row.name), robust=True
        )
    return locked


def _publish(protocol, old_state, new_state, by, reason):
    results = protocol_state_changed.send_robust(
        sender=Protocol,
        protocol=protocol,
        old_state=old_state,
        new_state=new_state,
        actor=by,
        reason=reason,
    )
    for receiver, result in results:
        if isinstance(result, Exception):
            logger.error("protocol_state_changed: %r failed", receiver, exc_info=result)


def finalize_protocol(protocol, *, by, reason=""):
    """Freeze the protocol: render the final PDF (no watermark), store it with its SHA-256,
    record who finalized it and when. Only users with `agreements.finalize_protocol` may."""
    return change_protocol_state(protocol, ProtocolStatus.FINAL, by=by, reason=reason)


def _freeze(protocol, by, reason="finalized"):
    """Render and store the final PDF and mark the protocol final (rules already checked)."""
    protocol.status = ProtocolStatus.FINAL
    protocol.finalized_at = timezone.now()
    protocol.finalized_by = history_user(by)
    data = render_protocol_pdf(protocol, is_draft=False)
    protocol.final_pdf_sha256 = sha256_of(data)
    protocol.final_pdf.save("protocol.pdf", ContentFile(data), save=False)
    # If saving fails, don't leave an orphan file behind.
    stored_name = protocol.final_pdf.name
    storage = protocol.final_pdf.storage
    try:
        protocol._history_user = history_user(by)
        protocol._change_reason = reason
        protocol.save()
    except Exception:
        storage.delete(stored_name)
        raise
    logger.info(
        "protocol_finalized protocol=%s session=%s sha256=%s by=%s",
        protocol.pk,
        protocol.session.number,
        protocol.final_pdf_sha256,
        getattr(by, "pk", None),
    )
    return protocol


def stored_pdf_matches_checksum(protocol):
    """Whether the stored final PDF still has the SHA-256 recorded when it was finalized."""
    if not protocol.final_pdf:
        return False
    digest = hashlib.sha256()
    with protocol.final_pdf.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest() == protocol.final_pdf_sha256
