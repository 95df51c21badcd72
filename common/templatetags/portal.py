from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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


@register.filter
def text_field(field) -> str:
    """A text box (input or textarea) with its label, errors and help, the markup crispy-bootstrap5's
    `as_crispy_field` gives it, drawn here in Python: the registration sheet has three boxes per criterion, and
    crispy's template tree for each was 40% of that page's time (issue 17). Other kinds of field stay with crispy."""
    textarea = field.widget_type == "textarea"
    css = ("textarea" if textarea else "textinput") + " form-control" + (" is-invalid" if field.errors else "")
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
            ),
        )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label if field.label else "",
        _text_widget(field, css),
        errors,
        help_text,
    )


def _text_widget(field, css: str) -> str:
    """What `field.as_widget(attrs={"class": css})` renders for a Textarea or a TextInput, without a template
    per box (Django's widget templates were most of the rest of the filter's time). Other widgets go to Django."""
    widget = field.field.widget
    if type(widget) not in (forms.Textarea, forms.TextInput):
        return field.as_widget(attrs={"class": css})
    attrs = field.build_widget_attrs({"class": css}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    value = widget.format_value(field.value())
    if isinstance(widget, forms.Textarea):
        return format_html('<textarea name="{}"{}>\n{}</textarea>', field.html_name, _attributes(attrs), value or "")
    value_attr = format_html(' value="{}"', value) if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>', widget.input_type, field.html_name, value_attr, _attributes(attrs)
    )


def _attributes(attrs: dict) -> str:
    """Attributes in their order, as django/forms/widgets/attrs.html writes them (True: the name alone)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )
