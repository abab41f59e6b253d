"""Registration to Bintang 4 (flows.md part 2; docs/registration.md). Each service is one step a
user takes; it checks who acts (``active`` is the actor's ActiveRole), moves the Registration state
machine, writes a RegistrationLog row, keeps ``Ptk.star`` and records the letter it numbers.

Letters are numbered here with ``letter_create`` (no rendering inside the transaction); the page
offers the PDF (documents:letter_pdf), a batch renders them in the background (documents batch)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import InstitutionKind, Role, User

from ..models import (
    CheckResult,
    DetailStatus,
    NuptkStatus,
    Ptk,
    PtkChange,
    PtkType,
    Registration,
    RegistrationLog,
    RegState,
    Star,
)
from .account import ptk_letter_data
from .versioning import Diff, _record, role_label


def _ptk_letter(*, code: str, ptk, active, actor, data: dict):
    """A registration letter about the PTK, numbered by the acting institution (rendered later)."""
    from documents.letters import letter_create

    return letter_create(
        code=code,
        issuer=actor,
        issuer_role=active.role,
        institution=active.institution,
        subject_type="ptk",
        subject_id=ptk.pk,
        subject_name=ptk.name,
        data={"ptk": ptk_letter_data(ptk), **data},
        subject_user=ptk.user,
        school=ptk.school,
    )



@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    required: bool  # "tidak ada" is not an answer for this item


# What the school checks at verval level 2 (seed 002, part F.2, and flows.md part 2).
LEVEL2_ITEMS = (
    CheckItem("data_rinci", _l("Data rinci (identitas, alamat, kepegawaian) sesuai dokumen"), True),
    CheckItem("riwayat", _l("Riwayat pendidikan, kepangkatan dan mengajar sesuai dokumen"), True),
    CheckItem("ijazah", _l("Ijazah selain ijazah SD dan ijazah terakhir"), False),
    CheckItem(
        "sk",
        _l(
            "SK: PNS (SK CPNS, SK golongan terakhir, SK penempatan); non-PNS (SK penugasan mengajar "
            "5 tahun terakhir, SK inpassing bila ada)"
        ),
        True,
    ),
    CheckItem("sertifikat", _l("Sertifikat profesi pendidik / sertifikat kepala sekolah"), False),
    CheckItem("diklat", _l("Sertifikat diklat fungsional"), False),
    CheckItem("eds", _l("Kuesioner EDS terisi dan sesuai"), True),
)
ITEM_KEYS = tuple(i.key for i in LEVEL2_ITEMS)


def semester_of(day: date) -> str:
    if day.month >= 7:
        return _("Semester Ganjil %(a)s/%(b)s") % {"a": day.year, "b": day.year + 1}
    return _("Semester Genap %(a)s/%(b)s") % {"a": day.year - 1, "b": day.year}


# --- who may act ----------------------------------------------------------------------------------


def is_home_school_staff(active, ptk: Ptk) -> bool:
    return (
        active is not None
        and active.role in (Role.ADMIN, Role.OPERATOR)
        and active.kind == InstitutionKind.SEKOLAH
        and active.institution is not None
        and active.institution.pk == ptk.school_id
    )


def is_ptk_dinas_staff(active, ptk: Ptk) -> bool:
    return (
        active is not None
        and active.role in (Role.ADMIN, Role.OPERATOR)
        and active.institution is not None
        and ptk.dinas_id is not None
        and active.institution.pk == ptk.dinas_id
    )


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))


# --- state bookkeeping ----------------------------------------------------------------------------


def _locked(ptk: Ptk) -> tuple[Ptk, Registration]:
    ptk = Ptk.objects.select_for_update(of=("self",)).select_related("school", "user", "dinas").get(pk=ptk.pk)
    reg = Registration.objects.select_for_update().filter(ptk=ptk).first()
    if reg is None:
        raise ValidationError(_("%(n)s belum melewati verval level 1 (S02).") % {"n": ptk.name})
    return ptk, reg


def _wrong_state(reg: Registration, wanted: str) -> ValidationError:
    return ValidationError(
        _("%(n)s tidak dapat %(w)s: tahapnya sekarang “%(s)s”.")
        % {"n": reg.ptk.name, "w": wanted, "s": reg.get_state_display()}
    )


def _move(
    reg: Registration,
    ptk: Ptk,
    transition,
    *,
    action,
    actor,
    role,
    institution=None,
    note="",
    items=None,
    letter=None,
    fields=(),
) -> None:
    before = reg.state
    star_before = ptk.star
    transition()
    reg.save(update_fields=["state", "updated_at", *fields])
    RegistrationLog.objects.create(
        registration=reg,
        action=action,
        actor=actor,
        role=role_label(role)[:255],
        institution=institution,
        from_state=before,
        to_state=reg.state,
        note=note,
        items=items or [],
        letter=letter,
    )
    _set_star(ptk, reg.star, actor=actor, role=role, star_before=star_before)


def _set_star(ptk: Ptk, star: int, *, actor, role, star_before: int) -> None:
    if star == star_before:
        return
    ptk.star = star
    ptk.save(update_fields=["star", "updated_at"])
    _record(
        ptk=ptk,
        table="ptk",
        action=PtkChange.Action.UPDATE,
        diffs=[Diff("star", _("bintang"), str(Star(star_before).label), str(Star(star).label))],
        actor=actor,
        role=role,
        row=ptk,
        notify_owner=True,
    )


def registration_level1(*, ptk: Ptk, actor: User | None, role) -> Registration:
    """Called by ptk_s02_issue (verval level 1): the registration starts at Bintang 1. A reset of the
    account (a later S02) leaves the registration where it is."""
    reg, created = Registration.objects.get_or_create(ptk=ptk)
    if created:
        RegistrationLog.objects.create(
            registration=reg,
            action="level1",
            actor=actor,
            role=role_label(role)[:255],
            institution=ptk.school,
            from_state="",
            to_state=reg.state,
        )
        _set_star(ptk, reg.star, actor=actor, role=role, star_before=ptk.star)
    return reg


def registration_s03_submitted(*, ptk: Ptk, letter, actor: User, role=Role.PTK) -> Registration:
    """The PTK printed S03 (ptk_s03_issue): the level-2 data waits for the school's paper check.
    After a refusal this is the redo; a reprint before the check replaces the S03 on file. After
    the check an S03 is only a printout (changes since then wait as SEMENTARA data)."""
    if ptk.level1_at and not Registration.objects.filter(ptk_id=ptk.pk).exists():
        registration_level1(ptk=ptk, actor=None, role=_("sistem (verval level 1 sebelum registrasi)"))
    ptk, reg = _locked(ptk)
    if reg.state not in (RegState.LEVEL1, RegState.REFUSED, RegState.SUBMITTED):
        return reg
    reg.s03_letter = letter
    _move(
        reg,
        ptk,
        reg.submit_s03,
        action="s03",
        actor=actor,
        role=role,
        institution=ptk.school,
        letter=letter,
        fields=("s03_letter",),
    )
    return reg


def registration_detail_touched(*, ptk: Ptk) -> None:
    """Called from versioning when the PTK changes their own data: it stays SEMENTARA until the
    school verifies it (level-2 check, or registration_detail_verify afterwards)."""
    Registration.objects.filter(ptk_id=ptk.pk, detail_status=DetailStatus.PERMANEN).update(
        detail_status=DetailStatus.SEMENTARA, updated_at=timezone.now()
    )


# --- the school's level-2 check (S04/S05) ---------------------------------------------------------


def check_letter_code(ptk: Ptk) -> str:
    """S04 for an NUPTK holder (verval level 2), S05 for a new PTK with a PegID (registrasi level 2)."""
    return "S04" if ptk.nuptk else "S05"


def _clean_items(results: dict) -> list[dict]:
    out, errors = [], []
    for item in LEVEL2_ITEMS:
        r = results.get(item.key) or {}
        result = r.get("result") if isinstance(r, dict) else r
        note = (r.get("note", "") if isinstance(r, dict) else "").strip()
        if result not in CheckResult.values:
            errors.append(_("Pilih hasil pemeriksaan untuk: %(i)s.") % {"i": item.label})
            continue
        if item.required and result == CheckResult.NONE:
            errors.append(_("Berkas wajib, tidak boleh “tidak ada”: %(i)s.") % {"i": item.label})
        if result == CheckResult.WRONG and not note:
            errors.append(_("Tulis apa yang harus diperbaiki pada: %(i)s.") % {"i": item.label})
        out.append(
            {
                "key": item.key,
                "label": str(item.label),
                "result": result,
                "result_label": str(CheckResult(result).label),
                "note": note,
            }
        )
    if errors:
        raise ValidationError(errors)
    return out


ALL_OK = {i.key: {"result": CheckResult.OK} for i in LEVEL2_ITEMS}


@transaction.atomic
def registration_check(*, ptk: Ptk, active, actor: User, results: dict, note: str = ""):
    """The home school checks the papers against the data, one result per item. All fine (or not
    applicable): S04/S05 is numbered and the detail data becomes PERMANEN. Any item "tidak sesuai":
    refused with the note of what to fix; the PTK fixes it and prints S03 again (nothing is lost:
    the refused check stays in the log). Returns the letter (or None on a refusal)."""
    _require(is_home_school_staff(active, ptk))
    ptk, reg = _locked(ptk)
    if reg.state != RegState.SUBMITTED:
        raise _wrong_state(reg, _("diperiksa berkasnya"))
    items = _clean_items(results)
    wrong = [i for i in items if i["result"] == CheckResult.WRONG]
    note = (note or "").strip()
    if wrong:
        full_note = "; ".join(f"{i['label']}: {i['note']}" for i in wrong)
        if note:
            full_note = f"{note} — {full_note}"
        reg.note, reg.items = full_note, items
        _move(
            reg,
            ptk,
            reg.check_refuse,
            action="check_refuse",
            actor=actor,
            role=active,
            institution=active.institution,
            note=full_note,
            items=items,
            fields=("note", "items"),
        )
        from accounts.services import notify

        if ptk.user_id:
            notify(
                user=ptk.user,
                title=_("Berkas verval level 2 Anda perlu diperbaiki"),
                body=full_note,
            )
        return None
    code = check_letter_code(ptk)
    s03 = reg.s03_letter
    letter = _ptk_letter(
        code=code,
        ptk=ptk,
        active=active,
        actor=actor,
        data={
            "verval_code": (s03.data.get("verval_code", "") if s03 else ""),
            "s03_number": s03.number if s03 else "",
            "items": items,
            "checked_documents": [i["label"] for i in items if i["result"] == CheckResult.OK],
        },
    )
    reg.check_letter, reg.items, reg.note = letter, items, ""
    reg.detail_status = DetailStatus.PERMANEN
    _move(
        reg,
        ptk,
        reg.check_ok,
        action="check_ok",
        actor=actor,
        role=active,
        institution=active.institution,
        items=items,
        letter=letter,
        fields=("check_letter", "items", "note", "detail_status"),
    )
    return letter


@transaction.atomic
def registration_detail_verify(*, ptk: Ptk, active, actor: User) -> None:
    """After the level-2 check, the home school verifies what the PTK changed since: SEMENTARA ->
    PERMANEN (the changes are in the PTK's change history)."""
    _require(is_home_school_staff(active, ptk))
    ptk, reg = _locked(ptk)
    if reg.state in (RegState.LEVEL1, RegState.SUBMITTED, RegState.REFUSED):
        raise ValidationError(_("Data rinci diverifikasi pada pemeriksaan berkas level 2 (S03 lebih dulu)."))
    if reg.detail_status == DetailStatus.PERMANEN:
        raise ValidationError(_("Tidak ada data rinci SEMENTARA yang menunggu verifikasi."))
    reg.detail_status = DetailStatus.PERMANEN
    reg.save(update_fields=["detail_status", "updated_at"])
    RegistrationLog.objects.create(
        registration=reg,
        action="detail_verify",
        actor=actor,
        role=role_label(active)[:255],
        institution=active.institution,
        from_state=reg.state,
        to_state=reg.state,
    )


# --- pakta integritas (S07) -----------------------------------------------------------------------


def _official_dict(o, title: str) -> dict:
    return {"title": o.title or title, "name": o.name, "nip": o.nip}


def _is_head_of(ptk: Ptk, head) -> bool:
    if ptk.ptk_type == PtkType.KEPALA_SEKOLAH:
        return True
    if head is None:
        return False
    return bool((head.user_id and head.user_id == ptk.user_id) or (head.nip and head.nip == ptk.nip))


def pact_countersigner(ptk: Ptk, on: date) -> dict:
    """Who signs the pakta beside the PTK: the head of school in office on that day; for the head's
    own pakta, the school's supervisor. Refused when that office is not recorded."""
    from accounts.selectors import official_on

    head = official_on(institution=ptk.school, on=on, position="head")
    if _is_head_of(ptk, head):
        sup = official_on(institution=ptk.school, on=on, position="supervisor")
        if sup is None:
            raise ValidationError(
                _(
                    "Pakta integritas kepala sekolah ditandatangani pengawas sekolah, tetapi pengawas %(s)s "
                    "belum tercatat. Dinas mencatat pengawas sekolah lebih dulu."
                )
                % {"s": ptk.school.name}
            )
        return {"position": "supervisor", **_official_dict(sup, _("Pengawas Sekolah"))}
    if head is None:
        raise ValidationError(
            _(
                "Kepala %(s)s belum tercatat di Padamu; pakta integritas ditandatangani kepala sekolah. "
                "Dinas mencatat kepala sekolah lebih dulu."
            )
            % {"s": ptk.school.name}
        )
    return {"position": "head", **_official_dict(head, _("Kepala %(s)s") % {"s": ptk.school.name})}


@transaction.atomic
def registration_pact_sign(*, ptk: Ptk, active, actor: User):
    """The home school prints the pakta integritas (S07) once the papers are checked: signed by the
    PTK and the head of school (the head's own: head and supervisor). Returns the letter."""
    _require(is_home_school_staff(active, ptk))
    ptk, reg = _locked(ptk)
    if reg.state not in (RegState.CHECKED, RegState.PACT_REFUSED):
        raise _wrong_state(reg, _("menandatangani pakta integritas"))
    today = timezone.localdate()
    counter = pact_countersigner(ptk, today)
    semester = semester_of(today)
    letter = _ptk_letter(
        code="S07",
        ptk=ptk,
        active=active,
        actor=actor,
        data={
            "semester": semester,
            "countersigner": counter,
            "check_number": reg.check_letter.number if reg.check_letter else "",
        },
    )
    reg.pact_letter, reg.semester, reg.note = letter, semester, ""
    _move(
        reg,
        ptk,
        reg.sign_pact,
        action="pact_sign",
        actor=actor,
        role=active,
        institution=active.institution,
        letter=letter,
        fields=("pact_letter", "semester", "note"),
    )
    return letter


# --- the Dinas receives the pacts (S08) -----------------------------------------------------------

BINTANG4 = _l("Permanen Aktif (Bintang 4)")


@transaction.atomic
def registration_pact_receive(*, ptk: Ptk, active, actor: User):
    """The Dinas of the PTK's home school records receipt of the signed pakta: S08 "Bintang 4", the
    PegID/NUPTK becomes Permanen Aktif. Returns the S08 letter."""
    _require(is_ptk_dinas_staff(active, ptk))
    ptk, reg = _locked(ptk)
    if reg.state != RegState.PACT_SIGNED:
        raise _wrong_state(reg, _("diterima pakta integritasnya"))
    status = str(BINTANG4)
    ident = _("NUPTK %(n)s") % {"n": ptk.nuptk} if ptk.nuptk else _("PegID %(n)s") % {"n": ptk.pegid}
    letter = _ptk_letter(
        code="S08",
        ptk=ptk,
        active=active,
        actor=actor,
        data={
            "semester": reg.semester,
            "status": status,
            "pact_number": reg.pact_letter.number if reg.pact_letter else "",
            # What the public verification page (/v/) shows beside the letter's number and name.
            "certifies": [{"label": _("Status %(i)s") % {"i": ident}, "value": status}],
        },
    )
    reg.s08_letter = letter
    _move(
        reg,
        ptk,
        reg.receive_pact,
        action="pact_receive",
        actor=actor,
        role=active,
        institution=active.institution,
        letter=letter,
        fields=("s08_letter",),
    )
    if ptk.nuptk and ptk.nuptk_status in (NuptkStatus.NONE, NuptkStatus.SEMENTARA_AKTIF):
        from .record import ptk_set_nuptk

        ptk_set_nuptk(ptk=ptk, nuptk=ptk.nuptk, status=NuptkStatus.PERMANEN_AKTIF, actor=actor, role=active)
    return letter


@transaction.atomic
def registration_pact_refuse(*, ptk: Ptk, active, actor: User, note: str) -> None:
    """The Dinas returns a pakta it cannot accept (unsigned, wrong person...) with a note; the school
    signs a new S07 and brings it again."""
    _require(is_ptk_dinas_staff(active, ptk))
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Tulis catatan: apa yang salah pada pakta integritas dan cara memperbaikinya.")
        )
    ptk, reg = _locked(ptk)
    if reg.state != RegState.PACT_SIGNED:
        raise _wrong_state(reg, _("dikembalikan pakta integritasnya"))
    reg.note = note
    _move(
        reg,
        ptk,
        reg.refuse_pact,
        action="pact_refuse",
        actor=actor,
        role=active,
        institution=active.institution,
        note=note,
        fields=("note",),
    )


