"""The learner's pages: no login needed, one task per screen, light enough for a slow phone."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hocvuso.learning import devices, documents, published, queries, services, statements
from hocvuso.learning.forms import (
    AccountForm,
    CodeForm,
    JoinClassForm,
    LoginForm,
    MemberPasswordForm,
    NameForm,
)
from hocvuso.learning.models import Learner, LearningAddress, Lesson
from hocvuso.people.models import Resident
from hocvuso.places.queries import is_id
from hocvuso.web import offline as offline_pages
from hocvuso.web.public_pages import shared_page
from hocvuso.web.throttling import allow, client_key, throttled, too_many

LOGIN_LIMIT = (10, 900)  # password tries per phone or address in 15 minutes
CODE_LIMIT = (20, 3600)  # household or class codes tried an hour: too few to guess one
SIGNUP_LIMIT = (10, 3600)  # accounts saved from one address an hour
# Pages opened by a code (household card, certificate): a family or a class sharing one
# connection opens far fewer an hour; a guesser gets nowhere at this pace.
LOOKUP_LIMIT = (120, 3600)
code_lookup = throttled("code-lookup", limit=LOOKUP_LIMIT[0], window=LOOKUP_LIMIT[1])


def learner_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the view know the device's learner, and keep the device's cookie up to date."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return devices.remember(request, view(request, *args, **kwargs))

    return wrapped


def _learner(request: HttpRequest) -> Learner:
    """The device's learner, made on the first thing they do."""
    learner = devices.learner_of(request)
    if learner is None:
        learner = services.learner_start()
        devices.use(request, learner)
    return learner


def _may_try_password(request: HttpRequest, whose: str) -> bool:
    """Count one password try for one learner and one for the client's address: the log-in
    and the household card share the count, so one cannot add guesses to the other."""
    limit, window = LOGIN_LIMIT
    return allow(f"learner-login:{whose}", limit=limit, window=window) and allow(
        f"learner-login:{client_key(request)}", limit=limit * 3, window=window
    )


@shared_page
@learner_page
def catalogue(request: HttpRequest) -> HttpResponse:
    learner = devices.learner_of(request)
    progress = queries.progress_by_course(learner)
    courses = [
        (course, progress.get(course.pk))
        for course in queries.courses().prefetch_related("lessons")
    ]
    return render(request, "learning/catalogue.html", {"courses": courses, "learner": learner})


@shared_page
@learner_page
def course_page(request: HttpRequest, slug: str) -> HttpResponse:
    learner = devices.learner_of(request)
    outline = queries.outline(slug, learner)
    best_score, certificate_code = (
        statements.course_standing(learner_id=learner.pk, course_id=outline.course.pk)
        if learner is not None
        else (None, None)
    )
    context = {
        "course": outline.course,
        "outline": outline,
        "best_score": best_score,
        "certificate_code": certificate_code,
    }
    # Everything the page shows of the learner: kept for each learner in the same state.
    state = (
        tuple((item.done, item.open) for item in outline.items),
        outline.quiz_open,
        best_score,
        certificate_code,
    )
    return published.page(request, "learning/course.html", context, state=state)


@shared_page
@learner_page
def lesson_page(request: HttpRequest, slug: str, lesson_slug: str) -> HttpResponse:
    outline = queries.outline(slug, devices.learner_of(request))
    course = outline.course
    index, item = next(
        ((i, it) for i, it in enumerate(outline.items) if it.lesson.slug == lesson_slug),
        (None, None),
    )
    if item is None or index is None:
        raise Http404
    # A locked lesson still reads (the assistant links to it); only its progress waits.
    context = {
        "course": course,
        "outline": outline,
        "item": item,
        "lesson": item.lesson,
        "number": index + 1,
        "previous": outline.items[index - 1].lesson if index else None,
        "locked": not item.open,
    }
    following = outline.next_item if not item.open else None
    state = (item.done, item.open, following.lesson.slug if following else None)
    return published.page(request, "learning/lesson.html", context, state=state)


