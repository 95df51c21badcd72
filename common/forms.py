from django import forms

from .images import sanitize_image
from .text import nfc


class PhotoField(forms.ImageField):
    """An image upload that is checked and re-encoded (see common.images) before it is kept."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return sanitize_image(data)

    def run_validators(self, value):
        # Django's ImageField validators re-open the file with Pillow; sanitize_image did that.
        return None


class NFCCharField(forms.CharField):
    """Text stored in composed Unicode (NFC), so an NFD name typed on a Mac matches the NFC one."""

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if value else value
