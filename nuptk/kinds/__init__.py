"""Request kinds. A kind is one unit: one module in this package that builds a :class:`Kind` and
calls :func:`register`. The engine (the Submission transitions, nuptk/services.py, the views, the
templates, nuptk/printing.py) only reads the unit; it never branches on a kind or a letter code.

A kind module declares:

- ``code``, ``label``, ``order`` (place in the choice lists) and ``route`` (levels, nuptk/levels.py;
  ``route_for(submission)`` when the levels of one request depend on its payload);
- ``requirements``: the papers per PTK category (nuptk/requirements.py building blocks);
- ``checks`` (before the papers) and ``paper_checks`` (after them): pure functions of ``Facts``,
  and ``facts(submission) -> dict`` for what those checks read beyond the common facts;
- ``effect(submission, *, actor, role) -> dict``: applied inside the approving transaction (the
  dict may carry ``nuptk``, recorded as the request's result);
- ``letters``: which letter prints at which step and which institution signs and numbers it;
- ``payload``: the kind's own data (a form, a template partial, the update of the payload);
- who prepares it: ``starters`` (the tiers of the office policy whose staff may start, edit and
  submit it: the school by default, the Dinas for the kinds it enters itself) and ``may_start(active,
  ptk)`` (default: the PTK's home school, or the Dinas over it);
- flags the engine enforces: ``needs_nuptk``, ``needs_no_nuptk`` (checked before submit and again
  at the approval), ``needs_dapodik`` (checked before submit), ``sk_rejectable`` (PDSPK may "tolak
  SK").

The modules of this package are discovered when the nuptk app is ready (:func:`load`); adding a kind
is adding a module here, its letter templates and its tests. See docs/contracts.md.
"""

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.policy import Tier


class Step:
    """When a letter prints."""

    SUBMIT = "submit"  # the school submits (every round)
    RECEIVE = "receive"  # a reviewer at ``level`` takes the request (once per round and level)
    FORWARD = "forward"  # ``level`` approves and forwards to the next level
    APPROVE = "approve"  # the last level approves (with the effect)
    # the office that approved files the completed case ("Arsipkan"): a separate action, offered
    # only for kinds with a letter at this step for the approving level (the mutasi's SM05)
    ARCHIVE = "archive"


def signed_by_actor(submission, institution):
    """The institution the acting role works for (the school, or the reviewing office)."""
    return institution


def signed_for_qa_office(submission, institution):
    """The QA office over the school (LPMP/BPKLN/BP-PAUD), numbered in its sequence."""
    return submission.qa_office if submission.qa_office_id else institution


def signed_for_dinas(submission, institution):
    """The Dinas over the school."""
    return submission.dinas if submission.dinas_id else institution


@dataclass(frozen=True)
class LetterStep:
    code: str  # a letter type registered with documents (nuptk/letters.py)
    on: str  # Step.*
    level: str = ""  # for RECEIVE and FORWARD: the level code
    signer: Callable = signed_by_actor  # (submission, acting institution) -> issuing institution
    data: Callable | None = None  # (submission) -> extra letter data (keys listed in the type's sample)
    # Several requests forwarded at once print ONE letter of this step: its ``data.items`` joins the
    # ``items`` that ``data`` gives for each request (S10, the Dinas's pengantar; nuptk/printing.py).
    batch: bool = False


@dataclass(frozen=True)
class Payload:
    """Data a kind carries beyond its papers, edited on the request page while it is editable."""

    fields: tuple[str, ...]  # the payload keys the kind owns (nothing else is stored)
    form: type  # parses the POST of the kind's card (shape only)
    template: str  # partial of the detail page; gets ``sub`` and ``form`` (None when read-only)
    update: Callable  # (submission, cleaned_data) -> {key: value} of the new payload values


def home_school_or_its_dinas(active, ptk) -> bool:
    """Default start rule: staff of the PTK's home school, or of the Dinas over it (for the kinds
    the Dinas prepares itself)."""
    inst = active.institution
    tier = active_tier(active)
    if tier == Tier.SCHOOL:
        return ptk.school_id == inst.pk
    if tier == Tier.DINAS:
        return ptk.dinas_id == inst.pk
    return False


