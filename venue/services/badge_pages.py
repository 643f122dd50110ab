"""Badge PDFs: pages prepared ahead of printing, the missing ones rendered, all assembled.

Printing every badge of a session must take seconds, while WeasyPrint lays a badge out in
about 25 ms inside a long document (and 90 ms on its own): 400 badges would keep staff
waiting. So each badge is rendered once, by a background task when its registration is
approved (`prepare_badges`: a task's badges laid out as one document, split into their pages),
and kept as a one-page PDF (PreparedBadge) with the SHA-256 of its HTML. Printing then:

1. builds the HTML of every badge (cheap) and its digest;
2. takes the prepared pages whose digest still matches (one query): a badge whose name,
   organization, session or template changed since has another digest, so it is never stale;
3. renders the others: a few one by one (and keeps them), many as documents of
   BADGES_PER_CHUNK badges, in parallel worker processes (see venue/pdf_worker.py);
4. assembles the pages in order (venue/pdf_assembly.py, with qpdf): one A6 badge per
   page, or four per A4 sheet with crop marks; many pages in a worker process, so that the
   requesting process holds little more than the pages and the finished PDF.
"""

import dataclasses
import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from core.background import enqueue
from core.pdf import render_pdf, render_pdf_pages
from delegates.models import Registration
from venue.models import BadgeLayout, PreparedBadge
from venue.pdf_assembly import assemble, write_index
from venue.pdf_worker import assemble_in_worker, render_documents
from venue.services.badges import QR_SPEC, badge_queryset, build_badges, qr_image

# Badges per WeasyPrint document when many are missing: layout memory grows with the pages
# of one document, and two documents render at once on two cores.
BADGES_PER_CHUNK = 200
# Up to this many missing badges are rendered one by one and kept as prepared pages; beyond,
# in documents of many badges (about four times faster per badge, but not kept).
RENDER_ONE_BY_ONE = 8
# Up to this many pages are assembled in this process; beyond, in a worker process, since qpdf
# takes about 0.2 MiB per page while it works (the finished PDF, 14 KiB).
ASSEMBLE_IN_PROCESS = 40

_BADGES_SLOT = "<!--badges-->"
# Where the badge template leaves the QR code: it follows from the token (an image drawn by
# the process that renders the page, core/pdf.py), so it is put only in the badges rendered.
_QR_SLOT = "<!--qr-->"


@dataclasses.dataclass
class BadgeHtml:
    registration_id: int
    token: str
    fragment: str
    digest: str

    def html(self):
        """The badge's HTML with its QR code."""
        return self.fragment.replace(_QR_SLOT, qr_image(self.token), 1)


def _document_parts():
    """The A6 document around the badges: everything before them, and after."""
    html = render_to_string("pdf/badge_a6.html", {"badges_html": mark_safe(_BADGES_SLOT)})
    head, tail = html.split(_BADGES_SLOT)
    return head, tail


def badges_html(registrations):
    """The HTML of each badge (its QR code left out) with the digest of everything that
    decides its page; and the head and tail of the document around badges."""
    head, tail = _document_parts()
    template = get_template("pdf/_badge.html")
    pieces = []
    for badge in build_badges(registrations):
        fragment = template.render({"badge": badge})
        content = "\x00".join([QR_SPEC, badge.token, head, fragment, tail])
        digest = hashlib.sha256(content.encode()).hexdigest()
        pieces.append(BadgeHtml(badge.registration.pk, badge.token, fragment, digest))
    return pieces, head, tail


