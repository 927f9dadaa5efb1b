"""The learner's pages on a slow phone: Lighthouse 12.2.3 (pinned in bench/package.json) with
its mobile profile and simulated slow 4G, driving Debian's Chromium against the real server
(granian) on a database holding the shipped curriculum.

lesson_page_kb: what a lesson page transfers without its images (HTML, CSS, script), in KB.
lighthouse_{lesson,course,certificate}_{performance,accessibility}: Lighthouse's scores.
For comparison, the issue reports Kolibri's sign-in page, measured the same way, at 2.8 MB
and a performance score of 0.55.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ROOT, report, setup_django

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(data_dir: Path) -> dict[str, str]:
    """A database with the curriculum and one earned certificate; the pages to measure."""
    setup_django(data_dir / "learning.sqlite3")
    from django.core.management import call_command

    from hocvuso.learning import services
    from hocvuso.learning.curriculum import load_curriculum
    from hocvuso.learning.models import Course

    call_command("collectstatic", interactive=False, verbosity=0)
    load_curriculum()
    course = Course.objects.filter(is_published=True).order_by("position").first()
    learner = services.learner_start()
    for lesson in services.published_lessons(course):
        services.lesson_complete(learner=learner, lesson=lesson)
    answers = {
        q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in course.questions.all()
    }
    services.quiz_submit(learner=learner, course=course, answers=answers)
    certificate = services.certificate_issue(learner=learner, course=course, name="Nguyễn Thị Lan")
    # The longest lesson: the heaviest page a learner opens.
    lesson = max(services.published_lessons(course), key=lambda item: len(item.body_html))
    return {
        "lesson": f"/learn/{course.slug}/{lesson.slug}/",
        "course": f"/learn/{course.slug}/",
        "certificate": f"/c/{certificate.code}/",
    }


def serve(port: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(port), "--blocking-threads", "4", "hocvuso.wsgi:application"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/learn/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def lighthouse(url: str, out: Path) -> dict:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}",
         "--form-factor=mobile", "--only-categories=performance,accessibility",
         "--output=json", f"--output-path={out}"],
        env={**os.environ, "CHROME_PATH": chromium}, check=True, timeout=300,
    )  # fmt: skip
    return json.loads(out.read_text())


def bytes_without_images(result: dict) -> int:
    requests = result["audits"]["network-requests"]["details"]["items"]
    return sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") != "Image")


def main() -> bool:
    if not LIGHTHOUSE.exists():
        print("bench: lighthouse is missing: `make bench` installs it (npm ci in bench/)")
        return False
    data_dir = Path(tempfile.mkdtemp(prefix="hocvuso-bench-learning-"))
    os.environ["HOCVUSO_DATA_DIR"] = str(data_dir)
    pages = prepare(data_dir)
    port = free_port()
    env = {**os.environ, "HOCVUSO_ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT / "src")}
    server = serve(port, env)
    ok = True
    try:
        for name, path in pages.items():
            result = lighthouse(f"http://127.0.0.1:{port}{path}", data_dir / f"{name}.json")
            if name == "lesson":
                kb = bytes_without_images(result) / 1024
                ok &= report("lesson_page_kb", kb, "<=", 50, path)
            for category in ("performance", "accessibility"):
                score = result["categories"][category]["score"]
                target = 0.95 if category == "performance" else 1.0
                ok &= report(f"lighthouse_{name}_{category}", score, ">=", target)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
