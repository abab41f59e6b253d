"""Every page's header and footer, written in Python (issue 16, page speed).

templates/base.html drew its chrome (skip link, top bar, main menu, footer with the language switch)
through the template engine: six ``{% url %}``, a dozen ``{% trans %}``, two ``{% csrf_token %}`` and
two loops, about 1.3 ms of CPU on every page. Here the parts that are the same for everyone are built
once per process, language, URL prefix and urlconf (``_parts``); each page only adds what is its
reader's own (name, role, unread count, menu, csrf token, the page's address), escaped with
``conditional_escape`` exactly as the template's autoescape did. ``{% page_header %}`` and
``{% page_footer %}`` (accounts/templatetags/chrome.py) put them in base.html; tests/test_chrome.py
checks the output is byte-identical to the template markup it replaces.

Nothing person-specific is cached: ``_parts`` holds translated interface strings and URLs only.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext

from padamu.memo import Same
from padamu.urlcache import plain_url

_parts_cache: dict[tuple, dict[str, str]] = {}
_buttons_cache: dict[tuple, str] = {}
_menu_links: dict[tuple, str] = {}
_MENU_LINKS_MAX = 4096


def _parts(lang) -> dict[str, str]:
    """The constant pieces of the chrome in language ``lang``, under the current URL prefix."""
    key = (lang, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _parts_cache.get(key)
    if parts is None:
        parts = _parts_cache[key] = _build_parts()
    return parts


def _build_parts() -> dict[str, str]:
    # {% trans "..." %} of a literal does not escape its text; these are the same msgids, verbatim.
    skip = gettext("Langsung ke isi halaman")
    acting_as = gettext("bertindak sebagai")
    no_role = gettext("belum memilih peran")
    notices = gettext("Pemberitahuan")
    unread = gettext("belum dibaca")
    switch_role = gettext("Ganti peran")
    security = gettext("Keamanan akun")
    admin = gettext("Admin Django")
    logout = gettext("Keluar")
    main_menu = gettext("Menu utama")
    home_label = gettext("Beranda")
    data_credit = gettext("Data wilayah: idn-area-data (ODbL 1.0)")
    language = gettext("Bahasa")

    url = {
        name: esc(plain_url(name))
        for name in (
            "accounts:home",
            "accounts:notifications",
            "accounts:choose_role",
            "accounts:security",
            "admin:index",
            "accounts:logout",
            "accounts:set_language",
        )
    }
    top = (
        f'<a class="skip-link" href="#isi" data-testid="skip-link">{skip}</a>\n'
        '  <header class="topbar">\n'
        f'    <a class="brand" href="{url["accounts:home"]}">Padamu</a>\n'
        "    "
    )
    header_end = "\n  </header>\n  "
    return {
        "anonymous": top + header_end,
        "who": top + '\n      <div class="who" data-testid="acting-as">\n        <span class="who-name">',
        "role": f'</span>\n        \n          <span class="who-role">{acting_as} <strong>',
        "role_end": "</strong></span>\n        ",
        "no_role": f'</span>\n        \n          <span class="who-role">{no_role}</span>\n        ',
        "nav": '\n      </div>\n      <nav class="topnav">\n        ',
        "notices": (
            f'\n        <a href="{url["accounts:notifications"]}" data-testid="notifications-link">{notices}'
        ),
        "badge": ' <span class="count-badge" data-testid="unread-count">',
        "badge_end": f'<span class="visually-hidden"> {unread}</span></span>',
        "links": (
            "</a>\n"
            f'        <a href="{url["accounts:choose_role"]}" data-testid="switch-role">{switch_role}</a>\n'
            f'        <a href="{url["accounts:security"]}" data-testid="account-security">{security}</a>\n'
            "        "
        ),
        "admin": f'<a href="{url["admin:index"]}">{admin}</a>',
        "logout": f'\n        <form method="post" action="{url["accounts:logout"]}" class="inline">',
        "logout_end": (
            f'\n          <button type="submit" class="link">{logout}</button>\n'
            "        </form>\n"
            "      </nav>\n"
            "    " + header_end
        ),
        "mainnav": (
            f'\n  <nav class="mainnav" aria-label="{main_menu}">\n'
            f'    <a href="{url["accounts:home"]}">{home_label}</a>\n'
            "    "
        ),
        "mainnav_end": "\n  </nav>\n  ",
        "footer": (
            '<footer class="footer">\n'
            f"    Padamu · {data_credit}\n"
            f'    <form method="post" action="{url["accounts:set_language"]}" class="lang-switch"'
            ' data-testid="language-switch">'
        ),
        "next": '\n      <input type="hidden" name="next" value="',
        "next_end": f'">\n      <span id="lang-label">{language}:</span>\n      ',
        "footer_end": "\n    </form>\n  </footer>",
    }


def _language_buttons(current) -> str:
    """The language switch's buttons, ``current`` (the page's LANGUAGE_CODE) marked; the same for
    every reader of a language."""
    key = (current, tuple(settings.LANGUAGES))
    html = _buttons_cache.get(key)
    if html is None:
        buttons = []
        for code, _name in settings.LANGUAGES:
            c = esc(code)
            name = esc(capfirst(get_language_info(code)["name_local"]))
            mark = ' aria-current="true" disabled' if code == current else ""
            buttons.append(
                f'<button type="submit" name="language" value="{c}" class="link" lang="{c}"'
                f' aria-describedby="lang-label"{mark} data-testid="lang-{c}">{name}</button>'
            )
        html = _buttons_cache[key] = " · ".join(buttons)
    return html


def csrf_input(context) -> str:
    """What ``{% csrf_token %}`` writes: the context's token (one per page, however often it is
    used: the context holds it as a lazy object evaluated once)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(token)}">'


