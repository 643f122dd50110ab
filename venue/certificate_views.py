"""The certificate of attendance: the delegate's download through their private link, and the
public page its QR code opens (venue/services/certificates.py)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.http import file_response
from core.ratelimit import rate_limit
from delegates.models import Registration
from delegates.private_links import private_link
from venue.services import certificates


@private_link(queryset=Registration.objects.with_people().select_related("check_in"))
@require_GET
def own_certificate(request, registration):
    """A checked-in delegate's certificate, once the session has ended (issued at the first
    download, the same afterwards)."""
    try:
        certificate = certificates.issue_certificate(registration, by=registration)
    except certificates.CertificateError as error:
        return render(
            request,
            "venue/certificate_unavailable.html",
            {"registration": registration, "message": str(error)},
            status=403,
        )
    pdf = certificates.render_certificates([certificate])
    return file_response(
        pdf,
        certificates.certificate_filename([certificate]),
        inline=True,
    )


@never_cache
@require_GET
@rate_limit("verify_certificate", limit=120, period=3600)
def verify_certificate(request, code):
    """Public: whether the certificate of this QR code was issued by the portal."""
    certificate = certificates.verify_certificate(code)
    response = render(
        request,
        "venue/verify_certificate.html",
        {"certificate": certificate},
        status=200 if certificate is not None else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
