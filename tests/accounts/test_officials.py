"""Officials: who heads an institution (or supervises a school) on a given date."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import OfficialPosition
from accounts.selectors import official_on, officials_of
from accounts.services import official_appoint, official_term_end

pytestmark = pytest.mark.django_db


def test_a_new_head_ends_the_previous_term_and_letters_dated_before_keep_the_old_one(world):
    dinas = world.inst["dinas_kota"]
    old = official_appoint(
        institution=dinas, name="Drs. Budi Santoso, M.Pd.", nip="196805121993031004",
        rank="Pembina Utama Muda (IV/c)", start=date(2023, 1, 2), actor=None,
    )
    new = official_appoint(
        institution=dinas, name="Dr. Sri Wahyuni, M.Pd.", nip="197003121995122001",
        start=date(2026, 3, 1), actor=world.roles["lpmp_admin"].user, source="SK Wali Kota 821/123",
    )
    old.refresh_from_db()
    assert old.end == date(2026, 2, 28)
    assert official_on(institution=dinas, on=date(2026, 2, 28)) == old
    assert official_on(institution=dinas, on=date(2026, 3, 1)) == new
    assert official_on(institution=dinas, on=date(2022, 12, 31)) is None
    assert [o.name for o in officials_of(institution=dinas)] == [new.name, old.name]


def test_history_is_never_rewritten_and_bad_input_is_refused_in_indonesian(world):
    school = world.inst["sd"]
    official_appoint(institution=school, name="Kepala Lama", start=date(2025, 7, 1), actor=None)
    with pytest.raises(ValidationError, match="Tanggal mulai harus sesudah"):
        official_appoint(institution=school, name="Kepala Mundur", start=date(2025, 6, 1), actor=None)
    with pytest.raises(ValidationError):
        official_appoint(institution=school, name="NIP Salah", nip="12345", start=date(2026, 1, 1), actor=None)
    assert officials_of(institution=school).count() == 1


def test_a_school_has_a_head_and_a_supervisor_at_once_and_a_term_can_end_vacant(world):
    school = world.inst["sd"]
    head = official_appoint(institution=school, name="Kepala SD", start=date(2025, 1, 1), actor=None)
    sup = official_appoint(
        institution=school, name="Pengawas SD", position=OfficialPosition.SUPERVISOR,
        start=date(2025, 1, 1), actor=None,
    )
    assert official_on(institution=school, on=date(2025, 5, 1)) == head
    assert official_on(institution=school, on=date(2025, 5, 1), position=OfficialPosition.SUPERVISOR) == sup
    official_term_end(official=head, end=date(2025, 12, 31), actor=None)
    assert official_on(institution=school, on=date(2026, 1, 5)) is None
    with pytest.raises(ValidationError, match="sudah berakhir"):
        official_term_end(official=head, end=date(2026, 1, 1), actor=None)
