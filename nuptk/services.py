"""Writes of the request engine: one service per user action. Each service locks the request row
(select_for_update, inside what the role may open), checks the action is available to the role
(nuptk/permissions.py), calls one transition, saves with update_fields, writes the log row, and leaves
letters and e-mail to transaction.on_commit. Services receive the caller's ``scope`` (who and as
what), never the HTTP request. Nothing here branches on a kind: the kind's unit (nuptk/kinds/) says
what its route, papers, checks, payload, letters and effect are."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from accounts.models import Role, RoleAssignment
from accounts.scope import Scope
from accounts.services import notify
from documents.files import file_check, file_store

from . import kinds, printing
from . import permissions as perm
from .colour import measure_greyscale
from .effects import lock_ptk
from .kinds import Step
from .levels import WAITING_STATES as _WAITING
from .models import RejectReason, Submission, SubmissionDocument, SubmissionLog
from .permissions import Action
from .requirements import (
    DOC_KINDS,
    PTK_DOC_KINDS,
    REVIEWER_CHECKS,
    Check,
    all_ok,
    category_of,
    requirement_by_code,
    reviewer_items,
    run_checks,
)
from .selectors import held_nuptk, submission_facts

CLAIM_TTL = timedelta(hours=2)
SUB_FIELDS = [
    "state",
    "level_index",
    "waiting_at",
    "waiting_since",
    "checks",
    "request_date",
    "first_submitted_at",
    "submitted_at",
    "submitted_by",
    "claimed_by",
    "claimed_at",
    "reject_reason",
    "reject_note",
    "reject_item",
    "decided_at",
    "result_nuptk",
    "rounds",
    "payload",
]
FILE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}


class StaleAction(ValidationError):
    """The request moved on while the user looked at it (another reviewer acted first)."""


def _role(scope: Scope) -> tuple[str, object]:
    a = scope.active
    return (a.role if a else ""), (a.institution if a else None)


def _lock(scope: Scope, pk: int) -> Submission:
    """The request row, locked, if the active role may open it (Submission.DoesNotExist otherwise)."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("ptk", "school")
        .filter(perm.submissions_visible_q(scope))
        .get(pk=pk)
    )


def _require(scope: Scope, sub, *actions, message):
    if not perm.available_actions(scope.active, sub) & set(actions):
        raise ValidationError(message)


def _log(
    sub,
    *,
    scope,
    action,
    from_state,
    level="",
    waited=None,
    note="",
    reason="",
    item="",
    at=None,
    checklist=None,
):
    role, inst = _role(scope)
    SubmissionLog.objects.create(
        submission=sub,
        action=action,
        actor=scope.user,
        role=role,
        institution=inst,
        at=at or timezone.now(),
        from_state=from_state,
        to_state=sub.state,
        level=level or "",
        waited_seconds=waited,
        note=note,
        reason=reason,
        item=item or "",
        checklist=checklist or {},
    )


def _save(sub, fields=SUB_FIELDS):
    try:
        sub.save(update_fields=fields)
    except ConcurrentTransition:
        raise StaleAction(_("Ajuan ini baru saja diproses oleh pengguna lain. Muat ulang halaman.")) from None


def _people_to_tell(sub):
    """(user, role assignment) pairs: the staff of the school and of the preparing institution, and
    the PTK; each notice names the role under which its link opens."""
    staff = RoleAssignment.objects.filter(
        institution_id__in={sub.school_id, sub.origin_id},
        role__in=[Role.OPERATOR, Role.ADMIN],
        is_active=True,
    ).select_related("user")
    pairs = [(ra.user, ra) for ra in staff]
    if sub.ptk.user_id:
        own = RoleAssignment.objects.filter(user_id=sub.ptk.user_id, role=Role.PTK, is_active=True).first()
        pairs.append((sub.ptk.user, own))
    seen, out = set(), []
    for u, ra in pairs:
        if u.pk not in seen:
            seen.add(u.pk)
            out.append((u, ra))
    return out


