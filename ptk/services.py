"""Writes for the PTK record. Every change to a PTK or its history rows passes through
``_record`` here (one place), which writes PtkChange rows (who, role, when, old, new) and tells the
PTK when someone else made the change. Services take keyword-only arguments, run in one
transaction and never see the HTTP request; the caller (a view) has already checked permission."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution, Role, RoleAssignment, User
from accounts.services import account_activate, activation_code_issue, notify

from .models import (
    CONTACT_FIELDS,
    HISTORY_MODELS,
    MASTER_FIELDS,
    STAFFING_FIELDS,
    NuptkStatus,
    Ptk,
    PtkChange,
    PtkDocument,
    PtkEds,
    PtkSchool,
)
from .selectors import ptk_find_duplicates

PEGID_PREFIX = "00"  # PegIDs are 16 digits starting with 00: never confused with a NUPTK in our data
ENTRY_FIELDS = MASTER_FIELDS + CONTACT_FIELDS + STAFFING_FIELDS + ("nuptk",)


# --- versioning (the one place) ----------------------------------------------------------------


def role_label(role) -> str:
    """The role an actor acted in, as text: an ActiveRole, a Role value or any string."""
    if role is None:
        return ""
    label = getattr(role, "label", None)
    if isinstance(label, str):
        return label
    if role in Role.values:
        return str(Role(role).label)
    return str(role)


def _display(obj, field: str) -> str:
    value = getattr(obj, field)
    if value is None or value == "":
        return ""
    f = obj._meta.get_field(field)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _field_label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - a pseudo field such as "akun"
        return field


def _tracked_fields(model) -> list[str]:
    skip = {"id", "ptk", "created_at", "updated_at"}
    return [f.name for f in model._meta.concrete_fields if f.name not in skip]


@dataclass
class Diff:
    field: str
    label: str
    old: str
    new: str


def _diff(before: dict, obj, fields) -> list[Diff]:
    out = []
    for f in fields:
        new = _display(obj, f)
        if before.get(f, "") != new:
            out.append(Diff(f, _field_label(type(obj), f), before.get(f, ""), new))
    return out


def _snapshot(obj, fields) -> dict:
    return {f: _display(obj, f) for f in fields}


def _record(
    *,
    ptk: Ptk,
    table: str,
    action: str,
    diffs: list[Diff],
    actor: User | None,
    role,
    row=None,
    notify_owner: bool = True,
) -> list[PtkChange]:
    """Write one PtkChange per changed field and tell the PTK when someone else changed their data."""
    if not diffs:
        return []
    by_owner = actor is not None and ptk.user_id is not None and actor.pk == ptk.user_id
    rows = PtkChange.objects.bulk_create(
        [
            PtkChange(
                ptk=ptk,
                table=table,
                row_id=getattr(row, "pk", None),
                row_label=str(row)[:200] if row is not None else "",
                action=action,
                field=d.field,
                field_label=d.label[:100],
                old=d.old,
                new=d.new,
                actor=actor,
                role=role_label(role)[:255],
                by_owner=by_owner,
            )
            for d in diffs
        ]
    )
    if notify_owner and not by_owner and ptk.user_id is not None:
        who = actor.display_name if actor else _("sistem")
        fields = ", ".join(dict.fromkeys(d.label for d in diffs))
        notify(
            user=ptk.user,
            title=_("Data Anda diubah oleh %(who)s") % {"who": who},
            body=_("%(who)s (%(role)s) mengubah %(fields)s. Lihat rinciannya di riwayat perubahan.")
            % {"who": who, "role": role_label(role), "fields": fields},
            url=reverse("ptk:changes", args=[ptk.pk]),
        )
    return rows


# --- identifiers ------------------------------------------------------------------------------


def pegid_candidate() -> str:
    return PEGID_PREFIX + "".join(secrets.choice("0123456789") for _i in range(14))


def _free_identifier(value: str) -> bool:
    return not (
        Ptk.objects.filter(models.Q(pegid=value) | models.Q(nuptk=value)).exists()
        or User.objects.filter(username__iexact=value).exists()
    )


def pegid_generate(*, candidate=pegid_candidate) -> str:
    """A PegID not used as PegID, NUPTK or username. The unique constraint on Ptk.pegid is the
    real guard under concurrency: callers save inside a savepoint and retry on IntegrityError."""
    for _i in range(20):
        value = candidate()
        if _free_identifier(value):
            return value
    raise RuntimeError("no free PegID found")


# --- entry (A01/A05) --------------------------------------------------------------------------


def _lock_identity(name: str, birth_date) -> None:
    """Serialise entries of the same person (same normalised name and birth date) until commit, so
    two operators typing the same A05 at once cannot both pass the duplicate check. The NIK rule is
    also guarded by its unique index; this covers the name + birth date + mother's name rule."""
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers already
    key = f"{' '.join((name or '').lower().split())}|{birth_date}".encode()
    lock_id = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _duplicate_error(dupes) -> ValidationError:
    d = dupes[0]
    return ValidationError(
        _(
            "PTK ini sudah terdaftar: %(name)s (lahir %(birth)s) di %(school)s (NPSN %(npsn)s). "
            "Entri dihentikan agar tidak ada data ganda. Bila PTK ini pindah ke sekolah Anda, "
            "ajukan mutasi; bila datanya salah, ajukan perbaikan data."
        )
        % {
            "name": d.name,
            "birth": d.birth_date.strftime("%d-%m-%Y"),
            "school": d.school.name,
            "npsn": d.school.npsn or "-",
        },
        code="duplicate",
    )


