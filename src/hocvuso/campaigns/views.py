"""Campaign pages: the list, a new campaign, the ward and city dashboards, targets, counts
entered by hand, drill-downs, reports and the open-data export."""

import csv
import io
import json
import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.accounts.scoping import administered_ward_ids, visible
from hocvuso.audit.reads import log_page_read
from hocvuso.campaigns import dashboard_cache, queries, services
from hocvuso.campaigns.forms import CampaignForm, ManualCountForm, ManualIndicatorForm, ReportForm
from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.models import Campaign, ManualIndicator, Report
from hocvuso.campaigns.reports import fmt
from hocvuso.campaigns.tasks import snapshot_task
from hocvuso.campaigns.templatetags.charts import percent, short_group
from hocvuso.people.exporting import defuse
from hocvuso.places.models import Ward
from hocvuso.places.queries import (
    WARD_REFUSED,
    asked_id,
    group_asked,
    is_id,
    staff_ward,
    wards_seen,
)
from hocvuso.web.frames import render_body, render_framed, render_kept
from hocvuso.web.refusals import Refused

DRILL_PAGE = 50


@requires("see", "campaigns")
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    campaigns = queries.campaigns_for(request.user).prefetch_related("wards")
    can_create = may(request.user, "administer", "campaigns")
    context = {"campaigns": campaigns, "can_create": can_create}
    body = render_body("campaigns/partials/list_body.html", context, request)
    return render_framed(request, "campaigns/list.html", body)


def _administered_wards(request: AuthenticatedHttpRequest):
    ids = administered_ward_ids(request.user)
    wards = Ward.objects.filter(is_active=True).order_by("name")
    return wards if ids is None else wards.filter(pk__in=ids)


@login_required
def campaign_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    wards = _administered_wards(request)
    if not wards.exists():
        raise PermissionDenied
    form = CampaignForm(request.POST or None, wards=wards, initial={"wards": wards[:1]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                user=request.user, name=data["name"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], wards=list(data["wards"]),
            )  # fmt: skip
        except services.CampaignError as error:
            form.add_error(None, str(error))
        else:
            return redirect("campaigns:dashboard", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form})


def _ward(wards: list[Ward], value: str | None) -> Ward | None:
    """The ward asked for among `wards`, the campaign's that the user sees; None for the
    campaign as a whole ("all", or several wards). Any other ward is refused."""
    if value == "all":
        return None
    pk = asked_id(value, WARD_REFUSED)
    if pk is not None:
        ward = next((w for w in wards if w.pk == pk), None)
        if ward is None:
            raise Refused(WARD_REFUSED)
        return ward
    return wards[0] if len(wards) == 1 else None


def _one_ward(request: AuthenticatedHttpRequest, campaign: Campaign) -> Ward:
    """The ward of `?ward=` (or the user's only ward of the campaign): always one, or
    refused."""
    value = request.GET.get("ward")
    found = None if value == "all" else _ward(queries.wards_of(campaign, request.user), value)
    if found is None:
        raise Refused(WARD_REFUSED)
    return found


def moved(request: HttpRequest, to: str, ward: int, **kwargs: object) -> HttpResponse:
    """An address from when the ward was in the path: the same page with `?ward=`, for good."""
    if not all(is_id(str(value)) for value in (ward, *kwargs.values()) if isinstance(value, int)):
        raise Http404  # a number no row can have
    query = request.GET.copy()
    query["ward"] = str(ward)
    url = reverse(f"campaigns:{to}", kwargs=kwargs)
    return HttpResponsePermanentRedirect(f"{url}?{query.urlencode()}")


@requires("see", "campaigns")
def dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if request.GET.get("ward") == "all":  # a city of a hundred wards need not read them here
        return _city(request, queries.campaign_seen(request.user, pk))
    campaign, seen = queries.campaign_with_wards(request.user, pk)
    ward = _ward(seen, request.GET.get("ward"))
    if ward is None:
        return _city(request, campaign)
    day = queries.report_day(campaign, request.GET.get("day"))
    can_run = services.may_run(request.user, campaign)

    def draw() -> dashboard_cache.Figures:
        board = queries.ward_dashboard(campaign, ward, request.user, day)
        context = {"board": board, "group_table": _group_table(board)}
        return board.snapshot_day, render_to_string("campaigns/partials/ward_figures.html", context)

    snapshot_day, figures = dashboard_cache.ward_figures(campaign, ward, request.user, day, draw)
    context = {
        "campaign": campaign,
        "ward": ward,
        "day": day,
        "snapshot_day": snapshot_day,
        "figures": figures,
        "can_run": can_run,
        "city": len(seen) > 1,
    }
    # Kept as drawn under everything ward_body.html shows but the figures, kept themselves.
    shown = (campaign.pk, campaign.name, campaign.starts_on, campaign.ends_on, ward.pk, ward.name)
    key = (*shown, day, snapshot_day, can_run, len(seen) > 1)
    body = render_kept(
        "campaigns/partials/ward_body.html", key, context, request, {"figures": figures}
    )
    frame = {"campaign_name": campaign.name, "ward_name": ward.name}
    return render_framed(request, "campaigns/ward.html", body, frame)


