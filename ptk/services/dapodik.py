"""Dapodik import applied in bulk, with the same versioning as ``_record``."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Institution, User
from accounts.services import notify

from ..models import (
    Ptk,
    PtkChange,
    PtkSchool,
)
from .identifiers import pegid_candidate
from .versioning import Diff, _field_label, ptk_roles_of, role_label

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
    from padamu.bulk import copy_values

    label = role_label(role)[:255]
    actor_id = actor.pk if actor is not None else None
    rows, told = [], {}
    for ptk, table, action, diffs, row in items:
        if not diffs:
            continue
        by_owner = actor is not None and ptk.user_id is not None and actor.pk == ptk.user_id
        row_id = getattr(row, "pk", None)
        row_label = str(row)[:200] if row is not None else ""
        action = str(action)  # the choice's value
        rows.extend(
            (
                ptk.pk,
                table,
                row_id,
                row_label,
                action,
                d.field[:40],
                d.label[:100],
                d.old,
                d.new,
                actor_id,
                label,
                by_owner,
            )
            for d in diffs
        )
        if not by_owner and ptk.user_id is not None:
            told.setdefault(ptk.pk, (ptk, []))[1].extend(d.label for d in diffs)
    copy_values(
        PtkChange,
        (
            "ptk_id",
            "table",
            "row_id",
            "row_label",
            "action",
            "field",
            "field_label",
            "old",
            "new",
            "actor_id",
            "role",
            "by_owner",
        ),
        rows,
    )
    who = actor.display_name if actor else _("sistem")
    own_roles = ptk_roles_of({ptk.user_id for ptk, _labels in told.values()})
    for ptk, labels in told.values():
        notify(
            user=ptk.user,
            role=own_roles.get(ptk.user_id),
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


def _clean_fields_many(objs, *, exclude: set) -> None:
    """``Model.clean_fields(exclude)`` of many objects of one model, each distinct value of a field
    checked once (the values of a Dapodik file repeat: statuses, schools, dates, the defaults)."""
    if not objs:
        return
    fields = [f for f in objs[0]._meta.fields if f.name not in exclude and not f.generated]
    seen = {}
    for obj in objs:
        errors = {}
        for f in fields:
            raw = getattr(obj, f.attname)
            if f.blank and raw in f.empty_values:
                continue
            try:
                key = (f.attname, raw.__class__, raw)
                cleaned = seen.get(key, seen)
            except TypeError:  # unhashable value
                key, cleaned = None, seen
            if cleaned is seen:
                try:
                    cleaned = f.clean(raw, obj)
                except ValidationError as e:
                    errors[f.name] = e.error_list
                    continue
                if key is not None:
                    seen[key] = cleaned
            if cleaned is not raw:
                setattr(obj, f.attname, cleaned)
        if errors:
            raise ValidationError(errors)


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
    from padamu.bulk import copy_insert, copy_update, copy_values
    from ptk.dapodik import Change

    from ..models import PtkRombel, RombelSource

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
            objs.append(obj)
        # Field checks without a query per row: the school is known, identifiers were checked by
        # the caller (ptk.validators, region table cached), uniqueness is guarded by the DB.
        _clean_fields_many(objs, exclude={"user", "school", "dinas", "qa_office", "photo", "entered_by"})
        copy_insert(Ptk, objs, set_pks=True)
        copy_values(
            PtkSchool,
            ("ptk_id", "school_id", "dinas_id", "qa_office_id", "is_home"),
            [(o.pk, o.school_id, o.dinas_id, o.qa_office_id, True) for o in objs],
        )
        created_label, rombel_label = _("data PTK dari Dapodik"), _("rombel")
        pegid_label = _field_label(Ptk, "pegid")
        for p, o in zip(creates, objs, strict=True):
            # A record created from Dapodik is versioned as one change row holding every value it
            # was created with (ptk_enter writes one row per field: at 100,000 records that is
            # 1.3 million rows, most of the import's time); later changes are per field as usual.
            p.ptk = o
            parts = [f"{c.label}: {c.new}" for c in p.changes]
            if o.pegid:
                parts.append(f"{pegid_label}: {o.pegid}")
            parts += [f"{rombel_label}: {r.label()}" for r in p.rombel_add]
            summary = Diff("dapodik", created_label, "", "; ".join(parts))
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
    other_label, rombel_label, hours_label = _("sekolah tempat tugas lain"), _("rombel"), _("jam per minggu")
    ended_text = _("berakhir %(d)s") % {"d": today.strftime("%d-%m-%Y")}
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
                    [Diff("school", other_label, "", f"{school.name} ({school.npsn})")],
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
                    as_diffs([Change("rombel", rombel_label, str(r), ended_text)]),
                    r,
                )
            )
        for r, h in p.rombel_hours:
            history.append(
                (
                    p.ptk,
                    "rombel",
                    PtkChange.Action.UPDATE,
                    [Diff("hours", hours_label, str(r.hours), str(h))],
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
                (p.ptk, "rombel", PtkChange.Action.CREATE, [Diff("rombel", rombel_label, "", str(row))], row)
            )
    for i in range(0, len(ended), 5000):
        PtkRombel.objects.filter(pk__in=ended[i : i + 5000]).update(ended_on=today, updated_at=timezone.now())
    copy_update(PtkRombel, hours, ["hours", "updated_at"])
    result.changes = _record_bulk(history, actor=actor, role=role)
    if progress:
        progress(len(plans))
    return result
