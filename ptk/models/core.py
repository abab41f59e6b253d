"""The PTK record. Core fields (migration 0001) are stable: only add, never rename."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution

from ..validators import validate_nik, validate_nip, validate_nuptk
from .choices import EmploymentStatus, FactsSource, NuptkStatus, PtkType, Qualification, Religion, Sex

MASTER_FIELDS = ("name", "nik", "birth_place", "birth_date", "sex", "mother_name")
CONTACT_FIELDS = ("religion", "address", "postal_code", "phone", "email")
STAFFING_FIELDS = ("nip", "employment_status", "ptk_type", "qualification", "in_dapodik", "has_rombel")
# The facts the request rules read (nuptk.requirements): set by a Dapodik import (facts_source
# "dapodik", dapodik_synced_at) or declared by the school (facts_source "sekolah").
DAPODIK_FACTS = ("in_dapodik", "has_rombel", "qualification")


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
    employment_status = models.PositiveSmallIntegerField(
        _("status kepegawaian"), null=True, blank=True, choices=EmploymentStatus.choices
    )
    ptk_type = models.PositiveSmallIntegerField(
        _("jenis PTK"), null=True, blank=True, choices=PtkType.choices
    )
    qualification = models.CharField(
        _("kualifikasi"), max_length=10, blank=True, choices=Qualification.choices
    )
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
    # Added by the PTK registry (0002)
    religion = models.PositiveSmallIntegerField(_("agama"), null=True, blank=True, choices=Religion.choices)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    photo = models.ForeignKey(
        "documents.StoredFile",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entry_form = models.CharField(_("formulir entri"), max_length=3, blank=True)  # A01 or A05
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level1_at = models.DateTimeField(_("verval/registrasi level 1"), null=True, blank=True)
    activated_at = models.DateTimeField(_("akun diaktifkan"), null=True, blank=True)
    # Added by the Dapodik exchange (0004): where DAPODIK_FACTS come from. "dapodik": the last
    # Dapodik import that changed them or first confirmed them ran at dapodik_synced_at, and the
    # school can no longer declare them itself (StaffingForm); "sekolah": the school's declaration.
    facts_source = models.CharField(
        _("sumber data Dapodik"), max_length=8, choices=FactsSource.choices, default=FactsSource.SCHOOL
    )
    dapodik_synced_at = models.DateTimeField(_("diambil dari Dapodik pada"), null=True, blank=True)
    # Added by the registration to Bintang 4 (0006): the star level 0-4, kept by
    # ptk.services.registration from Registration.state (docs/registration.md).
    star = models.PositiveSmallIntegerField(_("bintang"), default=0)

    class Meta:
        verbose_name = _("PTK")
        verbose_name_plural = _("PTK")
        indexes = [
            models.Index(fields=["school", "name", "id"], name="ptk_school_name"),
            models.Index(fields=["dinas", "name", "id"], name="ptk_dinas_name"),
            models.Index(fields=["qa_office", "name", "id"], name="ptk_qa_name"),
            models.Index(fields=["name", "id"], name="ptk_name"),
            # List filters, each under the scope key that comes with it.
            models.Index(fields=["dinas", "nuptk_status", "name", "id"], name="ptk_dinas_status"),
            models.Index(fields=["dinas", "ptk_type", "name", "id"], name="ptk_dinas_type"),
            models.Index(fields=["dinas", "employment_status", "name", "id"], name="ptk_dinas_emp"),
            models.Index(fields=["qa_office", "nuptk_status", "name", "id"], name="ptk_qa_status"),
            models.Index(fields=["qa_office", "ptk_type", "name", "id"], name="ptk_qa_type"),
            models.Index(fields=["qa_office", "employment_status", "name", "id"], name="ptk_qa_emp"),
            models.Index(fields=["nuptk_status", "name", "id"], name="ptk_status_name"),
            models.Index(fields=["school", "star", "name", "id"], name="ptk_school_star"),
            models.Index(fields=["dinas", "star", "name", "id"], name="ptk_dinas_star"),
            models.Index(fields=["qa_office", "star", "name", "id"], name="ptk_qa_star"),
            models.Index(fields=["star", "name", "id"], name="ptk_star_name"),
            models.Index(fields=["ptk_type", "name", "id"], name="ptk_type_name"),
            models.Index(fields=["employment_status", "name", "id"], name="ptk_emp_name"),
            # The duplicate rule (same name, birth date, mother's name) as name__iexact + birth_date.
            models.Index(Upper("name"), "birth_date", name="ptk_uname_birth"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nuptk__isnull=True) | Q(nuptk__regex=r"^[0-9]{16}$"), name="ptk_nuptk_16_digits"
            ),
            models.CheckConstraint(
                condition=Q(nik__isnull=True) | Q(nik__regex=r"^[0-9]{16}$"), name="ptk_nik_16_digits"
            ),
            models.CheckConstraint(
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{18}$"), name="ptk_nip_18_digits"
            ),
            models.CheckConstraint(
                condition=Q(pegid__isnull=True) | Q(pegid__regex=r"^[0-9]{16}$"), name="ptk_pegid_16_digits"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def facts_from_dapodik(self) -> bool:
        return self.facts_source == FactsSource.DAPODIK

    @property
    def star_label(self) -> str:
        from .registration import Star

        return str(Star(self.star).label)

    @property
    def active_status(self) -> str:
        from .registration import status_of_star

        return status_of_star(self.star)

    @property
    def active_status_label(self) -> str:
        from .registration import ActiveStatus, status_of_star

        return str(ActiveStatus(status_of_star(self.star)).label)

    @property
    def identifier(self) -> str:
        """NUPTK when there is one, else PegID: the PTK's login name and reference."""
        return self.nuptk or self.pegid or ""

    def clean(self):
        self.check_identifiers()

    def check_identifiers(self, touched=None):
        """NIK/NUPTK/NIP rules. With ``touched`` (the fields being changed) only the rules those
        fields take part in are checked, so a legacy record with an inconsistent NIK does not block
        an unrelated edit (a phone number); a new record is checked in full."""

        def concerns(*fields):
            return touched is None or bool(set(fields) & set(touched))

        errors = {}
        if self.nik and concerns("nik", "birth_date", "sex"):
            try:
                validate_nik(self.nik, birth_date=self.birth_date, sex=self.sex)
            except ValidationError as e:
                errors["nik"] = e.messages
        if self.nuptk and concerns("nuptk"):
            try:
                validate_nuptk(self.nuptk)
            except ValidationError as e:
                errors["nuptk"] = e.messages
        if self.nip and concerns("nip", "birth_date", "sex"):
            try:
                validate_nip(self.nip, birth_date=self.birth_date, sex=self.sex)
            except ValidationError as e:
                errors["nip"] = e.messages
        if errors:
            raise ValidationError(errors)
