"""Helpers of the kinds' effects (each kind's effect is a function in its module, nuptk/kinds/).
An effect runs inside the approving transaction, after the request row is locked, and writes the
PTK only through the ptk app's services (versioned in the PTK's history)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ptk import selectors as ptk_selectors
from ptk.services import ptk_set_nuptk

from .models import NuptkNumber


def _random_nuptk() -> str:
    return str(10**15 + secrets.randbelow(9 * 10**15))


def nuptk_allocate(*, ptk, submission=None, source: str = "issued", number: str | None = None) -> str:
    """Reserve a never-used NUPTK. The registry's primary key serialises concurrent issuers: a second
    transaction inserting the same number waits for the first and then fails, and we draw again."""
    for _attempt in range(50):
        n = number or _random_nuptk()
        try:
            with transaction.atomic():
                NuptkNumber.objects.create(number=n, ptk=ptk, source=source, submission=submission)
        except IntegrityError:
            if number:
                raise ValidationError(_("NUPTK %(n)s sudah tercatat untuk PTK lain.") % {"n": n}) from None
            continue
        if number is None and ptk_selectors.nuptk_holder(nuptk=n, exclude_pk=ptk.pk) is not None:
            continue  # an old number held outside the registry: keep it reserved, draw again
        return n
    raise ValidationError(_("Gagal membuat NUPTK baru; coba lagi."))


def lock_ptk(submission):
    """The request's PTK, locked until the approving transaction ends."""
    return ptk_selectors.ptk_lock(pk=submission.ptk_id)


def set_nuptk(ptk, *, nuptk, status, actor, role) -> None:
    """The PTK's NUPTK and its status, versioned in the PTK history (ptk.services.ptk_set_nuptk)."""
    ptk_set_nuptk(ptk=ptk, nuptk=nuptk, status=status, actor=actor, role=role)
    ptk.refresh_from_db()
