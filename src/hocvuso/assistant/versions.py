"""The assistant's version stamps (web/stamps.py): the lessons, the active wards and each
ward's own guides."""

LESSONS = "assistant:lessons"  # the published lessons and their courses
WARDS = "assistant:wards"  # which wards are active


def ward(ward_id: int) -> str:
    """A ward's own guides: its points, hours, shifts, classes, news, contact, answers."""
    return f"assistant:ward:{ward_id}"
