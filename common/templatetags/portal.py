from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def minutes(delta) -> str:
    """A timedelta as "15 minutes" (django-axes hands the lockout page an ISO duration otherwise)."""
    if not delta:
        return ""
    count = max(1, round(delta.total_seconds() / 60))
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current page's address with its filters kept and page=number, for pagination links."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def quoted(text) -> str:
    """Text a person typed, quoted line by line ("> ") in a plain-text e-mail: a line of it can never pass
    for a line of the message or of a log that prints the message."""
    return "\n".join(f"> {line}" for line in str(text or "").splitlines()) or "> "
