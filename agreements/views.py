from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from agreements import services
from agreements.forms import AgreementFilterForm
from agreements.models import Agreement, Protocol
from agreements.models.agreement import parties_of
from core import prepared
from core.documents import stored_file_response
from staff.models import AuditAction
from staff.services import record_access


# The registry's queries, compiled once for each day and set of filters (core/prepared.py).
def _filtered(today, filters):
    return AgreementFilterForm.apply(Agreement.objects.public(today), filters)


def _counted(today, filters):
    return services.counted_for_registry(_filtered(today, filters))


# What an item of the list reads (agreements/_agreement_item.html): not the summaries, the
# search text or the staff's notes, and of its session only its title, city and address. The
# registry's test of 5 000 agreements counts the queries: a field read but not listed here
# would cost one more per item.
LISTED_FIELDS = (
    "kind",
    "sector",
    "status",
    "title_it",
    "title_ru",
    "title_en",
    "signing_date",
    "signing_place",
    "session__number",
    "session__city_it",
    "session__city_ru",
    "session__city_en",
)


def _listed(today, filters, start, stop):
    return _filtered(today, filters).select_related("session").only(*LISTED_FIELDS)[start:stop]


def _final_protocols():
    return Protocol.objects.final().select_related("session").order_by("-session__number")


class AgreementListView(ListView):
    """The public registry: search, filters, counts by sector and kind, final protocols."""

    template_name = "agreements/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        # The page's compiled queries read in one round trip (core/prepared.py), those of
        # the same filters and page at the last visit.
        with prepared.together(("agreements registry", request.GET.urlencode())):
            return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.today = timezone.localdate()
        if self.request.GET:
            self.filter_form = AgreementFilterForm(self.request.GET)
            self.filters = self.filter_form.filters()
        else:
            self.filters = ()
        self.counts = services.registry_counts(prepared.rows(_counted, self.today, self.filters))
        if not self.request.GET:
            # Nothing chosen: the counts are of every public agreement, and give the years
            # the year filter offers (one query less).
            self.filter_form = AgreementFilterForm(signing_years=self.counts["years"])
        # The rows are read page by page in paginate_queryset, by a compiled query, and how
        # many there are is known from the counts: nothing to build here.
        return []

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _unread, is_paginated = super().paginate_queryset(queryset, page_size)
        start = (page.number - 1) * paginator.per_page
        page.object_list = prepared.rows(
            _listed, self.today, self.filters, start, start + paginator.per_page
        )
        prepared.attach(page.object_list, "parties", parties_of)
        return paginator, page, page.object_list, is_paginated

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # How many there are is known from the counts by sector and kind: no COUNT query.
        paginator = super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, **kwargs
        )
        paginator.count = self.counts["total"]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            is_filtered=any(value for key, value in query.items()),
            counts=self.counts,
            final_protocols=prepared.rows(_final_protocols),
        )
        return context


class AgreementDetailView(DetailView):
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        agreements = Agreement.objects.all()
        user = self.request.user
        if not (user.is_staff and user.has_perm("agreements.view_agreement")):
            agreements = agreements.public()
        return agreements.for_registry().prefetch_related("signatories")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["can_view_signed_copy"] = services.can_view_signed_copy(
            self.request.user, agreement
        )
        context["session_protocol"] = (
            Protocol.objects.final().filter(session_id=agreement.session_id).first()
            if agreement.session_id
            else None
        )
        return context


def signed_copy(request, pk):
    """The scan of a signed agreement: public copies for all, others for entitled staff."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not agreement.signed_copy:
        raise Http404
    if not services.can_view_signed_copy(request.user, agreement):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="admin:login")
        raise PermissionDenied
    if not agreement.signed_copy_is_public:
        record_access(request, AuditAction.VIEW_SIGNED_COPY, agreement)
    try:
        handle = agreement.signed_copy.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"agreement-{agreement.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def protocol_pdf(request, number):
    """The final Protocol of a session as stored when it was finalized; staff who may edit
    protocols also get a draft, rendered on the fly with its DRAFT watermark."""
    protocol = get_object_or_404(
        Protocol.objects.select_related("session", "session__host_region"),
        session__number=number,
    )
    filename = f"protocol-{protocol.session.roman_numeral}.pdf"
    if protocol.is_final:
        try:
            handle = protocol.final_pdf.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type="application/pdf", filename=filename)
        response["X-Checksum-SHA256"] = protocol.final_pdf_sha256
        return response
    if not (request.user.is_staff and request.user.has_perm("agreements.view_protocol")):
        raise Http404
    return stored_file_response(services.draft_protocol_pdf_path(protocol), f"draft-{filename}")
