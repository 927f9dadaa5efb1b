"""The JSON API (OpenAPI 3 at /api/docs). Each app adds its router; all of it is scoped."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from hocvuso.people.api import router as people_router

api = NinjaAPI(title="hocvuso", version="1", auth=django_auth, urls_namespace="api")
api.add_router("/registry/", people_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Cần đăng nhập."}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Dữ liệu gửi lên không hợp lệ.", "errors": exc.errors}, status=422
    )
