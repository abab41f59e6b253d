import pytest

from padamu.pagination import keyset_page
from ptk.models import Ptk

from .conftest import enter

pytestmark = pytest.mark.django_db


def test_row_value_keyset_walks_both_directions_and_ignores_bad_cursors(world):
    for name in ["Ani", "Budi", "Budi", "Citra", "Dedi"]:
        enter(world.inst["sd"], world.roles["sd_op"], name=name)
    qs = Ptk.objects.all()
    for order in (("name", "pk"), ("-name", "-pk")):
        seen, cursor = [], None
        while True:
            page = keyset_page(qs, order=order, cursor=cursor, size=2)
            seen += [(p.name, p.pk) for p in page.items]
            cursor = page.next_cursor
            if not cursor:
                break
        expected = sorted(qs.values_list("name", "pk"), reverse=order[0].startswith("-"))
        assert seen == expected
    assert keyset_page(qs, order=("name", "pk"), cursor="rusak!!", size=2).is_first
