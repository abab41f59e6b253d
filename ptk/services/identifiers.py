"""PegID: the registry's own 16-digit identifier for a PTK without an NUPTK."""

import secrets

from django.db import models

from accounts.models import User

from ..models import (
    Ptk,
)

PEGID_PREFIX = "00"  # PegIDs are 16 digits starting with 00: never confused with a NUPTK in our data


# --- identifiers ------------------------------------------------------------------------------


def pegid_candidate() -> str:
    return PEGID_PREFIX + f"{secrets.randbelow(10**14):014d}"  # 14 random digits


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
