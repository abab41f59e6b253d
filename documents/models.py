"""The paper layer: checked uploads (StoredFile), issued letters and their numbering, batch prints."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """An uploaded file that passed the content checks. The bytes live in the default storage
    (settings.PRIVATE_STORAGE_ROOT, outside the web root) under a server-chosen name."""

    path = models.CharField(max_length=255, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    rule = models.CharField(max_length=30, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("berkas tersimpan")
        verbose_name_plural = _("berkas tersimpan")

    def __str__(self):
        return f"{self.original_name or self.path} ({self.content_type})"

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            self.content_type, "bin"
        )


class LetterSequence(models.Model):
    """The yearly letter counter of an institution. Locked with select_for_update when issuing."""

    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="one_sequence_per_year")]

    def __str__(self):
        return f"{self.institution_id}/{self.year}: {self.last}"


class Letter(models.Model):
    """An issued letter: its number, issuer, subject and a snapshot of everything printed, so a
    reprint is identical. Carries the scope keys of its school so scope.rows() works on it."""

    code = models.CharField(_("kode surat"), max_length=8)
    title = models.CharField(_("judul"), max_length=200)
    number = models.CharField(_("nomor"), max_length=80, db_index=True)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("penerbit")
    )
    issuer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuer_name = models.CharField(max_length=150, blank=True)
    issuer_role = models.CharField(max_length=10, blank=True)
    subject_type = models.CharField(max_length=20)
    subject_id = models.CharField(max_length=40, blank=True)
    subject_name = models.CharField(_("nama subjek"), max_length=200)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    school = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dinas = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    qa_office = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confidential = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    letterhead = models.JSONField(default=dict, blank=True)
    token = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField()
    # The first print is the original; every later one is marked "cetak ulang" (documents.letters).
    # A confidential letter prints its original, with its secret, when it is issued.
    printed_at = models.DateTimeField(_("pertama dicetak"), null=True, blank=True)
    voided_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    void_reason = models.CharField(_("alasan pembatalan"), max_length=255, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "seq"], name="letter_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["school", "-issued_at"], name="letter_school"),
            models.Index(fields=["dinas", "-issued_at"], name="letter_dinas"),
            models.Index(fields=["qa_office", "-issued_at"], name="letter_qa"),
            models.Index(fields=["institution", "-issued_at"], name="letter_inst"),
            models.Index(fields=["subject_user", "-issued_at"], name="letter_subject_user"),
            models.Index(fields=["subject_type", "subject_id"], name="letter_subject"),
        ]

    def __str__(self):
        return f"{self.code} {self.number}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    DELIVERED = "delivered", _("Sudah diunduh")
    EXPIRED = "expired", _("Kedaluwarsa")


class BatchPrint(models.Model):
    """A merged PDF of many letters, built by a background task. Only its requester may download it;
    the file is deleted after the download or when it expires."""

    kind = models.CharField(max_length=30)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10)
    params = models.JSONField(default=dict, blank=True)
    description = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveSmallIntegerField(default=1)
    parts_done = models.PositiveSmallIntegerField(default=0)
    path = models.CharField(max_length=255, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("cetak massal")
        verbose_name_plural = _("cetak massal")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="batch_user")]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="batch_done_le_total")
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == "done" else 0)


class Complaint(models.Model):
    """A complaint about a request or a letter (seed 004: the service is free and has a complaints
    channel). Filed by any user who may see the subject; answered by the institution that owns it
    (a letter's issuer; the institution a request waits at, or that prepared it). The answer and its
    time are kept and counted (documents.complaints.complaint_counts)."""

    class Subject(models.TextChoices):
        REQUEST = "request", _("ajuan")
        LETTER = "letter", _("surat")

    subject_type = models.CharField(max_length=10, choices=Subject.choices)
    subject_id = models.CharField(max_length=40)
    subject_label = models.CharField(_("tentang"), max_length=200)
    owner = models.ForeignKey(
        "accounts.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lembaga yang menjawab"),
    )
    school = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dinas = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    qa_office = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_role = models.CharField(max_length=255, blank=True)
    text = models.TextField(_("pengaduan"))
    filed_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["owner", "-filed_at"], name="complaint_owner"),
            models.Index(fields=["filed_by", "-filed_at"], name="complaint_filer"),
            models.Index(fields=["subject_type", "subject_id"], name="complaint_subject"),
        ]

    def __str__(self):
        return f"{self.subject_label} ({self.filed_at:%Y-%m-%d})"


class LetterheadVersion(models.Model):
    """The letterhead data of an institution as kept by its admin or the level above: address,
    city (the place on the dating line), phone, e-mail, website and an optional logo. Every change
    is a new row (the history); letters read the newest row at issue time and snapshot it."""

    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.CASCADE, related_name="letterhead_versions"
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    city = models.CharField(
        _("kota tempat surat"),
        max_length=80,
        blank=True,
        help_text=_('Tempat pada baris tanggal surat, mis. "Yogyakarta".'),
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("situs web"), max_length=120, blank=True)
    logo = models.BinaryField(_("logo (PNG)"), null=True, blank=True, editable=False)
    logo_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_role = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")
        indexes = [models.Index(fields=["institution", "-created_at", "-id"], name="letterhead_inst")]

    def __str__(self):
        return f"{self.institution_id} @ {self.created_at:%Y-%m-%d}"