def _tell(sub, title, body=""):
    url = reverse("nuptk:detail", args=[sub.pk])
    for u, ra in _people_to_tell(sub):
        notify(user=u, title=title, body=body, url=url, role=ra)


def _failed(checks) -> str:
    return "; ".join(f"{c.label}: {c.reason}" for c in checks if not c.ok)


# --- the preparer's side (the school, or the Dinas for the kinds it enters) --------------


@transaction.atomic
def submission_create(*, scope: Scope, ptk, kind: str, payload: dict | None = None) -> Submission:
    if not kinds.exists(kind):
        raise ValidationError(_("Jenis ajuan tidak dikenal."))
    unit = kinds.get(kind)
    if not unit.startable_by(scope.active) or not unit.may_start(scope.active, ptk):
        raise ValidationError(
            _("Anda tidak dapat membuat ajuan %(k)s untuk PTK ini dengan peran sekarang.") % {"k": unit.label}
        )
    refusal = unit.nuptk_refusal(held_nuptk(ptk))
    if refusal:
        raise ValidationError(refusal)
    owned = unit.payload.fields if unit.payload else ()
    school = ptk.school
    sub = Submission(
        kind=kind,
        ptk=ptk,
        ptk_name=ptk.name,
        school=school,
        origin=scope.active.institution,
        # the PTK's copied keys: the home school's offices (or, for a supervisor entered with A06,
        # whose home is the Dinas itself, that Dinas and its LPMP)
        dinas_id=ptk.dinas_id,
        qa_office_id=ptk.qa_office_id,
        category=category_of(
            employment_status=ptk.employment_status, ptk_type=ptk.ptk_type, school_status=school.status
        ),
        payload={k: v for k, v in (payload or {}).items() if k in owned},
        created_by=scope.user,
    )
    sub.to_dinas_id = unit.incoming_dinas(sub) if unit.incoming_dinas else None
    sub.full_clean(exclude=["state"], validate_constraints=False)
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:
        raise ValidationError(
            _("PTK ini sudah memiliki ajuan %(k)s yang belum selesai.") % {"k": sub.get_kind_display()}
        ) from None
    _log(sub, scope=scope, action="create", from_state="")
    return sub


@transaction.atomic
def submission_payload_set(*, scope: Scope, pk: int, data: dict) -> Submission:
    """Store the kind's own data (e.g. the claimed NUPTK, the master-data changes) from its form."""
    sub = _lock(scope, pk)
    _require(scope, sub, Action.EDIT, message=_("Ajuan ini tidak dapat diubah pada status sekarang."))
    spec = sub.request_kind.payload
    if spec is None:
        raise ValidationError(_("Ajuan jenis ini tidak memiliki data tambahan."))
    new = spec.update(sub, data)
    sub.payload = {**sub.payload, **{k: v for k, v in new.items() if k in spec.fields}}
    unit = sub.request_kind
    sub.to_dinas_id = unit.incoming_dinas(sub) if unit.incoming_dinas else None
    _save(sub, ["payload", "to_dinas"])
    return sub


@transaction.atomic
def submission_document_attach(
    *, scope: Scope, pk: int, requirement: str, doc_kind: str, **paper
) -> SubmissionDocument:
    """Attach one paper: ``submission_documents_attach`` with one paper (one upload path)."""
    try:
        (doc,) = submission_documents_attach(
            scope=scope, pk=pk, papers=[{"requirement": requirement, "doc_kind": doc_kind, **paper}]
        )
    except ValidationError as e:
        if hasattr(e, "error_dict"):
            raise ValidationError(e.messages) from None
        raise
    return doc


PAPER_FIELDS = (
    "upload ptk_document number issued_on issuer valid_from valid_to school_year budget_year legalised names_school"
).split()


