"""The import workflow: upload and preview, confirm, then write in the background.

Nothing reaches the registry until the officer has seen the preview and confirmed it, and
then the whole list is written in one transaction or not at all.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.audit.services import record
from hocvuso.people import search_index
from hocvuso.people.importing.isolation import run_limited, stream_limited
from hocvuso.people.importing.memory import paused_collection
from hocvuso.people.importing.reading import parse_in_parts, parse_resident_list
from hocvuso.people.importing.rows import ImportFileError, ParsedList, RowError
from hocvuso.people.importing.template import errors_workbook
from hocvuso.people.importing.writing import WriteResult, registry_writer
from hocvuso.people.models import ImportBatch
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.places.services import group_resolver

logger = logging.getLogger(__name__)

PREVIEW_ERRORS_KEPT = 1000
ALLOWED_SUFFIXES = (".xlsx", ".csv")


@dataclass
class CheckedList:
    parsed: ParsedList
    groups: dict[str, ResidentialGroup]  # group text as written -> the ward's group


def read_and_check(
    data: bytes, filename: str, *, ward: Ward, default_group: ResidentialGroup | None
) -> CheckedList:
    """Read a list in a child process with a ceiling on memory and time, then check it
    against the ward: every group must be one of its own.

    Raises `ImportFileError` when the file as a whole cannot be used.
    """
    packed = run_limited(
        _parse_packed,
        data,
        filename,
        max_rows=settings.IMPORT_MAX_ROWS,
        memory=settings.IMPORT_READ_MEMORY_BYTES,
        seconds=settings.IMPORT_READ_SECONDS,
    )
    with paused_collection():
        return _check_groups(packed.unpacked(), ward=ward, default_group=default_group)


def _parse_packed(data: bytes, filename: str, *, max_rows: int) -> ParsedList:
    return parse_resident_list(data, filename, max_rows=max_rows, packed=True)


def _check_groups(
    parsed: ParsedList,
    *,
    ward: Ward,
    default_group: ResidentialGroup | None,
    resolve: Callable[[str], ResidentialGroup | None] | None = None,
) -> CheckedList:
    resolve = resolve or group_resolver(ward)
    groups: dict[str, ResidentialGroup] = {}
    kept, errors = [], list(parsed.errors)
    column = parsed.mapping.get("group", "")
    for row in parsed.rows:
        if row.group not in groups:
            found = resolve(row.group) if row.group else default_group
            if found is None:
                errors.append(
                    RowError(
                        row.row_number,
                        column,
                        _("The ward has no residential group “%(group)s”.") % {"group": row.group}
                        if row.group
                        else _("No residential group: add a group column or choose one above."),
                    )
                )
                continue
            groups[row.group] = found
        kept.append(row)
    if len(kept) != len(parsed.rows):
        parsed.names_folded = None  # folded for the rows as they were
    parsed.rows = kept
    parsed.errors = sorted(errors, key=lambda e: (e.row_number, e.column))
    return CheckedList(parsed=parsed, groups=groups)


# Parts of a list written while the child reads the next: small enough that the first
# comes soon after calamine is done, large enough that each costs few statements.
ROWS_PER_PART = 10_000


@contextmanager
def list_in_parts(data: bytes, filename: str) -> Iterator[Iterator[ParsedList]]:
    """The list read in a child process as `read_and_check` reads it, in parts as they are
    read (`parse_in_parts`). The first part is waited for on entering, so a caller that
    opens its transaction next holds the database only once there is something to write."""
    parts = stream_limited(
        parse_in_parts,
        data,
        filename,
        max_rows=settings.IMPORT_MAX_ROWS,
        rows_per_part=ROWS_PER_PART,
        memory=settings.IMPORT_READ_MEMORY_BYTES,
        seconds=settings.IMPORT_READ_SECONDS,
    )
    with closing(parts):
        first = next(parts)
        yield chain([first], parts)


def write_parts(
    parts: Iterable[ParsedList],
    *,
    ward: Ward,
    default_group: ResidentialGroup | None,
    progress: Callable[[int, int], None] | None = None,
) -> WriteResult:
    """Check each part of a confirmed list against the ward and write it. The caller holds
    the transaction. A row with a problem means the file is not the one previewed:
    `ImportFileError`, and the caller's transaction takes back what was written."""
    resolve = group_resolver(ward)
    done = listed = 0
    with paused_collection(), registry_writer(ward) as writer:
        for packed in parts:
            checked = _check_groups(
                packed.unpacked(), ward=ward, default_group=default_group, resolve=resolve
            )
            if checked.parsed.errors:
                raise ImportFileError(_("The file changed since its preview; upload it again."))
            writer.add(checked.parsed.rows, checked.groups, checked.parsed.names_folded)
            done, listed = done + len(checked.parsed.rows), listed or packed.listed
            if progress:
                progress(done, listed)
    return writer.result


def file_too_large_message() -> str:
    return _("The file is larger than %(limit)d MB. Split it into several files.") % {
        "limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)
    }


def receive_upload(
    *, actor: User, ward: Ward, upload: UploadedFile, default_group: ResidentialGroup | None = None
) -> ImportBatch:
    """Keep an uploaded list and queue its reading: a list is read by the task worker, never
    while a web request waits, so a slow or hostile file cannot hold up the site."""
    from hocvuso.people.tasks import read_import_task

    name = (upload.name or "").strip()
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ImportFileError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if upload.size is not None and upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(file_too_large_message())
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(file_too_large_message())
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    batch = ImportBatch(
        ward=ward,
        created_by=actor,
        filename=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        notes={"default_group": default_group.pk if default_group else None},
    )
    batch.upload.save(
        f"{batch.sha256[:16]}{name[name.rfind('.') :].lower()}", ContentFile(data), save=False
    )
    batch.save()
    transaction.on_commit(lambda: read_import_task.enqueue(batch.pk))
    return batch


