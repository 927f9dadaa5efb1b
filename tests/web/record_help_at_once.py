"""Ten volunteers record help for one resident at the same instant, each in its own thread with
its own connection, through the real service. Prints one line per thread: "ok" or the error.

Run by tests/web/test_concurrent_writes.py as: python record_help_at_once.py RESIDENT USER...
"""

import sys
import threading
import uuid

import django

django.setup()

from django.db import connection  # noqa: E402

from hocvuso.accounts.models import User  # noqa: E402
from hocvuso.people.models import Resident  # noqa: E402
from hocvuso.support.models import Outcome, Service, Task  # noqa: E402
from hocvuso.support.services import HelpInput, help_record  # noqa: E402

THREADS = 10


def main(resident_id: int, usernames: list[str]) -> None:
    resident = Resident.objects.select_related("residential_group__ward").get(pk=resident_id)
    ward = resident.residential_group.ward
    service = Service.objects.get(code="vneid")
    actors = [User.objects.get(username=usernames[i % len(usernames)]) for i in range(THREADS)]
    connection.close()
    start = threading.Barrier(THREADS)
    outcomes: list[str] = [""] * THREADS

    def record(index: int) -> None:
        start.wait()
        try:
            help_record(
                actor=actors[index], ward=ward, client_id=uuid.uuid4(),
                data=HelpInput(service=service, task=Task.INSTALL, outcome=Outcome.DONE,
                               resident=resident, note=f"thread {index}"),
            )  # fmt: skip
            outcomes[index] = "ok"
        except Exception as error:  # reported to the test, which fails on it
            outcomes[index] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("\n".join(outcomes))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
