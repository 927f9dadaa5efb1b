"""`make bench`: every benchmark, each printing `bench: NAME = VALUE (goal OP TARGET)`."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "import_xlsx.py",
    "hostile_import.py",
    "registry_scale.py",
    "record_help.py",
    "sync.py",
    "learning_pages.py",
    "assistant_quality.py",
    "assistant_wards.py",
    "load.py",
    "serve_memory.py",
]


def main() -> int:
    failed = []
    for script in SCRIPTS:
        result = subprocess.run([sys.executable, str(HERE / script)], check=False)
        if result.returncode != 0:
            failed.append(script)
    if failed:
        print("bench: goals missed or errors in " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
