"""The one place that prints letters for requests (S06, S09, S10, S11, S12, S13) through
``documents.letters``. Letters are issued after the deciding transaction commits; while the
documents API is absent (or the code is not registered) nothing is printed and the step still counts."""

import logging

from django.db import transaction

log = logging.getLogger(__name__)
SUBJECT_TYPE = "request"


def request_data(sub) -> dict:
    school = sub.school
    return {
        "code": sub.code,
        "kind": sub.kind,
        "kind_label": str(sub.get_kind_display()),
        "submitted_at": sub.submitted_at.isoformat() if sub.submitted_at else "",
        "school_name": school.name,
        "npsn": school.npsn or "",
        "dinas_name": sub.dinas.name if sub.dinas_id else "",
        "qa_office_name": sub.qa_office.name if sub.qa_office_id else "",
        "note": sub.reject_note,
        "nuptk": sub.result_nuptk or (sub.ptk.nuptk or ""),
        "changes": list(sub.payload.get("changes", [])),
    }


def ptk_data(ptk) -> dict:
    try:
        from ptk.services import ptk_letter_data

        return ptk_letter_data(ptk)
    except ImportError:
        return {
            "name": ptk.name,
            "nik": ptk.nik or "",
            "nuptk": ptk.nuptk or "",
            "pegid": ptk.pegid or "",
            "nip": ptk.nip,
            "birth_place": ptk.birth_place,
            "birth_date": ptk.birth_date.isoformat() if ptk.birth_date else "",
            "sex": ptk.sex,
            "mother_name": ptk.mother_name,
            "school_name": ptk.school.name,
            "npsn": ptk.school.npsn or "",
            "employment_status": ptk.employment_status,
            "ptk_type": ptk.ptk_type,
            "qualification": ptk.qualification,
        }


def letter_data(code: str, sub) -> dict:
    """The ``data`` of a request letter: the ``ptk`` and ``request`` keys of docs/contracts.md plus
    what the letter type's sample() lists (documents, approved_at, recipient/items for S10)."""
    from .requirements import DOC_KINDS

    docs = []
    for d in sub.documents.filter(is_current=True).order_by("requirement", "school_year", "pk"):
        label = str(DOC_KINDS[d.doc_kind].label) if d.doc_kind in DOC_KINDS else d.doc_kind
        if d.school_year:
            label = f"{label} {d.school_year}/{d.school_year + 1}"
        docs.append(label)
    data = {"ptk": ptk_data(sub.ptk), "request": request_data(sub), "documents": docs}
    if sub.decided_at:
        data["approved_at"] = sub.decided_at.date().isoformat()
    if code == "S10":
        data["recipient"] = f"Kepala {sub.qa_office.name}" if sub.qa_office_id else ""
        data["items"] = [{"name": sub.ptk.name, "pegid": sub.ptk.pegid or "", "school_name": sub.school.name, "code": sub.code}]
    return data


def available() -> bool:
    try:
        from documents import letters  # noqa: F401
    except ImportError:
        return False
    return True


def issue_now(*, code: str, sub, actor, role: str, institution):
    """Issue one letter now (inside the caller's transaction); None when letters are unavailable."""
    try:
        from documents.letters import letter_issue, letter_type
    except ImportError:
        return None
    try:
        letter_type(code)
    except (KeyError, LookupError):
        log.warning("letter type %s is not registered; skipped", code)
        return None
    sub.ptk.refresh_from_db()
    return letter_issue(
        code=code,
        issuer=actor,
        issuer_role=role,
        institution=institution,
        subject_type=SUBJECT_TYPE,
        subject_id=sub.pk,
        subject_name=sub.ptk.name,
        data=letter_data(code, sub),
        subject_user=sub.ptk.user,
        school=sub.school,
    )


def schedule(*, code: str, sub, actor, role: str, institution) -> None:
    """Issue the letter once the transaction that reached this step commits."""
    if not code:
        return

    def _run():
        with transaction.atomic():
            issue_now(code=code, sub=sub, actor=actor, role=role, institution=institution)

    # robust: a failing letter is logged and never undoes or breaks the committed step
    transaction.on_commit(_run, robust=True)


def letters_of(sub) -> list:
    try:
        from documents.models import Letter
    except ImportError:
        return []
    return list(Letter.objects.filter(subject_type=SUBJECT_TYPE, subject_id=str(sub.pk)).order_by("pk"))
