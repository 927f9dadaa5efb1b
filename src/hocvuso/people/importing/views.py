"""Import pages for a ward officer: upload, preview with every error, confirm, follow progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.people.importing.batches import (
    confirm_import,
    file_too_large_message,
    progress_of,
    receive_upload,
)
from hocvuso.people.importing.rows import ImportFileError
from hocvuso.people.importing.template import field_labels, template_workbook
from hocvuso.people.importing.uploads import upload_too_large
from hocvuso.people.models import ImportBatch
from hocvuso.people.queries import import_batch_for
from hocvuso.places.queries import staff_ward


@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    from hocvuso.people.forms import ImportForm

    ward = staff_ward(request, administer=True)
    groups = ward.groups.filter(closed_at__isnull=True)
    form = ImportForm(request.POST or None, request.FILES or None, groups=groups)
    if request.method == "POST" and upload_too_large(request):
        form.is_valid()  # the file was not read: say why, instead of "required"
        form.errors["file"] = form.error_class([file_too_large_message()])
    elif request.method == "POST" and form.is_valid():
        try:
            batch = receive_upload(
                actor=request.user,
                ward=ward,
                upload=form.cleaned_data["file"],
                default_group=form.cleaned_data["default_group"],
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("people:import_batch", pk=batch.pk)
    recent = ImportBatch.objects.filter(ward=ward).select_related("created_by")[:10]
    return render(
        request, "people/import_upload.html", {"form": form, "ward": ward, "recent": recent}
    )


@login_required
def batch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_for(request.user, pk)
    progress = (
        progress_of(batch) if batch.status in (batch.Status.QUEUED, batch.Status.RUNNING) else None
    )
    labels = field_labels()
    percent = int(100 * progress[0] / progress[1]) if progress and progress[1] else 0
    return render(
        request,
        "people/import_batch.html",
        {
            "batch": batch,
            "progress": progress,
            "percent": percent,
            "reading": batch.status == batch.Status.READING,
            "working": batch.status
            in (batch.Status.READING, batch.Status.QUEUED, batch.Status.RUNNING),
            "mapping": [
                (labels.get(field, field), header) for field, header in batch.mapping.items()
            ],
        },
    )


@login_required
@require_POST
def batch_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_for(request.user, pk)
    if not batch.can_commit:
        messages.error(
            request,
            _("This list cannot be imported: fix the errors in the file and upload it again."),
        )
    elif confirm_import(actor=request.user, batch=batch):
        messages.success(request, _("The import has started. This page shows its progress."))
    return redirect("people:import_batch", pk=batch.pk)


@login_required
def batch_errors(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """Every error of the list as a workbook the officer can sort and work through."""
    batch = import_batch_for(request.user, pk)
    if not batch.errors_file:
        raise Http404
    return FileResponse(
        batch.errors_file.open("rb"),
        as_attachment=True,
        filename=f"loi-{batch.filename.rsplit('.', 1)[0]}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def template_download(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    staff_ward(request, administer=True)  # an officer's download
    return FileResponse(
        template_workbook(),
        as_attachment=True,
        filename="mau-danh-sach-nhan-khau.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
