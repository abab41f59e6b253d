"""Review levels: the steps of a request's route.

A level says who reviews a request there: the institution ``institution_for(submission)`` returns
(its staff act at the level's ``tier`` of the office policy, accounts/policy.py). The waiting state
of a request is the state of its level's tier (``at_dinas``, ``at_qa``, ``at_pdspk``: what the user
reads), and the queue of an institution is every request waiting *at it* (``waiting_at``), one
partial index for every level (docs/adr/0006-review-levels-and-queues.md).

The three levels of today resolve from the school's copied keys. A kind may declare its own level
whose institution comes from the request itself, e.g. the destination Dinas of a mutasi::

    DINAS_TUJUAN = Level("dinas_tujuan", _("Dinas tujuan"), Tier.DINAS,
                         lambda sub: sub.payload.get("to_dinas_id"))

Nothing else changes: the request waits in ``at_dinas`` at that Dinas, shows in its queue and may
be opened and decided there (nuptk/permissions.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from accounts.policy import Tier

# The waiting state of each review tier, its label and its service standard.
TIER_STATE = {Tier.DINAS: "at_dinas", Tier.QA: "at_qa", Tier.NATIONAL: "at_pdspk"}
STATE_TIER = {v: k for k, v in TIER_STATE.items()}
WAITING_STATES = tuple(TIER_STATE.values())
# Seed 004: the Dinas check of one request takes at most 30 minutes.
TIER_SLA = {Tier.DINAS: timedelta(minutes=30)}


def national_office_id() -> int | None:
    """PDSPK, the one national office (a plain read)."""
    from accounts.models import Institution
    from accounts.policy import NATIONAL_KINDS

    return (
        Institution.objects.filter(kind__in=NATIONAL_KINDS)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Level:
    code: str  # stored in the log rows (SubmissionLog.level, at most 20 characters)
    label: str
    tier: str  # accounts.policy.Tier: which institution kinds act here
    resolve: Callable = field(repr=False)  # (submission) -> institution id or None

    def __post_init__(self):
        if len(self.code) > 20:
            raise ValueError(f"level code {self.code!r} is longer than SubmissionLog.level (20)")

    def institution_for(self, submission) -> int | None:
        return self.resolve(submission)

    @property
    def state(self) -> str:
        return TIER_STATE[self.tier]

    @property
    def sla(self) -> timedelta | None:
        return TIER_SLA.get(self.tier)

    def __str__(self):
        return self.code


DINAS = Level("dinas", _("Dinas Pendidikan / Atdikbud"), Tier.DINAS, lambda sub: sub.dinas_id)
QA = Level("qa", _("LPMP / BPKLN / BP-PAUD dan Dikmas"), Tier.QA, lambda sub: sub.qa_office_id)
PDSPK = Level("pdspk", _("PDSPK"), Tier.NATIONAL, lambda sub: national_office_id())
FULL = (DINAS, QA, PDSPK)

TIER_LABEL = {lv.tier: lv.label for lv in FULL}