# --- many at once (a school with 60 PTK in one sitting) ------------------------------------------

BATCH_LIMIT = 500


def _batch_ptk(ptk_ids, **where) -> list[Ptk]:
    ids = sorted({int(i) for i in ptk_ids})
    if not ids:
        raise ValidationError(_("Pilih paling sedikit satu PTK."))
    if len(ids) > BATCH_LIMIT:
        raise ValidationError(_("Paling banyak %(n)s PTK sekali proses.") % {"n": BATCH_LIMIT})
    found = list(Ptk.objects.filter(pk__in=ids, **where).select_related("school").order_by("name", "pk"))
    if len(found) != len(ids):
        raise ValidationError(
            _("%(n)s PTK yang dipilih tidak berada di bawah lembaga Anda; tidak ada yang diproses.")
            % {"n": len(ids) - len(found)}
        )
    return found


@transaction.atomic
def registration_school_batch(*, ptk_ids, active, actor: User):
    """The home school, in one sitting: every selected PTK whose S03 waits is checked "all papers
    fine" (S04/S05) and gets the pakta integritas (S07); those already checked get the pakta. All or
    nothing: one PTK that cannot go on stops the batch with its name and reason. Returns the queued
    BatchPrint of every letter numbered (documents' batch: background rendering, progress bar)."""
    from documents.services import batch_letters_request

    if active is None or active.institution is None or active.kind != InstitutionKind.SEKOLAH:
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))
    ptks = _batch_ptk(ptk_ids, school=active.institution)
    letters, errors = [], []
    for p in ptks:
        reg = Registration.objects.filter(ptk=p).first()
        state = reg.state if reg else None
        if state not in (RegState.SUBMITTED, RegState.CHECKED, RegState.PACT_REFUSED):
            errors.append(
                _("%(n)s: tahapnya %(s)s.") % {"n": p.name, "s": reg.get_state_display() if reg else "-"}
            )
            continue
        try:
            if state == RegState.SUBMITTED:
                letters.append(registration_check(ptk=p, active=active, actor=actor, results=ALL_OK))
            letters.append(registration_pact_sign(ptk=p, active=active, actor=actor))
        except ValidationError as e:
            errors.append(f"{p.name}: {' '.join(e.messages)}")
    if errors:
        raise ValidationError(
            [_("Tidak ada yang diproses; perbaiki dulu:")]
            + errors[:20]
            + ([_("... dan %(n)s lainnya.") % {"n": len(errors) - 20}] if len(errors) > 20 else [])
        )
    return batch_letters_request(
        user=actor,
        institution=active.institution,
        role=active.role,
        letter_ids=[x.pk for x in letters],
        description=_("Verval level 2 dan pakta integritas: %(n)s PTK, %(m)s surat")
        % {"n": len(ptks), "m": len(letters)},
    )


@transaction.atomic
def registration_dinas_batch(*, ptk_ids, active, actor: User):
    """The Dinas receives the pacts a head of school brought: S08 for each selected PTK (all or
    nothing), one batch of letters."""
    from documents.services import batch_letters_request

    if active is None or active.institution is None or active.role not in (Role.ADMIN, Role.OPERATOR):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))
    ptks = _batch_ptk(ptk_ids, dinas=active.institution)
    letters, errors = [], []
    for p in ptks:
        try:
            letters.append(registration_pact_receive(ptk=p, active=active, actor=actor))
        except ValidationError as e:
            errors.append(f"{p.name}: {' '.join(e.messages)}")
    if errors:
        raise ValidationError([_("Tidak ada yang diproses; perbaiki dulu:")] + errors[:20])
    return batch_letters_request(
        user=actor,
        institution=active.institution,
        role=active.role,
        letter_ids=[x.pk for x in letters],
        description=_("S08 Bintang 4: %(n)s PTK") % {"n": len(ptks)},
    )
