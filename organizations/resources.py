"""django-import-export resources: the admin's "Export" of ordinary lists (scoped like the list itself)."""

from import_export import fields, resources

from .models import Person


class PersonResource(resources.ModelResource):
    home_unit_code = fields.Field(attribute="home_unit__code", column_name="Mã đơn vị sinh hoạt")
    home_unit_name = fields.Field(attribute="home_unit__name", column_name="Đơn vị sinh hoạt")

    class Meta:
        model = Person
        fields = ("member_number", "full_name", "gender", "birth_date", "phone", "email", "home_unit_code",
                  "home_unit_name")
        export_order = fields
        use_natural_foreign_keys = False
