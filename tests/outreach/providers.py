"""Local stand-ins for the providers a group message goes through, speaking their real
protocols: an HTTP server answering as Zalo's Official Account API and the eSMS.vn gateway
document, and a real SMTP server (aiosmtpd).

Each is told in advance how to answer the next requests; once its script runs out it
answers success. It records what it received, as the provider would have.
"""

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

ZALO_OK = {"error": 0, "message": "Success", "data": {"message_id": "zmsg-1", "user_id": "1"}}
ESMS_OK = {"CodeResult": "100", "CountRegenerate": 0, "SMSID": "sms-1"}


@dataclass
class Reply:
    status: int = 200
    body: dict | str | None = None
    delay: float = 0.0  # seconds before answering: longer than the client waits is a timeout


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    json: dict


@dataclass
class FakeHttpProvider:
    """Answers both /v3.0/oa/message/cs (Zalo OA) and the eSMS send path."""

    script: list[Reply] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def start(self) -> "FakeHttpProvider":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                fake.received.append(Received(self.path, dict(self.headers), payload))
                reply = fake.script.pop(0) if fake.script else None
                if reply is None:
                    ok = ZALO_OK if self.path.startswith("/v3.0/oa/") else ESMS_OK
                    reply = Reply(200, ok)
                time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                data = body.encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: a timeout, as the test wanted

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class FakeSmtp:
    """A real SMTP server; `script` holds SMTP replies (e.g. "451 …") or delays in seconds
    for the next messages' DATA, "250 OK" once it runs out."""

    script: list[str | float] = field(default_factory=list)
    received: list = field(default_factory=list)
    port: int = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("refused"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        step = self.script.pop(0) if self.script else "250 OK"
        if isinstance(step, float | int):
            await asyncio.sleep(step)
            step = "250 OK"
        if step.startswith("250"):
            parsed = message_from_bytes(envelope.content, policy=policy.default)
            self.received.append((envelope.rcpt_tos, parsed))
        return step

    def start(self) -> "FakeSmtp":
        with socket.socket() as probe:  # a free port: the controller checks it by connecting
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
