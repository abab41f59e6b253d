"""Requests (ajuan) of the Verval PTK chain: one engine for every kind.

Each kind is one unit (``nuptk/kinds/``): its route of levels (``nuptk/levels.py``) is data the
transitions below read; they never branch on the kind. States: ``draft`` -> ``at_<tier>`` (the
waiting state of the level's tier: ``at_dinas``, ``at_qa``, ``at_pdspk``) -> ``approved``; any level
may send the request back to the school (``rejected``) and PDSPK may reject only the SK
(``sk_rejected``), after which the school's new SK goes straight back to ``at_pdspk``. See
docs/workflow-nuptk.md.
"""

import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django_fsm import (
    GET_STATE,
    ConcurrentTransitionMixin,
    FSMField,
    FSMFieldMixin,
    FSMModelMixin,
    transition,
)

from accounts.models import Institution

from . import conditions as cond
from . import kinds
from .levels import WAITING_STATES as _WAITING


class State(models.TextChoices):
    DRAFT = "draft", _("Draf (belum diajukan)")
    AT_DINAS = "at_dinas", _("Menunggu Dinas/Atdikbud")
    AT_QA = "at_qa", _("Menunggu LPMP/BPKLN/BP-PAUD")
    AT_PDSPK = "at_pdspk", _("Menunggu PDSPK")
    REJECTED = "rejected", _("Ditolak, dikembalikan untuk diperbaiki")
    SK_REJECTED = "sk_rejected", _("Tolak SK: SK perlu diganti")
    APPROVED = "approved", _("Disetujui")
    CANCELLED = "cancelled", _("Dibatalkan")


WAITING_STATES = tuple(State(s) for s in _WAITING)
EDITABLE_STATES = (State.DRAFT, State.REJECTED)
CLOSED_STATES = (State.APPROVED, State.CANCELLED)


class RejectReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("Dokumen tidak lengkap")
    UNREADABLE = "unreadable", _("Scan tidak terbaca/tidak jelas")
    NOT_LEGALISED = "not_legalised", _("Fotokopi tidak dilegalisir cap basah")
    SK_INVALID = "sk_invalid", _("SK tidak berlaku/tidak sesuai")
    SK_PENUGASAN = "sk_penugasan", _("SK penugasan tidak 2 tahun terus-menerus")
    QUALIFICATION = "qualification", _("Kualifikasi tidak memenuhi")
    DATA_MISMATCH = "data_mismatch", _("Data tidak sesuai dokumen")
    NOT_IN_DAPODIK = "not_in_dapodik", _("Tidak terdata aktif di Dapodik/tidak memiliki rombel")
    NUPTK_HELD = "nuptk_held", _("NUPTK milik orang lain/tidak terdata")
    OTHER = "other", _("Lainnya")


def _next_state(instance, *args, **kwargs):
    return cond.next_state(instance)


@functools.cache
def _fsm_fields(model) -> tuple:
    return tuple(f for f in model._meta.fields if isinstance(f, FSMFieldMixin))


