"""English locale: Bahasa Indonesia by default (whatever the browser asks), English through the
switch in the footer; official letters stay Indonesian."""

import pytest
from django.urls import reverse

from tests.factories import login_as

pytestmark = pytest.mark.django_db


def switch(client, lang, next_url="/"):
    return client.post(reverse("accounts:set_language"), {"language": lang, "next": next_url})


def test_indonesian_by_default_even_when_the_browser_asks_for_english(client, world):
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("accounts:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = r.content.decode()
    assert '<html lang="id">' in html and "Beranda" in html and "Pemberitahuan" in html
    assert r["Content-Language"] == "id"


def test_the_switch_turns_navigation_home_and_lists_into_english_and_back(client, world):
    login_as(client, world.roles["sd_op"])
    r = switch(client, "en", reverse("nuptk:list"))
    assert r.status_code == 302 and r["Location"] == reverse("nuptk:list")
    html = client.get(reverse("nuptk:list")).content.decode()
    assert '<html lang="en">' in html
    assert (
        "NUPTK requests" in html
        and "Notifications" in html
        and "Log out" in html
        and "Filter and search" in html
    )
    assert "Pemberitahuan" not in html
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Home" in home and "Shortcuts" in home
    switch(client, "id")
    assert "Pemberitahuan" in client.get(reverse("accounts:home")).content.decode()


def test_request_pages_and_durations_in_english(client, world):
    from tests.nuptk.test_views import submitted

    sub = submitted(world)
    login_as(client, world.roles["dinas_kota_op"])
    switch(client, "en")
    html = client.get(reverse("nuptk:detail", args=[sub.pk])).content.decode()
    assert "Required papers" in html and "Waiting at the Dinas/Atdikbud" in html and "History" in html
    assert "Review queue" in client.get(reverse("nuptk:queue")).content.decode()


def test_verification_page_in_english_and_the_switch_refuses_other_hosts(client, world):
    r = switch(client, "en", "https://evil.example/")
    assert r["Location"] == "/"
    html = client.get(reverse("documents:verify", args=["AAAA-BBBB"])).content.decode()
    assert "Verify that a letter is genuine" in html or "Letter verification" in html
    r = switch(client, "xx")  # unknown language: nothing changes
    assert "xx" not in r.cookies.get("django_language", "").__str__()


def test_letters_stay_indonesian_in_the_english_interface(client, world):
    from documents.letters import letter_preview_pdf

    switch(client, "en")
    from django.utils import translation

    with translation.override("en"):
        pdf = letter_preview_pdf("S09")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Dinas" in text and "paling lama 30 menit" in text


def test_what_an_english_session_writes_is_recorded_in_indonesian(client, world):
    """A reviewer reading in English returns a request: the school's notice stays Indonesian."""
    from accounts.models import Notification
    from nuptk import services as svc  # noqa: F401
    from tests.nuptk.test_views import submitted

    sub = submitted(world)
    login_as(client, world.roles["dinas_kota_op"])
    switch(client, "en")
    assert "Review queue" in client.get(reverse("nuptk:queue")).content.decode()
    client.post(reverse("nuptk:claim", args=[sub.pk]))
    r = client.post(
        reverse("nuptk:reject", args=[sub.pk]), {"reason": "unreadable", "item": "", "note": "KTP buram"}
    )
    assert r.status_code == 302
    notice = Notification.objects.filter(user=world.roles["sd_op"].user).latest("pk")
    assert "Penerbitan NUPTK" in notice.title and "ditolak" in notice.title


def test_a_refused_form_answers_in_the_readers_language(client, world):
    """An English reader sends a PTK entry without a name, then one with a bad NIK: each time the form
    comes back in English (labels, Django's "required", the service's own refusal, raised while the
    POST ran in Bahasa Indonesia), and nothing is recorded. An Indonesian reader gets Indonesian."""
    from ptk.models import Ptk
    from tests.ptk.conftest import ptk_data

    def form(**over):
        d = ptk_data(**over)
        out = {k: ("on" if v is True else v) for k, v in d.items() if v is not False}
        out["birth_date"] = d["birth_date"].isoformat()
        return out

    login_as(client, world.roles["sd_op"])
    switch(client, "en")
    r = client.post(reverse("ptk:enter"), form(name=""))
    html = r.content.decode()
    assert r.status_code == 200 and '<html lang="en">' in html and r["Content-Language"] == "en"
    assert "Full name (as on the KTP): This field is required." in html and "Periksa isian" not in html
    html = client.post(reverse("ptk:enter"), form(nik="3471abcd12345678")).content.decode()
    assert "A NIK has exactly 16 digits." in html and "NIK harus terdiri" not in html
    assert not Ptk.objects.filter(nik="3471abcd12345678").exists() and not Ptk.objects.exists()
    switch(client, "id")
    html = client.post(reverse("ptk:enter"), form(nik="3471abcd12345678")).content.decode()
    assert "NIK harus terdiri dari tepat 16 angka." in html and "Periksa isian berikut" in html
