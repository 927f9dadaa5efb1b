"""Who may use each route, decided once in one table and checked for every route of the URL
configuration (the JSON API and the admin included), every role, GET and POST.

A route without a row in ROUTES fails: adding a page means deciding who may open it. The URL
parameters name objects of the officer's ward (Tương Mai) and group 11, so the second ward's
officer (`outsider`) always asks for something that is not theirs. POSTs carry an empty body
(CSRF is checked elsewhere); a POST whose expectation has no `*` must change no row of any of
our tables, and no request may answer 5xx.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from tests.security.town import Town

ROLES = ("anonymous", "nobody", "volunteer", "leader", "coach", "officer", "outsider")
METHODS = ("GET", "POST")

# What each role gets, in the order of ROLES, for GET and for POST:
#   ok     2xx                       go     3xx to a page other than a login page
#   login  3xx to a login page       400 401 403 404 405 422 429   that status
# A `*` after a POST's outcome: this role may change rows with that empty POST (a logged
# step, a learner made for the device...); without it the POST must change nothing.
ROUTES: dict[str, tuple[str, str]] = {
    #    anonymous nobody    volunteer leader    coach     officer   outsider
    "web:home": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "web:healthz": (
        "503       503       503       503       503       503       503",
        "405       405       405       405       405       405       405",
    ),
    "web:metrics": (
        "403       403       403       403       403       403       403",
        "403       403       403       403       403       403       403",
    ),
    "web:favicon": (
        "ok        ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "accounts:login": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "accounts:logout": (
        "405       405       405       405       405       405       405",
        "login     login     login     login     login     login     login",
    ),
    "accounts:password_change": (
        "login     ok        ok        ok        ok        ok        ok",
        "login     ok        ok        ok        ok        ok        ok",
    ),
    "accounts:password_done": (
        "login     ok        ok        ok        ok        ok        ok",
        "login     405       405       405       405       405       405",
    ),
    "people:residents": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "people:export": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok*       ok*",
    ),
    "people:household_new": (
        "login     403       403       ok        403       ok        ok",
        "login     403       403       ok        403       ok        ok",
    ),
    "people:household": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "people:household_edit": (
        "login     403       403       ok        403       ok        404",
        "login     403       403       ok        403       ok        404",
    ),
    "people:resident_new": (
        "login     404       403       ok        403       ok        404",
        "login     404       403       ok        403       ok        404",
    ),
    "people:resident_edit": (
        "login     404       403       ok        403       ok        404",
        "login     404       403       ok        403       ok        404",
    ),
    "people:resident_delete": (
        "login     405       405       405       405       405       405",
        "login     404       403       go*       403       go*       404",
    ),
    "people:resident_disability": (
        "login     403       ok        ok        403       ok        404",
        "login     403       403       ok        403       ok        404",
    ),
    "privacy:resident_rights": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok        404",
    ),
    "privacy:resident_export_json": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok*       404",
    ),
    "privacy:resident_export_pdf": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok*       404",
    ),
    "privacy:resident_erase": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok        404",
    ),
    "people:import": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "people:import_template": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "people:import_batch": (
        "login     403       403       403       403       ok        403",
        "login     403       403       403       403       ok        403",
    ),
    "people:import_confirm": (
        "login     405       405       405       405       405       405",
        "login     403       403       403       403       go        403",
    ),
    "people:import_errors": (
        "login     403       403       403       403       ok        403",
        "login     403       403       403       403       ok        403",
    ),
    "places:setup": (
        "login     404       404       404       404       ok        404",
        "login     404       404       404       404       ok        404",
    ),
    "places:contact": (  # an officer of another ward edits their own ward's
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "places:groups": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "places:group": (
        "login     403       403       403       403       ok        403",
        "login     403       403       403       403       ok        403",
    ),
    "teams:teams": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "teams:for_groups": (
        "login     405       405       405       405       405       405",
        "login     403       403       403       403       go        go*",
    ),
    "teams:team_new": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "teams:team": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "teams:member_new": (
        "login     404       403       ok        403       ok        404",
        "login     404       403       ok        403       ok        404",
    ),
    "teams:member_edit": (
        "login     404       403       ok        403       ok        404",
        "login     404       403       ok        403       ok        404",
    ),
    "teams:trainings": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "teams:training_new": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "teams:training_edit": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok        404",
    ),
    "teams:points": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "teams:point_new": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "teams:point": (
        "login     403       ok        ok        403       ok        404",
        "login     403       403       403       403       ok        404",
    ),
    "teams:point_edit": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok        404",
    ),
    "teams:shift": (
        "login     404       403       403       403       ok        404",
        "login     404       403       403       403       ok        404",
    ),
    "teams:member_search": (
        "login     403       400       400       403       400       400",
        "405       405       405       405       405       405       405",
    ),
    "teams:my_shifts": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "teams:shift_check": (
        "login     405       405       405       405       405       405",
        "login     404       go        404       404       404       404",
    ),
    "support:record": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "support:catalog": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "support:requests": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "support:request": (
        "login     403       ok        ok        403       ok        404",
        "login     403       403       ok        403       ok        404",
    ),
    "support:priorities": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "support:visit_plan": (
        "login     403       403       ok        403       ok        404",
        "login     403       403       ok        403       ok        404",
    ),
    "support:caseload": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "public_points": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "help_request": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "help_status": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "privacy": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "public_calendar": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:catalogue": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:service_worker": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:offline": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    # The volunteer app: a page with no one's data, its service worker, and pairing a phone.
    "fieldapp:shell": (
        "ok        ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "fieldapp:service_worker": (
        "ok        ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "fieldapp:pair": (
        "login     ok        ok        ok        ok        ok        ok",
        "login     405       405       405       405       405       405",
    ),
    "learning:account": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:account_create": (
        "405       405       405       405       405       405       405",
        "400       400       400       400       400       400       400",
    ),
    "learning:account_login": (
        "405       405       405       405       405       405       405",
        "400       400       400       400       400       400       400",
    ),
    "learning:account_logout": (
        "405       405       405       405       405       405       405",
        "go        go        go        go        go        go        go",
    ),
    "learning:household_code": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:household": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:household_join": (
        "405       405       405       405       405       405       405",
        "404       404       404       404       404       404       404",
    ),
    "learning:class_join": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:classes": (
        "login     ok        ok        ok        ok        ok        ok",
        "login     ok        ok        ok        ok        ok        ok",
    ),
    "learning:class_new": (
        "login     403       ok        ok        ok        ok        ok",
        "login     403       ok        ok        ok        ok        ok",
    ),
    "learning:class": (
        "login     404       ok        ok        ok        ok        404",
        "login     404       ok        ok        ok        ok        404",
    ),
    "learning:class_edit": (
        "login     404       403       403       ok        ok        404",
        "login     404       403       403       ok        ok        404",
    ),
    "learning:class_assign": (
        "405       405       405       405       405       405       405",
        "login     404       403       403       go        go        404",
    ),
    "learning:class_enrol": (
        "405       405       405       405       405       405       405",
        "login     404       403       403       go        go        404",
    ),
    "learning:class_report": (
        "login     404       ok        ok        ok        ok        404",
        "login     404       ok        ok        ok        ok        404",
    ),
    "learning:household_card": (
        "login     404       ok        ok        ok        ok        404",
        "login     404       ok        ok        ok        ok        404",
    ),
    "learning:group_cards": (
        "login     404       ok        ok        ok        ok        404",
        "login     404       ok        ok        ok        ok        404",
    ),
    "learning:certificates": (
        "login     ok        ok        ok        ok        ok        ok",
        "login     ok        ok        ok        ok        ok        ok",
    ),
    "learning:certificate_revoke": (
        "405       405       405       405       405       405       405",
        "login     404       go        go        go        go        404",
    ),
    "learning:coverage": (
        "login     403       403       403       ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "learning:course": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:quiz": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "learning:quiz_result": (
        "404       404       404       404       404       404       404",
        "404       404       404       404       404       404       404",
    ),
    "learning:certificate_claim": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "learning:lesson": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "learning:lesson_done": (
        "405       405       405       405       405       405       405",
        "go*       go*       go*       go*       go*       go*       go*",
    ),
    "learning:self_check": (
        "ok        ok        ok        ok        ok        ok        ok",
        "400       400       400       400       400       400       400",
    ),
    "learning:self_check_result": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "learning:resident_fact": (
        "login     405       405       405       405       405       405",
        "login     404       go        go        go        go        404",
    ),
    "learning:resident_confirm": (
        "login     405       405       405       405       405       405",
        "login     404       go        go        go        go        404",
    ),
    "learning:resident_vneid": (
        "login     405       405       405       405       405       405",
        "login     404       go        go        go        go        404",
    ),
    "campaigns:list": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "campaigns:new": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "campaigns:dashboard": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "campaigns:refresh": (
        "405       405       405       405       405       405       405",
        "login     404       403       403       403       go        404",
    ),
    "campaigns:targets": (
        "login     403       403       403       403       ok        404",
        "login     403       403       403       403       go*       404",
    ),
    "campaigns:reports": (
        "login     403       ok        ok        403       ok        404",
        "login     403       403       403       403       ok        404",
    ),
    "campaigns:drill": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "campaigns:open_data": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "campaigns:report_file": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "campaigns:manual": (
        "login     403       403       403       403       ok        404",
        "login     403       403       403       403       ok        404",
    ),
    "campaigns:manual_count": (
        "405       405       405       405       405       405       405",
        "login     404       404       404       404       go        404",
    ),
    # The addresses from when the ward was in the path: moved for good, for everyone.
    "campaigns:targets_moved": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "campaigns:reports_moved": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "campaigns:drill_moved": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "campaigns:manual_moved": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "outreach:broadcasts": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "outreach:broadcast": (
        "login     403       ok        ok        403       ok        404",
        "login     403       403       403       403       ok        404",
    ),
    "outreach:broadcast_mark": (
        "405       405       405       405       405       405       405",
        "login     403       403       403       403       go        404",
    ),
    "outreach:news": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "outreach:news_new": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "outreach:news_edit": (
        "login     403       403       403       403       ok        404",
        "login     403       403       403       403       ok        404",
    ),
    "outreach:outbox": (
        "login     403       ok        ok        403       ok        ok",
        "login     403       ok        ok        403       ok        ok",
    ),
    "outreach:compose": (
        "login     403       403       ok        403       ok        ok",
        "login     403       403       400       403       400       400",
    ),
    "outreach:message": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "outreach:message_action": (
        "login     403       go        go        403       go        404",
        "login     403       404       404       403       404       404",
    ),
    "outreach:message_print": (
        "login     403       ok        ok        403       ok        404",
        "login     403       ok        ok        403       ok        404",
    ),
    "outreach:channels": (
        "login     403       403       ok        403       ok        ok",
        "login     403       403       ok        403       ok        ok",
    ),
    "outreach:channel_new": (
        "login     403       403       404       403       404       404",
        "login     403       403       404       403       404       404",
    ),
    "outreach:channel": (
        "login     403       403       ok        403       ok        404",
        "login     403       403       ok        403       ok        404",
    ),
    "outreach:channel_members": (
        "login     403       403       go        403       go        404",
        "login     403       403       go        403       go        404",
    ),
    "news_list": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "news_detail": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "news_feed": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "news_media": (
        "404       404       404       404       404       404       404",
        "404       404       404       404       404       404       404",
    ),
    "assistant:ask": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "assistant:faq": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "assistant:faq_edit": (
        "login     403       403       403       403       ok        404",
        "login     403       403       403       403       ok        404",
    ),
    "verify_lookup": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "verify": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "certificate_pdf": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "audit:events": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "api:openapi-json": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "api:openapi-view": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "api:list_residents": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api:get_household": (
        "401       404       ok        ok        ok        ok        404",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:openapi-json": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "api-v1:openapi-view": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "api-v1:me": (
        "401       403       ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:pair": (
        "405       405       405       405       405       405       405",
        "401       422       422       422       422       422       422",
    ),
    "api-v1:residents_download": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:residents_lookup": (
        "401       422       422       422       422       422       422",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:service_list": (
        "401       403       ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:point_list": (
        "401       403       ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:help_records_batch": (
        "405       405       405       405       405       405       405",
        "401       401       401       401       401       401       401",
    ),
    "api-v1:visits_mine": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:priority_list": (
        "401       403       ok        ok        403       ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:visit_record": (
        "405       405       405       405       405       405       405",
        "401       401       401       401       401       401       401",
    ),
    "api-v1:request_queue": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:request_assign": (
        "405       405       405       405       405       405       405",
        "401       401       401       401       401       401       401",
    ),
    "api-v1:request_resolve": (
        "405       405       405       405       405       405       405",
        "401       401       401       401       401       401       401",
    ),
    "api-v1:shifts_mine": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:shift_check_in": (
        "405       405       405       405       405       405       405",
        "401       401       401       401       401       401       401",
    ),
    "api-v1:learning_progress": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:campaign_figures": (
        "401       ok        ok        ok        ok        ok        ok",
        "405       405       405       405       405       405       405",
    ),
    "api-v1:api-root": (
        "404       404       404       404       404       404       404",
        "404       404       404       404       404       404       404",
    ),
    "devices:tokens": (
        "login     403       403       403       403       ok        ok",
        "login     403       403       403       403       ok        ok",
    ),
    "devices:token": (
        "login     404       404       404       404       ok        404",
        "login     405       405       405       405       405       405",
    ),
    "devices:revoke": (
        "login     405       405       405       405       405       405",
        "login     404       404       404       404       go*       404",
    ),
    "api:api-root": (
        "404       404       404       404       404       404       404",
        "404       404       404       404       404       404       404",
    ),
    "language": (
        "go        go        go        go        go        go        go",
        "405       405       405       405       405       405       405",
    ),
    # The admin site: its login and logout pages, and behind them (one row for its every
    # model page) only staff, which none of these roles is.
    "admin:login": (
        "ok        ok        ok        ok        ok        ok        ok",
        "ok        ok        ok        ok        ok        ok        ok",
    ),
    "admin:logout": (
        "go        go        go        go        go        go        go",
        "go        go        go        go        go        go        go",
    ),
    "admin:*": (
        "login     login     login     login     login     login     login",
        "login     login     login     login     login     login     login",
    ),
}


@dataclass(frozen=True)
class Route:
    key: str  # the URL's name, or its pattern when it has none
    pattern: str
    regex: bool


def routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every route of the URL configuration, included ones and the API's, in order."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            key = f"{namespace}{entry.name}" if entry.name else pattern
            yield Route(key, pattern, isinstance(entry.pattern, RegexPattern))


ALL_ROUTES = list(routes())


def row_of(route: Route) -> tuple[str, str] | None:
    """The route's row; the admin's model pages share one, decided by the admin site itself
    (staff only), which none of these roles is."""
    if route.key in ROUTES:
        return ROUTES[route.key]
    if route.pattern.startswith("admin/"):
        return ROUTES.get("admin:*")
    return None


def arguments(t: Town) -> dict[str, dict[str, object]]:
    """The URL parameters of each route that takes any."""
    w = t.world
    h, an, code = w.h11.pk, w.an.pk, w.ward.pk
    return {
        "people:export": {"fmt": "csv"},
        "people:household": {"pk": h},
        "people:household_edit": {"pk": h},
        "people:resident_new": {"household_pk": h},
        "people:resident_edit": {"household_pk": h, "pk": an},
        "people:resident_delete": {"household_pk": h, "pk": an},
        "people:resident_disability": {"household_pk": h, "pk": an},
        "privacy:resident_rights": {"pk": an},
        "privacy:resident_export_json": {"pk": an},
        "privacy:resident_export_pdf": {"pk": an},
        "privacy:resident_erase": {"pk": an},
        "people:import_batch": {"pk": t.batch.pk},
        "people:import_confirm": {"pk": t.batch.pk},
        "people:import_errors": {"pk": t.batch.pk},
        "places:setup": {"code": t.unset_ward.pk},
        "places:group": {"pk": w.group11.pk},
        "teams:team": {"pk": t.team.pk},
        "teams:member_new": {"team_pk": t.team.pk},
        "teams:member_edit": {"team_pk": t.team.pk, "pk": t.member.pk},
        "teams:training_edit": {"pk": t.training.pk},
        "teams:point": {"pk": t.point.pk},
        "teams:point_edit": {"pk": t.point.pk},
        "teams:shift": {"pk": t.shift.pk},
        "teams:shift_check": {"pk": t.assignment.pk, "direction": "in"},
        "support:request": {"pk": t.help_request.pk},
        "support:visit_plan": {"household_pk": h},
        "public_points": {"code": code},
        "help_request": {"code": code},
        "public_calendar": {"code": code},
        "learning:household": {"code": t.household_code},
        "learning:household_join": {"code": t.household_code},
        "learning:class": {"pk": t.classroom.pk},
        "learning:class_edit": {"pk": t.classroom.pk},
        "learning:class_assign": {"pk": t.classroom.pk},
        "learning:class_enrol": {"pk": t.classroom.pk},
        "learning:class_report": {"pk": t.classroom.pk},
        "learning:household_card": {"pk": h},
        "learning:group_cards": {"pk": w.group11.pk},
        "learning:certificate_revoke": {"code": t.certificate.code},
        "learning:course": {"slug": t.course.slug},
        "learning:quiz": {"slug": t.course.slug},
        "learning:quiz_result": {"slug": t.course.slug, "attempt_id": t.attempt.pk},
        "learning:certificate_claim": {"slug": t.course.slug},
        "learning:resident_fact": {"pk": an},
        "learning:resident_confirm": {"pk": an},
        "learning:resident_vneid": {"pk": an},
        "learning:lesson": {"slug": t.course.slug, "lesson_slug": "bai-mot"},
        "learning:lesson_done": {"slug": t.course.slug, "lesson_slug": "bai-mot"},
        "campaigns:dashboard": {"pk": t.campaign.pk},
        "campaigns:refresh": {"pk": t.campaign.pk},
        "campaigns:targets": {"pk": t.campaign.pk, "ward": code},
        "campaigns:reports": {"pk": t.campaign.pk, "ward": code},
        "campaigns:drill": {"pk": t.campaign.pk, "ward": code, "code": "vneid_level2"},
        "campaigns:open_data": {"pk": t.campaign.pk, "fmt": "csv"},
        "campaigns:report_file": {"pk": t.report.pk, "fmt": "xlsx"},
        "campaigns:manual": {"ward": code},
        "campaigns:targets_moved": {"pk": t.campaign.pk, "ward": code},
        "campaigns:reports_moved": {"pk": t.campaign.pk, "ward": code},
        "campaigns:drill_moved": {"pk": t.campaign.pk, "ward": code, "code": "vneid_level2"},
        "campaigns:manual_moved": {"ward": code},
        "campaigns:manual_count": {"pk": t.manual.pk},
        "outreach:broadcast": {"pk": t.broadcast.pk},
        "outreach:broadcast_mark": {"pk": t.broadcast.pk},
        "outreach:news_edit": {"pk": t.article.pk},
        "outreach:message": {"pk": t.message.pk},
        "outreach:message_action": {"pk": t.message.pk},
        "outreach:message_print": {"pk": t.message.pk},
        "outreach:channel": {"pk": t.channel.pk},
        "outreach:channel_members": {"pk": t.channel.pk},
        "news_list": {"code": code},
        "news_detail": {"code": code, "pk": t.article.pk},
        "news_feed": {"code": code},
        "language": {"code": "en"},
        "news_media": {"path": "none.png"},
        "assistant:faq_edit": {"pk": t.faq.pk},
        "verify": {"code": t.certificate.code},
        "certificate_pdf": {"code": t.certificate.code},
        "api:get_household": {"household_id": h},
        "api-v1:visit_record": {"visit_id": t.visit.pk},
        "api-v1:request_assign": {"request_id": t.help_request.pk},
        "api-v1:request_resolve": {"request_id": t.help_request.pk},
        "api-v1:shift_check_in": {"assignment_id": t.assignment.pk},
        "devices:token": {"pk": t.device_token.pk},
        "devices:revoke": {"pk": t.device_token.pk},
    }


# The admin's parameters: none of these roles gets past its login, whatever they name.
ADMIN_ARGUMENTS = {"object_id": "1", "content_type_id": "1", "id": "1", "app_label": "people"}


def url_of(route: Route, t: Town) -> str:
    if route.regex and route.key.startswith("admin/"):
        return "/admin/nothing/"  # the admin's catch-all
    kwargs = arguments(t).get(route.key)
    if kwargs is None:
        kwargs = ADMIN_ARGUMENTS if route.pattern.startswith("admin/") else {}
    if ":" in route.key and not route.key.startswith("admin/"):
        names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route.pattern)
        wanted = {a or b for a, b in names}
        url = reverse(route.key, kwargs={k: v for k, v in kwargs.items() if k in wanted})
        # A ward the address does not carry is asked for as every page asks: `?ward=`.
        return f"{url}?ward={kwargs['ward']}" if "ward" in kwargs and "ward" not in wanted else url
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route.pattern)


def user_of(t: Town, role: str):
    w = t.world
    return {
        "nobody": w.nobody, "volunteer": w.volunteer, "leader": w.leader, "coach": t.coach,
        "officer": w.officer, "outsider": w.outsider,
    }.get(role)  # fmt: skip


LOGIN_PATHS = (resolve_url(settings.LOGIN_URL), "/admin/login/")


def outcome_of(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        return "login" if urlsplit(response["Location"]).path in LOGIN_PATHS else "go"
    return "ok" if 200 <= status < 300 else str(status)


OUR_TABLES = sorted(
    m._meta.db_table for m in apps.get_models() if m.__module__.startswith("hocvuso.")
)
# Table names from our models, not from a request.
COUNT_ROWS = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in OUR_TABLES)  # noqa: S608


def row_counts() -> dict[str, int]:
    """The number of rows of each of our tables, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_ROWS)
        return dict(zip(OUR_TABLES, cursor.fetchone(), strict=True))


