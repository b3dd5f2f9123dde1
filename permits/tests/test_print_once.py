"""打印申请表 costs one layout per content: the same form printed again, on any node, is read
back from storage; any change of what the form shows (a field, an item, the print date, the
stylesheet) lays it out again; old prints are swept."""

import os
import time
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from documents import rendering
from permits import printing, services
from testing import factories as f


@pytest.fixture
def layouts(monkeypatch):
    """Counts the layouts (the costly part) while still producing the real PDF."""
    calls = []
    real = rendering._layout

    def counted(html, stylesheets):
        calls.append(html)
        return real(html, stylesheets)

    monkeypatch.setattr(rendering, "_layout", counted)
    return calls


def _prints() -> list[str]:
    from documents.storage import walk_stored

    return [name for name, _ in walk_stored(rendering.PRINTS_FOLDER)]


@pytest.mark.django_db
def test_the_same_form_is_laid_out_once(applicant_a, layouts):
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    day = date(2026, 11, 30)
    first = printing.application_form_pdf(app, printed_on=day)
    again = printing.application_form_pdf(app, printed_on=day)
    assert first == again and first.startswith(b"%PDF-")
    assert len(layouts) == 1 and len(_prints()) == 1


@pytest.mark.django_db
def test_whatever_the_form_shows_changes_the_print(applicant_a, layouts):
    app = f.make_application(applicant_a)
    item = f.add_goods(applicant_a, app)
    day = date(2026, 11, 30)
    printing.application_form_pdf(app, printed_on=day)
    printing.application_form_pdf(app, printed_on=date(2026, 12, 1))  # the print date
    services.application_update(
        actor=applicant_a,
        application_id=app.id,
        version=app.version,
        data={**f.IMPORT_HEADER, "contact_person": "赵六"},
    )
    app.refresh_from_db()
    printing.application_form_pdf(app, printed_on=day)  # a header field
    services.goods_update(
        actor=applicant_a,
        application_id=app.id,
        goods_id=item.id,
        data={**f.GOODS, "quantity": "7"},
    )
    app.refresh_from_db()
    printing.application_form_pdf(app, printed_on=day)  # an item
    assert len(layouts) == 4 and len(set(layouts)) == 4
    assert len(_prints()) == 4


@pytest.mark.django_db
def test_a_stylesheet_change_lays_it_out_again(applicant_a, layouts, monkeypatch):
    app = f.make_application(applicant_a)
    day = date(2026, 11, 30)
    printing.application_form_pdf(app, printed_on=day)
    monkeypatch.setattr(rendering, "_sheet_digests", {})
    monkeypatch.setattr(rendering, "_stylesheet_digest", lambda name: name.encode() + b"v2")
    printing.application_form_pdf(app, printed_on=day)
    assert len(layouts) == 2


@pytest.mark.django_db
def test_the_print_through_the_page_and_the_api_is_the_kept_one(
    applicant_a, anon, token_for, layouts
):
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    auth = token_for(applicant_a)
    url = f"/api/v1/applications/{app.id}/application-form.pdf"
    first = anon.get(url, **auth)
    second = anon.get(url, **auth)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and len(layouts) == 1


@pytest.mark.django_db
def test_old_prints_are_swept(applicant_a):
    app = f.make_application(applicant_a)
    printing.application_form_pdf(app, printed_on=date(2026, 11, 29))
    printing.application_form_pdf(app, printed_on=date(2026, 11, 30))
    old, new = sorted(_prints())[:2]
    three_days_ago = time.time() - 3 * 86400
    os.utime(default_storage.path(old), (three_days_ago, three_days_ago))
    call_command("sweep_orphans", verbosity=0)
    assert _prints() == [new]
