"""Identifier checks (domain.md). Each raises ValidationError with an Indonesian message."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NPSN_RE = re.compile(r"^(\d{8}|[KP]\d{7}|\d{6})$")


def validate_npsn(value: str) -> None:
    """NPSN: 8 digits for schools, 'P' + 7 digits for PKBM/SKB, 'K' + 7 for LKP, 6 for higher education."""
    if not NPSN_RE.match(value or ""):
        raise ValidationError(
            _("NPSN tidak valid: harus 8 angka (sekolah), P/K diikuti 7 angka (PKBM/SKB/LKP) atau 6 angka."),
            code="npsn",
        )
