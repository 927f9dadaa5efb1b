"""Schemathesis throws generated requests, valid and invalid, at every operation of /api/v1's
own OpenAPI document with a volunteer's device token: none may get a 5xx, and every answer
must be one the document promises, in the shape it promises. Bounded and derandomized, like
tests/people/test_api_schema.py, so it is the same run every time and takes seconds."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config._auth import OpenAPIAuthConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from hocvuso.devices.services import issue_token

EXAMPLES = 5  # for each operation and each mode


@pytest.fixture
def api_schema(world, field):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    _token, plain = issue_token(person=world.volunteer, device_name="Máy", issued_by=world.officer)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    schema.config.auth.openapi = OpenAPIAuthConfig(
        schemes={"DeviceBearer": {"bearer": plain}, "SessionAuth": {"api_key": "none"}}
    )
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_device_api_keeps_to_its_openapi_document(api_schema, mode):
    statuses = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 17
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
            # A cursor is opaque: one the server never gave, however well formed, is a 400.
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            assert response.status_code < 500
            statuses.append(response.status_code)

        keeps_to_the_document()
    if mode == GenerationMode.POSITIVE:
        assert 200 in statuses
    else:
        assert 422 in statuses
