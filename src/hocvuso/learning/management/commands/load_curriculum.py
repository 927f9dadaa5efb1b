from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.learning.curriculum import CurriculumError, load_curriculum, read_curriculum


class Command(BaseCommand):
    help = "Load the curriculum folder (courses, lessons, quizzes) into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only check the files; change nothing."
        )

    def handle(self, *args: object, check: bool = False, **options: object) -> None:
        try:
            if check:
                courses, _frameworks = read_curriculum()
                lessons = sum(len(c.lessons) for c in courses)
                self.stdout.write(
                    f"The curriculum is valid: {len(courses)} courses, {lessons} lessons."
                )
                return
            report = load_curriculum()
        except CurriculumError as error:
            raise CommandError(
                "The curriculum has mistakes; nothing was loaded:\n  " + "\n  ".join(error.problems)
            ) from None
        self.stdout.write(
            f"Loaded {report.courses} courses, {report.lessons} lessons, "
            f"{report.questions} quiz questions."
        )
        if report.hidden:
            self.stdout.write("Hidden (no longer in the folder): " + ", ".join(report.hidden))
