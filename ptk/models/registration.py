"""Registration to Bintang 4 (flows.md part 2): verval level 1 (S02) -> level-2 data (S03) ->
the school's paper check (S04/S05) -> pakta integritas (S07) -> the Dinas receives the pact (S08):
Permanen Aktif. One Registration per PTK, a state machine with a log row per transition; the star
level is copied onto ``Ptk.star`` so the PTK lists filter on it (docs/registration.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.models import Institution

from .core import Ptk


class Star(models.IntegerChoices):
    NONE = 0, _("Belum verval level 1")
    ONE = 1, _("Bintang 1")
    TWO = 2, _("Bintang 2")
    THREE = 3, _("Bintang 3")
    FOUR = 4, _("Bintang 4")


class ActiveStatus(models.TextChoices):
    """The status of the PegID/NUPTK in the registration (derived from the star level)."""

    NONE = "belum", _("Belum aktif")
    SEMENTARA = "sementara", _("Sementara Aktif")
    PERMANEN = "permanen", _("Permanen Aktif")


def status_of_star(star: int) -> str:
    if star >= Star.FOUR:
        return ActiveStatus.PERMANEN
    if star >= Star.ONE:
        return ActiveStatus.SEMENTARA
    return ActiveStatus.NONE


class DetailStatus(models.TextChoices):
    SEMENTARA = "sementara", _("SEMENTARA")
    PERMANEN = "permanen", _("PERMANEN")


class RegState(models.TextChoices):
    LEVEL1 = "level1", _("Verval level 1 selesai; PTK melengkapi data rinci, riwayat dan EDS")
    SUBMITTED = "s03", _("S03 diserahkan; menunggu pemeriksaan berkas oleh sekolah")
    REFUSED = "refused", _("Pemeriksaan berkas ditolak; PTK memperbaiki lalu mencetak S03 lagi")
    CHECKED = "checked", _("Berkas level 2 sesuai; menunggu pakta integritas")
    PACT_SIGNED = "pact", _("Pakta integritas ditandatangani; menunggu penerimaan Dinas")
    PACT_REFUSED = "pact_refused", _("Pakta integritas dikembalikan Dinas; sekolah menandatangani ulang")
    PERMANENT = "permanent", _("Bintang 4: Permanen Aktif")


STAR_OF_STATE = {
    RegState.LEVEL1: Star.ONE,
    RegState.REFUSED: Star.ONE,
    RegState.SUBMITTED: Star.TWO,
    RegState.CHECKED: Star.TWO,
    RegState.PACT_REFUSED: Star.TWO,
    RegState.PACT_SIGNED: Star.THREE,
    RegState.PERMANENT: Star.FOUR,
}


class CheckResult(models.TextChoices):
    OK = "sesuai", _("Sesuai")
    WRONG = "tidak_sesuai", _("Tidak sesuai")
    NONE = "tidak_ada", _("Tidak ada / tidak berlaku")


class Registration(FSMModelMixin, models.Model):
    """Where one PTK stands on the way to Bintang 4. Transitions only through
    ptk.services.registration (each writes a RegistrationLog row)."""

    ptk = models.OneToOneField(Ptk, on_delete=models.CASCADE, related_name="registration")
    state = FSMField(
        _("tahap"), max_length=12, choices=RegState.choices, default=RegState.LEVEL1, protected=True
    )
    detail_status = models.CharField(
        _("status data rinci"), max_length=10, choices=DetailStatus.choices, default=DetailStatus.SEMENTARA
    )
    note = models.TextField(_("catatan penolakan terakhir"), blank=True)
    items = models.JSONField(_("hasil pemeriksaan per berkas"), default=list, blank=True)
    semester = models.CharField(_("semester"), max_length=40, blank=True)
    s03_letter = models.ForeignKey(
        "documents.Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_letter = models.ForeignKey(
        "documents.Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pact_letter = models.ForeignKey(
        "documents.Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    s08_letter = models.ForeignKey(
        "documents.Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registrasi Bintang 4")
        verbose_name_plural = _("registrasi Bintang 4")

    def __str__(self):
        return f"{self.ptk} ({self.get_state_display()})"

    @property
    def star(self) -> int:
        return STAR_OF_STATE[self.state]

    # Transitions (the services check who acts and write the log).
    @transition(
        field=state, source=[RegState.LEVEL1, RegState.REFUSED, RegState.SUBMITTED], target=RegState.SUBMITTED
    )
    def submit_s03(self):
        pass

    @transition(field=state, source=RegState.SUBMITTED, target=RegState.CHECKED)
    def check_ok(self):
        pass

    @transition(field=state, source=RegState.SUBMITTED, target=RegState.REFUSED)
    def check_refuse(self):
        pass

    @transition(field=state, source=[RegState.CHECKED, RegState.PACT_REFUSED], target=RegState.PACT_SIGNED)
    def sign_pact(self):
        pass

    @transition(field=state, source=RegState.PACT_SIGNED, target=RegState.PERMANENT)
    def receive_pact(self):
        pass

    @transition(field=state, source=RegState.PACT_SIGNED, target=RegState.PACT_REFUSED)
    def refuse_pact(self):
        pass


class RegistrationLog(models.Model):
    """One row per step: who, as what, at which institution, from, to, the note and the letter."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=255, blank=True)
    institution = models.ForeignKey(Institution, null=True, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)
    letter = models.ForeignKey(
        "documents.Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["registration", "at"], name="reglog_reg")]

    def __str__(self):
        return f"{self.action} {self.from_state}->{self.to_state}"
