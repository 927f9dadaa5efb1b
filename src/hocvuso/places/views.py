"""The ward's residential groups, kept by its officers: create, rename, merge, with history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import requires
from hocvuso.accounts.scoping import forget_scope
from hocvuso.places import services
from hocvuso.places.forms import GroupMergeForm, GroupNameForm, WardContactForm, WardSetupForm
from hocvuso.places.models import WardContact
from hocvuso.places.queries import group_for, groups_with_counts, staff_ward, wards_to_set_up


@login_required
def ward_setup(request: AuthenticatedHttpRequest, code: int) -> HttpResponse:
    """An officer sets their ward up: from then on it is active and its staff see its records."""
    ward = get_object_or_404(wards_to_set_up(request.user), pk=code)
    form = WardSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = form.cleaned_data["group_count"]
        services.activate_ward(
            ward=ward,
            actor=request.user,
            group_names=[f"Tổ dân phố số {n}" for n in range(1, count + 1)],
        )
        forget_scope(request.user)
        messages.success(request, _("%(ward)s is set up for the campaign.") % {"ward": ward.name})
        return redirect("places:groups")
    return render(request, "places/ward_setup.html", {"ward": ward, "form": form})


@login_required
def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request, administer=True)
    form = GroupNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                ward=ward,
                name=form.cleaned_data["name"],
                actor=request.user,
                effective_on=form.cleaned_data["effective_on"],
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("Group “%(name)s” was created.") % {"name": group.name})
            return redirect("places:groups")
    return render(
        request,
        "places/group_list.html",
        {
            "ward": ward,
            "groups": Paginator(groups_with_counts(ward), 25).get_page(request.GET.get("page")),
            "form": form,
        },
    )


@login_required
def group_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = group_for(request.user, pk)
    rename = GroupNameForm(initial={"name": group.name}, prefix="rename")
    merge = GroupMergeForm(source=group, prefix="merge")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rename":
                rename = GroupNameForm(request.POST, prefix="rename")
                if rename.is_valid():
                    services.group_rename(
                        group=group,
                        name=rename.cleaned_data["name"],
                        actor=request.user,
                        effective_on=rename.cleaned_data["effective_on"],
                    )
                    messages.success(request, _("The group was renamed."))
                    return redirect("places:group", pk=group.pk)
            elif action == "merge":
                merge = GroupMergeForm(request.POST, source=group, prefix="merge")
                if merge.is_valid():
                    moved = services.group_merge(
                        source=group,
                        target=merge.cleaned_data["target"],
                        actor=request.user,
                        effective_on=merge.cleaned_data["effective_on"],
                    )
                    messages.success(
                        request,
                        _("The group was merged. Households moved: %(count)d.") % {"count": moved},
                    )
                    return redirect("places:group", pk=merge.cleaned_data["target"].pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "places/group_detail.html",
        {
            "group": group,
            "rename": rename,
            "merge": merge,
            "events": group.events.select_related("other_group", "recorded_by"),
            "household_count": group.households.count(),
        },
    )


@requires("administer", "residents")
def ward_contact(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The ward's officer writes how residents reach the ward: the public administration
    office's address, phone and hours, the ward police's phone, an email. The ward's help
    page and the assistant show them."""
    ward = staff_ward(request, administer=True)
    contact = WardContact.objects.filter(ward=ward).first() or WardContact(ward=ward)
    form = WardContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(form=form, actor=request.user)
        messages.success(request, _("The ward's contact details are saved."))
        return redirect(f"{reverse('places:contact')}?ward={ward.pk}")
    return render(request, "places/ward_contact.html", {"ward": ward, "form": form})
