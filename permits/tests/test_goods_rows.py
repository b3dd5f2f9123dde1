"""An application's goods read from a statement built once (permits.services.common.goods_of)
are the items the ORM gives, and save as they would."""

import pytest
from django.forms.models import model_to_dict

from permits import services
from permits.services.common import goods_of
from testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_items_are_the_orms_in_order_and_save_as_loaded(applicant_a):
    app = f.make_application(applicant_a)
    for quantity in ("30", "10", "20"):
        f.add_goods(applicant_a, app, quantity=quantity)
    other = f.make_application(applicant_a)
    f.add_goods(applicant_a, other)
    items = goods_of(app)
    expected = list(app.goods.order_by("seq"))
    assert [g.pk for g in items] == [g.pk for g in expected] and len(items) == 3
    assert [model_to_dict(g) for g in items] == [model_to_dict(g) for g in expected]
    assert [type(g.quantity) for g in items] == [type(g.quantity) for g in expected]
    assert all(not g._state.adding for g in items)
    items[1].quantity = items[1].quantity + 1
    items[1].save()
    assert app.goods.get(pk=items[1].pk).quantity == expected[1].quantity + 1
    assert goods_of(f.make_application(applicant_a)) == []


def test_an_update_of_the_second_item_keeps_the_firsts_locked_fields(applicant_a):
    app = f.make_application(applicant_a)
    first = f.add_goods(applicant_a, app)
    second = f.add_goods(applicant_a, app, quantity="7")
    data = {**f.GOODS, "quantity": "9", "hs_code": "0000000000"}
    saved = services.goods_update(
        actor=applicant_a, application_id=app.id, goods_id=second.id, data=data
    )
    assert str(saved.quantity).rstrip("0").rstrip(".") == "9"
    assert saved.hs_code == first.hs_code
