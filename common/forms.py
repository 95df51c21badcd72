"""Form fields and the cleaning every form applies to what people type.

`install_cleaning(field)` puts the portal's rules on a Django form field: text through
`common.text.clean_text` (multi-line where the widget is a textarea), whole numbers the Vietnamese
way (`common.text.parse_integer`). `CleanForm`/`CleanModelForm` and the admin mixin
`CleanAdminFieldsMixin` install it on every field, so no form can forget it.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .images import sanitize_image
from .text import TEXT_MAX_LENGTH, clean_text, parse_integer


def upload_attrs(*, accept: str, shrink_photos: bool = True) -> dict:
    """What the browser needs to help on a slow link (static/js/uploads.js): the accepted types, the size limit
    (refused at once instead of after a long upload) and the long side photos are shrunk to before sending."""
    attrs = {"accept": accept, "data-max-bytes": str(settings.IMAGE_UPLOAD_MAX_BYTES)}
    if shrink_photos:
        attrs["data-max-side"] = "1600"
    return attrs


def upload_help(what: str) -> str:
    megabytes = settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)
    return _("%(what)s, at most %(mb)d MB; a large photo is shrunk on your phone before it is sent.") % {
        "what": what,
        "mb": megabytes,
    }


PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class PhotoField(forms.ImageField):
    """An image upload that is checked and re-encoded (see common.images) before it is kept; the page states the
    limit and the browser shrinks a large photo first."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", upload_help(_("JPEG, PNG or WebP photo")))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(upload_attrs(accept=PHOTO_TYPES))

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return sanitize_image(data)

    def run_validators(self, value):
        # Django's ImageField validators re-open the file with Pillow; sanitize_image did that.
        return None


def _text_cleaner(field: forms.CharField, to_python):
    multiline = isinstance(field.widget, forms.Textarea)

    def cleaned(value):
        value = to_python(value)
        return clean_text(value, multiline=multiline) if isinstance(value, str) and value else value

    return cleaned


def _integer_cleaner(field: forms.IntegerField, to_python):
    message = _("Enter a whole number with the digits 0–9, e.g. 25 or 1.000.")

    def cleaned(value):
        if value in field.empty_values or isinstance(value, int):
            return to_python(value)
        number = parse_integer(str(value))
        if number is None:
            raise ValidationError(message, code="invalid")
        return number

    return cleaned


def install_cleaning(field: forms.Field) -> forms.Field:
    """Give a form field the portal's cleaning rule (once); passwords and files are left as typed."""
    if getattr(field, "_portal_cleaning", False):
        return field
    field._portal_cleaning = True
    if isinstance(field, forms.CharField) and field.strip and not isinstance(field.widget, forms.PasswordInput):
        field.to_python = _text_cleaner(field, field.to_python)
        if field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
    elif isinstance(field, forms.IntegerField) and not isinstance(field, (forms.FloatField, forms.DecimalField)):
        field.to_python = _integer_cleaner(field, field.to_python)
    return field


class VersionField(forms.IntegerField):
    """The version of a row the person saw; missing or altered is refused like a stale page."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("This page is out of date. Reload it to see the latest version, then try again."),
        "invalid": _("This page is out of date. Reload it to see the latest version, then try again."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class CleaningMixin:
    """Installs the cleaning on every field just before validation (fields added in __init__ included)."""

    def full_clean(self):
        for field in self.fields.values():
            install_cleaning(field)
        super().full_clean()


class CleanForm(CleaningMixin, forms.Form):
    pass


class CleanModelForm(CleaningMixin, forms.ModelForm):
    pass


class CleanAdminFieldsMixin:
    """For ModelAdmin and inlines: every form field the admin builds gets the cleaning rule."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return install_cleaning(field) if field is not None else field
