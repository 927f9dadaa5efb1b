"""The one service worker of the site, served by each part that works offline (the lessons,
the volunteer app) under its own path, which is the part of the site it may keep."""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import PrefixNode


def service_worker(
    request: HttpRequest,
    *,
    cache: str,
    scope: str,
    offline: str,
    keep: list[str],
    navigate: str = "network",
) -> HttpResponse:
    """`cache` names the phone's copy (`<name>-v<version>`: a new version drops the old copy),
    `offline` is the page shown for a page never opened, `keep` what is kept at install.
    `navigate` is "network" (pages from the network first) or "shell" (the scope is the
    single page `offline`, which holds no one's data, answered from the phone at once)."""
    response = render(
        request,
        "web/sw.js",
        {
            "cache": cache,
            "scope": scope,
            "offline": offline,
            "static_prefix": PrefixNode.handle_simple("STATIC_URL"),
            "shell_json": json.dumps(keep),
            "navigate": navigate,
        },
        content_type="text/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