@transaction.atomic
def submission_documents_attach(
    *, scope: Scope, pk: int, papers: list[dict], check_only: bool = False
) -> list[SubmissionDocument]:
    """The documents step: attach several papers in one go, all or nothing.

    Each paper is a dict ``requirement``, ``doc_kind`` and either ``upload`` (checked by content and
    size-capped by its kind's rule) or ``ptk_document`` (a berkas of the PTK), plus its metadata
    (``PAPER_FIELDS``). Every paper is checked before any file is stored; when one is refused nothing
    is saved and ``ValidationError({requirement: [errors]})`` names every refused paper (each error's
    ``code`` is the field it is about when it is about one). Each paper replaces the current paper of
    its requirement (of that school year for SK penugasan). ``check_only``: check, store nothing
    (the page does so when other parts of the form are already refused, to show every error)."""
    sub = _lock(scope, pk)
    _require(
        scope,
        sub,
        Action.EDIT,
        Action.REPLACE_SK,
        message=_("Dokumen ajuan ini tidak dapat diubah pada status sekarang."),
    )
    if not papers:
        raise ValidationError(_("Pilih berkas untuk setidaknya satu persyaratan."))
    sk_only = Action.EDIT not in perm.available_actions(scope.active, sub)
    prepared, errors = [], {}
    for paper in papers:
        code = paper.get("requirement", "")
        extra = set(paper) - {"requirement", "doc_kind", *PAPER_FIELDS}
        if extra:
            raise TypeError(f"unknown paper fields: {sorted(extra)}")
        try:
            prepared.append(_paper_prepare(scope, sub, sk_only, **paper))
        except ValidationError as e:
            if hasattr(e, "error_dict"):  # the model's own checks, per field
                errs = [
                    ValidationError(m, code=f)
                    for f, es in e.error_dict.items()
                    for x in es
                    for m in x.messages
                ]
            else:
                errs = e.error_list
            errors.setdefault(code, []).extend(errs)
    if errors:
        raise ValidationError(errors)
    if check_only:
        return []
    stored_paths = []
    try:
        for doc, checked, old in prepared:
            if checked is not None:
                doc.stored_file = file_store(checked=checked, uploaded_by=scope.user)
                stored_paths.append(doc.stored_file.path)
            old.update(is_current=False)
            doc.save()
    except Exception:
        for path in stored_paths:  # the rows roll back with the transaction; the files go here
            default_storage.delete(path)
        raise
    return [doc for doc, _c, _o in prepared]


