"""How the admin's history list shows a changed value: in Vietnamese, the way the form shows it — a choice by
its label, yes/no as Có/Không, a date as dd/mm/yyyy, nothing as "–" (django-simple-history prints Python's
None, raw choice codes and "Deleted … (pk=None)" for an empty link)."""

from datetime import date, datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def history_value(value, field_name, opts):
    # simple-history hands the values over already turned into text: "None", "True", "Deleted … (pk=None)".
    if isinstance(value, str):
        if value in ("", "None") or value.endswith("(pk=None)"):
            return "–"
        if value in ("True", "False"):
            return _("Yes") if value == "True" else _("No")
    if value is None or value == "" or getattr(value, "pk", 0) is None:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    try:
        field = opts.get_field(field_name)
    except (FieldDoesNotExist, AttributeError):
        return value
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return choices.get(value, value)
