"""One permission rule in two forms: the queue (a queryset) and can_review (a bool) agree for every
role and request; the buttons a page shows are exactly available_actions; the services refuse what
is not available."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from accounts.scope import ActiveRole
from nuptk import permissions as perm
from nuptk import services as svc
from nuptk.models import Submission
from nuptk.permissions import Action
from tests.factories import login_as

from .conftest import approve, attach_all, make_ptk, reject, scope_of

pytestmark = pytest.mark.django_db

ROLE_KEYS = [
    "sd_op", "smp_op", "kec_op", "dinas_kota_op", "dinas_kota_admin", "dinas_sleman_op", "dinas_prov_op",
    "lpmp_op", "lpmp_jabar_op", "bppaud_op", "bpkln_op", "atdikbud_op", "pdspk_op", "pdspk_admin",
]


def _requests(world):
    """Requests in every state a reviewer meets, at several schools."""
    op = scope_of(world.roles["sd_op"])

    def new(name, kind="penerbitan", school="sd", **fields):
        s = scope_of(world.roles[f"{school}_op"])
        sub = svc.submission_create(scope=s, ptk=make_ptk(world.inst[school], name=name, **fields), kind=kind)
        attach_all(s, sub)
        return s, sub

    out = {}
    _s, out["draft"] = new("Draf")
    s, sub = new("Dinas")
    out["at_dinas"] = svc.submission_submit(scope=s, pk=sub.pk)
    s, sub = new("Qa")
    svc.submission_submit(scope=s, pk=sub.pk)
    out["at_qa"] = approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    s, sub = new("Pdspk")
    svc.submission_submit(scope=s, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    out["at_pdspk"] = approve(scope=scope_of(world.roles["lpmp_op"]), pk=sub.pk)
    s, sub = new("Kb", school="kb", employment_status=4)
    svc.submission_submit(scope=s, pk=sub.pk)
    out["kb_at_qa"] = approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    s, sub = new("Siln", school="siln")
    out["siln_at_dinas"] = svc.submission_submit(scope=s, pk=sub.pk)
    s, sub = new("Tolak")
    svc.submission_submit(scope=s, pk=sub.pk)
    out["rejected"] = reject(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk, reason="other", note="x")
    s, sub = new("Klaim", kind="klaim")
    Submission.objects.filter(pk=sub.pk).update(payload={"claimed_nuptk": "5555666677771111"})
    out["klaim_at_pdspk"] = svc.submission_submit(scope=op, pk=sub.pk)
    return out


def test_queue_and_can_review_are_one_rule(world):
    subs = _requests(world)
    for key in ROLE_KEYS + ["sd_admin"]:
        active = ActiveRole(world.roles[key])
        queue = set(perm.submissions_reviewable_by(active).values_list("pk", flat=True))
        for name, sub in subs.items():
            sub = Submission.objects.get(pk=sub.pk)
            assert perm.can_review(active, sub) == (sub.pk in queue), (key, name)
    expected = {
        "dinas_kota_op": {"at_dinas"},
        "lpmp_op": {"at_qa"},
        "bppaud_op": {"kb_at_qa"},
        "atdikbud_op": {"siln_at_dinas"},
        "pdspk_op": {"at_pdspk", "klaim_at_pdspk"},
        "dinas_sleman_op": set(),
        "lpmp_jabar_op": set(),
        "sd_op": set(),
        "kec_op": set(),
    }
    for key, names in expected.items():
        queue = set(perm.submissions_reviewable_by(ActiveRole(world.roles[key])).values_list("pk", flat=True))
        assert queue == {subs[n].pk for n in names}, key


def test_acting_for_a_school_never_reviews(world):
    subs = _requests(world)
    acting = ActiveRole(world.roles["dinas_kota_op"], on_behalf_of=world.inst["sd"])
    assert not perm.submissions_reviewable_by(acting).exists()
    assert not perm.can_review(acting, subs["at_dinas"])


BUTTONS = {
    Action.SUBMIT: 'data-testid="submit"',
    Action.RESUBMIT_SK: 'data-testid="resubmit-sk"',
    Action.CLAIM: 'data-testid="claim"',
    Action.RELEASE: 'data-testid="release"',
    Action.REJECT: 'data-testid="reject"',
    Action.REVIEW: 'data-testid="review"',
}


def test_pages_render_exactly_the_available_actions(client, world):
    subs = _requests(world)
    svc.submission_claim(scope=scope_of(world.roles["lpmp_op"]), pk=subs["at_qa"].pk)
    for key in ROLE_KEYS:
        assignment = world.roles[key]
        login_as(client, assignment)
        for name, sub in subs.items():
            r = client.get(reverse("nuptk:detail", args=[sub.pk]))
            if r.status_code == 404:
                continue
            sub = Submission.objects.get(pk=sub.pk)
            actions = perm.available_actions(ActiveRole(assignment), sub)
            for action, marker in BUTTONS.items():
                assert (marker in r.text) == (action in actions), (key, name, action)
            approving = Action.APPROVE in actions or Action.FORWARD in actions
            assert ('data-testid="approve"' in r.text) == approving, (key, name)
            assert ("Setujui dan teruskan" in r.text) == (Action.FORWARD in actions), (key, name)
            assert ("Hanya SK yang salah" in r.text) == (Action.REJECT_SK in actions), (key, name)


def test_services_refuse_what_is_not_available(world):
    subs = _requests(world)
    school = scope_of(world.roles["sd_op"])
    for name in ("at_dinas", "at_qa", "at_pdspk"):
        assert Action.SUBMIT not in perm.available_actions(school.active, subs[name])
        with pytest.raises(ValidationError):
            svc.submission_submit(scope=school, pk=subs[name].pk)
        with pytest.raises(ValidationError):
            svc.submission_cancel(scope=school, pk=subs[name].pk)
    lpmp = scope_of(world.roles["lpmp_op"])
    assert not perm.available_actions(lpmp.active, subs["at_dinas"]) & {Action.APPROVE, Action.FORWARD}
    with pytest.raises(ValidationError, match="tidak \\(lagi\\) menunggu"):
        approve(scope=lpmp, pk=subs["at_dinas"].pk)
    # a reviewer's admin may release a colleague's claim, another operator may not
    svc.submission_claim(scope=lpmp, pk=subs["at_qa"].pk)
    from tests.factories import assign, user

    other = scope_of(assign(user("lpmp.op2"), Role.OPERATOR, world.inst["lpmp"]))
    assert Action.RELEASE not in perm.available_actions(other.active, Submission.objects.get(pk=subs["at_qa"].pk))
    with pytest.raises(ValidationError, match="Hanya pemeriksa"):
        svc.submission_release(scope=other, pk=subs["at_qa"].pk)
    admin = scope_of(world.roles["lpmp_admin"])
    assert Action.RELEASE in perm.available_actions(admin.active, Submission.objects.get(pk=subs["at_qa"].pk))
    assert svc.submission_release(scope=admin, pk=subs["at_qa"].pk).claimed_by is None


def test_cancel_after_tolak_sk_is_offered_and_works(client, world):
    subs = _requests(world)
    pdspk = scope_of(world.roles["pdspk_op"])
    sub = reject(scope=pdspk, pk=subs["at_pdspk"].pk, reason="sk_invalid", note="SK lama", sk_only=True)
    login_as(client, world.roles["sd_op"])
    assert "Batalkan ajuan" in client.get(reverse("nuptk:detail", args=[sub.pk])).text
    client.post(reverse("nuptk:cancel", args=[sub.pk]))
    assert Submission.objects.get(pk=sub.pk).state == "cancelled"
