"""Account takeover attempts (issue 9) and the flows that replace them: registering over an existing
username, resetting a multi-role account from one of its institutions, activating a PTK account
without the birth date, and institution flows against superuser/staff accounts."""

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import AccountEvent, ActivationCode, Role, RoleAssignment, RoleInvitation, User
from tests.factories import DEMO_PASSWORD, assign, login_as, login_user, user
from tests.ptk.conftest import enter, issue_s02

pytestmark = pytest.mark.django_db

REFUSED = "Nama pengguna ini tidak dapat dipakai; pilih yang lain."


def register(client, world, admin_key, inst_key, username, role="operator", full_name="Orang Baru"):
    login_as(client, world.roles[admin_key])
    return client.post(
        reverse("accounts:user_register"),
        {"institution": world.inst[inst_key].pk, "role": role, "username": username, "full_name": full_name},
        follow=True,  # post/redirect/get: the code page is a GET of its own
    )


def snapshot():
    return (
        RoleAssignment.objects.count(),
        ActivationCode.objects.count(),
        User.objects.count(),
        sorted(User.objects.values_list("username", "password")),
    )


# --- registration never attaches to or reveals an existing account ---------------------------------


@pytest.mark.parametrize("target", ["admin", "ADMIN", "pdspk.admin", "sd.op", "root"])
def test_registering_an_existing_or_reserved_username_is_refused_alike(client, world, target):
    User.objects.create_superuser("admin", "", DEMO_PASSWORD, full_name="Superuser Rahasia")
    User.objects.filter(username__in=["pdspk.admin", "sd.op"]).update(full_name="Nama Rahasia Target")
    before = snapshot()
    r = register(client, world, "dinas_kota_admin", "sd", target, full_name="Penyerang")
    html = r.content.decode()
    assert r.status_code == 200
    assert REFUSED in html
    assert "code" not in r.context and "activation-code" not in html
    for secret in ("Superuser Rahasia", "Nama Rahasia Target"):  # no full name of any existing account
        assert secret not in html
    assert snapshot() == before, "no role, code or password changed"


def test_existing_and_fresh_refusals_have_the_same_shape(client, world):
    """The page for a taken name and for a reserved, never-used name differ only in the typed name."""
    taken = register(client, world, "dinas_kota_admin", "sd", "sd.op").content.decode()
    fresh = register(client, world, "dinas_kota_admin", "sd", "system").content.decode()
    import re

    def shape(h, name):
        h = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", h)
        return h.replace(f'value="{name}"', 'value="X"')

    assert shape(taken, "sd.op") == shape(fresh, "system")


def test_new_person_registration_still_works_and_code_opens_only_that_role(client, world):
    r = register(client, world, "dinas_kota_admin", "sd", "op.baru")
    code = r.context["code"]
    u = User.objects.get(username="op.baru")
    act = ActivationCode.objects.get(user=u)
    assert list(act.opens.all()) == list(u.roles.all())
    assert code and act.purpose == "account"


# --- invitations: the explicit flow for existing people ---------------------------------------------


def invite(client, world, admin_key, inst_key, username, role="operator"):
    login_as(client, world.roles[admin_key])
    return client.post(
        reverse("accounts:invitations"),
        {"institution": world.inst[inst_key].pk, "role": role, "username": username},
    )


def test_invitation_is_accepted_by_the_person_after_login(client, world):
    person = world.roles["smp_op"].user
    r = invite(client, world, "dinas_kota_admin", "sd", person.username)
    assert r.status_code == 302
    assert not person.roles.filter(institution=world.inst["sd"]).exists(), "nothing before acceptance"
    inv = RoleInvitation.objects.get()
    assert AccountEvent.objects.filter(action="invitation_sent", institution=world.inst["sd"]).exists()

    login_as(client, world.roles["smp_op"])
    page = client.get(reverse("accounts:choose_role")).content.decode()
    assert "mengundang Anda" in page and "SD Negeri 1 Uji" in page
    r = client.post(reverse("accounts:invitation_answer", args=[inv.pk]), {"answer": "accept"})
    assert r.status_code == 302
    a = person.roles.get(institution=world.inst["sd"])
    assert a.role == Role.OPERATOR and a.created_by == world.roles["dinas_kota_admin"].user
    assert AccountEvent.objects.filter(action="invitation_accepted", target=person).exists()
    person.refresh_from_db()
    assert person.check_password(DEMO_PASSWORD), "the person keeps their password"


