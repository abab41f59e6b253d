"""The one place that prints letters for requests, through ``documents.letters``. Which letter prints
at which step, and which institution signs and numbers it, is declared by each kind
(``Kind.letters``, nuptk/kinds/); this module only reads those declarations. Letters are issued
after the transaction that reached the step commits, and a failing letter never undoes the step."""

import logging

from django.db import transaction

from documents.letters import letter_issue
from documents.selectors import letters_about
from ptk.services import ptk_letter_data

from .requirements import DOC_KINDS

log = logging.getLogger(__name__)
SUBJECT_TYPE = "request"


def request_data(sub) -> dict:
    """The ``request`` keys of docs/contracts.md (plus what the kind adds)."""
    school = sub.school
    data = {
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
    }
    extra = sub.request_kind.letter_request_data
    if extra is not None:
        data.update(extra(sub))
    return data


def decision_checklist(sub) -> list[dict]:
    """The reviewer's checklist of the latest approval in this round, as printed on the letters."""
    from .models import SubmissionLog
    from .selectors import checklist_items

    last = (
        SubmissionLog.objects.filter(submission=sub, action__in=("forward", "approve"))
        .exclude(checklist={})
        .order_by("-at", "-pk")
        .first()
    )
    if last is None:
        return []
    return [
        {"label": label, "ok": ok, "by": str(last.institution or "")}
        for label, ok in checklist_items(last.checklist)
    ]


def paper_rows(sub) -> list[tuple]:
    """(SubmissionDocument, printed label) of the papers currently attached to a request."""
    rows = []
    for d in sub.documents.filter(is_current=True).order_by("requirement", "school_year", "pk"):
        label = str(DOC_KINDS[d.doc_kind].label) if d.doc_kind in DOC_KINDS else d.doc_kind
        if d.school_year:
            label = f"{label} {d.school_year}/{d.school_year + 1}"
        rows.append((d, label))
    return rows


def paper_data(d, label: str) -> dict:
    """One paper as printed on a receipt: what it is, its number and date, the file received."""
    return {
        "label": label,
        "number": d.number,
        "issued_on": d.issued_on.isoformat() if d.issued_on else "",
        "file_type": (d.file_type or "").upper().replace("JPEG", "JPG"),
        "legalised": d.legalised,
    }


def letter_data(step, sub) -> dict:
    """The ``data`` of a request letter: the ``ptk`` and ``request`` keys of docs/contracts.md, the
    papers sent (``documents``: labels; ``papers``: label, number, date, file type), the approval
    date, and what the step adds (listed in the letter type's sample())."""
    rows = paper_rows(sub)
    data = {
        "ptk": ptk_letter_data(sub.ptk),
        "request": request_data(sub),
        "documents": [label for _d, label in rows],
        "papers": [paper_data(d, label) for d, label in rows],
    }
    data["checklist"] = decision_checklist(sub)
    if sub.decided_at:
        data["approved_at"] = sub.decided_at.date().isoformat()
    if step.data is not None:
        data.update(step.data(sub))
    return data


def issue_now(*, step, sub, actor, role: str, institution):
    """Issue the letter of one step now, inside the caller's transaction."""
    from django.utils import translation

    sub.ptk.refresh_from_db()
    with translation.override("id"):  # the letter's words (kind, states) stay Indonesian in any UI language
        data = letter_data(step, sub)
    return letter_issue(
        code=step.code,
        issuer=actor,
        issuer_role=role,
        institution=institution,
        subject_type=SUBJECT_TYPE,
        subject_id=sub.pk,
        subject_name=sub.ptk.name,
        data=data,
        subject_user=sub.ptk.user,
        school=sub.school,
    )


def schedule(*, sub, on: str, level: str = "", actor, role: str, institution) -> list[str]:
    """Issue the kind's letters of this step once the transaction that reached it commits. Returns
    the codes scheduled. ``institution`` is the acting role's; each step names who signs."""
    codes = []
    for step in sub.request_kind.letters_at(on, level):
        signer = step.signer(sub, institution)

        def _run(step=step, signer=signer):
            with transaction.atomic():
                issue_now(step=step, sub=sub, actor=actor, role=role, institution=signer)

        # robust: a failing letter is logged and never undoes or breaks the committed step
        transaction.on_commit(_run, robust=True)
        codes.append(step.code)
    return codes


def letters_of(sub) -> list:
    return letters_about(subject_type=SUBJECT_TYPE, subject_id=sub.pk)
