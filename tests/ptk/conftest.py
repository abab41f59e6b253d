import itertools
from datetime import date

import pytest

from accounts.models import Role

_seq = itertools.count(1)


def nik_for(birth: date, sex: str, region: str = "347101", seq: int | None = None) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{(seq or next(_seq)) % 10000 or 1:04d}"


def ptk_data(**over) -> dict:
    n = next(_seq)
    birth = over.pop("birth_date", date(1990, 5, (n % 27) + 1))
    sex = over.pop("sex", "L" if n % 2 else "P")
    d = {
        "name": f"Guru Uji {n}",
        "nik": nik_for(birth, sex, seq=n),
        "birth_place": "Yogyakarta",
        "birth_date": birth,
        "sex": sex,
        "mother_name": f"Ibu Uji {n}",
        "employment_status": 8,
        "ptk_type": 3,
    }
    d.update(over)
    return d


def enter(school, actor_assignment, **over):
    from accounts.scope import ActiveRole
    from ptk.services import ptk_enter

    return ptk_enter(
        school=school, actor=actor_assignment.user, role=ActiveRole(actor_assignment), **ptk_data(**over)
    )


def issue_s02(ptk, actor_assignment):
    """Issue S02 and return (result, code) by capturing the clear code from the service call."""
    from unittest import mock

    from accounts import services as acc
    from accounts.scope import ActiveRole
    from ptk import services
    from ptk.services import account as account_services

    captured = {}
    real = acc.activation_code_issue

    def spy(**kw):
        captured["code"] = real(**kw)
        return captured["code"]

    with mock.patch.object(account_services, "activation_code_issue", spy):
        result = services.ptk_s02_issue(
            ptk=ptk,
            actor=actor_assignment.user,
            role=ActiveRole(actor_assignment),
            institution=actor_assignment.institution,
        )
    return result, captured["code"]


def activate(ptk, code, password="Kata-Sandi-Guru-9", birth_date=None):
    from ptk.services import ptk_account_activate

    ptk.refresh_from_db()
    return ptk_account_activate(
        username=ptk.identifier, code=code, birth_date=birth_date or ptk.birth_date, password=password
    )


@pytest.fixture
def sd_ptk(world):
    """A PTK of world's SD, activated, with their own PTK role."""
    p = enter(world.inst["sd"], world.roles["sd_op"])
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    p.refresh_from_db()
    return p


@pytest.fixture
def ptk_role(sd_ptk):
    from accounts.models import RoleAssignment

    return RoleAssignment.objects.get(user=sd_ptk.user, role=Role.PTK)
