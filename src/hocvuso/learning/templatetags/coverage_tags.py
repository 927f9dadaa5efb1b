from django import template

from hocvuso.accounts.models import User
from hocvuso.learning.coverage_views import may_see_coverage

register = template.Library()


@register.filter
def sees_coverage(user: object) -> bool:
    """Whether to offer the link to the coverage page (learning/coverage_views.py)."""
    return isinstance(user, User) and user.is_authenticated and may_see_coverage(user)
