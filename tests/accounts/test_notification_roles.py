"""A person with several roles gets notices whose link opens under the role they concern: from
another role the notice offers to switch first, and the switch lands on the linked page."""

from django.urls import reverse

from accounts.models import Notification, Role
from nuptk import services as svc
from tests.factories import assign, login_as
from tests.nuptk.conftest import approve, reject, scope_of  # noqa: F401 (claim, tick the checklist, decide)
from tests.nuptk.test_services import new_request


def test_notice_about_a_school_request_opens_after_switching_to_that_school(client, world):
    op, sub = new_request(world)
    sd_op = world.roles["sd_op"]
    smp_role = assign(sd_op.user, Role.OPERATOR, world.inst["smp"])
    svc.submission_submit(scope=op, pk=sub.pk)
    reject(
        scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk, reason="unreadable",
        note="KTP buram; unggah ulang.", item="ktp",
    )
    notice = Notification.objects.filter(user=sd_op.user, body__contains="buram").get()
    assert notice.role_id == sd_op.pk

    # acting for the SMP, the notice does not link to a page that role cannot open
    login_as(client, smp_role)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert f'href="{notice.url}"' not in page
    assert "Lihat sebagai" in page
    assert client.get(notice.url).status_code == 404  # (what the bare link would have given)

    # the switch button takes them to the request as the SD operator
    r = client.post(reverse("accounts:choose_role"), {"role": str(sd_op.pk), "next": notice.url})
    assert r.status_code == 302 and r["Location"] == notice.url
    assert client.get(notice.url).status_code == 200

    # acting for the SD, the same notice links straight to the request
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert f'href="{notice.url}"' in page


def test_role_switch_never_redirects_off_site(client, world):
    sd_op = world.roles["sd_op"]
    login_as(client, sd_op)
    r = client.post(reverse("accounts:choose_role"), {"role": str(sd_op.pk), "next": "https://evil.example/x"})
    assert r.status_code == 302 and r["Location"] == reverse("accounts:home")


def test_ptk_pages_lead_back_to_their_own_data_not_the_list(client, world):
    from tests.ptk.conftest import activate, enter, issue_s02

    ptk = enter(world.inst["sd"], world.roles["sd_op"])
    _r, code = issue_s02(ptk, world.roles["sd_op"])
    user = activate(ptk, code)
    own = user.roles.get(role=Role.PTK)
    login_as(client, own)
    for name in ("ptk:contacts", "ptk:photo_upload"):
        page = client.get(reverse(name, args=[ptk.pk])).content.decode()
        assert f'href="{reverse("ptk:me")}"' in page
        assert f'href="{reverse("ptk:list")}"' not in page
    assert client.get(reverse("ptk:list")).status_code == 403
