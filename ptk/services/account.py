"""The PTK's account: S02 (activation letter) and its activation."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution, Role, RoleAssignment, User
from accounts.policy import DINAS_KINDS
from accounts.services import account_activate, activation_code_issue

from ..models import (
    NuptkStatus,
    Ptk,
    PtkChange,
)
from .versioning import Diff, _diff, _record, _snapshot

# --- account (S02) ----------------------------------------------------------------------------


def ptk_letter_data(ptk: Ptk) -> dict:
    """The ``ptk`` keys every letter template reads (docs/contracts.md). A supervisor entered with
    A06 has a Dinas as home, printed as "Instansi induk" (``home_label``), not "Sekolah induk"."""
    data = {
        "name": ptk.name,
        "nik": ptk.nik or "",
        "nuptk": ptk.nuptk or "",
        "pegid": ptk.pegid or "",
        "nip": ptk.nip or "",
        "birth_place": ptk.birth_place,
        "birth_date": ptk.birth_date.isoformat() if ptk.birth_date else "",
        "sex": ptk.get_sex_display(),
        "mother_name": ptk.mother_name,
        "school_name": ptk.school.name,
        "npsn": ptk.school.npsn or "",
        "employment_status": ptk.get_employment_status_display() if ptk.employment_status else "",
        "ptk_type": ptk.get_ptk_type_display() if ptk.ptk_type else "",
        "qualification": ptk.get_qualification_display() if ptk.qualification else "",
    }
    if ptk.school.kind in DINAS_KINDS:
        data["home_label"] = "Instansi induk"
    return data


def _ensure_user(ptk: Ptk) -> User:
    if ptk.user_id:
        return ptk.user
    username = ptk.identifier
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Nama pengguna %(u)s sudah dipakai akun lain.") % {"u": username})
    user = User(username=username, full_name=ptk.name, email=ptk.email, is_active=False)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    ptk.user = user
    ptk.save(update_fields=["user", "updated_at"])
    return user


@dataclass
class S02Result:
    ptk: Ptk
    issued: object  # documents.letters.IssuedLetter: the PDF with the code renders on first use
    code: str = ""  # the clear code, for the issuing operator's session until the letter is printed

    @property
    def letter(self):
        return self.issued.letter

    @property
    def pdf(self) -> bytes:
        return self.issued.pdf


@transaction.atomic
def ptk_s02_issue(*, ptk: Ptk, actor: User, role, institution: Institution) -> S02Result:
    """Verval/registration level 1: the PTK's account gets a fresh one-time code (every older code
    dies, the current password too), printed once on S02 (RAHASIA). An NUPTK holder's status
    becomes Sementara Aktif. The school never sees or sets the password."""
    from documents.letters import letter_issue

    ptk = Ptk.objects.select_for_update(of=("self",)).select_related("school", "user").get(pk=ptk.pk)
    reset = ptk.level1_at is not None
    user = _ensure_user(ptk)
    ptk_role, _created = RoleAssignment.objects.get_or_create(
        user=user, role=Role.PTK, institution=None, defaults={"created_by": actor}
    )
    # The school owns only the PTK role: the code opens it alone; the person's other roles are
    # suspended until their own owners re-open them (accounts.services.activation_code_issue).
    code = activation_code_issue(user=user, actor=actor, opens=[ptk_role], institution=institution)
    before = _snapshot(ptk, ["nuptk_status", "level1_at"])
    if ptk.nuptk and ptk.nuptk_status == NuptkStatus.NONE:
        ptk.nuptk_status = NuptkStatus.SEMENTARA_AKTIF
    if ptk.level1_at is None:
        ptk.level1_at = timezone.now()
    ptk.save(update_fields=["nuptk_status", "level1_at", "updated_at"])
    issued = letter_issue(
        code="S02",
        issuer=actor,
        issuer_role=getattr(role, "role", role) or "",
        institution=institution,
        subject_type="ptk",
        subject_id=str(ptk.pk),
        subject_name=ptk.name,
        data={
            "ptk": ptk_letter_data(ptk),
            "account": {
                "username": user.username,
                "full_name": ptk.name,
                "role": "PTK",
                "institution_name": ptk.school.name,
            },
            "reset": reset,
            # a supervisor entered with A06 has the Dinas as home: its admin enters and verifies
            "entered_by": _("admin %(i)s") % {"i": ptk.school.name}
            if ptk.school.kind in DINAS_KINDS
            else _("admin sekolah"),
            "nuptk_status": ptk.get_nuptk_status_display()
            if ptk.nuptk
            else _("PegID terdaftar (belum ber-NUPTK)"),
            "activation_url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("ptk:activate"),
            "expires_on": timezone.localdate(timezone.now() + settings.ACTIVATION_CODE_TTL).isoformat(),
        },
        subject_user=user,
        school=ptk.school,
        secret={"activation_code": code},
    )
    from .registration import registration_level1

    registration_level1(ptk=ptk, actor=actor, role=role)
    diffs = _diff(before, ptk, ["nuptk_status", "level1_at"])
    diffs.append(
        Diff(
            "akun",
            _("akun PTK"),
            "",
            (
                _("direset: kode aktivasi baru pada S02 %(n)s, kode lama dan kata sandi lama tidak berlaku")
                if reset
                else _("kode aktivasi diterbitkan pada S02 %(n)s")
            )
            % {"n": issued.letter.number},
        )
    )
    _record(
        ptk=ptk, table="ptk", action=PtkChange.Action.UPDATE, diffs=diffs, actor=actor, role=role, row=ptk
    )
    return S02Result(ptk=ptk, issued=issued, code=code)


def resolve_ptk_username(username: str) -> str:
    """A PTK may type their PegID or NUPTK: both lead to their account's username."""
    u = (username or "").strip()
    ptk = Ptk.objects.filter(models.Q(pegid=u) | models.Q(nuptk=u)).select_related("user").first()
    if ptk is not None and ptk.user is not None:
        return ptk.user.username
    return u


def ptk_account_activate(*, username: str, code: str, birth_date: date, password: str) -> User:
    """The PTK sets their own password with the S02 code plus a fact only they know (birth date)."""

    def birth_date_matches(user) -> bool:
        return Ptk.objects.filter(user=user, birth_date=birth_date).exists()

    user = account_activate(
        username=resolve_ptk_username(username),
        code=code,
        password=password,
        extra_check=birth_date_matches,
        rule="ptk",
    )
    with transaction.atomic():
        ptk = Ptk.objects.select_for_update().get(user=user)
        ptk.activated_at = timezone.now()
        ptk.save(update_fields=["activated_at", "updated_at"])
        _record(
            ptk=ptk,
            table="ptk",
            action=PtkChange.Action.UPDATE,
            diffs=[Diff("akun", _("akun PTK"), "", _("diaktifkan oleh pemilik dengan kata sandi sendiri"))],
            actor=user,
            role=Role.PTK,
            row=ptk,
        )
    return user
