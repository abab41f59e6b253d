"""A form renderer that writes Django's simplest widget templates in Python.

Django renders every ``<label>``, ``<input>``, ``<select>`` and each ``<option>`` through the template
engine (several nested templates per field): the PTK list's filter form alone cost ~4 ms of CPU per
page that way. ``FastRenderer`` produces the same HTML, byte for byte, for the templates below from
the same context the widget builds, and hands every other template (checkboxes, radios, files, the
admin's widgets, whole-form layouts, a project override) to the template engine as before.
tests/test_form_renderer.py compares both renderers over the project's forms.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.translation import get_language

from padamu.memo import Same


def _attrs(attrs) -> str:
    # django/forms/widgets/attrs.html and django/forms/attrs.html
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {escape(name)}")
        else:
            out.append(f' {escape(name)}="{_fmt(value)}"')
    return "".join(out)


def _fmt(value) -> str:
    # ``{{ value|stringformat:'s' }}`` under autoescape: safe input stays as it is
    if isinstance(value, SafeData):
        return value
    return escape(str(value))


def _text(value) -> str:
    # ``{{ value }}`` for the strings a widget or label carries
    return conditional_escape(value)


def _input(context) -> str:
    w = context["widget"]
    value = "" if w["value"] is None else f' value="{_fmt(w["value"])}"'
    return f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{value}{_attrs(w["attrs"])}>'


def _option(o) -> str:
    return f'<option value="{_fmt(o["value"])}"{_attrs(o["attrs"])}>{_text(o["label"])}</option>'


# The <option> of a label fixed in code (a lazy translation: TextChoices, filter forms), per language,
# value and selection: a filter form's 50 options cost a translation and three escapes each on every
# page otherwise. Labels built at run time (plain strings: names from the database) are not kept.
_OPTIONS: dict = {}
_OPTIONS_MAX = 20_000


def _option_html(option, lang) -> str:
    label = option["label"]
    if not isinstance(label, Promise):
        return "\n  " + _option(option) + "\n"
    try:
        key = (lang, option["value"], Same(label), tuple(option["attrs"].items()))
        html = _OPTIONS.get(key)
    except TypeError:  # an unhashable value or attribute
        return "\n  " + _option(option) + "\n"
    if html is None:
        html = "\n  " + _option(option) + "\n"  # the option template ends with a newline
        if len(_OPTIONS) < _OPTIONS_MAX:
            _OPTIONS[key] = html
    return html


def _select(context) -> str | None:
    w = context["widget"]
    parts = [f'<select name="{_text(w["name"])}"{_attrs(w["attrs"])}>']
    lang = get_language()
    for group_name, group_choices, _index in w["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # a custom option template: let the engine render the whole select
            parts.append(_option_html(option, lang))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{_text(context['label'])}</{tag}>"


def _errors(context) -> str:
    # django/forms/errors/list/ul.html (and default.html, which includes it), each message in the
    # reader's language: a refusal raised while a POST ran in Bahasa Indonesia is found in the
    # catalogue (padamu.i18n.in_reader_language); unchanged for an Indonesian reader.
    from padamu.i18n import in_reader_language

    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(in_reader_language(e))}</li>" for e in errors)
    return f'<ul class="{_text(context["error_class"])}"{id_attr}>{items}</ul>'


_INPUTS = (
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "search",
    "tel",
    "time",
    "datetime",
)
FAST = {f"django/forms/widgets/{n}.html": _input for n in _INPUTS}
FAST["django/forms/widgets/input.html"] = _input
FAST["django/forms/widgets/select.html"] = _select
FAST["django/forms/widgets/select_option.html"] = lambda c: _option(c["widget"])
FAST["django/forms/label.html"] = _label
FAST["django/forms/errors/list/ul.html"] = _errors
FAST["django/forms/errors/list/default.html"] = _errors


class FastRenderer(DjangoTemplates):
    """FORM_RENDERER: the templates in FAST in Python, everything else through the template engine."""

    def render(self, template_name, context, request=None):
        fn = FAST.get(template_name)
        if fn is not None:
            html = fn(context)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request)
