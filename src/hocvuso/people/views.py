"""Registry pages for staff. Views parse, call a service or a query, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.accounts.scoping import scope_of
from hocvuso.audit.reads import log_in_scope, log_page_read
from hocvuso.people import queries, services
from hocvuso.people.exporting import residents_csv, residents_xlsx
from hocvuso.people.forms import DisabilityForm, HouseholdForm, ResidentFilterForm, ResidentForm
from hocvuso.people.household_page import sections_context
from hocvuso.people.models import Household, Resident
from hocvuso.people.queries import ResidentFilter

PAGE_SIZE = 25  # rows a phone scrolls through before the pager


def _filter_from(request: AuthenticatedHttpRequest) -> tuple[ResidentFilterForm, ResidentFilter]:
    """The filter in the query string, refused whole if any part of it is not allowed; the
    form only shows it again."""
    flt = queries.resident_filter(
        request.user,
        q=request.GET.get("q", ""),
        group=request.GET.get("group"),
        age=request.GET.get("age", ""),
        flags=request.GET.getlist("flags"),
    )
    form = ResidentFilterForm(request.GET or None, groups=queries.groups_for(request.user))
    return form, flt


def _log_sensitive_filter(request: AuthenticatedHttpRequest, flt: ResidentFilter) -> None:
    if flt.reads_sensitive:
        summary = _("Listed residents with a disability")
        log_in_scope(request.user, action="read_sensitive", summary=summary, changes=flt.describe())


@requires("see", "residents")
def resident_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, flt = _filter_from(request)
    residents = queries.filter_residents(request.user, flt)
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
    _log_sensitive_filter(request, flt)
    log_page_read(request.user, page, route="list", filters=flt.describe())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/resident_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(request.GET)},
    )


@requires("export", "residents")
def resident_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, flt = _filter_from(request)
    residents = queries.filter_residents(request.user, flt)
    scope = scope_of(request.user)
    if not scope.everything:  # personal data leaves only from the wards one is officer of
        residents = residents.filter(ward_id__in=sorted(scope.role_ward_ids.get("officer", ())))
    count = residents.count()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    _log_sensitive_filter(request, flt)
    summary = _("Exported the list to %(format)s. Rows: %(count)d") % {
        "count": count,
        "format": fmt.upper(),
    }
    log_in_scope(request.user, action="export", summary=summary, changes=flt.describe())
    if fmt == "csv":
        response = StreamingHttpResponse(
            residents_csv(residents), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="nhan-khau-{stamp}.csv"'
        return response
    return FileResponse(
        residents_xlsx(residents),
        as_attachment=True,
        filename=f"nhan-khau-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@requires("see", "residents")
def household_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = queries.household_for(request.user, pk)
    residents = list(
        household.residents.order_by("-is_head", "birth_year", "id").select_related("disability")
    )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "residents": residents,
            "can_edit": may(
                request.user,
                "edit",
                "residents",
                ward_id=household.ward_id,
                group_id=household.residential_group_id,
            ),
            "moves": household.moves.select_related("from_group", "to_group")[:10],
            # The digital services and the help given: support adds them (household_page.py).
            **sections_context(household),
        },
    )


def _require_keeper(request: HttpRequest, household: Household) -> None:
    require(
        request.user,
        "edit",
        "residents",
        ward_id=household.ward_id,
        group_id=household.residential_group_id,
    )


@login_required
def household_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    action = "edit" if pk else "record"
    require(request.user, action, "residents")
    household = queries.household_for(request.user, pk) if pk else Household()
    if pk:
        _require_keeper(request, household)
    # The picker lists only the groups where this user may put a household.
    groups = queries.groups_for(request.user)
    allowed = [
        g.pk
        for g in groups
        if may(request.user, action, "residents", ward_id=g.ward_id, group_id=g.pk)
    ]
    form = HouseholdForm(
        request.POST or None, instance=household, groups=groups.filter(pk__in=allowed)
    )
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["residential_group"]
        require(request.user, action, "residents", ward_id=group.ward_id, group_id=group.pk)
        try:
            household = services.household_save(
                actor=request.user, household=household, group=group, data=form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The household was saved."))
            return redirect("people:household", pk=household.pk)
    return render(request, "people/household_form.html", {"form": form, "household": household})


@login_required
def resident_edit(
    request: AuthenticatedHttpRequest, household_pk: int, pk: int | None = None
) -> HttpResponse:
    household = queries.household_for(request.user, household_pk)
    _require_keeper(request, household)
    resident = get_object_or_404(household.residents, pk=pk) if pk else Resident()
    form = ResidentForm(request.POST or None, instance=resident)
    if request.method == "POST" and form.is_valid():
        services.resident_save(
            actor=request.user, resident=resident, household=household, data=form.service_data()
        )
        messages.success(request, _("The resident was saved."))
        return redirect("people:household", pk=household.pk)
    return render(
        request,
        "people/resident_form.html",
        {"form": form, "household": household, "resident": resident},
    )


@login_required
@require_POST
def resident_delete(request: AuthenticatedHttpRequest, household_pk: int, pk: int) -> HttpResponse:
    household = queries.household_for(request.user, household_pk)
    _require_keeper(request, household)
    resident = get_object_or_404(household.residents, pk=pk)
    services.resident_delete(actor=request.user, resident=resident)
    messages.success(
        request, _("%(name)s was removed from the household.") % {"name": resident.full_name}
    )
    return redirect("people:household", pk=household.pk)


@requires("see", "residents")
def resident_disability(
    request: AuthenticatedHttpRequest, household_pk: int, pk: int
) -> HttpResponse:
    """The one page that shows and changes a resident's disability record; each view is logged."""
    household = queries.household_for(request.user, household_pk)
    resident = get_object_or_404(household.residents, pk=pk)
    can_edit = may(
        request.user,
        "edit",
        "residents",
        ward_id=household.ward_id,
        group_id=household.residential_group_id,
    )
    form = DisabilityForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "erase":
            services.disability_remove(actor=request.user, resident=resident)
            messages.success(request, _("The disability record was erased."))
            return redirect("people:household", pk=household.pk)
        if form.is_valid():
            try:
                services.disability_record(
                    actor=request.user,
                    resident=resident,
                    description=form.cleaned_data["description"],
                    given_by=form.cleaned_data["given_by"],
                    given_on=form.cleaned_data["given_on"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The disability record was saved with its consent."))
                return redirect("people:household", pk=household.pk)
    disability = services.disability_read(actor=request.user, resident=resident)
    return render(
        request,
        "people/disability.html",
        {
            "household": household,
            "resident": resident,
            "disability": disability,
            "form": form,
            "can_edit": can_edit,
        },
    )
