"""Where a PTK works (home school plus other schools), the change history, the EDS answers and
the berkas (uploaded documents)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution

from .choices import CopyKind, DocumentKind
from .core import Ptk


class PtkSchool(models.Model):
    """A school a PTK teaches at. The home school has is_home=True and mirrors Ptk.school.
    Carries the scope keys of that school so a school sees the PTK who also teach there.
    A link is current while ``until`` is empty; a mutasi ends the old home link (the school keeps
    the PTK's past) instead of deleting it."""

    ptk = models.ForeignKey(Ptk, on_delete=models.CASCADE, related_name="school_links")
    school = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("sekolah")
    )
    dinas = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    qa_office = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_home = models.BooleanField(_("sekolah induk"), default=False)
    since = models.DateField(_("sejak"), null=True, blank=True)
    until = models.DateField(_("sampai"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sekolah tempat tugas")
        verbose_name_plural = _("sekolah tempat tugas")
        constraints = [
            models.UniqueConstraint(
                fields=["ptk", "school"], condition=Q(until__isnull=True), name="ptkschool_unique"
            ),
            models.UniqueConstraint(
                fields=["ptk"], condition=Q(is_home=True, until__isnull=True), name="ptkschool_one_home"
            ),
        ]
        indexes = [models.Index(fields=["school", "ptk"], name="ptkschool_school")]

    def __str__(self):
        return f"{self.ptk} @ {self.school}"


TABLE_LABELS = {
    "ptk": _("Data PTK"),
    "sekolah": _("Sekolah tempat tugas"),
    "berkas": _("Berkas"),
    "eds": _("Kuesioner EDS"),
    "rombel": _("Rombel (Dapodik)"),
}


class PtkChange(models.Model):
    """One versioned change to a PTK record or one of its history rows: who, in which role, when,
    old and new value. Written only by ptk.services (one place)."""

    class Action(models.TextChoices):
        CREATE = "create", _("ditambah")
        UPDATE = "update", _("diubah")
        DELETE = "delete", _("dihapus")

    ptk = models.ForeignKey(Ptk, on_delete=models.CASCADE, related_name="changes")
    table = models.CharField(
        _("bagian"), max_length=20
    )  # "ptk" or a HISTORY_MODELS slug, "berkas", "sekolah"
    row_id = models.BigIntegerField(null=True, blank=True)
    row_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=6, choices=Action.choices)
    field = models.CharField(_("kolom"), max_length=40, blank=True)
    field_label = models.CharField(max_length=100, blank=True)
    old = models.TextField(_("nilai lama"), blank=True)
    new = models.TextField(_("nilai baru"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("peran"), max_length=255, blank=True)
    by_owner = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = _("riwayat perubahan")
        indexes = [models.Index(fields=["ptk", "-at", "-id"], name="ptkchange_ptk")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.table}.{self.field} {self.action}"

    @property
    def table_label(self) -> str:
        from .history import HISTORY_MODELS

        if self.table in HISTORY_MODELS:
            return str(HISTORY_MODELS[self.table]._meta.verbose_name).capitalize()
        return str(TABLE_LABELS.get(self.table, self.table))


class PtkEds(models.Model):
    """The PTK's EDS self-evaluation answers (one current set per PTK; changes are versioned)."""

    ptk = models.OneToOneField(Ptk, on_delete=models.CASCADE, related_name="eds")
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kuesioner EDS")
        verbose_name_plural = _("kuesioner EDS")

    def __str__(self):
        return f"EDS {self.ptk}"


class PtkDocument(models.Model):
    """A berkas of a PTK (KTP, KK, ijazah, SK ...): metadata plus a checked StoredFile. A new upload
    of the same kind supersedes the current one; the old version stays in history."""

    ptk = models.ForeignKey(Ptk, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis berkas"), max_length=20, choices=DocumentKind.choices)
    stored_file = models.ForeignKey(
        "documents.StoredFile", on_delete=models.PROTECT, related_name="+", verbose_name=_("berkas")
    )
    number = models.CharField(_("nomor dokumen"), max_length=100, blank=True)
    date = models.DateField(_("tanggal dokumen"), null=True, blank=True)
    issuer = models.CharField(_("penerbit"), max_length=200, blank=True)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosongkan bila berlaku tanpa batas.")
    )
    copy_kind = models.CharField(
        _("bentuk dokumen"), max_length=10, choices=CopyKind.choices, default=CopyKind.ORIGINAL
    )
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diganti oleh"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at", "-pk"]
        verbose_name = _("berkas PTK")
        verbose_name_plural = _("berkas PTK")
        indexes = [models.Index(fields=["ptk", "kind", "-uploaded_at"], name="ptkdoc_ptk_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="ptkdoc_valid_range",
                violation_error_message=_("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def is_open_ended(self) -> bool:
        return self.valid_to is None
