from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import validate_npsn
from ptk.validators import is_pppk_nip, validate_nik, validate_nip, validate_nuptk

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(world):
    return world


@pytest.mark.parametrize("value", ["20400101", "P9999999", "K1234567", "123456"])
def test_npsn_good(value):
    validate_npsn(value)


@pytest.mark.parametrize("value", ["", "2040010", "204001011", "X1234567", "P123456", "2040010a"])
def test_npsn_bad(value):
    with pytest.raises(ValidationError, match="NPSN tidak valid"):
        validate_npsn(value)


@pytest.mark.parametrize("value", ["5752766667130083", "0000000000000001"])
def test_nuptk_good(value):
    validate_nuptk(value)


@pytest.mark.parametrize(
    "value", ["", "575276666713008", "57527666671300831", "575276666713008X", "5752 766667130083"]
)
def test_nuptk_bad(value):
    with pytest.raises(ValidationError, match="16 angka"):
        validate_nuptk(value)


def test_nik_man_and_woman(regions):
    validate_nik("3471011203900001", birth_date=date(1990, 3, 12), sex="L")
    validate_nik("3471015203900002", birth_date=date(1990, 3, 12), sex="P")  # day + 40


@pytest.mark.parametrize(
    "nik,birth,sex,msg",
    [
        ("347101120390000", date(1990, 3, 12), "L", "tepat 16 angka"),
        ("3471011203900000", date(1990, 3, 12), "L", "0000"),
        ("9971011203900001", date(1990, 3, 12), "L", "kode provinsi 99"),
        ("3499011203900001", date(1990, 3, 12), "L", "kabupaten/kota 34.99"),
        ("3471013203900001", date(1990, 3, 12), "L", "DDMMYY"),  # day 32
        ("3471011213900001", date(1990, 3, 12), "L", "DDMMYY"),  # month 13
        ("3471011203910001", date(1990, 3, 12), "L", "tanggal lahir 12-03-1990"),
        ("3471011203900001", date(1990, 3, 12), "P", "jenis kelamin"),
        ("3471015203900001", date(1990, 3, 12), "L", "jenis kelamin"),
    ],
)
def test_nik_bad(regions, nik, birth, sex, msg):
    with pytest.raises(ValidationError) as e:
        validate_nik(nik, birth_date=birth, sex=sex)
    assert any(msg in m for m in e.value.messages), e.value.messages


def test_nip_pns_and_pppk():
    validate_nip("198803122010011003", birth_date=date(1988, 3, 12), sex="L")
    validate_nip("198305162019212001", birth_date=date(1983, 5, 16), sex="P")
    assert is_pppk_nip("198305162019212001")
    assert not is_pppk_nip("198803122010011003")


@pytest.mark.parametrize(
    "nip,birth,sex,msg",
    [
        ("19880312201001100", date(1988, 3, 12), "L", "18 angka"),
        ("198813122010011003", date(1988, 3, 12), "L", "tanggal lahir (TTTTBBHH)"),
        ("198803122010131003", date(1988, 3, 12), "L", "pengangkatan"),
        ("198803122010013003", date(1988, 3, 12), "L", "angka ke-15"),
        ("198803122010012003", date(1988, 3, 12), "L", "jenis kelamin"),
        ("198803122010011000", date(1988, 3, 12), "L", "000"),
        ("198803122010011003", date(1988, 3, 13), "L", "tanggal lahir 13-03-1988"),
        ("198803121990011003", date(1988, 3, 12), "L", "terlalu dekat"),
    ],
)
def test_nip_bad(nip, birth, sex, msg):
    with pytest.raises(ValidationError) as e:
        validate_nip(nip, birth_date=birth, sex=sex)
    assert any(msg in m for m in e.value.messages), e.value.messages
