"""Plain words on the request pages: state labels in the timeline, durations, the service standard."""

import pytest
from django.urls import reverse

from nuptk.templatetags.nuptk_tags import duration_words
from tests.factories import login_as

from .test_views import submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("secs", "words"),
    [(45, "45 detik"), (60, "1 menit"), (3900, "1 jam 5 menit"), (7200, "2 jam"), (90061, "1 hari 1 jam")],
)
def test_durations_in_plain_words(secs, words):
    assert duration_words(secs) == words


def test_timeline_shows_indonesian_state_labels_not_internal_names(client, world):
    sub = submitted(world)
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("nuptk:detail", args=[sub.pk]))
    timeline = r.text.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert "Draf (belum diajukan) → Menunggu Dinas/Atdikbud" in timeline
    assert "at_dinas" not in timeline and "draft" not in timeline