def _paper_prepare(
    scope: Scope,
    sub: Submission,
    sk_only: bool,
    *,
    requirement: str,
    doc_kind: str,
    upload=None,
    ptk_document=None,
    number: str = "",
    issued_on=None,
    issuer: str = "",
    valid_from=None,
    valid_to=None,
    school_year: int | None = None,
    budget_year: int | None = None,
    legalised: bool = False,
    names_school: bool | None = None,
):
    """Check one paper without storing anything: (unsaved document, checked upload, rows it replaces)."""
    req = requirement_by_code(sub.kind, sub.category, requirement)
    if req is None or doc_kind not in req.accepts:
        raise ValidationError(_("Dokumen ini bukan persyaratan ajuan ini."), code="doc_kind")
    dk = DOC_KINDS[doc_kind]
    if sk_only and not dk.is_sk:
        raise ValidationError(_("Setelah tolak SK, hanya SK yang dapat diganti."), code="doc_kind")
    if dk.per_school_year and school_year is None:
        raise ValidationError(_("Isi tahun pelajaran SK penugasan ini."), code="school_year")
    if budget_year is not None and dk.has_validity:  # an SK for one budget year: January to December
        valid_from, valid_to = valid_from or date(budget_year, 1, 1), valid_to or date(budget_year, 12, 31)
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError(_("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai."), code="valid_to")
    file_field = "upload" if upload is not None else "ptk_document"
    checked = stored = None
    if ptk_document is not None and upload is None:
        if ptk_document.ptk_id != sub.ptk_id:
            raise ValidationError(_("Berkas ini bukan milik PTK pada ajuan."), code=file_field)
        if ptk_document.kind not in PTK_DOC_KINDS.get(doc_kind, ()):
            raise ValidationError(
                _("Berkas %(b)s tidak dapat dipakai sebagai %(doc)s.")
                % {"b": ptk_document.get_kind_display(), "doc": dk.label},
                code=file_field,
            )
        stored = ptk_document.stored_file
        ftype, size, name = FILE_TYPES.get(stored.content_type, ""), stored.size, stored.original_name
        number = number or ptk_document.number
        issued_on = issued_on or ptk_document.date
        issuer = issuer or ptk_document.issuer
        valid_from = valid_from or ptk_document.valid_from
        valid_to = valid_to or ptk_document.valid_to
        legalised = legalised or ptk_document.copy_kind == "legalisir"
    elif upload is not None:
        try:
            checked = file_check(upload=upload, rule=dk.rule)
        except ValidationError as e:
            raise ValidationError(
                e.messages[0] if len(e.messages) == 1 else e.messages, code="upload"
            ) from None
        ftype, size, name = checked.kind, len(checked.content), checked.original_name
    else:
        raise ValidationError(_("Pilih berkas PTK atau unggah berkas."), code="upload")
    if ftype not in dk.types:
        allowed = ", ".join(sorted(t.upper() for t in dk.types))
        raise ValidationError(
            _("%(doc)s harus berupa %(types)s.") % {"doc": dk.label, "types": allowed}, code=file_field
        )
    if size > dk.max_bytes:
        raise ValidationError(
            _("%(doc)s maksimal %(max)s; unggah scan yang lebih kecil.")
            % {"doc": dk.label, "max": dk.size_label},
            code=file_field,
        )
    doc = SubmissionDocument(
        submission=sub,
        requirement=requirement,
        doc_kind=doc_kind,
        ptk_document=ptk_document if checked is None else None,
        file_name=(name or "")[:200],
        file_type=ftype,
        size=size,
        number=number or "",
        issued_on=issued_on,
        issuer=issuer or "",
        valid_from=valid_from,
        valid_to=valid_to,
        school_year=school_year,
        legalised=legalised,
        names_school=names_school if dk.sk_family else None,
        greyscale=_greyscale(dk, ftype, checked=checked, stored=stored),
        added_by=scope.user,
        stored_file=stored,
    )
    doc.full_clean(exclude=["stored_file"])
    old = sub.documents.filter(requirement=requirement, is_current=True)
    if dk.per_school_year:
        old = old.filter(school_year=school_year)
    return doc, checked, old


@transaction.atomic
def submission_document_remove(*, scope: Scope, pk: int, doc_id: int) -> None:
    sub = _lock(scope, pk)
    _require(scope, sub, Action.EDIT, message=_("Dokumen ajuan ini tidak dapat diubah pada status sekarang."))
    sub.documents.filter(pk=doc_id, is_current=True).update(is_current=False)


def _greyscale(dk, ftype, *, checked=None, stored=None):
    """Measure a paper that must be in colour (None when it need not be, or cannot be measured)."""
    if not dk.colour:
        return None
    if checked is not None:
        content = checked.content
    else:
        try:
            with default_storage.open(stored.path, "rb") as fh:
                content = fh.read()
        except OSError:
            return None
    return measure_greyscale(content, ftype)


def submission_checks(sub, *, on=None) -> list[Check]:
    """The automatic checks for a request, judged at ``on`` (default: its request date, or today
    for a request not yet submitted)."""
    on = on or sub.request_date or timezone.localdate()
    return run_checks(submission_facts(sub, on=on))


