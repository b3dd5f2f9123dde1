"""Who may open the applicant pages."""

from django.http import Http404


def applicant_or_404(user) -> None:
    """Other roles get 404, never 403: they learn nothing about these pages."""
    if not user.is_enterprise_user:
        raise Http404
