"""Agreements, their parties and signatories, and the official Protocol of each session."""

from agreements.models.agreement import (
    SIGNED_STATUSES,
    Agreement,
    AgreementKind,
    AgreementQuerySet,
    AgreementStatus,
    Party,
    Renewal,
    Signatory,
    normalize_search_text,
    organization_name,
    signed_during,
)
from agreements.models.commitment import (
    Commitment,
    CommitmentSide,
    CommitmentStatus,
)
from agreements.models.protocol import (
    Protocol,
    ProtocolIsFinal,
    ProtocolSection,
    ProtocolStatus,
    SectionKind,
)

__all__ = [
    "SIGNED_STATUSES",
    "Agreement",
    "AgreementKind",
    "AgreementQuerySet",
    "AgreementStatus",
    "Commitment",
    "CommitmentSide",
    "CommitmentStatus",
    "Party",
    "Protocol",
    "ProtocolIsFinal",
    "ProtocolSection",
    "ProtocolStatus",
    "Renewal",
    "SectionKind",
    "Signatory",
    "normalize_search_text",
    "organization_name",
    "signed_during",
]