@pytest.fixture(autouse=True)
def _isolated_files():
    """Instead of tests/conftest.py's: the town's files stay where it was built; the cache
    (throttling counts) still starts empty for each request."""
    cache.clear()


CASES = [
    pytest.param(route, role, id=f"{route.key} {role}") for route in ALL_ROUTES for role in ROLES
]
RECORD = os.environ.get("HOCVUSO_ROUTE_MATRIX_RECORD")  # a file: write outcomes, assert none


def _record(route: Route, role: str, client: Client, url: str) -> None:
    with open(RECORD, "a") as out:
        for method in METHODS:
            before = row_counts()
            try:
                got = outcome_of(client.generic(method, url))
            except Exception as error:  # written down, to be fixed
                got = f"500:{type(error).__name__}"
            changed = method == "POST" and row_counts() != before
            out.write(f"{route.key}\t{role}\t{method}\t{got}{'*' if changed else ''}\n")


@pytest.mark.parametrize(("route", "role"), CASES)
def test_each_route_answers_each_role_as_its_row_says(town, one_client, db, route, role):
    client = one_client
    client.cookies = SimpleCookie()  # anonymous again: no session, no learner's device
    user = user_of(town, role)
    if user is not None:
        client.force_login(user)
    url = url_of(route, town)
    if RECORD:
        return _record(route, role, client, url)
    row = row_of(route)
    if row is None:
        pytest.fail(f"{route.key} ({route.pattern}) has no row: write its row in ROUTES")
    for method, tokens in zip(METHODS, row, strict=True):
        expected = tokens.split()[ROLES.index(role)]
        before = row_counts()
        response = client.generic(method, url)
        # A 5xx only where the row says so (a health check with no worker in the tests).
        assert response.status_code < 500 or expected == str(response.status_code), url
        assert outcome_of(response) == expected.rstrip("*"), f"{method} {url} as {role}"
        if method == "POST" and not expected.endswith("*"):
            after = row_counts()
            changed = {t: (before[t], n) for t, n in after.items() if before[t] != n}
            assert changed == {}, f"{method} {url} as {role} changed rows"
    return None


def test_every_route_has_one_row_and_every_row_a_route():
    keys = {route.key for route in ALL_ROUTES}
    missing = [r.key for r in ALL_ROUTES if row_of(r) is None]
    assert missing == [], "write their rows in ROUTES"
    assert sorted(set(ROUTES) - keys - {"admin:*"}) == []  # rows of routes that are gone
    for key, row in ROUTES.items():
        for tokens in row:
            assert len(tokens.split()) == len(ROLES), key
