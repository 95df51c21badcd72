"""django-import-export resources: the admin's "Export" of ordinary lists (scoped like the list itself).

The column titles are the Excel import's own (organizations.importers), so an exported list reads in Vietnamese
and its columns mean what they mean in the import template.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .models import Person


class PersonResource(resources.ModelResource):
    member_number = fields.Field(attribute="member_number", column_name=_("Member number"))
    full_name = fields.Field(attribute="full_name", column_name=_("Full name"))
    gender = fields.Field(attribute="get_gender_display", column_name=_("Gender"))
    birth_date = fields.Field(
        attribute="birth_date", column_name=_("Date of birth"), widget=widgets.DateWidget(format="%d/%m/%Y")
    )
    phone = fields.Field(attribute="phone", column_name=_("Phone"))
    email = fields.Field(attribute="email", column_name=_("E-mail"))
    home_unit_code = fields.Field(attribute="home_unit__code", column_name=_("Home unit code"))
    home_unit_name = fields.Field(attribute="home_unit__name", column_name=_("Home unit"))

    class Meta:
        model = Person
        fields = (
            "member_number",
            "full_name",
            "gender",
            "birth_date",
            "phone",
            "email",
            "home_unit_code",
            "home_unit_name",
        )
        export_order = fields
        use_natural_foreign_keys = False
