"""Registration, activation, reset, lockout, multi-role switching and delegation, as users see them."""

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import AccountEvent, ActivationCode, Delegation, Role, RoleAssignment, User
from tests.factories import DEMO_PASSWORD, assign, login_as, login_user, user

pytestmark = pytest.mark.django_db


def register(client, world, admin_key, inst_key, username="op.baru", role="operator"):
    login_as(client, world.roles[admin_key])
    return client.post(
        reverse("accounts:user_register"),
        {
            "institution": world.inst[inst_key].pk,
            "role": role,
            "username": username,
            "full_name": "Operator Baru",
            "email": "",
        },
        follow=True,  # post/redirect/get: the code page is a GET of its own
    )


def activate(client, username, code, password="Sandi-Baru-2026!"):
    return client.post(
        reverse("accounts:activate"),
        {
            "username": username,
            "code": code,
            "password1": password,
            "password2": password,
        },
    )


def test_admin_registers_operator_who_activates_and_logs_in(client, world):
    r = register(client, world, "dinas_kota_admin", "sd")
    assert r.status_code == 200
    code = r.context["code"]
    assert code and code in r.content.decode()
    u = User.objects.get(username="op.baru")
    assert not u.has_usable_password()
    act = ActivationCode.objects.get(user=u)
    assert code not in act.code_hash, "the code is stored only hashed"
    client.logout()
    r = activate(client, "op.baru", code.lower().replace("-", " "))
    assert r.status_code == 302
    r = client.post(reverse("accounts:login"), {"username": "op.baru", "password": "Sandi-Baru-2026!"})
    assert r.status_code == 302
    home = client.get(reverse("accounts:home"))
    assert "Operator SD Negeri 1 Uji" in home.content.decode()
    # the code dies after use
    client.logout()
    r = activate(client, "op.baru", code, "Lain-Lagi-2026!")
    assert r.status_code == 200 and "tidak cocok" in r.content.decode()


def test_admin_cannot_register_outside_own_and_directly_below(client, world):
    # Dinas Kota admin may not register at a Sleman school, nor at LPMP (above it)
    for inst in ("sd_sleman", "lpmp", "sd_bdg"):
        r = register(client, world, "dinas_kota_admin", inst, username=f"x.{inst}")
        assert r.status_code == 200
        assert "institution" in r.context["form"].errors
        assert not User.objects.filter(username=f"x.{inst}").exists()


def test_operator_cannot_open_user_management(client, world):
    login_as(client, world.roles["dinas_kota_op"])
    assert client.get(reverse("accounts:user_register")).status_code == 403
    assert client.get(reverse("accounts:users")).status_code == 403


def test_admin_of_own_institution_is_registered_from_above(client, world):
    r = register(client, world, "sd_admin", "sd", username="admin2", role="admin")
    assert "Admin lembaga ini didaftarkan oleh admin lembaga di atasnya." in r.content.decode()
    r = register(client, world, "dinas_kota_admin", "sd", username="admin2", role="admin")
    assert r.context["code"]
    assert RoleAssignment.objects.filter(
        user__username="admin2", role=Role.ADMIN, institution=world.inst["sd"]
    ).exists()


def test_reset_gives_new_code_and_kills_the_old(client, world):
    r = register(client, world, "dinas_kota_admin", "sd")
    old = r.context["code"]
    a = RoleAssignment.objects.get(user__username="op.baru")
    r = client.post(reverse("accounts:user_reset", args=[a.pk]), follow=True)
    new = r.context["code"]
    assert new and new != old
    client.logout()
    assert "tidak cocok" in activate(client, "op.baru", old).content.decode()
    assert activate(client, "op.baru", new).status_code == 302


def test_reset_of_an_account_outside_scope_is_refused(client, world):
    login_as(client, world.roles["dinas_sleman_admin"])
    target = world.roles["sd_op"]
    assert client.post(reverse("accounts:user_reset", args=[target.pk])).status_code == 403


def test_activation_locks_after_repeated_wrong_codes(client, world):
    r = register(client, world, "dinas_kota_admin", "sd")
    code = r.context["code"]
    client.logout()
    for _i in range(5):
        activate(client, "op.baru", "AAAA-BBBB-CCCC")
    r = activate(client, "op.baru", code)
    assert r.status_code == 200
    assert "Terlalu banyak percobaan" in r.content.decode()