@transaction.atomic
def submission_submit(*, scope: Scope, pk: int) -> Submission:
    sub = _lock(scope, pk)
    _require(scope, sub, Action.SUBMIT, message=_("Ajuan ini tidak dapat diajukan pada status sekarang."))
    now = timezone.now()
    # judged at the first submission (kept when a rejected request is submitted again)
    checks = submission_checks(sub, on=sub.request_date or timezone.localdate(now))
    # The school's offices may have changed since the draft was made.
    sub.dinas_id, sub.qa_office_id = sub.ptk.dinas_id, sub.ptk.qa_office_id
    if any(level.institution_for(sub) is None for level in sub.route):
        raise ValidationError(_("Sekolah belum memiliki Dinas/LPMP pembina; hubungi Dinas Pendidikan."))
    if not all_ok(checks):
        raise ValidationError(_("Ajuan belum memenuhi persyaratan. %(f)s") % {"f": _failed(checks)})
    sub.checks = [c.as_dict() for c in checks]
    before = sub.state
    sub.submit(by=scope.user, at=now)
    _save(sub, [*SUB_FIELDS, "dinas", "qa_office"])
    _log(sub, scope=scope, action="submit", from_state=before, level=sub.level_code, at=now)
    role, inst = _role(scope)
    printing.schedule(sub=sub, on=Step.SUBMIT, actor=scope.user, role=role, institution=inst)
    return sub


@transaction.atomic
def submission_resubmit_sk(*, scope: Scope, pk: int) -> Submission:
    """After a PDSPK "tolak SK": the new SK goes straight back to the PDSPK queue."""
    sub = _lock(scope, pk)
    _require(scope, sub, Action.RESUBMIT_SK, message=_("Ajuan ini tidak sedang menunggu penggantian SK."))
    checks = submission_checks(sub)  # judged at the original request date
    if not all_ok(checks):
        raise ValidationError(_("SK pengganti belum memenuhi persyaratan. %(f)s") % {"f": _failed(checks)})
    sub.checks = [c.as_dict() for c in checks]
    now = timezone.now()
    before = sub.state
    sub.resubmit_sk(by=scope.user, at=now)
    _save(sub)
    _log(sub, scope=scope, action="resubmit_sk", from_state=before, level=sub.level_code, at=now)
    return sub


@transaction.atomic
def submission_cancel(*, scope: Scope, pk: int) -> Submission:
    sub = _lock(scope, pk)
    _require(scope, sub, Action.CANCEL, message=_("Ajuan ini tidak dapat dibatalkan pada status sekarang."))
    before = sub.state
    sub.cancel(at=timezone.now())
    _save(sub)
    _log(sub, scope=scope, action="cancel", from_state=before)
    return sub


# --- reviewer side ----------------------------------------------------------------------------


def _claim_live(sub, now) -> bool:
    return sub.claimed_by_id is not None and sub.claimed_at is not None and now - sub.claimed_at < CLAIM_TTL


def _guard_review(scope: Scope, sub, *, deciding: bool, now):
    if not perm.can_review(scope.active, sub):
        raise StaleAction(
            _("Ajuan ini tidak (lagi) menunggu di lembaga Anda; mungkin baru saja diproses pengguna lain.")
        )
    if perm.is_own_submission(scope.user, sub):
        raise ValidationError(
            _(
                "Anda ikut menyiapkan ajuan ini (membuat, melampirkan dokumen atau mengajukannya sendiri), "
                "jadi pemeriksaan dan keputusannya harus oleh pemeriksa lain."
            )
        )
    if _claim_live(sub, now) and sub.claimed_by_id != scope.user.pk:
        raise ValidationError(
            _("Ajuan ini sedang diperiksa oleh %(who)s sejak %(t)s.")
            % {"who": sub.claimed_by.display_name, "t": timezone.localtime(sub.claimed_at).strftime("%H:%M")}
        )


def review_items(sub) -> list:
    """The reviewer's checklist items that concern this request's current papers (read once per
    loaded row: the detail page asks for them three times)."""
    cached = getattr(sub, "_review_items", None)
    if cached is None:
        cached = sub._review_items = reviewer_items(
            sub.documents.filter(is_current=True).values_list("doc_kind", flat=True)
        )
    return cached