def test_invitation_page_answers_the_same_for_a_missing_account(client, world):
    r1 = invite(client, world, "dinas_kota_admin", "sd", "sd.op")
    r2 = invite(client, world, "dinas_kota_admin", "sd", "tidak.ada")
    m1 = [str(m) for m in r1.wsgi_request._messages]
    m2 = [str(m) for m in r2.wsgi_request._messages]
    assert m1[-1].replace("sd.op", "X") == m2[-1].replace("tidak.ada", "X")


def test_declined_invitation_creates_nothing(client, world):
    invite(client, world, "dinas_kota_admin", "sd", "smp.op")
    inv = RoleInvitation.objects.get()
    login_as(client, world.roles["smp_op"])
    client.post(reverse("accounts:invitation_answer", args=[inv.pk]), {"answer": "decline"})
    inv.refresh_from_db()
    assert inv.declined_at and not world.roles["smp_op"].user.roles.filter(institution=world.inst["sd"]).exists()
    assert AccountEvent.objects.filter(action="invitation_declined").exists()


def test_nobody_else_can_accept_an_invitation(client, world):
    invite(client, world, "dinas_kota_admin", "sd", "smp.op")
    inv = RoleInvitation.objects.get()
    login_as(client, world.roles["kb_op"])  # another person
    client.post(reverse("accounts:invitation_answer", args=[inv.pk]), {"answer": "accept"})
    assert not RoleAssignment.objects.filter(institution=world.inst["sd"], user__username="kb.op").exists()
    inv.refresh_from_db()
    assert inv.is_open


def test_superuser_and_later_accounts_never_see_invitations(client, world):
    su = User.objects.create_superuser("admin", "", DEMO_PASSWORD)
    invite(client, world, "dinas_kota_admin", "sd", "admin")
    invite(client, world, "dinas_kota_admin", "sd", "belum.ada")
    later = user("belum.ada")  # registered after the invitation was sent
    for u in (su, later):
        from accounts.selectors import invitations_for

        assert not invitations_for(user=u).exists()
        inv = RoleInvitation.objects.get(username=u.username)
        login_user(client, u)
        client.post(reverse("accounts:invitation_answer", args=[inv.pk]), {"answer": "accept"})
        assert not u.roles.exists()


def test_admin_can_revoke_an_open_invitation_but_not_another_scopes(client, world):
    invite(client, world, "dinas_kota_admin", "sd", "smp.op")
    inv = RoleInvitation.objects.get()
    login_as(client, world.roles["dinas_sleman_admin"])
    assert client.post(reverse("accounts:invitation_revoke", args=[inv.pk])).status_code == 403
    login_as(client, world.roles["dinas_kota_admin"])
    client.post(reverse("accounts:invitation_revoke", args=[inv.pk]))
    inv.refresh_from_db()
    assert inv.revoked_at
    assert AccountEvent.objects.filter(action="invitation_revoked").exists()


def test_operator_cannot_invite(client, world):
    r = invite(client, world, "dinas_kota_op", "sd", "smp.op")
    assert r.status_code == 403 and not RoleInvitation.objects.exists()


# --- reset of a multi-role account -----------------------------------------------------------------


@pytest.fixture
def multi(world):
    """A teacher of SD (PTK record, activated) who is also operator of the SMP (like multi.demo)."""
    from tests.ptk.conftest import activate

    p = enter(world.inst["sd"], world.roles["sd_op"])
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    p.refresh_from_db()
    smp = assign(p.user, Role.OPERATOR, world.inst["smp"])
    return p, smp


