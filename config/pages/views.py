"""The workspace home (首页): the page every signed-in user lands on."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from accounts.services import qualification_problem
from config.pages.rendering import render_page
from reference.models import Department


@login_required
def workspace(request):
    user = request.user
    context = {"enterprise": None, "department": user.department, "qualification_problem": None}
    shell = {}
    if user.is_enterprise_user and user.enterprise is not None:
        enterprise = user.enterprise
        problem = qualification_problem(user)
        context.update(
            enterprise=enterprise,
            qualification_problem=problem,
            # The province in the USCC decides which department reviews the applications.
            department=Department.objects.filter(code=enterprise.province_code).first(),
        )
        # Manual ch. 2.3 / 4: an enterprise without the registration sees a dialog on sign-in.
        shell["qualification_modal"] = problem
    return render_page(request, "home.html", context, title=_("首页"), shell_context=shell)
