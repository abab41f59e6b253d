"""The routes of every request kind, as data.

A route is an ordered tuple of levels. A level names who reviews the request there:

- ``dinas``: the school's ``dinas`` key (Dinas Pendidikan kab/kota or provinsi, or the Atdikbud for a
  school abroad);
- ``qa``: the school's ``qa_office`` key (LPMP/BPMP, BPKLN for schools abroad, BP-PAUD dan Dikmas for
  PAUD and non-formal units);
- ``pdspk``: the national data centre.

A new kind is one entry in ``KINDS`` plus its effect in ``nuptk/effects.py`` (looked up by name) and
its requirements in ``nuptk/requirements.py``. The engine (``Submission`` transitions and
``nuptk/services.py``) never branches on the kind.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import InstitutionKind


class Level:
    DINAS = "dinas"
    QA = "qa"
    PDSPK = "pdspk"


# The waiting state of each level; the partial indexes of the queues are built on these states.
LEVEL_STATE = {Level.DINAS: "at_dinas", Level.QA: "at_qa", Level.PDSPK: "at_pdspk"}
STATE_LEVEL = {v: k for k, v in LEVEL_STATE.items()}

LEVEL_LABEL = {
    Level.DINAS: _("Dinas Pendidikan / Atdikbud"),
    Level.QA: _("LPMP / BPKLN / BP-PAUD dan Dikmas"),
    Level.PDSPK: _("PDSPK"),
}

# Which institution kinds act at each level.
LEVEL_KINDS = {
    Level.DINAS: frozenset({InstitutionKind.DINAS_KAB, InstitutionKind.DINAS_PROV, InstitutionKind.ATDIKBUD}),
    Level.QA: frozenset({InstitutionKind.LPMP, InstitutionKind.BPKLN, InstitutionKind.BPPAUD}),
    Level.PDSPK: frozenset({InstitutionKind.PDSPK}),
}


def level_of_kind(institution_kind: str) -> str | None:
    for level, kinds in LEVEL_KINDS.items():
        if institution_kind in kinds:
            return level
    return None


@dataclass(frozen=True)
class KindSpec:
    code: str
    label: str
    route: tuple[str, ...]
    effect: str  # name of a function in nuptk.effects
    # Letters printed at the steps (codes registered with documents.letters).
    letter_on_submit: str = ""
    letter_on_receive: dict | None = None  # level -> code, printed when the level claims it
    letter_on_forward: dict | None = None  # level -> code, printed when the level forwards
    letter_on_approve: str = ""  # printed with the final approval
    sk_rejectable: bool = False  # PDSPK may "tolak SK": the school re-uploads the SK only
    needs_nuptk: bool = False  # the PTK must already hold an NUPTK
    needs_no_nuptk: bool = False  # the PTK must not hold one yet
    payload_fields: tuple[str, ...] = ()


class Kind:
    PENERBITAN = "penerbitan"
    PENONAKTIFAN = "penonaktifan"
    REAKTIVASI = "reaktivasi"
    KLAIM = "klaim"
    VERVAL_ARSIP = "verval_arsip"
    DATA_MASTER = "data_master"
    FOTO = "foto"


FULL = (Level.DINAS, Level.QA, Level.PDSPK)

KINDS: dict[str, KindSpec] = {
    Kind.PENERBITAN: KindSpec(
        Kind.PENERBITAN,
        _("Penerbitan NUPTK"),
        FULL,
        effect="issue_nuptk",
        letter_on_submit="S06",
        letter_on_receive={Level.DINAS: "S09"},
        letter_on_forward={Level.DINAS: "S10"},
        letter_on_approve="S11",
        sk_rejectable=True,
        needs_no_nuptk=True,
    ),
    Kind.PENONAKTIFAN: KindSpec(
        Kind.PENONAKTIFAN, _("Penonaktifan NUPTK"), FULL, effect="deactivate", needs_nuptk=True
    ),
    Kind.REAKTIVASI: KindSpec(Kind.REAKTIVASI, _("Reaktivasi NUPTK"), FULL, effect="reactivate", needs_nuptk=True),
    Kind.KLAIM: KindSpec(
        Kind.KLAIM,
        _("Klaim NUPTK"),
        (Level.PDSPK,),
        effect="claim_nuptk",
        needs_no_nuptk=True,
        payload_fields=("claimed_nuptk",),
    ),
    Kind.VERVAL_ARSIP: KindSpec(
        Kind.VERVAL_ARSIP, _("Verval arsip"), (Level.PDSPK,), effect="archive_verified", sk_rejectable=True
    ),
    Kind.DATA_MASTER: KindSpec(
        Kind.DATA_MASTER,
        _("Perbaikan data master"),
        (Level.DINAS,),
        effect="update_master",
        letter_on_submit="S12",
        letter_on_approve="S13",
        payload_fields=("changes",),
    ),
    # Seed 003 names no approver for photos; ours is the Dinas (flows.md).
    Kind.FOTO: KindSpec(Kind.FOTO, _("Perbaikan foto"), (Level.DINAS,), effect="replace_photo"),
    # Next on the same engine (table entries plus an effect, no engine change):
    #   "mutasi": (Level.DINAS,) with a second Dinas for moves across kab/kota -> effect "move_school",
    #             letters SM01 on submit, SM03 on approve; the destination Dinas is a payload key.
    #   "kepala_sekolah": (Level.DINAS,) -> effect "set_head", letter S18 on approve.
    #   "pengawas": (Level.DINAS,) -> effect "set_supervisor", letter S19 on approve.
}

KIND_CHOICES = [(k, spec.label) for k, spec in KINDS.items()]


def spec(kind: str) -> KindSpec:
    return KINDS[kind]


def route(kind: str) -> tuple[str, ...]:
    return KINDS[kind].route


def level_state(kind: str, index: int) -> str:
    return LEVEL_STATE[KINDS[kind].route[index]]
