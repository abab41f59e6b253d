from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import ActivationCode, Notification, Role, RoleAssignment
from accounts.scope import ActiveRole
from accounts.services import ActivationError
from ptk.models import NuptkStatus, Ptk, PtkChange, PtkSchool
from ptk.services import (
    history_delete,
    history_save,
    pegid_generate,
    ptk_eds_save,
    ptk_school_add,
    ptk_school_remove,
    ptk_update_contacts,
    ptk_update_master,
    ptk_update_staffing,
)

from .conftest import activate, enter, issue_s02, nik_for, ptk_data

pytestmark = pytest.mark.django_db


def test_a05_entry_gets_pegid_home_school_and_history(world):
    p = enter(world.inst["sd"], world.roles["sd_op"], name="Andi Pratama")
    assert p.nuptk is None and len(p.pegid) == 16 and p.pegid.startswith("00")
    assert (p.school, p.dinas, p.qa_office) == (
        world.inst["sd"],
        world.inst["sd"].dinas,
        world.inst["sd"].qa_office,
    )
    assert PtkSchool.objects.get(ptk=p).is_home
    rows = PtkChange.objects.filter(ptk=p, action="create")
    assert rows.filter(field="name", new="Andi Pratama").exists()
    assert rows.first().actor == world.roles["sd_op"].user
    assert "Operator" in rows.first().role


def test_a01_entry_with_nuptk_becomes_sementara_aktif_on_s02(world):
    p = enter(world.inst["sd"], world.roles["sd_op"], nuptk="5752766667130083")
    assert p.pegid is None and p.entry_form == "A01"
    assert p.nuptk_status == NuptkStatus.NONE
    result, code = issue_s02(p, world.roles["sd_op"])
    p.refresh_from_db()
    assert p.nuptk_status == NuptkStatus.SEMENTARA_AKTIF
    assert p.user.username == "5752766667130083"
    assert result.letter.code == "S02" and result.letter.confidential
    assert code not in str(result.letter.data)  # the code is never stored in clear
    assert not ActivationCode.objects.filter(code_hash__contains=code).exists()


def test_duplicate_same_nik_names_existing_school(world):
    first = enter(world.inst["sd_sleman"], world.roles["sd_sleman_op"])
    with pytest.raises(ValidationError) as e:
        enter(
            world.inst["sd"], world.roles["sd_op"], nik=first.nik, birth_date=first.birth_date, sex=first.sex
        )
    msg = " ".join(e.value.messages)
    assert "sudah terdaftar" in msg and "SD Negeri Sleman Uji" in msg and world.inst["sd_sleman"].npsn in msg
    assert Ptk.objects.count() == 1


def test_duplicate_same_name_birth_mother(world):
    first = enter(
        world.inst["sd_sleman"],
        world.roles["sd_sleman_op"],
        name="Siti Aminah",
        mother_name="Suminah",
        birth_date=date(1985, 1, 2),
        sex="P",
    )
    with pytest.raises(ValidationError, match="SD Negeri Sleman Uji"):
        enter(
            world.inst["sd"],
            world.roles["sd_op"],
            name="  siti   AMINAH ",
            mother_name="suminah",
            birth_date=date(1985, 1, 2),
            sex="P",
        )
    # Same name and birth date but another mother: a different person.
    other = enter(
        world.inst["sd"],
        world.roles["sd_op"],
        name="Siti Aminah",
        mother_name="Painem",
        birth_date=date(1985, 1, 2),
        sex="P",
    )
    assert other.pk != first.pk


def test_entry_refuses_bad_nik_and_nip(world):
    with pytest.raises(ValidationError) as e:
        enter(
            world.inst["sd"],
            world.roles["sd_op"],
            nik="3471011203900001",
            birth_date=date(1991, 3, 12),
            sex="L",
        )
    assert "nik" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        enter(
            world.inst["sd"],
            world.roles["sd_op"],
            nip="199001012015012001",
            birth_date=date(1990, 1, 2),
            sex="L",
        )
    assert "nip" in e.value.message_dict
    assert Ptk.objects.count() == 0