def _city(request: AuthenticatedHttpRequest, campaign: Campaign) -> HttpResponse:
    """The campaign's wards compared, kept as drawn (as a ward's figures are) under the
    board's own key and what the page shows of the campaign."""
    day = queries.report_day(campaign, request.GET.get("day"))
    show_all = request.GET.get("all") == "1"
    city = queries.city_dashboard(campaign, request.user, day, show_all=show_all)
    context = {"board": city, "columns": queries.CITY_COLUMNS}
    kept_under = (city.key, campaign.name, campaign.starts_on, campaign.ends_on)
    body = render_kept("campaigns/partials/city_body.html", kept_under, context, request, {})
    return render_framed(request, "campaigns/city.html", body, {"campaign_name": campaign.name})


GROUP_COLUMNS = ("vneid_level2", "households_reached", "vulnerable_visited", "learners")


def _group_table(board: queries.WardDashboard) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """The groups' rows as the dashboard shows them: name, short name, progress, and per
    column its figure with the address of its records (empty where it has none). Worked out
    here once rather than by template tags in every cell of a hundred rows."""
    ward, day = board.ward.pk, f"{board.day:%Y-%m-%d}"
    drills = {
        code: reverse("campaigns:drill", args=[board.campaign.pk, code]) + f"?ward={ward}"
        for code in GROUP_COLUMNS
        if INDICATORS[code].records is not None
    }
    table = []
    for row in board.groups:
        group = row.group
        cells = []
        for code in GROUP_COLUMNS:
            figure = row.figures.get(code)
            if figure is None:
                cells.append(("", ""))
                continue
            drill = drills.get(code)
            href = f"{drill}&group={group.pk}&day={day}" if drill else ""
            cells.append((href, fmt(figure.value, figure.kind)))
        table.append((group.name, short_group(group.name), percent(row.progress), cells))
    return table