def _checklist(sub, checklist, *, required: bool) -> dict:
    """The ticked items of this request's checklist; for an approval every item must be ticked."""
    items = review_items(sub)
    given = {i.code: bool((checklist or {}).get(i.code)) for i in items}
    missing = [i for i in items if not given[i.code]]
    if required and missing:
        raise ValidationError(
            _(
                'Centang butir daftar periksa "%(item)s" setelah memeriksa berkasnya; bila tidak sesuai, tolak '
                "ajuan dengan catatan."
            )
            % {"item": missing[0].label}
        )
    return given


def _guard_claimed(scope, sub, now):
    """A reviewer decides only a request they took ("Saya periksa") and still hold."""
    if not (sub.claimed_by_id == scope.user.pk and _claim_live(sub, now)):
        raise ValidationError(
            _('Klik "Saya periksa" lebih dulu, periksa berkasnya, lalu setujui atau tolak ajuan ini.')
        )


def _take(scope, sub, now):
    """Mark the request as being checked by this user; print the kind's receipt of the level, once
    per round and level."""
    if sub.claimed_by_id == scope.user.pk and _claim_live(sub, now):
        return
    sub.claimed_by, sub.claimed_at = scope.user, now
    key = f"{sub.rounds}:{sub.level_code}"
    receipts = list(sub.payload.get("receipts", []))
    if key not in receipts and sub.request_kind.letters_at(Step.RECEIVE, sub.level_code):
        sub.payload = {**sub.payload, "receipts": [*receipts, key]}
        role, inst = _role(scope)
        printing.schedule(
            sub=sub, on=Step.RECEIVE, level=sub.level_code, actor=scope.user, role=role, institution=inst
        )


def _guard_flags(sub):
    """The kind's NUPTK flags hold at the approval too (another request may have changed the PTK
    since the submit)."""
    kind = sub.request_kind
    if not (kind.needs_nuptk or kind.needs_no_nuptk):
        return
    refusal = kind.nuptk_refusal(held_nuptk(lock_ptk(sub)))
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def submission_claim(*, scope: Scope, pk: int) -> Submission:
    sub = _lock(scope, pk)
    now = timezone.now()
    _guard_review(scope, sub, deciding=False, now=now)
    _take(scope, sub, now)
    _save(sub)
    _log(sub, scope=scope, action="claim", from_state=sub.state, level=sub.level_code, at=now)
    return sub


@transaction.atomic
def submission_release(*, scope: Scope, pk: int) -> Submission:
    sub = _lock(scope, pk)
    if not perm.can_review(scope.active, sub):
        raise StaleAction(_("Ajuan ini tidak (lagi) menunggu di lembaga Anda."))
    if Action.RELEASE not in perm.available_actions(scope.active, sub) and sub.claimed_by_id is not None:
        raise ValidationError(_("Hanya pemeriksa ajuan ini atau admin lembaga yang dapat melepasnya."))
    sub.claimed_by, sub.claimed_at = None, None
    _save(sub)
    _log(sub, scope=scope, action="release", from_state=sub.state, level=sub.level_code)
    return sub


