"""Team and training pages. Officers manage every team of their ward; a team leader manages
their group's team; volunteers and coaches read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.places.queries import is_id, staff_ward
from hocvuso.teams import pickers, queries, services
from hocvuso.teams.forms import MemberForm, TeamForm, TrainingForm
from hocvuso.teams.models import CommunityTeam, TeamMember, Training


def _may_manage_team(request: HttpRequest, team: CommunityTeam) -> bool:
    return may(
        request.user, "edit", "teams", ward_id=team.ward_id, group_id=team.residential_group_id
    )


@requires("see", "teams")
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    teams = list(queries.teams_for(request.user))
    return render(
        request,
        "teams/team_list.html",
        {
            "teams": teams,
            "page": Paginator(teams, 25).get_page(request.GET.get("page")),
            # A member is in one team, so the teams' counts add up to the ward's.
            "trained": sum(team.trained_count for team in teams),
            "members": sum(team.member_count for team in teams),
        },
    )


@login_required
@require_POST
def teams_for_groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request, administer=True)
    created = services.teams_for_every_group(ward=ward, actor=request.user)
    messages.success(request, _("Teams created: %(count)d.") % {"count": created})
    return redirect("teams:teams")


@login_required
def team_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request, administer=True)
    form = TeamForm(request.POST or None, groups=ward.groups.filter(closed_at__isnull=True))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                actor=request.user,
                ward=ward,
                name=form.cleaned_data["name"],
                group=form.cleaned_data["group"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("teams:team", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "ward": ward})


@requires("see", "teams")
def team_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    team = queries.team_for(request.user, pk)
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "members": queries.members_of(team),
            "can_edit": _may_manage_team(request, team),
        },
    )


@login_required
def member_edit(
    request: AuthenticatedHttpRequest, team_pk: int, pk: int | None = None
) -> HttpResponse:
    team = queries.team_for(request.user, team_pk)
    require(request.user, "edit", "teams", ward_id=team.ward_id, group_id=team.residential_group_id)
    member = get_object_or_404(team.members, pk=pk) if pk else TeamMember()
    form = MemberForm(request.POST or None, instance=member, ward_id=team.ward_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(
                actor=request.user, member=member, team=team, data=form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member was saved."))
            return redirect("teams:team", pk=team.pk)
    return render(request, "teams/member_form.html", {"form": form, "team": team, "member": member})


@requires("see", "teams")
def training_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "teams/training_list.html",
        {"trainings": queries.trainings_for(request.user)[:200]},
    )


@login_required
def training_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    training = queries.training_for(request.user, pk) if pk else Training()
    ward = training.ward if pk else staff_ward(request, administer=True)
    require(request.user, "administer", "teams", ward_id=ward.pk)
    members = TeamMember.objects.filter(ward=ward, left_on__isnull=True).select_related("team")
    form = TrainingForm(request.POST or None, instance=training, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_save(
                actor=request.user,
                training=training,
                ward=ward,
                data=form.service_data(),
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The training was saved."))
            return redirect("teams:trainings")
    return render(
        request, "teams/training_form.html", {"form": form, "training": training, "ward": ward}
    )


@require_GET
@requires("see", "teams")
def member_search(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The long member pickers' search: members of `?ward=` with a word of their name
    starting with each word of `?q=`, among those the user may choose
    (`queries.members_for`), at most 20."""
    ward_id = request.GET.get("ward", "")
    if not is_id(ward_id):
        return JsonResponse({"results": []}, status=400)
    found = pickers.search(
        queries.members_for(request.user, int(ward_id)), request.GET.get("q", "")
    )
    results = [{"value": pickers.member_label(m), "team": m.team.name} for m in found]
    return JsonResponse({"results": results})
