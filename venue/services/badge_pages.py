"""Badge PDFs: pages prepared ahead of printing, the missing ones rendered, all assembled.

Printing every badge of a session must take seconds, while WeasyPrint lays a badge out in
about 25 ms inside a long document (and 90 ms on its own): 400 badges would keep staff
waiting. So each badge is rendered once, by a background task when its registration is
approved (`prepare_badges`: a task's badges laid out and written as one document, stored
once as a PreparedBadgeBatch), and each badge keeps a PreparedBadge pointing to its page in
that batch, with the SHA-256 of its HTML. Printing then:

1. builds the HTML of every badge (cheap) and its digest;
2. takes the prepared pages whose digest still matches (one query, then each batch PDF they
   are in, read a few at a time and added to the print once): a badge whose name,
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
from core.pdf import render_pdf, render_pdf_counting_pages
from delegates.models import Registration
from venue.models import BadgeLayout, PreparedBadge, PreparedBadgeBatch
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


def _keep(pieces, pdf):
    """Store `pdf`, whose page i is the badge of pieces[i], once, as a batch of prepared
    pages. A page is only a head start: the registrations are locked and their badges built
    again, and a badge that changed meanwhile (erased, cancelled, renamed) is not kept; if
    none is left, neither is the PDF. The badges' previous pages are discarded."""
    ids = [piece.registration_id for piece in pieces]
    try:
        with transaction.atomic():
            locked = Registration.objects.filter(pk__in=ids).order_by("pk").select_for_update()
            registrations = Registration.objects.filter(
                pk__in=list(locked.values_list("pk", flat=True))
            )
            again, _, _ = badges_html(list(badge_queryset(registrations)))
            current = {(piece.registration_id, piece.digest) for piece in again}
            kept = [
                (page, piece)
                for page, piece in enumerate(pieces)
                if (piece.registration_id, piece.digest) in current
            ]
            if not kept:
                return
            kept_ids = [piece.registration_id for _, piece in kept]
            _discard(PreparedBadge.objects.filter(registration_id__in=kept_ids))
            batch = PreparedBadgeBatch.objects.create(pdf=pdf, page_count=len(pieces))
            PreparedBadge.objects.bulk_create(
                [
                    PreparedBadge(
                        registration_id=piece.registration_id,
                        digest=piece.digest,
                        batch=batch,
                        page=page,
                    )
                    for page, piece in kept
                ]
            )
    except IntegrityError:  # erased between the check and the commit
        pass


def _discard(badges):
    """Delete these prepared badges and every batch that holds one of their pages: a batch
    holds the personal data of all its badges, so it lives only while each of its pages is
    in use. Its other badges lose their pages too and are queued to be prepared again."""
    rows = list(badges.values_list("pk", "registration_id", "batch_id"))
    batch_ids = {batch_id for _, _, batch_id in rows if batch_id is not None}
    dropped = {registration_id for _, registration_id, _ in rows}
    others = list(
        PreparedBadge.objects.filter(batch_id__in=batch_ids)
        .exclude(registration_id__in=dropped)
        .values_list("registration_id", flat=True)
    )
    PreparedBadge.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
    PreparedBadgeBatch.objects.filter(pk__in=batch_ids).delete()  # and the others' rows
    queue_preparation(others)
    return len(rows)


def batch_lost_a_page(batch_id):
    """A prepared badge was deleted by another way than _discard (its registration deleted,
    say): its batch goes, and its other badges are prepared again."""
    _discard(PreparedBadge.objects.filter(batch_id=batch_id))
    PreparedBadgeBatch.objects.filter(pk=batch_id).delete()


# Badges per preparation task: short tasks spread over every worker, and a task handed again
# (its worker died) redoes little.
BADGES_PER_TASK = 25
# Badges laid out together when prepared, written once as one PDF (core/pdf.py,
# render_pdf_counting_pages) and kept batch by batch: a whole task at once, since a badge's
# cost falls with the badges laid out together (writing each page on its own, as before,
# cost about 20 ms a badge against 12.5 written once); a longer preparation (a whole
# session's, `prepare_missing_badges`) keeps every batch it finished if it is cut short.
# A batch holds personal data of all its badges: dropping or replacing any of its badges
# deletes it whole (_discard), and its other badges are queued to be prepared again.
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
    holds personal data and must not be printed), with the batches holding them (the other
    badges of those batches are prepared again)."""
    return _discard(PreparedBadge.objects.filter(registration_id__in=registration_ids))


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
        pdf, page_count = render_pdf_counting_pages(
            head + "".join(piece.html() for piece in batch) + tail
        )
        if page_count == len(batch):
            _keep(batch, pdf)
        else:  # a badge ran over its page: each on its own, then
            for piece in batch:
                _keep([piece], render_pdf(head + piece.html() + tail))
    return len(missing)


def prepare_missing_badges():
    """Prepare the badges of every session not yet ended that have no page or an out-of-date
    one (the periodic job behind the approvals). Returns how many were rendered."""
    from sessions_app.models import Session

    # A batch none of whose pages is used (none should be: _discard) goes.
    PreparedBadgeBatch.objects.filter(badges__isnull=True).delete()
    rendered = 0
    for session in Session.objects.upcoming():
        rendered += prepare_badges(Registration.objects.filter(session=session))
    return rendered


def _render_missing(missing, head, tail):
    """The PDFs of the missing badges, and (PDF number, page index) of each, in order."""
    if len(missing) <= RENDER_ONE_BY_ONE:
        pdfs = [render_pdf(head + piece.html() + tail) for piece in missing]
        for piece, pdf in zip(missing, pdfs, strict=True):
            _keep([piece], pdf)
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


def _prepared_pages(pieces, documents):
    """Add to `documents` the PDFs holding the current prepared pages of these badges, each
    batch once (read a few at a time), and return {registration id: (document, page)}."""
    rows = list(_current(pieces).values_list("registration_id", "batch_id", "page"))
    batch_ids = sorted({batch_id for _, batch_id, _ in rows if batch_id is not None})
    number = {}
    batches = PreparedBadgeBatch.objects.filter(pk__in=batch_ids).values_list(
        "pk", "pdf", "page_count"
    )
    for batch_id, pdf, page_count in batches.iterator(chunk_size=4):
        number[batch_id] = (documents.add(pdf), page_count)
    where = {}
    for registration_id, batch_id, page in rows:
        if batch_id in number and page < number[batch_id][1]:
            where[registration_id] = (number[batch_id][0], page)
    # Badges prepared one by one before batches were stored: their own one-page PDF.
    legacy = _current(pieces).filter(batch__isnull=True, pdf__isnull=False)
    for registration_id, pdf in legacy.values_list("registration_id", "pdf").iterator(
        chunk_size=100
    ):
        where[registration_id] = (documents.add(pdf), 0)
    return where


def badges_pdf(registrations, layout):
    """The PDF of the badges of these registrations (approved, with their relations), in
    their order and in the given layout."""
    pieces, head, tail = badges_html(registrations)
    with tempfile.TemporaryDirectory(prefix="taskforce-badges-") as folder:
        documents = _Documents(folder if len(pieces) > ASSEMBLE_IN_PROCESS else None)
        try:
            where = _prepared_pages(pieces, documents)
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
