"""padamu.form_renderer.FastRenderer writes labels, inputs and selects in Python: the HTML must be the
same, byte for byte, as Django's templates give, for the project's forms and for awkward values."""

import inspect

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from padamu.form_renderer import FAST, FastRenderer

TEMPLATES = DjangoTemplates()
FASTR = FastRenderer()


def _both(make):
    return str(make(TEMPLATES)), str(make(FASTR))


class Awkward(forms.Form):
    text = forms.CharField(label='Nama "lengkap" & <gelar>', initial='O\'Neil <b>"x"</b> & co', max_length=10)
    safe_label = forms.CharField(label=mark_safe("<em>aman</em>"), required=False)
    lazy = forms.CharField(label=gettext_lazy("Cari"), required=False, help_text="bantuan <i>")
    number = forms.IntegerField(initial=1234567, min_value=0)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="rahasia")
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date", "data-x": "a>b"}))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="pw")
    flags = forms.CharField(widget=forms.TextInput(attrs={"readonly": True, "disabled": False, "data-n": 0}))
    email = forms.EmailField(required=False)
    choice = forms.ChoiceField(
        choices=[("", "semua"), ("a&b", "A & B"), (1, "<satu>"), (2, mark_safe("<b>dua</b>"))]
    )
    typed = forms.TypedChoiceField(choices=[(1, "satu"), (2, "dua")], coerce=int, initial=2)
    grouped = forms.ChoiceField(
        choices=[("", "-"), ("Grup <A>", [("x", "X"), ("y", "Y")]), ("z", "Z")], initial="y", required=False
    )
    many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B"), ("c", "C")], initial=["a", "c"], required=False
    )
    check = forms.BooleanField(required=False)  # left to the template engine
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("1", "1"), ("2", "2")], required=False)
    upload = forms.FileField(required=False)
    area = forms.CharField(widget=forms.Textarea, required=False)


def test_settings_use_the_fast_renderer():
    assert settings.FORM_RENDERER == "padamu.form_renderer.FastRenderer"
    assert "django/forms/widgets/select.html" in FAST and "django/forms/label.html" in FAST


@pytest.mark.parametrize(
    "data",
    [None, {"text": "x" * 20, "choice": "a&b", "many": ["b"], "grouped": "z", "number": "-1", "typed": "9"}],
)
def test_awkward_form_same_html(data):
    a, b = _both(lambda r: Awkward(data, renderer=r))
    assert a == b
    assert (
        "&lt;satu&gt;" in b
        and "<b>dua</b>" in b
        and "<em>aman</em>" in b
        and 'optgroup label="Grup &lt;A&gt;"' in b
    )


def test_label_tag_variants_same_html():
    for r in (TEMPLATES, FASTR):
        f = Awkward(renderer=r)
        f.required_css_class = "wajib"
        out = [
            f["text"].label_tag(),
            f["text"].label_tag(attrs={"class": "x", "data-y": True}),
            f["choice"].label_tag(contents="Isi <b>", label_suffix=" ?"),
            f["flags"].legend_tag(),
        ]
        if r is TEMPLATES:
            expected = out
    assert out == expected


def _project_forms():
    import accounts.forms
    import exchange.forms
    import nuptk.forms
    import ptk.forms

    for module in (accounts.forms, ptk.forms, nuptk.forms, exchange.forms):
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield pytest.param(cls, id=f"{module.__name__}.{name}")


@pytest.mark.django_db
@pytest.mark.parametrize("cls", list(_project_forms()))
def test_project_forms_same_html(cls):
    try:
        a, b = _both(lambda r: cls(renderer=r))
    except TypeError:
        pytest.skip("needs arguments")
    assert a == b


def test_options_with_lazy_labels_follow_language_and_selection():
    """The <option>s of labels fixed in code are kept per language, value and selection
    (padamu.form_renderer._OPTIONS): switching language or selection must still give Django's HTML."""
    from django.utils import translation

    from ptk.forms import PtkFilterForm

    seen = set()
    for lang, data in [
        ("id", None),
        ("en", None),
        ("id", {"nuptk_status": "aktif", "star": "2"}),
        ("en", {"nuptk_status": "aktif", "star": "2"}),
        ("id", {"star": "4", "active_status": "nonaktif"}),
        ("id", None),
    ]:
        with translation.override(lang):
            a, b = _both(lambda r, data=data: PtkFilterForm(data, renderer=r))
        assert a == b, (lang, data)
        seen.add(b)
    assert len(seen) == 5  # each language and selection gave its own page; the repeat gave the first
