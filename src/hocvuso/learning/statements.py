"""The few statements every learner's request runs, written out once instead of built by the
ORM on each request: building and compiling a filter costs several times what SQLite takes
to answer it. Each is parameterised, runs on the same connection (and so in the same
transaction) as the ORM would, and reads its values through the ORM's own converters, so
what comes back is exactly what a queryset would give: dates aware, UUIDs as UUIDs.

Kept to reads and writes of a learner's own rows; anything else goes through the ORM.
"""

import datetime
import uuid
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

from hocvuso.learning.models import (
    Certificate,
    CourseProgress,
    Learner,
    LessonProgress,
    QuizAttempt,
)
from hocvuso.places.queries import MAX_ID

Converter = Callable[[Any, Any, Any], Any]


def _field(model: type[Model], name: str) -> Field:
    """A concrete field of `model`, never a reverse relation."""
    found = model._meta.get_field(name)
    if not isinstance(found, Field) or not found.column:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return found


@cache
def _columns(model: type[Model], names: tuple[str, ...], vendor: str) -> tuple[str, list]:
    """`SELECT <the columns of names> FROM <model's table>`, and each column's converters."""
    del vendor  # part of the key: the converters differ by database
    opts = model._meta
    fields = [_field(model, name) for name in names]
    quote = connection.ops.quote_name
    # Names from the models only; every value is a parameter.
    sql = f"SELECT {', '.join(quote(str(f.column)) for f in fields)} FROM {quote(opts.db_table)}"  # noqa: S608
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(opts.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, column, found))
    return sql, converters


def _select(
    model: type[Model],
    names: tuple[str, ...],
    where: str,
    params: Sequence[Any],
    *,
    also: str = "",
) -> list[list[Any]]:
    """Rows of the `names` columns (converted) where `where`; `also`: more columns, after
    them and as the database gives them, in `SELECT <names>, <also> FROM ...`."""
    sql, converters = _columns(model, names, connection.vendor)
    if also:
        sql = sql.replace(" FROM ", f", {also} FROM ", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} WHERE {where}", params)
        rows = [list(row) for row in cursor.fetchall()]
    for row in rows:
        for index, column, found in converters:
            for convert in found:
                row[index] = convert(row[index], column, connection)
    return rows


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(_field(model, name).column))


def _of_learner_at_course(model: type[Model], name: str) -> str:
    """`(SELECT <name> FROM <model> WHERE learner = %s AND course = %s)`: one value of the
    learner's row at the course (the summary or the certificate; each is unique there)."""
    table = connection.ops.quote_name(model._meta.db_table)
    return (
        f"(SELECT {_column(model, name)} FROM {table}"  # noqa: S608
        f" WHERE {_column(model, 'learner')} = %s AND {_column(model, 'course')} = %s)"
    )


def _learner_fields() -> tuple[str, ...]:
    return tuple(field.attname for field in Learner._meta.concrete_fields)


def learner_by_public_id(public_id: str) -> Learner | None:
    """The learner whose device cookie holds `public_id` (unique), or None."""
    try:
        value = uuid.UUID(public_id)
    except (TypeError, ValueError):
        return None
    names = _learner_fields()
    prepared = Learner._meta.get_field("public_id").get_db_prep_value(value, connection)
    rows = _select(Learner, names, f"{_column(Learner, 'public_id')} = %s", [prepared])
    return Learner.from_db(connection.alias, list(names), rows[0]) if rows else None


def lessons_finished(learner_id: int, lesson_ids: Sequence[int]) -> dict[int, datetime.datetime]:
    """Which of `lesson_ids` the learner finished: lesson id -> when."""
    if not lesson_ids:
        return {}
    places = ", ".join(["%s"] * len(lesson_ids))
    where = (
        f"{_column(LessonProgress, 'learner')} = %s"
        f" AND {_column(LessonProgress, 'lesson')} IN ({places})"
    )
    rows = _select(LessonProgress, ("lesson_id", "completed_at"), where, [learner_id, *lesson_ids])
    return dict(rows)


def _when(value: datetime.datetime | None) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def count_lessons(
    *,
    learner_id: int,
    course_id: int,
    lessons_done: int,
    last: datetime.datetime | None,
    now: datetime.datetime,
) -> None:
    """Write the lessons' part of the learner's summary row of the course, making the row on
    the first lesson. `last`: when the last lesson was done, once every lesson is; the course
    is then completed if the quiz was passed, at whichever came last."""
    table = connection.ops.quote_name(CourseProgress._meta.db_table)
    done, completed, passed = (
        _column(CourseProgress, name) for name in ("lessons_done", "completed_at", "passed_at")
    )
    learner, course = _column(CourseProgress, "learner"), _column(CourseProgress, "course")
    if last is None:
        completion, params = "NULL", list[Any]()
    else:
        completion = (
            f"CASE WHEN {passed} IS NULL THEN NULL WHEN {passed} > %s THEN {passed} ELSE %s END"
        )
        params = [_when(last), _when(last)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {done} = %s, {completed} = {completion}"  # noqa: S608
            f" WHERE {learner} = %s AND {course} = %s",
            [lessons_done, *params, learner_id, course_id],
        )
        updated = cursor.rowcount
    if not updated:
        _insert(
            CourseProgress,
            {
                "learner": learner_id,
                "course": course_id,
                "lessons_done": lessons_done,
                "attempts": 0,
                "started_at": _when(now),
            },
        )


