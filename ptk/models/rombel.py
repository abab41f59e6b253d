"""Teaching groups (rombel) of a PTK per school and semester, as Dapodik records them.

A row is current while ``ended_on`` is empty. A Dapodik import keeps the current rows of a PTK at a
school equal to the file; rows that are no longer in Dapodik are ended, not deleted (a mutasi ends
the rows at the old school the same way). ``Ptk.has_rombel`` agrees with "has a current row"."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution

from .choices import RombelSource, Semester
from .core import Ptk
from .history import SCHOOL_YEAR_RE


class PtkRombel(models.Model):
    ptk = models.ForeignKey(Ptk, on_delete=models.CASCADE, related_name="rombels")
    school = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("sekolah")
    )
    school_year = models.CharField(_("tahun ajaran"), max_length=9)
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    rombel = models.CharField(_("rombongan belajar"), max_length=100)
    subject = models.CharField(_("mata pelajaran"), max_length=150, blank=True)
    hours = models.PositiveSmallIntegerField(_("jam per minggu"), default=0)
    source = models.CharField(
        _("sumber"), max_length=8, choices=RombelSource.choices, default=RombelSource.DAPODIK
    )
    started_on = models.DateField(_("mulai tercatat"))
    ended_on = models.DateField(_("berakhir"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ptk", "-school_year", "-semester", "rombel", "subject", "pk"]
        verbose_name = _("rombel")
        verbose_name_plural = _("rombel")
        indexes = [
            models.Index(fields=["ptk", "school"], name="ptkrombel_ptk", condition=Q(ended_on__isnull=True)),
            models.Index(fields=["school", "ptk"], name="ptkrombel_school"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_year__regex=SCHOOL_YEAR_RE), name="ptkrombel_school_year"
            ),
            models.CheckConstraint(condition=Q(hours__lte=60), name="ptkrombel_hours"),
            models.UniqueConstraint(
                fields=["ptk", "school", "school_year", "semester", "rombel", "subject"],
                condition=Q(ended_on__isnull=True),
                name="ptkrombel_one_current",
            ),
        ]

    def __str__(self):
        subject = f" {self.subject}" if self.subject else ""
        return f"{self.school_year}/{self.semester} {self.rombel}{subject} ({self.hours} jam)"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
