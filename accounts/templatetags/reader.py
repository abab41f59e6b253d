"""``{{ text|reader }}``: a text recorded in Bahasa Indonesia (flash message, notice, change history
value) shown in the reader's language when the catalogue has it (padamu.i18n.in_reader_language)."""

from django import template

from padamu.i18n import in_reader_language

register = template.Library()


@register.filter
def reader(text):
    return in_reader_language(text)