@transaction.atomic
def submission_approve(
    *,
    scope: Scope,
    pk: int,
    note: str = "",
    checklist: dict | None = None,
    forward_only: bool = False,
    hold_batch: bool = False,
) -> Submission:
    """Approve at the current level: forward to the next level of the route, or, at the last
    level, apply the kind's effect and close the request, all in this transaction. The reviewer
    holds the claim and has ticked every item of the checklist (saved on the log row).
    ``forward_only`` refuses a request decided at this level; ``hold_batch`` leaves the letters a
    batch prints as one (S10) to the caller (``submissions_forward``)."""
    sub = _lock(scope, pk)
    now = timezone.now()
    _guard_review(scope, sub, deciding=True, now=now)
    _guard_claimed(scope, sub, now)
    if forward_only and Action.APPROVE in perm.available_actions(scope.active, sub):
        raise ValidationError(
            _("Ajuan ini diputuskan di tingkat Anda, tidak diteruskan: setujui dari halaman ajuannya.")
        )
    ticked = _checklist(sub, checklist, required=True)
    before, level = sub.state, sub.level_code
    waited = int((now - sub.waiting_since).total_seconds()) if sub.waiting_since else None
    role, inst = _role(scope)
    try:
        if Action.APPROVE in perm.available_actions(scope.active, sub):
            _guard_flags(sub)
            result = sub.request_kind.effect(sub, actor=scope.user, role=scope.active)
            sub.approve(at=now, nuptk=result.get("nuptk", ""))
            action = Step.APPROVE
        else:
            sub.forward(at=now)
            action = Step.FORWARD
    except TransitionNotAllowed:
        raise StaleAction(_("Ajuan ini tidak dapat diteruskan pada status sekarang.")) from None
    _save(sub)
    _log(
        sub,
        scope=scope,
        action=action,
        from_state=before,
        level=level,
        waited=waited,
        note=note,
        at=now,
        checklist=ticked,
    )
    printing.schedule(
        sub=sub, on=action, level=level, actor=scope.user, role=role, institution=inst, hold_batch=hold_batch
    )
    sub._forwarded_from = level
    if action == Step.APPROVE:
        notice = sub.request_kind.approved_notice or kinds.default_notice
        _tell(sub, *notice(sub))
    return sub


@transaction.atomic
def submission_archive(*, scope: Scope, pk: int) -> Submission:
    """The "Arsipkan" action: the office that approved the request files the completed case, once; the kind's
    letters of Step.ARCHIVE (the mutasi's SM05 berita acara) print then and only then. A recorded
    fact (``archived_at``) set under the row lock, with its log row."""
    sub = _lock(scope, pk)
    if sub.archived_at is not None:
        raise ValidationError(
            _("Ajuan ini sudah diarsipkan pada %(t)s.")
            % {"t": timezone.localtime(sub.archived_at).strftime("%d-%m-%Y %H:%M")}
        )
    _require(
        scope,
        sub,
        Action.ARCHIVE,
        message=_(
            "Hanya Dinas yang menyelesaikan ajuan ini yang dapat mengarsipkannya, setelah ajuan disetujui."
        ),
    )
    now = timezone.now()
    level = sub.route[-1].code
    sub.archived_at = now
    _save(sub, ["archived_at"])
    _log(sub, scope=scope, action=Step.ARCHIVE, from_state=sub.state, level=level, at=now)
    role, inst = _role(scope)
    printing.schedule(sub=sub, on=Step.ARCHIVE, level=level, actor=scope.user, role=role, institution=inst)
    return sub


