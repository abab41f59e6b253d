"""The queue's rows are written in Python (nuptk/rows.py) for speed: they must say what the template
loop they replace said, with the same escaping, in both languages, with and without tick boxes."""

import re
from datetime import timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

from accounts.models import Institution, User
from nuptk.models import Submission
from nuptk.rows import queue_rows
from ptk.models import Ptk

# The template loop nuptk/queue.html used before (issue 16): the reference.
REFERENCE = """{% load i18n nuptk_tags %}{% for s in page.items %}
    <tr>{% if bulk_forward %}<td>{% if s.claimed_by_id == request.user.pk %}<input type="checkbox" name="pilih" value="{{ s.pk }}" form="bulk-forward" aria-label="{% blocktrans with c=s.code %}Pilih {{ c }}{% endblocktrans %}" data-testid="pick">{% endif %}</td>{% endif %}<td><a href="{{ s.detail_url }}">{{ s.code }}</a></td><td>{{ s.get_kind_display }}</td>
      <td>{{ s.ptk.name }}<br><span class="helptext">{{ s.ptk.nuptk|default:s.ptk.pegid|default:s.ptk.nik|default:"" }}</span></td><td>{{ s.school.name }}</td>
      <td>{{ s.waiting_since|waited:now }}{% if s|late_at_dinas:now %} <span class="badge badge-red" data-testid="late" title="{% trans "Dinas memeriksa tiap ajuan paling lama 30 menit (standar layanan); ajuan ini sudah menunggu lebih lama." %}">{% trans "melewati batas 30 menit" %}</span>{% endif %}</td>
      <td>{% if s.claimed_by %}{{ s.claimed_by.display_name }}{% else %}<span class="helptext">{% trans "belum" %}</span>{% endif %}</td></tr>
  {% empty %}<tr><td colspan="{% if bulk_forward %}7{% else %}6{% endif %}">{% trans "Tidak ada ajuan yang menunggu." %}</td></tr>{% endfor %}"""  # noqa: E501


def squash(html) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


class Req:  # the request the template read ``request.user.pk`` from
    def __init__(self, pk):
        self.user = User(pk=pk)


def requests_(now):
    school = Institution(name='SD "Tunas" <Harapan> & Co')
    me = User(pk=7, username="dinas.op", full_name="Rina <Verifikator>")
    other = User(pk=8, username="lain.op", full_name="")
    a = Submission(
        pk=12, kind="penerbitan", state="at_dinas", waiting_since=now - timedelta(hours=1, minutes=5)
    )
    a.ptk = Ptk(name="Andi <script>", nuptk="", pegid="", nik="3404010101010001")
    a.claimed_by = me
    b = Submission(pk=13, kind="penerbitan", state="at_dinas", waiting_since=now - timedelta(minutes=3))
    b.ptk = Ptk(name="Budi O'Neil", nuptk="1234567890123456")
    b.claimed_by = other
    c = Submission(pk=14, kind="penerbitan", state="at_qa", waiting_since=now - timedelta(days=2))
    c.ptk = Ptk(name="Citra", nuptk="", pegid="", nik="")
    c.claimed_by = None
    for i, s in enumerate((a, b, c)):
        s.school = school
        s.detail_url = f"/ajuan/{s.pk}/?a=1&b={i}"
    return [a, b, c]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("bulk", [True, False])
def test_rows_say_what_the_template_said(lang, bulk):
    now = timezone.now()
    items = requests_(now)
    with translation.override(lang):
        ctx = {"page": {"items": items}, "now": now, "bulk_forward": bulk, "request": Req(7)}
        expected = engines["django"].from_string(REFERENCE).render(ctx)
        got = queue_rows(items, now=now, user_pk=7, bulk_forward=bulk)
        assert squash(got) == squash(expected)
        if bulk:
            assert got.count('name="pilih"') == 1  # only the request the user holds
        assert got.count('data-testid="late"') == 1  # the one at the Dinas for over 30 minutes


@pytest.mark.parametrize("bulk", [True, False])
def test_empty_queue_says_so(bulk):
    ctx = {"page": {"items": []}, "now": timezone.now(), "bulk_forward": bulk, "request": Req(7)}
    expected = engines["django"].from_string(REFERENCE).render(ctx)
    assert squash(queue_rows([], now=timezone.now(), user_pk=7, bulk_forward=bulk)) == squash(expected)


def test_values_are_escaped():
    html = queue_rows(requests_(timezone.now()), now=timezone.now(), user_pk=7, bulk_forward=True)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Rina &lt;Verifikator&gt;" in html and "&amp;b=1" in html
