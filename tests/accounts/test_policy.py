"""The one office policy: every institution kind has an entry and every derived set comes from it."""

import pathlib
import re

from accounts import policy
from accounts.models import InstitutionKind as K


def test_every_institution_kind_has_a_policy():
    assert set(policy.POLICY) == set(K)


def test_derived_sets():
    assert policy.DINAS_KINDS == {K.DINAS_KAB, K.DINAS_PROV, K.ATDIKBUD}
    assert policy.QA_KINDS == {K.LPMP, K.BPPAUD, K.BPKLN}
    assert policy.REVIEW_KINDS == policy.DINAS_KINDS | policy.QA_KINDS | {K.PDSPK}
    assert policy.DELEGATE_KINDS == {K.KECAMATAN, K.DINAS_KAB, K.DINAS_PROV}
    assert policy.OFFICE_KINDS == set(K) - {K.SEKOLAH}
    assert policy.BATCH_KINDS == policy.REVIEW_KINDS
    assert policy.review_tier(K.ATDIKBUD) == policy.Tier.DINAS
    assert policy.review_tier(K.BPKLN) == policy.Tier.QA
    assert policy.review_tier(K.KECAMATAN) is None and policy.review_tier(K.SEKOLAH) is None


def test_no_copy_of_the_policy_elsewhere():
    """No module writes out a set of institution kinds again: they import accounts.policy."""
    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"frozenset\(\s*\{\s*(InstitutionKind|K)\.")
    offenders = [
        str(p.relative_to(root))
        for app in ("accounts", "documents", "ptk", "nuptk")
        for p in (root / app).rglob("*.py")
        if "migrations" not in p.parts and p.name != "policy.py" and pattern.search(p.read_text())
    ]
    assert not offenders, offenders
