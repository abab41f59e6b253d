"""History tables of a PTK (riwayat): education, appointments, teaching assignments, family,
training, certification and rank. Every row belongs to one PTK; writes go through
ptk.services.history_save/history_delete so each change is versioned in PtkChange."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution

from .choices import AppointmentKind, FamilyRelation, Qualification
from .core import Ptk

SCHOOL_YEAR_RE = r"^[0-9]{4}/[0-9]{4}$"


class HistoryRow(models.Model):
    ptk = models.ForeignKey(Ptk, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PtkEducation(HistoryRow):
    level = models.CharField(_("jenjang"), max_length=10, choices=Qualification.choices)
    institution_name = models.CharField(_("nama sekolah/perguruan tinggi"), max_length=200)
    major = models.CharField(_("jurusan/program studi"), max_length=150, blank=True)
    year_in = models.PositiveSmallIntegerField(_("tahun masuk"), null=True, blank=True)
    year_out = models.PositiveSmallIntegerField(_("tahun lulus"))
    diploma_number = models.CharField(_("nomor ijazah"), max_length=100, blank=True)
    diploma_date = models.DateField(_("tanggal ijazah"), null=True, blank=True)
    gpa = models.DecimalField(_("IPK/nilai"), max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["ptk", "year_out", "pk"]
        verbose_name = _("riwayat pendidikan")
        verbose_name_plural = _("riwayat pendidikan")
        indexes = [models.Index(fields=["ptk", "year_out"], name="ptkedu_ptk")]

    def __str__(self):
        return f"{self.get_level_display()} {self.institution_name} ({self.year_out})"


class PtkAppointment(HistoryRow):
    """An appointment decree (SK pengangkatan). No valid_to means valid until a newer SK."""

    kind = models.CharField(_("jenis SK"), max_length=10, choices=AppointmentKind.choices)
    number = models.CharField(_("nomor SK"), max_length=100)
    date = models.DateField(_("tanggal SK"))
    issuer = models.CharField(_("pejabat/lembaga penerbit"), max_length=200)
    valid_from = models.DateField(_("berlaku mulai (TMT)"))
    valid_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosongkan bila tanpa batas.")
    )

    class Meta:
        ordering = ["ptk", "valid_from", "pk"]
        verbose_name = _("riwayat pengangkatan (SK)")
        verbose_name_plural = _("riwayat pengangkatan (SK)")
        indexes = [models.Index(fields=["ptk", "valid_from"], name="ptkappt_ptk")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ptkappt_valid_range",
                violation_error_message=_("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class PtkTeaching(HistoryRow):
    """A teaching assignment for one school year (SK penugasan, hours per week)."""

    school_year = models.CharField(_("tahun ajaran"), max_length=9, help_text=_("Contoh: 2025/2026"))
    school = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sekolah"),
        null=True,
        blank=True,
    )
    school_name = models.CharField(_("nama sekolah"), max_length=200, blank=True)
    subject = models.CharField(_("mata pelajaran/tugas"), max_length=150)
    hours = models.PositiveSmallIntegerField(_("jam per minggu"))
    sk_number = models.CharField(_("nomor SK penugasan"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK penugasan"), null=True, blank=True)

    class Meta:
        ordering = ["ptk", "school_year", "pk"]
        verbose_name = _("riwayat mengajar")
        verbose_name_plural = _("riwayat mengajar")
        indexes = [models.Index(fields=["ptk", "school_year"], name="ptkteach_ptk")]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_year__regex=SCHOOL_YEAR_RE),
                name="ptkteach_school_year",
                violation_error_message=_("Tahun ajaran ditulis TTTT/TTTT, misalnya 2025/2026."),
            ),
            models.CheckConstraint(
                condition=Q(hours__lte=60),
                name="ptkteach_hours",
                violation_error_message=_("Jam mengajar per minggu paling banyak 60."),
            ),
        ]

    def __str__(self):
        return f"{self.school_year} {self.subject} ({self.hours} jam)"

    def clean(self):
        from django.core.exceptions import ValidationError

        sy = self.school_year or ""
        if (
            len(sy) == 9
            and sy[4] == "/"
            and sy[:4].isdigit()
            and sy[5:].isdigit()
            and int(sy[5:]) != int(sy[:4]) + 1
        ):
            raise ValidationError(
                {"school_year": _("Tahun ajaran harus dua tahun berurutan, misalnya 2025/2026.")}
            )


class PtkFamily(HistoryRow):
    relation = models.CharField(_("hubungan"), max_length=6, choices=FamilyRelation.choices)
    name = models.CharField(_("nama"), max_length=150)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)

    class Meta:
        ordering = ["ptk", "relation", "pk"]
        verbose_name = _("data keluarga")
        verbose_name_plural = _("data keluarga")
        indexes = [models.Index(fields=["ptk"], name="ptkfam_ptk")]

    def __str__(self):
        return f"{self.get_relation_display()}: {self.name}"


class PtkTraining(HistoryRow):
    name = models.CharField(_("nama diklat/pelatihan"), max_length=200)
    organizer = models.CharField(_("penyelenggara"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    hours = models.PositiveSmallIntegerField(_("jumlah jam"), null=True, blank=True)
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)

    class Meta:
        ordering = ["ptk", "year", "pk"]
        verbose_name = _("riwayat diklat")
        verbose_name_plural = _("riwayat diklat")
        indexes = [models.Index(fields=["ptk", "year"], name="ptktrain_ptk")]

    def __str__(self):
        return f"{self.name} ({self.year})"


class PtkCertification(HistoryRow):
    field_name = models.CharField(_("bidang studi sertifikasi"), max_length=150)
    year = models.PositiveSmallIntegerField(_("tahun sertifikasi"))
    certificate_number = models.CharField(_("nomor sertifikat pendidik"), max_length=100)
    nrg = models.CharField(_("NRG"), max_length=20, blank=True)
    scheme = models.CharField(
        _("pola/skema"), max_length=100, blank=True, help_text=_("Contoh: PPG, PLPG, portofolio")
    )

    class Meta:
        ordering = ["ptk", "year", "pk"]
        verbose_name = _("riwayat sertifikasi")
        verbose_name_plural = _("riwayat sertifikasi")
        indexes = [models.Index(fields=["ptk", "year"], name="ptkcert_ptk")]

    def __str__(self):
        return f"{self.field_name} ({self.year})"


class PtkRank(HistoryRow):
    """Pangkat/golongan (civil servants) or inpassing."""

    rank = models.CharField(_("pangkat/golongan"), max_length=50, help_text=_("Contoh: Penata Muda, III/a"))
    sk_number = models.CharField(_("nomor SK"), max_length=100)
    sk_date = models.DateField(_("tanggal SK"))
    valid_from = models.DateField(_("TMT pangkat"))
    years_of_service = models.PositiveSmallIntegerField(_("masa kerja (tahun)"), null=True, blank=True)

    class Meta:
        ordering = ["ptk", "valid_from", "pk"]
        verbose_name = _("riwayat kepangkatan")
        verbose_name_plural = _("riwayat kepangkatan")
        indexes = [models.Index(fields=["ptk", "valid_from"], name="ptkrank_ptk")]

    def __str__(self):
        return f"{self.rank} ({self.valid_from:%Y})"


# slug (used in URLs and PtkChange.table) -> model
HISTORY_MODELS = {
    "pendidikan": PtkEducation,
    "pengangkatan": PtkAppointment,
    "mengajar": PtkTeaching,
    "keluarga": PtkFamily,
    "diklat": PtkTraining,
    "sertifikasi": PtkCertification,
    "pangkat": PtkRank,
}
