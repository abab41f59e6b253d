"""Extension points other apps fill in their AppConfig.ready(): menu entries and home-page panels.
accounts never imports those apps; they register here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    visible: Callable  # (active_role) -> bool
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable  # (request) -> dict | None ; None hides the panel
    order: int = 100


_menu: list[MenuItem] = []
_panels: list[HomePanel] = []


def register_menu(item: MenuItem) -> None:
    if item not in _menu:
        _menu.append(item)
        _menu.sort(key=lambda m: m.order)


def register_home_panel(panel: HomePanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


_menu_urls: dict[tuple, str] = {}


def _menu_url(url_name: str) -> str:
    """reverse() of a menu entry, remembered per URL prefix and urlconf (a menu is on every page and
    reversing its ~10 entries cost about 1 ms of CPU per request)."""
    key = (url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _menu_urls.get(key)
    if url is None:
        url = _menu_urls[key] = reverse(url_name)
    return url


def menu_for(active) -> list[dict]:
    if active is None:
        return []
    return [{"label": m.label, "url": _menu_url(m.url_name)} for m in _menu if m.visible(active)]


def home_panels(request) -> list[dict]:
    out = []
    for p in _panels:
        ctx = p.context(request)
        if ctx is not None:
            out.append({"template": p.template, "ctx": ctx})
    return out


# --- panels on another app's object page -----------------------------------------------------------
# An app shows its part on a page it does not own (e.g. nuptk's "Ajukan ..." buttons on ptk's PTK
# page) without the page's app importing it: the page renders ``object_panels(request, "ptk", ptk)``.


@dataclass(frozen=True)
class ObjectPanel:
    page: str  # which object page: "ptk"
    template: str
    context: Callable  # (request, obj) -> dict | None ; None hides the panel
    order: int = 100


_object_panels: list[ObjectPanel] = []


def register_object_panel(panel: ObjectPanel) -> None:
    if panel not in _object_panels:
        _object_panels.append(panel)
        _object_panels.sort(key=lambda p: p.order)


def object_panels(request, page: str, obj) -> list[dict]:
    out = []
    for p in _object_panels:
        if p.page != page:
            continue
        ctx = p.context(request, obj)
        if ctx is not None:
            out.append({"template": p.template, "ctx": ctx})
    return out


# --- the activation-code letter (S01) -------------------------------------------------------------
# accounts never imports documents: documents registers the function that issues an S01 for a
# freshly issued activation code (numbered and registered, never storing the code) and the one that
# renders that letter again with the code, so the issuing operator can download it until printed.

_code_letter: list[Callable] = []
_code_letter_render: list[Callable] = []


def register_code_letter(fn: Callable, render: Callable | None = None) -> None:
    """fn(*, target, code, actor, active, institution=None, role=None, assignment_id=None) -> bytes;
    render(*, letter_id, code) -> (number, pdf bytes) re-renders an issued S01 with its code. With
    render, fn must also accept ``want_letter=True`` and then return ``(letter_id, number)``."""
    _code_letter[:] = [fn]
    _code_letter_render[:] = [render] if render else []


def code_letter_pdf(**kwargs) -> bytes | None:
    """The S01 PDF for a code issued just now, or None when no app renders letters."""
    if not _code_letter:
        return None
    return _code_letter[0](**kwargs)


def code_letter_issue(**kwargs) -> tuple[int, str] | None:
    """Issue (number and register) the S01 for a code issued just now: (letter id, number), or None
    when no app issues letters that can be rendered again."""
    if not _code_letter or not _code_letter_render:
        return None
    return _code_letter[0](want_letter=True, **kwargs)


def code_letter_render(*, letter_id: int, code: str) -> bytes | None:
    """The PDF of an issued S01 with its code (kept by the caller, never stored by the letter)."""
    if not _code_letter_render:
        return None
    return _code_letter_render[0](letter_id=letter_id, code=code)


# --- rows that copy a school's scope keys ---------------------------------------------------------
# Rows of other apps carry the keys of their school and of the offices covering it (school, dinas,
# qa_office) so that scope is a plain indexed filter. When a school's coverage changes, the service
# accounts.coverage.school_coverage_apply re-keys every registered copy. accounts never imports those
# apps: each declares its copies from its AppConfig.ready().


@dataclass(frozen=True)
class ScopeCopy:
    model: type  # a model whose rows copy the scope keys of a school
    school: str = "school"  # field names on that model
    dinas: str = "dinas"
    qa: str = "qa_office"
    after: Callable | None = None  # after(*, school) -> None, run once the keys are rewritten


_scope_copies: list[ScopeCopy] = []


def register_scope_copy(copy: ScopeCopy) -> None:
    if all(c.model is not copy.model or c.school != copy.school for c in _scope_copies):
        _scope_copies.append(copy)


def scope_copies() -> list[ScopeCopy]:
    return list(_scope_copies)