@transaction.atomic
def ptk_enter(
    *,
    school: Institution,
    actor: User | None,
    role,
    form: str = "A05",
    pegid_source=pegid_candidate,
    **fields,
) -> Ptk:
    """The school operator enters a PTK from form A05 (new PTK, no NUPTK: gets a PegID) or A01
    (an NUPTK holder). Stops on a duplicate (same NIK; same name + birth date + mother's name)."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if not school.is_school:
        raise ValidationError(_("PTK hanya dapat dientri oleh sekolah."))
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    for k in ("nik", "nuptk"):
        if not fields.get(k):
            fields[k] = None
    _lock_identity(fields.get("name", ""), fields.get("birth_date"))
    dupes = ptk_find_duplicates(
        nik=fields.get("nik"),
        nuptk=fields.get("nuptk"),
        name=fields.get("name", ""),
        birth_date=fields.get("birth_date"),
        mother_name=fields.get("mother_name", ""),
    )
    if dupes:
        raise _duplicate_error(dupes)
    ptk = Ptk(
        **fields,
        school=school,
        dinas_id=school.dinas_id,
        qa_office_id=school.qa_office_id,
        entry_form="A01" if fields.get("nuptk") else form,
        entered_by=actor,
    )
    for attempt in range(5):
        if not ptk.nuptk:
            ptk.pegid = pegid_generate(candidate=pegid_source)
        ptk.full_clean()
        try:
            with transaction.atomic():
                ptk.save()
            break
        except IntegrityError:
            dupes = ptk_find_duplicates(
                nik=ptk.nik,
                nuptk=ptk.nuptk,
                name=ptk.name,
                birth_date=ptk.birth_date,
                mother_name=ptk.mother_name,
            )
            if dupes:
                raise _duplicate_error(dupes) from None
            if attempt == 4:
                raise
            ptk.pk = None
    PtkSchool.objects.create(
        ptk=ptk, school=school, dinas_id=school.dinas_id, qa_office_id=school.qa_office_id, is_home=True
    )
    fields_done = [f for f in ENTRY_FIELDS + ("pegid",) if _display(ptk, f)]
    _record(
        ptk=ptk,
        table="ptk",
        action=PtkChange.Action.CREATE,
        diffs=[Diff(f, _field_label(Ptk, f), "", _display(ptk, f)) for f in fields_done],
        actor=actor,
        role=role,
        row=ptk,
    )
    return ptk


# --- account (S02) ----------------------------------------------------------------------------


def ptk_letter_data(ptk: Ptk) -> dict:
    """The ``ptk`` keys every letter template reads (docs/contracts.md)."""
    return {
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
    letter: object
    pdf: bytes


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
    return S02Result(ptk=ptk, letter=issued.letter, pdf=issued.pdf)


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


# --- record fields ----------------------------------------------------------------------------


def _apply(*, ptk: Ptk, changes: dict, allowed, actor: User, role) -> list[PtkChange]:
    bad = set(changes) - set(allowed)
    if bad:
        raise ValidationError(
            _("Kolom ini tidak dapat diubah di sini: %(f)s") % {"f": ", ".join(sorted(bad))}
        )
    ptk = Ptk.objects.select_for_update().get(pk=ptk.pk)
    fields = list(changes)
    before = _snapshot(ptk, fields)
    for k, v in changes.items():
        if k in ("nik", "nuptk") and not v:
            v = None
        if isinstance(v, str):
            v = v.strip()
        setattr(ptk, k, v)
    ptk.clean_fields(exclude=[f.name for f in Ptk._meta.fields if f.name not in changes])
    ptk.check_identifiers(touched=fields)
    ptk.validate_unique(exclude=[f.name for f in Ptk._meta.fields if f.name not in changes])
    diffs = _diff(before, ptk, fields)
    if not diffs:
        return []
    ptk.save(update_fields=[d.field for d in diffs] + ["updated_at"])
    if ptk.user_id and any(d.field in ("name", "email") for d in diffs):
        User.objects.filter(pk=ptk.user_id).update(full_name=ptk.name, email=ptk.email)
    return _record(
        ptk=ptk, table="ptk", action=PtkChange.Action.UPDATE, diffs=diffs, actor=actor, role=role, row=ptk
    )


@transaction.atomic
def ptk_update_contacts(*, ptk: Ptk, changes: dict, actor: User, role) -> list[PtkChange]:
    """Religion, address and contacts: the PTK edits these directly (so may the home school)."""
    return _apply(ptk=ptk, changes=changes, allowed=CONTACT_FIELDS, actor=actor, role=role)


@transaction.atomic
def ptk_update_staffing(*, ptk: Ptk, changes: dict, actor: User, role) -> list[PtkChange]:
    """NIP, employment status, PTK type, qualification and Dapodik facts: kept by the home school."""
    return _apply(ptk=ptk, changes=changes, allowed=STAFFING_FIELDS, actor=actor, role=role)


@transaction.atomic
def ptk_update_master(*, ptk: Ptk, changes: dict, actor: User, role) -> list[PtkChange]:
    """Master fields (name, NIK, birth place/date, sex, mother's name), changed only as the effect of
    an approved perbaikan data master (nuptk app). Versioned like every other change."""
    return _apply(ptk=ptk, changes=changes, allowed=MASTER_FIELDS, actor=actor, role=role)


@transaction.atomic
def ptk_set_nuptk(*, ptk: Ptk, nuptk: str | None, status: str, actor: User, role) -> list[PtkChange]:
    """NUPTK and its status (used by the nuptk app's effects: issue, deactivate, reactivate, claim)."""
    return _apply(
        ptk=ptk,
        changes={"nuptk": nuptk, "nuptk_status": status},
        allowed=("nuptk", "nuptk_status"),
        actor=actor,
        role=role,
    )


@transaction.atomic
def ptk_photo_replace(*, ptk: Ptk, stored_file, actor: User, role) -> list[PtkChange]:
    """Put a checked StoredFile (documents.files RULES["photo"]) as the PTK's photo; the old file
    stays stored and the change is versioned."""
    ptk = Ptk.objects.select_for_update(of=("self",)).select_related("photo").get(pk=ptk.pk)
    old = ptk.photo
    ptk.photo = stored_file
    ptk.save(update_fields=["photo", "updated_at"])

    def desc(f):
        return f"{f.original_name or 'foto'} ({f.width}x{f.height} px, {f.size} B, #{f.pk})" if f else ""

    return _record(
        ptk=ptk,
        table="ptk",
        action=PtkChange.Action.UPDATE,
        diffs=[Diff("photo", _("foto"), desc(old), desc(stored_file))],
        actor=actor,
        role=role,
        row=ptk,
    )


# --- history tables ---------------------------------------------------------------------------


def history_model(table: str):
    try:
        return HISTORY_MODELS[table]
    except KeyError:
        raise ValidationError(_("Bagian riwayat tidak dikenal.")) from None


@transaction.atomic
def history_save(*, ptk: Ptk, table: str, data: dict, actor: User, role, row_id: int | None = None):
    """Add (row_id None) or change a history row of the PTK; versioned field by field."""
    model = history_model(table)
    fields = [f for f in _tracked_fields(model) if f in data]
    if row_id is None:
        obj = model(ptk=ptk)
        before = {}
        action = PtkChange.Action.CREATE
    else:
        obj = model.objects.select_for_update().get(pk=row_id, ptk=ptk)
        before = _snapshot(obj, fields)
        action = PtkChange.Action.UPDATE
    for k in fields:
        v = data[k]
        setattr(obj, k, v.strip() if isinstance(v, str) else v)
    obj.full_clean()
    diffs = _diff(before, obj, fields)
    if row_id is not None and not diffs:
        return obj
    obj.save() if row_id is None else obj.save(update_fields=[d.field for d in diffs] + ["updated_at"])
    if row_id is None:
        diffs = [d for d in diffs if d.new]
    _record(ptk=ptk, table=table, action=action, diffs=diffs, actor=actor, role=role, row=obj)
    return obj


@transaction.atomic
def history_delete(*, ptk: Ptk, table: str, row_id: int, actor: User, role) -> None:
    model = history_model(table)
    obj = model.objects.select_for_update().get(pk=row_id, ptk=ptk)
    fields = _tracked_fields(model)
    old = _snapshot(obj, fields)
    label = str(obj)
    obj.delete()
    obj.pk = row_id
    _record(
        ptk=ptk,
        table=table,
        action=PtkChange.Action.DELETE,
        diffs=[Diff(f, _field_label(model, f), v, "") for f, v in old.items() if v],
        actor=actor,
        role=role,
        row=type("Row", (), {"pk": row_id, "__str__": lambda self: label})(),
    )


# --- schools ----------------------------------------------------------------------------------


@transaction.atomic
def ptk_school_add(*, ptk: Ptk, school: Institution, actor: User, role) -> PtkSchool:
    """Record another school where the PTK also teaches (the home school stays)."""
    if not school.is_school:
        raise ValidationError(_("Lembaga ini bukan sekolah."))
    if PtkSchool.objects.filter(ptk=ptk, school=school).exists():
        raise ValidationError(_("%(s)s sudah tercatat sebagai sekolah tempat tugas PTK ini.") % {"s": school})
    link = PtkSchool.objects.create(
        ptk=ptk,
        school=school,
        dinas_id=school.dinas_id,
        qa_office_id=school.qa_office_id,
        is_home=False,
        since=timezone.localdate(),
    )
    _record(
        ptk=ptk,
        table="sekolah",
        action=PtkChange.Action.CREATE,
        diffs=[Diff("school", _("sekolah tempat tugas lain"), "", f"{school.name} ({school.npsn})")],
        actor=actor,
        role=role,
        row=link,
    )
    return link


@transaction.atomic
def ptk_school_remove(*, ptk: Ptk, link_id: int, actor: User, role) -> None:
    link = PtkSchool.objects.select_related("school").filter(pk=link_id, ptk=ptk, is_home=False).first()
    if link is None:
        raise ValidationError(_("Sekolah induk tidak dapat dihapus di sini; gunakan mutasi."))
    label = f"{link.school.name} ({link.school.npsn})"
    link.delete()
    _record(
        ptk=ptk,
        table="sekolah",
        action=PtkChange.Action.DELETE,
        diffs=[Diff("school", _("sekolah tempat tugas lain"), label, "")],
        actor=actor,
        role=role,
    )


# --- berkas -----------------------------------------------------------------------------------

DOCUMENT_META = ("number", "date", "issuer", "valid_from", "valid_to", "copy_kind", "note")


@transaction.atomic
def ptk_document_add(*, ptk: Ptk, kind: str, upload, actor: User, role, **meta) -> PtkDocument:
    """Check and store an uploaded berkas; it supersedes the current berkas of the same kind,
    which stays in the history. Nothing is stored when the file is refused."""
    from documents.files import RULES, file_check_and_store

    bad = set(meta) - set(DOCUMENT_META)
    if bad:
        raise TypeError(f"unknown fields {sorted(bad)}")
    stored = file_check_and_store(upload=upload, rule=RULES["scan_any"], uploaded_by=actor)
    current = (
        PtkDocument.objects.select_for_update()
        .filter(ptk=ptk, kind=kind, superseded_by__isnull=True)
        .order_by("-uploaded_at", "-pk")
        .first()
    )
    doc = PtkDocument(ptk=ptk, kind=kind, stored_file=stored, uploaded_by=actor, **meta)
    doc.full_clean()
    doc.save()
    diffs = [
        Diff(
            "berkas",
            doc.get_kind_display(),
            "",
            f"{stored.original_name} ({stored.size} B) {doc.number}".strip(),
        )
    ]
    if current is not None:
        current.superseded_by = doc
        current.save(update_fields=["superseded_by"])
        diffs[0].old = f"{current.stored_file.original_name} {current.number}".strip()
    _record(
        ptk=ptk, table="berkas", action=PtkChange.Action.CREATE, diffs=diffs, actor=actor, role=role, row=doc
    )
    return doc


# --- EDS and S03 ------------------------------------------------------------------------------


@transaction.atomic
def ptk_eds_save(*, ptk: Ptk, answers: dict, actor: User, role) -> PtkEds:
    from .eds import QUESTIONS, answer_label

    valid = {q.key for q in QUESTIONS}
    if set(answers) - valid:
        raise ValidationError(_("Jawaban kuesioner tidak dikenal."))
    eds, _created = PtkEds.objects.select_for_update().get_or_create(ptk=ptk)
    diffs = []
    for q in QUESTIONS:
        old, new = eds.answers.get(q.key), answers.get(q.key)
        if old != new:
            diffs.append(
                Diff(f"eds.{q.key}", f"EDS: {q.text[:80]}", answer_label(q, old), answer_label(q, new))
            )
    eds.answers = answers
    eds.submitted_at = timezone.now()
    eds.save()
    _record(
        ptk=ptk, table="eds", action=PtkChange.Action.UPDATE, diffs=diffs, actor=actor, role=role, row=eds
    )
    return eds


@transaction.atomic
def ptk_s03_issue(*, ptk: Ptk, actor: User):
    """S03: the PTK's printout of detail data, main history and EDS answers, handed to the school."""
    from documents.letters import letter_issue

    from .eds import QUESTIONS, answer_label
    from .selectors import history_rows

    eds = PtkEds.objects.filter(ptk=ptk).first()
    if eds is None or not eds.submitted_at:
        raise ValidationError(_("Isi kuesioner EDS terlebih dahulu sebelum mencetak S03."))
    rows = history_rows(ptk=ptk)
    history = {table: [str(r) for r in items] for table, items in rows.items()}
    completed = [_("Data rinci (identitas, alamat dan kontak, kepegawaian)")]
    completed += [
        f"{str(HISTORY_MODELS[t]._meta.verbose_name).capitalize()} ({len(items)})"
        for t, items in rows.items()
        if items
    ]
    completed.append(_("Kuesioner EDS (%(n)s jawaban)") % {"n": len(eds.answers)})
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(8))
    verval_code = f"{'VV2' if ptk.nuptk else 'RG2'}-{raw[:4]}-{raw[4:]}"
    return letter_issue(
        code="S03",
        issuer=actor,
        issuer_role=Role.PTK,
        institution=ptk.school,
        subject_type="ptk",
        subject_id=str(ptk.pk),
        subject_name=ptk.name,
        data={
            "ptk": ptk_letter_data(ptk),
            "contacts": {"address": ptk.address, "phone": ptk.phone, "email": ptk.email},
            "history": history,
            "completed": completed,
            "verval_code": verval_code,
            "eds": [
                {"question": q.text, "answer": answer_label(q, eds.answers.get(q.key))} for q in QUESTIONS
            ],
        },
        subject_user=ptk.user,
        school=ptk.school,
    )


# --- Dapodik import (bulk) ----------------------------------------------------------------------
# Added for the exchange app. Same versioning as _record (one PtkChange per changed field, the PTK
# told when someone else changed their data), written in bulk so 100,000 rows fit in one
# transaction of about a minute. The plans come from ptk.dapodik.plan_people.

DAPODIK_ROLE = "Dapodik"
DAPODIK_ENTRY_FORM = "DPD"  # Ptk.entry_form of records created by a Dapodik import


@dataclass
class DapodikApplied:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: int = 0  # PtkChange rows written


def _record_bulk(items, *, actor: User | None, role) -> int:
    """``_record`` for many PTK at once: items are (ptk, table, action, diffs, row)."""
    from padamu.bulk import copy_insert

    label = role_label(role)[:255]
    rows, told = [], {}
    for ptk, table, action, diffs, row in items:
        if not diffs:
            continue
        by_owner = actor is not None and ptk.user_id is not None and actor.pk == ptk.user_id
        rows.extend(
            PtkChange(
                ptk=ptk,
                table=table,
                row_id=getattr(row, "pk", None),
                row_label=str(row)[:200] if row is not None else "",
                action=action,
                field=d.field[:40],
                field_label=d.label[:100],
                old=d.old,
                new=d.new,
                actor=actor,
                role=label,
                by_owner=by_owner,
            )
            for d in diffs
        )
        if not by_owner and ptk.user_id is not None:
            told.setdefault(ptk.pk, (ptk, []))[1].extend(d.label for d in diffs)
    copy_insert(PtkChange, rows)
    who = actor.display_name if actor else _("sistem")
    for ptk, labels in told.values():
        notify(
            user=ptk.user,
            title=_("Data Anda diubah oleh %(who)s") % {"who": f"{who} ({label})"},
            body=_("%(who)s (%(role)s) mengubah %(fields)s. Lihat rinciannya di riwayat perubahan.")
            % {"who": who, "role": label, "fields": ", ".join(dict.fromkeys(labels))},
            url=reverse("ptk:changes", args=[ptk.pk]),
        )
    return len(rows)


def _pegids_free(n: int, *, candidate=pegid_candidate) -> list[str]:
    """``n`` distinct PegIDs not used as PegID, NUPTK or username (checked in bulk). The unique
    index on Ptk.pegid stays the guard: a collision with a concurrent entry fails the import whole."""
    out: set[str] = set()
    for _i in range(20):
        want = n - len(out)
        if want <= 0:
            break
        batch = {candidate() for _j in range(want)} - out
        for chunk_start in range(0, len(batch), 2000):
            chunk = list(batch)[chunk_start : chunk_start + 2000]
            taken = set(
                Ptk.objects.filter(models.Q(pegid__in=chunk) | models.Q(nuptk__in=chunk))
                .values_list("pegid", "nuptk")
                .iterator()
            )
            used = {v for pair in taken for v in pair if v}
            used |= {
                u.lower() for u in User.objects.filter(username__in=chunk).values_list("username", flat=True)
            }
            out |= set(chunk) - used
    if len(out) < n:
        raise RuntimeError("no free PegID found")
    return sorted(out)[:n]


@transaction.atomic
def ptk_apply_dapodik(
    *, plans, actor: User | None, role=DAPODIK_ROLE, today=None, progress=None, pegid_source=pegid_candidate
) -> DapodikApplied:
    """Apply Dapodik plans (``ptk.dapodik.plan_people``, made inside this transaction with the
    matched rows locked). Refused plans are skipped. Creates records (with their home-school link
    and a PegID when there is no NUPTK), sets the staffing fields and the Dapodik facts, keeps the
    current Dapodik rombel equal to the file, links other schools, and versions every change with
    ``role`` ("Dapodik") and ``actor`` (the importing user). ``progress(n)`` is told how many plans
    are done."""
    from padamu.bulk import copy_insert, copy_update
    from ptk.dapodik import Change

    from .models import PtkRombel, RombelSource

    today = today or timezone.localdate()
    result = DapodikApplied()
    plans = [p for p in plans if not p.refusal]
    creates = [p for p in plans if p.action == "create"]
    updates = [p for p in plans if p.action == "update"]
    result.unchanged = sum(1 for p in plans if p.action == "same")
    history = []  # (ptk, table, action, diffs, row)

    def as_diffs(changes):
        return [Diff(c.field, c.label, c.old, c.new) for c in changes]

    # New records
    if creates:
        school_ids = {p.person.home_school_id for p in creates}
        schools = Institution.objects.in_bulk(school_ids)
        need = sum(1 for p in creates if not p.values.get("nuptk"))
        pegids = iter(_pegids_free(need, candidate=pegid_source)) if need else iter(())
        objs = []
        for p in creates:
            school = schools[p.person.home_school_id]
            obj = Ptk(
                **p.values,
                school=school,
                dinas_id=school.dinas_id,
                qa_office_id=school.qa_office_id,
                entry_form=DAPODIK_ENTRY_FORM,
                entered_by=actor,
            )
            if not obj.nuptk:
                obj.pegid = next(pegids)
            # Field checks without a query per row: the school is known, identifiers were checked by
            # the caller (ptk.validators, region table cached), uniqueness is guarded by the DB.
            obj.clean_fields(exclude=["user", "school", "dinas", "qa_office", "photo", "entered_by"])
            objs.append(obj)
        copy_insert(Ptk, objs, set_pks=True)
        copy_insert(
            PtkSchool,
            [
                PtkSchool(
                    ptk=o,
                    school_id=o.school_id,
                    dinas_id=o.dinas_id,
                    qa_office_id=o.qa_office_id,
                    is_home=True,
                )
                for o in objs
            ],
        )
        for p, o in zip(creates, objs, strict=True):
            # A record created from Dapodik is versioned as one change row holding every value it
            # was created with (ptk_enter writes one row per field: at 100,000 records that is
            # 1.3 million rows, most of the import's time); later changes are per field as usual.
            p.ptk = o
            parts = [f"{c.label}: {c.new}" for c in p.changes]
            if o.pegid:
                parts.append(f"{_field_label(Ptk, 'pegid')}: {o.pegid}")
            parts += [f"{_('rombel')}: {r.label()}" for r in p.rombel_add]
            summary = Diff("dapodik", _("data PTK dari Dapodik"), "", "; ".join(parts))
            history.append((o, "ptk", PtkChange.Action.CREATE, [summary], o))
        result.created = len(objs)
        if progress:
            progress(len(creates))

    # Changed fields of existing records, grouped by the set of fields they change
    by_fields: dict[tuple, list[Ptk]] = {}
    for p in updates:
        if not p.values:
            continue
        for f, v in p.values.items():
            setattr(p.ptk, f, v)
        p.ptk.updated_at = timezone.now()
        by_fields.setdefault(tuple(sorted(p.values)), []).append(p.ptk)
        history.append((p.ptk, "ptk", PtkChange.Action.UPDATE, as_diffs(p.changes), p.ptk))
    for fields, objs in by_fields.items():
        copy_update(Ptk, objs, [*fields, "updated_at"])
    result.updated = len(updates)

    # Other schools and rombel
    links, new_rombels, ended, hours = [], [], [], []
    schools = Institution.objects.in_bulk({s for p in plans for s in p.links_add})
    for p in creates + updates:
        for s in p.links_add:
            school = schools[s]
            link = PtkSchool(
                ptk=p.ptk,
                school=school,
                dinas_id=school.dinas_id,
                qa_office_id=school.qa_office_id,
                is_home=False,
                since=today,
            )
            links.append(link)
            history.append(
                (
                    p.ptk,
                    "sekolah",
                    PtkChange.Action.CREATE,
                    [Diff("school", _("sekolah tempat tugas lain"), "", f"{school.name} ({school.npsn})")],
                    None,
                )
            )
        for r in p.rombel_add:
            row = PtkRombel(
                ptk=p.ptk,
                school_id=r.school_id,
                school_year=r.school_year,
                semester=r.semester,
                rombel=r.rombel,
                subject=r.subject,
                hours=r.hours,
                source=RombelSource.DAPODIK,
                started_on=today,
            )
            new_rombels.append((p, row))  # values checked by the reader; DB constraints guard the rest
        for r in p.rombel_end:
            ended.append(r.pk)
            history.append(
                (
                    p.ptk,
                    "rombel",
                    PtkChange.Action.UPDATE,
                    as_diffs(
                        [
                            Change(
                                "rombel",
                                _("rombel"),
                                str(r),
                                _("berakhir %(d)s") % {"d": today.strftime("%d-%m-%Y")},
                            )
                        ]
                    ),
                    r,
                )
            )
        for r, h in p.rombel_hours:
            history.append(
                (
                    p.ptk,
                    "rombel",
                    PtkChange.Action.UPDATE,
                    [Diff("hours", _("jam per minggu"), str(r.hours), str(h))],
                    r,
                )
            )
            r.hours = h
            hours.append(r)
    copy_insert(PtkSchool, links)
    copy_insert(PtkRombel, [row for _p, row in new_rombels], set_pks=True)
    for p, row in new_rombels:
        if p.action != "create":  # a new record's rombel are in its creation row
            history.append(
                (p.ptk, "rombel", PtkChange.Action.CREATE, [Diff("rombel", _("rombel"), "", str(row))], row)
            )
    for i in range(0, len(ended), 5000):
        PtkRombel.objects.filter(pk__in=ended[i : i + 5000]).update(ended_on=today, updated_at=timezone.now())
    copy_update(PtkRombel, hours, ["hours", "updated_at"])
    result.changes = _record_bulk(history, actor=actor, role=role)
    if progress:
        progress(len(plans))
    return result
