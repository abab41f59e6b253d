"""Forms people can fill in without help: phone, e-mail and postal code checked in plain words,
an error summary at the top that links to each field, checkboxes beside their labels, and the
password rules in the service's own words."""

import re

import pytest
from django.urls import reverse

from tests.factories import login_as

from .conftest import ptk_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0812 3456 7890", "081234567890"),
        ("+62 812-3456-7890", "081234567890"),
        ("(0274) 512345", "0274512345"),
    ],
)
def test_phone_numbers_as_people_type_them_are_kept_as_digits(client, sd_ptk, ptk_role, typed, stored):
    login_as(client, ptk_role)
    r = client.post(
        reverse("ptk:contacts", args=[sd_ptk.pk]),
        {
            "phone": typed,
            "address": "",
            "email": "guru@contoh.sch.id",
            "postal_code": "55281",
            "religion": "",
        },
    )
    assert r.status_code == 302
    sd_ptk.refresh_from_db()
    assert (sd_ptk.phone, sd_ptk.postal_code, sd_ptk.email) == (stored, "55281", "guru@contoh.sch.id")


def test_bad_contacts_are_refused_with_a_summary_linking_to_each_field(client, sd_ptk, ptk_role):
    login_as(client, ptk_role)
    r = client.post(
        reverse("ptk:contacts", args=[sd_ptk.pk]),
        {"phone": "12345", "address": "", "email": "guru@", "postal_code": "5528", "religion": ""},
    )
    assert r.status_code == 200
    html = r.content.decode()
    summary = html.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert "Periksa isian berikut" in summary
    assert 'href="#id_phone"' in summary and "Nomor telepon tidak dikenali" in summary
    assert 'href="#id_postal_code"' in summary and "Kode pos terdiri dari 5 angka" in summary
    assert 'href="#id_email"' in summary and "Alamat email tidak valid" in summary
    assert html.index("error-summary") < html.index('id="id_religion"')  # above the fields
    sd_ptk.refresh_from_db()
    assert sd_ptk.phone == "" and sd_ptk.postal_code == ""


def test_long_entry_form_summarises_errors_and_keeps_what_was_typed(client, world):
    login_as(client, world.roles["sd_op"])
    d = ptk_data(name="Budi Santoso", phone="08-12", nik="3471011203900000")
    form = {k: v for k, v in d.items()}
    form["birth_date"] = d["birth_date"].isoformat()
    form["mother_name"] = ""
    html = client.post(reverse("ptk:enter"), form).content.decode()
    summary = html.split('data-testid="error-summary"')[1].split("</div>")[0]
    assert {"#id_mother_name", "#id_phone"} <= set(re.findall(r'href="(#id_\w+)"', summary))
    assert 'value="Budi Santoso"' in html


def test_checkboxes_sit_before_their_label(client, world):
    login_as(client, world.roles["sd_op"])
    html = client.get(reverse("ptk:enter")).content.decode()
    block = html.split('class="field field-check')[1].split("</div>")[0]
    assert block.index('type="checkbox"') < block.index("<label")


def test_password_rules_are_in_the_services_own_words(client, world):
    html = client.get(reverse("accounts:activate")).content.decode()
    assert "Sandi anda" not in html and "sandi umum digunakan" not in html
    assert "Paling sedikit 12 karakter" in html and "Tidak hanya angka" in html
    r = client.post(
        reverse("accounts:activate"),
        {
            "username": "x",
            "code": "AAAA-AAAA-AAAA",
            "password1": "123456789012345",
            "password2": "123456789012345",
        },
    )
    assert "Sandi anda" not in r.content.decode()


def test_numeric_password_is_refused_in_plain_words():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        validate_password("123456789012345")
    assert "Kata sandi tidak boleh hanya berisi angka." in e.value.messages
    with pytest.raises(ValidationError) as e:
        validate_password("pendek")
    assert "Kata sandi terlalu pendek: paling sedikit 12 karakter." in e.value.messages