def _lesson_url(lesson: Lesson) -> str:
    return reverse("learning:lesson", args=[lesson.course.slug, lesson.slug])


@require_POST
@learner_page
def lesson_done(request: HttpRequest, slug: str, lesson_slug: str) -> HttpResponse:
    course, lessons = published.course_lessons(slug)
    lesson = next((lesson for lesson in lessons if lesson.slug == lesson_slug), None)
    if lesson is None:
        raise Http404
    if request.POST.get("step") == "ask":
        # The lesson's button asks first (in the page when scripts run, here when they do
        # not), so a stray tap neither marks the lesson done nor leaves it.
        return render(request, "learning/lesson_confirm.html", {"course": course, "lesson": lesson})
    try:
        done = services.lesson_complete(learner=_learner(request), lesson=lesson, lessons=lessons)
    except services.LearningError as error:
        messages.error(request, str(error))
        return redirect("learning:course", slug)
    if done.following:
        return redirect(_lesson_url(done.following))
    messages.success(request, _("You finished every lesson. Now take the short quiz."))
    return redirect("learning:quiz", slug)


def _answers(request: HttpRequest, questions: list) -> tuple[dict[int, list[int]], list[int]]:
    """The choices picked per question, and the numbers of the questions left unanswered."""
    answers, missing = {}, []
    for number, question in enumerate(questions, start=1):
        valid = {choice.pk for choice in question.choices.all()}
        picked = [
            int(v) for v in request.POST.getlist(f"q{question.pk}") if is_id(v) and int(v) in valid
        ]
        if not picked:
            missing.append(number)
        answers[question.pk] = picked
    return answers, missing


@learner_page
def quiz_page(request: HttpRequest, slug: str) -> HttpResponse:
    learner = devices.learner_of(request)
    outline = queries.outline(slug, learner)
    course = outline.course
    if not outline.quiz_open:
        messages.info(request, _("Finish every lesson of the course before the quiz."))
        return redirect("learning:course", slug)
    questions = published.questions(course)
    picked: dict[int, list[int]] = {}
    missing: list[int] = []
    if request.method == "POST":
        picked, missing = _answers(request, questions)
        if not missing:
            result = services.quiz_submit(
                learner=_learner(request),
                course=course,
                answers=picked,
                questions=questions,
                done=outline.lessons_done(),
            )
            return redirect("learning:quiz_result", slug, result.attempt.pk)
    context = {"course": course, "questions": questions, "picked": picked, "missing": missing}
    if not picked and not missing:
        # The quiz as first seen is the same for every learner: kept whole, per language.
        context["questions_html"] = published.quiz_form(course, questions)
        return published.page(request, "learning/quiz.html", context, state="quiz")
    return render(request, "learning/quiz.html", context, status=400 if missing else 200)


@learner_page
def quiz_result(request: HttpRequest, slug: str, attempt_id: int) -> HttpResponse:
    learner = devices.learner_of(request)
    if learner is None:
        raise Http404
    course, _lessons = published.course_lessons(slug)
    seen = queries.attempt_of(learner, course, attempt_id)
    attempt = seen.attempt
    questions = published.questions(course)
    picked = {
        (question.pk, choice)
        for question in questions
        for choice in attempt.answers.get(str(question.pk), [])
    }
    context = {
        "course": course,
        "attempt": attempt,
        "review_html": mark_safe(_REVIEW),  # noqa: S308 - a comment, replaced below
        "certificate_code": seen.certificate_code,
        "completed": seen.completed,
    }
    # Kept once per result shown; each learner's own choices are put into the review.
    state = (attempt.passed, attempt.score, attempt.correct, attempt.total)
    return published.page(
        request,
        "learning/quiz_result.html",
        context,
        state=(*state, seen.completed, seen.certificate_code),
        address=reverse("learning:quiz", args=[slug]) + "result/",
        own={_REVIEW: published.quiz_review(course, questions, picked)},
    )


_REVIEW = "<!--review-->"