def active_tier(active) -> str | None:
    """The tier (accounts.policy) of the institution a staff role acts for; None for PTK and others."""
    from accounts.policy import policy_of

    if active is None or active.is_ptk or active.institution is None:
        return None
    p = policy_of(active.kind)
    return p.tier if p is not None else None


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    route: tuple
    requirements: Mapping  # category -> tuple[Requirement, ...]
    effect: Callable  # (submission, *, actor, role) -> dict
    order: int = 100
    checks: tuple = ()  # (Facts) -> list[Check], before the paper checks
    paper_checks: tuple = ()  # (Facts) -> list[Check], after the paper checks
    facts: Callable | None = None  # (submission) -> dict of extra facts (Facts.extra)
    letters: tuple = ()  # LetterStep
    payload: Payload | None = None
    letter_request_data: Callable | None = None  # (submission) -> extra keys of the letters' "request"
    approved_notice: Callable | None = None  # (submission) -> (title, body) told on approval
    needs_nuptk: bool = False  # the PTK must hold an NUPTK (at submit and at approval)
    needs_no_nuptk: bool = False  # the PTK must not hold one (at submit and at approval)
    needs_no_nuptk_hint: str = ""  # what the school may do instead (shown with the refusal)
    needs_dapodik: bool = False  # in Dapodik, with a rombel for educators (at submit)
    sk_rejectable: bool = False  # PDSPK may "tolak SK": the school replaces only the SK papers
    starters: frozenset = frozenset({Tier.SCHOOL})  # tiers whose staff prepare the request
    may_start: Callable = home_school_or_its_dinas  # (active, ptk) -> bool, for a role of a starter tier
    # (submission) -> the levels of this request, a prefix or a subset of ``route`` in order (e.g. a
    # mutasi inside one kab/kota stops at the first Dinas); None: always ``route``. Read from the
    # payload, which cannot change while the request waits.
    route_for: Callable | None = None
    offered: Callable | None = None  # (ptk) -> bool: the PTK page offers this kind (None: always)
    # (submission) -> id of the Dinas the request moves the PTK into, or None: stored on the request
    # (``Submission.to_dinas``) when its payload is saved, so that Dinas lists what comes in
    # ("Mutasi masuk", nuptk.selectors.incoming_list).
    incoming_dinas: Callable | None = None

    def fits(self, ptk) -> bool:
        """Could this PTK use a request of this kind now (NUPTK held or not, and the kind's own
        ``offered``)? Only what the PTK row tells; the request's checks still decide at submit."""
        if self.needs_nuptk and not ptk.nuptk:
            return False
        if self.needs_no_nuptk and ptk.nuptk:
            return False
        return self.offered is None or bool(self.offered(ptk))

    def __str__(self):
        return str(self.label)

    def startable_by(self, active) -> bool:
        """May this role start requests of this kind at all (before a PTK is chosen)?"""
        return active is not None and active.role in ("operator", "admin") and active_tier(active) in self.starters

    def nuptk_refusal(self, held: str) -> str:
        """Why the kind's NUPTK flags refuse a PTK holding ``held`` ("" for none), or ""."""
        if self.needs_no_nuptk and held:
            hint = str(self.needs_no_nuptk_hint) or _("periksa NUPTK pada data PTK")
            return _(
                "PTK ini sudah memiliki NUPTK %(n)s, jadi ajuan %(k)s tidak dapat dilanjutkan; %(hint)s."
            ) % {
                "n": held,
                "k": self.label,
                "hint": hint,
            }
        if self.needs_nuptk and not held:
            return _(
                "PTK ini belum memiliki NUPTK, jadi ajuan %(k)s tidak dapat dilanjutkan; ajukan penerbitan atau "
                "klaim NUPTK lebih dulu."
            ) % {"k": self.label}
        return ""

    def letters_at(self, on: str, level: str = "") -> list[LetterStep]:
        return [s for s in self.letters if s.on == on and (not s.level or s.level == level)]


_registry: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if len(kind.code) > 20:
        raise ValueError(f"kind code {kind.code!r} is longer than Submission.kind (20)")
    _registry[kind.code] = kind
    return kind


def unregister(code: str) -> None:
    _registry.pop(code, None)


def get(code: str) -> Kind:
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"unknown request kind {code!r}") from None


def exists(code: str) -> bool:
    return code in _registry


def all() -> list[Kind]:  # noqa: A001 - the registry's own name
    return sorted(_registry.values(), key=lambda k: (k.order, k.code))


def startable_by(active) -> list[Kind]:
    """The kinds this role may start (the start page's choices)."""
    return [k for k in all() if k.startable_by(active)]


def choices() -> list[tuple[str, str]]:
    """The model's and the forms' choices (a callable: a kind registered later shows up too)."""
    return [(k.code, k.label) for k in all()]


def label(code: str) -> str:
    return _registry[code].label if code in _registry else code


def load() -> None:
    """Import every kind module of this package (each registers itself). Called from NuptkConfig.ready()."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def default_notice(submission) -> tuple[str, str]:
    return (
        _("Ajuan %(kind)s %(name)s disetujui") % {"kind": submission.get_kind_display(), "name": submission.ptk.name},
        _("Ajuan %(code)s telah disetujui.") % {"code": submission.code},
    )
