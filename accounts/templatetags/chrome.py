"""``{% page_header %}`` and ``{% page_footer %}``: base.html's chrome, built in Python (padamu/chrome.py)
for speed, byte-identical to the template markup it replaced (tests/test_chrome.py)."""

from django import template

from padamu.chrome import page_footer as _footer
from padamu.chrome import page_header as _header

register = template.Library()


@register.simple_tag(takes_context=True)
def page_header(context):
    return _header(context)


@register.simple_tag(takes_context=True)
def page_footer(context):
    return _footer(context)