@learner_page
def certificate_claim(request: HttpRequest, slug: str) -> HttpResponse:
    """Issue the certificate of a completed course, asking for the name to print if the
    learner is not known by name yet."""
    course = queries.course_by_slug(slug)
    learner = devices.learner_of(request)
    if learner is None:
        return redirect("learning:course", slug)
    existing = queries.certificate_of(learner, course)
    if existing:
        return redirect("verify", existing.code)
    known = services.certificate_name(learner)
    form = NameForm(request.POST or None, initial={"name": known})
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(
                learner=learner, course=course, name=form.cleaned_data["name"]
            )
        except services.LearningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Congratulations! Here is your certificate."))
            return redirect("verify", certificate.code)
    return render(request, "learning/certificate_claim.html", {"course": course, "form": form})


@code_lookup
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public page the certificate's QR code opens: valid, revoked, or unknown."""
    certificate = queries.certificate_by_code(code)
    status = 200 if certificate else 404
    return render(
        request, "learning/verify.html", {"certificate": certificate, "code": code}, status=status
    )


def verify_lookup(request: HttpRequest) -> HttpResponse:
    code = "".join(request.GET.get("code", "").upper().split())[:12]
    if code:
        if not allow(f"verify:{client_key(request)}", limit=CODE_LIMIT[0], window=CODE_LIMIT[1]):
            return too_many(request)
        if not (code.isascii() and code.isalnum()):  # no certificate has it, nor any URL
            context = {"certificate": None, "code": code}
            return render(request, "learning/verify.html", context, status=404)
        return redirect("verify", code)
    return render(request, "learning/verify.html", {"certificate": None, "code": ""})


@code_lookup
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = queries.certificate_by_code(code)
    if certificate is None:
        raise Http404
    return documents.certificate_response(request, certificate)


# Accounts, household codes, classes -----------------------------------------------------


@learner_page
def account(request: HttpRequest) -> HttpResponse:
    learner = devices.learner_of(request)
    context = {
        "learner": learner,
        "account_form": AccountForm(),
        "login_form": LoginForm(),
        "code_form": CodeForm(),
    }
    return render(request, "learning/account.html", context)


@require_POST
@learner_page
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST)
    if not allow(
        f"learner-signup:{client_key(request)}", limit=SIGNUP_LIMIT[0], window=SIGNUP_LIMIT[1]
    ):
        return too_many(request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.account_create(
                learner=_learner(request),
                phone=data["phone"],
                password=data["password"],
                full_name=data["full_name"],
            )
        except services.LearningError as error:
            form.add_error("phone", str(error))
        else:
            messages.success(request, _("Saved. Log in with this phone number on any device."))
            return redirect("learning:catalogue")
    context = {
        "learner": devices.learner_of(request),
        "account_form": form,
        "login_form": LoginForm(),
        "code_form": CodeForm(),
    }
    return render(request, "learning/account.html", context, status=400)


@require_POST
@learner_page
def account_login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST)
    if form.is_valid():
        phone = form.cleaned_data["phone"]
        if not _may_try_password(request, phone):
            return too_many(request)
        found = services.account_check(phone=phone, password=form.cleaned_data["password"])
        if found is None:
            form.add_error(None, _("This phone number and password do not match."))
        else:
            current = devices.learner_of(request)
            if current is not None and current.is_unclaimed:
                found = services.learners_merge(keep=found, gone=current)
            devices.use(request, found)
            messages.success(request, _("Welcome back. Your progress is here."))
            return redirect("learning:catalogue")
    context = {
        "learner": devices.learner_of(request),
        "account_form": AccountForm(),
        "login_form": form,
        "code_form": CodeForm(),
    }
    return render(request, "learning/account.html", context, status=400)


@require_POST
@learner_page
def account_logout(request: HttpRequest) -> HttpResponse:
    devices.forget(request)
    messages.success(request, _("This device no longer keeps your progress."))
    return redirect("learning:catalogue")


def _address(code: str) -> LearningAddress:
    return get_object_or_404(LearningAddress.objects.select_related("household"), code=code.upper())


