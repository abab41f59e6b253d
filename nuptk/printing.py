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


def letter_data(step, sub) -> dict:
    """The ``data`` of a request letter: the ``ptk`` and ``request`` keys of docs/contracts.md, the
    papers sent, the approval date, and what the step adds (listed in the letter type's sample())."""
    docs = []
    for d in sub.documents.filter(is_current=True).order_by("requirement", "school_year", "pk"):
        label = str(DOC_KINDS[d.doc_kind].label) if d.doc_kind in DOC_KINDS else d.doc_kind
        if d.school_year:
            label = f"{label} {d.school_year}/{d.school_year + 1}"
        docs.append(label)
    data = {"ptk": ptk_letter_data(sub.ptk), "request": request_data(sub), "documents": docs}
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
