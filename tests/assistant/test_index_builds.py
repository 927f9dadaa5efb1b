"""Residents who ask together while an index is out of date (at start, after a guide
changes) wait for one build of it in each process, rather than each thread building its own."""

import datetime
import threading
import time

from django.utils import timezone

from hocvuso.assistant import retrieval, ward_guides

THREADS = 4


def asked_together(ask) -> list[object]:
    """What `ask` returned in each of THREADS threads started at once."""
    start, got = threading.Barrier(THREADS), []

    def one() -> None:
        start.wait()
        got.append(ask())

    threads = [threading.Thread(target=one) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return got


def slow(built: list[object], result):
    def build(*_args: object) -> object:
        time.sleep(0.2)  # long enough for every thread to find the index out of date
        built.append(1)
        return result()

    return build


def test_a_ward_s_index_is_built_once_for_threads_asking_together(monkeypatch):
    built: list[object] = []
    later = timezone.now() + datetime.timedelta(hours=1)
    shared = retrieval.Index([])
    monkeypatch.setattr(retrieval, "shared_index", lambda: shared)
    monkeypatch.setattr(
        retrieval, "ward_index", slow(built, lambda: (retrieval.WardIndex(shared, []), later))
    )
    monkeypatch.setattr(retrieval, "_wards", retrieval.OrderedDict())
    ward_guides.forget(313)
    got = asked_together(lambda: retrieval.index_for(313))
    assert len(got) == THREADS and len({id(index) for index in got}) == 1
    assert len(built) == 1
    ward_guides.forget(313)  # the ward's data changed: built again, once
    assert retrieval.index_for(313) is not got[0] and len(built) == 2


def test_the_shared_index_is_built_once_for_threads_asking_together(monkeypatch):
    built: list[object] = []
    monkeypatch.setattr(retrieval, "_shared", None)
    monkeypatch.setattr(retrieval, "_lesson_guides", slow(built, list))
    got = asked_together(retrieval.shared_index)
    assert len(got) == THREADS and len({id(index) for index in got}) == 1
    assert len(built) == 1
