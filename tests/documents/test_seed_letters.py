"""The demo's letterheads and officials: every demo office and school has its own head and address,
letters carry distinct officials, and the command is idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Institution, Official
from documents.forms import nip_problem
from documents.letters import letter_issue
from documents.models import LetterheadVersion

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_demo_offices_have_distinct_real_looking_heads_and_letters_carry_them():
    call_command("load_wilayah", stdout=StringIO())
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    call_command("seed_demo_letters", stdout=StringIO())
    call_command("seed_demo_letters", stdout=StringIO())  # idempotent
    insts = list(Institution.objects.all())
    assert Official.objects.filter(end__isnull=True).count() == len(insts)
    assert LetterheadVersion.objects.count() == len(insts)
    signers, addresses = {}, set()
    for inst in insts:
        issued = letter_issue(code="S01", issuer=None, issuer_role="admin", institution=inst, subject_type="account",
                              subject_id=1, subject_name="Operator Demo", data={"account": {"username": "op"}})  # fmt: skip
        lh = issued.letter.letterhead
        assert lh["head_name"] and not lh["head_name"].startswith("Kepala"), inst
        assert lh["head_nip"] == "" or nip_problem(lh["head_nip"]) == "", (inst, lh["head_nip"])
        assert (lh["head_rank"] == "") == (lh["head_nip"] == ""), inst  # rank only for civil servants
        signers[lh["head_name"]] = inst
        addresses.add(lh["address"])
        assert lh["city"] in ("Yogyakarta", "Sleman", "Jakarta", "Kuala Lumpur"), (inst, lh["city"])
        if inst.kind == "dinas_kab" and "Kota" in inst.name:
            text = pdf_text(issued.pdf)
            assert "Drs. Heru Prasetyo Nugroho, M.Pd." in text and "Yogyakarta, " in text
            assert "Jl. Hayam Wuruk No. 11" in text and "Jl. Pendidikan No. 1" not in text
    assert len(signers) == len(insts), "every demo institution has its own head"
    assert len(addresses) == len(insts)
    nips = [o.nip for o in Official.objects.exclude(nip="")]
    assert len(nips) == len(set(nips)), "no two officials share a NIP"
    # the Dinas Kota keeps its previous head in the history
    kota = Institution.objects.get(name="Dinas Pendidikan Kota Yogyakarta")
    assert Official.objects.filter(institution=kota).count() == 2
