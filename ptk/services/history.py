"""History tables (education, appointments, ...): add, change, delete, versioned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    HISTORY_MODELS,
    Ptk,
    PtkChange,
)
from .versioning import Diff, _diff, _field_label, _record, _snapshot, _tracked_fields

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
