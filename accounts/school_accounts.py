"""School accounts (flows.md part 1): a school without an account asks its Dinas; the Dinas enters
the request (NPSN checked against the reference data), recaps its waiting requests for the QA office;
the LPMP (BPKLN abroad, BP-PAUD for PAUD/non-formal units: the school's ``qa_office``) verifies each
and creates the school's admin account with a one-time activation code printed on S01, or returns
it with a note. No password is ever printed or stored. A school account is reset by its Dinas
(accounts.services.operator_reset: the school is directly below the Dinas)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Institution, InstitutionKind, Role, RoleAssignment, SchoolAccountRequest, User
from .policy import DINAS_KINDS, QA_KINDS
from .scope import Scope
from .services import _event, activation_code_issue, institution_group

State = SchoolAccountRequest.State


def _staff_of(scope: Scope, kinds) -> Institution:
    a = scope.active
    if (
        a is None
        or a.role not in (Role.ADMIN, Role.OPERATOR)
        or a.on_behalf_of is not None
        or a.kind not in kinds
    ):
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))
    return a.institution


def school_has_account(school: Institution) -> bool:
    return RoleAssignment.objects.filter(role=Role.ADMIN, institution=school, is_active=True).exists()


def requests_visible(*, scope: Scope):
    """The requests the Dinas or QA office of the active role handles."""
    inst = scope.active.institution if scope.active else None
    if inst is None:
        return SchoolAccountRequest.objects.none()
    if inst.kind in DINAS_KINDS:
        qs = SchoolAccountRequest.objects.filter(dinas=inst)
    elif inst.kind in QA_KINDS:
        qs = SchoolAccountRequest.objects.filter(qa_office=inst).exclude(state=State.AT_DINAS)
    else:
        return SchoolAccountRequest.objects.none()
    return qs.select_related("school", "account")


@transaction.atomic
def school_account_request_enter(
    *, scope: Scope, npsn: str, applicant_name: str, applicant_email: str = "", applicant_phone: str = ""
) -> SchoolAccountRequest:
    dinas = _staff_of(scope, DINAS_KINDS)
    npsn = (npsn or "").strip().upper()
    school = Institution.objects.filter(kind=InstitutionKind.SEKOLAH, npsn=npsn).first()
    if school is None:
        raise ValidationError(
            _("NPSN %(n)s tidak ada di data referensi sekolah. Periksa NPSN, atau minta NPSN lebih dulu.")
            % {"n": npsn}
        )
    if school.dinas_id != dinas.pk:
        raise ValidationError(
            _("%(s)s berada di bawah %(d)s, bukan Dinas Anda.")
            % {"s": school.name, "d": school.dinas.name if school.dinas_id else "-"}
        )
    if school_has_account(school):
        raise ValidationError(
            _("%(s)s sudah memiliki akun admin. Bila akunnya hilang, Dinas mereset akun itu.")
            % {"s": school.name}
        )
    if not (applicant_name or "").strip():
        raise ValidationError(_("Isi nama calon admin sekolah."))
    if school.qa_office_id is None:
        raise ValidationError(_("Sekolah ini belum memiliki LPMP/BPKLN/BP-PAUD pembina."))
    req = SchoolAccountRequest(
        school=school,
        dinas_id=school.dinas_id,
        qa_office_id=school.qa_office_id,
        applicant_name=applicant_name.strip(),
        applicant_email=(applicant_email or "").strip(),
        applicant_phone=(applicant_phone or "").strip(),
        created_by=scope.user,
    )
    req.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            req.save()
    except IntegrityError:
        raise ValidationError(
            _("%(s)s sudah memiliki ajuan akun yang belum selesai.") % {"s": school.name}
        ) from None
    _event(actor=scope.user, action="school_account_requested", institution=school, detail=npsn)
    return req


@transaction.atomic
def school_account_recap(*, scope: Scope) -> tuple[str, int]:
    """The Dinas hands every waiting (or returned and fixed) request to the QA office in one recap."""
    dinas = _staff_of(scope, DINAS_KINDS)
    qs = SchoolAccountRequest.objects.select_for_update().filter(
        dinas=dinas, state__in=[State.AT_DINAS, State.RETURNED]
    )
    rows = list(qs)
    if not rows:
        raise ValidationError(_("Tidak ada ajuan akun sekolah yang menunggu rekap."))
    now = timezone.now()
    code = f"REKAP-{dinas.pk}-{timezone.localtime(now):%Y%m%d%H%M%S}"
    SchoolAccountRequest.objects.filter(pk__in=[r.pk for r in rows]).update(
        state=State.AT_QA, recap_code=code, recapped_at=now
    )
    _event(actor=scope.user, action="school_account_recap", institution=dinas, detail=f"{code}: {len(rows)}")
    return code, len(rows)


def _qa_request(scope: Scope, pk: int) -> SchoolAccountRequest:
    qa = _staff_of(scope, QA_KINDS)
    req = SchoolAccountRequest.objects.select_for_update().select_related("school").filter(pk=pk).first()
    if req is None or req.qa_office_id != qa.pk:
        raise PermissionDenied(_("Peran Anda tidak berwenang untuk langkah ini."))
    if req.state != State.AT_QA:
        raise ValidationError(
            _("Ajuan ini tidak menunggu verifikasi (status: %(s)s).") % {"s": req.get_state_display()}
        )
    return req


@transaction.atomic
def school_account_create(*, scope: Scope, pk: int) -> tuple[SchoolAccountRequest, User, RoleAssignment, str]:
    """The QA office verifies the request and creates the school's admin account (username = NPSN).
    Returns the one-time code: the caller prints it once on S01, it is never stored in clear."""
    req = _qa_request(scope, pk)
    school = req.school
    if school_has_account(school):
        raise ValidationError(_("%(s)s sudah memiliki akun admin.") % {"s": school.name})
    username = school.npsn
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            _("Nama pengguna %(u)s sudah dipakai; kembalikan ajuan ke Dinas.") % {"u": username}
        )
    user = User(username=username, full_name=req.applicant_name, email=req.applicant_email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    a = RoleAssignment.objects.create(user=user, role=Role.ADMIN, institution=school, created_by=scope.user)
    institution_group(school).user_set.add(user)
    code = activation_code_issue(user=user, actor=scope.user, opens=[a], institution=scope.active.institution)
    req.state, req.account, req.decided_at, req.note = State.CREATED, user, timezone.now(), ""
    req.save(update_fields=["state", "account", "decided_at", "note"])
    _event(actor=scope.user, action="school_account_created", target=user, institution=school)
    return req, user, a, code


@transaction.atomic
def school_account_return(*, scope: Scope, pk: int, note: str) -> SchoolAccountRequest:
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Tulis catatan: apa yang salah pada ajuan dan cara memperbaikinya."))
    req = _qa_request(scope, pk)
    req.state, req.note, req.decided_at = State.RETURNED, note, timezone.now()
    req.save(update_fields=["state", "note", "decided_at"])
    _event(actor=scope.user, action="school_account_returned", institution=req.school, detail=note)
    return req
