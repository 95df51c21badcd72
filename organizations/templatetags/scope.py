from django import template

from organizations.scope import has_any_grant, is_manager

register = template.Library()


@register.filter
def holds_an_office(user) -> bool:
    """Whether the menu offers the office's tools (import, admin): a live office grant, not staff status alone —
    an office whose unit was dissolved keeps is_staff but manages nothing."""
    return bool(getattr(user, "is_staff", False)) and is_manager(user)


@register.filter
def holds_a_grant(user) -> bool:
    """Whether the menu offers what offices and secretaries do (messages to groups): a live grant of either kind."""
    return has_any_grant(user)
