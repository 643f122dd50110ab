"""Business rules of agreements and protocols (see the modules for each area)."""

from agreements.services.demo import load_demo_agreements
from agreements.services.protocols import (
    COMPOSE_PERMISSIONS,
    FINALIZE_PERMISSION,
    ProtocolError,
    add_default_sections,
    draft_protocol_pdf_path,
    finalize_protocol,
    finalize_refusal,
    page_counter_css,
    previous_protocol,
    protocol_context,
    render_protocol_pdf,
    sha256_of,
    start_from_previous_protocol,
    stored_pdf_matches_checksum,
)
from agreements.services.registry import (
    SIGNED_COPY_PERMISSION,
    annex_agreements,
    can_view_signed_copy,
    check_signatories,
    counted_for_registry,
    expire_ended_terms,
    registry_counts,
)

__all__ = [
    "COMPOSE_PERMISSIONS",
    "FINALIZE_PERMISSION",
    "SIGNED_COPY_PERMISSION",
    "ProtocolError",
    "add_default_sections",
    "annex_agreements",
    "can_view_signed_copy",
    "check_signatories",
    "draft_protocol_pdf_path",
    "expire_ended_terms",
    "finalize_protocol",
    "finalize_refusal",
    "load_demo_agreements",
    "page_counter_css",
    "previous_protocol",
    "protocol_context",
    "counted_for_registry",
    "registry_counts",
    "render_protocol_pdf",
    "sha256_of",
    "start_from_previous_protocol",
    "stored_pdf_matches_checksum",
]
