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


def schedule(
    *, sub, on: str, level: str = "", actor, role: str, institution, hold_batch: bool = False
) -> list[str]:
    """Issue the kind's letters of this step once the transaction that reached it commits. Returns
    the codes scheduled. ``institution`` is the acting role's; each step names who signs. With
    ``hold_batch`` the steps printed as one letter for several requests (``LetterStep.batch``) are
    left to ``schedule_batch``."""
    codes = []
    for step in sub.request_kind.letters_at(on, level):
        if hold_batch and step.batch:
            continue
        signer = step.signer(sub, institution)

        def _run(step=step, signer=signer):
            with transaction.atomic():
                issue_now(step=step, sub=sub, actor=actor, role=role, institution=signer)

        # robust: a failing letter is logged and never undoes or breaks the committed step
        transaction.on_commit(_run, robust=True)
        codes.append(step.code)
    return codes


BATCH_SUBJECT_TYPE = "request_batch"
BATCH_KEY = "batch_letters"  # Submission.payload: pks of the batch letters that list this request


def _batch_subject_name(names: list[str]) -> str:
    """ "Andi, Budi, Citra" (the letter's "atas nama"), shortened to fit: "Andi, Budi dan 5 lainnya"."""
    for k in range(len(names), 0, -1):
        text = ", ".join(names[:k]) + ("" if k == len(names) else f" dan {len(names) - k} lainnya")
        if len(text) <= 200:
            return text
    return f"{len(names)} ajuan"


def batch_groups(subs, *, on: str, level: str, institution) -> list[tuple]:
    """(step, signer, qa_office, [submissions]) of the batch letters for requests that reached the
    same step together: one letter per letter code, signing institution and receiving QA office,
    the requests in the order given."""
    groups: dict = {}
    for sub in subs:
        for step in sub.request_kind.letters_at(on, level):
            if not step.batch:
                continue
            signer = step.signer(sub, institution)
            key = (step.code, signer.pk, sub.qa_office_id)
            groups.setdefault(key, (step, signer, sub.qa_office, []))[3].append(sub)
    return list(groups.values())


def issue_batch_now(*, step, subs, actor, role: str, institution, qa_office):
    """Issue one letter of a batch step for several requests, inside the caller's transaction: the
    step's data of each request joined into one ``items`` list, numbered once; each request's
    payload records the letter (``letters_of`` lists it on the request page)."""
    from django.utils import translation

    from .models import Submission

    items, recipient = [], ""
    with translation.override("id"):
        for sub in subs:
            part = step.data(sub) if step.data is not None else {}
            items.extend(part.get("items", []))
            recipient = recipient or part.get("recipient", "")
    issued = letter_issue(
        code=step.code,
        issuer=actor,
        issuer_role=role,
        institution=institution,
        subject_type=BATCH_SUBJECT_TYPE,
        subject_id="",
        subject_name=_batch_subject_name([s.ptk.name for s in subs]),
        data={"recipient": recipient, "items": items, "request_ids": [s.pk for s in subs]},
        dinas=subs[0].dinas,
        qa_office=qa_office,
    )
    for sub in Submission.objects.select_for_update().filter(pk__in=[s.pk for s in subs]).order_by("pk"):
        sub.payload = {**sub.payload, BATCH_KEY: [*sub.payload.get(BATCH_KEY, []), issued.letter.pk]}
        sub.save(update_fields=["payload"])
    return issued


def schedule_batch(*, subs, on: str, level: str, actor, role: str, institution) -> list:
    """Issue the batch letters of requests that reached a step together, once the transaction
    commits (a failing letter is logged and never undoes the step). Returns a list that receives
    the issued ``Letter`` rows when they are printed."""
    printed: list = []
    for step, signer, qa_office, group in batch_groups(subs, on=on, level=level, institution=institution):

        def _run(step=step, signer=signer, qa_office=qa_office, group=group):
            with transaction.atomic():
                issued = issue_batch_now(
                    step=step, subs=group, actor=actor, role=role, institution=signer, qa_office=qa_office
                )
            printed.append(issued.letter)

        transaction.on_commit(_run, robust=True)
    return printed


def letters_of(sub, *, scope=None) -> list:
    """The letters about one request, oldest first: its own, then the batch letters that list it
    (with ``scope``: only those the viewer may open; a batch letter names other schools' PTK)."""
    from documents.models import Letter
    from documents.permissions import letters_visible_q

    own = letters_about(subject_type=SUBJECT_TYPE, subject_id=sub.pk)
    ids = (sub.payload or {}).get(BATCH_KEY) or []
    if not ids:
        return own
    batch = Letter.objects.filter(pk__in=ids, subject_type=BATCH_SUBJECT_TYPE)
    if scope is not None:
        batch = batch.filter(letters_visible_q(scope))
    return sorted([*own, *batch], key=lambda lt: lt.pk)
