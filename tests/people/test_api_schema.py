"""Schemathesis throws generated requests, valid and invalid, at every operation of the API's
own OpenAPI document as the ward officer: none may get a 5xx, and every answer must be one the
document promises, in the shape it promises.

The run is bounded and derandomized, so it is the same run every time and takes seconds.
(Schemathesis's own pytest decorator needs a pytest older than ours, so the test drives its
strategies with Hypothesis directly.)"""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config._auth import OpenAPIAuthConfig

EXAMPLES = 40  # for each operation and each mode


@pytest.fixture
def api_schema(world, client):
    # Run the app in this process, on the test's database: like Django's test client, keep the
    # request signals from closing the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client.force_login(world.officer)
    name = django_settings.SESSION_COOKIE_NAME
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    # The document's own security scheme (Django's session cookie), so it is not generated.
    schema.config.auth.openapi = OpenAPIAuthConfig(
        schemes={"SessionAuth": {"api_key": client.cookies[name].value}}
    )
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_openapi_document(api_schema, mode):
    schema = api_schema
    statuses = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/api/registry/residents",
        "/api/registry/households/{household_id}",
    }
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_the_document(case):
            statuses.append(case.call_and_validate().status_code)

        keeps_to_the_document()
    # Logged in, valid requests reach the reads; invalid ones (a broken cookie among them)
    # are refused with a 4xx the document lists.
    if mode == GenerationMode.POSITIVE:
        assert 200 in statuses and 401 not in statuses
    else:
        assert 422 in statuses
