"""The PTK record. (Core fields; the PTK registry work extends this module.)"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class NuptkStatus(models.TextChoices):
    NONE = "none", _("Belum ber-NUPTK")
    SEMENTARA_AKTIF = "sementara_aktif", _("Sementara Aktif")
    PERMANEN_AKTIF = "permanen_aktif", _("Permanen Aktif")
    NONAKTIF = "nonaktif", _("Nonaktif")


class Ptk(models.Model):
    """A teacher or education staff member. Carries the scope keys of the home school
    (school, dinas, qa_office) so that every list is a plain indexed filter."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ptk"
    )
    name = models.CharField(_("nama lengkap"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    mother_name = models.CharField(_("nama ibu kandung"), max_length=150, blank=True)
    nuptk = models.CharField(_("NUPTK"), max_length=16, null=True, blank=True, unique=True)
    pegid = models.CharField(_("PegID"), max_length=16, null=True, blank=True, unique=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    nuptk_status = models.CharField(
        _("status NUPTK"), max_length=16, choices=NuptkStatus.choices, default=NuptkStatus.NONE
    )
    employment_status = models.PositiveSmallIntegerField(_("status kepegawaian"), null=True, blank=True)
    ptk_type = models.PositiveSmallIntegerField(_("jenis PTK"), null=True, blank=True)
    qualification = models.CharField(_("kualifikasi"), max_length=10, blank=True)
    in_dapodik = models.BooleanField(_("terdaftar di Dapodik"), default=False)
    has_rombel = models.BooleanField(_("memiliki rombel"), default=False)
    school = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="ptk_home", verbose_name=_("sekolah induk")
    )
    dinas = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    qa_office = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("PTK")
        verbose_name_plural = _("PTK")
        indexes = [
            models.Index(fields=["school", "name", "id"], name="ptk_school_name"),
            models.Index(fields=["dinas", "name", "id"], name="ptk_dinas_name"),
            models.Index(fields=["qa_office", "name", "id"], name="ptk_qa_name"),
            models.Index(fields=["name", "id"], name="ptk_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nuptk__isnull=True) | Q(nuptk__regex=r"^[0-9]{16}$"), name="ptk_nuptk_16_digits"
            ),
            models.CheckConstraint(
                condition=Q(nik__isnull=True) | Q(nik__regex=r"^[0-9]{16}$"), name="ptk_nik_16_digits"
            ),
        ]

    def __str__(self):
        return self.name
