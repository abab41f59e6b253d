"""``{% load i18n %}`` gives padamu/fasti18n.py's ``{% trans %}``, kept per language. What it prints
must be what Django's tag prints, in either language and for every form of the tag."""

import pytest
from django.core import checks
from django.template import Context, Engine, engines
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from padamu.fasti18n import CachedTranslateNode

REFERENCE = Engine(libraries={"i18n_reference": "tests.i18n_reference"})


def both(src, **ctx):
    ours = engines["django"].from_string("{% load i18n %}" + src).render(ctx)
    ref = REFERENCE.from_string("{% load i18n_reference %}" + src).render(Context(ctx))
    return ours, ref


def test_load_i18n_gives_the_cached_node_and_the_reference_is_djangos():
    ours = engines["django"].from_string('{% load i18n %}{% trans "Beranda" %}').template.nodelist
    ref = REFERENCE.from_string('{% load i18n_reference %}{% trans "Beranda" %}').nodelist
    assert any(isinstance(n, CachedTranslateNode) for n in ours)
    assert any(type(n) is TranslateNode for n in ref)


def test_no_template_library_name_clash_warning():
    """check --deploy runs with --fail-level WARNING in CI: no templates.W003."""
    ids = {m.id for m in checks.run_checks(tags=[checks.Tags.templates])}
    assert "templates.W003" not in ids


CASES = [
    '{% trans "Beranda" %}',
    '{% translate "Keluar" %}|{% trans "Beranda" %}',
    '{% trans "Tidak ada PTK yang cocok dengan pencarian." %}',
    '{% trans "100%% <b>tebal</b> & \\"kutip\\"" %}',
    '{% trans "Beranda" noop %}',
    '{% trans "Beranda" context "menu" %}',
    '{% trans "Beranda"|upper %}',
    '{% trans "Beranda" as b %}[{{ b }}]',
    "{% trans word %}",
    '{% autoescape off %}{% trans "a & b <c>" %}{% endautoescape %}{% trans "a & b <c>" %}',
    "{% blocktrans with n=word %}Halo {{ n }}{% endblocktrans %}",
]


@pytest.mark.parametrize("src", CASES)
def test_same_output_as_djangos_tag_in_each_language(src):
    for lang in ("id", "en", "id", "en"):  # the second round comes from what the first kept
        with translation.override(lang):
            ours, ref = both(src, word="Beranda <x>")
        assert ours == ref, (lang, src)


def test_english_reader_gets_english_after_an_indonesian_page():
    src = '{% trans "Beranda" %}|{% trans "Keluar" %}'
    with translation.override("id"):
        indonesian = both(src)[0]
    with translation.override("en"):
        english = both(src)[0]
    assert indonesian == "Beranda|Keluar" and english != indonesian and "|" in english
