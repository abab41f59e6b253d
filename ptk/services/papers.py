"""Papers (berkas) attached to a PTK record."""

from django.db import transaction

from accounts.models import User

from ..models import (
    Ptk,
    PtkChange,
    PtkDocument,
)
from .versioning import Diff, _record

# --- berkas -----------------------------------------------------------------------------------

DOCUMENT_META = ("number", "date", "issuer", "valid_from", "valid_to", "copy_kind", "note")


@transaction.atomic
def ptk_document_add(*, ptk: Ptk, kind: str, upload, actor: User, role, **meta) -> PtkDocument:
    """Check and store an uploaded berkas; it supersedes the current berkas of the same kind,
    which stays in the history. Nothing is stored when the file is refused."""
    from documents.files import RULES, file_check, file_store

    bad = set(meta) - set(DOCUMENT_META)
    if bad:
        raise TypeError(f"unknown fields {sorted(bad)}")
    checked = file_check(upload=upload, rule=RULES["scan_any"])
    doc = PtkDocument(ptk=ptk, kind=kind, uploaded_by=actor, **meta)
    doc.full_clean(exclude=["stored_file"])  # a refused berkas stores nothing
    stored = file_store(checked=checked, uploaded_by=actor)
    current = (
        PtkDocument.objects.select_for_update()
        .filter(ptk=ptk, kind=kind, superseded_by__isnull=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )
    doc.stored_file = stored
    doc.save()
    diffs = [
        Diff(
            "berkas",
            doc.get_kind_display(),
            "",
            f"{stored.original_name} ({stored.size} B) {doc.number}".strip(),
        )
    ]
    if current is not None:
        current.superseded_by = doc
        current.save(update_fields=["superseded_by"])
        diffs[0].old = f"{current.stored_file.original_name} {current.number}".strip()
    _record(
        ptk=ptk, table="berkas", action=PtkChange.Action.CREATE, diffs=diffs, actor=actor, role=role, row=doc
    )
    return doc