def _kept_upload(batch: ImportBatch) -> tuple[bytes, ResidentialGroup | None]:
    """The batch's kept upload and the group chosen for rows without one."""
    with batch.upload.open("rb") as handle:
        data = handle.read()
    return data, ResidentialGroup.objects.filter(pk=batch.notes.get("default_group")).first()


def _checked(batch: ImportBatch) -> CheckedList:
    """The batch's list read again from its kept upload and checked against its ward."""
    data, default_group = _kept_upload(batch)
    return read_and_check(data, batch.filename, ward=batch.ward, default_group=default_group)


def read_upload(batch_id: int) -> ImportBatch:
    """Read a kept upload and keep its preview, or the reason it is refused; nothing is written
    to the registry."""
    batch = ImportBatch.objects.select_related("ward").get(pk=batch_id)
    if batch.status != ImportBatch.Status.READING:
        return batch
    try:
        checked = _checked(batch)
    except ImportFileError as error:
        batch.status = ImportBatch.Status.REFUSED
        batch.result = {"reason": str(error)}
        batch.finished_at = timezone.now()
        batch.upload.delete(save=False)
        batch.save(update_fields=["status", "result", "finished_at", "upload"])
        return batch
    parsed = checked.parsed
    batch.status = ImportBatch.Status.PREVIEW
    batch.header_row = parsed.header_row
    batch.mapping = parsed.mapping
    batch.row_count = len(parsed.rows) + len({e.row_number for e in parsed.errors})
    batch.error_count = len(parsed.errors)
    batch.errors = [
        {"row": e.row_number, "column": e.column, "message": e.message}
        for e in parsed.errors[:PREVIEW_ERRORS_KEPT]
    ]
    batch.notes = {
        **batch.notes,
        "ignored_columns": parsed.ignored_columns,
        "refused_columns": parsed.refused_columns,
        "skipped_rows": parsed.skipped_rows,
        "households": len({r.household_key for r in parsed.rows}),
        "sample": [
            {
                "row": r.row_number,
                "household_key": r.household_key,
                "group": checked.groups[r.group].name,
                "full_name": r.full_name,
                "birth_year": r.birth_year,
                "phone": r.phone,
            }
            for r in parsed.rows[:10]
        ],
    }
    if parsed.errors:
        batch.errors_file.save(
            f"{batch.sha256[:16]}-errors.xlsx",
            ContentFile(errors_workbook(parsed.errors).getvalue()),
            save=False,
        )
    batch.save()
    return batch


def confirm_import(*, actor: User, batch: ImportBatch) -> bool:
    """Queue the write of a previewed list. A second click finds it queued and does nothing."""
    from hocvuso.people.tasks import run_import_task

    if not batch.can_commit:
        return False
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.QUEUED
        )
        if claimed:
            transaction.on_commit(lambda: run_import_task.enqueue(batch.pk))
    return bool(claimed)


def _progress_key(batch_id: int) -> str:
    return f"import-progress:{batch_id}"


def progress_of(batch: ImportBatch) -> tuple[int, int] | None:
    """How far a running import has come, as (rows done, rows in all)."""
    return cache.get(_progress_key(batch.pk))


def run_import(batch_id: int) -> ImportBatch:
    """Write a confirmed list: all of it in one transaction, or nothing and a reason."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    )
    batch = ImportBatch.objects.select_related("ward", "created_by").get(pk=batch_id)
    if not claimed:
        return batch
    try:
        data, default_group = _kept_upload(batch)
        with list_in_parts(data, batch.filename) as parts, transaction.atomic():
            result = write_parts(
                parts,
                ward=batch.ward,
                default_group=default_group,
                progress=lambda done, total: cache.set(
                    _progress_key(batch_id), (done, total), 3600
                ),
            )
            record(
                actor=batch.created_by,
                action="import",
                obj=batch,
                ward_id=batch.ward_id,
                summary=_("Imported %(file)s. Residents added: %(created)d, changed: %(updated)d")
                % {
                    "file": batch.filename,
                    "created": result.residents_created,
                    "updated": result.residents_updated,
                },
                changes=result.as_dict(),
            )
            batch.status = ImportBatch.Status.DONE
            batch.result = result.as_dict()
            # Marked done with its rows: a worker killed after the commit never imports twice.
            batch.save(update_fields=["status", "result"])
    except Exception as error:
        logger.exception("import %s failed", batch_id)
        batch.status = ImportBatch.Status.FAILED
        batch.result = {
            "reason": str(error)
            if isinstance(error, ImportFileError)
            else _("An unexpected error stopped the import; nothing was written.")
        }
    batch.finished_at = timezone.now()
    # The list held personal data; once written, the registry is the copy that counts.
    batch.upload.delete(save=False)
    batch.errors_file.delete(save=False)
    batch.save(update_fields=["status", "result", "finished_at", "upload", "errors_file"])
    cache.delete(_progress_key(batch_id))
    if batch.status == ImportBatch.Status.DONE:
        search_index.after_bulk_write(connection)
    return batch