@learner_page
def household_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow(
            f"household-code:{client_key(request)}", limit=CODE_LIMIT[0], window=CODE_LIMIT[1]
        ):
            return too_many(request)
        code = form.cleaned_data["code"]
        if LearningAddress.objects.filter(code=code).exists():
            return redirect("learning:household", code)
        form.add_error("code", _("No household has this code. Check the card again."))
    return render(request, "learning/household_code.html", {"form": form})


@code_lookup
@learner_page
def household_page(request: HttpRequest, code: str) -> HttpResponse:
    """What the household's QR card opens: first names and progress, nothing else."""
    address = _address(code)
    learner = devices.learner_of(request)
    context = {
        "address": address,
        "members": queries.household_progress(address),
        "me": learner.resident_id if learner else None,
    }
    return render(request, "learning/household.html", context)


@require_POST
@code_lookup
@learner_page
def household_join(request: HttpRequest, code: str) -> HttpResponse:
    """Learn as the member tapped on the card: straight away, once the member's password is
    typed, or once a device holding an account of its own agrees to log out of it."""
    address = _address(code)
    resident_id = request.POST.get("resident", "")
    if not is_id(resident_id):
        raise Http404
    resident = get_object_or_404(Resident, pk=int(resident_id), household=address.household)
    device = devices.learner_of(request)
    leaving = device is not None and device.is_protected and request.POST.get("switch") == "1"
    form = MemberPasswordForm(request.POST if "password" in request.POST else None)
    context = {
        "address": address,
        "resident": resident,
        "name": services.first_name_of(resident.full_name),
        "device": device,
        "leaving": leaving,
        "form": form,
        "asks_password": True,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "learning/household_join.html", context, status=400)
    password = form.cleaned_data["password"] if form.is_bound else None
    if password is not None:
        member = queries.learner_of_member(resident)
        if not _may_try_password(request, (member and member.phone) or f"member-{resident.pk}"):
            return too_many(request)
    try:
        learner = services.household_join(
            learner=None if leaving else device,
            address=address,
            resident=resident,
            password=password,
        )
    except services.DeviceHoldsAccount:
        context["asks_password"] = False
        return render(request, "learning/household_join.html", context)
    except services.PasswordNeeded as wrong:
        if wrong.args:
            form.add_error(None, wrong.args[0])
        status = 400 if wrong.args else 200
        return render(request, "learning/household_join.html", context, status=status)
    devices.use(request, learner)
    messages.success(
        request,
        _("Hello %(name)s! Your lessons now count for your household.")
        % {"name": learner.first_name},
    )
    return redirect("learning:catalogue")


@learner_page
def class_join(request: HttpRequest) -> HttpResponse:
    learner = devices.learner_of(request)
    form = JoinClassForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        if not allow(
            f"class-code:{client_key(request)}", limit=CODE_LIMIT[0], window=CODE_LIMIT[1]
        ):
            return too_many(request)
        try:
            classroom = services.classroom_join(
                learner=_learner(request),
                code=form.cleaned_data["code"],
                first_name=form.cleaned_data["name"],
            )
        except services.LearningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("You joined the class %(name)s.") % {"name": classroom.name}
            )
            if when_where := ", ".join(filter(None, [classroom.meets_at, classroom.schedule])):
                messages.info(request, _("The class meets: %(place)s.") % {"place": when_where})
            return redirect("learning:catalogue")
    return render(request, "learning/class_join.html", {"form": form, "learner": learner})


def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under /learn/ so that it may keep the learning pages for reading offline."""
    # v2: drops what v1 kept of pages now marked no-store.
    return offline_pages.service_worker(
        request,
        cache="hocvuso-learn-v2",
        scope=reverse("learning:catalogue"),
        offline=reverse("learning:offline"),
        keep=[
            reverse("learning:offline"),
            static("hocvuso/site.css"),
            static("learning/learn.js"),
            static("learning/textsize.js"),
        ],
    )


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/offline.html")
