"""Eligibility rules of seed 003/004 as pure checks, and through the service at the request date."""

from datetime import date

import pytest

from nuptk.requirements import (
    Category,
    DocFact,
    Facts,
    all_ok,
    assignment_check,
    category_of,
    required_assignment_years,
    run_checks,
    school_year_of,
    sk_valid_on,
)


def facts(**kw):
    base = dict(
        kind="penerbitan", category=Category.NON_PNS_NEGERI, request_date=date(2019, 1, 15), in_dapodik=True,
        has_rombel=True, nuptk="", nuptk_status="none", school_npsn="20400001", school_is_formal=True,
        school_status="negeri", qualification="S1", docs=[],
    )
    base.update(kw)
    return Facts(**base)


def by_code(checks):
    return {c.code: c for c in checks}


def test_school_year_starts_in_july():
    assert school_year_of(date(2018, 7, 1)) == 2018
    assert school_year_of(date(2019, 6, 30)) == 2018


def test_juklak_example_appointed_2010_applying_2018_19():
    """Appointed 2010/11, applying in 2018/19 -> SK penugasan 2016/17, 2017/18 and 2018/19."""
    assert required_assignment_years(date(2018, 10, 1)) == [2016, 2017, 2018]
    ok = assignment_check(years={2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018}, request_date=date(2018, 10, 1))
    assert ok.ok
    gap = assignment_check(years={2016, 2018}, request_date=date(2018, 10, 1))
    assert not gap.ok and "2017/2018" in gap.reason
    short = assignment_check(years={2017, 2018}, request_date=date(2019, 3, 1))  # appointed 2017/18: too short
    assert not short.ok and "2016/2017" in short.reason


def test_private_school_non_pns_needs_continuous_assignment():
    docs = [DocFact("sk_pengangkatan", "sk_pengangkatan_yayasan", "pdf", valid_from=date(2010, 7, 1))]
    docs += [DocFact("sk_penugasan", "sk_penugasan", "pdf", school_year=y, issuer="Yayasan A") for y in (2016, 2018)]
    checks = by_code(run_checks(facts(category=Category.NON_PNS_SWASTA_YAYASAN, school_status="swasta", docs=docs)))
    assert not checks["sk_penugasan_2y"].ok
    docs.append(DocFact("sk_penugasan", "sk_penugasan", "pdf", school_year=2017, issuer="yayasan a"))
    checks = by_code(run_checks(facts(category=Category.NON_PNS_SWASTA_YAYASAN, school_status="swasta", docs=docs)))
    assert checks["sk_penugasan_2y"].ok


def test_public_school_non_pns_has_no_assignment_rule():
    checks = by_code(run_checks(facts()))
    assert "sk_penugasan_2y" not in checks


def test_sk_validity_is_judged_at_request_date_not_review_date():
    sk = DocFact("sk_pengangkatan", "sk_pengangkatan", "pdf", valid_from=date(2018, 7, 1), valid_to=date(2019, 6, 30))
    # submitted in January 2019: valid, even if the review happens in August 2019
    assert by_code(run_checks(facts(docs=[sk], request_date=date(2019, 1, 15))))["sk_valid:sk_pengangkatan"].ok
    late = by_code(run_checks(facts(docs=[sk], request_date=date(2019, 8, 1))))["sk_valid:sk_pengangkatan"]
    assert not late.ok and "01-08-2019" in late.reason


def test_sk_without_end_date_is_valid_until_newer():
    sk = DocFact("sk_pengangkatan", "sk_pengangkatan", "pdf", valid_from=date(2012, 1, 1))
    assert sk_valid_on(sk, date(2030, 1, 1))
    assert not sk_valid_on(sk, date(2011, 12, 31))


