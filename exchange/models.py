"""Data exchange with other systems: Dapodik imports (file, preview, result), Dapodik exports
(background jobs, downloadable once by their requester), and the read API's clients and call log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran diperiksa")
    ANALYSING = "analysing", _("Sedang diperiksa")
    PREVIEW = "preview", _("Pratinjau siap: menunggu konfirmasi")
    CONFIRMED = "confirmed", _("Dikonfirmasi: menunggu giliran disimpan")
    APPLYING = "applying", _("Sedang disimpan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


IMPORT_RUNNING = (ImportStatus.QUEUED, ImportStatus.ANALYSING, ImportStatus.CONFIRMED, ImportStatus.APPLYING)


class DapodikImport(models.Model):
    """One uploaded Dapodik file: checked into a preview (``ImportEntry`` rows), confirmed by its
    uploader, then applied in one transaction by a background task. The file is kept (private
    storage) until the import is done, failed or cancelled, then deleted."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the command line
    # The role it was uploaded in (re-checked when it is applied): its scope decides which NPSN may be imported.
    assignment = models.ForeignKey(
        "accounts.RoleAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role_label = models.CharField(max_length=255, blank=True)
    school = models.ForeignKey(
        "accounts.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hanya sekolah"),
    )
    original_name = models.CharField(_("nama berkas"), max_length=200)
    path = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)  # data rows of the file
    done = models.PositiveIntegerField(default=0)  # rows checked / applied so far
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    history_rows = models.PositiveIntegerField(default=0)  # PtkChange rows written
    digest = models.CharField(max_length=64, blank=True)  # of the preview the user confirmed
    columns = models.JSONField(default=dict, blank=True)  # {"used": [...], "ignored": [...]}
    error = models.TextField(blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impor Dapodik")
        verbose_name_plural = _("impor Dapodik")
        indexes = [models.Index(fields=["requested_by", "created_at", "id"], name="dpdimport_user")]

    def __str__(self):
        return f"impor #{self.pk} {self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.PREVIEW):
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in IMPORT_RUNNING

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)


class EntryStatus(models.TextChoices):
    ADD = "add", _("Ditambahkan")
    CHANGE = "change", _("Diubah")
    SAME = "same", _("Tidak berubah")
    REFUSE = "refuse", _("Ditolak")


class ImportEntry(models.Model):
    """One person (or one refused row) of an import's preview: the rows of the file that name them,
    what applying the file will do, and the reasons or warnings in Indonesian."""

    job = models.ForeignKey(DapodikImport, on_delete=models.CASCADE, related_name="entries")
    first_line = models.PositiveIntegerField()
    lines = models.CharField(max_length=255)
    status = models.CharField(max_length=6, choices=EntryStatus.choices)
    ptk = models.ForeignKey("ptk.Ptk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=150, blank=True)
    identifier = models.CharField(max_length=40, blank=True)
    npsn = models.CharField(max_length=8, blank=True)
    messages = models.JSONField(default=list, blank=True)  # reasons (refused) or warnings
    changes = models.JSONField(default=list, blank=True)  # [{field, label, old, new}]

    class Meta:
        ordering = ["job", "first_line", "pk"]
        indexes = [
            models.Index(fields=["job", "first_line", "id"], name="dpdentry_job"),
            models.Index(fields=["job", "status", "first_line", "id"], name="dpdentry_job_status"),
        ]

    def __str__(self):
        return f"{self.lines}: {self.status} {self.name}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    DELIVERED = "delivered", _("Sudah diunduh")
    EXPIRED = "expired", _("Kedaluwarsa")


class ExportLevel(models.TextChoices):
    SCHOOL = "sekolah", _("Satu sekolah")
    REGENCY = "kabkota", _("Satu kabupaten/kota")
    PROVINCE = "provinsi", _("Satu provinsi")


class DapodikExport(models.Model):
    """A Dapodik-format file of the PTK in a scope, built by a background task. Only its requester
    may download it, once; the file is deleted after the download or when it expires (24 h)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        "accounts.RoleAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=8, choices=ExportLevel.choices)
    target = models.CharField(max_length=12)  # NPSN, kab/kota code or province code
    target_name = models.CharField(max_length=200, blank=True)
    fmt = models.CharField(max_length=4, default="csv")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "created_at", "id"], name="dpdexport_user")]

    def __str__(self):
        return f"ekspor #{self.pk} {self.level} {self.target} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status in (ExportStatus.DONE, ExportStatus.DELIVERED):
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def filename(self) -> str:
        return f"dapodik-ptk-{self.level}-{self.target}.{self.fmt}"


class ApiClient(models.Model):
    """A system of an institution that reads the API. Its key is shown once at creation; only its
    SHA-256 is stored (the key is 256 random bits, so a plain hash cannot be guessed back)."""

    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("nama sistem"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["institution", "name", "pk"]
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")
        indexes = [models.Index(fields=["institution", "name", "id"], name="apiclient_inst")]

    def __str__(self):
        return f"{self.name} ({self.institution})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiCall(models.Model):
    """Every call to the read API: who (client, institution), what (method, path, parameters),
    the answer's status and how long it took."""

    client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    institution = models.ForeignKey(
        "accounts.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    params = models.JSONField(default=dict, blank=True)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["client", "at", "id"], name="apicall_client"),
            models.Index(fields=["at"], name="apicall_at", condition=Q(client__isnull=True)),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"
