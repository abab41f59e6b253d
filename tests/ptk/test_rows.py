"""The PTK list's rows are written in Python (ptk/rows.py) for speed: they must say exactly what the
template loop they replace said, with the same escaping, in both languages."""

import re

import pytest
from django.template import engines
from django.utils import translation

from accounts.models import Institution
from ptk.models import Ptk
from ptk.rows import ptk_rows

# The template loop ptk/ptk_list.html used before (issue 16): the reference.
REFERENCE = """{% load i18n %}{% for p in items %}
    <tr><td><a href="{{ p.detail_url }}">{{ p.name }}</a></td>
      <td>{% if p.nuptk %}{{ p.nuptk }}{% else %}<span class="helptext">PegID</span> {{ p.pegid|default:"-" }}{% endif %}</td>
      <td>{{ p.get_nuptk_status_display }}</td><td data-testid="row-star">{{ p.star_label }} · {{ p.active_status_label }}</td><td>{{ p.get_ptk_type_display|default:"" }}</td>
      <td>{{ p.get_employment_status_display|default:"" }}</td><td>{{ p.school.name }}</td></tr>
  {% empty %}
    <tr><td colspan="7">{% trans "Tidak ada PTK yang cocok dengan pencarian." %}</td></tr>
  {% endfor %}"""


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def people():
    school = Institution(name='SD "Tunas" <Harapan> & Co')
    status_values = [c for c, _l in Ptk._meta.get_field("nuptk_status").choices]
    a = Ptk(
        name="Andi <script>alert(1)</script>",
        nuptk="1234567890123456",
        school=school,
        star=4,
        nuptk_status=status_values[-1],
        ptk_type=1,
        employment_status=1,
    )
    b = Ptk(name="Budi O'Neil", nuptk="", pegid="", school=school, star=0, nuptk_status=status_values[0])
    c = Ptk(
        name="Citra",
        nuptk="",
        pegid="20250001",
        school=school,
        star=2,
        nuptk_status=status_values[0],
        ptk_type=None,
        employment_status=None,
    )
    # the same statuses as a (its labels come from the page's memo) and as c but another star
    d = Ptk(name="Dewi", nuptk="9876543210987654", school=school, star=4, nuptk_status=status_values[-1],
            ptk_type=1, employment_status=1)
    e = Ptk(name="Eko", nuptk="", pegid="20250002", school=school, star=3, nuptk_status=status_values[0],
            ptk_type=None, employment_status=None)
    for i, p in enumerate((a, b, c, d, e)):
        p.detail_url = f"/ptk/{i}/?a=1&b=2"
    return [a, b, c, d, e]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rows_say_what_the_template_said(lang):
    items = people()
    with translation.override(lang):
        expected = engines["django"].from_string(REFERENCE).render({"items": items})
        assert squash(ptk_rows(items)) == squash(expected)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_rows_says_so(lang):
    with translation.override(lang):
        expected = engines["django"].from_string(REFERENCE).render({"items": []})
        assert squash(ptk_rows([])) == squash(expected)


def test_names_are_escaped():
    html = ptk_rows(people())
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;b=2" in html
    assert "PegID</span> -" in html  # neither NUPTK nor PegID