@pytest.mark.parametrize(
    "field,value,code,reason",
    [
        ("in_dapodik", False, "dapodik", "belum terdata di Dapodik"),
        ("has_rombel", False, "dapodik", "rombongan belajar"),
        ("nuptk", "1234567890123456", "no_nuptk", "sudah memiliki NUPTK"),
        ("school_npsn", "", "npsn", "NPSN"),
        ("qualification", "D3", "qualification", "minimal D-IV/S1"),
    ],
)
def test_penerbitan_checks_have_indonesian_reasons(field, value, code, reason):
    c = by_code(run_checks(facts(**{field: value})))[code]
    assert not c.ok and reason in c.reason


def test_qualification_rule_only_for_educators_at_formal_schools():
    assert "qualification" not in by_code(run_checks(facts(qualification="SMA", school_is_formal=False)))
    staff = by_code(run_checks(facts(qualification="SMA", category=Category.TENDIK)))["qualification"]
    assert staff.ok and "D-IV/S1" not in str(staff.label)  # education staff: their own rule


def test_tendik_needs_no_rombel():
    assert by_code(run_checks(facts(category=Category.TENDIK, has_rombel=False)))["dapodik"].ok


def test_documents_missing_wrong_type_and_size():
    checks = by_code(run_checks(facts(kind="foto", docs=[DocFact("foto", "foto", "pdf", size=1000)])))
    assert not checks["doc:foto"].ok and "JPEG" in checks["doc:foto"].reason
    checks = by_code(run_checks(facts(kind="foto", docs=[DocFact("foto", "foto", "jpeg", size=300 * 1024)])))
    assert not checks["doc:foto"].ok and "200 KB" in checks["doc:foto"].reason
    checks = by_code(run_checks(facts(kind="foto", docs=[])))
    assert not checks["doc:foto"].ok and "Belum dilampirkan" in checks["doc:foto"].reason
    assert all_ok(run_checks(facts(kind="foto", docs=[DocFact("foto", "foto", "png", size=150 * 1024)])))


def test_status_change_papers_must_be_pdf():
    docs = [DocFact(r, r, "jpeg") for r in ("pernyataan_bermaterai", "persetujuan_kepsek", "persetujuan_dinas")]
    checks = run_checks(facts(kind="penonaktifan", nuptk="1234567890123456", nuptk_status="permanen_aktif", docs=docs))
    assert not all_ok(checks)
    assert "PDF" in by_code(checks)["doc:pernyataan_bermaterai"].reason


@pytest.mark.parametrize(
    "status,ptype,school,expected",
    [
        (1, 4, "negeri", Category.PNS),
        (10, 4, "swasta", Category.PNS),
        (8, 4, "negeri", Category.NON_PNS_NEGERI),
        (6, 4, "swasta", Category.NON_PNS_SWASTA_PEMERINTAH),
        (4, 4, "swasta", Category.NON_PNS_SWASTA_YAYASAN),
        (1, 20, "negeri", Category.KEPALA_SEKOLAH),
        (9, 11, "negeri", Category.TENDIK),
    ],
)
def test_categories(status, ptype, school, expected):
    assert category_of(employment_status=status, ptk_type=ptype, school_status=school) == expected


@pytest.mark.django_db
def test_service_judges_sk_at_request_date(world):
    """A request submitted while its SK was valid stays valid when re-checked after the SK ended
    (PDSPK 'tolak SK' re-check uses the request's date)."""
    from nuptk import services as svc

    from .conftest import attach_all, make_ptk, scope_of

    op = scope_of(world.roles["sd_op"])
    sub = svc.submission_create(scope=op, ptk=make_ptk(world.inst["sd"]), kind="penerbitan")
    attach_all(op, sub, valid_from=date(2018, 7, 1), valid_to=date(2019, 6, 30))
    sub.refresh_from_db()
    assert by_code(svc.submission_checks(sub, on=date(2019, 1, 15)))["sk_valid:sk_pengangkatan"].ok
    assert not by_code(svc.submission_checks(sub, on=date(2019, 8, 1)))["sk_valid:sk_pengangkatan"].ok
    sub.request_date = date(2019, 1, 15)  # what submit stores
    assert by_code(svc.submission_checks(sub))["sk_valid:sk_pengangkatan"].ok
