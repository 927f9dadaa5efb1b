"""An optional language model that writes the assistant's answer from the guides it found.

Off unless `LLM_URL` names an OpenAI-compatible endpoint: a ward may run none, and retrieval
alone already answers. When on, the model sees only the question and the retrieved guides,
numbered, and must cite them as [1], [2]; an answer that cites none of them is not grounded
and is thrown away. On any failure (an error, a timeout, a malformed reply, "I don't know")
the page falls back to the guide itself, so the model can only improve an answer, never
replace a guide with a guess.
"""

import html
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import strip_tags

from hocvuso.assistant.retrieval import Guide, Match

log = logging.getLogger(__name__)

MARKER = "KHONG_BIET"  # the model's way of saying the guides do not answer
MAX_GUIDE = 2_500  # characters of each guide: enough for its steps, bounded cost
MAX_ANSWER = 3_000
_CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")

SYSTEM = f"""Bạn là trợ lý của phường, giúp người cao tuổi lần đầu dùng điện thoại thông minh.
Chỉ trả lời dựa trên các hướng dẫn được đánh số bên dưới, không thêm điều gì ngoài chúng.
Viết tiếng Việt ngắn gọn, dễ hiểu, câu ngắn, không dùng từ khó.
Nếu hướng dẫn có các bước, hãy viết thành các bước đánh số 1, 2, 3.
Ghi rõ nguồn: sau mỗi ý lấy từ hướng dẫn nào thì ghi số của hướng dẫn đó, ví dụ [1] hoặc [2].
Không bao giờ hỏi, nhắc lại hay ghi ra mã OTP, mật khẩu hay số căn cước (CCCD).
Nếu các hướng dẫn không trả lời được câu hỏi, chỉ trả lời đúng một từ: {MARKER}"""


@dataclass(frozen=True)
class Written:
    text: str  # plain text; citations renumbered to follow `sources`
    sources: list[Guide]  # the guides cited, in the order first cited


def _plain(guide: Guide) -> str:
    if guide.answer:
        text = guide.answer
    elif guide.steps_html:
        # Each step on its own line, so the model still sees where one ends.
        text = html.unescape(strip_tags(re.sub(r"<li\b[^>]*>", "\n- ", guide.steps_html)))
    else:
        text = guide.text
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_GUIDE]


def _prompt(question: str, guides: list[Guide]) -> str:
    parts = [f"[{n}] {g.title}\n{_plain(g)}" for n, g in enumerate(guides, 1)]
    return "Các hướng dẫn:\n\n" + "\n\n".join(parts) + f"\n\nCâu hỏi: {question}"


def _ask(question: str, guides: list[Guide]) -> str:
    import httpx  # 6 MB: loaded where a message or a question goes out, only

    headers = {"Authorization": f"Bearer {settings.LLM_API_KEY}"} if settings.LLM_API_KEY else {}
    body = {
        "model": settings.LLM_MODEL,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": _prompt(question, guides)},
        ],
        "temperature": 0.2,
        "max_tokens": 500,
    }
    url = settings.LLM_URL.rstrip("/") + "/chat/completions"
    response = httpx.post(url, json=body, headers=headers, timeout=settings.LLM_TIMEOUT)
    response.raise_for_status()
    content = response.json()["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise TypeError(f"content is {type(content).__name__}")
    return content


def _cite(text: str, guides: list[Guide]) -> Written | None:
    """The text with its citations renumbered in the order first cited; None when it cites
    none of the guides it was given."""
    order: list[int] = []

    def renumber(citation: re.Match[str]) -> str:
        kept = []
        for n in (int(part) for part in citation.group(1).split(",")):
            if 1 <= n <= len(guides):  # a number the model made up points nowhere: drop it
                if n not in order:
                    order.append(n)
                kept.append(str(order.index(n) + 1))
        return f"[{', '.join(kept)}]" if kept else ""

    text = _CITATION.sub(renumber, text).strip()
    if not order:
        return None
    return Written(text[:MAX_ANSWER].rstrip(), [guides[n - 1] for n in order])


def enabled() -> bool:
    """Whether a language model is set up to write answers."""
    return bool(settings.LLM_URL)


def write(question: str, matches: list[Match]) -> Written | None:
    """The model's answer to `question` from the guides of `matches`, or None when there is
    no model, it fails, or its answer does not rest on the guides: show the guides then."""
    if not enabled() or not matches:
        return None
    import httpx

    guides = [m.guide for m in matches]
    try:
        content = _ask(question, guides).strip()
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
        log.warning("The language model failed, showing the guide: %r", error)
        return None
    if not content or MARKER in content:
        log.info("The language model found no answer in the guides")
        return None
    written = _cite(content, guides)
    if written is None:
        log.warning("The language model cited none of the guides, showing the guide")
    return written
