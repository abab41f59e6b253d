"""Writes for accounts. Services take keyword-only arguments, run in one transaction, write an
audit row, and never see the HTTP request."""

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from .coverage import covering_offices, parent_for
from .models import (
    AccountEvent,
    ActivationCode,
    Delegation,
    Institution,
    InstitutionKind,
    Role,
    RoleAssignment,
    User,
)
from .scope import ActiveRole, Scope
from .selectors import delegation_targets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _event(*, actor, action: str, target=None, institution=None, detail: str = "") -> None:
    AccountEvent.objects.create(
        actor=actor, action=action, target=target, institution=institution, detail=detail[:255]
    )


# --- institutions -----------------------------------------------------------------------------


def institution_group(institution: Institution) -> Group:
    """The auth group that stands for an institution in django-guardian grants."""
    if institution.group_id is None:
        group, _created = Group.objects.get_or_create(name=f"lembaga-{institution.pk}")
        institution.group = group
        institution.save(update_fields=["group"])
    return institution.group


@transaction.atomic
def institution_create(**fields) -> Institution:
    """Create an institution; a school gets its covering offices; every one gets its parent."""
    inst = Institution(**fields)
    if inst.kind == InstitutionKind.SEKOLAH:
        cov = covering_offices(inst)
        inst.dinas, inst.qa_office = cov.dinas, cov.qa_office
        inst.parent = cov.dinas
    elif inst.parent_id is None:
        inst.parent = parent_for(inst)
    inst.full_clean()
    inst.save()
    institution_group(inst)
    return inst


def school_assign_coverage(school: Institution) -> bool:
    """Recompute a school's covering offices; True when something changed."""
    cov = covering_offices(school)
    new = (cov.dinas.pk if cov.dinas else None, cov.qa_office.pk if cov.qa_office else None)
    if (school.dinas_id, school.qa_office_id) == new and school.parent_id == new[0]:
        return False
    school.dinas, school.qa_office, school.parent = cov.dinas, cov.qa_office, cov.dinas
    school.save(update_fields=["dinas", "qa_office", "parent"])
    return True


# --- activation codes -------------------------------------------------------------------------


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _code_digest(code: str, salt: str) -> str:
    return salted_hmac("padamu.activation-code", f"{salt}:{code}", algorithm="sha256").hexdigest()


def hash_code(code: str) -> str:
    """A keyed, salted HMAC of the code. Activation codes carry 60 random bits, live once, expire and
    lock after five wrong tries, so a slow password hash (PBKDF2, ~0.3 s) buys nothing and would make a
    batch of 500 S01 letters spend minutes hashing."""
    salt = get_random_string(16)
    return f"hmac_sha256${salt}${_code_digest(code, salt)}"


def code_matches(code: str, stored: str) -> bool:
    try:
        algo, salt, digest = stored.split("$", 2)
    except ValueError:
        return False
    return algo == "hmac_sha256" and constant_time_compare(_code_digest(code, salt), digest)


def normalize_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


@transaction.atomic
def activation_code_issue(*, user: User, actor: User | None) -> str:
    """Kill every live code of the user and issue a new one. Returns the only clear copy."""
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = _new_code()
    ActivationCode.objects.create(
        user=user,
        code_hash=hash_code(code),
        created_by=actor,
        expires_at=now + settings.ACTIVATION_CODE_TTL,
    )
    # A reset also ends the current password: the owner sets a new one with the code.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _event(actor=actor, action="activation_code_issued", target=user)
    return code


class ActivationError(ValidationError):
    pass


