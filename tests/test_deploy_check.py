"""`check --deploy` passes with the production variables README lists, and fails without HTTPS."""

import os
import subprocess
import sys
from pathlib import Path

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"


def deploy_check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOCVUSO_")}
    env.pop("DATABASE_URL", None)
    # The browser tests set it for Playwright in this process; a server never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        HOCVUSO_DATA_DIR=str(tmp_path),
        HOCVUSO_DEBUG="false",
        HOCVUSO_SECRET_KEY="k7#Qz" * 12,  # 60 characters, many different ones
        HOCVUSO_SECURE_COOKIES="true",
        HOCVUSO_ALLOWED_HOSTS="hocvuso.tuongmai.example.vn",
        HOCVUSO_CSRF_TRUSTED_ORIGINS="https://hocvuso.tuongmai.example.vn",
        **variables,
    )
    return subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_production_variables_pass_the_deploy_check(tmp_path):
    done = deploy_check(
        tmp_path,
        HOCVUSO_HSTS_SECONDS="31536000",
        HOCVUSO_SSL_REDIRECT="true",
        HOCVUSO_TRUSTED_PROXIES="10.0.0.5",
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_without_hsts_and_the_redirect_the_deploy_check_fails(tmp_path):
    done = deploy_check(tmp_path)
    assert done.returncode != 0
    assert "security.W004" in done.stderr and "security.W008" in done.stderr
