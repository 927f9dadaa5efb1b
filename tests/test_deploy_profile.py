"""deploy/run-profile, which the systemd units and CI start: never a single web worker, and
its settings read as systemd reads the env file. (.ci/profile starts the whole profile.)"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_PROFILE = ROOT / "deploy" / "run-profile"


def run_profile(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(RUN_PROFILE), *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_it_refuses_to_serve_with_a_single_web_worker(tmp_path):
    result = run_profile("web", env={"GRANIAN_WORKERS": "1", "HOCVUSO_DATA_DIR": str(tmp_path)})

    assert result.returncode == 2
    assert "GRANIAN_WORKERS must be 2 or more" in result.stderr


def test_it_reads_the_example_env_file_as_systemd_does(tmp_path):
    env_file = tmp_path / "hocvuso.env"
    env_file.write_text((ROOT / "deploy" / "hocvuso.env.example").read_text())

    result = run_profile(
        "--env-file", str(env_file), "manage", "shell", "--no-imports", "-c",
        "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.HASHED_STATIC)",
        env={"HOCVUSO_DATA_DIR": str(tmp_path)},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['hocvuso.example.vn'] True"


def test_a_line_that_is_not_key_value_is_refused(tmp_path):
    env_file = tmp_path / "hocvuso.env"
    env_file.write_text("GRANIAN_WORKERS=4\nexport EVIL=$(touch pwned)\n")

    result = run_profile("--env-file", str(env_file), "worker", env={})

    assert result.returncode == 2
    assert "not KEY=VALUE" in result.stderr
    assert not (ROOT / "pwned").exists()
