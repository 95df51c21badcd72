import html

from django import forms, template
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
    crispy's template tree for each was 40% of that page's time. Other kinds of field stay with crispy.
    Escaped as `format_html` would, by `_escaped` (format_html's own per-argument machinery was half the filter's
    time); a test compares the result with crispy's and Django's rendering."""
    textarea = field.widget_type == "textarea"
    css = ("textarea" if textarea else "textinput") + " form-control" + (" is-invalid" if field.errors else "")
    required = field.field.required
    auto_id = _escaped(field.auto_id)
    label = ""
    if field.label:
        marks = (" requiredField", '<span class="asteriskField">*</span>') if required else ("", "")
        label = (
            f'<label for="{_escaped(field.id_for_label)}" class="form-label{marks[0]}">'
            f"{_escaped(field.label)}{marks[1]}</label>"
        )
    errors = ""
    if field.errors:
        lines = "".join(
            f'<p id="error_{number}_{auto_id}"><strong>{_escaped(error)}</strong></p>'
            for number, error in enumerate(field.errors, start=1)
        )
        errors = f'<div id="{auto_id}_error" class="invalid-feedback">{lines}</div>'
    help_text = ""
    if field.help_text:
        help_text = f'<div id="{auto_id}_helptext" class="form-text">{_escaped(field.help_text)}</div>'
    widget = _text_widget(field, css)
    return mark_safe(f'<div id="div_{auto_id}" class="mb-3">{label}{widget}{errors}{help_text}</div>')


def _escaped(value) -> str:
    """What `conditional_escape` gives (safe strings as they are, the rest HTML-escaped), without its lazy wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


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
    name = _escaped(field.html_name)
    if isinstance(widget, forms.Textarea):
        return f'<textarea name="{name}"{_attributes(attrs)}>\n{_escaped(value or "")}</textarea>'
    value_attr = f' value="{_escaped(value)}"' if value is not None else ""
    return f'<input type="{_escaped(widget.input_type)}" name="{name}"{value_attr}{_attributes(attrs)}>'


def _attributes(attrs: dict) -> str:
    """Attributes in their order, as django/forms/widgets/attrs.html writes them (True: the name alone)."""
    return "".join(
        f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )
