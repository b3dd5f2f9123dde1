import pytest

from accounts import services
from core.errors import Forbidden


@pytest.mark.django_db
def test_unqualified_enterprise_may_not_apply(unqualified, applicant_a):
    assert services.qualification_problem(unqualified) == str(services.MSG_NO_QUALIFICATION)
    assert services.qualification_problem(applicant_a) is None
    with pytest.raises(Forbidden):
        services.ensure_can_apply(unqualified)
    services.ensure_can_apply(applicant_a)


@pytest.mark.django_db
def test_the_check_can_be_switched_off(settings, unqualified):
    settings.REQUIRE_FOREIGN_TRADE_QUALIFICATION = False
    assert services.qualification_problem(unqualified) is None


@pytest.mark.django_db
def test_non_enterprise_users_may_not_apply(approver_bj, customs):
    for user in (approver_bj, customs):
        with pytest.raises(Forbidden):
            services.ensure_can_apply(user)


@pytest.mark.django_db
def test_me_endpoint_reports_the_qualification(unqualified, applicant_a, anon, token_for):
    body = anon.get("/api/v1/me", **token_for(unqualified)).json()
    assert body["can_apply"] is False
    assert "对外贸易经营者备案" in body["cannot_apply_reason"]
    assert anon.get("/api/v1/me", **token_for(applicant_a)).json()["can_apply"] is True


@pytest.mark.django_db
def test_enterprise_with_bad_uscc_is_refused(reference_data):
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        services.enterprise_upsert(uscc="91310000MA1FL0BF0Y", name="X")
    assert [e.field for e in err.value.errors] == ["uscc"]