@require_POST
@login_required
def refresh(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = queries.campaign_for(request.user, pk)
    if not services.may_run(request.user, campaign):
        raise PermissionDenied
    snapshot_task.enqueue()
    messages.success(request, _("Today's figures are being computed; reload in a minute."))
    return redirect("campaigns:dashboard", pk)


@requires("see", "campaigns")
def targets(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = queries.campaign_for(request.user, pk)
    ward_obj = _one_ward(request, campaign)
    require(request.user, "edit", "campaigns", ward_id=ward_obj.pk)
    codes = [
        *INDICATORS,
        *(f"manual:{c}" for c in ward_obj.manual_indicators.values_list("code", flat=True)),
    ]
    groups = list(ward_obj.groups.filter(closed_at__isnull=True).order_by("sort_name"))
    current = {
        (t.indicator, t.residential_group_id): t.value
        for t in campaign.targets.filter(ward=ward_obj)
    }
    errors = []
    if request.method == "POST":
        values: dict[tuple[str, int | None], float | None] = {}
        for code in codes:
            for group_id in [None, *(g.pk for g in groups)]:
                name = f"t:{code}:{group_id or 'ward'}"
                if name not in request.POST:
                    continue
                raw = request.POST[name].strip().replace(",", ".")
                if raw == "":
                    values[(code, group_id)] = None
                    continue
                try:
                    value = float(raw)
                except ValueError:
                    value = math.nan
                if math.isfinite(value):  # "nan" and "inf" are floats, not targets
                    values[(code, group_id)] = value
                else:
                    errors.append(_("“%(value)s” is not a number.") % {"value": raw[:20]})
        if not errors:
            try:
                services.targets_set(
                    user=request.user, campaign=campaign, ward=ward_obj, values=values
                )
            except services.CampaignError as error:
                errors.append(str(error))
            else:
                messages.success(request, _("Targets saved."))
                return redirect(_dashboard_url(campaign, ward_obj))
    indicator = request.GET.get("indicator") or "vneid_level2"
    if indicator not in INDICATORS or not INDICATORS[indicator].by_group:
        raise Refused(_("This filter does not exist; choose one from the list."), status=400)
    context = {
        "campaign": campaign,
        "ward": ward_obj,
        "rows": [(code, INDICATORS.get(code, None), current.get((code, None))) for code in codes],
        "manual": {f"manual:{m.code}": m for m in ward_obj.manual_indicators.all()},
        "groups": [(g, current.get((indicator, g.pk))) for g in groups],
        "indicator": INDICATORS[indicator],
        "group_indicators": [i for i in INDICATORS.values() if i.by_group],
        "errors": errors,
    }
    return render(request, "campaigns/targets.html", context, status=400 if errors else 200)


def _dashboard_url(campaign: Campaign, ward: Ward) -> str:
    return f"{reverse('campaigns:dashboard', args=[campaign.pk])}?ward={ward.pk}"


@login_required
def manual(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward_obj = staff_ward(request, administer=True)
    form = ManualIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_indicator_create(user=request.user, ward=ward_obj, **form.cleaned_data)
        except services.CampaignError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, _("Indicator added. Enter its first count below."))
            return redirect(f"{reverse('campaigns:manual')}?ward={ward_obj.pk}")
    indicators = ward_obj.manual_indicators.prefetch_related("counts__entered_by")
    context = {
        "ward": ward_obj,
        "form": form,
        "indicators": indicators,
        "count_form": ManualCountForm(),
    }
    return render(request, "campaigns/manual.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def manual_count(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        ManualIndicator.objects.filter(ward__in=_administered_wards(request)), pk=pk
    )
    form = ManualCountForm(request.POST)
    if form.is_valid():
        services.manual_count_add(user=request.user, indicator=indicator, **form.cleaned_data)
        messages.success(request, _("Count saved, with your name and the time."))
    else:
        messages.error(request, _("Give the date and a whole number of zero or more."))
    return redirect(f"{reverse('campaigns:manual')}?ward={indicator.ward_id}")


@requires("see", "campaigns")
def drill(request: AuthenticatedHttpRequest, pk: int, code: str) -> HttpResponse:
    """The records behind a figure, as the viewer may see them."""
    campaign = queries.campaign_for(request.user, pk)
    ward_obj = _one_ward(request, campaign)
    day = queries.report_day(campaign, request.GET.get("day"))
    group = group_asked(visible(ward_obj.groups.all(), request.user), request.GET.get("group"))
    records = queries.drill_down(request.user, ward_obj, code, group.pk if group else None, day)
    if records is None:
        raise Http404
    page = Paginator(records.order_by("pk"), DRILL_PAGE).get_page(request.GET.get("page"))
    log_page_read(
        request.user,
        page,
        route="drill",
        filters={"campaign": campaign.pk, "ward": ward_obj.pk, "indicator": code,
                 "group": group.pk if group else None, "day": day.isoformat()},
        object_type=records.model._meta.model_name,
    )  # fmt: skip
    context = {
        "campaign": campaign, "ward": ward_obj, "indicator": INDICATORS[code], "group": group,
        "day": day, "page": page, "model": records.model._meta.model_name,
    }  # fmt: skip
    return render(request, "campaigns/drill.html", context)


@requires("see", "campaigns")
def reports(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = queries.campaign_for(request.user, pk)
    ward_obj = _one_ward(request, campaign)
    form = ReportForm(
        request.POST or None, initial={"as_of": queries.report_day(campaign), "kind": "weekly"}
    )
    if request.method == "POST":
        require(request.user, "record", "campaigns", ward_id=ward_obj.pk)
        if form.is_valid():
            as_of = form.cleaned_data["as_of"]
            if not campaign.starts_on <= as_of <= campaign.ends_on:
                form.add_error("as_of", _("Choose a day within the campaign."))
            else:
                services.report_request(
                    user=request.user,
                    campaign=campaign,
                    ward=ward_obj,
                    kind=form.cleaned_data["kind"],
                    as_of=as_of,
                )
                messages.success(
                    request, _("The report is being prepared. It appears below when ready.")
                )
                return redirect(f"{reverse('campaigns:reports', args=[pk])}?ward={ward_obj.pk}")
    listed = Report.objects.filter(campaign=campaign, ward=ward_obj)[:50]
    context = {"campaign": campaign, "ward": ward_obj, "form": form, "reports": listed}
    return render(request, "campaigns/reports.html", context)


@requires("export", "campaigns")
def report_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    report = get_object_or_404(
        Report.objects.filter(campaign__in=queries.campaigns_for(request.user)), pk=pk
    )
    if report.ward_id not in {w.pk for w in wards_seen(request.user)}:
        raise Http404
    file = report.xlsx if fmt == "xlsx" else report.pdf
    if not file:
        raise Http404
    name = (file.name or "").rsplit("/", 1)[-1]
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


def open_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Aggregate figures, no personal data, for anyone: the campaign's open data."""
    campaign = get_object_or_404(Campaign, pk=pk)
    rows = queries.open_data(campaign, queries.report_day(campaign, request.GET.get("day")))
    if fmt == "json":
        body = json.dumps(
            {
                "campaign": campaign.name,
                "starts_on": campaign.starts_on.isoformat(),
                "ends_on": campaign.ends_on.isoformat(),
                "figures": rows,
            },
            ensure_ascii=False,
        )
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(
        out,
        fieldnames=[
            "day",
            "ward_code",
            "ward",
            "residential_group",
            "indicator",
            "numerator",
            "denominator",
            "value",
        ],
    )
    writer.writeheader()
    writer.writerows({k: defuse(v) for k, v in row.items()} for row in rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chien-dich-{campaign.pk}.csv"'
    return response