def _item(item, field: str):
    if isinstance(item, dict):
        return item.get(field, "")
    return getattr(item, field, "")


def _menu_link(item, lang) -> str:
    """One entry of the main menu. The registry's entries (accounts.registry) have a lazily translated
    label and a URL, the same objects on every request: their link is escaped once per language and
    remembered by the label's identity (``padamu.memo.Same``)."""
    label, url = _item(item, "label"), _item(item, "url")
    if not isinstance(label, Promise) or type(url) is not str:
        return f'<a href="{esc(url)}">{esc(label)}</a>'
    key = (lang, Same(label), url)
    html = _menu_links.get(key)
    if html is None:
        if len(_menu_links) >= _MENU_LINKS_MAX:
            _menu_links.clear()
        html = _menu_links[key] = f'<a href="{esc(url)}">{esc(label)}</a>'
    return html


def page_header(context) -> SafeString:
    """From the skip link to the end of the main menu (base.html's ``{% page_header %}``)."""
    lang = get_language()
    p = _parts(lang)
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return mark_safe(p["anonymous"])
    active = context.get("active_role")
    pending = context.get("mfa_pending")
    out = [p["who"], esc(getattr(user, "display_name", ""))]
    if active:
        out += [p["role"], esc(active.label), p["role_end"]]
    else:
        out.append(p["no_role"])
    out.append(p["nav"])
    if not pending:
        out.append(p["notices"])
        n = context.get("unread_notifications")
        if callable(n):
            n = n()  # counted only here, when the page shows it
        if n:
            cap = context.get("unread_cap")
            try:
                over = n > cap
            except Exception:  # {% if n > unread_cap %} is false when the comparison fails
                over = False
            shown = f"{esc(localize(cap))}+" if over else esc(localize(n))
            out += [p["badge"], shown, p["badge_end"]]
        out.append(p["links"])
    out.append("\n        ")
    if getattr(user, "is_superuser", False):
        out.append(p["admin"])
    out += [p["logout"], csrf_input(context), p["logout_end"]]
    if active and not pending:
        out.append(p["mainnav"])
        out += [_menu_link(item, lang) for item in context.get("menu_items") or ()]
        out.append(p["mainnav_end"])
    return mark_safe("".join(out))


def page_footer(context) -> SafeString:
    """The footer with the language switch (base.html's ``{% page_footer %}``)."""
    p = _parts(get_language())
    request = context.get("request")
    next_url = esc(request.get_full_path()) if request is not None else ""
    return mark_safe(
        "".join(
            (
                p["footer"],
                csrf_input(context),
                p["next"],
                next_url,
                p["next_end"],
                _language_buttons(context.get("LANGUAGE_CODE")),
                p["footer_end"],
            )
        )
    )
