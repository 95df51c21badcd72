from django import template

from organizations.scope import is_manager

register = template.Library()


@register.filter
def holds_an_office(user) -> bool:
    """Whether the menu offers the office's tools (import, admin): a live office grant, not staff status alone —
    an office whose unit was dissolved keeps is_staff but manages nothing."""
    return bool(getattr(user, "is_staff", False)) and is_manager(user)