def _insert(model: type[Model], values: dict[str, Any], *, ignore: bool = False) -> None:
    """One row of `values` (field name -> the value as the database takes it); with
    `ignore`, nothing if a unique constraint already holds such a row."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(model, name) for name in values)
    places = ", ".join(["%s"] * len(values))
    conflict = " ON CONFLICT DO NOTHING" if ignore else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({places}){conflict}",  # noqa: S608
            list(values.values()),
        )


def lesson_finished(*, learner_id: int, lesson_id: int, at: datetime.datetime) -> None:
    """Mark the lesson done by the learner at `at`; if it is already, it stays as it was."""
    _insert(
        LessonProgress,
        {"learner": learner_id, "lesson": lesson_id, "completed_at": _when(at)},
        ignore=True,
    )


def attempt_seen(
    *, learner_id: int, course_id: int, pk: int
) -> tuple[QuizAttempt, bool, str | None] | None:
    """The learner's attempt `pk` at the course's quiz (None if it is not theirs or not of
    that course), whether the course is completed, and its certificate's code if issued."""
    if not 0 < pk <= MAX_ID:
        return None  # an address naming an id no database row can have
    names = tuple(field.attname for field in QuizAttempt._meta.concrete_fields)
    completed = _of_learner_at_course(CourseProgress, "completed_at")
    code = _of_learner_at_course(Certificate, "code")
    where = (
        f"{_column(QuizAttempt, 'id')} = %s AND {_column(QuizAttempt, 'learner')} = %s"
        f" AND {_column(QuizAttempt, 'course')} = %s"
    )
    params = [learner_id, course_id, learner_id, course_id, pk, learner_id, course_id]
    rows = _select(QuizAttempt, names, where, params, also=f"{completed}, {code}")
    if not rows:
        return None
    row = rows[0]
    attempt = QuizAttempt.from_db(connection.alias, list(names), row[: len(names)])
    return attempt, row[len(names)] is not None, row[len(names) + 1]


def course_standing(*, learner_id: int, course_id: int) -> tuple[int | None, str | None]:
    """The learner's best quiz score at the course, and its certificate's code once issued."""
    sql = (
        f"SELECT {_of_learner_at_course(CourseProgress, 'best_score')},"
        f" {_of_learner_at_course(Certificate, 'code')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [learner_id, course_id, learner_id, course_id])
        best_score, code = cursor.fetchone()
    return best_score, code


def count_attempt(
    *,
    learner_id: int,
    course_id: int,
    score: int,
    passed_at: datetime.datetime | None,
    completes: bool,
    last: datetime.datetime | None,
) -> bool:
    """Add an attempt scoring `score` (passed at `passed_at`, if it passed) to the learner's
    summary row of the course in one UPDATE, which reads the pass already there: the first
    pass stays, and with every lesson done (`completes`; `last`: when the last was) the
    course is completed at whichever of the pass and the last lesson came last. False if
    there is no row yet."""
    table = connection.ops.quote_name(CourseProgress._meta.db_table)
    attempts, best, passed, completed, learner, course = (
        _column(CourseProgress, name)
        for name in ("attempts", "best_score", "passed_at", "completed_at", "learner", "course")
    )
    when = _when(passed_at) if passed_at is not None else None
    first_pass = f"COALESCE({passed}, %s)"
    if not completes:
        completion, completion_params = "NULL", list[Any]()
    elif last is None:
        completion, completion_params = first_pass, [when]
    else:
        completion = (
            f"CASE WHEN {first_pass} IS NULL THEN NULL"
            f" WHEN {first_pass} > %s THEN {first_pass} ELSE %s END"
        )
        completion_params = [when, when, _when(last), when, _when(last)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {attempts} = {attempts} + 1,"  # noqa: S608
            f" {best} = CASE WHEN {best} IS NULL OR {best} < %s THEN %s ELSE {best} END,"
            f" {passed} = {first_pass}, {completed} = {completion}"
            f" WHERE {learner} = %s AND {course} = %s",
            [score, score, when, *completion_params, learner_id, course_id],
        )
        return cursor.rowcount > 0


def attempt_made(attempt: QuizAttempt) -> QuizAttempt:
    """Save the new `attempt` in one INSERT, as `save()` would (its time set now, unless
    set), and give it its id."""
    if attempt.created_at is None:
        attempt.created_at = timezone.now()
    fields = [field for field in QuizAttempt._meta.concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(QuizAttempt._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    places = ", ".join(["%s"] * len(fields))
    values = [
        field.get_db_prep_save(getattr(attempt, field.attname), connection) for field in fields
    ]
    pk = QuizAttempt._meta.pk
    assert pk is not None
    returning = connection.features.can_return_columns_from_insert
    sql = f"INSERT INTO {table} ({columns}) VALUES ({places})"  # noqa: S608
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(str(pk.column))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        attempt.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    attempt._state.adding = False
    attempt._state.db = connection.alias
    return attempt
