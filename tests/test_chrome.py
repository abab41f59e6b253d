"""Every page's header and footer are written in Python (padamu/chrome.py) for speed: they must say
exactly what base.html's template markup said, with the same escaping, in both languages, for every
kind of reader. csrf token values differ between two renders (each render masks the secret afresh),
so they are compared normalised."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.context_processors import UNREAD_CAP
from accounts.mfa import PRIVILEGED_KEY, VERIFIED_KEY
from accounts.models import InstitutionKind, Notification, Role
from accounts.scope import ActiveRole
from tests.factories import assign, login_as, office, region, school, user

# The markup base.html had before (issue 16): the reference.
HEADER = """<a class="skip-link" href="#isi" data-testid="skip-link">{% trans "Langsung ke isi halaman" %}</a>
  <header class="topbar">
    <a class="brand" href="{% url 'accounts:home' %}">Padamu</a>
    {% if user.is_authenticated %}
      <div class="who" data-testid="acting-as">
        <span class="who-name">{{ user.display_name }}</span>
        {% if active_role %}
          <span class="who-role">{% trans "bertindak sebagai" %} <strong>{{ active_role.label }}</strong></span>
        {% else %}
          <span class="who-role">{% trans "belum memilih peran" %}</span>
        {% endif %}
      </div>
      <nav class="topnav">
        {% if not mfa_pending %}
        <a href="{% url 'accounts:notifications' %}" data-testid="notifications-link">{% trans "Pemberitahuan" %}{% with n=unread_notifications %}{% if n %} <span class="count-badge" data-testid="unread-count">{% if n > unread_cap %}{{ unread_cap }}+{% else %}{{ n }}{% endif %}<span class="visually-hidden"> {% trans "belum dibaca" %}</span></span>{% endif %}{% endwith %}</a>
        <a href="{% url 'accounts:choose_role' %}" data-testid="switch-role">{% trans "Ganti peran" %}</a>
        <a href="{% url 'accounts:security' %}" data-testid="account-security">{% trans "Keamanan akun" %}</a>
        {% endif %}
        {% if user.is_superuser %}<a href="{% url 'admin:index' %}">{% trans "Admin Django" %}</a>{% endif %}
        <form method="post" action="{% url 'accounts:logout' %}" class="inline">{% csrf_token %}
          <button type="submit" class="link">{% trans "Keluar" %}</button>
        </form>
      </nav>
    {% endif %}
  </header>
  {% if user.is_authenticated and active_role and not mfa_pending %}
  <nav class="mainnav" aria-label="{% trans 'Menu utama' %}">
    <a href="{% url 'accounts:home' %}">{% trans "Beranda" %}</a>
    {% for item in menu_items %}<a href="{{ item.url }}">{{ item.label }}</a>{% endfor %}
  </nav>
  {% endif %}"""

FOOTER = """<footer class="footer">
    Padamu · {% trans "Data wilayah: idn-area-data (ODbL 1.0)" %}
    <form method="post" action="{% url 'accounts:set_language' %}" class="lang-switch" data-testid="language-switch">{% csrf_token %}
      <input type="hidden" name="next" value="{{ request.get_full_path }}">
      <span id="lang-label">{% trans "Bahasa" %}:</span>
      {% get_available_languages as langs %}{% for code, name in langs %}{% get_language_info for code as li %}<button type="submit" name="language" value="{{ code }}" class="link" lang="{{ code }}" aria-describedby="lang-label"{% if code == LANGUAGE_CODE %} aria-current="true" disabled{% endif %} data-testid="lang-{{ code }}">{{ li.name_local|capfirst }}</button>{% if not forloop.last %} · {% endif %}{% endfor %}
    </form>
  </footer>"""

REFERENCE = "{% load i18n %}" + HEADER + "\n<hr>\n" + FOOTER
NEW = "{% load chrome %}{% page_header %}\n<hr>\n{% page_footer %}"

BASE = Path(settings.BASE_DIR) / "templates" / "base.html"
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
LANGS = ["id", "en"]


def normalised(html: str) -> str:
    return TOKEN.sub(r"\1TOKEN\3", str(html))


def render(src: str, request=None, extra=None) -> str:
    return engines["django"].from_string(src).render(extra or {}, request)


def same(request=None, extra=None, lang="id"):
    """The new tags say what the reference markup said, for this request and context."""
    with translation.override(lang):
        expected = render(REFERENCE, request, extra)
        got = render(NEW, request, extra)
    assert normalised(got) == normalised(expected)
    return got


def make_request(u=None, assignment=None, on_behalf_of=None, session=None, path="/"):
    r = RequestFactory().get(path)
    r.user = u if u is not None else AnonymousUser()
    r.session = session if session is not None else {}
    r.active_role = ActiveRole(assignment, on_behalf_of) if assignment is not None else None
    return r


@pytest.fixture
def people(db):
    """An operator whose name and school have characters to escape, a dinas operator, a PTK, a
    superuser."""
    _p, _r, d = region()
    sd = school(district=d, name='SD "Tunas" <Harapan> & Co')
    dinas = office(InstitutionKind.DINAS_KAB, name='Dinas <Pendidikan> & "Kota"', regency=d.regency)
    return {
        "op": assign(user(full_name='Ani "<b>Budi</b>" & O\'Neil'), Role.OPERATOR, sd),
        "dinas_op": assign(user(), Role.OPERATOR, dinas),
        "ptk": assign(user(full_name="Citra"), Role.PTK, sd),
        "admin": assign(user(is_superuser=True, is_staff=True), Role.OPERATOR, sd),
        "school": sd,
    }


@pytest.mark.parametrize("lang", LANGS)
def test_anonymous_visitor(lang, db):
    html = same(make_request(), lang=lang)
    assert "acting-as" not in html and "mainnav" not in html
    assert 'data-testid="language-switch"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_no_request_no_token(lang, db):
    # rendered without a request (no context processors): no user, no csrf token, no page address
    html = same(None, lang=lang)
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_logged_in_without_a_role(lang, people):
    html = same(make_request(people["op"].user), lang=lang)
    assert "&lt;b&gt;Budi&lt;/b&gt;" in html and "&quot;" in html and "&amp;" in html
    assert "<b>" not in html and "mainnav" not in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", ["op", "dinas_op", "ptk"])
def test_with_an_active_role_and_its_menu(lang, who, people):
    a = people[who]
    html = same(make_request(a.user, a), lang=lang)
    assert 'class="mainnav"' in html
    if who == "op":
        assert 'href="/ptk/"' in html  # the menu has entries
        assert "SD &quot;Tunas&quot; &lt;Harapan&gt; &amp; Co" in html


@pytest.mark.parametrize("lang", LANGS)
def test_acting_on_behalf_of_a_school(lang, people):
    a = people["dinas_op"]
    html = same(make_request(a.user, a, on_behalf_of=people["school"]), lang=lang)
    assert "SD &quot;Tunas&quot; &lt;Harapan&gt; &amp; Co" in html
    assert "Dinas &lt;Pendidikan&gt; &amp; &quot;Kota&quot;" in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", [True, False])
def test_second_factor_pending(lang, role, people):
    a = people["op"]
    request = make_request(a.user, a if role else None, session={PRIVILEGED_KEY: True})
    html = same(request, lang=lang)
    assert "notifications-link" not in html and "mainnav" not in html
    assert "csrfmiddlewaretoken" in html  # "Keluar" stays
    # verified: everything is back
    request = make_request(a.user, a, session={PRIVILEGED_KEY: True, VERIFIED_KEY: True})
    assert "notifications-link" in same(request, lang=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_superuser_sees_the_admin_link(lang, people):
    admin_url = reverse("admin:index")
    html = same(make_request(people["admin"].user, people["admin"]), lang=lang)
    assert f'<a href="{admin_url}">' in html
    html = same(make_request(people["admin"].user, session={PRIVILEGED_KEY: True}), lang=lang)
    assert f'<a href="{admin_url}">' in html  # also while the second factor is pending
    assert f'<a href="{admin_url}">' not in same(make_request(people["op"].user, people["op"]), lang=lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("unread", [0, 1, 5, UNREAD_CAP, UNREAD_CAP + 1, 150, None, ""])
def test_unread_badge(lang, unread, people):
    a = people["op"]
    for value in (unread, lambda: unread):
        html = same(make_request(a.user, a), {"unread_notifications": value}, lang=lang)
        assert ('data-testid="unread-count"' in html) == bool(unread)
        if unread and unread > UNREAD_CAP:
            assert f'data-testid="unread-count">{UNREAD_CAP}+<' in html
    # without a cap in the context the template compared with None: no "+"
    html = same(make_request(a.user, a), {"unread_notifications": 7, "unread_cap": None}, lang=lang)
    assert 'data-testid="unread-count">7<' in html


@pytest.mark.parametrize("count", [0, 5, UNREAD_CAP + 1])
def test_unread_badge_counted_from_the_database(count, people):
    a = people["op"]
    Notification.objects.bulk_create([Notification(user=a.user, title=f"n{i}") for i in range(count)])
    for lang in LANGS:
        html = same(make_request(a.user, a), lang=lang)
        if count == 0:
            assert "unread-count" not in html
        elif count > UNREAD_CAP:
            assert f'data-testid="unread-count">{UNREAD_CAP}+<' in html
        else:
            assert f'data-testid="unread-count">{count}<' in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_form_returns_to_the_page(lang, people):
    a = people["op"]
    html = same(make_request(a.user, a, path="/ptk/?q=a&b=\"c\"&d=<e>&f='g'"), lang=lang)
    assert 'name="next" value="/ptk/?q=a&amp;b=' in html

    class Request:  # an address with every character to escape
        def get_full_path(self):
            return '/x/?a=1&b="2"<3>\''

    html = same(make_request(a.user, a), {"request": Request()}, lang=lang)
    assert 'name="next" value="/x/?a=1&amp;b=&quot;2&quot;&lt;3&gt;&#x27;"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_current_language_is_marked(lang, db):
    html = same(make_request(), lang=lang)
    assert f'aria-current="true" disabled data-testid="lang-{lang}"' in html
    assert html.count("aria-current") == 1
    for code in ("en", "id", "fr", None):  # whatever LANGUAGE_CODE the context has
        same(make_request(), {"LANGUAGE_CODE": code}, lang=lang)


def test_one_token_per_page_and_nothing_kept_between_requests(people):
    a = people["op"]
    first = render(NEW, make_request(a.user, a))
    second = render(NEW, make_request(people["ptk"].user, people["ptk"]))
    tokens = TOKEN.findall(first)
    assert len(tokens) == 2 and tokens[0] == tokens[1]  # header and footer share the page's token
    assert TOKEN.findall(second)[0] != tokens[0]
    assert "Budi" in first and "Budi" not in second and "Citra" in second


@pytest.mark.parametrize("lang", LANGS)
def test_base_html_is_the_page_it_was(lang, people):
    """The whole of base.html, against base.html with the reference markup put back."""
    new = BASE.read_text(encoding="utf-8")
    assert "{% page_header %}" in new and "{% page_footer %}" in new
    old = new.replace("{% load chrome ", "{% load i18n ").replace("{% page_header %}", HEADER)
    old = old.replace("{% page_footer %}", FOOTER)
    a = people["admin"]
    for request in (make_request(), make_request(a.user), make_request(a.user, a, path="/?a=1&b=2")):
        with translation.override(lang):
            assert normalised(render(new, request)) == normalised(render(old, request))


@pytest.mark.parametrize("lang", LANGS)
def test_a_real_page_shows_header_and_footer(lang, client, world):
    login_as(client, world.roles["sd_op"])
    if lang == "en":
        client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="skip-link"' in html and 'data-testid="acting-as"' in html
    assert 'class="mainnav"' in html and 'data-testid="notifications-link"' in html
    assert 'data-testid="language-switch"' in html and 'name="next" value="/"' in html
    assert f'aria-current="true" disabled data-testid="lang-{lang}"' in html
    tokens = TOKEN.findall(html)
    assert len(tokens) >= 2 and len({t[1] for t in tokens}) == 1  # one token per page
    with translation.override(lang):
        for text in ("Keluar", "Beranda", "Pemberitahuan", "Langsung ke isi halaman", "Bahasa"):
            assert translation.gettext(text) in html


@pytest.mark.parametrize("lang", LANGS)
def test_menu_entries_of_any_shape(lang, people):
    """The registry's entries (lazy label, remembered per language) and any other: plain or safe
    labels, objects instead of dicts, addresses to escape."""
    from types import SimpleNamespace

    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    a = people["op"]
    items = [
        {"label": gettext_lazy("Antrian verval"), "url": "/a/?x=1&y=2"},
        {"label": "Plain <b> & 'c'", "url": mark_safe("/b/?x=1&amp;y=2")},
        {"label": mark_safe("<i>safe</i>"), "url": '/c/"d"'},
        SimpleNamespace(label=gettext_lazy("Keluar"), url="/e/"),
    ]
    for _ in range(2):  # the second time from the memo
        html = same(make_request(a.user, a), {"menu_items": items}, lang=lang)
    assert '<a href="/a/?x=1&amp;y=2">' in html and "Plain &lt;b&gt; &amp; &#x27;c&#x27;" in html
    assert "<i>safe</i>" in html and 'href="/c/&quot;d&quot;"' in html
    other = "en" if lang == "id" else "id"
    with translation.override(other):
        again = render(NEW, make_request(a.user, a), {"menu_items": items})
    with translation.override(lang):
        assert translation.gettext("Antrian verval") not in again  # translated into the other language
