from django.http import Http404
from django.shortcuts import render

from padamu.pagination import keyset_page

from ..forms import InstitutionFilterForm
from ..permissions import STAFF_ROLES, require
from ..selectors import delegations_of, institution_get, institution_list, users_of_institutions


@require(roles=STAFF_ROLES)
def institution_index(request):
    form = InstitutionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = institution_list(scope=request.scope, query=data.get("q", ""), kind=data.get("kind", ""))
    page = keyset_page(qs, order=("name", "pk"), cursor=request.GET.get("setelah"))
    return render(request, "accounts/institution_list.html", {"form": form, "page": page})


@require(roles=STAFF_ROLES)
def institution_detail(request, pk: int):
    inst = institution_get(scope=request.scope, pk=pk)
    if inst is None:
        raise Http404
    manageable = request.scope.manageable_institutions().filter(pk=inst.pk).exists()
    people = users_of_institutions(institutions=[inst]) if manageable else None
    delegations = delegations_of(school=inst) if inst.is_school else None
    return render(
        request,
        "accounts/institution_detail.html",
        {"inst": inst, "people": people, "delegations": delegations, "manageable": manageable},
    )