def test_a_pegid_taken_by_another_entry_after_the_check_is_replaced_not_refused(world, monkeypatch):
    """Two operators enter a PTK at the same moment and draw the same free PegID: the one who saves
    second gets the next free PegID, not an error (the race, made deterministic)."""
    from ptk.services import entry

    other = enter(world.inst["smp"], world.roles["smp_op"], name="Budi Santoso")
    real = entry.pegid_generate
    values = iter(["0011111111111111", "0022222222222222"])

    def drawn_then_taken(*, candidate):
        value = real(candidate=candidate)
        if value == "0011111111111111":  # the other entry saves this PegID before ours does
            Ptk.objects.filter(pk=other.pk).update(pegid=value)
        return value

    monkeypatch.setattr(entry, "pegid_generate", drawn_then_taken)
    p = entry.ptk_enter(school=world.inst["sd"], actor=world.roles["sd_op"].user,
                        role=ActiveRole(world.roles["sd_op"]), pegid_source=lambda: next(values), **ptk_data())  # fmt: skip
    assert p.pegid == "0022222222222222"
    assert Ptk.objects.get(pk=other.pk).pegid == "0011111111111111"


def test_pegid_skips_taken_values(world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    values = iter([p.pegid, p.pegid, "0012345678901234"])
    assert pegid_generate(candidate=lambda: next(values)) == "0012345678901234"


def test_activation_wrong_code_wrong_birth_reused_and_reset(world):
    p = enter(world.inst["sd"], world.roles["sd_op"], birth_date=date(1990, 6, 7))
    _r, code = issue_s02(p, world.roles["sd_op"])
    with pytest.raises(ActivationError):
        activate(p, "AAAA-BBBB-CCCC")
    with pytest.raises(ActivationError):
        activate(p, code, birth_date=date(1990, 6, 8))
    user = activate(p, code)
    assert user.is_active and user.check_password("Kata-Sandi-Guru-9")
    assert RoleAssignment.objects.filter(user=user, role=Role.PTK, institution=None).exists()
    with pytest.raises(ActivationError):
        activate(p, code, password="Kata-Sandi-Lain-77")  # reused
    # Reset: a new S02; the old code and the password die, the new code works.
    _r2, code2 = issue_s02(p, world.roles["sd_op"])
    user.refresh_from_db()
    assert not user.has_usable_password()
    with pytest.raises(ActivationError):
        activate(p, code)
    activate(p, code2, password="Kata-Sandi-Baru-88")
    user.refresh_from_db()
    assert user.check_password("Kata-Sandi-Baru-88")
    assert PtkChange.objects.filter(ptk=p, field="akun", new__contains="direset").exists()


def test_pegid_or_nuptk_both_work_as_username(world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    _r, code = issue_s02(p, world.roles["sd_op"])
    from ptk.services import ptk_account_activate

    ptk_account_activate(
        username=f" {p.pegid} ", code=code.lower(), birth_date=p.birth_date, password="Kata-Sandi-Guru-9"
    )


def test_every_edit_path_writes_history_and_notifies_only_when_others_change(sd_ptk, ptk_role, world):
    op = world.roles["sd_op"]
    owner_role = ActiveRole(ptk_role)
    mail.outbox.clear()
    before_notes = Notification.objects.filter(user=sd_ptk.user).count()

    # The PTK changes their own contacts: history row, no notice.
    ptk_update_contacts(
        ptk=sd_ptk,
        changes={"phone": "081234567890", "email": "guru@contoh.id"},
        actor=sd_ptk.user,
        role=owner_role,
    )
    c = PtkChange.objects.get(ptk=sd_ptk, field="phone")
    assert (c.old, c.new, c.by_owner, c.role) == ("", "081234567890", True, "PTK")
    assert Notification.objects.filter(user=sd_ptk.user).count() == before_notes

    # The school changes the staffing data: history row and a notice (in-app and email).
    ptk_update_staffing(ptk=sd_ptk, changes={"ptk_type": 4}, actor=op.user, role=ActiveRole(op))
    c = PtkChange.objects.get(ptk=sd_ptk, field="ptk_type", action="update")
    assert (c.old, c.new, c.by_owner) == ("Guru Kelas", "Guru Mapel", False)
    n = Notification.objects.filter(user=sd_ptk.user).first()
    assert "diubah oleh" in n.title and "jenis PTK" in n.body

    # History tables: add, change, delete.
    row = history_save(
        ptk=sd_ptk,
        table="pendidikan",
        actor=sd_ptk.user,
        role=owner_role,
        data={"level": "S1", "institution_name": "UNY", "year_out": 2012},
    )
    assert PtkChange.objects.filter(
        ptk=sd_ptk, table="pendidikan", action="create", field="institution_name"
    ).exists()
    history_save(
        ptk=sd_ptk,
        table="pendidikan",
        row_id=row.pk,
        actor=op.user,
        role=ActiveRole(op),
        data={"year_out": 2013},
    )
    c = PtkChange.objects.get(ptk=sd_ptk, table="pendidikan", action="update")
    assert (c.field, c.old, c.new, c.row_id) == ("year_out", "2012", "2013", row.pk)
    history_delete(ptk=sd_ptk, table="pendidikan", row_id=row.pk, actor=sd_ptk.user, role=owner_role)
    assert PtkChange.objects.filter(ptk=sd_ptk, table="pendidikan", action="delete", old="UNY").exists()

    # Master data (the nuptk app's perbaikan effect), schools, EDS.
    dinas_op = world.roles["dinas_kota_op"]
    ptk_update_master(
        ptk=sd_ptk, changes={"birth_place": "Sleman"}, actor=dinas_op.user, role=ActiveRole(dinas_op)
    )
    assert PtkChange.objects.filter(ptk=sd_ptk, field="birth_place", old="Yogyakarta", new="Sleman").exists()
    link = ptk_school_add(ptk=sd_ptk, school=world.inst["smp"], actor=op.user, role=ActiveRole(op))
    assert PtkChange.objects.filter(ptk=sd_ptk, table="sekolah", action="create").exists()
    ptk_school_remove(ptk=sd_ptk, link_id=link.pk, actor=op.user, role=ActiveRole(op))
    assert PtkChange.objects.filter(
        ptk=sd_ptk, table="sekolah", action="delete", old__contains="SMP"
    ).exists()
    ptk_eds_save(ptk=sd_ptk, answers={"q1": "3"}, actor=sd_ptk.user, role=owner_role)
    assert PtkChange.objects.filter(ptk=sd_ptk, table="eds", new="Sering").exists()
    assert Notification.objects.filter(user=sd_ptk.user).count() == before_notes + 5


def test_master_fields_only_through_master_service(sd_ptk, ptk_role):
    with pytest.raises(ValidationError):
        ptk_update_contacts(
            ptk=sd_ptk, changes={"name": "Nama Lain"}, actor=sd_ptk.user, role=ActiveRole(ptk_role)
        )
    with pytest.raises(ValidationError):
        ptk_update_master(
            ptk=sd_ptk,
            changes={"birth_date": sd_ptk.birth_date + timedelta(days=1)},
            actor=sd_ptk.user,
            role="ptk",
        )  # NIK no longer matches


@pytest.mark.django_db(transaction=True)
def test_notice_is_emailed_when_the_ptk_has_an_email(world):
    from tests.factories import build_world  # noqa: F401 (world fixture works with transaction=True)

    p = enter(world.inst["sd"], world.roles["sd_op"], email="guru@contoh.id")
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    mail.outbox.clear()
    op = world.roles["sd_op"]
    ptk_update_staffing(ptk=p, changes={"has_rombel": True}, actor=op.user, role=ActiveRole(op))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["guru@contoh.id"]
    assert "Data Anda diubah" in mail.outbox[0].subject


def test_nik_for_helper_is_valid(world):
    from ptk.validators import validate_nik

    validate_nik(nik_for(date(1992, 2, 29), "P"), birth_date=date(1992, 2, 29), sex="P")
    assert ptk_data()["nik"] != ptk_data()["nik"]
