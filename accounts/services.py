"""Writes for accounts. Services take keyword-only arguments, run in one transaction, write an
audit row, and never see the HTTP request."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from .coverage import covering_offices, parent_for
from .models import (
    AccountEvent,
    ActivationCode,
    DataAccess,
    Delegation,
    Institution,
    InstitutionKind,
    Official,
    OfficialPosition,
    Role,
    RoleAssignment,
    RoleInvitation,
    Throttle,
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


USERNAME_REFUSED = _("Nama pengguna ini tidak dapat dipakai; pilih yang lain.")
# Names that are never given to a person registered by an institution (refused like a taken name).
RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "superuser", "system", "sistem", "padamu", "support", "staff"}
)


def _suspend_reason(actor: User | None, institution: Institution | None) -> str:
    who = str(institution) if institution is not None else (actor.display_name if actor else "")
    return _(
        "Akun direset oleh %(who)s. Peran ini tetap ditangguhkan sampai lembaga pemiliknya membukanya "
        "kembali dengan kode pembuka peran."
    ) % {"who": who}


@transaction.atomic
def activation_code_issue(
    *,
    user: User,
    actor: User | None,
    opens,
    institution: Institution | None = None,
) -> str:
    """Kill every live code of the user and issue a new account code. Returns the only clear copy.

    ``opens`` are the role assignments the issuing authority owns: using the code re-opens those and
    only those. Every other role of the account is suspended now and stays closed until its own
    owner re-opens it, so a school's S02 reset of a PTK who is also an operator elsewhere does not
    give the school that operator role. Superuser and staff accounts are never reset this way."""
    if user.is_protected:
        raise PermissionDenied
    opens = list(opens)
    if any(a.user_id != user.pk for a in opens):
        raise PermissionDenied
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = _new_code()
    act = ActivationCode.objects.create(
        user=user,
        code_hash=hash_code(code),
        created_by=actor,
        expires_at=now + settings.ACTIVATION_CODE_TTL,
    )
    act.opens.set(opens)
    others = RoleAssignment.objects.filter(user=user, suspended_at__isnull=True).exclude(
        pk__in=[a.pk for a in opens]
    )
    suspended = list(others.select_related("institution"))
    if suspended:
        others.update(suspended_at=now, suspended_reason=_suspend_reason(actor, institution)[:255])
    # A reset also ends the current password and every session: the owner sets a new one with the code.
    user.set_unusable_password()
    user.session_epoch += 1
    user.save(update_fields=["password", "session_epoch"])
    _event(
        actor=actor,
        action="activation_code_issued",
        target=user,
        institution=institution,
        detail=_("membuka: %(o)s; ditangguhkan: %(s)s")
        % {"o": ", ".join(str(a) for a in opens) or "-", "s": ", ".join(str(a) for a in suspended) or "-"},
    )
    if suspended:
        notify(
            user=user,
            title=_("Akun Anda direset; sebagian peran ditangguhkan"),
            body=_suspend_reason(actor, institution),
        )
    return code


class ActivationError(ValidationError):
    pass


def _count_failure(act: ActivationCode, now) -> None:
    act.failures += 1
    fields = ["failures"]
    if act.failures >= settings.ACTIVATION_FAILURE_LIMIT:
        act.locked_until = now + settings.ACTIVATION_LOCKOUT
        act.failures = 0
        fields.append("locked_until")
    act.save(update_fields=fields)


def _locked_message(act: ActivationCode) -> str:
    return _("Terlalu banyak percobaan yang salah. Coba lagi setelah pukul %(t)s.") % {
        "t": timezone.localtime(act.locked_until).strftime("%H:%M")
    }


PTK_ACTIVATION_ELSEWHERE = _(
    "Kode ini membuka akun PTK. Akun PTK diaktifkan di halaman Aktivasi akun PTK, dengan tanggal lahir."
)


def account_activate(
    *,
    username: str,
    code: str,
    password: str,
    extra_check=None,
    rule: str = "account",
    now: datetime | None = None,
) -> User:
    """Set the account's own password with a one-time code. ``extra_check(user)`` may demand a
    fact only the owner knows (a PTK's birth date). Wrong tries are counted per code and lock it.

    One activation rule per account type, wherever the form is: a code that opens a PTK role is
    accepted only with the PTK rule (``rule="ptk"``, birth date checked by ptk), so /aktivasi/ never
    activates a PTK account without the birth date. Superuser and staff accounts are never activated
    here. Using the code re-opens exactly the roles it lists."""
    now = now or timezone.now()
    generic = _("Nama pengguna, kode aktivasi atau data pendukung tidak cocok.")
    with transaction.atomic():
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None or user.is_protected:
            raise ActivationError(generic)
        act = (
            ActivationCode.objects.select_for_update()
            .filter(user=user, purpose=ActivationCode.Purpose.ACCOUNT, used_at__isnull=True, revoked_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if act is None:
            raise ActivationError(generic)
        if act.locked_until and act.locked_until > now:
            raise ActivationError(_locked_message(act))
        if act.expires_at <= now:
            raise ActivationError(_("Kode aktivasi sudah kedaluwarsa. Minta kode baru kepada admin Anda."))
        code_ok = code_matches(normalize_code(code), act.code_hash)
        opens_ptk = code_ok and act.opens.filter(role=Role.PTK).exists()
        if opens_ptk and rule != "ptk":
            # Only the holder of the right code learns this; nothing is used up.
            raise ActivationError(PTK_ACTIVATION_ELSEWHERE, code="ptk_rule")
        ok = code_ok and (extra_check is None or extra_check(user))
        if not ok:
            _count_failure(act, now)
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
        opened = list(act.opens.all())
        RoleAssignment.objects.filter(pk__in=[a.pk for a in opened]).update(
            suspended_at=None, suspended_reason=""
        )
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        _event(
            actor=user,
            action="account_activated",
            target=user,
            detail=_("membuka: %(o)s") % {"o": ", ".join(str(a) for a in opened) or "-"},
        )
    return user


# --- re-opening suspended roles ----------------------------------------------------------------


@transaction.atomic
def role_reopen_code_issue(*, assignment: RoleAssignment, actor: User, institution: Institution | None) -> str:
    """A scoped code that re-opens one suspended role of a person, issued by the role's owner and
    entered by the person while logged in (no password changes hands). The caller has checked that
    ``actor`` owns the role (an admin over its institution; the PTK's home school for a PTK role)."""
    user = assignment.user
    if user.is_protected:
        raise PermissionDenied
    if not assignment.is_suspended:
        raise ValidationError(_("Peran ini tidak sedang ditangguhkan."))
    now = timezone.now()
    ActivationCode.objects.filter(
        user=user, purpose=ActivationCode.Purpose.REOPEN, used_at__isnull=True, revoked_at__isnull=True,
        opens=assignment,
    ).update(revoked_at=now)
    code = _new_code()
    act = ActivationCode.objects.create(
        user=user,
        code_hash=hash_code(code),
        purpose=ActivationCode.Purpose.REOPEN,
        created_by=actor,
        expires_at=now + settings.ACTIVATION_CODE_TTL,
    )
    act.opens.set([assignment])
    _event(actor=actor, action="role_reopen_code_issued", target=user, institution=institution, detail=str(assignment))
    notify(
        user=user,
        title=_("Kode pembuka peran diterbitkan"),
        body=_("%(inst)s menerbitkan kode untuk membuka kembali peran %(r)s. Masukkan kode itu di halaman "
               "Ganti peran setelah masuk.") % {"inst": institution or actor.display_name, "r": assignment},
    )
    return code


def role_reopen(*, user: User, code: str, now: datetime | None = None) -> list[RoleAssignment]:
    """The logged-in person enters a role-opening code: the roles it lists are re-opened."""
    now = now or timezone.now()
    generic = _("Kode pembuka peran tidak cocok atau sudah tidak berlaku.")
    if user.is_protected:
        raise ValidationError(generic)
    with transaction.atomic():
        live = list(
            ActivationCode.objects.select_for_update()
            .filter(user=user, purpose=ActivationCode.Purpose.REOPEN, used_at__isnull=True, revoked_at__isnull=True)
            .order_by("-created_at")[:20]
        )
        locked = [a for a in live if a.locked_until and a.locked_until > now]
        if live and len(locked) == len(live):
            raise ValidationError(_locked_message(locked[0]))
        match = next(
            (a for a in live if a not in locked and a.expires_at > now
             and code_matches(normalize_code(code), a.code_hash)),
            None,
        )
        if match is None:
            for a in live:
                if a not in locked:
                    _count_failure(a, now)
            raise_later = ValidationError(generic)
        else:
            raise_later = None
            match.used_at = now
            match.save(update_fields=["used_at"])
            opened = list(match.opens.select_related("institution"))
            RoleAssignment.objects.filter(pk__in=[a.pk for a in opened]).update(
                suspended_at=None, suspended_reason=""
            )
            for a in opened:
                _event(actor=user, action="role_reopened", target=user, institution=a.institution, detail=str(a))
    if raise_later is not None:
        raise raise_later
    return opened


@transaction.atomic
def operator_reopen_code_issue(*, scope: Scope, assignment_id: int) -> tuple[RoleAssignment, str]:
    """An admin re-opens a suspended operator/admin role of an institution it manages."""
    a = _assignment_in_scope(scope, assignment_id)
    code = role_reopen_code_issue(assignment=a, actor=scope.user, institution=scope.active.institution)
    return a, code


# --- people and roles -------------------------------------------------------------------------


def _check_register_rights(scope: Scope, institution: Institution, role: str) -> None:
    active: ActiveRole | None = scope.active
    if active is None or not active.is_admin:
        raise PermissionDenied
    if not scope.manageable_institutions().filter(pk=institution.pk).exists():
        raise PermissionDenied
    if role not in (Role.ADMIN, Role.OPERATOR):
        raise ValidationError(_("Peran tidak dikenal."))
    if role == Role.ADMIN and institution.pk == active.institution.pk:
        raise ValidationError(_("Admin lembaga ini didaftarkan oleh admin lembaga di atasnya."))


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
) -> tuple[User, str]:
    """An admin registers a NEW person as operator (or as admin of an institution directly below).
    Returns the user and a one-time activation code that opens only this role.

    A username that exists (or is reserved) is refused with the same words as any other unusable
    name, so this page neither attaches a role to someone else's account nor tells whether the
    account exists. An existing person is added through an invitation they accept."""
    _check_register_rights(scope, institution, role)
    username = username.strip()
    if username.lower() in RESERVED_USERNAMES or User.objects.filter(username__iexact=username).exists():
        raise ValidationError(USERNAME_REFUSED, code="username")
    user = User(username=username, full_name=full_name.strip(), email=email.strip(), nip=nip.strip())
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as e:
        if "username" in getattr(e, "error_dict", {}):
            raise ValidationError(USERNAME_REFUSED, code="username") from None
        raise
    user.save()
    a = RoleAssignment.objects.create(user=user, role=role, institution=institution, created_by=scope.user)
    institution_group(institution).user_set.add(user)
    code = activation_code_issue(user=user, actor=scope.user, opens=[a], institution=institution)
    _event(actor=scope.user, action=f"{role}_registered", target=user, institution=institution)
    return user, code


INVITATION_TTL_DAYS = 14


@transaction.atomic
def invitation_send(*, scope: Scope, institution: Institution, role: str, username: str) -> RoleInvitation:
    """Offer a role to a person who already has an account. The invitation is stored as addressed,
    whether or not the account exists, so the answer is the same for every name."""
    _check_register_rights(scope, institution, role)
    username = username.strip()
    if not username:
        raise ValidationError(_("Tulis nama pengguna orang yang diundang."))
    if RoleInvitation.objects.filter(
        username__iexact=username, role=role, institution=institution, accepted_at__isnull=True,
        declined_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError(_("Undangan yang sama masih menunggu jawaban."))
    inv = RoleInvitation(
        username=username,
        role=role,
        institution=institution,
        invited_by=scope.user,
        expires_at=timezone.now() + timedelta(days=INVITATION_TTL_DAYS),
    )
    inv.full_clean()
    inv.save()
    _event(
        actor=scope.user,
        action="invitation_sent",
        institution=institution,
        detail=f"{username}: {Role(role).label}",
    )
    return inv


def _open_invitation(*, user: User, invitation_id: int) -> RoleInvitation:
    from .selectors import invitations_for

    inv = invitations_for(user=user).select_for_update(of=("self",)).filter(pk=invitation_id).first()
    if inv is None:
        raise ValidationError(_("Undangan ini tidak ada atau sudah tidak berlaku."))
    return inv


@transaction.atomic
def invitation_accept(*, user: User, invitation_id: int) -> RoleAssignment:
    """The invited person, logged in, accepts: only now is the role assignment created."""
    inv = _open_invitation(user=user, invitation_id=invitation_id)
    a, _created = RoleAssignment.objects.get_or_create(
        user=user, role=inv.role, institution=inv.institution, defaults={"created_by": inv.invited_by}
    )
    if not _created and (not a.is_active or a.is_suspended):
        raise ValidationError(
            _("Anda sudah memegang peran ini tetapi sedang nonaktif atau ditangguhkan; hubungi admin lembaganya.")
        )
    institution_group(inv.institution).user_set.add(user)
    inv.accepted_at, inv.assignment = timezone.now(), a
    inv.save(update_fields=["accepted_at", "assignment"])
    _event(actor=user, action="invitation_accepted", target=user, institution=inv.institution, detail=str(a))
    notify(
        user=inv.invited_by,
        title=_("Undangan diterima: %(u)s") % {"u": user.username},
        body=_("%(u)s sekarang %(r)s.") % {"u": user.display_name, "r": a},
    )
    return a


@transaction.atomic
def invitation_decline(*, user: User, invitation_id: int) -> RoleInvitation:
    inv = _open_invitation(user=user, invitation_id=invitation_id)
    inv.declined_at = timezone.now()
    inv.save(update_fields=["declined_at"])
    _event(actor=user, action="invitation_declined", target=user, institution=inv.institution,
           detail=f"{Role(inv.role).label}")
    return inv


@transaction.atomic
def invitation_revoke(*, scope: Scope, invitation_id: int) -> RoleInvitation:
    inv = (
        RoleInvitation.objects.select_for_update()
        .filter(pk=invitation_id, institution__in=scope.manageable_institutions())
        .first()
    )
    if inv is None:
        raise PermissionDenied
    if not inv.is_open:
        raise ValidationError(_("Undangan ini sudah dijawab atau dibatalkan."))
    inv.revoked_at = timezone.now()
    inv.save(update_fields=["revoked_at"])
    _event(actor=scope.user, action="invitation_revoked", institution=inv.institution, detail=inv.username)
    return inv


def _assignment_in_scope(scope: Scope, assignment_id: int) -> RoleAssignment:
    a = (
        RoleAssignment.objects.select_related("user", "institution")
        .filter(pk=assignment_id, institution__in=scope.manageable_institutions())
        .exclude(role=Role.PTK)
        .first()
    )
    if a is None or a.user.is_protected:
        raise PermissionDenied
    return a


@transaction.atomic
def operator_reset(*, scope: Scope, assignment_id: int) -> tuple[User, str]:
    """A new activation code for an operator the admin manages; the old code, password and sessions
    die. The code re-opens only the roles of this account that this admin manages; the others are
    suspended until their own owners re-open them."""
    a = _assignment_in_scope(scope, assignment_id)
    if a.user_id == scope.user.pk:
        raise ValidationError(_("Anda tidak dapat mereset akun Anda sendiri."))
    owned = list(
        RoleAssignment.objects.filter(user=a.user, institution__in=scope.manageable_institutions()).exclude(
            role=Role.PTK
        )
    )
    code = activation_code_issue(user=a.user, actor=scope.user, opens=owned, institution=scope.active.institution)
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


# --- own account: password, sessions ----------------------------------------------------------------


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The person sets a new password (the caller checked the old one). Other sessions end."""
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _event(actor=user, action="password_changed", target=user)
    return user


@transaction.atomic
def sessions_end_all(*, user: User, actor: User | None = None) -> None:
    """Log the account out of every device: every session signed with the old epoch dies."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    _event(actor=actor or user, action="sessions_ended", target=user)


# --- access log and throttles ----------------------------------------------------------------------


def data_access_record(
    *,
    actor: User,
    active: ActiveRole | None,
    action: str,
    subject_type: str,
    subject_id="",
    subject_label: str = "",
    detail: str = "",
    school_id=None,
    dinas_id=None,
    qa_office_id=None,
) -> DataAccess:
    """Log that ``actor`` (acting in ``active``) viewed or exported personal data."""
    return DataAccess.objects.create(
        actor=actor,
        role=active.role if active else "",
        institution=active.institution if active else None,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id)[:40],
        subject_label=subject_label[:200],
        detail=detail[:255],
        school_id=school_id,
        dinas_id=dinas_id,
        qa_office_id=qa_office_id,
    )


def throttle_hit(*, key: str, limit: int, window: timedelta, count: bool = True) -> bool:
    """Count one hit on ``key`` in a fixed window; True while the count stays within ``limit``.
    With ``count=False`` only tells whether the key is already over its limit."""
    now = timezone.now()
    key = key[:120]
    with transaction.atomic():
        row = Throttle.objects.select_for_update().filter(key=key).first()
        if row is None:
            if not count:
                return True
            Throttle.objects.create(key=key, window_start=now, hits=1)
            return 1 <= limit
        if row.window_start + window <= now:
            if not count:
                return True
            row.window_start, row.hits = now, 0
        if count:
            row.hits += 1
            row.save(update_fields=["window_start", "hits"])
        return row.hits <= limit if count else row.hits < limit


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


def notify(*, user: User, title: str, body: str = "", url: str = "", role=None) -> None:
    """Tell a person something: an in-app notice now, and an email after commit when they have one.
    ``role`` is the RoleAssignment under which ``url`` opens (for people with several roles)."""
    from django.core.mail import send_mail

    from .models import Notification

    Notification.objects.create(user=user, title=title[:200], body=body, url=url[:300], role=role)
    if user.email:
        link = f"\n\n{settings.PUBLIC_BASE_URL.rstrip('/')}{url}" if url else ""
        transaction.on_commit(
            lambda: send_mail(f"[Padamu] {title}", f"{body}{link}", None, [user.email], fail_silently=True)
        )


def notifications_mark_read(*, user: User) -> int:
    from .models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- officials (heads and school supervisors) --------------------------------------------------


@transaction.atomic
def official_appoint(
    *,
    institution: Institution,
    name: str,
    start,
    actor: User | None,
    position: str = OfficialPosition.HEAD,
    nip: str = "",
    rank: str = "",
    title: str = "",
    source: str = "",
    user: User | None = None,
) -> Official:
    """Record who holds an office from ``start``. The current holder's term ends the day before
    (a later appointment never rewrites history; an appointment dated before the current term's
    start is refused). Letters dated from ``start`` are signed by the new official."""
    if position not in OfficialPosition.values:
        raise ValidationError(_("Jabatan tidak dikenal."))
    current = (
        Official.objects.select_for_update()
        .filter(institution=institution, position=position, end__isnull=True)
        .first()
    )
    if current is not None:
        if start <= current.start:
            raise ValidationError(
                _("Tanggal mulai harus sesudah %(d)s, awal masa jabatan %(n)s.")
                % {"d": current.start.strftime("%d-%m-%Y"), "n": current.name}
            )
        current.end = start - timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["end"])
    official = Official(
        institution=institution,
        position=position,
        name=name.strip(),
        nip=nip.strip(),
        rank=rank.strip(),
        title=title.strip(),
        start=start,
        user=user,
        source=source[:200],
        created_by=actor,
    )
    official.full_clean()
    official.save()
    _event(
        actor=actor,
        action=f"official_{position}_appointed",
        target=user,
        institution=institution,
        detail=f"{official.name} {official.nip} mulai {start:%d-%m-%Y} {source}",
    )
    return official


@transaction.atomic
def official_term_end(*, official: Official, end, actor: User | None) -> Official:
    """End a term without a successor (the office stays vacant until the next appointment)."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if official.end is not None:
        raise ValidationError(_("Masa jabatan ini sudah berakhir."))
    official.end = end
    official.full_clean()
    official.save(update_fields=["end"])
    _event(
        actor=actor,
        action=f"official_{official.position}_ended",
        target=official.user,
        institution=official.institution,
        detail=f"{official.name} s.d. {end:%d-%m-%Y}",
    )
    return official
