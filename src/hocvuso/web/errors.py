"""Optional error reporting to Sentry (or anything that speaks its protocol, e.g. GlitchTip).

Off unless `HOCVUSO_SENTRY_DSN` is set; then `sentry-sdk` must be installed
(`pip install "hocvuso[sentry]"`). Reports carry the error and its stack, not who asked nor
what they sent: no user, cookies or address (`send_default_pii=False`) and no request body,
where forms carry residents' details.
"""


def init_error_reporting(dsn: str, *, environment: str) -> bool:
    """Start reporting errors to `dsn`; False when no DSN is set."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise RuntimeError(
            'HOCVUSO_SENTRY_DSN is set but sentry-sdk is missing: pip install "hocvuso[sentry]"'
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0,  # errors only: no performance tracing
    )
    return True
