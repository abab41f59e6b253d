"""Versioning, the one place: every change to a PTK or its history rows passes through ``_record``,
which writes PtkChange rows (who, role, when, old, new) and tells the PTK when someone else made it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from accounts.services import notify

from ..models import (
    Ptk,
    PtkChange,
)

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
    if by_owner and any(d.field not in ("star", "akun") for d in diffs):
        from .registration import registration_detail_touched

        registration_detail_touched(ptk=ptk)  # what the PTK edits stays SEMENTARA until verified
    if notify_owner and not by_owner and ptk.user_id is not None:
        who = actor.display_name if actor else _("sistem")
        fields = ", ".join(dict.fromkeys(d.label for d in diffs))
        notify(
            user=ptk.user,
            role=ptk_roles_of({ptk.user_id}).get(ptk.user_id),
            title=_("Data Anda diubah oleh %(who)s") % {"who": who},
            body=_("%(who)s (%(role)s) mengubah %(fields)s. Lihat rinciannya di riwayat perubahan.")
            % {"who": who, "role": role_label(role), "fields": fields},
            url=reverse("ptk:changes", args=[ptk.pk]),
        )
    return rows


def ptk_roles_of(user_ids) -> dict:
    """user id -> the PTK role assignment of that user (a notice about their own record opens under it)."""
    return {
        ra.user_id: ra
        for ra in RoleAssignment.objects.filter(user_id__in=list(user_ids), role=Role.PTK, is_active=True)
    }