def test_login_lockout_after_five_failures(client, world):
    u = user("guru.kunci")
    for _i in range(5):
        r = client.post(reverse("accounts:login"), {"username": u.username, "password": "salah"})
    r = client.post(reverse("accounts:login"), {"username": u.username, "password": DEMO_PASSWORD})
    assert r.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in r.content.decode()


def test_wrong_password_message_is_indonesian(client, world):
    r = client.post(reverse("accounts:login"), {"username": "sd.op", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in r.content.decode()


def test_multi_role_user_picks_and_switches(client, world):
    u = world.roles["sd_op"].user
    second = assign(u, Role.OPERATOR, world.inst["smp"])
    login_user(client, u)
    r = client.get(reverse("accounts:home"))
    assert r.status_code == 302 and r.url == reverse("accounts:choose_role")
    client.post(reverse("accounts:choose_role"), {"role": str(world.roles["sd_op"].pk)})
    assert "Operator SD Negeri 1 Uji" in client.get(reverse("accounts:home")).content.decode()
    client.post(reverse("accounts:choose_role"), {"role": str(second.pk)})
    home = client.get(reverse("accounts:home")).content.decode()
    assert "bertindak sebagai" in home and "Operator SMP Negeri 2 Uji" in home
    # a role of someone else cannot be chosen
    r = client.post(reverse("accounts:choose_role"), {"role": str(world.roles["sma_op"].pk)}, follow=True)
    assert "tidak tersedia" in r.content.decode()
    assert client.session[SESSION_KEY] == str(second.pk)


def test_single_role_is_chosen_automatically(client, world):
    login_user(client, world.roles["sd_op"].user)
    assert client.get(reverse("accounts:home")).status_code == 200


def test_deactivated_role_is_dropped_from_session(client, world):
    a = world.roles["sd_op"]
    login_as(client, a)
    RoleAssignment.objects.filter(pk=a.pk).update(is_active=False)
    r = client.get(reverse("accounts:institutions"))
    assert r.status_code == 302 and r.url == reverse("accounts:choose_role")


def test_delegation_grant_lets_kecamatan_act_for_school_and_revoke_ends_it(client, world):
    kec_op = world.roles["kec_op"]
    sd = world.inst["sd"]
    login_as(client, world.roles["sd_admin"])
    r = client.post(reverse("accounts:delegations"), {"delegate": world.inst["kec"].pk})
    assert r.status_code == 302
    d = Delegation.objects.get(school=sd)
    assert AccountEvent.objects.filter(action="delegation_granted", institution=sd).exists()
    assert kec_op.user.has_perm("accounts.operate_school", sd)

    login_user(client, kec_op.user)
    roles = client.get(reverse("accounts:choose_role")).context["roles"]
    keys = {r.key for r in roles}
    assert f"{kec_op.pk}:{sd.pk}" in keys
    client.post(reverse("accounts:choose_role"), {"role": f"{kec_op.pk}:{sd.pk}"})
    home = client.get(reverse("accounts:home")).content.decode()
    assert "atas nama SD Negeri 1 Uji" in home
    r = client.get(reverse("accounts:institutions"), {"kind": "sekolah"})
    assert [i.pk for i in r.context["page"].items] == [sd.pk]

    login_as(client, world.roles["sd_admin"])
    client.post(reverse("accounts:delegation_revoke", args=[d.pk]))
    d.refresh_from_db()
    assert d.revoked_at is not None
    from guardian.shortcuts import get_perms

    assert "operate_school" not in get_perms(world.inst["kec"].group, sd)
    login_user(client, kec_op.user)
    s = client.session
    s[SESSION_KEY] = f"{kec_op.pk}:{sd.pk}"
    s.save()
    r = client.get(reverse("accounts:home"))
    assert "atas nama" not in r.content.decode()


def test_delegation_only_to_own_kecamatan_or_dinas(client, world):
    login_as(client, world.roles["sd_admin"])
    r = client.post(reverse("accounts:delegations"), {"delegate": world.inst["dinas_sleman"].pk})
    assert r.status_code == 200 and not Delegation.objects.exists()
    login_as(client, world.roles["sd_op"])
    assert client.get(reverse("accounts:delegations")).status_code == 403


def test_django_admin_is_for_superusers_only(client, world):
    staff = world.roles["pdspk_admin"].user
    staff.is_staff = True
    staff.save()
    login_as(client, world.roles["pdspk_admin"])
    r = client.get("/admin/")
    assert r.status_code == 302 and "/admin/login/" in r.url
    su = User.objects.create_superuser("root", "", DEMO_PASSWORD)
    login_user(client, su)
    assert client.get("/admin/").status_code == 200