def test_school_reset_gives_only_the_ptk_role_and_suspends_the_other(client, world, multi):
    ptk, smp_role = multi
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("ptk:s02", args=[ptk.pk]), follow=True)  # post/redirect/get to the S02 page
    assert r.status_code == 200
    act = ActivationCode.objects.filter(user=ptk.user, used_at__isnull=True, revoked_at__isnull=True).get()
    assert [a.role for a in act.opens.all()] == [Role.PTK]
    smp_role.refresh_from_db()
    assert smp_role.is_suspended and "SD Negeri 1 Uji" in smp_role.suspended_reason
    # the attacker (the school) activates with the code and the birth date it knows ...
    from ptk.services import ptk_account_activate
    from tests.factories import DEMO_PASSWORD as _p  # noqa: F401

    code = r.context["letter"] and _issued_code(ptk, world)
    ptk_account_activate(username=ptk.identifier, code=code, birth_date=ptk.birth_date, password="Sandi-Penyerang-1")
    # ... logs in and finds only the PTK role: the SMP operator role cannot be picked
    client.logout()
    client.post(reverse("accounts:login"), {"username": ptk.user.username, "password": "Sandi-Penyerang-1"})
    page = client.get(reverse("accounts:choose_role"))
    assert f"role-{smp_role.pk}" not in page.content.decode()
    assert "ditangguhkan" in page.content.decode()
    client.post(reverse("accounts:choose_role"), {"role": str(smp_role.pk)})
    assert client.session.get(SESSION_KEY) != str(smp_role.pk)
    s = client.session
    s[SESSION_KEY] = str(smp_role.pk)  # a forged session key is dropped too
    s.save()
    assert client.get(reverse("nuptk:list")).wsgi_request.active_role.assignment.role == Role.PTK


def _issued_code(ptk, world):
    """Reset again through the service to learn the code (the page showed it only in the PDF)."""
    _r, code = issue_s02(ptk, world.roles["sd_op"])
    return code


def test_suspended_role_is_reopened_by_its_own_owner_with_a_scoped_code(client, world, multi):
    ptk, smp_role = multi
    _r, code = issue_s02(ptk, world.roles["sd_op"])
    from tests.ptk.conftest import activate

    activate(ptk, code, password="Sandi-Sendiri-2026")
    # the SMP admin sees the suspension and issues a code that opens only that role
    login_as(client, world.roles["smp_admin"])
    html = client.get(reverse("accounts:users")).content.decode()
    assert 'data-testid="suspended"' in html
    r = client.post(reverse("accounts:user_reopen", args=[smp_role.pk]))
    reopen = r.context["code"]
    assert AccountEvent.objects.filter(action="role_reopen_code_issued", target=ptk.user).exists()
    # another school's admin cannot
    login_as(client, world.roles["kb_admin"])
    assert client.post(reverse("accounts:user_reopen", args=[smp_role.pk])).status_code == 403
    # the reopen code is no account code: it sets no password on /aktivasi/
    client.logout()
    r = client.post(reverse("accounts:activate"), {"username": ptk.user.username, "code": reopen,
                                                   "password1": "Sandi-Penyerang-9", "password2": "Sandi-Penyerang-9"})
    assert "tidak cocok" in r.content.decode()
    # the person, logged in with their own password, enters it
    client.post(reverse("accounts:login"), {"username": ptk.user.username, "password": "Sandi-Sendiri-2026"})
    client.post(reverse("accounts:role_reopen"), {"code": "AAAA-BBBB-CCCC"})
    smp_role.refresh_from_db()
    assert smp_role.is_suspended
    client.post(reverse("accounts:role_reopen"), {"code": reopen})
    smp_role.refresh_from_db()
    assert not smp_role.is_suspended
    assert AccountEvent.objects.filter(action="role_reopened", target=ptk.user).exists()
    assert f"role-{smp_role.pk}" in client.get(reverse("accounts:choose_role")).content.decode()


def test_ptk_role_suspended_by_an_operator_reset_is_reopened_by_the_home_school(client, world, multi):
    ptk, smp_role = multi
    login_as(client, world.roles["smp_admin"])
    r = client.post(reverse("accounts:user_reset", args=[smp_role.pk]), follow=True)
    code = r.context["code"]
    ptk_role = RoleAssignment.objects.get(user=ptk.user, role=Role.PTK)
    assert ptk_role.is_suspended
    client.logout()
    client.post(reverse("accounts:activate"), {"username": ptk.user.username, "code": code,
                                               "password1": "Sandi-Sendiri-2027", "password2": "Sandi-Sendiri-2027"})
    login_as(client, world.roles["sd_op"])
    html = client.get(reverse("ptk:detail", args=[ptk.pk])).content.decode()
    assert 'data-testid="ptk-role-suspended"' in html
    r = client.post(reverse("ptk:role_reopen", args=[ptk.pk]))
    reopen = r.context["code"]
    login_as(client, RoleAssignment.objects.get(pk=smp_role.pk))  # the user with their new password
    client.post(reverse("accounts:role_reopen"), {"code": reopen})
    ptk_role.refresh_from_db()
    assert not ptk_role.is_suspended


