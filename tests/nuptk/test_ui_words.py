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


def test_durations_follow_the_language_after_being_kept():
    """The "n unit" words are kept per language (nuptk_tags._unit): a page in English after one in
    Indonesian says English words, and back."""
    from django.utils import translation

    with translation.override("id"):
        first = duration_words(90061)
    with translation.override("en"):
        english = duration_words(90061)
    with translation.override("id"):
        again = duration_words(90061)
    assert first == again == "1 hari 1 jam"
    assert english != first and "1" in english


def test_submission_state_fields_are_djangos_fsm_fields():
    """Submission.state_fields (kept per class) names the same fields django-fsm-2 finds itself."""
    from django_fsm import FSMFieldMixin

    from nuptk.models import Submission

    expected = [f for f in Submission._meta.fields if isinstance(f, FSMFieldMixin)]
    assert list(Submission().state_fields) == expected == [Submission._meta.get_field("state")]