@transaction.atomic
def submission_reject(
    *,
    scope: Scope,
    pk: int,
    reason: str,
    note: str,
    item: str = "",
    sk_only: bool = False,
    checklist: dict | None = None,
) -> Submission:
    """Send the request back to the school with a reason and a note saying where the fault is and
    how to fix it. ``sk_only`` (PDSPK): the school replaces the SK and returns straight to PDSPK."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Catatan penolakan wajib diisi: sebutkan letak kesalahan dan cara memperbaikinya.")
        )
    if reason not in RejectReason.values:
        raise ValidationError(_("Pilih alasan penolakan."))
    sub = _lock(scope, pk)
    now = timezone.now()
    _guard_review(scope, sub, deciding=True, now=now)
    _guard_claimed(scope, sub, now)
    ticked = _checklist(sub, checklist, required=False)
    before, level = sub.state, sub.level_code
    waited = int((now - sub.waiting_since).total_seconds()) if sub.waiting_since else None
    try:
        if sk_only:
            sub.reject_sk(reason=reason, note=note, item=item, at=now)
        else:
            sub.reject(reason=reason, note=note, item=item, at=now)
    except TransitionNotAllowed:
        raise ValidationError(_("Tolak SK hanya dapat dilakukan PDSPK untuk ajuan yang memuat SK.")) from None
    _save(sub)
    _log(
        sub,
        scope=scope,
        action="reject_sk" if sk_only else "reject",
        from_state=before,
        level=level,
        waited=waited,
        note=note,
        reason=reason,
        item=item,
        at=now,
        checklist=ticked,
    )
    role, inst = _role(scope)
    _tell(
        sub,
        _("Ajuan %(kind)s %(name)s ditolak %(by)s")
        % {"kind": sub.get_kind_display(), "name": sub.ptk.name, "by": inst},
        note,
    )
    return sub


@dataclass
class BulkForward:
    """What a bulk forward did: the requests forwarded (in the order chosen), the refusals as
    (request code, reason), and the batch letters, filled in when they are printed (on commit)."""

    forwarded: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    letters: list = field(default_factory=list)


BULK_MAX = 50


@transaction.atomic
def submissions_forward(*, scope: Scope, pks: list[int], checked: bool, note: str = "") -> BulkForward:
    """The Dinas forwards several requests to the QA office at once, from its queue. Each goes
    through ``submission_approve`` with the same rules as one forward on its page (waiting at this
    Dinas, taken by this reviewer with "Saya periksa", not prepared by them, every checklist item:
    ``checked`` is the reviewer's statement that every item of every chosen request was checked).
    A request that cannot be forwarded is refused on its own, with its reason, and left exactly as
    it was (its savepoint is rolled back); the others are forwarded. The forwarded ones get ONE
    pengantar (S10) listing them all, numbered once (per QA office), instead of one S10 each."""
    from accounts.policy import DINAS_KINDS

    active = scope.active
    if active is None or active.institution is None or active.kind not in DINAS_KINDS:
        raise ValidationError(_("Meneruskan beberapa ajuan sekaligus hanya dapat dilakukan oleh Dinas."))
    pks = list(dict.fromkeys(int(p) for p in pks))
    if not pks:
        raise ValidationError(_("Pilih dulu ajuan yang akan diteruskan."))
    if len(pks) > BULK_MAX:
        raise ValidationError(_("Paling banyak %(n)s ajuan sekaligus.") % {"n": BULK_MAX})
    if not checked:
        raise ValidationError(
            _(
                "Nyatakan bahwa berkas dan semua butir daftar periksa setiap ajuan yang dipilih sudah Anda periksa."
            )
        )
    ticked = {i.code: True for i in REVIEWER_CHECKS}
    out = BulkForward()
    level = ""
    for pk in pks:
        try:
            with transaction.atomic():
                sub = submission_approve(
                    scope=scope, pk=pk, note=note, checklist=ticked, forward_only=True, hold_batch=True
                )
        except Submission.DoesNotExist:
            out.refused.append(
                (Submission(pk=pk).code, _("Ajuan tidak ditemukan atau di luar wilayah Anda."))
            )
        except ValidationError as e:
            out.refused.append((Submission(pk=pk).code, " ".join(e.messages)))
        else:
            out.forwarded.append(sub)
            level = sub._forwarded_from
    if out.forwarded:
        role, inst = _role(scope)
        out.letters = printing.schedule_batch(
            subs=out.forwarded, on=Step.FORWARD, level=level, actor=scope.user, role=role, institution=inst
        )
    return out


# --- coverage ---------------------------------------------------------------------------------


@transaction.atomic
def submissions_reroute(*, school) -> int:
    """After a school's scope keys were re-keyed (accounts.coverage.school_coverage_apply): each of
    its waiting requests waits at the institution its level resolves to now (a claim by a reviewer
    of the old office ends). Returns how many requests moved."""
    moved = 0
    waiting = Submission.objects.select_for_update(of=("self",)).filter(
        school_id=school.pk, state__in=_WAITING
    )
    for sub in waiting:
        target = sub.level.institution_for(sub) if sub.level is not None else None
        if target is not None and target != sub.waiting_at_id:
            sub.waiting_at_id, sub.claimed_by, sub.claimed_at = target, None, None
            _save(sub, ["waiting_at", "claimed_by", "claimed_at"])
            moved += 1
    return moved