def _keep(pieces, pdfs):
    """Store these one-page PDFs as the prepared pages of their registrations. A page is
    only a head start: if its registration was erased meanwhile, it is simply not kept."""
    ids = [piece.registration_id for piece in pieces]
    existing = set(Registration.objects.filter(pk__in=ids).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            PreparedBadge.objects.bulk_create(
                [
                    PreparedBadge(
                        registration_id=piece.registration_id, digest=piece.digest, pdf=pdf
                    )
                    for piece, pdf in zip(pieces, pdfs, strict=True)
                    if piece.registration_id in existing
                ],
                update_conflicts=True,
                unique_fields=["registration"],
                update_fields=["digest", "pdf", "rendered_at"],
            )
    except IntegrityError:  # erased between the check and the commit
        pass


# Badges per preparation task: short tasks spread over every worker, and a task handed again
# (its worker died) redoes little.
BADGES_PER_TASK = 25
# Badges laid out together when prepared (one document, each page then written on its own,
# core/pdf.render_pdf_pages), and kept batch by batch: a whole task at once, since a badge's
# cost falls with the badges laid out together (measured: 25 ms a badge by fives, 16 by
# twenty-fives, 10 in a print's document of 200); a longer preparation (a whole session's,
# `prepare_missing_badges`) keeps every batch it finished if it is cut short.
BADGES_PER_BATCH = BADGES_PER_TASK


def queue_preparation(registration_ids, always=False):
    """Once the current transaction commits, have these badges prepared by the task workers
    (if settings.BADGES_PREPARE_ON_APPROVAL, or `always` when staff ask for it). If the broker
    cannot take the tasks, the periodic `prepare_missing_badges` prepares them later."""
    if not (settings.BADGES_PREPARE_ON_APPROVAL or always) or not registration_ids:
        return
    registration_ids = list(registration_ids)
    transaction.on_commit(lambda: _queue_tasks(registration_ids), robust=True)


def drop_prepared_badges(registration_ids):
    """Remove the prepared pages of these registrations (cancelled, rejected or erased: a page
    holds personal data and must not be printed)."""
    return PreparedBadge.objects.filter(registration_id__in=registration_ids).delete()[0]


def _queue_tasks(registration_ids):
    for start in range(0, len(registration_ids), BADGES_PER_TASK):
        enqueue(
            "delegates.tasks.prepare_badges_task",
            registration_ids[start : start + BADGES_PER_TASK],
        )


def _current(pieces):
    """The prepared pages of these badges whose digest still matches. A digest covers the
    badge's token, which names the registration: it matches only its registration's page."""
    return PreparedBadge.objects.filter(
        registration_id__in=[piece.registration_id for piece in pieces],
        digest__in=[piece.digest for piece in pieces],
    )


def prepare_badges(registrations):
    """Render and keep the page of every approved badge among `registrations` (a queryset)
    that has none, or an out-of-date one. Returns how many were rendered. Idempotent: a badge
    already prepared with the same digest is not rendered again."""
    pieces, head, tail = badges_html(list(badge_queryset(registrations)))
    prepared = set(_current(pieces).values_list("registration_id", flat=True))
    missing = [piece for piece in pieces if piece.registration_id not in prepared]
    for start in range(0, len(missing), BADGES_PER_BATCH):
        batch = missing[start : start + BADGES_PER_BATCH]
        pages = render_pdf_pages(head + "".join(piece.html() for piece in batch) + tail)
        if len(pages) != len(batch):  # a badge ran over its page: each on its own, then
            pages = [render_pdf(head + piece.html() + tail) for piece in batch]
        _keep(batch, pages)
    return len(missing)


def prepare_missing_badges():
    """Prepare the badges of every session not yet ended that have no page or an out-of-date
    one (the periodic job behind the approvals). Returns how many were rendered."""
    from sessions_app.models import Session

    rendered = 0
    for session in Session.objects.upcoming():
        rendered += prepare_badges(Registration.objects.filter(session=session))
    return rendered


def _render_missing(missing, head, tail):
    """The PDFs of the missing badges, and (PDF number, page index) of each, in order."""
    if len(missing) <= RENDER_ONE_BY_ONE:
        pdfs = [render_pdf(head + piece.html() + tail) for piece in missing]
        _keep(missing, pdfs)
        return pdfs, [(number, 0) for number in range(len(pdfs))]
    chunks = [
        missing[start : start + BADGES_PER_CHUNK]
        for start in range(0, len(missing), BADGES_PER_CHUNK)
    ]

    def maker(chunk):
        return lambda: head + "".join(piece.html() for piece in chunk) + tail

    pdfs = render_documents([maker(chunk) for chunk in chunks])
    # Rendered many to a document, these pages are not kept: the worker prepares them for
    # the next print (after a new badge template, say).
    queue_preparation([piece.registration_id for piece in missing])
    pages = [(number, index) for number, chunk in enumerate(chunks) for index in range(len(chunk))]
    return pdfs, pages


class _Documents:
    """The PDFs a print takes pages from: in memory for a few pages, else laid end to end in
    a temporary file for the assembly worker, so that this process never holds them all."""

    def __init__(self, folder=None):
        self.sizes = []
        self.memory = [] if folder is None else None
        self.data_path = None if folder is None else Path(folder) / "documents.bin"
        self.file = None if folder is None else open(self.data_path, "wb")  # noqa: SIM115

    def add(self, pdf):
        if self.file is None:
            self.memory.append(bytes(pdf))
        else:
            self.file.write(pdf)
        self.sizes.append(len(pdf))
        return len(self.sizes) - 1

    def close(self):
        if self.file is not None:
            self.file.close()

    def assemble(self, pages, four_per_a4):
        if self.file is None:
            return assemble(self.memory, pages, four_per_a4)
        self.close()
        index_path = self.data_path.with_name("index.json")
        write_index(index_path, self.sizes, pages, four_per_a4)
        return assemble_in_worker(index_path, self.data_path, index_path.with_name("out.pdf"))


def badges_pdf(registrations, layout):
    """The PDF of the badges of these registrations (approved, with their relations), in
    their order and in the given layout."""
    pieces, head, tail = badges_html(registrations)
    with tempfile.TemporaryDirectory(prefix="taskforce-badges-") as folder:
        documents = _Documents(folder if len(pieces) > ASSEMBLE_IN_PROCESS else None)
        try:
            # The prepared pages, read a hundred at a time.
            rows = _current(pieces).values_list("registration_id", "pdf").iterator(chunk_size=100)
            number = {pk: documents.add(pdf) for pk, pdf in rows}
            where = {pk: (document, 0) for pk, document in number.items()}
            missing = [piece for piece in pieces if piece.registration_id not in where]
            if missing:
                pdfs, rendered = _render_missing(missing, head, tail)
                numbers = [documents.add(pdf) for pdf in pdfs]
                for piece, (document, index) in zip(missing, rendered, strict=True):
                    where[piece.registration_id] = (numbers[document], index)
            pages = [where[piece.registration_id] for piece in pieces]
            return documents.assemble(pages, layout == BadgeLayout.A4)
        finally:
            documents.close()