class Submission(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    kind = models.CharField(_("jenis ajuan"), max_length=20, choices=kinds.choices)
    ptk = models.ForeignKey("ptk.Ptk", on_delete=models.PROTECT, related_name="submissions")
    # Copy of the PTK's name (kept by the data master effect): name search reads the queue's own
    # rows in queue order instead of joining millions of PTK.
    ptk_name = models.CharField(max_length=150, blank=True, default="")
    school = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    # The institution that prepares the request (edits, submits, fixes it after a rejection): the
    # PTK's school for most kinds; the Dinas for the kinds it enters itself (A06, A09, A10...); or
    # another school when the kind allows it (a mutasi started by the new school). See Kind.starters.
    origin = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("disiapkan oleh")
    )
    dinas = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    qa_office = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = FSMField(_("status"), default=State.DRAFT, choices=State.choices, protected=True, max_length=12)
    level_index = models.PositiveSmallIntegerField(null=True, blank=True)
    waiting_at = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("menunggu di")
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    category = models.CharField(_("kategori PTK"), max_length=32, blank=True)
    payload = models.JSONField(default=dict, blank=True)  # claimed_nuptk, changes [{field, old, new}], ...
    checks = models.JSONField(default=list, blank=True)  # automatic checks at the last submit
    request_date = models.DateField(_("tanggal pengajuan"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    reject_note = models.TextField(blank=True)
    reject_item = models.CharField(max_length=40, blank=True)  # requirement code the note points at
    decided_at = models.DateTimeField(null=True, blank=True)
    result_nuptk = models.CharField(max_length=16, blank=True)
    rounds = models.PositiveSmallIntegerField(default=0)  # how many times the school submitted
    # The Dinas the request moves the PTK into (Kind.incoming_dinas; a mutasi's destination Dinas):
    # its "Mutasi masuk" list. Null for every other kind.
    to_dinas = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Dinas tujuan"),
    )
    # When the office that approved filed the completed case (Step.ARCHIVE, "Arsipkan"): a recorded
    # fact set once under the row lock (nuptk.services.submission_archive), not a state.
    archived_at = models.DateTimeField(_("diarsipkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("ajuan")
        verbose_name_plural = _("ajuan")
        indexes = [
            # The queue of every institution: what waits at it, oldest first, whatever the level
            # (docs/adr/0006-review-levels-and-queues.md).
            models.Index(
                fields=["waiting_at", "waiting_since", "id"], name="sub_queue", condition=Q(state__in=_WAITING)
            ),
            models.Index(
                fields=["waiting_at", "kind", "waiting_since", "id"], name="sub_queue_kind", condition=Q(state__in=_WAITING)
            ),
            models.Index(fields=["school", "-created_at", "id"], name="sub_school"),
            models.Index(fields=["origin", "-created_at", "id"], name="sub_origin"),
            # Request lists of offices (newest first): scanned backwards.
            models.Index(fields=["dinas", "created_at", "id"], name="sub_dinas_created"),
            models.Index(fields=["qa_office", "created_at", "id"], name="sub_qa_created"),
            models.Index(fields=["created_at", "id"], name="sub_created"),
            models.Index(fields=["ptk", "-created_at"], name="sub_ptk"),
            models.Index(fields=["dinas", "state", "kind"], name="sub_dinas_state"),
            models.Index(fields=["qa_office", "state", "kind"], name="sub_qa_state"),
            models.Index(fields=["state", "kind"], name="sub_state_kind"),
            # "Mutasi masuk" of a Dinas (newest first, scanned backwards); only requests that move a PTK.
            models.Index(
                fields=["to_dinas", "created_at", "id"],
                name="sub_to_dinas",
                condition=Q(to_dinas__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ptk", "kind"],
                condition=~Q(state__in=["approved", "cancelled"]),
                name="one_open_request_per_ptk_kind",
                violation_error_message=_("PTK ini sudah memiliki ajuan yang sama yang belum selesai."),
            ),
            models.CheckConstraint(
                condition=Q(result_nuptk="") | Q(result_nuptk__regex=r"^[0-9]{16}$"), name="sub_nuptk_16_digits"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.get_kind_display()}"

    @property
    def state_fields(self):
        """django-fsm-2's ConcurrentTransitionMixin filters every field of the model for its state
        fields on each instance it builds (25 per queue page); they are the same for the class."""
        return _fsm_fields(type(self))

    def get_kind_display(self):
        """The kind's label, read from the registry (Django's generic method rebuilds every kind's choice,
        translated, on each call: a few ms per queue page)."""
        return force_str(kinds.label(self.kind), strings_only=True)

    @property
    def code(self) -> str:
        return f"AJ-{self.pk:08d}" if self.pk else "AJ-baru"

    @property
    def request_kind(self) -> "kinds.Kind":
        """The kind's unit (nuptk/kinds/<kind>.py)."""
        return kinds.get(self.kind)

    @property
    def route(self) -> tuple:
        unit = self.request_kind
        return unit.route_for(self) if unit.route_for is not None else unit.route

    @property
    def level(self):
        """The level (nuptk.levels.Level) the request waits at, or None."""
        if self.level_index is None or self.state not in _WAITING:
            return None
        return self.route[self.level_index]

    @property
    def level_code(self) -> str:
        return self.level.code if self.level is not None else ""

    @property
    def is_waiting(self) -> bool:
        return self.state in WAITING_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    # --- transitions: they change fields on this row only; services lock, save, log, notify ----

    @transition(field=state, source=[State.DRAFT, State.REJECTED], target=GET_STATE(_next_state, states=list(_WAITING)), conditions=[cond.checks_pass])
    def submit(self, *, by, at):
        self.level_index = 0
        self.submitted_by, self.submitted_at = by, at
        self.first_submitted_at = self.first_submitted_at or at
        # seed 004: validity is judged at the year of the request, not of the review; a request the
        # school fixes after a rejection keeps the date it was first submitted.
        self.request_date = cond.local_date(self.first_submitted_at)
        self.rounds += 1
        self.reject_reason, self.reject_note, self.reject_item = "", "", ""
        self._arrive(at)

    @transition(field=state, source=list(WAITING_STATES), target=GET_STATE(_next_state, states=list(_WAITING)), conditions=[cond.not_last_level])
    def forward(self, *, at):
        self.level_index += 1
        self._arrive(at)

    @transition(field=state, source=list(WAITING_STATES), target=State.APPROVED, conditions=[cond.is_last_level])
    def approve(self, *, at, nuptk: str = ""):
        self.level_index = None
        self.waiting_at, self.waiting_since = None, None
        self.claimed_by, self.claimed_at = None, None
        self.decided_at = at
        self.result_nuptk = nuptk

    @transition(field=state, source=list(WAITING_STATES), target=State.REJECTED)
    def reject(self, *, reason, note, item, at):
        self._back_to_school(reason, note, item, at)

    @transition(field=state, source=State.AT_PDSPK, target=State.SK_REJECTED, conditions=[cond.sk_rejectable])
    def reject_sk(self, *, reason, note, item, at):
        self._back_to_school(reason, note, item, at)

    @transition(field=state, source=State.SK_REJECTED, target=GET_STATE(_next_state, states=list(_WAITING)))
    def resubmit_sk(self, *, by, at):
        """Back to the last level (the one that rejected the SK), skipping the others."""
        self.level_index = len(self.route) - 1
        self.submitted_by, self.submitted_at = by, at
        self.reject_reason, self.reject_note, self.reject_item = "", "", ""
        self._arrive(at)

    @transition(field=state, source=[State.DRAFT, State.REJECTED, State.SK_REJECTED], target=State.CANCELLED)
    def cancel(self, *, at):
        self.level_index = None
        self.waiting_at, self.waiting_since = None, None
        self.decided_at = at

    def _arrive(self, at):
        self.waiting_at_id = self.route[self.level_index].institution_for(self)
        self.waiting_since = at
        self.claimed_by, self.claimed_at = None, None

    def _back_to_school(self, reason, note, item, at):
        self.level_index = None
        self.waiting_at_id, self.waiting_since = self.school_id, at
        self.claimed_by, self.claimed_at = None, None
        self.reject_reason, self.reject_note, self.reject_item = reason, note, item or ""


class SubmissionDocument(models.Model):
    """A paper attached to a request for one requirement. It points at the PTK's berkas (the PTK's
    uploaded document) and copies the metadata the checks read, so the request keeps what was sent."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents")
    requirement = models.CharField(max_length=40)
    doc_kind = models.CharField(max_length=40)
    ptk_document = models.ForeignKey("ptk.PtkDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stored_file = models.ForeignKey(
        "documents.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)  # pdf / jpeg / png
    size = models.PositiveIntegerField(default=0)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    issued_on = models.DateField(_("tanggal"), null=True, blank=True)
    issuer = models.CharField(_("penerbit"), max_length=150, blank=True)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    school_year = models.PositiveSmallIntegerField(_("tahun pelajaran"), null=True, blank=True)
    legalised = models.BooleanField(_("dilegalisir"), default=False)
    # An SK pengangkatan: does it name the PTK's school? Said by the school when attaching (None: not
    # said); the reviewer confirms it on the checklist. Not named: an SK penugasan from the Dinas is due.
    names_school = models.BooleanField(_("menyebut sekolah"), null=True, blank=True)
    # A scan that must be in colour (KTP): measured saturation says grey-scale (True), colour (False),
    # or could not tell (None: a PDF with no renderer).
    greyscale = models.BooleanField(_("scan hitam-putih"), null=True, blank=True)
    is_current = models.BooleanField(default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["submission", "requirement"], name="subdoc_sub")]

    def __str__(self):
        return f"{self.requirement} {self.file_name}"


class SubmissionLog(models.Model):
    """One row per transition (and per claim/release): who, as what, where, when, from, to, why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10)
    institution = models.ForeignKey(Institution, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    level = models.CharField(max_length=20, blank=True)  # nuptk.levels.Level.code
    waited_seconds = models.PositiveIntegerField(null=True, blank=True)  # time spent at the level left
    note = models.TextField(blank=True)
    reason = models.CharField(max_length=20, blank=True)
    item = models.CharField(max_length=40, blank=True)
    # The reviewer's checklist at a decision: {item code: true/false} (nuptk.requirements.REVIEWER_CHECKS).
    checklist = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["submission", "at"], name="sublog_sub"),
            models.Index(fields=["institution", "action", "at"], name="sublog_inst"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class NuptkNumber(models.Model):
    """Every NUPTK ever issued or linked here. The primary key makes a number impossible to reuse,
    even after the PTK holding it is deactivated or removed."""

    number = models.CharField(max_length=16, primary_key=True)
    ptk = models.ForeignKey("ptk.Ptk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=10)  # issued / claimed
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{16}$"), name="nuptk_number_format")]

    def __str__(self):
        return self.number


class SubmissionNameWord(models.Model):
    """The queues' name-word index (docs/adr/0100-name-search.md): one row per distinct word of a
    request's copy of the PTK name (upper case, split at every non-alphanumeric character, as
    ``ptk.search.search_words`` splits a search), with the institution the request waits at (None
    when it waits nowhere). "Requests waiting at this office with a word starting with HEN" is then
    one btree range scan, whatever the size of the registry or of the other queues. On PostgreSQL
    a trigger on nuptk_submission keeps these rows in step with every insert, rename (the data
    master effect rewrites ``ptk_name``), move to another level and delete, also bulk COPY and raw
    SQL (migration 0010). On SQLite the table stays empty and the queue filters the names
    directly. Never written by application code."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+", db_index=False)
    word = models.CharField(max_length=150)
    waiting_at_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = "kata nama ajuan"
        default_permissions = ()

    def __str__(self):
        return self.word
