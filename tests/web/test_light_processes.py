"""A small server runs hocvuso in about 250 MB: the processes that serve pages or wait for
tasks load no library they do not use (bench/serve_memory.py measures the memory)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

# Each costs a web process 5 to 110 MB, and only a PDF, a workbook, an outgoing message or a
# language model needs one.
HEAVY = ("sklearn", "scipy", "numpy", "weasyprint", "segno", "xlsxwriter", "httpx", "icalendar")


def loaded_after(code: str, data_dir: Path) -> list[str]:
    """The modules a fresh Python holds after running `code` with hocvuso set up."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(HOCVUSO_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="hocvuso.settings")
    env.pop("HOCVUSO_SQLITE_PATH", None)
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def heavy(modules: list[str]) -> list[str]:
    return sorted({name.split(".")[0] for name in modules} & set(HEAVY))


def test_a_web_process_serving_every_page_and_the_assistant_loads_no_heavy_library(
    tmp_path: Path,
) -> None:
    code = """
from hocvuso.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns  # every view module
from hocvuso.assistant.retrieval import Guide, Index
guide = Guide(key="vneid/cai-dat", title="Cài đặt VNeID", url="", steps_html="",
              text="Cài đặt VNeID trên điện thoại", anchor="cài vneid")
assert Index([guide]).search("cai vneid")[0].score > 0.5
"""
    assert heavy(loaded_after(code, tmp_path)) == []


def test_the_task_worker_waiting_for_tasks_loads_no_heavy_library(tmp_path: Path) -> None:
    code = """
import django
django.setup()
from django.core.management import call_command, execute_from_command_line
call_command("migrate", verbosity=0)
# As `serve` starts it (system checks included), running the jobs that are due.
execute_from_command_line(["manage.py", "work", "--once"])
"""
    modules = loaded_after(code, tmp_path)
    assert heavy(modules) == []
    # Nor the pages: the system checks would import every view.
    assert [name for name in modules if name.startswith("hocvuso.") and "views" in name] == []


def test_the_task_worker_serve_forks_holds_no_page_and_no_heavy_library(tmp_path: Path) -> None:
    # What the launcher has loaded when it forks the task worker is all that worker shares.
    modules = loaded_after("from hocvuso.web import launcher\nlauncher.preload()", tmp_path)
    assert heavy(modules) == []
    assert [name for name in modules if name.startswith("hocvuso.") and "views" in name] == []


def test_the_web_workers_find_the_site_loaded_before_they_are_forked(tmp_path: Path) -> None:
    code = "from hocvuso.web import launcher\nlauncher.preload()\nlauncher.preload_site()"
    modules = loaded_after(code, tmp_path)
    assert "hocvuso.people.views" in modules
    assert heavy(modules) == []


def test_importing_the_launcher_loads_no_django(tmp_path: Path) -> None:
    # So that `serve`'s execv and the loading happen in one place, main(), in order.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, hocvuso.web.launcher; print('django' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout.strip() == "False"


def test_serve_becomes_the_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    execs = []
    monkeypatch.setattr(os, "execv", lambda path, argv: execs.append(argv))
    call_command("serve", "--port", "8123", "--workers", "3")
    [argv] = execs
    assert argv[1:] == [
        "-m", "hocvuso.web.launcher", "--host", "127.0.0.1", "--port", "8123", "--workers", "3"
    ]  # fmt: skip
