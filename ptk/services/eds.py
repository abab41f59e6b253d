"""EDS answers and the S03 letter of detail data."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User

from ..models import (
    HISTORY_MODELS,
    Ptk,
    PtkChange,
    PtkEds,
)
from .account import ptk_letter_data
from .versioning import Diff, _record

# --- EDS and S03 ------------------------------------------------------------------------------


@transaction.atomic
def ptk_eds_save(*, ptk: Ptk, answers: dict, actor: User, role) -> PtkEds:
    from ..eds import QUESTIONS, answer_label

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
def ptk_s03_issue(*, ptk: Ptk, actor: User, role=None):
    """S03: the PTK's printout of detail data, main history and EDS answers, handed to the school
    (a supervisor's: to the Dinas that entered them). ``role``: None when the PTK prints it; the
    active role of that Dinas's staff when they print it from the supervisor's page (the caller
    checked ptk.permissions.can_print_s03_for)."""
    from accounts.policy import DINAS_KINDS
    from documents.letters import letter_issue

    from ..eds import QUESTIONS, answer_label
    from ..selectors import history_rows

    eds = PtkEds.objects.filter(ptk=ptk).first()
    if eds is None or not eds.submitted_at:
        if role is not None:
            raise ValidationError(
                _(
                    "%(n)s belum mengisi kuesioner EDS: S03 memuat jawabannya. Terbitkan S02 bila belum, "
                    "agar ia dapat masuk dan mengisinya."
                )
                % {"n": ptk.name}
            )
        raise ValidationError(_("Isi kuesioner EDS terlebih dahulu sebelum mencetak S03."))
    home = ptk.school
    handed_to = _("admin %(i)s") % {"i": home.name} if home.kind in DINAS_KINDS else _("admin sekolah")
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
    issued = letter_issue(
        code="S03",
        issuer=actor,
        issuer_role=role.role if role is not None else Role.PTK,
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
            "handed_to": str(handed_to),
            "printed_by": home.name if role is not None else "",
            "eds": [
                {"question": q.text, "answer": answer_label(q, eds.answers.get(q.key))} for q in QUESTIONS
            ],
        },
        subject_user=ptk.user,
        school=ptk.school,
    )
    from .registration import registration_s03_submitted

    registration_s03_submitted(ptk=ptk, letter=issued.letter, actor=actor, role=role or Role.PTK)
    return issued