def account_activate(
    *, username: str, code: str, password: str, extra_check=None, now: datetime | None = None
) -> User:
    """Set the account's own password with a one-time code. ``extra_check(user)`` may demand a
    fact only the owner knows (a PTK's birth date). Wrong tries are counted per code and lock it."""
    now = now or timezone.now()
    generic = _("Nama pengguna, kode aktivasi atau data pendukung tidak cocok.")
    with transaction.atomic():
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            raise ActivationError(generic)
        act = (
            ActivationCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, revoked_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if act is None:
            raise ActivationError(generic)
        if act.locked_until and act.locked_until > now:
            raise ActivationError(
                _("Terlalu banyak percobaan yang salah. Coba lagi setelah pukul %(t)s.")
                % {"t": timezone.localtime(act.locked_until).strftime("%H:%M")}
            )
        if act.expires_at <= now:
            raise ActivationError(_("Kode aktivasi sudah kedaluwarsa. Minta kode baru kepada admin Anda."))
        ok = code_matches(normalize_code(code), act.code_hash) and (
            extra_check is None or extra_check(user)
        )
        if not ok:
            act.failures += 1
            fields = ["failures"]
            if act.failures >= settings.ACTIVATION_FAILURE_LIMIT:
                act.locked_until = now + settings.ACTIVATION_LOCKOUT
                act.failures = 0
                fields.append("locked_until")
            act.save(update_fields=fields)
            raise_later = ActivationError(generic)
        else:
            raise_later = None
    if raise_later is not None:  # the failure count above is committed before we refuse
        raise raise_later
    with transaction.atomic():
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        act = ActivationCode.objects.select_for_update().get(pk=act.pk)
        if not act.is_live:
            raise ActivationError(_("Kode aktivasi ini sudah dipakai."))
        act.used_at = now
        act.save(update_fields=["used_at"])
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        _event(actor=user, action="account_activated", target=user)
    return user


# --- people and roles -------------------------------------------------------------------------


@transaction.atomic
def operator_register(
    *,
    scope: Scope,
    institution: Institution,
    role: str,
    username: str,
    full_name: str,
    email: str = "",
    nip: str = "",
) -> tuple[User, str | None]:
    """An admin registers an operator (or the admin of an institution directly below).
    Returns the user and a one-time activation code (None when the person already had an account:
    they keep their password and gain the new role)."""
    active: ActiveRole | None = scope.active
    if active is None or not active.is_admin:
        raise PermissionDenied
    if not scope.manageable_institutions().filter(pk=institution.pk).exists():
        raise PermissionDenied
    if role not in (Role.ADMIN, Role.OPERATOR):
        raise ValidationError(_("Peran tidak dikenal."))
    if role == Role.ADMIN and institution.pk == active.institution.pk:
        raise ValidationError(_("Admin lembaga ini didaftarkan oleh admin lembaga di atasnya."))
    username = username.strip()
    user = User.objects.filter(username__iexact=username).first()
    code = None
    if user is None:
        user = User(username=username, full_name=full_name.strip(), email=email.strip(), nip=nip.strip())
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        code = activation_code_issue(user=user, actor=scope.user)
    elif RoleAssignment.objects.filter(user=user, role=role, institution=institution).exists():
        raise ValidationError(
            _("Pengguna %(u)s sudah menjadi %(r)s di lembaga ini.")
            % {"u": user.username, "r": Role(role).label}
        )
    RoleAssignment.objects.create(user=user, role=role, institution=institution, created_by=scope.user)
    if role == Role.OPERATOR or role == Role.ADMIN:
        institution_group(institution).user_set.add(user)
    _event(actor=scope.user, action=f"{role}_registered", target=user, institution=institution)
    return user, code


def _assignment_in_scope(scope: Scope, assignment_id: int) -> RoleAssignment:
    a = (
        RoleAssignment.objects.select_related("user", "institution")
        .filter(pk=assignment_id, institution__in=scope.manageable_institutions())
        .exclude(role=Role.PTK)
        .first()
    )
    if a is None:
        raise PermissionDenied
    return a


@transaction.atomic
def operator_reset(*, scope: Scope, assignment_id: int) -> tuple[User, str]:
    """A new activation code for an operator the admin manages; the old code and password die."""
    a = _assignment_in_scope(scope, assignment_id)
    if a.user_id == scope.user.pk:
        raise ValidationError(_("Anda tidak dapat mereset akun Anda sendiri."))
    code = activation_code_issue(user=a.user, actor=scope.user)
    _event(actor=scope.user, action="account_reset", target=a.user, institution=a.institution)
    return a.user, code


@transaction.atomic
def role_assignment_set_active(*, scope: Scope, assignment_id: int, active: bool) -> RoleAssignment:
    a = _assignment_in_scope(scope, assignment_id)
    if a.user_id == scope.user.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan peran Anda sendiri."))
    a.is_active = active
    a.save(update_fields=["is_active"])
    group = institution_group(a.institution)
    if active:
        group.user_set.add(a.user)
    elif not RoleAssignment.objects.filter(user=a.user, institution=a.institution, is_active=True).exists():
        group.user_set.remove(a.user)
    _event(
        actor=scope.user,
        action="role_enabled" if active else "role_disabled",
        target=a.user,
        institution=a.institution,
    )
    return a


# --- delegation -------------------------------------------------------------------------------


def _school_of_admin(scope: Scope) -> Institution:
    active = scope.active
    if active is None or not active.is_admin or active.kind != InstitutionKind.SEKOLAH or active.on_behalf_of:
        raise PermissionDenied
    return active.institution


@transaction.atomic
def delegation_grant(*, scope: Scope, delegate: Institution) -> Delegation:
    """The school admin lets its kecamatan office or its Dinas act as the school's operator."""
    school = _school_of_admin(scope)
    if not delegation_targets(school=school).filter(pk=delegate.pk).exists():
        raise ValidationError(
            _("Hak operator hanya dapat didelegasikan ke kantor kecamatan atau Dinas sekolah ini.")
        )
    if Delegation.objects.filter(school=school, delegate=delegate, revoked_at__isnull=True).exists():
        raise ValidationError(_("Delegasi ke %(d)s sudah aktif.") % {"d": delegate})
    assign_perm("accounts.operate_school", institution_group(delegate), school)
    d = Delegation.objects.create(school=school, delegate=delegate, granted_by=scope.user)
    _event(actor=scope.user, action="delegation_granted", institution=school, detail=str(delegate))
    return d


@transaction.atomic
def delegation_revoke(*, scope: Scope, delegation_id: int) -> Delegation:
    school = _school_of_admin(scope)
    d = Delegation.objects.select_for_update().filter(pk=delegation_id, school=school).first()
    if d is None:
        raise PermissionDenied
    if d.revoked_at is not None:
        raise ValidationError(_("Delegasi ini sudah dicabut."))
    remove_perm("accounts.operate_school", institution_group(d.delegate), school)
    d.revoked_at, d.revoked_by = timezone.now(), scope.user
    d.save(update_fields=["revoked_at", "revoked_by"])
    _event(actor=scope.user, action="delegation_revoked", institution=school, detail=str(d.delegate))
    return d


# --- notices ----------------------------------------------------------------------------------


def notify(*, user: User, title: str, body: str = "", url: str = "") -> None:
    """Tell a person something: an in-app notice now, and an email after commit when they have one."""
    from django.core.mail import send_mail

    from .models import Notification

    Notification.objects.create(user=user, title=title[:200], body=body, url=url[:300])
    if user.email:
        link = f"\n\n{settings.PUBLIC_BASE_URL.rstrip('/')}{url}" if url else ""
        transaction.on_commit(
            lambda: send_mail(f"[Padamu] {title}", f"{body}{link}", None, [user.email], fail_silently=True)
        )


def notifications_mark_read(*, user: User) -> int:
    from .models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
