"""assistant_top1, assistant_top3, assistant_abstain_correct, assistant_latency_ms: the
assistant against bench/assistant_questions.yaml, questions written as residents write them
(colloquial, without diacritics, misspelt), each with the lesson that should answer it, or
none.

top1: the answer given is that lesson. top3: it is among the three guides offered.
abstain_correct: of the questions no guide answers, the share answered "I don't know".
latency_ms: the median time to answer one question (the index already built).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import report, setup_django

QUESTIONS = Path(__file__).resolve().parent / "assistant_questions.yaml"


def main() -> bool:
    setup_django(Path(tempfile.mkdtemp(prefix="hocvuso-bench-assistant-")) / "a.sqlite3")
    from hocvuso.assistant import retrieval
    from hocvuso.learning.curriculum import load_curriculum

    load_curriculum()
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    retrieval.answer("vneid")  # build the index once, as a running server has it
    top1 = top3 = answerable = abstained = unanswerable = 0
    times = []
    misses = []
    for item in questions:
        started = time.perf_counter()
        result = retrieval.answer(item["q"])
        times.append(time.perf_counter() - started)
        offered = ([result.best] if result.best else []) + list(result.others)
        keys = [m.guide.key for m in offered][:3]
        if item["guide"] is None:
            unanswerable += 1
            abstained += result.best is None
            if result.best is not None:
                misses.append(f"answered: {item['q']!r} -> {result.best.guide.key}")
            continue
        answerable += 1
        top1 += bool(result.best and result.best.guide.key == item["guide"])
        top3 += item["guide"] in keys
        if not (result.best and result.best.guide.key == item["guide"]):
            misses.append(f"missed: {item['q']!r} -> {keys[:1]} (want {item['guide']})")
    for line in misses:
        print(f"  # {line}")
    ok = report("assistant_top1", top1 / answerable, ">=", 0.75, f"{top1}/{answerable}")
    ok &= report("assistant_top3", top3 / answerable, ">=", 0.9, f"{top3}/{answerable}")
    ok &= report(
        "assistant_abstain_correct", abstained / unanswerable, ">=", 0.9,
        f"{abstained}/{unanswerable}",
    )  # fmt: skip
    ok &= report("assistant_latency_ms", 1000 * statistics.median(times), "<=", 50)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
