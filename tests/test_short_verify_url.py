"""The URL printed under every letter's QR code answers at the site root, to anyone."""

import pytest
from django.conf import settings

from documents.letters import verify_url
from tests.documents.conftest import issue_sample

pytestmark = pytest.mark.django_db


def test_qr_url_opens_the_public_verification_page(client, world):
    letter = issue_sample(world, "S04").letter
    path = verify_url(letter.token).removeprefix(settings.PUBLIC_BASE_URL.rstrip("/"))
    assert path == f"/v/{letter.token}/"
    r = client.get(path)  # anonymous
    assert r.status_code == 200
    assert letter.number in r.content.decode() and "TERDAFTAR" in r.content.decode()
    other = "a" if letter.token[-1] != "a" else "b"  # a token ending in the same letter would be the same token
    assert client.get(f"/v/{letter.token[:-1]}{other}/").status_code == 404