def test_dinas_reset_of_an_operator_who_is_also_lpmp_admin_suspends_the_lpmp_role(client, world):
    victim = world.roles["sd_op"].user
    lpmp = assign(victim, Role.ADMIN, world.inst["lpmp"])
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(reverse("accounts:user_reset", args=[world.roles["sd_op"].pk]), follow=True)
    assert r.context["code"]
    lpmp.refresh_from_db()
    world.roles["sd_op"].refresh_from_db()
    assert lpmp.is_suspended and not world.roles["sd_op"].is_suspended


# --- one activation rule per account type ------------------------------------------------------------


def test_accounts_activation_page_refuses_a_ptk_code_without_birth_date(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    _r, code = issue_s02(p, world.roles["sd_op"])
    p.refresh_from_db()
    r = client.post(reverse("accounts:activate"), {"username": p.user.username, "code": code,
                                                   "password1": "Sandi-Penyerang-1", "password2": "Sandi-Penyerang-1"})
    html = r.content.decode()
    assert "Akun PTK diaktifkan di halaman Aktivasi akun PTK" in html
    assert 'data-testid="ptk-activate-link"' in html
    p.user.refresh_from_db()
    assert not p.user.has_usable_password()
    act = ActivationCode.objects.get(user=p.user, revoked_at__isnull=True)
    assert act.used_at is None, "the code is not used up"
    # the PTK page with the birth date still works; a wrong birth date does not
    from datetime import timedelta

    r = client.post(reverse("ptk:activate"), {"username": p.identifier, "code": code,
                                              "birth_date": (p.birth_date + timedelta(days=1)).isoformat(),
                                              "password1": "Sandi-Guru-2026!", "password2": "Sandi-Guru-2026!"})
    assert r.status_code == 200
    r = client.post(reverse("ptk:activate"), {"username": p.identifier, "code": code,
                                              "birth_date": p.birth_date.isoformat(),
                                              "password1": "Sandi-Guru-2026!", "password2": "Sandi-Guru-2026!"})
    assert r.status_code == 302


# --- superuser and staff accounts ------------------------------------------------------------------------


def test_superuser_and_staff_are_never_reset_or_activated_by_institutions(client, world):
    from accounts.services import hash_code

    su = User.objects.create_superuser("root.su", "", DEMO_PASSWORD)
    staff = user("staf.pusat", is_staff=True)
    for u in (su, staff):
        a = assign(u, Role.OPERATOR, world.inst["sd"])  # even with a role at an institution
        login_as(client, world.roles["dinas_kota_admin"])
        assert client.post(reverse("accounts:user_reset", args=[a.pk])).status_code == 403
        assert client.post(reverse("accounts:user_mfa_reset", args=[a.pk])).status_code == 403
        u.refresh_from_db()
        assert u.check_password(DEMO_PASSWORD)
        # a live code planted in the database is still refused
        from datetime import timedelta

        from django.utils import timezone

        ActivationCode.objects.create(user=u, code_hash=hash_code("AAAA-BBBB-CCCC"),
                                      expires_at=timezone.now() + timedelta(days=1))
        client.logout()
        r = client.post(reverse("accounts:activate"), {"username": u.username, "code": "AAAA-BBBB-CCCC",
                                                       "password1": "Sandi-Penyerang-1", "password2": "Sandi-Penyerang-1"})
        assert r.status_code == 200 and "tidak cocok" in r.content.decode()
        u.refresh_from_db()
        assert u.check_password(DEMO_PASSWORD)


def test_s02_for_a_ptk_linked_to_a_staff_account_is_refused(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    staff = user("staf.guru", is_staff=True)
    p.user = staff
    p.save(update_fields=["user"])
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("ptk:s02", args=[p.pk]))
    assert r.status_code == 403
    staff.refresh_from_db()
    assert staff.check_password(DEMO_PASSWORD)
