"""With a language model set up, the assistant's answer is written from the guides it found and
cites them; without one, or when the model fails or strays from the guides, the resident gets
the guide itself, and a question no guide answers never reaches the model."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from hocvuso.assistant import retrieval
from hocvuso.learning.curriculum import load_curriculum

QUESTION = "quen mat khau vneid"
LESSON = reverse("learning:lesson", args=["vneid", "quen-mat-khau"])
REPLY = (
    "1. Mở VNeID, chạm Quên mật khẩu [1].\n"
    "2. Nhập số định danh và số điện thoại, rồi làm theo máy <b>hướng dẫn</b> [1]."
)


def completion(content: str) -> bytes:
    """A reply in the OpenAI chat-completions shape."""
    choice = {
        "index": 0,
        "message": {"role": "assistant", "content": content},
        "finish_reason": "stop",
    }
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "test-model",
            "choices": [choice],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    ).encode()


class FakeModel:
    """An OpenAI-compatible chat-completions server on a free local port."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.content: str = REPLY
        self.body: bytes | None = None  # raw reply body, instead of one holding `content`
        self.status = 200
        self.delay = 0.0
        model = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                model.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "json": json.loads(self.rfile.read(length)),
                    }
                )
                time.sleep(model.delay)
                body = model.body or completion(model.content)
                try:
                    self.send_response(model.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up waiting: nothing left to answer
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def guides(db):
    load_curriculum()


@pytest.fixture
def model(settings):
    fake = FakeModel()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    settings.LLM_URL = fake.url
    settings.LLM_MODEL = "test-model"
    settings.LLM_API_KEY = ""
    settings.LLM_TIMEOUT = 1
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def ask(client, question: str = QUESTION) -> str:
    response = client.get(reverse("assistant:ask"), {"q": question})
    assert response.status_code == 200
    return response.content.decode()


def assert_the_plain_guide(page: str) -> None:
    assert "<ol>" in page and "Quên mật khẩu" in page
    assert "Mở cả bài học" in page and LESSON in page
    assert "Nhập số định danh và số điện thoại, rồi" not in page


def test_off_by_default_the_page_shows_the_guide_and_asks_no_model(client, guides, model, settings):
    settings.LLM_URL = ""
    assert_the_plain_guide(ask(client))
    assert model.requests == []


def test_the_model_s_answer_is_shown_with_the_lesson_it_cites(client, guides, model, settings):
    settings.LLM_API_KEY = "secret-key"
    page = ask(client)
    assert "Nhập số định danh và số điện thoại, rồi làm theo máy" in page
    assert "&lt;b&gt;hướng dẫn&lt;/b&gt;" in page  # the model's markup stays text
    assert f'<a href="{LESSON}">Quên mật khẩu VNeID</a>' in page
    assert "Mở cả bài học" not in page

    (request,) = model.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer secret-key"
    body = request["json"]
    assert body["model"] == "test-model"
    assert body["temperature"] == 0.2 and body["max_tokens"] == 500
    system, user = body["messages"]
    assert system["role"] == "system" and "KHONG_BIET" in system["content"]
    assert user["role"] == "user" and user["content"].endswith(QUESTION)
    found = retrieval.answer(QUESTION)
    for match in [found.best, *found.others]:
        assert match.guide.title in user["content"]
    assert "<li>" not in user["content"]  # the guides go as plain text


@pytest.mark.parametrize(
    "status, content, body",
    [
        (500, REPLY, None),
        (200, REPLY, b"<html>Bad gateway</html>"),
        (200, REPLY, b'{"choices": []}'),
        (200, "   ", None),
        (200, "Bạn hãy mở VNeID và chạm Quên mật khẩu.", None),  # cites no guide
        (200, "Bạn hãy mở VNeID và chạm Quên mật khẩu [7].", None),  # cites no guide given
        (200, "KHONG_BIET", None),
    ],
    ids=["error", "not-json", "no-choices", "empty", "uncited", "cites-nothing-given", "marker"],
)
def test_a_failing_or_ungrounded_model_leaves_the_plain_guide(
    client, guides, model, caplog, status, content, body
):
    model.status, model.content, model.body = status, content, body
    with caplog.at_level(logging.INFO, logger="hocvuso.assistant.writer"):
        page = ask(client)
    assert_the_plain_guide(page)
    assert len(model.requests) == 1
    assert "Authorization" not in model.requests[0]["headers"]  # no key set, none sent
    assert QUESTION not in caplog.text  # what residents ask stays out of the logs


def test_after_a_failure_the_same_question_goes_to_the_model_again(client, guides, model):
    model.status = 500
    assert_the_plain_guide(ask(client))
    model.status = 200
    assert "Nhập số định danh và số điện thoại, rồi làm theo máy" in ask(client)
    assert "Nhập số định danh và số điện thoại, rồi làm theo máy" in ask(client)
    assert len(model.requests) == 2  # the written answer, once written, is kept


def test_a_slow_model_times_out_to_the_plain_guide(client, guides, model):
    model.delay = 2.5
    retrieval.answer(QUESTION)  # the index is built before the clock starts
    started = time.monotonic()
    page = ask(client)
    assert time.monotonic() - started < 2.4
    assert_the_plain_guide(page)


def test_a_question_no_guide_answers_never_reaches_the_model(client, guides, model):
    page = ask(client, "cach nau pho bo ngon")  # null in bench/assistant_questions.yaml
    assert "Xin lỗi, tôi chưa biết câu trả lời" in page
    assert model.requests == []
